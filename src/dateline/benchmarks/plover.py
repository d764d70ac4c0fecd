"""Score the event stage on the PLOVER gold-standard records (openeventdata/PLOVER GSR 0.5b1).

Each record is one English news sentence with its event type and the source and target
actors' country codes. The full per-document chain runs on the sentence (spaCy parse,
``resolve_actors``, ``extract_times``, ``code_events``); the best event (highest confidence,
the first on ties) is compared with the record:

- event-type accuracy over all records (a record with no event counts as wrong);
- source-country precision and recall: the ``country`` of the system's source actors against
  the gold source ``code``s (intergovernmental organizations and UN bodies count as ``IGO``,
  NGOs as ``NGO``, as the GSR codes them); target likewise. For the joint types (CONSULT,
  AGREE, COOPERATE) the sides carry no direction, as in ``dateline eval``: each participant
  counts on the side the GSR gives it ("Israel and Lebanon renewed negotiations" has both as
  its source in the GSR, Israel as source and Lebanon as target here).

The GSR uses PLOVER draft 0.5 type names: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE,
INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT; DOCUMENT records are skipped.

Statements of intent are coded differently. PLOVER draft 0.5 (and so the GSR) codes "X will
visit Y" or "X will withdraw its troops" as AGREE (CAMEO 03, "express intent to ..."); the
current PLOVER and dateline's DESIGN code the intended action itself with status "planned".
The output keeps DESIGN's convention, so two figures are reported:

- ``event_type_accuracy`` (strict): the system's type must equal the GSR's;
- ``intent_as_agree_accuracy``: as strict, except that a planned event also counts as right
  when the GSR says AGREE. It measures how far the strict figure falls short only because of
  the convention, and is never to be read as the type accuracy.

Run: ``python -m dateline.benchmarks.plover [FILE]`` (FILE defaults to
../shared/bench/plover_gsr/PLOVER_GSR_CAMEO.json); prints the figures as JSON.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ..errors import DatelineError

DEFAULT_FILE = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "plover_gsr" / "PLOVER_GSR_CAMEO.json"
DRAFT_NAMES = MappingProxyType({"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"})
SKIPPED_TYPES = frozenset({"DOCUMENT"})
# Codes the GSR writes differently from ISO 3166 alpha-3.
GSR_CODE_FIXES = MappingProxyType({"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"})
# Types where the two sides act together: the GSR's source may be the system's target (as in evaluate.py).
JOINT_TYPES = ("CONSULT", "AGREE", "COOPERATE")


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    type: str
    date: str | None
    source: frozenset[str]
    target: frozenset[str]


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, system: set[str], gold: set[str]) -> None:
        self.tp += len(system & gold)
        self.fp += len(system - gold)
        self.fn += len(gold - system)

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def _codes(sides: object) -> frozenset[str]:
    if not isinstance(sides, list):
        return frozenset()
    codes = {side.get("code") for side in sides if isinstance(side, dict) and side.get("code")}
    return frozenset(GSR_CODE_FIXES.get(code, code) for code in codes)


def read_gold(path: str | Path) -> list[GoldRecord]:
    """The GSR records with a current PLOVER type (DOCUMENT skipped, draft names mapped)."""
    path = Path(path)
    if not path.is_file():
        raise DatelineError("E109", f"{path}: cannot read file")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise DatelineError("E301", f"{path}: not a JSON list of PLOVER records ({err})") from err
    if not isinstance(raw, list):
        raise DatelineError("E301", f"{path}: not a JSON list of PLOVER records")
    records = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("text") or item.get("event") in SKIPPED_TYPES:
            continue
        records.append(
            GoldRecord(
                id=str(item.get("id", "")),
                text=item["text"],
                type=DRAFT_NAMES.get(item["event"], item["event"]),
                date=item.get("date"),
                source=_codes(item.get("source")),
                target=_codes(item.get("target")),
            )
        )
    return records


# The PLOVER manual's entity codes for the UN and the EU are IGO to the GSR (PLOVER draft 0.5).
GSR_ENTITY_CODES = MappingProxyType({"UNO": "IGO", "EUR": "IGO"})


def gsr_code(code: str | None) -> str | None:
    """An actor code as the GSR writes it: the UN's and the EU's entity codes are IGO."""
    return GSR_ENTITY_CODES.get(code, code) if code else code


def _actor_code(actor_id: str, actors: dict, kb, on: str | None = None, codes=None) -> str | None:
    """The actor's code (``eventcodes.actor_code``, as the PLOVER export writes it), in the GSR's spelling."""
    from ..eventcodes import actor_code
    from ..resources import load_event_codes

    actor = actors.get(actor_id)
    plain = {"id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country} if actor is not None else None
    return gsr_code(actor_code(actor_id, plain, kb, on, codes or load_event_codes()).code)


def _joint_sides(source: set[str], target: set[str], record: GoldRecord) -> tuple[set[str], set[str]]:
    """A joint event has no direction: each participant takes the side the GSR gives it, if any."""
    participants = source | target
    return (
        {p for p in participants if p in record.source or (p not in record.target and p in source)},
        {p for p in participants if p in record.target or (p not in record.source and p in target)},
    )


def analyze_record(record: GoldRecord, resources, doc_id: str | None = None):
    """The whole per-document chain on one GSR sentence, dated as the record is: an ``Analysis`` or a ``Failure``."""
    from ..layout import parse_dateline
    from ..pipeline import analyze_one
    from ..records import Document, Published

    published = Published(date=record.date, how="metadata", confidence=1.0) if record.date else Published(None, None)
    dateline = parse_dateline(record.text, resources.kb.agencies)  # as ingest reads one
    document = Document(doc_id=doc_id or record.id, source=record.id, text=record.text, published=published, dateline=dateline)
    return analyze_one(document, resources)


def code_record(record: GoldRecord, resources):
    """Run the whole per-document chain on one GSR sentence, dated as the record is."""
    from ..records import Failure

    analysis = analyze_record(record, resources)
    if isinstance(analysis, Failure):
        return [], {}
    return list(analysis.events), {actor.id: actor for actor in analysis.actors}


def score_plover(path: str | Path, resources, details: bool = False) -> dict:
    """Event-type accuracy and source/target country precision and recall on the GSR file.

    Each sentence is typed by its likeliest event as the events stage scores it: the raw score,
    not the calibrated probability, which estimates whether type and sides are all right in news
    like the corpus's dev split, not which of a sentence's events its gold names.
    """
    import dataclasses

    from ..resources import load_event_codes

    resources = dataclasses.replace(resources, calibration=None)
    kb = resources.kb
    codes = load_event_codes()
    records = read_gold(path)
    right = intent_right = 0
    source, target = _Counts(), _Counts()
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for record in records:
        events, actors = code_record(record, resources)
        best = max(events, key=lambda e: e.confidence) if events else None
        system_type = best.type if best else "NONE"
        right += system_type == record.type
        intent_right += system_type == record.type or (record.type == "AGREE" and best is not None and best.status == "planned")
        confusion[(record.type, system_type)] += 1
        sides = (
            ({_actor_code(a, actors, kb, record.date, codes) for a in best.source},
             {_actor_code(a, actors, kb, record.date, codes) for a in best.target})
            if best
            else (set(), set())
        )
        system_source, system_target = ({c for c in side if c} for side in sides)
        if best is not None and best.type in JOINT_TYPES:
            system_source, system_target = _joint_sides(system_source, system_target, record)
        source.add(system_source, set(record.source))
        target.add(system_target, set(record.target))
        if details and system_type != record.type:
            misses.append(
                {
                    "id": record.id,
                    "gold": record.type,
                    "system": system_type,
                    "trigger": best.trigger if best else None,
                    "text": record.text,
                }
            )
    total = len(records)
    result = {
        "records": total,
        "event_type_accuracy": round(right / total, 4) if total else 0.0,
        "intent_as_agree_accuracy": round(intent_right / total, 4) if total else 0.0,
        "source_country_precision": round(source.precision(), 4),
        "source_country_recall": round(source.recall(), 4),
        "target_country_precision": round(target.precision(), 4),
        "target_country_recall": round(target.recall(), 4),
        "no_event": sum(n for (_, system), n in confusion.items() if system == "NONE"),
        "per_type_accuracy": {gold: round(confusion[(gold, gold)] / n, 3) for gold, n in sorted(Counter(r.type for r in records).items())},
    }
    if details:
        result["confusions"] = {f"{g}->{s}": n for (g, s), n in confusion.most_common() if g != s}
        result["misses"] = misses
    return result


def score_plover_export(path: str | Path, resources, store_path: str | Path | None = None) -> dict:
    """Source and target country precision and recall of the PLOVER export, scored as ``score_plover`` scores the events.

    The same chain runs on each GSR sentence; the analyses are stored in a database (``store_path``,
    in memory by default), exported with ``export --format plover --per-document``, and read back
    as plain JSON: each sentence's best exported event (highest ``dateline_confidence``, the raw
    score as ``score_plover`` reads it, the first on ties) gives the ``code`` of its ``actor`` and
    ``recipient`` entities (UNO and EUR read as the GSR's IGO), counted as ``score_plover`` counts them. Equal figures mean the export loses
    nothing the evaluation reads.
    """
    import dataclasses
    import io

    from ..records import Analysis
    from ..store import MEMORY, Store

    resources = dataclasses.replace(resources, calibration=None)  # the raw scores pick the best event, as in score_plover
    records = read_gold(path)
    source, target = _Counts(), _Counts()
    with Store(store_path or MEMORY) as store:
        ids = [f"gsr-{i:04d}" for i in range(len(records))]  # one document per sentence (two GSR records share an id)
        analyses = [analyze_record(record, resources, doc_id) for record, doc_id in zip(records, ids)]
        store.add([a for a in analyses if isinstance(a, Analysis)])
        stream = io.StringIO()
        store.export("plover", stream, per_document=True, kb=resources.kb)
    by_document: dict[str, list[dict]] = {}
    for line in stream.getvalue().splitlines():
        exported = json.loads(line)
        by_document.setdefault(exported["dateline_evidence"]["doc_id"], []).append(exported)
    for record, doc_id in zip(records, ids):
        events = by_document.get(doc_id, [])
        best = None
        for event in events:  # max() keeps the first of equals, as score_plover does
            if best is None or (event["dateline_confidence"] or 0) > (best["dateline_confidence"] or 0):
                best = event
        if best is None:
            system_source, system_target = set(), set()
        else:
            system_source = {gsr_code(a["code"]) for a in best["actor"] if a["code"]}
            system_target = {gsr_code(a["code"]) for a in best["recipient"] if a["code"]}
            if best["event"][0] in JOINT_TYPES:
                system_source, system_target = _joint_sides(system_source, system_target, record)
        source.add(system_source, set(record.source))
        target.add(system_target, set(record.target))
    return {
        "records": len(records),
        "exported_events": sum(len(v) for v in by_document.values()),
        "source_country_precision": round(source.precision(), 4),
        "source_country_recall": round(source.recall(), 4),
        "target_country_precision": round(target.precision(), 4),
        "target_country_recall": round(target.recall(), 4),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m dateline.benchmarks.plover [FILE] [--details]``: print the scores as JSON."""
    from ..resources import load_resources

    args = list(sys.argv[1:] if argv is None else argv)
    details = "--details" in args
    args = [a for a in args if a != "--details"]
    path = Path(args[0]) if args else DEFAULT_FILE
    try:
        result = score_plover(path, load_resources(), details=details)
    except DatelineError as err:
        print(str(err), file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
