"""Everything the stages read from data files, loaded once and passed explicitly.

``Settings`` names what to load (the spaCy model, the user's knowledge-base, lexicon and
speech-cue files); it is small and picklable, so a worker process rebuilds the same
``Resources`` from it with ``load_resources``. ``Resources`` holds the loaded knowledge base,
event lexicon, speech cues, role vocabulary, anniversaries and boilerplate patterns. No stage
loads a data file or keeps a module-level cache: they take what they need from here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Sequence

from . import errors
from .errors import DatelineError
from .kb import KnowledgeBase, load_kb
from .records import PLOVER_TYPES


def _data(name: str):
    return files("dateline") / "data" / name


LEARNED_COMPONENTS = ("triggers", "arguments", "speakers", "detection", "salience")
# On unless asked otherwise: the components that beat the rules on the corpus's dev split without
# costing the development sets (README, Accuracy). The trigger typer gains on dev but costs the seeds;
# the event detector reads its weights without it.
DEFAULT_LEARNED = ("arguments", "speakers", "detection", "salience")


@dataclass(frozen=True)
class Settings:
    """What to load: the spaCy model and the user's own data files (each added to the shipped one).

    ``learned``: which learned components run beside the rules: None for the default ones
    (``DEFAULT_LEARNED``), True for all (``LEARNED_COMPONENTS``), False for none (the rules
    alone), or a tuple of their names.
    """

    model: str | None = None  # None: DATELINE_SPACY_MODEL or the default model
    kb_files: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()
    cue_files: tuple[str, ...] = ()
    learned: bool | tuple[str, ...] | None = None
    calibrate: bool = True  # calibrated confidences (calibration.py); off: the stages' raw scores

    def learned_components(self) -> frozenset[str]:
        """The names of the learned components to run (see ``learned``)."""
        if self.learned is None:
            return frozenset(DEFAULT_LEARNED)
        if isinstance(self.learned, bool):
            return frozenset(LEARNED_COMPONENTS if self.learned else ())
        unknown = set(self.learned) - set(LEARNED_COMPONENTS)
        if unknown:
            raise ValueError(f"no learned component {', '.join(sorted(unknown))}: choose among {', '.join(LEARNED_COMPONENTS)}")
        return frozenset(self.learned)


@dataclass(frozen=True, eq=False)
class Resources:
    """The loaded data every stage reads; built once per process by ``load_resources``."""

    settings: Settings
    kb: KnowledgeBase
    lexicon: "Lexicon"
    cues: "Cues"
    roles: "RoleVocabulary"
    anniversaries: tuple["Anniversary", ...]
    boilerplate: "BoilerplateRules"
    office_words: dict  # role words that name a person's office ("president", "foreign minister")
    office_titles: re.Pattern  # any office word or knowledge-base role title
    trigger_model: Any = None  # learned.triggers.TriggerModel, unless Settings.learned leaves it out
    argument_model: Any = None  # learned.arguments.ArgumentModel, unless Settings.learned leaves it out
    speaker_model: Any = None  # learned.speakers.SpeakerModel, unless Settings.learned leaves it out
    detection_model: Any = None  # learned.detection.DetectionModel, unless Settings.learned leaves it out
    salience_model: Any = None  # learned.salience.SalienceModel, unless Settings.learned leaves it out
    calibration: Any = None  # calibration.Calibration, unless Settings.calibrate is False
    nlp: Any = None  # spacy.Language, when loaded with the model


def load_resources(settings: Settings = Settings(), *, with_model: bool = True) -> Resources:
    """Load every data file ``settings`` names (and the spaCy model unless ``with_model`` is False)."""
    learned = settings.learned_components()
    kb = load_kb(settings.kb_files)
    cues = load_cues(settings.cue_files)
    office_words = load_office_words()
    nlp = None
    if with_model:
        from .nlp import load_nlp

        nlp = load_nlp(kb, settings.model)
    # the trigger typer, read once: the event detector types words with it even when it is off
    typer = load_shipped_trigger_model() if {"triggers", "detection"} & set(learned) else None
    return Resources(
        settings=settings,
        kb=kb,
        lexicon=load_lexicon(settings.lexicon_files, cues.reporting_verbs),
        cues=cues,
        roles=load_roles(),
        anniversaries=load_anniversaries(),
        boilerplate=load_boilerplate(),
        office_words=office_words,
        office_titles=office_title_pattern(kb, office_words),
        trigger_model=typer if "triggers" in learned else None,
        argument_model=load_shipped_argument_model() if "arguments" in learned else None,
        speaker_model=load_shipped_speaker_model() if "speakers" in learned else None,
        detection_model=load_shipped_detection_model(typer) if "detection" in learned else None,
        salience_model=load_shipped_salience_model() if "salience" in learned else None,
        calibration=load_shipped_calibration() if settings.calibrate else None,
        nlp=nlp,
    )


def _shipped(file_name: str, load: Callable[[Any], Any]):
    """A model shipped in ``data/models`` (``make train`` rebuilds them), read by ``load``; None when absent."""
    resource = _data("models") / file_name
    return load(resource) if resource.is_file() else None


def load_shipped_trigger_model():
    """The learned trigger typer (``triggers.json.gz``)."""
    from .learned.triggers import load_trigger_model

    return _shipped("triggers.json.gz", load_trigger_model)


def load_shipped_argument_model():
    """The learned argument chooser (``arguments.json.gz``)."""
    from .learned.arguments import load_argument_model

    return _shipped("arguments.json.gz", load_argument_model)


def load_shipped_detection_model(typer: Any = None):
    """The learned event detector (``detection.json.gz``), with the trigger typer it types words with
    (``typer``, or the shipped one)."""
    from .learned.detection import load_detection_model

    typer = typer if typer is not None else load_shipped_trigger_model()
    return _shipped("detection.json.gz", lambda resource: load_detection_model(resource, typer))


def load_shipped_speaker_model():
    """The learned speaker chooser (``speakers.json.gz``)."""
    from .learned.speakers import load_speaker_model

    return _shipped("speakers.json.gz", load_speaker_model)


def load_shipped_salience_model():
    """The learned actor-salience model (``salience.json.gz``)."""
    from .learned.salience import load_salience_model

    return _shipped("salience.json.gz", load_salience_model)


def load_shipped_calibration():
    """The confidence calibration (``calibration.json``; ``scripts/calibrate.py`` refits it)."""
    from .calibration import load

    return _shipped("calibration.json", load)


@lru_cache(maxsize=1)
def output_schema() -> dict[str, Any]:
    """The JSON Schema of one output-contract object (``data/schema/output.schema.json``)."""
    return json.loads((_data("schema") / "output.schema.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- speech cues


CUE_LISTS = (
    "speech_verbs",
    "fragment_verbs",
    "direct_only",
    "source_phrases",
    "quoting_verbs",
    "statement_nouns",
    "speaker_nouns",
    "hearer_verbs",
    "proxy_nouns",
    "official_nouns",
    "body_nouns",
    "mute_nouns",
    "title_nouns",
    "naming_verbs",
    "stop_words",
    "stance_verbs",
    "reporting_verbs",
)


@dataclass(frozen=True)
class Cues:
    """Speech verbs and the other word lists that tell a quote from a title or a scare quote."""

    speech_verbs: frozenset[str] = frozenset()
    fragment_verbs: frozenset[str] = frozenset()
    direct_only: frozenset[str] = frozenset()
    source_phrases: frozenset[str] = frozenset()
    quoting_verbs: frozenset[str] = frozenset()
    statement_nouns: frozenset[str] = frozenset()
    speaker_nouns: frozenset[str] = frozenset()
    hearer_verbs: frozenset[str] = frozenset()
    proxy_nouns: frozenset[str] = frozenset()
    official_nouns: frozenset[str] = frozenset()
    body_nouns: frozenset[str] = frozenset()
    mute_nouns: frozenset[str] = frozenset()
    title_nouns: frozenset[str] = frozenset()
    naming_verbs: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    stance_verbs: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()  # for events: a clause they report is the speaker's

    def is_speech(self, token) -> bool:
        return token.lemma_.lower() in self.speech_verbs and token.pos_ in ("VERB", "AUX", "NOUN")

    def reports(self, token) -> bool:
        """True for a speech verb that may take a reported clause."""
        return self.is_speech(token) and token.lemma_.lower() not in self.direct_only


def load_cues(extra: Sequence[str | Path] = ()) -> Cues:
    """Load the shipped speech cues, then add the words of each user file in ``extra``."""
    lists: dict[str, set[str]] = {name: set() for name in CUE_LISTS}
    resource = _data("speech_cues.json")
    _merge_cues(lists, resource.read_text(encoding="utf-8"), "speech_cues.json")
    for path in extra:
        path = Path(path)
        if not path.is_file():
            raise DatelineError("E203", f"{path}: speech-cue file not found")
        _merge_cues(lists, path.read_text(encoding="utf-8"), str(path))
    return Cues(**{name: frozenset(words) for name, words in lists.items()})


def _merge_cues(lists: dict[str, set[str]], text: str, source: str) -> None:
    try:
        raw = json.loads(text)
    except ValueError as err:
        raise DatelineError("E204", f"{source}: not a speech-cue file ({err})") from err
    if not isinstance(raw, dict):
        raise DatelineError("E204", f"{source}: not a speech-cue file (expected a JSON object)")
    for name in CUE_LISTS:
        words = raw.get(name, [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DatelineError("E204", f"{source}: '{name}' must be a list of strings")
        lists[name].update(w.lower() for w in words)


# --------------------------------------------------------------------------- event lexicon


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the words that signal an event and what they code."""

    words: tuple[str, ...]  # a lemma, or the words of a phrase (the first is not always the head)
    pos: str  # "verb", "noun", "adjective" or "phrase"
    type: str
    mode: str | None = None
    cameo: str | None = None
    reciprocal: bool = False  # "X and Y met": one side is the source, the other the target
    requires: tuple[str, ...] = ()  # REQUIREMENTS the entry applies under only ("target": someone was hit)
    preps: tuple[str, ...] = ()  # prepositions that introduce a target for this entry only ("arrive in")

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Lexicon:
    """The trigger lexicon with the word lists the argument rules need."""

    triggers: tuple[Trigger, ...]
    light_verbs: frozenset[str] = frozenset()
    object_control: frozenset[str] = frozenset()
    planning: frozenset[str] = frozenset()
    speech: frozenset[str] = frozenset()  # the speech cues' ``reporting_verbs``
    target_preps: frozenset[str] = frozenset()
    obligation: frozenset[str] = frozenset()
    dyadic_types: frozenset[str] = frozenset()
    threat_types: frozenset[str] = frozenset()
    patient_nouns: frozenset[str] = frozenset()
    target_only_types: frozenset[str] = frozenset()
    accident_nouns: frozenset[str] = frozenset()
    non_proxy_nouns: frozenset[str] = frozenset()
    by_word: dict = field(default_factory=dict, compare=False, hash=False)
    plain_triggers: dict = field(default_factory=dict, compare=False, hash=False)  # type -> its plainest entry


def _plain_triggers(triggers: tuple[Trigger, ...]) -> dict[str, Trigger]:
    """For each type, the plainest entry the lexicon codes it with: a learned trigger takes its
    CAMEO root and nothing else (no mode, no requirement, no own prepositions)."""
    roots: dict[str, dict[str, int]] = {}
    for trigger in triggers:
        if trigger.cameo:
            counts = roots.setdefault(trigger.type, {})
            counts[trigger.cameo] = counts.get(trigger.cameo, 0) + 1
    return {
        type_: Trigger(words=(), pos="verb", type=type_, cameo=max(counts, key=lambda c: (counts[c], c)))
        for type_, counts in roots.items()
    }


LEXICON_FORMAT = "dateline-plover-lexicon"
REQUIREMENTS = ("target", "source", "object", "intransitive", "actor_object", "infinitive", "untargeted", "counterpart")
_LIST_KEYS = (
    "light_verbs",
    "object_control",
    "planning",
    "target_preps",
    "obligation",
    "dyadic_types",
    "threat_types",
    "patient_nouns",
    "target_only_types",
    "accident_nouns",
    "non_proxy_nouns",
)
_TYPE_LIST_KEYS = ("dyadic_types", "threat_types", "target_only_types")


def _read_lexicon_file(raw: object, source: str) -> tuple[list[Trigger], dict[str, set[str]]]:
    if not isinstance(raw, dict) or raw.get("format") != LEXICON_FORMAT or not isinstance(raw.get("entries"), list):
        raise DatelineError(
            "E801", f"{source}: {errors.E801} (expected an object with format '{LEXICON_FORMAT}' and 'entries')"
        )
    if "speech" in raw:
        moved = "'speech' verbs are speech cues now: list them as 'reporting_verbs' in a --cues file"
        raise DatelineError("E801", f"{source}: {errors.E801} ({moved})")
    lists = {key: {str(w).lower() for w in raw.get(key, ())} for key in _LIST_KEYS}
    for key in _TYPE_LIST_KEYS:
        unknown = {t.upper() for t in lists[key]} - set(PLOVER_TYPES)
        if unknown:
            raise DatelineError("E801", f"{source}: '{key}' holds {sorted(unknown)}, not PLOVER types")
    triggers: list[Trigger] = []
    for number, entry in enumerate(raw["entries"], 1):
        if not isinstance(entry, dict) or entry.get("type") not in PLOVER_TYPES:
            raise DatelineError("E801", f"{source}: entry {number}: 'type' must be one of the 16 PLOVER types")
        unknown = set(entry.get("requires", ())) - set(REQUIREMENTS)
        if unknown:
            raise DatelineError("E801", f"{source}: entry {number}: 'requires' may hold only {', '.join(REQUIREMENTS)}")
        cameo = entry.get("cameo")
        if cameo is not None and not re.fullmatch(r"\d\d", str(cameo)):
            raise DatelineError("E801", f"{source}: entry {number}: 'cameo' must be a two-digit CAMEO root code")
        common = dict(
            type=entry["type"],
            mode=entry.get("mode"),
            cameo=str(cameo) if cameo is not None else None,
            reciprocal=bool(entry.get("reciprocal", False)),
            requires=tuple(entry.get("requires", ())),
            preps=tuple(str(p).lower() for p in entry.get("preps", ())),
        )
        for pos, key in (("verb", "verbs"), ("noun", "nouns"), ("adjective", "adjectives"), ("phrase", "phrases")):
            for word in entry.get(key, ()):
                words = tuple(str(word).lower().split())
                if words:
                    triggers.append(Trigger(words=words, pos=pos if len(words) == 1 or pos == "phrase" else "phrase", **common))
    return triggers, lists


def load_lexicon(extra: Sequence[str | Path] = (), reporting_verbs: frozenset[str] | None = None) -> Lexicon:
    """Load the shipped trigger lexicon, then each user file in ``extra`` (same format).

    A user's entry for a word the shipped lexicon already has takes precedence over it.
    ``reporting_verbs`` (the speech cues' list; the shipped cues' when None) become its ``speech``.
    """
    if reporting_verbs is None:
        reporting_verbs = load_cues().reporting_verbs
    shipped = _data("plover_lexicon.json")
    sources: list[tuple[object, str]] = [(json.loads(shipped.read_text(encoding="utf-8")), "plover_lexicon.json")]
    for path in extra:
        path = Path(path)
        if not path.is_file():
            raise DatelineError("E802", f"{path}: {errors.E802}")
        try:
            sources.append((json.loads(path.read_text(encoding="utf-8")), str(path)))
        except ValueError as err:
            raise DatelineError("E801", f"{path}: {errors.E801} ({err})") from err
    triggers: list[Trigger] = []
    lists: dict[str, set[str]] = {key: set() for key in _LIST_KEYS}
    for raw, source in reversed(sources):  # users' files first: their entries win ties
        file_triggers, file_lists = _read_lexicon_file(raw, source)
        triggers.extend(file_triggers)
        for key in _LIST_KEYS:
            lists[key] |= file_lists[key]
    by_word: dict[str, list[Trigger]] = {}
    for trigger in triggers:
        for word in trigger.words:
            bucket = by_word.setdefault(word, [])
            if trigger not in bucket:
                bucket.append(trigger)
    return Lexicon(
        triggers=tuple(triggers),
        light_verbs=frozenset(lists["light_verbs"]),
        object_control=frozenset(lists["object_control"]),
        planning=frozenset(lists["planning"]),
        speech=frozenset(reporting_verbs),
        target_preps=frozenset(lists["target_preps"]),
        obligation=frozenset(lists["obligation"]),
        dyadic_types=frozenset(t.upper() for t in lists["dyadic_types"]),
        threat_types=frozenset(t.upper() for t in lists["threat_types"]),
        patient_nouns=frozenset(lists["patient_nouns"]),
        target_only_types=frozenset(t.upper() for t in lists["target_only_types"]),
        accident_nouns=frozenset(lists["accident_nouns"]),
        non_proxy_nouns=frozenset(lists["non_proxy_nouns"]),
        by_word=by_word,
        plain_triggers=_plain_triggers(tuple(triggers)),
    )


# --------------------------------------------------------------------------- roles


@dataclass(frozen=True)
class RoleVocabulary:
    """The role words of ``data/roles.json`` (documented there)."""

    offices: dict
    spoke_words: tuple[str, ...]
    speaks_for: dict
    counterparts: tuple[str, ...]
    groups: dict
    titles: tuple[str, ...]
    non_actor_heads: frozenset[str]
    org_words: frozenset[str]
    state_bodies: frozenset[str]
    context_bodies: tuple[str, ...]
    unnamed_actors: dict = field(default_factory=dict)  # actor name -> {"kind", "words", "compound"}
    national_bodies: frozenset[str] = frozenset()  # state bodies a nationality names as an organization of its own
    occupations: tuple[str, ...] = ()  # title-case words before a name that are no office ("Lawyer", "Pensioner")
    posts: frozenset[str] = frozenset()  # names of posts, not of their holders ("surgeon general", "ceo"), lower case
    post_nominals: frozenset[str] = frozenset()  # what follows a name and is no part of it ("Jr", "III", "QC")
    generations: frozenset[str] = frozenset()  # the post-nominals a person's printed name keeps ("Jr", "III")
    ship_prefixes: frozenset[str] = frozenset()  # what is written before a ship's name ("INS", "USS", "MV")
    named_roles: dict = field(default_factory=dict)  # role nouns one named person bears: {"roles", "links", "ties"}
    firm_words: frozenset[str] = frozenset()  # last words of firms' and societies' names ("advisors", "llc"), lower case


def load_roles() -> RoleVocabulary:
    """The shipped role vocabulary (``data/roles.json``)."""
    raw = json.loads(_data("roles.json").read_text(encoding="utf-8"))
    return RoleVocabulary(
        offices=raw["offices"],
        spoke_words=tuple(raw["spokespeople"]["words"]),
        speaks_for=raw["spokespeople"]["speaks_for"],
        counterparts=tuple(raw["counterparts"]),
        groups=raw["groups"],
        titles=tuple(sorted(raw["titles"], key=len, reverse=True)),
        non_actor_heads=frozenset(raw["non_actor_heads"]),
        org_words=frozenset(raw["organization_words"]),
        state_bodies=frozenset(raw["state_bodies"]),
        context_bodies=tuple(raw["context_bodies"]),
        unnamed_actors=raw.get("unnamed_actors", {}),
        national_bodies=frozenset(raw.get("national_bodies", ())),
        occupations=tuple(raw.get("occupations", ())),
        posts=frozenset(raw.get("posts", ())),
        post_nominals=frozenset(raw.get("post_nominals", ())),
        generations=frozenset(raw.get("generations", ())),
        ship_prefixes=frozenset(raw.get("ship_prefixes", ())),
        named_roles=raw.get("named_roles", {}),
        firm_words=frozenset(raw.get("firm_words", ())),
    )


def load_office_words() -> dict[str, dict]:
    """Role words from ``data/roles.json`` that name a person's office ("president", "foreign minister")."""
    raw = json.loads(_data("roles.json").read_text(encoding="utf-8"))
    return {word: spec for word, spec in raw["offices"].items() if spec.get("office") != "institution" and word != "head"}


def office_title_pattern(kb: KnowledgeBase, office_words: dict) -> re.Pattern:
    """One pattern for every office word and every title a knowledge-base role carries."""
    titles = set(office_words)
    for actor in kb.actors.values():
        for role in actor.roles:
            titles.add(role.title.lower())
    # As a trie ("vice (?:president|premier)"), not ~300 alternatives each tried at every word: the
    # longest title that matches and ends the word still wins, as with the alternatives longest first.
    trie: dict = {}
    for title in titles:
        node = trie
        for piece in re.findall(r" |[^ ]", title):
            node = node.setdefault(piece, {})
        node[""] = {}
    return re.compile(rf"\b(?i:{_trie_pattern(trie)})(?![\w-])")


def _trie_pattern(node: dict) -> str:
    """The pattern of a trie of characters (a space stands for any run of spaces; "" ends a title),
    longer continuations tried before the title ends."""
    branches = [(r"\s+" if piece == " " else re.escape(piece)) + _trie_pattern(child) for piece, child in sorted(node.items()) if piece]
    if not branches:
        return ""
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{inner})?" if len(branches) > 1 or len(inner) > 1 else f"{inner}?"
    return inner


# --------------------------------------------------------------------------- anniversaries


@dataclass(frozen=True)
class Anniversary:
    id: str
    date: date
    aliases: tuple[str, ...]


def load_anniversaries() -> tuple[Anniversary, ...]:
    """The table of well-known reference events (``data/anniversaries.json``)."""
    raw = json.loads(_data("anniversaries.json").read_text(encoding="utf-8"))
    return tuple(
        Anniversary(entry["id"], date.fromisoformat(entry["date"]), tuple(strip_the(a) for a in entry["aliases"]))
        for entry in raw["events"]
    )


def strip_the(phrase: str) -> str:
    return re.sub(r"^the\s+", "", phrase.lower().replace("’", "'").strip())


# --------------------------------------------------------------------------- boilerplate


@dataclass(frozen=True)
class BoilerplateRules:
    """Whole-line patterns from ``data/boilerplate.txt``."""

    anywhere: tuple[re.Pattern[str], ...]
    tail: tuple[re.Pattern[str], ...]  # only in the trailing block after the article prose


def load_boilerplate() -> BoilerplateRules:
    """The boilerplate patterns shipped in ``dateline/data/boilerplate.txt``."""
    text = _data("boilerplate.txt").read_text(encoding="utf-8")
    return parse_boilerplate(text)


def parse_boilerplate(text: str) -> BoilerplateRules:
    """Parse the boilerplate file format (documented at the top of ``data/boilerplate.txt``)."""
    anywhere: list[re.Pattern[str]] = []
    tail: list[re.Pattern[str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        target = anywhere
        if line.startswith("tail:"):
            target, line = tail, line[len("tail:") :].strip()
        try:
            target.append(re.compile(line, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"boilerplate line {number} is not a regular expression: {exc}") from exc
    return BoilerplateRules(tuple(anywhere), tuple(tail))


# --------------------------------------------------------------------------- link (across documents)


@dataclass(frozen=True)
class LinkSettings:
    """The settings and stop words of the link stage (``data/link.json``, documented in ``data/link.md``)."""

    stop_words: frozenset[str]
    shingle_words: int
    minhash_permutations: int
    lsh_bands: int
    copy_similarity: float
    rewrite_score: float
    story_terms: int
    story_lookup_terms: int
    story_centroid_terms: int
    story_similarity: float
    story_candidates_per_term: int
    story_window_days: int
    story_inferred_window_days: int
    inferred_date_confidence: float
    story_event_weight: float
    story_key_names: int
    story_key_penalty: float
    event_window_days: int
    event_agree_days: int
    quote_similarity: float
    undated_confidence: float
    compatible_types: frozenset[frozenset[str]]
    symmetric_types: frozenset[str]
    story_conflict_names: int = 0
    story_conflict_penalty: float = 1.0
    story_pair_penalty: float = 1.0
    story_value_penalty: float = 1.0
    story_posting_terms: int = 0
    story_value_terms: int = 0
    story_value_weight: float = 0.0
    story_member_terms: int = 60
    story_split_similarity: float = 0.0
    story_split_size: int = 3
    story_split_ratio: float = 1.0
    story_split_members: int = 30


def load_link_settings(**overrides: Any) -> LinkSettings:
    """The link stage's settings from ``data/link.json``; keyword arguments override single values."""
    raw = json.loads(_data("link.json").read_text(encoding="utf-8"))
    raw.pop("about", None)
    raw["stop_words"] = frozenset(raw["stop_words"])
    raw["compatible_types"] = frozenset(frozenset(pair) for pair in raw["compatible_types"])
    raw["symmetric_types"] = frozenset(raw["symmetric_types"])
    raw.update(overrides)
    return LinkSettings(**raw)


def crossdoc_schema() -> dict[str, Any]:
    """The JSON Schema of the cross-document records (``data/schema/crossdoc.schema.json``): ``$defs`` per kind."""
    return json.loads((_data("schema") / "crossdoc.schema.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- event data codes


def load_event_codes():
    """The CAMEO table (``data/cameo.tsv``) and the intensity, refinement, entity and sector tables
    (``data/event_codes.json``) the PLOVER and GDELT exports code events and actors with."""
    from .eventcodes import CameoEntry, EventCodes, Refinement, Sector

    cameo = {}
    for line in _data("cameo.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        code, types, mode, contexts, goldstein, description = (line.split("\t") + [""] * 6)[:6]
        cameo[code] = CameoEntry(
            code=code,
            plover_types=tuple(t for t in types.split("|") if t),
            plover_mode=mode or None,
            plover_contexts=tuple(c for c in contexts.split("|") if c),
            goldstein=float(goldstein) if goldstein else None,
            description=description,
        )
    raw = json.loads(_data("event_codes.json").read_text(encoding="utf-8"))
    refinements = tuple(
        Refinement(
            code=entry["code"],
            types=tuple(entry.get("types") or [entry["type"]]),
            modes=tuple(entry.get("modes", ())),
            words=tuple(entry.get("words", ())),
        )
        for entry in raw["refinements"]
    )
    sectors = tuple(
        Sector(
            code=entry["code"],
            cameo=entry["cameo"],
            name=entry["name"],
            kb_types=tuple(entry.get("kb_types", ())),
            kb_offices=tuple(entry.get("kb_offices", ())),
            words=tuple(entry.get("words", ())),
        )
        for entry in raw["sectors"]
    )
    return EventCodes(
        cameo=cameo,
        refinements=refinements,
        intensity={key: float(value) for key, value in raw["intensity"].items()},
        entity_ids=dict(raw["entity_codes"]["kb_ids"]),
        entity_types=dict(raw["entity_codes"]["kb_types"]),
        entity_names=dict(raw["entity_codes"]["names"]),
        sectors=sectors,
    )


def plover_export_schema() -> dict[str, Any]:
    """The JSON Schema of one record of ``dateline export --format plover`` (``data/schema/plover.schema.json``)."""
    return json.loads((_data("schema") / "plover.schema.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- places (the gazetteer's additions)


@dataclass(frozen=True)
class PlaceNames:
    """What the gazetteer adds to the GeoNames data (``data/places.json``, documented in ``data/places.md``)."""

    country_names: dict[str, str]  # another name of a country -> its ISO alpha-3 code ("Britain" -> GBR)
    region_words: frozenset[str]  # "Kherson region", "Idlib province": the word after a city's name
    direction_words: frozenset[str]  # "northern Syria": the word before a country's or region's name
    facility_words: tuple[str, ...]  # "Baghdad International Airport": the words after the name of the city it serves
    regions: tuple[dict, ...]  # {"name", "aliases", "country", "seats"}: drawn over the provinces of its seats
    landmarks: tuple[dict, ...]  # {"name", "aliases", "country", "city"}: drawn at the city


def load_places() -> PlaceNames:
    """The gazetteer's own names: other country names, regions by their seats, landmarks by their city."""
    path = _data("places.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return PlaceNames(
            country_names=dict(raw["country_names"]),
            region_words=frozenset(word.casefold() for word in raw["region_words"]),
            direction_words=frozenset(word.casefold() for word in raw["direction_words"]),
            facility_words=tuple(word.casefold() for word in raw["facility_words"]),
            regions=tuple(raw["regions"]),
            landmarks=tuple(raw["landmarks"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise DatelineError("E210", f"{path}: {err!r}") from err
