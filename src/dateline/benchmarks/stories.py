"""Score story clustering on ECB+ (``../shared/bench/ecbplus/ecbplus_docs.jsonl``).

ECB+ holds 982 news documents in 43 topics; each topic covers two different real-world events
(its ``subtopic``s, the second of the same kind as the first: another earthquake, another
patch for the same browser). Every document runs through the whole per-document chain
(``pipeline.analyze_one``), is stored in an in-memory database, and is linked as ``dateline
ingest`` links it (``pipeline.link_stored``), one document after the other in the file's order.
The stories found are then compared with the subtopics:

- pairwise precision, recall and F1 over all pairs of documents (a pair is predicted when both
  are in one story, true when both are in one subtopic);
- B-cubed precision, recall and F1 (per document, averaged).

Only each document's text is read; the annotations ECB+ carries are not. ``topics`` (a range,
``--topics 36-45``) keeps only those topics' documents, linked and scored on their own: the link
stage's settings were tuned on topics 1-35, so 36-45 is the held-out part.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import DatelineError
from ..ingest import ingest_text


def pairwise(predicted: Sequence[object], gold: Sequence[object]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering, counted from cluster sizes."""
    both, in_pred, in_gold = defaultdict(int), defaultdict(int), defaultdict(int)
    for p, g in zip(predicted, gold):
        both[(p, g)] += 1
        in_pred[p] += 1
        in_gold[g] += 1
    pairs = lambda counts: sum(n * (n - 1) // 2 for n in counts.values())  # noqa: E731
    tp, predicted_pairs, gold_pairs = pairs(both), pairs(in_pred), pairs(in_gold)
    return _prf(tp / predicted_pairs if predicted_pairs else 1.0, tp / gold_pairs if gold_pairs else 1.0)


def bcubed(predicted: Sequence[object], gold: Sequence[object]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering."""
    both, in_pred, in_gold = defaultdict(int), defaultdict(int), defaultdict(int)
    for p, g in zip(predicted, gold):
        both[(p, g)] += 1
        in_pred[p] += 1
        in_gold[g] += 1
    n = len(predicted) or 1
    precision = sum(both[(p, g)] / in_pred[p] for p, g in zip(predicted, gold)) / n
    recall = sum(both[(p, g)] / in_gold[g] for p, g in zip(predicted, gold)) / n
    return _prf(precision, recall)


def _prf(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def read_ecbplus(path: Path) -> list[dict]:
    """The ECB+ documents: ``doc``, ``topic``, ``subtopic`` and ``text`` of each line."""
    if path.is_dir():
        path = path / "ecbplus_docs.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise DatelineError("E309", f"{path}: cannot read the ECB+ documents ({err})") from err
    docs = []
    for number, line in enumerate(lines, 1):
        try:
            raw = json.loads(line)
            docs.append({"doc": raw["doc"], "topic": raw["topic"], "subtopic": raw["subtopic"], "text": raw["text"]})
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise DatelineError("E309", f"{path}:{number}: not an ECB+ document line ({err})") from err
    return docs


def parse_topics(text: str) -> range:
    """A topic range written ``FIRST-LAST`` (or one topic, ``N``)."""
    first, _, last = text.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        raise DatelineError("E310", f"--topics {text}: not a topic range such as 36-45") from None
    if low > high:
        raise DatelineError("E310", f"--topics {text}: the first topic is after the last")
    return range(low, high + 1)


def cluster(analyses: Iterable, settings=None) -> dict[str, str]:
    """Store and link analyses in an in-memory database, as ingest does; the story of each source."""
    from ..pipeline import link_stored
    from ..store import Store

    stories: dict[str, str] = {}
    with Store() as writer:
        batch = []
        for analysis in analyses:
            batch.append(analysis)
            if len(batch) >= 100:
                writer.add(batch)
                link_stored(writer, batch, settings)
                batch = []
        writer.add(batch)
        link_stored(writer, batch, settings)
        for row in writer.stories():
            for source in row.documents:
                stories[source] = row.id
    return stories


def score_stories(path: Path, resources, settings=None, topics: range | None = None) -> dict:
    """Pairwise and B-cubed scores of the stories found in ECB+ against its subtopics (only ``topics``' when given)."""
    docs = read_ecbplus(path)
    if topics is not None:
        docs = [doc for doc in docs if doc["topic"] in topics]
        if not docs:
            raise DatelineError("E310", f"{path}: no document in topics {topics.start}-{topics.stop - 1}")
    analyses = [analysis for analysis in (analyse(doc, resources) for doc in docs) if analysis is not None]
    return score_clustering(docs, cluster(analyses, settings))


def analyse(doc: dict, resources):
    """The chain's analysis of one ECB+ document (as ``read_ecbplus`` gives it), or None when it cannot be read."""
    from ..pipeline import analyze_one
    from ..records import Failure

    try:
        document = ingest_text(doc["text"], source=doc["doc"], boilerplate=resources.boilerplate)
    except DatelineError:
        return None
    analysis = analyze_one(document, resources)
    return None if isinstance(analysis, Failure) else analysis


def score_clustering(docs: list[dict], stories: dict[str, str]) -> dict:
    """Scores of ``stories`` (source -> story id) against the documents' subtopics; unlinked ones stand alone."""
    predicted = [stories.get(doc["doc"], "alone:" + doc["doc"]) for doc in docs]
    gold = [doc["subtopic"] for doc in docs]
    topics = sorted({doc["topic"] for doc in docs})
    return {
        "topics": f"{topics[0]}-{topics[-1]}" if topics else None,
        "documents": len(docs),
        "linked": sum(doc["doc"] in stories for doc in docs),
        "stories": len(set(predicted)),
        "subtopics": len(set(gold)),
        "pairwise": pairwise(predicted, gold),
        "bcubed": bcubed(predicted, gold),
    }
