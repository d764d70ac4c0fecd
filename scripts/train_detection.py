"""Train the learned event detector on the annotated corpus's train split; choose its threshold on dev.

    .venv/bin/python scripts/train_detection.py [--bench ../shared/bench] [--threshold P] [--typer-lead L]

Runs the default chain (the argument and speaker choosers) over every frozen train article with
a recorder in the detector's place: it keeps every candidate event the events stage hands the
detector (a lexicon trigger the rules dropped for a missing side, or a word the trigger typer
types with a lead of at least ``--min-lead``), with the sides the argument chooser gave it and
its features, and keeps none of them, so the chain's own events are the default chain's. A
candidate is a positive example when it matches (type, source and target, as ``dateline eval``
pairs them) a gold event that none of the chain's own events matches; a candidate that only
matches an optional gold event teaches nothing. A logistic regression is fitted on them.

Then the same recorder runs over the dev split and, unless ``--threshold`` and ``--typer-lead``
are given, the pair that maximises dev's events F1 is chosen: the chain's own events F1 plus
the gold events the kept candidates would add (one each) and the candidates that match none
(false alarms), an estimate that ``dateline eval --corpus eval/corpus --split dev --learned
detection,...`` then measures. Writes ``src/dateline/data/models/detection.json.gz``; ``make
train`` runs it after the argument chooser (about three minutes, most of it parsing). It never
reads the test split.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from dateline.benchmarks.corpus import DEFAULT_CORPUS, frozen_files, read_frozen, rebuild
from dateline.benchmarks.quotes import bench_text, ecbplus_texts, source_name
from dateline.evaluate import _event_matches
from dateline.layout import parse_dateline
from dateline.learned.arguments import DocumentContext
from dateline.learned.arguments import train as train_sides
from dateline.learned.detection import DetectionModel, Detector, save_detection_model, train
from dateline.pipeline import analyze_one
from dateline.records import Analysis, Document
from dateline.resources import Settings, load_resources, load_shipped_trigger_model

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_arguments import describe, gold_for, sides  # noqa: E402  (the argument chooser's training, shared)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data" / "models" / "detection.json.gz"


class Recording(Detector):
    """Stands in for the detector: keeps every candidate with its features (and what the side
    chooser's training needs of it), and keeps no event."""

    def __call__(self, token, event, origin, lead=0.0, stance=False):
        found = self.candidate(token, event, origin, lead, stance)
        if found is not None:
            chosen, feats = found
            self.model.seen.append((self.context, chosen, feats, origin, lead, describe(self.context, token, event)))
        return None


class Recorder(DetectionModel):
    def __init__(self, typer, min_lead: float, sides=None):
        super().__init__({}, 0.0, 1.0, min_lead, typer, sides)
        self.seen: list = []

    def for_document(self, doc, mentions, cast, quotes, arguments):
        chooser = self.sides or arguments
        return Recording(self, DocumentContext(doc, mentions, cast, quotes, chooser.window), chooser)


def as_dict(event, names: dict[str, str]) -> dict:
    return {"type": event.type, "source": [names.get(a, a) for a in event.source], "target": [names.get(a, a) for a in event.target]}


def collect(split: str, bench: Path, resources, recorder: Recorder) -> tuple[list[dict], dict[str, int], list]:
    """Every candidate of the split's articles: ``{"features", "origin", "lead", "gold"}`` where ``gold``
    is the key of the uncovered required gold event it matches, "optional", or None; and the chain's
    own event counts (tp, fp, fn) against the required gold events; and the side chooser's examples:
    one per side of each candidate whose type and sentence match a gold event's."""
    paths = frozen_files(DEFAULT_CORPUS, split)
    ecbplus = ecbplus_texts(bench)
    rows: list[dict] = []
    counts = {"tp": 0, "fp": 0, "fn": 0}
    side_examples = []
    for path in paths:
        entry = read_frozen(path)
        text = bench_text(bench, entry["set"], entry["doc"], ecbplus)
        name = source_name(entry["set"], entry["doc"])
        recorder.seen = []
        document = Document(doc_id=name, source=name, text=text, dateline=parse_dateline(text, resources.kb.agencies))
        analysis = analyze_one(document, resources)
        if not isinstance(analysis, Analysis):
            continue
        rebuilt = rebuild(entry, text)
        gold = rebuilt["events"]
        names = {a.id: a.name for a in analysis.actors}
        own = [as_dict(e, names) for e in analysis.events]
        covered = {n for n, g in enumerate(gold) if any(_event_matches(e, g, {}) for e in own)}
        required = [n for n, g in enumerate(gold) if not g.get("optional")]
        matched_own = sum(any(_event_matches(e, g, {}) for g in gold) for e in own)
        counts["tp"] += len(covered & set(required))
        counts["fn"] += len(set(required) - covered)
        counts["fp"] += len(own) - matched_own
        for context, chosen, feats, origin, lead, described in recorder.seen:
            n = gold_for(described, entry)
            if n is not None:
                side_examples.extend(example for example, _ in sides(described, gold[n]) if example is not None)
            event = as_dict(chosen, {**context.names, **names})
            hits = [n for n, g in enumerate(gold) if _event_matches(event, g, {})]
            fresh = [n for n in hits if n not in covered and not gold[n].get("optional")]
            label = f"{name}#{fresh[0]}" if fresh else ("optional" if hits else None)
            rows.append({"features": feats, "origin": origin, "lead": lead, "gold": label})
    return rows, counts, side_examples


def estimate(
    rows: list[dict], counts: dict[str, int], model: DetectionModel, threshold: float, typer_lead: float
) -> tuple[float, int, int]:
    """(dev events F1 with the candidates kept at ``threshold`` and ``typer_lead``, gold events added, false alarms)."""
    added, alarms = set(), 0
    for row in rows:
        if row["origin"] == "typer" and row["lead"] < typer_lead:
            continue
        if model.probability(row["features"]) < threshold:
            continue
        if row["gold"] is None or row["gold"] in added:
            alarms += row["gold"] is None or row["gold"] in added
        elif row["gold"] != "optional":
            added.add(row["gold"])
    tp, fp, fn = counts["tp"] + len(added), counts["fp"] + alarms, counts["fn"] - len(added)
    return 2 * tp / max(2 * tp + fp + fn, 1), len(added), alarms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--min-lead", type=float, default=0.0, help="the lowest typer lead that makes a word a candidate")
    parser.add_argument("--threshold", type=float, help="keep candidates at or above this chance (default: chosen on dev)")
    parser.add_argument("--typer-lead", type=float, help="the typer lead a word needs (default: chosen on dev)")
    parser.add_argument("--own-sides", action="store_true", help="train a side chooser on the candidates themselves")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    recorder = Recorder(load_shipped_trigger_model(), args.min_lead)
    resources = replace(load_resources(Settings()), detection_model=recorder)
    rows, _, side_examples = collect("train", args.bench, resources, recorder)
    if args.own_sides:
        # the candidates' own side chooser, then their sides chosen again with it
        recorder.sides = train_sides(side_examples, window=resources.argument_model.window)
        print(f"train: {len(side_examples)} sides of candidates to learn the side chooser from; {len(recorder.sides.weights)} features")
        rows, _, _ = collect("train", args.bench, resources, recorder)
    examples = [(r["features"], r["gold"] not in (None, "optional")) for r in rows if r["gold"] != "optional"]
    weights, bias = train(examples, epochs=args.epochs, l2=args.l2)
    model = DetectionModel(weights, bias, sides=recorder.sides)
    positives = sum(right for _, right in examples)
    print(f"train: {len(examples)} candidates, {positives} of them new gold events "
          f"({sum(r['origin'] == 'typer' for r in rows)} typed words); {len(weights)} features")
    dev_rows, counts, _ = collect("dev", args.bench, resources, recorder)
    base = 2 * counts["tp"] / max(2 * counts["tp"] + counts["fp"] + counts["fn"], 1)
    print(f"dev: the chain alone tp {counts['tp']} fp {counts['fp']} fn {counts['fn']}, events F1 {base:.3f}; "
          f"{len(dev_rows)} candidates, {sum(r['gold'] not in (None, 'optional') for r in dev_rows)} of them new gold events")
    leads = [args.typer_lead] if args.typer_lead is not None else [args.min_lead + step for step in (0, 2, 4, 6, 8, 10, 1000)]
    thresholds = [args.threshold] if args.threshold is not None else [round(0.05 * k, 2) for k in range(2, 20)]
    best = None
    for lead in leads:
        for threshold in thresholds:
            f1, added, alarms = estimate(dev_rows, counts, model, threshold, lead)
            print(f"  typer lead >= {lead:6.1f}  threshold {threshold:.2f}: dev events F1 {f1:.3f} (+{added} gold, {alarms} false alarms)")
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, threshold, lead)
    _, model.threshold, model.typer_lead = best
    save_detection_model(model, args.out)
    print(f"chosen: threshold {model.threshold}, typer lead {model.typer_lead} (dev F1 estimate {best[0]:.3f}) -> {args.out}")


if __name__ == "__main__":
    main()
