"""The scorer: matching by meaning, optional items, date slack, floors."""

from __future__ import annotations

import json

import pytest

from dateline.evaluate import check_floors, date_within, evaluate, load_gold, load_system, norm

GOLD = {
    "source": "a.txt",
    "published": "2024-03-10",
    "published_how": "inferred",
    "published_tolerance_days": 5,
    "dateline": {"place": "Paris", "agency": "AFP"},
    "actors": [["Emmanuel Macron", "Macron"], ["Germany"], ["Olaf Scholz", "Scholz"]],
    "actors_optional": [["European Union", "EU"]],
    "times": [{"text": "on Tuesday", "value": "2024-03-05"}, {"text": "in 1990", "value": "1990"}],
    "events": [
        {"types": ["CONSULT"], "source": ["Olaf Scholz"], "target": ["Emmanuel Macron", "Macron"],
         "date": "2024-03", "status": "occurred", "optional": False},
        {"types": ["ACCUSE"], "source": ["Germany"], "target": [], "date": None, "status": "occurred",
         "optional": True},
    ],
    "quotes": [
        {"speaker": ["Emmanuel Macron", "Macron"], "startswith": "We will stand together", "kind": "direct",
         "optional": False},
        {"speaker": ["Olaf Scholz"], "startswith": "the talks were useful", "kind": "indirect", "optional": False},
    ],
}


def system_record(**changes):
    record = {
        "source": "corpus/a.txt",
        "published": {"date": "2024-03-12", "how": "inferred", "confidence": 0.5},
        "dateline": {"place": "Paris", "agency": "AFP"},
        "actors": [
            {"id": "p1", "name": "Emmanuel Macron", "kind": "person", "country": "FRA", "mentions": []},
            {"id": "p2", "name": "Olaf Scholz", "kind": "person", "country": "DEU", "mentions": []},
            {"id": "c1", "name": "Germany", "kind": "country", "country": "DEU", "mentions": []},
            {"id": "o1", "name": "EU", "kind": "organization", "country": None, "mentions": []},
        ],
        "times": [
            {"text": "Tuesday", "value": "2024-03-05"},
            {"text": "in 1990", "value": "1991"},
        ],
        "events": [
            {"type": "CONSULT", "source": ["p1"], "target": ["p2"], "date": {"start": "2024-03-05", "end": "2024-03-05"},
             "status": "occurred", "evidence": {"text": "met"}, "confidence": 0.9},
        ],
        "quotes": [
            {"text": "“We will stand together,” he said", "speaker": "p1", "kind": "direct"},
            {"text": "the talks were useful and frank", "speaker": "p1", "kind": "indirect"},
        ],
    }
    record.update(changes)
    return record


def test_perfect_parts_and_swapped_consult():
    scores = evaluate([GOLD], [system_record()]).as_dict()
    assert scores["actors"]["f1"] == 1.0  # the optional EU is neither missed nor extra
    assert scores["events"]["tp"] == 1 and scores["events"]["fp"] == 0  # sides swapped: CONSULT is symmetric
    assert scores["events"]["date_accuracy"] == 1.0
    assert scores["published"]["accuracy"] == 1.0  # two days off, tolerance five
    assert scores["dateline"]["accuracy"] == 1.0


def test_time_values_and_quote_speakers_are_checked():
    scores = evaluate([GOLD], [system_record()]).as_dict()
    assert scores["times"]["recall"] == 1.0
    assert scores["times"]["value_accuracy"] == 0.5
    assert scores["quotes"]["recall"] == 1.0
    assert scores["quotes"]["speaker_accuracy"] == 0.5


def test_misses_and_false_alarms():
    record = system_record(
        actors=[{"id": "x", "name": "Angela Merkel", "kind": "person", "country": "DEU", "mentions": []}],
        events=[{"type": "ACCUSE", "source": ["x"], "target": [], "date": {"start": None, "end": None},
                 "status": "occurred", "evidence": {"text": "x"}, "confidence": 0.5}],
        quotes=[],
    )
    scores = evaluate([GOLD], [record]).as_dict()
    assert scores["actors"] == {"tp": 0, "fp": 1, "fn": 3, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert scores["events"]["fn"] == 1 and scores["events"]["fp"] == 1
    assert scores["quotes"]["fn"] == 2


def test_asymmetric_event_sides_must_match():
    gold = dict(GOLD, events=[{"types": ["REQUEST"], "source": ["Olaf Scholz"], "target": ["Macron"],
                               "date": None, "status": "occurred", "optional": False}])
    record = system_record(events=[{"type": "REQUEST", "source": ["p1"], "target": ["p2"],
                                    "date": {"start": None, "end": None}, "status": "occurred",
                                    "evidence": {"text": "x"}, "confidence": 0.5}])
    assert evaluate([gold], [record]).as_dict()["events"]["tp"] == 0


def test_duplicate_actor_counts_as_false_alarm():
    actors = system_record()["actors"] + [{"id": "p9", "name": "Macron", "kind": "person", "country": "FRA", "mentions": []}]
    scores = evaluate([GOLD], [system_record(actors=actors)]).as_dict()
    assert scores["actors"]["fp"] == 1


def test_missing_document_counts_everything_missed():
    scores = evaluate([GOLD], []).as_dict()
    assert scores["missing"] == ["a.txt"]
    assert scores["actors"]["fn"] == 3 and scores["published"]["accuracy"] == 0.0


@pytest.mark.parametrize(
    "start,end,gold,ok",
    [
        ("2025-05-08", "2025-05-08", "2025-05-08", True),
        ("2025-05-09", "2025-05-09", "2025-05-08", True),  # a day's slack
        ("2025-05-10", "2025-05-10", "2025-05-08", False),
        ("2025-05-07", "2025-05-10", "2025-05-07/2025-05-10", True),
        ("2025-05-08", "2025-05-08", "2025-05", True),
        ("2025-05", "2025-05", "2025-05-08", False),
        ("1941-06-22", "1945-05-09", "1941/1945", True),
        (None, None, "2025", False),
    ],
)
def test_date_within(start, end, gold, ok):
    assert date_within(start, end, gold) is ok


def test_norm_folds_accents_quotes_and_articles():
    assert norm("Luiz Inácio Lula") == norm("luiz inacio lula")
    assert norm("Russia’s “top” diplomat") == "russia's top diplomat"
    assert norm("The Kremlin") == "kremlin"


def test_floors(tmp_path):
    report = evaluate([GOLD], [system_record()])
    assert check_floors(report, {"actors.f1": 0.9}) == []
    assert check_floors(report, {"quotes.speaker_accuracy": 0.9})[0].startswith("quotes.speaker_accuracy")
    assert "no such score" in check_floors(report, {"nothing.here": 0.1})[0]


def test_loaders_reject_bad_files(tmp_path):
    from dateline.errors import DatelineError

    (tmp_path / "gold.json").write_text(json.dumps({"not": "a list"}))
    (tmp_path / "sys.jsonl").write_text('{"source": "a.txt"}\nnot json\n')
    with pytest.raises(DatelineError, match="E301"):
        load_gold(tmp_path / "gold.json")
    with pytest.raises(DatelineError, match="E302.*:2"):
        load_system(tmp_path / "sys.jsonl")


def test_seed_gold_parses(shared):
    gold = load_gold(shared / "gold" / "seeds.json")
    assert evaluate(gold, []).as_dict()["documents"] == len(gold)


def _event(type_, source, target, day="2024-03-05", status="occurred", confidence=0.5):
    return {"type": type_, "source": source, "target": target, "date": {"start": day, "end": day},
            "status": status, "evidence": {"text": "x"}, "confidence": confidence}


def test_event_pairing_is_optimal_not_greedy():
    """A system event that fits two gold events goes to the one no other system event fits."""
    gold = dict(GOLD, events=[
        {"types": ["CONSULT", "AGREE"], "source": ["Emmanuel Macron"], "target": ["Olaf Scholz"], "date": None,
         "status": "occurred", "optional": False},
        {"types": ["AGREE"], "source": ["Emmanuel Macron"], "target": ["Olaf Scholz"], "date": None, "status": "occurred",
         "optional": False},
    ])
    # The AGREE is more confident and fits both; a greedy pass would hand it to the first gold event.
    record = system_record(events=[_event("AGREE", ["p1"], ["p2"], confidence=0.9),
                                   _event("CONSULT", ["p1"], ["p2"], confidence=0.1)])
    scores = evaluate([gold], [record]).as_dict()["events"]
    assert (scores["tp"], scores["fp"], scores["fn"]) == (2, 0, 0)


def test_event_pairing_prefers_the_right_date():
    gold = dict(GOLD, events=[
        {"types": ["CONSULT"], "source": ["Emmanuel Macron"], "target": ["Olaf Scholz"], "date": "2024-03-05",
         "status": "occurred", "optional": False},
    ])
    record = system_record(events=[_event("CONSULT", ["p1"], ["p2"], day="2024-01-01", confidence=0.9),
                                   _event("CONSULT", ["p1"], ["p2"], day="2024-03-05", confidence=0.1)])
    scores = evaluate([gold], [record]).as_dict()["events"]
    assert scores["date_accuracy"] == 1.0 and scores["fp"] == 1


def test_event_pairing_judges_status_on_the_event_of_the_gold_sentence():
    """A meeting held, one refused and one planned. The system finds the held one (confident) and the
    planned one. Pairing as many as possible hands the refused gold event one of the two; the held
    gold event must keep the system event of its own sentence, whatever the confidences say."""
    gold = dict(GOLD, events=[
        {"types": ["CONSULT"], "source": ["Emmanuel Macron"], "target": ["Olaf Scholz"], "date": None,
         "status": "occurred", "optional": False, "evidence": "Macron met Scholz in Berlin"},
        {"types": ["CONSULT"], "source": ["Emmanuel Macron"], "target": ["Olaf Scholz"], "date": None,
         "status": "negated", "optional": False, "evidence": "did not discuss the pipeline"},
    ])
    held = dict(_event("CONSULT", ["p1"], ["p2"], confidence=0.9), evidence={"text": "On Monday Macron met Scholz in Berlin."})
    planned = dict(_event("CONSULT", ["p1"], ["p2"], status="planned", confidence=0.1),
                   evidence={"text": "They will meet again in May."})
    for events in ([held, planned], [planned, held]):
        scores = evaluate([gold], [system_record(events=events)]).as_dict()["events"]
        assert scores["tp"] == 2 and scores["status_accuracy"] == 0.5


def test_iso_week_equals_its_days():
    gold = dict(GOLD, times=[{"text": "last week", "value": "2024-02-26/2024-03-03"}])
    record = system_record(times=[{"text": "last week", "value": "2024-W09"}])
    assert evaluate([gold], [record]).as_dict()["times"]["value_accuracy"] == 1.0
    record = system_record(times=[{"text": "last week", "value": "2024-W10"}])
    assert evaluate([gold], [record]).as_dict()["times"]["value_accuracy"] == 0.0
