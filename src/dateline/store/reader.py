"""The read-only reader: queries over a database file that it never changes.

``Reader(path)`` opens the file with the SQLite URI ``file:...?mode=ro`` and never migrates:
a database made by an older dateline gets E506 (open it once with a write command such as
``dateline ingest`` to upgrade it), one made by a newer dateline E502. Any write through a
reader fails. The writer (``Store``) answers the same queries on its own connection.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator, Sequence

from unidecode import unidecode

from ..errors import DatelineError
from . import crossdoc
from .schema import MEMORY, SCHEMA_VERSION, Connection, check_version, opening, record_with_text


@dataclass(frozen=True)
class DocumentRow:
    """One stored document, without its text."""

    doc_id: str
    source: str
    title: str | None
    published_date: str | None
    published_how: str | None
    published_confidence: float | None
    dateline_place: str | None
    dateline_agency: str | None
    outlet: str | None
    url: str | None
    events: int
    quotes: int


@dataclass(frozen=True)
class ActorRow:
    """An actor across the database: in how many documents, with how many mentions."""

    id: str
    name: str
    kind: str | None
    country: str | None
    documents: int
    mentions: int


@dataclass(frozen=True)
class EventRow:
    """One stored event, with its actors' names as well as their ids."""

    doc_id: str
    index: int  # its place among the document's events
    id: str | None  # its stable id (``ids.assign_ids``)
    type: str
    mode: str | None
    cameo: str | None
    source_ids: tuple[str, ...]
    source_names: tuple[str, ...]
    target_ids: tuple[str, ...]
    target_names: tuple[str, ...]
    date_start: str | None
    date_end: str | None
    location_name: str | None
    location_country: str | None
    status: str
    confidence: float | None
    evidence_start: int | None
    evidence_end: int | None
    evidence_text: str | None
    trigger: str | None
    source: str  # the document's source file
    published_date: str | None


@dataclass(frozen=True)
class QuoteRow:
    """One stored quote with its speaker's id and name."""

    doc_id: str
    index: int  # its place among the document's quotes
    id: str | None  # its stable id (``ids.assign_ids``)
    text: str
    start: int
    end: int
    speaker_id: str | None
    speaker_name: str | None
    kind: str | None
    cue: str | None
    source: str
    published_date: str | None
    confidence: float | None = None  # calibrated (calibration.py); None for quotes stored before it


@dataclass(frozen=True)
class SearchHit:
    """A document or quote matching a full-text query; higher ``score`` is better."""

    kind: str  # "document" or "quote"
    doc_id: str
    source: str
    title: str | None
    snippet: str  # matching words wrapped in the ``mark`` strings given to ``search``
    score: float  # minus the bm25 rank
    quote_index: int | None = None
    speaker_name: str | None = None
    quote_id: str | None = None


def match_expression(query: str) -> str | None:
    """Turn a user's query into a safe FTS5 MATCH expression, or None if it has no words.

    Words are all required; text in double quotes is a phrase (an unclosed quote runs to
    the end); ``word*`` is a prefix; an upper-case ``OR`` between two terms is kept as the
    operator. Every term is quoted, so hyphens, colons, parentheses and stray quotes are
    read as text, never as FTS5 syntax.
    """
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"?|([^\s"]+)', query):
        if word == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        term = phrase if phrase else word
        prefix = bool(word) and word.endswith("*")
        term = term.rstrip("*") if prefix else term
        if not any(ch.isalnum() for ch in term):
            continue
        parts.append('"' + term.replace('"', '""') + '"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts) or None


def _fold(text: str | None) -> str | None:
    """Case- and accent-insensitive form for name filters (Erdoğan ~ erdogan)."""
    return None if text is None else unidecode(text).casefold()


class Reader(Connection):
    """Read-only queries over a database file. Use it as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, *, timeout: float = 5.0):
        self.path = str(path)
        if self.path == MEMORY:
            raise DatelineError("E501", "a reader reads a database file, not an in-memory database")
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        try:
            self._db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
        except sqlite3.Error as err:
            raise DatelineError("E501", f"{self.path}: cannot open the database ({err})") from err
        with opening(self._db, self.path):
            self._db.execute("PRAGMA query_only = ON")
            _prepare(self._db)
            version = check_version(self._db, self.path)
        if version < SCHEMA_VERSION:
            self._db.close()
            if version == 0:
                raise DatelineError("E501", f"{self.path}: an empty file, not a dateline database yet")
            raise DatelineError(
                "E506",
                f"{self.path}: made by an older dateline (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); open it once with a write command such as "
                f"`dateline ingest PATH --db {self.path}` to upgrade it",
            )

    @classmethod
    def over(cls, db: sqlite3.Connection, path: str) -> Reader:
        """A reader over a connection the writer opened and migrated (it reads what the writer wrote)."""
        reader = cls.__new__(cls)
        reader.path = path
        reader._db = db
        _prepare(db)
        return reader

    def query(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one SQL query and return its cursor (rows as ``sqlite3.Row``)."""
        return self._db.execute(sql, params)

    def export(self, fmt: str, out: str | Path | IO[str], *, overwrite: bool = True, **options) -> list[Path]:
        """Write the database out as ``fmt`` (jsonl, csv, parquet); see ``exports.export``."""
        from .exports import export

        return export(self, fmt, out, overwrite=overwrite, **options)

    def __contains__(self, doc_id: object) -> bool:
        row = self._db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row is not None

    def stats(self) -> dict[str, Any]:
        """Counts: documents, actors (distinct ids), events, quotes, times, and breakdowns."""
        count = lambda sql: self._db.execute(sql).fetchone()[0]  # noqa: E731
        first, last = self._db.execute(
            "SELECT MIN(published_date), MAX(published_date) FROM documents"
        ).fetchone()
        return {
            "schema_version": self.schema_version,
            "documents": count("SELECT count(*) FROM documents"),
            "documents_undated": count("SELECT count(*) FROM documents WHERE published_date IS NULL"),
            "actors": count("SELECT count(DISTINCT actor_id) FROM actors"),
            "events": count("SELECT count(*) FROM events"),
            "quotes": count("SELECT count(*) FROM quotes"),
            "times": count("SELECT count(*) FROM times"),
            "events_by_type": self._breakdown("events", "type"),
            "events_by_status": self._breakdown("events", "status"),
            "quotes_by_kind": self._breakdown("quotes", "kind"),
            "first_published": first,
            "last_published": last,
        }

    def _breakdown(self, table: str, column: str) -> dict[str, int]:
        rows = self._db.execute(
            f"SELECT {column}, count(*) AS n FROM {table} GROUP BY {column} ORDER BY n DESC, {column}"
        )
        return {row[0]: row[1] for row in rows}

    def search(
        self, query: str, limit: int = 20, *, mark: tuple[str, str] = ("**", "**")
    ) -> list[SearchHit]:
        """Full-text search over documents (title, text) and quotes (text, speaker), best first.

        The query syntax is ``match_expression``'s; a query without words finds nothing.
        Snippets wrap matching words in ``mark`` (Markdown bold by default). The text is not
        escaped: for HTML pass marks that cannot occur in text (``"\x02"``, ``"\x03"``),
        escape the snippet, then replace them with tags.
        """
        expression = match_expression(query)
        if expression is None or limit < 1:
            return []
        documents = self._db.execute(
            """SELECT d.doc_id, d.source, d.title,
                      snippet(documents_fts, -1, ?, ?, '…', 16) AS snippet,
                      bm25(documents_fts, 2.0, 1.0) AS rank
               FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
               WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?""",
            (mark[0], mark[1], expression, limit),
        ).fetchall()
        quotes = self._db.execute(
            """SELECT q.doc_id, d.source, d.title, q.idx, q.quote_id, q.speaker_name,
                      snippet(quotes_fts, 0, ?, ?, '…', 24) AS snippet,
                      bm25(quotes_fts, 1.0, 1.0) AS rank
               FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid
                    JOIN documents d ON d.doc_id = q.doc_id
               WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ?""",
            (mark[0], mark[1], expression, limit),
        ).fetchall()
        hits = [
            SearchHit("document", r["doc_id"], r["source"], r["title"], r["snippet"], -r["rank"])
            for r in documents
        ] + [
            SearchHit(
                "quote", r["doc_id"], r["source"], r["title"], r["snippet"], -r["rank"],
                quote_index=r["idx"], speaker_name=r["speaker_name"], quote_id=r["quote_id"],
            )
            for r in quotes
        ]
        hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]

    def documents(self, limit: int | None = None) -> list[DocumentRow]:
        """Stored documents in the order they were added, with their event and quote counts."""
        rows = self._db.execute(
            """SELECT d.doc_id, d.source, d.title, d.published_date, d.published_how,
                      d.published_confidence, d.dateline_place, d.dateline_agency, d.outlet, d.url,
                      (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events,
                      (SELECT count(*) FROM quotes q WHERE q.doc_id = d.doc_id) AS quotes
               FROM documents d ORDER BY d.id LIMIT ?""",
            (_sql_limit(limit),),
        )
        return [DocumentRow(**dict(row)) for row in rows]

    def record(self, doc_id: str) -> dict[str, Any] | None:
        """The contract object stored for ``doc_id``, or None."""
        row = self._db.execute("SELECT record, text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else record_with_text(*row)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every stored contract object, in the order the documents were added."""
        for stored, text in self._db.execute("SELECT record, text FROM documents ORDER BY id"):
            yield record_with_text(stored, text)

    def events(
        self, type: str | None = None, actor: str | None = None, limit: int | None = None,
        min_confidence: float | None = None,
    ) -> list[EventRow]:
        """Events, optionally of one PLOVER type (case-insensitive), with an actor and of at least a confidence.

        ``actor`` matches a source or target whose id or name contains it, ignoring case
        and accents.
        """
        where, params = [], []
        if min_confidence is not None:
            where.append("e.confidence >= ?")
            params.append(min_confidence)
        if type:
            where.append("e.type = ?")  # PLOVER types are upper case
            params.append(type.upper())
        if actor:
            where.append(
                """EXISTS (SELECT 1 FROM event_actors ea
                           WHERE ea.doc_id = e.doc_id AND ea.event_idx = e.idx
                             AND (instr(fold(ea.actor_id), ?) OR instr(fold(ea.name), ?)))"""
            )
            params += [_fold(actor)] * 2
        return self._events(where, params, "d.id, e.idx", limit)

    def timeline(self, limit: int | None = 20) -> list[EventRow]:
        """Dated events in date order (earliest first); undated events are left out."""
        return self._events(
            ["e.date_start IS NOT NULL"], [], "e.date_start, e.date_end, d.id, e.idx", limit
        )

    def _events(self, where: list[str], params: list[Any], order: str, limit: int | None) -> list[EventRow]:
        sql = f"""SELECT e.*, d.source, d.published_date FROM events e
                  JOIN documents d ON d.doc_id = e.doc_id
                  {"WHERE " + " AND ".join(where) if where else ""}
                  ORDER BY {order} LIMIT ?"""
        return [_event_row(row) for row in self._db.execute(sql, [*params, _sql_limit(limit)])]

    def quotes(
        self, speaker: str | None = None, query: str | None = None, limit: int | None = None,
        min_confidence: float | None = None,
    ) -> list[QuoteRow]:
        """Quotes, optionally by a speaker (id or name contains it, ignoring case and accents),
        matching a full-text query (then best match first) and of at least a confidence (quotes
        stored without one then left out)."""
        where, params = [], []
        if min_confidence is not None:
            where.append("q.confidence >= ?")
            params.append(min_confidence)
        joins = ""
        order = "d.id, q.idx"
        if query is not None:
            expression = match_expression(query)
            if expression is None:
                return []
            joins = "JOIN quotes_fts ON quotes_fts.rowid = q.id"
            where.append("quotes_fts MATCH ?")
            params.append(expression)
            order = "bm25(quotes_fts), d.id, q.idx"
        if speaker:
            where.append("(instr(fold(q.speaker_id), ?) OR instr(fold(q.speaker_name), ?))")
            params += [_fold(speaker)] * 2
        sql = f"""SELECT q.doc_id, q.idx, q.quote_id, q.text, q.start, q."end", q.speaker_id, q.speaker_name,
                         q.kind, q.cue, q.confidence, d.source, d.published_date
                  FROM quotes q JOIN documents d ON d.doc_id = q.doc_id {joins}
                  {"WHERE " + " AND ".join(where) if where else ""}
                  ORDER BY {order} LIMIT ?"""
        return [
            QuoteRow(
                doc_id=r["doc_id"], index=r["idx"], id=r["quote_id"], text=r["text"], start=r["start"],
                end=r["end"],
                speaker_id=r["speaker_id"], speaker_name=r["speaker_name"], kind=r["kind"],
                cue=r["cue"], source=r["source"], published_date=r["published_date"], confidence=r["confidence"],
            )
            for r in self._db.execute(sql, [*params, _sql_limit(limit)])
        ]

    def actors(self, limit: int | None = None) -> list[ActorRow]:
        """Actors across all documents, most documents first (then most mentions)."""
        rows = self._db.execute(
            """SELECT actor_id, name, kind, country, documents, mentions FROM actor_summary
               ORDER BY documents DESC, mentions DESC, name LIMIT ?""",
            (_sql_limit(limit),),
        )
        return [
            ActorRow(r["actor_id"], r["name"], r["kind"], r["country"], r["documents"], r["mentions"])
            for r in rows
        ]

    # The link stage's cross-document view (store/crossdoc.py documents each record).

    def stories(self, limit: int | None = None, min_documents: int = 1) -> list[crossdoc.StoryRow]:
        """Stories (documents about one happening), largest first: title, documents, dates, main actors."""
        return crossdoc.stories(self._db, limit, min_documents)

    def story(self, story_id: str) -> crossdoc.StoryRow | None:
        """One story by id, with its members and their (possibly estimated) dates."""
        return crossdoc.story(self._db, story_id)

    def merged_events(
        self, type: str | None = None, actor: str | None = None, since: str | None = None,
        until: str | None = None, min_sources: int = 1, limit: int | None = None,
    ) -> list[crossdoc.MergedEventRow]:
        """Events merged across documents with their mentions and independent sources, most sources first."""
        return crossdoc.merged_events(self._db, type=type, actor=actor, since=since, until=until,
                                      min_sources=min_sources, limit=limit)

    def merged_event(self, merged_id: str) -> crossdoc.MergedEventRow | None:
        """One merged event by id."""
        return crossdoc.merged_event(self._db, merged_id)

    def merged_quotes(
        self, speaker: str | None = None, min_sources: int = 1, limit: int | None = None
    ) -> list[crossdoc.MergedQuoteRow]:
        """Statements carried by one or more documents, with the earliest source."""
        return crossdoc.merged_quotes(self._db, speaker, min_sources, limit)

    def duplicates(self) -> list[crossdoc.DuplicateRow]:
        """Documents derived from another (copies and rewrites): never independent sources."""
        return crossdoc.duplicates(self._db)


def _prepare(db: sqlite3.Connection) -> None:
    """Rows by column name, and the ``fold`` SQL function the name filters use."""
    db.row_factory = sqlite3.Row
    db.create_function("fold", 1, _fold, deterministic=True)


def _event_row(row: sqlite3.Row) -> EventRow:
    return EventRow(
        doc_id=row["doc_id"],
        index=row["idx"],
        id=row["event_id"],
        type=row["type"],
        mode=row["mode"],
        cameo=row["cameo"],
        source_ids=tuple(json.loads(row["source_ids"])),
        source_names=tuple(json.loads(row["source_names"])),
        target_ids=tuple(json.loads(row["target_ids"])),
        target_names=tuple(json.loads(row["target_names"])),
        date_start=row["date_start"],
        date_end=row["date_end"],
        location_name=row["location_name"],
        location_country=row["location_country"],
        status=row["status"],
        confidence=row["confidence"],
        evidence_start=row["evidence_start"],
        evidence_end=row["evidence_end"],
        evidence_text=row["evidence_text"],
        trigger=row["trigger"],
        source=row["source"],
        published_date=row["published_date"],
    )


def _sql_limit(limit: int | None) -> int:
    """SQLite reads LIMIT -1 as no limit."""
    return -1 if limit is None else max(limit, 0)
