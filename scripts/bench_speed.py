"""Speed of the pipeline as ratios against baselines run in the same process.

Machines are noisy, so the figures that matter are ratios, each measured in one process with
the runs alternated and the best of ``--repeat`` kept:

- ``chain``: dateline's whole per-document chain against the bare spaCy model (``spacy.load`` +
  ``nlp.pipe``) over the same texts, with the seconds each stage took from the chain's own clock;
- ``workers``: the runner (``runner.run``) with 2 worker processes against 1, in documents per
  second from the first result to the last (each worker's model load is left out) and wall time;
- ``long``: one long article (ECB+ texts run together, ``--long-from``) at 20 KB and at 200 KB:
  seconds per KB for spaCy alone and for the chain, and the chain against spaCy on the long one.
  Linear cost means the same seconds per KB at both sizes.

    .venv/bin/python scripts/bench_speed.py [PATH ...] [--repeat 3] [--copies 4]
        [--workers-corpus FILE_OR_DIR] [--long-from ../shared/bench/ecbplus/ecbplus_docs.jsonl]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import spacy

from dateline.ingest import ingest_text, read_inputs
from dateline.nlp import DEFAULT_MODEL, parse, parse_one
from dateline.pipeline import analyze, analyze_one
from dateline.records import Document
from dateline.resources import Settings, load_resources
from dateline.runner import run

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ecbplus" / "ecbplus_docs.jsonl"


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def alternated(repeat: int, **runs) -> dict[str, float]:
    """The best time of each run, the runs alternated ``repeat`` times."""
    best = {name: float("inf") for name in runs}
    for _ in range(repeat):
        for name, func in runs.items():
            best[name] = min(best[name], timed(func))
    return best


def chain_against_spacy(documents: list[Document], resources, baseline_nlp, repeat: int) -> dict:
    texts = [d.text for d in documents]
    best = alternated(
        repeat,
        spacy=lambda: list(baseline_nlp.pipe(texts, batch_size=16)),
        dateline=lambda: list(analyze(documents, resources)),
    )
    # Where the time goes, stage by stage (one pass over parsed documents, the chain's own clock).
    spent: dict[str, float] = defaultdict(float)
    for document, doc in zip(documents, parse(resources.nlp, texts)):
        analyze_one(document, resources, doc, timings=spent)
    return {
        "documents": len(documents),
        "characters": sum(map(len, texts)),
        "spacy_seconds": round(best["spacy"], 3),
        "dateline_seconds": round(best["dateline"], 3),
        "throughput_against_spacy": round(best["spacy"] / best["dateline"], 2),
        "documents_per_second": round(len(documents) / best["dateline"], 1),
        "stage_seconds_after_parse": {k: round(v, 3) for k, v in spent.items()},
    }


def workers_two_against_one(paths: list[str], resources, repeat: int) -> dict:
    def one_run(workers: int) -> tuple[float, float, int]:
        start = time.perf_counter()
        first = None
        count = 0
        for _ in run(Settings(), paths, workers=workers, resources=resources if workers == 1 else None):
            count += 1
            if first is None:
                first = time.perf_counter()
        end = time.perf_counter()
        return end - start, (count - 1) / (end - first), count

    walls = {1: float("inf"), 2: float("inf")}
    rates = {1: 0.0, 2: 0.0}
    count = 0
    for _ in range(repeat):
        for workers in (1, 2):
            wall, rate, count = one_run(workers)
            walls[workers] = min(walls[workers], wall)
            rates[workers] = max(rates[workers], rate)
    return {
        "documents": count,
        "documents_per_second": {"1 worker": round(rates[1], 1), "2 workers": round(rates[2], 1)},
        "speedup_after_model_loads": round(rates[2] / rates[1], 2),
        "wall_seconds": {"1 worker": round(walls[1], 1), "2 workers": round(walls[2], 1)},
        "speedup_wall": round(walls[1] / walls[2], 2),
    }


def long_article(source: Path, size: int, resources) -> Document:
    texts = []
    total = 0
    with source.open(encoding="utf-8") as stream:
        for line in stream:
            texts.append(json.loads(line)["text"])
            total += len(texts[-1]) + 2
            if total >= size:
                break
    return ingest_text("\n\n".join(texts)[:size], f"long-{size // 1000}kb.txt", boilerplate=resources.boilerplate,
                       agencies=resources.kb.agencies)


def cost_per_kb(source: Path, resources, baseline_nlp, repeat: int) -> dict:
    report = {}
    for size in (20_000, 200_000):
        document = long_article(source, size, resources)
        best = alternated(
            repeat,
            spacy=lambda: baseline_nlp(document.text),
            dateline=lambda: analyze_one(document, resources, parse_one(resources.nlp, document.text)),
        )
        kb = len(document.text) / 1000
        report[f"{round(kb)} KB"] = {
            "spacy_seconds_per_kb": round(best["spacy"] / kb, 4),
            "dateline_seconds_per_kb": round(best["dateline"] / kb, 4),
            "dateline_against_spacy": round(best["dateline"] / best["spacy"], 2),
        }
    small, large = report.values()
    report["per_kb_200_against_20"] = {
        "spacy": round(large["spacy_seconds_per_kb"] / small["spacy_seconds_per_kb"], 2),
        "dateline": round(large["dateline_seconds_per_kb"] / small["dateline_seconds_per_kb"], 2),
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["src/dateline/data/sample"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4, help="repeat the corpus to make the run longer")
    parser.add_argument("--workers-corpus", default=None,
                        help="inputs for 2 workers against 1 (default: the first 300 ECB+ texts, else PATHS)")
    parser.add_argument("--long-from", type=Path, default=ECBPLUS, help="JSON lines whose texts make the long article")
    parser.add_argument("--only", choices=["chain", "workers", "long"], action="append",
                        help="run only these parts (repeatable; default all)")
    args = parser.parse_args()
    parts = set(args.only or ["chain", "workers", "long"])

    resources = load_resources()
    baseline_nlp = spacy.load(DEFAULT_MODEL)
    report = {}
    if "chain" in parts:
        documents = [d for d in read_inputs(args.paths) if isinstance(d, Document)] * args.copies
        report["chain"] = chain_against_spacy(documents, resources, baseline_nlp, args.repeat)
    if "workers" in parts:
        with tempfile.TemporaryDirectory() as folder:
            corpus = [args.workers_corpus] if args.workers_corpus else list(args.paths)
            if not args.workers_corpus and args.long_from.is_file():
                first = Path(folder) / "ecbplus-300.jsonl"
                with args.long_from.open(encoding="utf-8") as stream:
                    first.write_text("".join(line for _, line in zip(range(300), stream)), encoding="utf-8")
                corpus = [str(first)]
            report["workers"] = workers_two_against_one(corpus, resources, max(1, args.repeat - 1))
    if "long" in parts:
        if args.long_from.is_file():
            report["long"] = cost_per_kb(args.long_from, resources, baseline_nlp, max(1, args.repeat - 1))
        else:
            report["long"] = f"skipped: {args.long_from} not found"
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
