"""Speed of the pipeline as a ratio against a baseline run in the same process.

The baseline is the bare spaCy model (``spacy.load`` + ``nlp.pipe``) over the same texts;
the measured run is dateline's whole per-document chain. Machines are noisy, so the figure
that matters is the ratio, and each run is repeated and the best time kept.

    .venv/bin/python scripts/bench_speed.py [PATH ...] [--repeat 3] [--copies 4]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict

import spacy

from dateline.ingest import read_inputs
from dateline.nlp import DEFAULT_MODEL, parse
from dateline.pipeline import analyze, analyze_one
from dateline.records import Document
from dateline.resources import load_resources


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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4, help="repeat the corpus to make the run longer")
    args = parser.parse_args()

    documents = [d for d in read_inputs(args.paths) if isinstance(d, Document)] * args.copies
    texts = [d.text for d in documents]
    characters = sum(map(len, texts))

    baseline_nlp = spacy.load(DEFAULT_MODEL)
    baseline = best_of(args.repeat, lambda: list(baseline_nlp.pipe(texts, batch_size=16)))

    resources = load_resources()
    full = best_of(args.repeat, lambda: list(analyze(documents, resources)))

    # Where the time goes, stage by stage (one pass over parsed documents, the chain's own clock).
    spent: dict[str, float] = defaultdict(float)
    for document, doc in zip(documents, parse(resources.nlp, texts)):
        analyze_one(document, resources, doc, timings=spent)
    print(json.dumps({
        "documents": len(documents),
        "characters": characters,
        "baseline_spacy_seconds": round(baseline, 3),
        "dateline_seconds": round(full, 3),
        "ratio_to_baseline": round(full / baseline, 2),
        "documents_per_second": round(len(documents) / full, 1),
        "stage_seconds_after_parse": {k: round(v, 3) for k, v in spent.items()},
    }, indent=2))


if __name__ == "__main__":
    main()
