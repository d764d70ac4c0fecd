"""``dateline serve`` in the background for the scripts that drive the explorer (load_api, screenshots)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

BIN = Path(sys.executable).parent / "dateline"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(db: str) -> Iterator[str]:
    """Serve ``db`` on a free local port until the block ends; yields the base URL once it answers."""
    base = f"http://127.0.0.1:{free_port()}"
    port = base.rsplit(":", 1)[1]
    server = subprocess.Popen([str(BIN), "serve", "--db", db, "--port", port],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/stats", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
