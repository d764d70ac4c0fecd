"""Role phrases: "the Chinese leader", "his Russian counterpart", state bodies, ministries and spokespeople."""

from __future__ import annotations

from spacy.tokens import Token

from ..kb import normalize_name
from .state import _NewActor
from .words import HYPHENS, slug

# Nouns a group adjective ("Western") stands for the group on: its governments and their people
# ("the Western members of the council", "Western officials"), not its media, police or embassies.
GROUP_BODIES = frozenset({
    "members", "powers", "partners", "allies", "nations", "countries", "states", "capitals", "governments",
    "officials", "leaders", "diplomats", "negotiators", "envoys", "forces", "troops", "militaries",
})


class _Roles:
    """Rules that resolve a role phrase to the actor holding the role."""

    def _try_role(self, i: int) -> int | None:
        """A role phrase starting at token i: 'the Chinese leader', "Russia's top diplomat", ..."""
        # Read from the per-token lists first: most tokens open no role phrase. (A country
        # adjective is capitalized, so the capital covers it.)
        if self.lowers[i] not in ("the", "a", "an", "his", "her", "its", "their") and not (
            self.tags[i] == "POS" or self.ent_types[i] in ("GPE", "NORP") or self.texts[i][:1].isupper()
        ):
            return None
        doc = self.doc
        token = doc[i]
        j = i
        determiner = token.lower_ in ("the", "a", "an", "his", "her", "its", "their")
        if determiner:
            j += 1
        country = None
        countries: list[str] = []
        organization = None  # an organization named before the role: "State Department spokeswoman"
        # Country modifiers: "Russian", "Russia's", "US", "China" (possibly already a mention),
        # coordinated for plurals: "his Greek, Cypriot and French counterparts".
        while j < len(doc):
            t = doc[j]
            if t.lower_ in ("top", "chief", "new", "current", "then", "incumbent", "outgoing") and j + 1 < len(doc):
                j += 1
                continue
            if countries and t.lower_ in (",", "and") and j + 1 < len(doc) and self._country_token(doc[j + 1]):
                j += 1
                continue
            if t.ent_type_ in ("NORP", "GPE", "ORG") or self._adjective_country(t):
                ent = self._ent_at(j)
                if ent is None:
                    c = self._adjective_country(t)
                    if c is None:
                        break
                    country, j = c, j + 1
                    countries.append(c)
                    continue
                c = self._country_of_span(ent)
                if c is None:
                    break
                named = self.kb.get(ent.ent_id_) if ent.ent_id_ else None
                organization = named.id if named is not None and named.kind == "organization" else None
                country = c
                countries.append(c)
                j = ent.end
                if j < len(doc) and doc[j].lower_ in ("'s", "’s", "'", "’"):
                    j += 1
                continue
            break
        match = self._role_words_at(j)
        if match is None:
            return None
        key, end, kind = match
        if kind == "body" and (country is not None or token.lower_ != "the" or j != i + 1):
            return None  # "the Russian embassy" is a nationality mention; "an embassy" is anyone's
        if kind == "body" and end < len(doc) and doc[end].lower_ in ("of", "for"):
            return None  # "the ministry of health": a body named, not one met before
        # "top diplomat": the "top" already consumed as a modifier.
        if key == "diplomat" and doc[j - 1].lower_ in ("top", "chief"):
            key = "top diplomat"
        if end < len(doc) and doc[end].lower_ == "of" and end + 1 < len(doc):
            k = end + 1
            if doc[k].lower_ == "the":
                k += 1
            ent = self._ent_at(k)
            if ent is not None and ent.label_ in ("GPE", "ORG", "NORP"):
                c = self._country_of_span(ent)
                if c is not None and ent.label_ == "GPE" and country is None:
                    country = c
                    if not any(k in self.taken for k in range(ent.start, ent.end)):
                        end = ent.end
        if not determiner and country is None and token.tag_ != "POS":
            return None
        # A title before a name is not a mention of its own: "Russian President Vladimir Putin".
        nxt = self._ent_at(end) if end < len(doc) else None
        if nxt is not None and nxt.label_ == "PERSON":
            return None
        if end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
            return None
        # Don't swallow a country mention: the role mention starts after it.
        span_start = i
        while span_start < end and span_start in self.taken:
            span_start += 1
        if any(k in self.taken for k in range(span_start, end)):
            first_free = max(k for k in range(i, end) if k in self.taken) + 1
            span_start = first_free
        while span_start < end and (doc[span_start].tag_ == "POS" or doc[span_start].lower_ in ("'s", "’s", "'", "’")):
            span_start += 1
        if span_start >= end:
            return None
        after, for_actor = self._for_phrase(end)
        plural = doc[end - 1].tag_ in ("NNS", "NNPS")
        apposed = self._apposed_person(i, after) if kind != "institution" and not plural else None
        if plural and kind in ("counterpart", "office") and len(countries) > 1:
            actor_ids = [a for c in countries for a in self._role_actor(key.rstrip("s"), kind, c, i)]
        elif apposed is not None:
            actor_ids = [apposed]
        elif kind == "spokesperson" and for_actor is not None and country is None:
            actor_ids = [for_actor]  # "a spokesman for the PMF" speaks for the PMF
        else:
            actor_ids = self._role_actor(key, kind, country, i, organization)
        if actor_ids:
            label = "GROUP" if len(actor_ids) > 1 else ("ORG" if kind in ("institution", "body") else "ROLE")
            self._add_group((span_start, end), actor_ids, label)
            return end
        return None

    def _for_phrase(self, end: int) -> tuple[int, str | None]:
        """'for the PMF' / 'of the ruling party' after a role: where it ends and whom it names."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end].lower_ not in ("for", "of", "at"):
            return end, None
        k = end + 1 + (doc[end + 1].lower_ == "the")
        for f in self.found:
            if f.tok_start == k and len(f.actor_ids) == 1:
                return f.tok_end, f.actor_ids[0]
        return end, None

    def _apposed_person(self, i: int, after: int) -> str | None:
        """A person named in apposition: 'X, the head of Y' or 'a spokesman, X,'."""
        doc = self.doc
        if after + 1 < len(doc) and doc[after].text == ",":
            for f in self.found:
                if f.tok_start == after + 1 and f.label == "PERSON" and len(f.actor_ids) == 1:
                    return f.actor_ids[0]
        head = doc[i:after].root
        if i >= 2 and doc[i - 1].text == "," and head.dep_ not in ("nsubj", "nsubjpass"):
            # Not "Asked whether he would meet Joe Biden, the spokesperson said": a subject is
            # no apposition to the name before its comma.
            for f in self.found:
                if f.tok_end == i - 1 and f.label == "PERSON" and len(f.actor_ids) == 1:
                    return f.actor_ids[0]
        return None

    def _role_words_at(self, j: int) -> tuple[str, int, str] | None:
        """Longest role word sequence starting at token j -> (key, end token, kind)."""
        doc = self.doc
        for length in (4, 3, 2, 1):
            if j + length > len(doc):
                continue
            words = " ".join(self.lowers[j : j + length])
            # Spokespeople: "foreign ministry spokesperson", "Kremlin spokesman" (only when the
            # last word is a spokesperson word's last word can one end the sequence).
            for spoke in self.roles.spoke_words if words.rpartition(" ")[2] in self.spoke_last_words else ():
                if words.endswith(" " + spoke) or words == spoke:
                    who = words[: -len(spoke)].strip()
                    if who == "" or who in self.roles.speaks_for:
                        return words, j + length, "spokesperson"
            if words in self.roles.offices:
                spec = self.roles.offices[words]
                return words, j + length, "institution" if spec["office"] == "institution" else "office"
            if words in self.roles.counterparts:
                return words, j + length, "counterpart"
            if length == 1 and words in self.roles.context_bodies:
                return words, j + 1, "body"
            if length == 1 and words == "diplomat" and j > 0 and doc[j - 1].lower_ in ("top", "chief"):
                return "top diplomat", j + 1, "office"
        return None

    def _role_actor(self, key: str, kind: str, country: str | None, i: int, organization: str | None = None) -> list[str]:
        if kind == "office":
            spec = self.roles.offices[key]
            office, title = spec["office"], spec.get("title")
            if spec.get("needs_country") and country is None:
                return []
            if country is not None:
                holder = self._holder(office, country, title, by_title=bool(spec.get("by_title")))
                return [holder] if holder else []
            return self._recent_holder(spec, i)
        if kind == "institution":
            spec = self.roles.offices[key]
            if country is None:
                org = self._context_ministry(i, spec.get("ministry"))
            else:
                org = self._ministry(spec.get("ministry"), country)
            return [org] if org else []
        if kind == "body":
            body = self._context_body(i, key)
            return [body] if body else []
        if kind == "counterpart":
            return self._counterpart(country, i)
        # spokesperson
        spoke = next(s for s in self.roles.spoke_words if key.endswith(s))
        who = key[: -len(spoke)].strip()
        if not who and organization is not None:
            # "a State Department spokeswoman", "a NATO spokesman": that organization's spokesperson.
            holder = self._holder("spokesperson", organization)
            return [holder or organization]
        if not who and country is None:
            # "the spokesperson" again: whoever the last spokesperson phrase stood for; else the
            # spokesperson of the ministry met last, else of the dateline's state.
            return self._recent_spokesperson(i) or self._context_spokesperson(i)
        spec = self.roles.speaks_for.get(who, {"of": "country"})
        named = next((a for a in self.kb.by_name(who) if a.kind == "organization"), None) if who else None
        metonym = self.kb.by_metonym(who) if who else None
        country = country or (metonym.id if metonym is not None and metonym.kind == "country" else None)
        country = country or (named.country if named is not None else None) or self._context_country(i)
        # Whose spokesperson: the country itself (Kremlin, White House, a presidency) or its ministry.
        if spec.get("of") in ("foreign_ministry", "defence_ministry"):
            if named is not None and named.type == "ministry":
                of = named.id  # "State Department spokesman": the organization the words name
            else:
                of = self._ministry(spec["of"].split("_")[0], country)
        else:
            of = country
        if of is None:
            return []
        holder = self._holder("spokesperson", of)
        if holder:
            return [holder]
        return [of] if of != country else []

    def _try_state_body(self, i: int) -> int | None:
        """A nationality adjective on a state body: 'German officials', 'the Iraqi security forces' -> the country.

        The mention is the adjective alone (label NORP). Adjectives on other nouns ('Chinese
        cars'), inside hyphenated compounds ('Russian-Chinese', 'pro-Russian') and before a
        definite singular person ('the Turkish official', someone already in the story) are left.
        """
        if not self.texts[i][:1].isupper():
            return None
        doc = self.doc
        token = doc[i]
        ent = self._ent_at(i)
        if ent is not None and ent.start == i and ent.label_ == "NORP":
            end = ent.end
            actor = (self.kb.get(ent.ent_id_) if ent.ent_id_ else None) or self.kb.by_adjective(ent.text)
        elif ent is None or ent.label_ == "NORP":
            end = i + 1
            actor = self._adjective_actor(token.text)
        else:
            return None
        if actor is None or actor.kind not in ("country", "group"):
            return None
        if any(k in self.taken for k in range(i, end)):
            return None
        if i > 0 and doc[i - 1].text in HYPHENS and not doc[i - 1].whitespace_:
            return None
        if end < len(doc) and doc[end].text in HYPHENS and not doc[end - 1].whitespace_:
            return None
        if actor.kind == "country":
            body = self._national_body(i, end, actor.id)
            if body is not None:
                return body
        head = self._state_body_head(doc[end - 1], GROUP_BODIES if actor.kind == "group" else None)
        if head is None:
            return None
        if head.lower_ in ("official", "diplomat") and any(c.lower_ == "the" or c.dep_ == "poss" for c in head.children):
            return None
        if any(c.lower_ in ("former", "ex", "retired") for c in head.children):
            return None  # a former official speaks for no state
        self._add((i, end), [actor.id], "NORP")
        return end

    def _national_body(self, i: int, end: int, country: str) -> int | None:
        """A nationality naming a body that is an organization of its own: 'the Indian Navy', 'Indian Navy ships',
        'the Greek parliament', 'Israeli police' -> a new organization of that country; the end of its mention, or None.

        The body is the first noun of ``national_bodies`` the adjective modifies, directly or through
        other nouns ("Indian Navy ships": the navy, not the ships); the words between may be capitalized
        ("the Indian Coast Guard"). A body named as someone's ("his Israeli police escort") or a former one is left.
        """
        doc = self.doc
        bodies = self.roles.national_bodies

        def names_body(token: Token) -> bool:
            return token.lower_ in bodies or f"{doc[token.i - 1].lower_} {token.lower_}" in bodies

        # The word right after the adjective, which the parse may hang elsewhere ("Indian Navy ships").
        head = next((doc[k] for k in range(end, min(end + 2, len(doc))) if doc[k].is_title and names_body(doc[k])), None)
        steps = 0
        if head is None:
            head = doc[end - 1]
            while head.dep_ in ("amod", "compound", "nmod") and head.head.i > head.i and steps < 3:
                head = head.head
                steps += 1
                if names_body(head):
                    break
            else:
                return None
        between = doc[end : head.i]
        if any(not (t.is_alpha and (t.is_lower or t.is_title)) or t.ent_type_ in ("GPE", "PERSON") for t in between):
            return None
        if any(k in self.taken for k in range(i, head.i + 1)):
            return None
        if i > 0 and (doc[i - 1].dep_ == "poss" or doc[i - 1].lower_ in ("former", "ex")):
            return None
        name = doc[i : head.i + 1].text
        key = "new:" + slug(name)
        self.new.setdefault(key, _NewActor(key, name, "organization", country))
        self._add((i, head.i + 1), [key], "ORG")
        return head.i + 1

    def _administrations(self) -> None:
        """"the Bush administration", "the Blair government": a leader's name on a word for the
        government is that leader's state, not the person: the state every knowledge-base person of
        that name (or the one the name was resolved to) led as head of state or government."""
        doc = self.doc
        for ent in self.ents:
            end = ent.end
            if ent.label_ != "PERSON" or end >= len(doc) or end in self.taken:
                continue
            if self.lowers[end] not in ("administration", "government", "regime", "cabinet"):
                continue
            here = [f for f in self.found.starting.get(ent.start, ()) if f.tok_end == end]
            if any(len(f.actor_ids) != 1 for f in here):
                continue
            known = [a for f in here if (a := self.kb.get(f.actor_ids[0])) is not None]
            people = known or [a for a in self.kb.by_name(ent.text) if a.kind == "person"]
            states = {r.of for a in people for r in a.roles if r.office in ("head_of_state", "head_of_government")}
            if len(states) != 1 or self._kind(next(iter(states))) != "country":
                continue
            if any(k in self.taken for k in range(ent.start, end)) and not here:
                continue
            for f in here:
                self.found.remove(f)
                self.taken.difference_update(range(f.tok_start, f.tok_end))
            self._add((ent.start, end + 1), [states.pop()], "GPE")

    def _state_body_head(self, adjective: Token, bodies: frozenset[str] | None = None) -> Token | None:
        """The state-body noun an adjective modifies ('Saudi state media' -> 'media'), else None."""
        head = adjective
        if head.dep_ == "conj" and head.head.i < head.i:
            head = head.head  # "Kurdish and Iraqi officials": the first adjective's noun
        steps = 0
        while head.dep_ in ("amod", "compound", "nmod") and head.head.i > head.i and steps < 4:
            head = head.head
            steps += 1
        if head is adjective or head.i <= adjective.i or head.i - adjective.i > 5:
            return None
        for between in self.doc[adjective.i + 1 : head.i]:
            # Only lower-case modifiers and coordinated nationalities: not "Chinese President Xi's".
            if not (between.is_lower or between.text in (",", "and") or between.ent_type_ == "NORP"
                    or self._adjective_country(between)):
                return None
        last_two = f"{self.doc[head.i - 1].lower_} {head.lower_}"
        bodies = self.roles.state_bodies if bodies is None else bodies
        if head.lower_ in bodies or last_two in bodies:
            return head
        return None

    def _context_body(self, i: int, word: str, fallback: bool = True) -> str | None:
        """Who 'the ministry' / 'the embassy' with no country is: the body of that kind met last.

        A knowledge-base ministry named before ('the Russian Foreign Ministry') is itself the
        body; a phrase with a country ('the Egyptian interior ministry', "Russia's embassy",
        'the embassy of Japan') gives the country. With none met, a ministry belongs to the
        dateline's or outlet's state and an embassy stays unresolved (a dateline names the host).
        """
        doc = self.doc
        covering = {k: f for f in self.found for k in range(f.tok_start, f.tok_end)}
        for j in range(i - 1, -1, -1):
            f = covering.get(j)
            if word == "ministry" and f is not None and len(f.actor_ids) == 1:
                actor = self.kb.get(f.actor_ids[0])
                if actor is not None and actor.type == "ministry":
                    return actor.id
            if doc[j].lower_ == word:
                country = self._body_country(j)
                if country is not None:
                    return country
        return self.home if word == "ministry" and fallback else None

    def _body_country(self, j: int) -> str | None:
        """The country of a body noun at token j: 'the Egyptian interior ministry', 'the embassy of Japan'."""
        doc = self.doc
        k = j
        while k > 0 and j - k < 3 and doc[k - 1].is_lower and doc[k - 1].pos_ in ("ADJ", "NOUN"):
            k -= 1
        country = self._country_before_index(k)
        if country is None and j + 2 < len(doc) and doc[j + 1].lower_ == "of":
            at = j + 2 + (doc[j + 2].lower_ == "the")
            ent = self._ent_at(at) if at < len(doc) else None
            if ent is not None and ent.label_ == "GPE":
                country = self._country_of_span(ent)
        return country

    def _context_ministry(self, i: int, which: str | None) -> str | None:
        """'the foreign ministry' with no country: the one named last, else the dateline's or outlet's state's."""
        words = {"foreign": ("foreign",), "defence": ("defence", "defense")}.get(which or "", ())
        for f in reversed(self._history(i)):
            actor = self.kb.get(f.actor_ids[0]) if len(f.actor_ids) == 1 else None
            if actor is not None and actor.type == "ministry":
                names = " ".join(normalize_name(n) for n in actor.names)
                if any(w in names for w in words):
                    return actor.id
        return self._ministry(which, self.home)

    def _context_spokesperson(self, i: int) -> list[str]:
        """'a spokesperson told ...' with no one named: the ministry met last, else the dateline's state.

        The ministry's spokesperson on the date when the knowledge base knows one, else the ministry
        (or the state of a '<country> ministry' phrase). The dateline's state only when no
        organization was named in this or the previous sentence: a company's or a party's
        spokesperson does not speak for the state.
        """
        body = self._context_body(i, "ministry", fallback=False)
        if body is not None:
            return [self._holder("spokesperson", body) or body]
        if self.home is None:
            return []
        sent = self.doc[i].sent
        window = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for ent in self.ents:
            if not (window <= ent.start < i and ent.label_ == "ORG"):
                continue
            if self._in_dateline(ent[0]):
                continue  # the agency of the dateline
            actor = self.kb.get(ent.ent_id_) if ent.ent_id_ else None
            if actor is not None and (actor.type in ("outlet", "agency") or actor.kind == "country"):
                continue  # the paper told, or a capital's seat: no other speaker
            return []
        if any(t.pos_ == "PROPN" and not t.ent_type_ and not self._in_dateline(t) for t in self.doc[window:i]):
            return []  # a name the NER missed ("Gazprom cut supplies") is most likely a firm's
        return [self.home]

    def _recent_spokesperson(self, i: int) -> list[str]:
        spoke_words = self.roles.spoke_words
        for f in reversed(self._history(i)):
            text = self.text[f.start : f.end].lower()
            if len(f.actor_ids) == 1 and any(text.endswith(w) for w in spoke_words):
                return [f.actor_ids[0]]
        return []

    def _ministry(self, which: str | None, country: str | None) -> str | None:
        """The knowledge base's ministry of ``country`` whose name says ``which`` ('foreign', 'defence')."""
        if country is None:
            return None
        words = {"foreign": ("foreign",), "defence": ("defence", "defense")}.get(which or "", ())
        for actor in self.kb.actors.values():
            if actor.kind != "organization" or actor.country != country:
                continue
            if actor.type not in (None, "ministry", "government"):
                continue
            names = " ".join(normalize_name(n) for n in actor.names)
            if "ministry" in names and any(w in names for w in words):
                return actor.id
        return None

    def _recent_holder(self, spec: dict, i: int) -> list[str]:
        """'the president' without a country: someone named before who holds the office on the date.

        One such person is the one meant. Among several, the one of the document's country
        (dateline, outlet, else the most named country) is preferred, then the only one named in
        this or the previous sentence; otherwise the phrase stays unresolved rather than guessed.
        With nobody named, the holder in the document's country is taken for a head of state or
        government when that country is clear.
        """
        office = spec["office"]
        people: list[tuple[str, int]] = []  # (actor id, token of the latest mention), latest first
        for f in reversed(self._history(i)):
            if len(f.actor_ids) != 1 or f.label == "PRON":
                continue
            aid = f.actor_ids[0]
            if self._kind(aid) == "person" and aid not in dict(people) and self._holds(aid, spec):
                people.append((aid, f.tok_start))
        home = self._home_or_dominant_country()
        if not people:
            if office in ("head_of_state", "leader", "head_of_government") and home is not None:
                holder = self._holder(office, home, spec.get("title"), by_title=bool(spec.get("by_title")))
                return [holder] if holder else []
            return []
        if len(people) == 1:
            return [people[0][0]]
        if home is not None:
            at_home = [aid for aid, _ in people if self._holds(aid, spec, country=home)]
            if len(at_home) == 1:
                return at_home
        sent = self.doc[i].sent
        window = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        near = [aid for aid, at in people if at >= window]
        return near if len(near) == 1 else []

    def _counterpart(self, country: str | None, i: int) -> list[str]:
        """'his Russian counterpart': the same office as the other person in the sentence, in that country."""
        if country is None:
            return []
        sent_start = self.doc[i].sent.start
        for f in reversed(self._history(i)):
            if f.tok_start < sent_start - 80:
                break
            for aid in f.actor_ids:
                actor = self.kb.get(aid)
                if actor is None or actor.kind != "person":
                    continue
                for role in actor.roles:
                    if role.held_on(self.on) and role.of != country:
                        holder = self._holder(role.office, country)
                        if holder:
                            return [holder]
        return []
