"""The per-document state the resolver reads and writes: the inputs, the entities, the mentions found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from spacy.tokens import Doc, Span

from ..kb import KnowledgeBase, normalize_name
from ..layout import Layout
from ..resources import Cues, RoleVocabulary


@dataclass
class _Found:
    start: int  # character offsets
    end: int
    actor_ids: tuple[str, ...]
    label: str
    tok_start: int
    tok_end: int


@dataclass
class _NewActor:
    id: str
    name: str
    kind: str
    country: str | None = None


class _State:
    """One document being resolved: its inputs, its entities and the mentions found so far."""

    def __init__(
        self, doc: Doc, layout: Layout, kb: KnowledgeBase, on: str | None, roles: RoleVocabulary, cues: Cues
    ) -> None:
        self.doc = doc
        self.layout = layout
        self.kb = kb
        self.on = on
        self.roles = roles
        self.cues = cues
        self.found: list[_Found] = []
        self.new: dict[str, _NewActor] = {}
        self.unnamed: set[str] = set()  # actors known only by what they are ("police", "the gunman")
        self.taken: set[int] = set()  # token indices already in a mention
        self.titles: dict[int, tuple[str | None, dict | None]] = {}
        self.gender: dict[str, str] = {}  # "m"/"f" from pronouns already resolved
        self.places: set[str] = set()  # unknown names the document uses as places
        # Doc.text and Doc.ents are rebuilt on every access: read them once.
        self.text = doc.text
        self.people = kb.people
        self.lower_groups = kb.lower_groups
        self.datelines = layout.datelines
        self.speech_lemmas = cues.speech_verbs | cues.stance_verbs
        # Organization names a country opens ("the United States Department of ..."): the country.
        self.named_by_country: dict[tuple[int, int], str] = {}
        # Read from the entities by ``_Resolver.__init__`` (it needs the rules of entities.py and
        # places.py) before any rule runs: the entities as the article names them, the entity at
        # each token, the home country, and the knowledge-base people named in full.
        self.ents: list[Span] = []
        self.ent_of: dict[int, Span] = {}
        self.home: str | None = None
        self.named_in_full: set[str] = set()
        self._normalized: dict[str, str] = {}

    def normal(self, text: str) -> str:
        """``normalize_name(text)``, worked out once per document: the rules ask it of the same names
        again and again, once for each name found so far, which made long documents quadratic."""
        known = self._normalized.get(text)
        if known is None:
            known = self._normalized[text] = normalize_name(text)
        return known

    def _add(self, span: Span | tuple[int, int], actor_ids: Iterable[str], label: str) -> None:
        start_tok, end_tok = (span.start, span.end) if isinstance(span, Span) else span
        actor_ids = tuple(dict.fromkeys(actor_ids))
        if not actor_ids:
            return
        if any(i in self.taken for i in range(start_tok, end_tok)):
            return
        self.taken.update(range(start_tok, end_tok))
        start = self.doc[start_tok].idx
        last = self.doc[end_tok - 1]
        self.found.append(_Found(start, last.idx + len(last.text), actor_ids, label, start_tok, end_tok))

    def _title_case_line(self, i: int) -> bool:
        """Token ``i`` lies in a headline or a line written in title case, where capitals say nothing of names."""
        start, end = self.layout.headline
        if start <= self.doc[i].idx < end:
            return True
        words = [t for t in self.doc[i].sent if t.is_alpha and len(t) > 3]
        return len(words) >= 4 and sum(t.is_title for t in words) * 4 >= len(words) * 3

    def _ent_at(self, i: int) -> Span | None:
        return self.ent_of.get(i)

    def _history(self, before_tok: int) -> list[_Found]:
        return sorted((f for f in self.found if f.tok_end <= before_tok), key=lambda f: f.tok_start)

    def _kind(self, actor_id: str) -> str:
        actor = self.kb.get(actor_id)
        if actor is not None:
            return actor.kind
        new = self.new.get(actor_id)
        return new.kind if new is not None else "group"
