"""The explorer over a database the link stage has run on: stories, merged events, derived documents marked.

Skipped where this tree has no link stage (``pipeline.link_stored``); the explorer's behaviour
without it (the views say so plainly) is tested in test_web.py.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_store import ministers, summit

from dateline import pipeline
from dateline.ids import assign_ids
from dateline.records import Analysis
from dateline.store import Writer

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from dateline.web import create_app  # noqa: E402

link_stored = getattr(pipeline, "link_stored", None)
pytestmark = pytest.mark.skipif(link_stored is None, reason="this tree has no link stage (pipeline.link_stored)")


def syndicated(original: Analysis) -> Analysis:
    """The same report carried by another outlet: another id and file, a line added at the end."""
    text = original.document.text + "\nDistributed by Another Wire."
    document = dataclasses.replace(original.document, doc_id="doc-summit-copy", source="doc-summit-copy.txt",
                                   text=text, outlet="Another Wire")
    return dataclasses.replace(original, document=document)


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    path = tmp_path_factory.mktemp("linked") / "linked.db"
    analyses = [assign_ids(a) for a in (summit(), syndicated(summit()), ministers())]
    with Writer(path) as writer:
        writer.add(analyses)
        link_stored(writer, analyses)
    return TestClient(create_app(Path(path)))


def test_stories_are_listed_and_shown(client):
    assert client.get("/api/stats").json()["linked"] is True
    listed = client.get("/api/stories").json()
    assert listed["linked"] is True and listed["total"] >= 2
    summit_story = next(s for s in listed["items"] if "doc-summit.txt" in s["documents"])
    assert "doc-summit-copy.txt" in summit_story["documents"]
    one = client.get(f"/api/stories/{summit_story['id']}").json()
    copy = next(m for m in one["members"] if m["doc"] == "doc-summit-copy.txt")
    assert copy["derived_from"] == "doc-summit.txt" and copy["derived_kind"] == "copy"
    page = client.get(f"/stories/{summit_story['id']}")
    assert page.status_code == 200 and 'id="story-documents"' in page.text and "derived" in page.text
    assert any(e["type"] == "CONSULT" for e in one["events"])
    dashboard = client.get("/").text
    assert 'id="latest-stories"' in dashboard and 'id="no-stories"' not in dashboard
    assert client.get("/stories").status_code == 200
    missing = client.get("/api/stories/nothing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E905"


def test_events_are_merged_with_their_sources(client):
    merged = client.get("/api/events").json()
    assert merged["merged"] is True
    meeting = next(e for e in merged["items"] if e["type"] == "CONSULT" and e["source"][0]["id"] == "recep-tayyip-erdogan")
    assert {m["doc"] for m in meeting["mentions"]} == {"doc-summit.txt", "doc-summit-copy.txt"}
    assert meeting["independent_sources"] == 1  # the copy is no independent source
    assert client.get("/api/events", params={"min_sources": 2}).json()["items"] == []
    per_document = client.get("/api/events", params={"per_document": "true"}).json()
    assert per_document["merged"] is False and per_document["total"] == 5
    refused = client.get("/api/events", params={"min_confidence": 0.5})
    assert refused.status_code == 400 and "per_document=true" in refused.json()["error"]["message"]
    page = client.get("/events")
    assert page.status_code == 200 and "most independent sources first" in page.text and "2 mentions" in page.text
    assert client.get("/events?per_document=true").status_code == 200
    assert client.get("/api/events", params={"format": "csv"}).text.startswith("id,type,source,target,date")


def test_the_timeline_counts_each_merged_event_once(client):
    days = client.get("/api/timeline").json()
    merged = client.get("/api/events", params={"limit": 1000}).json()["items"]
    dated = [e for e in merged if len((e["date"] or "").split("/")[0]) >= 10]
    assert sum(d["events"] for d in days) == len(dated)
    consult = [d for d in days if d["day"] == "2023-03-02" and d["type"] == "CONSULT"]
    assert consult == [{"day": "2023-03-02", "type": "CONSULT", "events": 1}]  # reported twice, one event


def test_the_map_counts_each_merged_event_once(client):
    places = client.get("/api/places").json()
    ankara = next(p for p in places["items"] if p["name"] == "Ankara")
    assert ankara["events"] == 1 and ankara["country"] == "TUR" and ankara["precision"] == "city"
    assert client.get("/map").status_code == 200
