"""Ingest: files, directories, HTML pages, JSON lines and stdin -> cleaned ``Document`` records.

Bad input never stops a run: each unreadable file (or JSON line) becomes one ``Failure``
naming the source, the reason and a stable code from ``errors.py``, and the other inputs
go on. The cleaned ``Document.text`` is what every later offset points into.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import IO, Iterable, Iterator, Mapping

from . import errors
from .errors import DatelineError
from .kb import load_kb
from .layout import parse_dateline
from .records import NO_DATE, Document, Failure, Published
from .resources import BoilerplateRules, load_boilerplate

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# In a directory only article files are read (a corpus folder often holds a README or an
# index table beside the articles); a file named explicitly is always read.
ARTICLE_SUFFIXES = frozenset({"", ".txt", ".text"}) | HTML_SUFFIXES | JSONL_SUFFIXES

MIN_HTML_WORDS = 10
STDIN_SOURCE = "<stdin>"
JSONL_FIELDS = ("text", "title", "date", "url", "outlet", "author")


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ReadingRules:
    """What an article is read by: boilerplate lines to drop, and how datelines name news agencies."""

    boilerplate: BoilerplateRules
    agencies: Mapping[str, str]  # ``KnowledgeBase.agencies``


def reading_rules(boilerplate: BoilerplateRules | None = None, agencies: Mapping[str, str] | None = None) -> ReadingRules:
    """The given rules, the shipped ones for what is None (the shipped knowledge base's agencies)."""
    return ReadingRules(boilerplate or load_boilerplate(), agencies if agencies is not None else load_kb().agencies)


def read_inputs(
    paths: Iterable[str | Path] | str | Path,
    *,
    stdin: IO[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    boilerplate: BoilerplateRules | None = None,
    agencies: Mapping[str, str] | None = None,
) -> Iterator[Document | Failure]:
    """Read files, directories (recursively), HTML, JSON lines and ``-`` (stdin) as documents.

    Yields one ``Document`` per article, or a ``Failure`` for each input that cannot be read;
    a failure never stops the other inputs. ``boilerplate`` is the rule set lines are dropped
    by and ``agencies`` the news agencies datelines name (``KnowledgeBase.agencies``); the
    shipped ones when None.
    """
    rules = reading_rules(boilerplate, agencies)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for arg in paths:
        if str(arg) == "-":
            yield from _read_stream(stdin if stdin is not None else sys.stdin, max_bytes, rules)
            continue
        path = Path(arg)
        if path.is_dir():
            found = False
            for file in _article_files(path):
                found = True
                yield from _read_file(file, file.relative_to(path).as_posix(), max_bytes, rules)
            if not found:
                suffixes = ", ".join(sorted(s for s in ARTICLE_SUFFIXES if s))
                reason = f"{errors.E102}: no article files ({suffixes}) in this folder"
                yield Failure(str(arg), "E102", reason)
        elif path.is_file():
            yield from _read_file(path, path.name, max_bytes, rules)
        elif path.exists():
            yield Failure(str(arg), "E109", f"{errors.E109}: not a regular file or directory")
        else:
            yield Failure(str(arg), "E109", f"{errors.E109}: no such file or directory")


def _article_files(folder: Path) -> Iterator[Path]:
    """Article files under ``folder``, sorted, skipping hidden files and folders."""
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts):
            continue
        if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES:
            yield path


def _read_file(path: Path, source: str, max_bytes: int, rules: ReadingRules) -> Iterator[Document | Failure]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            # JSON-lines files may be large collections: they are streamed, the limit is per line.
            with path.open("rb") as stream:
                if _looks_binary(stream.read(8192)):
                    yield Failure(source, "E101", errors.E101)
                    return
                stream.seek(0)
                yield from _read_jsonl_lines(stream, source, max_bytes, rules)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield Failure(source, "E106", f"{errors.E106} ({size:,} bytes > {max_bytes:,})")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield Failure(source, "E109", f"{errors.E109}: {exc.strerror or exc}")
        return
    text = _decode(raw, source)
    if isinstance(text, Failure):
        yield text
    elif suffix in HTML_SUFFIXES or _looks_like_html(text):
        yield _read_html(text, source, rules)
    else:
        yield _ingest(text, source, rules=rules)


def _read_stream(stream: IO[str], max_bytes: int, rules: ReadingRules) -> Iterator[Document | Failure]:
    """Standard input: plain text, HTML or JSON lines, told apart by their content."""
    try:
        text = stream.read(max_bytes + 1)
    except UnicodeDecodeError as exc:
        yield Failure(STDIN_SOURCE, "E103", f"{errors.E103} ({exc.reason})")
        return
    except OSError as exc:
        yield Failure(STDIN_SOURCE, "E109", f"{errors.E109}: {exc.strerror or exc}")
        return
    if len(text) > max_bytes:
        yield Failure(STDIN_SOURCE, "E106", f"{errors.E106} (more than {max_bytes:,} characters)")
        return
    text = text.lstrip("\ufeff")
    if _looks_like_jsonl(text):
        lines = (line.encode("utf-8") for line in text.splitlines())
        yield from _read_jsonl_lines(lines, STDIN_SOURCE, max_bytes, rules)
    elif _looks_like_html(text):
        yield _read_html(text, STDIN_SOURCE, rules)
    else:
        yield _ingest(text, STDIN_SOURCE, rules=rules)


def _decode(raw: bytes, source: str) -> str | Failure:
    """Bytes -> text: UTF-8 with or without BOM, UTF-16/32 with BOM; binary and others fail."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                return Failure(source, "E103", f"{errors.E103} ({encoding} BOM, bad byte at {exc.start})")
    if not raw.strip():
        return Failure(source, "E102", errors.E102)
    if _looks_binary(raw[:8192]):
        return Failure(source, "E101", errors.E101)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Failure(source, "E103", f"{errors.E103} (bad byte at offset {exc.start})")


_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 11, 12, 13, 27}


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return controls > max(2, len(head) // 100)


def _looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip().lower()
    if not head.startswith("<"):
        return False
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(re.search(r"<(head|body|article|main|div|p)[\s>]", head))


def _looks_like_jsonl(text: str) -> bool:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _read_jsonl_lines(lines: Iterable[bytes], source: str, max_bytes: int, rules: ReadingRules) -> Iterator[Document | Failure]:
    """One document per JSON line; a bad line is a ``Failure`` and the next lines go on."""
    found = False
    for number, raw in enumerate(_limited_lines(lines, max_bytes), start=1):
        where = f"{source}:{number}"
        found = found or bool(raw and raw.strip())
        if raw is None:
            yield Failure(where, "E106", f"{errors.E106} (line longer than {max_bytes:,} bytes)")
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            yield Failure(where, "E103", f"{errors.E103} (bad byte at offset {exc.start})")
            continue
        except json.JSONDecodeError as exc:
            yield Failure(where, "E104", f"{errors.E104}: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            yield Failure(where, "E104", f"{errors.E104}: a {type(record).__name__}, not an object")
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Failure(where, "E105", errors.E105)
            continue
        own = record.get("source") or record.get("id")
        key = "source" if record.get("source") else "id"
        meta = {k: v for k, v in record.items() if k not in JSONL_FIELDS and k != key}
        fields = {k: _scalar_text(record.get(k)) for k in JSONL_FIELDS[1:]}
        yield _ingest(text, str(own) if own else where, rules=rules, metadata=meta, **fields)
    if not found:
        yield Failure(source, "E102", errors.E102)


def _limited_lines(lines: Iterable[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a byte stream; ``None`` for a line above ``max_bytes`` (never held whole)."""
    if hasattr(lines, "readline"):
        while True:
            line = lines.readline(max_bytes + 1)
            if not line:
                return
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the long line
                    line = lines.readline(1 << 20)
                yield None
            else:
                yield line
    else:
        for line in lines:
            yield None if len(line) > max_bytes else line


def _scalar_text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _read_html(html: str, source: str, rules: ReadingRules) -> Document | Failure:
    """Main text and metadata of an HTML page, by trafilatura."""
    try:
        from trafilatura import bare_extraction
    except ImportError as exc:  # trafilatura or one of its parts is missing from the install
        return Failure(source, "E108", f"{errors.E108}: HTML extraction unavailable ({exc})")
    try:
        page = bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many kinds on broken markup
        return Failure(source, "E108", f"{errors.E108} ({type(exc).__name__})")
    # A page whose only text is a menu or a caption ("Home", "Photo") has no article in it.
    if page is None or len((page.text or "").split()) < MIN_HTML_WORDS:
        return Failure(source, "E108", errors.E108)
    text = page.text
    title = (page.title or "").strip() or None
    if title:
        # trafilatura repeats the headline as the first line of the text; it is kept in `title`.
        first, _, rest = text.partition("\n")
        if _fingerprint(first) == _fingerprint(title) and rest.strip():
            text = rest
    extra = {name: value for name in ("description", "categories", "tags", "hostname", "language") if (value := getattr(page, name, None))}
    return _ingest(
        text,
        source,
        rules=rules,
        title=title,
        date=page.date,
        url=page.url,
        outlet=page.sitename,
        author=page.author,
        metadata=extra,
        html=True,
    )


# --------------------------------------------------------------------------- cleaning


def ingest_text(
    text: str,
    source: str,
    *,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    metadata: Mapping[str, object] | None = None,
    boilerplate: BoilerplateRules | None = None,
    agencies: Mapping[str, str] | None = None,
) -> Document:
    """Clean one article's text into a ``Document``: date header, dateline, boilerplate, id.

    Raises ``DatelineError`` (E102 empty, E107 not English) when the text is no article.
    """
    result = _ingest(
        text,
        source,
        rules=reading_rules(boilerplate, agencies),
        title=title,
        date=date,
        url=url,
        outlet=outlet,
        author=author,
        metadata=metadata,
    )
    if isinstance(result, Failure):
        raise DatelineError(result.code, f"{result.source}: {result.reason}")
    return result


_HEADER = re.compile(
    r"\A\s*date\s*:?[ \t]*(?P<date>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?(?=\s|\Z)[ \t]*\n?",
    re.IGNORECASE,
)


def _ingest(
    text: str,
    source: str,
    *,
    rules: ReadingRules,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    metadata: Mapping[str, object] | None = None,
    html: bool = False,
) -> Document | Failure:
    text = text.lstrip("\ufeff")
    published = NO_DATE
    header = _HEADER.match(text)
    if header and _iso_day(header["date"]):
        published = Published(date=header["date"], how="header", confidence=1.0)
        text = text[header.end() :]
    elif date and (day := _iso_day(date)):
        published = Published(date=day, how="metadata", confidence=0.9)
    cleaned, byline = _take_byline(clean_text(text, rules.boilerplate, paragraph_per_line=html))
    author = author or byline
    if not cleaned:
        return Failure(source, "E102", errors.E102)
    if not is_english(cleaned):
        return Failure(source, "E107", errors.E107)
    return Document(
        doc_id=document_id(cleaned),
        source=source,
        text=cleaned,
        title=title,
        published=published,
        dateline=parse_dateline(cleaned, rules.agencies),
        outlet=outlet,
        author=author,
        url=url,
        language="en",
        metadata=dict(metadata or {}),
    )


_PERSON_NAME = r"[A-Z][a-z'’.\-]+(?:\s[A-Z][A-Za-z'’.\-]+){1,3}"
_BYLINE = re.compile(rf"By\s(?P<author>{_PERSON_NAME}(?:\sand\s{_PERSON_NAME})?)(?:,\s[A-Z][\w.&\- ]{{1,40}})?")


def _take_byline(text: str) -> tuple[str, str | None]:
    """Remove a "By Jane Roe" line from the top of the text; it names the author, not an actor."""
    paragraphs = text.split("\n\n")
    for index, paragraph in enumerate(paragraphs[:3]):
        match = _BYLINE.fullmatch(paragraph)
        if match and not paragraph.endswith("."):
            return "\n\n".join(paragraphs[:index] + paragraphs[index + 1 :]), match["author"]
    return text, None


def document_id(text: str) -> str:
    """Content id: the first 16 hex digits of the sha256 of the normalized text."""
    return hashlib.sha256(_fingerprint(text).encode("utf-8")).hexdigest()[:16]


def _fingerprint(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _iso_day(value: str) -> str | None:
    """An ISO day from a metadata date ("2023-03-05", "2023-03-05T10:00Z", "March 5, 2023")."""
    value = value.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return Date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    if not re.search(r"\d{4}", value):  # a day without a year is no publication date
        return None
    import dateparser  # slow to import: only for the rare non-ISO metadata date

    parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = re.compile(r"[.!?:;\"”’')\]»]$")


def clean_text(text: str, rules: BoilerplateRules | None = None, *, paragraph_per_line: bool = False) -> str:
    """Normalize whitespace, drop boilerplate lines, and keep paragraphs apart by a blank line.

    Lines of a block that was hard-wrapped are joined into one paragraph; otherwise each line
    is its own paragraph (news files often put one paragraph on each line).
    """
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = _drop_boilerplate(lines, rules or load_boilerplate())
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            if _hard_wrapped(block):
                paragraphs.append(" ".join(block))
            else:
                paragraphs.extend(_unwrap(block, paragraph_per_line))
            block = []
    return "\n\n".join(paragraphs)


def _hard_wrapped(block: list[str]) -> bool:
    """A block typed with line breaks at a fixed width (mail, wire printouts)."""
    if len(block) < 3:
        return False
    body = block[:-1]
    longest = max(len(line) for line in block)
    full = sum(1 for line in body if len(line) >= 0.6 * longest)
    # Wrapped lines break mid-sentence; one-sentence-per-line text ends its lines with a stop.
    open_ended = sum(1 for line in body if not _SENTENCE_END.search(line))
    return longest <= 100 and full >= 0.8 * len(body) and open_ended >= 0.5 * len(body)


def _unwrap(block: list[str], paragraph_per_line: bool) -> list[str]:
    """Each line a paragraph, except a line that plainly continues the previous sentence."""
    paragraphs = [block[0]]
    for line in block[1:]:
        previous = paragraphs[-1]
        if not paragraph_per_line and not _SENTENCE_END.search(previous) and line[0].islower():
            paragraphs[-1] = f"{previous} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


# --------------------------------------------------------------------------- boilerplate


def _drop_boilerplate(lines: list[str], rules: ReadingRules) -> list[str]:
    """Lines without boilerplate; blank lines are kept as paragraph separators."""

    def matches(line: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
        return any(pattern.fullmatch(line) for pattern in patterns)

    end = len(lines)
    while end and (not lines[end - 1] or matches(lines[end - 1], rules.tail + rules.anywhere)):
        end -= 1
    return [line for line in lines[:end] if not line or not matches(line, rules.anywhere)]


# --------------------------------------------------------------------------- language

# Frequent English function words: in English news they make up a third or more of the tokens,
# in other Latin-script languages only a few per cent ("a", "in", "is" are shared).
_ENGLISH = frozenset(
    """the of and to a an in is was were are be been being for on that with as by at from it its
    his her their they he she we i you this these those which who whom whose not but or also has
    have had will would could should can may said says after before over than about into during
    between against under while when where there here what all more most other such no so if
    our us them him up out new two one first last since until both each any very just only""".split()
)
_FOREIGN = frozenset(
    """le la les des du est une et que qui pour dans sur avec pas au aux ces sont été
    der die das und ist nicht mit sich des dem den ein eine auf für von zu wird wurde auch
    el los las del por para con una es se lo su al como más pero sus fue
    il di che per non della delle degli gli è sono anche alla nel
    um uma não em os ao pelo pela são foi mais
    het een van en op te dat zijn niet voor met ook
    yang dan dengan untuk dari ini itu tidak akan pada
    ve bir bu ile için da de olarak
    och att är för på som av inte med
    się nie jest że na od przez oraz""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def is_english(text: str) -> bool:
    """A cheap check that a text is English: Latin script and English function words."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters[:5000] if ch < "\u0250" or "LATIN" in unicodedata.name(ch, ""))
    if latin < 0.7 * min(len(letters), 5000):
        return False
    words = [word.casefold() for word in _WORD.findall(sample)][:3000]
    english = sum(1 for word in words if word in _ENGLISH)
    foreign = sum(1 for word in words if word in _FOREIGN and word not in _ENGLISH)
    if len(words) < 40:  # a headline or a brief: too short for a share, only a clear sign decides
        return not (foreign >= 2 and foreign > english)
    share = english / len(words)
    if share >= 0.25:
        return True
    if share < 0.08:
        return False
    return english > foreign
