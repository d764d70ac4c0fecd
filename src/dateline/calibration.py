"""Confidence that means something: the chance that an event or quote is right, learned from the dev split.

The events stage scores each event by hand-set weights (an explicit doer, a read target, a
date in its clause...), and the quotes stage gives none. Neither is a probability. This last
step of the chain replaces both with one: a logistic regression per kind over what the record
shows (its raw score, its type and status, which sides are filled and by what kind of actor; a
quote's kind, cue and speaker), fitted on the annotated corpus's dev split by
``scripts/calibrate.py``, where an event is right when ``dateline eval`` pairs it with a gold
event (type, source and target) and a quote when it holds a gold quote and names its speaker.
So among events of confidence 0.7 about seven in ten are right on news like the dev split's,
and ``--min-confidence`` trades recall for precision knowingly. The README's reliability
table checks it on the test split.

The model is ``data/models/calibration.json``; ``Settings.calibrate=False`` leaves the raw
scores (the fitting script needs them).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from .records import Actor, Analysis, Event, Quote

COMMON_CUES = ("said", "says", "told", "according to", "added", "stated", "announced", "asked")


@dataclass(frozen=True)
class Logistic:
    """A logistic regression over named features: P(right) = sigmoid(bias + sum of weight * value)."""

    bias: float
    weights: Mapping[str, float]

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Calibration:
    events: Logistic
    quotes: Logistic
    about: Mapping[str, Any]  # what it was fitted on, and when


def _kind_of(actor_ids: Iterable[str], actors: Mapping[str, Actor]) -> str:
    kinds = sorted({actors[i].kind for i in actor_ids if i in actors})
    return kinds[0] if len(kinds) == 1 else ("none" if not kinds else "mixed")


def event_features(event: Event, actors: Mapping[str, Actor]) -> dict[str, float]:
    """What an event's record shows, as features. ``event.confidence`` must be the events stage's raw score."""
    features = {
        "raw": event.confidence,
        "no_source": float(not event.source),
        "no_target": float(not event.target),
        "many_actors": float(len(event.source) + len(event.target) > 2),
        f"type={event.type}": 1.0,
        f"status={event.status}": 1.0,
        f"source={_kind_of(event.source, actors)}": 1.0,
        f"target={_kind_of(event.target, actors)}": 1.0,
        "dated": float(event.date_start is not None),
        "placed": float(event.location is not None),
    }
    return features


def quote_features(quote: Quote, actors: Mapping[str, Actor]) -> dict[str, float]:
    """What a quote's record shows, as features."""
    cue = (quote.cue or "").casefold()
    cue = cue if cue in COMMON_CUES else ("none" if not cue else "other")
    speaker = actors.get(quote.speaker) if quote.speaker else None
    return {
        f"kind={quote.kind}": 1.0,
        f"cue={cue}": 1.0,
        f"speaker={speaker.kind if speaker else 'none'}": 1.0,
        "new_speaker": float(bool(quote.speaker) and quote.speaker.startswith("new:")),
        "length": math.log1p(len(quote.text)) / 5.0,
        "parts": float(bool(quote.parts)),
    }


def calibrate(analysis: Analysis, calibration: Calibration | None) -> Analysis:
    """The analysis with each event's and quote's confidence replaced by its calibrated probability."""
    if calibration is None:
        return analysis
    actors = {actor.id: actor for actor in analysis.actors}
    events = tuple(
        replace(event, confidence=round(calibration.events.probability(event_features(event, actors)), 3))
        for event in analysis.events
    )
    quotes = tuple(
        replace(quote, confidence=round(calibration.quotes.probability(quote_features(quote, actors)), 3))
        for quote in analysis.quotes
    )
    return replace(analysis, events=events, quotes=quotes)


# ---------------------------------------------------------------- fitting and files


def fit(samples: list[tuple[dict[str, float], bool]], l2: float = 1.0, rounds: int = 50) -> Logistic:
    """A logistic regression fitted by Newton's method with an L2 penalty ``l2`` on the weights (not the bias)."""
    import numpy as np

    names = sorted({name for features, _ in samples for name in features})
    x = np.zeros((len(samples), len(names) + 1))
    x[:, 0] = 1.0
    column = {name: k + 1 for k, name in enumerate(names)}
    for row, (features, _) in enumerate(samples):
        for name, value in features.items():
            x[row, column[name]] = value
    y = np.array([1.0 if right else 0.0 for _, right in samples])
    penalty = np.full(len(names) + 1, l2)
    penalty[0] = 0.0
    w = np.zeros(len(names) + 1)
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(float(w[0]), {name: round(float(w[column[name]]), 6) for name in names})


def dump(calibration: Calibration, path: Path) -> None:
    data = {
        "about": dict(calibration.about),
        "events": {"bias": calibration.events.bias, "weights": dict(calibration.events.weights)},
        "quotes": {"bias": calibration.quotes.bias, "weights": dict(calibration.quotes.weights)},
    }
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load(path: Path) -> Calibration:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Calibration(
        events=Logistic(data["events"]["bias"], data["events"]["weights"]),
        quotes=Logistic(data["quotes"]["bias"], data["quotes"]["weights"]),
        about=data.get("about", {}),
    )
