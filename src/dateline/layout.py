"""The layout of one document, found once and read by every stage.

Paragraphs (non-blank lines), the spans between quotation marks, wire datelines, the headline
and sentence starts on the characters. The NLP stage's sentences come from the parse; these
character rules serve where a stage reasons about the text around a quote or a time.
Offsets are character offsets into ``Document.text``, end exclusive.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Mapping

from .kb import dateline_key
from .records import Dateline

SENTENCE_END = ".!?"
# A quote left open at a paragraph's end may run on this many paragraphs to a stray closer.
MAX_CARRY = 4
# A quote of this many words or fewer with no speech cue is a scare quote or a name.
SCARE_WORDS = 3
# The longest attribution that joins the two pieces of a quote ("said a senior ministry official").
MAX_ATTRIBUTION_WORDS = 6


@dataclass(frozen=True)
class Layout:
    """Where the parts of one document's text lie."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]  # non-blank lines
    quoted: tuple[tuple[int, int, int, int], ...]  # (open mark, content start, content end, after the close mark)
    datelines: tuple[tuple[int, int], ...]  # wire datelines opening a line
    dateline: Dateline | None  # the one opening the story, as ingest recorded it
    headline: tuple[int, int]  # (0, 0) when the text opens with no headline
    _quote_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_quote_starts", tuple(start for _, start, _, _ in self.quoted))

    def in_quote(self, offset: int) -> bool:
        """True when ``offset`` lies inside the words of a quoted span (the marks excluded)."""
        i = bisect.bisect_right(self._quote_starts, offset) - 1  # spans are sorted and never overlap
        return i >= 0 and offset < self.quoted[i][2]

    def paragraph_of(self, offset: int) -> tuple[int, int]:
        """The line holding ``offset``."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, end if end >= 0 else len(self.text)

    def paragraphs_before(self, offset: int) -> list[tuple[int, int]]:
        """The paragraphs that start before ``offset``, the one holding it cut there."""
        return [
            (start, min(end, offset)) for start, end in self.paragraphs if start < offset and self.text[start : min(end, offset)].strip()
        ]

    def sentence_start(self, offset: int, floor: int) -> int:
        """Where the sentence holding ``offset`` starts, looking back no further than ``floor``."""
        return sentence_start(self.text, offset, floor)

    def is_abbreviation(self, i: int) -> bool:
        """The full stop at ``i`` closes an abbreviation ('U.S.', 'No.'), not a sentence."""
        return is_abbreviation(self.text, i)


def analyze_layout(
    text: str, speech_verbs: frozenset[str] = frozenset(), dateline: Dateline | None = None, *, agencies: Mapping[str, str]
) -> Layout:
    """Find the layout of ``text``: ``speech_verbs`` tell that a mark after 'said,' opens a quote;
    ``dateline`` is the story's own, as ingest read it (``Document.dateline``); ``agencies`` the
    news agencies datelines name (``KnowledgeBase.agencies``).
    """
    return Layout(
        text=text,
        paragraphs=tuple(paragraph_spans(text)),
        quoted=tuple(find_quoted_spans(text, speech_verbs)),
        datelines=tuple(wire_dateline_spans(text, agencies)),
        dateline=dateline,
        headline=headline_span(text),
    )


# --------------------------------------------------------------------------- quotation marks


@dataclass
class _Marked:
    """A top-level span between quotation marks (character offsets of the marks)."""

    open: int  # offset of the opening mark
    open_len: int
    close: int | None  # offset of the closing mark, None while unclosed
    close_len: int = 1


@dataclass
class _Paragraph:
    start: int
    end: int
    spans: list[_Marked] = field(default_factory=list)  # closed top-level spans
    unclosed: _Marked | None = None
    orphans: list[int] = field(default_factory=list)  # closing marks with nothing open


OPEN_BEFORE = "([{—–-/:;\"“‘«„'`"


def _openish(text: str, i: int, start: int, width: int = 1) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + width] if i + width < len(text) else " "
    return (prev.isspace() or prev in OPEN_BEFORE or i == start) and (nxt.isalnum() or nxt in "([‘'…")


def _closeish(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    return not prev.isspace() or nxt.isspace() or nxt in ".,;:!?)]—–" or i + 1 == end


# Every character ``_scan_paragraph`` acts on.
_MARK_CHARS = "`'“«„”»\"‘’"
_MARK = re.compile("[" + re.escape(_MARK_CHARS) + "]")


def _scan_paragraph(text: str, start: int, end: int, verbs: frozenset[str]) -> _Paragraph:
    """Pair the quotation marks of one paragraph; singles and nested quotes stay inside."""
    para = _Paragraph(start, end)
    stack: list[tuple[str, _Marked]] = []

    def close(kind_index: int, at: int, width: int = 1) -> None:
        _, marked = stack[kind_index]
        del stack[kind_index:]
        marked.close, marked.close_len = at, width
        if not stack:
            para.spans.append(marked)

    def find(kind: str) -> int | None:
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == kind:
                return index
        return None

    i = start
    while i < end:
        ch = text[i]
        if ch not in _MARK_CHARS:
            # Only quotation marks and apostrophes do anything below: go to the next one.
            mark = _MARK.search(text, i, end)
            if mark is None:
                break
            i = mark.start()
            ch = text[i]
        nxt = text[i + 1] if i + 1 < end else ""
        if ch == "`" and nxt == "`":
            index = find("tex")
            if index is not None and (
                _sloppy_tex_close(text, stack[index][1].open + 2, i) or _tex_close_before_attribution(text, i, start, end)
            ):
                # "the `` midnight rules `` set to …", "`` The suspect …, `` police said.": a closer typed as an opener
                close(index, i, 2)
            else:
                stack.append(("tex", _Marked(i, 2, None)))
            i += 2
            continue
        if ch == "'" and nxt == "'":
            index = find("tex")
            if index is not None:
                close(index, i, 2)
            elif not stack:
                # a TeX-style closer with no opener in its paragraph: the end of a quote opened in a
                # paragraph before (its second mark, so that the quote ends after both)
                para.orphans.append(i + 1)
            i += 2
            continue
        if ch in "“«„":
            index = find("curly")
            prev = text[i - 1] if i > start else " "
            # A second “ right after a word closes the open one: German „…“ and sloppy “…“.
            if ch == "“" and index is not None and not prev.isspace() and _closeish(text, i, start, end):
                close(index, i)
            else:
                stack.append(("curly", _Marked(i, 1, None)))
        elif ch in "”»":
            index = find("curly")
            if index is not None:
                close(index, i)
            elif find("straight") is not None and _closeish(text, i, start, end):
                close(find("straight"), i)
            elif ch == "”" and _openish(text, i, start) and re.search(r"\S[”\"]", text[i + 1 : end]):
                stack.append(("curly", _Marked(i, 1, None)))  # ”…” (Swedish style, or sloppy)
            elif not stack:
                para.orphans.append(i)
        elif ch == '"':
            remaining = text.count('"', i, end)
            straight = find("straight")
            curly = find("curly")
            if straight is not None:
                close(straight, i)
            elif curly is not None and remaining % 2 == 1:
                close(curly, i)  # a “ closed by a straight " (sloppy translation)
            elif not stack and remaining % 2 == 1 and not _openish(text, i, start):
                para.orphans.append(i)
            elif not stack and remaining % 2 == 1 and _after_clause_comma(text, i, start) and not _after_speech_verb(text, i, start, verbs):
                # '…, "the agency quoted': a stray space before the closer; but 'he said, "We …' opens
                para.orphans.append(i)
            else:
                stack.append(("straight", _Marked(i, 1, None)))
        elif ch == "‘":
            if _openish(text, i, start):
                stack.append(("single", _Marked(i, 1, None)))
        elif ch in "’'":
            single = find("single")
            prev = text[i - 1] if i > start else " "
            if single is not None and not prev.isspace() and not nxt.isalnum():
                close(single, i)
            elif ch == "'" and _openish(text, i, start) and nxt.isalnum() and _single_closes(text, i, end):
                stack.append(("single", _Marked(i, 1, None)))
        i += 1
    if stack:
        para.unclosed = stack[0][1]
    return para


def _sloppy_tex_close(text: str, content_start: int, i: int) -> bool:
    """A `` that ends a few quoted words (no sentence, no other mark) after an open ``."""
    inside = text[content_start:i]
    words = re.findall(r"\w+", inside)
    return 0 < len(words) <= SCARE_WORDS and not re.search(r"[.!?,;:'\"“”]", inside)


def _tex_close_before_attribution(text: str, i: int, start: int, end: int) -> bool:
    """A `` after the quote's closing comma with only a short attribution after it to the sentence's end."""
    if not _after_clause_comma(text, i, start) or "''" in text[i:end]:
        return False
    rest = re.match(r"[^.!?`]*[.!?]", text[i + 2 : end])
    return rest is not None and len(rest.group().split()) <= MAX_ATTRIBUTION_WORDS + 2


def _after_clause_comma(text: str, i: int, start: int) -> bool:
    j = i - 1
    while j > start and text[j].isspace():
        j -= 1
    return j >= start and text[j] in ",.!?"


_IRREGULAR_SPEECH = frozenset({"said", "told", "wrote", "spoke", "says", "tells", "writes", "saying", "telling", "writing"})


def _after_speech_verb(text: str, i: int, start: int, verbs: frozenset[str]) -> bool:
    """The mark follows 'said,' or 'added:' (a speech verb and its comma or colon): it opens a quote."""
    match = re.search(r"([A-Za-z]+)\s*[,:]\s*$", text[max(start, i - 40) : i])
    if match is None:
        return False
    word = match.group(1).lower()
    if word in _IRREGULAR_SPEECH:
        return True
    stems = {word, word[:-1], word[:-2], word[:-3], word[:-3] + "e"}  # added, notes, noted, stating
    return bool(stems & verbs) and word.endswith(("s", "ed", "ing"))


def _single_closes(text: str, i: int, end: int) -> bool:
    for match in re.finditer(r"'", text[i + 1 : end]):
        j = i + 1 + match.start()
        after = text[j + 1] if j + 1 < end else " "
        if not text[j - 1].isspace() and not after.isalnum():
            return True
    return False


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The non-blank lines of ``text`` as (start, end) spans."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def find_quoted_spans(text: str, speech_verbs: frozenset[str] = frozenset()) -> list[tuple[int, int, int, int]]:
    """Top-level quoted spans as (open mark, content start, content end, after close mark).

    An opening mark left unclosed at a paragraph's end continues into the next paragraph
    when that paragraph opens with a mark (journalistic convention), or runs on to a stray
    closing mark a few paragraphs later (sloppy translation); otherwise it ends with its
    paragraph.
    """
    paragraphs = [_scan_paragraph(text, s, e, speech_verbs) for s, e in paragraph_spans(text)]
    found: list[tuple[int, int]] = []  # (open mark offset, close mark end)
    consumed: set[int] = set()  # paragraphs whose marks were used by a quote from before
    skip_first: dict[int, int] = {}  # paragraph -> offset of a re-opening mark to skip
    index = 0
    while index < len(paragraphs):
        para = paragraphs[index]
        if index in consumed:
            index += 1
            continue
        for marked in para.spans:
            if skip_first.get(index) == marked.open:
                continue
            found.append((marked.open, marked.close + marked.close_len))
        if para.unclosed is None:
            index += 1
            continue
        opener = para.unclosed
        end, last = _carry(paragraphs, index)
        found.append((opener.open, end))
        if last > index:
            for between in range(index + 1, last):
                consumed.add(between)
            tail = paragraphs[last]
            # The closing paragraph's own spans after the closer are still quotes.
            tail.spans = [m for m in tail.spans if m.open >= end]
            tail.orphans = [o for o in tail.orphans if o >= end]
            if tail.unclosed is not None and tail.unclosed.open < end:
                tail.unclosed = None
        index = last if last > index else index + 1
    spans = []
    for open_at, after in sorted(found):
        width = 2 if text.startswith("``", open_at) else 1
        content_start = open_at + width
        content_end = after
        if text[content_end - 2 : content_end] == "``" and content_end - 2 >= content_start:
            content_end -= 2  # a closer typed as an opener
        elif content_end > content_start and text[content_end - 1] in "\"”»“’'":
            content_end -= 1
            if text[content_end - 1 : content_end + 1] == "''":
                content_end -= 1
        while content_start < content_end and text[content_start].isspace():
            content_start += 1
        while content_end > content_start and text[content_end - 1].isspace():
            content_end -= 1
        if content_end > content_start:
            spans.append((open_at, content_start, content_end, after))
    return spans


def _carry(paragraphs: list[_Paragraph], index: int) -> tuple[int, int]:
    """Where a quote left open in paragraph ``index`` ends: (after the closer, paragraph of the closer)."""
    fallback = (paragraphs[index].end, index)
    current = index
    while current + 1 < len(paragraphs) and current - index < MAX_CARRY:
        nxt = paragraphs[current + 1]
        first = nxt.spans[0] if nxt.spans else nxt.unclosed
        if first is not None and first.open == nxt.start and not nxt.orphans:
            # The next paragraph re-opens the quote: it goes on, to its closer or its end.
            if nxt.spans and nxt.spans[0] is first:
                return first.close + first.close_len, current + 1
            current += 1
            fallback = (nxt.end, current)
            continue
        if nxt.orphans and not (nxt.spans and nxt.spans[0].open < nxt.orphans[0]):
            return nxt.orphans[0] + 1, current + 1  # a stray closer a few paragraphs on
        if nxt.unclosed is not None or fallback[1] != index:
            return fallback
        current += 1
    return fallback


# --------------------------------------------------------------------------- sentences and headline


def sentence_start(text: str, offset: int, floor: int) -> int:
    """Where the sentence holding ``offset`` starts, looking back no further than ``floor``."""
    i = offset - 1
    while i > floor:
        if text[i] in SENTENCE_END and (i + 1 >= len(text) or text[i + 1].isspace()) and not is_abbreviation(text, i):
            return i + 1
        i -= 1
    return floor


# Abbreviated ranks and titles the model's tokenizer splits from their full stop, which then
# ends the sentence ("said sheriff's Sgt. Vanette Christiansen"): the NLP stage keeps them whole.
RANK_ABBREVIATIONS = (
    "Sgt.",
    "Capt.",
    "Cpl.",
    "Lt.",
    "Col.",
    "Maj.",
    "Pvt.",
    "Brig.",
    "Cmdr.",
    "Cdr.",
    "Det.",
    "Insp.",
    "Supt.",
    "Amb.",
    "Atty.",
    "Pres.",
    "Sec.",
    "Secy.",
    "Spc.",
    "Const.",
)
# Words whose full stop never ends a sentence: the ranks above and common short titles.
ABBREVIATIONS = frozenset(
    ("No", "Mr", "Ms", "Dr", "Mrs", "St", "Gen", "Jr", "Sr", "vs", "Gov", "Sen", "Rep") + tuple(a.rstrip(".") for a in RANK_ABBREVIATIONS)
)


def is_abbreviation(text: str, i: int) -> bool:
    """'U.S.' or 'No.' style periods that do not end a sentence."""
    if text[i] != ".":
        return False
    word = re.search(r"(\S+)$", text[max(0, i - 12) : i])
    if not word:
        return False
    return bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word.group(1))) or word.group(1) in ABBREVIATIONS


def headline_span(text: str) -> tuple[int, int]:
    """The span of a headline opening the text (a short first line with no closing full stop), or (0, 0).

    "Kurds announce deal with …" restates the story in headline grammar; what was said is
    in the story itself.
    """
    paragraphs = paragraph_spans(text)
    while paragraphs and _is_address(text[paragraphs[0][0] : paragraphs[0][1]]):
        paragraphs = paragraphs[1:]  # a page's address above its headline
    if len(paragraphs) < 2:
        return 0, 0
    start, end = paragraphs[0]
    line = text[start:end].strip()
    if line[-1:] in SENTENCE_END + '"”’»' or len(line.split()) > 25:
        return 0, 0
    return start, end


def _is_address(line: str) -> bool:
    """A web address on a line of its own ('http://www.example.com/news/…', also tokenized 'http: / / www. …')."""
    return bool(re.match(r"\s*(?:https?\s*:\s*/\s*/|www\s*\.)\s*\S", line))


# --------------------------------------------------------------------------- datelines

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE = rf"(?i:{_MONTH}\.?\s+{_DAY}(?:,?\s+\d{{4}})?|{_DAY}\s+{_MONTH}\.?(?:,?\s+\d{{4}})?)(?!\d)"
_CAPS_WORD = r"[A-Z](?:[A-Z'’.\-]*[A-Z.])?"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:\s{_CAPS_WORD}){{0,3}}"
_NAME_WORD = r"(?:[A-Z][a-z'’\-]+|de|del|es|al|el|la|of|upon|am|an|sur)"
_TITLE_PLACE = rf"[A-Z][a-z'’\-]+(?:\s{_NAME_WORD}){{0,3}}"
_REGION = rf",\s(?!{_MONTH}\b|\d)[A-Z][A-Za-z.'\-]*(?:\s[A-Z][A-Za-z.'\-]*){{0,2}}"
_DASH = r"(?:\s*(?:--|—|–|―)|\s+-|\s*:)(?=\s|\Z)"
_DATELINE = re.compile(
    rf"""(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE})(?P<region>{_REGION})?
    (?:,\s(?P<date>{_DATE}))?\.?
    (?:\s*\(\s*(?P<agency>[A-Za-z][A-Za-z .&'\-]{{0,40}}?)\s*\)(?P<dash1>{_DASH})?
      |\s*/\s*(?P<slash_agency>[A-Za-z][A-Za-z\-]+(?:\s[A-Za-z\-]+)?)\s*/\.?(?P<dash2>{_DASH})?
      |(?P<dash>{_DASH}))""",
    re.VERBOSE,
)

# All-caps words that open a news line but are labels, not places ("BREAKING — ...").
_NOT_PLACES = frozenset(
    """BREAKING UPDATE UPDATED UPDATES EXCLUSIVE WATCH LIVE ANALYSIS OPINION EDITORIAL COMMENTARY
    FACTBOX EXPLAINER PHOTOS PHOTO VIDEO CORRECTION URGENT FLASH NOTE REVIEW INTERVIEW NEWS
    WORLD POLITICS BUSINESS SPORTS SPORT REPORT FEATURE ALERT DEVELOPING KEY POINTS FACT CHECK
    QUOTE QUOTES EDITOR EDITOR'S EDITORS SUMMARY HIGHLIGHTS BACKGROUND CONTEXT WARNING
    READ MORE SEE ALSO RELATED TOPICS Q&A FAQ""".split()
)
_DATELINE_WINDOW = 1500  # a dateline opens the story: look only at its first lines
_DATELINE_LINES = 4


def parse_dateline(text: str, agencies: Mapping[str, str]) -> Dateline | None:
    """The wire dateline opening a story (``PARIS, March 3 (Reuters) -``), or None.

    It is looked for at the start of the first few lines, so a headline or byline may come
    first. Place is title-cased, agency normalized, date kept as written. ``agencies`` maps how
    news agencies are written (``kb.dateline_key``) to the name their datelines print; it is
    the knowledge base's ``KnowledgeBase.agencies``.
    """
    position = 0
    for _ in range(_DATELINE_LINES):
        while position < len(text) and text[position] in " \t\n":
            position += 1
        if position >= min(len(text), _DATELINE_WINDOW):
            return None
        match = _DATELINE.match(text, position)
        if match and (dateline := _accept_dateline(match, agencies)):
            return dateline
        newline = text.find("\n", position)
        if newline < 0:
            return None
        position = newline
    return None


def _accept_dateline(match: re.Match[str], agencies: Mapping[str, str]) -> Dateline | None:
    place = match["place"]
    caps = place.upper() == place and sum(ch.isalpha() for ch in place) >= 2
    agency_text = match["agency"] or match["slash_agency"]
    dashed = bool(match["dash1"] or match["dash2"] or match["dash"])
    region = (match["region"] or "").strip(", ")
    if not caps and region and region.upper() == region:
        return None  # "Later, PARIS (AFP) -": a sentence word before the real, capitalized place
    if agency_text:
        agency = _agency(agency_text, agencies)
        if agency is None:
            return None
        # A name with a parenthesized acronym ("Leaders of the African Union (AU) met") is no
        # dateline: an agency the knowledge base lacks needs the dash and an all-caps place or a day.
        known = dateline_key(agency_text) in agencies
        if not known and not (dashed and (caps or match["date"])):
            return None
    else:
        agency = None
        # Without an agency only the all-caps place of a newspaper dateline is distinctive enough.
        if not caps or any(word in _NOT_PLACES for word in place.split()):
            return None
        if not match["date"] and len(place) < 3:
            return None
    end = match.end()
    while end > match.start() and match.string[end - 1].isspace():
        end -= 1
    return Dateline(
        place=_title_case(place) if caps else place,
        agency=agency,
        date_text=match["date"],
        start=match.start(),
        end=end,
    )


def _agency(written: str, agencies: Mapping[str, str]) -> str | None:
    key = dateline_key(written)
    if key in agencies:
        return agencies[key]
    words = written.split()
    # An unknown agency is a short proper name ("(Bernama)", "(Prensa Latina)"), not a gloss.
    if 1 <= len(words) <= 3 and all(word[0].isupper() for word in words):
        return " ".join(words)
    return None


_LOWER_PLACE_WORDS = frozenset({"of", "de", "del", "es", "al", "el", "la", "upon", "am", "an", "au", "sur"})


def _title_case(place: str) -> str:
    """'UNITED NATIONS' -> 'United Nations', 'PORT-AU-PRINCE' -> 'Port-au-Prince'."""

    def word(part: str, first: bool) -> str:
        lower = part.lower()
        if not first and lower in _LOWER_PLACE_WORDS:
            return lower
        if len(lower) > 2 and lower[1] in "'’":  # N'Djamena, D'Ivoire
            return lower[:2].upper() + lower[2:].capitalize()
        return lower.capitalize()

    words = []
    for index, token in enumerate(place.split()):
        pieces = token.split("-")
        words.append("-".join(word(piece, index == 0 and i == 0) for i, piece in enumerate(pieces)))
    return " ".join(words)


def dateline_length(line: str, agencies: Mapping[str, str]) -> int:
    """How many characters of ``line`` a wire dateline opening it takes (0 when there is none).

    The rule is ``parse_dateline``'s, so the dateline the document records and the one the
    parser keeps with its sentence are always the same.
    """
    dateline = parse_dateline(line.split("\n", 1)[0], agencies)
    if dateline is None or dateline.start != 0:
        return 0
    return dateline.end


def wire_dateline_spans(text: str, agencies: Mapping[str, str]) -> list[tuple[int, int]]:
    """Character spans of the wire datelines opening lines of ``text``."""
    spans = []
    for line in re.finditer(r"^[ \t]*(\S[^\n]*)", text, re.M):
        length = dateline_length(line.group(1), agencies)
        if length:
            spans.append((line.start(1), line.start(1) + length))
    return spans
