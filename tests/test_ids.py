"""Stable ids of events and quotes: a hash of the document, the type or kind and the span."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.contract import from_contract, to_contract, validate
from dateline.ids import assign_ids, stable_ids
from dateline.records import Analysis, Document, Event, Published, Quote

TEXT = "Brazil and India signed a trade accord on Monday. \"It is a good day,\" Lula said."


def event(type_: str = "AGREE", start: int = 0, end: int = 49, source=("BRA",), target=("IND",)) -> Event:
    return Event(type_, None, "05", tuple(source), tuple(target), "2024-06-10", "2024-06-10", None,
                 "occurred", start, end, TEXT[start:end], 0.8, trigger="signed")


def quote(start: int = 51, end: int = 67, speaker: str | None = "lula", kind: str = "direct") -> Quote:
    return Quote(TEXT[start:end], start, end, speaker, kind, "said")


def analysis(doc_id: str = "doc-a", events=None, quotes=None) -> Analysis:
    published = Published("2024-06-10", "header", 1.0)
    document = Document(doc_id, f"{doc_id}.txt", TEXT, published=published)
    return Analysis(document, published, (), (), tuple(events if events is not None else [event()]),
                    tuple(quotes if quotes is not None else [quote()]))


def ids_of(result: Analysis) -> list[str]:
    return [e.id for e in result.events] + [q.id for q in result.quotes]


def test_ids_are_short_hex_and_stable_across_runs():
    first, second = assign_ids(analysis()), assign_ids(analysis())
    assert ids_of(first) == ids_of(second)
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in ids_of(first))
    # Pinned: the same record gets the same id in every process and every release.
    assert first.events[0].id == "e1615448f733021d"
    # Nothing else about the records changes.
    assert replace(first.events[0], id="") == event() and replace(first.quotes[0], id="") == quote()


def test_ids_depend_on_the_document_type_and_span():
    base = assign_ids(analysis()).events[0].id
    assert assign_ids(analysis("doc-b")).events[0].id != base
    assert assign_ids(analysis(events=[event("CONSULT")])).events[0].id != base
    assert assign_ids(analysis(events=[event(end=48)])).events[0].id != base
    # A quote and an event never share an id, nor do quotes of two kinds on one span.
    kinds = assign_ids(analysis(quotes=[quote(), quote(kind="indirect")]))
    assert len(set(ids_of(kinds))) == 3


def test_ids_do_not_move_when_other_records_come_or_go():
    alone = assign_ids(analysis(events=[event()])).events[0].id
    crowd = assign_ids(analysis(events=[event("CONSULT", 0, 20), event(), event("ASSAULT", 30, 49)]))
    assert crowd.events[1].id == alone
    # Changing an actor does not change the id of an event that shares its span with no other.
    assert assign_ids(analysis(events=[event(target=("CHN",))])).events[0].id == alone


def test_colliding_records_are_told_apart_deterministically():
    twins = [event(target=("IND",)), event(target=("CHN",))]
    ids = [e.id for e in assign_ids(analysis(events=twins)).events]
    assert len(set(ids)) == 2
    # By their actors, not by their order.
    swapped = [e.id for e in assign_ids(analysis(events=twins[::-1])).events]
    assert swapped == ids[::-1]
    # Same span, kind and speaker? The cue or text tells them apart; identical ones, their order.
    same = assign_ids(analysis(quotes=[quote(), quote()]))
    assert len({q.id for q in same.quotes}) == 2
    again = assign_ids(analysis(quotes=[quote(), quote()]))
    assert [q.id for q in same.quotes] == [q.id for q in again.quotes]
    by_speaker = assign_ids(analysis(quotes=[quote(speaker="lula"), quote(speaker=None)]))
    assert len({q.id for q in by_speaker.quotes}) == 2


def test_stable_ids_of_nothing():
    assert stable_ids([]) == []


def test_the_contract_carries_the_ids():
    keyed = assign_ids(analysis())
    record = to_contract(keyed)
    validate(record)
    assert record["events"][0]["id"] == keyed.events[0].id
    assert record["quotes"][0]["id"] == keyed.quotes[0].id
    assert from_contract(record).events == keyed.events and from_contract(record).quotes == keyed.quotes
    # Without ids (hand-made records, output from before ids) the field is left out, and reads back empty.
    plain = to_contract(analysis())
    assert "id" not in plain["events"][0] and "id" not in plain["quotes"][0]
    assert from_contract(plain).events[0].id == ""


@pytest.mark.model
def test_pipeline_gives_every_event_and_quote_a_stable_id(resources):
    from dateline.ingest import ingest_text
    from dateline.pipeline import analyze

    text = (
        "date 2023-06-14\nJapanese Prime Minister Fumio Kishida met Indian Prime Minister Narendra Modi "
        "in Tokyo on Tuesday. The two leaders agreed to expand defence cooperation, Kishida said.\n"
        "\"Our partnership has never been stronger,\" Modi told reporters after the talks.\n"
    )
    runs = [list(analyze([ingest_text(text, "a.txt")], resources))[0] for _ in range(2)]
    first, second = runs
    assert first.events and first.quotes
    assert ids_of(first) == ids_of(second)
    assert all(ids_of(first)) and len(set(ids_of(first))) == len(ids_of(first))
    record = to_contract(first)
    validate(record)
    assert [e["id"] for e in record["events"]] == [e.id for e in first.events]
