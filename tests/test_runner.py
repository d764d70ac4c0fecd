"""The runner: worker processes give what one process gives, in input order; the progress line; --max-bytes."""

from __future__ import annotations

import io
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.cli import ProgressLine
from dateline.contract import dumps, to_contract
from dateline.errors import DatelineError
from dateline.ingest import count_inputs
from dateline.records import Analysis, Failure
from dateline.resources import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "dateline" / "data" / "sample"
BIN = Path(sys.executable).parent / "dateline"


def lines(results) -> list[str]:
    return [dumps(to_contract(r)) if isinstance(r, Analysis) else f"{r.source} {r.code}" for r in results]


@pytest.mark.model
def test_two_workers_give_what_one_process_gives_in_input_order(resources, tmp_path):
    from dateline.runner import run

    (tmp_path / "bad.txt").write_bytes(b"\x00\x01" * 100)
    paths = [str(SAMPLE), str(tmp_path / "bad.txt"), str(SAMPLE / sorted(p.name for p in SAMPLE.glob("*.txt"))[0])]
    one = lines(run(Settings(), paths, workers=1, resources=resources, batch_size=4))
    two = lines(run(Settings(), paths, workers=2, batch_size=4))
    assert len(one) == count_inputs(paths) == 19  # the sample's 17 articles, a binary file and one again
    assert any(line.endswith("E101") for line in one)
    assert two == one


@pytest.mark.model
def test_a_worker_that_cannot_load_the_model_stops_the_run_with_its_error(tmp_path):
    from dateline.runner import run

    with pytest.raises(DatelineError) as err:
        list(run(Settings(model="no_such_model_here"), [str(SAMPLE)], workers=2, batch_size=2))
    assert err.value.code == "E401"


def test_inputs_in_one_batch_run_in_this_process(resources, monkeypatch):
    from dateline import runner

    def no_processes(*args, **kwargs):
        raise AssertionError("a process pool was started for one batch")

    monkeypatch.setattr(runner, "_run_in_processes", no_processes)
    results = list(runner.run(Settings(), ["-"], workers=4, resources=resources, stdin=io.StringIO("")))
    assert [type(r) for r in results] == [Failure]


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_progress_without_a_terminal_is_a_plain_line_every_few_seconds():
    stream, clock = io.StringIO(), Clock()
    progress = ProgressLine(stream, total=100, tty=False, every=5.0, clock=clock)
    for _ in range(10):  # one document a second
        clock.now += 1
        progress.advance()
    shown = stream.getvalue().splitlines()
    assert len(shown) == 1 and "\r" not in stream.getvalue()
    assert shown[0].startswith("dateline: 6/100 documents (6%), 1.0 documents/s, 1:34 left"), shown
    progress.total = None
    assert progress.line(clock.now) == "dateline: 10 documents, 1.0 documents/s, 0:09 elapsed"


def test_progress_on_a_terminal_rewrites_its_line():
    stream, clock = io.StringIO(), Clock()
    progress = ProgressLine(stream, total=4, tty=True, clock=clock)
    for _ in range(4):
        clock.now += 0.5
        progress.advance()
    progress.close()
    assert stream.getvalue().count("\r\x1b[K") == 4  # three updates, then the line cleared
    assert "4/4 documents (100%), 2.0 documents/s, 0:00 left" in stream.getvalue()


@pytest.mark.model
def test_the_size_limit_names_an_option_that_exists(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("The ministers met in Geneva on Monday and agreed to meet again. " * 40)
    result = subprocess.run([str(BIN), "extract", str(article), "--max-bytes", "1000", "--workers", "1"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1 and "E106" in result.stderr and "--max-bytes" in result.stderr
    result = subprocess.run([str(BIN), "extract", str(article), "--max-bytes", "100000", "--workers", "1"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and result.stdout.count("\n") == 1


def stored_ids(db: Path) -> list[str]:
    """The doc_ids in a database another process is writing (none while it is being created)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return [row[0] for row in con.execute("SELECT doc_id FROM documents")]
    except sqlite3.Error:
        return []


@pytest.mark.model
def test_an_ingest_killed_half_way_and_started_again_loses_nothing_and_stores_nothing_twice(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE.glob("*.txt"))]
    count = 80  # enough that the run is still going a few commits in, however fast the machine
    for i in range(count):  # distinct articles: each sample text with its own closing line
        (corpus / f"{i:02d}.txt").write_text(texts[i % len(texts)] + f"\n\nThe talks will resume in round {i + 1}.\n")
    db = tmp_path / "news.db"
    command = [str(BIN), "ingest", str(corpus), "--db", str(db), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while len(stored_ids(db)) < 3:
            assert process.poll() is None, "the run ended before it could be killed"
            time.sleep(0.1)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
    partial = len(stored_ids(db))
    assert 3 <= partial < count
    again = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    assert f"{count - partial} stored" in again.stderr and f"({partial} already stored)" in again.stderr
    ids = stored_ids(db)
    assert len(ids) == len(set(ids)) == count


def test_workers_that_cannot_start_stop_the_run_with_one_error(tmp_path):
    script = tmp_path / "main.py"
    script.write_text(
        "import sys\n"
        "if __name__ != '__main__':  # a worker process imports the main module again, and fails\n"
        "    raise ImportError('not in a worker')\n"
        "from dateline.errors import DatelineError\n"
        "from dateline.resources import Settings\n"
        "from dateline.runner import run\n"
        f"try:\n    list(run(Settings(), [{str(SAMPLE)!r}], workers=2, batch_size=4))\n"
        "except DatelineError as err:\n    print('raised', err.code)\n"
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600)
    assert result.stdout.strip() == "raised E705", result.stderr[-2000:]
