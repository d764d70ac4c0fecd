"""Where the story clustering goes wrong on ECB+: per topic, which subtopics merge and which split.

Runs the per-document chain over the chosen topics' documents once and keeps the analyses in a
pickle (``--cache``, which later runs extend), so the link stage's settings can be tried again in
seconds; then links them as ``dateline eval
--stories`` does and lists, per topic, the stories found against the two subtopics:

    PYTHONPATH=src .venv/bin/python scripts/diagnose_stories.py ../shared/bench/ecbplus \
        --cache /tmp/ecbplus.pickle --topics 1-35

``--set NAME=VALUE`` overrides one of ``data/link.json``'s settings for the run (repeatable), e.g.
``--set story_similarity=0.25``. The pickle is only a cache of the chain's output for this
checkout: remove it after changing any stage before the link stage.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from dateline.benchmarks.stories import analyse, cluster, parse_topics, read_ecbplus, score_clustering
from dateline.resources import Settings, load_link_settings, load_resources


def analyses_of(docs: list[dict], cache: Path | None) -> dict[str, object]:
    """The chain's analysis of every document (source -> Analysis), from the cache when it has them."""
    stored: dict[str, object] = {}
    if cache and cache.exists():
        stored = pickle.loads(cache.read_bytes())
    missing = [doc for doc in docs if doc["doc"] not in stored]
    if missing:
        resources = load_resources(Settings())
        for number, doc in enumerate(missing, 1):
            analysis = analyse(doc, resources)
            if analysis is not None:
                stored[doc["doc"]] = analysis
            if number % 100 == 0:
                print(f"analysed {number} of {len(missing)}", file=sys.stderr)
        if cache:
            cache.write_bytes(pickle.dumps(stored))
    return stored


def overrides(pairs: list[str], settings):
    """The link settings with ``NAME=VALUE`` pairs (JSON values) put in."""
    changes = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if not hasattr(settings, name):
            raise SystemExit(f"--set {pair}: no link setting {name}")
        changes[name] = json.loads(value)
    return replace(settings, **changes)


def diagnose(docs: list[dict], stories: dict[str, str]) -> list[str]:
    """Per topic: its subtopics' sizes, the stories holding them, and what kind of error each topic makes."""
    lines = []
    by_topic = defaultdict(list)
    for doc in docs:
        by_topic[doc["topic"]].append(doc)
    for topic, members in sorted(by_topic.items()):
        table: dict[str, Counter] = defaultdict(Counter)
        for doc in members:
            table[stories.get(doc["doc"], "alone:" + doc["doc"])][doc["subtopic"]] += 1
        subtopics = Counter(doc["subtopic"] for doc in members)
        merged = [s for s, c in table.items() if len(c) > 1]
        split = [sub for sub in subtopics if sum(1 for c in table.values() if sub in c) > 1]
        score = score_clustering(members, stories)["pairwise"]["f1"]
        kind = ("merge " if merged else "") + ("split" if split else "")
        cells = "  ".join(
            "[" + " ".join(f"{sub}:{n}" for sub, n in sorted(c.items())) + "]"
            for _, c in sorted(table.items(), key=lambda kv: -sum(kv[1].values()))
        )
        lines.append(f"topic {topic:>2} F1 {score:.3f} {kind:<12} {dict(sorted(subtopics.items()))}  stories: {cells}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="ecbplus_docs.jsonl or its folder")
    parser.add_argument("--cache", type=Path, help="a pickle of the chain's analyses, made on the first run")
    parser.add_argument("--topics", help="FIRST-LAST: only these topics' documents, linked and scored on their own")
    parser.add_argument("--set", dest="changes", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--quiet", action="store_true", help="only the scores, no per-topic lines")
    args = parser.parse_args(argv)
    docs = read_ecbplus(args.path)
    if args.topics:
        topics = parse_topics(args.topics)
        docs = [doc for doc in docs if doc["topic"] in topics]
    analyses = analyses_of(docs, args.cache)
    settings = overrides(args.changes, load_link_settings())
    stories = cluster([analyses[doc["doc"]] for doc in docs if doc["doc"] in analyses], settings)
    if not args.quiet:
        lines = diagnose(docs, stories)
        print("\n".join(lines))
        merged = sum(" merge " in line for line in lines)
        split = sum(" split " in line or line.split(" {")[0].endswith("split") for line in lines)
        perfect = sum(" F1 1.000 " in line for line in lines)
        print(f"{len(lines)} topics: {perfect} right, {merged} merge their two subtopics (wholly or in part), "
              f"{split} split a subtopic")
    print(json.dumps(score_clustering(docs, stories)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
