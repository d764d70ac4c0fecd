"""The README's commands run, and every CLI command is in the README."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SAMPLE = ROOT / "src" / "dateline" / "data" / "sample"
BIN = Path(sys.executable).parent


def readme_commands() -> list[str]:
    """Lines of the README's sh blocks that run dateline, without their comments."""
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("dateline ")]


def test_every_cli_command_is_documented():
    documented = {shlex.split(line)[1] for line in readme_commands()}
    assert set(main.commands) <= documented, set(main.commands) - documented


def test_readme_starts_with_the_two_setup_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, flags=re.S).group(1)
    assert [line.split()[:2] for line in first_block.splitlines() if line.strip()] == [["make", "demo"], ["make", "test"]]


@pytest.mark.model
def test_readme_usage_commands_run(tmp_path, shared):
    """Each usage line runs as written, with the sample corpus for ARTICLES/ and the seeds' gold."""
    replacements = {
        "ARTICLES/": str(SAMPLE),
        "news.db": str(tmp_path / "news.db"),
        "out.jsonl": str(tmp_path / "out.jsonl"),
        "GOLD.json": str(shared / "gold" / "seeds.json"),
        "../shared/": f"{shared}/",
        " eval/": f" {ROOT}/eval/",
    }
    for line in readme_commands():
        for old, new in replacements.items():
            line = line.replace(old, new)
        if shlex.split(line)[1] == "serve":  # runs until stopped: it must answer, then it is stopped
            assert_serves(line, tmp_path)
            continue
        result = subprocess.run(f"{BIN}/{line}", shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, (line, result.stderr[-2000:])
    stats = subprocess.run([f"{BIN}/dateline", "stats", "--db", str(tmp_path / "news.db"), "--json"],
                           capture_output=True, text=True, check=True)
    counts = json.loads(stats.stdout)
    assert counts["documents"] >= 12 and counts["actors"] > 0 and counts["events"] > 0 and counts["quotes"] > 0


def assert_serves(line: str, cwd: Path) -> None:
    """Start a `dateline serve` line on a free port, check that its JSON API answers, and stop it."""
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([f"{BIN}/dateline", *shlex.split(line)[1:], "--port", str(port)], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2) as response:
                    assert json.load(response)["documents"] > 0
                    return
            except OSError:
                assert server.poll() is None, (line, server.stderr.read()[-2000:])
                time.sleep(0.1)
        raise AssertionError(f"{line}: no answer on port {port}")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.model
def test_make_demo_prints_what_it_found(tmp_path):
    result = subprocess.run(["make", "-s", "demo", f"DB={tmp_path / 'demo.db'}"], cwd=ROOT, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r"dateline found: (\d+) documents, (\d+) actors, (\d+) events, (\d+) quotes", result.stdout)
    assert found and all(int(n) > 0 for n in found.groups()), result.stdout[:2000]


def test_lock_names_no_local_file():
    """A lock line pointing at a file on one machine breaks `make install` on every other one."""
    lock = ROOT / "requirements.lock"
    local = [line for line in lock.read_text().splitlines() if "file:" in line or " @ " in line]
    assert not local, local
