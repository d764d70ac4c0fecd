"""The team-written gold set for the bundled sample corpus (eval/sample_gold.json) is well formed.

These checks keep the annotations usable by `dateline eval`: every annotated article is one the
sample corpus yields, every value has a form the scorer understands, and every quoted or timed
phrase is really in the article it annotates.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dateline.evaluate import load_gold, norm
from dateline.ingest import read_inputs

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "sample_gold.json"
SAMPLE = ROOT / "src" / "dateline" / "data" / "sample"

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
STATUSES = {"occurred", "planned", "negated", "hypothetical"}
QUOTE_KINDS = {"direct", "indirect", "mixed"}
# The value forms DESIGN.md lists: a day, a month, a year, or an interval of two of them.
POINT = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
ISO_VALUE = re.compile(rf"{POINT}(?:/{POINT})?")


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """The cleaned text of every document the sample corpus yields, by its source name."""
    return {doc.source: doc.text for doc in read_inputs([SAMPLE]) if hasattr(doc, "text")}


def valid_iso(value: str) -> bool:
    """A value of one of the DESIGN's forms that names real days, an interval running forwards."""
    if not ISO_VALUE.fullmatch(value):
        return False
    ends = value.split("/")
    try:
        first = _first_day(ends[0])
        last = _first_day(ends[-1])
    except ValueError:  # a day the month does not have, e.g. 2023-02-30
        return False
    return first <= last


def _first_day(point: str) -> date:
    year, month, day = (point.split("-") + ["01", "01"])[:3]
    return date(int(year), int(month), int(day))


@pytest.mark.parametrize(
    ("value", "ok"),
    [("2023-06-19", True), ("2023-06", True), ("1963", True), ("2023-07-11/2023-07-12", True),
     ("1939/1945", True), ("2023-02-30", False), ("2023-13", False), ("2023-07-12/2023-07-11", False),
     ("June 2023", False), ("2023-W25", False)],
)
def test_valid_iso_accepts_only_the_design_forms(value, ok):
    assert valid_iso(value) is ok


def test_every_article_of_the_sample_corpus_is_annotated_once(gold, texts):
    sources = [entry["source"] for entry in gold]
    assert len(sources) == len(set(sources))
    assert set(sources) == set(texts)


def test_published_dates(gold):
    for entry in gold:
        date.fromisoformat(entry["published"])
        assert entry["published_how"] in {"header", "inferred"}, entry["source"]
        if entry["published_how"] == "inferred":
            assert entry["published_tolerance_days"] >= 0, entry["source"]
        else:
            assert "published_tolerance_days" not in entry, entry["source"]


def test_datelines(gold):
    for entry in gold:
        dateline = entry["dateline"]
        assert dateline is None or (set(dateline) == {"place", "agency"} and dateline["place"]), entry["source"]


def test_actors_are_lists_of_names(gold):
    for entry in gold:
        for names in entry["actors"] + entry["actors_optional"]:
            assert names and all(isinstance(name, str) and name.strip() for name in names), entry["source"]


def test_times_are_in_the_text_with_valid_values(gold, texts):
    for entry in gold:
        text = norm(texts[entry["source"]])
        for time in entry["times"]:
            assert norm(time["text"]) in text, (entry["source"], time["text"])
            assert valid_iso(time["value"]), (entry["source"], time)


def test_events_use_plover_types_statuses_and_valid_dates(gold):
    for entry in gold:
        for event in entry["events"]:
            where = (entry["source"], event["evidence"])
            assert event["types"] and set(event["types"]) <= PLOVER_TYPES, where
            assert event["status"] in STATUSES, where
            assert event["date"] is None or valid_iso(event["date"]), where
            assert isinstance(event["optional"], bool), where
            assert isinstance(event["source"], list) and isinstance(event["target"], list), where
            assert event["source"] or event["target"], where


def test_quotes_start_with_words_of_the_article(gold, texts):
    for entry in gold:
        text = norm(texts[entry["source"]])
        for quote in entry["quotes"]:
            where = (entry["source"], quote["startswith"])
            assert norm(quote["startswith"]) in text, where
            assert quote["kind"] in QUOTE_KINDS, where
            assert quote["speaker"] and all(isinstance(name, str) for name in quote["speaker"]), where
            assert isinstance(quote["optional"], bool), where
