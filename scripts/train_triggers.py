"""Train the learned event-trigger typer on the annotated corpus's train split.

    .venv/bin/python scripts/train_triggers.py [--bench ../shared/bench] [--epochs 8]

Every event trigger of every frozen train article (required and optional events alike: each
is a word that signals its type) labels the verbs and nouns of its span; every other verb and
noun is an example of no event. Writes ``src/dateline/data/models/triggers.json.gz``. Takes
about a minute on 2 cores (most of it parsing); ``make train`` runs it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dateline.benchmarks.corpus import DEFAULT_CORPUS, frozen_files, read_frozen
from dateline.benchmarks.quotes import bench_text, ecbplus_texts
from dateline.learned.triggers import NONE, features, is_candidate, save_trigger_model, train
from dateline.records import PLOVER_TYPES
from dateline.resources import load_resources

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data" / "models" / "triggers.json.gz"


def examples(paths, bench: Path, nlp):
    frozen = [read_frozen(p) for p in paths]
    ecbplus = ecbplus_texts(bench)
    texts = [bench_text(bench, f["set"], f["doc"], ecbplus) for f in frozen]
    found = []
    for entry, doc in zip(frozen, nlp.pipe(texts)):
        spans = [(e["trigger"][0], e["trigger"][1], e["types"][0]) for e in entry["events"] if e.get("trigger")]
        for token in doc:
            if not is_candidate(token):
                continue
            label = next((t for s, e, t in spans if s <= token.idx < e), NONE)
            found.append((features(token), label))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    resources = load_resources()
    paths = frozen_files(DEFAULT_CORPUS, "train")
    data = examples(paths, Path(args.bench), resources.nlp)
    labels = (NONE, *PLOVER_TYPES)
    model = train(data, labels, epochs=args.epochs)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    save_trigger_model(model, args.out)
    positives = sum(label != NONE for _, label in data)
    print(f"{len(paths)} train articles, {len(data)} verbs and nouns, {positives} of them triggers; "
          f"{len(model.weights)} features kept -> {args.out}")


if __name__ == "__main__":
    main()
