"""The error catalogue (errors.py) lists every code the library raises, and each code once."""

from __future__ import annotations

import re
from pathlib import Path

from dateline import errors

SOURCE = Path(errors.__file__).parent


def codes_raised() -> set[str]:
    """Every quoted error code ("E101") in the package's source, the catalogue aside."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.name != "errors.py":
            found |= set(re.findall(r"[\"'](E\d{3})[\"']", path.read_text(encoding="utf-8")))
    return found


def test_every_code_raised_is_in_the_catalogue():
    catalogued = {name for name in vars(errors) if re.fullmatch(r"E\d{3}", name)}
    assert codes_raised(), "no codes found: the scan is broken"
    assert codes_raised() <= catalogued, sorted(codes_raised() - catalogued)


def test_each_code_is_defined_once():
    text = (SOURCE / "errors.py").read_text(encoding="utf-8")
    defined = re.findall(r"^(E\d{3}) =", text, re.M)
    assert len(defined) == len(set(defined))
    assert all(getattr(errors, code) for code in defined)
