"""Storage: schema and migrations, idempotent adds, rollback, search, queries, exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import replace

import pytest

from dateline.contract import dumps, to_contract, validate
from dateline.errors import DatelineError
from dateline.ids import assign_ids
from dateline.records import (
    Actor,
    Analysis,
    Dateline,
    Document,
    Event,
    Place,
    Published,
    Quote,
    TimeExpr,
)
from dateline.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    AddResult,
    Reader,
    Store,
    Writer,
    _apply_migration,
    match_expression,
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def make_analysis(doc_id: str, text: str, *, title: str, date: str | None, actors, events=(), quotes=(),
                  times=(), dateline: Dateline | None = None) -> Analysis:
    """An analysis built by hand; `actors` are (id, name, kind, country, mentioned words)."""
    published = Published(date, "header" if date else None, 0.95 if date else 0.0)
    document = Document(doc_id=doc_id, source=f"{doc_id}.txt", text=text, title=title,
                        published=published, dateline=dateline, outlet="Example Wire")
    actor_records = tuple(
        Actor(id=a_id, name=name, kind=kind, country=country,
              mentions=tuple(_span(text, word) for word in words))
        for a_id, name, kind, country, words in actors
    )
    return Analysis(document, published, actor_records, tuple(times), tuple(events), tuple(quotes))


def make_event(text: str, sentence: str, type_: str, source, target, date: str | None,
               status: str = "occurred", location: Place | None = None) -> Event:
    start, end = _span(text, sentence)
    return Event(type=type_, mode=None, cameo="04" if type_ == "CONSULT" else "06", source=tuple(source),
                 target=tuple(target), date_start=date, date_end=date, location=location, status=status,
                 evidence_start=start, evidence_end=end, evidence_text=sentence, confidence=0.8,
                 trigger="met" if type_ == "CONSULT" else None)


def make_quote(text: str, words: str, speaker: str | None, kind: str = "direct", cue: str = "said") -> Quote:
    start, end = _span(text, words)
    return Quote(words, start, end, speaker, kind, cue)


SUMMIT = (
    "ANKARA, March 2 (Example Wire) -- Turkish President Recep Tayyip Erdoğan met Finnish President "
    "Sauli Niinistö in Ankara on Thursday. \"Our talks on grain shipments were frank and useful,\" "
    "Erdoğan told reporters after the meeting. Niinistö said the two countries would sign a "
    "cross-border energy agreement next month."
)
MINISTERS = (
    "The foreign ministers of Brazil and India spoke by telephone on Monday about a long-delayed "
    "trade accord. Brazil's top diplomat Mauro Vieira said the accord would be ready \"before the "
    "rainy season\". India's foreign ministry did not comment on the call."
)
UNDATED = (
    "Protesters gathered outside the parliament in Nairobi to oppose a new tax bill, and police "
    "dispersed the crowd. A spokesman for the opposition said the bill would hurt small traders."
)


def summit() -> Analysis:
    text = SUMMIT
    first = text[text.index("Turkish") : text.index("Thursday.") + len("Thursday.")]
    second = "Niinistö said the two countries would sign a cross-border energy agreement next month."
    return make_analysis(
        "doc-summit", text, title="Erdoğan hosts Niinistö in Ankara", date="2023-03-02",
        dateline=Dateline("Ankara", "Example Wire"),
        actors=[
            ("recep-tayyip-erdogan", "Recep Tayyip Erdoğan", "person", "TUR", ["Recep Tayyip Erdoğan"]),
            ("sauli-niinisto", "Sauli Niinistö", "person", "FIN", ["Sauli Niinistö"]),
            ("TUR", "Turkey", "country", "TUR", ["Turkish"]),
        ],
        times=[TimeExpr("on Thursday", *_span(text, "on Thursday"), "2023-03-02", "day"),
               TimeExpr("next month", *_span(text, "next month"), "2023-04", "month")],
        events=[
            make_event(text, first, "CONSULT", ["recep-tayyip-erdogan"], ["sauli-niinisto"], "2023-03-02",
                       location=Place("Ankara", "TUR")),
            make_event(text, second, "AGREE", ["sauli-niinisto"], ["TUR"], "2023-04", status="planned"),
        ],
        quotes=[
            make_quote(text, "Our talks on grain shipments were frank and useful,", "recep-tayyip-erdogan"),
            make_quote(text, "the two countries would sign a cross-border energy agreement next month",
                       "sauli-niinisto", kind="indirect"),
        ],
    )


def ministers() -> Analysis:
    text = MINISTERS
    first = text[: text.index(". ") + 1]
    return make_analysis(
        "doc-ministers", text, title="Brazil and India discuss trade accord", date="2024-06-10",
        actors=[
            ("BRA", "Brazil", "country", "BRA", ["Brazil"]),
            ("IND", "India", "country", "IND", ["India"]),
            ("mauro-vieira", "Mauro Vieira", "person", "BRA", ["Mauro Vieira"]),
        ],
        events=[make_event(text, first, "CONSULT", ["BRA"], ["IND"], "2024-06-10")],
        quotes=[make_quote(text, "the accord would be ready \"before the rainy season\"", "mauro-vieira",
                           kind="mixed")],
    )


def undated() -> Analysis:
    text = UNDATED
    return make_analysis(
        "doc-protest", text, title=None, date=None,
        actors=[("new:protesters", "Protesters", "group", "KEN", ["Protesters"]),
                ("new:police", "police", "organization", "KEN", ["police"])],
        events=[make_event(text, text[: text.index(". ") + 1], "PROTEST", ["new:protesters"], [], None)],
        quotes=[make_quote(text, "the bill would hurt small traders", None, kind="indirect")],
    )


@pytest.fixture
def store():
    with Store(":memory:") as db:
        db.add([summit(), ministers(), undated()])
        yield db


def test_create_reopen_and_wal(tmp_path):
    path = tmp_path / "news.db"
    with Store(path) as db:
        result = db.add([summit(), ministers()])
        assert (result.stored, result.duplicates) == (2, 0)
        assert db.schema_version == SCHEMA_VERSION
    with Store(path) as db:
        assert db.stats()["documents"] == 2
        assert [r["doc_id"] for r in db.records()] == ["doc-summit", "doc-ministers"]
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
        SCHEMA_VERSION
    )
    raw.close()


def test_foreign_keys_are_enforced():
    with Store() as db:
        with pytest.raises(sqlite3.IntegrityError):
            db._db.execute("INSERT INTO actors VALUES ('no-such-doc', 'x', 'X', 'person', NULL, 1)")


def test_migration_from_an_older_version(tmp_path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    _apply_migration(raw, 1)
    record = to_contract(ministers())
    raw.execute(
        "INSERT INTO documents (doc_id, source, title, text, record) VALUES (?, ?, ?, ?, ?)",
        (record["doc_id"], record["source"], record["title"], record["text"], dumps(record)),
    )
    assert raw.execute("SELECT value FROM meta").fetchone()[0] == "1"
    raw.close()
    with Store(path) as db:
        assert db.schema_version == SCHEMA_VERSION > 1
        # The full-text index added by a later migration covers rows stored before it.
        hits = db.search("telephone")
        assert [(h.kind, h.doc_id) for h in hits] == [("document", "doc-ministers")]
        assert db.add([summit(), ministers()]) == AddResult(stored=1, duplicates=1)
        assert [r["doc_id"] for r in db.records()] == ["doc-ministers", "doc-summit"]
        assert next(db.records()) == record


def test_failed_migration_leaves_the_database_as_it_was():
    raw = sqlite3.connect(":memory:", isolation_level=None)
    _apply_migration(raw, 1)
    broken = (*MIGRATIONS[:1], "CREATE TABLE extra (x INTEGER); THIS IS NOT SQL;")
    with pytest.raises(sqlite3.Error):
        _apply_migration(raw, 2, broken)
    assert raw.execute("SELECT value FROM meta").fetchone()[0] == "1"
    assert raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'extra'").fetchone() is None


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 5),))
    raw.commit()
    raw.close()
    with pytest.raises(DatelineError) as err:
        Store(path)
    assert err.value.code == "E502"


def test_foreign_files_are_refused(tmp_path):
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(DatelineError) as err:
        Store(not_sqlite)
    assert err.value.code == "E501"
    other = tmp_path / "other.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE people (name TEXT)")
    raw.commit()
    raw.close()
    with pytest.raises(DatelineError):
        Store(other)
    with pytest.raises(DatelineError) as err:
        Store(tmp_path / "no-such-folder" / "x.db")
    assert err.value.code == "E501" and "no-such-folder" in str(err.value)


def test_a_second_writer_gets_a_clear_error(tmp_path):
    path = tmp_path / "busy.db"
    with Store(path) as writer, Store(path, timeout=0.05) as other:
        writer._db.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatelineError) as err:
            other.add([summit()])
        assert err.value.code == "E503"
        assert other.stats()["documents"] == 0  # reading still works
        writer._db.execute("ROLLBACK")
        assert other.add([summit()]).stored == 1


def test_add_is_idempotent(store):
    before = store.stats()
    again = store.add([ministers(), summit()])
    assert (again.stored, again.duplicates) == (0, 2)
    assert store.stats() == before
    # The same document twice in one batch is stored once.
    with Store() as db:
        result = db.add([summit(), summit(), ministers()], batch_size=10)
        assert (result.stored, result.duplicates) == (2, 1)


def test_failing_batch_rolls_back_and_keeps_earlier_batches():
    good = [summit(), ministers()]
    # An event without a type breaks a NOT NULL constraint after its document row is written.
    broken = replace(undated(), events=(replace(undated().events[0], type=None),))
    with Store() as db:
        with pytest.raises(DatelineError) as err:
            db.add([*good, broken], batch_size=2)
        assert err.value.code == "E503" and "doc-protest.txt" in str(err.value)
        stats = db.stats()
        assert stats["documents"] == 2
        assert "doc-protest" not in db
        assert stats["events"] == 3 and stats["quotes"] == 3 and stats["actors"] == 6
        # Nothing of the failed batch's document is left behind, not even in the text index.
        assert db.search("Nairobi") == []
        assert db.add([undated()]).stored == 1


def test_error_in_a_later_document_undoes_its_whole_batch():
    broken = replace(undated(), quotes=(replace(undated().quotes[0], text=None),))
    with Store() as db:
        with pytest.raises(DatelineError):
            db.add([summit(), ministers(), broken], batch_size=2)
        assert [d.doc_id for d in db.documents()] == ["doc-summit", "doc-ministers"]
        other = replace(undated(), document=replace(undated().document, doc_id="doc-other"))
        with pytest.raises(DatelineError):
            db.add([other, broken], batch_size=5)
        assert "doc-other" not in db and db.stats()["events"] == 3


def test_stats(store):
    stats = store.stats()
    assert {"documents", "actors", "events", "quotes", "times", "events_by_type"} <= stats.keys()
    assert stats["documents"] == 3
    assert stats["actors"] == 8
    assert stats["events"] == 4
    assert stats["quotes"] == 4
    assert stats["times"] == 2
    assert stats["events_by_type"] == {"CONSULT": 2, "AGREE": 1, "PROTEST": 1}
    assert stats["events_by_status"] == {"occurred": 3, "planned": 1}
    assert stats["documents_undated"] == 1
    assert (stats["first_published"], stats["last_published"]) == ("2023-03-02", "2024-06-10")


def test_search_documents_and_quotes(store):
    hits = store.search("grain shipments")
    kinds = {(h.kind, h.doc_id) for h in hits}
    assert ("quote", "doc-summit") in kinds and ("document", "doc-summit") in kinds
    quote_hit = next(h for h in hits if h.kind == "quote")
    assert quote_hit.speaker_name == "Recep Tayyip Erdoğan" and quote_hit.quote_index == 0
    assert "**grain**" in quote_hit.snippet and "**shipments**" in quote_hit.snippet
    html = store.search("grain", mark=("<mark>", "</mark>"))
    assert all("<mark>grain</mark>" in h.snippet for h in html) and len(html) == 2
    assert all(h.doc_id == "doc-summit" for h in hits)
    # Stemming: "meetings" finds "meeting"; accents are ignored.
    assert {h.doc_id for h in store.search("meetings")} == {"doc-summit"}
    assert {h.doc_id for h in store.search("Niinisto")} == {"doc-summit"}
    # A speaker's name finds their quotes.
    assert any(h.kind == "quote" for h in store.search("Vieira"))
    assert store.search("volcano") == []


def test_search_ranks_title_words_and_limits(store):
    hits = store.search("accord", limit=1)
    assert len(hits) == 1 and hits[0].doc_id == "doc-ministers"
    hits = store.search("accord")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    "query",
    ['"rainy season', 'cross-border', 'cross-border energy"', '"', "-", "energy OR", "(accord", "NEAR(",
     "col:umn", "a AND", "'single'", "*", "^x"],
)
def test_search_with_punctuation_never_raises(store, query):
    assert isinstance(store.search(query), list)


def test_search_with_quotes_and_hyphens_finds_the_text(store):
    assert {h.doc_id for h in store.search('"rainy season"')} == {"doc-ministers"}
    assert {h.doc_id for h in store.search('"rainy season')} == {"doc-ministers"}
    # A phrase keeps word order: this is not in any text.
    assert store.search('"season rainy"') == []
    assert {h.doc_id for h in store.search("cross-border")} == {"doc-summit"}
    assert {h.doc_id for h in store.search("long-delayed")} == {"doc-ministers"}
    assert {h.doc_id for h in store.search("Nairobi OR Ankara")} == {"doc-summit", "doc-protest"}
    assert {h.doc_id for h in store.search("parliam*")} == {"doc-protest"}


def test_match_expression():
    assert match_expression('x "y z" w*') == '"x" "y z" "w"*'
    assert match_expression('say "a""b"') == '"say" "a" "b"'
    assert match_expression("OR - ") is None
    assert match_expression('"') is None
    assert match_expression("a OR OR b OR") == '"a" OR "b"'


def test_events_filters(store):
    assert [e.type for e in store.events()] == ["CONSULT", "AGREE", "CONSULT", "PROTEST"]
    assert [e.doc_id for e in store.events(type="consult")] == ["doc-summit", "doc-ministers"]
    by_name = store.events(actor="erdogan")  # accent and case do not matter
    assert [(e.doc_id, e.index) for e in by_name] == [("doc-summit", 0)]
    assert by_name[0].source_names == ("Recep Tayyip Erdoğan",)
    assert by_name[0].target_ids == ("sauli-niinisto",)
    assert by_name[0].location_name == "Ankara"
    assert by_name[0].trigger == "met" and by_name[0].evidence_text.startswith("Turkish President")
    assert SUMMIT[by_name[0].evidence_start : by_name[0].evidence_end] == by_name[0].evidence_text
    assert [e.type for e in store.events(actor="tur")] == ["AGREE"]  # Turkey's id and name
    assert [e.type for e in store.events(actor="india")] == ["CONSULT"]
    assert store.events(type="AGREE", actor="india") == []
    assert len(store.events(limit=2)) == 2


def test_timeline(store):
    dates = [e.date_start for e in store.timeline()]
    assert dates == ["2023-03-02", "2023-04", "2024-06-10"]
    assert [e.date_start for e in store.timeline(limit=1)] == ["2023-03-02"]


def test_quotes_speaker_and_query(store):
    assert [q.speaker_id for q in store.quotes(speaker="niinistö")] == ["sauli-niinisto"]
    assert [q.speaker_id for q in store.quotes(speaker="NIINISTO")] == ["sauli-niinisto"]
    assert [q.speaker_name for q in store.quotes(speaker="mauro-vie")] == ["Mauro Vieira"]
    assert store.quotes(speaker="Lula") == []
    unattributed = [q for q in store.quotes() if q.speaker_id is None]
    assert [q.doc_id for q in unattributed] == ["doc-protest"]
    found = store.quotes(query="energy agreement")
    assert [q.kind for q in found] == ["indirect"]
    assert found[0].text == SUMMIT[found[0].start : found[0].end]
    assert store.quotes(speaker="erdogan", query="energy") == []
    assert store.quotes(query='"') == []
    assert len(store.quotes(limit=1)) == 1


def test_actors_and_documents(store):
    extra = make_analysis(
        "doc-extra", "Turkey and Brazil signed a shipping accord in Istanbul.", title="Shipping accord",
        date="2024-01-05", actors=[("TUR", "Turkey", "country", "TUR", ["Turkey"]),
                                   ("BRA", "Brazil", "country", "BRA", ["Brazil"])])
    store.add([extra])
    actors = store.actors()
    assert [a.id for a in actors[:2]] == ["BRA", "TUR"]  # two documents and mentions each, then by name
    assert (actors[0].documents, actors[0].mentions) == (2, 2)
    assert {a.id for a in actors[2:]} == {"recep-tayyip-erdogan", "sauli-niinisto", "IND", "mauro-vieira",
                                          "new:protesters", "new:police"}
    assert len(store.actors(limit=3)) == 3
    documents = store.documents()
    assert [d.doc_id for d in documents] == ["doc-summit", "doc-ministers", "doc-protest", "doc-extra"]
    assert (documents[0].events, documents[0].quotes) == (2, 2)
    assert documents[0].dateline_place == "Ankara" and documents[2].published_date is None


def test_remove_keeps_search_in_sync(store):
    assert store.remove("doc-summit") is True
    assert store.remove("doc-summit") is False
    assert store.search("grain") == []
    assert store.stats()["quotes"] == 2 and store.stats()["events"] == 2
    left = {row[0] for row in store._db.execute("SELECT DISTINCT doc_id FROM event_actors")}
    assert left == {"doc-ministers", "doc-protest"}  # participants went with their events
    assert "recep-tayyip-erdogan" not in {a.id for a in store.actors()}
    assert store.add([summit()]).stored == 1
    assert {h.kind for h in store.search("grain")} == {"document", "quote"}


def test_export_jsonl_is_the_contract(store, tmp_path):
    paths = store.export("jsonl", tmp_path / "out.jsonl")
    lines = paths[0].read_text(encoding="utf-8").splitlines()
    expected = [to_contract(a) for a in (summit(), ministers(), undated())]
    assert [json.loads(line) for line in lines] == expected
    for line in lines:
        validate(json.loads(line))
    assert lines == [dumps(record) for record in expected]
    assert list(store.records()) == expected
    stream = io.StringIO()
    assert store.export("jsonl", stream) == []
    assert stream.getvalue().splitlines() == lines
    (tmp_path / "dir").mkdir()
    assert store.export("jsonl", tmp_path / "dir") == [tmp_path / "dir" / "records.jsonl"]


def test_export_csv_round_trips(store, tmp_path):
    paths = store.export("csv", tmp_path / "csv")
    assert sorted(p.name for p in paths) == ["actors.csv", "documents.csv", "events.csv", "quotes.csv",
                                             "times.csv"]

    def read(name):
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))

    documents = read("documents")
    assert [d["doc_id"] for d in documents] == ["doc-summit", "doc-ministers", "doc-protest"]
    assert documents[1]["text"] == MINISTERS and documents[2]["published_date"] == ""
    events = read("events")
    assert [(e["doc_id"], int(e["index"]), e["type"]) for e in events] == [
        (e.doc_id, e.index, e.type) for e in store.events()
    ]
    assert json.loads(events[0]["source_names"]) == ["Recep Tayyip Erdoğan"]
    quotes = read("quotes")
    assert [q["text"] for q in quotes] == [q.text for q in store.quotes()]
    assert quotes[2]["text"] == 'the accord would be ready "before the rainy season"'
    actors = read("actors")
    assert len(actors) == 8 and actors[0]["actor_id"] == "recep-tayyip-erdogan"
    assert int(actors[0]["mention_count"]) == 1


def test_export_parquet_round_trips(store, tmp_path):
    import pyarrow.parquet as pq

    store.export("parquet", tmp_path / "pq")
    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    stored = store.events()
    assert len(events) == len(stored)
    for row, event in zip(events, stored):
        assert row["doc_id"] == event.doc_id and row["index"] == event.index
        assert tuple(row["source_ids"]) == event.source_ids
        assert tuple(row["target_names"]) == event.target_names
        assert row["date_start"] == event.date_start and row["confidence"] == event.confidence
        assert row["evidence_text"] == event.evidence_text
    documents = pq.read_table(tmp_path / "pq" / "documents.parquet")
    assert documents.column("text").to_pylist() == [SUMMIT, MINISTERS, UNDATED]
    assert documents.column("published_confidence").to_pylist() == [0.95, 0.95, 0.0]
    quotes = pq.read_table(tmp_path / "pq" / "quotes.parquet").to_pylist()
    assert [(q["speaker_id"], q["start"], q["end"]) for q in quotes] == [
        (q.speaker_id, q.start, q.end) for q in store.quotes()
    ]
    assert pq.read_table(tmp_path / "pq" / "actors.parquet").num_rows == 8


def test_export_of_an_empty_store_has_typed_columns(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    with Store() as db:
        db.export("parquet", tmp_path)
        table = pq.read_table(tmp_path / "events.parquet")
        assert table.num_rows == 0
        assert table.schema.field("source_ids").type == pa.list_(pa.string())


def test_export_errors(store, tmp_path):
    with pytest.raises(DatelineError) as err:
        store.export("xml", tmp_path)
    assert err.value.code == "E504"
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(DatelineError) as err:
        store.export("csv", a_file)
    assert err.value.code == "E505"


# -- stable ids, and the roles: schema, writer, reader, exports ------------------------------


def test_events_and_quotes_are_stored_under_their_stable_ids(store, tmp_path):
    expected = [assign_ids(a) for a in (summit(), ministers(), undated())]
    assert [e.id for e in store.events()] == [e.id for a in expected for e in a.events]
    assert [q.id for q in store.quotes()] == [q.id for a in expected for q in a.quotes]
    hit = next(h for h in store.search("grain") if h.kind == "quote")
    assert hit.quote_id == expected[0].quotes[0].id
    # The pipeline's ids are kept as given, and the stored contract object carries them.
    with Store() as db:
        db.add([expected[0]])
        assert [e.id for e in db.events()] == [e.id for e in expected[0].events]
        assert db.record("doc-summit")["events"][0]["id"] == expected[0].events[0].id
    store.export("csv", tmp_path / "csv")
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8", newline="") as stream:
        assert [row["id"] for row in csv.DictReader(stream)] == [e.id for e in store.events()]


def _version_2_database(path) -> None:
    """A database as dateline wrote it before stable ids: one document with an event and a quote."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    _apply_migration(raw, 1)
    _apply_migration(raw, 2)
    record = to_contract(ministers())
    event, quote = record["events"][0], record["quotes"][0]
    raw.execute(
        "INSERT INTO documents (doc_id, source, title, text, record) VALUES (?, ?, ?, ?, ?)",
        (record["doc_id"], record["source"], record["title"], record["text"],
         dumps({**record, "text": None})),
    )
    raw.execute(
        """INSERT INTO events (doc_id, idx, type, source_ids, source_names, target_ids, target_names,
               status, evidence_start, evidence_end, evidence_text)
           VALUES (?, 0, ?, '["BRA"]', '["Brazil"]', '["IND"]', '["India"]', ?, ?, ?, ?)""",
        (record["doc_id"], event["type"], event["status"], *event["evidence"].values()),
    )
    raw.execute("INSERT INTO event_actors VALUES (?, 0, 'source', 'BRA', 'Brazil')", (record["doc_id"],))
    raw.execute(
        """INSERT INTO quotes (doc_id, idx, text, start, "end", speaker_id, speaker_name, kind, cue)
           VALUES (?, 0, ?, ?, ?, ?, 'Mauro Vieira', ?, ?)""",
        (record["doc_id"], quote["text"], quote["start"], quote["end"], quote["speaker"], quote["kind"],
         quote["cue"]),
    )
    raw.close()


def test_the_writer_gives_rows_stored_before_ids_their_ids(tmp_path):
    path = tmp_path / "v2.db"
    _version_2_database(path)
    with Store(path) as db:
        assert db.schema_version == SCHEMA_VERSION
        keyed = assign_ids(ministers())
        assert [e.id for e in db.events()] == [keyed.events[0].id]
        assert [q.id for q in db.quotes()] == [keyed.quotes[0].id]
        ids = db._db.execute("SELECT event_id FROM event_actors").fetchall()
        assert [row[0] for row in ids] == [keyed.events[0].id]
        # The stored object stays as it was written; storing the document again changes nothing.
        assert "id" not in next(db.records())["events"][0]
        assert db.add([ministers()]) == AddResult(stored=0, duplicates=1)


def test_the_reader_reads_what_the_writer_wrote(tmp_path):
    path = tmp_path / "news.db"
    with Writer(path) as writer:
        writer.add([summit(), ministers(), undated()])
        with Reader(path) as reader:  # while the writer is open, too
            assert reader.stats()["documents"] == 3
    with Store(":memory:") as expected, Reader(path) as reader:
        expected.add([summit(), ministers(), undated()])
        assert reader.schema_version == SCHEMA_VERSION
        assert reader.stats() == expected.stats()
        assert reader.events() == expected.events() and reader.timeline() == expected.timeline()
        assert reader.quotes(speaker="niinisto") == expected.quotes(speaker="niinisto")
        assert reader.search("grain") == expected.search("grain")
        assert reader.actors() == expected.actors() and reader.documents() == expected.documents()
        assert list(reader.records()) == list(expected.records())
        assert reader.record("doc-summit") == expected.record("doc-summit") and "doc-summit" in reader


def test_the_reader_refuses_writes_and_never_changes_the_file(tmp_path):
    path = tmp_path / "news.db"
    with Writer(path) as writer:
        writer.add([summit()])
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with Reader(path) as reader:
        assert not hasattr(reader, "add") and not hasattr(reader, "remove")
        for sql in ("INSERT INTO meta VALUES ('x', 'y')", "DELETE FROM documents", "CREATE TABLE t (x)"):
            with pytest.raises(sqlite3.OperationalError):
                reader.query(sql)
        reader.stats(), reader.search("grain"), reader.events(), reader.quotes(), reader.actors()
        reader.export("jsonl", tmp_path / "out.jsonl")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_the_reader_never_migrates_an_older_database(tmp_path):
    path = tmp_path / "v2.db"
    _version_2_database(path)
    before = path.read_bytes()
    with pytest.raises(DatelineError) as err:
        Reader(path)
    assert err.value.code == "E506" and "dateline ingest" in str(err.value)
    assert path.read_bytes() == before
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
    raw.close()
    Store(path).close()  # the writer upgrades it; then the reader opens it
    with Reader(path) as reader:
        assert reader.schema_version == SCHEMA_VERSION and reader.stats()["events"] == 1


def test_the_reader_refuses_newer_foreign_and_missing_files(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    raw.commit()
    raw.close()
    with pytest.raises(DatelineError) as err:
        Reader(path)
    assert err.value.code == "E502"
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("these are my notes, not a database\n" * 20)
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (not_sqlite, empty, tmp_path / "none.db"):
        with pytest.raises(DatelineError) as err:
            Reader(path)
        assert err.value.code == "E501"
    assert not (tmp_path / "none.db").exists() and empty.read_bytes() == b""


def test_an_export_never_writes_onto_the_database(tmp_path):
    path = tmp_path / "news.db"
    with Writer(path) as writer:
        writer.add([summit()])
    before = path.read_bytes()
    with Reader(path) as reader:
        wal = tmp_path / "news.db-wal"
        for fmt, out in (("jsonl", path), ("csv", path), ("parquet", path), ("jsonl", wal)):
            with pytest.raises(DatelineError) as err:
                reader.export(fmt, out)
            assert err.value.code == "E507", (fmt, out)
    assert path.read_bytes() == before
