"""Learned event detection: events the rules find a trigger for but do not code, recovered with
the argument chooser's sides when a classifier says they are real.

The events stage's rules drop a trigger when a side they require is missing ("three soldiers were
killed", "the meeting", "was arrested on Friday": no doer or no other side in the clause), and
they never see a verb or noun their lexicon lacks. For each such trigger (a lexicon trigger the
rules dropped for a missing side, or a word the learned trigger typer types), the events stage
builds a candidate event with whatever sides the rules read, and the learned argument chooser
(``learned.arguments``) fills the empty sides among the actors around the trigger. A logistic
regression over the trigger (word, type, how it was found, parse, status) and the chosen sides
(who filled each, what kind of actor, where, how far the ranker's choice led choosing no one)
gives the chance that the candidate is a real event with those sides; the candidate is kept at
or above the model's ``threshold``, chosen on the corpus's dev split.

The model is trained by ``scripts/train_detection.py`` on the train split and shipped as
``data/models/detection.json.gz``; it needs the argument chooser and, for words the lexicon
lacks, the trigger typer's weights (``data/models/triggers.json.gz``), which it reads whether or
not the typer itself runs beside the rules.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import replace
from itertools import repeat
from pathlib import Path
from typing import Sequence

from .arguments import FORMAT as ARGUMENT_FORMAT
from .arguments import ROLES, ArgumentModel, DocumentContext, choose_explained
from .modelfile import read_model, write_model
from .triggers import NONE

FORMAT = "dateline-detection-model"
# What of a chosen candidate's own description the classifier reads (the ranker's feature names).
CANDIDATE_PARTS = ("rule", "kind", "label", "sent", "dist", "path", "dep", "prep", "word", "speaker", "no_mention", "home_of_rules")


def _bucket(value: float) -> str:
    for limit in (-4, -2, -1, 0, 1, 2, 4, 8):
        if value <= limit:
            return str(limit)
    return "more"


def typer_reading(typer, token) -> tuple[str, float]:
    """The trigger typer's best type for ``token`` and its lead over no event (NONE, 0 without one)."""
    return typer.reading(token)


def features(trigger, proposed, chosen, choices: dict, origin: str, lead: float, in_quote: bool, stance: bool) -> list[str]:
    """What the classifier reads of one candidate event: its trigger, how it was found, and its sides
    (``proposed``: the event as the rules built it; ``chosen``: with the argument chooser's sides)."""
    type_ = chosen.type
    lemma = trigger.lemma_.lower()
    found = [
        "bias",
        f"origin={origin}",
        f"type={type_}",
        f"origin={origin}|{type_}",
        f"lemma={lemma}",
        f"lemma={lemma}|{type_}",
        f"pos={trigger.pos_}",
        f"pos={trigger.pos_}|{type_}",
        f"dep={trigger.dep_}",
        f"dep={trigger.dep_}|{trigger.pos_}",
        f"status={chosen.status}",
        f"status={chosen.status}|{type_}",
        f"mode={chosen.mode}",
        f"quote={in_quote}",
        f"stance={stance}",
    ]
    if origin == "typer":
        found.append(f"lead={_bucket(lead)}")
    filled = []
    for role in ROLES:
        before, after = getattr(proposed, role), getattr(chosen, role)
        how = "rules" if before and before == after else "chosen" if after else "none"
        filled.append(how)
        found += [f"{role}={how}", f"{role}={how}|{type_}", f"{role}={how}|{origin}"]
        choice = choices.get(role)
        if choice is None or choice.candidate is None:
            continue
        found.append(f"{role}_lead={_bucket(choice.score - choice.none_score)}")
        for feat in choice.candidate.features:
            name = feat.split("=", 1)[0].split("|", 1)[0]
            if name in CANDIDATE_PARTS:
                found.append(f"{role}:{feat}")
    found.append(f"sides={'|'.join(filled)}")
    found.append(f"sides={'|'.join(filled)}|{type_}")
    return found


class DetectionModel:
    """The classifier's weights and bias, the ``threshold`` (a probability) at which a candidate is
    kept, the lead over no event a word the lexicon lacks needs before the typer's type makes it a
    candidate (``typer_lead``), the trigger typer itself (``typer``; None: lexicon triggers only), and
    ``sides``: the argument chooser's weights trained on candidates like these, whose sides the rules
    mostly leave empty (None: the chain's own argument chooser chooses)."""

    def __init__(
        self, weights: dict[str, float], bias: float, threshold: float = 0.5, typer_lead: float = 0.0, typer=None,
        sides: ArgumentModel | None = None,
    ):
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.typer_lead = typer_lead
        self.typer = typer
        self.sides = sides

    def probability(self, feats: Sequence[str]) -> float:
        return _sigmoid(self.bias + sum(map(self.weights.get, feats, repeat(0.0))))

    def for_document(self, doc, mentions, cast, quotes, arguments) -> "Detector":
        """The detector for one document's candidate events, choosing sides with ``arguments``."""
        chooser = self.sides or arguments
        return Detector(self, DocumentContext(doc, mentions, cast, quotes, chooser.window), chooser)

    def to_json(self) -> dict:
        found = {"format": FORMAT, "threshold": self.threshold, "typer_lead": self.typer_lead, "bias": self.bias,
                 "weights": self.weights}
        if self.sides is not None:
            found["sides"] = self.sides.to_json()
        return found


class Detector:
    """Proposes types for words the lexicon lacks, and keeps or drops one document's candidate events."""

    def __init__(self, model: DetectionModel, context: DocumentContext, arguments):
        self.model = model
        self.context = context
        self.arguments = arguments

    def propose(self, token, known: tuple[object, tuple[str, float]] | None = None) -> tuple[str, float] | None:
        """The typer's type for a word the lexicon lacks and its lead, when the lead reaches ``typer_lead``.

        ``known``: (a trigger typer, its reading of ``token``), used when it is this model's typer.
        """
        if self.model.typer is None:
            return None
        if known is not None and known[0] is self.model.typer:
            type_, lead = known[1]
        else:
            type_, lead = typer_reading(self.model.typer, token)
        return (type_, lead) if type_ != NONE and lead >= self.model.typer_lead else None

    def candidate(self, token, event, origin: str, lead: float = 0.0, stance: bool = False):
        """``(event with the chooser's sides, its features)``, or None when no side is filled."""
        chosen, choices = choose_explained(self.arguments, self.context, token, event)
        if not chosen.source and not chosen.target:
            return None
        in_quote = any(start <= token.idx < end for start, end, _ in self.context.quotes)
        return chosen, features(token, event, chosen, choices, origin, lead, in_quote, stance)

    def __call__(self, token, event, origin: str, lead: float = 0.0, stance: bool = False):
        """The candidate ``event`` with its chosen sides when the classifier keeps it, else None."""
        found = self.candidate(token, event, origin, lead, stance)
        if found is None:
            return None
        chosen, feats = found
        chance = self.model.probability(feats)
        if chance < self.model.threshold:
            return None
        return replace(chosen, confidence=round(min(chance, 0.95), 2))


def load_detection_model(path, typer=None) -> DetectionModel:
    """A saved model (a path, or a package resource with ``read_bytes``), with the trigger typer it proposes words with."""
    raw = read_model(path, FORMAT, "detection")
    sides = raw.get("sides")
    if sides is not None and sides.get("format") != ARGUMENT_FORMAT:
        raise ValueError(f"{path}: its side chooser is not a dateline argument model")
    chooser = ArgumentModel(sides["weights"], sides.get("window", 1), sides.get("margin")) if sides else None
    return DetectionModel(raw["weights"], raw["bias"], raw.get("threshold", 0.5), raw.get("typer_lead", 0.0), typer, chooser)


def save_detection_model(model: DetectionModel, path: Path | str) -> None:
    write_model(model.to_json(), path)


def train(
    examples: Sequence[tuple[Sequence[str], bool]], epochs: int = 30, l2: float = 1e-4, rate: float = 0.1, seed: int = 13,
    min_count: int = 2,
) -> tuple[dict[str, float], float]:
    """An L2-penalised logistic regression fitted by stochastic gradient descent (AdaGrad steps) over
    features seen at least ``min_count`` times: ``(weights, bias)``, the same for the same input."""
    counts: dict[str, int] = defaultdict(int)
    for feats, _ in examples:
        for feat in set(feats):
            counts[feat] += 1
    kept = [([f for f in dict.fromkeys(feats) if counts[f] >= min_count], right) for feats, right in examples]
    weights: dict[str, float] = defaultdict(float)
    squares: dict[str, float] = defaultdict(lambda: 1e-8)
    bias, bias_square = 0.0, 1e-8
    order = list(range(len(kept)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for index in order:
            feats, right = kept[index]
            error = _sigmoid(bias + sum(weights[f] for f in feats)) - (1.0 if right else 0.0)
            bias_square += error * error
            bias -= rate * error / math.sqrt(bias_square)
            for f in feats:
                grad = error + l2 * weights[f]
                squares[f] += grad * grad
                weights[f] -= rate * grad / math.sqrt(squares[f])
    return {f: round(w, 4) for f, w in weights.items() if abs(w) >= 0.0005}, round(bias, 4)


def _sigmoid(z: float) -> float:
    """The logistic function, its argument clipped so that ``exp`` cannot overflow."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
