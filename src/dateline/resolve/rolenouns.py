"""Role nouns that are a named person: "the suspect, John Doe," / "the gunman was identified as John Doe".

``roles.named_roles`` (``data/roles.json``) lists the ``unnamed_actors`` entries one person can bear
("suspect", "gunman"). A singular mention of one ("the suspect", "a gunman") is the person the story
ties it to:

1. apposition: "the suspect, John Doe,", "the suspect, 38-year-old John Doe,", "John Doe, the suspect,"
   (where the parse sets the name in apposition, the role noun's mention is dropped: the name
   beside it is the mention, and the events stage reads the apposition);
2. a copula or an identifying verb (``links``): "the gunman was John Doe", "the suspect, identified as
   John Doe", "police identified the man as John Doe", "Doe was named as the gunman";
3. a definite mention ("the suspect") after the one person the story ties to the role (no other
   anywhere in it): the passive subject or the object of a ``ties`` verb ("Doe was arrested",
   "police charged Doe"), and no woman the story called "she" for a "gunman".

A role tied by 1 or 2 to exactly one person is that person in all its singular mentions; tied to
several, only the mentions tied directly are. Plural mentions ("the suspects") stay the group. No
merge when two people fit.
"""

from __future__ import annotations

from spacy.tokens import Token

COPULA = "be"
# What may stand between a role noun's comma and the name it is: "the suspect, 38-year-old John Doe".
AGE_WORDS = frozenset({"-", "year", "years", "old", "year-old", "aged"})


class _RoleNouns:
    """Rules that merge a singular role noun's mentions into the named person it refers to."""

    def _role_nouns_named(self) -> None:
        spec = self.roles.named_roles
        role_ids = {f"new:{name}" for name in spec.get("roles", ())} & set(self.new)
        if not role_ids:
            return
        person_at: dict[int, str] = {}
        for f in self.found:
            if f.label == "PERSON" and len(f.actor_ids) == 1 and self._kind(f.actor_ids[0]) == "person":
                for k in range(f.tok_start, f.tok_end):
                    person_at[k] = f.actor_ids[0]
        if not person_at:
            return
        mentions = [
            f for f in sorted(self.found, key=lambda f: f.tok_start)
            if len(f.actor_ids) == 1 and f.actor_ids[0] in role_ids and self.tags[f.tok_end - 1] == "NN"
        ]
        if not mentions:
            return
        links = frozenset(spec.get("links", ()))
        direct: dict[int, str] = {}  # mention's first token -> the person it is tied to
        apposed: list = []  # mentions the parse sets in apposition to the name
        for f in mentions:
            named = self._named_by(self.doc[f.tok_end - 1], f.tok_end, person_at, links)
            if named is not None:
                direct[f.tok_start] = named[0]
                if named[1]:
                    apposed.append(f)
        by_role: dict[str, set[str]] = {}
        for f in mentions:
            if f.tok_start in direct:
                by_role.setdefault(f.actor_ids[0], set()).add(direct[f.tok_start])
        tied = self._tied_people(frozenset(spec.get("ties", ())))
        for f in mentions:
            role = f.actor_ids[0]
            person = direct.get(f.tok_start)
            if person is None and len(by_role.get(role, ())) == 1:
                person = next(iter(by_role[role]))
            if person is None and self._definite(f.tok_end - 1) and role not in by_role:
                before = {aid for aid, at in tied if at < f.tok_start}
                if len(before) == 1 and len({aid for aid, _ in tied}) == 1 and self._fits_role(before, f.tok_end - 1):
                    person = before.pop()
            if person is not None:
                f.actor_ids = (person,)
        for f in apposed:
            # "The suspect, John Doe, opened fire": the name beside it is the mention; the events
            # stage reads the apposition from the parse.
            self.found.remove(f)
            self.taken.difference_update(range(f.tok_start, f.tok_end))
        left = {aid for f in self.found for aid in f.actor_ids}
        for role in role_ids - left:
            del self.new[role]
            self.unnamed.discard(role)

    def _named_by(
        self, head: Token, end: int, person_at: dict[int, str], links: frozenset[str]
    ) -> tuple[str, bool] | None:
        """The person a role noun at ``head`` (its mention ending at token ``end``) is said to be, and
        whether the parse sets the name in apposition to it; else None."""
        doc = self.doc
        apposed = {person_at[c.i] for c in head.children if c.dep_ == "appos" and c.i in person_at}
        # "The suspect, John Doe," / "the suspect, 38-year-old John Doe,": a name right after the comma,
        # past an age or other lower-case words.
        if end + 1 < len(doc) and doc[end].text in (",", "-", "–", "—"):
            for k in range(end + 1, min(end + 7, len(doc))):
                if k in person_at:
                    return person_at[k], person_at[k] in apposed
                if not (doc[k].like_num or doc[k].lower_ in AGE_WORDS or doc[k].pos_ == "ADJ" and doc[k].is_lower):
                    break
        for child in head.children:
            if child.dep_ == "appos" and child.i in person_at:
                return person_at[child.i], True
            # "the suspect, identified as John Doe": a participle naming the person.
            if child.dep_ == "acl" and child.lemma_ in links:
                person = self._as_person(child, person_at)
                if person is not None:
                    return person, False
        if head.dep_ == "appos" and head.head.i in person_at:
            return person_at[head.head.i], False  # "John Doe, the suspect,"
        verb = head.head
        if head.dep_ in ("nsubj", "nsubjpass") and verb.lemma_ == COPULA and not self._negated(verb):
            for child in verb.children:
                if child.dep_ == "attr" and child.i in person_at:
                    return person_at[child.i], False  # "the gunman was John Doe"
        if head.dep_ in ("nsubjpass", "dobj") and verb.lemma_ in links and not self._negated(verb):
            person = self._as_person(verb, person_at)  # "the gunman was identified as Doe", "named the man as Doe"
            return (person, False) if person is not None else None
        # "Doe was identified as the gunman", "Doe is the suspect".
        if head.dep_ == "pobj" and head.head.lower_ == "as" and head.head.head.lemma_ in links:
            verb = head.head.head
        elif head.dep_ == "attr" and verb.lemma_ == COPULA:
            pass
        else:
            return None
        if self._negated(verb):
            return None
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.i in person_at:
                return person_at[child.i], False
        return None

    def _fits_role(self, people: set[str], i: int) -> bool:
        """A "gunman" is no woman the story has called "she"."""
        return not (self.lowers[i].endswith("man") and any(self.gender.get(p) == "f" for p in people))

    def _definite(self, i: int) -> bool:
        """'the suspect', 'that gunman': a role noun met before."""
        return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in self.doc[i].children)

    @staticmethod
    def _negated(verb: Token) -> bool:
        return any(c.dep_ == "neg" for c in verb.children)

    @staticmethod
    def _as_person(verb: Token, person_at: dict[int, str]) -> str | None:
        """The person in "... as John Doe" under ``verb``."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.i in person_at:
                        return person_at[obj.i]
        return None

    def _tied_people(self, ties: frozenset[str]) -> list[tuple[str, int]]:
        """(person, token) for each mention of a person the story ties to a role: the passive subject
        or the object of a ``ties`` verb ("Doe was arrested", "police charged Doe", "a man, Doe, was
        charged"), or a name a ``ties`` participle describes ("Doe, accused of the killing")."""
        tied = []
        for f in self.found:
            if len(f.actor_ids) != 1 or f.label not in ("PERSON", "PRON") or self._kind(f.actor_ids[0]) != "person":
                continue
            if self._quoted(self.doc[f.tok_start]):
                continue
            root = self.doc[f.tok_start : f.tok_end].root
            while root.dep_ == "compound" and f.tok_end <= root.head.i <= f.tok_end + 1:
                root = root.head  # "Anthony LaCalamita III": the parse's head is the suffix
            if root.dep_ == "appos":
                root = root.head  # "A Vancouver man - Eric Allen Kirkpatrick - was charged"
            verb = root.head
            if root.dep_ in ("nsubjpass", "dobj") and verb.lemma_ in ties and verb.pos_ == "VERB":
                if not self._negated(verb):
                    tied.append((f.actor_ids[0], f.tok_start))
            elif any(c.dep_ == "acl" and c.lemma_ in ties and c.tag_ == "VBN" for c in root.children):
                tied.append((f.actor_ids[0], f.tok_start))  # "Doe, accused of the killing, ..."
        return tied
