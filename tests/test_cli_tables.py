"""The read commands read well: a few readable columns, text wrapped to the terminal, --columns, --format."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from explorer_data import write_database

from dateline.records import PLOVER_TYPES
from dateline.terminal import VIEWS, view_columns, write_rows

BIN = Path(sys.executable).parent / "dateline"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return write_database(tmp_path_factory.mktemp("tables") / "news.db")


def dateline(*args: str, columns: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"COLUMNS": str(columns)} if columns else {})}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120, env=env)


def test_events_table_wraps_evidence_to_the_width_instead_of_cutting_it(db):
    result = dateline("events", "--db", str(db), "--format", "table", columns=90)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 90
    header = next(line for line in lines if "evidence" in line)
    assert [w for w in header.replace("┃", " ").split()] == [c.name for c in VIEWS["events"]]
    words = " ".join(line.replace("│", " ") for line in lines).split()
    for word in "Turkish President Recep Tayyip Erdoğan met Finnish President Sauli Niinistö".split():
        assert word in words, word  # every word of the evidence is there, none cut to two letters


def test_piped_output_is_tsv_of_the_readable_columns(db):
    result = dateline("events", "--db", str(db), "--type", "consult")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["date", "type", "source", "target", "status", "place", "evidence"]
    assert len(lines) == 4 and all(line.split("\t")[1] == "CONSULT" for line in lines[1:])
    assert "2023-03-02\tCONSULT\tRecep Tayyip Erdoğan\tSauli Niinistö\toccurred\tAnkara\t" in result.stdout


def test_columns_and_formats(db):
    chosen = dateline("quotes", "--db", str(db), "--columns", "speaker,cue,id", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(chosen.stdout)))
    assert list(rows[0]) == ["speaker", "cue", "id"] and len(rows) == 5
    assert {r["speaker"] for r in rows} >= {"Recep Tayyip Erdoğan", "Mauro Vieira"}
    as_json = json.loads(dateline("actors", "--db", str(db), "--format", "json", "--columns", "name,documents").stdout)
    assert all(set(a) == {"name", "documents"} for a in as_json) and len(as_json) == 10
    everything = json.loads(dateline("events", "--db", str(db), "--json").stdout)
    assert {"id", "evidence_text", "source_ids", "confidence"} <= set(everything[0])
    every_field = dateline("events", "--db", str(db), "--columns", "all").stdout.splitlines()[0].split("\t")
    assert every_field == list(everything[0])


def test_unknown_type_and_column_name_the_valid_ones(db):
    wrong_type = dateline("events", "--db", str(db), "--type", "FIGHT")
    assert wrong_type.returncode == 2 and ", ".join(PLOVER_TYPES) in wrong_type.stderr
    wrong_column = dateline("events", "--db", str(db), "--columns", "date,colour")
    assert wrong_column.returncode == 2 and "'colour'" in wrong_column.stderr and "evidence" in wrong_column.stderr


def test_write_rows_keeps_within_the_width():
    row = {"speaker_name": "Sergey Viktorovich Lavrov", "kind": "direct", "published_date": "2024-04-09",
           "text": "word " * 60, "source": "a_rather_long_file_name_for_an_article.txt"}
    for width in (60, 100, 160):
        out = io.StringIO()
        write_rows([row], view_columns("quotes", [row], None), "table", out=out, width=width)
        lines = out.getvalue().splitlines()
        assert max(len(line) for line in lines) <= width
        assert out.getvalue().count("word") == 60


def test_stories_and_merged_events_read_well(tmp_path):
    from test_web_stories import link_stored, ministers, summit, syndicated

    from dateline.ids import assign_ids
    from dateline.store import Writer

    if link_stored is None:
        pytest.skip("this tree has no link stage")
    db = tmp_path / "linked.db"
    analyses = [assign_ids(a) for a in (summit(), syndicated(summit()), ministers())]
    with Writer(db) as writer:
        writer.add(analyses)
        link_stored(writer, analyses)
    stories = dateline("stories", "--db", str(db)).stdout.splitlines()
    assert stories[0].split("\t") == ["start", "end", "documents", "title", "actors", "id"]
    assert any(line.split("\t")[2] == "2" for line in stories[1:])
    merged = dateline("events", "--db", str(db), "--merged").stdout.splitlines()
    assert merged[0].split("\t") == ["date", "type", "source", "target", "status", "place", "sources", "mentions",
                                     "disputed"]
    assert "2023-03-02\tCONSULT\tRecep Tayyip Erdoğan\tSauli Niinistö\toccurred\tAnkara\t1\t2\t" in "\n".join(merged)
    table = dateline("stories", "--db", str(db), "--format", "table", columns=90)
    assert max(len(line) for line in table.stdout.splitlines()) <= 90
