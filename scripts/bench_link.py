"""Does linking a new document cost more in a larger database? The link stage's scaling benchmark.

Builds synthetic analyses (texts drawn from a Zipf-distributed vocabulary, names, actors, dated
events and quotes among a pool of actors; a share of them near-copies of earlier ones, so that
stories, merged events, quotes and copies all form), then measures in one process:

- ``empty``: linking ``--new`` documents into an empty database;
- ``middle``: linking ``--new`` other documents into a database holding a fifth of ``--base``;
- ``large``: linking ``--new`` other documents into a database holding ``--base``.

The three take their new documents in turns, a batch of 100 each, so that a machine busier at one
moment than at another weighs on the three alike.

Machines are noisy, so the figures are ratios of the link stage's seconds per new document
(``pipeline.link_stored``; storing is timed apart). ``large / middle`` near 1 means the cost
no longer grows with the database; ``large / empty`` also counts that a document entering an
empty database has nothing to be compared with.

Then, what the machine's load does not move: the pages one more batch of 100 documents writes to the
write-ahead log in each database (``wal_pages_per_batch``; checkpointing held off for it). A page
written is a page of an index the batch touched; keys at random places of a large table touch
more pages than of a small one, and the commit writes each.

Run: ``PYTHONPATH=src python scripts/bench_link.py [--base 10000] [--new 1000]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from dateline.ids import assign_ids
from dateline.pipeline import link_stored
from dateline.records import Actor, Analysis, Document, Event, Published, Quote
from dateline.resources import load_link_settings
from dateline.store import Writer

BATCH = 100  # documents stored and linked at a time, as ``dateline ingest`` does

TYPES = ("CONSULT", "AGREE", "ACCUSE", "COOPERATE", "REQUEST", "ASSAULT", "SANCTION", "SUPPORT")


def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    """Pronounceable made-up words, so the vocabulary is as large as real news has."""
    syllables = ["ka", "to", "mi", "ra", "ne", "lo", "su", "vi", "de", "an", "or", "el", "us", "tri", "pol", "gra"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_analysis(n: int, rng: random.Random, words: list[str], weights: list[float], earlier: list[Analysis]) -> Analysis:
    """One synthetic analysis; one in ten copies an earlier one with another header."""
    if earlier and rng.random() < 0.1:
        source = rng.choice(earlier)
        text = f"Syndicated by outlet {n}\n" + source.document.text + f"\nCopyright outlet {n}"
        return _analysis(n, text, source.published.date, source.actors, source.events, source.quotes)
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    actors = tuple(
        Actor(id=f"person-{a}", name=f"Person {a}", kind="person", country=None, mentions=((0, 1),))
        for a in rng.sample(range(3000), 4)
    )
    sentences = []
    for _ in range(rng.randint(8, 20)):
        body = " ".join(rng.choices(words, weights, k=rng.randint(10, 25)))
        name = rng.choice(actors).name
        sentences.append(f"{name} {body}.")
    text = "\n".join(sentences)
    events = tuple(
        Event(
            type=rng.choice(TYPES), mode=None, cameo=None, source=(actors[0].id,), target=(actors[1].id,),
            date_start=day.isoformat(), date_end=day.isoformat(), location=None, status="occurred",
            evidence_start=i, evidence_end=10 + i, evidence_text=sentences[0], confidence=0.8,
        )
        for i in range(3)
    )
    quotes = tuple(
        Quote(text=sentences[i + 1], start=i, end=10 + i, speaker=actors[i].id, kind="direct", cue="said")
        for i in range(2)
    )
    return _analysis(n, text, day.isoformat(), actors, events, quotes)


def _analysis(n, text, day, actors, events, quotes) -> Analysis:
    doc_id = hashlib.sha1(text.encode()).hexdigest()[:16]
    published = Published(date=day, how="header", confidence=1.0)
    document = Document(doc_id=doc_id, source=f"synthetic-{n}.txt", text=text, published=published)
    return assign_ids(Analysis(document=document, published=published, actors=actors, events=events, quotes=quotes))


def timed_link(writer: Writer, analyses: list[Analysis], settings, batch: int = 100) -> tuple[float, float]:
    """Seconds spent storing and linking ``analyses`` in batches, as ``dateline ingest`` does."""
    store_seconds = link_seconds = 0.0
    for i in range(0, len(analyses), batch):
        chunk = analyses[i : i + batch]
        start = time.perf_counter()
        writer.add(chunk)
        middle = time.perf_counter()
        link_stored(writer, chunk, settings)
        store_seconds += middle - start
        link_seconds += time.perf_counter() - middle
    return store_seconds, link_seconds


def wal_pages(writer: Writer, analyses: list[Analysis], settings) -> int:
    """Pages written to the write-ahead log by storing nothing and linking ``analyses`` (already stored), in one batch."""
    path = Path(writer.path + "-wal")
    writer._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer._db.execute("PRAGMA wal_autocheckpoint = 0")
    before = path.stat().st_size if path.exists() else 0
    link_stored(writer, analyses, settings)
    page = writer._db.execute("PRAGMA page_size").fetchone()[0]
    writer._db.execute("PRAGMA wal_autocheckpoint = 1000")
    return (path.stat().st_size - before) // (page + 24)  # each frame: a 24-byte header and the page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=10000, help="documents already in the large database")
    parser.add_argument("--new", type=int, default=1000, help="documents added to each database")
    args = parser.parse_args()
    rng = random.Random(7)
    words = vocabulary(rng)
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    analyses: list[Analysis] = []
    for n in range(args.base + 3 * args.new + 3 * BATCH):
        analyses.append(make_analysis(n, rng, words, weights, analyses[-500:]))
    fifth = args.base // 5
    base = analyses[: args.base]
    new_middle, new_large, new_empty = (
        analyses[args.base + i * args.new : args.base + (i + 1) * args.new] for i in range(3)
    )
    settings = load_link_settings()
    with tempfile.TemporaryDirectory() as folder, Writer(Path(folder) / "empty.db") as empty_db, \
            Writer(Path(folder) / "middle.db") as middle_db, Writer(Path(folder) / "large.db") as large_db:
        timed_link(middle_db, base[:fifth], settings)
        build_store, build_link = timed_link(large_db, base, settings)
        # The three databases take their new documents in turns, a batch each, so that a machine
        # busier at one moment than another weighs on all three alike.
        empty = middle = large = 0.0
        for i in range(0, args.new, BATCH):
            empty += timed_link(empty_db, new_empty[i : i + BATCH], settings)[1]
            middle += timed_link(middle_db, new_middle[i : i + BATCH], settings)[1]
            large += timed_link(large_db, new_large[i : i + BATCH], settings)[1]
        extra = analyses[args.base + 3 * args.new :]
        pages = {}
        for name, db, batch in (("empty", empty_db, extra[:BATCH]), ("middle", middle_db, extra[BATCH : 2 * BATCH]),
                                ("large", large_db, extra[2 * BATCH :])):
            db.add(batch)
            pages[name] = wal_pages(db, batch, settings)
    result = {
        "base_documents": args.base,
        "middle_documents": fifth,
        "new_documents": args.new,
        "link_ms_per_document_empty": round(1000 * empty / args.new, 2),
        "link_ms_per_document_middle": round(1000 * middle / args.new, 2),
        "link_ms_per_document_large": round(1000 * large / args.new, 2),
        "ratio_large_to_empty": round(large / empty, 2),
        "ratio_large_to_middle": round(large / middle, 2),
        "wal_pages_per_batch": pages,
        "building_the_large_database_s": {"store": round(build_store, 1), "link": round(build_link, 1)},
    }
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
