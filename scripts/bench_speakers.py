"""What the learned speaker chooser costs: the chain with it against the chain without, in one process.

The texts are parsed once; then the per-document chain (``pipeline.analyze_one`` on the parse)
runs with the rules only and with the chooser, alternated ``--repeat`` times, the best time of
each kept. Prints the chain's time with the chooser against without, and the seconds the quotes
stage took in each (the chain's own clock). Parsing is left out, so the ratio is the cost on
everything after spaCy; ``scripts/bench_speed.py`` gives the parse's share of the whole.

    .venv/bin/python scripts/bench_speakers.py [PATH ...] [--repeat 3] [--copies 4]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import replace

from dateline.ingest import read_inputs
from dateline.nlp import parse
from dateline.pipeline import analyze_one
from dateline.records import Document
from dateline.resources import load_resources, load_shipped_speaker_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["src/dateline/data/sample"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4, help="repeat the corpus to make the run longer")
    args = parser.parse_args()
    rules = load_resources()
    learned = replace(rules, speaker_model=load_shipped_speaker_model())
    documents = [d for d in read_inputs(args.paths, boilerplate=rules.boilerplate, agencies=rules.kb.agencies) if isinstance(d, Document)]
    documents = documents * args.copies
    docs = list(parse(rules.nlp, [d.text for d in documents]))
    best = {"rules": float("inf"), "learned": float("inf")}
    stages: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):
        for name, resources in (("rules", rules), ("learned", learned)):
            spent: dict[str, float] = defaultdict(float)
            start = time.perf_counter()
            for document, doc in zip(documents, docs):
                analyze_one(document, resources, doc, timings=spent)
            seconds = time.perf_counter() - start
            if seconds < best[name]:
                best[name], stages[name] = seconds, spent
    print(json.dumps({
        "documents": len(documents),
        "chain_after_parse_seconds": {name: round(s, 3) for name, s in best.items()},
        "learned_against_rules": round(best["learned"] / best["rules"], 3),
        "quotes_stage_seconds": {name: round(stages[name]["quotes"], 3) for name in best},
    }, indent=1))


if __name__ == "__main__":
    main()
