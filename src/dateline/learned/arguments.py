"""A learned argument chooser: which actor around an event's trigger is its source, which its target.

The events stage's rules read an event's sides from the parse of its own clause; they miss the
doer a passive names a sentence later, the speaker who reports the act, the unnamed police of
the next clause. For each event the rules propose, this module gathers the candidates: every
actor the resolver found in the trigger's sentence and the sentences beside it (names, roles,
unnamed actors such as "police" or "the suspect", pronouns), the speaker of a quote holding the
trigger, and whatever the rules chose. Each candidate is described by features (the dependency
path to the trigger, the voice, its position and distance, the kind of mention and actor, its
head word, whether the rules chose it and for which side), and a linear ranker scores each
(candidate, side) pair beside the choice of no one. The best pair of distinct candidates wins.

The rules stay the candidate generator, a feature and the fallback: a side the rules filled
stands unless another actor outscores it by the model's margin (by default it always stands, so
the ranker fills the sides the rules left empty), and when the ranker finds no one for either
side the event keeps the rules' sides. The ranker is an averaged perceptron
(Collins 2002) trained by ``scripts/train_arguments.py`` on the annotated corpus's train split.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .modelfile import read_model, write_model

NONE = "NONE"
ROLES = ("source", "target")
FORMAT = "dateline-argument-model"
# Types where the two sides act together: a swapped source and target are the same event.
JOINT_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
PATH_LIMIT = 4  # links up or down the tree before a path counts as long


@dataclass(frozen=True)
class Candidate:
    """One actor that may fill a side of an event, with what the ranker reads of it (no side named)."""

    actor_id: str
    features: tuple[str, ...]


def _bucket(distance: int) -> str:
    for limit in (1, 2, 3, 5, 10, 20):
        if distance <= limit:
            return str(limit)
    return "far"


def _path(token, trigger) -> str:
    """The dependency links from ``token`` up to the lowest head it shares with ``trigger``, then down."""
    above = [token]
    while above[-1].head.i != above[-1].i:
        above.append(above[-1].head)
    index = {t.i: n for n, t in enumerate(above)}
    down = []
    node = trigger
    while node.i not in index:
        down.append(node.dep_)
        if node.head.i == node.i:
            return "apart"
        node = node.head
    up = [t.dep_ for t in above[: index[node.i]]]
    if len(up) > PATH_LIMIT or len(down) > PATH_LIMIT:
        return "long"
    return "^".join(up) + "|" + "v".join(reversed(down))


def _is_passive(token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children) or (token.tag_ == "VBN" and token.dep_ in ("acl", "amod"))


class DocumentContext:
    """What one document offers every event of it: mentions with their parse, actors' names and kinds."""

    def __init__(self, doc, mentions, cast, quotes, window: int = 1):
        self.doc = doc
        self.cast = cast
        self.window = window
        self.sents = list(doc.sents)
        self.sent_index = {}
        for n, sent in enumerate(self.sents):
            for token in sent:
                self.sent_index[token.i] = n
        self.mentions = []  # (mention, its head token)
        counts: dict[str, int] = defaultdict(int)
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            self.mentions.append((mention, span.root))
            counts[mention.actor_id] += 1
        self.counts = counts
        self.names = {a.id: a.name for a in (*cast.actors, *cast.incidental)}
        for actor_id, entry in cast.facts.items():
            self.names.setdefault(actor_id, entry.name)
        self.incidental = {a.id for a in cast.incidental}
        self.quotes = [(q.start, q.end, q.speaker) for q in quotes if q.speaker]

    def name(self, actor_id: str) -> str:
        return self.names.get(actor_id, actor_id)

    def kind(self, actor_id: str) -> str:
        if actor_id in self.incidental:
            return "unnamed"
        entry = self.cast.facts.get(actor_id)
        if entry is not None:
            return entry.kind
        return "new" if actor_id.startswith("new:") else "other"

    def home(self, actor_id: str) -> str | None:
        """The state an actor belongs to (a country is its own), when the knowledge base knows it."""
        entry = self.cast.facts.get(actor_id)
        if entry is None:
            return None
        return entry.id if entry.kind == "country" else entry.country

    def candidates(self, trigger, event) -> list[Candidate]:
        """Every actor near ``trigger`` (its sentence and ``window`` sentences either side), the speaker
        of a quote holding it, and the actors the rules chose; one candidate per actor, described by
        its mention nearest the trigger (one in the trigger's own sentence first)."""
        here = self.sent_index.get(trigger.i, 0)
        best: dict[str, tuple[tuple, object, object]] = {}
        for mention, head in self.mentions:
            there = self.sent_index.get(head.i, -99)
            if abs(there - here) > self.window:
                continue
            key = (there != here, abs(head.i - trigger.i))
            held = best.get(mention.actor_id)
            if held is None or key < held[0]:
                best[mention.actor_id] = (key, mention, head)
        speakers = {s for start, end, s in self.quotes if start <= trigger.idx < end}
        chosen = {*event.source, *event.target}
        homes = {role: {self.home(a) for a in getattr(event, role)} - {None} for role in ROLES}
        found = []
        for actor_id in dict.fromkeys([*best, *speakers, *chosen]):
            held = best.get(actor_id)
            feats = self._features(trigger, event, actor_id, held[1] if held else None, held[2] if held else None, here)
            home = self.home(actor_id)
            for role in ROLES:
                if home is not None and home in homes[role] and actor_id not in getattr(event, role):
                    feats.append(f"home_of_rules_{role}")  # "Lavrov said Moscow will not refuse": one side, not two
            if actor_id in speakers:
                feats.append("speaker")
                feats.append(f"speaker|{event.type}")
            found.append(Candidate(actor_id, tuple(feats)))
        return found

    def _features(self, trigger, event, actor_id, mention, head, here) -> list[str]:
        kind = self.kind(actor_id)
        rule = "source" if actor_id in event.source else "target" if actor_id in event.target else "none"
        voice = "passive" if _is_passive(trigger) else "active"
        count = self.counts.get(actor_id, 0)
        feats = [
            "bias",
            f"rule={rule}",
            f"rule={rule}|{event.type}",
            f"rule={rule}|{trigger.pos_}|{voice}",
            f"kind={kind}",
            f"kind={kind}|{event.type}",
            f"freq={_bucket(count)}",
        ]
        if mention is None:
            feats.append("no_mention")
            feats.append(f"no_mention|rule={rule}")
            return feats
        offset = self.sent_index.get(head.i, here) - here
        side = "before" if head.i < trigger.i else "after"
        distance = _bucket(abs(head.i - trigger.i))
        feats += [
            f"label={mention.label}",
            f"label={mention.label}|{event.type}",
            f"sent={offset}",
            f"sent={offset}|{side}",
            f"side={side}|{voice}",
            f"dist={distance}",
            f"dist={distance}|{side}",
            f"word={head.lemma_.lower()}" if mention.label in ("ROLE", "GROUP", "PRON") or head.pos_ == "NOUN" else "word=name",
        ]
        if offset != 0:
            feats.append(f"sent={offset}|{mention.label}|{head.dep_}")
            return feats
        path = _path(head, trigger)
        feats += [
            f"path={path}",
            f"path={path}|{voice}",
            f"path={path}|{event.type}",
            f"path={path}|{trigger.pos_}",
            f"dep={head.dep_}|{voice}",
            f"dep={head.dep_}|{side}|{trigger.pos_}",
        ]
        if head.dep_ == "pobj":
            prep = head.head.lower_
            feats.append(f"prep={prep}")
            feats.append(f"prep={prep}|{voice}|{'own' if head.head.head.i == trigger.i else 'other'}")
            feats.append(f"prep={prep}|{event.type}")
        if head.dep_ == "poss":
            feats.append(f"poss|{trigger.pos_}|{'own' if head.head.i == trigger.i else 'other'}")
        if mention.label == "PRON":
            feats.append(f"pron={mention.text.lower()}|{side}")
        return feats


def role_features(candidate: Candidate | None, role: str, event_type: str, rule_empty: bool, trigger_pos: str) -> list[str]:
    """The features of filling ``role`` with ``candidate`` (None: with no one)."""
    if candidate is None:
        base = [NONE, f"{NONE}|{event_type}", f"{NONE}|{trigger_pos}", f"{NONE}|rule_empty={rule_empty}",
                f"{NONE}|{event_type}|rule_empty={rule_empty}"]
    else:
        base = list(candidate.features)
    return [f"{role}:{feat}" for feat in base]


class ArgumentModel:
    """Weights of the ranker (feature -> weight), the sentences either side that hold candidates, and
    ``margin``: how far another actor must outscore the rules' choice to replace a side the rules
    filled (None: never; the ranker then fills only the sides the rules left empty)."""

    def __init__(self, weights: dict[str, float], window: int = 1, margin: float | None = None):
        self.weights = weights
        self.window = window
        self.margin = margin

    def score(self, feats: Iterable[str]) -> float:
        return sum(map(self.weights.get, feats, repeat(0.0)))  # the same sum, in the same order, as a generator's

    def for_document(self, doc, mentions, cast, quotes) -> Callable:
        """The chooser for one document's events: ``(trigger token, event) -> event``."""
        context = DocumentContext(doc, mentions, cast, quotes, self.window)
        return lambda trigger, event: choose(self, context, trigger, event)

    def to_json(self) -> dict:
        return {"format": FORMAT, "window": self.window, "margin": self.margin, "weights": self.weights}


def options(candidates: Sequence[Candidate], event, trigger) -> dict[str, list[tuple[Candidate | None, list[str]]]]:
    """For each side, every way to fill it (each candidate, and no one) with its features."""
    found = {}
    for role in ROLES:
        rule_empty = not getattr(event, role)
        found[role] = [(c, role_features(c, role, event.type, rule_empty, trigger.pos_)) for c in (None, *candidates)]
    return found


def best_pair(scored: dict[str, list[tuple[Candidate | None, float]]]) -> tuple[Candidate | None, Candidate | None]:
    """The highest-scoring (source, target), never one actor on both sides."""
    best, best_score = (None, None), None
    for source, s_score in scored["source"]:
        for target, t_score in scored["target"]:
            if source is not None and target is not None and source.actor_id == target.actor_id:
                continue
            total = s_score + t_score
            if best_score is None or total > best_score:
                best, best_score = (source, target), total
    return best


def held_to_rules(scored: list[tuple[Candidate | None, float]], rules: tuple[str, ...], margin: float | None):
    """The options left for a side the rules filled: the rules' actors, and others that outscore
    the best of them by ``margin`` (none when ``margin`` is None)."""
    if not rules:
        return scored
    kept = [(c, s) for c, s in scored if c is not None and c.actor_id in rules]
    if not kept:
        return scored
    if margin is None:
        return kept
    floor = max(s for _, s in kept) + margin
    return kept + [(c, s) for c, s in scored if (c is None or c.actor_id not in rules) and s >= floor]


def choose(model: ArgumentModel, context: DocumentContext, trigger, event):
    """``event`` with the sides the ranker prefers; a side the rules chose keeps all the rules' actors
    (coordinated sides: "X and Y met"), and stands unless another actor outscores it by the model's
    ``margin``; with no one found for either side the rules' event stands."""
    return choose_explained(model, context, trigger, event)[0]


@dataclass(frozen=True)
class Choice:
    """How the ranker filled one side: the candidate (None: no one), its score and the score of no one."""

    candidate: Candidate | None
    score: float
    none_score: float


def choose_explained(model: ArgumentModel, context: DocumentContext, trigger, event) -> tuple:
    """``(event, {side: Choice})``: ``choose``'s event and how the ranker filled each side (an empty
    dict when it had no candidate); the learned event detector reads the choices."""
    candidates = context.candidates(trigger, event)
    if not candidates:
        return event, {}
    scored = {
        role: held_to_rules([(c, model.score(f)) for c, f in opts], getattr(event, role), model.margin)
        for role, opts in options(candidates, event, trigger).items()
    }
    source, target = best_pair(scored)
    choices = {}
    for role, candidate in zip(ROLES, (source, target)):
        none_score = next((s for c, s in scored[role] if c is None), 0.0)
        score = next((s for c, s in scored[role] if c is candidate), none_score)
        choices[role] = Choice(candidate, score, none_score)
    return _chosen_event(event, source, target), choices


def _chosen_event(event, source: Candidate | None, target: Candidate | None):
    if source is None and target is None:
        return event

    def side(candidate: Candidate | None, rules: tuple[str, ...]) -> tuple[str, ...]:
        if candidate is None:
            return ()
        return rules if candidate.actor_id in rules else (candidate.actor_id,)

    new_source = side(source, event.source)
    new_target = side(target, event.target)
    if new_target != event.target:
        new_target = tuple(a for a in new_target if a not in new_source)  # "X and Y agreed" keeps X and Y on both sides
    if (new_source, new_target) == (event.source, event.target):
        return event
    return replace(event, source=new_source, target=new_target)


def load_argument_model(path) -> ArgumentModel:
    """A saved model (a path, or a package resource with ``read_bytes``)."""
    raw = read_model(path, FORMAT, "argument")
    return ArgumentModel(raw["weights"], raw.get("window", 1), raw.get("margin"))


def save_argument_model(model: ArgumentModel, path: Path | str) -> None:
    write_model(model.to_json(), path)


@dataclass(frozen=True)
class Example:
    """One side of one event to learn from: every way to fill it, and which of them are right."""

    options: tuple[tuple[str, ...], ...]  # features of each option
    right: frozenset[int]  # indices of the right options


def train(examples: Sequence[Example], epochs: int = 10, seed: int = 13, window: int = 1, margin: float | None = None) -> ArgumentModel:
    """An averaged ranking perceptron: where the best-scored option is not a right one, move the
    weights towards the best-scored right one. The same weights for the same input."""
    weights: dict[str, float] = defaultdict(float)
    totals: dict[str, float] = defaultdict(float)
    stamps: dict[str, int] = defaultdict(int)
    step = 0
    order = list(range(len(examples)))
    rng = random.Random(seed)

    def score(feats: Sequence[str]) -> float:
        return sum(weights.get(f, 0.0) for f in feats)

    def update(feat: str, delta: float) -> None:
        totals[feat] += (step - stamps[feat]) * weights[feat]
        stamps[feat] = step
        weights[feat] += delta

    for _ in range(epochs):
        rng.shuffle(order)
        for index in order:
            example = examples[index]
            if not example.right or len(example.right) == len(example.options):
                continue  # nothing right, or everything: nothing to learn
            step += 1
            scores = [score(feats) for feats in example.options]
            guess = max(range(len(scores)), key=lambda n: (scores[n], -n))
            if guess in example.right:
                continue
            gold = max(example.right, key=lambda n: (scores[n], -n))
            for feat in example.options[gold]:
                update(feat, 1.0)
            for feat in example.options[guess]:
                update(feat, -1.0)
    averaged = {}
    for feat, weight in weights.items():
        value = round((totals[feat] + (step - stamps[feat]) * weight) / max(step, 1), 4)
        if abs(value) >= 0.0005:
            averaged[feat] = value
    return ArgumentModel(averaged, window, margin)
