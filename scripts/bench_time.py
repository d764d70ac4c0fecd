"""Speed of the time stage per word, as a ratio against the spaCy parse of the same texts in the same process.

``extract_times`` runs over the parsed texts (the parse given, as the pipeline gives it) and its best
time of several runs is divided by the best time of parsing them; machines are noisy, so the ratio is
the figure to compare between commits.

    PYTHONPATH=src .venv/bin/python scripts/bench_time.py [PATH ...] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import time

from dateline.ingest import read_inputs
from dateline.records import Document
from dateline.resources import load_resources
from dateline.timex import extract_times


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["src/dateline/data/sample"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    nlp = load_resources().nlp
    documents = [d for d in read_inputs(args.paths) if isinstance(d, Document)]
    parsed = [(d.text, d.published.date if d.published else None, nlp(d.text)) for d in documents]
    words = sum(len(doc) for *_, doc in parsed)
    parse = best_of(args.repeat, lambda: [nlp(d.text) for d in documents])
    times = best_of(args.repeat, lambda: [extract_times(text, anchor, doc) for text, anchor, doc in parsed])
    print(json.dumps({
        "documents": len(documents),
        "words": words,
        "parse_seconds": round(parse, 3),
        "time_stage_seconds": round(times, 3),
        "microseconds_per_word": round(times / words * 1e6, 1),
        "ratio_to_parse": round(times / parse, 4),
    }, indent=2))


if __name__ == "__main__":
    main()
