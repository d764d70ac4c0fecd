"""The README's screenshots of the explorer, taken in Debian's headless Chromium (a script, not a test).

    python scripts/screenshots.py --db demo.db [--out docs/screenshots] [--document ID] [--actor ID]

Serves the database with `dateline serve` on a free localhost port and saves the dashboard, a
document page (the one with the most events, unless --document) and an actor page (the actor
with the most events, unless --actor) as PNG files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright
from serving import serving

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--document")
    parser.add_argument("--actor")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with serving(args.db) as base:
        documents = httpx.get(base + "/api/documents", params={"limit": 1000}).json()["items"]
        document = args.document or max(documents, key=lambda d: d["counts"]["events"])["id"]
        actors = httpx.get(base + "/api/actors", params={"limit": 1000, "kind": "person"}).json()["items"]
        actor = args.actor or max(actors, key=lambda a: a["events_as_source"] + a["events_as_target"])["id"]
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            for name, path in (("dashboard", "/"), ("document", f"/documents/{document}"), ("actor", f"/actors/{actor}"),
                               ("map", "/map")):
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_timeout(500)
                page.screenshot(path=str(out / f"{name}.png"))
                print(out / f"{name}.png", path)
            browser.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
