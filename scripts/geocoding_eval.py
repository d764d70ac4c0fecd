"""How many event locations the gazetteer places, and a reproducible sample of them to check by hand.

Reads the output of ``dateline extract ... --jsonl`` for each set given as NAME=FILE, places every
event's location as the exports and the explorer do (``Gazetteer.locate_event`` with the event's
place country and its article's countries, ``Gazetteer.record_context``), and prints per set:
events, events with a location, and the share of those placed (with the precision and the basis
of each placement).

``--sample N`` draws N located events from all sets together with a fixed seed and prints them as
tab-separated rows (no text but the place name and the document id). ``--checked FILE`` reads such
a sheet with a ``verdict`` column filled in by hand, checks that it is still the sample the seed
draws and that the placements are unchanged, and prints the verdicts' counts:

- ``right``: the right place in the right country;
- ``wrong-place``: the right country, another place (or a place for a name that is none);
- ``wrong-country``: a place in another country;
- ``unplaced-right``: left unplaced, and rightly (not a place, or not one the gazetteer can tell);
- ``unplaced-missed``: left unplaced though the text says which place it is.

and an ``event_place`` column judges the event's location itself (the events stage's choice of name):
``right`` (the article puts the event there), ``wrong`` (the text puts it elsewhere) or ``unstated``
(the sentence names no place and the dateline's is taken, which the text neither confirms nor contradicts).

``NAME=FILE,GOLD`` also places the names a gold file (DESIGN format) gives its events' locations, with
the countries dateline's record of the same article is about, and lists each with where it went.

Run (the README's figures)::

    dateline extract src/dateline/data/sample --jsonl > sample.jsonl
    dateline extract ../shared/corpus/holdout --jsonl > holdout.jsonl
    PYTHONPATH=src python scripts/geocoding_eval.py sample=sample.jsonl,eval/sample_gold.json \\
        holdout=holdout.jsonl,../shared/gold/wikinews21.json --checked eval/geocoding/checked_sample.tsv
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

from dateline.geo import Gazetteer

SEED = 18  # the number; fixed so that the sample is the same on every run
COLUMNS = ["set", "doc_id", "event_id", "place", "place_country", "placed_name", "placed_country", "precision",
           "latitude", "longitude", "geonames_id", "basis"]
VERDICTS = ("right", "wrong-place", "wrong-country", "unplaced-right", "unplaced-missed")
EVENT_PLACES = ("right", "wrong", "unstated")


def located_events(name: str, path: Path, gazetteer: Gazetteer) -> tuple[int, list[dict]]:
    """(events in the file, one row per event that has a location, with where the gazetteer places it)."""
    events, rows = 0, []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
                record["doc_id"]
            except (ValueError, KeyError, TypeError) as err:
                print(f"{path}:{number}: not a record of dateline extract --jsonl ({err!r}); skipped", file=sys.stderr)
                continue
            context = gazetteer.record_context(record)
            for index, event in enumerate(record.get("events") or ()):
                events += 1
                location = event.get("location") or {}
                if not location.get("name"):
                    continue
                found = gazetteer.locate_event(location["name"], location.get("country"), context)
                rows.append({
                    "set": name, "doc_id": record["doc_id"], "event_id": event.get("id") or f"#{index}",
                    "place": location["name"], "place_country": location.get("country") or "",
                    "placed_name": found.name if found else "", "placed_country": (found.country or "") if found else "",
                    "precision": found.precision if found else "", "latitude": f"{found.latitude:.4f}" if found else "",
                    "longitude": f"{found.longitude:.4f}" if found else "",
                    "geonames_id": str(found.geonames_id or "") if found else "", "basis": found.basis if found else "",
                })
    return events, rows


def gold_places(name: str, path: Path, gold_path: Path, gazetteer: Gazetteer) -> list[str]:
    """The place names a gold file gives its events, each placed with the countries dateline's record of that
    article is about (the gold gives no country, so the name and the article's context are all there is)."""
    contexts = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                record = json.loads(line)
                contexts[record["source"]] = gazetteer.record_context(record)
            except (ValueError, KeyError, TypeError):
                continue  # named by located_events already
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        sys.exit(f"{gold_path}: cannot read the gold file ({err})")
    out, placed, total = [], 0, 0
    for document in gold:
        for event in document.get("events") or ():
            place = event.get("location")
            if not place:
                continue
            total += 1
            found = gazetteer.locate_event(place, None, contexts.get(document["source"], ()))
            placed += found is not None
            where = f"{found.name}, {found.country} ({found.precision}, {found.basis})" if found else "unplaced"
            out.append(f"  {document['source'][:60]}\t{place}\t{where}")
    share = placed / total if total else 0.0
    return [f"{name} gold: {total} event locations the annotators give, {placed} placed ({share:.1%})", *out]


def shares(name: str, events: int, rows: list[dict]) -> str:
    placed = [r for r in rows if r["placed_name"]]
    share = len(placed) / len(rows) if rows else 0.0
    precision = Counter(r["precision"] for r in placed)
    basis = Counter(r["basis"] for r in placed)
    return (f"{name}: {events} events, {len(rows)} with a location, {len(placed)} placed ({share:.1%}); "
            f"precision {dict(sorted(precision.items()))}; basis {dict(sorted(basis.items()))}")


def draw(rows: list[dict], n: int) -> list[dict]:
    """``n`` rows drawn with the fixed seed, in the order of the input (sets, documents, events)."""
    picked = sorted(random.Random(SEED).sample(range(len(rows)), min(n, len(rows))))
    return [rows[i] for i in picked]


def check(sheet: Path, rows: list[dict]) -> str:
    """The verdicts of a checked sheet, once it is known to be the sample the seed draws from ``rows``."""
    with sheet.open(encoding="utf-8", newline="") as handle:
        checked = list(csv.DictReader(handle, delimiter="\t"))
    sample = draw(rows, len(checked))
    keys = [(r["set"], r["doc_id"], r["event_id"]) for r in sample]
    if [(r["set"], r["doc_id"], r["event_id"]) for r in checked] != keys:
        sys.exit(f"{sheet}: not the sample the seed draws from these files (the events changed: draw it again)")
    changed = [r["place"] for r, s in zip(checked, sample) if any(r[c] != s[c] for c in COLUMNS)]
    bad = [r["verdict"] for r in checked if r["verdict"] not in VERDICTS]
    if bad:
        sys.exit(f"{sheet}: verdicts must be one of {', '.join(VERDICTS)} (found {bad[0]!r})")
    bad = [r["event_place"] for r in checked if r["event_place"] not in EVENT_PLACES]
    if bad:
        sys.exit(f"{sheet}: event_place must be one of {', '.join(EVENT_PLACES)} (found {bad[0]!r})")
    events = Counter(r["event_place"] for r in checked)
    counts = Counter(r["verdict"] for r in checked)
    placed = [r for r in checked if r["placed_name"]]
    right = sum(r["verdict"] == "right" for r in placed)
    country = sum(r["verdict"] in ("right", "wrong-place") for r in placed)
    unplaced = len(checked) - len(placed)
    lines = [f"checked sample: {len(checked)} event locations; " + ", ".join(f"{v} {counts[v]}" for v in VERDICTS),
             f"placed {len(placed)}: right place and country {right} ({right / len(placed):.1%}), "
             f"right country {country} ({country / len(placed):.1%})" if placed else "placed 0",
             f"unplaced {unplaced}: rightly {counts['unplaced-right']}, missed {counts['unplaced-missed']}",
             "the event's location itself: " + ", ".join(f"{v} {events[v]}" for v in EVENT_PLACES)]
    if changed:
        lines.append(f"WARNING: {len(changed)} placements differ from the sheet (check them again): {', '.join(changed)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", metavar="NAME=FILE[,GOLD]",
                        help="dateline extract --jsonl output, one per set; with GOLD, also the gold file's event places")
    parser.add_argument("--sample", type=int, default=0, metavar="N", help="print N located events drawn with the fixed seed")
    parser.add_argument("--checked", type=Path, help="a sheet of drawn events (--sample) with the verdicts filled in")
    args = parser.parse_args()
    gazetteer = Gazetteer()
    everything: list[dict] = []
    for spec in args.sets:
        name, _, file = spec.partition("=")
        file, _, gold = file.partition(",")
        if not file:
            parser.error(f"{spec}: give NAME=FILE")
        if not Path(file).is_file():
            parser.error(f"{file}: no such file (write it with dateline extract ... --jsonl > {file})")
        events, rows = located_events(name, Path(file), gazetteer)
        print(shares(name, events, rows))
        if gold:
            print("\n".join(gold_places(name, Path(file), Path(gold), gazetteer)))
        everything += rows
    if args.sample:
        writer = csv.DictWriter(sys.stdout, COLUMNS + ["verdict", "event_place"], delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in draw(everything, args.sample):
            writer.writerow({**row, "verdict": "", "event_place": ""})
    if args.checked:
        print(check(args.checked, everything))


if __name__ == "__main__":
    main()
