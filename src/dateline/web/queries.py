"""The explorer's queries: filtered, paginated lists over a read-only ``store.Reader``.

Every query is parameterized SQL run through ``Reader.query`` on a connection opened
``mode=ro``; the values a request brings are bound, never pasted into the SQL. Filters are
validated here (``EventFilter.check`` and friends) and a bad one raises ``DatelineError``
E901 naming the parameter and what it accepts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import DatelineError
from ..records import EVENT_STATUSES, PLOVER_TYPES, QUOTE_KINDS
from ..store import Reader

MAX_PAGE = 1000  # rows in one JSON page; CSV downloads have no cap
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def bad_parameter(name: str, value: object, accepted: str) -> DatelineError:
    """E901 naming the parameter, the value given and what it accepts."""
    return DatelineError("E901", f"{name}={value!r}: {accepted}")


def check_page(limit: int | None, offset: int) -> None:
    """E901 for a page size outside 1..MAX_PAGE or a negative offset."""
    if limit is not None and not 1 <= limit <= MAX_PAGE:
        raise bad_parameter("limit", limit, f"a number from 1 to {MAX_PAGE} (CSV downloads take every row)")
    if offset < 0:
        raise bad_parameter("offset", offset, "a number from 0")


def _fold_like(text: str) -> str:
    from unidecode import unidecode

    return unidecode(text).casefold()


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, how many match in all, and where the page starts."""

    items: list[dict[str, Any]]
    total: int
    limit: int | None
    offset: int

    def as_dict(self, **extra: Any) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit, "offset": self.offset, **extra}


@dataclass(frozen=True)
class EventFilter:
    """The filters of the events list (all optional); ``check`` validates them."""

    actor: str | None = None  # id or name (contains, ignoring case and accents), either side
    type: str | None = None  # PLOVER type
    status: str | None = None
    since: str | None = None  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD): events ending on or after it
    until: str | None = None  # events starting on or before it
    min_sources: int | None = None  # independent sources (a per-document event has one)
    min_confidence: float | None = None
    q: str | None = None  # words in the evidence sentence
    place: str | None = None  # the event's location name, exactly
    doc: str | None = None  # one document's events

    def check(self) -> EventFilter:
        if self.type and self.type.upper() not in PLOVER_TYPES:
            raise bad_parameter("type", self.type, "one of " + ", ".join(PLOVER_TYPES))
        if self.status and self.status not in EVENT_STATUSES:
            raise bad_parameter("status", self.status, "one of " + ", ".join(EVENT_STATUSES))
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not _DATE.match(value):
                raise bad_parameter(name, value, "a date as YYYY-MM-DD, YYYY-MM or YYYY")
        if self.min_sources is not None and self.min_sources < 1:
            raise bad_parameter("min_sources", self.min_sources, "a number from 1")
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise bad_parameter("min_confidence", self.min_confidence, "a number from 0 to 1")
        return self

    def params(self) -> dict[str, Any]:
        """The filters that are set, as URL query parameters."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass(frozen=True)
class QuoteFilter:
    speaker: str | None = None  # id or name (contains, ignoring case and accents)
    q: str | None = None  # full-text query over the quote's text
    kind: str | None = None
    doc: str | None = None

    def check(self) -> QuoteFilter:
        if self.kind and self.kind not in QUOTE_KINDS:
            raise bad_parameter("kind", self.kind, "one of " + ", ".join(QUOTE_KINDS))
        return self

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass(frozen=True)
class ActorFilter:
    q: str | None = None  # id or name contains (ignoring case and accents)
    kind: str | None = None
    country: str | None = None

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return ("WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


class Explorer:
    """The explorer's read-only view of one database."""

    def __init__(self, reader: Reader):
        self.reader = reader

    def _rows(self, sql: str, params: list[Any] | tuple = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.reader.query(sql, params)]

    def _count(self, sql: str, params: list[Any] | tuple = ()) -> int:
        return self.reader.query(sql, params).fetchone()[0]

    def has_table(self, name: str) -> bool:
        row = self.reader.query("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        return row is not None

    # documents

    def documents(self, q: str | None = None, limit: int | None = 50, offset: int = 0) -> Page:
        """Documents in the order they were added (or best match first for a full-text ``q``)."""
        check_page(limit, offset)
        joins, where, order = "", _Where(), "d.id"
        if q:
            from ..store import match_expression

            expression = match_expression(q)
            if expression is None:
                return Page([], 0, limit, offset)
            joins = "JOIN documents_fts ON documents_fts.rowid = d.id"
            where.add("documents_fts MATCH ?", expression)
            order = "bm25(documents_fts, 2.0, 1.0), d.id"
        total = self._count(f"SELECT count(*) FROM documents d {joins} {where.sql()}", where.params)
        rows = self._rows(
            f"""SELECT d.doc_id AS id, d.source, d.title, d.published_date, d.published_how, d.published_confidence,
                       d.dateline_place, d.dateline_agency, d.outlet, d.url,
                       (SELECT count(*) FROM actors a WHERE a.doc_id = d.doc_id) AS actors,
                       (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events,
                       (SELECT count(*) FROM quotes q WHERE q.doc_id = d.doc_id) AS quotes,
                       (SELECT count(*) FROM times t WHERE t.doc_id = d.doc_id) AS times
                FROM documents d {joins} {where.sql()} ORDER BY {order} LIMIT ? OFFSET ?""",
            [*where.params, _limit(limit), offset],
        )
        items = [
            {
                "id": r["id"], "source": r["source"], "title": r["title"],
                "published": {"date": r["published_date"], "how": r["published_how"],
                              "confidence": r["published_confidence"]},
                "dateline": {"place": r["dateline_place"], "agency": r["dateline_agency"]},
                "outlet": r["outlet"], "url": r["url"],
                "counts": {k: r[k] for k in ("actors", "events", "quotes", "times")},
            }
            for r in rows
        ]
        return Page(items, total, limit, offset)

    def record(self, doc_id: str) -> dict[str, Any]:
        """The full contract record of one document; E902 when there is none."""
        record = self.reader.record(doc_id)
        if record is None:
            raise DatelineError("E902", f"no document with id {doc_id!r}")
        return record

    def document_meta(self, doc_id: str) -> dict[str, Any]:
        rows = self._rows(
            """SELECT doc_id, source, title, published_date, published_how, published_confidence, published_evidence,
                      dateline_place, dateline_agency, outlet, author, url FROM documents WHERE doc_id = ?""",
            (doc_id,),
        )
        if not rows:
            raise DatelineError("E902", f"no document with id {doc_id!r}")
        return rows[0]

    # events

    def _event_where(self, f: EventFilter) -> _Where:
        where = _Where()
        if f.type:
            where.add("e.type = ?", f.type.upper())
        if f.status:
            where.add("e.status = ?", f.status)
        if f.actor:
            where.add(
                """EXISTS (SELECT 1 FROM event_actors ea WHERE ea.doc_id = e.doc_id AND ea.event_idx = e.idx
                           AND (ea.actor_id = ? OR instr(fold(ea.actor_id), ?) OR instr(fold(ea.name), ?)))""",
                f.actor, _fold_like(f.actor), _fold_like(f.actor),
            )
        if f.since:
            where.add("coalesce(e.date_end, e.date_start) >= ?", f.since)
        if f.until:
            # "2025-05" as an upper bound takes the whole month: compare on the prefix's length
            where.add("substr(e.date_start, 1, ?) <= ?", len(f.until), f.until)
        if f.min_sources is not None and f.min_sources > 1:
            where.add("0")  # a per-document event is reported by one source
        if f.min_confidence is not None:
            where.add("coalesce(e.confidence, 0) >= ?", f.min_confidence)
        if f.q:
            where.add("instr(fold(e.evidence_text), ?)", _fold_like(f.q))
        if f.place:
            where.add("e.location_name = ?", f.place)
        if f.doc:
            where.add("e.doc_id = ?", f.doc)
        return where

    def events(self, f: EventFilter, limit: int | None = 50, offset: int = 0) -> Page:
        """Events matching ``f``, latest first (undated last)."""
        check_page(limit, offset)
        where = self._event_where(f.check())
        total = self._count(f"SELECT count(*) FROM events e {where.sql()}", where.params)
        items = list(self._event_items(where, limit, offset))
        return Page(items, total, limit, offset)

    def iter_events(self, f: EventFilter) -> Iterator[dict[str, Any]]:
        """Every event matching ``f`` (for CSV downloads), in the list's order."""
        return self._event_items(self._event_where(f.check()), None, 0)

    def _event_items(self, where: _Where, limit: int | None, offset: int) -> Iterator[dict[str, Any]]:
        cursor = self.reader.query(
            f"""SELECT e.*, d.source AS document_source, d.title AS document_title, d.published_date
                FROM events e JOIN documents d ON d.doc_id = e.doc_id {where.sql()}
                ORDER BY e.date_start IS NULL, e.date_start DESC, d.id, e.idx LIMIT ? OFFSET ?""",
            [*where.params, _limit(limit), offset],
        )
        for row in cursor:
            yield event_item(row)

    def event_days(self) -> list[dict[str, Any]]:
        """Events per day and type, for the timeline: events dated to the day (not "2023" or "2023-05")."""
        return self._rows(
            """SELECT substr(date_start, 1, 10) AS day, type, count(*) AS events FROM events
               WHERE length(date_start) >= 10 GROUP BY day, type ORDER BY day, type"""
        )

    def places(self) -> list[dict[str, Any]]:
        """Event locations with how many events each, most first."""
        return self._rows(
            """SELECT location_name AS name, location_country AS country, count(*) AS events,
                      min(date_start) AS first, max(coalesce(date_end, date_start)) AS last
               FROM events WHERE location_name IS NOT NULL
               GROUP BY location_name, location_country ORDER BY events DESC, name"""
        )

    def document_places(self) -> list[dict[str, Any]]:
        """Event locations per document (name, the resolver's country, events, first and last day) with what the
        gazetteer asks of the document: its dateline's place, its events' place countries and its actors."""
        rows = self._rows(
            """SELECT e.doc_id, e.location_name AS name, e.location_country AS country, count(*) AS events,
                      min(e.date_start) AS first, max(coalesce(e.date_end, e.date_start)) AS last
               FROM events e WHERE e.location_name IS NOT NULL
               GROUP BY e.doc_id, e.location_name, e.location_country ORDER BY e.doc_id, name"""
        )
        located = "(SELECT doc_id FROM events WHERE location_name IS NOT NULL)"
        dateline = {r["doc_id"]: r["dateline_place"] for r in self._rows(
            f"SELECT doc_id, dateline_place FROM documents WHERE doc_id IN {located}")}
        countries: dict[str, list[str]] = {}
        for r in self._rows(f"""SELECT doc_id, location_country FROM events
                                WHERE location_country IS NOT NULL AND doc_id IN {located} ORDER BY doc_id, idx"""):
            countries.setdefault(r["doc_id"], []).append(r["location_country"])
        actors: dict[str, list[tuple[str | None, str | None, int]]] = {}
        for r in self._rows(f"""SELECT doc_id, kind, country, mention_count FROM actors
                                WHERE country IS NOT NULL AND doc_id IN {located} ORDER BY doc_id, actor_id"""):
            actors.setdefault(r["doc_id"], []).append((r["kind"], r["country"], r["mention_count"]))
        for row in rows:
            doc = row["doc_id"]
            row.update(dateline_place=dateline.get(doc), place_countries=countries.get(doc, []), actors=actors.get(doc, []))
        return rows

    # actors

    def _actor_where(self, f: ActorFilter) -> _Where:
        where = _Where()
        if f.q:
            where.add("(instr(fold(s.actor_id), ?) OR instr(fold(s.name), ?))", _fold_like(f.q), _fold_like(f.q))
        if f.kind:
            where.add("s.kind = ?", f.kind)
        if f.country:
            where.add("s.country = ?", f.country.upper())
        return where

    def actors(self, f: ActorFilter, limit: int | None = 50, offset: int = 0) -> Page:
        """Actors, most widely reported first, with their roles' counts."""
        check_page(limit, offset)
        where = self._actor_where(f)
        total = self._count(f"SELECT count(*) FROM actor_summary s {where.sql()}", where.params)
        items = list(self._actor_items(where, limit, offset))
        return Page(items, total, limit, offset)

    def iter_actors(self, f: ActorFilter) -> Iterator[dict[str, Any]]:
        return self._actor_items(self._actor_where(f), None, 0)

    def _actor_items(self, where: _Where, limit: int | None, offset: int) -> Iterator[dict[str, Any]]:
        cursor = self.reader.query(
            f"""SELECT s.actor_id AS id, s.name, s.kind, s.country, s.documents, s.mentions,
                       (SELECT count(*) FROM event_actors ea WHERE ea.actor_id = s.actor_id AND ea.role = 'source')
                           AS events_as_source,
                       (SELECT count(*) FROM event_actors ea WHERE ea.actor_id = s.actor_id AND ea.role = 'target')
                           AS events_as_target,
                       (SELECT count(*) FROM quotes q WHERE q.speaker_id = s.actor_id) AS quotes
                FROM actor_summary s {where.sql()}
                ORDER BY s.documents DESC, s.mentions DESC, s.name LIMIT ? OFFSET ?""",
            [*where.params, _limit(limit), offset],
        )
        for row in cursor:
            yield dict(row)

    def actor(self, actor_id: str) -> dict[str, Any]:
        """One actor: identity, counts, events over time, the actors it acts on and is acted on by."""
        found = list(self._actor_items(_Where(["s.actor_id = ?"], [actor_id]), 1, 0))
        if not found:
            raise DatelineError("E903", f"no actor with id {actor_id!r}")
        actor = found[0]
        actor["names"] = [
            r["name"] for r in self._rows(
                "SELECT name, sum(mention_count) AS n FROM actors WHERE actor_id = ? GROUP BY name ORDER BY n DESC",
                (actor_id,),
            )
        ]
        actor["events_by_month"] = self._rows(
            """SELECT substr(e.date_start, 1, 7) AS month, ea.role, count(DISTINCT e.event_id) AS events
               FROM event_actors ea JOIN events e ON e.doc_id = ea.doc_id AND e.idx = ea.event_idx
               WHERE ea.actor_id = ? AND e.date_start IS NOT NULL GROUP BY month, ea.role ORDER BY month, ea.role""",
            (actor_id,),
        )
        actor["acts_on"] = self._partners(actor_id, "source", "target")
        actor["acted_on_by"] = self._partners(actor_id, "target", "source")
        return actor

    def _partners(self, actor_id: str, own_role: str, other_role: str) -> list[dict[str, Any]]:
        return self._rows(
            """SELECT o.actor_id AS id, max(o.name) AS name, count(DISTINCT o.event_id) AS events,
                      group_concat(DISTINCT e.type) AS types
               FROM event_actors me
               JOIN event_actors o ON o.doc_id = me.doc_id AND o.event_idx = me.event_idx
               JOIN events e ON e.doc_id = me.doc_id AND e.idx = me.event_idx
               WHERE me.actor_id = ? AND me.role = ? AND o.role = ? AND o.actor_id != me.actor_id
               GROUP BY o.actor_id ORDER BY events DESC, name""",
            (actor_id, own_role, other_role),
        )

    # quotes

    def _quote_where(self, f: QuoteFilter) -> tuple[str, _Where, str] | None:
        joins, where, order = "", _Where(), "d.id, q.idx"
        if f.q:
            from ..store import match_expression

            expression = match_expression(f.q)
            if expression is None:
                return None
            joins = "JOIN quotes_fts ON quotes_fts.rowid = q.id"
            where.add("quotes_fts MATCH ?", expression)
            order = "bm25(quotes_fts), d.id, q.idx"
        if f.speaker:
            where.add(
                "(q.speaker_id = ? OR instr(fold(q.speaker_id), ?) OR instr(fold(q.speaker_name), ?))",
                f.speaker, _fold_like(f.speaker), _fold_like(f.speaker),
            )
        if f.kind:
            where.add("q.kind = ?", f.kind)
        if f.doc:
            where.add("q.doc_id = ?", f.doc)
        return joins, where, order

    def quotes(self, f: QuoteFilter, limit: int | None = 50, offset: int = 0) -> Page:
        """Quotes matching ``f``: by document order, or best match first for a text query."""
        check_page(limit, offset)
        parts = self._quote_where(f.check())
        if parts is None:
            return Page([], 0, limit, offset)
        joins, where, _ = parts
        total = self._count(f"SELECT count(*) FROM quotes q {joins} {where.sql()}", where.params)
        return Page(list(self._quote_items(parts, limit, offset)), total, limit, offset)

    def iter_quotes(self, f: QuoteFilter) -> Iterator[dict[str, Any]]:
        parts = self._quote_where(f.check())
        return iter(()) if parts is None else self._quote_items(parts, None, 0)

    def _quote_items(self, parts: tuple[str, _Where, str], limit: int | None, offset: int) -> Iterator[dict[str, Any]]:
        joins, where, order = parts
        cursor = self.reader.query(
            f"""SELECT q.quote_id AS id, q.doc_id, q.idx, q.text, q.start, q."end", q.speaker_id, q.speaker_name,
                       q.kind, q.cue, d.source AS document_source, d.title AS document_title, d.published_date
                FROM quotes q JOIN documents d ON d.doc_id = q.doc_id {joins} {where.sql()}
                ORDER BY {order} LIMIT ? OFFSET ?""",
            [*where.params, _limit(limit), offset],
        )
        for row in cursor:
            item = dict(row)
            item["speaker"] = {"id": item.pop("speaker_id"), "name": item.pop("speaker_name")}
            item["index"] = item.pop("idx")
            yield item


def event_item(row: Any) -> dict[str, Any]:
    """One stored event as the API gives it: actors as ``{id, name}``, date, location, evidence."""
    return {
        "id": row["event_id"],
        "doc_id": row["doc_id"],
        "index": row["idx"],
        "type": row["type"],
        "mode": row["mode"],
        "cameo": row["cameo"],
        "source": _sides(row["source_ids"], row["source_names"]),
        "target": _sides(row["target_ids"], row["target_names"]),
        "date": {"start": row["date_start"], "end": row["date_end"]},
        "location": {"name": row["location_name"], "country": row["location_country"]},
        "status": row["status"],
        "confidence": row["confidence"],
        "evidence": {"start": row["evidence_start"], "end": row["evidence_end"], "text": row["evidence_text"]},
        "trigger": row["trigger"],
        "document": {"source": row["document_source"], "title": row["document_title"],
                     "published": row["published_date"]},
        "independent_sources": 1,  # one document's event; the link stage merges events across documents
    }


def _sides(ids: str, names: str) -> list[dict[str, str]]:
    return [{"id": i, "name": n} for i, n in zip(json.loads(ids), json.loads(names))]


def _limit(limit: int | None) -> int:
    return -1 if limit is None else limit
