"""Calibrated confidence: the model, the chain's last step, the reliability table and --min-confidence."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.calibration import Calibration, Logistic, calibrate, dump, event_features, fit, load, quote_features
from dateline.contract import from_contract, to_contract, validate
from dateline.evaluate import evaluate
from dateline.records import Actor, Analysis, Document, Event, Published, Quote

BIN = Path(sys.executable).parent / "dateline"

TEXT = 'Moscow - Russia attacked Ukraine on Monday. "We will respond," Zelensky said.'


def analysis(event_confidence: float = 0.5) -> Analysis:
    actors = (
        Actor("RUS", "Russia", "country", "RUS"),
        Actor("UKR", "Ukraine", "country", "UKR"),
        Actor("zelensky", "Volodymyr Zelensky", "person", "UKR"),
    )
    event = Event("ASSAULT", None, "19", ("RUS",), ("UKR",), None, None, None, "occurred", 9, 43,
                  "Russia attacked Ukraine on Monday.", event_confidence, "attacked", id="e1")
    quote = Quote("We will respond,", 45, 61, "zelensky", "direct", "said", id="q1")
    document = Document(doc_id="d", source="d.txt", text=TEXT)
    return Analysis(document, Published(None, None), actors, (), (event,), (quote,))


def test_fit_recovers_the_rates_behind_a_feature():
    rng = random.Random(7)
    samples = [({"named": 1.0}, rng.random() < 0.8) for _ in range(2000)]
    samples += [({"named": 0.0}, rng.random() < 0.2) for _ in range(2000)]
    model = fit(samples, l2=0.1)
    assert model.probability({"named": 1.0}) == pytest.approx(0.8, abs=0.04)
    assert model.probability({"named": 0.0}) == pytest.approx(0.2, abs=0.04)


def test_the_penalty_pulls_a_rare_feature_towards_the_base_rate():
    samples = [({"common": 1.0}, i % 2 == 0) for i in range(200)] + [({"common": 1.0, "rare": 1.0}, True)]
    loose, tight = fit(samples, l2=0.01), fit(samples, l2=10.0)
    both = {"common": 1.0, "rare": 1.0}
    assert loose.probability(both) > tight.probability(both) > 0.5


def test_calibrate_replaces_the_raw_scores_and_gives_quotes_one():
    calibration = Calibration(
        events=Logistic(0.0, {"type=ASSAULT": 2.0, "raw": 0.0}),
        quotes=Logistic(-1.0, {"speaker=person": 3.0}),
        about={},
    )
    out = calibrate(analysis(0.35), calibration)
    assert out.events[0].confidence == pytest.approx(0.881, abs=1e-3)  # sigmoid(2)
    assert out.quotes[0].confidence == pytest.approx(0.881, abs=1e-3)  # sigmoid(-1 + 3)
    assert calibrate(analysis(0.35), None).quotes[0].confidence is None


def test_the_features_read_the_record():
    record = analysis()
    actors = {a.id: a for a in record.actors}
    events = event_features(record.events[0], actors)
    assert events["type=ASSAULT"] == 1.0 and events["source=country"] == 1.0 and events["no_target"] == 0.0
    quotes = quote_features(record.quotes[0], actors)
    assert quotes["speaker=person"] == 1.0 and quotes["cue=said"] == 1.0 and quotes["kind=direct"] == 1.0


def test_a_quotes_confidence_is_in_the_contract_and_back(tmp_path):
    calibration = Calibration(Logistic(0.0, {}), Logistic(0.0, {}), {})
    record = to_contract(calibrate(analysis(), calibration))
    validate(record)
    assert record["quotes"][0]["confidence"] == 0.5
    assert from_contract(record).quotes[0].confidence == 0.5
    path = tmp_path / "calibration.json"
    dump(calibration, path)
    assert load(path) == calibration


def test_the_shipped_calibration_is_loaded_and_knows_every_kind():
    from dateline.resources import Settings, load_resources

    calibration = load_resources(with_model=False).calibration
    assert calibration is not None and calibration.about["events"] > 50 and calibration.about["quotes"] > 50
    assert any(name.startswith("type=") for name in calibration.events.weights)
    assert load_resources(Settings(calibrate=False), with_model=False).calibration is None


def test_evaluate_judges_each_event_and_quote_for_the_reliability_table():
    gold = {
        "source": "d.txt",
        "actors": [],
        "events": [{"types": ["ASSAULT"], "source": ["Russia"], "target": ["Ukraine"]}],
        "quotes": [{"startswith": "We will", "speaker": ["Volodymyr Zelensky"]}],
    }
    right = to_contract(calibrate(analysis(), Calibration(Logistic(2.0, {}), Logistic(2.0, {}), {})))
    wrong = json.loads(json.dumps(right))
    wrong["events"][0]["type"] = "PROTEST"
    wrong["quotes"][0]["speaker"] = None
    assert [v[3] for v in evaluate([gold], [right]).verdicts] == [True, True]
    assert [v[3] for v in evaluate([gold], [wrong]).verdicts] == [False, False]
    table = evaluate([gold], [right]).reliability()
    assert table["events"][">=0.7"] == {"items": 1, "precision": 1.0}
    assert table["events"][">=0.9"] == {"items": 0, "precision": 0.0}


@pytest.mark.model
def test_min_confidence_keeps_only_what_reaches_it(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "date 2023-03-02\nBERLIN (AP) - German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin "
        "on Thursday. \"Europe must stand together,\" Scholz told reporters. Police arrested two protesters "
        "outside the chancellery, a spokesman said.\n"
    )

    def extract(*extra):
        result = subprocess.run([str(BIN), "extract", str(article), *extra], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    every = extract()
    confidences = sorted(x["confidence"] for x in every["events"] + every["quotes"])
    assert len(confidences) >= 2 and confidences[0] < confidences[-1]
    cut = (confidences[0] + confidences[-1]) / 2
    kept = extract("--min-confidence", str(cut))
    assert 0 < len(kept["events"] + kept["quotes"]) < len(confidences)
    assert all(x["confidence"] >= cut for x in kept["events"] + kept["quotes"])

    db = tmp_path / "a.db"
    assert subprocess.run([str(BIN), "ingest", str(article), "--db", str(db)], capture_output=True, timeout=600).returncode == 0
    for what, found in (("events", every["events"]), ("quotes", every["quotes"])):
        rows = json.loads(subprocess.run([str(BIN), what, "--db", str(db), "--json", "--min-confidence", str(cut)],
                                         capture_output=True, text=True, timeout=600).stdout)
        assert sorted(r["confidence"] for r in rows) == sorted(x["confidence"] for x in found if x["confidence"] >= cut)
