"""Recognise the layout of a survey export: which tool wrote it, where its data starts, what each column is.

Layouts are worked out from the content, never from a fixed number of header
rows (the qualtRics "one line too much skipped" bug):

* **Qualtrics**: row 1 holds column ids (``ResponseId``, ``Q1``... or legacy
  ``V1``...); the next row holds question texts unless it already is a
  response (its id cell looks like ``R_xxxxxxxx``); a following row of
  ``{"ImportId": ...}`` JSON (or the single-quoted dict form of older
  exports) is read as import ids (``..._TEXT`` marks an open answer).
* **SurveyMonkey**: ``RespondentID`` first; when the second row is not a
  response it holds answer options ("Response" for single questions) and the
  question text of row 1 carries over blank cells. The flattened one-row form
  uses ``Question - Option`` headers. A run of option columns whose cells are
  blank or the option itself is one multi-select question.
* **Google Forms**: ``Timestamp`` first; duplicate titles get ``-2``, ``-3``
  ids; an answer list joined with ``", "`` whose parts recur is multi-select.
* **KoboToolbox**: ``group/question`` or ``group.question`` names, ``_id``,
  ``_uuid``... metadata kept as attributes; a select_multiple column
  (space-joined) with its 0/1 option columns is one multi-select question.
* **plain**: one header row.

Identifying columns of the tools (recipient names, e-mail, IP address,
location) get the role ``drop``. :mod:`qualcode.survey.sources` turns a
layout into a :class:`~qualcode.survey.model.Survey`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from qualcode.survey.readers import RawTable

SOURCES = ("auto", "qualtrics", "surveymonkey", "google", "kobo", "plain")
_IMPORT_ID = re.compile(r"""^\{\s*["']ImportId["']\s*:\s*["']([^"']*)["']""")
_QUALTRICS_RESPONSE = re.compile(r"^R_[A-Za-z0-9]{6,}$")
_ID_NAMES = {
    "id", "case", "caso", "respondent", "respondentid", "respondent id", "participant",
    "participante", "folio", "responseid", "response id", "codigo", "código", "record",
}  # fmt: skip
IDENTIFYING = {
    "recipientlastname", "recipientfirstname", "recipientemail", "emailaddress", "email address",
    "email", "ipaddress", "ip address", "locationlatitude", "locationlongitude",
    "locationaccuracy", "first name", "last name", "lastname", "firstname", "name",
    "dirección de correo electrónico", "correo electrónico", "_geolocation",
}  # fmt: skip
_META = {
    "qualtrics": {
        "startdate", "enddate", "status", "progress", "duration (in seconds)", "finished",
        "recordeddate", "responseid", "responseset", "externalreference", "externaldatareference",
        "distributionchannel", "userlanguage", "q_recaptchascore", "q_relevantidduplicate",
    },
    "surveymonkey": {"respondentid", "collectorid", "startdate", "enddate", "custom data"},
    "google": {"timestamp", "marca temporal", "horodateur", "zeitstempel"},
    "kobo": {
        "start", "end", "today", "deviceid", "username", "simserial", "subscriberid",
        "phonenumber", "audit", "__version__", "meta/instanceid", "formhub/uuid",
    },
    "plain": set(),
}  # fmt: skip
_OTHER = re.compile(r"please specify|especifique|other \(|otro \(", re.IGNORECASE)


_KOBO_DATES = {"start", "end", "today", "_submission_time", "submissiondate", "date"}


def excel_serial_date(cell: str) -> str:
    """Return an Excel serial day number (1900 system, e.g. ``44861.37``) as ISO 8601 text.

    Cells that are not numbers between 1 (1900-01-01) and 2958465 (9999-12-31)
    come back unchanged. Day 0 is 1899-12-30, which absorbs Excel's fictitious
    1900-02-29 for every date after February 1900.
    """
    import datetime as dt

    try:
        value = float(cell)
    except ValueError:
        return cell
    if not 1 <= value <= 2958465:
        return cell
    moment = dt.datetime(1899, 12, 30) + dt.timedelta(days=value)
    moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
    if value.is_integer():
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


@dataclass
class Column:
    """One column of the export as the layout sees it.

    Attributes:
        index: Position in the raw rows.
        id: Column id (unique after :func:`_unique_ids`).
        text: Question text or header.
        role: ``question``, ``attribute``, ``id`` or ``drop``.
        group: Key of the multi-select question this option column belongs to.
        option: The option label of an option column.
        hint: A type suggested by the source (``open`` for Qualtrics ``_TEXT``).
    """

    index: int
    id: str
    text: str
    role: str = "question"
    group: str | None = None
    option: str | None = None
    hint: str | None = None


@dataclass
class Layout:
    """Where the data starts and what each column is."""

    tool: str
    columns: list[Column]
    data_start: int
    notes: list[str] = field(default_factory=list)
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (id, text)
    separators: dict[str, str] = field(default_factory=dict)  # group key -> joiner in source


def fold(text: str) -> str:
    """Return ``text`` lower-cased with runs of whitespace as one space (for matching headers)."""
    return " ".join(text.strip().lower().split())


def slug(text: str, max_length: int = 40) -> str:
    """Return a short lower-case id for a header: ASCII letters, digits, ``-``, ``.`` and ``/``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^a-z0-9./_]+", "-", ascii_text.lower()).strip("-")
    if len(value) > max_length:
        cut = value[:max_length]
        value = cut.rsplit("-", 1)[0] if "-" in cut[10:] else cut
    return value.strip("-") or "column"


def detect_source(raw: RawTable) -> str:
    """Return the tool that made the export: ``qualtrics``, ``surveymonkey``, ``google``, ``kobo`` or ``plain``."""
    if not raw.rows:
        return "plain"
    header = [fold(c) for c in raw.rows[0]]
    heads = set(header)
    second = raw.rows[1] if len(raw.rows) > 1 else []
    third = raw.rows[2] if len(raw.rows) > 2 else []
    if any(_IMPORT_ID.match(c.strip()) for c in list(second) + list(third)):
        return "qualtrics"
    if {"responseid"} & heads or (header[:2] == ["v1", "v2"] and "responseid" in map(fold, second)):
        return "qualtrics"
    if header and header[0] in ("respondentid", "respondent id") or "collectorid" in heads:
        return "surveymonkey"
    if header and header[0] in _META["google"]:
        return "google"
    if {"_uuid", "_submission_time"} & heads or ("_id" in heads and "_index" in heads):
        return "kobo"
    return "plain"


def _is_import_row(row: Sequence[str]) -> bool:
    filled = [c for c in row if c.strip()]
    return bool(filled) and sum(1 for c in filled if _IMPORT_ID.match(c.strip())) * 2 >= len(filled)


def _qualtrics(raw: RawTable) -> Layout:
    ids = raw.rows[0]
    folded = [fold(c) for c in ids]
    id_index = next((i for i, c in enumerate(folded) if c in ("responseid", "v1")), 0)
    at = 1
    texts = list(ids)
    imports: list[str] = [""] * len(ids)
    notes = []
    if at < len(raw.rows) and not _is_import_row(raw.rows[at]):
        cell = raw.rows[at][id_index] if id_index < len(raw.rows[at]) else ""
        if not _QUALTRICS_RESPONSE.match(cell.strip()):
            texts = [(raw.rows[at] + [""] * len(ids))[i] or ids[i] for i in range(len(ids))]
            at += 1
    if at < len(raw.rows) and _is_import_row(raw.rows[at]):
        imports = [(m.group(1) if (m := _IMPORT_ID.match(c.strip())) else "") for c in raw.rows[at]]
        at += 1
    notes.append(f"Qualtrics export with {at} header row{'s' if at > 1 else ''}")
    columns = []
    for i, cid in enumerate(ids):
        text = texts[i] if i < len(texts) else cid
        column = Column(i, cid, text)
        if i == id_index:
            column.role = "id"
        elif fold(cid) in _META["qualtrics"] or fold(text) in _META["qualtrics"]:
            column.role = "attribute"
        import_id = imports[i].upper() if i < len(imports) else ""
        if import_id.endswith("_TEXT"):
            column.hint = "open"
        elif "_TEXT_" in import_id and import_id.endswith("TOPICS"):
            column.role = "attribute"  # Text iQ topics computed by Qualtrics, not an answer
            notes.append(
                f"{cid}: Qualtrics Text iQ topics of an open question, kept as an attribute"
            )
        columns.append(column)
    return Layout("qualtrics", columns, at, notes)


def split_option(header: str) -> tuple[str, str | None]:
    """Split a ``Question - Option`` header into its question and option (None without an option)."""
    if " - " in header:
        question, option = header.rsplit(" - ", 1)
        return question.strip(), option.strip()
    return header.strip(), None


def _option_runs(
    columns: list[Column], data: list[list[str]], key: Callable[[Column], str | None]
) -> dict[str, tuple[str, str]]:
    """Mark runs of option columns whose cells are blank or the option as one multi-select group."""
    groups: dict[str, tuple[str, str]] = {}
    for column in columns:
        question = key(column)
        if question is None or column.option is None:
            continue
        cells = {row[column.index].strip() for row in data if column.index < len(row)}
        if cells <= {"", column.option.strip()}:
            column.group = question
            groups.setdefault(question, (slug(question), question))
    return groups


def _surveymonkey(raw: RawTable) -> Layout:
    header = raw.rows[0]
    second = raw.rows[1] if len(raw.rows) > 1 else []
    first_cell = second[0].strip() if second else ""
    two_rows = bool(second) and not first_cell.isdigit()
    columns: list[Column] = []
    question = ""
    for i, cell in enumerate(header):
        if two_rows:
            question = cell.strip() or question
            option = (second + [""] * len(header))[i].strip()
            if option in ("Response", "Open-Ended Response", ""):
                column = Column(i, question, question)
                if option == "Open-Ended Response":
                    column.hint = "open"
            else:
                column = Column(
                    i, f"{question} - {option}", f"{question} - {option}", option=option
                )
                if _OTHER.search(option):
                    column.hint = "open"
        else:
            q, option = split_option(cell)
            column = Column(i, cell.strip(), cell.strip(), option=option)
            if option and _OTHER.search(option):
                column.hint = "open"
        if fold(column.id) in _META["surveymonkey"]:
            column.role = "attribute"
        columns.append(column)
    columns[0].role = "id"
    start = 2 if two_rows else 1
    data = raw.rows[start:]

    def question_of(column: Column) -> str | None:
        return split_option(column.text)[0] if column.option else None

    layout = Layout("surveymonkey", columns, start)
    layout.groups = _option_runs(columns, data, question_of)
    layout.notes.append(
        "SurveyMonkey export with 2 header rows (question, option)"
        if two_rows
        else "SurveyMonkey export with 1 header row (Question - Option)"
    )
    return layout


def _google(raw: RawTable) -> Layout:
    columns = [Column(i, c.strip(), c.strip()) for i, c in enumerate(raw.rows[0])]
    columns[0].role = "attribute"
    data = raw.rows[1:]
    layout = Layout("google", columns, 1, ["Google Forms export"])
    ids_from_names(columns, data, google=True)
    for column in columns[1:]:
        cells = [row[column.index] for row in data if column.index < len(row) and row[column.index]]
        if not any(", " in c for c in cells):
            continue
        parts: dict[str, int] = {}
        for cell in cells:
            for part in cell.split(", "):
                parts[part] = parts.get(part, 0) + 1
        mentions = sum(parts.values())
        recurring = sum(n for n in parts.values() if n >= 2)
        joined = sum(1 for c in cells if ", " in c)
        if len(parts) <= 20 and recurring >= 0.9 * mentions and joined >= 2:
            column.group = column.text
            layout.groups[column.text] = (column.text, column.text)
            layout.separators[column.text] = ", "
    return layout


_KOBO_TYPES = {
    "text": "open",
    "select_one": "closed",
    "select_multiple": "multi",
    "integer": "number",
    "decimal": "number",
    "range": "number",
}
_KOBO_META_TYPES = {
    "start", "end", "today", "deviceid", "date", "time", "datetime", "calculate", "note",
    "geopoint", "geotrace", "geoshape", "image", "audio", "video", "file", "barcode",
    "acknowledge", "hidden", "username", "phonenumber", "audit", "begin_group", "end_group",
}  # fmt: skip


def _kobo_type(cell: str) -> str | None:
    """Return the XLSForm base type of a ``type`` row cell (``select_one yes_no`` -> ``select_one``)."""
    word = cell.strip().split(" ", 1)[0].lower()
    return word if word in _KOBO_TYPES or word in _KOBO_META_TYPES else None


def _kobo(raw: RawTable) -> Layout:
    header = [c.strip() for c in raw.rows[0]]
    columns = [Column(i, c, c) for i, c in enumerate(header)]
    start = 1
    second = raw.rows[1] if len(raw.rows) > 1 else []
    filled = [c for c in second if c.strip()]
    typed = [c for c in filled if _kobo_type(c)]
    if filled and len(typed) * 2 > len(filled) and any(_kobo_type(c) in _KOBO_TYPES for c in typed):
        start = 2  # an XLSForm `type` row under the names: the form's own question types
        for column, cell in zip(columns, second, strict=False):
            base = _kobo_type(cell)
            if base in _KOBO_TYPES and _KOBO_TYPES[base] != "multi":
                column.hint = _KOBO_TYPES[base]
            elif base in _KOBO_META_TYPES:
                column.role = "attribute"
            elif base == "select_multiple":
                column.option = "select_multiple"  # marks the space-joined column, below
    data = raw.rows[start:]
    layout = Layout("kobo", columns, start, ["KoboToolbox export"])
    if start == 2:
        layout.notes.append("question types read from the form's type row")
    by_name = {c.id: c for c in columns}
    for column in columns:
        name = column.id
        if (
            name.startswith("_")
            or fold(name) in _META["kobo"]
            or fold(name.split("/")[-1]) in _META["kobo"]
        ):
            column.role = "attribute"
    for column in columns:
        if fold(column.id.split("/")[-1]) in _KOBO_DATES:
            for row in data:
                if column.index < len(row):
                    row[column.index] = excel_serial_date(row[column.index])
    uid = by_name.get("_uuid") or by_name.get("_id")
    if uid is not None:
        uid.role = "id"
    for column in columns:
        if column.role != "question":
            continue
        for sep in ("/", "."):
            if sep not in column.id:
                continue
            parent, option = column.id.rsplit(sep, 1)
            cells = {row[column.index].strip() for row in data if column.index < len(row)}
            if parent in by_name and cells <= {"", "0", "1", "True", "False"}:
                column.group, column.option = parent, option
                column.role = "drop"
                layout.groups.setdefault(parent, (parent, parent))
                layout.separators[parent] = " "
                by_name[parent].group = parent
                break
    for column in columns:
        if column.option == "select_multiple" and column.group is None:
            column.option = None
            column.group = column.id  # a select_multiple with no 0/1 option columns
            layout.groups.setdefault(column.id, (column.id, column.text))
            layout.separators[column.id] = " "
        elif column.option == "select_multiple":
            column.option = None
    dropped = [c.id for c in columns if c.role == "drop"]
    if dropped:
        layout.notes.append(
            f"{len(dropped)} select_multiple 0/1 columns read as options of their question"
        )
    return layout


def ids_from_names(columns: list[Column], data: list[list[str]], *, google: bool = False) -> None:
    """Make the first column named like an id (and unique) the id column; others attributes."""
    found = False
    for column in columns:
        name = fold(column.text)
        if name in _ID_NAMES or (google and "participant" in name and len(name) < 80):
            cells = [row[column.index].strip() if column.index < len(row) else "" for row in data]
            if not found and all(cells) and len(set(cells)) == len(cells):
                column.role, found = "id", True
            elif name in _ID_NAMES:
                column.role = "attribute"


def _plain(raw: RawTable) -> Layout:
    columns = [Column(i, c.strip(), c.strip()) for i, c in enumerate(raw.rows[0])]
    ids_from_names(columns, raw.rows[1:])
    return Layout("plain", columns, 1, [])


LAYOUTS = {
    "qualtrics": _qualtrics,
    "surveymonkey": _surveymonkey,
    "google": _google,
    "kobo": _kobo,
    "plain": _plain,
}
