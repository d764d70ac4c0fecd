"""The learned event detector: training, saving and loading, recovering a dropped event, its threshold, the shipped model."""

from __future__ import annotations

import dataclasses
import gzip

import pytest

from dateline.events import code_events
from dateline.layout import analyze_layout
from dateline.learned.arguments import ArgumentModel
from dateline.learned.detection import DetectionModel, load_detection_model, save_detection_model, train
from dateline.records import Cast, Mention, Published
from dateline.resources import (
    Settings,
    load_cues,
    load_lexicon,
    load_resources,
    load_shipped_argument_model,
    load_shipped_detection_model,
)

PUBLISHED = Published(date="2024-03-14", how="header", confidence=0.95)
CUES = load_cues()
NAMES = {"Israel": ("ISR", "GPE"), "Hezbollah": ("org:hezbollah", "ORG")}
# "requested" needs a target the rules do not find in its clause: they drop the request.
DROPPED = "Israel requested on Tuesday. Hezbollah refused."


def _events(nlp, text, arguments=None, detection=None):
    doc = nlp(text)
    mentions = []
    for name, (actor_id, label) in NAMES.items():
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), name, actor_id, label))
    cast = Cast(mentions=tuple(sorted(mentions, key=lambda m: m.start)))
    layout = analyze_layout(text, CUES.speech_verbs, agencies=frozenset())
    return code_events(
        doc, dataclasses.replace(layout, dateline=None), cast, [], PUBLISHED, [], load_lexicon(), None, arguments, detection
    )


def _toy() -> list[tuple[list[str], bool]]:
    return [(["bias", "source=chosen", "target=chosen"], True), (["bias", "source=none", "target=chosen"], False)] * 20


def test_the_classifier_learns_what_it_is_shown():
    weights, bias = train(_toy(), epochs=20)
    model = DetectionModel(weights, bias)
    assert model.probability(["bias", "source=chosen", "target=chosen"]) > 0.8
    assert model.probability(["bias", "source=none", "target=chosen"]) < 0.2
    assert train(_toy(), epochs=20) == (weights, bias)  # the same weights for the same input


def test_a_saved_model_loads_as_it_was(tmp_path):
    weights, bias = train(_toy(), epochs=5)
    sides = ArgumentModel({"source:bias": 1.0}, window=2)
    save_detection_model(DetectionModel(weights, bias, threshold=0.35, typer_lead=4.0, sides=sides), tmp_path / "m.json.gz")
    loaded = load_detection_model(tmp_path / "m.json.gz")
    assert (loaded.weights, loaded.bias, loaded.threshold, loaded.typer_lead) == (weights, bias, 0.35, 4.0)
    assert (loaded.sides.weights, loaded.sides.window) == (sides.weights, 2)
    (tmp_path / "other.json.gz").write_bytes(gzip.compress(b'{"format": "something else"}'))
    with pytest.raises(ValueError):
        load_detection_model(tmp_path / "other.json.gz")


def test_a_trigger_dropped_for_a_missing_side_is_recovered(spacy_nlp):
    arguments = load_shipped_argument_model()
    rules = _events(spacy_nlp, DROPPED, arguments)
    assert not [e for e in rules if e.type == "REQUEST"]  # the rules drop it: no one asked
    keep_all = DetectionModel({}, 5.0, threshold=0.5)  # every candidate a real event
    (request,) = [e for e in _events(spacy_nlp, DROPPED, arguments, keep_all) if e.type == "REQUEST"]
    assert (request.source, request.target) == (("ISR",), ("org:hezbollah",))  # the chooser's sides
    assert request.status == "occurred" and request.evidence_text.startswith("Israel requested")


def test_the_threshold_filters(spacy_nlp):
    arguments = load_shipped_argument_model()
    rules = _events(spacy_nlp, DROPPED, arguments)
    assert _events(spacy_nlp, DROPPED, arguments, DetectionModel({}, 5.0, threshold=0.999)) == rules  # p 0.993
    assert _events(spacy_nlp, DROPPED, arguments, DetectionModel({}, -5.0, threshold=0.5)) == rules
    # a feature of the candidate decides it: a request whose target the chooser filled
    picky = DetectionModel({"target=chosen|REQUEST": 10.0}, -5.0, threshold=0.5)
    assert [e.type for e in _events(spacy_nlp, DROPPED, arguments, picky)].count("REQUEST") == 1
    # without the argument chooser the detector has no sides to judge: it does nothing
    assert _events(spacy_nlp, DROPPED, None, DetectionModel({}, 5.0)) == _events(spacy_nlp, DROPPED)


def test_the_shipped_model_loads_and_runs_by_default():
    model = load_shipped_detection_model()
    assert model is not None and model.weights and 0.0 < model.threshold < 1.0
    assert model.typer is not None and model.sides is not None and model.sides.weights
    assert load_resources(Settings(), with_model=False).detection_model is not None
    assert load_resources(Settings(learned=False), with_model=False).detection_model is None
    assert load_resources(Settings(learned=("arguments",)), with_model=False).detection_model is None
    assert load_resources(Settings(learned=("arguments", "detection")), with_model=False).detection_model is not None
