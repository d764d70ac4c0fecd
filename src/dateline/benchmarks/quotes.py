"""Score the quote stage on public news text the team annotated blind: ECB+ and MEANTIME articles.

``eval/bench_quotes.json`` holds the team's annotations of the quotes in some ECB+ documents
and MEANTIME (Wikinews) articles from ``../shared/bench``. They were made by reading the
articles only, before the system was run on them. The file holds no text of the
benchmarks: each quote points into its article by character offsets (the first words of
what was said, as ``startswith`` in the DESIGN gold format), and so does each speaker name
the article spells out; names the annotator composed are written out. At run time the
articles are read from the benchmark folder, the gold is rebuilt in the DESIGN format, the
articles go through the whole per-document pipeline, and ``evaluate`` scores the quotes.

The texts: an ECB+ document is its ``text`` field (tokenized, with `` '' quotation marks);
a MEANTIME article is rebuilt from its tokens as title, date line and one paragraph of
body (``meantime_article``).

Run: ``dateline eval --quote-bench ../shared/bench`` (add ``--floors FILE`` to gate).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..errors import DatelineError

DEFAULT_ANNOTATIONS = Path(__file__).resolve().parents[3] / "eval" / "bench_quotes.json"
_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "!", "?", ")", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "%", "'"})
_NO_SPACE_AFTER = frozenset({"(", "$"})


def meantime_article(path: Path) -> str:
    """A MEANTIME article as news text: the title, the date line, then the body as one paragraph.

    Tokens are joined with single spaces except before closing punctuation and after an
    opening bracket; a straight double quote opens and closes in turn, attached to its words.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise DatelineError("E303", f"{path}: not a MEANTIME XML file ({err})") from err
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence") or 0), []).append(token.text or "")
    lines = [_join_tokens(sentences[k]) for k in sorted(sentences)]
    if len(lines) < 3:
        return "\n\n".join(lines) + "\n"
    return f"{lines[0]}\n\n{lines[1]}\n\n{' '.join(lines[2:])}\n"


def _join_tokens(words: list[str]) -> str:
    out = ""
    inside = False
    previous = None
    for word in words:
        if word == '"':
            if inside:
                out += '"'
            else:
                out += (" " if out else "") + '"'
                previous = "OPEN"
            inside = not inside
            if not inside:
                previous = word
            continue
        if out and previous != "OPEN" and word not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            out += " "
        out += word
        previous = word
    return out


def bench_text(bench_dir: Path, set_name: str, doc: str, ecbplus: dict[str, str] | None = None) -> str:
    """The text of one benchmark document: ``ecbplus`` by document name, ``meantime`` by relative path.

    ``ecbplus``: the ECB+ texts by name when already read (``ecbplus_texts``), else read here.
    """
    if set_name == "ecbplus":
        return (ecbplus if ecbplus is not None else ecbplus_texts(bench_dir))[doc]
    if set_name == "meantime":
        return meantime_article(bench_dir / "meantime" / "intra_cross-doc_annotation" / doc)
    raise DatelineError("E306", f"unknown benchmark set {set_name!r} (ecbplus or meantime)")


def ecbplus_texts(bench_dir: Path) -> dict[str, str]:
    """Every ECB+ document's text by its name (``ecbplus/ecbplus_docs.jsonl``)."""
    path = Path(bench_dir) / "ecbplus" / "ecbplus_docs.jsonl"
    if not path.is_file():
        raise DatelineError("E304", f"{path}: no ECB+ documents file")
    texts = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts[record["doc"]] = record["text"]
    return texts


def source_name(set_name: str, doc: str) -> str:
    """The file name a benchmark document is scored under (unique across the two sets)."""
    return f"{set_name}__{Path(doc).stem}.txt"


def load_bench_gold(bench_dir: Path, annotations: Path = DEFAULT_ANNOTATIONS) -> tuple[list[dict], dict[str, str]]:
    """(gold documents in the DESIGN format, {source name: text}) for the annotated benchmark documents."""
    try:
        data = json.loads(Path(annotations).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DatelineError("E305", f"{annotations}: cannot read the quote annotations ({err})") from err
    gold, texts = [], {}
    ecbplus = ecbplus_texts(bench_dir) if any(e["set"] == "ecbplus" for e in data["documents"]) else None
    for entry in data["documents"]:
        text = bench_text(Path(bench_dir), entry["set"], entry["doc"], ecbplus)
        name = source_name(entry["set"], entry["doc"])
        texts[name] = text
        quotes = []
        for quote in entry["quotes"]:
            start, end = quote["at"]
            quotes.append(
                {
                    "startswith": text[start:end],
                    "speaker": [text[s[0] : s[1]] if isinstance(s, list) else s for s in quote["speaker"]],
                    "kind": quote["kind"],
                    "optional": quote.get("optional", False),
                }
            )
        gold.append({"source": name, "set": entry["set"], "quotes": quotes})
    return gold, texts


def score_quote_bench(bench_dir: Path, resources, annotations: Path = DEFAULT_ANNOTATIONS):
    """Run the pipeline over the annotated benchmark documents; an ``evaluate`` report per set and in all."""
    gold, texts = load_bench_gold(bench_dir, annotations)
    return score_texts(gold, texts, resources)


def score_texts(gold: list[dict], texts: dict[str, str], resources):
    """Run the whole chain on each benchmark text (its dateline read as ingest reads it) and score it
    against ``gold``: an ``evaluate`` report in all and per set."""
    from ..contract import to_contract
    from ..errors import DatelineError
    from ..evaluate import evaluate
    from ..layout import parse_dateline
    from ..pipeline import analyze_one
    from ..records import Document, Failure

    records = []
    for name, text in texts.items():
        document = Document(doc_id=name, source=name, text=text, dateline=parse_dateline(text, resources.kb.agencies))
        analysis = analyze_one(document, resources)
        if isinstance(analysis, Failure):
            raise DatelineError(analysis.code, str(analysis))
        records.append(to_contract(analysis))
    reports = {"all": evaluate(gold, records)}
    for set_name in sorted({g["set"] for g in gold}):
        reports[set_name] = evaluate([g for g in gold if g["set"] == set_name], records)
    return reports


def summary(reports) -> dict[str, Any]:
    """Quote precision, recall, F1 and speaker accuracy per set."""
    return {
        name: {**report.quotes.as_dict(), "speaker_accuracy": round(report.quote_speakers.value, 4), "documents": report.documents}
        for name, report in reports.items()
    }
