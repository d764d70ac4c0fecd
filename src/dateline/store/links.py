"""The link stage's tables: its index (``LinkTables``, what the linker asks) and its writes.

Every lookup goes through a primary key or an index (band key, term, story, blocking key,
speaker), so linking a document costs the same in a small and a large database; LSH band keys
are kept by generation of documents, the latest searched, so that writing them does too. Only the
writer writes (``write_link_update``, called by ``Writer.add_links``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from typing import Iterable, Mapping, Sequence

from ..records import EventMention, Facets, LinkUpdate, MergedEventState, QuoteMention, StoryState

SQL_VARIABLES = 500  # parameters per IN (...) query, well under SQLite's limit
SCAN = 3  # postings read per candidate wanted, before those outside the date window are left out
COMPOUND_TERMS = 400  # terms a story lookup reads postings for, within SQLite's 500 parts of a compound SELECT
BAND_GENERATION = 2048  # documents (in the order linked) whose LSH band keys share one generation
BAND_GENERATIONS = 8  # generations searched for copies, the latest; older ones are dropped
RANK_SPAN = 1 << 40  # orders postings by term first, then by the latest (seq stays below it)

MIGRATION = """
-- One row per linked document: what later documents are compared with, and its story.
CREATE TABLE link_documents (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,             -- the order documents were linked in
    facets TEXT NOT NULL,             -- records.Facets as JSON
    story_id TEXT,
    similarity REAL,                  -- its cosine with the story when it joined (NULL: it started it)
    date TEXT,                        -- its published date, or an estimate (date_how)
    date_how TEXT,                    -- published | inferred | estimated | none
    date_evidence TEXT,
    date_confidence REAL
);
CREATE INDEX link_documents_by_story ON link_documents(story_id, seq);

-- Document frequencies of terms (words, names, actor ids), for TF-IDF.
CREATE TABLE link_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;

-- MinHash LSH bands: documents sharing a band key are near-duplicate candidates.
CREATE TABLE link_bands (band TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (band, doc_id)) WITHOUT ROWID;

-- Documents derived from another (copy or rewrite): never an independent source.
CREATE TABLE derivations (
    doc_id TEXT PRIMARY KEY,
    derived_from TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('copy', 'rewrite')),
    similarity REAL,
    evidence TEXT
);
CREATE INDEX derivations_by_source ON derivations(derived_from);

CREATE TABLE stories (
    story_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,             -- last changed
    centroid TEXT NOT NULL,           -- JSON {term: weight}, its top terms
    start TEXT,
    "end" TEXT,
    size INTEGER NOT NULL,
    actors TEXT NOT NULL,             -- JSON {actor id: members naming it}
    actor_names TEXT NOT NULL         -- JSON {actor id: name}
);
-- Posting lists: the stories a term leads to, latest first.
CREATE TABLE story_terms (
    term TEXT NOT NULL, story_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (term, story_id)
) WITHOUT ROWID;
CREATE INDEX story_terms_by_seq ON story_terms(term, seq);

CREATE TABLE merged_events (
    merged_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,             -- JSON arrays of actor ids, all its mentions' together
    target TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    location_country TEXT,
    stories TEXT NOT NULL             -- JSON array of the stories its mentions are in
);
CREATE TABLE merged_event_keys (
    key TEXT NOT NULL, merged_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, merged_id)
) WITHOUT ROWID;
CREATE INDEX merged_event_keys_by_seq ON merged_event_keys(key, seq);
CREATE TABLE event_mentions (
    event_id TEXT PRIMARY KEY,
    merged_id TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    mention TEXT NOT NULL             -- records.EventMention as JSON
);
CREATE INDEX event_mentions_by_merged ON event_mentions(merged_id);

CREATE TABLE merged_quotes (
    merged_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    speaker TEXT,
    first TEXT NOT NULL               -- the first mention (records.QuoteMention as JSON)
);
CREATE INDEX merged_quotes_by_speaker ON merged_quotes(speaker, seq);
CREATE TABLE quote_mentions (
    quote_id TEXT PRIMARY KEY,
    merged_id TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    mention TEXT NOT NULL
);
CREATE INDEX quote_mentions_by_merged ON quote_mentions(merged_id);
"""


# Migration 6: posting lists in one B-tree ordered as they are read (a term's latest first), instead of
# a table keyed by (term, story) and an index by (term, seq): each posting written lands on one page
# at a random place in a large database, not two. A story is posted again under a term only when it
# is no longer among the term's latest postings a lookup reads (``LinkUpdate.posting_depth``).
POSTINGS_BY_SEQ = """
CREATE TABLE story_postings (
    term TEXT NOT NULL, seq INTEGER NOT NULL, story_id TEXT NOT NULL, PRIMARY KEY (term, seq, story_id)
) WITHOUT ROWID;
INSERT INTO story_postings (term, seq, story_id) SELECT term, seq, story_id FROM story_terms;
DROP TABLE story_terms;
ALTER TABLE story_postings RENAME TO story_terms;
"""

# Migration 7: LSH band keys by generation (``BAND_GENERATION`` documents in the order linked), the
# generation first in the key: a new document's 42 keys land among its own generation's, a part of
# the table as large in a database of 10,000 documents as of 1,000, instead of on 42 random pages of
# a table growing with the database. Copies are looked for in the latest ``BAND_GENERATIONS``.
BANDS_BY_GENERATION = f"""
CREATE TABLE link_bands_by_generation (
    generation INTEGER NOT NULL, band TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (generation, band, doc_id)
) WITHOUT ROWID;
INSERT INTO link_bands_by_generation (generation, band, doc_id)
    SELECT d.seq / {BAND_GENERATION}, b.band, b.doc_id FROM link_bands AS b JOIN link_documents AS d USING (doc_id);
DROP TABLE link_bands;
ALTER TABLE link_bands_by_generation RENAME TO link_bands;
"""


def _generation(seq: int) -> int:
    return seq // BAND_GENERATION


def _window(start: str, end: str, since: str | None, until: str | None) -> tuple[str, list[str]]:
    """An SQL condition (`` AND …``) keeping rows whose dates [start, end] meet [since, until], undated rows kept.

    ISO dates compare as text. A coarse date ("2025-05") starts before any of its days and, with ``~`` (after
    every digit and ``-``) appended, ends after them, as the linker reads it.
    """
    if not since or not until:
        return "", []
    return f" AND ({start} IS NULL OR {end} IS NULL OR ({start} <= ? AND {end} || '~' >= ?))", [until, since]


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), SQL_VARIABLES):
        yield values[i : i + SQL_VARIABLES]


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def facets_from_json(text: str) -> Facets:
    raw = json.loads(text)
    return Facets(
        doc_id=raw["doc_id"], source=raw["source"], headline=raw["headline"], date=raw["date"],
        signature=tuple(raw["signature"]), numbers=tuple(raw["numbers"]), actors=tuple(raw["actors"]),
        quotes=tuple((speaker, tuple(words)) for speaker, words in raw["quotes"]),
        events=tuple((t, tuple(s), tuple(g), d) for t, s, g, d in raw["events"]),
        inferred_date=raw.get("inferred_date"),
        terms=tuple((term, weight) for term, weight in raw.get("terms", ())),
    )


def mention_from_json(text: str) -> EventMention:
    raw = json.loads(text)
    return EventMention(**{**raw, "source": tuple(raw["source"]), "target": tuple(raw["target"])})


def quote_mention_from_json(text: str) -> QuoteMention:
    raw = json.loads(text)
    return QuoteMention(**{**raw, "words": tuple(raw["words"])})


class LinkTables:
    """The ``link.LinkIndex`` over a database connection: every question answered through an index."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def linked(self, doc_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM link_documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def document_count(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'linked_documents'").fetchone()
        return int(row[0]) if row else 0

    def frequencies(self, terms: Iterable[str]) -> Mapping[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(list(terms)):
            for term, df in self._db.execute(f"SELECT term, df FROM link_terms WHERE term IN ({_marks(chunk)})", chunk):
                found[term] = df
        return found

    def band_matches(self, bands: Sequence[str], limit: int) -> list[str]:
        if not bands:
            return []
        # The next document's generation and those before it, up to BAND_GENERATIONS in all.
        latest = _generation(self.document_count() + 1)
        generations = list(range(max(0, latest - BAND_GENERATIONS + 1), latest + 1))
        rows = self._db.execute(
            f"""SELECT doc_id, count(*) AS n FROM link_bands
                WHERE generation IN ({_marks(generations)}) AND band IN ({_marks(bands)})
                GROUP BY doc_id ORDER BY n DESC LIMIT ?""",
            [*generations, *bands, limit],
        )
        return [row[0] for row in rows]

    def facets(self, doc_ids: Sequence[str]) -> list[Facets]:
        out = []
        for chunk in _chunks(list(doc_ids)):
            rows = self._db.execute(f"SELECT facets FROM link_documents WHERE doc_id IN ({_marks(chunk)})", chunk)
            out.extend(facets_from_json(row[0]) for row in rows)
        return out

    def story_candidates(
        self, terms: Sequence[str], per_term: int, limit: int, since: str | None = None, until: str | None = None
    ) -> list[StoryState]:
        # One statement: each term's latest postings, counted per story in SQL, the stories wholly
        # outside [since, until] left out by their dates, and only the ``limit`` best read and decoded.
        # Ties go to the story met first (under the heavier term, then the later posting).
        terms = list(terms)[:COMPOUND_TERMS]
        if not terms:
            return []
        postings = " UNION ALL ".join(
            f"SELECT * FROM (SELECT story_id, {rank} AS rank, seq FROM story_terms WHERE term = ? ORDER BY seq DESC LIMIT ?)"
            for rank in range(len(terms))
        )
        window, bounds = _window("s.start", 's."end"', since, until)
        ranked = [row[0] for row in self._db.execute(
            f"""SELECT p.story_id FROM (
                    SELECT story_id, count(*) AS hits, min(rank * {RANK_SPAN} - seq) AS first FROM ({postings})
                    GROUP BY story_id ORDER BY hits DESC, first LIMIT ?) AS p
                JOIN stories AS s ON s.story_id = p.story_id WHERE 1 {window}
                ORDER BY p.hits DESC, p.first LIMIT ?""",
            [*(value for term in terms for value in (term, per_term)), SCAN * limit, *bounds, limit],
        )]
        found = {story.id: story for story in self.stories(ranked)}
        return [found[story_id] for story_id in ranked if story_id in found]

    def stories(self, story_ids: Sequence[str], since: str | None = None, until: str | None = None) -> list[StoryState]:
        stories = []
        window, bounds = _window('start', '"end"', since, until)
        for chunk in _chunks(list(story_ids)):
            for row in self._db.execute(
                f"""SELECT story_id, centroid, start, "end", size, actors FROM stories
                    WHERE story_id IN ({_marks(chunk)}){window}""",
                [*chunk, *bounds],
            ):
                stories.append(StoryState(row[0], json.loads(row[1]), row[2], row[3], row[4], json.loads(row[5])))
        return stories

    def story_of(self, doc_id: str) -> str | None:
        row = self._db.execute("SELECT story_id FROM link_documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def story_members(self, story_id: str, limit: int) -> list[str]:
        rows = self._db.execute(
            "SELECT doc_id FROM link_documents WHERE story_id = ? ORDER BY seq DESC LIMIT ?", (story_id, limit)
        )
        return [row[0] for row in rows]

    def event_candidates(
        self, keys: Sequence[str], limit: int, since: str | None = None, until: str | None = None
    ) -> list[MergedEventState]:
        window, bounds = _window("m.date_start", "coalesce(m.date_end, m.date_start)", since, until)
        ids: dict[str, None] = {}
        for key in keys:
            # The latest postings of the key, those dated wholly outside [since, until] left out.
            for row in self._db.execute(
                f"""SELECT k.merged_id FROM (SELECT merged_id, seq FROM merged_event_keys WHERE key = ?
                        ORDER BY seq DESC LIMIT ?) AS k JOIN merged_events AS m ON m.merged_id = k.merged_id
                    WHERE 1 {window} ORDER BY k.seq DESC LIMIT ?""",
                (key, SCAN * limit, *bounds, limit),
            ):
                ids[row[0]] = None
        out = []
        for chunk in _chunks(list(ids)):
            for row in self._db.execute(
                f"""SELECT merged_id, type, source, target, date_start, date_end, location_country, stories
                    FROM merged_events WHERE merged_id IN ({_marks(chunk)})""",
                chunk,
            ):
                out.append(MergedEventState(
                    row[0], row[1], tuple(json.loads(row[2])), tuple(json.loads(row[3])), row[4], row[5], row[6],
                    tuple(json.loads(row[7])),
                ))
        return out

    def quote_candidates(self, speaker: str, limit: int) -> list[tuple[str, QuoteMention]]:
        rows = self._db.execute(
            "SELECT merged_id, first FROM merged_quotes WHERE speaker = ? ORDER BY seq DESC LIMIT ?", (speaker, limit)
        )
        return [(row[0], quote_mention_from_json(row[1])) for row in rows]


def _next_seq(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'linked_documents'").fetchone()
    seq = (int(row[0]) if row else 0) + 1
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('linked_documents', ?)", (str(seq),))
    return seq


def write_link_update(db: sqlite3.Connection, update: LinkUpdate) -> None:
    """Record one document's link results, inside the caller's transaction."""
    facets = update.facets
    placement = update.placement
    story = placement.story
    seq = _next_seq(db)
    db.execute(
        """INSERT INTO link_documents (doc_id, seq, facets, story_id, similarity, date, date_how, date_evidence,
               date_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (facets.doc_id, seq, json.dumps(asdict(facets), ensure_ascii=False), story.id,
         None if placement.new else round(placement.similarity, 4), placement.date, placement.date_how,
         placement.date_evidence, placement.date_confidence),
    )
    db.executemany(
        "INSERT INTO link_terms (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
        [(term,) for term in update.terms],
    )
    generation = _generation(seq)
    if seq % BAND_GENERATION == 0 and generation >= BAND_GENERATIONS:
        # A generation begins: the one no longer searched goes, one stretch of the table.
        db.execute("DELETE FROM link_bands WHERE generation <= ?", (generation - BAND_GENERATIONS,))
    db.executemany("INSERT OR IGNORE INTO link_bands (generation, band, doc_id) VALUES (?, ?, ?)",
                   [(generation, band, facets.doc_id) for band in update.bands])
    if update.derivation is not None:
        d = update.derivation
        db.execute(
            """INSERT INTO derivations (doc_id, derived_from, kind, similarity, evidence) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (doc_id) DO UPDATE SET derived_from = excluded.derived_from, kind = excluded.kind,
                   similarity = excluded.similarity, evidence = excluded.evidence
               WHERE excluded.similarity > derivations.similarity""",
            (d.doc_id, d.derived_from, d.kind, d.similarity, d.evidence),
        )
    split = update.split
    names = {}
    if not placement.new:
        row = db.execute("SELECT actor_names FROM stories WHERE story_id = ?",
                         (split.kept.id if split else story.id,)).fetchone()
        names = json.loads(row[0]) if row else {}
    for actor, name in placement.actor_names.items():
        names.setdefault(actor, name)
    for state in (split.kept, split.parted) if split else (story,):
        _write_story(db, state, seq, {actor: names[actor] for actor in state.actors if actor in names})
    postings = [(term, story.id, seq) for term in update.story_terms]
    if split:
        postings += [(term, split.parted.id, seq) for term in split.terms]
        for chunk in _chunks(list(split.moved)):
            db.execute(f"UPDATE link_documents SET story_id = ? WHERE doc_id IN ({_marks(chunk)})", [split.parted.id, *chunk])
        recount_story(db, split.kept.id)
        recount_story(db, split.parted.id)
    db.executemany("INSERT OR IGNORE INTO story_terms (term, story_id, seq) VALUES (?, ?, ?)",
                   _new_postings(db, postings, update.posting_depth))
    for merged in update.merged_events:
        db.execute(
            """INSERT OR REPLACE INTO merged_events (merged_id, seq, type, source, target, date_start, date_end,
                   location_country, stories) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (merged.id, seq, merged.type, json.dumps(merged.source), json.dumps(merged.target), merged.date_start,
             merged.date_end, merged.location_country, json.dumps(merged.documents)),
        )
    db.executemany("INSERT OR REPLACE INTO merged_event_keys (key, merged_id, seq) VALUES (?, ?, ?)",
                   [(key, merged_id, seq) for key, merged_id in update.event_keys])
    db.executemany(
        "INSERT OR IGNORE INTO event_mentions (event_id, merged_id, doc_id, mention) VALUES (?, ?, ?, ?)",
        [(m.event_id, merged_id, m.doc_id, json.dumps(asdict(m), ensure_ascii=False)) for merged_id, m in update.events],
    )
    for merged_id, mention in update.quotes:
        text = json.dumps(asdict(mention), ensure_ascii=False)
        db.execute("INSERT OR IGNORE INTO merged_quotes (merged_id, seq, speaker, first) VALUES (?, ?, ?, ?)",
                   (merged_id, seq, mention.speaker, text))
        db.execute("UPDATE merged_quotes SET seq = ? WHERE merged_id = ?", (seq, merged_id))
        db.execute("INSERT OR IGNORE INTO quote_mentions (quote_id, merged_id, doc_id, mention) VALUES (?, ?, ?, ?)",
                   (mention.quote_id, merged_id, mention.doc_id, text))


def _new_postings(
    db: sqlite3.Connection, postings: list[tuple[str, str, int]], depth: int
) -> list[tuple[str, str, int]]:
    """The postings to write: those whose story is not already among the term's latest ``depth`` (0: all).

    A lookup reads each term's latest postings only, so one already there finds the story as well
    as a fresh one would; the story's dates, not its postings, keep it within the time window.
    """
    if depth <= 0 or not postings:
        return postings
    present: set[tuple[str, str]] = set()
    for i in range(0, len(postings), COMPOUND_TERMS):
        chunk = postings[i : i + COMPOUND_TERMS]
        query = " UNION ALL ".join(
            "SELECT * FROM (SELECT term, story_id FROM story_terms WHERE term = ? ORDER BY seq DESC LIMIT ?)"
            for _ in chunk
        )
        wanted = {(term, story_id) for term, story_id, _ in chunk}
        for term, story_id in db.execute(query, [value for term, _, _ in chunk for value in (term, depth)]):
            if (term, story_id) in wanted:
                present.add((term, story_id))
    return [posting for posting in postings if (posting[0], posting[1]) not in present]


def _write_story(db: sqlite3.Connection, story: StoryState, seq: int, names: Mapping[str, str]) -> None:
    db.execute(
        """INSERT OR REPLACE INTO stories (story_id, seq, centroid, start, "end", size, actors, actor_names)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (story.id, seq, json.dumps(dict(story.centroid), ensure_ascii=False), story.start, story.end, story.size,
         json.dumps(dict(story.actors), ensure_ascii=False), json.dumps(dict(names), ensure_ascii=False)),
    )


def recount_story(db: sqlite3.Connection, story_id: str) -> None:
    """A story's size and dates recounted from its members (after one was removed); deleted when none is left.

    Its dates are its dated members' (an undated member's estimate came from the story). A deleted
    story's postings stay in ``story_terms``: lookups find no story behind them.
    """
    size, start, end = db.execute(
        """SELECT count(*), min(CASE WHEN date_how IN ('published', 'inferred') THEN date END),
                  max(CASE WHEN date_how IN ('published', 'inferred') THEN date END)
           FROM link_documents WHERE story_id = ?""", (story_id,)
    ).fetchone()
    if not size:
        db.execute("DELETE FROM stories WHERE story_id = ?", (story_id,))
        return
    db.execute('UPDATE stories SET size = ?, start = ?, "end" = ? WHERE story_id = ?', (size, start, end, story_id))
