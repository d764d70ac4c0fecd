"""The per-document state the resolver reads and writes: the inputs, the entities, the mentions found."""

from __future__ import annotations

from bisect import bisect_left, insort_right
from dataclasses import dataclass
from typing import Iterable

from spacy.attrs import ENT_TYPE, LOWER, ORTH, TAG
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


def _token_start(found: _Found) -> int:
    return found.tok_start


class _FoundList(list):
    """The mentions found so far, in the order found, plus views kept as they change: the mentions
    sorted by first token (ties in the order found), the mentions starting at each token, and the
    distinct people and organizations named. The rules ask "what was found before token i", "what
    starts at token i" and "whom does this surname fit" again and again; scanning (and sorting)
    the whole list for each made long documents quadratic. Only ``append`` and ``remove`` change it.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.ordered: list[_Found] = []
        self.starting: dict[int, list[_Found]] = {}
        # How many mentions name each: the people of PERSON mentions, (written, id) of the PERSON
        # and ORG mentions that name one actor; in the order first found.
        self.people: dict[str, int] = {}
        self.named_people: dict[tuple[str, str], int] = {}
        self.named_organizations: dict[tuple[str, str], int] = {}

    def _counts(self, found: _Found) -> list[tuple[dict, object]]:
        counts: list[tuple[dict, object]] = []
        written = self.text[found.start : found.end]
        if found.label == "PERSON":
            counts += [(self.people, aid) for aid in found.actor_ids]
            if len(found.actor_ids) == 1:
                counts.append((self.named_people, (written, found.actor_ids[0])))
        elif found.label == "ORG" and len(found.actor_ids) == 1:
            counts.append((self.named_organizations, (written, found.actor_ids[0])))
        return counts

    def append(self, found: _Found) -> None:
        super().append(found)
        insort_right(self.ordered, found, key=_token_start)
        self.starting.setdefault(found.tok_start, []).append(found)
        for counter, key in self._counts(found):
            counter[key] = counter.get(key, 0) + 1

    def remove(self, found: _Found) -> None:
        super().remove(found)
        self.ordered.remove(found)
        self.starting[found.tok_start].remove(found)
        for counter, key in self._counts(found):
            counter[key] -= 1
            if not counter[key]:
                del counter[key]

    def before(self, before_tok: int, since_tok: int = 0) -> list[_Found]:
        """Mentions ending by token ``before_tok`` and starting at ``since_tok`` or later, by first token."""
        lo = bisect_left(self.ordered, since_tok, key=_token_start) if since_tok > 0 else 0
        hi = bisect_left(self.ordered, before_tok, key=_token_start)
        return [f for f in self.ordered[lo:hi] if f.tok_end <= before_tok]


def _by_first(titles: tuple[tuple[str, str], ...]) -> dict[str, list[tuple[str, str]]]:
    """(title, title and a space) pairs grouped by their first character, each group in the given order."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for title, spaced in titles:
        grouped.setdefault(spaced[:1], []).append((title, spaced))
    return grouped


@dataclass
class _NewActor:
    id: str
    name: str
    kind: str
    country: str | None = None
    suffix: str = ""  # a generation written after a person's name ("Jr.", "III"): printed with the name, never matched


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
        self.found = _FoundList(layout.text)
        self.new: dict[str, _NewActor] = {}
        self.unnamed: set[str] = set()  # actors known only by what they are ("police", "the gunman")
        self.taken: set[int] = set()  # token indices already in a mention
        self.titles: dict[int, tuple[str | None, dict | None]] = {}
        self.gender: dict[str, str] = {}  # "m"/"f" from pronouns already resolved
        self.places: set[str] = set()  # unknown names the document uses as places
        # Doc.text and Doc.ents are rebuilt on every access: read them once (the layout holds the
        # text the doc was parsed from).
        self.text = layout.text
        # Each token's lower-case form, text, tag and entity label, read once: the rules look at
        # every token, and each ``doc[i]`` makes a new Token object.
        strings = doc.vocab.strings
        columns = doc.to_array([LOWER, ORTH, TAG, ENT_TYPE]).T.tolist() if len(doc) else [[], [], [], []]
        self.lowers, self.texts, self.tags, self.ent_types = ([strings[key] for key in column] for column in columns)
        self._adjectives: dict[str, object] = {}
        # Titles and occupations, longest first, each with the space a name after it needs.
        self.title_prefixes = tuple((t, t + " ") for t in sorted((*roles.titles, *roles.occupations), key=len, reverse=True))
        # These and the titles alone by their first character, in the same order: a text starts
        # with a title only if it starts with the title's first character, so each name is tried
        # against a few.
        self.title_prefixes_by_first = _by_first(self.title_prefixes)
        self.titles_by_first = _by_first(tuple((t, t + " ") for t in roles.titles))
        # Posts, titles and occupations in lower case without a final dot, and those of one word.
        self.post_names = roles.posts | {t.lower().rstrip(".") for t in (*roles.titles, *roles.occupations)}
        self.single_post_names = {p for p in self.post_names if " " not in p}
        self.spoke_last_words = frozenset(spoke.rpartition(" ")[2] for spoke in roles.spoke_words)
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
        # The one-word titles, ranks and occupations ``recovery`` reads before a name, made on first use.
        self._recovery_titles: frozenset[str] | None = None
        self._normalized: dict[str, str] = {}
        self._held: dict[str, bool] = {}  # ``_in_office``'s answers by actor id
        # ``_fuzzy_person``'s answers, for the set of people named in full they were given with.
        self._fuzzy_asked: tuple[set[str] | None, dict] = (None, {})

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

    def _adjective_actor(self, text: str):
        """``kb.by_adjective(text)``, asked once per word in a document."""
        if text not in self._adjectives:
            self._adjectives[text] = self.kb.by_adjective(text)
        return self._adjectives[text]

    def _ent_at(self, i: int) -> Span | None:
        return self.ent_of.get(i)

    def _history(self, before_tok: int, since_tok: int = 0) -> list[_Found]:
        """The mentions found that end by token ``before_tok`` (and start at ``since_tok`` or later), by first token."""
        return self.found.before(before_tok, since_tok)

    def _kind(self, actor_id: str) -> str:
        actor = self.kb.get(actor_id)
        if actor is not None:
            return actor.kind
        new = self.new.get(actor_id)
        return new.kind if new is not None else "group"
