"""Stable ids for events and quotes, so that a rule change elsewhere never renumbers them.

An event's id is a hash of its document id, its PLOVER type and its evidence span; a quote's,
of its document id, its kind and its span. Only when two records of one document would get the
same id is more of them hashed: an event's source and target actors (then its status, mode,
dates, place and trigger), a quote's speaker (then its cue, parts and text). Records that are
the same in all of these are told apart by their order, the last resort.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import replace
from typing import Sequence

from .records import Analysis, Event, Quote

ID_LENGTH = 16  # hex digits of sha1: 64 bits, ample for the records of one document


def assign_ids(analysis: Analysis) -> Analysis:
    """The analysis with every event and quote given its stable id (existing ids are recomputed)."""
    doc_id = analysis.document.doc_id
    events = analysis.events
    quotes = analysis.quotes
    event_ids = stable_ids([_event_keys(doc_id, event) for event in events])
    quote_ids = stable_ids([_quote_keys(doc_id, quote) for quote in quotes])
    return replace(
        analysis,
        events=tuple(replace(event, id=i) for event, i in zip(events, event_ids)),
        quotes=tuple(replace(quote, id=i) for quote, i in zip(quotes, quote_ids)),
    )


def stable_ids(keys: Sequence[Sequence[tuple]]) -> list[str]:
    """One id per record from its keys, most telling first: ``keys[i] = (key, tie-breaker, ...)``.

    A record's id hashes its first key alone when no other record shares it, else its first two
    keys, and so on; records equal in every key get their rank among those equals hashed too.
    """
    ids = [""] * len(keys)
    pending = list(range(len(keys)))
    for depth in range(1, max((len(k) for k in keys), default=0) + 1):
        groups: dict[str, list[int]] = defaultdict(list)
        for i in pending:
            groups[_digest(keys[i][:depth])].append(i)
        pending = []
        for digest, members in groups.items():
            if len(members) == 1:
                ids[members[0]] = digest
            else:
                pending.extend(members)
    # What is left are records equal in every key: their order among their equals tells them apart.
    ranks: dict[str, int] = defaultdict(int)
    for i in pending:
        digest = _digest(keys[i])
        ids[i] = _digest((*keys[i], ("rank", ranks[digest])))
        ranks[digest] += 1
    return ids


def _event_keys(doc_id: str, event: Event) -> tuple[tuple, ...]:
    location = (event.location.name, event.location.country) if event.location else None
    return (
        ("event", doc_id, event.type, event.evidence_start, event.evidence_end),
        (event.source, event.target),
        (event.status, event.mode, event.date_start, event.date_end, location, event.trigger),
    )


def _quote_keys(doc_id: str, quote: Quote) -> tuple[tuple, ...]:
    return (
        ("quote", doc_id, quote.kind, quote.start, quote.end),
        (quote.speaker,),
        (quote.cue, quote.parts, quote.text),
    )


def _digest(key: Sequence[object]) -> str:
    text = json.dumps(key, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:ID_LENGTH]
