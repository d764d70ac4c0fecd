"""Groups: named groups written in lower case, legislators, "the two presidents", "both sides", group homes."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span, Token

from ..kb import KBActor
from .state import _Found, _NewActor
from .words import slug

# How an unnamed actor ("police", "the gunman") takes part in a clause: as subject, object or agent,
# or as the object of one of these prepositions ("clashed with police", "a raid by troops").
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "dative"})
ARGUMENT_PREPS = frozenset({"by", "against", "with", "on", "at", "from", "to"})

# Plural nouns for members of a legislature: "Opposition lawmakers", "Republican senators".
LEGISLATOR_NOUNS = frozenset({"lawmakers", "legislators", "mps", "parliamentarians", "senators", "congressmen"})


class _Groups:
    """Rules that resolve mentions of groups and pairs of actors."""

    def _group_written_as_named(self, ent: Span, actor: KBActor) -> bool:
        """Whether a group's name is written with its own capitals and ends there (and, written
        in lower case, acts).

        The ruler matches multi-word names in any case, but "the west" is a direction and
        "the West Bank" or "the West African bloc" are other things.
        """
        def bare(name: str) -> str:
            return re.sub(r"^(?:the|The)\s+", "", name.strip())

        if bare(ent.text) not in {bare(name) for name in actor.names}:
            return False
        after = self.doc[ent.end] if ent.end < len(self.doc) else None
        if after is not None and after.is_alpha and after.text[:1].isupper():
            return False
        return not bare(ent.text).islower() or self._group_acts(ent)

    def _group_acts(self, span: Span) -> bool:
        """A common-noun group ('the international community') is an actor only where it acts or is
        addressed, not in 'the interests of the international community'."""
        return self._acts(span) or self._called_on(span)

    def _try_named_group(self, i: int) -> int | None:
        """'the international community': group names written in lower case, which the ruler leaves."""
        if self.lowers[i] != "the":
            return None
        doc, texts = self.doc, self.texts  # the words read from the per-token list: no Token made
        for words, actor_id in self.lower_groups:
            end = i + 1 + len(words)
            if end <= len(texts) and tuple(texts[i + 1 : end]) == words:
                if any(k in self.taken for k in range(i, end)):
                    return None
                if self._group_acts(doc[i:end]):
                    self._add((i, end), [actor_id], "ORG")
                return end
        return None

    def _try_legislators(self, i: int) -> int | None:
        """'Opposition lawmakers', 'Democratic legislators' -> a group actor of those legislators.

        A party or camp before a plural legislator noun names a group that acts on its own (it
        boycotts, accuses), unlike the state's parliament. Its country is the party's, else the
        country of an 'in Seoul' / 'in Japan' after it. A nationality ('German lawmakers') is the
        state's, read by ``_try_state_body``; a bare 'lawmakers' is too vague to be an actor.
        """
        if i + 1 >= len(self.lowers) or self.lowers[i + 1] not in LEGISLATOR_NOUNS or {i, i + 1} & self.taken:
            return None
        doc = self.doc
        word = doc[i]
        party = next((a for a in self.kb.by_name(f"{word.text} Party") if a.type == "party"), None)
        if word.lower_ != "opposition" and party is None:
            return None
        country = party.country if party is not None else self._country_after(i + 2)
        name = f"{word.text[:1].upper()}{word.text[1:]} {doc[i + 1].text}"
        key = "new:" + slug(name if country is None else f"{name} {country}")
        self.new.setdefault(key, _NewActor(key, name, "group", country))
        self._add((i, i + 2), [key], "ORG")
        return i + 2

    def _called_on(self, span: Span) -> bool:
        """'called on the international community to act', 'appealed to the world': a request's addressee."""
        root = span.root
        return root.dep_ == "pobj" and root.head.lower_ in ("on", "to") and root.head.head.lemma_.lower() in ("call", "appeal")

    def _add_group(self, span: tuple[int, int], actor_ids: list[str], label: str) -> None:
        start_tok, end_tok = span
        if any(i in self.taken for i in range(start_tok, end_tok)):
            return
        self.taken.update(range(start_tok, end_tok))
        start = self.doc[start_tok].idx
        last = self.doc[end_tok - 1]
        self.found.append(_Found(start, last.idx + len(last.text), tuple(actor_ids), label, start_tok, end_tok))

    def _try_group(self, i: int) -> int | None:
        """'the two presidents', 'both sides', 'Russian and Chinese leaders' -> one mention per actor."""
        doc = self.doc
        # Every determiner below starts with "the" or "both".
        for det in ("the two", "both the", "both", "the") if self.lowers[i] in ("the", "both") else ():
            words = det.split()
            n = len(words)
            if i + n >= len(doc) or self.lowers[i : i + n] != words:
                continue
            for length in (3, 2, 1):
                head = " ".join(self.lowers[i + n : i + n + length])
                spec = self.roles.groups.get(head)
                if spec is None:
                    continue
                if det == "the" and head not in ("parties",):
                    continue  # "the leaders" alone is too vague
                end = i + n + length
                members = self._group_members(i, spec)
                if len(members) >= 2:
                    self._add_group((i, end), members[:2], "GROUP")
                    return end
                return None
        # "Russian and Chinese leaders": coordinated country adjectives before a plural role.
        if self.ent_types[i] == "NORP" or self._adjective_actor(self.texts[i]):
            countries, j = [], i
            while j < len(doc):
                country = self._adjective_country(doc[j])
                if country is not None:
                    countries.append(country)
                    j += 1
                elif doc[j].lower_ in ("and", ",") and countries:
                    j += 1
                else:
                    break
            if len(countries) >= 2 and j < len(doc):
                spec = self.roles.groups.get(doc[j].lower_)
                if spec is not None and spec.get("kind") == "person":
                    office = spec.get("office")
                    people = [self._holder(office, c, spec.get("title"), by_title=bool(spec.get("by_title"))) for c in countries]
                    people = [p for p in people if p is not None]
                    if people:
                        self._add_group((i, j + 1), people, "GROUP")
                        return j + 1
        return None

    def _group_members(self, i: int, spec: dict) -> list[str]:
        """The two actors 'the two presidents' / 'both sides' before token i stand for.

        The participants, not merely the last two named: the most recent pair the text joins
        ('Japan and South Korea', 'X met Y') in the last few sentences, else the two mentioned
        most often before, ties going to the later mention. For 'the two countries' a person
        stands for their country, so a summit of two leaders gives their two states.
        """
        kind = spec.get("kind", "any")
        history = self._history(i)

        def member(aid: str) -> str | None:
            actor_kind = self._kind(aid)
            if kind == "country" and actor_kind == "person":
                return self._country_of_person(aid)
            if kind == "any" and actor_kind not in ("person", "country"):
                return None
            if kind not in ("any", actor_kind):
                return None
            if spec.get("office") is not None and actor_kind == "person" and not self._holds(aid, spec):
                return None
            return aid

        def same_kind(a: str, b: str) -> bool:
            return a != b and (kind != "any" or self._kind(a) == self._kind(b))

        pair = self._recent_pair(i, history, member, same_kind)
        if pair:
            return pair
        counts: Counter[str] = Counter()
        last: dict[str, int] = {}
        for f in history:
            for aid in f.actor_ids:
                m = member(aid)
                if m is not None:
                    counts[m] += 1
                    last[m] = f.tok_start
        ranked = sorted(counts, key=lambda a: (counts[a], last[a]), reverse=True)
        for first in ranked:
            for second in ranked:
                if same_kind(first, second):
                    return sorted((first, second), key=lambda a: last[a])
            break
        return []

    def _recent_pair(self, i: int, history: list[_Found], member, same_kind) -> list[str]:
        """The last two actors the text joins within the sentence of token i and the four before it.

        Joined: one mention naming two actors, coordination ('X and Y'), or subject and object
        of one verb ('X met Y', 'X held talks with Y').
        """
        sent_starts = sorted({t.sent.start for t in self.doc[: i + 1] if t.is_sent_start} | {self.doc[i].sent.start})
        window_start = sent_starts[max(0, len(sent_starts) - 5)]
        recent = [f for f in history if f.tok_start >= window_start]
        for k in range(len(recent) - 1, -1, -1):
            f = recent[k]
            ids = [m for m in (member(a) for a in f.actor_ids) if m is not None]
            if len(ids) >= 2 and same_kind(ids[0], ids[1]):
                return ids[:2]
            if len(ids) != 1:
                continue
            for g in reversed(recent[:k]):
                other = [m for m in (member(a) for a in g.actor_ids) if m is not None]
                if len(other) == 1 and same_kind(other[0], ids[0]) and self._joined(g, f):
                    return [other[0], ids[0]]
        return []

    def _joined(self, a: _Found, b: _Found) -> bool:
        """Whether the text joins mention a to the later mention b: 'a and b', 'a met b', 'a talked with b'."""
        ra = self.doc[a.tok_start : a.tok_end].root
        rb = self.doc[b.tok_start : b.tok_end].root
        if ra.sent.start != rb.sent.start:
            return False
        # A role phrase's root may be the person's title noun; climb from possessives and compounds.
        def climb(t: Token) -> Token:
            while t.dep_ in ("poss", "compound", "amod", "nmod", "appos") and t.head is not t:
                t = t.head
            return t
        ra, rb = climb(ra), climb(rb)
        if rb.dep_ == "conj" and rb.head == ra:
            return True
        if ra.dep_ in ("nsubj", "nsubjpass"):
            verb = ra.head
            if rb.dep_ == "dobj" and rb.head == verb:
                return True
            if rb.dep_ == "pobj" and rb.head.lower_ == "with" and rb.head.head in (verb, *verb.children):
                return True
        return False

    def _group_homes(self) -> dict[str, str]:
        """Stateless groups a country adjective places: 'Iraqi Kurds' -> Iraq, 'Afghan Hazaras'.

        Only when every mention written with an adjective names the same country, so a text
        about Iraqi and Syrian Kurds leaves the group without one.
        """
        seen: dict[str, set[str]] = {}
        for f in self.found:
            if len(f.actor_ids) != 1 or f.tok_start == 0:
                continue
            kb_actor = self.kb.get(f.actor_ids[0])
            if kb_actor is None or kb_actor.kind != "group" or kb_actor.country:
                continue
            country = self._adjective_country(self.doc[f.tok_start - 1])
            if country is not None:
                seen.setdefault(kb_actor.id, set()).add(country)
        return {aid: next(iter(c)) for aid, c in seen.items() if len(c) == 1}

    def _unnamed_actors(self) -> None:
        """Actors news names by what they are: "Police arrested the suspect", "gunmen attacked".

        The nouns of ``roles.unnamed_actors`` (``data/roles.json``), each one actor per document
        ("the suspect" and "the suspects" alike), named as its first mention writes it ("rioters"),
        wherever they take part in a clause and nothing says whose they are: "Indonesian police"
        is the state's, "his lawyers" someone's. A nationality before a noun that is no state's
        own names a group of that country: "Somali pirates", "Palestinian militants".
        """
        words: dict[str, str] = {}
        compounds: dict[tuple[str, str], str] = {}
        for name, spec in self.roles.unnamed_actors.items():
            words.update((word, name) for word in spec["words"])
            compounds.update(((head, before), name) for head, befores in spec.get("compound", {}).items() for before in befores)
        national: dict[str, set[str]] = {}  # entry -> the national groups of its noun named
        for token in self.doc:
            if token.i in self.taken or token.ent_type_ or token.pos_ not in ("NOUN", "PROPN"):
                continue
            # "police officers" before "officers": a compound names the entry it is listed under.
            before = [c for c in token.children if c.dep_ in ("compound", "amod") and (token.lower_, c.lower_) in compounds]
            if before:
                name, start = compounds[(token.lower_, before[0].lower_)], before[0].i
            elif token.lower_ in words:
                name, start = words[token.lower_], token.i
            else:
                continue
            spec = self.roles.unnamed_actors[name]
            if not self._takes_part(token) or any(i in self.taken for i in range(start, token.i + 1)):
                continue
            if not spec.get("of_state") and self._national_group(token, name, national):
                continue
            if self._owned(token):
                continue
            key = f"new:{name}"
            kind = spec["kind"]
            if key not in self.new:
                self.unnamed.add(key)
                written = self.doc[start : token.i + 1].text.lower()
                self.new[key] = _NewActor(key, written, kind, self._country_around(token))
            self._add((start, token.i + 1), [key], "ORG" if kind == "organization" else "GROUP")
        # "Somali pirates ... the pirates": the bare noun is the one national group the story names.
        for name, groups in national.items():
            bare = f"new:{name}"
            if len(groups) == 1 and bare in self.new:
                group = next(iter(groups))
                for f in self.found:
                    f.actor_ids = tuple(dict.fromkeys(group if aid == bare else aid for aid in f.actor_ids))
                del self.new[bare]
                self.unnamed.discard(bare)

    def _national_group(self, token: Token, entry: str, national: dict[str, set[str]]) -> bool:
        """'Somali pirates', 'the Palestinian militants': a nationality on a group noun names a group of
        that country, an actor where it takes part like the bare noun; ``national`` records it under the
        ``roles.unnamed_actors`` entry. True when one was added."""
        adjectives = [
            c for c in token.children
            if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i and c.i not in self.taken and c.text[:1].isupper()
        ]
        if len(adjectives) != 1:
            return False
        adjective = adjectives[0]
        if any(not (t.is_alpha and t.text[:1].isupper()) for t in self.doc[adjective.i : token.i]):
            return False  # "Somali-born rebels", "Somali and Kenyan pirates": not one nationality's group
        country = self._adjective_country(adjective)
        if country is None or self._kind(country) != "country":
            return False
        if adjective.i > 0 and self.lowers[adjective.i - 1] == "ethnic":
            country = None  # "ethnic Serb civilians": a people, not the state's nationals
        name = f"{adjective.text} {token.lower_}"
        key = "new:" + slug(f"{adjective.text} {entry}")
        national.setdefault(entry, set()).add(key)
        if key not in self.new:
            self.unnamed.add(key)
            self.new[key] = _NewActor(key, name, "group", country)
        self._add((adjective.i, token.i + 1), [key], "GROUP")
        return True

    def _bare_bodies_named_once(self) -> None:
        """"Greek police clashed ... Police said": the bare body is the one the story names.

        A bare unnamed actor ('police', read before the national bodies were) joins the one
        organization whose name holds its noun ('Greek police', 'the Troy Police Department'; for
        police also a department's acronym, 'NYPD'), when the story names exactly one.
        """
        def named_body(aid: str, word: str) -> bool:
            new = self.new.get(aid)
            actor = new if new is not None else self.kb.get(aid)
            if actor is None or actor.kind != "organization" or aid in self.unnamed:
                return False
            words = re.findall(r"[a-z]+", actor.name.lower())
            return word in words or (word == "police" and re.fullmatch(r"[A-Z]{1,4}PD", actor.name) is not None)

        for key in [k for k in self.new if k in self.unnamed or k == "new:police"]:
            word = key.removeprefix("new:")  # the entry's noun, however its first mention was written
            bodies = {aid for f in self.found for aid in f.actor_ids if aid != key and named_body(aid, word)}
            if len(bodies) != 1:
                continue
            body = bodies.pop()
            for f in self.found:
                f.actor_ids = tuple(dict.fromkeys(body if aid == key else aid for aid in f.actor_ids))
            del self.new[key]

    def _owned(self, token: Token) -> bool:
        """A word says whose they are: a possessor, a nationality, a named or resolved modifier."""
        for child in token.children:
            if child.dep_ == "poss":
                return True
            if child.dep_ in ("amod", "compound", "nmod") and (child.ent_type_ or child.i in self.taken):
                return True
            # "the soldiers of the 25th Army", "officers from the Interior Ministry"
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                if any(p.dep_ == "pobj" and (p.ent_type_ or p.i in self.taken) for p in child.children):
                    return True
        return False

    @staticmethod
    def _takes_part(token: Token) -> bool:
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        if token.dep_ in ARGUMENT_DEPS:
            return True
        return token.dep_ == "pobj" and token.head.lower_ in ARGUMENT_PREPS

    def _country_around(self, token: Token) -> str | None:
        """Whose police or troops, when nothing says: the one country the sentence's places lie in
        ("police in Monrovia"), else the article's own or dominant country."""
        countries = set()
        for ent in self.ents:
            if ent.label_ == "GPE" and token.sent.start <= ent.start < token.sent.end:
                actor = self.kb.by_metonym(ent.text) or self._choose(self.kb.by_name(ent.text))
                country = (actor.id if actor.kind == "country" else actor.country) if actor is not None else None
                if country:
                    countries.add(country)
        return countries.pop() if len(countries) == 1 else self._home_or_dominant_country()
