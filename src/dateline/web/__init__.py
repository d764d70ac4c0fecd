"""The explorer: ``dateline serve`` answers a JSON API and server-rendered pages over a database, read-only.

- ``app``: ``create_app(db_path)``, the FastAPI application (API under ``/api``, OpenAPI at
  ``/openapi.json``, pages, the libraries' JavaScript under ``/static/vendor``);
- ``queries``: the filtered, paginated queries over a ``store.Reader``;
- ``highlight``: a document's text cut into annotated segments for its page.

The map places events through ``dateline.geo``, the gazetteer the exports use too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

__all__ = ["create_app", "serve"]


def create_app(db_path: str | Path, *, kb_files: Sequence[str] = ()):
    """See ``app.create_app``."""
    from .app import create_app as create

    return create(db_path, kb_files=kb_files)


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, *, kb_files: Sequence[str] = ()) -> None:
    """Serve the explorer over ``db_path`` until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db_path, kb_files=kb_files), host=host, port=port, log_level="info")
