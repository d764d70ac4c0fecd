"""Databases for the explorer's tests, written by the writer from hand-made analyses (no model needed)."""

from __future__ import annotations

from pathlib import Path

from test_store import _span, make_analysis, make_event, make_quote, ministers, summit, undated

from dateline.ids import assign_ids
from dateline.records import Analysis, Place, TimeExpr
from dateline.store import Writer

SCRIPT = "<script>alert(1)</script>"
HOSTILE = (
    f"GENEVA -- {SCRIPT} Swiss President Alain Berset met activists in Geneva on Friday. "
    "\"<img src=x onerror=alert(2)> is not a picture,\" Berset said."
)


def hostile() -> Analysis:
    """An article with markup in its title, text, actor name, place and quote: every page must show it as text."""
    text = HOSTILE
    sentence = "Swiss President Alain Berset met activists in Geneva on Friday."
    return make_analysis(
        "doc-hostile", text, title=f"{SCRIPT} Berset meets activists", date="2023-09-01",
        actors=[("alain-berset", "Alain Berset", "person", "CHE", ["Alain Berset"]),
                ("new:activists", "<b>activists</b>", "group", None, ["activists"])],
        times=[TimeExpr("on Friday", *_span(text, "on Friday"), "2023-09-01", "day")],
        events=[make_event(text, sentence, "CONSULT", ["alain-berset"], ["new:activists"], "2023-09-01",
                           location=Place(f"Geneva{SCRIPT}", "CHE"))],
        quotes=[make_quote(text, "<img src=x onerror=alert(2)> is not a picture,", "alain-berset")],
    )


def analyses() -> list[Analysis]:
    return [summit(), ministers(), undated(), hostile()]


def write_database(path: Path, items: list[Analysis] | None = None) -> Path:
    with Writer(path) as writer:
        writer.add([assign_ids(a) for a in (analyses() if items is None else items)])
    return path


def many_events(count: int) -> Analysis:
    """One document with ``count`` events, one per sentence (more than one page of the API holds)."""
    sentences = [f"Finland and Turkey held talks number {i} in Ankara." for i in range(count)]
    text = " ".join(sentences)
    return make_analysis(
        "doc-many", text, title="Many talks", date="2023-05-01",
        actors=[("FIN", "Finland", "country", "FIN", ["Finland"]), ("TUR", "Turkey", "country", "TUR", ["Turkey"])],
        events=[make_event(text, s, "CONSULT", ["FIN"], ["TUR"], "2023-05-01", location=Place("Ankara", "TUR"))
                for s in sentences],
    )
