"""The explorer (`dateline serve`): the JSON API, the pages, its errors and its security, with the test client."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from explorer_data import HOSTILE, SCRIPT, many_events, write_database

from dateline.errors import DatelineError
from dateline.records import PLOVER_TYPES

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from dateline.web import create_app  # noqa: E402
from dateline.web.highlight import segments  # noqa: E402

BIN = Path(sys.executable).parent / "dateline"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return write_database(tmp_path_factory.mktemp("web") / "news.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


def items(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["items"]


# ---------------------------------------------------------------- API


def test_openapi_lists_every_api_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/actors", "/api/actors/{actor_id}",
                 "/api/quotes", "/api/stories", "/api/search", "/api/places", "/api/stats", "/api/timeline"):
        assert path in paths, path
    parameters = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"actor", "type", "status", "since", "until", "min_sources", "min_confidence", "q", "limit", "offset",
            "format"} <= parameters


def test_documents_list_and_the_full_record(client, db):
    listed = client.get("/api/documents").json()
    assert listed["total"] == 4 and len(listed["items"]) == 4
    summit = next(d for d in listed["items"] if d["id"] == "doc-summit")
    assert summit["title"] == "Erdoğan hosts Niinistö in Ankara"
    assert summit["published"]["date"] == "2023-03-02"
    assert summit["counts"] == {"actors": 3, "events": 2, "quotes": 2, "times": 2}
    from dateline.store import Reader

    with Reader(db) as reader:
        assert client.get("/api/documents/doc-summit").json() == reader.record("doc-summit")
    assert [d["id"] for d in items(client.get("/api/documents", params={"q": "grain"}))] == ["doc-summit"]


def test_events_filters(client):
    everything = client.get("/api/events").json()
    assert everything["total"] == 5 and everything["merged"] is False
    assert {e["type"] for e in items(client.get("/api/events", params={"type": "consult"}))} == {"CONSULT"}
    by_actor = items(client.get("/api/events", params={"actor": "erdogan"}))  # accents and case ignored
    assert [e["source"][0]["name"] for e in by_actor] == ["Recep Tayyip Erdoğan"]
    assert [e["type"] for e in items(client.get("/api/events", params={"status": "planned"}))] == ["AGREE"]
    dated = items(client.get("/api/events", params={"since": "2023-04", "until": "2024"}))
    assert sorted(e["date"]["start"] for e in dated) == ["2023-04", "2023-09-01", "2024-06-10"]
    assert items(client.get("/api/events", params={"until": "2023-03"}))[0]["date"]["start"] == "2023-03-02"
    assert items(client.get("/api/events", params={"q": "TELEPHONE"}))[0]["doc_id"] == "doc-ministers"
    assert items(client.get("/api/events", params={"place": "Ankara"}))[0]["doc_id"] == "doc-summit"
    assert len(items(client.get("/api/events", params={"min_confidence": 0.8}))) == 5
    assert items(client.get("/api/events", params={"min_confidence": 0.9})) == []
    # without the link stage every event is one document's: one independent source
    assert len(items(client.get("/api/events", params={"min_sources": 1}))) == 5
    assert items(client.get("/api/events", params={"min_sources": 2})) == []


def test_events_pagination(client):
    first = client.get("/api/events", params={"limit": 2}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    third = client.get("/api/events", params={"limit": 2, "offset": 4}).json()
    ids = [e["id"] for page in (first, second, third) for e in page["items"]]
    assert len(ids) == len(set(ids)) == 5 and first["total"] == 5
    assert [e["id"] for e in items(client.get("/api/events"))] == ids


@pytest.mark.parametrize("params, named", [
    ({"type": "FIGHT"}, "type='FIGHT': one of " + ", ".join(PLOVER_TYPES)),
    ({"status": "rumoured"}, "status='rumoured'"),
    ({"since": "2023-13-01"}, "since='2023-13-01'"),
    ({"min_confidence": "high"}, "min_confidence='high'"),
    ({"min_confidence": 2}, "min_confidence=2.0"),
    ({"limit": 0}, "limit=0"),
    ({"limit": 100000}, "limit=100000"),
    ({"offset": -1}, "offset=-1"),
    ({"format": "xml"}, "format='xml'"),
])
def test_bad_parameters_are_json_errors_naming_them(client, params, named):
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "E901" and named in error["message"], error


def test_csv_download_has_every_row(tmp_path):
    db = write_database(tmp_path / "many.db", [many_events(1200)])
    client = TestClient(create_app(db))
    assert client.get("/api/events", params={"limit": 1000}).json()["total"] == 1200
    response = client.get("/api/events", params={"format": "csv", "actor": "FIN"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1200
    assert rows[0]["source"] == "Finland (FIN)" and rows[0]["location.name"] == "Ankara"


def test_csv_cells_are_not_formulas(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/quotes", params={"format": "csv"}).text)))
    assert len(rows) == 5
    assert all(not row["text"].startswith(("=", "+", "-", "@")) for row in rows)
    documents = list(csv.DictReader(io.StringIO(client.get("/api/documents", params={"format": "csv"}).text)))
    assert {d["id"] for d in documents} == {"doc-summit", "doc-ministers", "doc-protest", "doc-hostile"}


def test_actors_list_and_one_actor(client):
    listed = items(client.get("/api/actors", params={"q": "niinisto"}))
    assert [a["id"] for a in listed] == ["sauli-niinisto"]
    assert listed[0]["events_as_source"] == 1 and listed[0]["events_as_target"] == 1 and listed[0]["quotes"] == 1
    assert {a["id"] for a in items(client.get("/api/actors", params={"kind": "country"}))} == {"TUR", "BRA", "IND"}
    erdogan = client.get("/api/actors/recep-tayyip-erdogan").json()
    assert erdogan["name"] == "Recep Tayyip Erdoğan" and erdogan["documents"] == 1
    assert [p["id"] for p in erdogan["acts_on"]] == ["sauli-niinisto"] and erdogan["acted_on_by"] == []
    assert erdogan["events_by_month"] == [{"month": "2023-03", "role": "source", "events": 1}]
    roles = erdogan["knowledge_base"]["roles"]  # dated offices from the knowledge base
    assert any(r["office"] == "head_of_state" and r["of"] == "TUR" and r["start"] for r in roles)
    niinisto = client.get("/api/actors/sauli-niinisto").json()
    assert [p["id"] for p in niinisto["acted_on_by"]] == ["recep-tayyip-erdogan"]
    assert client.get("/api/actors/new:protesters").json()["knowledge_base"] is None
    missing = client.get("/api/actors/nobody")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E903"


def test_quotes_by_speaker_and_text(client):
    assert [q["speaker"]["id"] for q in items(client.get("/api/quotes", params={"speaker": "Vieira"}))] == ["mauro-vieira"]
    found = items(client.get("/api/quotes", params={"q": "grain shipments"}))
    assert [q["speaker"]["name"] for q in found] == ["Recep Tayyip Erdoğan"]
    assert [q["kind"] for q in items(client.get("/api/quotes", params={"kind": "mixed"}))] == ["mixed"]


def test_stories_say_plainly_that_the_link_stage_has_not_run(client):
    stories = client.get("/api/stories").json()
    assert stories["items"] == [] and stories["linked"] is False and "link stage" in stories["message"]
    one = client.get("/api/stories/s1")
    assert one.status_code == 404 and one.json()["error"]["code"] == "E905"


def test_search_and_places(client):
    hits = items(client.get("/api/search", params={"q": "accord"}))
    assert {h["doc_id"] for h in hits} == {"doc-ministers"} and any(p["match"] for p in hits[0]["parts"])
    assert client.get("/api/search").json()["error"]["message"] == "q: required"
    places = client.get("/api/places").json()
    ankara = next(p for p in places["items"] if p["name"] == "Ankara")
    assert ankara["precision"] == "city" and 39 < ankara["latitude"] < 41 and 32 < ankara["longitude"] < 34
    assert [p["name"] for p in places["unplaced"]] == [f"Geneva{SCRIPT}"]


def test_unknown_routes_and_missing_documents_are_json_errors(client):
    for path, code in (("/api/nothing", "E904"), ("/api/documents/nope", "E902")):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["error"]["code"] == code
    page = client.get("/documents/nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"] and "E902" in page.text


def test_an_internal_error_is_json_without_a_stack_trace(db, monkeypatch):
    from dateline.web import queries

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail from deep inside")

    monkeypatch.setattr(queries.Explorer, "events", broken)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    response = client.get("/api/events")
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "E906", "message": "internal error in the explorer (please report "
                                                                   "it with the request)"}}
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = client.get("/events")
    assert page.status_code == 500 and "Traceback" not in page.text and "secret" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_missing_or_foreign_database_is_refused(tmp_path):
    with pytest.raises(DatelineError) as missing:
        create_app(tmp_path / "none.db")
    assert missing.value.code == "E601"
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatelineError) as err:
        create_app(foreign)
    assert err.value.code == "E501"


# ---------------------------------------------------------------- pages


PAGES = {
    "/": ['id="timeline"', 'id="no-stories"', "Recep Tayyip Erdoğan"],
    "/events": ['id="events-table"', "Sauli Niinistö", 'id="csv"'],
    "/events?type=AGREE&actor=niinisto": ["planned", "/api/events?actor=niinisto&amp;type=AGREE&amp;format=csv"],
    "/documents": ["Erdoğan hosts Niinistö in Ankara", "Brazil and India discuss trade accord"],
    "/documents/doc-summit": ['class="actor" href="/actors/recep-tayyip-erdogan"', 'class="time" title="2023-03-02',
                              'id="ev-text-0"', 'id="q-text-0"', 'id="doc-events"'],
    "/actors": ["sauli-niinisto", "Mauro Vieira"],
    "/actors/recep-tayyip-erdogan": ['id="network"', 'id="actor-timeline"', 'id="roles"', "President"],
    "/quotes": ["frank and useful", "before the rainy season"],
    "/stories": ['id="no-stories"', "link stage"],
    "/map": ['id="map"', 'id="map-data"', "Ankara"],
    "/search?q=grain": ["<mark>grain</mark>", "Erdoğan hosts Niinistö in Ankara"],
    "/licences": ["leaflet", "cytoscape", "chart.js"],
}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_renders(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    for expected in PAGES[path]:
        assert expected in response.text, (path, expected)


def test_pages_load_scripts_and_styles_only_from_this_server(client):
    for path in PAGES:
        html = client.get(path).text
        sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), (path, sources)
        assert not re.search(r"<script>(?!\s*</script>)", html.replace(SCRIPT.replace("<", "&lt;"), "")), path
        assert " style=" not in html and "<style" not in html and "onclick=" not in html
        for source in sources:
            assert client.get(source).status_code == 200, source


def test_document_text_is_cut_into_segments_that_give_it_back():
    from explorer_data import hostile

    from dateline.contract import to_contract
    from dateline.ids import assign_ids

    record = to_contract(assign_ids(hostile()))
    cut = segments(record)
    assert "".join(s.text for s in cut) == HOSTILE
    berset = [s for s in cut if s.actor == "alain-berset"]
    assert [s.text for s in berset] == ["Alain Berset"] and berset[0].events == (0,)
    assert [s.text for s in cut if s.time] == ["on Friday"]
    assert "".join(s.text for s in cut if 0 in s.quotes) == "<img src=x onerror=alert(2)> is not a picture,"


# ---------------------------------------------------------------- security


def test_every_response_carries_a_content_security_policy(client):
    for path in ("/", "/documents/doc-hostile", "/api/events", "/api/nothing", "/static/app.css"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'self'" in policy and "unsafe-inline" not in policy


def test_article_markup_is_shown_as_text_on_every_page_that_shows_it(client):
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for path in ("/", "/documents", "/documents/doc-hostile", "/events", "/quotes", "/actors/alain-berset",
                 "/search?q=Berset", "/map", "/actors/new:activists", "/events?place=Geneva" + SCRIPT):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>activists" not in html, path
    assert escaped in client.get("/documents/doc-hostile").text
    assert "&lt;img src=x onerror=alert(2)&gt;" in client.get("/quotes").text
    # embedded JSON escapes "<" too: the place name cannot close its script element
    assert "Geneva\\u003cscript\\u003e" not in client.get("/map").text  # unplaced: not in the map's data
    assert f"Geneva{escaped}" in client.get("/map").text


def test_search_queries_are_parameters_not_sql(client):
    for query in ("'; DROP TABLE documents; --", "\" OR 1=1", "grain) OR (1", "NEAR(", "*"):
        assert client.get("/api/search", params={"q": query}).status_code == 200
        assert client.get("/api/events", params={"actor": query, "q": query}).status_code == 200
    assert client.get("/api/documents").json()["total"] == 4


def test_the_server_never_writes_to_the_database(tmp_path):
    db = write_database(tmp_path / "ro.db")
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    client = TestClient(create_app(db))
    for path in [*PAGES, "/api/events?format=csv", "/api/documents/doc-summit", "/api/actors/TUR", "/api/stats"]:
        assert client.get(path).status_code == 200
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert client.post("/api/events").status_code == 405


def test_static_files_stay_inside_the_static_folder(client):
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/vendor/../../app.py"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "create_app" not in response.text


# ---------------------------------------------------------------- the command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_dateline_serve_answers_on_localhost(db):
    port = free_port()
    server = subprocess.Popen([str(BIN), "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2) as response:
                    stats = json.load(response)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read())
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        assert stats["documents"] == 4 and stats["linked"] is False
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_dateline_serve_refuses_a_missing_database(tmp_path):
    result = subprocess.run([str(BIN), "serve", "--db", str(tmp_path / "none.db")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1 and "E601" in result.stderr and "none.db" in result.stderr
