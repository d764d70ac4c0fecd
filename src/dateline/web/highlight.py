"""A document's text cut into segments, each knowing what covers it: an actor, a time, events, quotes.

The page renders each segment as escaped text inside its marks (the template escapes; nothing
here builds HTML), so an article's ``<script>`` is shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    """A stretch of text with the same annotations throughout."""

    text: str
    start: int
    actor: str | None = None  # actor id of the mention covering it
    time: dict[str, Any] | None = None  # the time expression covering it (text, value, granularity)
    events: tuple[int, ...] = ()  # indexes of the events whose evidence covers it
    quotes: tuple[int, ...] = ()  # indexes of the quotes covering it
    event_start: int | None = None  # an event whose evidence starts here (the text's anchor for it)
    quote_start: int | None = None


def segments(record: dict[str, Any]) -> list[Segment]:
    """Cut the contract record's text at every span boundary of its actors, times, evidence and quotes."""
    text = record["text"]
    size = len(text)

    def clip(start: Any, end: Any) -> tuple[int, int] | None:
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        start, end = max(0, start), min(size, end)
        return (start, end) if start < end else None

    actor_spans: list[tuple[int, int, str]] = []
    for actor in record.get("actors", ()):
        for start, end in actor.get("mentions", ()):
            if span := clip(start, end):
                actor_spans.append((*span, actor["id"]))
    time_spans = [(*span, t) for t in record.get("times", ()) if (span := clip(t.get("start"), t.get("end")))]
    event_spans = [
        (*span, i) for i, e in enumerate(record.get("events", ()))
        if (span := clip((e.get("evidence") or {}).get("start"), (e.get("evidence") or {}).get("end")))
    ]
    quote_spans = [(*span, i) for i, q in enumerate(record.get("quotes", ())) if (span := clip(q.get("start"), q.get("end")))]

    cuts = {0, size}
    for spans in (actor_spans, time_spans, event_spans, quote_spans):
        for start, end, _ in spans:
            cuts.update((start, end))
    bounds = sorted(cuts)
    result = []
    for start, end in zip(bounds, bounds[1:]):
        covering = lambda spans: [key for s, e, key in spans if s <= start and end <= e]  # noqa: E731
        actors = covering(actor_spans)
        times = covering(time_spans)
        events = tuple(covering(event_spans))
        quotes = tuple(covering(quote_spans))
        result.append(Segment(
            text=text[start:end], start=start, actor=actors[0] if actors else None,
            time=times[0] if times else None, events=events, quotes=quotes,
            event_start=next((i for s, _, i in event_spans if s == start), None),
            quote_start=next((i for s, _, i in quote_spans if s == start), None),
        ))
    return result
