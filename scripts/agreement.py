"""Agreement between two annotators of the same articles (eval/GUIDE.md, section 11).

    agreement.py A.json B.json              two frozen golds of one article
    agreement.py eval/corpus/gold eval/corpus/second [--json]
                                            every article frozen in both folders (searched below them)

Reports, summed over the articles:

- event agreement: each annotator's required events scored against the other's gold with the
  project's scorer (``dateline.evaluate``: type among the other's types, sides overlapping by
  accepted names; optional events neither missed nor extra), F1 both ways and their mean; the
  same for the loose match (type and one side); and, among event mentions whose triggers overlap,
  the share with a common type;
- speaker agreement: among the first annotator's required quotes that the second also marked (the
  first words inside one of the second's quote spans), the share whose speaker the second names
  among the first's accepted names.

The texts are read from ../shared/bench (``--bench`` to change).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dateline.benchmarks.corpus import agreement, read_frozen  # noqa: E402
from dateline.benchmarks.quotes import bench_text, ecbplus_texts  # noqa: E402
from dateline.errors import DatelineError  # noqa: E402
from dateline.evaluate import Counts  # noqa: E402


def pairs(a: Path, b: Path) -> list[tuple[Path, Path]]:
    if a.is_file() and b.is_file():
        return [(a, b)]
    if a.is_dir() and b.is_dir():
        second = {p.name: p for p in b.rglob("*.json")}
        return [(p, second[p.name]) for p in sorted(a.rglob("*.json")) if p.name in second]
    raise DatelineError("E308", "give two frozen gold files, or two folders of them")


def _f1(counts: dict[str, int]) -> float:
    return Counts(counts["tp"], counts["fp"], counts["fn"]).f1


def summarize(results: list[dict]) -> dict:
    total = {}
    for way in ("b_vs_a", "a_vs_b"):
        for part in ("events", "events_loose"):
            summed = {k: sum(r[way][part][k] for r in results) for k in ("tp", "fp", "fn")}
            total.setdefault(part, {})[way] = {**summed, "f1": round(_f1(summed), 4)}
    for part in ("events", "events_loose"):
        total[part]["mean_f1"] = round((total[part]["b_vs_a"]["f1"] + total[part]["a_vs_b"]["f1"]) / 2, 4)
    overlapping = sum(r["types"]["overlapping_triggers"] for r in results)
    same = sum(r["types"]["same_type"] for r in results)
    total["types"] = {"overlapping_triggers": overlapping, "same_type": same,
                      "agreement": round(same / overlapping, 4) if overlapping else None}
    required = sum(r["quotes"]["required"] for r in results)
    found = sum(r["quotes"]["found"] for r in results)
    agree = sum(r["quotes"]["speaker_agree"] for r in results)
    total["quotes"] = {"required": required, "found_by_second": found,
                       "found_share": round(found / required, 4) if required else None,
                       "speaker_agree": agree, "speaker_agreement": round(agree / found, 4) if found else None}
    total["articles"] = len(results)
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        matched = pairs(args.first, args.second)
        if not matched:
            print("no article is frozen in both")
            return
        ecbplus = None
        results = []
        for a_path, b_path in matched:
            a, b = read_frozen(a_path), read_frozen(b_path)
            if (a["set"], a["doc"]) != (b["set"], b["doc"]):
                raise DatelineError("E308", f"{a_path} and {b_path} annotate different articles")
            if a["set"] == "ecbplus" and ecbplus is None:
                ecbplus = ecbplus_texts(args.bench)
            text = bench_text(args.bench, a["set"], a["doc"], ecbplus)
            results.append(agreement(a, b, text))
    except DatelineError as err:
        print(f"agreement: {err}", file=sys.stderr)
        sys.exit(1)
    total = summarize(results)
    if args.json:
        print(json.dumps(total, indent=1))
        return
    print(f"articles: {total['articles']}")
    for part, label in (("events", "events (type and both sides)"), ("events_loose", "events, loose (type and one side)")):
        row = total[part]
        print(f"{label:36} F1 second vs first {row['b_vs_a']['f1']:.3f}, first vs second {row['a_vs_b']['f1']:.3f}, "
              f"mean {row['mean_f1']:.3f}")
    types = total["types"]
    if types["agreement"] is not None:
        print(f"{'types on the same trigger':36} {types['agreement']:.3f} ({types['same_type']} of {types['overlapping_triggers']})")
    quotes = total["quotes"]
    if quotes["found_share"] is not None:
        print(f"{'quotes of the first found by second':36} {quotes['found_share']:.3f} "
              f"({quotes['found_by_second']} of {quotes['required']})")
    if quotes["speaker_agreement"] is not None:
        print(f"{'speaker agreement':36} {quotes['speaker_agreement']:.3f} ({quotes['speaker_agree']} of {quotes['found_by_second']})")


if __name__ == "__main__":
    main()
