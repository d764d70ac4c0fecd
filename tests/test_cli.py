"""The dateline command end to end: bad input, idempotent ingest, contract output, queries, exports."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.contract import validate

BIN = Path(sys.executable).parent / "dateline"

ARTICLE = """date 2023-06-14
Japanese Prime Minister Fumio Kishida met Indian Prime Minister Narendra Modi in Tokyo on Tuesday.
The two leaders agreed to expand defence cooperation, Kishida said.
"Our partnership has never been stronger," Modi told reporters after the talks.
"""

OTHER = """LONDON, Feb 2 (Reuters) - British Foreign Secretary James Cleverly on Thursday urged Iran to free
detained dual nationals. "These people must come home," Cleverly said in a statement.
"""


def dateline(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], input=stdin, capture_output=True, text=True, timeout=600)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "other.txt").write_text(OTHER)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes("Le président français a rencontré ses homologues à Genève.".encode("latin-1"))
    (folder / "broken.jsonl").write_text('{"text": "' + OTHER.replace("\n", " ").replace('"', '\\"') + '"}\n{"text": \n')
    return folder


@pytest.mark.model
def test_ingest_reports_each_bad_file_and_keeps_the_good(corpus: Path, tmp_path: Path):
    db = tmp_path / "t.db"
    first = dateline("ingest", str(corpus), "--db", str(db))
    assert first.returncode == 1  # something failed
    errors = [line for line in first.stderr.splitlines() if line.startswith("dateline: ") and "stored" not in line]
    for name in ("binary.txt", "latin1.txt", "broken.jsonl:2"):
        assert any(name in line for line in errors), (name, first.stderr)
    assert "2 stored" in first.stderr
    assert any("empty.txt" in line for line in errors)

    second = dateline("ingest", str(corpus / "good.txt"), str(corpus / "other.txt"), "--db", str(db))
    assert second.returncode == 0
    assert "0 stored" in second.stderr and "2 already stored" in second.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 2


@pytest.mark.model
def test_extract_writes_the_contract_from_stdin():
    result = dateline("extract", "-", "--jsonl", stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1
    record = records[0]
    validate(record)
    assert record["published"] == {"date": "2023-06-14", "how": "header", "confidence": 1.0}
    names = {actor["name"] for actor in record["actors"]}
    assert {"Fumio Kishida", "Narendra Modi"} <= names
    assert any(q["text"].startswith("Our partnership") for q in record["quotes"])
    for actor in record["actors"]:
        for start, end in actor["mentions"]:
            assert record["text"][start:end].strip()


@pytest.mark.model
def test_a_users_cue_file_reaches_extract(tmp_path: Path):
    text = "date 2023-06-14\nJapanese Prime Minister Fumio Kishida opined that the talks had gone well.\n"
    plain = json.loads(dateline("extract", "-", "--jsonl", stdin=text).stdout)
    assert plain["quotes"] == []
    cues = tmp_path / "cues.json"
    cues.write_text(json.dumps({"speech_verbs": ["opine"]}))
    result = dateline("extract", "-", "--jsonl", "--cues", str(cues), stdin=text)
    assert result.returncode == 0, result.stderr
    quotes = json.loads(result.stdout)["quotes"]
    assert [(q["speaker"], q["cue"]) for q in quotes] == [("fumio-kishida", "opined")]


@pytest.mark.model
def test_queries_and_exports(tmp_path: Path, corpus: Path):
    db = tmp_path / "q.db"
    dateline("ingest", str(corpus / "good.txt"), str(corpus / "other.txt"), "--db", str(db))
    stats = json.loads(dateline("stats", "--db", str(db), "--json").stdout)
    assert stats["documents"] == 2 and stats["quotes"] >= 2
    quotes = json.loads(dateline("quotes", "--db", str(db), "--speaker", "Cleverly", "--json").stdout)
    assert quotes and all("come home" in json.dumps(q) for q in quotes)
    hits = json.loads(dateline("search", "partnership", "--db", str(db), "--json").stdout)
    assert hits
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"export-{fmt}"
        result = dateline("export", "--db", str(db), "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
    lines = (tmp_path / "export-jsonl").read_text().splitlines()
    assert len(lines) == 2
    for line in lines:
        validate(json.loads(line))


def test_missing_database_is_one_clear_line(tmp_path: Path):
    result = dateline("stats", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "none.db" in result.stderr
    assert "E601" in result.stderr and not (tmp_path / "none.db").exists()


def stored(path: Path) -> Path:
    """A database with one hand-made analysis in it, written by the writer (no model needed)."""
    from dateline.ids import assign_ids
    from dateline.records import Actor, Analysis, Document, Event, Published, Quote
    from dateline.store import Writer

    text = "Kishida met Modi in Tokyo on Tuesday. \"Our partnership has never been stronger,\" Modi said."
    published = Published("2023-06-14", "header", 1.0)
    meeting = Event("CONSULT", None, "04", ("fumio-kishida",), ("narendra-modi",), "2023-06-13", "2023-06-13",
                    None, "occurred", 0, 37, text[:37], 0.8)
    said = Quote(text[39:80], 39, 80, "narendra-modi", "direct", "said")
    actors = (Actor("fumio-kishida", "Fumio Kishida", "person", "JPN", ((0, 7),)),
              Actor("narendra-modi", "Narendra Modi", "person", "IND", ((12, 16), (82, 86))))
    analysis = Analysis(Document("doc-1", "a.txt", text, published=published), published, actors, (),
                        (meeting,), (said,))
    with Writer(path) as writer:
        writer.add([assign_ids(analysis)])
    return path


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_read_commands_never_change_the_database(tmp_path: Path):
    db = stored(tmp_path / "news.db")
    before = snapshot(db)
    for args in (["stats", "--json"], ["search", "partnership"], ["events", "--json"], ["quotes", "--json"],
                 ["actors"], ["report"], ["export", "--out", str(tmp_path / "out.jsonl")],
                 ["export", "--format", "csv", "--out", str(tmp_path / "csv")]):
        result = dateline(*args, "--db", str(db))
        assert result.returncode == 0, (args, result.stderr)
    assert snapshot(db) == before
    events = json.loads(dateline("events", "--db", str(db), "--json").stdout)
    assert [len(e["id"]) for e in events] == [16]


def test_a_read_command_leaves_an_older_database_as_it_was(tmp_path: Path):
    from dateline.store import _apply_migration

    db = tmp_path / "old.db"
    raw = sqlite3.connect(db, isolation_level=None)
    for number in (1, 2):
        _apply_migration(raw, number)
    raw.close()
    before = snapshot(db)
    result = dateline("stats", "--db", str(db))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "E506" in result.stderr and "dateline ingest" in result.stderr
    assert snapshot(db) == before
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
        assert con.execute("PRAGMA user_version").fetchone()[0] == 0


def test_export_onto_the_database_is_refused(tmp_path: Path):
    db = stored(tmp_path / "news.db")
    before = snapshot(db)
    for args in (["--out", str(db)], ["--format", "csv", "--out", str(db)]):
        result = dateline("export", "--db", str(db), *args)
        assert result.returncode == 1 and "E507" in result.stderr, result.stderr
    # The default output of a database named *.jsonl would be the database itself.
    named = stored(tmp_path / "news.jsonl")
    result = dateline("export", "--db", str(named))
    assert result.returncode == 1 and "E507" in result.stderr
    assert snapshot(db) == before and named.read_bytes()[:15] == b"SQLite format 3"


def test_eval_needs_arguments():
    assert dateline("eval").returncode == 2
