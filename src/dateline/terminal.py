"""Rows for a person or a program: a table wrapped to the terminal's width, TSV, CSV or JSON.

The read commands (``events``, ``events --merged``, ``quotes``, ``actors``, ``stories``) show a few
readable columns by default (``VIEWS``); ``--columns`` picks others from the row's fields, ``all``
gives every field. Long text (evidence, quotes) wraps inside its column instead of being cut;
short columns never wrap.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from typing import IO, Any, Callable

FORMATS = ("table", "tsv", "csv", "json")


@dataclass(frozen=True)
class Column:
    """A column of a view: its heading, how to get its value from a row, and how it may be laid out."""

    name: str
    value: Callable[[dict[str, Any]], Any]
    wrap: bool = False  # long text: wraps and takes the width that is left
    min_width: int | None = None
    ratio: int = 1  # its share of the width left, among the wrapping columns


def _joined(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda row: ", ".join(row.get(key) or ())


def _span(row: dict[str, Any]) -> str:
    start, end = row.get("date_start"), row.get("date_end")
    if not start:
        return ""
    return start if not end or end == start else f"{start}/{end}"


def _field(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row.get(key)


def _names(key: str) -> Callable[[dict[str, Any]], str]:
    """Actors given as ``{id, name}`` objects, by name."""
    return lambda row: ", ".join(a.get("name") or a.get("id") or "" for a in row.get(key) or ())


VIEWS: dict[str, tuple[Column, ...]] = {
    "events": (
        Column("date", _span), Column("type", _field("type")),
        Column("source", _joined("source_names"), wrap=True, min_width=10, ratio=2),
        Column("target", _joined("target_names"), wrap=True, min_width=10, ratio=2),
        Column("status", _field("status")), Column("place", _field("location_name"), wrap=True, min_width=8),
        Column("evidence", _field("evidence_text"), wrap=True, min_width=24, ratio=5),
    ),
    "quotes": (
        Column("speaker", _field("speaker_name"), wrap=True, min_width=12, ratio=2), Column("kind", _field("kind")),
        Column("quote", _field("text"), wrap=True, min_width=30, ratio=5), Column("date", _field("published_date")),
        Column("document", _field("source"), wrap=True, min_width=10, ratio=2),
    ),
    "merged events": (
        Column("date", _field("date")), Column("type", _field("type")),
        Column("source", _names("source"), wrap=True, min_width=10, ratio=2),
        Column("target", _names("target"), wrap=True, min_width=10, ratio=2),
        Column("status", _field("status")), Column("place", _field("location"), wrap=True, min_width=8),
        Column("sources", _field("independent_sources")),
        Column("mentions", lambda row: len(row.get("mentions") or ())),
        Column("disputed", lambda row: "yes" if row.get("disputed") else ""),
    ),
    "stories": (
        Column("start", _field("start")), Column("end", _field("end")), Column("documents", _field("size")),
        Column("title", _field("title"), wrap=True, min_width=20, ratio=4),
        Column("actors", _names("actors"), wrap=True, min_width=12, ratio=2),
        Column("id", _field("id")),
    ),
    "actors": (
        Column("name", _field("name"), wrap=True, min_width=16), Column("kind", _field("kind")),
        Column("country", _field("country")), Column("documents", _field("documents")),
        Column("mentions", _field("mentions")), Column("id", _field("id"), wrap=True, min_width=10),
    ),
}


def view_columns(view: str, rows: list[dict[str, Any]], chosen: str | None) -> tuple[Column, ...]:
    """The view's columns, or those named in ``chosen`` (comma-separated; ``all`` = every field).

    A name is one of the view's columns or a field of the rows; an unknown name raises ValueError
    naming the valid ones.
    """
    defaults = VIEWS[view]
    if not chosen:
        return defaults
    fields = list(rows[0]) if rows else []
    if chosen.strip() == "all":
        return tuple(Column(name, _field(name), wrap=True) for name in fields)
    by_name = {c.name: c for c in defaults}
    columns = []
    for name in (n.strip() for n in chosen.split(",") if n.strip()):
        if name in by_name:
            columns.append(by_name[name])
        elif name in fields or not rows:
            columns.append(Column(name, _field(name), wrap=True))
        else:
            valid = list(by_name) + [f for f in fields if f not in by_name]
            raise ValueError(f"unknown column {name!r} (choose from {', '.join(valid)}, or all)")
    return tuple(columns)


def cell(value: Any) -> str:
    """One value as text on one line: lists joined with commas, no tabs or newlines."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return " ".join(str(value).split())


def write_rows(rows: list[dict[str, Any]], columns: tuple[Column, ...], fmt: str, *, title: str | None = None,
               out: IO[str] | None = None, width: int | None = None) -> None:
    """Write ``rows`` as ``fmt``: ``table`` (wrapped to ``width``, default the terminal's), tsv, csv or json."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps([{c.name: c.value(r) for c in columns} for r in rows], ensure_ascii=False, indent=2) + "\n")
    elif fmt == "tsv":
        out.write("\t".join(c.name for c in columns) + "\n")
        for row in rows:
            out.write("\t".join(cell(c.value(row)) for c in columns) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow([c.name for c in columns])
        for row in rows:
            writer.writerow([_safe(cell(c.value(row))) for c in columns])
    elif fmt == "table":
        _table(rows, columns, title, out, width)
    else:
        raise ValueError(f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")


def _safe(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _table(rows, columns, title, out, width) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, width=width, soft_wrap=False, highlight=False)
    cells = [[cell(c.value(row)) for c in columns] for row in rows]
    widths = column_widths(columns, cells, console.width)
    table = Table(title=title, show_lines=any(c.wrap for c in columns) and len(rows) > 0, header_style="bold",
                  title_justify="left")
    for column, size in zip(columns, widths):
        table.add_column(column.name, width=size, no_wrap=not column.wrap, overflow="fold")
    for values in cells:  # Text, not markup: "[sic]" in an article must print as written
        table.add_row(*(Text(v) for v in values))
    console.print(table)
    if not rows:
        console.print("(nothing found)")


def column_widths(columns: tuple[Column, ...], cells: list[list[str]], total: int) -> list[int]:
    """Widths that fit ``total`` characters: short columns as wide as their longest value, the
    wrapping ones sharing the rest by ratio (never below their minimum, never wider than needed)."""
    needed = [max([len(c.name)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    wanted = [max(len(c.name), min(needed[i], c.min_width or 8)) if c.wrap else needed[i] for i, c in enumerate(columns)]
    room = total - (3 * len(columns) + 1) - sum(wanted)  # borders and padding: "│ a │ b │"
    while room < 0:  # a narrow terminal: the wrapping column widest for its share gives a character
        wide = max((i for i, c in enumerate(columns) if c.wrap and wanted[i] > len(c.name)),
                   key=lambda i: wanted[i] / columns[i].ratio, default=None)
        if wide is None:
            break
        wanted[wide] -= 1
        room += 1
    open_ = [i for i, c in enumerate(columns) if c.wrap and needed[i] > wanted[i]]
    while room > 0 and open_:
        shares = sum(columns[i].ratio for i in open_)
        given = 0
        for i in open_:
            extra = min(max(room * columns[i].ratio // shares, 1), needed[i] - wanted[i], room - given)
            wanted[i] += extra
            given += extra
        room -= given
        open_ = [i for i in open_ if needed[i] > wanted[i]]
        if not given:
            break
    return wanted
