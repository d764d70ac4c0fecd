"""TimeML: the time expressions of a contract record as TIMEX3 tags, with TimeML's span conventions.

The contract keeps a date's leading preposition ("on Friday") and writes a range as one
interval ("from 2009 to 2011" -> ``2009/2011``); TimeML tags neither the preposition nor the
range's words, and marks each end of a range as its own TIMEX3 ("from <TIMEX3>2009</TIMEX3> to
<TIMEX3>2011</TIMEX3>"). ``timex3_spans`` turns one into the other; ``to_timeml`` writes a whole
document, and the TempEval-3 benchmark scores exactly these spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable
from xml.sax.saxutils import escape, quoteattr

from .records import TimeExpr

# Words TimeML leaves outside a TIMEX3: prepositions and the range words ("from", "between").
_LEADING = re.compile(
    r"^(?:(?:on|in|at|during|since|until|till|through|throughout|by|from|between|for|over|within|of|as\s+of)\s+)+",
    re.IGNORECASE,
)
_RANGE = re.compile(r"^(?P<first>.+?)\s*(?P<sep>[-–—]|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b|\band\b)\s*(?P<second>\S.*)$")
_VALUE_OF_TYPE = (
    (re.compile(r"^P"), "DURATION"),
    (re.compile(r"^R|^XXXX-WXX-\d|^XXXX-XX-XX"), "SET"),
    (re.compile(r"T\d|T(?:MO|AF|EV|NI)$"), "TIME"),
)


@dataclass(frozen=True)
class Timex3:
    """One TIMEX3: its span in the text, its TimeML type and value."""

    start: int
    end: int
    type: str
    value: str


def timex_type(value: str) -> str:
    """The TimeML type a value implies (for records written before ``times`` had a ``type``)."""
    for pattern, kind in _VALUE_OF_TYPE:
        if pattern.search(value):
            return kind
    return "DATE"


def timex3_spans(text: str, times: Iterable[TimeExpr]) -> list[Timex3]:
    """The TIMEX3 tags of ``times`` (expressions of ``text``), in text order, never overlapping."""
    tags: list[Timex3] = []
    for time in times:
        start, end = time.start, time.end
        lead = _LEADING.match(text[start:end])
        if lead and lead.end() < end - start:
            start += lead.end()
        kind = time.type or timex_type(time.value)
        pieces = _range_pieces(text, start, end, time) if kind == "DATE" else None
        value = time.duration or time.value
        for piece in pieces or [Timex3(start, end, kind, value)]:
            if not tags or piece.start >= tags[-1].end:
                tags.append(piece)
    return tags


def _range_pieces(text: str, start: int, end: int, time: TimeExpr) -> list[Timex3] | None:
    """A range written with both ends ("2009-2010", "May 7 to 10") as two TIMEX3s, one per end."""
    first_value, slash, second_value = time.value.partition("/")
    if not slash:
        return None
    found = _RANGE.match(text[start:end])
    if not found:
        return None
    first_end = start + found.end("first")
    second_start = start + found.start("second")
    return [Timex3(start, first_end, "DATE", first_value), Timex3(second_start, end, "DATE", second_value)]


def to_timeml(record: dict[str, Any]) -> str:
    """One contract record as a TimeML document (DCT from the published date, TIMEX3s in TEXT)."""
    text = record["text"]
    times = [
        TimeExpr(
            t["text"], t["start"], t["end"], t["value"], t.get("granularity", ""),
            t.get("type") or timex_type(t["value"]), t.get("duration"),
        )
        for t in record.get("times", ())
    ]
    parts = []
    position = 0
    for number, tag in enumerate(timex3_spans(text, times), 1):
        parts.append(escape(text[position : tag.start]))
        parts.append(f'<TIMEX3 tid="t{number}" type="{tag.type}" value={quoteattr(tag.value)}>{escape(text[tag.start : tag.end])}</TIMEX3>')
        position = tag.end
    parts.append(escape(text[position:]))
    published = (record.get("published") or {}).get("date")
    dct = (
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{published}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{published}</TIMEX3></DCT>\n'
        if published
        else ""
    )
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n'
        f"<DOCID>{escape(record.get('source') or record['doc_id'])}</DOCID>\n"
        f"{dct}<TEXT>{''.join(parts)}</TEXT>\n</TimeML>\n"
    )
