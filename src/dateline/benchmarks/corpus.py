"""The annotated corpus (issue 13): drafts written with text snippets, frozen gold held as spans.

An annotator reads an article (``scripts/annotate.py show``) and writes a *draft*: the DESIGN
gold format, with every piece of the text named by a snippet of it (the trigger word of an
event, the words that name each side, the first and last words of a quote, the words that name
its speaker). ``freeze`` turns a draft into *frozen gold*: character spans into the article text
as ``dateline.benchmarks.quotes.bench_text`` rebuilds it, names, and nothing else of the text.
``rebuild`` turns frozen gold back into the DESIGN format (names, ``startswith``, evidence) from
the text read at evaluation time. ``eval/GUIDE.md`` is the annotators' guide to the format.

Snippets (in a draft):

- ``"words"``: the only occurrence of ``words`` in the text;
- ``["words", n]``: its n-th occurrence in the text (1-based);
- ``{"text": "words", "line": L, "n": k}``: its k-th occurrence on line L (``n`` defaults to 1);
- in any of these, ``[...]`` inside the words marks the part that is the span, the rest being
  context: ``"police [arrested] him"`` is the span of ``arrested`` where it follows ``police``.

A space in a snippet matches any run of spaces and line breaks; everything else is exact, and a
snippet never starts or ends inside a word ("he" is not found in "the").
Names (of actors, places, agencies) are strings found in the text, or ``{"composed": "..."}``
for a form the annotator writes out (a full name the text never spells in one piece).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import DatelineError
from ..records import PLOVER_TYPES
from .quotes import bench_text, ecbplus_texts, score_texts, source_name

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CORPUS = ROOT / "eval" / "corpus"
STATUSES = ("occurred", "planned", "negated", "hypothetical")
KINDS = ("direct", "indirect")
PUBLISHED_HOW = ("header", "inferred")
SPLITS = ("train", "dev", "test")
FORMAT = "dateline-corpus-gold"


class DraftError(DatelineError):
    """A draft that cannot be frozen; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("E307", "the draft has problems:\n  " + "\n  ".join(problems))
        self.problems = problems


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def gold_name(set_name: str, doc: str) -> str:
    """The file name of an article's frozen gold: ``ecbplus__12_2ecbplus.json``."""
    return f"{set_name}__{Path(doc).stem}.json"


# ---------------------------------------------------------------- snippets


def _pattern(words: str) -> str:
    """Words as a pattern: any whitespace between them, never starting or ending inside a word."""
    body = r"\s+".join(re.escape(part) for part in words.split())
    words = words.strip()
    before = r"(?<!\w)" if words[:1].isalnum() or words[:1] == "_" else ""
    after = r"(?!\w)" if words[-1:].isalnum() or words[-1:] == "_" else ""
    return before + body + after


def _occurrences(text: str, words: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    if not words.strip():
        return []
    hi = len(text) if hi is None else hi
    found, position = [], lo
    pattern = re.compile(_pattern(words))
    while True:
        m = pattern.search(text, position, hi)
        if not m:
            return found
        found.append((m.start(), m.end()))
        position = m.start() + 1


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of the text, as ``show`` numbers them from 1."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    if spans and spans[-1][0] == len(text):  # a final line break opens no line
        spans.pop()
    return spans


def _split_marked(words: str, text: str) -> tuple[str, int, int]:
    """(the words without marks, start and end of the marked part in them)."""
    if "[" in words and "]" in words and not _occurrences(text, words):
        before, _, rest = words.partition("[")
        inner, _, after = rest.partition("]")
        if inner.strip() and "[" not in after and "]" not in after:
            whole = before + inner + after
            return whole, len(before), len(before) + len(inner)
    return words, 0, len(words)


def resolve(text: str, snippet: Any, what: str = "snippet") -> tuple[int, int]:
    """The (start, end) span a snippet names in the text; ``DatelineError`` (E307) saying why not."""
    line = None
    n = None
    if isinstance(snippet, str):
        words = snippet
    elif isinstance(snippet, list) and len(snippet) == 2 and isinstance(snippet[0], str) and isinstance(snippet[1], int):
        words, n = snippet
    elif isinstance(snippet, dict) and isinstance(snippet.get("text"), str):
        words, line, n = snippet["text"], snippet.get("line"), snippet.get("n")
        if line is not None and not isinstance(line, int):
            raise DatelineError("E307", f"{what}: 'line' must be a number: {snippet!r}")
        if n is not None and not isinstance(n, int):
            raise DatelineError("E307", f"{what}: 'n' must be a number: {snippet!r}")
        if line is not None and n is None:
            n = 1
    else:
        raise DatelineError("E307", f'{what}: not a snippet ("words", ["words", n] or {{"text": ..., "line": L}}): {snippet!r}')
    whole, mark_start, mark_end = _split_marked(words, text)
    lo, hi = 0, len(text)
    where = "the text"
    if line is not None:
        lines = line_spans(text)
        if not 1 <= line <= len(lines):
            raise DatelineError("E307", f"{what}: no line {line} (the text has {len(lines)})")
        lo, hi = lines[line - 1]
        where = f"line {line}"
    found = _occurrences(text, whole, lo, hi)
    if not found:
        raise DatelineError("E307", f"{what}: {words!r} is not in {where}")
    if n is None:
        if len(found) > 1:
            lines_at = sorted({_line_of(text, s) for s, _ in found})
            raise DatelineError(
                "E307", f"{what}: {words!r} occurs {len(found)} times (lines {lines_at}): give [{whole!r}, n] or a line"
            )
        n = 1
    if not 1 <= n <= len(found):
        raise DatelineError("E307", f"{what}: {words!r} occurs {len(found)} times in {where}, not {n}")
    return _marked(text, found[n - 1], whole, mark_start, mark_end, what)


def _marked(text: str, match: tuple[int, int], whole: str, mark_start: int, mark_end: int, what: str) -> tuple[int, int]:
    """The marked part of a match of ``whole`` (all of it when nothing is marked)."""
    start, end = match
    if (mark_start, mark_end) == (0, len(whole)):
        return start, end
    # the match may hold other whitespace than the words: find the marked part from its offset
    inner = _occurrences(text, whole[mark_start:mark_end], start + _offset_in_match(text, start, whole, mark_start), end)
    if not inner:
        raise DatelineError("E307", f"{what}: cannot place the marked part of {whole!r}")
    return inner[0]


def _offset_in_match(text: str, start: int, whole: str, upto: int) -> int:
    """How far into a match of ``whole`` at ``start`` the character ``upto`` of ``whole`` lies."""
    prefix = whole[:upto]
    if not prefix.strip():
        return 0
    m = re.compile(r"\s+".join(re.escape(part) for part in prefix.split())).match(text, start)
    return (m.end() - start) if m else 0


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def find(text: str, words: str) -> list[dict[str, Any]]:
    """Every occurrence of the words: n, line, n on that line, and the line's text around it."""
    out = []
    per_line: dict[int, int] = {}
    for n, (start, end) in enumerate(_occurrences(text, words), 1):
        line = _line_of(text, start)
        per_line[line] = per_line.get(line, 0) + 1
        lo = max(text.rfind("\n", 0, start) + 1, start - 50)
        hi = min(len(text) if text.find("\n", end) < 0 else text.find("\n", end), end + 50)
        out.append({"n": n, "line": line, "n_on_line": per_line[line], "at": [start, end],
                    "context": text[lo:start] + "[" + text[start:end] + "]" + text[end:hi]})
    return out


def _name(text: str, name: Any, what: str) -> list[int] | str:
    """A name as frozen: the span of its first occurrence, or the written-out form when composed."""
    if isinstance(name, dict) and isinstance(name.get("composed"), str) and name["composed"].strip():
        return name["composed"].strip()
    if not isinstance(name, str) or not name.strip():
        raise DatelineError("E307", f'{what}: a name is a string of the text or {{"composed": "..."}}: {name!r}')
    found = _occurrences(text, name)
    if not found:
        raise DatelineError("E307", f'{what}: name {name!r} is not in the text (write {{"composed": {name!r}}} if meant)')
    return list(found[0])


# ---------------------------------------------------------------- draft -> frozen


def _valid_iso(value: Any) -> bool:
    from ..evaluate import _interval

    return isinstance(value, str) and _interval(value) is not None


def freeze(draft: dict[str, Any], text: str, *, split: str | None = None, batch: int | None = None,
           now: datetime | None = None) -> dict[str, Any]:
    """Frozen gold for a draft: spans and names, no text. ``DraftError`` lists every problem found."""
    problems: list[str] = []

    def attempt(func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DatelineError as err:
            problems.append(err.message)
            return None

    if not isinstance(draft, dict):
        raise DraftError(["a draft is a JSON object"])
    for key in ("set", "doc", "annotator"):
        if not isinstance(draft.get(key), str) or not draft[key].strip():
            problems.append(f"'{key}' is required (a string)")
    out: dict[str, Any] = {
        "format": FORMAT,
        "set": draft.get("set"),
        "doc": draft.get("doc"),
        "split": split,
        "batch": batch,
        "annotator": draft.get("annotator"),
        "frozen_at": (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "text_sha256": text_hash(text),
    }
    # publication date
    published, how = draft.get("published"), draft.get("published_how")
    if published is not None:
        try:
            date.fromisoformat(published)
        except (TypeError, ValueError):
            problems.append(f"published: {published!r} is not a YYYY-MM-DD date (or null)")
        if how not in PUBLISHED_HOW:
            problems.append(f"published_how: {how!r} is not one of {PUBLISHED_HOW}")
        if how == "inferred" and not isinstance(draft.get("published_tolerance_days"), int):
            problems.append("published_tolerance_days (a whole number of days) is required for an inferred date")
    out["published"] = published
    out["published_how"] = how if published is not None else None
    if published is not None and how == "inferred":
        out["published_tolerance_days"] = draft.get("published_tolerance_days")
    if draft.get("published_evidence") is not None:
        out["published_at"] = attempt(resolve, text, draft["published_evidence"], "published_evidence")
    # dateline
    dateline = draft.get("dateline", None)
    if dateline is None:
        out["dateline"] = None
    elif isinstance(dateline, dict):
        out["dateline"] = {
            "place": attempt(_name, text, dateline["place"], "dateline place") if dateline.get("place") else None,
            "agency": attempt(_name, text, dateline["agency"], "dateline agency") if dateline.get("agency") else None,
        }
    else:
        problems.append("dateline: an object {place, agency} or null")
    # actors
    actors, ids = [], set()
    for i, actor in enumerate(draft.get("actors") or []):
        what = f"actor {i + 1}"
        if not isinstance(actor, dict) or not isinstance(actor.get("id"), str):
            problems.append(f"{what}: an object with an 'id' and 'names'")
            continue
        what = f"actor {actor['id']!r}"
        if actor["id"] in ids:
            problems.append(f"{what}: the id is used twice")
        ids.add(actor["id"])
        names = [attempt(_name, text, name, what) for name in actor.get("names") or []]
        if not names:
            problems.append(f"{what}: no names")
        mentions = [attempt(resolve, text, m, f"{what} mention") for m in actor.get("mentions") or []]
        entry = {"id": actor["id"], "names": names, "optional": bool(actor.get("optional", False))}
        if mentions:
            entry["mentions"] = mentions
        actors.append(entry)
    out["actors"] = actors
    # times
    times = []
    for i, time in enumerate(draft.get("times") or []):
        what = f"time {i + 1}"
        if not isinstance(time, dict):
            problems.append(f"{what}: an object {{text, value}}")
            continue
        if not _valid_iso(time.get("value")):
            problems.append(f"{what}: value {time.get('value')!r} is not an ISO date, month, year, week or interval")
        times.append({"at": attempt(resolve, text, time.get("text"), what), "value": time.get("value")})
    out["times"] = times

    def side(entries: Any, what: str) -> list[dict[str, Any]]:
        if not isinstance(entries, list):
            problems.append(f"{what}: a list of {{actor, mention}} (empty: any actor)")
            return []
        sides = []
        for entry in entries:
            if not isinstance(entry, dict) or entry.get("actor") not in ids:
                problems.append(f"{what}: {entry!r} does not name an actor id of 'actors'")
                continue
            if "mention" not in entry:
                problems.append(f"{what}: {entry['actor']!r} has no 'mention' (the words that name it for this event)")
                continue
            sides.append({"actor": entry["actor"], "at": attempt(resolve, text, entry["mention"], f"{what} mention")})
        return sides

    events = []
    for i, event in enumerate(draft.get("events") or []):
        what = f"event {i + 1}"
        if not isinstance(event, dict):
            problems.append(f"{what}: an object")
            continue
        types = event.get("types")
        if not isinstance(types, list) or not types or any(t not in PLOVER_TYPES for t in types):
            problems.append(f"{what}: types {types!r} must be a list of PLOVER types {PLOVER_TYPES}")
        if event.get("status") not in STATUSES:
            problems.append(f"{what}: status {event.get('status')!r} is not one of {STATUSES}")
        if event.get("date") is not None and not _valid_iso(event.get("date")):
            problems.append(f"{what}: date {event.get('date')!r} is not ISO (or null)")
        frozen = {
            "types": types,
            "trigger": attempt(resolve, text, event.get("trigger"), f"{what} trigger"),
            "source": side(event.get("source", []), f"{what} source"),
            "target": side(event.get("target", []), f"{what} target"),
            "source_also": [attempt(_name, text, n, f"{what} source_also") for n in event.get("source_also") or []],
            "target_also": [attempt(_name, text, n, f"{what} target_also") for n in event.get("target_also") or []],
            "date": event.get("date"),
            "status": event.get("status"),
            "location": attempt(_name, text, event["location"], f"{what} location") if event.get("location") else None,
            "optional": bool(event.get("optional", False)),
        }
        if event.get("note"):
            frozen["note"] = str(event["note"])
        events.append(frozen)
    out["events"] = events
    quotes = []
    for i, quote in enumerate(draft.get("quotes") or []):
        what = f"quote {i + 1}"
        if not isinstance(quote, dict):
            problems.append(f"{what}: an object")
            continue
        if quote.get("kind") not in KINDS:
            problems.append(f"{what}: kind {quote.get('kind')!r} is not one of {KINDS}")
        speaker = quote.get("speaker")
        if speaker is not None and speaker not in ids:
            problems.append(f"{what}: speaker {speaker!r} is not an actor id (null for an unnamed source)")
        first = attempt(resolve, text, quote.get("start"), f"{what} start")
        span = None
        if first is not None:
            if quote.get("end") is None:
                span = list(first)
            else:
                last = attempt(_resolve_after, text, quote["end"], first[0], f"{what} end")
                if last is not None:
                    span = [first[0], last[1]]
        frozen = {
            "at": span,
            "startswith": list(first) if first else None,
            "speaker": speaker,
            "speaker_at": attempt(resolve, text, quote["mention"], f"{what} mention") if quote.get("mention") else None,
            "speaker_also": [attempt(_name, text, n, f"{what} speaker_also") for n in quote.get("speaker_also") or []],
            "kind": quote.get("kind"),
            "optional": bool(quote.get("optional", False)),
        }
        if speaker is not None and frozen["speaker_at"] is None and not quote.get("mention"):
            problems.append(f"{what}: 'mention' (the words that name the speaker for this quote) is required")
        quotes.append(frozen)
    out["quotes"] = quotes
    if problems:
        raise DraftError(problems)
    return out


def _resolve_after(text: str, snippet: Any, after: int, what: str) -> tuple[int, int]:
    """A quote's last words: a plain string is taken at its first occurrence after the quote's start."""
    if isinstance(snippet, str):
        whole, mark_start, mark_end = _split_marked(snippet, text)
        found = _occurrences(text, whole, after)
        if not found:
            raise DatelineError("E307", f"{what}: {snippet!r} is not in the text after the quote's start")
        return _marked(text, found[0], whole, mark_start, mark_end, what)
    span = resolve(text, snippet, what)
    if span[0] < after:
        raise DatelineError("E307", f"{what}: the quote's end lies before its start")
    return span


FAR = 300  # characters between an event's trigger and a side's mention, or a quote and its attribution
LONG_QUOTE = 1500


def _distance(a: list[int], b: list[int]) -> int:
    """Characters between two spans (0 when they overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


def check(draft: dict[str, Any], text: str) -> list[str]:
    """Every problem of a draft (an empty list when it can be frozen), then warnings marked 'warning:'."""
    try:
        frozen = freeze(draft, text)
    except DraftError as err:
        return err.problems
    warnings = []
    used = {s["actor"] for e in frozen["events"] for s in e["source"] + e["target"]} | {
        q["speaker"] for q in frozen["quotes"] if q["speaker"]
    }
    for i, event in enumerate(frozen["events"], 1):
        if not event["source"] and not event["target"]:
            warnings.append(f"warning: event {i} has no side at all: it matches any event of its type")
        if event["types"] and len(event["types"]) > 3:
            warnings.append(f"warning: event {i} offers {len(event['types'])} types")
    for i, quote in enumerate(frozen["quotes"], 1):
        if quote["speaker"] is None and not quote["optional"]:
            warnings.append(f"warning: quote {i} has no named speaker but is not optional")
    for actor in frozen["actors"]:
        if not actor["optional"] and actor["id"] not in used and not actor.get("mentions"):
            pass  # an actor talked about but neither acting nor quoted is normal
    for i, event in enumerate(frozen["events"], 1):
        for role in ("source", "target"):
            for entry in event[role]:
                if event["trigger"] and entry["at"] and _distance(event["trigger"], entry["at"]) > FAR:
                    warnings.append(f"warning: event {i}: the {role} mention lies {_distance(event['trigger'], entry['at'])} "
                                    "characters from the trigger: is it the right occurrence?")
    for i, quote in enumerate(frozen["quotes"], 1):
        if quote["at"] and quote["at"][1] - quote["at"][0] > LONG_QUOTE:
            warnings.append(f"warning: quote {i} runs {quote['at'][1] - quote['at'][0]} characters: is its end the right one?")
        if quote["at"] and quote["speaker_at"] and _distance(quote["at"], quote["speaker_at"]) > FAR:
            warnings.append(f"warning: quote {i}: the speaker mention lies {_distance(quote['at'], quote['speaker_at'])} "
                            "characters from the quote: is it the attribution of this quote?")
    seen: dict[tuple, int] = {}
    for i, event in enumerate(frozen["events"], 1):
        key = (tuple(event["types"] or ()), tuple(event["trigger"] or ()))
        if key in seen:
            warnings.append(f"warning: events {seen[key]} and {i} have the same types and trigger")
        seen[key] = i
    return warnings


# ---------------------------------------------------------------- frozen -> DESIGN gold


def _name_text(text: str, name: list[int] | str) -> str:
    return text[name[0] : name[1]] if isinstance(name, list) else name


def _evidence(text: str, span: list[int] | None, width: int = 60) -> str:
    """A few words around a trigger, within its line, for error listings."""
    if not span:
        return ""
    start, end = span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = max(line_start, start - width), min(line_end, end + width)
    if lo > line_start:
        lo = text.find(" ", lo, start) + 1 or lo
    if hi < line_end:
        cut = text.rfind(" ", end, hi)
        hi = cut if cut > 0 else hi
    return " ".join(text[lo:hi].split())


def dumps(frozen: dict[str, Any]) -> str:
    """Frozen gold as JSON text, one span per line piece ([start, end] kept on one line)."""
    text = json.dumps(frozen, indent=1, ensure_ascii=False)
    return re.sub(r"\[\s*(\d+),\s*(\d+)\s*\]", r"[\1, \2]", text) + "\n"


def rebuild(frozen: dict[str, Any], text: str) -> dict[str, Any]:
    """The DESIGN gold of one frozen article, its names and words read from the text."""
    if frozen.get("text_sha256") and frozen["text_sha256"] != text_hash(text):
        raise DatelineError("E308", f"{frozen.get('set')}:{frozen.get('doc')}: the article text is not the one the gold was frozen on")
    names = {a["id"]: [_name_text(text, n) for n in a["names"]] for a in frozen["actors"]}

    def accepted(sides: list[dict], also: list) -> list[str]:
        out: list[str] = []
        for entry in sides:
            out += [n for n in names[entry["actor"]] if n not in out]
        return out + [n for n in (_name_text(text, a) for a in also) if n not in out]

    dateline = frozen.get("dateline")
    gold: dict[str, Any] = {
        "source": source_name(frozen["set"], frozen["doc"]),
        "set": frozen["set"],
        "published": frozen.get("published"),
        "published_how": frozen.get("published_how"),
    }
    if frozen.get("published_how") == "inferred":
        gold["published_tolerance_days"] = frozen.get("published_tolerance_days", 0)
    gold["dateline"] = None if dateline is None else {
        "place": _name_text(text, dateline["place"]) if dateline.get("place") else None,
        "agency": _name_text(text, dateline["agency"]) if dateline.get("agency") else None,
    }
    gold["actors"] = [names[a["id"]] for a in frozen["actors"] if not a["optional"]]
    gold["actors_optional"] = [names[a["id"]] for a in frozen["actors"] if a["optional"]]
    gold["times"] = [{"text": text[t["at"][0] : t["at"][1]], "value": t["value"]} for t in frozen["times"]]
    gold["events"] = []
    for event in frozen["events"]:
        entry = {
            "types": event["types"],
            "source": accepted(event["source"], event.get("source_also", [])),
            "target": accepted(event["target"], event.get("target_also", [])),
            "date": event.get("date"),
            "status": event["status"],
            "optional": event.get("optional", False),
            "evidence": _evidence(text, event.get("trigger")),
        }
        if event.get("location"):
            entry["location"] = _name_text(text, event["location"])
        gold["events"].append(entry)
    gold["quotes"] = []
    for quote in frozen["quotes"]:
        speaker = list(names[quote["speaker"]]) if quote.get("speaker") else []
        speaker += [n for n in (_name_text(text, a) for a in quote.get("speaker_also", [])) if n not in speaker]
        start, end = quote["startswith"]
        gold["quotes"].append(
            {"speaker": speaker, "startswith": text[start:end], "kind": quote["kind"], "optional": quote.get("optional", False)}
        )
    return gold


# ---------------------------------------------------------------- the corpus on disk


def load_manifest(corpus_dir: Path = DEFAULT_CORPUS) -> dict[str, Any]:
    path = Path(corpus_dir) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DatelineError("E308", f"{path}: cannot read the corpus manifest ({err})") from err


def manifest_entry(manifest: dict[str, Any], set_name: str, doc: str) -> dict[str, Any]:
    for entry in manifest["documents"]:
        if entry["set"] == set_name and entry["doc"] == doc:
            return entry
    raise DatelineError("E308", f"{set_name}:{doc} is not in the corpus manifest")


def frozen_files(corpus_dir: Path = DEFAULT_CORPUS, split: str | None = None, batch: int | None = None,
                 folder: str = "gold") -> list[Path]:
    """The frozen gold files of a split (all splits when None), of one batch when given, in manifest order."""
    manifest = load_manifest(corpus_dir)
    out = []
    for entry in manifest["documents"]:
        if split is not None and entry["split"] != split:
            continue
        if batch is not None and entry["batch"] != batch:
            continue
        path = Path(corpus_dir) / folder / entry["split"] / gold_name(entry["set"], entry["doc"])
        if path.is_file():
            out.append(path)
    return out


def read_frozen(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DatelineError("E308", f"{path}: cannot read the frozen gold ({err})") from err
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DatelineError("E308", f"{path}: not frozen corpus gold (format {FORMAT!r})")
    return data


def load_corpus_gold(bench_dir: Path, paths: list[Path]) -> tuple[list[dict], dict[str, str]]:
    """(DESIGN gold of each frozen file, {source name: text}), the texts read from the benchmark folder."""
    frozen = [read_frozen(p) for p in paths]
    ecbplus = ecbplus_texts(bench_dir) if any(f["set"] == "ecbplus" for f in frozen) else None
    gold, texts = [], {}
    for entry in frozen:
        text = bench_text(Path(bench_dir), entry["set"], entry["doc"], ecbplus)
        gold.append(rebuild(entry, text))
        texts[source_name(entry["set"], entry["doc"])] = text
    return gold, texts


# ---------------------------------------------------------------- scoring


def score_corpus(bench_dir: Path, corpus_dir: Path, resources, split: str | None = "test", batch: int | None = None):
    """Run the pipeline over the frozen articles of a split (and batch); an ``evaluate`` report per set and in all.

    Each article goes through ``pipeline.analyze_one`` alone, as the quote benchmark's do
    (its dateline read from the text as ingest reads it). ``None`` when no article is frozen yet.
    """
    paths = frozen_files(corpus_dir, split, batch)
    if not paths:
        return None
    gold, texts = load_corpus_gold(bench_dir, paths)
    return score_texts(gold, texts, resources)


def summary(reports) -> dict[str, dict[str, Any]]:
    """The figures issue 13 reports, per set: events strict and loose F1, date and status accuracy,
    quotes F1 and speaker accuracy, actors F1 (with the counts behind them)."""
    out = {}
    for name, report in reports.items():
        d = report.as_dict()
        out[name] = {
            "documents": d["documents"],
            "events_f1": d["events"]["f1"],
            "events_loose_f1": d["events_loose"]["f1"],
            "event_date_accuracy": d["events"]["date_accuracy"],
            "event_status_accuracy": d["events"]["status_accuracy"],
            "quotes_f1": d["quotes"]["f1"],
            "speaker_accuracy": d["quotes"]["speaker_accuracy"],
            "actors_f1": d["actors"]["f1"],
            "events": {k: d["events"][k] for k in ("tp", "fp", "fn")},
            "events_loose": {k: d["events_loose"][k] for k in ("tp", "fp", "fn")},
            "quotes": {k: d["quotes"][k] for k in ("tp", "fp", "fn")},
            "actors": {k: d["actors"][k] for k in ("tp", "fp", "fn")},
        }
    return out


def format_summary(rows: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'set':10} {'docs':>5} {'events':>7} {'loose':>7} {'date':>6} {'status':>7} {'quotes':>7} {'speaker':>8} {'actors':>7}"]
    for name, row in rows.items():
        lines.append(
            f"{name:10} {row['documents']:5d} {row['events_f1']:7.3f} {row['events_loose_f1']:7.3f} "
            f"{row['event_date_accuracy']:6.3f} {row['event_status_accuracy']:7.3f} {row['quotes_f1']:7.3f} "
            f"{row['speaker_accuracy']:8.3f} {row['actors_f1']:7.3f}"
        )
    lines.append("events, loose, quotes, actors: F1; date, status: accuracy among matched events; speaker: among matched quotes")
    return "\n".join(lines)


# ---------------------------------------------------------------- agreement between two annotators


def as_system(frozen: dict[str, Any], text: str) -> dict[str, Any]:
    """One annotator's frozen gold as a system record of the output contract, to score it against another's.

    Each required event becomes a system event of its first (preferred) type whose sides carry every
    accepted name (one pseudo actor per name); optional events are left out, as a system's
    doubtful output would be. Quotes carry the text of their span and their speaker's first name.
    """
    gold = rebuild(frozen, text)
    actors: dict[str, str] = {}

    def ids(names: list[str]) -> list[str]:
        out = []
        for name in names:
            key = actors.setdefault(name, f"n{len(actors)}")
            out.append(key)
        return out

    events = []
    for event in gold["events"]:
        if event["optional"]:
            continue
        events.append({
            "type": event["types"][0],
            "source": ids(event["source"]),
            "target": ids(event["target"]),
            "date": {"start": event["date"], "end": event["date"]},
            "status": event["status"],
            "evidence": {"text": event["evidence"]},
        })
    quotes = []
    for quote, frozen_quote in zip(gold["quotes"], frozen["quotes"]):
        if quote["optional"]:
            continue
        start, end = frozen_quote["at"]
        quotes.append({"text": text[start:end], "speaker": ids(quote["speaker"][:1])[0] if quote["speaker"] else None})
    record = {
        "source": gold["source"],
        "published": {"date": gold["published"]},
        "dateline": gold["dateline"],
        "actors": [{"id": key, "name": name} for name, key in actors.items()],
        "times": [],
        "events": events,
        "quotes": quotes,
    }
    for names in gold["actors"]:
        record["actors"].append({"id": f"a{len(record['actors'])}", "name": names[0]})
    return record


def agreement(first: dict[str, Any], second: dict[str, Any], text: str) -> dict[str, Any]:
    """How far two annotators of one article agree (GUIDE.md, section 11).

    - ``events`` / ``events_loose``: the counts of each annotator's required events scored with
      ``evaluate`` against the other's gold, both ways (``b_vs_a``, ``a_vs_b``);
    - ``types``: among event mentions whose triggers overlap, how many share a type;
    - ``quotes``: quotes of the first annotator (required) whose first words lie in a quote span of the
      second, and how many of those the second gave a speaker among the first's accepted names
      (a quote both left without a named speaker agrees).
    """
    from ..evaluate import evaluate

    out: dict[str, Any] = {}
    gold = {"a": rebuild(first, text), "b": rebuild(second, text)}
    system = {"a": as_system(first, text), "b": as_system(second, text)}
    for name, (g, s) in {"b_vs_a": ("a", "b"), "a_vs_b": ("b", "a")}.items():
        report = evaluate([gold[g]], [system[s]])
        out[name] = {"events": report.events.as_dict(), "events_loose": report.events_loose.as_dict()}
    same_type = overlapping = 0
    for event in first["events"]:
        for other in second["events"]:
            a, b = event.get("trigger"), other.get("trigger")
            if a and b and a[0] < b[1] and b[0] < a[1]:
                overlapping += 1
                same_type += bool(set(event["types"]) & set(other["types"]))
                break
    out["types"] = {"overlapping_triggers": overlapping, "same_type": same_type}
    found = agree = required = 0
    for quote, rebuilt in zip(first["quotes"], gold["a"]["quotes"]):
        if quote.get("optional"):
            continue
        required += 1
        start = quote["startswith"][0]
        matches = [(q, r) for q, r in zip(second["quotes"], gold["b"]["quotes"]) if q["at"][0] <= start < q["at"][1]]
        if not matches:
            continue
        found += 1
        wanted = {_fold(n) for n in rebuilt["speaker"]}
        given = {_fold(n) for _, r in matches for n in r["speaker"]}
        agree += (not wanted and not given) or bool(wanted & given)
    out["quotes"] = {"required": required, "found": found, "speaker_agree": agree}
    return out


def _fold(name: str) -> str:
    from ..evaluate import norm

    return norm(name)
