"""The knowledge base of actors: countries, organizations and people with dated roles.

The data are JSON-lines files in ``dateline/data/kb/`` (format in its README.md); a
user's own file in the same format extends or overrides them (``--kb FILE``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from .errors import DatelineError

KB_FILES = ("countries.jsonl", "organizations.jsonl", "people.jsonl")


@dataclass(frozen=True)
class Role:
    """An office held between two dates (ISO strings; end None = still in office)."""

    office: str  # head_of_state, head_of_government, foreign_minister, defence_minister, ...
    title: str  # as news writes it: "President", "Prime Minister", "Secretary of State"
    of: str  # country code or organization id the office belongs to
    start: str | None = None
    end: str | None = None

    def held_on(self, day: str | None) -> bool:
        """True when the role was held on ``day`` (ISO date); any role counts when day is None."""
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KBActor:
    id: str
    kind: str  # person, organization, country, group
    name: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()  # demonyms and adjectives: "Russian", "Russians"
    metonyms: tuple[str, ...] = ()  # capitals and seats used for the state: "Moscow", "the Kremlin"
    roles: tuple[Role, ...] = ()
    leader: str | None = None  # for countries: the office "the X leader" means
    type: str | None = None  # organizations: igo, agency, outlet, ministry, military, party, ...
    dateline: tuple[str, ...] = ()  # agencies and outlets: the names wire datelines print, the usual one first
    wikidata: str | None = None
    start: str | None = None  # for historic states and organizations
    end: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


_NOT_NAME = re.compile(r"[^\w' -]+")
_LEADING_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"[\s-]+")


def normalize_name(text: str) -> str:
    """Casefold, strip accents and punctuation, collapse spaces: 'Sergéy  Lavrov.' -> 'sergey lavrov'."""
    if text.isascii() and text.isalnum():
        return text.lower()  # one plain word (most asked are): nothing to strip or collapse
    if not text.isascii():  # ASCII has no accents to strip
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.replace("’", "'")
    text = _NOT_NAME.sub(" ", text.casefold())
    text = _LEADING_THE.sub("", text.strip())
    return _SPACES.sub(" ", text).strip()


def dateline_key(written: str) -> str:
    """An agency's name as a dateline writes it, compared: "The Associated Press" and "Associated Press", "A.P." and "AP"."""
    key = " ".join(written.replace(".", "").split()).casefold()
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class SurnameKeys:
    """The last words of one person's names, and what resolve's fuzzy matching compares first."""

    initials: frozenset[str]  # first letters
    sound_initials: frozenset[str]  # first letters of their metaphone codes
    surnames: frozenset[str]
    sounds: frozenset[str]  # their metaphone codes

    @classmethod
    def of(cls, names: list[tuple[str, ...]]) -> "SurnameKeys":
        import jellyfish

        lasts = [name[-1] for name in names if name]
        sounds = [jellyfish.metaphone(last) for last in lasts]
        return cls(frozenset(last[:1] for last in lasts), frozenset(sound[:1] for sound in sounds),
                   frozenset(lasts), frozenset(sounds))


class BoundedMemo:
    """Answers worked out from the loaded data, kept for the next document that asks the same:
    the ``size`` most recently used, so a run over millions of articles stays flat in memory."""

    def __init__(self, size: int = 8192):
        self.size = size
        self._answers: OrderedDict = OrderedDict()

    def get(self, key, default=None):
        answers = self._answers
        if key not in answers:
            return default
        answers.move_to_end(key)
        return answers[key]

    def put(self, key, value) -> None:
        answers = self._answers
        answers[key] = value
        answers.move_to_end(key)
        if len(answers) > self.size:
            answers.popitem(last=False)

    def __len__(self) -> int:
        return len(self._answers)


class KnowledgeBase:
    """Actors indexed by id, normalized alias, adjective, metonym and office."""

    def __init__(self, actors: Iterable[KBActor]):
        self.actors: dict[str, KBActor] = {}
        for actor in actors:  # later files override earlier ones
            self.actors[actor.id] = actor
        self._by_name: dict[str, list[KBActor]] = {}
        self._by_adjective: dict[str, KBActor] = {}
        self._by_metonym: dict[str, KBActor] = {}
        for actor in self.actors.values():
            for name in actor.names:
                bucket = self._by_name.setdefault(normalize_name(name), [])
                if actor not in bucket:
                    bucket.append(actor)
            for adjective in actor.adjectives:
                self._by_adjective.setdefault(normalize_name(adjective), actor)
            for metonym in actor.metonyms:
                self._by_metonym.setdefault(normalize_name(metonym), actor)
        # People with their names as normalized word tuples, for matching names written partly.
        self.people: list[tuple[KBActor, list[tuple[str, ...]]]] = [
            (actor, [tuple(normalize_name(name).split()) for name in actor.names])
            for actor in self.actors.values()
            if actor.kind == "person"
        ]
        # For each person (in the order of ``people``), what a written name must share with one of
        # their surnames to be compared at all: first letters, first sounds, surnames, their sounds.
        self.surname_keys: list[SurnameKeys] = [SurnameKeys.of(names) for _, names in self.people]
        # The same keys turned round: the positions in ``people`` of those with each key, so a
        # written name is compared with the few people it may be, not with every one.
        self._people_by_key: dict[tuple[str, str], list[int]] = {}
        for number, keys in enumerate(self.surname_keys):
            for field_name in ("initials", "sound_initials", "surnames", "sounds"):
                for key in getattr(keys, field_name):
                    self._people_by_key.setdefault((field_name, key), []).append(number)
        # Actors holding any role of each country or body, in the order of ``actors`` (``holders``).
        self._role_holders: dict[str, list[KBActor]] = {}
        for actor in self.actors.values():
            for of in dict.fromkeys(role.of for role in actor.roles):
                self._role_holders.setdefault(of, []).append(actor)
        # The resolver's fuzzy matches of names the knowledge base lacks, across documents: many
        # articles write the same unknown names (``resolve.names``, keyed by all they depend on).
        self.fuzzy_answers = BoundedMemo()
        # News agencies and outlets by every name a wire dateline may print, to the one it usually prints.
        self.agencies: dict[str, str] = {
            dateline_key(name): (actor.dateline or (actor.name,))[0]
            for actor in self.actors.values()
            if actor.type in ("agency", "outlet")
            for name in (*actor.dateline, *actor.names)
        }
        # Group names written in lower case ("the international community"), longest first.
        self.lower_groups: list[tuple[tuple[str, ...], str]] = sorted(
            {
                (tuple(re.sub(r"^the\s+", "", name).split()), actor.id)
                for actor in self.actors.values()
                if actor.kind == "group"
                for name in actor.names
                if name == name.lower()
            },
            key=lambda entry: -len(entry[0]),
        )

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, actor_id: str) -> KBActor | None:
        return self.actors.get(actor_id)

    def people_sharing(self, words: list[str], sound: str) -> list[tuple[KBActor, list[tuple[str, ...]]]]:
        """The people (in the order of ``people``) a written name may be, ``sound`` the metaphone of its last word.

        For several written words: those with a surname starting like the last word, or whose sound
        starts like its sound; for one word: those with it as a surname, or a surname sounding like it.
        """
        return [self.people[n] for n in self.numbers_sharing(words, sound)]

    def numbers_sharing(self, words: list[str], sound: str) -> list[int]:
        """``people_sharing``'s people as their positions in ``people`` (and ``surname_keys``)."""
        if len(words) > 1:
            keys = (("initials", words[-1][:1]), ("sound_initials", sound[:1]))
        else:
            keys = (("surnames", words[0]), ("sounds", sound))
        return sorted({n for key in keys for n in self._people_by_key.get(key, ())})

    def by_name(self, text: str) -> list[KBActor]:
        """Actors one of whose names normalizes to the same string as ``text``."""
        return list(self._by_name.get(normalize_name(text), ()))

    def by_adjective(self, text: str) -> KBActor | None:
        """The country (or group) a demonym or adjective names: 'Russian' -> Russia."""
        return self._by_adjective.get(normalize_name(text))

    def by_metonym(self, text: str) -> KBActor | None:
        """The state a capital or seat of government stands for: 'the Kremlin' -> Russia."""
        return self._by_metonym.get(normalize_name(text))

    def holders(self, office: str | None, of: str, on: str | None, title: str | None = None) -> list[KBActor]:
        """People holding ``office`` (or a role titled ``title``) of ``of`` on date ``on``."""
        found = []
        for actor in self._role_holders.get(of, ()):
            for role in actor.roles:
                if role.of != of or not role.held_on(on):
                    continue
                if office is not None and role.office != office:
                    continue
                if title is not None and normalize_name(role.title) != normalize_name(title):
                    continue
                found.append(actor)
                break
        return found

    def role_holders(self, of: str) -> Sequence[KBActor]:
        """The actors holding any role of ``of`` (a country or body), in the order of ``actors``."""
        return self._role_holders.get(of, ())

    def names(self) -> Iterable[tuple[str, KBActor]]:
        """Every (name or alias, actor) pair, for building entity-ruler patterns."""
        for actor in self.actors.values():
            for name in actor.names:
                yield name, actor


def _role(raw: dict) -> Role:
    return Role(
        office=raw["office"],
        title=raw.get("title") or raw["office"].replace("_", " "),
        of=raw["of"],
        start=raw.get("start"),
        end=raw.get("end"),
    )


def parse_actor(raw: dict) -> KBActor:
    """Build a KBActor from one decoded JSON line; raises KeyError/TypeError on bad input."""
    return KBActor(
        id=raw["id"],
        kind=raw["kind"],
        name=raw["name"],
        country=raw.get("country"),
        aliases=tuple(raw.get("aliases", ())),
        adjectives=tuple(raw.get("adjectives", ())),
        metonyms=tuple(raw.get("metonyms", ())),
        roles=tuple(_role(r) for r in raw.get("roles", ())),
        leader=raw.get("leader"),
        type=raw.get("type"),
        dateline=tuple(raw.get("dateline", ())),
        wikidata=raw.get("wikidata"),
        start=raw.get("start"),
        end=raw.get("end"),
    )


def read_kb_lines(lines: Iterable[str], source: str) -> list[KBActor]:
    actors = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            actors.append(parse_actor(json.loads(line)))
        except (ValueError, KeyError, TypeError) as err:
            raise DatelineError("E201", f"{source}:{number}: not a knowledge-base record ({err})") from err
    return actors


def load_kb(extra: Sequence[str | Path] = ()) -> KnowledgeBase:
    """Load the shipped knowledge base, then each user file in ``extra`` (which may override ids)."""
    actors: list[KBActor] = []
    data = resources.files("dateline") / "data" / "kb"
    for name in KB_FILES:
        resource = data / name
        if resource.is_file():
            actors.extend(read_kb_lines(resource.read_text(encoding="utf-8").splitlines(), name))
    for path in extra:
        path = Path(path)
        if not path.is_file():
            raise DatelineError("E202", f"{path}: knowledge-base file not found")
        actors.extend(read_kb_lines(path.read_text(encoding="utf-8").splitlines(), str(path)))
    return KnowledgeBase(actors)
