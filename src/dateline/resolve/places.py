"""Places and countries: names used as places, capitals acting as their state, the home country, datelines."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..kb import KBActor, normalize_name
from .words import _according_to

PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "throughout", "into", "towards", "toward"})
PLACE_NOUNS = frozenset({
    "town",
    "city",
    "village",
    "region",
    "province",
    "island",
    "port",
    "district",
    "county",
    "state",
    "capital",
    "area",
    "border",
    "outskirts",
    "suburb",
    "municipality",
    "governorate",
    "oblast",
})
MOTION_VERBS = frozenset({
    "arrive",
    "fly",
    "travel",
    "go",
    "come",
    "return",
    "move",
    "redirect",
    "divert",
    "transfer",
    "airlift",
    "evacuate",
    "flee",
    "drive",
    "march",
    "sail",
    "head",
    "relocate",
    "deploy",
    "withdraw",
    "retreat",
})
# Verbs whose direct object is a place when it is not a known actor: "troops entered Tell Tamer".
PLACE_OBJECT_VERBS = frozenset({
    "enter",
    "reach",
    "capture",
    "seize",
    "recapture",
    "retake",
    "storm",
    "besiege",
    "shell",
    "liberate",
    "occupy",
    "overrun",
    "encircle",
    "surround",
    "bombard",
})
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "poss", "csubj"})
RELATION_PREPS = frozenset({"between", "with", "against", "and", "toward", "towards"})
# Words between a nationality and a title: "Nigerian junior foreign minister", "Syrian former prime minister".
TITLE_MODIFIERS = frozenset(
    "junior senior deputy assistant former acting interim then ousted outgoing incoming new top veteran "
    "caretaker exiled late elected designate powerful influential".split()
)
# Bodies a capital before them speaks for: "the Khartoum government". Not embassies or delegations
# ("the Washington embassy" is another state's).
METONYM_BODIES = frozenset({"government", "regime", "authorities", "leadership"})


class _Places:
    """Rules about places, metonyms and the country of a mention."""

    def _named_place(self, core: Span) -> bool:
        """An unknown name used as a place; the same name is then a place throughout the document, but a
        firm (``recovery._surely_named``) only where it is written as one."""
        if not self._used_as_place(core):
            return False
        if core.label_ == "PERSON" and self._surely_named(core):
            return False  # "pointed a gun at Sgt. Ali Haddad": a titled person is never a place
        if not self._surely_named(core):
            self.places.add(core.text)
        # "the shootings at Harlow Advisors": a firm is a place only where it is written as one.
        return True

    def _used_as_place(self, core: Span) -> bool:
        """'in Omsk', 'the town of Tell Tamer', 'near Abqaiq', 'the island Crete', 'troops entered Ain Issa'."""
        root = core.root
        while root.dep_ == "conj" and root.head is not root:
            root = root.head  # "in Damietta and Idku"
            other = self._ent_at(root.i)
            if other is not None:
                root = other.root  # the first conjunct is a name of several words: "Tell Tamer and Ain Issa"
        if root.dep_ == "appos" and root.head.lemma_.lower() in PLACE_NOUNS:
            return True
        if root.dep_ == "dobj" and root.head.lemma_.lower() in PLACE_OBJECT_VERBS:
            return True
        if root.dep_ != "pobj":
            return False
        prep = root.head
        if prep.lower_ in PLACE_PREPS:
            return True
        if prep.lower_ in ("to", "from") and prep.head.lemma_.lower() in MOTION_VERBS:
            return True
        return prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_NOUNS

    def _is_metonym(self, text: str, actor: KBActor) -> bool:
        norm = normalize_name(text)
        return any(normalize_name(m) == norm for m in actor.metonyms) and not any(normalize_name(n) == norm for n in actor.names)

    def _acts(self, span: Span) -> bool:
        """A capital or seat acts for its state: subject, agent, possessor, a side of a relation."""
        if any(start <= span.start_char < end for start, end in self.datelines):
            return False  # the place of a wire dateline, which the parser may take for a subject
        head = span.root
        token = head
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        if token.dep_ in ACTING_DEPS:
            return True
        if token.dep_ == "pobj" and token.head.lower_ in RELATION_PREPS:
            return True
        if token.dep_ == "compound" and token.head.lemma_.lower() in (
            "relation",
            "relationship",
            "tie",
            "talk",
            "spokesman",
            "spokesperson",
        ):
            return True
        if token.dep_ == "compound" and token.head.lower_ in METONYM_BODIES and token.head.i == token.i + 1:
            return True  # "the Khartoum government", "the Kabul authorities"
        # "..., the Kremlin said" / "According to the Kremlin"
        if _according_to(token):
            return True
        return token.head.lemma_.lower() in self.speech_lemmas and token.dep_ in ("dobj", "npadvmod")

    def _home_country(self) -> str | None:
        """The country of the dateline ('BEIJING, May 4 (Xinhua) --') or the agency named in it."""
        dateline = self.layout.dateline
        if dateline is not None:
            place = dateline.place
            actor = self.kb.by_metonym(place) or self._choose(self.kb.by_name(place))
            if actor is not None:
                return actor.id if actor.kind == "country" else actor.country
        for ent in self.ents:
            if ent.start_char > 200:
                break
            actor = self.kb.get(ent.ent_id_) if ent.ent_id_ else None
            if actor is not None and actor.type in ("outlet", "agency") and actor.country:
                return actor.country
        return None

    def _home_or_dominant_country(self) -> str | None:
        """The dateline's or outlet's country, else a country named at least twice and more than any other."""
        if self.home is not None:
            return self.home
        counts: dict[str, int] = {}
        for f in self.found:
            if len(f.actor_ids) == 1 and self._kind(f.actor_ids[0]) == "country":
                counts[f.actor_ids[0]] = counts.get(f.actor_ids[0], 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or ranked[0] < 2 or (len(ranked) > 1 and ranked[1] == ranked[0]):
            return None
        return max(counts, key=counts.get)

    def _in_dateline(self, token: Token) -> bool:
        return any(start <= token.idx < end for start, end in self.datelines)

    def _country_after(self, j: int) -> str | None:
        """The country of an 'in Seoul' / 'from Japan' starting at token j, else None."""
        doc = self.doc
        if j + 1 >= len(doc) or doc[j].lower_ not in ("in", "from", "of"):
            return None
        for f in self.found:
            if f.tok_start == j + 1 + (doc[j + 1].lower_ == "the") and len(f.actor_ids) == 1:
                aid = f.actor_ids[0]
                if self._kind(aid) == "country":
                    return aid
        ent = self._ent_at(j + 1)
        if ent is not None:
            metonym = self.kb.by_metonym(ent.text)
            if metonym is not None and metonym.kind == "country":
                return metonym.id
        return None

    def _country_of_span(self, span: Span) -> str | None:
        if span.ent_id_:
            actor = self.kb.get(span.ent_id_)
            if actor is not None:
                return actor.id if actor.kind == "country" else actor.country
        text = re.sub(r"(['’]s|['’])$", "", span.text)
        actor = self._choose(self.kb.by_name(text)) or self.kb.by_adjective(text) or self.kb.by_metonym(text)
        if actor is None:
            return None
        return actor.id if actor.kind == "country" else actor.country

    def _country_before_index(self, i: int) -> str | None:
        """A country adjective or name right before token i ('Russian', "Russia's", 'US', 'China')."""
        j = i - 1
        while j >= 0 and self.doc[j].lower_ in ("'s", "’s", "'", "’"):
            j -= 1
        if j < 0:
            return None
        ent = self._ent_at(j)
        if ent is not None and ent.end == j + 1 and ent.label_ in ("NORP", "GPE", "ORG"):
            return self._country_of_span(ent)
        actor = self._adjective_actor(self.texts[j])
        return actor.id if actor is not None and actor.kind == "country" else None

    def _country_before_title(self, tstart: int) -> str | None:
        """The nationality before a title, over modifiers and a portfolio.

        'Nigerian junior foreign minister' -> NGA, 'Iraqi Oil Minister' -> IRQ, 'Serbian Labour
        Minister' -> SRB.
        """
        j = tstart
        while (
            j > 0
            and tstart - j < 5
            and (
                self.doc[j - 1].lower_ in TITLE_MODIFIERS
                or self._portfolio_word(self.doc[j - 1])
                or self.doc[j - 1].lower_ in ("and", "&")
                and j >= 2
                and self._portfolio_word(self.doc[j - 2])
            )
        ):
            j -= 1
        country = self._country_before_index(j)
        if country is None and j < tstart:
            country = self._country_before_index(tstart)
        return country

    def _country_before(self, span: Span) -> str | None:
        title, country = self.titles.get(span.start, (None, None))
        return country or self._country_before_index(span.start)

    def _country_token(self, token: Token) -> bool:
        ent = self._ent_at(token.i)
        if ent is not None and ent.start == token.i and ent.label_ in ("NORP", "GPE"):
            return self._country_of_span(ent) is not None
        return self._adjective_country(token) is not None

    def _adjective_country(self, token: Token) -> str | None:
        actor = self._adjective_actor(token.text) if token.text[:1].isupper() else None
        return actor.id if actor is not None and actor.kind == "country" else None

    def _context_country(self, i: int) -> str | None:
        """The country a role without one belongs to: the dateline's, else the most named one."""
        if self.home is not None:
            return self.home
        counts: dict[str, int] = {}
        for f in self.found:
            for aid in f.actor_ids:
                if self._kind(aid) == "country":
                    counts[aid] = counts.get(aid, 0) + 1
        return max(counts, key=counts.get) if counts else None

    def _country_of_person(self, aid: str) -> str | None:
        actor = self.kb.get(aid)
        if actor is not None:
            held = [
                r.of for r in actor.roles if r.held_on(self.on) and self.kb.get(r.of) is not None and self.kb.get(r.of).kind == "country"
            ]
            return held[0] if held else actor.country
        new = self.new.get(aid)
        return new.country if new is not None else None
