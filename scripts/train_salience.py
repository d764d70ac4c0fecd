"""Train the learned actor-salience model on the annotated corpus's train split; choose its threshold on dev.

    .venv/bin/python scripts/train_salience.py [--bench ../shared/bench] [--l2 3.0]

Every train article goes through the default chain with the salience model left out. Each actor of
its output that no event or quote names is labelled as ``dateline eval`` scores it: in the gold
when its name is an accepted name of a required gold actor not matched before it, not in the gold
when it matches none (or only one already matched: a second actor for one gold actor); actors that
only optional gold actors name count neither way and teach nothing. Only the actors the model
decides on (unknown to the knowledge base, ``learned.salience.judged``) are used. A logistic
regression (``learned.salience``) is fitted on them; the threshold is the one that gives the best
actors F1 on the dev split among those that cost the development sets (seeds, wikinews21, from
``../shared``) no more than ``LOSS`` of their actors F1: their golds list more of the actors named
once than the corpus's does, and the model must not trade them away. Writes
``src/dateline/data/models/salience.json.gz`` and prints the actors F1 by threshold and without and
with the model on each set (never the test split). About three minutes on 2 cores, most of it the
chain; ``make train`` runs it.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from dateline.benchmarks.corpus import DEFAULT_CORPUS, frozen_files, load_corpus_gold
from dateline.evaluate import evaluate, norm
from dateline.ingest import read_inputs
from dateline.layout import parse_dateline
from dateline.learned.salience import document_features, fit, judged, referenced, save_salience_model
from dateline.pipeline import analyze_one
from dateline.records import Document, Failure
from dateline.resources import load_resources

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data" / "models" / "salience.json.gz"
THRESHOLDS = [round(0.025 * k, 3) for k in range(1, 24)]
# The threshold may cost the development sets no more than this much actors F1 (DEVELOPMENT_SETS)
LOSS = 0.005
DEVELOPMENT_SETS = ("seeds", "wikinews21")


class _Recorder:
    """Stands in for the salience model during a run: keeps what it would read, changes nothing."""

    def __init__(self):
        self.found = []

    def select(self, doc, layout, cast, actors, events, quotes):
        self.found.append((document_features(doc, layout, cast, actors), tuple(actors), frozenset(referenced(events, quotes))))
        return tuple(actors), ()


def documents(split: str, bench: Path, resources) -> list[tuple[dict, Document]]:
    """(gold entry, document) of each article of a corpus split, or of ``seeds`` or ``wikinews21``."""
    shared = bench.parent
    if split in ("seeds", "wikinews21"):
        gold_file, folder = {"seeds": ("seeds.json", "seeds"), "wikinews21": ("wikinews21.json", "holdout")}[split]
        gold = {Path(g["source"]).name: g for g in json.loads((shared / "gold" / gold_file).read_text(encoding="utf-8"))}
        found = read_inputs([shared / "corpus" / folder], boilerplate=resources.boilerplate, agencies=resources.kb.agencies)
        return [(gold[Path(d.source).name], d) for d in found if isinstance(d, Document) and Path(d.source).name in gold]
    entries, texts = load_corpus_gold(bench, frozen_files(DEFAULT_CORPUS, split))
    return [
        (e, Document(doc_id=e["source"], source=e["source"], text=texts[e["source"]],
                     dateline=parse_dateline(texts[e["source"]], resources.kb.agencies)))
        for e in entries
    ]


def run(split: str, bench: Path, resources) -> list[tuple[dict, list, tuple, frozenset]]:
    """(gold entry, each actor's features, the actors, the ids events and quotes name) per article."""
    recorder = _Recorder()
    chain = replace(resources, salience_model=recorder)
    out = []
    for entry, document in documents(split, bench, resources):
        recorder.found.clear()
        if isinstance(analyze_one(document, chain), Failure) or not recorder.found:
            continue
        out.append((entry, *recorder.found[0]))
    return out


def labels(entry: dict, actors) -> list[bool | None]:
    """Each actor as ``dateline eval`` scores it: True (a required gold actor), False (extra), None (optional only)."""
    required = [{norm(n) for n in names} for names in entry.get("actors", [])]
    optional = [{norm(n) for n in names} for names in entry.get("actors_optional", [])]
    found = [False] * len(required)
    out: list[bool | None] = []
    for actor in actors:
        name = norm(actor.name)
        hits = [i for i, names in enumerate(required) if name in names]
        free = [i for i in hits if not found[i]]
        if free:
            found[free[0]] = True
            out.append(True)
        elif not hits and any(name in names for names in optional):
            out.append(None)
        else:
            out.append(False)
    return out


def samples(parsed) -> list[tuple[dict, bool]]:
    """The labelled actors the model decides on: those no event or quote names, unknown to the knowledge base."""
    return [
        (features, right)
        for entry, features_of, actors, named in parsed
        for features, actor, right in zip(features_of, actors, labels(entry, actors))
        if right is not None and actor.id not in named and judged(actor)
    ]


def actors_score(parsed, model=None, threshold: float | None = None):
    """The actors P/R/F1 of a set, keeping every actor (no model) or those ``model`` keeps at ``threshold``."""
    gold, system = [], []
    for entry, features_of, actors, named in parsed:
        kept = [
            a for a, f in zip(actors, features_of)
            if model is None or a.id in named or not judged(a)
            or model.probability(f) >= (model.threshold if threshold is None else threshold)
        ]
        gold.append(entry)
        system.append({"source": entry["source"], "published": {}, "actors": [{"id": a.id, "name": a.name} for a in kept],
                       "times": [], "events": [], "quotes": []})
    counts = evaluate(gold, system).actors
    return counts.precision, counts.recall, counts.f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    resources = load_resources()
    bench = Path(args.bench)
    train = run("train", bench, resources)
    examples = samples(train)
    model = fit(examples, l2=args.l2)
    sets = {"train": train, "dev": run("dev", bench, resources), **{n: run(n, bench, resources) for n in DEVELOPMENT_SETS}}
    scores = {name: {t: actors_score(parsed, model, t)[2] for t in THRESHOLDS} for name, parsed in sets.items()}
    baseline = {name: actors_score(parsed)[2] for name, parsed in sets.items()}
    allowed = [t for t in THRESHOLDS if all(scores[n][t] >= baseline[n] - LOSS for n in DEVELOPMENT_SETS)]
    best = max(allowed, key=lambda t: (round(scores["dev"][t], 4), -t)) if allowed else 0.0
    model = replace(model, threshold=best)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    save_salience_model(model, args.out)
    print(f"{len(examples)} train actors ({sum(r for _, r in examples)} in the gold), {len(model.weights)} features -> {args.out}")
    for name in sets:
        print(f"{name:10} F1 by threshold: " + " ".join(f"{t:.3f}:{scores[name][t]:.3f}" for t in THRESHOLDS))
    for name, parsed in sets.items():
        before, after = actors_score(parsed), actors_score(parsed, model)
        print(f"{name}: actors P/R/F1 without the model {before[0]:.3f}/{before[1]:.3f}/{before[2]:.3f}, "
              f"with it (threshold {model.threshold:.3f}) {after[0]:.3f}/{after[1]:.3f}/{after[2]:.3f}")


if __name__ == "__main__":
    main()
