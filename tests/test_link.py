"""The link stage: copies and rewrites, stories, merged events and quotes, incremental linking."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

from dateline.benchmarks.stories import bcubed, pairwise
from dateline.link.text import minhash, permutations, shingles, signature_similarity, words
from dateline.resources import crossdoc_schema

DATA = Path(__file__).parent / "data" / "link"
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "sample"


def test_minhash_estimates_jaccard():
    perms = permutations(128)
    a = words("the quick brown fox jumps over the lazy dog near the river bank today " * 3)
    b = a[:-6] + words("far from any town")
    same = minhash(shingles(a, 3), perms)
    assert signature_similarity(same, minhash(shingles(a, 3), perms)) == 1.0
    near = signature_similarity(same, minhash(shingles(b, 3), perms))
    other = signature_similarity(same, minhash(shingles(words("an entirely different text about grain and ports"), 3), perms))
    assert 0.3 < near < 1.0
    assert other < 0.1


def test_cluster_scores():
    gold = ["a", "a", "a", "b", "b"]
    assert pairwise(gold, gold)["f1"] == 1.0
    merged = pairwise(["x"] * 5, gold)  # 10 pairs predicted, 4 true
    assert merged["precision"] == 0.4 and merged["recall"] == 1.0
    split = bcubed(["1", "2", "3", "4", "5"], gold)
    assert split["precision"] == 1.0 and split["recall"] == pytest.approx((1 / 3 * 3 + 1 / 2 * 2) / 5, abs=1e-4)


def _store(paths, resources, tmp_path):
    from dateline.pipeline import link_stored, run
    from dateline.records import Analysis
    from dateline.store import Store

    store = Store(tmp_path / "link.db")
    analyses = [a for a in run([str(p) for p in paths], resources) if isinstance(a, Analysis)]
    store.add(analyses)
    assert link_stored(store, analyses) == len(analyses)
    return store, analyses


@pytest.fixture(scope="module")
def linked(resources, tmp_path_factory):
    paths = sorted(SAMPLE.iterdir()) + sorted(DATA.iterdir())
    store, analyses = _store(paths, resources, tmp_path_factory.mktemp("link"))
    yield store, analyses
    store.close()


@pytest.mark.model
def test_copies_and_rewrites(linked):
    store, _ = linked
    found = {row.doc: (row.derived_from, row.kind) for row in store.duplicates()}
    # A syndicated copy with another header and footer, and the sample's own syndicated near-copy.
    assert found["copy_of_06.txt"] == (("06_erdogan_putin_call_afp.txt",), "copy")
    assert found["11_blinken_beijing_syndicated.txt"] == (("02_blinken_beijing_reuters.txt",), "copy")
    # A paraphrase with mangled names and no date: a rewrite.
    assert found["rewrite_of_06.txt"] == (("06_erdogan_putin_call_afp.txt",), "rewrite")
    # Another outlet's own report of the same call is not derived, nor is any other article.
    assert set(found) == {"copy_of_06.txt", "11_blinken_beijing_syndicated.txt", "rewrite_of_06.txt"}


@pytest.mark.model
def test_story_and_date_estimate(linked):
    store, _ = linked
    story = next(s for s in store.stories() if "06_erdogan_putin_call_afp.txt" in s.documents)
    assert {"copy_of_06.txt", "rewrite_of_06.txt"} <= set(story.documents)
    assert "02_blinken_beijing_reuters.txt" not in story.documents
    assert story.start == "2023-08-02"
    rewrite = next(m for m in story.members if m.doc == "rewrite_of_06.txt")
    assert rewrite.date_how == "estimated" and rewrite.date >= "2023-08-02"
    assert rewrite.date_evidence and rewrite.date_confidence < 1.0
    assert {"recep-tayyip-erdogan", "vladimir-putin"} <= {a["id"] for a in story.actors}


@pytest.mark.model
def test_merged_event_counts_independent_sources(linked):
    store, _ = linked
    requests = [e for e in store.merged_events(type="REQUEST", actor="Erdogan")
                if any(m.doc == "06_erdogan_putin_call_afp.txt" for m in e.mentions)]
    assert requests
    event = requests[0]
    docs = {m.doc for m in event.mentions}
    assert {"06_erdogan_putin_call_afp.txt", "copy_of_06.txt"} <= docs
    # The copy and the rewrite are mentions, never independent sources.
    derived = {"copy_of_06.txt", "rewrite_of_06.txt"}
    assert event.independent_sources == len({m.doc for m in event.mentions} - derived)


@pytest.mark.model
def test_two_meetings_with_one_leader_stay_two_events(linked):
    # Scholz's talks with Xi in Beijing and Biden's with Xi in Bali share Xi (and China), not the
    # other side: two meetings, though both fall in November 2022.
    store, _ = linked
    meetings = store.merged_events(type="CONSULT", actor="Xi Jinping")
    sides = [{actor["id"] for actor in (*event.source, *event.target)} for event in meetings]
    assert any("olaf-scholz" in ids for ids in sides) and any("joe-biden" in ids for ids in sides)
    assert not [ids for ids in sides if {"olaf-scholz", "joe-biden"} <= ids]


@pytest.mark.model
def test_linking_again_changes_nothing(linked):
    from dateline.pipeline import link_stored

    store, analyses = linked
    before = [store.reader.query(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("link_documents", "stories", "merged_events", "event_mentions", "derivations", "link_terms")]
    stories = [(s.id, s.documents) for s in store.stories()]
    assert link_stored(store, analyses) == 0
    after = [store.reader.query(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("link_documents", "stories", "merged_events", "event_mentions", "derivations", "link_terms")]
    assert before == after
    assert stories == [(s.id, s.documents) for s in store.stories()]


@pytest.mark.model
def test_crossdoc_exports_follow_the_schema(linked, tmp_path):
    from dateline.store.crossdoc import export_crossdoc

    store, _ = linked
    schema = crossdoc_schema()
    for what, kind in (("stories", "story"), ("events", "event"), ("quotes", "quote"), ("duplicates", "duplicate")):
        out = tmp_path / f"{what}.jsonl"
        export_crossdoc(store.reader, what, out)
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines, what
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})
        for line in lines:
            validator.validate(json.loads(line))


@pytest.mark.model
def test_seed_meeting_is_one_event_with_independent_sources(resources, shared, tmp_path):
    store, _ = _store([shared / "corpus" / "seeds"], resources, tmp_path)
    with store:
        assert store.duplicates() == []
        meetings = [e for e in store.merged_events(type="CONSULT", actor="Putin")
                    if e.date == "2025-05-08" and {a["id"] for a in e.source + e.target} >= {"xi-jinping", "vladimir-putin"}]
        assert len(meetings) == 1
        meeting = meetings[0]
        assert meeting.status == "occurred"
        statuses = {m.doc[:3]: m.status for m in meeting.mentions}
        assert statuses.get("003") == "planned" and {"002", "004"} <= set(statuses)
        assert meeting.independent_sources >= 2


@pytest.mark.model
def test_merged_quote_names_its_earliest_source(linked):
    store, _ = linked
    carried = [q for q in store.merged_quotes(speaker="Putin")
               if {"06_erdogan_putin_call_afp.txt", "rewrite_of_06.txt"} <= {m["doc"] for m in q.mentions}]
    assert carried
    quote = carried[0]
    assert quote.first == "06_erdogan_putin_call_afp.txt"
    assert quote.independent_sources == 1  # the copy and the rewrite carry it, but derive from the original


def _hand_made(source: str, text: str, day: str | None):
    from dateline.ids import assign_ids
    from dateline.records import Actor, Analysis, Document, Published

    published = Published(date=day, how="header" if day else None, confidence=1.0 if day else 0.0)
    doc_id = hashlib.sha1(text.encode()).hexdigest()[:16]
    document = Document(doc_id=doc_id, source=source, text=text, published=published)
    actors = (Actor(id="vladimir-putin", name="Vladimir Putin", kind="person", country="RUS", mentions=((0, 5),)),)
    return assign_ids(Analysis(document=document, published=published, actors=actors))


def test_one_failing_document_leaves_the_others_linked(monkeypatch):
    import dateline.link
    from dateline.pipeline import link_stored
    from dateline.store import Store

    analyses = [
        _hand_made("a.txt", "Putin opened the grain talks in Sochi on Monday with a long speech.", "2023-08-01"),
        _hand_made("b.txt", "An odd text the linker trips over.", "2023-08-01"),
        _hand_made("c.txt", "Putin closed the grain talks in Sochi on Tuesday with a short speech.", "2023-08-02"),
    ]
    real = dateline.link.link_document

    def failing(analysis, index, settings):
        if analysis.document.source == "b.txt":
            raise ValueError("boom")
        return real(analysis, index, settings)

    monkeypatch.setattr(dateline.link, "link_document", failing)
    failures = []
    with Store() as store:
        store.add(analyses)
        assert link_stored(store, analyses, on_failure=failures.append) == 2
        assert [(f.source, f.code) for f in failures] == [("b.txt", "E702")]
        linked = {doc for story in store.stories() for doc in story.documents}
        assert linked == {"a.txt", "c.txt"}


def test_far_apart_dates_make_two_stories():
    from dateline.pipeline import link_stored
    from dateline.store import Store

    text = "Putin and Xi held a summit in Moscow on grain, gas pipelines and the Arctic shipping route."
    analyses = [
        _hand_made("2019.txt", text + " It was their 2019 meeting.", "2019-06-05"),
        _hand_made("2019b.txt", text + " Their 2019 talks ended.", "2019-06-06"),
        _hand_made("2025.txt", text + " It was their 2025 meeting.", "2025-05-08"),
    ]
    with Store() as store:
        store.add(analyses)
        link_stored(store, analyses)
        stories = {story.documents for story in store.stories()}
    assert stories == {("2019.txt", "2019b.txt"), ("2025.txt",)}


def test_topic_range():
    from dateline.benchmarks.stories import parse_topics
    from dateline.errors import DatelineError

    assert list(parse_topics("36-38")) == [36, 37, 38]
    assert list(parse_topics("7")) == [7]
    for bad in ("a-b", "9-3", ""):
        with pytest.raises(DatelineError) as err:
            parse_topics(bad)
        assert err.value.code == "E310"


def test_topic_range_scores_only_those_topics(tmp_path, monkeypatch):
    import dateline.benchmarks.stories as stories
    from dateline.errors import DatelineError

    lines = [{"doc": f"{t}_{n}ecb.xml", "topic": t, "subtopic": f"{t}_ecb", "text": f"Text {t} {n}."}
             for t in (1, 2, 36) for n in (1, 2)]
    path = tmp_path / "ecbplus_docs.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    seen = []
    monkeypatch.setattr(stories, "cluster", lambda analyses, settings=None: seen.extend(analyses) or {})
    monkeypatch.setattr("dateline.pipeline.analyze_one", lambda document, resources: document.source)

    class Resources:
        boilerplate = None

    scores = stories.score_stories(path, Resources(), topics=range(2, 37))
    assert seen == ["2_1ecb.xml", "2_2ecb.xml", "36_1ecb.xml", "36_2ecb.xml"]
    assert scores["documents"] == 4 and scores["topics"] == "2-36" and scores["subtopics"] == 2
    with pytest.raises(DatelineError):
        stories.score_stories(path, Resources(), topics=range(40, 46))


def test_story_terms_carry_figures_and_dates():
    from dateline.link.linker import term_counts
    from dateline.records import Analysis, Document, Published, TimeExpr
    from dateline.resources import load_link_settings

    text = "Rescuers found 23 survivors after the quake of March 4, 2009."
    published = Published(date="2009-03-05", how="header", confidence=1.0)
    time = TimeExpr(text="March 4, 2009", start=43, end=56, value="2009-03-04", granularity="day")
    analysis = Analysis(document=Document(doc_id="x", source="x.txt", text=text, published=published),
                        published=published, times=(time,))
    counts = term_counts(analysis, load_link_settings())
    assert counts["F:23"] == 1 and counts["Y:2009"] == 2 and counts["M:2009-03"] == 2
    assert counts["quake"] == 1


def test_figures_carry_their_slots_and_differing_values_mark_two_happenings():
    from dateline.link.linker import _values_conflict, term_counts, term_vector
    from dateline.link.text import figure_slots
    from dateline.records import Analysis, Document, Published
    from dateline.resources import load_link_settings

    settings = load_link_settings()
    slots = figure_slots("A magnitude 6.1 tremor left 14 people dead on March 3. Aid came.", settings.stop_words)
    assert {"magnitude=6.1", "tremor=6.1", "left=14", "people=14", "march=3"} <= set(slots)
    assert not any(slot.startswith("aid=") for slot in slots)  # no figure beside it

    story = {"S:magnitude=6.1": 0.05, "S:people=14": 0.05, "Y:2011": 0.2, "quake": 0.4}
    other_quake = {"S:magnitude=4.8": 1, "S:people=3": 1, "quake": 2}
    later_report = {"S:magnitude=6.1": 1, "S:people=17": 1, "quake": 2}  # the toll rose, the magnitude is the same
    other_year = {"S:magnitude=6.1": 1, "Y:2015": 1, "S:people=9": 1}
    assert _values_conflict(other_quake, story)
    assert not _values_conflict(later_report, story)
    assert _values_conflict(other_year, story)
    assert not _values_conflict({"quake": 1}, story)

    # The slots stay out of the vector's share of the cosine: a small weight each, after the other terms.
    text = "The magnitude 6.1 quake struck the coast; 14 people died and rescuers searched the rubble."
    published = Published(date="2011-03-05", how="header", confidence=1.0)
    analysis = Analysis(document=Document(doc_id="x", source="x.txt", text=text, published=published),
                        published=published)
    counts = term_counts(analysis, settings)
    vector = term_vector(counts, {}, 10, settings.story_terms, settings.story_value_terms, settings.story_value_weight)
    slot_weights = [w for t, w in vector.items() if t.startswith("S:")]
    other_weights = [w for t, w in vector.items() if not t.startswith("S:")]
    assert slot_weights and max(slot_weights) < min(other_weights)


def test_date_window_in_sql_keeps_what_the_linker_would_compare():
    import sqlite3

    from dateline.store.links import _window

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (start TEXT, stop TEXT)")
    cases = [
        ("2025-05-08", "2025-05-08", True),
        ("2025-05", "2025-05", True),  # a month meets every one of its days
        ("2025", "2025", True),
        ("2025-05-07", "2025-05-07", False),  # ends before the window opens
        ("2025-05-21", "2025-06-02", False),  # starts after it closes
        (None, None, True),  # undated: kept
    ]
    for start, stop, _ in cases:
        db.execute("INSERT INTO t VALUES (?, ?)", (start, stop))
    condition, bounds = _window("start", "stop", "2025-05-08", "2025-05-20")
    kept = set(db.execute(f"SELECT start, stop FROM t WHERE 1 {condition}", bounds))
    assert kept == {(start, stop) for start, stop, keep in cases if keep}
    assert _window("start", "stop", None, None) == ("", [])


def test_remove_recounts_the_story():
    from dateline.pipeline import link_stored
    from dateline.records import Analysis, Document, Published
    from dateline.store import Store

    body = ("Flood waters rose along the Varna river on Monday, forcing 2,300 residents of Koltsovo from their homes. "
            "Mayor Ilse Brandt said pumps from Dresden would arrive within days. ") * 3

    def analysis(name, day, header):
        published = Published(date=day, how="header", confidence=1.0)
        text = f"{header}\n{body}"
        doc_id = hashlib.sha1(text.encode()).hexdigest()[:16]
        return Analysis(document=Document(doc_id=doc_id, source=name, text=text, published=published), published=published)

    docs = [analysis("a.txt", "2024-03-04", "Wire A"), analysis("b.txt", "2024-03-06", "Outlet B"),
            analysis("c.txt", "2024-03-09", "Outlet C")]
    with Store() as store:
        store.add(docs)
        link_stored(store, docs)
        (story,) = store.stories()
        assert (story.size, story.start, story.end) == (3, "2024-03-04", "2024-03-09")
        store.remove(docs[2].document.doc_id)
        (story,) = store.stories()
        assert (story.size, story.start, story.end) == (2, "2024-03-04", "2024-03-06")
        store.remove(docs[0].document.doc_id)
        store.remove(docs[1].document.doc_id)
        assert store.stories() == []


def test_one_sided_events_need_more_than_a_shared_state():
    from dateline.link.linker import _event_fit
    from dateline.records import EventMention, MergedEventState
    from dateline.resources import load_link_settings

    settings = load_link_settings()
    merged = MergedEventState("event-1", "ACCUSE", ("olaf-scholz", "DEU"), ("xi-jinping", "CHN"),
                              "2023-04-02", "2023-04-02", None, ("story-1",))

    def mention(source, target):
        return EventMention("e2", "d2", "ACCUSE", source, target, "2023-04-03", "2023-04-03", None, None,
                            "occurred", "…")

    assert _event_fit(mention(("angela-merkel", "DEU"), ("li-keqiang", "CHN")), merged, None, "story-1", settings) is None
    assert _event_fit(mention(("olaf-scholz", "DEU"), ("CHN",)), merged, None, "story-1", settings) is not None
    assert _event_fit(mention(("DEU",), ("xi-jinping", "CHN")), merged, None, "story-1", settings) is not None


def test_a_main_name_each_lacks_marks_two_happenings():
    from dateline.link.linker import _names_conflict
    from dateline.resources import load_link_settings

    settings = load_link_settings(story_conflict_names=1)
    story = {"N:klitschko": 0.6, "N:rahman": 0.7, "knockout": 0.3}
    other_fight = {"N:thompson": 0.7, "N:klitschko": 0.6, "knockout": 0.3}
    same_fight = {"N:rahman": 0.7, "N:klitschko": 0.6, "round": 0.3}
    new_detail = {"N:mannheim": 0.8, "N:rahman": 0.5, "N:klitschko": 0.4}  # the story's main name is there
    assert _names_conflict(other_fight, other_fight, story, settings)
    assert not _names_conflict(same_fight, same_fight, story, settings)
    assert not _names_conflict(new_detail, new_detail, story, settings)


def test_story_lookup_ranks_by_shared_terms_within_the_window():
    from dateline.records import StoryState
    from dateline.store import Store

    def story(story_id, start, terms):
        return StoryState(story_id, {t: 0.1 for t in terms}, start, start, 1, {})

    with Store() as store:
        db = store._db
        stories = [story("a", "2025-05-01", "xyz"), story("b", "2025-05-02", "xy"), story("c", "2019-05-01", "xyz"),
                   story("d", None, "x")]
        for seq, s in enumerate(stories, 1):
            db.execute('INSERT INTO stories (story_id, seq, centroid, start, "end", size, actors, actor_names) '
                       "VALUES (?, ?, ?, ?, ?, 1, '{}', '{}')", (s.id, seq, json.dumps(s.centroid), s.start, s.end))
            db.executemany("INSERT INTO story_terms (term, story_id, seq) VALUES (?, ?, ?)",
                           [(t, s.id, seq) for t in s.centroid])
        index = store.link_index()
        found = index.story_candidates(["x", "y", "z"], per_term=10, limit=10, since="2025-04-20", until="2025-05-20")
        assert [s.id for s in found] == ["a", "b", "d"]  # c lies outside the window; d is undated
        assert [s.id for s in index.story_candidates(["x", "y", "z"], per_term=10, limit=2)] == ["c", "a"]
        assert [s.id for s in index.story_candidates(["x"], per_term=2, limit=10)] == ["d", "c"]  # the latest postings
        assert index.story_candidates([], per_term=10, limit=10) == []


def test_one_actor_paired_with_another_each_lacks_marks_two_happenings():
    from dateline.link.linker import _pairs_conflict

    story = {"P:hasim-rahman|wladimir-klitschko": 0.4, "A:hasim-rahman": 0.5, "A:wladimir-klitschko": 0.5}
    other_fight = {"P:tony-thompson|wladimir-klitschko": 1, "A:tony-thompson": 2, "A:wladimir-klitschko": 3}
    same_fight = {"P:hasim-rahman|wladimir-klitschko": 1, "A:hasim-rahman": 2, "A:wladimir-klitschko": 3}
    # A report of the same fight that also tells of the next one names the story's opponent too.
    preview = {**other_fight, "A:hasim-rahman": 1}
    assert _pairs_conflict(other_fight, story)
    assert not _pairs_conflict(same_fight, story)
    assert not _pairs_conflict(preview, story)
    assert not _pairs_conflict(other_fight, {"A:wladimir-klitschko": 0.5})  # the story pairs no one


def test_average_link_keeps_apart_what_is_not_alike():
    from dateline.link.linker import average_link

    quake = [{"quake": 1.0, "N:chile": 0.8}, {"quake": 1.0, "N:chile": 0.7, "N:valparaiso": 0.3},
             {"quake": 0.9, "N:chile": 0.9}]
    flood = [{"flood": 1.0, "N:dhaka": 0.9}, {"flood": 1.0, "N:dhaka": 0.8}]
    assert average_link(quake + flood, 0.5) == [[0, 1, 2], [3, 4]]
    assert average_link(quake + flood, 0.0) == [[0, 1, 2, 3, 4]]


def test_a_story_whose_members_fall_in_two_groups_is_parted():
    from dateline.pipeline import link_stored
    from dateline.resources import load_link_settings
    from dateline.store import Store

    # Two strikes at one port, a year apart: the same words, other unions, leaders and figures.
    common = "Dock workers at the port of Gdansk went on strike, halting cranes and ships at the container terminal. "
    first = ("The Solidarnosc branch led by Marek Wilk demanded 12 percent more pay; Wilk said the Baltic "
             "terminal lost 40 ships. Wilk and Solidarnosc met the port board. ")
    second = ("The Portowcy union led by Anna Zielinska demanded shorter shifts; Zielinska said 75 vessels waited "
              "offshore. Zielinska and Portowcy blamed automation. ")
    analyses = [_hand_made(f"{kind}{n}.txt", f"Report {n}. " + common + body * (1 + n % 2) + f" Update {n}.", day)
                for n in range(4) for kind, body, day in (("first", first, "2023-05-02"), ("second", second, "2023-05-20"))]
    # A low joining threshold puts every report in one story; the split must part them again.
    settings = load_link_settings(story_similarity=0.0, story_split_similarity=0.5, story_split_ratio=0.9)
    with Store() as store:
        store.add(analyses)
        link_stored(store, analyses, settings)
        stories = sorted(sorted(story.documents) for story in store.stories())
        sizes = sorted((story.size, story.start, story.end) for story in store.stories())
        assert link_stored(store, analyses, settings) == 0
        assert sorted(sorted(story.documents) for story in store.stories()) == stories
    assert stories == [[f"first{n}.txt" for n in range(4)], [f"second{n}.txt" for n in range(4)]]
    assert sizes == [(4, "2023-05-02", "2023-05-02"), (4, "2023-05-20", "2023-05-20")]
    with Store() as store:  # without the split they stay one story
        store.add(analyses)
        link_stored(store, analyses, load_link_settings(story_similarity=0.0, story_split_similarity=0.0))
        assert len(store.stories()) == 1


def test_posting_lists_move_to_one_tree_and_a_story_is_not_posted_twice(tmp_path):
    import sqlite3

    from dateline.records import StoryState
    from dateline.store import Writer
    from dateline.store.links import _new_postings
    from dateline.store.schema import MIGRATIONS, apply_migration

    path = tmp_path / "v5.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for number in range(1, 6):
        apply_migration(raw, number)
    raw.executemany("INSERT INTO story_terms (term, story_id, seq) VALUES (?, ?, ?)",
                    [("harbour", "story-a", 1), ("harbour", "story-b", 2), ("strike", "story-a", 3)])
    raw.execute("""INSERT INTO stories (story_id, seq, centroid, start, "end", size, actors, actor_names)
                   VALUES ('story-a', 3, '{"harbour": 1.0}', NULL, NULL, 2, '{}', '{}'),
                          ('story-b', 2, '{"harbour": 1.0}', NULL, NULL, 1, '{}', '{}')""")
    raw.close()
    with Writer(path) as writer:
        assert writer.schema_version == len(MIGRATIONS) >= 6
        db = writer._db
        assert [tuple(r) for r in db.execute("SELECT term, seq, story_id FROM story_terms ORDER BY term, seq")] == [
            ("harbour", 1, "story-a"), ("harbour", 2, "story-b"), ("strike", 3, "story-a")]
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'story_terms_by_seq'").fetchall()
        # The latest posting first, each story once; the lookup reads the tree in its own order.
        found = writer.link_index().story_candidates(["harbour"], per_term=5, limit=5)
        assert [s.id for s in found] == ["story-b", "story-a"] and isinstance(found[0], StoryState)
        plan = " ".join(row[3] for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT story_id FROM story_terms WHERE term = ? ORDER BY seq DESC LIMIT 5", ("x",)))
        assert "USING PRIMARY KEY" in plan and "TEMP B-TREE" not in plan
        # story-a is among harbour's latest two postings, not among its latest one.
        wanted = [("harbour", "story-a", 9), ("strike", "story-b", 9)]
        assert _new_postings(db, wanted, 2) == [("strike", "story-b", 9)]
        assert _new_postings(db, wanted, 1) == wanted
        assert _new_postings(db, wanted, 0) == wanted


def test_copies_are_looked_for_in_the_latest_generations_of_band_keys(monkeypatch):
    from dateline.store import Store, links

    monkeypatch.setattr(links, "BAND_GENERATION", 2)
    monkeypatch.setattr(links, "BAND_GENERATIONS", 2)
    with Store() as writer:
        db = writer._db
        db.executemany("INSERT INTO link_bands (generation, band, doc_id) VALUES (?, ?, ?)",
                       [(0, "0:aa", "old"), (1, "0:aa", "middle"), (2, "0:aa", "recent"), (2, "1:bb", "recent")])
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('linked_documents', '5')")
        # The next document is the 6th, of generation 3: generations 2 and 3 are searched.
        index = writer.link_index()
        assert index.band_matches(["0:aa", "1:bb"], 10) == ["recent"]
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('linked_documents', '3')")
        assert sorted(index.band_matches(["0:aa"], 10)) == ["middle", "recent"]
        plan = " ".join(row[3] for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT doc_id FROM link_bands WHERE generation IN (1, 2) AND band IN ('0:aa', '1:bb')"))
        assert "generation=? AND band=?" in plan
