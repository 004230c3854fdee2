"""Tabular results and their machine-readable writers.

Every report command returns a :class:`Table`; the CLI renders it as a Rich
table or writes it as CSV, JSON or Markdown. The CSV and JSON forms are a
stable interface documented in docs/scripting.md:

* CSV: a header row, UTF-8, ``\\n`` line ends, RFC 4180 quoting.
* JSON: an array of objects keyed by column name, ``ensure_ascii=False``,
  numbers as numbers, ``null`` for missing values.
* Markdown: a GitHub pipe table.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

FORMATS = ("table", "csv", "json", "md")


@dataclass(frozen=True)
class Table:
    """A titled list of rows with named columns.

    Attributes:
        columns: Column names, in display order; also the JSON keys.
        rows: One tuple per row, values aligned with ``columns``; values are
            str, int, float, bool, None, or lists of those.
        title: Optional caption for terminal and Markdown output.
        notes: Lines to show after the table on a terminal (e.g. how many
            stale segments were left out); never part of CSV or JSON.
        terminal_columns: The columns drawn on a terminal when not all fit
            (default: all); CSV, JSON and Markdown always have every column.
        matrix: A cross-tabulation (row labels, then one count column per
            code or value): on a terminal too narrow for it the CLI draws
            short column keys with a legend (CSV, JSON and Markdown unchanged).
    """

    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    title: str | None = None
    notes: Sequence[str] = field(default_factory=tuple)
    terminal_columns: Sequence[str] | None = None
    matrix: bool = False

    def records(self) -> list[dict[str, Any]]:
        """Return the rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_csv(self) -> str:
        """Return the table as CSV text with a header row and ``\\n`` line ends."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        plain = _PLAIN_CSV
        for row in self.rows:
            if set(map(type, row)) <= plain:  # nothing to convert (checked in C, per row)
                writer.writerow(row)
            else:
                writer.writerow([_csv_cell(value) for value in row])
        return buffer.getvalue()

    def to_json(self) -> str:
        """Return the table as a JSON array of objects, with a trailing newline."""
        return json.dumps(self.records(), ensure_ascii=False, indent=2) + "\n"

    def to_markdown(self) -> str:
        """Return the table as a GitHub-flavoured Markdown pipe table."""
        lines = []
        if self.title:
            lines += [f"**{_md_cell(self.title)}**", ""]
        lines.append("| " + " | ".join(_md_cell(c) for c in self.columns) + " |")
        lines.append(
            "|"
            + "|".join(_md_rule(row_values=self.rows, index=i) for i in range(len(self.columns)))
            + "|"
        )
        for row in self.rows:
            lines.append("| " + " | ".join(_md_cell(_text(v)) for v in row) + " |")
        return "\n".join(lines) + "\n"

    def render(self, fmt: str) -> str:
        """Return the table in one of ``csv``, ``json`` or ``md``.

        Raises:
            ValueError: for ``table`` (drawn by the CLI) or an unknown format.
        """
        if fmt == "csv":
            return self.to_csv()
        if fmt == "json":
            return self.to_json()
        if fmt in ("md", "markdown"):
            return self.to_markdown()
        raise ValueError(f"unknown format {fmt!r}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # Up to three decimals, trailing zeros dropped: 35.7, 0.024, 1 (a Jaccard
        # of 0.024 must not read 0.0); callers round to the precision they mean.
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    return str(value)


def cell_text(value: Any) -> str:
    """Return how ``value`` is shown in a terminal or Markdown cell."""
    return _text(value)


_PLAIN_CSV = frozenset((str, int, float))
"""Cell types the CSV writer takes as they are (``bool`` is not one: it is written true/false)."""


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={_text(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _md_rule(*, row_values: Sequence[Sequence[Any]], index: int) -> str:
    numeric = bool(row_values) and all(
        isinstance(r[index], (int, float)) and not isinstance(r[index], bool)
        for r in row_values
        if r[index] is not None
    )
    return "---:" if numeric else "---"
