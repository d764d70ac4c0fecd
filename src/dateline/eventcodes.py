"""The field's codes for dateline's events and actors: CAMEO, Goldstein, quad class, PLOVER intensity, actor codes.

The PLOVER and GDELT exports read them through ``EventCodes`` (loaded by
``resources.load_event_codes`` from ``data/cameo.tsv`` and ``data/event_codes.json``):

- ``cameo_code``: an event's CAMEO code down to the level its evidence supports. The event
  carries its CAMEO root (the lexicon's); a refinement of ``event_codes.json`` takes it one or two
  digits down when the event's mode or trigger word picks one code, else the CAMEO-to-PLOVER
  crosswalk read the other way does when the event's type and mode leave one code (or one parent
  code) under that root; otherwise the code stays at the root (written ``040`` in GDELT's
  EventCode, as GDELT writes a root-level event).
- ``goldstein``: the Goldstein value of the code (of its parent where the table lacks it).
- ``quad_class``: 1 verbal cooperation (roots 01-05), 2 material cooperation (06-08),
  3 verbal conflict (09-13), 4 material conflict (14-20).
- ``intensity``: the PLOVER score of the event's type and mode.
- ``actor_code``: an actor's top-level code (ISO 3166 alpha-3 country, or PLOVER's ``UNO``,
  ``EUR``, ``IGO``, ``NGO``), its country and its sector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class CameoEntry:
    """One CAMEO code of ``cameo.tsv``."""

    code: str
    plover_types: tuple[str, ...]  # one for a code, every type filed under it for a root
    plover_mode: str | None
    plover_contexts: tuple[str, ...]
    goldstein: float | None
    description: str


@dataclass(frozen=True)
class Refinement:
    """A CAMEO code below the root that an event's mode or trigger word picks."""

    code: str
    types: tuple[str, ...]
    modes: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # lower case; several words must follow each other in the trigger


@dataclass(frozen=True)
class Sector:
    """A PLOVER sector: its code, the CAMEO type code for it, and what assigns it."""

    code: str
    cameo: str
    name: str
    kb_types: tuple[str, ...] = ()
    kb_offices: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventCodes:
    """The tables behind the codes (``resources.load_event_codes``)."""

    cameo: dict  # code -> CameoEntry
    refinements: tuple[Refinement, ...]
    intensity: dict  # "TYPE" or "TYPE:mode" -> score
    entity_ids: dict  # knowledge-base id -> entity code (UNO, EUR)
    entity_types: dict  # knowledge-base organization type -> entity code (IGO, NGO, UNO)
    entity_names: dict  # entity code -> name
    sectors: tuple[Sector, ...]

    def sector(self, code: str | None) -> Sector | None:
        return next((s for s in self.sectors if s.code == code), None)


@dataclass(frozen=True)
class CameoCoding:
    """An event's CAMEO code at the level its evidence supports."""

    code: str  # GDELT's EventCode: three or four digits ("040" for a root-level event)
    base: str  # EventBaseCode: three digits
    root: str  # EventRootCode: two digits
    level: str  # "root", "base" (three digits) or "full" (four)
    how: str  # "root" (the lexicon's root only), "mode", "trigger" or "crosswalk"


@dataclass(frozen=True)
class ActorCode:
    """An actor as event data codes it."""

    code: str | None  # ISO 3166 alpha-3, or UNO / EUR / IGO / NGO
    country: str | None  # ISO 3166 alpha-3 (None for international bodies and groups of states)
    sector: str | None  # PLOVER sector code (GOV, MIL, ...)


# --------------------------------------------------------------------------- CAMEO


def _words(text: str | None) -> list[str]:
    return re.findall(r"[a-z]+(?:-[a-z]+)*", (text or "").lower())


def _inflects(word: str, base: str) -> bool:
    """``word`` is ``base`` or a regular inflection of it ("telephoned", "talks", "shelling", "denounced")."""
    if word == base:
        return True
    stems = {base, base[:-1] if base.endswith("e") else base, base + base[-1]}
    if base.endswith("y"):
        stems.add(base[:-1] + "i")
    return any(word == stem + ending for stem in stems for ending in ("s", "es", "ed", "d", "ing"))


def _trigger_has(trigger: str | None, phrase: str) -> bool:
    words, wanted = _words(trigger), phrase.split()
    return any(
        all(_inflects(words[i + k], w) for k, w in enumerate(wanted)) for i in range(len(words) - len(wanted) + 1)
    )


def default_root(type_: str, mode: str | None, codes: EventCodes) -> str | None:
    """The CAMEO root of a PLOVER type (and mode) when the event carries none: the first root filing it."""
    roots = [e.code for e in codes.cameo.values() if len(e.code) == 2 and type_ in e.plover_types]
    if mode:
        with_mode = sorted({e.code[:2] for e in codes.cameo.values() if type_ in e.plover_types and e.plover_mode == mode})
        if with_mode:
            return with_mode[0]
    return sorted(roots)[0] if roots else None


def cameo_code(type_: str, mode: str | None, root: str | None, trigger: str | None, codes: EventCodes) -> CameoCoding | None:
    """The event's CAMEO code at the deepest level its type, mode, root and trigger word support."""
    root = root or default_root(type_, mode, codes)
    if not root:
        return None
    for refinement in codes.refinements:
        if refinement.code[:2] != root or type_ not in refinement.types:
            continue
        if mode and mode in refinement.modes:
            return _coding(refinement.code, "mode")
        if any(_trigger_has(trigger, phrase) for phrase in refinement.words):
            return _coding(refinement.code, "trigger")
    if mode:
        # The crosswalk the other way: the codes under this root it files as this type and mode.
        candidates = sorted(
            e.code for e in codes.cameo.values()
            if len(e.code) > 2 and e.code[:2] == root and type_ in e.plover_types and e.plover_mode == mode
        )
        prefix = _common_prefix(candidates)
        if len(prefix) >= 3 and prefix in codes.cameo:
            return _coding(prefix, "crosswalk")
    return _coding(root, "root")


def _common_prefix(codes: list[str]) -> str:
    if not codes:
        return ""
    first, last = codes[0], codes[-1]
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def _coding(code: str, how: str) -> CameoCoding:
    if len(code) == 2:
        return CameoCoding(code + "0", code + "0", code, "root", how)
    return CameoCoding(code, code[:3], code[:2], "full" if len(code) == 4 else "base", how)


def goldstein(code: str | None, codes: EventCodes) -> float | None:
    """The Goldstein scale value of a CAMEO code (its parent's where the table has none)."""
    while code:
        entry = codes.cameo.get(code)
        if entry is not None and entry.goldstein is not None:
            return entry.goldstein
        code = code[:-1] if len(code) > 2 else None
    return None


def quad_class(code: str | None) -> int | None:
    """CAMEO's quad class from the root: 1 verbal and 2 material cooperation, 3 verbal and 4 material conflict."""
    if not code or not code[:2].isdigit():
        return None
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


def intensity(type_: str, mode: str | None, codes: EventCodes) -> float | None:
    """The PLOVER conflict-cooperation score of a type and mode (the type's own where the mode has none)."""
    if mode and f"{type_}:{mode}" in codes.intensity:
        return codes.intensity[f"{type_}:{mode}"]
    return codes.intensity.get(type_)


# --------------------------------------------------------------------------- actors


def actor_code(actor_id: str, actor: dict | None, kb, on: str | None, codes: EventCodes, words: tuple[str, ...] = ()) -> ActorCode:
    """An actor's top-level code, country and sector.

    ``actor`` is the actor's object in the document's contract record (its ``country`` the
    resolver's), ``kb`` the knowledge base, ``on`` the event's date (for the offices people hold),
    ``words`` the lower-case words that name it in the evidence beyond its name (the noun after a
    country's adjective: "troops" in "Russian troops").

    The code is the one ``dateline eval --plover`` scores: an international body's entity code
    (the UN and its organs UNO, the EU's institutions EUR, other intergovernmental bodies IGO,
    NGOs NGO), a person acting in an office of such a body (and in no state's) that body's code,
    else the actor's country.
    """
    known = kb.get(actor_id) if kb is not None else None
    entity = _entity_code(known, codes)
    country = None
    offices = []
    if known is not None and known.kind == "person":
        offices = [(role, kb.get(role.of)) for role in known.roles if role.held_on(on)]
        bodies = {_entity_code(org, codes) for _, org in offices if org is not None and org.kind == "organization"} - {None}
        states = [org for _, org in offices if org is not None and org.kind == "country"]
        if bodies and not states and entity is None:
            entity = sorted(bodies)[0]
    if entity is None:
        if actor is not None and actor.get("country"):
            country = actor["country"]
        elif known is not None and known.kind == "country":
            country = known.id
        elif known is not None and known.country:
            country = known.country
    code = entity or country
    return ActorCode(code, country, _sector(known, actor, offices, words, codes))


def _entity_code(known, codes: EventCodes) -> str | None:
    if known is None:
        return None
    if known.id in codes.entity_ids:
        return codes.entity_ids[known.id]
    if known.kind == "organization" and known.type in codes.entity_types:
        return codes.entity_types[known.type]
    return None


def _sector(known, actor: dict | None, offices: list, words: tuple[str, ...], codes: EventCodes) -> str | None:
    if known is not None and known.kind == "organization" and known.type:
        for sector in codes.sectors:
            if known.type in sector.kb_types:
                return sector.code
    # A state's office first (a head of state who also leads a party is government), then any other.
    state = {role.office for role, org in offices if org is not None and org.kind == "country"}
    other = {role.office for role, org in offices if org is None or org.kind != "organization" or org.type not in codes.entity_types}
    for held in (state, other):
        for sector in codes.sectors:
            if held & set(sector.kb_offices):
                return sector.code
    # A new actor by its name ("opposition lawmakers", "police"); any actor by the words naming it.
    named = list(words)
    if known is None and actor is not None:
        named = _words(actor.get("name")) + named
    for sector in codes.sectors:
        if any(_phrase_in(phrase, named) for phrase in sector.words):
            return sector.code
    return None


def _phrase_in(phrase: str, words: list[str]) -> bool:
    wanted = phrase.split()
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


# Words that modify the noun naming a body ("state media", "security forces", "riot police"): the noun follows them.
_BODY_MODIFIERS = frozenset({"state", "security", "armed", "special", "riot", "border", "naval", "air", "coast", "foreign",
                             "defence", "defense", "interior", "intelligence", "government", "military", "federal", "national"})


def words_after(text: str, spans, start: int, end: int) -> tuple[str, ...]:
    """The noun right after each of an actor's mentions in [start, end): "troops" in "Russian troops".

    One word, or two when the first modifies the second ("state media", "security forces"); a
    mention followed by a verb ("Russia attacked") gives a word no sector lists.
    """
    out: list[str] = []
    for mention_start, mention_end in spans:
        if mention_start < start or mention_end > end:
            continue
        rest = re.sub(r"^['’]s\b", "", text[mention_end:end])  # "China's government"
        following = _words(" ".join(rest.split()[:2]))
        if following and following[0] in _BODY_MODIFIERS:
            out += following[:2]
        elif following:
            out.append(following[0])
    return tuple(out)
