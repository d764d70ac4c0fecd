"""The JSONL output contract: what to_contract writes follows the schema and reads back."""

from __future__ import annotations

import pytest

from dateline.contract import from_contract, to_contract, validate
from dateline.errors import DatelineError
from dateline.records import Actor, Analysis, Dateline, Document, Event, Place, Published, Quote, TimeExpr

TEXT = "PARIS, March 5 (AFP) - French President Emmanuel Macron met Olaf Scholz on Tuesday. “We agree,” Macron said."


def analysis() -> Analysis:
    published = Published("2024-03-06", "inferred", 0.6, evidence="on Tuesday")
    document = Document("abc123", "a.txt", TEXT, title="Talks", published=published,
                        dateline=Dateline("Paris", "AFP", "March 5", 0, 20), outlet="AFP", metadata={"lang": "en"})
    macron = Actor("emmanuel-macron", "Emmanuel Macron", "person", "FRA", ((40, 55), (104, 110)), "Q3052772")
    scholz = Actor("olaf-scholz", "Olaf Scholz", "person", "DEU", ((60, 71),))
    time = TimeExpr("on Tuesday", 72, 82, "2024-03-05", "day")
    event = Event("CONSULT", "visit", "04", (macron.id,), (scholz.id,), "2024-03-05", "2024-03-05",
                  Place("Paris", "FRA"), "occurred", 23, 83, TEXT[23:83], 0.9, trigger="met")
    quote = Quote("We agree", 85, 93, macron.id, "direct", "said")
    return Analysis(document, published, (macron, scholz), (time,), (event,), (quote,))


def test_contract_follows_schema_and_design_field_names():
    record = to_contract(analysis())
    validate(record)
    assert set(record) >= {"source", "doc_id", "text", "published", "dateline", "actors", "times", "events", "quotes"}
    assert record["published"] == {"date": "2024-03-06", "how": "inferred", "confidence": 0.6, "evidence": "on Tuesday"}
    assert record["dateline"] == {"place": "Paris", "agency": "AFP"}
    assert record["actors"][0]["mentions"] == [[40, 55], [104, 110]]
    assert record["events"][0]["date"] == {"start": "2024-03-05", "end": "2024-03-05"}
    assert record["events"][0]["location"] == {"name": "Paris", "country": "FRA"}
    assert record["quotes"][0]["speaker"] == "emmanuel-macron"


def test_round_trip():
    original = analysis()
    back = from_contract(to_contract(original))
    assert back.actors == original.actors
    assert back.times == original.times
    assert back.events == original.events
    assert back.quotes == original.quotes
    assert back.document.doc_id == original.document.doc_id


def test_a_quote_in_pieces_keeps_its_parts():
    base = analysis()
    split = Quote("We agree", 85, 93, "emmanuel-macron", "direct", "said", parts=((85, 88), (89, 93)))
    record = to_contract(Analysis(base.document, base.published, base.actors, base.times, base.events, (split,)))
    validate(record)
    assert record["quotes"][0]["parts"] == [[85, 88], [89, 93]]
    assert "parts" not in to_contract(base)["quotes"][0]  # a quote in one piece has none
    assert from_contract(record).quotes == (split,)


@pytest.mark.parametrize(
    "path,bad",
    [(("events", 0, "type"), "MEET"), (("quotes", 0, "kind"), "rumour"), (("published", "date"), "May 2024"),
     (("actors", 0, "kind"), "place")],
)
def test_schema_rejects_bad_values(path, bad):
    record = to_contract(analysis())
    target = record
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    with pytest.raises(DatelineError, match="E302"):
        validate(record)
