"""Read survey exports into rows of strings: CSV (any delimiter, any encoding) and XLSX.

CSV bytes go through :func:`qualcode.store.textio.decode` (UTF-8 with or without
BOM, UTF-16, cp1252/latin-1 detection; CRLF and CR-only line ends become
``\\n``), so a line break inside a quoted cell is kept as ``\\n``. The
delimiter is the one of ``, ; TAB |`` that splits the first rows into the same
number (more than one) of cells most often. XLSX files are read with openpyxl
in read-only mode; dates become ISO 8601 text, whole numbers lose their
``.0``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import InvalidData
from qualcode.store.textio import decode, read_bytes

DELIMITERS = (",", ";", "\t", "|")


@dataclass
class RawTable:
    """The cells of an export before any layout is recognised.

    Attributes:
        rows: Every non-blank row, each a list of cells (``""`` for empty).
        lines: The 1-based line (CSV) or row (XLSX) number where each row starts.
        format: ``csv`` or ``xlsx``.
        encoding: The text encoding (CSV) or ``None``.
        delimiter: The CSV delimiter or ``None``.
        notes: What reading changed (decoding, other sheets not read).
    """

    rows: list[list[str]]
    lines: list[int]
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def sniff_delimiter(text: str) -> str:
    """Return the delimiter among ``, ; TAB |`` that gives the most consistent column count.

    Parses the first 50 records with each candidate; the winner splits most of
    them into the same number (more than one) of cells; ties go to the
    candidate order. A one-column file gives ``,``.
    """
    sample = text[:200_000]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts: dict[int, int] = {}
        try:
            for index, row in enumerate(csv.reader(io.StringIO(sample), delimiter=delimiter)):
                if index >= 50:
                    break
                if row:
                    counts[len(row)] = counts.get(len(row), 0) + 1
        except csv.Error:
            continue
        if not counts:
            continue
        width, freq = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        score = (freq, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _lines(text: str) -> Iterator[str]:
    """Yield the lines of ``text`` with their ``\n`` (lighter than an io.StringIO copy)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def read_csv_text(
    text: str, path: str | Path | None = None, *, delimiter: str | None = None
) -> RawTable:
    """Split decoded CSV text into rows (see the module docstring).

    Raises:
        InvalidData: malformed CSV (the line is named).
    """
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=False)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InvalidData(f"malformed CSV: {exc}", path=path, line=reader.line_num) from None
    return RawTable(rows=rows, lines=lines, format="csv", delimiter=delimiter)


def read_csv(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
) -> RawTable:
    """Read a CSV file of any common encoding and delimiter.

    Args:
        path: The file.
        encoding: Force this encoding instead of detecting it.
        delimiter: Force this delimiter instead of sniffing it.

    Raises:
        NotFound: no such file.
        InvalidData: binary content, undecodable bytes, malformed CSV.
    """
    decoded = decode(read_bytes(path), path, encoding=encoding)
    table = read_csv_text(decoded.text, path, delimiter=delimiter)
    table.encoding = decoded.encoding
    table.notes.extend(decoded.changes())
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _openpyxl_load_workbook():  # type: ignore[no-untyped-def]
    """Return openpyxl's ``load_workbook``, importing openpyxl without numpy.

    openpyxl only looks numpy up to accept its number types when *writing*;
    importing numpy costs about 0.1 s of a small import's half second. numpy
    stays importable afterwards.
    """
    import sys

    if "openpyxl" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail
        try:
            import openpyxl  # noqa: F401
        finally:
            del sys.modules["numpy"]
    from openpyxl import load_workbook

    return load_workbook


def read_xlsx(path: str | Path, *, sheet: str | None = None) -> RawTable:
    """Read the first (or the named) sheet of an XLSX workbook.

    Raises:
        NotFound: no such file.
        InvalidData: not an XLSX workbook, or no such sheet.
    """
    import zipfile

    load_workbook = _openpyxl_load_workbook()
    read_bytes(path)  # uniform not-found / folder errors
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidData(
            f"not a readable XLSX workbook ({exc.__class__.__name__})",
            path=path,
            hint="save it from the spreadsheet as .xlsx, or export CSV",
        ) from None
    try:
        names = workbook.sheetnames
        if sheet is not None and sheet not in names:
            raise InvalidData(
                f"no sheet {sheet!r} in the workbook", path=path, hint=f"sheets: {', '.join(names)}"
            )
        worksheet = workbook[sheet or names[0]]
        rows: list[list[str]] = []
        lines: list[int] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append(cells)
                lines.append(number)
    finally:
        workbook.close()
    width = max((len(r) for r in rows), default=0)
    while width and all(len(r) < width or not r[width - 1] for r in rows):
        width -= 1
    rows = [(r + [""] * width)[:width] for r in rows]
    table = RawTable(rows=rows, lines=lines, format="xlsx")
    others = [n for n in names if n != (sheet or names[0])]
    if others:
        table.notes.append(f"sheet {worksheet.title!r} read; not read: {', '.join(others)}")
    return table


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> RawTable:
    """Read a survey export: ``.xlsx``/``.xlsm`` with openpyxl, anything else as CSV.

    Raises:
        InvalidData: a REFI-QDA project or codebook (``.qdpx``, ``.qde``,
            ``.qdc``), named as such, besides the errors of the readers.
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".qdpx", ".qde", ".qdc"):
        what = "codebook" if suffix == ".qdc" else "project"
        raise InvalidData(
            f"this is a REFI-QDA {what}, not a survey export",
            path=path,
            hint="import it with 'qualcode codebook import' (codes) or the exchange importer, "
            "'qualcode import-refi FILE' (see docs/exchange.md)",
        )
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet=sheet)
    return read_csv(path, encoding=encoding, delimiter=delimiter)


def check_mojibake(raw: RawTable, path: str | Path, *, fix: bool = False) -> list[str]:
    """Warn about every cell that looks like mojibake; repair the cells when ``fix``.

    Each suspicious cell gives a :class:`~qualcode.errors.QualcodeWarning`
    naming the file and the line (CSV) or row (XLSX) where its row starts
    (see :mod:`qualcode.store.mojibake`). With ``fix`` the cells are
    replaced in ``raw`` by :func:`qualcode.store.mojibake.repair`.

    Returns:
        Notes for the import record (how many cells, repaired or not).
    """
    import warnings

    from qualcode.errors import QualcodeWarning
    from qualcode.store import mojibake

    seen = repaired = 0
    for row, line in zip(raw.rows, raw.lines, strict=True):
        for index, cell in enumerate(row):
            if cell.isascii() or not mojibake.suspicious(cell):
                continue
            seen += 1
            for finding in mojibake.find_lines(cell)[:1]:
                where = line + finding.line - 1 if raw.format == "csv" else line
                warnings.warn(
                    QualcodeWarning(f"{path}:{where}: {mojibake.describe(finding)}"), stacklevel=2
                )
            if fix:
                fixed = mojibake.repair(cell)
                if fixed != cell:
                    row[index] = fixed
                    repaired += 1
    if not seen:
        return []
    if fix:
        return [f"{repaired} of {seen} cells with mojibake repaired (--fix-text)"]
    return [f"{seen} cells look like mojibake, kept as they are (--fix-text repairs them)"]
