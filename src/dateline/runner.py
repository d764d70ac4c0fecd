"""The runner: the per-document chain over many inputs, on every core, the caller the only writer.

``run(settings, paths, workers=N)`` reads the inputs in this process (``ingest.read_inputs``,
streamed), sends them in batches to ``N`` worker processes, each of which loads the spaCy model
once (it rebuilds ``Resources`` from the picklable ``Settings``) and runs ``pipeline.analyze``
(so ``pipeline.analyze_one``, the only chain) on each batch, and yields the results back here,
**in input order**. Nothing is written by the workers: the caller stores what it is given, so
one process writes the database.

At most ``2 * workers`` batches are in flight, so memory stays flat however many documents come.
With one worker, or when the inputs fit in one batch, no process is started: the chain runs here.
A worker that dies (killed, out of memory) is replaced and its batches are sent again; a batch
that kills a worker twice comes back as one ``Failure`` (E704) per document, and the run goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO, Callable, Iterable, Iterator, Sequence

from . import errors
from .ingest import DEFAULT_MAX_BYTES, read_inputs
from .pipeline import analyze
from .records import Analysis, Document, Failure
from .resources import Resources, Settings, load_resources

ENGINES = ("local", "dask")
BATCH_SIZE = 16
# Batches in flight per worker: one being analysed, one waiting, so no worker idles.
IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(
    settings: Settings,
    paths: Sequence[str],
    *,
    workers: int | None = None,
    stdin: IO[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = BATCH_SIZE,
    resources: Resources | None = None,
    stored: Callable[[str], bool] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[Analysis | Failure]:
    """Read every input under ``paths`` and analyse it on ``workers`` processes (default: every core).

    Yields one ``Analysis`` or ``Failure`` per input document, in input order. ``resources``,
    when given, is used for an in-process run instead of loading them again. ``stored``, when
    given, tells which document ids are stored already: those documents are not analysed again
    and come back as a ``Failure`` with code E110 (so a run started again after being killed
    only analyses what it had not stored).

    ``engine="dask"`` runs the chain on a Dask cluster instead (``scheduler``: its address, as
    ``tcp://host:8786``): ``workers`` is then the cluster's business, and results still come
    back here, in input order, to be stored by this process.
    """
    if engine not in ENGINES:
        raise errors.DatelineError("E706", f"{engine}: {errors.E706}")
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError("workers must be at least 1")
    # Reading needs the boilerplate rules and the knowledge base's agencies, not the model.
    reading = resources if resources is not None else load_resources(settings, with_model=False)
    items = read_inputs(paths, stdin=stdin, max_bytes=max_bytes, boilerplate=reading.boilerplate,
                        agencies=reading.kb.agencies)
    if stored is not None:
        items = (_already(item) if isinstance(item, Document) and stored(item.doc_id) else item for item in items)
    if engine == "dask":
        yield from _run_on_dask(settings, items, scheduler, batch_size)
        return
    first = list(islice(items, batch_size + 1))
    items = chain(first, items)
    if workers == 1 or len(first) <= batch_size:  # one batch: a process pool would only add a model load
        yield from analyze(items, resources or load_resources(settings), batch_size=batch_size)
        return
    yield from _run_in_processes(settings, items, workers, batch_size)


@dataclass
class _Batch:
    items: list[Document | Failure]
    future: Future
    tries: int = 1


def _run_in_processes(
    settings: Settings, items: Iterable[Document | Failure], workers: int, batch_size: int
) -> Iterator[Analysis | Failure]:
    batches = iter(lambda: list(islice(items, batch_size)), [])
    # spawn, not fork: a worker starts clean (no copy of this process's threads or open database).
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings,))
    pending: deque[_Batch] = deque()
    analysed = False  # whether any batch came back: a pool that never does cannot start its workers
    try:
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER and (batch := next(batches, None)) is not None:
                pending.append(_Batch(batch, _submit(pool, batch)))
            if not pending:
                return
            head = pending[0]
            try:
                results = head.future.result()
            except BrokenProcessPool as err:
                if not analysed and head.tries >= 2:
                    raise errors.DatelineError("E705", errors.E705) from err
                pool.shutdown(wait=True, cancel_futures=True)
                pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings,))
                for batch in pending:  # the batches not done were lost with the pool: send them again
                    if batch.future.done() and batch.future.exception() is None:
                        continue
                    if batch is head:
                        batch.tries += 1
                    if batch.tries <= 2:
                        batch.future = _submit(pool, batch.items)
                if head.tries <= 2:
                    continue
                results = [_lost(item) for item in head.items]
            pending.popleft()
            analysed = True
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, items: list[Document | Failure]) -> Future:
    """``_analyze_batch(items)`` on the pool; a pool already broken gives a future holding that."""
    try:
        return pool.submit(_analyze_batch, items)
    except BrokenProcessPool as err:
        future: Future = Future()
        future.set_exception(err)
        return future


def _already(document: Document) -> Failure:
    return Failure(document.source, "E110", f"{errors.E110} (as {document.doc_id})")


def _lost(item: Document | Failure) -> Failure:
    if isinstance(item, Failure):
        return item
    return Failure(item.source, "E704", f"{errors.E704}: the worker process analysing it stopped twice")


# The Resources of a worker process: set once by ``_start_worker`` in each worker, never in the
# main process (a process pool's initializer has no other way to hand state to its tasks).
_worker_resources: Resources | None = None
_worker_error: errors.DatelineError | None = None


def _start_worker(settings: Settings) -> None:
    """In a new worker process: load the resources and the model once."""
    global _worker_resources, _worker_error
    try:
        _worker_resources = load_resources(settings)
    except errors.DatelineError as err:  # reported with the first batch, as the in-process run would raise it
        _worker_error = err


def _analyze_batch(items: list[Document | Failure]) -> list[Analysis | Failure]:
    """In a worker process: the chain over one batch."""
    if _worker_error is not None:
        raise _worker_error
    return list(analyze(items, _worker_resources, batch_size=len(items)))


# --------------------------------------------------------------------------- the Dask engine


def _run_on_dask(
    settings: Settings, items: Iterable[Document | Failure], scheduler: str | None, batch_size: int
) -> Iterator[Analysis | Failure]:
    """The chain on a Dask cluster: batches are tasks, results come back in input order.

    Every Dask worker needs dateline and the spaCy model installed; each worker thread loads
    the model once (start workers with ``--nthreads 1`` to load it once per process).
    """
    try:
        from distributed import Client
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker
    except ImportError as err:
        raise errors.DatelineError("E707", f"{errors.E707} ({err})") from err
    if not scheduler:
        raise errors.DatelineError("E708", errors.E708)
    try:
        client = Client(scheduler, timeout=30)
    except OSError as err:
        raise errors.DatelineError("E708", f"{scheduler}: {errors.E708} ({err})") from err
    batches = iter(lambda: list(islice(items, batch_size)), [])
    pending: deque[tuple[list[Document | Failure], Future]] = deque()
    try:
        window = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
        while True:
            while len(pending) < window and (batch := next(batches, None)) is not None:
                pending.append((batch, client.submit(_analyze_on_dask_worker, settings, batch, pure=False)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                results = future.result()
            except (KilledWorker, FutureCancelledError):  # the batch killed the workers it was sent to
                results = [_lost(item) for item in batch]
            yield from results
    finally:
        for _, future in pending:
            future.cancel()
        client.close()


# A Dask worker thread's Resources, loaded by the first batch it analyses (workers run tasks on
# threads, and a spaCy pipeline is not shared between threads).
_dask_thread = threading.local()


def _analyze_on_dask_worker(settings: Settings, items: list[Document | Failure]) -> list[Analysis | Failure]:
    """On a Dask worker: the chain over one batch, with this thread's resources for ``settings``."""
    loaded = getattr(_dask_thread, "resources", None)
    if loaded is None or loaded.settings != settings:
        loaded = _dask_thread.resources = load_resources(settings)
    return list(analyze(items, loaded, batch_size=len(items)))
