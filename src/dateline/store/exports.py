"""Exports: the database as JSONL (the output contract), CSV or Parquet, read through a reader.

An export never writes onto the database it reads: an output path naming the database file
(or its ``-wal`` or ``-shm`` file) is refused with E507.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..contract import dumps
from ..errors import E508, DatelineError
from ..timeml import to_timeml
from .schema import MEMORY

if TYPE_CHECKING:
    from .reader import Reader

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "timeml", "plover", "gdelt")
# The event-data formats: one file of coded events (``eventdata``), their default file name in a directory.
EVENT_DATA_FILES = {"plover": "events.plover.jsonl", "gdelt": "events.gdelt.tsv"}


@dataclass(frozen=True)
class ExportTable:
    """One exported table: its name, the query giving its rows, and its columns' types."""

    name: str
    query: str
    columns: tuple[tuple[str, str], ...]  # (name, "string" | "int" | "float" | "list")


EXPORT_TABLES: tuple[ExportTable, ...] = (
    ExportTable(
        "documents",
        """SELECT doc_id, source, title, published_date, published_how, published_confidence,
                  published_evidence, dateline_place, dateline_agency, outlet, author, url, text
           FROM documents ORDER BY id""",
        (
            ("doc_id", "string"), ("source", "string"), ("title", "string"),
            ("published_date", "string"), ("published_how", "string"),
            ("published_confidence", "float"), ("published_evidence", "string"),
            ("dateline_place", "string"), ("dateline_agency", "string"), ("outlet", "string"),
            ("author", "string"), ("url", "string"), ("text", "string"),
        ),
    ),
    ExportTable(
        "actors",
        """SELECT a.doc_id, a.actor_id, a.name, a.kind, a.country, a.mention_count
           FROM actors a JOIN documents d ON d.doc_id = a.doc_id ORDER BY d.id, a.rowid""",
        (
            ("doc_id", "string"), ("actor_id", "string"), ("name", "string"), ("kind", "string"),
            ("country", "string"), ("mention_count", "int"),
        ),
    ),
    ExportTable(
        "events",
        """SELECT e.doc_id, e.idx, e.event_id, e.type, e.mode, e.cameo, e.source_ids, e.source_names,
                  e.target_ids, e.target_names, e.date_start, e.date_end, e.location_name,
                  e.location_country, e.status, e.confidence, e.evidence_start, e.evidence_end,
                  e.evidence_text, e.trigger
           FROM events e JOIN documents d ON d.doc_id = e.doc_id ORDER BY d.id, e.idx""",
        (
            ("doc_id", "string"), ("index", "int"), ("id", "string"), ("type", "string"), ("mode", "string"),
            ("cameo", "string"), ("source_ids", "list"), ("source_names", "list"),
            ("target_ids", "list"), ("target_names", "list"), ("date_start", "string"),
            ("date_end", "string"), ("location_name", "string"), ("location_country", "string"),
            ("status", "string"), ("confidence", "float"), ("evidence_start", "int"),
            ("evidence_end", "int"), ("evidence_text", "string"), ("trigger", "string"),
        ),
    ),
    ExportTable(
        "quotes",
        """SELECT q.doc_id, q.idx, q.quote_id, q.text, q.start, q."end", q.speaker_id, q.speaker_name,
                  q.kind, q.cue
           FROM quotes q JOIN documents d ON d.doc_id = q.doc_id ORDER BY d.id, q.idx""",
        (
            ("doc_id", "string"), ("index", "int"), ("id", "string"), ("text", "string"), ("start", "int"),
            ("end", "int"), ("speaker_id", "string"), ("speaker_name", "string"), ("kind", "string"),
            ("cue", "string"),
        ),
    ),
    ExportTable(
        "times",
        """SELECT t.doc_id, t.idx, t.text, t.start, t."end", t.value, t.granularity
           FROM times t JOIN documents d ON d.doc_id = t.doc_id ORDER BY d.id, t.idx""",
        (
            ("doc_id", "string"), ("index", "int"), ("text", "string"), ("start", "int"),
            ("end", "int"), ("value", "string"), ("granularity", "string"),
        ),
    ),
)

def export(
    reader: Reader, fmt: str, out: str | Path | IO[str], *, overwrite: bool = True, per_document: bool = False,
    header: bool = True, kb=None,
) -> list[Path]:
    """Write the database ``reader`` reads; return the paths written.

    With ``overwrite`` False, a file the export would write that exists already is refused
    (E508) before anything is written.

    - ``jsonl``: the output contract, one line per document, byte for byte what
      ``contract.dumps(to_contract(analysis))`` gave when it was added. ``out`` is a file
      path, an existing directory (``<out>/records.jsonl`` is written) or an open text
      stream (nothing is returned then).
    - ``timeml``: ``out`` is a directory that gets one TimeML file per document, its text with
      TIMEX3 tags in TimeML's span conventions (``timeml.to_timeml``), for the TempEval tools.
    - ``csv`` and ``parquet``: ``out`` is a directory (created if missing) that gets one file
      per table: ``<out>/documents.<ext>``, ``actors``, ``events``, ``quotes`` and ``times``.
      Actors are one row per document and actor. Events and quotes carry their stable ``id``.
      An event's actor ids and names are lists: JSON arrays in CSV, ``list<string>`` columns
      in Parquet. CSV is UTF-8 with a header row; missing values are empty cells; a text cell
      starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so
      that a spreadsheet shows it as text instead of running it as a formula (OWASP's advice).
    - ``plover`` and ``gdelt``: the events coded as event data (``eventdata``): PLOVER records as
      JSON lines, or GDELT 2.0's events table as TSV (with a header row unless ``header`` is
      False). One record per merged event where the link stage has run, else per document's event
      (``per_document`` forces the latter). ``out`` is a file, a directory (``events.plover.jsonl``
      or ``events.gdelt.tsv`` in it) or an open text stream. ``kb`` is the knowledge base the actors
      are coded from (default: the shipped one).
    """
    if fmt not in EXPORT_FORMATS:
        raise DatelineError(
            "E504", f"unknown export format {fmt!r} (choose one of {', '.join(EXPORT_FORMATS)})"
        )
    try:
        if fmt == "jsonl":
            return _export_jsonl(reader, out, overwrite)
        if fmt == "timeml":
            return _export_timeml(reader, out, overwrite)
        if fmt in EVENT_DATA_FILES:
            return _export_event_data(reader, fmt, out, overwrite, per_document=per_document, header=header, kb=kb)
        if not isinstance(out, (str, Path)):
            raise DatelineError("E505", f"{fmt} export writes a directory, not a stream")
        directory = Path(out)
        targets = [directory / f"{table.name}.{fmt}" for table in EXPORT_TABLES]
        _refuse_the_database(reader, [directory, *targets])
        if not overwrite:
            _refuse_existing(targets)
        if directory.exists() and not directory.is_dir():
            raise DatelineError("E505", f"{directory}: {fmt} export needs a directory, not a file")
        directory.mkdir(parents=True, exist_ok=True)
        write = _write_csv if fmt == "csv" else _write_parquet
        return [write(reader, table, path) for table, path in zip(EXPORT_TABLES, targets)]
    except OSError as err:
        raise DatelineError("E505", f"{out}: cannot write the export ({err.strerror or err})") from err


def _export_jsonl(reader: Reader, out: str | Path | IO[str], overwrite: bool = True) -> list[Path]:
    if not isinstance(out, (str, Path)):
        for record in reader.records():
            out.write(dumps(record) + "\n")
        return []
    path = Path(out)
    if path.is_dir():
        path = path / "records.jsonl"
    _refuse_the_database(reader, [path])
    if not overwrite:
        _refuse_existing([path])
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        for record in reader.records():
            stream.write(dumps(record) + "\n")
    return [path]


def _export_event_data(reader: Reader, fmt: str, out: str | Path | IO[str], overwrite: bool, *, per_document: bool,
                       header: bool, kb) -> list[Path]:
    """PLOVER records or the GDELT events table of the coded events (``eventdata``)."""
    from ..kb import load_kb
    from ..resources import load_event_codes
    from .eventdata import coded_events, write_gdelt, write_plover

    kb = kb if kb is not None else load_kb()
    codes = load_event_codes()
    events = coded_events(reader, codes, kb, per_document=per_document)

    def write(stream: IO[str]) -> None:
        if fmt == "plover":
            write_plover(events, stream, kb, codes)
        else:
            write_gdelt(events, stream, kb, codes, header=header)

    if not isinstance(out, (str, Path)):
        write(out)
        return []
    path = Path(out)
    if path.is_dir():
        path = path / EVENT_DATA_FILES[fmt]
    _refuse_the_database(reader, [path])
    if not overwrite:
        _refuse_existing([path])
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        write(stream)
    return [path]


def _export_timeml(reader: Reader, out: str | Path | IO[str], overwrite: bool = True) -> list[Path]:
    """One TimeML file per document (``<out>/<source>.tml``): its text with TIMEX3 tags (``timeml.to_timeml``).

    Without ``overwrite``, a directory already holding ``.tml`` files is refused (E508).
    """
    if not isinstance(out, (str, Path)):
        raise DatelineError("E505", "timeml export writes a directory, not a stream")
    directory = Path(out)
    _refuse_the_database(reader, [directory])
    if not overwrite and directory.is_dir():
        _refuse_existing(sorted(directory.glob("*.tml"))[:1])
    if directory.exists() and not directory.is_dir():
        raise DatelineError("E505", f"{directory}: timeml export needs a directory, not a file")
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    names: set[str] = set()
    for record in reader.records():
        name = re.sub(r"[^\w.-]+", "_", Path(record.get("source") or record["doc_id"]).name).strip("._") or record["doc_id"]
        name = re.sub(r"\.(?:txt|html?|jsonl?|tml)$", "", name, flags=re.IGNORECASE)
        if name in names:
            name = f"{name}-{record['doc_id'][:12]}"
        names.add(name)
        path = directory / f"{name}.tml"
        path.write_text(to_timeml(record), encoding="utf-8")
        written.append(path)
    return written


def _refuse_the_database(reader: Reader, targets: list[Path]) -> None:
    """E507 when any target is the database file being read, or its WAL or shared-memory file."""
    if reader.path == MEMORY:
        return
    database = Path(reader.path)
    own = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    for target in targets:
        if any(_same_file(target, path) for path in own):
            raise DatelineError(
                "E507", f"{target}: this is the database being exported; choose another --out"
            )


def _refuse_existing(targets: list[Path]) -> None:
    """E508 when any target exists already."""
    for target in targets:
        if target.exists():
            raise DatelineError("E508", f"{target}: {E508}")


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


# Rows are written in chunks so that an export never holds a whole large table in memory.
_EXPORT_CHUNK = 5000


def _write_csv(reader: Reader, table: ExportTable, path: Path) -> Path:
    """One table as UTF-8 CSV with a header; list columns stay JSON arrays."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([name for name, _ in table.columns])
        for row in reader.query(table.query):
            writer.writerow([_csv_cell(value) for value in row])
    return path


# A spreadsheet reads a cell starting with one of these as a formula (``=HYPERLINK(...)``).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    """A value as a CSV cell: missing is empty; text a spreadsheet would run as a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_parquet(reader: Reader, table: ExportTable, path: Path) -> Path:
    """One table as Parquet with typed columns; list columns become ``list<string>``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "list": pa.list_(pa.string())}
    schema = pa.schema([(name, types[kind]) for name, kind in table.columns])
    lists = [i for i, (_, kind) in enumerate(table.columns) if kind == "list"]
    cursor = reader.query(table.query)
    with pq.ParquetWriter(path, schema) as writer:
        while rows := cursor.fetchmany(_EXPORT_CHUNK):
            columns = [list(column) for column in zip(*rows)]
            for i in lists:
                columns[i] = [None if value is None else json.loads(value) for value in columns[i]]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
    return path


