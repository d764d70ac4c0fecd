"""The house refactoring changes nothing users see: extract gives what it gave before, ids aside.

``tests/data/extract_fingerprints.json`` holds, per document of the bundled sample and of the
seeds in ../shared, one fingerprint per part (actors, times, events, quotes, published date),
taken from ``dateline extract`` on commit 7728e16, before the stages were rehoused. A change
that alters what is found on purpose (a bug fix named in its commit) rewrites the file with
``tests/snapshot.py``.

It checks the rules: the learned components (on by default since, README Accuracy) are left
out, and confidences are compared as the stages give them, before ``calibration.py`` turns them
into probabilities (a refit changes every confidence and nothing found).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from snapshot import fingerprint

ROOT = Path(__file__).resolve().parents[1]
FROZEN = json.loads((ROOT / "tests" / "data" / "extract_fingerprints.json").read_text(encoding="utf-8"))


def extract(resources, folder: Path) -> list[dict]:
    import dataclasses

    from dateline.contract import to_contract
    from dateline.pipeline import run
    from dateline.records import Failure

    rules = dataclasses.replace(
        resources, calibration=None, trigger_model=None, argument_model=None, speaker_model=None, detection_model=None,
        salience_model=None,
    )
    results = list(run([str(folder)], rules))
    assert not [r for r in results if isinstance(r, Failure)]
    return [to_contract(r) for r in results]


def differences(frozen: dict, found: dict) -> list[str]:
    return [
        f"{source}: {part}"
        for source in sorted(set(frozen) | set(found))
        for part in sorted(set(frozen.get(source, {})) | set(found.get(source, {})))
        if frozen.get(source, {}).get(part) != found.get(source, {}).get(part)
    ]


def test_a_changed_event_changes_the_fingerprint():
    record = {"source": "a.txt", "events": [{"type": "CONSULT", "source": ["FRA"], "id": "1"}], "quotes": []}
    changed = {**record, "events": [{"type": "CONSULT", "source": ["DEU"], "id": "1"}]}
    renumbered = {**record, "events": [{"type": "CONSULT", "source": ["FRA"], "id": "2"}]}
    assert differences(fingerprint([record]), fingerprint([changed])) == ["a.txt: events"]
    assert differences(fingerprint([record]), fingerprint([renumbered])) == []


@pytest.mark.model
def test_the_sample_gives_what_it_gave_before(resources):
    found = fingerprint(extract(resources, ROOT / "src" / "dateline" / "data" / "sample"))
    assert differences(FROZEN["sample"], found) == []


@pytest.mark.model
def test_the_seeds_give_what_they_gave_before(resources, shared):
    found = fingerprint(extract(resources, shared / "corpus" / "seeds"))
    assert differences(FROZEN["seeds"], found) == []
