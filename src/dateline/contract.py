"""The JSONL output contract of DESIGN.md: one JSON object per document.

Field names are fixed (tools outside the project read them); more fields may be added.
``to_contract`` and ``from_contract`` convert between it and the pipeline's records;
``validate`` checks an object against the JSON Schema shipped in ``data/schema/``.
Events and quotes carry their stable ``id`` (``ids.assign_ids``) when they have one; readers
must not require it (output written before it was added has none).
"""

from __future__ import annotations

import json
from typing import Any

from .errors import DatelineError
from .records import (
    Actor,
    Analysis,
    Dateline,
    Document,
    Event,
    Place,
    Published,
    Quote,
    TimeExpr,
)
from .resources import output_schema
from .timeml import timex_type

SCHEMA_FILE = "output.schema.json"


def to_contract(analysis: Analysis) -> dict[str, Any]:
    """The contract object for one analysed document."""
    document = analysis.document
    published = analysis.published
    record: dict[str, Any] = {
        "source": document.source,
        "doc_id": document.doc_id,
        "title": document.title,
        "text": document.text,
        "published": {
            "date": published.date,
            "how": published.how,
            "confidence": round(published.confidence, 3),
        },
        "dateline": None,
        "actors": [_actor(actor) for actor in analysis.actors],
        "times": [
            {
                "text": time.text,
                "start": time.start,
                "end": time.end,
                "value": time.value,
                "granularity": time.granularity,
                "type": time.type,
                **({"duration": time.duration} if time.duration else {}),
            }
            for time in analysis.times
        ],
        "events": [_event(event) for event in analysis.events],
        "quotes": [_quote(quote) for quote in analysis.quotes],
        # added: the actors the text names that the story is not about (the salience model's answer)
        "mentioned": [_actor(actor) for actor in analysis.mentioned],
    }
    if published.evidence:
        record["published"]["evidence"] = published.evidence
    if document.dateline is not None:
        record["dateline"] = {"place": document.dateline.place, "agency": document.dateline.agency}
    for key in ("outlet", "author", "url"):
        value = getattr(document, key)
        if value:
            record[key] = value
    if document.metadata:
        record["metadata"] = dict(document.metadata)
    return record


def _actor(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "mentions": [list(span) for span in actor.mentions],
        **({"wikidata": actor.wikidata} if actor.wikidata else {}),
    }


def _event(event: Event) -> dict[str, Any]:
    return {
        **({"id": event.id} if event.id else {}),
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "source": list(event.source),
        "target": list(event.target),
        "date": {"start": event.date_start, "end": event.date_end},
        "location": (
            {"name": event.location.name, "country": event.location.country} if event.location else None
        ),
        "status": event.status,
        "evidence": {"start": event.evidence_start, "end": event.evidence_end, "text": event.evidence_text},
        "confidence": round(event.confidence, 3),
        **({"trigger": event.trigger} if event.trigger else {}),
    }


def from_contract(record: dict[str, Any]) -> Analysis:
    """Rebuild the records from a contract object (the inverse of ``to_contract``)."""
    raw_published = record.get("published") or {}
    published = Published(
        date=raw_published.get("date"),
        how=raw_published.get("how"),
        confidence=raw_published.get("confidence", 0.0),
        evidence=raw_published.get("evidence"),
    )
    raw_dateline = record.get("dateline")
    dateline = (
        Dateline(place=raw_dateline.get("place"), agency=raw_dateline.get("agency"))
        if raw_dateline
        else None
    )
    document = Document(
        doc_id=record["doc_id"],
        source=record["source"],
        text=record["text"],
        title=record.get("title"),
        published=published,
        dateline=dateline,
        outlet=record.get("outlet"),
        author=record.get("author"),
        url=record.get("url"),
        metadata=record.get("metadata") or {},
    )
    actors = tuple(_read_actor(a) for a in record.get("actors", ()))
    times = tuple(
        TimeExpr(
            t["text"], t["start"], t["end"], t["value"], t.get("granularity", "day"),
            t.get("type") or timex_type(t["value"]), t.get("duration"),
        )
        for t in record.get("times", ())
    )
    events = tuple(
        Event(
            type=e["type"],
            mode=e.get("mode"),
            cameo=e.get("cameo"),
            source=tuple(e.get("source", ())),
            target=tuple(e.get("target", ())),
            date_start=(e.get("date") or {}).get("start"),
            date_end=(e.get("date") or {}).get("end"),
            location=Place(e["location"]["name"], e["location"].get("country")) if e.get("location") else None,
            status=e["status"],
            evidence_start=e["evidence"]["start"],
            evidence_end=e["evidence"]["end"],
            evidence_text=e["evidence"]["text"],
            confidence=e.get("confidence", 0.0),
            trigger=e.get("trigger"),
            id=e.get("id", ""),
        )
        for e in record.get("events", ())
    )
    quotes = tuple(
        Quote(
            q["text"], q["start"], q["end"], q.get("speaker"), q["kind"], q.get("cue"),
            tuple(tuple(part) for part in q.get("parts", ())),
            q.get("id", ""),
            q.get("confidence"),
        )
        for q in record.get("quotes", ())
    )
    return Analysis(document, published, actors, times, events, quotes, tuple(_read_actor(a) for a in record.get("mentioned", ())))


def _read_actor(a: dict[str, Any]) -> Actor:
    return Actor(
        id=a["id"],
        name=a["name"],
        kind=a["kind"],
        country=a.get("country"),
        mentions=tuple(tuple(span) for span in a.get("mentions", ())),
        wikidata=a.get("wikidata"),
    )


def _quote(quote: Quote) -> dict[str, Any]:
    out = {
        **({"id": quote.id} if quote.id else {}),
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "speaker": quote.speaker,
        "kind": quote.kind,
        "cue": quote.cue,
    }
    if quote.parts:
        out["parts"] = [list(part) for part in quote.parts]
    if quote.confidence is not None:
        out["confidence"] = round(quote.confidence, 3)
    return out


def dumps(record: dict[str, Any]) -> str:
    """One JSONL line."""
    return json.dumps(record, ensure_ascii=False)


def schema() -> dict[str, Any]:
    """The JSON Schema of one contract object."""
    return output_schema()


def validate(record: dict[str, Any]) -> None:
    """Raise DatelineError E302 when ``record`` does not follow the contract."""
    import jsonschema

    try:
        jsonschema.validate(record, schema())
    except jsonschema.ValidationError as err:
        where = "/".join(str(p) for p in err.absolute_path) or "(top)"
        raise DatelineError("E302", f"contract violation at {where}: {err.message}") from err
