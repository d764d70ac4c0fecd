"""The NLP stage: the knowledge-base entity ruler and the model loader."""

from __future__ import annotations

import pickle

import pytest
import spacy

from dateline.errors import DatelineError
from dateline.kb import KnowledgeBase, load_kb, parse_actor
from dateline.layout import dateline_length, parse_dateline, wire_dateline_spans
from dateline.nlp import (
    LINE_BREAKS_NAME,
    RULER_NAME,
    _match_attr,
    actor_patterns,
    load_nlp,
    parse,
)

AGENCIES = load_kb().agencies  # how datelines name news agencies, as the pipeline reads them

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


# ---- sentence starts at line breaks ------------------------------------------------------------


@pytest.fixture()
def line_nlp():
    """A tokenizer-only pipeline with the line-break component: sentence starts without a parser."""
    nlp = spacy.blank("en")
    nlp.add_pipe(LINE_BREAKS_NAME)
    return nlp


def starts(doc):
    """The words that open a sentence (the first token always does)."""
    return [t.text for t in doc if t.is_sent_start and not t.is_space]


def test_a_headline_is_a_sentence_of_its_own(line_nlp):
    doc = line_nlp("Minister visits Ankara amid tension over gas\n\nANKARA, March 2 (AP) - The minister arrived on Monday.")
    assert starts(doc) == ["Minister", "ANKARA"]


def test_a_single_newline_after_a_heading_or_a_full_stop_starts_a_sentence(line_nlp):
    doc = line_nlp("Talks resume\nThe delegations met at noon.\nNo agreement was reached.")
    assert starts(doc) == ["Talks", "The", "No"]


def test_a_wrapped_line_goes_on(line_nlp):
    doc = line_nlp("The envoy met with\nAhmed Karimi and the\nlocal governor on Monday, officials\nsaid.")
    assert starts(doc) == ["The"]


def test_whitespace_never_opens_a_sentence(line_nlp):
    doc = line_nlp("First paragraph ends here.\n\nSecond one begins.")
    assert [t.is_sent_start for t in doc if t.is_space] == [False]


def test_the_wire_dateline_stays_with_its_sentence(line_nlp):
    doc = line_nlp("Headline words\n\nNAIROBI, July 8 (Reuters) - Kenya's president said.")
    dateline_and_first = [t for t in doc if t.idx >= doc.text.index("NAIROBI")][:9]
    assert dateline_and_first[0].is_sent_start
    assert [t.is_sent_start for t in dateline_and_first[1:]] == [False] * 8


@pytest.mark.parametrize(
    "line, dateline",
    [
        ("NAIROBI, July 8 (Reuters) - Kenya's president said.", "NAIROBI, July 8 (Reuters) -"),
        ("NEW DELHI (AP) -- Officials said.", "NEW DELHI (AP) --"),
        ("KYIV, 4 March / Ukrinform /. The mayor said.", "KYIV, 4 March / Ukrinform /."),
        ("LIMA - Protesters gathered.", "LIMA -"),
        ("The UN - the body - met.", ""),
        ("UN - officials met.", ""),
        ("BREAKING NEWS", ""),
    ],
)
def test_dateline_length(line, dateline):
    assert line[: dateline_length(line, AGENCIES)] == dateline


def test_wire_dateline_spans_are_found_at_line_starts():
    text = "A headline\n\nPARIS, May 1 (AFP) - The president spoke.\nHe left. ROME (AFP) - is not at a line start."
    assert [text[a:b] for a, b in wire_dateline_spans(text, AGENCIES)] == ["PARIS, May 1 (AFP) -"]


@pytest.mark.parametrize(
    "text",
    [
        "MOSCOW, March 3. / TASS /. The minister said.",
        "Headline\nWASHINGTON, Jan 5 (Reuters) - Officials said.",
        "By A Writer\n\nLAGOS — The governor said.",
        "Paris, March 3 (AFP) - The minister said.",
        "Leaders of the African Union (AU) met on Monday.",
        "NATO allies met.\nUN - officials met.",
    ],
)
def test_the_nlp_stage_and_ingest_agree_on_the_dateline(text):
    dateline = parse_dateline(text, AGENCIES)
    spans = wire_dateline_spans(text, AGENCIES)
    if dateline is None:
        assert spans == []
    else:
        assert spans[0] == (dateline.start, dateline.end)


@pytest.mark.model
def test_the_parser_keeps_the_line_breaks(nlp):
    text = ("Envoy holds talks in Cairo as ceasefire falters\n\nCAIRO, Feb 3 (Reuters) - The envoy met "
            "the foreign minister on Monday. Both sides said little.\nReaction\nThe opposition called it a stunt.")
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0] == "Envoy holds talks in Cairo as ceasefire falters"
    assert sents[1].startswith("CAIRO, Feb 3 (Reuters) - The envoy met")
    assert "Reaction" in sents and sents[-1] == "The opposition called it a stunt."
    assert nlp.pipe_names.index(LINE_BREAKS_NAME) < nlp.pipe_names.index("parser")


@pytest.mark.model
@pytest.mark.parametrize("title", ["Sgt.", "Capt.", "Lt.", "Maj.", "Det.", "Insp.", "Const."])
def test_an_abbreviated_rank_does_not_end_the_sentence(nlp, title):
    doc = nlp(f"The convoy left at dawn, said police {title} Mara Vell, who led it.")
    assert len(list(doc.sents)) == 1
    assert title in [t.text for t in doc]
