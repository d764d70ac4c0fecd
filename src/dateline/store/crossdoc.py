"""Read the link stage's results: stories, merged events, merged quotes and derived documents.

These are the records of the cross-document view (JSON Schema in
``data/schema/crossdoc.schema.json``; ``as_record`` gives each one's JSON object). The reader
(``Reader.stories``, ``Reader.merged_events``, ``Reader.merged_quotes``, ``Reader.duplicates``)
calls the functions here on its connection.

A merged event's summary is made when it is read, from all its mentions: its type is the most
common one; its status ``occurred`` when any source says it occurred (a planned event that then
occurred is one event, the announcement among its mentions), else the most common; its date the
one most occurred mentions give (else most mentions); ``disputed`` lists the mentions whose date
lies more than a day from it, or that say the event was called off while others say it
happened. Independent sources are the distinct documents among its mentions that derive from
no other document (``derivations``).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from unidecode import unidecode

AGREE_DAYS = 1  # mentions whose dates lie further apart than this disagree
MAIN_ACTORS = 8  # a story lists the actors most of its documents name


@dataclass(frozen=True)
class StoryMember:
    """A document in a story, with its date (published, or estimated for an undated one)."""

    doc: str  # source name
    doc_id: str
    headline: str
    date: str | None
    date_how: str  # published | inferred (by the time stage) | estimated (from its story) | none
    date_evidence: str | None
    date_confidence: float | None
    derived_from: str | None  # source name of the document it copies or rewrites


@dataclass(frozen=True)
class StoryRow:
    """Documents about one real-world happening."""

    id: str
    title: str  # its most central headline
    documents: tuple[str, ...]  # source names, in the order they were linked
    start: str | None
    end: str | None
    actors: tuple[dict, ...]  # main actors: {id, name, documents}, most documents first
    size: int
    members: tuple[StoryMember, ...]


@dataclass(frozen=True)
class Mention:
    """One document's report of a merged event."""

    doc: str
    doc_id: str
    event_id: str
    evidence: str
    status: str
    date: str | None  # the mention's own date (an interval as start/end)
    derived: bool  # the document copies or rewrites another


@dataclass(frozen=True)
class MergedEventRow:
    """One real-world event with every document's mention of it."""

    id: str
    type: str
    source: tuple[dict, ...]  # {id, name}
    target: tuple[dict, ...]
    date: str | None
    location: str | None
    status: str
    disputed: tuple[dict, ...]  # the mentions that disagree: {doc, date, status, why}
    mentions: tuple[Mention, ...]
    independent_sources: int


@dataclass(frozen=True)
class MergedQuoteRow:
    """One statement with every document that carries it; ``first`` is the earliest source.

    Documents are ordered by their link date (stated, else estimated from their story), an
    original before its copies on the same day.
    """

    id: str
    speaker: dict | None  # {id, name}
    text: str
    first: str  # source name of the earliest document carrying it
    mentions: tuple[dict, ...]  # {doc, date, text}
    independent_sources: int


@dataclass(frozen=True)
class DuplicateRow:
    """A document derived from another: a copy or a rewrite."""

    doc: str
    doc_id: str
    derived_from: tuple[str, ...]  # source names
    kind: str
    similarity: float
    evidence: str | None


def as_record(row: Any) -> dict:
    """A row as its JSON object of the cross-document view."""
    raw = dataclasses.asdict(row)
    if isinstance(row, StoryRow):
        raw.pop("members")
        raw["members"] = [dataclasses.asdict(m) for m in row.members]
    return json.loads(json.dumps(raw, ensure_ascii=False))


def _names(db: sqlite3.Connection, ids) -> list[dict]:
    out = []
    for actor_id in ids:
        row = db.execute("SELECT name FROM actors WHERE actor_id = ? LIMIT 1", (actor_id,)).fetchone()
        out.append({"id": actor_id, "name": row[0] if row else actor_id})
    return out


def stories(db: sqlite3.Connection, limit: int | None = None, min_documents: int = 1) -> list[StoryRow]:
    """Stories, largest first (then latest)."""
    rows = db.execute(
        """SELECT story_id, start, "end", size, actors, actor_names FROM stories WHERE size >= ?
           ORDER BY size DESC, "end" DESC, story_id LIMIT ?""",
        (min_documents, -1 if limit is None else limit),
    ).fetchall()
    return [_story(db, row) for row in rows]


def story(db: sqlite3.Connection, story_id: str) -> StoryRow | None:
    """One story by id."""
    row = db.execute(
        """SELECT story_id, start, "end", size, actors, actor_names FROM stories WHERE story_id = ?""", (story_id,)
    ).fetchone()
    return _story(db, row) if row else None


def _story(db: sqlite3.Connection, row) -> StoryRow:
    story_id, start, end, size, actors, actor_names = row
    members = db.execute(
        """SELECT l.doc_id, d.source, l.facets, l.date, l.date_how, l.date_evidence, l.date_confidence,
                  l.similarity, s.source
           FROM link_documents l JOIN documents d ON d.doc_id = l.doc_id
           LEFT JOIN derivations v ON v.doc_id = l.doc_id LEFT JOIN documents s ON s.doc_id = v.derived_from
           WHERE l.story_id = ? ORDER BY l.seq""",
        (story_id,),
    ).fetchall()
    member_rows, title, best = [], "", -1.0
    for doc_id, source, facets, day, how, evidence, confidence, similarity, derived_from in members:
        headline = json.loads(facets)["headline"]
        member_rows.append(StoryMember(source, doc_id, headline, day, how or "none", evidence, confidence, derived_from))
        # The most central headline: the member most like the story when it joined (the first when alone).
        centrality = similarity if similarity is not None else 0.0
        if centrality > best:
            title, best = headline, centrality
    counts = json.loads(actors)
    names = json.loads(actor_names)
    main = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAIN_ACTORS]
    return StoryRow(
        id=story_id,
        title=title,
        documents=tuple(m.doc for m in member_rows),
        start=start,
        end=end,
        actors=tuple({"id": a, "name": names.get(a, a), "documents": n} for a, n in main),
        size=size,
        members=tuple(member_rows),
    )


def duplicates(db: sqlite3.Connection) -> list[DuplicateRow]:
    """Derived documents, most similar first."""
    rows = db.execute(
        """SELECT d.source, v.doc_id, s.source, v.kind, v.similarity, v.evidence FROM derivations v
           JOIN documents d ON d.doc_id = v.doc_id JOIN documents s ON s.doc_id = v.derived_from
           ORDER BY v.similarity DESC, d.source"""
    )
    return [DuplicateRow(r[0], r[1], (r[2],), r[3], r[4], r[5]) for r in rows]


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.split("/")[0][:10]) if len(value.split("/")[0]) >= 10 else None
    except ValueError:
        return None


def merged_events(
    db: sqlite3.Connection,
    *,
    type: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_sources: int = 1,
    limit: int | None = None,
) -> list[MergedEventRow]:
    """Merged events, most independent sources first; filters as ``dateline events --merged``."""
    where, params = [], []
    if type:
        where.append("m.type = ?")
        params.append(type.upper())
    if actor:
        needle = unidecode(actor).casefold()
        where.append(
            """EXISTS (SELECT 1 FROM event_mentions em JOIN event_actors ea ON ea.event_id = em.event_id
                       WHERE em.merged_id = m.merged_id AND (instr(fold(ea.actor_id), ?) OR instr(fold(ea.name), ?)))"""
        )
        params += [needle, needle]
    sql = f"SELECT m.merged_id FROM merged_events m {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY m.seq"
    out = []
    for (merged_id,) in db.execute(sql, params).fetchall():
        row = merged_event(db, merged_id)
        if row is None or row.independent_sources < min_sources:
            continue
        if since and (row.date or "") < since:
            continue
        if until and (row.date is None or row.date[:10] > until):
            continue
        out.append(row)
    out.sort(key=lambda r: (-r.independent_sources, -len(r.mentions), r.date or "", r.id))
    return out[:limit] if limit is not None else out


def merged_event(db: sqlite3.Connection, merged_id: str) -> MergedEventRow | None:
    """One merged event, summarized from all its mentions."""
    rows = db.execute(
        """SELECT em.mention, d.source, d.published_date, v.doc_id IS NOT NULL FROM event_mentions em
           JOIN documents d ON d.doc_id = em.doc_id LEFT JOIN derivations v ON v.doc_id = em.doc_id
           LEFT JOIN link_documents l ON l.doc_id = em.doc_id
           WHERE em.merged_id = ? ORDER BY l.date IS NULL, l.date, v.doc_id IS NOT NULL, d.id""",
        (merged_id,),
    ).fetchall()
    if not rows:
        return None
    mentions, raw = [], []
    for text, source, _published, derived in rows:
        m = json.loads(text)
        day = m["date_start"] if m["date_start"] == m["date_end"] or not m["date_end"] else f"{m['date_start']}/{m['date_end']}"
        mentions.append(Mention(source, m["doc_id"], m["event_id"], m["evidence"], m["status"], day, bool(derived)))
        raw.append(m)
    types = Counter(m["type"] for m in raw)
    statuses = Counter(m["status"] for m in raw)
    status = "occurred" if statuses["occurred"] else statuses.most_common(1)[0][0]
    dated = [m for m in mentions if m.date and (status != "occurred" or m.status == "occurred")] or [
        m for m in mentions if m.date
    ]
    day = Counter(m.date for m in dated).most_common(1)[0][0] if dated else None
    disputed = []
    for m in mentions:
        first, chosen = _day(m.date), _day(day)
        if m.status in ("occurred", "planned") and first and chosen and abs((first - chosen).days) > AGREE_DAYS:
            # A planned event announced over an interval holding the day it occurred agrees with it.
            last = _day((m.date or "").split("/")[-1])
            if not (last and first <= chosen <= last):
                disputed.append({"doc": m.doc, "date": m.date, "status": m.status, "why": "date"})
        if m.status == "negated" and statuses["occurred"]:
            disputed.append({"doc": m.doc, "date": m.date, "status": m.status, "why": "status"})
    sources = Counter(a for m in raw for a in m["source"])
    targets = Counter(a for m in raw for a in m["target"])
    places = Counter(m["location"] for m in raw if m["location"])
    independent = len({m.doc_id for m in mentions if not m.derived})
    return MergedEventRow(
        id=merged_id,
        type=types.most_common(1)[0][0],
        source=tuple(_names(db, [a for a, _ in sources.most_common()])),
        target=tuple(_names(db, [a for a, _ in targets.most_common()])),
        date=day,
        location=places.most_common(1)[0][0] if places else None,
        status=status,
        disputed=tuple(disputed),
        mentions=tuple(mentions),
        independent_sources=independent,
    )


def merged_quotes(
    db: sqlite3.Connection, speaker: str | None = None, min_sources: int = 1, limit: int | None = None
) -> list[MergedQuoteRow]:
    """Merged quotes, most independent sources first."""
    where, params = "", []
    if speaker:
        where = "WHERE instr(fold(q.speaker), ?) OR EXISTS (SELECT 1 FROM actors a WHERE a.actor_id = q.speaker AND instr(fold(a.name), ?))"
        params = [unidecode(speaker).casefold()] * 2
    out = []
    sql = f"SELECT q.merged_id, q.speaker FROM merged_quotes q {where} ORDER BY q.seq"
    for merged_id, speaker_id in db.execute(sql, params).fetchall():
        rows = db.execute(
            """SELECT qm.mention, d.source, v.doc_id IS NOT NULL FROM quote_mentions qm
               JOIN documents d ON d.doc_id = qm.doc_id LEFT JOIN derivations v ON v.doc_id = qm.doc_id
               LEFT JOIN link_documents l ON l.doc_id = qm.doc_id
               WHERE qm.merged_id = ? ORDER BY l.date IS NULL, l.date, v.doc_id IS NOT NULL, d.id""",
            (merged_id,),
        ).fetchall()
        if not rows:
            continue
        mentions = [(json.loads(text), source, derived) for text, source, derived in rows]
        independent = len({m["doc_id"] for m, _, derived in mentions if not derived})
        if independent < min_sources:
            continue
        out.append(MergedQuoteRow(
            id=merged_id,
            speaker=_names(db, [speaker_id])[0] if speaker_id else None,
            text=mentions[0][0]["text"],
            first=mentions[0][1],
            mentions=tuple({"doc": source, "date": m["date"], "text": m["text"]} for m, source, _ in mentions),
            independent_sources=independent,
        ))
    out.sort(key=lambda r: (-r.independent_sources, -len(r.mentions), r.id))
    return out[:limit] if limit is not None else out


CROSSDOC_KINDS = ("stories", "events", "quotes", "duplicates")


def export_crossdoc(reader, what: str, out) -> Any:
    """Write one kind of cross-document record (stories, events, quotes, duplicates) as JSON lines to ``out``."""
    from ..errors import DatelineError

    rows = {
        "stories": reader.stories,
        "events": reader.merged_events,
        "quotes": reader.merged_quotes,
        "duplicates": reader.duplicates,
    }.get(what)
    if rows is None:
        raise DatelineError("E504", f"{what}: not a cross-document record kind (choose {', '.join(CROSSDOC_KINDS)})")
    try:
        with open(out, "w", encoding="utf-8") as handle:
            for row in rows():
                handle.write(json.dumps(as_record(row), ensure_ascii=False) + "\n")
    except OSError as err:
        raise DatelineError("E505", f"{out}: cannot write the export ({err})") from err
    return out
