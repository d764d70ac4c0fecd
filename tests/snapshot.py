"""Fingerprints of what ``dateline extract`` finds, for the test that a refactoring changes nothing.

Each document's actors, times, events, quotes and published date are reduced to one SHA-256
per part (the stable event and quote ids and the times' TimeML type and duration left out, since they
were added later), so the
frozen file holds no text of the articles it describes.

    .venv/bin/python tests/snapshot.py OUT.json NAME=FILE.jsonl ...   # write fingerprints
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any, Iterable

PARTS = ("published", "actors", "times", "events", "quotes")


def _added_later(part: str, key: str) -> bool:
    """Fields added to the contract after the freeze: the stable ids, a time's TimeML type and duration."""
    return (key == "id" and part in ("events", "quotes")) or (key in ("type", "duration") and part == "times")


def fingerprint(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """source -> part -> SHA-256 of the part, ids aside, in an order that does not depend on the run."""
    found: dict[str, dict[str, str]] = {}
    for record in records:
        parts: dict[str, str] = {}
        for part in PARTS:
            value = record.get(part)
            if isinstance(value, list):
                items = [{k: v for k, v in item.items() if not _added_later(part, k)} for item in value]
                value = sorted(json.dumps(item, sort_keys=True, ensure_ascii=False) for item in items)
            parts[part] = hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        found[record["source"]] = parts
    return found


def main(argv: list[str]) -> None:
    out, *named = argv
    sets = {}
    for item in named:
        name, path = item.split("=", 1)
        with open(path, encoding="utf-8") as lines:
            sets[name] = fingerprint(json.loads(line) for line in lines if line.strip())
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(sets, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
