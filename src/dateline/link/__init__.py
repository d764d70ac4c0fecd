"""The link stage: what many documents say together.

For each new document, ``link_document(analysis, index, settings)`` decides, from what is
already stored (asked through a ``LinkIndex``, whose every question goes through an index):

- whether it copies (MinHash over word shingles, LSH bands as the index) or rewrites (the same
  quotes by the same speakers, the same figures, actors and events) an earlier document;
- which story it joins (TF-IDF over words, names and actors against the stories' centroids,
  found through their top terms, within a time window), or that it starts a new one, and for an
  undated document a date estimate with its evidence and a lower confidence;
- which merged event each of its events is a mention of (same or compatible type, overlapping
  sides, compatible dates and places; blocked by type and actor);
- which merged quote each of its quotes carries (same speaker, same words).

It returns a ``records.LinkUpdate``; the store's writer records it (``Writer.add_links``) and the
reader answers ``stories()``, ``merged_events()``, ``merged_quotes()`` and ``duplicates()``.
Nothing is recomputed for the whole database: linking a document again changes nothing.
"""

from .index import LinkIndex
from .linker import compare_documents, headline, link_document, rewrite_score

__all__ = ["LinkIndex", "compare_documents", "headline", "link_document", "rewrite_score"]
