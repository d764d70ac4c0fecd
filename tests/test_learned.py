"""The learned trigger typer: training, saving and loading, and the shipped model."""

from __future__ import annotations

import pytest

from dateline.learned.triggers import NONE, TriggerModel, load_trigger_model, save_trigger_model, train
from dateline.records import PLOVER_TYPES
from dateline.resources import Settings, load_resources, load_shipped_trigger_model

LABELS = (NONE, "ASSAULT", "CONSULT")


def _toy():
    words = {"attack": "ASSAULT", "shell": "ASSAULT", "meet": "CONSULT", "visit": "CONSULT", "eat": NONE, "walk": NONE}
    return [([f"lemma={w}", "bias", f"pos={'VERB'}"], label) for w, label in words.items()] * 5


def _predict(model: TriggerModel, feats):
    totals = model.scores(feats)
    return max(model.labels, key=lambda label: (totals.get(label, 0.0), label))


def test_the_perceptron_learns_what_it_is_shown():
    model = train(_toy(), LABELS, epochs=20)
    guessed = [(_predict(model, f), label) for f, label in _toy()[:6]]
    assert all(guess == label for guess, label in guessed if label != NONE)  # every event word typed right
    assert sum(guess == label for guess, label in guessed) >= 5
    assert train(_toy(), LABELS, epochs=20).weights == model.weights  # the same weights for the same input


def test_a_saved_model_loads_as_it_was(tmp_path):
    model = train(_toy(), LABELS, epochs=20, threshold=2.5)
    save_trigger_model(model, tmp_path / "m.json.gz")
    loaded = load_trigger_model(tmp_path / "m.json.gz")
    assert (loaded.weights, loaded.labels, loaded.threshold) == (model.weights, model.labels, 2.5)


def test_the_shipped_model_types_plover_events_and_is_off_unless_asked():
    model = load_shipped_trigger_model()
    assert model is not None and set(model.labels) == {NONE, *PLOVER_TYPES}
    assert {label for weights in model.weights.values() for label in weights} <= set(model.labels)
    assert load_resources(Settings(), with_model=False).trigger_model is None
    assert load_resources(Settings(learned=True), with_model=False).trigger_model is not None
    assert load_resources(Settings(learned=("triggers",)), with_model=False).trigger_model is not None
    with pytest.raises(ValueError, match="no learned component"):
        load_resources(Settings(learned=("nonsense",)), with_model=False)


def test_a_reading_given_to_predict_and_propose_is_the_one_they_would_make():
    """The events stage reads each word with the typer once and hands the reading on: the answers stay the same."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from dateline.learned.detection import DetectionModel, Detector

    model = TriggerModel({"lemma=shell": {"ASSAULT": 9.0, NONE: 1.0}, "bias": {NONE: 0.5, "CONSULT": 0.25}}, LABELS, threshold=6.0)
    doc = Doc(Vocab(), words=["troops", "shell", "towns"], lemmas=["troop", "shell", "town"], pos=["NOUN", "VERB", "NOUN"],
              heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"])
    detector = Detector(DetectionModel({}, 0.0, typer_lead=-10.0, typer=model), None, None)
    for token in doc:
        reading = model.reading(token)
        assert model.predict(token, reading) == model.predict(token)
        assert detector.propose(token, (model, reading)) == detector.propose(token)
    assert model.reading(doc[1]) == ("ASSAULT", 7.5) and model.predict(doc[1]) == ("ASSAULT", 7.5)
    assert model.predict(doc[0]) == (NONE, 0.0)  # bias alone: CONSULT leads NONE by -0.25, not above 6
    # a reading from another typer is not taken for this one's
    assert detector.propose(doc[1], (object(), ("CONSULT", 99.0))) == ("ASSAULT", 7.5)


def _best_of_scores(model: TriggerModel, feats: list[str]) -> tuple[str, float]:
    """The reading as the sums of ``scores`` give it: the highest type (the last by name on a tie), its lead over NONE."""
    totals = model.scores(feats)
    if not totals:
        return NONE, 0.0
    best = max((label for label in model.labels if label != NONE), key=lambda label: (totals.get(label, 0.0), label))
    return best, totals.get(best, 0.0) - totals.get(NONE, 0.0)


def test_the_reading_is_the_best_of_the_scores_summed_in_order():
    import random

    rng = random.Random(7)
    shipped = load_shipped_trigger_model()
    toy = TriggerModel(
        {"a": {"AID": 0.1, "ASSAULT": 0.2}, "b": {"ASSAULT": -0.1, "AID": 0.2, "UNLISTED": 5.0}, "c": {}, "d": {"NONE": 0.3}},
        ["AID", "ASSAULT", "NONE"],
    )
    no_none = TriggerModel({"a": {"AID": 1.0}, "b": {"ASSAULT": 1.0}}, ["AID", "ASSAULT"])
    for model in (shipped, toy, no_none):
        names = list(model.weights) + ["not a feature"]
        for _ in range(2000):
            feats = [rng.choice(names) for _ in range(rng.randint(0, 40))]  # repeated features count each time
            assert model.reading_of(feats) == _best_of_scores(model, feats)
    ordered = TriggerModel({"x": {"AID": 0.1}, "y": {"AID": 0.2}, "z": {"AID": 0.3}}, ["AID", "NONE"])
    assert ordered.reading_of(["x", "y", "z"]) == ("AID", 0.6000000000000001)  # summed in the features' order
    assert ordered.reading_of(["z", "y", "x"]) == ("AID", 0.6)
    assert toy.reading_of(["c"]) == (NONE, 0.0) and no_none.reading_of(["a", "b"]) == ("ASSAULT", 1.0)
