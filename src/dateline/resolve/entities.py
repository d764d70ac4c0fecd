"""Entities as the article names them: the NER's spans, corrected where a country or a cut name misled it."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .words import HYPHENS, _according_to

# A line that labels a map or chart colour ("██ Syrian Democratic Forces") rather than reports.
LEGEND_LINE = re.compile(r"^[ \t]*[█■□▇▆◼◻▬●○◆◇▲►]+[^\n]*$", re.M)
# Money named after its issuer: "U.S. dollars", "Chinese yuan", "Russian roubles".
CURRENCY_NOUNS = frozenset(
    "dollar dollars euro euros yuan renminbi rouble roubles ruble rubles rupee rupees pound pounds yen won "
    "lira liras riyal riyals rial rials dinar dinars franc francs peso pesos real reais rand shekel shekels "
    "naira dirham dirhams hryvnia hryvnias zloty kroner krona kronor".split()
)
# Words that carry an organization's name on: "Party of Working People", "Service for the Financial Markets",
# "Commission on International Religious Freedom".
NAME_JOINS = frozenset({"of", "for", "on"})
# The last word of many newspapers' names, which a longer name may run on from: "Times Record", "Post Gazette".
NEWSPAPER_WORDS = frozenset({"times", "post", "herald", "journal", "tribune", "telegraph", "gazette", "news", "star", "courier"})


class _Entities:
    """Rules that correct the NER's entity spans before resolution."""

    def _article_ents(self, ents: list[Span]) -> list[Span]:
        """The NER's entities, corrected where a country name or nationality cut a longer name.

        Drops entities on map-legend lines ("██ Syrian Democratic Forces"), which label a picture
        rather than report; drops a country written as a currency's issuer ("U.S. dollars");
        joins a country or nationality to the organization name it opens ("the United States
        Department of Transportation", "African Export–Import Bank", "American Airlines"); and
        completes an organization name the NER cut before its "of ..." or object ("Progressive
        Party of Working People", "the Global Coalition to Defeat ISIS").
        """
        legend = [(m.start(), m.end()) for m in LEGEND_LINE.finditer(self.text)]
        kept: list[Span] = []
        skip_until = -1
        for n, ent in enumerate(ents):
            if ent.start < skip_until:
                continue
            if any(start <= ent.start_char < end for start, end in legend):
                continue
            if ent.label_ in ("GPE", "NORP") and ent.end < len(self.doc) and self._currency_after(ent.end):
                continue
            if ent.label_ in ("GPE", "NORP"):
                end = self._organization_after(ent.end)
                if end is not None:
                    span = Span(self.doc, ent.start, end, label="ORG")
                    if ent.ent_id_ and self.kb.get(ent.ent_id_) is not None and self.kb.get(ent.ent_id_).kind == "country":
                        self.named_by_country[(span.start, span.end)] = ent.ent_id_
                    kept.append(span)
                    skip_until = end
                    continue
            if ent.label_ == "PERSON" and len(ent) == 1 and not ent.ent_id_ and self._given_name_before(ent):
                ent = Span(self.doc, ent.start - 1, ent.end, label="PERSON")  # "Pensioner Tomas" + "Ruud"
            if ent.label_ == "ORG" and not ent.ent_id_:
                end = self._rest_of_name(ent, ents[n + 1] if n + 1 < len(ents) else None)
                if end is not None:
                    kept.append(Span(self.doc, ent.start, end, label="ORG"))
                    skip_until = end
                    continue
            kept.append(ent)
        return kept

    def _speaks(self, span: Span) -> bool:
        """The subject of a speech verb or the source 'according to' names: 'the hospital said',
        'the police explained', 'Charité said in a statement'."""
        root = span.root
        if _according_to(root):
            return True  # "according to The Register"
        verb = root.head.lemma_.lower()
        return root.dep_ in ("nsubj", "nsubjpass") and (verb in self.cues.speech_verbs or verb in self.cues.stance_verbs)

    def _currency_after(self, i: int) -> bool:
        """'U.S. dollars', 'Chinese yuan': the country only issues the money the sentence counts."""
        token = self.doc[i]
        return token.lower_ in CURRENCY_NOUNS or token.lemma_.lower() in CURRENCY_NOUNS

    def _title_word(self, token: Token) -> bool:
        return token.is_alpha and token.text[:1].isupper() and not token.is_sent_start

    def _organization_after(self, i: int) -> int | None:
        """The end of an organization name a country or nationality opens at token ``i``, or None.

        The rest must be capitalized words (joined by "of", "for", "and" or a dash) the knowledge
        base does not know, must end in an organization word ("Department", "Bank", "Airlines")
        that is no state body ("Ministry", "Army", "Government" are the state's own, resolved as
        such), and must not open with a title ("Foreign Minister", "President").
        """
        doc, end, j, organization = self.doc, None, i, False
        while j < len(doc):
            token = doc[j]
            if token.ent_id_ or token.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL"):
                break
            if self._title_word(token):
                organization = organization or token.lower_ in self.roles.org_words or token.lemma_.lower() in self.roles.org_words
                if organization:
                    end = j + 1  # "Department of Transportation", "Institute for Economic Research"
                j += 1
                continue
            joins = token.lower_ in ("of", "for", "on", "and", "&") or token.text in HYPHENS
            if joins and token.lower_ != "and" and j + 2 < len(doc) and doc[j + 1].lower_ == "the" and self._title_word(doc[j + 2]):
                j += 2  # "Service for the Financial Markets"
                continue
            # "American Airlines and JetBlue": a word that opens another entity starts another name.
            # "Commission on" + "Coastal Fisheries": after "of", "for" or "on" the NER's next entity is the name's rest.
            another = doc[j + 1].ent_iob_ == "B" and token.lower_ not in NAME_JOINS if j + 1 < len(doc) else True
            if joins and j + 1 < len(doc) and self._title_word(doc[j + 1]) and j > i and not another:
                j += 1
                continue
            break
        if end is None:
            return None
        words = [t for t in doc[i:end] if t.is_alpha]
        title_words = {title.split()[0].rstrip(".").lower() for title in self.roles.titles}
        heads = [t for t in words if t.lower_ in self.roles.org_words or t.lemma_.lower() in self.roles.org_words]
        head = heads[-1]
        if words[0].lower_ in title_words or head.lower_ in self.roles.state_bodies:
            return None
        if head.i > i and f"{doc[head.i - 1].lower_} {head.lower_}" in self.roles.state_bodies:
            return None  # "Air Force", "Coast Guard"
        return end

    def _given_name_before(self, ent: Span) -> bool:
        """Whether the NER cut a one-word person's name after its first name: "Pensioner Tomas" + "Ruud".

        The word before must be a capitalized proper noun no entity holds, no title, occupation,
        organization word or nationality, and must itself follow a title or no capitalized word at
        all ("Ford Fusion" + "Smith" is a car and a surname).
        """
        k = ent.start - 1
        if k < 0:
            return False
        token = self.doc[k]
        if not (token.pos_ == "PROPN" and token.is_title and token.is_alpha) or token.ent_type_ or token.is_sent_start:
            return False
        if not token.whitespace_ or "\n" in token.whitespace_ or self._title_case_line(k):
            return False
        title_words = {word.rstrip(".").lower() for title in (*self.roles.titles, *self.roles.occupations) for word in title.split()}
        lower = token.lower_
        if lower in title_words or lower in self.roles.org_words or lower in self.roles.state_bodies:
            return False
        if self._adjective_country(token) is not None:
            return False
        before = self.doc[k - 1]
        return not (before.is_title and before.is_alpha) or before.lower_ in title_words or before.lower_ == "the"

    def _rest_of_name(self, ent: Span, following: Span | None) -> int | None:
        """Where an organization name the NER cut short really ends, or None when it was not cut.

        "Progressive Party" + "of Working People": capitalized words after "of" that no entity
        holds. "Global Coalition to Defeat" + "ISIS": a name ending in "to <Verb>" takes its object.
        """
        doc = self.doc
        if not any(t.lower_ in self.roles.org_words for t in ent):
            return None
        words = [t.lower_ for t in ent]
        if len(ent) >= 3 and words[-2] == "to" and following is not None and following.start == ent.end:
            return following.end
        j = ent.end
        def unknown_word(token: Token) -> bool:
            # Free, or in an organization entity the knowledge base does not know ("Working People").
            return self._title_word(token) and (not token.ent_type_ or (token.ent_type_ == "ORG" and not token.ent_id_))

        if j + 1 < len(doc) and doc[j].lower_ in NAME_JOINS:
            k = j + 2 if doc[j + 1].lower_ == "the" and j + 2 < len(doc) else j + 1
            if unknown_word(doc[k]):
                j = k
                while j < len(doc) and unknown_word(doc[j]):
                    j += 1
                return j
        # "Southwest Times" + "Record": a capitalized word no entity holds right after a newspaper's name.
        title_words = {word.rstrip(".").lower() for title in (*self.roles.titles, *self.roles.occupations) for word in title.split()}

        def named_on(token: Token) -> bool:
            # Not a title after the name ("Troy Police Chief"): that is someone of the organization.
            return (self._title_word(token) and not token.ent_type_ and token.pos_ == "PROPN" and token.lower_ not in title_words
                    and token.lower_ not in self.roles.state_bodies)

        # Only a newspaper's name runs on so ("Southwest Times" + "Record", "Post" + "Gazette"), and not in a headline.
        if ent[-1].lower_ not in NEWSPAPER_WORDS or self._title_case_line(ent.start):
            return None
        if j < len(doc) and named_on(doc[j]) and ent[-1].whitespace_:
            while j < len(doc) and named_on(doc[j]):
                j += 1
            return j
        return None
