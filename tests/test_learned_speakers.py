"""The learned speaker chooser: candidates and features, training, the margin over the rules, the shipped model."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.learned.speakers import (
    MARGIN,
    Option,
    SpeakerModel,
    document_options,
    load_speaker_model,
    save_speaker_model,
    train,
)
from dateline.resources import Settings, _data, load_resources, load_shipped_speaker_model


def _toy():
    """Quotes whose speaker is the subject of the cue, beside a hearer and a bystander."""
    examples = []
    for n in range(12):
        speaker, hearer, other = f"s{n}", f"h{n}", f"o{n}"
        found = [
            Option(hearer, ("bias", "hearer", "label=PERSON")),
            Option(speaker, ("bias", "rel=nsubj", "label=PERSON") + (("rule",) if n % 3 else ())),
            Option(other, ("bias", "label=ORG", "sents=3")),
        ]
        examples.append((found, frozenset({speaker})))
    return examples


def test_the_ranker_learns_what_it_is_shown_and_is_deterministic():
    model = train(_toy(), epochs=10)
    assert model.weights["rel=nsubj"] > 0 > model.weights["hearer"]
    for found, right in _toy():
        assert model.decide(found, None) in right  # with no rules' answer, the subject is chosen
    assert train(_toy(), epochs=10).weights == model.weights
    # a quote whose right speaker is no candidate teaches nothing
    unreachable = [([Option("x", ("bias", "odd"))], frozenset({"y"}))]
    assert train(unreachable, epochs=3).weights == {}


def test_the_rules_choice_stands_unless_clearly_beaten():
    model = SpeakerModel({"named": 1.0, "rel=nsubj": 2.5}, margin=2.0)
    ruled, other = Option("a", ("named",)), Option("b", ("rel=nsubj",))
    assert model.decide([ruled, other], "a") == "a"  # leads by 1.5, not more than 2
    assert model.decide([ruled, other], None) == "b"  # the rules named nobody: the best one, tied to the quote
    assert SpeakerModel({"named": 1.0, "rel=nsubj": 3.5}, margin=2.0).decide([ruled, other], "a") == "b"
    assert model.decide([], "a") == "a"  # no candidate: the rules' answer
    assert model.decide([other], "a") == "b"  # the rules' choice is no candidate (never seen near the quote)


def test_where_the_rules_name_nobody_only_a_candidate_the_parse_ties_to_the_quote_speaks():
    model = SpeakerModel({"named": 3.0, "speaks|after|1": 1.0})
    near, speaking = Option("a", ("named", "sents=1")), Option("b", ("speaks|after|1",))
    assert model.decide([near], None) is None  # the best candidate, but nothing ties it to the quote
    assert model.decide([near, speaking], None) is None  # the best one is untied: nobody, not the runner-up
    assert SpeakerModel({"named": 0.5, "speaks|after|1": 1.0}).decide([near, speaking], None) == "b"
    assert model.decide([near], "c") == "a"  # the rules' choice is no candidate: the best one


def test_a_saved_model_loads_as_it_was(tmp_path):
    model = train(_toy(), epochs=5)
    model.margin = 1.25
    save_speaker_model(model, tmp_path / "s.json.gz")
    loaded = load_speaker_model(tmp_path / "s.json.gz")
    assert (loaded.weights, loaded.margin) == (model.weights, 1.25)
    (tmp_path / "t.json.gz").write_bytes((_data("models") / "triggers.json.gz").read_bytes())
    with pytest.raises(ValueError, match="not a dateline speaker model"):
        load_speaker_model(tmp_path / "t.json.gz")


def test_the_shipped_model_is_small_and_on_by_default():
    model = load_shipped_speaker_model()
    assert model is not None and model.margin == MARGIN and len(model.weights) > 50
    assert (_data("models") / "speakers.json.gz").read_bytes().__len__() < 50_000
    assert load_resources(Settings(), with_model=False).speaker_model is not None
    assert load_resources(Settings(learned=False), with_model=False).speaker_model is None
    assert load_resources(Settings(learned=("arguments",)), with_model=False).speaker_model is None


def _analyze(resources, text, speaker_model=None):
    from dateline.pipeline import analyze_one
    from dateline.records import Document

    analysis = analyze_one(Document(doc_id="t", source="t.txt", text=text), replace(resources, speaker_model=speaker_model))
    names = {actor.id: actor.name for actor in analysis.actors}
    return [(quote.text, names.get(quote.speaker)) for quote in analysis.quotes]


class _Capture:
    """Keeps what the quotes stage hands the chooser (and changes nothing)."""

    def __init__(self):
        self.seen = []

    def choose(self, doc, layout, cast, cues, quotes):
        self.seen.append(document_options(doc, layout, cast, cues, quotes))
        return quotes


@pytest.mark.model
def test_the_candidates_tell_the_one_who_speaks_from_the_one_told(resources):
    capture = _Capture()
    text = "The city of Lenburg will open its bridge soon.\n\nAnna Berg told Tomas Varga on Monday that the bridge would reopen in May.\n"
    quotes = _analyze(resources, text, capture)
    assert quotes == [("the bridge would reopen in May", "Anna Berg")]
    (found,) = capture.seen[0]
    features = {option.actor_id: set(option.features) for option in found}
    speaker = next(a for a, f in features.items() if "rule" in f)
    hearer = next(a for a in features if a != speaker and "hearer_here" in features[a])
    assert "rel=nsubj" in features[speaker] and "subject_of_speech_here" in features[speaker]
    assert "rel=nsubj" not in features[hearer] and "rule" not in features[hearer]


@pytest.mark.model
def test_the_chooser_names_a_body_whose_management_spoke_where_the_rules_name_nobody(resources):
    text = "The Harbour Board's management confirmed on Monday that the port would close for a week.\n"
    assert _analyze(resources, text) == [("the port would close for a week", None)]
    assert _analyze(resources, text, load_shipped_speaker_model()) == [("the port would close for a week", "Harbour Board")]


@pytest.mark.model
def test_the_chooser_keeps_what_the_rules_got_right(resources):
    text = (
        "Mayor Ana Lindqvist visited the flooded district on Sunday.\n\n"
        "She met families who had lost their homes. \u201cWe will rebuild every house,\u201d she told them.\n\n"
        "Reporters asked Tomas Varga, the opposition leader, about the plan. \u201cIt comes too late,\u201d Varga said.\n"
    )
    rules = _analyze(resources, text)
    assert [speaker for _, speaker in rules] == ["Ana Lindqvist", "Tomas Varga"]
    assert _analyze(resources, text, load_shipped_speaker_model()) == rules
