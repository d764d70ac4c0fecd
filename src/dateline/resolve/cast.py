"""The ``Cast`` the resolve stage hands on: its actors and mentions, and what later stages ask of them.

Quotes and events read the document's actors only through the cast: the knowledge-base entry of
each actor named or implied, the state each demonym of the text stands for, and each place
name's state and country. They never query the knowledge base themselves.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from spacy.tokens import Doc

from ..kb import KBActor, KnowledgeBase
from ..layout import Layout
from ..records import Actor, Cast, Mention, PlaceFacts

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def cast_of(
    doc: Doc, layout: Layout, kb: KnowledgeBase, actors: Sequence[Actor], mentions: Sequence[Mention], incidental: Iterable[str] = ()
) -> Cast:
    """The cast of ``doc``: ``actors`` and ``mentions`` with the facts the later stages read.

    The ``incidental`` actor ids (actors named only by what they are: "police", "the gunman")
    are the document's actors only where an event or a quote names them (``Cast.with_named``).
    """
    nationalities = _nationalities(doc, kb)
    names = [place_name(ent) for ent in doc.ents if ent.label_ in PLACE_LABELS]
    if layout.dateline is not None and layout.dateline.place:
        names.append(layout.dateline.place)
    places = {name: _place(name, kb) for name in dict.fromkeys(names)}
    named = [
        *(a.id for a in actors),
        *(m.actor_id for m in mentions),
        *nationalities.values(),
        *(i for p in places.values() for i in (p.state, p.country) if i),
    ]
    facts = {actor_id: entry for actor_id in dict.fromkeys(named) if (entry := kb.get(actor_id)) is not None}
    incidental = set(incidental)
    return Cast(
        tuple(a for a in actors if a.id not in incidental),
        tuple(mentions),
        facts,
        nationalities,
        places,
        tuple(a for a in actors if a.id in incidental),
    )


def place_name(ent) -> str:
    """A place entity's name without its article: "the Kremlin" -> "Kremlin"."""
    words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    return ent.doc[words[0].i : ent.end].text if words else ent.text


def _nationalities(doc: Doc, kb: KnowledgeBase) -> dict[str, str]:
    """Every capitalized word, and every word pair ending in one, that names a demonym's actor."""
    found: dict[str, str] = {}
    asked: set[str] = set()  # each word or pair is looked up once
    words = [token.text for token in doc]
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        for text in (word, f"{words[i - 1]} {word}") if i > 0 else (word,):  # "Sri Lankan", "South Korean"
            if text in asked:
                continue
            asked.add(text)
            actor = kb.by_adjective(text)
            if actor is not None:
                found[text] = actor.id
    return found


def _place(name: str, kb: KnowledgeBase) -> PlaceFacts:
    metonym = kb.by_metonym(name)
    named = kb.by_name(name)
    countries = [a for a in named if a.kind == "country"]
    state = metonym or (countries[0] if countries else None)
    located = metonym or (countries or named or [None])[0]
    return PlaceFacts(state.id if state is not None else None, _country(located))


def _country(actor: KBActor | None) -> str | None:
    if actor is None:
        return None
    return actor.country or (actor.id if actor.kind == "country" else None)
