"""The learned argument chooser: training, saving and loading, its hook in the events stage, the shipped model."""

from __future__ import annotations

import dataclasses

import pytest

from dateline.events import code_events
from dateline.layout import analyze_layout
from dateline.learned.arguments import (
    ArgumentModel,
    Candidate,
    Example,
    best_pair,
    held_to_rules,
    load_argument_model,
    save_argument_model,
    train,
)
from dateline.records import Cast, Mention, Published
from dateline.resources import Settings, load_cues, load_lexicon, load_resources, load_shipped_argument_model

PUBLISHED = Published(date="2024-03-14", how="header", confidence=0.95)
CUES = load_cues()




def _toy() -> list[Example]:
    """Sides where the subject is right for the source and the object for the target."""
    subject, obj, far = ("source:dep=nsubj", "bias"), ("source:dep=dobj", "bias"), ("source:dep=pobj", "bias")
    none = ("source:NONE",)
    return [
        Example((none, subject, obj), frozenset({1})),
        Example((none, obj, subject, far), frozenset({2})),
        Example((none, far, subject), frozenset({2})),
        Example((none, subject), frozenset({0, 1})),  # every option right: nothing to learn
    ] * 3


def _best(model: ArgumentModel, example: Example) -> int:
    scores = [model.score(option) for option in example.options]
    return max(range(len(scores)), key=lambda n: (scores[n], -n))


def test_the_ranker_learns_what_it_is_shown():
    model = train(_toy(), epochs=10)
    assert all(_best(model, example) in example.right for example in _toy())
    assert model.weights["source:dep=nsubj"] > model.weights.get("source:dep=dobj", 0.0)
    assert train(_toy(), epochs=10).weights == model.weights  # the same weights for the same input


def test_a_saved_model_loads_as_it_was(tmp_path):
    model = train(_toy(), epochs=10, window=2)
    save_argument_model(model, tmp_path / "m.json.gz")
    loaded = load_argument_model(tmp_path / "m.json.gz")
    assert (loaded.weights, loaded.window) == (model.weights, 2)
    (tmp_path / "other.json.gz").write_bytes(__import__("gzip").compress(b'{"format": "something else"}'))
    with pytest.raises(ValueError):
        load_argument_model(tmp_path / "other.json.gz")


def test_one_actor_never_fills_both_sides():
    x, y = Candidate("x", ()), Candidate("y", ())
    scored = {"source": [(None, 0.0), (x, 5.0), (y, 1.0)], "target": [(None, 0.0), (x, 4.0), (y, 2.0)]}
    source, target = best_pair(scored)
    assert (source.actor_id, target.actor_id) == ("x", "y")


def _events(nlp, text, names, arguments=None):
    doc = nlp(text)
    mentions = []
    for name, (actor_id, label) in names.items():
        start = text.index(name)
        mentions.append(Mention(start, start + len(name), name, actor_id, label))
    cast = Cast(mentions=tuple(sorted(mentions, key=lambda m: m.start)))
    layout = analyze_layout(text, CUES.speech_verbs, agencies=frozenset())
    return code_events(doc, dataclasses.replace(layout, dateline=None), cast, [], PUBLISHED, [], load_lexicon(), None, arguments)


NAMES = {"Israel": ("ISR", "GPE"), "Hezbollah": ("org:hezbollah", "ORG")}
TEXT = "Israel was attacked on Tuesday. Hezbollah said it was responsible."


def test_the_chooser_finds_a_doer_the_next_sentence_names(spacy_nlp):
    (rules,) = [e for e in _events(spacy_nlp, TEXT, NAMES) if e.type == "ASSAULT"]
    assert (rules.source, rules.target) == ((), ("ISR",))
    model = ArgumentModel({"source:sent=1|ORG|nsubj": 3.0, "source:rule=target": -5.0, "target:rule=target": 5.0})
    (learned,) = [e for e in _events(spacy_nlp, TEXT, NAMES, model) if e.type == "ASSAULT"]
    assert (learned.source, learned.target) == (("org:hezbollah",), ("ISR",))


def test_with_no_preference_the_rules_sides_stand(spacy_nlp):
    rules = _events(spacy_nlp, TEXT, NAMES)
    assert _events(spacy_nlp, TEXT, NAMES, ArgumentModel({})) == rules


def test_the_shipped_model_is_on_by_default_and_off_when_asked():
    model = load_shipped_argument_model()
    assert model is not None and model.weights
    assert all(feature.split(":", 1)[0] in ("source", "target") for feature in model.weights)
    assert load_resources(Settings(), with_model=False).argument_model is not None
    assert load_resources(Settings(learned=False), with_model=False).argument_model is None
    assert load_resources(Settings(learned=("speakers",)), with_model=False).argument_model is None


def test_a_side_the_rules_filled_stands_unless_outscored_by_the_margin():
    x, y = Candidate("x", ()), Candidate("y", ())
    scored = [(None, 9.0), (x, 1.0), (y, 6.0)]
    assert held_to_rules(scored, ("x",), None) == [(x, 1.0)]
    assert held_to_rules(scored, ("x",), 4.0) == [(x, 1.0), (None, 9.0), (y, 6.0)]
    assert held_to_rules(scored, ("x",), 6.0) == [(x, 1.0), (None, 9.0)]
    assert held_to_rules(scored, (), None) == scored  # an empty side is the ranker's to fill


def test_a_joint_event_keeps_both_sides(spacy_nlp):
    text = "Israel and Hezbollah signed a ceasefire agreement on Tuesday."
    (rules,) = [e for e in _events(spacy_nlp, text, NAMES) if e.type == "AGREE"]
    assert set(rules.source) == set(rules.target) == {"ISR", "org:hezbollah"}
    model = ArgumentModel({"target:NONE": 10.0, "source:NONE": 10.0})
    (learned,) = [e for e in _events(spacy_nlp, text, NAMES, model) if e.type == "AGREE"]
    assert (learned.source, learned.target) == (rules.source, rules.target)
