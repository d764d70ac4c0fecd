"""A learned event-trigger typer: for a verb or noun, the PLOVER type it signals, or none.

The hand lexicon (``data/plover_lexicon.json``) knows the words it was written for; the model
reads the parse around any verb or noun (its lemma, what governs it, its subject and object, its
prepositions) and was trained on every event trigger of the annotated corpus's train split.
The events stage uses it where the lexicon has no entry for a word, so the rules stay the
first reading and the model adds the events they do not know the words of.

An averaged perceptron (Collins 2002): small, fast, exact to retrain, no dependency.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable, Sequence

import numpy

from .modelfile import read_model, write_model

NONE = "NONE"
CANDIDATE_POS = frozenset({"VERB", "NOUN"})
FORMAT = "dateline-trigger-model"


def is_candidate(token) -> bool:
    """Verbs and common nouns can signal an event; the model is asked about them only."""
    return token.pos_ in CANDIDATE_POS and token.is_alpha and len(token.text) > 2


_CHILD_WORD_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "agent", "prt", "attr", "acomp", "xcomp", "compound", "amod"})
_MARKER_DEPS = frozenset({"aux", "auxpass", "neg"})


def features(token) -> list[str]:
    """What the model reads of ``token``: its word, the words that govern and complete it."""
    lemma = token.lemma_.lower()
    pos = token.pos_
    dep = token.dep_
    head_lemma = token.head.lemma_.lower()
    found = [
        "bias",
        f"lemma={lemma}",
        f"pos={pos}",
        f"tag={token.tag_}",
        f"dep={dep}",
        f"suffix={lemma[-3:]}",
        f"lemma+pos={lemma}|{pos}",
        f"head={head_lemma}",
        f"head+dep={head_lemma}|{dep}",
        f"lemma+dep={lemma}|{dep}",
    ]
    append = found.append
    for child in token.children:
        child_dep = child.dep_
        append(f"child_dep={child_dep}")
        if child_dep in _CHILD_WORD_DEPS:
            child_lemma = child.lemma_.lower()
            append(f"child={child_dep}|{child_lemma}")
            append(f"lemma+child={lemma}|{child_dep}|{child_lemma}")
            ent_type = child.ent_type_
            if ent_type:
                append(f"child_ent={child_dep}|{ent_type}")
        elif child_dep == "prep":
            word = child.lower_
            append(f"prep={word}")
            append(f"lemma+prep={lemma}|{word}")
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    append(f"prep_obj={word}|{pobj.lemma_.lower()}")
        elif child_dep in _MARKER_DEPS:
            append(f"{child_dep}={child.lower_}")
    return found


class TriggerModel:
    """The trained weights: feature -> {label: weight}."""

    def __init__(self, weights: dict[str, dict[str, float]], labels: Sequence[str], threshold: float = 6.0):
        self.weights = weights
        self.labels = tuple(labels)
        self.threshold = threshold  # how far the best type must lead NONE
        self._types = tuple(label for label in self.labels if label != NONE)  # what ``predict`` chooses among
        # The weights as a matrix (a row per feature, a column per label, 0 where a feature has no
        # weight for a label), for ``reading``: a sum of rows taken in order, as ``scores`` adds them.
        # A feature without a weight, or a label not among ``labels``, counts for nothing in ``reading``.
        column = {label: number for number, label in enumerate(self.labels)}
        known = [(feat, by_label) for feat, by_label in weights.items() if by_label]
        self._rows = {feat: number for number, (feat, _) in enumerate(known)}
        self._matrix = numpy.zeros((len(known), len(self.labels)))
        for number, (_, by_label) in enumerate(known):
            for label, weight in by_label.items():
                if label in column:
                    self._matrix[number, column[label]] = weight
        self._none = column.get(NONE)
        # the types by name from last to first: the first highest score among them is the one
        # ``max`` over (score, name) takes
        by_name = sorted(self._types, reverse=True)
        self._by_name = tuple(by_name)
        self._by_name_columns = tuple(column[label] for label in by_name)

    def scores(self, feats: Iterable[str]) -> dict[str, float]:
        totals: dict[str, float] = {}
        get = self.weights.get
        for feat in feats:
            by_label = get(feat)
            if by_label:
                for label, weight in by_label.items():
                    totals[label] = totals.get(label, 0.0) + weight
        return totals

    def reading(self, token) -> tuple[str, float]:
        """(the best PLOVER type, its lead over NONE) whatever the lead; (NONE, 0) when no feature is known."""
        return self.reading_of(features(token))

    def reading_of(self, feats: Sequence[str]) -> tuple[str, float]:
        """``reading`` of a word with these features: the same as taking the best of ``scores``.

        The known features' rows are summed in the features' order, one after another (numpy adds
        the rows of a reduction along the first axis in turn), so each total is the sum ``scores``
        makes; a label a feature lacks adds 0, which changes no sum.
        """
        get = self._rows.get
        rows = [row for row in map(get, feats) if row is not None]
        if not rows:
            return NONE, 0.0
        totals = numpy.add.reduce(self._matrix[rows], axis=0).tolist()
        ranked = [totals[number] for number in self._by_name_columns]
        best = ranked.index(max(ranked))
        return self._by_name[best], ranked[best] - (totals[self._none] if self._none is not None else 0.0)

    def predict(self, token, reading: tuple[str, float] | None = None) -> tuple[str, float]:
        """(the best PLOVER type, its lead over NONE), or (NONE, 0) when that lead is not above
        ``threshold`` (below zero: a type may be chosen a little behind NONE, as the corpus's
        events are far fewer than its verbs and nouns and the perceptron leans to NONE).
        ``reading``: ``self.reading(token)``, when the caller has it already."""
        best, lead = self.reading(token) if reading is None else reading
        if best == NONE:
            return NONE, 0.0
        return (best, lead) if lead > self.threshold else (NONE, 0.0)

    def to_json(self) -> dict:
        return {"format": FORMAT, "labels": list(self.labels), "threshold": self.threshold, "weights": self.weights}


def load_trigger_model(path) -> TriggerModel:
    """A saved model (a path, or a package resource with ``read_bytes``)."""
    raw = read_model(path, FORMAT, "trigger")
    return TriggerModel(raw["weights"], raw["labels"], raw.get("threshold", 0.0))


def save_trigger_model(model: TriggerModel, path: Path | str) -> None:
    write_model(model.to_json(), path)


def train(
    examples: Sequence[tuple[list[str], str]], labels: Sequence[str], epochs: int = 8, seed: int = 13, threshold: float = 6.0
) -> TriggerModel:
    """An averaged perceptron over (features, label) examples, the same weights for the same input."""
    import random

    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    totals: dict[tuple[str, str], float] = defaultdict(float)
    stamps: dict[tuple[str, str], int] = defaultdict(int)
    step = 0
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for index in order:
            feats, gold = examples[index]
            step += 1
            scores: dict[str, float] = defaultdict(float)
            for feat in feats:
                for label, weight in weights[feat].items():
                    scores[label] += weight
            guess = max(labels, key=lambda label: (scores.get(label, 0.0), label))
            if guess == gold:
                continue
            for feat in feats:
                for label, delta in ((gold, 1.0), (guess, -1.0)):
                    key = (feat, label)
                    totals[key] += (step - stamps[key]) * weights[feat][label]
                    stamps[key] = step
                    weights[feat][label] += delta
    averaged: dict[str, dict[str, float]] = {}
    for feat, by_label in weights.items():
        for label, weight in by_label.items():
            key = (feat, label)
            total = totals[key] + (step - stamps[key]) * weight
            value = round(total / step, 4)
            if abs(value) >= 0.0005:
                averaged.setdefault(feat, {})[label] = value
    return TriggerModel(averaged, labels, threshold)
