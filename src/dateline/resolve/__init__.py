"""Actor resolution: names, roles, metonyms, groups and pronouns in a parsed ``Doc`` -> actors.

``resolve_actors(doc, kb, on)`` reads the entities the NLP stage found (the knowledge-base
ruler already put ``ent_id_`` on names it knows) and the role phrases of ``data/roles.json``,
and decides which actor each refers to on the document's date ``on``:

1. names: exact and normalized knowledge-base match, then the surname of a person already
   named in full, then fuzzy/phonetic matching that is accepted only with supporting context
   (the actor named in full in the document, a title or country beside the name that fits);
   people and organizations still unknown become ``new:<slug>`` actors, merged by surname;
2. metonyms: a capital or seat ("Moscow", "the Kremlin") is the state only when it acts
   (subject, agent, possessor, "between Moscow and Beijing"), never when it is a place;
3. role phrases, counterparts, groups and pronouns, read in text order against the actors
   mentioned before them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import jellyfish
from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token
from unidecode import unidecode

from ..kb import KBActor, KnowledgeBase, normalize_name
from ..layout import Layout
from ..records import Actor, Mention
from ..resources import Cues, RoleVocabulary

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
PLACE_PREPS = {"in", "at", "near", "inside", "outside", "around", "across", "throughout", "into", "towards", "toward"}
PLACE_NOUNS = {
    "town", "city", "village", "region", "province", "island", "port", "district", "county", "state",
    "capital", "area", "border", "outskirts", "suburb", "municipality", "governorate", "oblast",
}
MOTION_VERBS = {
    "arrive", "fly", "travel", "go", "come", "return", "move", "redirect", "divert", "transfer", "airlift",
    "evacuate", "flee", "drive", "march", "sail", "head", "relocate", "deploy", "withdraw", "retreat",
}
# Verbs whose direct object is a place when it is not a known actor: "troops entered Tell Tamer".
PLACE_OBJECT_VERBS = {
    "enter", "reach", "capture", "seize", "recapture", "retake", "storm", "besiege", "shell", "liberate",
    "occupy", "overrun", "encircle", "surround", "bombard",
}
# Nouns a name may modify and still be the actor: "SDF fighters", "Hamas officials", "the NATO chief".
MEMBER_NOUNS = {
    "official", "spokesman", "spokeswoman", "spokesperson", "leader", "member", "fighter", "force", "troop",
    "chief", "head", "commander", "representative", "delegation", "envoy", "militant", "soldier", "officer",
    "staff", "employee", "director", "chairman", "president", "minister", "source", "statement", "report",
    "lawmaker", "negotiator", "diplomat", "agent", "unit", "ally", "supporter", "government", "administration",
    "executive", "analyst", "manager",
}
# The last word of many newspapers' names, by which a story cites them: "the Post says", "the Times reported".
NEWSPAPER_WORDS = {"times", "post", "herald", "journal", "tribune", "telegraph", "guardian", "gazette"}
# Nouns naming a news outlet or firm: "Greek daily Kathimerini", "the broadcaster Rustavi".
OUTLET_NOUNS = {
    "daily", "newspaper", "paper", "weekly", "magazine", "broadcaster", "agency", "channel", "outlet",
    "website", "network", "tabloid", "firm", "company", "group", "airline", "carrier", "operator", "bank",
}
FEMININE = {"she", "her", "hers", "herself"}
HYPHENS = ("-", "–", "—")
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
ACTING_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "csubj"}
RELATION_PREPS = {"between", "with", "against", "and", "toward", "towards"}
# A fuzzy name match scored at least this without support is still too weak to accept;
# with support this is the floor for multi-word names.
# Words between a nationality and a title: "Nigerian junior foreign minister", "Syrian former prime minister".
TITLE_MODIFIERS = frozenset(
    "junior senior deputy assistant former acting interim then ousted outgoing incoming new top veteran "
    "caretaker exiled late elected designate powerful influential".split()
)
# Prepositions after an apposed role noun that give the person's country: "a member of the Syrian
# parliament", "a lawmaker from Uganda"; not "the envoy to Syria".
NATIONALITY_PREPS = frozenset({"of", "from"})
# Bodies a capital before them speaks for: "the Khartoum government". Not embassies or delegations
# ("the Washington embassy" is another state's).
METONYM_BODIES = frozenset({"government", "regime", "authorities", "leadership"})
# Nouns a group adjective ("Western") stands for the group on: its governments and their people
# ("the Western members of the council", "Western officials"), not its media, police or embassies.
GROUP_BODIES = frozenset({
    "members", "powers", "partners", "allies", "nations", "countries", "states", "capitals", "governments",
    "officials", "leaders", "diplomats", "negotiators", "envoys", "forces", "troops", "militaries",
})
# Plural nouns for members of a legislature: "Opposition lawmakers", "Republican senators".
LEGISLATOR_NOUNS = frozenset({"lawmakers", "legislators", "mps", "parliamentarians", "senators", "congressmen"})
# A line that labels a map or chart colour ("██ Syrian Democratic Forces") rather than reports.
LEGEND_LINE = re.compile(r"^[ \t]*[█■□▇▆◼◻▬●○◆◇▲►]+[^\n]*$", re.M)
# Money named after its issuer: "U.S. dollars", "Chinese yuan", "Russian roubles".
CURRENCY_NOUNS = frozenset(
    "dollar dollars euro euros yuan renminbi rouble roubles ruble rubles rupee rupees pound pounds yen won "
    "lira liras riyal riyals rial rials dinar dinars franc francs peso pesos real reais rand shekel shekels "
    "naira dirham dirhams hryvnia hryvnias zloty kroner krona kronor".split()
)
# Places a body's name can modify without the body acting: "Iraqi military bases", "army camps".
SITE_NOUNS = frozenset(
    "base airbase airfield camp barracks facility installation compound hospital academy school cemetery "
    "checkpoint outpost prison jail station depot".split()
)
# Nouns that introduce a company by its name: "the gas producer Energean", "the supplier Atlas".
FIRM_NOUNS = frozenset(
    "producer supplier maker manufacturer carrier airline operator firm company giant developer exporter "
    "importer contractor insurer lender retailer distributor shipper conglomerate startup".split()
)
FUZZY_FLOOR = 72
# Words that begin a two-word surname: "dos Santos", "da Silva", "van Rompuy", "bin Salman".
SURNAME_PARTICLES = frozenset({"da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "van", "von", "bin", "ibn"})
FUZZY_ALONE = 93


def resolve_actors(
    doc: Doc, layout: Layout, kb: KnowledgeBase, on: str | None, roles: RoleVocabulary, cues: Cues
) -> tuple[list[Actor], list[Mention]]:
    """Resolve every actor mention in ``doc`` at date ``on`` (ISO or None) to an actor."""
    return _Resolver(doc, layout, kb, on, roles, cues).run()


def slug(name: str) -> str:
    """'Stepan Zhestakov' -> 'stepan-zhestakov' (ASCII, lower case, hyphens)."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(name).lower()).strip("-")


@dataclass
class _Found:
    start: int  # character offsets
    end: int
    actor_ids: tuple[str, ...]
    label: str
    tok_start: int
    tok_end: int


@dataclass
class _NewActor:
    id: str
    name: str
    kind: str
    country: str | None = None


def _according_to(token: Token) -> bool:
    """The object of 'according to': the source a sentence cites."""
    return token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according"


class _Resolver:
    """The resolution of one document: every per-document attribute is set here, before any rule runs."""

    def __init__(
        self, doc: Doc, layout: Layout, kb: KnowledgeBase, on: str | None, roles: RoleVocabulary, cues: Cues
    ) -> None:
        self.doc = doc
        self.layout = layout
        self.kb = kb
        self.on = on
        self.roles = roles
        self.cues = cues
        self.found: list[_Found] = []
        self.new: dict[str, _NewActor] = {}
        self.taken: set[int] = set()  # token indices already in a mention
        self.titles: dict[int, tuple[str | None, dict | None]] = {}
        self.gender: dict[str, str] = {}  # "m"/"f" from pronouns already resolved
        self.places: set[str] = set()  # unknown names the document uses as places
        # Doc.text and Doc.ents are rebuilt on every access: read them once.
        self.text = doc.text
        self.people = kb.people
        self.lower_groups = kb.lower_groups
        self.datelines = layout.datelines
        self.speech_lemmas = cues.speech_verbs | cues.stance_verbs
        # Organization names a country opens ("the United States Department of ..."): the country.
        self.named_by_country: dict[tuple[int, int], str] = {}
        # The entities as the article names them, then what they settle before any rule runs.
        self.ents: list[Span] = self._article_ents(list(doc.ents))
        self.ent_of: dict[int, Span] = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}
        self.home: str | None = self._home_country()
        self.named_in_full: set[str] = {
            e.ent_id_ for e in self.ents if e.ent_id_ and e.label_ == "PERSON" and len(e) > 1
        }

    # ---- driver -------------------------------------------------------------------------

    def run(self) -> tuple[list[Actor], list[Mention]]:
        ents = [e for e in self.ents if e.label_ in ACTOR_LABELS]
        self._scan_titles()
        unresolved = []
        shadowed: dict[str, set[str]] = {}
        for ent in ents:
            other = self._someone_else(ent)
            if other is None and len(ent) == 1 and ent.ent_id_ in shadowed.get(ent.text, ()):
                unresolved.append(ent)  # the surname of the other person just met
                continue
            if other is not None:
                shadowed.setdefault(ent.text, set()).add(ent.ent_id_)
                # "Jerome Powell" is not the knowledge base's "Powell": resolve the whole name afresh.
                unresolved = [u for u in unresolved if u.end <= other.start]
                unresolved.append(other)
            elif not self._resolve_known(ent):
                unresolved.append(ent)
        named_in_full = {aid for f in self.found for aid in f.actor_ids if f.label == "PERSON"}
        for ent in unresolved:
            core = self._strip_title(ent)
            if core is not None and ent.label_ in ("PERSON", "ORG"):
                self._named_place(core)  # a name used as a place once is a place throughout
        # One-word organizations last, so an organization-tagged "Navalny" in a headline finds the
        # person named below it.
        unresolved.sort(key=lambda ent: ent.label_ == "ORG" and len(ent) == 1)
        for ent in unresolved:
            self._resolve_unknown(ent, named_in_full)
        self._untagged_surnames()
        self._untagged_organizations()
        self._speaking_police()
        self._resolve_in_order()
        self._nationality_from_apposition()
        return self._records()

    # ---- entities as the article names them ----------------------------------------------

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
            joins = token.lower_ in ("of", "for", "and", "&") or token.text in HYPHENS
            # "American Airlines and JetBlue": a word that opens another entity starts another name.
            if joins and j + 1 < len(doc) and self._title_word(doc[j + 1]) and j > i and doc[j + 1].ent_iob_ != "B":
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

        if j + 1 < len(doc) and doc[j].lower_ == "of" and unknown_word(doc[j + 1]):
            j += 1
            while j < len(doc) and unknown_word(doc[j]):
                j += 1
            return j
        return None

    # ---- names --------------------------------------------------------------------------

    def _add(self, span: Span | tuple[int, int], actor_ids: Iterable[str], label: str) -> None:
        start_tok, end_tok = (span.start, span.end) if isinstance(span, Span) else span
        actor_ids = tuple(dict.fromkeys(actor_ids))
        if not actor_ids:
            return
        if any(i in self.taken for i in range(start_tok, end_tok)):
            return
        self.taken.update(range(start_tok, end_tok))
        start = self.doc[start_tok].idx
        last = self.doc[end_tok - 1]
        self.found.append(_Found(start, last.idx + len(last.text), actor_ids, label, start_tok, end_tok))

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
            self._add(ent, [actor.id], "GPE")
        else:
            self._add(ent, [actor.id], "PERSON" if actor.kind == "person" else "ORG")
        return True

    def _names_a_site(self, ent: Span) -> bool:
        """A body's name modifying a place noun: 'Iraqi military bases', 'an army camp', 'police stations'."""
        root = ent.root
        head = root.head
        return root.dep_ in ("amod", "compound", "nmod") and head.i >= ent.end and head.is_lower \
            and (head.lemma_.lower() in SITE_NOUNS or head.lower_.removesuffix("s") in SITE_NOUNS or head.lower_ == "bases")

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
        doc = self.doc
        if doc[i].lower_ != "the":
            return None
        for words, actor_id in self.lower_groups:
            end = i + 1 + len(words)
            if end <= len(doc) and tuple(t.text for t in doc[i + 1 : end]) == words:
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
        doc = self.doc
        if i + 1 >= len(doc) or doc[i + 1].lower_ not in LEGISLATOR_NOUNS or {i, i + 1} & self.taken:
            return None
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

    def _called_on(self, span: Span) -> bool:
        """'called on the international community to act', 'appealed to the world': a request's addressee."""
        root = span.root
        return root.dep_ == "pobj" and root.head.lower_ in ("on", "to") and root.head.head.lemma_.lower() in ("call", "appeal")

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
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].is_title and self.doc[start - 1].ent_type_ == "PERSON":
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
            end < len(self.doc) and self.doc[end].pos_ == "PROPN" and self.doc[end].is_title
            and self.doc[end].ent_type_ in ("", "PERSON") and normalize_name(self.doc[end].text) not in own
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
        if ent.start > 0 and any(
            self.doc[ent.start - 1].text.rstrip(".") == t.rstrip(".") for t in self.roles.titles if " " not in t
        ):
            return False
        return self.on is not None and not any(role.held_on(self.on) for role in actor.roles)

    def _is_metonym(self, text: str, actor: KBActor) -> bool:
        norm = normalize_name(text)
        return any(normalize_name(m) == norm for m in actor.metonyms) and not any(
            normalize_name(n) == norm for n in actor.names
        )

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
        while start < end and self.doc[start].lower_ in ("the", "a", "an"):
            start += 1
        while end > start and (
            self.doc[end - 1].tag_ == "POS"
            or self.doc[end - 1].lower_ in ("'s", "’s", "'", "of", "and", "the", "(", ",", "-")
        ):
            end -= 1
        changed = True
        while changed and start < end:
            changed = False
            rest = self.doc[start:end].text
            words = [t.lower_ for t in self.doc[start:end]]
            if ent.label_ == "ORG" and len(words) <= 3 and words[-1] in self.roles.org_words and "of" not in words:
                break  # "General Motors", "General Dynamics": a company, no general
            for title in self.roles.titles:
                if rest.startswith(title + " ") and len(rest) > len(title) + 1:
                    n = len(self.doc.char_span(self.doc[start].idx, self.doc[start].idx + len(title), alignment_mode="expand"))
                    start += n
                    while start < end and self.doc[start].text in (",", "of", "the"):
                        start += 1
                    changed = True
                    break
        for k in range(start + 1, end):
            # "Free Trade Area (AfCFTA", "Omsk in Siberia": keep the name before the bracket or "in".
            if self.doc[k].text == "(" or (self.doc[k].lower_ == "in" and self.doc[k].is_lower):
                end = k
                break
        if start >= end:
            return None
        return Span(self.doc, start, end, label=ent.label_)

    def _resolve_unknown(self, ent: Span, named_in_full: set[str]) -> None:
        core = self._strip_title(ent)
        if core is None or self._non_actor(core) or self._inside_title(core) or self._named_place(core):
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
            same = [a.id for a in self.new.values() if a.kind == "person" and normalize_name(a.name) == normalize_name(core.text)]
            if same:
                self._add(core, same[:1], "PERSON")  # a person's name the NER called an organization
                return
            if self._listed_with_people(core):
                self._add(core, [self._new_person(core)], "PERSON")
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

    def _named_place(self, core: Span) -> bool:
        """An unknown name used as a place; the same name is then a place throughout the document."""
        if self._used_as_place(core):
            self.places.add(core.text)
            return True
        return False

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

    def _names_a_thing(self, core: Span) -> bool:
        """A name modifying a common noun that is no member of it: 'the EastMed project', 'TurkStream gas pipeline'."""
        root = core.root
        if root.dep_ not in ("compound", "nmod") or root.head.i < core.end:
            return False
        if core[-1].lower_ in self.roles.org_words:
            return False  # "Haifa University researchers": the organization is named
        head = root.head
        while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
            head = head.head  # "TurkStream gas pipeline": the last noun
        return head.pos_ == "NOUN" and head.is_lower and head.lemma_.lower() not in MEMBER_NOUNS

    def _part_of_longer_name(self, core: Span) -> bool:
        """A Title-Case fragment of a longer name or title.

        'Police and Crime' before 'Commissioner', 'Foreign Affairs' in 'committees on Foreign Affairs',
        'Transportation' in 'the Secretary of Transportation', a generic 'a Foreign Terrorist Organization'.
        """
        root = core.root
        if (
            root.dep_ in ("compound", "nmod") and root.head.i >= core.end and root.head.pos_ == "PROPN" and root.head.is_title
            and core[-1].lower_ not in self.roles.org_words  # "Research Institute Director X" names the institute
        ):
            if not (root.head.ent_type_ and self._ent_at(root.head.i) is not None and self._ent_at(root.head.i).start >= core.end):
                return True
        while root.dep_ == "conj" and root.head is not root:
            root = root.head
        if root.dep_ == "pobj" and root.head.lower_ in ("of", "on", "for"):
            owner = root.head.head
            words = {owner.lower_, owner.lemma_.lower()}
            if owner.pos_ in ("NOUN", "PROPN") and words & (
                {"secretary", "committee", "minister", "ministry", "department", "commissioner", "subcommittee", "office"}
            ):
                return True
        # "a Foreign Terrorist Organization", "a U.S.-designated Foreign Terrorist Organization": a category.
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in core.root.children)
        first = self.doc[core.start - 1] if core.start > 0 else None
        indefinite = indefinite or (first is not None and first.lower_ in ("a", "an"))
        return indefinite and not any(len(t.text) >= 2 and sum(ch.isupper() for ch in t.text) >= 2 for t in core)

    def _listed_with_people(self, core: Span) -> bool:
        """'Eliot Engel, Adam Schiff, and Elijah Cummings': a two-word name the NER called an organization among people."""
        words = [t for t in core if not t.is_punct]
        if len(words) != 2 or not all(t.is_title and t.pos_ == "PROPN" for t in words):
            return False
        if any(t.lower_ in self.roles.org_words for t in words) or core.root.dep_ != "conj":
            return False
        other = self._ent_at(core.root.head.i)
        return other is not None and other.label_ == "PERSON"

    def _of_a_person(self, core: Span) -> bool:
        """'Associates of Navalny', 'Friends of Smith': people around a person, not a named organization."""
        words = [t.lower_ for t in core]
        if "of" not in words or any(t.lower_ in self.roles.org_words for t in core):
            return False
        tail = normalize_name(core[words.index("of") + 1 :].text)
        if not tail:
            return False
        names = [actor.name for actor in self.new.values() if actor.kind == "person"]
        names += [self.kb.get(aid).name for f in self.found if f.label == "PERSON" for aid in f.actor_ids if self.kb.get(aid)]
        return any(tail in (normalize_name(name), normalize_name(name).split()[-1]) for name in names)

    def _defined_for_common_words(self, core: Span) -> bool:
        """An acronym spelled out in lower-case words: 'exclusive economic zone (EEZ)', 'liquefied natural gas (LNG)'."""
        text = core.text.strip()
        if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 6):
            return False
        pattern = r"\b" + r"\W+".join(rf"{ch.lower()}[a-z]*" for ch in text) + rf"\s*\(\s*{re.escape(text)}\s*\)"
        return re.search(pattern, self.text) is not None

    def _named_outlet(self, core: Span) -> bool:
        """A name right after an outlet or firm noun: 'Greek daily Kathimerini', 'the broadcaster Rustavi'."""
        if core.start == 0:
            return False
        before = self.doc[core.start - 1]
        # The tagger reads "daily" in "Greek daily Kathimerini" as an adverb.
        return before.is_lower and (before.lemma_.lower() in OUTLET_NOUNS or before.lower_ in OUTLET_NOUNS) and before.pos_ in ("NOUN", "ADJ", "ADV")

    def _plausible_lone_name(self, token: Token) -> bool:
        """A one-word PERSON the NER found: not a headline's first word, an abbreviation or an organization word."""
        if token.text.isupper() and len(token.text) <= 4:
            return False  # BST, UTC, NGO
        if token.lower_ in self.roles.org_words or token.lower_ in self.roles.non_actor_heads:
            return False
        previous = self.doc[token.i - 1] if token.i > 0 else None
        return not (previous is None or "\n" in previous.text or "\n" in previous.whitespace_)

    def _looks_like_organization(self, core: Span) -> bool:
        """An ORG entity the knowledge base lacks that still reads as an organization.

        The statistical NER calls many capitalized phrases ORG, more so in machine-translated
        text ("in the International Arena"); an acronym, an organization word, or a name
        that is not a locative object and not a bare "the X" passes.
        """
        words = [t for t in core if not t.is_punct]
        if not words or not words[0].text[:1].isupper():
            return False
        if len(words) == 1 and words[0].lower_ in self.roles.org_words:
            # "Parliament", "Government": which one is not said; but "the Post says" is a paper.
            return words[0].lower_ in NEWSPAPER_WORDS and self._speaks(core)
        if any(t.lower_ in self.roles.org_words or t.lemma_.lower() in self.roles.org_words for t in words):
            return True
        root = core.root
        if root.dep_ == "pobj" and root.head.lower_ in ("along", "down", "up"):
            return False  # "expanded the operation down the ERV", "along the LoC": a route, not a body
        if any(len(t.text) >= 2 and sum(ch.isupper() for ch in t.text) >= 2 for t in words):
            return True  # acronyms: KCNA, BBC, AfCFTA
        first = core.start
        if (len(words) >= 2 or core.root.pos_ == "PROPN") and self._speaks(core):
            return True  # "the California Highway Patrol said", "the Post says": a body that speaks
        if first > 0 and self.doc[first - 1].lower_ == "the":
            return False
        root = core.root
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.is_lower:
            # "a Lunar Research base": a name used as a modifier; but in "Google officials said"
            # the name is the body its officials speak for.
            return self._speaking_officials(root.head)
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "inside", "across", "throughout", "around", "into"):
            return False
        if len(words) == 1 and (root.is_sent_start or self.doc[first - 1].text in ("\n", "\n\n") or self.doc[first - 1].is_space):
            # A capitalized first word of a line or headline, unless it is a proper name that speaks.
            return root.pos_ == "PROPN" and self._speaks(core) and self.text[core.end_char : core.end_char + 1] != "\n"
        return True

    def _inside_title(self, span: Span) -> bool:
        """'State' in 'Secretary of State', 'Foreign Affairs' in 'Minister of Foreign Affairs'."""
        for length in (4, 3, 2):
            for start in range(max(0, span.start - length + 1), span.start + 1):
                end = start + length
                if end < span.end or end > len(self.doc):
                    continue
                words = " ".join(t.lower_ for t in self.doc[start:end])
                if words in self.roles.offices and start < span.start:
                    return True
        return False

    def _speaking_officials(self, noun: Token) -> bool:
        """'Google officials said', 'HP executives said': people of a body, subject of a speech verb."""
        cues = self.cues
        lemma = noun.lemma_.lower()
        people = lemma in cues.speaker_nouns or lemma in cues.official_nouns or lemma in cues.proxy_nouns
        return people and self._speaks(self.doc[noun.i : noun.i + 1])

    def _speaking_police(self) -> None:
        """'Police said …': the police force an article reports speaks, though it bears no name.

        Only a bare 'police' or 'the police' that is the subject of a speech verb; a named force
        is an entity of its own, and a nationality ('Indonesian police') names the state's.
        """
        for token in self.doc:
            if token.lower_ != "police" or token.i in self.taken or token.ent_type_:
                continue
            if not self._speaks(self.doc[token.i : token.i + 1]):
                continue
            if any(c.dep_ in ("amod", "compound", "poss", "nmod") for c in token.children):
                continue
            key = "new:police"
            self.new.setdefault(key, _NewActor(key, "police", "organization", None))
            self._add((token.i, token.i + 1), [key], "ORG")

    def _untagged_organizations(self) -> None:
        """Organization names the NER missed altogether.

        A run of capitalized proper nouns (joined by "of", "for", "and") ending in an organization
        word ("Cinema for Peace Foundation"), or a proper noun right after a firm noun ("the gas
        producer Energean", "the supplier Atlas"); the name's later bare mentions join it.
        """
        doc = self.doc
        title_words = {title.split()[0].rstrip(".").lower() for title in self.roles.titles}
        named: dict[str, str] = {}
        i = 0
        while i < len(doc):
            token = doc[i]
            # A capitalized common noun may open a name: "Music for Peace Foundation".
            if token.i in self.taken or token.ent_type_ or token.pos_ not in ("PROPN", "NOUN") or not self._name_word(token):
                i += 1
                continue
            j = i + 1
            while j < len(doc):
                if self._name_word(doc[j]) and not doc[j].ent_type_ and doc[j].i not in self.taken:
                    j += 1
                elif (doc[j].lower_ in ("of", "for", "and", "&") or doc[j].text in HYPHENS) and j + 1 < len(doc) \
                        and self._name_word(doc[j + 1]) and not doc[j + 1].ent_type_:
                    j += 1
                else:
                    break
            words = [t for t in doc[i:j] if t.is_alpha]
            if not words:
                i = j
                continue
            last = words[-1].lower_
            before = doc[i - 1] if i > 0 else None
            firm = (
                len(words) <= 3 and before is not None and before.is_lower and before.pos_ == "NOUN"
                and before.lower_ in FIRM_NOUNS and all(t.pos_ == "PROPN" for t in words)
            )
            organization = (
                len(words) >= 2 and any(t.pos_ == "PROPN" for t in words) and last in self.roles.org_words and last not in self.roles.state_bodies
                and last not in self.roles.non_actor_heads and not self._inside_title(doc[i:j])
            )
            if (firm or organization) and words[0].lower_ not in title_words:
                start = i
                opening = self._ent_at(i - 1) if i > 0 and organization else None
                if opening is not None and opening.label_ in ("NORP", "GPE") and opening.end == i:
                    start = opening.start  # "African Export–Import Bank": the nationality opens the name
                span = doc[start:j]
                key = "new:" + slug(span.text)
                self.new.setdefault(key, _NewActor(key, span.text, "organization", self._country_before(span)))
                self._add(span, [key], "ORG")
                named[span.text] = key
            i = j
        for token in doc:  # "Energean has committed ...": the bare name met again
            if token.text in named and token.i not in self.taken and not token.ent_type_:
                self._add((token.i, token.i + 1), [named[token.text]], "ORG")

    def _name_word(self, token: Token) -> bool:
        return token.is_alpha and token.text[:1].isupper()

    def _untagged_surnames(self) -> None:
        """Surnames the NER missed ('Vetrovsky told reporters') of people already named in full."""
        surnames: dict[str, str] = {}
        for f in self.found:
            if f.label != "PERSON" or len(f.actor_ids) != 1:
                continue
            parts = self.text[f.start : f.end].split()
            if len(parts) >= 2 and parts[-1][:1].isupper():
                surnames.setdefault(parts[-1], f.actor_ids[0])
        for token in self.doc:
            if token.i in self.taken or token.text not in surnames or token.pos_ != "PROPN":
                continue
            # Before the full name too: leads often give the surname first and the full name later.
            self._add((token.i, token.i + 1), [surnames[token.text]], "PERSON")

    def _join_adjacent_name(self, core: Span) -> bool:
        """Given names the NER split off a known name: 'Louis Inasio' + 'Lula da Silva' -> one mention."""
        for f in self.found:
            if f.label != "PERSON" or f.tok_start != core.end or len(f.actor_ids) != 1:
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
        if len(core) > 3 or " " in core.text.strip():
            return None
        norm = normalize_name(core.text)
        candidates = []
        for f in self.found:
            if f.label == "ORG" and len(f.actor_ids) == 1:
                # "Mahan" after "Mahan Air": the short name of an organization just named.
                parts = normalize_name(self.text[f.start : f.end]).split()
                if len(parts) == 2 and parts[0] == norm:
                    candidates.append(f.actor_ids[0])
                continue
            if f.label != "PERSON":
                continue
            for aid in f.actor_ids:
                new = self.new.get(aid)
                name = new.name if new is not None else (self.kb.get(aid).name if self.kb.get(aid) else "")
                parts = normalize_name(name).split()
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
            for f in self.found:
                if f.label == "PERSON" and len(f.actor_ids) == 1:
                    aid = f.actor_ids[0]
                    known = self.kb.get(aid)
                    names = [self.text[f.start : f.end], *(known.names if known else ()), *([self.new[aid].name] if aid in self.new else [])]
                    if any(len(parts) >= 2 and parts[0] == norm for parts in (normalize_name(n).split() for n in names)):
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
        if len(words) == 1 and words[0].lower_ in self.roles.state_bodies and span.start > 0 \
                and self.doc[span.start - 1].ent_type_ == "NORP":
            return True  # "Western Media", "Iraqi Army" written in title case: the adjective's body
        return any(t.ent_type_ in ("DATE", "TIME") for t in span)

    def _new_person(self, core: Span) -> str:
        """A person the knowledge base lacks: merge 'Zhestakov' into an earlier 'Stepan Zhestakov'."""
        name = core.text.strip()
        words = name.split()
        for actor in self.new.values():
            if actor.kind != "person":
                continue
            their = actor.name.split()
            if len(words) == 1 and their[-1] == words[0]:
                return actor.id
            if len(their) == 1 and words[-1] == their[0]:
                # The full name came second: keep the full name for the actor.
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
        self.new[key] = _NewActor(key, name, "person", self._country_before(core))
        return key

    def _fuzzy_person(self, core: Span, named_in_full: set[str]) -> KBActor | None:
        """A knowledge-base person whose name this mangled spelling is, when the context supports it."""
        text = core.text
        norm = normalize_name(text)
        words = norm.split()
        if not words:
            return None
        title, country = self.titles.get(core.start, (None, None))
        near_country = country or self._country_before(core)
        best: tuple[float, KBActor] | None = None
        for actor, names in self.people:
            score = self._name_score(words, names)
            if score < FUZZY_FLOOR and len(words) == 2 and title is not None:
                # "President Dos Sontas": a mangled particle surname ("dos Santos") under the office's title
                surnames = [theirs[-2:] for theirs in names if len(theirs) > 2 and theirs[-2] in SURNAME_PARTICLES]
                if surnames and self._fits_title(actor, title, near_country):
                    score = self._name_score(words, surnames)
            if score < FUZZY_FLOOR:
                continue
            supported = (
                actor.id in named_in_full
                or (title is not None and self._fits_title(actor, title, near_country))
                or (near_country is not None and actor.country == near_country and len(words) > 1)
            )
            if not supported and not (score >= FUZZY_ALONE and len(words) > 1):
                continue
            if not supported and not self._same_surname(words, actor) and not any(role.held_on(self.on) for role in actor.roles):
                continue  # "John Kerr" in 2021 is not John Kerry, out of office: another surname, no support
            if best is None or score > best[0]:
                best = (score, actor)
        if best is None:
            return None
        # A lone short token ("SI", "XI") needs the strongest support: it is not a name by itself.
        return best[1]

    @staticmethod
    def _same_surname(words: list[str], actor: KBActor) -> bool:
        return any(normalize_name(name).split()[-1:] == words[-1:] for name in actor.names)

    def _name_score(self, words: list[str], names: list[tuple[str, ...]]) -> float:
        """How well the written words match one of a person's normalized names (0-100)."""
        best = 0.0
        for theirs in names:
            if not theirs:
                continue
            if len(words) > 1 and words[-1][:1] != theirs[-1][:1] and jellyfish.metaphone(words[-1])[:1] != jellyfish.metaphone(theirs[-1])[:1]:
                continue  # surnames that do not even start alike
            if len(words) == 1:
                # One token: compare with the surname (or a one-word alias) only, by sound.
                target = theirs[-1]
                if target == words[0]:
                    best = max(best, 100.0)
                elif jellyfish.metaphone(words[0]) == jellyfish.metaphone(target) and abs(len(words[0]) - len(target)) <= 2:
                    best = max(best, 85.0)
                continue
            ratio = fuzz.ratio(" ".join(words), " ".join(theirs))
            if words[-1] != theirs[-1] and abs(len(words) - len(theirs)) > 1:
                continue  # "Abu Mahdi al-Muhandis" is not "Abdul Mahdi"
            if len(theirs) > 1 and words[-1] != theirs[-1] and ratio < 85:
                # The surname must match on sound when the whole does not match closely.
                if not _sounds_alike(words[-1], theirs[-1]) or not _sounds_alike(words[0], theirs[0]):
                    continue
                ratio = max(ratio, 80.0)
            best = max(best, float(ratio))
            if len(theirs) > 1 and (words[-1] == theirs[-1] or _sounds_alike(words[-1], theirs[-1])):
                # Word order and dropped middle names: "Lula da Silva" for the full name.
                best = max(best, float(fuzz.token_set_ratio(" ".join(words), " ".join(theirs))) - 5)
        return best

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

    # ---- titles, countries and acting positions -----------------------------------------

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
                for t in self.roles.titles:
                    if ent.text.startswith(t + " "):
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
            words = " ".join(t.lower_ for t in self.doc[start : j + 1])
            if words in self.roles.offices:
                return words, start
        return None

    def _ent_at(self, i: int) -> Span | None:
        return self.ent_of.get(i)

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
        actor = self.kb.by_adjective(self.doc[j].text)
        return actor.id if actor is not None and actor.kind == "country" else None

    def _country_before_title(self, tstart: int) -> str | None:
        """The nationality before a title, over modifiers and a portfolio.

        'Nigerian junior foreign minister' -> NGA, 'Iraqi Oil Minister' -> IRQ, 'Serbian Labour
        Minister' -> SRB.
        """
        j = tstart
        while j > 0 and tstart - j < 5 and (
            self.doc[j - 1].lower_ in TITLE_MODIFIERS
            or self._portfolio_word(self.doc[j - 1])
            or self.doc[j - 1].lower_ in ("and", "&") and j >= 2 and self._portfolio_word(self.doc[j - 2])
        ):
            j -= 1
        country = self._country_before_index(j)
        if country is None and j < tstart:
            country = self._country_before_index(tstart)
        return country

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

    def _country_before(self, span: Span) -> str | None:
        title, country = self.titles.get(span.start, (None, None))
        return country or self._country_before_index(span.start)

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
        if token.dep_ == "compound" and token.head.lemma_.lower() in ("relation", "relationship", "tie", "talk", "spokesman", "spokesperson"):
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

    # ---- roles, groups, pronouns in text order -------------------------------------------

    def _resolve_in_order(self) -> None:
        doc = self.doc
        i = 0
        while i < len(doc):
            if i in self.taken:
                # A country mention may open a role phrase: "Russia's top diplomat".
                step = self._try_role(i) if self._starts_country_mention(i) else None
                i = step or i + 1
                continue
            token = doc[i]
            lower = token.lower_
            step = (self._try_named_group(i) or self._try_group(i) or self._try_role(i) or self._try_state_body(i)
                    or self._try_legislators(i))
            if step:
                i = step
                continue
            if self._quoted(token):
                pass  # inside a quotation "he" is someone the speaker talks about: leave it
            elif lower in PERSON_PRONOUNS and token.pos_ == "PRON" or lower in ("his", "her") and token.tag_ == "PRP$":
                gender = "f" if lower in FEMININE else "m"
                person = self._pronoun_person(i, gender)
                if person is not None:
                    self.gender.setdefault(person, gender)
                    self._add((i, i + 1), [person], "PRON")
            elif lower in PLURAL_PRONOUNS:
                group = self._recent_group(i)
                if group:
                    self._add_group((i, i + 1), group, "PRON")
            i += 1

    def _starts_country_mention(self, i: int) -> bool:
        return any(f.tok_start == i and len(f.actor_ids) == 1 and self._kind(f.actor_ids[0]) == "country" for f in self.found)

    def _history(self, before_tok: int) -> list[_Found]:
        return sorted((f for f in self.found if f.tok_end <= before_tok), key=lambda f: f.tok_start)

    def _kind(self, actor_id: str) -> str:
        actor = self.kb.get(actor_id)
        if actor is not None:
            return actor.kind
        new = self.new.get(actor_id)
        return new.kind if new is not None else "group"

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
        for det in ("the two", "both the", "both", "the"):
            words = det.split()
            n = len(words)
            if i + n >= len(doc) or [t.lower_ for t in doc[i : i + n]] != words:
                continue
            for length in (3, 2, 1):
                head = " ".join(t.lower_ for t in doc[i + n : i + n + length])
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
        if doc[i].ent_type_ == "NORP" or self.kb.by_adjective(doc[i].text):
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

    def _adjective_country(self, token: Token) -> str | None:
        actor = self.kb.by_adjective(token.text) if token.text[:1].isupper() else None
        return actor.id if actor is not None and actor.kind == "country" else None

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

    def _country_of_person(self, aid: str) -> str | None:
        actor = self.kb.get(aid)
        if actor is not None:
            held = [r.of for r in actor.roles if r.held_on(self.on) and self.kb.get(r.of) is not None
                    and self.kb.get(r.of).kind == "country"]
            return held[0] if held else actor.country
        new = self.new.get(aid)
        return new.country if new is not None else None

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

    def _holds(self, actor_id: str, office: str | dict, country: str | None = None) -> bool:
        """Whether the actor held ``office`` (an office name or a roles.json entry) on the date."""
        actor = self.kb.get(actor_id)
        if actor is None:
            return False
        spec = office if isinstance(office, dict) else {"office": office}
        return any(
            role.held_on(self.on) and (country is None or role.of == country) and self._role_fits(role, spec)
            for role in actor.roles
        )

    def _holder(self, office: str | None, country: str | None, title: str | None = None, by_title: bool = False) -> str | None:
        """Who held ``office`` of ``country`` on the document's date (None when unknown or ambiguous).

        With ``by_title`` whoever holds a role titled ``title`` there, whatever the office, comes first.
        """
        if office is None or country is None:
            return None
        if by_title and title:
            people = [
                actor for actor in self.kb.holders(None, country, self.on)
                if any(role.of == country and role.held_on(self.on) and _title_fits(role.title, title) for role in actor.roles)
            ]
            if people:
                return self._one_of(people)
        if office == "leader":
            country_actor = self.kb.get(country)
            offices = [country_actor.leader] if country_actor is not None and country_actor.leader else ["head_of_state", "head_of_government"]
        else:
            offices = [office]
        for name in offices:
            people = self.kb.holders(name, country, self.on, title=title) or (
                self.kb.holders(name, country, self.on) if title else []
            )
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

    def _try_role(self, i: int) -> int | None:
        """A role phrase starting at token i: 'the Chinese leader', "Russia's top diplomat", ..."""
        doc = self.doc
        token = doc[i]
        if token.lower_ not in ("the", "a", "an", "his", "her", "its", "their") and not (
            token.tag_ == "POS" or self._adjective_country(token) or token.ent_type_ in ("GPE", "NORP")
            or token.text[:1].isupper()
        ):
            return None
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

    def _country_token(self, token: Token) -> bool:
        ent = self._ent_at(token.i)
        if ent is not None and ent.start == token.i and ent.label_ in ("NORP", "GPE"):
            return self._country_of_span(ent) is not None
        return self._adjective_country(token) is not None

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
            words = " ".join(t.lower_ for t in doc[j : j + length])
            # Spokespeople: "foreign ministry spokesperson", "Kremlin spokesman".
            for spoke in self.roles.spoke_words:
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
        doc = self.doc
        token = doc[i]
        if not token.text[:1].isupper():
            return None
        ent = self._ent_at(i)
        if ent is not None and ent.start == i and ent.label_ == "NORP":
            end = ent.end
            actor = (self.kb.get(ent.ent_id_) if ent.ent_id_ else None) or self.kb.by_adjective(ent.text)
        elif ent is None or ent.label_ == "NORP":
            end = i + 1
            actor = self.kb.by_adjective(token.text)
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
        head = self._state_body_head(doc[end - 1], GROUP_BODIES if actor.kind == "group" else None)
        if head is None:
            return None
        if head.lower_ in ("official", "diplomat") and any(c.lower_ == "the" or c.dep_ == "poss" for c in head.children):
            return None
        if any(c.lower_ in ("former", "ex", "retired") for c in head.children):
            return None  # a former official speaks for no state
        self._add((i, end), [actor.id], "NORP")
        return end

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

    def _in_dateline(self, token: Token) -> bool:
        return any(start <= token.idx < end for start, end in self.datelines)

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

    def _quoted(self, token: Token) -> bool:
        """True inside a quotation."""
        return self.layout.in_quote(token.idx)

    def _pronoun_person(self, i: int, gender: str) -> str | None:
        """The person a he/his refers to: the only person in this sentence so far, else the last one named.

        People already referred to with the other gender's pronoun are not candidates.
        """
        sent = self.doc[i].sent

        def fits(aid: str) -> bool:
            return self._kind(aid) == "person" and self.gender.get(aid, gender) == gender

        here = [f for f in self._history(i) if f.tok_start >= sent.start]
        if not self._quoted(self.doc[i]):
            # '“Putin's imperialism will not prevail,” he said': someone the quote talks about
            # is not who 'he' outside it stands for.
            here = [f for f in here if not self._quoted(self.doc[f.tok_start])]
        people = list(dict.fromkeys(aid for f in here for aid in f.actor_ids if fits(aid) and len(f.actor_ids) == 1))
        if len(people) == 1:
            if people[0] not in self.gender:
                # "her" beside a man not yet known as either, while a woman was just "she": her.
                known = self._recent_with_gender(sent.start, gender)
                if known is not None and known != people[0]:
                    return known
            return people[0]
        if len(people) > 1:
            # Several people in the sentence: the subject's.
            for f in here:
                if len(f.actor_ids) == 1 and self.doc[f.tok_start : f.tok_end].root.dep_ in ("nsubj", "nsubjpass"):
                    if fits(f.actor_ids[0]):
                        return f.actor_ids[0]
            return None
        if self.doc[i].dep_ in ("nsubj", "nsubjpass") and self._opens_paragraph(sent.start):
            # A new paragraph's subject "he" goes on with the last paragraph's subject, not with
            # someone it mentioned only as a possessor or object ("... Trump's plans.").
            subject = self._last_subject_person(sent.start, fits)
            if subject is not None:
                return subject
        previous = [f for f in self._history(sent.start) if f.tok_start >= max(0, sent.start - 120)]
        if not previous:
            return None
        last_sent = self.doc[previous[-1].tok_start].sent
        in_last = [f for f in previous if f.tok_start >= last_sent.start]
        people = list(dict.fromkeys(aid for f in in_last for aid in f.actor_ids if fits(aid) and len(f.actor_ids) == 1))
        if len(people) == 1:
            return people[0]
        for f in in_last:
            if len(f.actor_ids) == 1 and fits(f.actor_ids[0]):
                if self.doc[f.tok_start : f.tok_end].root.dep_ in ("nsubj", "nsubjpass"):
                    return f.actor_ids[0]
        return None

    def _opens_paragraph(self, tok: int) -> bool:
        """Whether token ``tok`` starts a line (a paragraph, in news text)."""
        start = self.doc[tok].idx
        line_start = self.text.rfind("\n", 0, start) + 1
        return not self.text[line_start:start].strip()

    def _last_subject_person(self, before: int, fits) -> str | None:
        """The person who was the last grammatical subject in the paragraph before token ``before``.

        Names, role phrases ("the Chinese leader") and pronouns already resolved count; a subject
        coordinated with another person ("X and Y met") is no single subject, and a subject inside
        a quotation is someone the speaker talks about.
        """
        char = self.doc[before].idx
        end = len(self.text[:char].rstrip())
        paragraph_start = self.text.rfind("\n", 0, end) + 1
        for f in reversed(self._history(before)):
            if f.start < paragraph_start:
                break
            if len(f.actor_ids) != 1 or not fits(f.actor_ids[0]) or self._quoted(self.doc[f.tok_start]):
                continue
            root = self.doc[f.tok_start : f.tok_end].root
            if root.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if any(c.dep_ == "conj" for c in root.children):
                continue
            return f.actor_ids[0]
        return None

    def _recent_with_gender(self, before: int, gender: str, window: int = 3) -> str | None:
        """The person most recently referred to by a pronoun of ``gender`` in the last few sentences."""
        sents = 0
        for f in reversed(self._history(before)):
            if f.label == "PRON" and len(f.actor_ids) == 1 and self.gender.get(f.actor_ids[0]) == gender:
                return f.actor_ids[0]
            if self.doc[f.tok_start].is_sent_start:
                sents += 1
                if sents > window:
                    break
        return None

    def _recent_group(self, i: int) -> list[str]:
        """'they'/'their': the last group or coordinated pair in this or the previous sentence."""
        sent = self.doc[i].sent
        window_start = sent.start
        if sent.start > 0:
            window_start = self.doc[sent.start - 1].sent.start
        history = [f for f in self._history(i) if f.tok_start >= window_start]
        for f in reversed(history):
            if len(f.actor_ids) > 1:
                return list(f.actor_ids)
            root = self.doc[f.tok_start : f.tok_end].root
            if root.dep_ == "conj":
                head_found = [g for g in history if g.tok_start <= root.head.i < g.tok_end and len(g.actor_ids) == 1]
                if head_found and head_found[0].actor_ids[0] != f.actor_ids[0]:
                    return [head_found[0].actor_ids[0], f.actor_ids[0]]
        return []

    # ---- records ------------------------------------------------------------------------

    def _rekey_new_people(self) -> None:
        """A new person first met by surname gets the id of the full name found later."""
        renamed: dict[str, str] = {}
        for actor in list(self.new.values()):
            key = "new:" + slug(actor.name)
            if actor.kind == "person" and key != actor.id and key not in self.new:
                renamed[actor.id] = key
        for old, key in renamed.items():
            actor = self.new.pop(old)
            actor.id = key
            self.new[key] = actor
        if renamed:
            for f in self.found:
                f.actor_ids = tuple(renamed.get(aid, aid) for aid in f.actor_ids)

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

    def _records(self) -> tuple[list[Actor], list[Mention]]:
        self._rekey_new_people()
        mentions: list[Mention] = []
        spans: dict[str, list[tuple[int, int]]] = {}
        for f in sorted(self.found, key=lambda f: (f.start, f.end)):
            for aid in f.actor_ids:
                mentions.append(Mention(f.start, f.end, self.text[f.start : f.end], aid, f.label))
                spans.setdefault(aid, []).append((f.start, f.end))
        actors = []
        homes = self._group_homes()
        for aid, offsets in spans.items():
            kb_actor = self.kb.get(aid)
            if kb_actor is not None:
                kind = kb_actor.kind if kb_actor.kind in ("person", "organization", "country", "group") else "group"
                country = kb_actor.country or (aid if kind == "country" else None) or homes.get(aid)
                actors.append(Actor(aid, kb_actor.name, kind, country,
                                    tuple(offsets), kb_actor.wikidata))
            else:
                new = self.new.get(aid)
                name = new.name if new else aid
                actors.append(Actor(aid, name, new.kind if new else "group", new.country if new else None, tuple(offsets)))
        return actors, mentions


def _title_fits(written: str, title: str) -> bool:
    """'President', 'Acting President' and 'Interim President' fit 'President'; 'Vice President' does not."""
    written, title = normalize_name(written), normalize_name(title)
    return written == title or written in (f"acting {title}", f"interim {title}")


def _sounds_alike(a: str, b: str) -> bool:
    """Same metaphone code, or a match-rating-approach match, for transliteration variants."""
    if not a or not b:
        return False
    if a[0] != b[0] and jellyfish.metaphone(a)[:1] != jellyfish.metaphone(b)[:1]:
        return False
    if jellyfish.metaphone(a) == jellyfish.metaphone(b):
        return True
    try:
        alike = bool(jellyfish.match_rating_comparison(a, b))
    except ValueError:
        return False
    # The match-rating approach alone pairs too much ("Smith"/"Salman"): the spelling must be close too.
    return alike and fuzz.ratio(a, b) >= 70
