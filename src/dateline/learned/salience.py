"""A learned actor-salience model: which of the actors the resolver found a story is about.

The resolver keeps every person, organization, country and group a text names. A reader, and the
annotation guide, want fewer: the actors that act, are acted on, speak or are talked about, not a
country named as a place ("a hotel in Italy"), an outlet a report cites, an agency named once in a
subordinate phrase, a place or a headline's words taken for a name. This model reads each actor no
event or quote names and gives the chance that a reader would list it, from binary and counted features:

- what it is: its kind, whether the knowledge base knows it and as what type (outlet, ministry,
  party, ...), how many words its name has;
- how often and where it is named: the number of its mentions (and that number against the most
  named actor's), whether one stands in the headline or the first paragraph, how far into the text
  the first one is, whether all stand inside quotation marks;
- how its mentions read: their labels (a name, a role, a demonym, a pronoun) and their syntactic
  role: subject, object, possessor, a modifier of a noun ("Italian police"), the object of which
  preposition ("in", "from", "at" read as a place).

It decides only on the actors the knowledge base does not know (``judged``). Actors whose chance
falls below the threshold (chosen on the dev split) leave the ``actors`` list
and are kept, with their names and mentions, as the analysis's ``mentioned`` actors: nothing is lost
to a user, and the contract's promise holds (every actor an event or a quote names stays an actor).
A logistic regression trained by ``scripts/train_salience.py`` (``make train``) on the annotated
corpus's train split; shipped as ``data/models/salience.json.gz``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from ..records import Actor, Cast, Event, Quote, referenced
from .modelfile import read_model, write_model

FORMAT = "dateline-salience-model"
# prepositions whose object is read as a place or a passing reference
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "across", "near", "throughout", "outside", "inside", "into", "within"})
OTHER_PREPOSITIONS = frozenset({"of", "by", "with", "for", "against", "on", "between", "about", "over", "under", "after"})
ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "amod", "appos", "conj", "attr", "dative", "npadvmod"})


@dataclass(frozen=True)
class SalienceModel:
    """A logistic regression over an actor's features, and the chance below which it is only mentioned."""

    bias: float
    weights: Mapping[str, float]
    threshold: float = 0.5

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def select(
        self, doc, layout, cast: Cast, actors: Sequence[Actor], events: Sequence[Event], quotes: Sequence[Quote]
    ) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
        """``actors`` split into those the story is about and those it only mentions.

        An actor an event or a quote names always stays among the story's actors."""
        named = set(referenced(events, quotes))
        candidates = [actor for actor in actors if actor.id not in named and judged(actor)]
        features = document_features(doc, layout, cast, actors, among=candidates)
        left = {actor.id for actor, f in zip(candidates, features) if self.probability(f) < self.threshold}
        return tuple(a for a in actors if a.id not in left), tuple(a for a in actors if a.id in left)

    def to_json(self) -> dict:
        return {"format": FORMAT, "bias": self.bias, "weights": dict(self.weights), "threshold": self.threshold}


def judged(actor: Actor) -> bool:
    """Whether the model decides on ``actor``: only the actors the resolver made from the text alone.

    Actors the knowledge base knows (states, international organizations, office holders) stay:
    the golds of news about relations between states list them even when named once, and where a
    guide leaves them out (a country named in passing) it marks them optional, so dropping them
    gains nothing."""
    return actor.id.startswith("new:")


def document_features(
    doc, layout, cast: Cast, actors: Sequence[Actor], among: Sequence[Actor] | None = None
) -> list[dict[str, float]]:
    """The features of each of a document's ``actors`` (see the module's docstring), or of those
    ``among`` them only (the counts that compare an actor with the others still read all of them)."""
    by_actor: dict[str, list] = defaultdict(list)
    for mention in cast.mentions:
        by_actor[mention.actor_id].append(mention)
    most = max((len(a.mentions) for a in actors), default=0) or 1
    countries = sum(a.kind == "country" for a in actors)
    first_paragraph = _first_paragraph(layout)
    length = max(len(layout.text), 1)
    among = actors if among is None else among
    found = [_features(doc, layout, cast, actor, by_actor.get(actor.id, []), most, first_paragraph, length) for actor in among]
    for actor, features in zip(among, found):  # a story among states (a summit, a war) names many, and most matter
        features[f"{actor.kind}_among_countries"] = math.log1p(countries)
    return found


def _first_paragraph(layout) -> tuple[int, int]:
    """The first paragraph after the headline (the lead)."""
    for start, end in layout.paragraphs:
        if start >= layout.headline[1] and layout.text[start:end].strip():
            return start, end
    return 0, 0


def _features(doc, layout, cast: Cast, actor: Actor, mentions: list, most: int, lead: tuple[int, int], length: int) -> dict[str, float]:
    entry = cast.facts.get(actor.id)
    spans = list(actor.mentions)
    f: dict[str, float] = {f"kind={actor.kind}": 1.0, "known": float(entry is not None), "new": float(actor.id.startswith("new:"))}
    if entry is not None and getattr(entry, "type", None):
        f[f"type={entry.type}"] = 1.0
    if layout.dateline is not None and layout.dateline.agency and entry is not None:
        f["dateline_agency"] = float(layout.dateline.agency in entry.names or layout.dateline.agency in getattr(entry, "dateline", ()))
    f["name_is_place"] = float(actor.kind != "country" and actor.name in cast.places)
    f["acronym"] = float(actor.name.isupper() and " " not in actor.name)
    words = len(actor.name.split())
    f["words=1"] = float(words == 1)
    f["words>=4"] = float(words >= 4)
    count = len(spans)
    f["mentions=0"] = float(count == 0)
    f["mentions=1"] = float(count == 1)
    f["mentions=2"] = float(count == 2)
    f["mentions>=3"] = float(count >= 3)
    f["log_mentions"] = math.log1p(count)
    f["share_of_most"] = count / most
    if not spans:
        return f
    head_start, head_end = layout.headline
    f["in_headline"] = float(any(head_start <= s < head_end for s, _ in spans))
    f["in_lead"] = float(any(lead[0] <= s < lead[1] for s, _ in spans))
    first = min(s for s, _ in spans) / length
    f["first_in_first_fifth"] = float(first < 0.2)
    f["first_in_last_half"] = float(first >= 0.5)
    f["all_in_quotes"] = float(all(layout.in_quote(s) for s, _ in spans))
    texts = {layout.text[s:e] for s, e in spans}
    f["mention_is_place"] = float(any(t in cast.places for t in texts) and actor.kind != "country")
    f["name_in_headline_only"] = float(all(head_start <= s < head_end for s, _ in spans))
    labels = {m.label for m in mentions}
    for label in labels:
        f[f"label={label}"] = 1.0
    f["only_adjectives"] = float(bool(labels) and labels <= {"NORP"})
    roles: dict[str, int] = defaultdict(int)
    for start, end in spans:
        for role in _roles(doc, start, end):
            roles[role] += 1
    for role, n in roles.items():
        f[f"role={role}"] = 1.0
    acting = sum(roles.get(r, 0) for r in ("nsubj", "nsubjpass", "dobj", "dative", "attr"))
    f["acting"] = float(acting > 0)
    f["only_place"] = float(roles.get("place", 0) == count)
    f["only_modifier"] = float(roles.get("modifier", 0) == count)
    if actor.kind == "country":
        f["country_only_place"] = f["only_place"]
        f["country_acting"] = f["acting"]
    return f


def _roles(doc, start: int, end: int) -> list[str]:
    """The syntactic roles of the mention at ``start``-``end``: its root's dependency and, for the
    object of a preposition, the preposition; ``place`` for a place preposition's object, ``modifier``
    for a name that modifies a noun."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    root = span.root
    dep = root.dep_
    out = [dep] if dep in ROLES else ["other"]
    words = [t for t in span if not t.is_punct]
    if words and any(t.pos_ != "PROPN" for t in words):  # "Trial Begins", "Following Smith": a headline's words taken for a name
        out.append("not_all_proper")
    if words and words[0].pos_ in ("VERB", "ADP", "ADJ"):
        out.append("starts_unnamed")
    if dep == "pobj":
        prep = root.head.lower_
        if prep == "of" and root.head.head.ent_type_ == "PERSON":  # "Ann Smith of Springfield": where a person lives
            out.append("home_of_person")
        if prep in PLACE_PREPOSITIONS:
            out.append("place")
            out.append(f"pobj={prep}")
        elif prep in OTHER_PREPOSITIONS:
            out.append(f"pobj={prep}")
    elif dep in ("compound", "amod", "nmod"):
        out.append("modifier")
    elif dep == "poss":
        out.append("possessor")
    return out


def fit(samples: Sequence[tuple[Mapping[str, float], bool]], l2: float = 1.0, threshold: float = 0.5) -> SalienceModel:
    """A logistic regression (Newton's method with an L2 penalty) over (features, in the gold) samples."""
    from ..calibration import fit as fit_logistic

    logistic = fit_logistic([(dict(f), bool(y)) for f, y in samples], l2=l2)
    return SalienceModel(logistic.bias, dict(logistic.weights), threshold)


def load_salience_model(path) -> SalienceModel:
    """A saved model (a path, or a package resource with ``read_bytes``)."""
    raw = read_model(path, FORMAT, "salience")
    return SalienceModel(raw["bias"], raw["weights"], raw.get("threshold", 0.5))


def save_salience_model(model: SalienceModel, path: Path | str) -> None:
    write_model(model.to_json(), path)
