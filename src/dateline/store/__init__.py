"""Storage: analyses in an SQLite file, full-text search, and exports, split by role.

- ``schema``: the migrations, the schema version, and ``migrate``;
- ``writer``: ``Writer``, the single writer (opens read-write, migrates, adds and removes);
- ``reader``: ``Reader``, read-only queries (opens ``file:...?mode=ro``, never migrates);
- ``exports``: JSONL, CSV and Parquet exports, read through a reader.

``Store(path)`` is the read-write handle: the writer, answering the reader's queries on its
own connection (so it reads what it has just written, also in ``":memory:"``).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, Iterator

from .crossdoc import DuplicateRow, MergedEventRow, MergedQuoteRow, StoryRow
from .exports import EXPORT_FORMATS, EXPORT_TABLES, ExportTable, export
from .reader import ActorRow, DocumentRow, EventRow, QuoteRow, Reader, SearchHit, match_expression
from .schema import MEMORY, MIGRATIONS, SCHEMA_VERSION, apply_migration, migrate
from .writer import AddResult, Writer

_apply_migration = apply_migration  # the name tests and older callers import

__all__ = [
    "EXPORT_FORMATS", "EXPORT_TABLES", "MEMORY", "MIGRATIONS", "SCHEMA_VERSION", "ActorRow", "AddResult",
    "DocumentRow", "DuplicateRow", "EventRow", "MergedEventRow", "MergedQuoteRow", "StoryRow",
    "ExportTable", "QuoteRow", "Reader", "SearchHit", "Store", "Writer",
    "apply_migration", "export", "match_expression", "migrate",
]


class Store(Writer):
    """An SQLite database of analyses, read-write. Use it as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path = MEMORY, *, timeout: float = 5.0):
        super().__init__(path, timeout=timeout)
        self.reader = Reader.over(self._db, self.path)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.reader

    def stats(self) -> dict[str, Any]:
        """See ``Reader.stats``."""
        return self.reader.stats()

    def search(self, query: str, limit: int = 20, *, mark: tuple[str, str] = ("**", "**")) -> list[SearchHit]:
        """See ``Reader.search``."""
        return self.reader.search(query, limit, mark=mark)

    def documents(self, limit: int | None = None) -> list[DocumentRow]:
        """See ``Reader.documents``."""
        return self.reader.documents(limit)

    def record(self, doc_id: str) -> dict[str, Any] | None:
        """See ``Reader.record``."""
        return self.reader.record(doc_id)

    def records(self) -> Iterator[dict[str, Any]]:
        """See ``Reader.records``."""
        return self.reader.records()

    def events(
        self, type: str | None = None, actor: str | None = None, limit: int | None = None
    ) -> list[EventRow]:
        """See ``Reader.events``."""
        return self.reader.events(type, actor, limit)

    def timeline(self, limit: int | None = 20) -> list[EventRow]:
        """See ``Reader.timeline``."""
        return self.reader.timeline(limit)

    def quotes(
        self, speaker: str | None = None, query: str | None = None, limit: int | None = None
    ) -> list[QuoteRow]:
        """See ``Reader.quotes``."""
        return self.reader.quotes(speaker, query, limit)

    def actors(self, limit: int | None = None) -> list[ActorRow]:
        """See ``Reader.actors``."""
        return self.reader.actors(limit)

    def stories(self, limit: int | None = None, min_documents: int = 1) -> list[StoryRow]:
        """See ``Reader.stories``."""
        return self.reader.stories(limit, min_documents)

    def merged_events(self, **filters: Any) -> list[MergedEventRow]:
        """See ``Reader.merged_events``."""
        return self.reader.merged_events(**filters)

    def merged_quotes(self, **filters: Any) -> list[MergedQuoteRow]:
        """See ``Reader.merged_quotes``."""
        return self.reader.merged_quotes(**filters)

    def duplicates(self) -> list[DuplicateRow]:
        """See ``Reader.duplicates``."""
        return self.reader.duplicates()

    def export(self, fmt: str, out: str | Path | IO[str], *, overwrite: bool = True, **options) -> list[Path]:
        """See ``exports.export``."""
        return export(self.reader, fmt, out, overwrite=overwrite, **options)
