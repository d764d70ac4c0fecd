"""The link stage's results for the explorer: stories, merged events and derived documents.

They exist once the link stage has run on a database (its tables, read through the reader's
``stories``, ``story``, ``merged_events`` and ``duplicates``). On a database without them
``linked`` is False and the views say so; nothing here makes up a story.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..errors import DatelineError
from .queries import EventFilter, Explorer, Page, check_page

NO_STORIES = (
    "This database has no stories: the link stage (which groups documents into stories and merges the "
    "same event across documents) has not run on it. Events are listed per document."
)


def linked(ex: Explorer) -> bool:
    """True when the link stage has run on this database (it holds stories) and this dateline can read them.

    A database whose schema has the link tables but whose documents were stored without linking
    (``Writer.add`` alone) has no stories: its events are listed per document.
    """
    if not (ex.has_table("stories") and hasattr(ex.reader, "stories") and hasattr(ex.reader, "merged_events")):
        return False
    return ex.reader.query("SELECT 1 FROM stories LIMIT 1").fetchone() is not None


def _plain(row: Any) -> dict[str, Any]:
    return dataclasses.asdict(row) if dataclasses.is_dataclass(row) else dict(row)


def stories(ex: Explorer, limit: int | None = 50, offset: int = 0, *, latest: bool = False) -> Page:
    """Stories, largest first (or latest first); an empty page when the link stage has not run."""
    check_page(limit, offset)
    if not linked(ex):
        return Page([], 0, limit, offset)
    rows = [_plain(s) for s in ex.reader.stories()]
    if latest:
        rows.sort(key=lambda s: (s.get("end") or "", s.get("size") or 0), reverse=True)
    end = None if limit is None else offset + limit
    return Page(rows[offset:end], len(rows), limit, offset)


def story(ex: Explorer, story_id: str) -> dict[str, Any]:
    """One story: its documents (derived ones marked), its merged events with the sources of each."""
    if not linked(ex):
        raise DatelineError("E905", NO_STORIES)
    row = ex.reader.story(story_id)
    if row is None:
        raise DatelineError("E905", f"no story with id {story_id!r}")
    found = _plain(row)
    members = {m["doc_id"] for m in found.get("members", ())}
    kinds = {d["doc_id"]: d for d in (_plain(d) for d in getattr(ex.reader, "duplicates", lambda: [])())}
    for member in found.get("members", ()):
        derived = kinds.get(member["doc_id"])
        member["derived_kind"] = derived["kind"] if derived else None
        member["similarity"] = derived["similarity"] if derived else None
    found["events"] = [
        event for event in (_plain(e) for e in ex.reader.merged_events())
        if any(m["doc_id"] in members for m in event.get("mentions", ()))
    ]
    return found


def merged_events(ex: Explorer, f: EventFilter, limit: int | None = 50, offset: int = 0) -> Page:
    """Events merged across documents, filtered as the per-document list is (most sources first)."""
    check_page(limit, offset)
    f = f.check()
    if f.min_confidence is not None:
        raise DatelineError("E901", f"min_confidence={f.min_confidence!r}: merged events carry no confidence; "
                                    "add per_document=true to filter each document's events by it")
    rows = ex.reader.merged_events(type=f.type, actor=f.actor, since=f.since, until=f.until,
                                   min_sources=f.min_sources or 1)
    items = []
    for row in (_plain(r) for r in rows):
        mentions = row.get("mentions", ())
        if f.status and row.get("status") != f.status:
            continue
        if f.place and row.get("location") != f.place:
            continue
        if f.doc and not any(m.get("doc_id") == f.doc for m in mentions):
            continue
        if f.q and not any(f.q.casefold() in (m.get("evidence") or "").casefold() for m in mentions):
            continue
        items.append(row)
    end = None if limit is None else offset + limit
    return Page(items[offset:end], len(items), limit, offset)


def merged_event_days(ex: Explorer) -> list[dict[str, Any]]:
    """Merged events per day and type (those dated to the day): each real-world event counted once."""
    counts: dict[tuple[str, str], int] = {}
    for event in ex.reader.merged_events():
        day = (event.date or "").split("/")[0]
        if len(day) >= 10:
            key = (day[:10], event.type)
            counts[key] = counts.get(key, 0) + 1
    return [{"day": day, "type": type_, "events": n} for (day, type_), n in sorted(counts.items())]
