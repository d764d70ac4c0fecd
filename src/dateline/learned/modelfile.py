"""The file every learned model ships as: one JSON object, gzipped, tagged with its ``format``.

Written with sorted keys and no gzip time stamp, so retraining on the same data gives the same
bytes.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any


def read_model(path, fmt: str, what: str) -> dict[str, Any]:
    """The JSON object saved at ``path`` (a path, or a package resource with ``read_bytes``).

    Raises ValueError naming the file when it is not a dateline model of format ``fmt``.
    """
    data = path.read_bytes() if hasattr(path, "read_bytes") else Path(path).read_bytes()
    raw = json.loads(gzip.decompress(data).decode("utf-8"))
    if raw.get("format") != fmt:
        raise ValueError(f"{path}: not a dateline {what} model")
    return raw


def write_model(content: dict[str, Any], path: Path | str) -> None:
    """Save ``content`` (a model's ``to_json()``) at ``path``."""
    data = json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")
    Path(path).write_bytes(gzip.compress(data, mtime=0))
