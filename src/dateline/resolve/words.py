"""Words and small helpers more than one module reads: hyphens, "according to", actor slugs."""

from __future__ import annotations

import re

from spacy.tokens import Token
from unidecode import unidecode

HYPHENS = ("-", "–", "—")


def slug(name: str) -> str:
    """'Stepan Zhestakov' -> 'stepan-zhestakov' (ASCII, lower case, hyphens)."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(name).lower()).strip("-")


def _according_to(token: Token) -> bool:
    """The object of 'according to': the source a sentence cites."""
    return token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according"
