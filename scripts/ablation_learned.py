"""The learned event components' ablation: the rules alone, with the trigger typer, the argument chooser, both, the
default chain, the default chain with the event detector, and all.

    .venv/bin/python scripts/ablation_learned.py --split dev            # the annotated corpus's dev split
    .venv/bin/python scripts/ablation_learned.py --gold ../shared/gold/seeds.json ../shared/corpus/seeds
    .venv/bin/python scripts/ablation_learned.py --plover ../shared/bench/plover_gsr/PLOVER_GSR_CAMEO.json
    .venv/bin/python scripts/ablation_learned.py --speed [PATH ...]      # the chain's time, learned against rules
    .venv/bin/python scripts/ablation_learned.py --split dev --only default --only "+ detection"   # some rows

``dateline eval ... --rules-only`` and ``--learned`` give the first and last rows; the rows between
take learned components out of ``Resources`` (``Settings.learned`` switches all four: the trigger
typer, the argument chooser, the quotes stage's speaker chooser and the event detector). "default"
is the chain as it runs unasked (``DEFAULT_LEARNED``: the argument and speaker choosers), and
"+ detection" that chain with the learned event detector. The speed figure is a ratio: each row's
chain against the rules alone, over the same parsed documents, the runs alternated and the best
of ``--repeat`` kept.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from dateline.benchmarks.corpus import DEFAULT_CORPUS, format_summary, score_corpus, summary
from dateline.contract import to_contract
from dateline.evaluate import evaluate, load_gold
from dateline.nlp import parse
from dateline.pipeline import analyze_one, run
from dateline.records import Analysis
from dateline.resources import Settings, load_resources

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"


def variants(resources, only=()) -> dict:
    """The ways to run: rules only, the trigger typer or the argument chooser alone, both, the default
chain, the default chain with the event detector, and all four learned components (``--learned``);
``only``: those named."""
    rules = replace(resources, trigger_model=None, argument_model=None, speaker_model=None, detection_model=None, salience_model=None)
    default = replace(resources, trigger_model=None, detection_model=None)
    found = {
        "rules only": rules,
        "+ triggers": replace(rules, trigger_model=resources.trigger_model),
        "+ arguments": replace(rules, argument_model=resources.argument_model),
        "+ both": replace(resources, speaker_model=None, detection_model=None),
        "default": default,
        "+ detection": replace(default, detection_model=resources.detection_model),
        "all (--learned)": resources,
    }
    unknown = set(only) - set(found)
    if unknown:
        raise SystemExit(f"no row {', '.join(sorted(unknown))}: choose among {', '.join(found)}")
    return {name: chosen for name, chosen in found.items() if not only or name in only}


def row(name: str, report) -> str:
    d = report.as_dict()
    events, loose = d["events"], d["events_loose"]
    return (f"{name:20} events P {events['precision']:.3f} R {events['recall']:.3f} F1 {events['f1']:.3f}   "
            f"loose F1 {loose['f1']:.3f}   date {events['date_accuracy']:.3f} status {events['status_accuracy']:.3f}")


def speed(paths: list[str], resources, repeat: int, only=()) -> str:
    """Each variant's time over the same parsed documents against the rules alone: the chain after
    parsing, and the events stage (the runs alternated, a warm-up round left out, the best kept)."""
    chosen = variants(resources, only)
    chosen.setdefault("rules only", variants(resources, ["rules only"])["rules only"])
    documents = [r.document for r in run(paths, chosen["rules only"]) if isinstance(r, Analysis)]
    docs = list(parse(resources.nlp, [d.text for d in documents]))
    parse_time = min(timed(lambda: list(parse(resources.nlp, [d.text for d in documents]))) for _ in range(repeat))
    best: dict[str, tuple[float, float]] = {}
    for attempt in range(repeat + 1):  # the first round warms up and is not counted
        for name, variant in chosen.items():
            timings: dict[str, float] = {}
            start = time.perf_counter()
            for document, doc in zip(documents, docs):
                analyze_one(document, variant, doc, timings=timings)
            total = time.perf_counter() - start
            if attempt == 0:
                continue
            held = best.get(name)
            if held is None or total < held[0]:
                best[name] = (total, timings.get("events", 0.0))
    rules, rules_events = best["rules only"]
    lines = [f"{len(documents)} documents; parsing takes {parse_time:.2f} s, the rules-only chain after it {rules:.2f} s"]
    for name, (total, events) in best.items():
        lines.append(f"{name:20} chain after parsing {total / rules:.2f}x, events stage {events / max(rules_events, 1e-9):.2f}x, "
                     f"whole chain with parsing {(total + parse_time) / (rules + parse_time):.2f}x")
    return "\n".join(lines)


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "train"])
    parser.add_argument("--gold", nargs=2, metavar=("GOLD", "FOLDER"), help="DESIGN-format gold and the folder of its texts")
    parser.add_argument("--plover", type=Path)
    parser.add_argument("--speed", nargs="*", metavar="PATH")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--only", action="append", default=[], help="run only this row (repeatable)")
    args = parser.parse_args()
    resources = load_resources(Settings(learned=True))
    if args.split:
        for name, chosen in variants(resources, args.only).items():
            reports = score_corpus(args.bench, DEFAULT_CORPUS, chosen, args.split)
            print(row(name, reports["all"]))
            if name.startswith("all") or name in ("default", "+ detection"):
                print(format_summary(summary(reports)))
    if args.gold:
        gold = load_gold(args.gold[0])
        for name, chosen in variants(resources, args.only).items():
            records = [to_contract(r) for r in run([args.gold[1]], chosen) if isinstance(r, Analysis)]
            print(row(name, evaluate(gold, records)))
    if args.plover:
        from dateline.benchmarks.plover import score_plover

        for name, chosen in variants(resources, args.only).items():
            scores = score_plover(args.plover, chosen)
            print(f"{name:20} " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items() if isinstance(v, float)))
    if args.speed is not None:
        print(speed(args.speed or [str(ROOT / "src" / "dateline" / "data" / "sample")], resources, args.repeat, args.only))


if __name__ == "__main__":
    main()
