"""The explorer in a real browser: Debian's headless Chromium driven by Playwright for Python.

Skipped where /usr/bin/chromium (or $DATELINE_CHROMIUM) or Playwright is absent; `.ci/run` installs
Chromium. Playwright never downloads a browser here: it launches that executable. Screenshots are
saved in .artifacts/browser/ (or $DATELINE_ARTIFACTS).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from explorer_data import SCRIPT, write_database

CHROMIUM = Path(os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("DATELINE_ARTIFACTS", Path(__file__).resolve().parents[1] / ".artifacts" / "browser"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The explorer over the hand-made database, served by uvicorn on a free localhost port."""
    import uvicorn

    from dateline.web import create_app

    db = write_database(tmp_path_factory.mktemp("browser") / "news.db")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Watched:
    """A page whose console errors, uncaught exceptions, dialogs and off-server requests are recorded."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: r.url.startswith(base) or r.url.startswith("data:")
                     or self.problems.append(f"request off this server: {r.url}"))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.ok, (path, response and response.status)

    def shoot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()
        assert not self.problems, self.problems
        assert not self.dialogs, self.dialogs


@pytest.fixture
def watched(browser, server):
    page = Watched(browser, server)
    yield page
    page.close()


def test_dashboard_draws_the_timeline(watched):
    watched.open("/")
    page = watched.page
    assert page.locator("#count-documents").inner_text() == "4"
    bars = page.evaluate("""() => window.datelineTimeline.data.datasets.reduce(
        (n, d) => n + d.data.reduce((a, b) => a + b, 0), 0)""")
    assert bars == 3  # the three events dated to the day ("2023-04" is not), stacked by type
    box = page.locator("#timeline").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    assert "link stage" in page.locator("#no-stories").inner_text()
    watched.shoot("dashboard")


def test_events_filter_makes_a_shareable_address(watched):
    watched.open("/events")
    page = watched.page
    assert page.locator("#events-table tbody tr").count() == 5
    page.fill("input[name=actor]", "niinisto")
    page.select_option("select[name=type]", "CONSULT")
    page.click("#event-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "actor=niinisto" in page.url and "type=CONSULT" in page.url
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == 1 and "CONSULT" in rows.first.inner_text() and "Sauli Niinistö" in rows.first.inner_text()
    shared = watched.context.new_page()  # the address alone gives the same view
    shared.goto(page.url, wait_until="networkidle")
    assert shared.locator("#events-table tbody tr").count() == 1
    assert shared.locator("select[name=type]").input_value() == "CONSULT"
    shared.close()
    watched.shoot("events-filtered")


def test_document_page_highlights_and_links(watched):
    watched.open("/documents/doc-summit")
    page = watched.page
    actors = page.locator("#doc-text a.actor")
    assert actors.all_inner_texts() == ["Turkish", "Recep Tayyip Erdoğan", "Sauli Niinistö"]
    assert actors.nth(1).get_attribute("href") == "/actors/recep-tayyip-erdogan"
    assert page.locator("#doc-text .time").count() == 2
    assert page.locator("#doc-text .seg.ev").count() > 0 and page.locator("#doc-text .seg.qt").count() > 0
    color = page.locator("#doc-text .seg.ev").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert color not in ("rgba(0, 0, 0, 0)", "transparent")  # the stylesheet applies
    page.locator("#doc-text .seg.qt").first.click()
    assert "current" in page.locator("#q-0").get_attribute("class")
    assert page.locator("#doc-events li").count() == 2 and page.locator("#doc-quotes li").count() == 2
    watched.shoot("document")


def test_actor_page_draws_the_network_and_its_events(watched):
    watched.open("/actors/recep-tayyip-erdogan")
    page = watched.page
    assert page.evaluate("() => window.datelineNetwork.nodes().length") == 2
    assert page.evaluate("() => window.datelineNetwork.edges().length") == 1
    assert page.locator("#network canvas").count() > 0
    box = page.locator("#network").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200
    assert page.evaluate("() => window.datelineActorTimeline.data.labels") == ["2023-03"]
    assert page.locator("#roles tbody tr").count() > 0
    watched.shoot("actor")


def test_map_draws_places_over_country_outlines(watched):
    watched.open("/map")
    page = watched.page
    page.wait_for_function("() => document.getElementById('map').dataset.markers !== undefined")
    assert page.locator("#map").get_attribute("data-markers") == "1"  # Ankara; "Geneva<script>…" is not placed
    assert page.locator("#places tbody tr").count() == 1
    assert page.locator("#map path.leaflet-interactive").count() == 1  # one circle per placed location
    assert page.locator("#map .leaflet-overlay-pane path").count() > 2  # and the country outlines
    watched.shoot("map")


def test_article_markup_never_runs(watched):
    """The article with <script>alert(1)</script> in its title and text: shown as text, no dialog opens."""
    for path in ("/", "/documents", "/documents/doc-hostile", "/events", "/quotes", "/actors/alain-berset",
                 "/actors/new:activists", "/search?q=Berset", "/map"):
        watched.open(path)
    watched.open("/documents/doc-hostile")
    assert SCRIPT in watched.page.locator("#doc-title").inner_text()
    assert SCRIPT in watched.page.locator("#doc-text").inner_text()
    assert watched.page.locator("#doc-text img").count() == 0
    watched.shoot("hostile-document")
    # Watched.close asserts that no dialog opened and nothing failed
