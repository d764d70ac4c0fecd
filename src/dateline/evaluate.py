"""Scoring of contract JSONL output against gold annotations in the DESIGN.md format.

Matching is by meaning, not by offsets (DESIGN.md, "Gold annotations and scoring"):
actors by name, times by text containment then value, events by type and overlapping
source/target names (either way round for CONSULT, AGREE and COOPERATE), quotes by the
gold's first words contained in the system's quote text. Optional gold items count
neither as misses nor as false alarms.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable

from .errors import DatelineError

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
RELIABILITY_THRESHOLDS = (0.5, 0.7, 0.9)  # the confidences the reliability table reads precision at


@dataclass
class Counts:
    """True positives, false positives and false negatives of one part."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1


@dataclass
class Report:
    """The scores of one evaluation, with what went wrong per document."""

    documents: int = 0
    missing: list[str] = field(default_factory=list)
    published: Ratio = field(default_factory=Ratio)
    dateline: Ratio = field(default_factory=Ratio)
    actors: Counts = field(default_factory=Counts)
    times: Counts = field(default_factory=Counts)
    time_values: Ratio = field(default_factory=Ratio)
    events: Counts = field(default_factory=Counts)
    # type right and at least one side overlapping either gold side (DESIGN: "scored loosely")
    events_loose: Counts = field(default_factory=Counts)
    event_dates: Ratio = field(default_factory=Ratio)
    event_status: Ratio = field(default_factory=Ratio)
    quotes: Counts = field(default_factory=Counts)
    quote_speakers: Ratio = field(default_factory=Ratio)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # every system event and quote with whether it is right: (kind, source, item, right). An event
    # is right when paired with a gold event as events F1 pairs them; a quote when it holds a gold
    # quote's first words and names that quote's speaker. Calibration learns from these.
    verdicts: list[tuple[str, str, dict[str, Any], bool]] = field(default_factory=list)

    def reliability(self) -> dict[str, dict[str, dict[str, float]]]:
        """Per kind ("events", "quotes"), the precision among the items of confidence >= each threshold."""
        table: dict[str, dict[str, dict[str, float]]] = {}
        for kind in ("events", "quotes"):
            judged = [(item.get("confidence") or 0.0, right) for k, _, item, right in self.verdicts if k == kind]
            rows = {}
            for threshold in (0.0, *RELIABILITY_THRESHOLDS):
                kept = [right for confidence, right in judged if confidence >= threshold]
                rows[f">={threshold}"] = {"items": len(kept), "precision": round(sum(kept) / len(kept), 4) if kept else 0.0}
            table[kind] = rows
        return table

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "missing": self.missing,
            "published": {"accuracy": round(self.published.value, 4), "total": self.published.total},
            "dateline": {"accuracy": round(self.dateline.value, 4), "total": self.dateline.total},
            "actors": self.actors.as_dict(),
            "times": {**self.times.as_dict(), "value_accuracy": round(self.time_values.value, 4)},
            "events": {
                **self.events.as_dict(),
                "date_accuracy": round(self.event_dates.value, 4),
                "status_accuracy": round(self.event_status.value, 4),
            },
            "events_loose": self.events_loose.as_dict(),
            "quotes": {**self.quotes.as_dict(), "speaker_accuracy": round(self.quote_speakers.value, 4)},
            "reliability": self.reliability(),
            "errors": self.errors,
        }


def norm(text: str) -> str:
    """Compare names and quote words: accents, case, quote marks, dashes and spacing folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”«»„\"]", "", text)
    text = re.sub(r"[‐-―-]", "-", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def _names(entry: Iterable[str]) -> set[str]:
    return {norm(name) for name in entry}


def _interval(value: str | None) -> tuple[date, date] | None:
    """The days an ISO value covers: '2025-05' -> May 1..31, '1939/1945' -> 1939-01-01..1945-12-31."""
    if not value:
        return None
    if "/" in value:
        first, last = value.split("/", 1)
        a, b = _interval(first), _interval(last)
        return (a[0], b[1]) if a and b else None
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value.strip())
    if week:  # ISO week: Monday to Sunday
        monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        return monday, monday + timedelta(days=6)
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    if day:
        d = date(year, int(month), int(day))
        return d, d
    if month:
        start = date(year, int(month), 1)
        end = (date(year + (month == "12"), int(month) % 12 + 1, 1)) - timedelta(days=1)
        return start, end
    return date(year, 1, 1), date(year, 12, 31)


def same_time_value(system: str, gold: str) -> bool:
    """Equal ISO values, or two spellings of the same days ('2023-W04' and '2023-01-23/2023-01-29').

    A time of day matches the day it falls on ('2025-05-08T12:00', '2025-05-08TMO' and '2025-05-08'),
    which is what a gold annotating days gives it.
    """
    if system == gold:
        return True
    if "T" in system and "T" not in gold and system.split("T")[0] == gold:
        return True
    a, b = _interval(system), _interval(gold)
    return a is not None and a == b and ("W" in system or "W" in gold)


def date_within(system_start: str | None, system_end: str | None, gold: str | None) -> bool:
    """True when the system's interval lies within the gold one, a day's slack either side."""
    gold_span = _interval(gold)
    start, end = _interval(system_start), _interval(system_end or system_start)
    if gold_span is None or start is None or end is None:
        return False
    slack = timedelta(days=1)
    return gold_span[0] - slack <= start[0] and end[1] <= gold_span[1] + slack


def _published_ok(gold: dict[str, Any], system: dict[str, Any]) -> bool:
    got = (system.get("published") or {}).get("date")
    want = gold.get("published")
    if not want or not got:
        return want == got
    tolerance = gold.get("published_tolerance_days", 0) if gold.get("published_how") == "inferred" else 0
    try:
        delta = abs((date.fromisoformat(got) - date.fromisoformat(want)).days)
    except ValueError:
        return False
    return delta <= tolerance


def _score_actors(gold: dict, system: dict, report: Report, errors: dict) -> None:
    required = [_names(entry) for entry in gold.get("actors", [])]
    optional = [_names(entry) for entry in gold.get("actors_optional", [])]
    found = [False] * len(required)
    for actor in system.get("actors", []):
        name = norm(actor["name"])
        hits = [i for i, names in enumerate(required) if name in names]
        free = [i for i in hits if not found[i]]
        if free:
            found[free[0]] = True
            report.actors.tp += 1
        elif not hits and any(name in names for names in optional):
            continue
        else:  # unknown to the gold, or a second actor for one already matched (a missed merge)
            report.actors.fp += 1
            errors.setdefault("actors_extra", []).append(actor["name"])
    for i, ok in enumerate(found):
        if not ok:
            report.actors.fn += 1
            errors.setdefault("actors_missed", []).append(gold["actors"][i][0])


def on_the_calendar(time: dict) -> bool:
    """A time the gold annotates: a date, time of day or interval; not a bare length ("P5Y"), a set or "now"."""
    value = time.get("value") or ""
    return time.get("type") != "SET" and not value.startswith(("P", "R", "X")) and not value.endswith("_REF")


def _score_times(gold: dict, system: dict, report: Report, errors: dict) -> None:
    gold_times = gold.get("times", [])
    matched = [[] for _ in gold_times]
    for time in filter(on_the_calendar, system.get("times", [])):
        text = norm(time["text"])
        hits = [i for i, g in enumerate(gold_times) if norm(g["text"]) in text or text in norm(g["text"])]
        if hits:
            for i in hits:
                matched[i].append(time["value"])
        else:
            report.times.fp += 1
            errors.setdefault("times_extra", []).append(f'{time["text"]} = {time["value"]}')
    report.times.tp += sum(1 for values in matched if values)
    for g, values in zip(gold_times, matched):
        if not values:
            report.times.fn += 1
            errors.setdefault("times_missed", []).append(g["text"])
            continue
        ok = any(same_time_value(value, g["value"]) for value in values)
        report.time_values.add(ok)
        if not ok:
            errors.setdefault("time_values_wrong", []).append(f'{g["text"]}: {values} != {g["value"]}')


def _side_ok(system_names: set[str], gold_names: list[str]) -> bool:
    return not gold_names or bool(system_names & _names(gold_names))


def _event_matches(event: dict, gold_event: dict, names_of: dict[str, str]) -> bool:
    if event["type"] not in gold_event["types"]:
        return False
    source = {norm(names_of.get(i, i)) for i in event.get("source", [])}
    target = {norm(names_of.get(i, i)) for i in event.get("target", [])}
    if not source and not target:
        return False
    if _side_ok(source, gold_event["source"]) and _side_ok(target, gold_event["target"]):
        return True
    return event["type"] in SYMMETRIC_TYPES and (
        _side_ok(target, gold_event["source"]) and _side_ok(source, gold_event["target"])
    )


def _event_matches_loosely(event: dict, gold_event: dict, names_of: dict[str, str]) -> bool:
    """Type right and at least one system side overlapping either gold side (an empty gold side accepts any)."""
    if event["type"] not in gold_event["types"]:
        return False
    sides = {norm(names_of.get(i, i)) for i in list(event.get("source", [])) + list(event.get("target", []))}
    if not sides:
        return False
    return any(_side_ok(sides, gold_event[side]) for side in ("source", "target"))


def _pair_events(gold_events: list[dict], events: list[dict], names_of: dict[str, str], matches=None) -> dict[int, int]:
    """Pair gold and system events one to one, as many as possible (augmenting paths).

    Required gold events are paired first, so an optional one never takes a system event
    a required one needs. How many pair does not depend on the order candidates are tried in;
    which pair does. So that date and status are judged on the event the gold means, the pairs
    are then improved, without unpairing any, towards system events whose evidence holds the gold
    evidence's words (the same sentence), then the right date, then the right status: by moving
    a gold event to a free candidate or swapping two gold events' partners while that gains.
    """
    def rank(gold_event: dict, event: dict) -> tuple:
        date_ok = not gold_event.get("date") or date_within(event["date"]["start"], event["date"]["end"], gold_event["date"])
        found = norm((event.get("evidence") or {}).get("text") or "")
        pieces = [norm(p) for p in re.split(r";|\.\.\.|…", gold_event.get("evidence") or "")]
        same_sentence = any(len(p.split()) >= 3 and p in found for p in pieces)
        return (not same_sentence, not date_ok, event["status"] != gold_event.get("status"), -event.get("confidence", 0))

    matches = matches or _event_matches
    candidates = {
        i: sorted((j for j, e in enumerate(events) if matches(e, g, names_of)), key=lambda j: rank(g, events[j]))
        for i, g in enumerate(gold_events)
    }
    owner: dict[int, int] = {}  # system index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    # Augmenting never unpairs a gold event, so required ones first keeps them all paired.
    for optional in (False, True):
        for i, gold_event in enumerate(gold_events):
            if gold_event.get("optional", False) == optional:
                augment(i, set())
    pairs = {i: j for j, i in owner.items()}

    def closeness(i: int, j: int) -> int:
        far, date_wrong, status_wrong, _ = rank(gold_events[i], events[j])
        return -(4 * far + 2 * date_wrong + status_wrong)

    improved = True
    while improved:  # each change raises the summed closeness, so this ends
        improved = False
        for i in list(pairs):
            free = [j for j in candidates[i] if j not in owner and closeness(i, j) > closeness(i, pairs[i])]
            if free:
                del owner[pairs[i]]
                pairs[i] = max(free, key=lambda j: closeness(i, j))
                owner[pairs[i]] = i
                improved = True
        for i in list(pairs):
            for k in list(pairs):
                mine, theirs = pairs[i], pairs[k]
                if i < k and theirs in candidates[i] and mine in candidates[k] and (
                    closeness(i, theirs) + closeness(k, mine) > closeness(i, mine) + closeness(k, theirs)
                ):
                    pairs[i], pairs[k], owner[theirs], owner[mine] = theirs, mine, i, k
                    improved = True
    return pairs


def _score_events(gold: dict, system: dict, report: Report, errors: dict) -> None:
    names_of = {actor["id"]: actor["name"] for actor in system.get("actors", [])}
    events = system.get("events", [])
    gold_events = gold.get("events", [])
    pairs = _pair_events(gold_events, events, names_of)
    for i, gold_event in enumerate(gold_events):
        optional = gold_event.get("optional", False)
        if i not in pairs:
            if not optional:
                report.events.fn += 1
                errors.setdefault("events_missed", []).append(
                    f'{"/".join(gold_event["types"])}: {gold_event.get("evidence", "")}'
                )
            continue
        if optional:
            continue
        event = events[pairs[i]]
        report.events.tp += 1
        if gold_event.get("date"):
            ok = date_within(event["date"]["start"], event["date"]["end"], gold_event["date"])
            report.event_dates.add(ok)
            if not ok:
                errors.setdefault("event_dates_wrong", []).append(
                    f'{event["type"]} {event["date"]} != {gold_event["date"]}'
                )
        ok = event["status"] == gold_event.get("status")
        report.event_status.add(ok)
        if not ok:
            errors.setdefault("event_status_wrong", []).append(
                f'{event["type"]} {event["status"]} != {gold_event.get("status")}'
            )
    loose = _pair_events(gold_events, events, names_of, _event_matches_loosely)
    for i, gold_event in enumerate(gold_events):
        if not gold_event.get("optional", False):
            if i in loose:
                report.events_loose.tp += 1
            else:
                report.events_loose.fn += 1
    report.events_loose.fp += len(events) - len(loose)
    used = set(pairs.values())
    for j, event in enumerate(events):
        report.verdicts.append(("events", system.get("source", ""), event, j in used))
        if j not in used:
            report.events.fp += 1
            sides = [names_of.get(i, i) for i in event.get("source", [])], [
                names_of.get(i, i) for i in event.get("target", [])
            ]
            errors.setdefault("events_extra", []).append(
                f'{event["type"]} {sides[0]} -> {sides[1]}: {event["evidence"]["text"][:80]}'
            )


def _score_quotes(gold: dict, system: dict, report: Report, errors: dict) -> None:
    names_of = {actor["id"]: actor["name"] for actor in system.get("actors", [])}
    quotes = system.get("quotes", [])
    texts = [norm(q["text"]) for q in quotes]
    used = [False] * len(quotes)
    right = [False] * len(quotes)
    for gold_quote in gold.get("quotes", []):
        words = norm(gold_quote["startswith"])
        hits = [j for j, text in enumerate(texts) if words in text]
        optional = gold_quote.get("optional", False)
        for j in hits:
            used[j] = True
            right[j] = right[j] or norm(names_of.get(quotes[j]["speaker"] or "", "")) in _names(gold_quote["speaker"])
        if not hits:
            if not optional:
                report.quotes.fn += 1
                errors.setdefault("quotes_missed", []).append(gold_quote["startswith"])
            continue
        if optional:
            continue
        report.quotes.tp += 1
        speakers = {norm(names_of.get(quotes[j]["speaker"] or "", "")) for j in hits}
        ok = bool(speakers & _names(gold_quote["speaker"]))
        report.quote_speakers.add(ok)
        if not ok:
            errors.setdefault("quote_speakers_wrong", []).append(
                f'{gold_quote["startswith"][:40]}: {sorted(speakers)} != {gold_quote["speaker"][0]}'
            )
    for j, quote in enumerate(quotes):
        report.verdicts.append(("quotes", system.get("source", ""), quote, right[j]))
        if not used[j]:
            report.quotes.fp += 1
            errors.setdefault("quotes_extra", []).append(quote["text"][:80])


def evaluate(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> Report:
    """Score system contract records against gold annotations (matched by source file name)."""
    by_source = {Path(record["source"]).name: record for record in system}
    report = Report()
    for gold_doc in gold:
        name = Path(gold_doc["source"]).name
        record = by_source.get(name)
        report.documents += 1
        if record is None:
            report.missing.append(name)
            record = {"source": name, "published": {}, "actors": [], "times": [], "events": [], "quotes": []}
        errors: dict[str, Any] = {}
        ok = _published_ok(gold_doc, record)
        report.published.add(ok)
        if not ok:
            errors["published_wrong"] = f'{(record.get("published") or {}).get("date")} != {gold_doc.get("published")}'
        if "dateline" in gold_doc:
            want, got = gold_doc["dateline"], record.get("dateline")
            ok = (want is None and got is None) or (
                bool(want) and bool(got)
                and norm(want.get("place") or "") == norm(got.get("place") or "")
                and norm(want.get("agency") or "") == norm(got.get("agency") or "")
            )
            report.dateline.add(ok)
            if not ok:
                errors["dateline_wrong"] = f"{got} != {want}"
        _score_actors(gold_doc, record, report, errors)
        _score_times(gold_doc, record, report, errors)
        _score_events(gold_doc, record, report, errors)
        _score_quotes(gold_doc, record, report, errors)
        if errors:
            report.errors.append({"source": name, **errors})
    return report


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold file (a JSON list of annotations in the DESIGN format)."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DatelineError("E301", f"{path}: {err}") from err
    if not isinstance(gold, list) or not all(isinstance(g, dict) and "source" in g for g in gold):
        raise DatelineError("E301", f"{path}: expected a JSON list of objects with a 'source'")
    return gold


def load_system(path: str | Path) -> list[dict[str, Any]]:
    """Read system output (JSON lines in the output contract)."""
    records = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise DatelineError("E302", f"{path}: {err}") from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            raise DatelineError("E302", f"{path}:{number}: not JSON ({err})") from err
        if not isinstance(record, dict) or "source" not in record:
            raise DatelineError("E302", f"{path}:{number}: not a contract record (no 'source')")
        records.append(record)
    return records


def check_floors(report: Report, floors: dict[str, float]) -> list[str]:
    """The floors (e.g. {"actors.f1": 0.9}) that the report falls below, as messages."""
    scores = report.as_dict()
    failures = []
    for key, floor in floors.items():
        value: Any = scores
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            failures.append(f"{key}: no such score")
        elif value < floor:
            failures.append(f"{key} = {value:.4f} is below the floor {floor}")
    return failures


def format_report(report: Report) -> str:
    """A plain-text table of the scores."""
    d = report.as_dict()
    rows = [f"documents: {d['documents']}" + (f" (missing from system output: {', '.join(d['missing'])})" if d["missing"] else "")]
    rows.append(f"published date accuracy: {d['published']['accuracy']:.3f} ({d['published']['total']} documents)")
    rows.append(f"dateline accuracy:       {d['dateline']['accuracy']:.3f}")
    rows.append("")
    rows.append(f"{'part':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}  other")
    extras = {
        "actors": "",
        "times": f"value accuracy {d['times']['value_accuracy']:.3f}",
        "events": f"date accuracy {d['events']['date_accuracy']:.3f}, status accuracy {d['events']['status_accuracy']:.3f}",
        "quotes": f"speaker accuracy {d['quotes']['speaker_accuracy']:.3f}",
    }
    for part, extra in extras.items():
        c = d[part]
        rows.append(
            f"{part:<8} {c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}  {extra}"
        )
        if part == "events":
            c = d["events_loose"]
            rows.append(
                f"{'  loose':<8} {c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}"
                "  type right and one side (either gold side)"
            )
    rows.append("")
    rows.append(format_reliability(report))
    return "\n".join(rows)


def format_reliability(report: Report) -> str:
    """The reliability table: how many events and quotes reach each confidence, and how many of them are right."""
    table = report.reliability()
    heads = list(table["events"])
    rows = [f"{'confidence':<10} " + " ".join(f"{h:>15}" for h in heads)]
    for kind, cells in table.items():
        rows.append(f"{kind:<10} " + " ".join(f"{c['precision']:>8.3f} ({c['items']:>4})" for c in cells.values()))
    rows.append("precision among the items at or above each confidence (their number in brackets)")
    return "\n".join(rows)
