"""The PLOVER export against ``dateline eval --plover``: source and target country codes, scored the same way.

    PYTHONPATH=src .venv/bin/python scripts/bench_plover_export.py [../shared/bench/plover_gsr/PLOVER_GSR_CAMEO.json]

Runs the chain on the GSR sentences twice: once scored from the events themselves
(``score_plover``, what ``dateline eval --plover`` prints), once stored, exported with
``export --format plover --per-document`` and scored from the exported JSON
(``score_plover_export``). Prints both as JSON; equal figures mean the export loses nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dateline.benchmarks.plover import DEFAULT_FILE, score_plover, score_plover_export
from dateline.resources import load_resources

KEYS = ("source_country_precision", "source_country_recall", "target_country_precision", "target_country_recall")


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_FILE
    resources = load_resources()
    evaluated = score_plover(path, resources)
    exported = score_plover_export(path, resources)
    print(json.dumps({
        "records": evaluated["records"],
        "eval": {key: evaluated[key] for key in KEYS},
        "export": {key: exported[key] for key in KEYS},
        "exported_events": exported["exported_events"],
        "equal": all(evaluated[key] == exported[key] for key in KEYS),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
