"""The annotated corpus: snippet drafts frozen into spans and rebuilt into DESIGN gold, and the manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dateline.benchmarks.corpus import DraftError, check, dumps, find, freeze, rebuild, resolve
from dateline.errors import DatelineError

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "eval" / "GUIDE.md").read_text(encoding="utf-8")
TEXT = re.search(r"<!-- example-text -->\n```text\n(.*?)```", GUIDE, re.S).group(1)
DRAFT = json.loads(re.search(r"<!-- example-draft -->\n```json\n(.*?)```", GUIDE, re.S).group(1))
BENCH = ROOT.parent / "shared" / "bench"


def test_the_guides_example_draft_checks_clean():
    assert check(DRAFT, TEXT) == []


def test_freeze_keeps_spans_and_names_but_no_text():
    frozen = freeze(DRAFT, TEXT, split="test", batch=1)
    assert frozen["annotator"] == "A" and frozen["split"] == "test" and frozen["batch"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", frozen["frozen_at"])
    serialized = dumps(frozen)
    for words in ("would be charged", "We believe", "arrested", "Nobody was hurt", "his clients"):
        assert words not in serialized
    arrest = frozen["events"][0]
    assert TEXT[slice(*arrest["trigger"])] == "arrested"
    assert TEXT[slice(*arrest["source"][0]["at"])] == "Police in Landvik"
    assert TEXT[slice(*arrest["target"][0]["at"])] == "two men"
    first = frozen["quotes"][0]
    assert TEXT[slice(*first["at"])] == "Police in Landvik arrested two men on Tuesday after a fire badly damaged the town hall"
    assert TEXT[slice(*first["speaker_at"])] == "the regional prosecutor"
    third = frozen["quotes"][2]
    assert TEXT[slice(*third["at"])] == "We believe the fire was set deliberately,"
    assert TEXT[slice(*third["speaker_at"])] == "she" and third["speaker_at"][0] > third["at"][1]


def test_rebuild_gives_the_design_gold_back():
    gold = rebuild(json.loads(dumps(freeze(DRAFT, TEXT))), TEXT)
    assert gold["source"] == "ecbplus__99_1ecb.txt"
    assert gold["published"] == "2016-03-03" and gold["published_how"] == "header"
    assert gold["dateline"] == {"place": "LANDVIK", "agency": "Nordwire"}
    assert ["Ana Ferreira-Holm", "Ferreira-Holm", "Ana Ferreira Holm"] in gold["actors"]
    assert ["fire crews"] in gold["actors_optional"] and ["fire crews"] not in gold["actors"]
    assert {"text": "on Tuesday", "value": "2016-03-01"} in gold["times"]
    arrest = gold["events"][0]
    assert arrest["types"] == ["COERCE"] and arrest["status"] == "occurred" and arrest["location"] == "Landvik"
    assert arrest["source"] == ["Police in Landvik", "Police", "Landvik police"]
    assert "arrested two men" in arrest["evidence"]
    assert gold["events"][2]["target"] == []
    assert [q["startswith"] for q in gold["quotes"]] == [
        "Police in Landvik arrested", "the men, aged 24", "We believe the fire", "Nobody was hurt", "his clients denied"]
    assert gold["quotes"][4]["speaker"] == ["Jonas Berg", "Berg"]


def test_rebuild_refuses_a_changed_text():
    frozen = freeze(DRAFT, TEXT)
    with pytest.raises(DatelineError) as err:
        rebuild(frozen, TEXT.replace("Tuesday", "Monday"))
    assert err.value.code == "E308"


def test_the_rebuilt_gold_scores_with_the_existing_scorer():
    from dateline.evaluate import evaluate

    gold = rebuild(freeze(DRAFT, TEXT), TEXT)
    system = {"source": gold["source"], "published": {"date": "2016-03-03"},
              "dateline": {"place": "Landvik", "agency": "Nordwire"},
              "actors": [{"id": "p", "name": "Police"}, {"id": "m", "name": "the men"}, {"id": "f", "name": "Ferreira-Holm"}],
              "times": [], "quotes": [{"text": "We believe the fire was set deliberately,", "speaker": "f"}],
              "events": [{"type": "COERCE", "source": ["p"], "target": ["m"], "status": "occurred",
                          "date": {"start": "2016-03-01", "end": "2016-03-01"}, "evidence": {"text": "arrested"}}]}
    report = evaluate([gold], [system])
    assert report.events.tp == 1 and report.event_dates.value == 1.0
    assert report.quotes.tp == 1 and report.quote_speakers.value == 1.0


TEXT2 = "He said he would go.\nThen he went home, and he stayed.\nThe  mayor\nspoke."


def test_snippet_forms():
    assert resolve(TEXT2, ["he", 2]) == (TEXT2.index("Then he") + 5, TEXT2.index("Then he") + 7)
    on_line = resolve(TEXT2, {"text": "he", "line": 2, "n": 2})
    assert TEXT2[on_line[0] - 5 : on_line[1]] == " and he"
    marked = resolve(TEXT2, "[He] said")
    assert marked == (0, 2)
    assert TEXT2[slice(*resolve(TEXT2, "mayor spoke"))] == "mayor\nspoke"
    assert TEXT2[slice(*resolve(TEXT2, "The [mayor] spoke"))] == "mayor"
    with pytest.raises(DatelineError, match="occurs"):
        resolve(TEXT2, "he")  # three times as a word, no n: ambiguous ("He" and "Then" do not count)
    with pytest.raises(DatelineError, match="not in"):
        resolve(TEXT2, "she")
    with pytest.raises(DatelineError, match="no line 9"):
        resolve(TEXT2, {"text": "he", "line": 9})
    assert [hit["n"] for hit in find(TEXT2, "he")] == [1, 2, 3]
    assert [hit["line"] for hit in find(TEXT2, "he")] == [1, 2, 2]
    with pytest.raises(DatelineError, match="occurs 3 times in the text, not 4"):
        resolve(TEXT2, ["he", 4])


def test_check_lists_every_problem():
    draft = json.loads(json.dumps(DRAFT))
    draft["events"][0]["types"] = ["ARREST"]
    draft["events"][1]["source"] = [{"actor": "nobody", "mention": "the men"}]
    draft["events"][2]["trigger"] = "denounced"
    draft["actors"][2]["names"].append("Mayor Aalders")
    draft["quotes"][0]["speaker"] = "ghost"
    draft["quotes"][1].pop("mention")
    problems = check(draft, TEXT)
    text = "\n".join(problems)
    assert len(problems) == 6, problems
    for part in ("ARREST", "'nobody'", "denounced", "Mayor Aalders", "ghost", "'mention'"):
        assert part in text
    with pytest.raises(DraftError):
        freeze(draft, TEXT)


def test_check_warns_but_passes_an_unnamed_required_speaker():
    draft = json.loads(json.dumps(DRAFT))
    draft["quotes"][4]["speaker"] = None
    messages = check(draft, TEXT)
    assert messages and all(m.startswith("warning:") for m in messages)


# ---------------------------------------------------------------- the manifest

MANIFEST = json.loads((ROOT / "eval" / "corpus" / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_size_splits_and_batches():
    docs = MANIFEST["documents"]
    scored = [d for d in docs if d["split"] in ("train", "dev", "test")]
    assert len(scored) >= 300
    assert len({(d["set"], d["doc"]) for d in docs}) == len(docs)
    happening_split = {}
    for d in scored:
        assert happening_split.setdefault(d["happening"], d["split"]) == d["split"], d["happening"]
    counts = {s: sum(d["split"] == s for d in scored) for s in ("train", "dev", "test")}
    assert 0.15 <= counts["test"] / len(scored) <= 0.25 and 0.15 <= counts["dev"] / len(scored) <= 0.25
    batch = {n: [d for d in docs if d["batch"] == n] for n in (1, 2)}
    assert len(batch[1]) == 45 and {d["split"] for d in batch[1]} == {"test"}
    assert len(batch[2]) == 45 and {d["split"] for d in batch[2]} == {"dev"}
    assert all(d["batch"] is None for d in docs if d["split"] == "tool_test")


def test_manifest_leaves_out_what_the_team_read_and_tool_tests_stay_out_of_dev_and_test():
    read = set()
    for name in ("bench_quotes.json", "bench_quotes_2.json"):
        read |= {(e["set"], e["doc"]) for e in json.loads((ROOT / "eval" / name).read_text())["documents"]}
    docs = MANIFEST["documents"]
    assert not read & {(d["set"], d["doc"]) for d in docs}
    tool = [d for d in docs if d["split"] == "tool_test"]
    assert 1 <= len(tool) <= 2
    splits_of = {d["happening"]: d["split"] for d in docs if d["split"] != "tool_test"}
    assert all(splits_of.get(d["happening"], "train") == "train" for d in tool)


@pytest.mark.skipif(not (BENCH / "ecbplus" / "ecbplus_docs.jsonl").is_file(), reason="../shared/bench is absent")
def test_manifest_is_what_the_script_builds():
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_manifest", ROOT / "scripts" / "corpus_manifest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build(BENCH) == MANIFEST


# ---------------------------------------------------------------- scoring the corpus (made-up article)


@pytest.fixture()
def made_up_corpus(tmp_path):
    """A benchmark folder holding the guide's made-up article, and a corpus with its frozen gold."""
    bench = tmp_path / "bench"
    (bench / "ecbplus").mkdir(parents=True)
    (bench / "ecbplus" / "ecbplus_docs.jsonl").write_text(json.dumps({"doc": "99_1ecb.xml", "text": TEXT}) + "\n")
    corpus = tmp_path / "corpus"
    (corpus / "gold" / "test").mkdir(parents=True)
    manifest = {"about": {}, "documents": [
        {"set": "ecbplus", "doc": "99_1ecb.xml", "split": "test", "batch": 1, "happening": "ecbplus:99_ecb", "second": False}]}
    (corpus / "manifest.json").write_text(json.dumps(manifest))
    (corpus / "gold" / "test" / "ecbplus__99_1ecb.json").write_text(dumps(freeze(DRAFT, TEXT, split="test", batch=1)))
    return bench, corpus


def _eval(*args):
    from click.testing import CliRunner

    from dateline.cli import main

    return CliRunner().invoke(main, ["eval", *args])


@pytest.mark.model
def test_eval_corpus_rebuilds_the_gold_runs_the_pipeline_and_scores_per_set(made_up_corpus):
    bench, corpus = made_up_corpus
    result = _eval("--corpus", str(corpus), "--bench", str(bench), "--split", "test", "--batch", "1", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert sorted(rows) == ["all", "ecbplus"]
    row = rows["ecbplus"]
    assert row["documents"] == 1
    # the gold's required items, whatever the system found: 3 events, 5 quotes, 5 actors
    assert row["events"]["tp"] + row["events"]["fn"] == 3
    assert row["events_loose"]["tp"] + row["events_loose"]["fn"] == 3
    assert row["events_loose"]["tp"] >= row["events"]["tp"]
    assert row["quotes"]["tp"] + row["quotes"]["fn"] == 5
    assert row["actors"]["tp"] + row["actors"]["fn"] == 5
    for key in ("events_f1", "events_loose_f1", "event_date_accuracy", "event_status_accuracy", "quotes_f1",
                "speaker_accuracy", "actors_f1"):
        assert 0.0 <= row[key] <= 1.0
    table = _eval("--corpus", str(corpus), "--bench", str(bench))
    assert table.exit_code == 0 and "loose" in table.output and "ecbplus" in table.output


def test_eval_corpus_skips_without_texts_and_says_when_nothing_is_frozen(made_up_corpus, tmp_path):
    bench, corpus = made_up_corpus
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = _eval("--corpus", str(corpus), "--bench", str(empty))
    assert result.exit_code == 0 and "skipped" in result.output
    result = _eval("--corpus", str(corpus), "--bench", str(bench), "--batch", "2")
    assert result.exit_code == 0 and "nothing to score" in result.output
    result = _eval("--corpus", str(corpus), "--bench", str(bench), "--split", "dev")
    assert result.exit_code == 0 and "nothing to score" in result.output
    result = _eval("--corpus", str(corpus), "--bench", str(bench), "--split", "dev", "--batch", "1")
    assert result.exit_code == 0 and "for split dev, batch 1: nothing to score" in result.output


def test_eval_corpus_refuses_gold_whose_text_changed(made_up_corpus):
    bench, corpus = made_up_corpus
    (bench / "ecbplus" / "ecbplus_docs.jsonl").write_text(json.dumps({"doc": "99_1ecb.xml", "text": TEXT + "More.\n"}) + "\n")
    result = _eval("--corpus", str(corpus), "--bench", str(bench))
    assert result.exit_code == 1 and "E308" in result.output


def test_every_frozen_file_fits_its_text(shared):
    from dateline.benchmarks.corpus import frozen_files, load_corpus_gold

    for split in ("test", "dev", "train"):
        paths = frozen_files(ROOT / "eval" / "corpus", split)
        gold, texts = load_corpus_gold(shared / "bench", paths)  # raises when a text changed
        for document in gold:
            for quote in document["quotes"]:
                assert quote["startswith"] in texts[document["source"]]


# ---------------------------------------------------------------- agreement


def _second_draft():
    draft = json.loads(json.dumps(DRAFT))
    draft["annotator"] = "B"
    draft["events"][1]["types"] = ["COERCE"]  # B types the charge differently
    draft["events"][0]["source"] = [{"actor": "ferreira", "mention": "the regional prosecutor"}]  # and the arrest's doer
    draft["quotes"][0]["speaker"] = "police"  # and one speaker
    draft["quotes"][0]["mention"] = "Police in Landvik"
    draft["quotes"].pop()  # and misses a quote
    return draft


def test_agreement_of_an_annotator_with_itself_is_total():
    from dateline.benchmarks.corpus import agreement

    frozen = freeze(DRAFT, TEXT)
    result = agreement(frozen, frozen, TEXT)
    for way in ("b_vs_a", "a_vs_b"):
        assert result[way]["events"]["fp"] == 0 and result[way]["events"]["fn"] == 0 and result[way]["events"]["tp"] == 3
    assert result["types"] == {"overlapping_triggers": 5, "same_type": 5}
    assert result["quotes"] == {"required": 5, "found": 5, "speaker_agree": 5}


def test_agreement_counts_the_disagreements():
    from dateline.benchmarks.corpus import agreement

    result = agreement(freeze(DRAFT, TEXT), freeze(_second_draft(), TEXT), TEXT)
    # strict: the arrest (other source) and the charge (other type) are missed; the condemnation agrees
    assert result["b_vs_a"]["events"] == {**result["b_vs_a"]["events"], "tp": 1, "fn": 2, "fp": 2}
    # loose: the arrest still agrees on type and target
    assert result["b_vs_a"]["events_loose"]["tp"] == 2
    assert result["types"] == {"overlapping_triggers": 5, "same_type": 4}
    assert result["quotes"] == {"required": 5, "found": 4, "speaker_agree": 3}


def test_the_agreement_script_on_two_folders(tmp_path, made_up_corpus):
    import subprocess
    import sys

    bench, corpus = made_up_corpus
    second = tmp_path / "second" / "test"
    second.mkdir(parents=True)
    (second / "ecbplus__99_1ecb.json").write_text(dumps(freeze(_second_draft(), TEXT)))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "agreement.py"), str(corpus / "gold"), str(tmp_path / "second"),
         "--bench", str(bench), "--json"], capture_output=True, text=True, check=True)
    total = json.loads(result.stdout)
    assert total["articles"] == 1
    assert total["events"]["b_vs_a"]["f1"] == 0.3333
    assert total["quotes"]["speaker_agreement"] == 0.75
    assert total["types"]["agreement"] == 0.8


# ---------------------------------------------------------------- the loose event score (any gold)


def test_loose_event_score_needs_the_type_and_one_side():
    from dateline.evaluate import evaluate, format_report

    gold = {"source": "x.txt", "events": [
        {"types": ["ASSAULT"], "source": ["Gunman"], "target": ["Mira Holt", "Holt"], "status": "occurred", "optional": False},
        {"types": ["COERCE"], "source": ["Police"], "target": ["Gunman"], "status": "occurred", "optional": False}]}
    record = {"source": "x.txt", "actors": [{"id": "g", "name": "Gunman"}, {"id": "p", "name": "Police"},
                                            {"id": "z", "name": "Zed"}],
              "events": [
                  {"type": "ASSAULT", "source": ["z"], "target": ["g"], "status": "occurred", "evidence": {"text": "shot"},
                   "date": {"start": None, "end": None}},
                  {"type": "ASSAULT", "source": ["p"], "target": [], "status": "occurred", "evidence": {"text": "shot"},
                   "date": {"start": None, "end": None}}]}
    report = evaluate([gold], [record])
    assert (report.events.tp, report.events.fp, report.events.fn) == (0, 2, 2)
    # the first system event has the type and a side of the gold ASSAULT (its source, named as target);
    # the second has no side of it and the COERCE has no event of its type
    assert (report.events_loose.tp, report.events_loose.fp, report.events_loose.fn) == (1, 1, 1)
    assert report.as_dict()["events_loose"]["f1"] == 0.5
    assert "loose" in format_report(report)


def test_check_warns_when_a_mention_is_far_from_its_event_or_quote():
    text = "Police arrested Ann Lee on Monday.\n" + "Filler words here. " * 30 + "\nLee said she was innocent, Lee said."
    draft = {"set": "ecbplus", "doc": "1_1ecb.xml", "annotator": "A", "published": None,
             "actors": [{"id": "police", "names": ["Police"]}, {"id": "lee", "names": ["Ann Lee", "Lee"]}],
             "events": [{"types": ["COERCE"], "trigger": "arrested", "source": [{"actor": "police", "mention": "Police"}],
                         "target": [{"actor": "lee", "mention": ["Lee", 2]}], "date": None, "status": "occurred"}],
             "quotes": [{"start": "she was innocent", "speaker": "lee", "mention": "Ann Lee", "kind": "indirect"}]}
    messages = check(draft, text)
    assert all(m.startswith("warning:") for m in messages)
    assert any("target mention" in m for m in messages) and any("speaker mention" in m for m in messages)
    draft["events"][0]["target"][0]["mention"] = "Ann Lee"
    draft["quotes"][0]["mention"] = ["Lee", 2]
    assert check(draft, text) == []


# ---------------------------------------------------------------- the annotator's tool


def _annotate(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, str(ROOT / "scripts" / "annotate.py"), *args], capture_output=True, text=True)


def test_annotate_shows_checks_and_freezes_once(made_up_corpus, tmp_path):
    bench, corpus = made_up_corpus
    (corpus / "gold" / "test" / "ecbplus__99_1ecb.json").unlink()
    where = ["--bench", str(bench), "--corpus", str(corpus)]
    shown = _annotate(*where, "show", "ecbplus:99_1ecb.xml")
    assert shown.returncode == 0, shown.stderr
    lines = [line for line in shown.stdout.splitlines() if not line.startswith("#")]
    assert lines[2] == "3 | " + TEXT.splitlines()[2]
    assert "split test, batch 1" in shown.stdout
    assert _annotate(*where, "show", "ecbplus:99_1ecb.xml", "--raw").stdout == TEXT
    found = _annotate(*where, "find", "ecbplus:99_1ecb.xml", "she")
    assert "n=1" in found.stdout and "line 3" in found.stdout and "[she]" in found.stdout
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps({**DRAFT, "doc": "99_1ecb.xml"}))
    assert _annotate(*where, "check", str(draft)).stdout.startswith("ok: 5 events, 5 quotes")
    frozen = _annotate(*where, "freeze", str(draft))
    assert frozen.returncode == 0, frozen.stderr
    written = json.loads((corpus / "gold" / "test" / "ecbplus__99_1ecb.json").read_text())
    assert written["annotator"] == "A" and written["batch"] == 1 and written["split"] == "test"
    again = _annotate(*where, "freeze", str(draft))
    assert again.returncode == 1 and "exists" in again.stderr
    assert _annotate(*where, "freeze", str(draft), "--second").returncode == 0
    assert (corpus / "second" / "test" / "ecbplus__99_1ecb.json").is_file()
    assert _annotate(*where, "batch", "1").stdout.split("\t")[-1].strip() == "frozen"
    stats = _annotate(*where, "stats").stdout.splitlines()
    assert stats[1].split() == ["test", "1", "1", "1", "1", "5", "3", "5", "5"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**DRAFT, "events": [{**DRAFT["events"][0], "trigger": "detained"}]}))
    checked = _annotate(*where, "check", str(broken))
    assert checked.returncode == 1 and "'detained' is not in the text" in checked.stdout
