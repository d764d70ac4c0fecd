"""What the link stage asks of what is already stored: the ``LinkIndex`` protocol.

Every question is answered from an index (a band key, a term, an actor, a speaker, a story),
never by reading every stored document, so the cost of linking one new document does not grow
with the size of the database. The store implements it (``store.links.LinkTables``); tests use
an in-memory one.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Protocol, Sequence

from ..records import Facets, MergedEventState, QuoteMention, StoryState


class LinkIndex(Protocol):
    def linked(self, doc_id: str) -> bool:
        """Whether the document has been linked already (linking it again changes nothing)."""

    def document_count(self) -> int:
        """How many documents have been linked."""

    def frequencies(self, terms: Iterable[str]) -> Mapping[str, int]:
        """In how many linked documents each term occurs (missing: none)."""

    def band_matches(self, bands: Sequence[str], limit: int) -> list[str]:
        """doc_ids of linked documents sharing LSH band keys, the ``limit`` sharing most."""

    def facets(self, doc_ids: Sequence[str]) -> list[Facets]:
        """The stored facets of these documents."""

    def story_candidates(
        self, terms: Sequence[str], per_term: int, limit: int, since: str | None = None, until: str | None = None
    ) -> list[StoryState]:
        """The ``limit`` stories posted under most of these terms (at most ``per_term``, the latest, per term).

        With ``since`` and ``until`` (ISO days), stories whose dates lie wholly outside them are left out.
        """

    def stories(self, story_ids: Sequence[str], since: str | None = None, until: str | None = None) -> list[StoryState]:
        """These stories' states (those meeting [since, until] when given)."""

    def story_of(self, doc_id: str) -> str | None:
        """The story a linked document belongs to."""

    def story_members(self, story_id: str, limit: int) -> list[str]:
        """doc_ids of a story's members, the latest ``limit``."""

    def event_candidates(
        self, keys: Sequence[str], limit: int, since: str | None = None, until: str | None = None
    ) -> list[MergedEventState]:
        """Merged events posted under any of these blocking keys (type group and actor), the latest ``limit`` per key.

        With ``since`` and ``until`` (ISO days), merged events dated wholly outside them are left out.
        """

    def quote_candidates(self, speaker: str, limit: int) -> list[tuple[str, QuoteMention]]:
        """(merged quote id, first mention) of this speaker's merged quotes, the latest ``limit``."""
