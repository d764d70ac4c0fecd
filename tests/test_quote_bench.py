"""The quote benchmark: annotations that point into ECB+ and MEANTIME texts, rebuilt and scored."""

from __future__ import annotations

import json

import pytest

from dateline.benchmarks.quotes import DEFAULT_ANNOTATIONS, load_bench_gold, meantime_article, score_quote_bench, summary

ECB_TEXT = "Storm floods the old port\n`` The water came in fast , '' harbour master Ilse Brandt said .\nShops stayed shut ."
MEANTIME_XML = """<?xml version="1.0" ?><Document doc_id="1" doc_name="x" lang="en">
<token sentence="0" t_id="1">Dam</token><token sentence="0" t_id="2">opens</token>
<token sentence="1" t_id="3">May</token><token sentence="1" t_id="4">2</token>
<token sentence="2" t_id="5">The</token><token sentence="2" t_id="6">gates</token><token sentence="2" t_id="7">opened</token>
<token sentence="2" t_id="8">,</token><token sentence="2" t_id="9">officials</token><token sentence="2" t_id="10">said</token>
<token sentence="2" t_id="11">.</token>
<token sentence="3" t_id="12">"</token><token sentence="3" t_id="13">It</token><token sentence="3" t_id="14">held</token>
<token sentence="3" t_id="15">"</token><token sentence="3" t_id="16">,</token><token sentence="3" t_id="17">he</token>
<token sentence="3" t_id="18">said</token><token sentence="3" t_id="19">.</token>
</Document>"""


@pytest.fixture()
def bench(tmp_path):
    (tmp_path / "ecbplus").mkdir()
    (tmp_path / "ecbplus" / "ecbplus_docs.jsonl").write_text(json.dumps({"doc": "9_1ecb.xml", "text": ECB_TEXT}) + "\n")
    corpus = tmp_path / "meantime" / "intra_cross-doc_annotation" / "corpus_x"
    corpus.mkdir(parents=True)
    (corpus / "1_dam.xml").write_text(MEANTIME_XML)
    start = ECB_TEXT.index("The water")
    name = ECB_TEXT.index("Ilse Brandt")
    annotations = {
        "documents": [
            {"set": "ecbplus", "doc": "9_1ecb.xml", "quotes": [
                {"at": [start, start + 9], "speaker": [[name, name + 11], "Brandt"], "kind": "direct", "optional": False},
            ]},
            {"set": "meantime", "doc": "corpus_x/1_dam.xml", "quotes": []},
        ]
    }
    path = tmp_path / "bench_quotes.json"
    path.write_text(json.dumps(annotations))
    return tmp_path, path


def test_meantime_article_is_title_date_and_one_body_paragraph(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(MEANTIME_XML)
    assert meantime_article(path) == 'Dam opens\n\nMay 2\n\nThe gates opened, officials said. "It held", he said.\n'


def test_gold_is_rebuilt_from_offsets_into_the_texts(bench):
    folder, annotations = bench
    gold, texts = load_bench_gold(folder, annotations)
    assert sorted(texts) == ["ecbplus__9_1ecb.txt", "meantime__1_dam.txt"]
    quote = gold[0]["quotes"][0]
    assert quote["startswith"] == "The water"
    assert quote["speaker"] == ["Ilse Brandt", "Brandt"]
    assert texts["ecbplus__9_1ecb.txt"] == ECB_TEXT


@pytest.mark.model
def test_the_benchmark_scores_the_pipelines_quotes(bench, resources):
    folder, annotations = bench
    scores = summary(score_quote_bench(folder, resources, annotations))
    assert scores["ecbplus"]["tp"] == 1 and scores["ecbplus"]["fn"] == 0
    assert scores["all"]["documents"] == 2


def test_the_command_scores_the_annotation_file_it_is_given(bench):
    from click.testing import CliRunner

    from dateline.cli import main

    folder, annotations = bench
    result = CliRunner().invoke(main, ["eval", "--quote-bench", str(folder), "--annotations", str(annotations), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ecbplus"]["tp"] == 1


@pytest.mark.parametrize("annotations", [DEFAULT_ANNOTATIONS, DEFAULT_ANNOTATIONS.with_name("bench_quotes_2.json")])
def test_every_shipped_annotation_points_at_words(shared, annotations):
    gold, texts = load_bench_gold(shared / "bench", annotations)
    assert len(gold) >= 40
    for document in gold:
        for quote in document["quotes"]:
            assert quote["startswith"].strip() and quote["startswith"] == quote["startswith"].strip()
            assert quote["startswith"] in texts[document["source"]]
            assert all(name.strip() for name in quote["speaker"]) or quote["optional"]
