"""No input or fault loses work: long texts, lone surrogates, racing writers, unreadable folders, exports."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.ingest import ingest_text, read_inputs
from dateline.records import Analysis, Document, Failure
from dateline.store import Reader, Writer

ARTICLE = (
    "BERLIN, March 4 (Reuters) - German Foreign Minister Annalena Baerbock met her Polish counterpart "
    "Radoslaw Sikorski in Warsaw on Monday to discuss military aid to Ukraine and the future of the "
    "European Union's eastern border. \"We stand together,\" Baerbock told reporters after the talks. "
    "Sikorski said the two governments would sign a new agreement on border security next month."
)


def paragraphs(count: int) -> str:
    """A long article: ``count`` paragraphs of plain news prose."""
    sentence = ("The minister of {n} said on Monday that the talks with the delegation from the neighbouring "
                "country had been useful and would go on next week in the capital. ")
    return "\n\n".join((sentence * 3).format(n=f"region {i}").strip() for i in range(count))


# -- texts longer than the model's limit ---------------------------------------------------------


def test_split_text_cuts_at_paragraph_ends_and_joins_back():
    from dateline.nlp import split_text

    text = paragraphs(40)
    parts = split_text(text, 2000)
    assert "".join(parts) == text and len(parts) > 1
    assert all(len(part) <= 2000 for part in parts)
    assert all(part.endswith("\n\n") for part in parts[:-1])  # each cut after a blank line
    # Without any break the text is still cut, at spaces or at the limit.
    assert "".join(split_text("word " * 1000, 300)) == "word " * 1000
    assert "".join(split_text("x" * 1000, 300)) == "x" * 1000
    assert split_text("short", 300) == ["short"]


@pytest.fixture
def small_limit(resources, monkeypatch):
    """The model's character limit lowered, so that a few paragraphs are over it."""
    monkeypatch.setattr(resources.nlp, "max_length", 3000)
    return resources


@pytest.mark.model
def test_a_text_over_the_model_limit_is_parsed_in_parts(small_limit):
    from dateline.nlp import parse_one

    text = paragraphs(30)
    assert len(text) > 3 * small_limit.nlp.max_length
    doc = parse_one(small_limit.nlp, text)
    assert doc.text == text
    assert len(list(doc.sents)) >= 90 and doc.has_annotation("DEP")


@pytest.mark.model
def test_a_long_text_never_loses_the_good_documents_of_its_batch(small_limit):
    from dateline.pipeline import analyze

    long = ingest_text(ARTICLE + "\n\n" + paragraphs(30), "long.txt")
    items = [ingest_text(ARTICLE, "a.txt"), long, ingest_text(ARTICLE.replace("Monday", "Tuesday"), "b.txt")]
    results = list(analyze(items, small_limit))
    assert [type(r) for r in results] == [Analysis] * 3, results
    assert results[1].document.text == long.text
    assert any(actor.name == "Annalena Baerbock" for actor in results[1].actors)


# -- lone surrogates -----------------------------------------------------------------------------


def test_invalid_utf8_on_stdin_is_one_failure_not_a_crash():
    # sys.stdin in a C or POSIX locale reads with surrogateescape: bad bytes become lone surrogates.
    stream = io.TextIOWrapper(io.BytesIO(ARTICLE.encode() + b" \xff\xfe end."), encoding="utf-8",
                              errors="surrogateescape")
    failure = list(read_inputs(["-"], stdin=stream))
    assert [(f.source, f.code) for f in failure] == [("<stdin>", "E103")]
    # A text stream already holding surrogates (no bytes under it) is refused the same way.
    failure = list(read_inputs(["-"], stdin=io.StringIO(ARTICLE + " \udcff")))
    assert [(f.source, f.code) for f in failure] == [("<stdin>", "E103")]


def test_a_lone_surrogate_escape_in_a_json_line_is_replaced(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "cut", "text": ARTICLE + " \ud83d", "title": "Talks \udc00"}),
             json.dumps({"id": "pair", "text": ARTICLE + " \U0001F600"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "\\ud83d" in path.read_text()
    cut, pair = read_inputs([path])
    assert isinstance(cut, Document) and cut.text.endswith("\ufffd") and cut.title == "Talks \ufffd"
    cut.text.encode("utf-8")  # the text is valid Unicode now
    assert isinstance(pair, Document) and pair.text.endswith("\U0001F600")


def test_a_file_name_in_no_encoding_is_read_and_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes in a UTF-8 file system: a surrogate in Python
    (folder / name).write_text(ARTICLE)
    document, = read_inputs([folder])
    assert isinstance(document, Document) and document.source == "caf\ufffd.txt"


# -- JSON lines name themselves by "doc" too -----------------------------------------------------


def test_a_json_lines_doc_field_is_its_id(tmp_path):
    path = tmp_path / "ecb.jsonl"
    path.write_text(json.dumps({"doc": "1_10ecb.xml", "topic": 1, "text": ARTICLE}) + "\n")
    document, = read_inputs([path])
    assert document.source == "1_10ecb.xml" and document.metadata == {"topic": 1}
    path.write_text(json.dumps({"id": "first", "doc": "1_10ecb.xml", "text": ARTICLE}) + "\n")
    document, = read_inputs([path])
    assert document.source == "first" and document.metadata == {"doc": "1_10ecb.xml"}


# -- unreadable folders --------------------------------------------------------------------------


@pytest.fixture
def locked(monkeypatch):
    """Make ``os.scandir`` refuse the folders put in the returned set, as a folder without read permission does
    (the tests run as any user, root included, so permissions alone cannot lock a folder)."""
    refused: set[Path] = set()
    scandir = os.scandir

    def guarded(path="."):
        if Path(path).resolve() in refused:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    return refused


def test_an_unreadable_folder_is_a_failure_not_empty(tmp_path, locked):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    locked.add(folder.resolve())
    results = list(read_inputs([folder]))
    assert [(r.source, r.code) for r in results] == [(str(folder), "E109")]
    assert "Permission denied" in results[0].reason


def test_an_unreadable_subfolder_is_named_and_the_rest_is_read(tmp_path, locked):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "b.txt").write_text(ARTICLE)
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "z.txt").write_text(ARTICLE.replace("Monday", "Friday"))
    locked.add((folder / "locked").resolve())
    results = list(read_inputs([folder]))
    assert [r.source for r in results] == ["a.txt", "locked/", "z.txt"]
    assert isinstance(results[1], Failure) and results[1].code == "E109"


@pytest.mark.model
def test_extract_of_an_unreadable_folder_exits_non_zero(tmp_path, locked):
    from click.testing import CliRunner

    from dateline.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    locked.add(folder.resolve())
    result = CliRunner().invoke(main, ["extract", str(folder)])
    assert result.exit_code == 1
    assert "E109" in result.stderr and "0 written" in result.stderr and not result.stdout


# -- two processes creating one database ---------------------------------------------------------


def _open_at_once(path: str, barrier) -> str:
    barrier.wait()
    try:
        with Writer(path):
            return "ok"
    except Exception as err:  # noqa: BLE001 - the test reports what went wrong
        return f"{type(err).__name__}: {err}"


def test_processes_creating_one_database_at_once_all_succeed(tmp_path):
    context = multiprocessing.get_context("fork")
    processes = 4
    outcomes = []
    with context.Pool(processes) as pool:
        barrier = context.Manager().Barrier(processes)
        for attempt in range(8):
            path = str(tmp_path / f"new-{attempt}.db")
            outcomes += pool.starmap(_open_at_once, [(path, barrier)] * processes)
    assert outcomes == ["ok"] * len(outcomes), [o for o in outcomes if o != "ok"]
    with Reader(tmp_path / "new-0.db") as reader:
        assert reader.stats()["documents"] == 0


# -- CSV export ----------------------------------------------------------------------------------


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(tmp_path):
    from test_store import summit

    formula = '=HYPERLINK("http://example.com/x","click")'
    analysis = summit()
    analysis = replace(analysis, document=replace(analysis.document, title=formula, author="@handle",
                                                  outlet="+1 wire", url="-2+3"))
    with Writer(tmp_path / "news.db") as writer:
        writer.add([analysis])
    with Reader(tmp_path / "news.db") as reader:
        reader.export("csv", tmp_path / "csv")
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as stream:
        row, = csv.DictReader(stream)
    assert row["title"] == "'" + formula
    assert (row["author"], row["outlet"], row["url"]) == ("'@handle", "'+1 wire", "'-2+3")
    assert row["published_confidence"] == str(analysis.published.confidence)  # numbers are numbers
    with sqlite3.connect(tmp_path / "news.db") as con:  # the database keeps the text as it was
        assert con.execute("SELECT title FROM documents").fetchone()[0] == formula


# -- export over an existing file ----------------------------------------------------------------


def test_export_refuses_an_existing_file_unless_forced(tmp_path):
    from click.testing import CliRunner
    from test_store import summit

    from dateline.cli import main

    db = tmp_path / "news.db"
    with Writer(db) as writer:
        writer.add([summit()])
    mine = tmp_path / "mine.jsonl"
    mine.write_text("my own notes\n")
    for args in (["--out", str(mine)], ["--format", "csv", "--out", str(tmp_path)]):
        (tmp_path / "documents.csv").write_text("a table of my own\n")
        result = CliRunner().invoke(main, ["export", "--db", str(db), *args])
        assert result.exit_code == 1 and "E508" in result.stderr, result.output
    assert mine.read_text() == "my own notes\n" and (tmp_path / "documents.csv").read_text() == "a table of my own\n"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(mine), "--force"])
    assert result.exit_code == 0 and json.loads(mine.read_text())["doc_id"] == "doc-summit"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(db), "--force"])
    assert result.exit_code == 1 and "E507" in result.stderr  # never the database, forced or not
