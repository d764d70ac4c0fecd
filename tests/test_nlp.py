"""The NLP stage: the knowledge-base entity ruler and the model loader."""

from __future__ import annotations

import pickle

import pytest
import spacy

from dateline.errors import DatelineError
from dateline.kb import KnowledgeBase, parse_actor
from dateline.nlp import RULER_NAME, _match_attr, actor_patterns, load_nlp, parse

TINY = [
    {"id": "FRA", "kind": "country", "name": "France", "aliases": ["French Republic"],
     "adjectives": ["French"], "metonyms": ["Paris", "the Elysee"]},
    {"id": "USA", "kind": "country", "name": "United States", "aliases": ["US", "United States of America"],
     "adjectives": ["American"], "metonyms": ["Washington"]},
    {"id": "marie-dupont", "kind": "person", "name": "Marie Dupont", "country": "FRA", "aliases": ["Dupont"]},
    {"id": "org:who", "kind": "organization", "name": "World Health Organization", "aliases": ["WHO"]},
    {"id": "org:lower", "kind": "organization", "name": "Observer Group", "aliases": ["leader"]},
]


@pytest.fixture()
def tiny_kb() -> KnowledgeBase:
    return KnowledgeBase(parse_actor(raw) for raw in TINY)


@pytest.fixture()
def blank_nlp(tiny_kb):
    """A tokenizer-only pipeline with the ruler: fast, no statistical model."""
    nlp = spacy.blank("en")
    nlp.add_pipe(RULER_NAME).add_patterns(actor_patterns(tiny_kb))
    return nlp


def ents(doc):
    return [(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents]


def test_match_attr_keeps_case_for_single_words_and_acronyms():
    assert _match_attr("US") == "ORTH"
    assert _match_attr("Chad") == "ORTH"
    assert _match_attr("United States") == "LOWER"
    assert _match_attr("korrespondent.net") == "ORTH"
    assert _match_attr("leader") is None  # an ordinary lower-case word is never a name
    assert _match_attr("1945") is None


def test_patterns_cover_names_aliases_metonyms_and_adjectives(tiny_kb):
    patterns = actor_patterns(tiny_kb)
    by_text = {(p["pattern"], p["label"]) for p in patterns}
    assert ("Marie Dupont", "PERSON") in by_text
    assert ("French Republic", "GPE") in by_text
    assert ("Paris", "GPE") in by_text
    assert ("French", "NORP") in by_text
    assert ("WHO", "ORG") in by_text
    assert not any(p["pattern"] == "leader" for p in patterns)


def test_ruler_marks_names_with_their_ids(blank_nlp):
    doc = blank_nlp("Marie Dupont met American envoys at the Elysee, the world health organization said.")
    assert ("Marie Dupont", "PERSON", "marie-dupont") in ents(doc)
    assert ("American", "NORP", "USA") in ents(doc)
    assert ("the Elysee", "GPE", "FRA") in ents(doc)
    # Multi-word names match whatever their case.
    assert ("world health organization", "ORG", "org:who") in ents(doc)
    assert doc.ents[0].kb_id_ == "marie-dupont"


def test_ruler_keeps_case_of_short_names(blank_nlp):
    doc = blank_nlp("Tell us who the leader is, said the US envoy to the WHO.")
    assert ents(doc) == [("US", "GPE", "USA"), ("WHO", "ORG", "org:who")]


def test_ruler_prefers_the_longest_name(blank_nlp):
    doc = blank_nlp("The United States of America and Dupont agreed.")
    assert ents(doc) == [("United States of America", "GPE", "USA"), ("Dupont", "PERSON", "marie-dupont")]


def test_ruler_survives_pickling_and_bytes(blank_nlp):
    text = "Marie Dupont flew to Washington."
    clone = pickle.loads(pickle.dumps(blank_nlp))
    assert ents(clone(text)) == ents(blank_nlp(text))
    restored = spacy.blank("en")
    restored.add_pipe(RULER_NAME)
    restored.from_bytes(blank_nlp.to_bytes())
    assert ents(restored(text)) == ents(blank_nlp(text))


def test_missing_model_is_a_dateline_error(tiny_kb):
    with pytest.raises(DatelineError) as caught:
        load_nlp(tiny_kb, model="no_such_model_dateline_test")
    assert caught.value.code == "E401"


@pytest.mark.model
def test_load_nlp_puts_the_ruler_before_ner(nlp):
    names = nlp.pipe_names
    assert RULER_NAME in names
    assert names.index(RULER_NAME) < names.index("ner")


@pytest.mark.model
def test_parse_keeps_order_and_tags_knowledge_base_names(nlp, kb):
    texts = ["Chinese President Xi Jinping arrived on Monday.", "Nothing happened here.", "Russia and France spoke."]
    docs = list(parse(nlp, texts, batch_size=2))
    assert [doc.text for doc in docs] == texts
    xi = kb.by_name("Xi Jinping")[0]
    assert any(ent.text == "Xi Jinping" and ent.ent_id_ == xi.id for ent in docs[0].ents)
    assert any(ent.text == "Chinese" and ent.label_ == "NORP" and ent.ent_id_ == "CHN" for ent in docs[0].ents)
    assert {ent.ent_id_ for ent in docs[2].ents} >= {"RUS", "FRA"}
