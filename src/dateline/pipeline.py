"""The whole flow: ingest -> nlp -> time -> resolve -> events -> quotes (-> store)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from .errors import DatelineError
from .events import code_events, load_lexicon
from .ids import assign_ids
from .ingest import Failure, read_inputs
from .kb import KnowledgeBase, load_kb
from .nlp import load_nlp, parse
from .quotes import extract_quotes, load_cues
from .records import Actor, Analysis, Document
from .resolve import resolve_actors
from .timex import document_date, extract_times


@dataclass(frozen=True)
class Pipeline:
    """What the stages need, loaded once per process."""

    nlp: object  # spacy.Language
    kb: KnowledgeBase
    lexicon: object
    cues: object


def load_pipeline(model: str | None = None, kb_files: Sequence[str] = (), lexicon_files: Sequence[str] = ()) -> Pipeline:
    """Load the knowledge base, the spaCy model with its entity ruler, the event lexicon and speech cues."""
    kb = load_kb(kb_files)
    return Pipeline(nlp=load_nlp(kb, model), kb=kb, lexicon=load_lexicon(lexicon_files), cues=load_cues())


def analyze_one(document: Document, doc, pipeline: Pipeline) -> Analysis:
    """Run the per-document stages on one parsed document."""
    published = document_date(document, doc, kb=pipeline.kb)
    times = extract_times(document.text, published.date, doc)
    actors, mentions = resolve_actors(doc, pipeline.kb, published.date)
    quotes = extract_quotes(doc, mentions, cues=pipeline.cues, kb=pipeline.kb)
    events = code_events(
        doc, mentions, times, published, document.dateline, lexicon=pipeline.lexicon, kb=pipeline.kb, quotes=quotes
    )
    actors = complete_actors(actors, events, quotes, pipeline.kb)
    return assign_ids(Analysis(document, published, tuple(actors), tuple(times), tuple(events), tuple(quotes)))


def complete_actors(actors: list[Actor], events, quotes, kb: KnowledgeBase) -> list[Actor]:
    """Every actor id an event or quote names is also in ``actors`` (the contract's promise).

    A stage may name an actor it found without a resolved mention (a nationality adjective
    as an event's side); it is added from the knowledge base, with no mention offsets.
    """
    known = {actor.id for actor in actors}
    named = [i for e in events for i in (*e.source, *e.target)] + [q.speaker for q in quotes if q.speaker]
    added = []
    for actor_id in dict.fromkeys(named):
        # Stages name only resolved actors or knowledge-base ids, so every missing one is in the KB.
        entry = kb.get(actor_id) if actor_id not in known else None
        if entry is not None:
            added.append(Actor(entry.id, entry.name, entry.kind, entry.country, (), entry.wikidata))
            known.add(actor_id)
    return [*actors, *added]


def analyze(
    items: Iterable[Document | Failure], pipeline: Pipeline, batch_size: int = 16
) -> Iterator[Analysis | Failure]:
    """Analyse documents in batches (spaCy's ``nlp.pipe``); failures pass through untouched.

    A document on which a stage raises becomes a ``Failure`` (E701) so one odd article
    never stops a run over many.
    """
    iterator = iter(items)
    while batch := list(islice(iterator, batch_size)):
        documents = [item for item in batch if isinstance(item, Document)]
        parsed = dict(zip((d.doc_id for d in documents), parse(pipeline.nlp, [d.text for d in documents])))
        for item in batch:
            if isinstance(item, Failure):
                yield item
                continue
            try:
                yield analyze_one(item, parsed[item.doc_id], pipeline)
            except DatelineError as err:
                yield Failure(item.source, err.code, err.message)
            except Exception as err:  # noqa: BLE001 - a stage's bug must not end a run over many documents
                yield Failure(item.source, "E701", f"internal error while analysing: {type(err).__name__}: {err}")


@dataclass
class RunSummary:
    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0


def run(
    paths: Sequence[str],
    pipeline: Pipeline,
    *,
    stdin=None,
    on_result: Callable[[Analysis | Failure], None] | None = None,
) -> Iterator[Analysis | Failure]:
    """Read every input under ``paths`` and analyse it; ``on_result`` sees each result as it comes."""
    for result in analyze(read_inputs(paths, stdin=stdin), pipeline):
        if on_result is not None:
            on_result(result)
        yield result
