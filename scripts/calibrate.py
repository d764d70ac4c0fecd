"""Fit the confidence calibration on the annotated corpus's dev split, and show how it holds on the test split.

    .venv/bin/python scripts/calibrate.py [--bench ../shared/bench] [--l2 1.0] [--check-only]

Runs the chain with the raw scores (``Settings(calibrate=False)``) over every frozen dev article,
judges each event and quote as ``dateline eval`` does (an event right when paired with a gold event,
a quote when it holds a gold quote and names its speaker), fits one logistic regression per kind
(``calibration.fit``) and writes ``src/dateline/data/models/calibration.json``. Then it prints, for
dev and test, the reliability table (precision among the items at or above 0.5, 0.7, 0.9) and the
expected calibration error. The test split is only read, never fitted on. ``make train`` runs it
last, after the models whose scores it calibrates. ``--check-only`` prints the tables of the shipped
calibration without fitting.
"""

from __future__ import annotations

import argparse
import dataclasses
from datetime import date
from pathlib import Path

from dateline.benchmarks.corpus import DEFAULT_CORPUS, frozen_files, load_corpus_gold
from dateline.calibration import Calibration, calibrate, dump, event_features, fit, quote_features
from dateline.contract import to_contract
from dateline.evaluate import RELIABILITY_THRESHOLDS, evaluate
from dateline.layout import parse_dateline
from dateline.pipeline import analyze_one
from dateline.records import Document, Failure
from dateline.resources import Settings, load_resources

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data" / "models" / "calibration.json"


def raw_analyses(split: str, bench: Path, resources):
    """(gold, analysis with raw scores) per frozen article of ``split``."""
    gold, texts = load_corpus_gold(bench, frozen_files(DEFAULT_CORPUS, split))
    found = []
    for gold_doc in gold:
        name = gold_doc["source"]
        text = texts[name]
        document = Document(doc_id=name, source=name, text=text, dateline=parse_dateline(text, resources.kb.agencies))
        analysis = analyze_one(document, resources)
        if not isinstance(analysis, Failure):
            found.append((gold_doc, analysis))
    return found


def samples(found):
    """(features, right) per event and per quote, the features read from the raw records."""
    events, quotes = [], []
    for gold_doc, analysis in found:
        record = to_contract(analysis)
        actors = {a.id: a for a in analysis.actors}
        by_id = {e.id: e for e in analysis.events} | {q.id: q for q in analysis.quotes}
        for kind, _, item, right in evaluate([gold_doc], [record]).verdicts:
            if kind == "events":
                events.append((event_features(by_id[item["id"]], actors), right))
            else:
                quotes.append((quote_features(by_id[item["id"]], actors), right))
    return events, quotes


def reliability(found, calibration: Calibration) -> dict[str, list[tuple[float, bool]]]:
    """(calibrated confidence, right) per item and kind."""
    judged: dict[str, list[tuple[float, bool]]] = {"events": [], "quotes": []}
    for gold_doc, analysis in found:
        record = to_contract(calibrate(analysis, calibration))
        for kind, _, item, right in evaluate([gold_doc], [record]).verdicts:
            judged[kind].append((item["confidence"], right))
    return judged


def table(name: str, judged: dict[str, list[tuple[float, bool]]]) -> str:
    lines = [f"{name}: precision (items) at or above each confidence; ECE = expected calibration error (10 bins)"]
    for kind, items in judged.items():
        cells = []
        for threshold in (0.0, *RELIABILITY_THRESHOLDS):
            kept = [right for confidence, right in items if confidence >= threshold]
            cells.append(f">={threshold}: {sum(kept) / len(kept) if kept else 0:.3f} ({len(kept)})")
        lines.append(f"  {kind:7} " + "  ".join(cells) + f"  ECE {ece(items):.3f}")
    return "\n".join(lines)


def ece(items: list[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error: the items' weighted mean gap between confidence and accuracy per bin."""
    total = 0.0
    for b in range(bins):
        inside = [(c, r) for c, r in items if b / bins <= c < (b + 1) / bins or (b == bins - 1 and c == 1.0)]
        if inside:
            gap = abs(sum(c for c, _ in inside) / len(inside) - sum(r for _, r in inside) / len(inside))
            total += gap * len(inside)
    return total / len(items) if items else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights")
    parser.add_argument("--check-only", action="store_true", help="print the shipped calibration's tables, fit nothing")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    bench = Path(args.bench)
    calibrated = load_resources(Settings())  # the default chain: the learned components it runs by default
    resources = dataclasses.replace(calibrated, calibration=None)
    dev = raw_analyses("dev", bench, resources)
    if args.check_only:
        calibration = calibrated.calibration
    else:
        event_samples, quote_samples = samples(dev)
        calibration = Calibration(
            events=fit(event_samples, args.l2),
            quotes=fit(quote_samples, args.l2),
            about={
                "fitted_on": "annotated corpus, dev split (eval/corpus/manifest.json)",
                "documents": len(dev),
                "events": len(event_samples),
                "quotes": len(quote_samples),
                "learned": sorted(Settings().learned_components()),
                "l2": args.l2,
                "date": date.today().isoformat(),
            },
        )
        dump(calibration, Path(args.out))
        print(f"{len(dev)} dev articles, {len(event_samples)} events, {len(quote_samples)} quotes -> {args.out}")
    print(table("dev (fitted on)" if not args.check_only else "dev", reliability(dev, calibration)))
    test = raw_analyses("test", bench, resources)
    print(table("test (never fitted on)", reliability(test, calibration)))


if __name__ == "__main__":
    main()
