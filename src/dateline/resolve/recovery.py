"""Names the small NER misses, cuts or mislabels, recovered from the words and the parse around them.

The statistical NER of a small model tags "Undersheriff Ray Holm" a work of art, "Dagvlatt"
a place after "daily", "Alpha Rho Sorority, Inc." only as "Alpha", and the place rules then
read "fired from Harlow Advisors" or "a gun pointed at Sgt. Ali Haddad" as places. These rules
take a name's kind from what news writes around it: a title or rank before a person's name, an
organization word at the end of an organization's (``organization_words`` and ``firm_words`` of
``data/roles.json``), an outlet noun before a newspaper's.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .organizations import OUTLET_NOUNS
from .state import _NewActor
from .words import slug

# Entity labels that never name an actor, under which the NER may still put one.
OTHER_LABELS = frozenset({"WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})


class _Recovery:
    """Rules that recover names the NER missed, cut short or gave a label that hides an actor."""

    def _title_words(self) -> frozenset[str]:
        """Single title-case words written before a person's name: titles, ranks, occupations, posts."""
        known = self._recovery_titles
        if known is None:
            words = {t for t in (*self.roles.titles, *self.roles.occupations) if " " not in t}
            words |= {post.title() for post in self.roles.posts if " " not in post and "-" not in post and post != "ceo"}
            known = self._recovery_titles = frozenset(words)
        return known

    def _organization_ending(self, token: Token, firms_only: bool = False) -> bool:
        """Whether a name ending in ``token`` is an organization's: 'Advisors', 'Inc.', 'Sorority', 'Council'
        (with ``firms_only``, a firm's or society's alone: 'Advisors', 'Inc.', not 'Department' or 'Centre')."""
        lower = token.lower_.rstrip(".")
        if lower in self.roles.non_actor_heads or lower in self.roles.state_bodies:
            return False
        if lower in self.roles.firm_words or token.lemma_.lower() in self.roles.firm_words:
            return True
        return not firms_only and lower in self.roles.org_words

    def _titled(self, start: int) -> bool:
        """A title or rank ('Sgt.', 'Officer', 'Undersheriff') right before token ``start``."""
        return start > 0 and self.texts[start - 1] in self._title_words() and not self.doc[start - 1].is_sent_start

    def _surely_named(self, core: Span) -> bool:
        """A name no preposition makes a place: a person after a title ('pointed a gun at Sgt. Ali Haddad'),
        a firm by its last word ('fired from Harlow Advisors'; but 'at the Police Department' may be the building)."""
        words = [t for t in core if t.is_alpha]
        if not words:
            return False
        if core.label_ == "ORG":
            if len(words) >= 2:
                return self._organization_ending(core[-1], firms_only=True)
            # "let go from Bluefen" after "the office of Bluefen Distribution": the firm's short name.
            return any(
                other.label_ == "ORG" and len(other) > len(core) and other[0].text == core[0].text
                and self._organization_ending(other[-1], firms_only=True)
                for other in self.ents
            )
        if core.label_ == "PERSON":
            return all(t.pos_ == "PROPN" and t.is_title for t in words) and self._titled(core.start)
        return False

    def _extend_cut_names(self, ents: list[Span]) -> list[Span]:
        """An organization the NER cut short, run on over the capitalized words of the same name:
        'Alpha' + 'Rho Sorority, Inc.' -> one organization; a firm it called a person, an organization.

        The run is proper nouns in title case that no entity holds ("of", "on", "for", "and" may
        join them), optionally ", Inc." and the like, and must end in an organization word; a
        headline or a title-case line says nothing of names. A name of the "Council on X and Y"
        kind the NER cut at its "and" or its commas runs on over the rest of the list
        ('Council on Trade and' + 'Fiscal Affairs').
        """
        doc = self.doc
        out: list[Span] = []
        taken_until = -1
        for n, ent in enumerate(ents):
            if ent.start < taken_until:
                continue
            end = None
            if ent.label_ == "PERSON" and not ent.ent_id_ and self._firm_written_as_person(ent):
                ent = Span(doc, ent.start, ent.end, label="ORG")  # "Harlow Advisors issued a statement"
            if ent.label_ == "ORG" and not ent.ent_id_:
                end = self._cut_name_end(ent, ents[n + 1] if n + 1 < len(ents) else None) or self._cut_list_end(ent)
            if end is None:
                out.append(ent)
                continue
            out.append(Span(doc, ent.start, end, label="ORG"))
            taken_until = end
        return out

    def _firm_written_as_person(self, ent: Span) -> bool:
        """A firm the NER called a person: two or more title-case words ending in a firm's word ('Harlow Advisors')."""
        words = [t for t in ent if t.is_alpha]
        return len(words) >= 2 and all(t.is_title for t in words) and self._organization_ending(ent[-1], firms_only=True)

    def _list_word(self, token: Token) -> bool:
        """A word that may go on a name's list: title case, in no entity but an organization the knowledge base lacks."""
        return token.is_alpha and token.is_title and (not token.ent_type_ or token.ent_type_ == "ORG" and not token.ent_id_)

    def _cut_list_end(self, ent: Span) -> int | None:
        """Where a 'Committee on A, B and C' name the NER cut inside its list ends, or None when it was not cut."""
        doc = self.doc
        words = [t.lower_ for t in ent]
        if not any(w in ("of", "on", "for") for w in words[1:]) or self._title_case_line(ent.start):
            return None
        j = ent.end
        if words[-1] in ("and", "&"):
            if j >= len(doc) or not self._list_word(doc[j]):
                return None
        elif not (j + 1 < len(doc) and doc[j].text in (",", "and") and self._list_word(doc[j + 1])):
            return None
        end = None
        while j < len(doc):
            if self._list_word(doc[j]):
                j += 1
                end = j
            elif doc[j].text in (",", "and", "&") and j + 1 < len(doc) and (
                self._list_word(doc[j + 1]) or doc[j + 1].lower_ == "and" and j + 2 < len(doc) and self._list_word(doc[j + 2])
            ):
                j += 1
            else:
                break
        return end

    def _cut_name_end(self, ent: Span, following: Span | None) -> int | None:
        doc = self.doc
        if self._title_case_line(ent.start):
            return None
        j, last_word = ent.end, None
        while j < len(doc):
            token = doc[j]
            if token.ent_type_:
                break
            if token.is_alpha and token.is_title and token.pos_ == "PROPN":
                j += 1
                last_word = j
                continue
            if token.lower_ in ("of", "on", "for", "and") and j + 1 < len(doc) and doc[j + 1].is_title and not doc[j + 1].ent_type_:
                j += 1
                continue
            break
        if last_word is None:
            return None
        end = last_word
        # "Sorority, Inc.": a company suffix after a comma belongs to the name.
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text.rstrip(".").lower() in self.roles.firm_words:
            if doc[end + 1].text[:1].isupper() and not doc[end + 1].ent_type_:
                end += 2
        if not self._organization_ending(doc[end - 1]):
            return None
        if following is not None and following.start < end:
            return None
        return end

    def _titled_names_under_other_labels(self) -> None:
        """A title and a name the NER tagged as no actor: 'Undersheriff Ray Holm' as a work of art.

        The entity must open with the title (or follow it) and hold two or three title-case proper
        nouns after it, up to the entity's end, none of them a title or an organization word.
        """
        doc = self.doc
        titles = self._title_words()
        for ent in doc.ents:
            if ent.label_ not in OTHER_LABELS:
                continue
            k = next((i for i in range(ent.start, ent.end) if self.texts[i] in titles), None)
            if k is None or any(self.texts[i] in titles for i in range(k + 1, ent.end)) or self._title_case_line(k):
                continue
            words = doc[k + 1 : ent.end]
            if not 2 <= len(words) <= 3 or any(i in self.taken for i in range(k + 1, ent.end)):
                continue
            if not all(t.is_alpha and t.is_title and t.pos_ == "PROPN" and not self._organization_ending(t) for t in words):
                continue
            core = Span(doc, k + 1, ent.end, label="PERSON")
            self._add(core, [self._new_person(core)], "PERSON")

    def _outlets_tagged_as_places(self) -> None:
        """A newspaper or broadcaster the NER called a place: 'Centre-left daily Dagvlatt warned'."""
        for ent in self.ents:
            if ent.label_ not in ("GPE", "LOC") or ent.ent_id_ or ent.start == 0 or any(i in self.taken for i in range(ent.start, ent.end)):
                continue
            before = self.doc[ent.start - 1]
            if not before.is_lower or before.lower_ not in OUTLET_NOUNS or not all(t.is_title for t in ent if t.is_alpha):
                continue
            if self.kb.by_name(ent.text):
                continue  # a known place: "the daily in Athens" is not written so, but a known name keeps its entry
            key = "new:" + slug(ent.text)
            self.new.setdefault(key, _NewActor(key, ent.text, "organization", self._country_before(ent)))
            self._add(ent, [key], "ORG")
