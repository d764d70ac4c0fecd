"""Score ``extract_times`` on TempEval-3 platinum (20 news articles with TIMEX3 gold), TempEval-3 style.

TempEval-3's platinum test set (UzZaman et al., SemEval-2013 Task 1) is not shipped with
dateline: it has no licence that allows redistribution. It is public in the repository
qiangning/StructTempRel-EMNLP17 (``data/TempEval3/Evaluation/te3-platinum/*.tml``); point
``dateline eval --tempeval DIR`` at a folder holding those files.

Each ``.tml`` file gives the document creation time (``DCT``) and the article in ``TEXT`` with
inline ``TIMEX3`` (and ``EVENT``, ``SIGNAL``) tags. The text is rebuilt without the tags,
``extract_times`` runs on it with the creation time as anchor (and a parse, when a spaCy
pipeline is given), and its expressions become TIMEX3 spans the way ``dateline export
--format timeml`` writes them (``timeml.timex3_spans``: no leading preposition, a range's two
ends as two TIMEX3s). Scoring follows TempEval-3's entity scorer:

- relaxed detection: a gold TIMEX3 is found when a system TIMEX3 overlaps it, one gold to one
  system TIMEX3; strict detection: the same span exactly;
- value and type F1: a relaxed match whose value (type) is right counts; precision is over all
  system TIMEX3s, recall over all gold ones (the TempEval-3 "attribute F1").

The same scoring runs over MEANTIME (``score_docs`` with its documents), all types.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import DatelineError
from ..timeml import Timex3, timex3_spans
from ..timex import extract_times

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class TimexDoc:
    """A document of a TIMEX3 benchmark: text, anchor, gold TIMEX3s, and where the gold ends."""

    name: str
    text: str
    anchor: str | None
    gold: tuple[Timex3, ...]
    annotated: tuple[int, int] = (0, 10**9)  # system TIMEX3s outside this range are not counted


def read_tml(path: Path) -> TimexDoc:
    """One TimeML file: its TEXT without tags, the TIMEX3s in it, and the creation time."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise DatelineError("E320", f"{path}: not a TimeML file ({err})") from err
    body = root.find("TEXT")
    if body is None:
        raise DatelineError("E320", f"{path}: not a TimeML file (no TEXT element)")
    dct = root.find("DCT/TIMEX3")
    anchor = (dct.get("value") or "")[:10] if dct is not None else None
    pieces: list[str] = []
    gold: list[Timex3] = []

    def walk(element: ET.Element) -> None:
        start = sum(len(p) for p in pieces)
        pieces.append(element.text or "")
        for child in element:
            walk(child)
            pieces.append(child.tail or "")
        if element.tag == "TIMEX3":
            end = sum(len(p) for p in pieces)
            gold.append(Timex3(start, end, element.get("type") or "", element.get("value") or ""))

    walk(body)
    text = "".join(pieces)
    return TimexDoc(path.stem, text, anchor if anchor and re.fullmatch(r"\d{4}-\d\d-\d\d", anchor) else None, tuple(gold))


def read_tempeval(directory: Path) -> list[TimexDoc]:
    """Every ``.tml`` file in ``directory`` (sorted by name)."""
    files = sorted(Path(directory).glob("*.tml"))
    if not files:
        raise DatelineError("E321", f"{directory}: no TimeML (.tml) files")
    return [read_tml(file) for file in files]


def system_timexes(document: TimexDoc, nlp=None) -> list[Timex3]:
    """What dateline tags in one benchmark document, as ``export --format timeml`` writes it."""
    doc = nlp(document.text) if nlp is not None else None
    low, high = document.annotated
    return [t for t in timex3_spans(document.text, extract_times(document.text, document.anchor, doc)) if low <= t.start < high]


def _trim(text: str, tag: Timex3) -> tuple[int, int]:
    start, end = tag.start, tag.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _f1(right: int, system: int, gold: int) -> dict:
    precision = right / system if system else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score_docs(documents: Iterable[TimexDoc], nlp=None) -> dict:
    """TempEval-3 figures (relaxed and strict detection, value and type F1), overall and per gold type."""
    counts: Counter = Counter()
    wrong: list[str] = []
    missed: list[str] = []
    extra: list[str] = []
    for document in documents:
        system = system_timexes(document, nlp)
        counts["documents"] += 1
        counts["system"] += len(system)
        for tag in system:
            counts[f"system_{tag.type}"] += 1
        used: set[int] = set()
        for gold in document.gold:
            keys = ("all", gold.type)
            for key in keys:
                counts[f"gold_{key}"] += 1
            match = next((i for i, s in enumerate(system) if i not in used and s.start < gold.end and gold.start < s.end), None)
            if match is None:
                missed.append(f"{document.name}: {document.text[gold.start:gold.end]!r} {gold.type} {gold.value}")
                continue
            used.add(match)
            found = system[match]
            strict = _trim(document.text, found) == _trim(document.text, gold)
            for key in keys:
                counts[f"relaxed_{key}"] += 1
                counts[f"strict_{key}"] += strict
                counts[f"value_{key}"] += found.value == gold.value
                counts[f"type_{key}"] += found.type == gold.type
            if found.value != gold.value:
                wrong.append(
                    f"{document.name}: {document.text[found.start:found.end]!r} -> {found.value} "
                    f"(gold {document.text[gold.start:gold.end]!r} {gold.value})"
                )
        counts["extra"] += len(system) - len(used)
        extra.extend(f"{document.name}: {document.text[s.start:s.end]!r} {s.type} {s.value}" for i, s in enumerate(system) if i not in used)
    report: dict = {"documents": counts["documents"], "gold": counts["gold_all"], "system": counts["system"]}
    system_total = counts["system"]
    report["relaxed"] = _f1(counts["relaxed_all"], system_total, counts["gold_all"])
    report["strict"] = _f1(counts["strict_all"], system_total, counts["gold_all"])
    report["value"] = _f1(counts["value_all"], system_total, counts["gold_all"])
    report["type"] = _f1(counts["type_all"], system_total, counts["gold_all"])
    report["per_type"] = {
        kind: {
            "gold": counts[f"gold_{kind}"],
            "system": counts[f"system_{kind}"],
            "relaxed_recall": round(counts[f"relaxed_{kind}"] / counts[f"gold_{kind}"], 4) if counts[f"gold_{kind}"] else 0.0,
            "value": _f1(counts[f"value_{kind}"], counts[f"system_{kind}"], counts[f"gold_{kind}"]),
        }
        for kind in TYPES
    }
    report["wrong_values"] = wrong
    report["missed"] = missed
    report["extra"] = extra
    return report


PARTS = ("all", "dev", "heldout")


def split(documents: list[TimexDoc], part: str) -> list[TimexDoc]:
    """The documents of one part: ``dev`` is every other file by name from the first, ``heldout`` the rest.

    The rules were developed looking only at the ``dev`` part's errors; ``heldout`` was scored
    before and after, never read.
    """
    if part not in PARTS:
        raise DatelineError("E321", f"unknown TempEval-3 part {part!r} (choose one of {', '.join(PARTS)})")
    ordered = sorted(documents, key=lambda d: d.name)
    return ordered if part == "all" else ordered[0::2] if part == "dev" else ordered[1::2]


def score_tempeval(directory: Path, nlp=None, part: str = "all") -> dict:
    """TempEval-3 figures on the ``.tml`` files in ``directory``: ``all``, or the ``dev`` or ``heldout`` part."""
    return score_docs(split(read_tempeval(Path(directory)), part), nlp)
