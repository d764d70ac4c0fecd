"""Where the chain's event misses and false alarms come from, on the corpus's dev (or train) split.

    .venv/bin/python scripts/event_errors.py [--split dev] [--bench ../shared/bench] [--save F | --load F] [-v]

Runs the default chain over the split's frozen articles, recording every trigger the events stage
tries to code (its type, whether the rules coded it, and for one they dropped whether the learned
detector saw it, filled no side, or judged it below its threshold), then pairs the output with the
gold as ``dateline eval`` does and sorts:

- each required gold event not matched strictly: *no trigger* (nothing was tried on the trigger
  words), *typed wrong* (an event or a try of another type there), *dropped* (its type tried and
  dropped: why), or a *side* wrong on the event found (the loose partner, or an event of its type in
  the sentence): per wrong side, *unreachable* (no actor of the document bears a gold name: the gold
  mention is a description, "two officers", or a name the resolver cut or merged) or *chosen
  otherwise* (left empty, the two sides swapped, another actor);
- each false alarm: *wrong sides* (a gold event of its type in its sentence), *duplicate* (its gold
  event, or one it repeats, already matched), *typed wrong* (a gold event of another type there),
  or *not an event* (no gold event in the sentence).

``--save`` keeps the run (records and tries) in a JSON file that ``--load`` reads instead of
running the chain again. Never reads the test split.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from dateline.benchmarks.corpus import DEFAULT_CORPUS, frozen_files, load_corpus_gold, read_frozen
from dateline.evaluate import _event_matches_loosely, _pair_events, norm

ROOT = Path(__file__).resolve().parents[1]
NAME_WORD = re.compile(r"^[A-Z][\w'.-]*$")
DESCRIPTION_START = re.compile(
    r"^(a|an|the|two|three|four|five|six|seven|eight|nine|ten|\d+|several|many|some|at least|more than|dozens|hundreds|"
    r"thousands|his|her|their|its|one|police|protesters|officials|people|residents|troops|soldiers|students|workers)\b",
    re.IGNORECASE,
)


def run(paths, bench: Path) -> dict:
    """Run the default chain over the frozen articles: {source: {"record": contract, "tries": [...]}}."""
    from dateline import events as events_stage
    from dateline.contract import to_contract
    from dateline.layout import parse_dateline
    from dateline.learned import detection
    from dateline.pipeline import analyze_one
    from dateline.records import Document, Failure
    from dateline.resources import Settings, load_resources

    resources = load_resources(Settings())
    tries: list[dict] = []
    code_one = events_stage._code_one
    call = detection.Detector.__call__

    def recorded_code_one(coder, token, found, *args, relaxed=False, **kwargs):
        event = code_one(coder, token, found, *args, relaxed=relaxed, **kwargs)
        tries.append({"at": token.idx, "end": token.idx + len(token.text), "word": token.text, "type": found[0][0].type,
                      "relaxed": relaxed, "coded": event is not None, "outcome": None})
        return event

    def recorded_call(self, token, event, origin, lead=0.0, stance=False):
        found = self.candidate(token, event, origin, lead, stance)
        if found is None:
            outcome = "detector: no side filled"
        else:
            chance = self.model.probability(found[1])
            outcome = f"detector: kept ({origin})" if chance >= self.model.threshold else f"detector: below threshold ({origin})"
        if tries and tries[-1]["at"] == token.idx:
            tries[-1]["outcome"] = outcome
        return call(self, token, event, origin, lead, stance)

    gold, texts = load_corpus_gold(bench, paths)
    out = {}
    events_stage._code_one = recorded_code_one
    detection.Detector.__call__ = recorded_call
    try:
        for name, text in texts.items():
            tries.clear()
            document = Document(doc_id=name, source=name, text=text, dateline=parse_dateline(text, resources.kb.agencies))
            analysis = analyze_one(document, resources)
            if isinstance(analysis, Failure):
                print(f"{name}: {analysis}")
                continue
            out[name] = {"record": to_contract(analysis), "tries": list(tries)}
    finally:
        events_stage._code_one = code_one
        detection.Detector.__call__ = call
    return out


def _sentence_of(text: str, at: int) -> tuple[int, int]:
    """A rough sentence around ``at`` (for gold events, which carry only their trigger)."""
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at))
    end_candidates = [e for e in (text.find(". ", at), text.find("\n", at)) if e >= 0]
    return start + 1, min(end_candidates) if end_candidates else len(text)


def _side_kind(role: str, event: dict, gold: dict, names_of: dict, doc_names: set[str], frozen_event: dict, text: str) -> str | None:
    """Why one side of a found event does not match the gold's (None when it does)."""
    mine = {norm(names_of.get(i, i)) for i in event.get(role, [])}
    accepted = {norm(n) for n in gold[role]}
    if not accepted or mine & accepted:
        return None
    if not doc_names & accepted:
        mentions = [text[s["at"][0] : s["at"][1]] for s in frozen_event[role] if s.get("at")]
        mention = mentions[0] if mentions else ""
        words = mention.split()
        if mention and (DESCRIPTION_START.match(mention) or not NAME_WORD.match(words[-1])):
            return "unreachable: described actor"
        return "unreachable: name not made an actor (cut, merged or missed)"
    other = "target" if role == "source" else "source"
    if not mine:
        return "chosen otherwise: left empty"
    if mine & {norm(n) for n in gold[other]}:
        return "chosen otherwise: the other side's actor"
    return "chosen otherwise: another actor"


def diagnose(
    runs: dict, gold: list[dict], frozen: dict[str, dict], texts: dict[str, str], verbose: bool
) -> tuple[Counter, Counter, Counter]:
    misses, alarms, sides = Counter(), Counter(), Counter()
    for g in gold:
        name = g["source"]
        if name not in runs:
            continue
        record, tries = runs[name]["record"], runs[name]["tries"]
        text = texts[name]
        names_of = {a["id"]: a["name"] for a in [*record.get("actors", []), *record.get("described_actors", [])]}
        doc_names = {norm(n) for n in names_of.values()}
        events = record.get("events", [])
        gold_events = g["events"]
        frozen_events = frozen[name]["events"]
        strict = _pair_events(gold_events, events, names_of)
        loose = _pair_events(gold_events, events, names_of, _event_matches_loosely)
        strict_used = set(strict.values())
        for i, ge in enumerate(gold_events):
            if ge.get("optional") or i in strict:
                continue
            fe = frozen_events[i]
            t0, t1 = fe["trigger"]
            s0, s1 = _sentence_of(text, t0)
            same_sentence = [e for e in events if e["evidence"]["start"] <= t0 < e["evidence"]["end"]]
            of_type = [e for e in same_sentence if e["type"] in ge["types"]]
            partner = events[loose[i]] if i in loose else (of_type[0] if of_type else None)
            if partner is not None:
                kinds = [k for role in ("source", "target") if (k := _side_kind(role, partner, ge, names_of, doc_names, fe, text))]
                if not kinds and partner["type"] in ("CONSULT", "AGREE", "COOPERATE"):
                    kinds = ["chosen otherwise: sides swapped (symmetric)"]
                if not kinds:
                    kinds = ["paired elsewhere (a duplicate took its match)"]
                for k in kinds:
                    sides[k] += 1
                kind = "side wrong" + (" (loose match)" if i in loose else " (same sentence)")
                found_sides = [[names_of.get(a, a) for a in partner[role]] for role in ("source", "target")]
                kind_detail = f"{'; '.join(kinds)}; found {found_sides[0]} -> {found_sides[1]}"
            else:
                kind_detail = ""
                at_trigger = [t for t in tries if t0 <= t["at"] < max(t1, t0 + 1) or t["at"] <= t0 < t["end"]]
                right_type = [t for t in at_trigger if t["type"] in ge["types"]]
                if right_type:
                    last = right_type[-1]
                    if last["coded"] and not last["relaxed"]:
                        kind = "dropped: coded, then removed (repeat / dedupe / embedded)"
                    elif last["outcome"]:
                        kind = "dropped by rules (missing side), " + last["outcome"]
                    else:
                        kind = "dropped by rules (missing side), no detector candidate"
                elif at_trigger or [e for e in same_sentence if e["evidence"]["start"] <= t0 < e["evidence"]["end"]
                                    and any(t["at"] == t0 for t in tries)]:
                    kind = "typed wrong"
                elif same_sentence and any(e["type"] not in ge["types"] for e in same_sentence):
                    kind = "no trigger (another event in the sentence)"
                else:
                    kind = "no trigger found"
            misses[kind] += 1
            if verbose:
                print(f"MISS\t{kind}\t{name}\t{'/'.join(ge['types'])}\t{ge['source'][:2]} -> {ge['target'][:2]}\t"
                      f"[{text[t0:t1]}] {' '.join(text[s0:s1].split())[:140]}\t{kind_detail}")
        loose_used = set(loose.values())
        for j, e in enumerate(events):
            if j in strict_used:
                continue
            e0, e1 = e["evidence"]["start"], e["evidence"]["end"]
            here = [(n, ge) for n, ge in enumerate(gold_events) if e0 <= frozen_events[n]["trigger"][0] < e1]
            same_type = [(n, ge) for n, ge in here if e["type"] in ge["types"]]
            if any(n in strict for n, _ in same_type) or any(
                events[k]["type"] == e["type"] and k in strict_used and set(events[k]["source"]) | set(events[k]["target"])
                and (set(events[k]["source"]) | set(events[k]["target"])) == (set(e["source"]) | set(e["target"]))
                for k in range(len(events))
            ):
                kind = "duplicate of a matched event"
            elif j in loose_used or same_type:
                kind = "wrong sides"
            elif here:
                kind = "typed wrong (a gold event of another type there)"
            else:
                kind = "not an event (no gold event in its sentence)"
            alarms[kind] += 1
            if verbose:
                source = [names_of.get(a, a) for a in e["source"]]
                target = [names_of.get(a, a) for a in e["target"]]
                evidence = " ".join(e["evidence"]["text"].split())[:140]
                print(f"ALARM\t{kind}\t{name}\t{e['type']}\t{source} -> {target}\t{e.get('trigger')}\t{evidence}")
    return misses, alarms, sides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--save", help="keep the chain's run in this JSON file")
    parser.add_argument("--load", help="read the chain's run from this JSON file instead of running it")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    paths = frozen_files(DEFAULT_CORPUS, args.split)
    bench = Path(args.bench)
    runs = json.loads(Path(args.load).read_text()) if args.load else run(paths, bench)
    if args.save:
        Path(args.save).write_text(json.dumps(runs))
    gold, texts = load_corpus_gold(bench, paths)
    frozen = {}
    for path, g in zip(paths, gold):
        frozen[g["source"]] = read_frozen(path)
    misses, alarms, sides = diagnose(runs, gold, frozen, texts, args.verbose)
    print(f"{args.split}: {sum(misses.values())} required gold events not matched strictly")
    for kind, n in misses.most_common():
        print(f"  {n:4d}  {kind}")
    print(f"  wrong sides among them ({sum(sides.values())}):")
    for kind, n in sides.most_common():
        print(f"  {n:4d}    {kind}")
    print(f"{args.split}: {sum(alarms.values())} false alarms")
    for kind, n in alarms.most_common():
        print(f"  {n:4d}  {kind}")


if __name__ == "__main__":
    main()
