"""Link one new document to what is stored: copies and rewrites, its story, merged events and quotes."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Mapping

from ..records import (
    Analysis,
    Derivation,
    EventMention,
    Facets,
    LinkUpdate,
    MergedEventState,
    QuoteMention,
    StoryPlacement,
    StorySplit,
    StoryState,
)
from ..resources import LinkSettings
from .index import LinkIndex
from .text import (
    band_keys,
    content_words,
    cosine,
    figure_slots,
    figures,
    minhash,
    names,
    overlap,
    permutations,
    shingles,
    signature_similarity,
    words,
)

CANDIDATES = 50  # documents or quotes compared per question, at most
EVENT_CANDIDATES = 20  # merged events read per blocking key (type group and actor), the latest
STORY_CANDIDATES = 20  # stories compared with a new document: those sharing most of its top terms
HEADLINE_CHARS = 160
STORY_ACTORS = 100  # actors a story counts, the most named


def link_document(analysis: Analysis, index: LinkIndex, settings: LinkSettings) -> LinkUpdate | None:
    """Everything the link stage decides for one new document; None when it is linked already."""
    document = analysis.document
    if index.linked(document.doc_id):
        return None
    text = document.text
    tokens = words(text)
    signature = minhash(shingles(tokens, settings.shingle_words), permutations(settings.minhash_permutations))
    counts = term_counts(analysis, settings)
    frequencies = index.frequencies(counts)
    total = index.document_count() + 1
    vector = term_vector(counts, frequencies, total, settings.story_terms, settings.story_value_terms,
                         settings.story_value_weight)
    facets = Facets(
        doc_id=document.doc_id,
        source=document.source,
        headline=headline(analysis),
        date=stated_date(analysis),
        signature=signature,
        numbers=tuple(sorted(term[2:] for term in counts if term.startswith("F:"))),  # ``figures(text)``, read once
        actors=tuple(sorted({a.id for a in analysis.actors})),
        quotes=tuple(
            (q.speaker, tuple(sorted(set(content_words(q.text, settings.stop_words))))) for q in analysis.quotes
        ),
        events=tuple((e.type, e.source, e.target, e.date_start) for e in analysis.events),
        inferred_date=confident_inferred_date(analysis, settings),
        terms=member_terms(vector, settings.story_member_terms),
    )
    top_terms = tuple(vector)[: settings.story_posting_terms or settings.story_lookup_terms]
    bands = band_keys(signature, settings.lsh_bands)

    event_stories = stories_of_shared_events(analysis, facets, index, settings)
    placement = place_in_story(analysis, facets, vector, index, settings, event_stories, counts)
    members = [] if placement.new else _latest_first(index, index.story_members(placement.story.id, CANDIDATES))
    derivation = find_derivation(facets, bands, placement, index, settings, members)
    split = None
    if not placement.new and settings.story_split_similarity > 0:
        placement, split = split_story(analysis, facets, placement, members, settings)
    if derivation is not None and derivation.doc_id == facets.doc_id:
        placement = _date_from_source(placement, derivation, index, settings)
    story_id = placement.story.id
    event_links, merged_states, event_keys = merge_events(analysis, facets, story_id, index, settings)
    quote_links = merge_quotes(analysis, facets, index, settings)
    return LinkUpdate(
        facets=facets,
        terms=tuple(counts),
        bands=bands,
        story_terms=top_terms,
        derivation=derivation,
        placement=placement,
        events=event_links,
        merged_events=merged_states,
        event_keys=event_keys,
        quotes=quote_links,
        split=split,
        posting_depth=settings.story_candidates_per_term,
    )


def _latest_first(index: LinkIndex, doc_ids: list[str]) -> list[Facets]:
    """The facets of these documents, in the order given (the index may return them in any)."""
    found = {f.doc_id: f for f in index.facets(doc_ids)}
    return [found[doc_id] for doc_id in doc_ids if doc_id in found]


def stated_date(analysis: Analysis) -> str | None:
    """The document's date when the document states it (header, dateline, metadata); None when inferred.

    An inferred date is a guess from the text ("July 17" read as the publication day), too weak
    to keep a document out of a story or to order a copy after its source.
    """
    published = analysis.published
    return published.date if published.how and published.how != "inferred" else None


def confident_inferred_date(analysis: Analysis, settings: LinkSettings) -> str | None:
    """An inferred date confident enough (a full date written in the text) to keep the document out of far stories."""
    published = analysis.published
    if published.how == "inferred" and published.confidence >= settings.inferred_date_confidence:
        return published.date
    return None


def headline(analysis: Analysis) -> str:
    """The document's title, else its first line, shortened."""
    document = analysis.document
    line = document.title or next((line for line in document.text.splitlines() if line.strip()), "")
    line = " ".join(line.split())
    return line if len(line) <= HEADLINE_CHARS else line[: HEADLINE_CHARS - 1] + "…"


# --------------------------------------------------------------------------- stories


def term_counts(analysis: Analysis, settings: LinkSettings) -> Counter:
    """The document's terms: content words, capitalized names (``N:``), actor ids (``A:``), figures (``F:``)
    and the years and months it speaks of (``Y:``, ``M:``: its own date and its calendar dates).

    Two happenings of one kind (two earthquakes, two arrests) share their words; what sets them apart
    is who took part, where, the figures and the dates.
    """
    text = analysis.document.text
    counts: Counter = Counter(content_words(text, settings.stop_words))
    for name in names(text, settings.stop_words):
        counts["N:" + name] += 1
    for actor in analysis.actors:
        counts["A:" + actor.id] += max(1, len(actor.mentions))
    for figure in figures(text):
        counts["F:" + figure] += 1
    for pair in event_pairs(analysis):
        counts["P:" + pair] += 1
    if settings.story_value_penalty < 1.0:
        for slot in figure_slots(text, settings.stop_words):
            counts["S:" + slot] += 1
    dates = [t.value for t in analysis.times if t.value and t.value[:1].isdigit()]
    if analysis.published.date:
        dates.append(analysis.published.date)
    for value in dates:
        if len(value) >= 4 and value[:4].isdigit():
            counts["Y:" + value[:4]] += 1
            if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
                counts["M:" + value[:7]] += 1
    return counts


def event_pairs(analysis: Analysis) -> list[str]:
    """Who did something to whom: ``first|second`` for each two actors on opposite sides of an event, in name order.

    Countries are left out: a pair of people or bodies is what tells one fight, trial or meeting from another.
    """
    kinds = {a.id: a.kind for a in analysis.actors}
    out = []
    for event in analysis.events:
        for source in event.source:
            for target in event.target:
                if source != target and kinds.get(source) != "country" and kinds.get(target) != "country":
                    out.append("|".join(sorted((source, target))))
    return out


def _pairs_conflict(counts: Mapping[str, float], centroid: Mapping[str, float]) -> bool:
    """Whether the document and the story each pair one actor with a different other, each absent from the other's text.

    One boxer's two fights, one player's two arrests: "Klitschko fought Thompson" in the document,
    "Klitschko fought Rahman" in the story, and the document never names Rahman nor the story Thompson.
    """
    theirs: dict[str, set[str]] = {}
    for term in centroid:
        if term.startswith("P:"):
            first, _, second = term[2:].partition("|")
            theirs.setdefault(first, set()).add(second)
            theirs.setdefault(second, set()).add(first)
    if not theirs:
        return False
    for term in counts:
        if not term.startswith("P:") or term in centroid:
            continue
        pair = term[2:].split("|")
        for shared, other in (pair, pair[::-1]):
            if "A:" + other in centroid:
                continue
            if any("A:" + partner not in counts for partner in theirs.get(shared, ())):
                return True
    return False


def _values_conflict(counts: Mapping[str, float], centroid: Mapping[str, float]) -> bool:
    """Whether the document and the story give more of the same slots different values than the same.

    A slot is a figure's word (``S:`` terms: "magnitude 6.1" against "magnitude 4.8", "14 people"
    against "3 people", "March 3" against "March 30"); the years each speaks of (``Y:`` terms) count
    as one more slot. Reports of one happening mostly agree where they give the same slot.
    """
    def slots(terms) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for term in terms:
            if term.startswith("S:"):
                slot, _, value = term[2:].partition("=")
                found.setdefault(slot, set()).add(value)
            elif term.startswith("Y:"):
                found.setdefault("Y:", set()).add(term[2:])
        return found

    theirs = slots(centroid)
    if not theirs:
        return False
    mine = slots(counts)
    differ = agree = 0
    for slot in mine.keys() & theirs.keys():
        if mine[slot] & theirs[slot]:
            agree += 1
        else:
            differ += 1
    return differ > agree


def key_names(vector: Mapping[str, float], size: int) -> list[str]:
    """The ``size`` heaviest names and actors of a document's vector or a story's centroid: who and where it is about."""
    return [term for term, _ in sorted(vector.items(), key=lambda kv: -kv[1]) if term[:2] in ("N:", "A:")][:size]


def term_vector(
    counts: Counter, frequencies, total: int, size: int, value_terms: int = 0, value_weight: float = 0.0
) -> dict[str, float]:
    """The ``size`` heaviest terms by TF-IDF, with document frequencies counting this document, as a unit vector.

    Figures with their slots (``S:`` terms) are not among them: the ``value_terms`` heaviest are added
    after, at ``value_weight`` times their weight, so that a story's centroid knows the values its
    documents give while they barely move a cosine (a value one report gives is rarely in another).
    """
    weights = {}
    for term, count in counts.items():
        df = frequencies.get(term, 0) + 1
        weights[term] = (1.0 + math.log(count)) * math.log((total + 1) / (df + 0.5))
    slots = {t: w for t, w in weights.items() if t.startswith("S:")}
    top = sorted(((t, w) for t, w in weights.items() if t not in slots), key=lambda kv: (-kv[1], kv[0]))[:size]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    out = {term: w / norm for term, w in top if w > 0}
    for term, w in sorted(slots.items(), key=lambda kv: (-kv[1], kv[0]))[:value_terms]:
        if w > 0 and value_weight > 0:
            out[term] = value_weight * w / norm
    return out


def stories_of_shared_events(analysis: Analysis, facets: Facets, index: LinkIndex, settings: LinkSettings) -> Counter:
    """The stories holding merged events that this document's dated events are mentions of, with how many."""
    found: Counter = Counter()
    countries = {a.id: a.country for a in analysis.actors if a.kind != "country" and a.country}
    for event in analysis.events:
        if not event.date_start:
            continue
        mention = _mention(event, facets, countries)
        participants = sorted(set(mention.source) | set(mention.target))
        keys = [f"{type_group(event.type, settings)}|{actor}" for actor in participants]
        since, until = _bounds(event.date_start, event.date_end, settings.event_window_days)
        for merged in index.event_candidates(keys, EVENT_CANDIDATES, since, until):
            if _event_fit(mention, merged, facets, "", settings) is not None:
                found.update(set(merged.documents))
    return found


def place_in_story(
    analysis: Analysis, facets: Facets, vector: dict[str, float], index: LinkIndex, settings: LinkSettings,
    event_stories: Counter | None = None, counts: Counter | None = None,
) -> StoryPlacement:
    """The most similar story within the time window, when similar enough; else a new story.

    Similarity is the cosine of the document's terms with the story's, plus ``story_event_weight``
    for each event (at most two) the document shares with the story, times ``story_key_penalty``
    when the two do not share their main names.
    """
    event_stories = event_stories or Counter()
    best: StoryState | None = None
    best_score = 0.0
    if facets.date:
        day, window = facets.date, settings.story_window_days
    else:
        day, window = facets.inferred_date, settings.story_inferred_window_days
    since, until = _bounds(day, day, window)
    lookup = list(vector)[: settings.story_lookup_terms]
    candidates = {s.id: s for s in index.story_candidates(
        lookup, settings.story_candidates_per_term, STORY_CANDIDATES, since, until)}
    missing = [story_id for story_id in event_stories if story_id not in candidates]
    candidates.update({s.id: s for s in index.stories(missing)})
    keys = key_names(vector, settings.story_key_names)
    for story in candidates.values():
        if not _in_window(day, story.start, story.end, window):
            continue
        centroid = dict(story.centroid)
        score = cosine(vector, centroid) + settings.story_event_weight * min(2, event_stories[story.id])
        # Two happenings of one kind share their words, not their main names: a story and a document
        # that do not each name one of the other's main people, places or bodies are likely two.
        if keys and not _shares_key(keys, counts or Counter(vector), centroid, settings.story_key_names):
            score *= settings.story_key_penalty
        elif settings.story_conflict_names and _names_conflict(vector, counts or Counter(vector), centroid, settings):
            score *= settings.story_conflict_penalty
        if settings.story_pair_penalty < 1.0 and _pairs_conflict(counts or Counter(vector), centroid):
            score *= settings.story_pair_penalty
        if settings.story_value_penalty < 1.0 and _values_conflict(counts or Counter(vector), centroid):
            score *= settings.story_value_penalty
        if score > best_score:
            best, best_score = story, score
    actor_names = {a.id: a.name for a in analysis.actors}
    actor_ids = set(actor_names)
    if best is None or best_score < settings.story_similarity:
        story = StoryState(
            id="story-" + facets.doc_id[:16],
            centroid=_truncate(vector, settings.story_centroid_terms),
            start=day,
            end=day,
            size=1,
            actors={a: 1 for a in actor_ids},
        )
        return _placement(facets, story, True, 1.0, actor_names, settings)
    centroid = dict(best.centroid)
    for term, weight in vector.items():
        centroid[term] = centroid.get(term, 0.0) + weight
    dates = [d for d in (best.start, best.end, day) if d]
    actors = dict(best.actors)
    for actor in actor_ids:
        actors[actor] = actors.get(actor, 0) + 1
    # A story keeps its most named actors only, so a story of thousands of documents costs no more to update.
    actors = dict(sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_ACTORS])
    story = StoryState(
        id=best.id,
        centroid=_truncate(centroid, settings.story_centroid_terms),
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
        size=best.size + 1,
        actors=actors,
    )
    return _placement(facets, story, False, best_score, actor_names, settings)


def member_terms(vector: Mapping[str, float], size: int) -> tuple[tuple[str, float], ...]:
    """The ``size`` heaviest terms of a document's vector, kept with it to compare story members with one another."""
    return tuple((term, round(weight, 4)) for term, weight in list(vector.items())[:size])


def average_link(vectors: list[dict[str, float]], threshold: float) -> list[list[int]]:
    """Groups of vectors by average-link clustering: groups join while their mean cosine is at least ``threshold``."""
    units = []
    for vector in vectors:
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        units.append({t: w / norm for t, w in vector.items()})
    n = len(units)
    sims = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            small, large = (units[i], units[j]) if len(units[i]) <= len(units[j]) else (units[j], units[i])
            sims[i][j] = sims[j][i] = sum(w * large.get(t, 0.0) for t, w in small.items())
    groups = {i: [i] for i in range(n)}
    links = {(i, j): sims[i][j] for i in range(n) for j in range(i + 1, n)}  # summed cosines between two groups
    while len(groups) > 1:
        (a, b), best = max(
            ((pair, total / (len(groups[pair[0]]) * len(groups[pair[1]]))) for pair, total in links.items()),
            key=lambda kv: kv[1],
        )
        if best < threshold:
            break
        for c in groups:
            if c in (a, b):
                continue
            links[(min(a, c), max(a, c))] = links.get((min(a, c), max(a, c)), 0.0) + links.pop((min(b, c), max(b, c)), 0.0)
        links.pop((a, b))
        groups[a] = groups[a] + groups.pop(b)
    return sorted((sorted(group) for group in groups.values()), key=lambda group: group[0])


def split_story(
    analysis: Analysis, facets: Facets, placement: StoryPlacement, members: list[Facets], settings: LinkSettings
) -> tuple[StoryPlacement, StorySplit | None]:
    """Part the story a document joined when its latest members (the document among them) fall into two groups.

    One wrong join early (the second quake's first report joining the first quake's story) would
    otherwise pull the whole second happening in after it. The members are clustered by average link;
    when the document's group and the others are each at least ``story_split_size`` documents and
    their mean cosine is below ``story_split_similarity`` and below ``story_split_ratio`` times the
    looser group's own (what is far apart in a close-knit topic, not a loose story's spread), the
    smaller group leaves for a story of its own (the document's group when the story has members older
    than those read). Only the latest ``story_split_members`` are read, so the work per document stays
    bounded. Members linked before ``Facets.terms`` existed carry no terms and are left where they are.
    """
    others = [m for m in members if m.terms and m.doc_id != facets.doc_id][: settings.story_split_members]
    size = settings.story_split_size
    if len(others) + 1 < 2 * size:
        return placement, None
    vectors = [dict(facets.terms)] + [dict(m.terms) for m in others]
    groups = average_link(vectors, settings.story_split_similarity)
    mine = next(g for g in groups if 0 in g)
    rest = [i for i in range(len(vectors)) if i not in mine]
    if len(mine) < size or len(rest) < size:
        return placement, None
    across = sum(_dot(vectors[i], vectors[j]) for i in mine for j in rest) / (len(mine) * len(rest))
    within = min(_cohesion(vectors, mine), _cohesion(vectors, rest))
    if across >= settings.story_split_similarity or across >= settings.story_split_ratio * within:
        return placement, None
    story = placement.story
    everyone_read = story.size <= len(others) + 1
    moving = rest if everyone_read and len(rest) < len(mine) else mine
    doc_moves = 0 in moving
    moved = [others[i - 1] for i in moving if i]
    moved_vectors = [dict(m.terms) for m in moved] + ([dict(facets.terms)] if doc_moves else [])
    parted_centroid: dict[str, float] = {}
    for vector in moved_vectors:
        for term, weight in vector.items():
            parted_centroid[term] = parted_centroid.get(term, 0.0) + weight
    kept_centroid = dict(story.centroid)
    for term, weight in parted_centroid.items():
        if term in kept_centroid:
            kept_centroid[term] -= weight
            if kept_centroid[term] <= 1e-4:
                del kept_centroid[term]
    moved_actors = Counter(a for m in moved for a in m.actors)
    if doc_moves:
        moved_actors.update({a.id for a in analysis.actors})
    kept_actors = {a: n - moved_actors.get(a, 0) for a, n in story.actors.items() if n - moved_actors.get(a, 0) > 0}
    days = [d for d in [m.date or m.inferred_date for m in moved] if d]
    if doc_moves:
        parted_id = "story-" + facets.doc_id[:16]
        days += [d for d in (facets.date or facets.inferred_date,) if d]
    else:
        digest = hashlib.blake2b("|".join(sorted(m.doc_id for m in moved)).encode(), digest_size=8).hexdigest()
        parted_id = "story-" + digest
    parted = StoryState(
        id=parted_id, centroid=_truncate(parted_centroid, settings.story_centroid_terms),
        start=min(days) if days else None, end=max(days) if days else None, size=len(moved_vectors),
        actors=dict(sorted(moved_actors.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_ACTORS]),
    )
    kept = replace(story, centroid=_truncate(kept_centroid, settings.story_centroid_terms),
                   size=story.size - len(moved_vectors), actors=kept_actors)
    own = parted if doc_moves else kept
    actor_names = {a.id: a.name for a in analysis.actors}
    similarity = placement.similarity
    placement = _placement(facets, own, False, similarity, actor_names, settings)
    posted = settings.story_posting_terms or settings.story_lookup_terms
    terms = tuple(term for term, _ in sorted(parted_centroid.items(), key=lambda kv: -kv[1])[:posted])
    return placement, StorySplit(tuple(m.doc_id for m in moved), kept, parted, terms)


def _cohesion(vectors: list[dict[str, float]], group: list[int]) -> float:
    """The mean cosine of a group's members with one another."""
    pairs = [(i, j) for n, i in enumerate(group) for j in group[n + 1:]]
    return sum(_dot(vectors[i], vectors[j]) for i, j in pairs) / len(pairs) if pairs else 1.0


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The cosine of two term vectors."""
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return sum(w * b.get(t, 0.0) for t, w in a.items()) / norm if norm else 0.0


def _names_conflict(vector: Mapping[str, float], counts: Mapping[str, float], centroid: dict[str, float],
                    settings: LinkSettings) -> bool:
    """Whether a document and a story each give a main name the other never names.

    Two fights of one boxer, two arrests by one police force: they share the one name and differ
    in the other (the opponent, the suspect, the town), each missing from the other's text.
    """
    size = settings.story_conflict_names
    mine = [k for k in key_names(vector, size) if k not in centroid]
    theirs = [k for k in key_names(centroid, size) if k not in counts]
    return bool(mine) and bool(theirs)


def _shares_key(keys: list[str], counts: Mapping[str, float], centroid: dict[str, float], size: int) -> bool:
    """Whether a document names one of a story's main names and the story one of the document's."""
    return any(k in centroid for k in keys) and any(k in counts for k in key_names(centroid, size))


def _placement(facets, story, new, similarity, actor_names, settings) -> StoryPlacement:
    if facets.date:
        return StoryPlacement(facets.doc_id, story, new, similarity, facets.date, "published", None, 1.0, actor_names)
    if facets.inferred_date:
        return StoryPlacement(facets.doc_id, story, new, similarity, facets.inferred_date, "inferred",
                              "inferred from the text by the time stage", settings.inferred_date_confidence, actor_names)
    if new or not story.end:
        return StoryPlacement(facets.doc_id, story, new, similarity, None, "none", None, 0.0, actor_names)
    evidence = f"member of a story dated {story.start} to {story.end} (similarity {similarity:.2f})"
    return StoryPlacement(
        facets.doc_id, story, new, similarity, story.end, "estimated", evidence,
        round(settings.undated_confidence * min(1.0, similarity / 0.5), 2), actor_names,
    )


def _date_from_source(placement, derivation, index, settings) -> StoryPlacement:
    """An undated derived document is no earlier than its source."""
    if placement.date_how == "published":
        return placement
    source = next(iter(index.facets([derivation.derived_from])), None)
    if source is None or not source.date:
        return placement
    if placement.date and placement.date >= source.date:
        return placement
    evidence = f"{derivation.kind} of {source.source}, dated {source.date}"
    return replace(placement, date=source.date, date_how="estimated", date_evidence=evidence,
                   date_confidence=round(settings.undated_confidence * derivation.similarity, 2))


def _truncate(vector: dict[str, float], size: int) -> dict[str, float]:
    top = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
    return {term: round(w, 5) for term, w in top}


def _in_window(day: str | None, start: str | None, end: str | None, days: int) -> bool:
    if not day or not start or not end:
        return True
    d, s, e = _day(day), _day(start), _day(end)
    if d is None or s is None or e is None:
        return True
    return s - timedelta(days=days) <= d <= e + timedelta(days=days)


def _bounds(start: str | None, end: str | None, days: int) -> tuple[str | None, str | None]:
    """The ISO days ``days`` before ``start`` and after ``end``: what the index may leave out lies beyond them."""
    first, last = _day(start), _last_day(end or start)
    if first is None or last is None:
        return None, None
    try:
        return (first - timedelta(days=days)).isoformat(), (last + timedelta(days=days)).isoformat()
    except OverflowError:
        return None, None


def _day(value: str | None) -> date | None:
    """The first day of an ISO date, month or year ("2025", "2025-05", "2025-05-08", "A/B")."""
    if not value:
        return None
    value = value.split("/")[0]
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def _last_day(value: str | None) -> date | None:
    """The last day of an ISO date, month, year or interval."""
    if not value:
        return None
    value = value.split("/")[-1]
    first = _day(value)
    if first is None:
        return None
    parts = value.split("-")
    if len(parts) == 1:
        return date(first.year, 12, 31)
    if len(parts) == 2:
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return first


# --------------------------------------------------------------------------- copies and rewrites


def find_derivation(
    facets: Facets, bands: tuple[str, ...], placement: StoryPlacement, index: LinkIndex, settings: LinkSettings,
    members: list[Facets] | None = None,
) -> Derivation | None:
    """The stored document this one copies or rewrites (or, when this one is the earlier, the reverse).

    ``members``: the facets of the story's latest members, when the caller has read them already.
    """
    candidates = index.band_matches(bands, CANDIDATES)
    known = {m.doc_id: m for m in members or ()}
    if not placement.new and members is None:
        candidates += index.story_members(placement.story.id, CANDIDATES)
    candidates = [c for c in dict.fromkeys(candidates) if c != facets.doc_id and c not in known]
    best: Derivation | None = None
    # Among equally close ones the earliest linked wins (members come latest first): the original, not its copy.
    for other in index.facets(candidates) + [m for m in reversed(list(known.values())) if m.doc_id != facets.doc_id]:
        found = compare_documents(facets, other, settings)
        if found and (best is None or found.similarity > best.similarity):
            best = found
    return best


def compare_documents(new: Facets, old: Facets, settings: LinkSettings) -> Derivation | None:
    """A copy (shingle similarity) or a rewrite (the same quotes, figures, actors and events) of one by the other."""
    similarity = signature_similarity(new.signature, old.signature)
    if similarity >= settings.copy_similarity:
        kind, evidence = "copy", f"{similarity:.0%} of word {settings.shingle_words}-grams shared"
    else:
        score, evidence = rewrite_score(new, old, settings)
        if score < settings.rewrite_score:
            return None
        kind, similarity = "rewrite", score
    # The later one derives from the earlier; an undated one from a dated one; else the new from the old.
    if new.date and old.date and new.date < old.date:
        return Derivation(old.doc_id, new.doc_id, kind, round(similarity, 3), evidence)
    if not old.date and new.date:
        return Derivation(old.doc_id, new.doc_id, kind, round(similarity, 3), evidence)
    return Derivation(new.doc_id, old.doc_id, kind, round(similarity, 3), evidence)


def rewrite_score(a: Facets, b: Facets, settings: LinkSettings) -> tuple[float, str]:
    """How far two documents say the same things: shared quotes by the same speakers, figures, actors, events.

    Each part counts what the shorter of the two holds, since a rewrite drops parts of its source.
    """
    if a.date and b.date and abs((_day(a.date) - _day(b.date)).days) > settings.story_window_days:
        return 0.0, ""
    quotes_a = [q for q in a.quotes if len(q[1]) >= 4]
    quotes_b = [q for q in b.quotes if len(q[1]) >= 4]
    shared_quotes = sum(
        1
        for speaker, text in quotes_a
        if any((speaker == s or speaker is None or s is None) and overlap(text, t) >= settings.quote_similarity
               for s, t in quotes_b)
    )
    fewer_quotes = min(len(quotes_a), len(quotes_b))
    quote_part = shared_quotes / fewer_quotes if fewer_quotes else 0.0
    numbers_a, numbers_b = set(a.numbers), set(b.numbers)
    shared_numbers = numbers_a & numbers_b
    fewer_numbers = min(len(numbers_a), len(numbers_b))
    number_part = len(shared_numbers) / fewer_numbers if fewer_numbers >= 2 else 0.0
    actor_part = overlap(a.actors, b.actors)
    shared_events = sum(1 for event in a.events if any(_same_event_facet(event, other) for other in b.events))
    fewer_events = min(len(a.events), len(b.events))
    event_part = shared_events / fewer_events if fewer_events else 0.0
    # What two independent reports of one happening also share (its actors, its event) weighs little;
    # what only a rewrite keeps (the same statements, the same figures) weighs most.
    if shared_quotes < 2 and len(shared_numbers) < 3:
        return 0.0, ""
    score = 0.45 * quote_part + 0.3 * number_part + 0.1 * actor_part + 0.15 * event_part
    evidence = (
        f"{shared_quotes} of {fewer_quotes} quotes, {len(shared_numbers)} figures "
        f"({', '.join(sorted(shared_numbers)[:6])}), {shared_events} events shared"
    )
    return score, evidence


def _same_event_facet(a, b) -> bool:
    type_a, source_a, target_a, _ = a
    type_b, source_b, target_b, _ = b
    people_a, people_b = set(source_a) | set(target_a), set(source_b) | set(target_b)
    return type_a == type_b and bool(people_a & people_b)


# --------------------------------------------------------------------------- merged events


def type_group(event_type: str, settings: LinkSettings) -> str:
    """The blocking name of an event type: compatible types share one."""
    group = {event_type}
    for pair in settings.compatible_types:
        if event_type in pair:
            group |= pair
    return min(group)


def merge_events(
    analysis: Analysis, facets: Facets, story_id: str, index: LinkIndex, settings: LinkSettings
) -> tuple[tuple[tuple[str, EventMention], ...], tuple[MergedEventState, ...], tuple[tuple[str, str], ...]]:
    """Each event of the document with the merged event it is a mention of (a new one when none fits).

    Also gives the merged events' updated states and their blocking keys ``(key, merged id)``.
    """
    links = []
    keys_out: list[tuple[str, str]] = []
    taken: dict[str, MergedEventState] = {}
    countries = {a.id: a.country for a in analysis.actors if a.kind != "country" and a.country}
    for event in analysis.events:
        mention = _mention(event, facets, countries)
        participants = set(mention.source) | set(mention.target)
        keys = [f"{type_group(event.type, settings)}|{actor}" for actor in sorted(participants)]
        since, until = _bounds(event.date_start, event.date_end, settings.event_window_days)
        candidates = list(taken.values()) + index.event_candidates(keys, EVENT_CANDIDATES, since, until)
        best, best_rank = None, None
        for merged in candidates:
            rank = _event_fit(mention, merged, facets, story_id, settings)
            if rank is not None and (best_rank is None or rank < best_rank):
                best, best_rank = merged, rank
        merged_id = best.id if best is not None else "event-" + event.id
        state = best or MergedEventState(merged_id, event.type, (), (), None, None, None)
        taken[merged_id] = MergedEventState(
            merged_id, state.type,
            tuple(dict.fromkeys(state.source + mention.source)), tuple(dict.fromkeys(state.target + mention.target)),
            state.date_start or event.date_start, state.date_end or event.date_end,
            state.location_country or mention.location_country, tuple(dict.fromkeys(state.documents + (story_id,))),
        )
        links.append((merged_id, replace(mention, source=event.source, target=event.target)))
        keys_out.extend((key, merged_id) for key in keys)
    return tuple(links), tuple(taken.values()), tuple(dict.fromkeys(keys_out))


def _mention(event, facets: Facets, countries: dict[str, str]) -> EventMention:
    """The event as a mention, each side with the countries of the people and bodies on it added.

    "Xi will visit Russia" and "Putin met Xi" are then one meeting: Putin stands for Russia.
    """
    def side(ids):
        return tuple(dict.fromkeys(ids + tuple(countries[a] for a in ids if a in countries)))

    return EventMention(
        event_id=event.id,
        doc_id=facets.doc_id,
        type=event.type,
        source=side(event.source),
        target=side(event.target),
        date_start=event.date_start,
        date_end=event.date_end,
        location=event.location.name if event.location else None,
        location_country=event.location.country if event.location else None,
        status=event.status,
        evidence=event.evidence_text,
    )


def _states(participants: set[str]) -> set[str]:
    """The states among an event's participants (ISO alpha-3 ids, a person's country included)."""
    return {p for p in participants if len(p) == 3 and p.isalpha() and p.isupper()}


def _side_agrees(mine: set[str], theirs: set[str]) -> bool:
    """Whether two reports' sides of an event can be one side: they share an id, and not only a state
    when both name people or bodies ("Scholz accused Xi" and "Merkel accused Li" share Germany and China)."""
    if not mine & theirs:
        return False
    others, their_others = mine - _states(mine), theirs - _states(theirs)
    return not (others and their_others and not others & their_others)


def _event_fit(mention: EventMention, merged: MergedEventState, facets: Facets, story_id: str, settings) -> tuple | None:
    """How well a mention fits a merged event (smaller is better), or None when it is another event."""
    if mention.type != merged.type and frozenset((mention.type, merged.type)) not in settings.compatible_types:
        return None
    source, target = set(mention.source), set(mention.target)
    m_source, m_target = set(merged.source), set(merged.target)
    if mention.type in settings.symmetric_types:
        mine, theirs = source | target, m_source | m_target
        shared = len(mine & theirs)
        if shared < min(2, len(mine), len(theirs)) or not shared:
            return None
        # A person counts once more for their country, so one shared person is two shared ids:
        # "Scholz met Xi" and "Biden met Xi" share Xi and China but are two meetings. The states
        # taking part must agree, one mention's within the other's.
        states, their_states = _states(mine), _states(theirs)
        if states and their_states and not (states <= their_states or their_states <= states):
            return None
    else:
        if not _side_agrees(source, m_source):
            return None
        if target and m_target and not _side_agrees(target, m_target):
            return None
        shared = len(source & m_source) + len(target & m_target)
    if mention.location_country and merged.location_country and mention.location_country != merged.location_country:
        return None
    gap = _gap_days(mention.date_start, mention.date_end, merged.date_start, merged.date_end)
    if gap is None:
        # An undated mention: the same event only within the same story.
        if story_id not in merged.documents:
            return None
        gap = settings.event_window_days
    elif gap > settings.event_window_days:
        return None
    return (gap, -shared)


def _gap_days(start_a, end_a, start_b, end_b) -> int | None:
    """Days between two date intervals (0 when they overlap); None when either is undated."""
    a0, a1 = _day(start_a), _last_day(end_a or start_a)
    b0, b1 = _day(start_b), _last_day(end_b or start_b)
    if a0 is None or b0 is None or a1 is None or b1 is None:
        return None
    if a1 < b0:
        return (b0 - a1).days
    if b1 < a0:
        return (a0 - b1).days
    return 0


# --------------------------------------------------------------------------- merged quotes


def merge_quotes(
    analysis: Analysis, facets: Facets, index: LinkIndex, settings: LinkSettings
) -> tuple[tuple[str, QuoteMention], ...]:
    """Each quote with the merged quote it carries (the same statement by the same speaker), or a new one."""
    links = []
    taken: list[tuple[str, QuoteMention]] = []
    for quote, (speaker, content) in zip(analysis.quotes, facets.quotes):
        mention = QuoteMention(quote.id, facets.doc_id, speaker, content, quote.text, facets.date)
        merged_id = "quote-" + quote.id
        if speaker and len(content) >= 4:
            candidates = [t for t in taken if t[1].speaker == speaker] + index.quote_candidates(speaker, CANDIDATES)
            best = max(candidates, key=lambda c: overlap(content, c[1].words), default=None)
            if best is not None and overlap(content, best[1].words) >= settings.quote_similarity:
                merged_id = best[0]
        taken.append((merged_id, mention))
        links.append((merged_id, mention))
    return tuple(links)
