"""Storage: analyses in an SQLite file, full-text search, and exports.

``Store(path)`` opens (or creates) a database file, or ``":memory:"``. Files use WAL
journalling; foreign keys are on. The schema lives in ``MIGRATIONS``, an ordered list of
SQL scripts: a database records how many it has applied in ``meta.schema_version``, an
older database is upgraded when opened (one transaction per script), and a database made
by a newer dateline is refused.

Each document is stored once, keyed by its content-hash ``doc_id``; adding it again
changes nothing (it is counted as a duplicate). The whole contract object of each
document (``contract.to_contract``) is kept as JSON, so the JSONL export gives back
exactly what the pipeline produced; the other tables hold the same facts in columns
for queries and for the CSV and Parquet exports.

Write from one process at a time (other processes may read meanwhile): a second writer
waits up to ``timeout`` seconds and then gets DatelineError E503.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

from unidecode import unidecode

from .contract import dumps, to_contract
from .errors import DatelineError
from .records import Analysis

# Each script is applied once, in order; the schema version is the number applied.
# Never edit a released script: append a new one.
MIGRATIONS: tuple[str, ...] = (
    # 1: documents and the facts found in them.
    """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    -- `id` is an explicit integer key so that the full-text index, which refers to
    -- rows by rowid, stays valid after VACUUM; doc_id is the key everything else uses.
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        title TEXT,
        published_date TEXT,
        published_how TEXT,
        published_confidence REAL,
        published_evidence TEXT,
        dateline_place TEXT,
        dateline_agency TEXT,
        outlet TEXT,
        author TEXT,
        url TEXT,
        text TEXT NOT NULL,
        record TEXT NOT NULL  -- the contract object as JSON, its "text" null (it is the column above)
    );

    CREATE TABLE actors (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        actor_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT,
        country TEXT,
        mention_count INTEGER NOT NULL,
        PRIMARY KEY (doc_id, actor_id)
    );
    CREATE INDEX actors_by_id ON actors(actor_id);

    CREATE TABLE times (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        value TEXT,
        granularity TEXT,
        PRIMARY KEY (doc_id, idx)
    );

    CREATE TABLE events (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        cameo TEXT,
        source_ids TEXT NOT NULL,     -- JSON arrays, in the order of the contract
        source_names TEXT NOT NULL,
        target_ids TEXT NOT NULL,
        target_names TEXT NOT NULL,
        date_start TEXT,
        date_end TEXT,
        location_name TEXT,
        location_country TEXT,
        status TEXT NOT NULL,
        confidence REAL,
        evidence_start INTEGER,
        evidence_end INTEGER,
        evidence_text TEXT,
        trigger TEXT,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX events_by_type ON events(type);
    CREATE INDEX events_by_date ON events(date_start);

    -- One row per actor taking part in an event, for filtering events by actor.
    CREATE TABLE event_actors (
        doc_id TEXT NOT NULL,
        event_idx INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('source', 'target')),
        actor_id TEXT NOT NULL,
        name TEXT NOT NULL,
        FOREIGN KEY (doc_id, event_idx) REFERENCES events(doc_id, idx) ON DELETE CASCADE
    );
    CREATE INDEX event_actors_by_event ON event_actors(doc_id, event_idx);
    CREATE INDEX event_actors_by_actor ON event_actors(actor_id);

    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        speaker_id TEXT,
        speaker_name TEXT,
        kind TEXT,
        cue TEXT,
        UNIQUE (doc_id, idx)
    );
    CREATE INDEX quotes_by_speaker ON quotes(speaker_id);

    -- Actors across the whole database: the most-mentioned spelling of each id.
    CREATE VIEW actor_summary AS
    SELECT actor_id, name, kind, country, documents, mentions FROM (
        SELECT actor_id, name, kind, country, MAX(mention_count) AS most,
               COUNT(*) AS documents, SUM(mention_count) AS mentions
        FROM actors GROUP BY actor_id
    );
    """,
    # 2: full-text search over documents and quotes, kept in sync by triggers.
    """
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;

    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, speaker_name, content='quotes', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
    END;
    CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
        VALUES ('delete', old.id, old.text, old.speaker_name);
    END;
    CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
        VALUES ('delete', old.id, old.text, old.speaker_name);
        INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
    END;

    INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
    INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
MEMORY = ":memory:"


@dataclass(frozen=True)
class AddResult:
    """What one ``Store.add`` call did."""

    stored: int
    duplicates: int


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
    index: int
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
    index: int
    text: str
    start: int
    end: int
    speaker_id: str | None
    speaker_name: str | None
    kind: str | None
    cue: str | None
    source: str
    published_date: str | None


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


class Store:
    """An SQLite database of analyses. Use it as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path = MEMORY, *, timeout: float = 5.0):
        self.path = str(path)
        try:
            # isolation_level=None: the store opens and ends every transaction itself.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
        except sqlite3.Error as err:
            raise DatelineError("E501", f"{self.path}: cannot open the database ({err})") from err
        self._db.row_factory = sqlite3.Row
        self._db.create_function("fold", 1, _fold, deterministic=True)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != MEMORY:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.OperationalError as err:
            self._db.close()
            raise DatelineError("E501", f"{self.path}: cannot open the database ({err})") from err
        except sqlite3.DatabaseError as err:
            self._db.close()
            raise DatelineError("E501", f"{self.path}: not a dateline database, or damaged ({err})") from err
        except DatelineError:
            self._db.close()
            raise

    # -- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        self._db.close()

    @property
    def schema_version(self) -> int:
        """The number of migrations this database has applied."""
        return _schema_version(self._db)

    def _migrate(self) -> None:
        version = _schema_version(self._db)
        if version is None:
            tables = self._db.execute(
                "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            if tables:
                raise DatelineError("E501", f"{self.path}: an SQLite file, but not a dateline database")
            version = 0
        if version > SCHEMA_VERSION:
            raise DatelineError(
                "E502",
                f"{self.path}: made by a newer dateline (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}); upgrade dateline to open it",
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            _apply_migration(self._db, number)

    # -- writing -----------------------------------------------------------------

    def add(self, analyses: Iterable[Analysis], batch_size: int = 100) -> AddResult:
        """Store analyses, one transaction per batch; already stored doc_ids are duplicates.

        If storing a document fails, its whole batch is rolled back and the error raised;
        batches committed before it stay.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        stored = duplicates = 0
        iterator = iter(analyses)
        while batch := list(islice(iterator, batch_size)):
            self._begin()
            batch_stored = batch_duplicates = 0
            where = self.path
            try:
                for analysis in batch:
                    where = analysis.document.source
                    if self._insert(analysis):
                        batch_stored += 1
                    else:
                        batch_duplicates += 1
                where = self.path
                self._db.execute("COMMIT")
            except BaseException as err:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(err, sqlite3.Error):
                    raise DatelineError("E503", f"{where}: cannot store the document ({err})") from err
                raise
            stored += batch_stored
            duplicates += batch_duplicates
        return AddResult(stored=stored, duplicates=duplicates)

    def _begin(self) -> None:
        """Start a write transaction, waiting up to the busy timeout for another writer."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise DatelineError(
                "E503",
                f"{self.path}: cannot write to the database ({err}); is another dateline writing to it?",
            ) from err

    def _insert(self, analysis: Analysis) -> bool:
        """Insert one analysis inside the open transaction; False if its doc_id is stored."""
        record = to_contract(analysis)
        doc_id = record["doc_id"]
        published = record.get("published") or {}
        dateline = record.get("dateline") or {}
        inserted = self._db.execute(
            """INSERT INTO documents (doc_id, source, title, published_date, published_how,
                   published_confidence, published_evidence, dateline_place, dateline_agency,
                   outlet, author, url, text, record)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (doc_id) DO NOTHING""",
            (
                doc_id,
                record["source"],
                record.get("title"),
                published.get("date"),
                published.get("how"),
                published.get("confidence"),
                published.get("evidence"),
                dateline.get("place"),
                dateline.get("agency"),
                record.get("outlet"),
                record.get("author"),
                record.get("url"),
                record["text"],
                _record_without_text(record),
            ),
        ).rowcount
        if not inserted:
            return False
        names: dict[str, str] = {}
        actor_rows = []
        for actor in record["actors"]:
            names.setdefault(actor["id"], actor["name"])
            actor_rows.append(
                (doc_id, actor["id"], actor["name"], actor["kind"], actor.get("country"),
                 len(actor.get("mentions", ())))
            )
        # INSERT OR IGNORE: an actor listed twice in one document is kept once.
        self._db.executemany(
            "INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?, ?)", actor_rows
        )
        self._db.executemany(
            "INSERT INTO times VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (doc_id, i, t["text"], t["start"], t["end"], t.get("value"), t.get("granularity"))
                for i, t in enumerate(record["times"])
            ],
        )
        event_rows, participant_rows = [], []
        for i, event in enumerate(record["events"]):
            source_names = [names.get(a, a) for a in event["source"]]
            target_names = [names.get(a, a) for a in event["target"]]
            date = event.get("date") or {}
            location = event.get("location") or {}
            evidence = event.get("evidence") or {}
            event_rows.append(
                (
                    doc_id, i, event["type"], event.get("mode"), event.get("cameo"),
                    json.dumps(event["source"], ensure_ascii=False),
                    json.dumps(source_names, ensure_ascii=False),
                    json.dumps(event["target"], ensure_ascii=False),
                    json.dumps(target_names, ensure_ascii=False),
                    date.get("start"), date.get("end"),
                    location.get("name"), location.get("country"),
                    event["status"], event.get("confidence"),
                    evidence.get("start"), evidence.get("end"), evidence.get("text"),
                    event.get("trigger"),
                )
            )
            for role, ids, role_names in (
                ("source", event["source"], source_names),
                ("target", event["target"], target_names),
            ):
                participant_rows.extend((doc_id, i, role, a, n) for a, n in zip(ids, role_names))
        self._db.executemany(
            f"INSERT INTO events VALUES ({', '.join('?' * 19)})", event_rows
        )
        self._db.executemany("INSERT INTO event_actors VALUES (?, ?, ?, ?, ?)", participant_rows)
        self._db.executemany(
            """INSERT INTO quotes (doc_id, idx, text, start, "end", speaker_id, speaker_name, kind, cue)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    doc_id, i, q["text"], q["start"], q["end"], q.get("speaker"),
                    names.get(q["speaker"]) if q.get("speaker") else None,
                    q.get("kind"), q.get("cue"),
                )
                for i, q in enumerate(record["quotes"])
            ],
        )
        return True

    def remove(self, doc_id: str) -> bool:
        """Delete a document and everything found in it; False if it was not stored."""
        self._begin()
        try:
            removed = self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,)).rowcount
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return bool(removed)

    # -- queries -----------------------------------------------------------------

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
            """SELECT q.doc_id, d.source, d.title, q.idx, q.speaker_name,
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
                quote_index=r["idx"], speaker_name=r["speaker_name"],
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
        return None if row is None else _record_with_text(*row)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every stored contract object, in the order the documents were added."""
        for stored, text in self._db.execute("SELECT record, text FROM documents ORDER BY id"):
            yield _record_with_text(stored, text)

    def events(
        self, type: str | None = None, actor: str | None = None, limit: int | None = None
    ) -> list[EventRow]:
        """Events, optionally of one PLOVER type (case-insensitive) and with an actor.

        ``actor`` matches a source or target whose id or name contains it, ignoring case
        and accents.
        """
        where, params = [], []
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
        self, speaker: str | None = None, query: str | None = None, limit: int | None = None
    ) -> list[QuoteRow]:
        """Quotes, optionally by a speaker (id or name contains it, ignoring case and accents)
        and matching a full-text query (then best match first)."""
        where, params = [], []
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
        sql = f"""SELECT q.doc_id, q.idx, q.text, q.start, q."end", q.speaker_id, q.speaker_name,
                         q.kind, q.cue, d.source, d.published_date
                  FROM quotes q JOIN documents d ON d.doc_id = q.doc_id {joins}
                  {"WHERE " + " AND ".join(where) if where else ""}
                  ORDER BY {order} LIMIT ?"""
        return [
            QuoteRow(
                doc_id=r["doc_id"], index=r["idx"], text=r["text"], start=r["start"], end=r["end"],
                speaker_id=r["speaker_id"], speaker_name=r["speaker_name"], kind=r["kind"],
                cue=r["cue"], source=r["source"], published_date=r["published_date"],
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

    # -- exports -----------------------------------------------------------------

    def export(self, fmt: str, out: str | Path | IO[str]) -> list[Path]:
        """Write the database out; return the paths written.

        - ``jsonl``: the output contract, one line per document, byte for byte what
          ``contract.dumps(to_contract(analysis))`` gave when it was added. ``out`` is a
          file path, an existing directory (``<out>/records.jsonl`` is written) or an open
          text stream (nothing is returned then).
        - ``csv`` and ``parquet``: ``out`` is a directory (created if missing) that gets one
          file per table: ``<out>/documents.<ext>``, ``actors``, ``events``, ``quotes`` and
          ``times``. Actors are one row per document and actor. An event's actor ids and
          names are lists: JSON arrays in CSV, ``list<string>`` columns in Parquet. CSV is
          UTF-8 with a header row; missing values are empty cells.
        """
        if fmt not in EXPORT_FORMATS:
            raise DatelineError(
                "E504", f"unknown export format {fmt!r} (choose one of {', '.join(EXPORT_FORMATS)})"
            )
        try:
            if fmt == "jsonl":
                return self._export_jsonl(out)
            if not isinstance(out, (str, Path)):
                raise DatelineError("E505", f"{fmt} export writes a directory, not a stream")
            directory = Path(out)
            if directory.exists() and not directory.is_dir():
                raise DatelineError("E505", f"{directory}: {fmt} export needs a directory, not a file")
            directory.mkdir(parents=True, exist_ok=True)
            write = _write_csv if fmt == "csv" else _write_parquet
            return [write(self._db, table, directory / f"{table.name}.{fmt}") for table in EXPORT_TABLES]
        except OSError as err:
            raise DatelineError("E505", f"{out}: cannot write the export ({err.strerror or err})") from err

    def _export_jsonl(self, out: str | Path | IO[str]) -> list[Path]:
        if not isinstance(out, (str, Path)):
            for record in self.records():
                out.write(dumps(record) + "\n")
            return []
        path = Path(out)
        if path.is_dir():
            path = path / "records.jsonl"
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            for record in self.records():
                stream.write(dumps(record) + "\n")
        return [path]


@dataclass(frozen=True)
class ExportTable:
    """One exported table: its name, the query giving its rows, and its columns' types."""

    name: str
    query: str
    columns: tuple[tuple[str, str], ...]  # (name, "string" | "int" | "float" | "list")


EXPORT_TABLES: tuple[ExportTable, ...] = (
    ExportTable(
        "documents",
        """SELECT doc_id, source, title, published_date, published_how, published_confidence,
                  published_evidence, dateline_place, dateline_agency, outlet, author, url, text
           FROM documents ORDER BY id""",
        (
            ("doc_id", "string"), ("source", "string"), ("title", "string"),
            ("published_date", "string"), ("published_how", "string"),
            ("published_confidence", "float"), ("published_evidence", "string"),
            ("dateline_place", "string"), ("dateline_agency", "string"), ("outlet", "string"),
            ("author", "string"), ("url", "string"), ("text", "string"),
        ),
    ),
    ExportTable(
        "actors",
        """SELECT a.doc_id, a.actor_id, a.name, a.kind, a.country, a.mention_count
           FROM actors a JOIN documents d ON d.doc_id = a.doc_id ORDER BY d.id, a.rowid""",
        (
            ("doc_id", "string"), ("actor_id", "string"), ("name", "string"), ("kind", "string"),
            ("country", "string"), ("mention_count", "int"),
        ),
    ),
    ExportTable(
        "events",
        """SELECT e.doc_id, e.idx, e.type, e.mode, e.cameo, e.source_ids, e.source_names,
                  e.target_ids, e.target_names, e.date_start, e.date_end, e.location_name,
                  e.location_country, e.status, e.confidence, e.evidence_start, e.evidence_end,
                  e.evidence_text, e.trigger
           FROM events e JOIN documents d ON d.doc_id = e.doc_id ORDER BY d.id, e.idx""",
        (
            ("doc_id", "string"), ("index", "int"), ("type", "string"), ("mode", "string"),
            ("cameo", "string"), ("source_ids", "list"), ("source_names", "list"),
            ("target_ids", "list"), ("target_names", "list"), ("date_start", "string"),
            ("date_end", "string"), ("location_name", "string"), ("location_country", "string"),
            ("status", "string"), ("confidence", "float"), ("evidence_start", "int"),
            ("evidence_end", "int"), ("evidence_text", "string"), ("trigger", "string"),
        ),
    ),
    ExportTable(
        "quotes",
        """SELECT q.doc_id, q.idx, q.text, q.start, q."end", q.speaker_id, q.speaker_name, q.kind, q.cue
           FROM quotes q JOIN documents d ON d.doc_id = q.doc_id ORDER BY d.id, q.idx""",
        (
            ("doc_id", "string"), ("index", "int"), ("text", "string"), ("start", "int"),
            ("end", "int"), ("speaker_id", "string"), ("speaker_name", "string"), ("kind", "string"),
            ("cue", "string"),
        ),
    ),
    ExportTable(
        "times",
        """SELECT t.doc_id, t.idx, t.text, t.start, t."end", t.value, t.granularity
           FROM times t JOIN documents d ON d.doc_id = t.doc_id ORDER BY d.id, t.idx""",
        (
            ("doc_id", "string"), ("index", "int"), ("text", "string"), ("start", "int"),
            ("end", "int"), ("value", "string"), ("granularity", "string"),
        ),
    ),
)

# Rows are written in chunks so that an export never holds a whole large table in memory.
_EXPORT_CHUNK = 5000


def _write_csv(db: sqlite3.Connection, table: ExportTable, path: Path) -> Path:
    """One table as UTF-8 CSV with a header; list columns stay JSON arrays."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([name for name, _ in table.columns])
        for row in db.execute(table.query):
            writer.writerow(["" if value is None else value for value in row])
    return path


def _write_parquet(db: sqlite3.Connection, table: ExportTable, path: Path) -> Path:
    """One table as Parquet with typed columns; list columns become ``list<string>``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "list": pa.list_(pa.string())}
    schema = pa.schema([(name, types[kind]) for name, kind in table.columns])
    lists = [i for i, (_, kind) in enumerate(table.columns) if kind == "list"]
    cursor = db.execute(table.query)
    with pq.ParquetWriter(path, schema) as writer:
        while rows := cursor.fetchmany(_EXPORT_CHUNK):
            columns = [list(column) for column in zip(*rows)]
            for i in lists:
                columns[i] = [None if value is None else json.loads(value) for value in columns[i]]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
    return path


def _record_without_text(record: dict[str, Any]) -> str:
    """The contract object as stored: its text lives in ``documents.text``, not twice."""
    # The key stays (as null) so that putting the text back keeps the contract's key order,
    # and with it the exact JSONL line.
    return dumps({**record, "text": None})


def _record_with_text(stored: str, text: str) -> dict[str, Any]:
    record = json.loads(stored)
    record["text"] = text
    return record


def _event_row(row: sqlite3.Row) -> EventRow:
    return EventRow(
        doc_id=row["doc_id"],
        index=row["idx"],
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


def _schema_version(db: sqlite3.Connection) -> int | None:
    """The applied migration count, or None when there is no meta table."""
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_meta:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _apply_migration(db: sqlite3.Connection, number: int, migrations: Sequence[str] = MIGRATIONS) -> None:
    """Apply migration ``number`` (1-based) and record it, in one transaction."""
    script = migrations[number - 1]
    try:
        # executescript runs the whole script; BEGIN/COMMIT around it make it atomic.
        db.executescript(
            "BEGIN IMMEDIATE;\n"
            + script
            + "\nCREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            + f"\nINSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '{number}');"
            + "\nCOMMIT;"
        )
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
