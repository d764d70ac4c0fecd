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
from dateline.records import Document, Event
from dateline.resources import Settings, load_resources

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "data" / "models" / "arguments.json.gz"


class Recorder:
    """Stands in for the model in the events stage: keeps every event's options, changes nothing."""

    def __init__(self, window: int = 1):
        self.window = window
        self.documents: list[tuple[DocumentContext, list[dict]]] = []

    def for_document(self, doc, mentions, cast, quotes):
        context = DocumentContext(doc, mentions, cast, quotes, self.window)
        events: list[dict] = []
        self.documents.append((context, events))

        def record(trigger, event):
            events.append(describe(context, trigger, event))
            return event

        return record


def describe(context: DocumentContext, trigger, event) -> dict:
    """What training needs of one coded event: its type, where it is, its options and the rules' sides by name."""
    sent = trigger.sent
    candidates = context.candidates(trigger, event)
    return {
        "type": event.type,
        "trigger": (trigger.idx, trigger.idx + len(trigger.text)),
        "sentence": (sent.start_char, sent.end_char),
        "names": [norm(context.name(c.actor_id)) for c in candidates],
        "options": {role: [f for _, f in opts] for role, opts in options(candidates, event, trigger).items()},
        "rules": {role: [norm(context.name(a)) for a in getattr(event, role)] for role in ROLES},
    }


def gold_for(event: dict, frozen: dict) -> int | None:
    """The index of the gold event a coded event stands for: its type, its trigger in the event's
    sentence (the one holding the trigger word first, else the nearest)."""
    start, end = event["sentence"]
    here = [
        n for n, g in enumerate(frozen["events"]) if g.get("trigger") and event["type"] in g["types"] and start <= g["trigger"][0] < end
    ]
    if not here:
        return None
    at = event["trigger"][0]

    def key(n: int) -> tuple:
        s, e = frozen["events"][n]["trigger"]
        return (not s <= at < max(e, at + 1), abs(s - at))

    return min(here, key=key)


def sides(event: dict, gold: dict) -> list[tuple[Example | None, bool]]:
    """Per side: the example it gives (None when no option is right) and whether the rules' choice was right."""
    accepted = {role: {norm(n) for n in gold[role]} for role in ROLES}
    if event["type"] in JOINT_TYPES:
        union = accepted["source"] | accepted["target"]
        accepted = {role: union if accepted[role] else set() for role in ROLES}
    found = []
    for role in ROLES:
        names = [None, *event["names"]]  # option 0 is no one
        if accepted[role]:
            right = frozenset(n for n, name in enumerate(names) if name is not None and name in accepted[role])
        else:
            right = frozenset(range(len(names)))  # an empty gold side accepts any actor, and no one
        rules_right = (not accepted[role]) or bool(set(event["rules"][role]) & accepted[role])
        example = Example(tuple(tuple(f) for f in event["options"][role]), right) if right else None
        found.append((example, rules_right))
    return found


def unproposed(context: DocumentContext, frozen: dict, taken: set[int]) -> list[tuple[dict, int]]:
    """Gold events the events stage did not code, as events with no sides at their gold trigger."""
    found = []
    for n, gold in enumerate(frozen["events"]):
        if n in taken or not gold.get("trigger") or gold.get("optional"):
            continue
        span = context.doc.char_span(*gold["trigger"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        event = Event(gold["types"][0], None, None, (), (), None, None, None, gold["status"], 0, 0, "", 0.0)
        found.append((describe(context, span.root, event), n))
    return found


def recorded(paths, bench: Path, resources, recorder: Recorder):
    """Run the chain over each frozen article with ``recorder`` as its argument chooser, yielding
    (name, entry, rebuilt gold, context, coded events) for each article the chain read."""
    resources = replace(resources, argument_model=recorder)
    ecbplus = ecbplus_texts(bench)
    for path in paths:
        entry = read_frozen(path)
        text = bench_text(bench, entry["set"], entry["doc"], ecbplus)
        name = source_name(entry["set"], entry["doc"])
        before = len(recorder.documents)
        analyze_one(Document(doc_id=name, source=name, text=text, dateline=parse_dateline(text, resources.kb.agencies)), resources)
        if len(recorder.documents) == before:
            continue  # the chain failed on this article
        context, coded = recorder.documents[-1]
        yield name, entry, rebuild(entry, text), context, coded


def collect(paths, bench: Path, resources, window: int, unmatched: bool = False):
    """(examples, rows): ``rows`` says per side of a coded event whether the rules' choice was right and
    whether any option is. With ``unmatched``, gold events the stage missed give examples too."""
    examples, rows = [], []
    for _, entry, rebuilt, context, coded in recorded(paths, bench, resources, Recorder(window)):
        taken = set()
        for event in coded:
            n = gold_for(event, entry)
            if n is None:
                continue
            taken.add(n)
            for example, rules_right in sides(event, rebuilt["events"][n]):
                rows.append((rules_right, example is not None))
                if example is not None:
                    examples.append(example)
        if unmatched:
            for event, n in unproposed(context, entry, taken):
                examples.extend(example for example, _ in sides(event, rebuilt["events"][n]) if example is not None)
    return examples, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--window", type=int, default=1, help="sentences either side of the trigger's own that hold candidates")
    parser.add_argument("--split", default="train")
    parser.add_argument("--margin", type=float, default=None,
                        help="how far another actor must outscore a side the rules filled to replace it (default: never)")
    parser.add_argument("--unmatched", action="store_true", help="also learn from gold events the events stage does not code")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    # the chain the chooser was trained in: the typer on, the event detector off (it needs a trained chooser)
    resources = load_resources(Settings(learned=("triggers", "arguments", "speakers")))
    paths = frozen_files(DEFAULT_CORPUS, args.split)
    examples, rows = collect(paths, Path(args.bench), resources, args.window, args.unmatched)
    model = train(examples, epochs=args.epochs, window=args.window, margin=args.margin)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    save_argument_model(model, args.out)
    rules_right = sum(r for r, _ in rows)
    reachable = sum(c for _, c in rows)
    print(f"{len(paths)} {args.split} articles, {len(rows)} sides of events matched to gold: rules right on {rules_right}, "
          f"a candidate right on {reachable}; {len(examples)} examples, {len(model.weights)} features kept -> {args.out}")


if __name__ == "__main__":
    main()
