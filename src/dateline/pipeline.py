"""The whole flow, and the only place the stages are chained.

    ingest -> nlp -> layout -> time -> resolve -> quotes -> events  (-> contract, store)

``analyze_one`` runs the per-document stages on one document; ``analyze`` runs it over many,
parsing them in batches. Each stage is a function over records that imports no other stage;
what they read from data files comes in one ``Resources`` (``resources.py``).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from .calibration import calibrate
from .errors import DatelineError
from .events import code_events
from .ids import assign_ids
from .ingest import read_inputs
from .layout import analyze_layout
from .nlp import parse, parse_one
from .quotes import extract_quotes
from .records import Analysis, Document, Failure, referenced
from .resolve import resolve_actors
from .resources import Resources, Settings, load_resources
from .timex import document_date, extract_times, scan_times

__all__ = ["RunSummary", "Settings", "analyze", "analyze_one", "load_resources", "run"]


def analyze_one(
    document: Document, resources: Resources, doc=None, *, timings: dict[str, float] | None = None,
    timer: Callable[[], float] = time.perf_counter,
) -> Analysis | Failure:
    """Run the per-document stages on one document (``doc``: its parse, when already made).

    A document on which a stage raises becomes a ``Failure`` (E701), so one odd article
    never stops a run over many. ``timings``, when given, gathers the seconds each stage took,
    read from ``timer`` (wall time; ``time.process_time`` for the CPU time).
    """
    clock = _Clock(timings, timer)
    try:
        if doc is None:
            with clock("nlp"):
                doc = parse_one(resources.nlp, document.text)
        return _analyze(document, resources, doc, clock)
    except DatelineError as err:
        return Failure(document.source, err.code, err.message)
    except Exception as err:  # noqa: BLE001 - a stage's bug must not end a run over many documents
        return Failure(document.source, "E701", f"internal error while analysing: {type(err).__name__}: {err}")


def _analyze(document: Document, resources: Resources, doc, clock: _Clock) -> Analysis:
    with clock("layout"):
        layout = analyze_layout(document.text, resources.cues.speech_verbs, document.dateline, agencies=resources.kb.agencies)
    with clock("time"):
        scan = scan_times(document.text)  # the time grammar, run once for both
        published = document_date(document, layout, resources, doc, scan=scan)
        times = extract_times(document.text, published.date, doc, scan=scan)
    with clock("resolve"):
        cast = resolve_actors(doc, layout, resources.kb, published.date, resources.roles, resources.cues)
    with clock("quotes"):
        quotes = extract_quotes(doc, layout, cast, resources.cues, resources.speaker_model)
    with clock("events"):
        events = code_events(
            doc, layout, cast, times, published, quotes, resources.lexicon, resources.trigger_model, resources.argument_model,
            resources.detection_model,
        )
    # the contract's promise: every actor an event or quote names is among the document's actors
    actors = cast.with_named(referenced(events, quotes))
    mentioned: tuple = ()
    if resources.salience_model is not None:  # the actors the story is about; the others are only mentioned
        actors, mentioned = resources.salience_model.select(doc, layout, cast, actors, events, quotes)
    analysis = assign_ids(Analysis(document, published, actors, tuple(times), tuple(events), tuple(quotes), mentioned))
    return calibrate(analysis, resources.calibration)


class _Clock:
    """Adds the seconds spent in each named stage to ``timings`` (does nothing without it)."""

    def __init__(self, timings: dict[str, float] | None, timer: Callable[[], float] = time.perf_counter):
        self.timings = timings
        self.timer = timer

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        if self.timings is None:
            yield
            return
        start = self.timer()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + self.timer() - start


def analyze(
    items: Iterable[Document | Failure], resources: Resources, batch_size: int = 16
) -> Iterator[Analysis | Failure]:
    """Analyse documents in batches (spaCy's ``nlp.pipe``); failures pass through untouched.

    When parsing a batch fails, its documents are parsed one by one, so the one that cannot
    be parsed becomes a ``Failure`` and the good documents of its batch are still analysed.
    """
    iterator = iter(items)
    while batch := list(islice(iterator, batch_size)):
        documents = [item for item in batch if isinstance(item, Document)]
        try:
            parsed = dict(zip((d.doc_id for d in documents), parse(resources.nlp, [d.text for d in documents])))
        except Exception:  # noqa: BLE001 - one document's parse must not lose the others
            parsed = {}
        for item in batch:
            yield item if isinstance(item, Failure) else analyze_one(item, resources, parsed.get(item.doc_id))


@dataclass
class RunSummary:
    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0


def run(
    paths: Sequence[str],
    resources: Resources,
    *,
    stdin=None,
    on_result: Callable[[Analysis | Failure], None] | None = None,
) -> Iterator[Analysis | Failure]:
    """Read every input under ``paths`` and analyse it; ``on_result`` sees each result as it comes."""
    inputs = read_inputs(paths, stdin=stdin, boilerplate=resources.boilerplate, agencies=resources.kb.agencies)
    for result in analyze(inputs, resources):
        if on_result is not None:
            on_result(result)
        yield result


def link_stored(
    writer, analyses: Iterable[Analysis], settings=None, on_failure: Callable[[Failure], None] | None = None
) -> int:
    """Run the link stage on analyses the writer has stored: each joins what the database holds.

    Documents linked before are left as they are, so linking again changes nothing; returns how
    many were linked now. A document the stage fails on is left unlinked and passed to
    ``on_failure`` as a ``Failure`` (E702); the others are linked. ``settings``:
    ``resources.load_link_settings()`` when None.
    """
    from .link import link_document
    from .resources import load_link_settings

    settings = settings or load_link_settings()
    linked = 0
    with writer.transaction():
        index = writer.link_index()
        for analysis in analyses:
            try:
                update = link_document(analysis, index, settings)
            except Exception as err:  # noqa: BLE001 - one odd document must not stop linking the others
                if on_failure is None:
                    raise
                on_failure(Failure(analysis.document.source, "E702",
                                   f"internal error while linking: {type(err).__name__}: {err}"))
                continue
            if update is not None:
                writer.add_links(update)
                linked += 1
    return linked
