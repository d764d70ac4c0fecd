"""Ingest over random input (hypothesis): never a traceback, one line naming each bad input, the rest still read."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dateline.ingest import read_inputs  # noqa: E402
from dateline.records import Document, Failure  # noqa: E402
from dateline.resources import load_boilerplate  # noqa: E402

GOOD = (
    "GENEVA, June 3 (Reuters) - The foreign ministers of France and Germany met in Geneva on Monday "
    "to discuss the war in Ukraine and trade with China, officials said after the talks ended. "
    "The two ministers agreed to meet again next month in Berlin, a spokesperson for the French "
    "foreign ministry told reporters on Tuesday."
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Text with everything a decoder can give: lone surrogates, controls, markup characters, any script.
# (hypothesis's own text strategies leave surrogates out, so they are drawn as code points.)
ANY_TEXT = st.lists(st.characters() | st.integers(0xD800, 0xDFFF).map(chr), max_size=400).map("".join)


@pytest.fixture(scope="module")
def rules():
    return load_boilerplate()


def check(results: list[Document | Failure], sources: list[str]) -> None:
    """Every result is a document or a one-line failure naming its input; documents are valid Unicode."""
    for result in results:
        assert isinstance(result, (Document, Failure)), result
        if isinstance(result, Failure):
            assert "\n" not in str(result) and any(result.source.startswith(s) for s in sources), result
        else:
            result.text.encode("utf-8")
            result.source.encode("utf-8")
            json.dumps(result.metadata, ensure_ascii=False).encode("utf-8")


def run_with_a_good_file(folder: Path, name: str, content: bytes, rules, ids=()) -> list[Document | Failure]:
    """Read the random file, then a good article: the good one must still come out.

    ``ids``: the names the file's JSON lines give themselves, which their failures may go by.
    """
    bad = folder / name
    bad.write_bytes(content)
    good = folder / "zz_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    results = list(read_inputs([bad, good], boilerplate=rules))
    check(results, [name, "zz_good.txt", *ids])
    assert isinstance(results[-1], Document) and results[-1].source == "zz_good.txt"
    return results


@FUZZ
@given(content=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".jsonl", ".html", ""]))
def test_random_bytes(tmp_path_factory, rules, content, suffix):
    run_with_a_good_file(tmp_path_factory.mktemp("bytes"), f"random{suffix}", content, rules)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
JSON_RECORDS = st.fixed_dictionaries(
    {},
    optional={
        # An article with random text after it reaches every step of cleaning, the content hash included.
        "text": ANY_TEXT | st.builds(lambda extra: GOOD + " " + extra, ANY_TEXT) | JSON_VALUES,
        "id": JSON_VALUES,
        "doc": JSON_VALUES,
        "source": JSON_VALUES,
        "title": JSON_VALUES,
        "date": ANY_TEXT | st.just("2024-02-30") | st.just("2024-02-05T10:00Z"),
        "url": JSON_VALUES,
        "outlet": JSON_VALUES,
    },
)


def _as_read(line):
    """A JSON line as a reader decodes it: an escaped surrogate pair ("\\ud800\\udc00") is one character then."""
    return json.loads(json.dumps(line))


@FUZZ
@given(lines=st.lists(JSON_RECORDS | JSON_VALUES, min_size=1, max_size=6), broken=st.booleans())
def test_random_json_lines(tmp_path_factory, rules, lines, broken):
    # json.dumps escapes lone surrogates as \\udXXX, as a JSON file from elsewhere may.
    text = "\n".join(json.dumps(line) for line in lines) + ("\n{\"text\": " if broken else "\n")
    ids = [re.sub("[\x00-\x1f\x7f\u2028\u2029\ud800-\udfff]", lambda m: " " if m.group() < "\ud800" else "\ufffd", str(v))
           for line in map(_as_read, lines) if isinstance(line, dict) for k, v in line.items() if k in ("source", "id", "doc")]
    results = run_with_a_good_file(tmp_path_factory.mktemp("jsonl"), "random.jsonl", text.encode("utf-8"), rules, ids)
    assert len(results) >= 2


TAGS = st.sampled_from(["p", "div", "article", "main", "script", "style", "a", "h1", "table", "td", "br", "html",
                        "body", "head", "title", "meta"])


@st.composite
def html_pages(draw):
    parts = ["<!DOCTYPE html>" if draw(st.booleans()) else "", "<html><body>"]
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(TAGS)
        body = draw(ANY_TEXT | st.just(GOOD))
        closed = draw(st.booleans())
        parts.append(f"<{tag}>{body}" + (f"</{tag}>" if closed else ""))
    return "".join(parts)


@FUZZ
@given(page=html_pages())
def test_random_html(tmp_path_factory, rules, page):
    content = page.encode("utf-8", "surrogatepass")  # surrogates as bytes no decoder accepts
    run_with_a_good_file(tmp_path_factory.mktemp("html"), "random.html", content, rules)


@FUZZ
@given(content=st.binary(max_size=2000))
def test_random_bytes_on_stdin(rules, content):
    stream = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8", errors="surrogateescape")
    check(list(read_inputs(["-"], stdin=stream, boilerplate=rules)), ["<stdin>"])
