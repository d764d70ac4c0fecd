"""Typed records passed between the pipeline stages.

Every record is a frozen dataclass. Offsets are character offsets into
``Document.text`` (the cleaned text), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ACTOR_KINDS = ("person", "organization", "country", "group")
EVENT_STATUSES = ("occurred", "planned", "negated", "hypothetical")
QUOTE_KINDS = ("direct", "indirect", "mixed")
PUBLISHED_HOW = ("header", "dateline", "metadata", "inferred")


@dataclass(frozen=True)
class Dateline:
    """A wire dateline such as ``PARIS, March 3 (Reuters) --``."""

    place: str | None
    agency: str | None
    # "March 3" as written, when the dateline carries a day; parsed by the time stage.
    date_text: str | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Published:
    """The document's publication date and how it was found."""

    date: str | None  # ISO YYYY-MM-DD or None when there is no evidence
    how: str | None  # one of PUBLISHED_HOW, None when date is None
    confidence: float = 0.0
    evidence: str | None = None  # the text that gave the date (for inferred dates)


NO_DATE = Published(date=None, how=None, confidence=0.0)


@dataclass(frozen=True)
class Document:
    """One cleaned article as ingested."""

    doc_id: str  # hash of the normalized cleaned text
    source: str  # file name (or file name + line for JSON lines, or "<stdin>")
    text: str  # cleaned text; every offset points into it
    title: str | None = None
    published: Published = NO_DATE  # from header/metadata/dateline at ingest
    dateline: Dateline | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
    metadata: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """A span of text that refers to an actor."""

    start: int
    end: int
    text: str
    actor_id: str
    label: str  # PERSON, ORG, GPE, NORP, ROLE, GROUP, PRON, ...


@dataclass(frozen=True)
class Actor:
    """An actor found in one document, with all its mentions."""

    id: str  # knowledge-base id, or "new:<slug>" for actors not in the knowledge base
    name: str  # canonical name
    kind: str  # one of ACTOR_KINDS
    country: str | None  # ISO-3166 alpha-3, when known
    mentions: tuple[tuple[int, int], ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class TimeExpr:
    """A time expression normalized against the document date."""

    text: str
    start: int
    end: int
    value: str  # ISO 8601: 2021-09-03, 2025-05, 2025, 2025-05-07/2025-05-10, 1939/1945, P17Y, PRESENT_REF
    granularity: str  # day, month, year, decade, century, interval, week, season, quarter, time, duration, set, reference
    type: str = "DATE"  # the TimeML TIMEX3 type: DATE, TIME, DURATION or SET
    duration: str | None = None  # a DURATION's ISO 8601 length (P17Y); its value is then the interval the text ties
    # it to ("for the last 27 years" -> 1992/2019), or the same length when the text ties it to no date


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None


@dataclass(frozen=True)
class Event:
    """A coded PLOVER event with its evidence."""

    type: str  # one of the 16 PLOVER types
    mode: str | None
    cameo: str | None  # CAMEO root code, two digits
    source: tuple[str, ...]  # actor ids
    target: tuple[str, ...]  # actor ids
    date_start: str | None
    date_end: str | None
    location: Place | None
    status: str  # one of EVENT_STATUSES
    evidence_start: int
    evidence_end: int
    evidence_text: str
    confidence: float
    trigger: str | None = None  # the word or phrase that triggered the event
    id: str = ""  # stable id (``ids.assign_ids``): a hash of the document, type and evidence span


@dataclass(frozen=True)
class Quote:
    """A direct, indirect or mixed quote with its speaker."""

    text: str
    start: int
    end: int
    speaker: str | None  # actor id
    kind: str  # one of QUOTE_KINDS
    cue: str | None  # the speech verb or phrase ("said", "according to")
    # The quoted pieces of one sentence split by its attribution ('"A," she said, "b"'),
    # as (start, end) spans; empty when the quote is one piece.
    parts: tuple[tuple[int, int], ...] = ()
    id: str = ""  # stable id (``ids.assign_ids``): a hash of the document, kind and span
    confidence: float | None = None  # the chance it is right (``calibration.py``); None before calibration


@dataclass(frozen=True)
class PlaceFacts:
    """What a place name stands for: the state it can act for, and the country it lies in."""

    state: str | None  # a capital, seat or country name acting for its state ("Moscow said")
    country: str | None  # ISO-3166 alpha-3 of the country the place is in


@dataclass(frozen=True)
class Cast:
    """The resolve stage's answer: every actor the later stages may name, and what is known of it.

    ``actors`` and ``mentions`` are the resolved names, titles, roles and pronouns. The rest lets
    quotes and events read the document's actors without the knowledge base: ``facts`` holds the
    knowledge-base entry (``kb.KBActor``: kind, country, type, roles, end) of every known actor
    the document names or implies, ``nationalities`` the actor each demonym written in the text
    stands for ("Egyptian" -> EGY, "South Korean" -> KOR; one word or two, as written) and
    ``places`` each place name of the text (and the dateline's) with its state and country.
    """

    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    facts: Mapping[str, object] = field(default_factory=dict)
    nationalities: Mapping[str, str] = field(default_factory=dict)
    places: Mapping[str, PlaceFacts] = field(default_factory=dict)
    incidental: tuple[Actor, ...] = ()  # named only by what they are ("police"): actors where they act

    def with_named(self, actor_ids) -> tuple[Actor, ...]:
        """``actors`` and, after them, every actor of ``actor_ids`` they lack.

        An incidental actor ("police", "the gunman") joins when an event or quote names it. A stage
        may also name an actor it found without a name mention (a nationality adjective as an
        event's side, "Egyptian police"); its record comes from ``facts``, with no offsets.
        """
        known = {actor.id for actor in self.actors}
        incidental = {actor.id: actor for actor in self.incidental}
        added = []
        for actor_id in dict.fromkeys(actor_ids):
            if actor_id in incidental and actor_id not in known:
                added.append(incidental[actor_id])
                known.add(actor_id)
                continue
            entry = self.facts.get(actor_id) if actor_id not in known else None
            if entry is not None:
                added.append(Actor(entry.id, entry.name, entry.kind, entry.country, (), entry.wikidata))
                known.add(actor_id)
        return (*self.actors, *added)


def referenced(events: Iterable[Event], quotes: Iterable[Quote]) -> list[str]:
    """The ids of the actors events name as sides and quotes as speakers (the contract keeps them all among the actors)."""
    return [*(i for e in events for i in (*e.source, *e.target)), *(q.speaker for q in quotes if q.speaker)]


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline found in one document."""

    document: Document
    published: Published
    actors: tuple[Actor, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    mentioned: tuple[Actor, ...] = ()  # actors the text names that the story is not about (learned.salience)


@dataclass(frozen=True)
class Failure:
    """An input that could not be read or analysed: which one, why, and the error code."""

    source: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason} [{self.code}]"


# --------------------------------------------------------------------------- across documents (link)

DERIVATION_KINDS = ("copy", "rewrite")


@dataclass(frozen=True)
class Facets:
    """What the link stage keeps of one document to compare later documents with it."""

    doc_id: str
    source: str
    headline: str
    date: str | None  # its published date, None when undated
    signature: tuple[int, ...] = ()  # MinHash of its word shingles
    numbers: tuple[str, ...] = ()  # the figures it gives ("23", "1,500", "80th")
    actors: tuple[str, ...] = ()  # actor ids
    quotes: tuple[tuple[str | None, tuple[str, ...]], ...] = ()  # (speaker id, content words) per quote
    events: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str | None], ...] = ()  # type, source, target, date
    inferred_date: str | None = None  # a date inferred from the text, confident enough to bound its story
    terms: tuple[tuple[str, float], ...] = ()  # its heaviest TF-IDF terms as it was linked (a unit vector)


@dataclass(frozen=True)
class Derivation:
    """A document that copies or rewrites an earlier one: never an independent source."""

    doc_id: str
    derived_from: str  # the doc_id of its source
    kind: str  # one of DERIVATION_KINDS
    similarity: float
    evidence: str  # what the two share, in words


@dataclass(frozen=True)
class StoryState:
    """A story as the link stage compares a new document with it."""

    id: str
    centroid: Mapping[str, float]  # summed term weights of its members (the top terms only)
    start: str | None
    end: str | None
    size: int
    actors: Mapping[str, int] = field(default_factory=dict)  # actor id -> members naming it


@dataclass(frozen=True)
class StoryPlacement:
    """Where a new document goes: a story (new or existing), with the story's updated state."""

    doc_id: str
    story: StoryState
    new: bool
    similarity: float  # the document's cosine with the story before it joined (1.0 for a new story)
    date: str | None  # the document's date, or the estimate below for an undated one
    date_how: str  # "published" or "estimated"
    date_evidence: str | None
    date_confidence: float
    actor_names: Mapping[str, str] = field(default_factory=dict)  # id -> name, for the story's actor list


@dataclass(frozen=True)
class EventMention:
    """One document's report of an event, as a merged event lists it."""

    event_id: str
    doc_id: str
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    date_start: str | None
    date_end: str | None
    location: str | None
    location_country: str | None
    status: str
    evidence: str


@dataclass(frozen=True)
class MergedEventState:
    """A merged event as the link stage compares a new mention with it."""

    id: str
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    date_start: str | None
    date_end: str | None
    location_country: str | None
    documents: tuple[str, ...] = ()  # doc_ids of its mentions (stories block undated mentions)


@dataclass(frozen=True)
class QuoteMention:
    """One document's carrying of a statement."""

    quote_id: str
    doc_id: str
    speaker: str | None
    words: tuple[str, ...]
    text: str
    date: str | None


@dataclass(frozen=True)
class LinkUpdate:
    """All the link stage decided for one new document; the store's writer records it."""

    facets: Facets
    terms: tuple[str, ...]  # its distinct terms (the document frequencies to raise)
    bands: tuple[str, ...]  # its LSH band keys
    story_terms: tuple[str, ...]  # its top terms, posting lists that lead to its story
    derivation: Derivation | None
    placement: StoryPlacement
    events: tuple[tuple[str, EventMention], ...]  # (merged event id, mention) per event
    merged_events: tuple[MergedEventState, ...]  # the merged events those mentions join, as updated
    event_keys: tuple[tuple[str, str], ...]  # (blocking key, merged event id): type group and actor
    quotes: tuple[tuple[str, QuoteMention], ...]  # (merged quote id, mention) per quote
    split: StorySplit | None = None  # the story it joined, parted in two
    posting_depth: int = 0  # a story already among a term's latest this many postings is not posted again (0: always)


@dataclass(frozen=True)
class StorySplit:
    """A story whose latest members fell into two groups: the smaller group leaves for a story of its own.

    ``kept`` is the story under its old id, ``parted`` the new one; the new document is in one of them
    (its placement's story). ``terms`` are the posting lists that lead to the parted story.
    """

    moved: tuple[str, ...]  # doc_ids of stored members that move to ``parted``
    kept: StoryState
    parted: StoryState
    terms: tuple[str, ...]
