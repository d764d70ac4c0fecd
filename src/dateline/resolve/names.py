"""Names: knowledge-base, normalized, fuzzy and phonetic matches; surnames; people the knowledge base lacks."""

from __future__ import annotations

import re

import jellyfish
from rapidfuzz import fuzz
from spacy.tokens import Span, Token

from ..kb import KBActor, normalize_name
from .state import _NewActor
from .words import slug

# A fuzzy name match scored at least this without support is still too weak to accept;
# with support this is the floor for multi-word names.
FUZZY_FLOOR = 72
# Words that begin a two-word surname: "dos Santos", "da Silva", "van Rompuy", "bin Salman".
SURNAME_PARTICLES = frozenset({"da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "van", "von", "bin", "ibn"})
FUZZY_ALONE = 93


def _sounds_alike(a: str, b: str) -> bool:
    """Same metaphone code, or a match-rating-approach match, for transliteration variants."""
    if not a or not b:
        return False
    sound_a, sound_b = jellyfish.metaphone(a), jellyfish.metaphone(b)  # each worked out once
    if a[0] != b[0] and sound_a[:1] != sound_b[:1]:
        return False
    if sound_a == sound_b:
        return True
    try:
        alike = bool(jellyfish.match_rating_comparison(a, b))
    except ValueError:
        return False
    # The match-rating approach alone pairs too much ("Smith"/"Salman"): the spelling must be close too.
    return alike and fuzz.ratio(a, b) >= 70


class _Names:
    """Rules that resolve a written name to a known or new actor."""

    def _resolve_known(self, ent: Span) -> bool:
        """Knowledge-base names (ruler ids or normalized alias match); True when settled."""
        text = ent.text
        actor = self.kb.get(ent.ent_id_) if ent.ent_id_ else None
        if actor is not None and ent.label_ == "NORP":
            return True  # adjectives act only inside role phrases
        if actor is not None and actor.kind == "person":
            # The ruler gives a name two people share ("Assad") to the first in the file: choose by context.
            namesakes = [a for a in self.kb.by_name(text) if a.kind == "person"]
            if len(namesakes) > 1:
                actor = self._choose(namesakes) or actor
        if actor is not None and self._lone_surname_unsupported(ent, actor):
            return False
        if actor is not None and actor.kind == "group" and not self._group_written_as_named(ent, actor):
            return True  # "the west of the country", "the West Bank": a direction or a place, not the group
        if actor is None:
            core = self._strip_title(ent)
            if core is None:
                return True
            matches = self.kb.by_name(core.text) or self.kb.by_name(text)
            actor = self._choose(matches)
            if actor is None:
                if ent.label_ == "NORP":
                    return True  # unknown nationality words are not actors
                metonym = self.kb.by_metonym(core.text)
                if metonym is not None:
                    actor = metonym
                else:
                    return False
            ent = core
        if actor.type == "company" and self._used_as_medium(ent):
            return True
        if self._portfolio_of_another_state(ent, actor):
            return True
        if actor.kind == "organization" and self._names_a_site(ent):
            return True
        if actor.kind == "country" and self._is_metonym(ent.text, actor):
            if self._acts(ent):
                self._add(ent, [actor.id], "GPE")
            return True
        if actor.kind == "country":
            if not self._modifies_a_post(ent):
                self._add(ent, [actor.id], "GPE")
        else:
            self._add(ent, [actor.id], "PERSON" if actor.kind == "person" else "ORG")
        return True

    def _someone_else(self, ent: Span) -> Span | None:
        """A known one-word surname after a first name that is not the known person's: the whole name."""
        actor = self.kb.get(ent.ent_id_) if ent.ent_id_ else None
        if actor is None or actor.kind != "person" or len(ent) != 1:
            return None
        if ent.start == 0:
            return self._first_name_of_someone_else(ent, actor)
        before = self.doc[ent.start - 1]
        if before.pos_ != "PROPN" or not before.is_title or before.ent_type_ in ("GPE", "NORP", "ORG"):
            return self._first_name_of_someone_else(ent, actor)
        if any(before.text.rstrip(".") == t.rstrip(".") for title in self.roles.titles for t in title.split()):
            return None
        own = {w for name in actor.names for w in normalize_name(name).split()}
        if normalize_name(before.text) in own:
            return None
        start = ent.start - 1
        while (
            start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].is_title and self.doc[start - 1].ent_type_ == "PERSON"
        ):
            start -= 1
        if any(normalize_name(t.text) in own for t in self.doc[start : ent.start]):
            return None  # "Sergey Viktorovich Lavrov": a patronymic, the same person
        full = Span(self.doc, start, ent.end, label="PERSON")
        if self._name_score(normalize_name(full.text).split(), [tuple(normalize_name(n).split()) for n in actor.names]) >= FUZZY_FLOOR + 8:
            return None  # a variant spelling of the known full name
        return full

    def _used_as_medium(self, ent: Span) -> bool:
        """A company named as the medium, not a doer: 'wrote on Twitter', 'a Telegram channel'."""
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ in ("on", "via", "through", "over"):
            return True
        return root.dep_ in ("compound", "nmod", "amod") and root.head.pos_ == "NOUN" and root.head.is_lower

    def _first_name_of_someone_else(self, ent: Span, actor: KBActor) -> Span | None:
        """A known one-word surname used as a first name: 'Cameron Winslow' is not David Cameron."""
        end = ent.end
        own = {w for name in actor.names for w in normalize_name(name).split()}
        while (
            end < len(self.doc)
            and self.doc[end].pos_ == "PROPN"
            and self.doc[end].is_title
            and self.doc[end].ent_type_ in ("", "PERSON")
            and normalize_name(self.doc[end].text) not in own
        ):
            end += 1
        if end == ent.end or end - ent.start > 4:
            return None
        return Span(self.doc, ent.start, end, label="PERSON")

    def _lone_surname_unsupported(self, ent: Span, actor: KBActor) -> bool:
        """A bare one-word alias ('Powell', 'Harper') of someone neither named in full, titled nor in office.

        Many people share such a surname; the knowledge base's holder is meant when the document
        names them in full, writes a title before the name, or was written while they held office.
        """
        if actor.kind != "person" or len(ent) != 1 or len(normalize_name(actor.name).split()) < 2:
            return False
        if actor.id in self.named_in_full or self.titles.get(ent.start, (None, None))[0] is not None:
            return False
        if ent.start > 0 and any(self.doc[ent.start - 1].text.rstrip(".") == t.rstrip(".") for t in self.roles.titles if " " not in t):
            return False
        return self.on is not None and not any(role.held_on(self.on) for role in actor.roles)

    def _choose(self, actors: list[KBActor]) -> KBActor | None:
        """Among same-named actors prefer one already mentioned, then one in office on the date."""
        if len(actors) <= 1:
            return actors[0] if actors else None
        mentioned = {aid for f in self.found for aid in f.actor_ids}
        for actor in actors:
            if actor.id in mentioned:
                return actor
        for actor in actors:
            if any(role.held_on(self.on) for role in actor.roles):
                return actor
        return actors[0]

    def _strip_title(self, ent: Span) -> Span | None:
        """The entity without leading determiners/titles and trailing possessives; None if nothing is left."""
        start, end = ent.start, ent.end
        while start < end and self.lowers[start] in ("the", "a", "an"):
            start += 1
        while end > start and (
            self.tags[end - 1] == "POS" or self.lowers[end - 1] in ("'s", "’s", "'", "of", "and", "the", "(", ",", "-")
        ):
            end -= 1
        if ent.label_ == "PERSON":
            # "Gerald Pickering III", "Anthony Russell QC", "Martin Luther King, Jr.": the name ends before them.
            # A generation goes from a surname too ("Pickering Jr." is "Pickering"); the printed name keeps it (_new_person).
            while (end - start > 2 and self.doc[end - 1].text.rstrip(".") in self.roles.post_nominals) or (
                end - start == 2 and self.doc[end - 1].text.rstrip(".") in self.roles.generations
            ):
                end -= 1
                while end - start > 2 and self.doc[end - 1].text == ",":
                    end -= 1
        changed = True
        while changed and start < end:
            changed = False
            rest = self.doc[start:end].text
            words = self.lowers[start:end]
            if ent.label_ == "ORG" and len(words) <= 3 and words[-1] in self.roles.org_words and "of" not in words:
                break  # "General Motors", "General Dynamics": a company, no general
            for title, spaced in self.title_prefixes_by_first.get(rest[:1], ()):
                if rest.startswith(spaced) and len(rest) > len(title) + 1:
                    n = len(self.doc.char_span(self.doc[start].idx, self.doc[start].idx + len(title), alignment_mode="expand"))
                    start += n
                    while start < end and self.texts[start] in (",", "of", "the"):
                        start += 1
                    changed = True
                    break
        for k in range(start + 1, end - 1):
            # "In Parliament the Workers Party has accused": a missing comma ran a place into
            # the name; a "the" after a capitalized word and before another starts the name again.
            if (self.lowers[k] == "the" and self.doc[k].is_lower and self.doc[k - 1].is_title
                    and self.lowers[k - 1] not in ("of", "for", "and", "on", "at", "in", "to") and self.doc[k + 1].is_title):
                start = k + 1
                break
        for k in range(start + 1, end):
            # "Free Trade Area (AfCFTA", "Omsk in Siberia": keep the name before the bracket or "in".
            if self.texts[k] == "(" or (self.lowers[k] == "in" and self.doc[k].is_lower):
                end = k
                break
            # "Calgary Police spokesperson Const": the organization's name ends before its spokesperson.
            if ent.label_ == "ORG" and self.lowers[k] in self.roles.spoke_words and self.lowers[k - 1] not in ("of", "the", "for"):
                end = k
                break
        if ent.label_ == "ORG" and end - start >= 3 and end == ent.end and self._name_follows(end):
            # "Harbor County Sheriff Deputy Ann Cole": the organization ends before the rank of the person named after it.
            last = self.doc[end - 1].text
            if last[:1].isupper() and (last in self.roles.occupations or last in self.roles.titles):
                end -= 1
        if start >= end:
            return None
        return Span(self.doc, start, end, label=ent.label_)

    def _name_follows(self, i: int) -> bool:
        """A person's name starts at token ``i`` (two capitalized words the NER calls a person)."""
        return i + 1 < len(self.doc) and self.doc[i].ent_type_ == "PERSON" and self.doc[i].is_title and self.doc[i + 1].is_title

    def _resolve_unknown(self, ent: Span, named_in_full: set[str]) -> None:
        core = self._strip_title(ent)
        if core is None or self._non_actor(core) or self._inside_title(core) or self._named_place(core):
            return
        if ent.label_ in ("PERSON", "ORG") and (self._names_a_post(core) or self._only_in_headlines(core)):
            return
        if core.text in self.places:
            # A name used as a place is a place throughout, unless it speaks: then it is the
            # institution at that place ("flown to Charité ... Charité said"), whatever the NER called it.
            if ent.label_ in ("ORG", "PERSON") and core.root.pos_ == "PROPN" and self._speaks(core):
                key = "new:" + slug(core.text)
                self.new.setdefault(key, _NewActor(key, core.text, "organization", self._country_before(core)))
                self._add(core, [key], "ORG")
            return
        if self._defined_for_common_words(core):
            return
        if ent.label_ == "ORG" and self._part_of_longer_name(core):
            return
        if ent.label_ in ("PERSON", "ORG"):
            if self._join_adjacent_name(core):
                return
            if self._names_a_thing(core):
                return
            person = self._fuzzy_person(core, named_in_full)
            if person is not None:
                self._add(core, [person.id], "PERSON")
                return
            merged = self._known_surname(core)
            if merged is not None:
                self._add(core, [merged], "PERSON" if self._kind(merged) == "person" else "ORG")
                return
        if ent.label_ == "PERSON" and self._named_outlet(core):
            key = "new:" + slug(core.text)
            self.new.setdefault(key, _NewActor(key, core.text, "organization", self._country_before(core)))
            self._add(core, [key], "ORG")
            return
        if ent.label_ == "PERSON":
            if not any(t.is_alpha and t.text[:1].isupper() for t in core) or len(core) > 6:
                return
            if core.root.dep_ == "compound" and core.root.head.pos_ == "NOUN" and core.root.head.is_lower:
                return  # "the Georgievsky room": a name used for a thing
            if len(core) == 1 and not self._plausible_lone_name(core[0]):
                return
            self._add(core, [self._new_person(core)], "PERSON")
        elif ent.label_ == "ORG":
            written = self.normal(core.text)
            same = [a.id for a in self.new.values() if a.kind == "person" and self.normal(a.name) == written]
            if same:
                self._add(core, same[:1], "PERSON")  # a person's name the NER called an organization
                return
            if self._listed_with_people(core) or self._titled_name(ent, core):
                self._add(core, [self._new_person(core)], "PERSON")
                return
            named = self._titled_surname_of(ent, core)
            if named is not None:
                self._add(core, [named], "PERSON")
                return
            if self._of_a_person(core):
                return
            if not self._looks_like_organization(core):
                return
            key = "new:" + slug(core.text)
            country = self.named_by_country.get((core.start, core.end)) or self._country_before(core)
            self.new.setdefault(key, _NewActor(key, core.text, "organization", country))
            self._add(core, [key], "ORG")
        # Unknown GPE/LOC/FAC are places (cities, regions), not actors.

    def _titled_surname_of(self, ent: Span, core: Span) -> str | None:
        """'Professor Kovacs' (tagged an organization) after 'Anna Kovacs' (tagged one too): a title
        makes the lone word a surname, and the one new actor of two or three words ending in it a person."""
        if len(core) != 1 or core.start == ent.start or not core[0].is_title:
            return None
        written = self.doc[ent.start : core.start].text.strip()
        if not any(written == title or written.endswith(" " + title) for title in (*self.roles.titles, *self.roles.occupations)):
            return None
        same = [a for a in self.new.values() if 2 <= len(a.name.split()) <= 3 and a.name.split()[-1] == core.text]
        if len(same) != 1:
            return None
        same[0].kind = "person"
        return same[0].id

    def _titled_name(self, ent: Span, core: Span) -> bool:
        """An organization entity that is a title and a person's name: 'Attorney Helena Varga', 'Prosecutor Ana Lind'."""
        if not 2 <= len(core) <= 3:
            return False
        if core.start > ent.start:
            written = self.doc[ent.start : core.start].text.strip()  # the title inside the entity
        elif ent.start > 0 and self.doc[ent.start - 1].is_title:
            written = self.doc[ent.start - 1].text  # the title just before it
        else:
            return False
        if written.lower().startswith("the ") or not any(
            written == title or written.endswith(" " + title) for title in (*self.roles.titles, *self.roles.occupations)
        ):
            return False
        return all(t.is_title and t.pos_ == "PROPN" and t.lower_ not in self.roles.org_words for t in core)

    def _plausible_lone_name(self, token: Token) -> bool:
        """A one-word PERSON the NER found: not a headline's first word, an abbreviation or an organization word."""
        if token.text.isupper() and len(token.text) <= 4:
            return False  # BST, UTC, NGO
        if token.lower_ in self.roles.org_words or token.lower_ in self.roles.non_actor_heads:
            return False
        previous = self.doc[token.i - 1] if token.i > 0 else None
        return not (previous is None or "\n" in previous.text or "\n" in previous.whitespace_)

    def _untagged_surnames(self) -> None:
        """Surnames the NER missed ('Vetrovsky told reporters') of people already named in full."""
        surnames: dict[str, str] = {}
        for f in self.found:
            if f.label != "PERSON" or len(f.actor_ids) != 1:
                continue
            parts = self.text[f.start : f.end].split()
            if len(parts) >= 2 and parts[-1][:1].isupper():
                surnames.setdefault(parts[-1], f.actor_ids[0])
        for i, text in enumerate(self.texts):
            if i in self.taken or text not in surnames or self.doc[i].pos_ != "PROPN":
                continue
            # Before the full name too: leads often give the surname first and the full name later.
            self._add((i, i + 1), [surnames[text]], "PERSON")

    def _untagged_titled_names(self) -> None:
        """A title and a name the NER tagged nothing of: 'Prosecutor Ana Lindqvist said' -> the person Ana Lindqvist.

        Two or three capitalized proper nouns no entity or mention holds, right after a title-case
        title word, ending there (no further capitalized word), with no organization word.
        """
        doc = self.doc
        titles = {title for title in (*self.roles.titles, *self.roles.occupations) if " " not in title}
        for i, text in enumerate(self.texts):
            if text not in titles or i + 2 >= len(doc) or self._title_case_line(i):
                continue
            token = doc[i]
            end = token.i + 1
            while end < len(doc) and end - token.i <= 4 and doc[end].is_title and doc[end].is_alpha and doc[end].pos_ == "PROPN":
                end += 1
            words = doc[token.i + 1 : end]
            if not 2 <= len(words) <= 3 or (end < len(doc) and doc[end].is_title and doc[end].is_alpha):
                continue
            if any(t.ent_type_ or t.i in self.taken or t.lower_ in self.roles.org_words or t.text in titles for t in words):
                continue
            core = Span(doc, token.i + 1, end, label="PERSON")
            self._add(core, [self._new_person(core)], "PERSON")

    def _join_adjacent_name(self, core: Span) -> bool:
        """Given names the NER split off a known name: 'Louis Inasio' + 'Lula da Silva' -> one mention."""
        for f in list(self.found.starting.get(core.end, ())):
            if f.label != "PERSON" or len(f.actor_ids) != 1:
                continue
            actor = self.kb.get(f.actor_ids[0])
            if actor is None:
                return False
            written = normalize_name(self.doc[core.start : f.tok_end].text)
            if max(fuzz.ratio(written, normalize_name(name)) for name in actor.names) < 80:
                return False
            self.found.remove(f)
            self.taken.difference_update(range(f.tok_start, f.tok_end))
            self._add((core.start, f.tok_end), f.actor_ids, "PERSON")
            return True
        return False

    def _known_surname(self, core: Span) -> str | None:
        """A lone surname of someone already named in full, spelled alike ('al-Assad', 'Saree' for 'Sarea')."""
        written = re.sub(r"(?<=\w) - (?=\w)", "-", core.text.strip())  # "Smith - Jones"
        if len(core) > 3 or " " in written:
            return None
        norm = self.normal(written)
        candidates = []
        # Only which ids qualify matters (one, or none): each id and each name is looked at once.
        for written, aid in self.found.named_organizations:
            # "Mahan" after "Mahan Air": the short name of an organization just named.
            parts = self.normal(written).split()
            if len(parts) == 2 and parts[0] == norm:
                candidates.append(aid)
        for aid in self.found.people:
            new = self.new.get(aid)
            name = new.name if new is not None else (self.kb.get(aid).name if self.kb.get(aid) else "")
            parts = self.normal(name).split()
            if len(parts) < 2:
                continue
            surname = parts[-1]
            tail = " ".join(parts[-2:])
            if norm in (surname, tail) or norm.replace(" ", "") == tail.replace(" ", ""):
                candidates.append(aid)
            elif len(norm) >= 4 and jellyfish.metaphone(norm) == jellyfish.metaphone(surname) and fuzz.ratio(norm, surname) >= 75:
                candidates.append(aid)
        candidates = list(dict.fromkeys(candidates))
        if not candidates and len(norm.split()) == 1 and core[0].pos_ == "PROPN":
            # "Mohammad's admission" after "Mohammad bin Salman": the first name of the only such person.
            for written, aid in self.found.named_people:
                known = self.kb.get(aid)
                names = [
                    written,
                    *(known.names if known else ()),
                    *([self.new[aid].name] if aid in self.new else []),
                ]
                if any(len(parts) >= 2 and parts[0] == norm for parts in (self.normal(n).split() for n in names)):
                    candidates.append(aid)
            candidates = list(dict.fromkeys(candidates))
        return candidates[0] if len(candidates) == 1 else None

    def _non_actor(self, span: Span) -> bool:
        words = [t for t in span if not t.is_punct]
        if not words:
            return True
        if sum(t.like_num for t in words) * 2 >= len(words):
            return True
        if words[-1].lower_ in self.roles.non_actor_heads or words[-1].lemma_.lower() in self.roles.non_actor_heads:
            return True
        if (
            len(words) == 1
            and words[0].lower_ in self.roles.state_bodies
            and span.start > 0
            and self.doc[span.start - 1].ent_type_ == "NORP"
        ):
            return True  # "Western Media", "Iraqi Army" written in title case: the adjective's body
        return any(t.ent_type_ in ("DATE", "TIME") for t in span)

    def _new_person(self, core: Span) -> str:
        """A person the knowledge base lacks: merge 'Zhestakov' into an earlier 'Stepan Zhestakov'."""
        # "Smith - Jones": a tokenized hyphen is still one surname.
        name = re.sub(r"(?<=\w) - (?=\w)", "-", core.text.strip())
        words = name.split()
        key = self._person_key(core, name, words)
        generation = self._generation_after(core) if len(words) >= 2 else ""
        if generation and key in self.new and not self.new[key].suffix:
            self.new[key].suffix = generation
        return key

    def _generation_after(self, core: Span) -> str:
        """The generation written right after a name ('Gerald Pickering III', 'Martin Luther King, Jr.'), or ''."""
        i = core.end
        if i < len(self.doc) and self.doc[i].text == ",":
            i += 1
        if i < len(self.doc) and self.doc[i].text.rstrip(".") in self.roles.generations and self.doc[i].text[:1].isupper():
            return self.doc[i].text
        return ""

    def _person_key(self, core: Span, name: str, words: list[str]) -> str:
        """The id of the new person a name is: one named before, or a new one."""
        for actor in self.new.values():
            if actor.kind != "person":
                continue
            their = actor.name.split()
            if len(words) == 1 and their[-1] == words[0]:
                return actor.id
            if len(their) == 1 and len(words) > 1 and their[0] in (words[0], words[-1]):
                # The full name came second ("Pickering", or "his wife, Marta", then "Marta
                # Pickering"): keep the full name for the actor.
                actor.name = name
                return actor.id
            if normalize_name(actor.name) == normalize_name(name):
                return actor.id
        # A surname of a knowledge-base person named in full earlier in the document.
        if len(words) == 1:
            for f in self.found:
                for aid in f.actor_ids:
                    actor = self.kb.get(aid)
                    if actor is not None and actor.kind == "person" and normalize_name(actor.name).split()[-1] == normalize_name(name):
                        return actor.id
        key = "new:" + slug(name)
        if key in self.new:
            return key  # already read as something else ("INS Tarkash", a ship)
        self.new[key] = _NewActor(key, name, "person", self._country_before(core))
        return key

    def _fuzzy_person(self, core: Span, named_in_full: set[str]) -> KBActor | None:
        """A knowledge-base person whose name this mangled spelling is, when the context supports it."""
        norm = normalize_name(core.text)
        if not norm.split():
            return None
        title, country = self.titles.get(core.start, (None, None))
        near_country = country or self._country_before(core)
        # The answer depends only on the written name, the title and country around it and the
        # people named in full: a long article writes the same names again and again.
        if self._fuzzy_asked[0] is not named_in_full:
            self._fuzzy_asked = (named_in_full, {})
        asked = self._fuzzy_asked[1]
        key = (norm, title, near_country)
        if key not in asked:
            asked[key] = self._shared_closest_person(norm, title, near_country, named_in_full)
        return asked[key]

    def _shared_closest_person(self, norm: str, title: str | None, near_country: str | None, named_in_full: set[str]) -> KBActor | None:
        """``_closest_person``, remembered across documents by the knowledge base: the answer depends
        on the written name, the title and country, the date, the role vocabulary and which of the
        people it may be are named in full, and on nothing else."""
        words = norm.split()
        sound = jellyfish.metaphone(words[-1])
        numbers = self.kb.numbers_sharing(words, sound)
        people = self.kb.people
        named = frozenset(people[n][0].id for n in numbers if people[n][0].id in named_in_full) if named_in_full else frozenset()
        key = (norm, title, near_country, self.on, named)
        memo = self.kb.fuzzy_answers
        remembered = memo.get(key)
        if remembered is not None and remembered[0] is self.roles:
            return remembered[1]
        answer = self._closest_person(norm, title, near_country, named_in_full, sound, numbers)
        memo.put(key, (self.roles, answer))
        return answer

    def _closest_person(
        self, norm: str, title: str | None, near_country: str | None, named_in_full: set[str],
        sound: str | None = None, numbers: list[int] | None = None,
    ) -> KBActor | None:
        words = norm.split()
        best: tuple[float, KBActor] | None = None
        sound = jellyfish.metaphone(words[-1]) if sound is None else sound
        # A person none of whose surnames starts like the written one (or, for one written word,
        # is it or sounds like it) scores 0 in ``_name_score``: never asked.
        written = " ".join(words)
        people, surname_keys = self.kb.people, self.kb.surname_keys
        numbers = self.kb.numbers_sharing(words, sound) if numbers is None else numbers
        for number in numbers:  # ``kb.people_sharing``, with their surnames
            actor, names = people[number]
            supported = (
                actor.id in named_in_full
                or (title is not None and self._fits_title(actor, title, near_country))
                or (near_country is not None and actor.country == near_country and len(words) > 1)
            )
            # Without support a name is taken only when it is more than one word, scores at least
            # FUZZY_ALONE and has the person's surname or a person in office: the rest are not scored.
            if not supported and (len(words) == 1 or words[-1] not in surname_keys[number].surnames
                                  and not self._in_office(actor)):
                continue  # "John Kerr" in 2021 is not John Kerry, out of office: another surname, no support
            score = self._name_score(words, names, sound, written)
            if score < FUZZY_FLOOR and len(words) == 2 and title is not None:
                # "President Dos Sontas": a mangled particle surname ("dos Santos") under the office's title
                surnames = [theirs[-2:] for theirs in names if len(theirs) > 2 and theirs[-2] in SURNAME_PARTICLES]
                if surnames and self._fits_title(actor, title, near_country):
                    score = self._name_score(words, surnames, sound, written)
            if score < FUZZY_FLOOR:
                continue
            if not supported and score < FUZZY_ALONE:
                continue
            if best is None or score > best[0]:
                best = (score, actor)
        if best is None:
            return None
        # A lone short token ("SI", "XI") needs the strongest support: it is not a name by itself.
        return best[1]

    def _in_office(self, actor: KBActor) -> bool:
        """Whether ``actor`` holds any role on the document's date, worked out once per person in a document."""
        held = self._held.get(actor.id)
        if held is None:
            held = self._held[actor.id] = any(role.held_on(self.on) for role in actor.roles)
        return held

    def _name_score(self, words: list[str], names: list[tuple[str, ...]], sound: str | None = None, written: str | None = None) -> float:
        """How well the written words match one of a person's normalized names (0-100).

        ``sound``, ``written``: the metaphone code of the last written word and the words joined, when the caller has them.
        """
        best = 0.0
        # What every comparison below asks of the written words, worked out once.
        sound = jellyfish.metaphone(words[-1]) if sound is None else sound
        written = " ".join(words) if written is None else written
        for theirs in names:
            if not theirs:
                continue
            if len(words) > 1 and words[-1][:1] != theirs[-1][:1] and sound[:1] != jellyfish.metaphone(theirs[-1])[:1]:
                continue  # surnames that do not even start alike
            if len(words) == 1:
                # One token: compare with the surname (or a one-word alias) only, by sound.
                target = theirs[-1]
                if target == words[0]:
                    best = max(best, 100.0)
                elif sound == jellyfish.metaphone(target) and abs(len(words[0]) - len(target)) <= 2:
                    best = max(best, 85.0)
                continue
            if words[-1] != theirs[-1] and abs(len(words) - len(theirs)) > 1:
                continue  # "Abu Mahdi al-Muhandis" is not "Abdul Mahdi"
            ratio = fuzz.ratio(written, " ".join(theirs))
            surnames_alike = None  # whether the surnames sound alike, once asked
            if len(theirs) > 1 and words[-1] != theirs[-1] and ratio < 85:
                # The surname must match on sound when the whole does not match closely.
                surnames_alike = _sounds_alike(words[-1], theirs[-1])
                if not surnames_alike or not _sounds_alike(words[0], theirs[0]):
                    continue
                ratio = max(ratio, 80.0)
            best = max(best, float(ratio))
            if surnames_alike is None and len(theirs) > 1 and words[-1] != theirs[-1]:
                surnames_alike = _sounds_alike(words[-1], theirs[-1])
            if len(theirs) > 1 and (words[-1] == theirs[-1] or surnames_alike):
                # Word order and dropped middle names: "Lula da Silva" for the full name.
                best = max(best, float(fuzz.token_set_ratio(written, " ".join(theirs))) - 5)
        return best
