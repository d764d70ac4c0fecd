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
