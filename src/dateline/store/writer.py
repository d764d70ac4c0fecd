"""The single writer: opens the database read-write, migrates it, adds and removes analyses.

Files use WAL journalling, so readers (``reader.Reader``, other processes) read while the
writer writes; foreign keys are on. Each document is stored once, keyed by its content-hash
``doc_id``; adding it again changes nothing (it is counted as a duplicate). Its events and
quotes are keyed by their stable ids (``ids.assign_ids``). The whole contract object of each
document (``contract.to_contract``) is kept as JSON, so the JSONL export gives back exactly
what the pipeline produced; the other tables hold the same facts in columns for queries and
for the CSV and Parquet exports.

Write from one process at a time: a second writer waits up to ``timeout`` seconds and then
gets DatelineError E503.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from ..contract import to_contract
from ..errors import DatelineError
from ..records import Analysis, LinkUpdate
from .links import LinkTables, recount_story, write_link_update
from .schema import MEMORY, Connection, contract_ids, migrate, opening, record_without_text


def _journal_in_wal(db: sqlite3.Connection, timeout: float) -> None:
    """Switch the file to WAL journalling, waiting for another process doing the same.

    Changing the journal mode needs the file to itself and, unlike other statements, does not
    wait for the busy timeout: two processes creating one database at once would otherwise see
    "database is locked".
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@dataclass(frozen=True)
class AddResult:
    """What one ``Writer.add`` call did."""

    stored: int
    duplicates: int


CACHE_KIB = 65536  # the writer's page cache (64 MiB)
MMAP_BYTES = 1 << 30  # the database read through memory mapping, up to 1 GiB (no system call per page)


class Writer(Connection):
    """The read-write handle of a database file (or ``":memory:"``); a context manager."""

    def __init__(self, path: str | Path = MEMORY, *, timeout: float = 5.0):
        self.path = str(path)
        try:
            # isolation_level=None: the writer opens and ends every transaction itself.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
        except sqlite3.Error as err:
            raise DatelineError("E501", f"{self.path}: cannot open the database ({err})") from err
        self._db.row_factory = sqlite3.Row
        with opening(self._db, self.path):
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != MEMORY:
                _journal_in_wal(self._db, timeout)
                self._db.execute("PRAGMA synchronous = NORMAL")
            # The link stage's indexes (terms, postings, blocking keys) are read and written at random
            # places: with SQLite's default 2 MB page cache, a large database is read back from disk
            # at every step and linking slows as it grows.
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            migrate(self._db, self.path)

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

    def remove(self, doc_id: str) -> bool:
        """Delete a document and everything found in it; False if it was not stored.

        Its story and event mentions go with it, and so does any copy or rewrite relation it is in
        (a document derived from it becomes independent). Its story's size and dates are recounted
        from the members left (a story left empty is deleted); its terms are not.
        """
        self._begin()
        try:
            story = self._db.execute("SELECT story_id FROM link_documents WHERE doc_id = ?", (doc_id,)).fetchone()
            removed = self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,)).rowcount
            self._db.execute("DELETE FROM derivations WHERE doc_id = ? OR derived_from = ?", (doc_id, doc_id))
            if story is not None and story[0]:
                recount_story(self._db, story[0])
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return bool(removed)

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
                record_without_text(record),
            ),
        ).rowcount
        if not inserted:
            return False
        # Hand-made analyses may come without ids: the columns get those the pipeline would give.
        event_ids, quote_ids = contract_ids(record)
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
            """INSERT OR IGNORE INTO actors (doc_id, actor_id, name, kind, country, mention_count)
               VALUES (?, ?, ?, ?, ?, ?)""",
            actor_rows,
        )
        self._db.executemany(
            """INSERT INTO times (doc_id, idx, text, start, "end", value, granularity)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [
                (doc_id, i, t["text"], t["start"], t["end"], t.get("value"), t.get("granularity"))
                for i, t in enumerate(record["times"])
            ],
        )
        event_rows, participant_rows = [], []
        for i, (event, event_id) in enumerate(zip(record["events"], event_ids)):
            source_names = [names.get(a, a) for a in event["source"]]
            target_names = [names.get(a, a) for a in event["target"]]
            date = event.get("date") or {}
            location = event.get("location") or {}
            evidence = event.get("evidence") or {}
            event_rows.append(
                (
                    event_id, doc_id, i, event["type"], event.get("mode"), event.get("cameo"),
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
                participant_rows.extend((event_id, doc_id, i, role, a, n) for a, n in zip(ids, role_names))
        self._db.executemany(
            f"""INSERT INTO events (event_id, doc_id, idx, type, mode, cameo, source_ids, source_names,
                   target_ids, target_names, date_start, date_end, location_name, location_country,
                   status, confidence, evidence_start, evidence_end, evidence_text, trigger)
               VALUES ({", ".join("?" * 20)})""",
            event_rows,
        )
        self._db.executemany(
            """INSERT INTO event_actors (event_id, doc_id, event_idx, role, actor_id, name)
               VALUES (?, ?, ?, ?, ?, ?)""",
            participant_rows,
        )
        self._db.executemany(
            """INSERT INTO quotes (quote_id, doc_id, idx, text, start, "end", speaker_id, speaker_name,
                   kind, cue, confidence)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    quote_id, doc_id, i, q["text"], q["start"], q["end"], q.get("speaker"),
                    names.get(q["speaker"]) if q.get("speaker") else None,
                    q.get("kind"), q.get("cue"), q.get("confidence"),
                )
                for i, (q, quote_id) in enumerate(zip(record["quotes"], quote_ids))
            ],
        )
        return True

    def link_index(self) -> LinkTables:
        """What the link stage asks of the stored documents, read on this connection (``link.LinkIndex``)."""
        return LinkTables(self._db)

    def add_links(self, update: LinkUpdate) -> None:
        """Record the link stage's results for one document (in the open transaction, else in its own)."""
        own = not self._db.in_transaction
        if own:
            self._begin()
        try:
            write_link_update(self._db, update)
        except BaseException as err:
            if own and self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(err, sqlite3.Error):
                raise DatelineError("E503", f"{update.facets.source}: cannot store its links ({err})") from err
            raise
        if own:
            self._db.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around several calls (``add_links`` for a batch of documents)."""
        self._begin()
        try:
            yield
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
