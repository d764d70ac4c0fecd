"""Train the learned argument chooser on the annotated corpus's train split.

    .venv/bin/python scripts/train_arguments.py [--bench ../shared/bench] [--epochs 10] [--split train]

Runs the whole chain (the learned trigger typer on, as ``Settings.learned`` runs it) over every
frozen train article. Each event the events stage codes whose type and sentence match a gold
event's gives two examples, one per side: every actor around the trigger (and no one) is an
option, and the right options are the actors whose name is among the gold side's accepted names
(for CONSULT, AGREE and COOPERATE, either side's). A gold side left empty accepts any option and a
side no candidate can fill has none right: neither teaches anything. Writes
``src/dateline/data/models/arguments.json.gz``; ``make train`` runs it (a few minutes, most of
it parsing). ``--report`` prints how often the rules and the model choose right on the split.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from dateline.benchmarks.corpus import DEFAULT_CORPUS, frozen_files, read_frozen, rebuild
from dateline.benchmarks.quotes import bench_text, ecbplus_texts, source_name
from dateline.evaluate import norm
from dateline.layout import parse_dateline
from dateline.learned.arguments import JOINT_TYPES, ROLES, DocumentContext, Example, options, save_argument_model, train
from dateline.pipeline import analyze_one
from dateline.records import Document
from dateline.resources import Settings, load_resources

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data" / "models" / "arguments.json.gz"


class Recorder:
    """Stands in for the model in the events stage: keeps every event's options, changes nothing."""

    def __init__(self, window: int = 1):
        self.window = window
        self.documents: list[list[dict]] = []

    def for_document(self, doc, mentions, cast, quotes):
        context = DocumentContext(doc, mentions, cast, quotes, self.window)
        events: list[dict] = []
        self.documents.append(events)

        def record(trigger, event):
            sent = trigger.sent
            candidates = context.candidates(trigger, event)
            events.append({
                "type": event.type,
                "trigger": (trigger.idx, trigger.idx + len(trigger.text)),
                "sentence": (sent.start_char, sent.end_char),
                "names": [norm(context.name(c.actor_id)) for c in candidates],
                "options": {role: [f for _, f in opts] for role, opts in options(candidates, event, trigger).items()},
                "rules": {role: [norm(context.name(a)) for a in getattr(event, role)] for role in ROLES},
            })
            return event

        return record


def gold_for(event: dict, frozen: dict, rebuilt: dict) -> dict | None:
    """The gold event a coded event stands for: its type, its trigger in the event's sentence (the one
    holding the trigger word first, else the nearest)."""
    start, end = event["sentence"]
    here = [
        (g, r) for g, r in zip(frozen["events"], rebuilt["events"])
        if g.get("trigger") and event["type"] in g["types"] and start <= g["trigger"][0] < end
    ]
    if not here:
        return None
    at = event["trigger"][0]
    return min(here, key=lambda pair: (not pair[0]["trigger"][0] <= at < max(pair[0]["trigger"][1], at + 1),
                                       abs(pair[0]["trigger"][0] - at)))[1]


def collect(paths, bench: Path, resources, window: int):
    """(examples, rows): ``rows`` says per side whether the rules' choice was right and whether any option is."""
    recorder = Recorder(window)
    resources = replace(resources, argument_model=recorder)
    frozen = [read_frozen(p) for p in paths]
    ecbplus = ecbplus_texts(bench)
    examples, rows = [], []
    for entry in frozen:
        text = bench_text(bench, entry["set"], entry["doc"], ecbplus)
        name = source_name(entry["set"], entry["doc"])
        before = len(recorder.documents)
        analyze_one(Document(doc_id=name, source=name, text=text, dateline=parse_dateline(text, resources.kb.agencies)), resources)
        if len(recorder.documents) == before:
            continue  # the chain failed on this article
        rebuilt = rebuild(entry, text)
        for event in recorder.documents[-1]:
            gold = gold_for(event, entry, rebuilt)
            if gold is None:
                continue
            accepted = {role: {norm(n) for n in gold[role]} for role in ROLES}
            if event["type"] in JOINT_TYPES:
                union = accepted["source"] | accepted["target"]
                accepted = {role: union if accepted[role] else set() for role in ROLES}
            for role in ROLES:
                names = [None, *event["names"]]  # option 0 is no one
                if accepted[role]:
                    right = frozenset(n for n, name in enumerate(names) if name is not None and name in accepted[role])
                else:
                    right = frozenset(range(len(names)))  # an empty gold side accepts any actor, and no one
                rules_right = (not accepted[role]) or bool(set(event["rules"][role]) & accepted[role])
                rows.append((rules_right, bool(right)))
                if right:
                    examples.append(Example(tuple(tuple(f) for f in event["options"][role]), right))
    return examples, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--window", type=int, default=1, help="sentences either side of the trigger's own that hold candidates")
    parser.add_argument("--split", default="train")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    resources = load_resources(Settings(learned=True))
    paths = frozen_files(DEFAULT_CORPUS, args.split)
    examples, rows = collect(paths, Path(args.bench), resources, args.window)
    model = train(examples, epochs=args.epochs, window=args.window)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    save_argument_model(model, args.out)
    rules_right = sum(r for r, _ in rows)
    reachable = sum(c for _, c in rows)
    print(f"{len(paths)} {args.split} articles, {len(rows)} sides of events matched to gold: rules right on {rules_right}, "
          f"a candidate right on {reachable}; {len(examples)} examples, {len(model.weights)} features kept -> {args.out}")


if __name__ == "__main__":
    main()
