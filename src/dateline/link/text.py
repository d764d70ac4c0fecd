"""What the link stage reads from a document's text: words, names, figures, shingles and MinHash."""

from __future__ import annotations

import hashlib
import math
import random
import re
from typing import Iterable, Sequence

# Words (with inner apostrophes or hyphens), and figures ("1,500", "3.5", "80th").
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?")
SENTENCE_END = re.compile(r"[.!?\n]\s*[\"'“”‘’`]*\s*$")
PRIME = 4294967311  # the first prime above 2**32: MinHash permutations are (a * x + b) mod PRIME
MAX_HASH = (1 << 32) - 1


def words(text: str) -> list[str]:
    """The words and figures of a text, lower-cased."""
    return [m.group().lower() for m in WORD.finditer(text)]


def stem(word: str) -> str:
    """A light stem, enough to make "talks" and "talk", "Russia's" and "Russia" one term."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str, stop_words: frozenset[str]) -> list[str]:
    """Stemmed words that carry meaning: no stop words, no single letters."""
    out = []
    for word in words(text):
        if word[0].isdigit() or len(word) < 2 or word in stop_words:
            continue
        word = stem(word)
        if word not in stop_words:
            out.append(word)
    return out


def names(text: str, stop_words: frozenset[str]) -> list[str]:
    """Capitalized words inside sentences (names, places, titles), lower-cased and stemmed.

    A sentence's first word is left out, since its capital says nothing.
    """
    out = []
    for m in WORD.finditer(text):
        raw = m.group()
        if not raw[0].isupper() or len(raw) < 2:
            continue
        before = text[max(0, m.start() - 4) : m.start()]
        if m.start() == 0 or SENTENCE_END.search(before) or not before.strip():
            continue
        word = stem(raw.lower())
        if word not in stop_words:
            out.append(word)
    return out


def figures(text: str) -> list[str]:
    """The figures a text gives, as written without separators: "1,500" -> "1500"; single digits left out."""
    out = []
    for m in WORD.finditer(text):
        raw = m.group()
        if raw[0].isdigit():
            figure = re.sub(r"[,]", "", raw.lower())
            if len(figure) >= 2:
                out.append(figure)
    return out


def figure_slots(text: str, stop_words: frozenset[str]) -> list[str]:
    """Each figure with the word it counts or qualifies: ``slot=value`` for the content word just
    before and just after it ("magnitude 6.1" and "6.1 magnitude" -> ``magnitude=6.1``; "killed 14
    people" -> ``killed=14`` and ``people=14``; "March 3" -> ``march=3``).

    Two reports giving the same slot different values ("14 people" and "3 people", "March 3" and
    "March 30") likely tell two happenings; single digits are kept here, since a count of 3 or a
    3rd of the month tells as much as 30.
    """
    tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    out = []
    for i, (raw, start, end) in enumerate(tokens):
        if not raw[0].isdigit():
            continue
        value = raw.lower().replace(",", "")
        for j in (i - 1, i + 1):
            if not 0 <= j < len(tokens):
                continue
            word, w_start, w_end = tokens[j]
            between = text[w_end:start] if j < i else text[end:w_start]
            if word[0].isdigit() or len(word) < 3 or len(between) > 2 or any(c in between for c in ".;:()\n"):
                continue
            slot = stem(word.lower())
            if slot not in stop_words and word.lower() not in stop_words:
                out.append(f"{slot}={value}")
    return out


def shingles(tokens: Sequence[str], size: int) -> set[int]:
    """Hashes of every run of ``size`` consecutive tokens (the whole text when it is shorter)."""
    if not tokens:
        return set()
    size = min(size, len(tokens))
    return {_hash32(" ".join(tokens[i : i + size])) for i in range(len(tokens) - size + 1)}


def _hash32(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "big")


def permutations(count: int) -> list[tuple[int, int]]:
    """The fixed (a, b) of ``count`` MinHash permutations; the same on every machine and run."""
    rng = random.Random(20250508)
    return [(rng.randrange(1, 1 << 31), rng.randrange(0, 1 << 31)) for _ in range(count)]


def minhash(hashes: Iterable[int], perms: Sequence[tuple[int, int]]) -> tuple[int, ...]:
    """The MinHash signature of a set of shingle hashes (all MAX_HASH for an empty set)."""
    values = list(hashes)
    if not values:
        return tuple(MAX_HASH for _ in perms)
    import numpy as np

    x = np.array(values, dtype=np.uint64)
    return tuple(int(((a * x + b) % PRIME).min()) & MAX_HASH for a, b in perms)


def signature_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard similarity two MinHash signatures estimate."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


def band_keys(signature: Sequence[int], bands: int) -> tuple[str, ...]:
    """LSH band keys: documents sharing one are near-duplicate candidates."""
    rows = max(1, len(signature) // bands)
    keys = []
    for band in range(bands):
        chunk = signature[band * rows : (band + 1) * rows]
        if not chunk:
            break
        digest = hashlib.blake2b(",".join(map(str, chunk)).encode(), digest_size=8).hexdigest()
        keys.append(f"{band}:{digest}")
    return tuple(keys)


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """The overlap coefficient |a & b| / min(|a|, |b|); 0 when either is empty."""
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def cosine(vector: dict[str, float], centroid: dict[str, float]) -> float:
    """The cosine of a unit vector with a centroid of any length."""
    norm = math.sqrt(sum(v * v for v in centroid.values()))
    if not norm:
        return 0.0
    return sum(w * centroid.get(t, 0.0) for t, w in vector.items()) / norm
