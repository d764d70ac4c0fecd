"""Titles and offices: the title written before a name, nationalities from apposition, who holds an office."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..kb import KBActor, normalize_name

# Prepositions after an apposed role noun that give the person's country: "a member of the Syrian
# parliament", "a lawmaker from Uganda"; not "the envoy to Syria".
NATIONALITY_PREPS = frozenset({"of", "from"})


def _title_fits(written: str, title: str) -> bool:
    """'President', 'Acting President' and 'Interim President' fit 'President'; 'Vice President' does not."""
    written, title = normalize_name(written), normalize_name(title)
    return written == title or written in (f"acting {title}", f"interim {title}")


class _Titles:
    """Rules that read titles and offices."""

    def _scan_titles(self) -> None:
        """Remember the title and country written before each name: 'Prime Minister of Slovakia Robert Fitzo'."""
        for ent in self.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            i = ent.start
            title, country = None, None
            j = i - 1
            # "of Slovakia" between title and name.
            if j >= 1 and self.doc[j].ent_type_ == "GPE":
                gpe = self._ent_at(j)
                if gpe is not None and gpe.start >= 1 and self.doc[gpe.start - 1].lower_ == "of":
                    country = self._country_of_span(gpe)
                    j = gpe.start - 2
            key = self._role_ending_at(j)
            if key is not None:
                title, tstart = key
                country = country or self._country_before_title(tstart)
            elif j >= 1 and self.doc[j].lower_ == "minister":
                country = country or self._country_before_title(j)  # "Iraqi Oil Minister X"
            # A title inside the entity: "President XI" tagged as one PERSON.
            if title is None:
                written = ent.text  # a span's text is built anew on each access
                for t, spaced in self.titles_by_first.get(written[:1], ()):
                    if written.startswith(spaced):
                        title = t.lower()
                        country = country or self._country_before_index(ent.start)
                        break
            if title is not None or country is not None:
                core = self._strip_title(ent)
                self.titles[core.start if core is not None else ent.start] = (title, country)

    def _role_ending_at(self, j: int) -> tuple[str, int] | None:
        """The longest role word sequence ('prime minister', 'president') ending at token j."""
        if j < 0:
            return None
        for length in (4, 3, 2, 1):
            start = j - length + 1
            if start < 0:
                continue
            words = " ".join(self.lowers[start : j + 1])
            if words in self.roles.offices:
                return words, start
        return None

    def _portfolio_word(self, token: Token) -> bool:
        """A capitalised word naming a minister's portfolio ('Oil', 'Labour'), not a country word."""
        if not (token.is_alpha and token.is_title) or token.i == token.sent.start:
            return False
        if token.ent_type_ in ("GPE", "NORP", "PERSON") or self._adjective_country(token) is not None:
            return False
        return token.i + 1 < len(self.doc) and (
            self.doc[token.i + 1].lower_ in ("minister", "and") or self._portfolio_word(self.doc[token.i + 1])
        )

    def _portfolio_of_another_state(self, ent: Span, actor: KBActor) -> bool:
        """'Labour' in 'Serbian Labour Minister' is the portfolio, not the British party."""
        if actor.kind != "organization" or len(ent) != 1 or ent.end >= len(self.doc):
            return False
        if self.doc[ent.end].lower_ != "minister" or ent.start == 0:
            return False
        country = self._country_before_index(ent.start)
        return country is not None and country != actor.country

    def _nationality_from_apposition(self) -> None:
        """A new person's country from an apposed role: 'X, the Iraqi defence minister', 'a member of the Syrian parliament, X'."""
        for f in self.found:
            if f.label != "PERSON" or len(f.actor_ids) != 1:
                continue
            new = self.new.get(f.actor_ids[0])
            if new is None or new.kind != "person" or new.country is not None:
                continue
            for head in self._apposed_role_nouns(f.tok_start, f.tok_end):
                country = self._nationality_of_phrase(head, f.tok_start, f.tok_end)
                if country is not None:
                    new.country = country
                    break

    def _apposed_role_nouns(self, start: int, end: int) -> list[Token]:
        """Common nouns in apposition with the name at tokens start..end, on either side of it."""
        doc = self.doc
        nouns = []
        for k in range(start, end):
            token = doc[k]
            if token.dep_ == "appos" and token.head.pos_ == "NOUN" and not start <= token.head.i < end:
                nouns.append(token.head)  # "a member of the Syrian parliament, Mohammed Mamoun"
            for child in token.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    nouns.append(child)  # "Mohammed Mamoun, a member of the Syrian parliament"
        return nouns

    def _nationality_of_phrase(self, head: Token, start: int, end: int) -> str | None:
        """The country a role noun's modifiers name: 'the Iraqi defence minister', 'a member of the Syrian parliament'."""
        candidates = [t for child in head.lefts if child.dep_ in ("amod", "compound", "poss", "nmod") for t in child.subtree]
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in NATIONALITY_PREPS:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        candidates.extend(t for t in pobj.subtree if t.i <= pobj.i)
        for token in candidates:
            if start <= token.i < end:
                continue
            ent = self._ent_at(token.i)
            if ent is not None and ent.label_ in ("NORP", "GPE"):
                country = self._country_of_span(ent)
            else:
                country = self._adjective_country(token)
            if country is not None and (actor := self.kb.get(country)) is not None and actor.kind == "country":
                return country
        return None

    def _fits_title(self, actor: KBActor, title: str, country: str | None) -> bool:
        spec = self.roles.offices.get(title)
        for role in actor.roles:
            if not role.held_on(self.on):
                continue
            if country is not None and role.of != country:
                continue
            if spec is None:
                if normalize_name(role.title) == normalize_name(title):
                    return True
                continue
            if self._role_fits(role, spec):
                return True
        return False

    def _role_fits(self, role, spec: dict) -> bool:
        """Whether a knowledge-base role is the office a roles.json entry names.

        ``by_title`` entries match the title across offices ("the Iranian president" is Iran's
        head of government titled President), acting and interim holders included.
        """
        if spec.get("by_title") and spec.get("title"):
            return _title_fits(role.title, spec["title"])
        office = spec.get("office")
        if office == "leader":
            country_actor = self.kb.get(role.of)
            wanted = {country_actor.leader} if country_actor and country_actor.leader else {"head_of_state", "head_of_government"}
            return role.office in wanted
        return role.office == office

    def _holds(self, actor_id: str, office: str | dict, country: str | None = None) -> bool:
        """Whether the actor held ``office`` (an office name or a roles.json entry) on the date."""
        actor = self.kb.get(actor_id)
        if actor is None:
            return False
        spec = office if isinstance(office, dict) else {"office": office}
        return any(
            role.held_on(self.on) and (country is None or role.of == country) and self._role_fits(role, spec) for role in actor.roles
        )

    def _holder(self, office: str | None, country: str | None, title: str | None = None, by_title: bool = False) -> str | None:
        """Who held ``office`` of ``country`` on the document's date (None when unknown or ambiguous).

        With ``by_title`` whoever holds a role titled ``title`` there, whatever the office, comes first.
        """
        if office is None or country is None:
            return None
        if by_title and title:
            people = [
                actor
                for actor in self.kb.holders(None, country, self.on)
                if any(role.of == country and role.held_on(self.on) and _title_fits(role.title, title) for role in actor.roles)
            ]
            if people:
                return self._one_of(people)
        if office == "leader":
            country_actor = self.kb.get(country)
            offices = (
                [country_actor.leader] if country_actor is not None and country_actor.leader else ["head_of_state", "head_of_government"]
            )
        else:
            offices = [office]
        for name in offices:
            people = self.kb.holders(name, country, self.on, title=title) or (self.kb.holders(name, country, self.on) if title else [])
            if people:
                return self._one_of(people)
        return None

    def _one_of(self, people: list[KBActor]) -> str | None:
        """The only one, else the only one already mentioned, else None."""
        if len(people) == 1:
            return people[0].id
        mentioned = {aid for f in self.found for aid in f.actor_ids}
        chosen = [p for p in people if p.id in mentioned]
        return chosen[0].id if len(chosen) == 1 else None
