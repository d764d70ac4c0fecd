"""Load on the explorer's JSON API: N requests at once against `dateline serve` on this machine (a script, not a test).

    python scripts/load_api.py --db news.db [--requests 200] [--rounds 3]

Starts `dateline serve` on a free localhost port, sends the requests all at once (a mix of lists
with filters, one document, one actor, search and statistics), and prints how many succeeded,
requests per second and the latency percentiles of each round. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time

import httpx
from serving import serving


def request_mix(base: str, count: int, seed: int = 0) -> list[str]:
    """``count`` API addresses: lists with filters and pages, single records, search and statistics."""
    with httpx.Client(base_url=base, timeout=60) as client:
        documents = [d["id"] for d in client.get("/api/documents", params={"limit": 200}).json()["items"]]
        actors = [a["id"] for a in client.get("/api/actors", params={"limit": 200}).json()["items"]]
    rng = random.Random(seed)
    kinds = [
        lambda: "/api/events?limit=50",
        lambda: f"/api/events?limit=50&offset={rng.randrange(0, 500)}",
        lambda: f"/api/events?actor={rng.choice(actors)}",
        lambda: "/api/events?type=CONSULT&status=occurred&since=2000",
        lambda: "/api/documents?limit=50",
        lambda: f"/api/documents/{rng.choice(documents)}",
        lambda: f"/api/actors/{rng.choice(actors)}",
        lambda: "/api/actors?limit=50",
        lambda: "/api/quotes?q=said",
        lambda: f"/api/search?q={rng.choice(['police', 'earthquake', 'president', 'killed', 'announced'])}",
        lambda: "/api/stats",
    ]
    return [rng.choice(kinds)() for _ in range(count)]


async def burst(base: str, paths: list[str]) -> tuple[list[float], list[str]]:
    """Send every request at once; the latency of each success and the failures."""
    limits = httpx.Limits(max_connections=len(paths), max_keepalive_connections=len(paths))
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        async def one(path: str) -> tuple[float | None, str | None]:
            start = time.perf_counter()
            try:
                response = await client.get(path)
            except httpx.HTTPError as err:
                return None, f"{path}: {err!r}"
            if response.status_code != 200:
                return None, f"{path}: HTTP {response.status_code} {response.text[:200]}"
            return time.perf_counter() - start, None

        results = await asyncio.gather(*(one(p) for p in paths))
    return [t for t, _ in results if t is not None], [e for _, e in results if e is not None]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with serving(args.db) as base:
        stats = httpx.get(base + "/api/stats", timeout=30).json()
        print(f"database: {stats['documents']} documents, {stats['events']} events, {stats['quotes']} quotes, "
              f"{stats['actors']} actors")
        report = []
        for round_ in range(args.rounds):
            paths = request_mix(base, args.requests, seed=round_)
            start = time.perf_counter()
            latencies, failures = asyncio.run(burst(base, paths))
            elapsed = time.perf_counter() - start
            row = {"round": round_ + 1, "requests": len(paths), "succeeded": len(latencies), "failed": len(failures),
                   "seconds": round(elapsed, 2), "requests_per_second": round(len(paths) / elapsed, 1),
                   "p50_ms": round(1000 * statistics.median(latencies)) if latencies else None,
                   "p95_ms": round(1000 * percentile(latencies, 0.95)) if latencies else None}
            report.append(row)
            print(json.dumps(row))
            for failure in failures[:5]:
                print("  failed:", failure)
        return 0 if all(r["failed"] == 0 for r in report) else 1


if __name__ == "__main__":
    sys.exit(main())
