"""Which sides of the coded events no candidate can fill, on the dev or train split.

    .venv/bin/python scripts/unreachable_sides.py [--split dev] [--bench ../shared/bench] [-v]

Runs the chain as ``scripts/train_arguments.py`` does (every learned component on) over the split's
frozen articles; for each event it codes that matches a gold event (type and sentence), each side
whose gold names are among none of the actors around the trigger is a side the resolver never made
an actor of: no choice among the candidates can fill it. Prints how many of the matched sides that
is; ``-v`` lists each with the gold's names and the candidates. Never reads the test split.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_arguments import ROOT, Recorder, gold_for, recorded, sides  # noqa: E402

from dateline.benchmarks.corpus import DEFAULT_CORPUS, frozen_files  # noqa: E402
from dateline.learned.arguments import ROLES  # noqa: E402
from dateline.resources import Settings, load_resources  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    paths = frozen_files(DEFAULT_CORPUS, args.split)
    total = unreachable = 0
    for name, entry, rebuilt, _, coded in recorded(paths, Path(args.bench), load_resources(Settings(learned=True)), Recorder(1)):
        for event in coded:
            n = gold_for(event, entry)
            if n is None:
                continue
            gold = rebuilt["events"][n]
            for role, (example, _) in zip(ROLES, sides(event, gold)):
                total += 1
                if example is None:
                    unreachable += 1
                    if args.verbose:
                        print(f"{name}\t{event['type']}\t{role}\tgold: {gold[role][:3]}\tcandidates: {sorted(set(event['names']))}")
    print(f"{args.split}: {total} sides of coded events matched to gold, {unreachable} with no right candidate")


if __name__ == "__main__":
    main()
