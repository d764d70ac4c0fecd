"""The learned actor-salience model: its features, fitting, saving and loading, what it keeps, the contract field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.learned.salience import (
    SalienceModel,
    document_features,
    fit,
    judged,
    load_salience_model,
    save_salience_model,
)
from dateline.records import Actor, Event, Quote
from dateline.resources import Settings, load_resources

TEXT = (
    "Harbor Valley police arrested Tomas Brandt on Monday.\n"
    "Brandt, who once worked for Norwell Shipping Ltd. in Italy, was charged with theft. "
    "Brandt told reporters he was innocent."
)


def _cast(nlp, resources):
    from dateline.layout import analyze_layout
    from dateline.resolve import resolve_actors

    doc = nlp(TEXT)
    layout = analyze_layout(TEXT, resources.cues.speech_verbs, None, agencies=resources.kb.agencies)
    return doc, layout, resolve_actors(doc, layout, resources.kb, "2012-05-01", resources.roles, resources.cues)


def test_it_learns_what_it_is_shown_and_saves_and_loads_the_same(tmp_path):
    samples = [({"acting": 1.0, "mentions>=3": 1.0}, True)] * 8 + [({"only_place": 1.0, "mentions=1": 1.0}, False)] * 8
    samples += [({"acting": 1.0, "mentions=1": 1.0}, True), ({"only_place": 1.0, "mentions>=3": 1.0}, False)]
    model = fit(samples, l2=1.0, threshold=0.4)
    assert model.probability({"acting": 1.0, "mentions>=3": 1.0}) > 0.8
    assert model.probability({"only_place": 1.0, "mentions=1": 1.0}) < 0.2
    path = tmp_path / "salience.json.gz"
    save_salience_model(model, path)
    again = load_salience_model(path)
    assert again == model and again.threshold == 0.4
    save_salience_model(again, tmp_path / "b.json.gz")
    assert path.read_bytes() == (tmp_path / "b.json.gz").read_bytes()


def test_a_file_that_is_no_salience_model_is_refused(tmp_path):
    import gzip

    path = tmp_path / "other.json.gz"
    path.write_bytes(gzip.compress(b'{"format": "something-else"}'))
    with pytest.raises(ValueError, match="not a dateline salience model"):
        load_salience_model(path)


@pytest.mark.model
def test_the_features_read_where_and_how_an_actor_is_named(nlp, resources):
    doc, layout, cast = _cast(nlp, resources)
    actors = list(cast.actors)
    features = dict(zip((a.name for a in actors), document_features(doc, layout, cast, actors)))
    brandt = features["Tomas Brandt"]
    assert brandt["mentions>=3"] == 1.0 and brandt["acting"] == 1.0 and brandt["role=dobj"] == 1.0
    assert brandt["in_lead"] == 1.0 and brandt["kind=person"] == 1.0 and brandt["new"] == 1.0
    kestrel = next(f for name, f in features.items() if name.startswith("Norwell"))
    assert kestrel["mentions=1"] == 1.0 and kestrel["role=pobj=for"] == 1.0 and kestrel.get("acting", 0.0) == 0.0


@pytest.mark.model
def test_it_leaves_out_only_unknown_actors_no_event_or_quote_names(nlp, resources):
    doc, layout, cast = _cast(nlp, resources)
    actors = list(cast.actors)
    brandt = next(a for a in actors if a.name == "Tomas Brandt")
    refuse_all = SalienceModel(-30.0, {}, 0.5)  # every chance is next to nothing: only what must stay, stays
    kept, mentioned = refuse_all.select(doc, layout, cast, actors, [], [])
    assert kept == tuple(a for a in actors if not judged(a))
    assert set(mentioned) == {a for a in actors if judged(a)} and brandt in mentioned
    quote = Quote("he was innocent", TEXT.index("he was"), len(TEXT) - 1, brandt.id, "indirect", "told")
    kept, _ = refuse_all.select(doc, layout, cast, actors, [], [quote])
    assert brandt in kept
    event = Event("ARREST", None, None, (), (brandt.id,), None, None, None, "occurred", 0, 10, "x", 0.5)
    kept, _ = refuse_all.select(doc, layout, cast, actors, [event], [])
    assert brandt in kept
    keep_all = SalienceModel(30.0, {}, 0.5)
    assert keep_all.select(doc, layout, cast, actors, [], []) == (tuple(actors), ())


def test_only_actors_the_knowledge_base_lacks_are_judged():
    assert judged(Actor("new:kestrel-freight", "Kestrel Freight", "organization", None))
    assert not judged(Actor("ITA", "Italy", "country", "ITA"))


def test_the_shipped_model_loads_and_the_switch_leaves_it_out():
    assert load_resources(Settings(), with_model=False).salience_model is not None
    assert load_resources(Settings(learned=("salience",)), with_model=False).salience_model is not None
    assert load_resources(Settings(learned=False), with_model=False).salience_model is None
    assert load_resources(Settings(learned=("speakers",)), with_model=False).salience_model is None


def test_mentioned_actors_go_into_the_contract_and_back():
    from dateline.contract import from_contract, to_contract, validate
    from dateline.records import Analysis, Document, Published

    document = Document(doc_id="d1", source="a.txt", text="Kestrel Freight said nothing in Italy.")
    named = Actor("new:kestrel-freight", "Kestrel Freight", "organization", None, ((0, 15),))
    passing = Actor("ITA", "Italy", "country", "ITA", ((31, 36),))
    analysis = Analysis(document, Published("2012-05-01", "header", 0.9), (named,), mentioned=(passing,))
    record = to_contract(analysis)
    validate(record)
    assert [a["name"] for a in record["actors"]] == ["Kestrel Freight"]
    assert record["mentioned"] == [{"id": "ITA", "name": "Italy", "kind": "country", "country": "ITA", "mentions": [[31, 36]]}]
    assert from_contract(record).mentioned == (passing,)
    assert replace(from_contract(record), mentioned=()).mentioned == ()
