"""The database schema: its migrations, its version, and the function that migrates a connection.

The schema lives in ``MIGRATIONS``, an ordered list of steps: a database records how many it
has applied in ``meta.schema_version``. Only the writer migrates (``migrate``), one transaction
per step; the reader checks the version (``check_version``) and never changes the file.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence, Union

from ..contract import dumps, from_contract
from ..errors import DatelineError
from ..ids import assign_ids
from .links import BANDS_BY_GENERATION, POSTINGS_BY_SEQ
from .links import MIGRATION as LINK_TABLES

MEMORY = ":memory:"

# A step is an SQL script, or a function that runs statements on the connection (for a step
# SQL cannot express, such as computing ids in Python); either way it runs in one transaction.
Migration = Union[str, Callable[[sqlite3.Connection], None]]


def _key_events_and_quotes_by_id(db: sqlite3.Connection) -> None:
    """Add the stable ids of events and quotes as unique keys, computed for the rows already stored.

    Rows stored before this step get the ids ``ids.assign_ids`` gives their stored contract
    object, as the pipeline would have given them; the stored objects themselves are left as
    they were written, so the JSONL export still gives back exactly what was added.
    """
    db.execute("ALTER TABLE events ADD COLUMN event_id TEXT")
    db.execute("ALTER TABLE event_actors ADD COLUMN event_id TEXT")
    db.execute("ALTER TABLE quotes ADD COLUMN quote_id TEXT")
    for doc_id, stored, text in db.execute("SELECT doc_id, record, text FROM documents ORDER BY id"):
        event_ids, quote_ids = contract_ids(record_with_text(stored, text))
        events = [(event_id, doc_id, i) for i, event_id in enumerate(event_ids)]
        db.executemany("UPDATE events SET event_id = ? WHERE doc_id = ? AND idx = ?", events)
        db.executemany("UPDATE event_actors SET event_id = ? WHERE doc_id = ? AND event_idx = ?", events)
        db.executemany(
            "UPDATE quotes SET quote_id = ? WHERE doc_id = ? AND idx = ?",
            [(quote_id, doc_id, i) for i, quote_id in enumerate(quote_ids)],
        )
    db.execute("CREATE UNIQUE INDEX events_by_event_id ON events(event_id)")
    db.execute("CREATE INDEX event_actors_by_event_id ON event_actors(event_id)")
    db.execute("CREATE UNIQUE INDEX quotes_by_quote_id ON quotes(quote_id)")


# Each step is applied once, in order; the schema version is the number applied.
# Never edit a released step: append a new one.
MIGRATIONS: tuple[Migration, ...] = (
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
    # 3: events and quotes keyed by their stable ids (ids.assign_ids).
    _key_events_and_quotes_by_id,
    # 4: the link stage's tables: derived documents, stories, merged events and quotes (store/links.py).
    LINK_TABLES,
    # 5: a quote's calibrated confidence (calibration.py); quotes stored before it have none.
    "ALTER TABLE quotes ADD COLUMN confidence REAL;",
    # 6: the link stage's posting lists in one B-tree, a term's latest first (store/links.py).
    POSTINGS_BY_SEQ,
    # 7: LSH band keys by generation of documents, the latest searched for copies (store/links.py).
    BANDS_BY_GENERATION,
)

SCHEMA_VERSION = len(MIGRATIONS)


def contract_ids(record: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The ids of a contract object's events and quotes: those it carries, else ``assign_ids``'."""
    keyed = assign_ids(from_contract(record))
    return (
        [event.get("id") or k.id for event, k in zip(record["events"], keyed.events)],
        [quote.get("id") or k.id for quote, k in zip(record["quotes"], keyed.quotes)],
    )


def record_without_text(record: dict[str, Any]) -> str:
    """The contract object as stored: its text lives in ``documents.text``, not twice."""
    # The key stays (as null) so that putting the text back keeps the contract's key order,
    # and with it the exact JSONL line.
    return dumps({**record, "text": None})


def record_with_text(stored: str, text: str) -> dict[str, Any]:
    """The contract object stored as ``record_without_text`` gave it, with its text back."""
    record = json.loads(stored)
    record["text"] = text
    return record


def schema_version(db: sqlite3.Connection) -> int | None:
    """The applied migration count, or None when there is no meta table."""
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_meta:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def check_version(db: sqlite3.Connection, path: str) -> int:
    """The database's schema version: 0 for a file with no tables yet.

    Raises E501 for an SQLite file that is not a dateline database and E502 for one made by a
    newer dateline.
    """
    if not db.in_transaction:
        # One read transaction: another process creating the database may commit between the
        # reads, and tables without their version would look like someone else's database.
        db.execute("BEGIN")
        try:
            return check_version(db, path)
        finally:
            if db.in_transaction:
                db.execute("COMMIT")
    version = schema_version(db)
    if version is None:
        tables = db.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[0]
        if tables:
            raise DatelineError("E501", f"{path}: an SQLite file, but not a dateline database")
        return 0
    if version > SCHEMA_VERSION:
        raise DatelineError(
            "E502",
            f"{path}: made by a newer dateline (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}); upgrade dateline to open it",
        )
    return version


def migrate(db: sqlite3.Connection, path: str) -> None:
    """Bring the database up to ``SCHEMA_VERSION``, applying each missing migration in order.

    Several processes may open a new database at once: each step is applied under the write
    lock and only when the version read under that lock still lacks it, so a step another
    process has just applied is not applied twice.
    """
    for number in range(check_version(db, path) + 1, SCHEMA_VERSION + 1):
        apply_migration(db, number)


def apply_migration(
    db: sqlite3.Connection, number: int, migrations: Sequence[Migration] = MIGRATIONS
) -> None:
    """Apply migration ``number`` (1-based) and record it, in one transaction.

    Does nothing when the database, read under the write lock, already has it.
    """
    step = migrations[number - 1]
    meta = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    version = f"INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '{number}')"
    try:
        db.execute("BEGIN IMMEDIATE")
        if (schema_version(db) or 0) >= number:  # another process applied it while we waited
            db.execute("COMMIT")
            return
        if isinstance(step, str):
            # Statement by statement, not executescript, which would first commit the open transaction.
            for statement in sql_statements(step):
                db.execute(statement)
        else:
            step(db)
        db.execute(meta)
        db.execute(version)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def sql_statements(script: str) -> Iterator[str]:
    """The complete statements of an SQL script (a trigger's body and comments kept whole)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\n;"):
                yield pending
            pending = ""
    if pending.strip(" \t\n;"):
        yield pending


class Connection:
    """An open database handle (``Writer``, ``Reader``): a context manager closing its connection."""

    path: str
    _db: sqlite3.Connection

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the handle cannot be used afterwards."""
        self._db.close()

    @property
    def schema_version(self) -> int:
        """The number of migrations this database has applied."""
        return schema_version(self._db)


@contextmanager
def opening(db: sqlite3.Connection, path: str) -> Iterator[None]:
    """While a new connection is prepared: on any error close it, and report SQLite's as E501."""
    try:
        yield
    except sqlite3.OperationalError as err:
        db.close()
        raise DatelineError("E501", f"{path}: cannot open the database ({err})") from err
    except sqlite3.DatabaseError as err:
        db.close()
        raise DatelineError("E501", f"{path}: not a dateline database, or damaged ({err})") from err
    except DatelineError:
        db.close()
        raise
