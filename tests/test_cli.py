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


def test_eval_needs_arguments():
    assert dateline("eval").returncode == 2
