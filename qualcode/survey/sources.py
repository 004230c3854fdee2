"""Turn a survey export into a :class:`~qualcode.survey.model.Survey`: question types, options, responses.

:mod:`qualcode.survey.layouts` says which tool wrote the export and what each
column is; this module groups option columns into multi-select questions,
types every question from its answers (and the tool's hints), and builds the
responses. Every data row becomes a response; a row wider than the header
(with content in the extra cells) stops the import with its line number.
Identifying columns of the tools are dropped and the drop is recorded in the
import notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from qualcode.errors import InvalidArgument, InvalidData
from qualcode.survey.layouts import (
    IDENTIFYING,
    LAYOUTS,
    SOURCES,
    Column,
    detect_source,
    fold,
    ids_from_names,
    slug,
    split_option,
)
from qualcode.survey.model import Question, Survey
from qualcode.survey.question_types import NUMBER, infer, infer_type
from qualcode.survey.readers import RawTable


@dataclass(frozen=True)
class ImportOptions:
    """What the user said about the columns (each names a column by id or header text).

    Attributes:
        source: One of :data:`SOURCES`.
        id_column: The column holding response ids.
        closed, multi, likert, number, open, attributes: Columns forced to that type.
        separator: How ``multi`` columns join their options (default ``;``).
        keep_na: Keep :data:`NA_ANSWERS` as answers instead of reading them as missing.
        fix_text: Repair mojibake in every cell (:mod:`qualcode.store.mojibake`);
            without it suspicious cells are only warned about.
    """

    source: str = "auto"
    id_column: str | None = None
    closed: Sequence[str] = ()
    multi: Sequence[str] = ()
    likert: Sequence[str] = ()
    number: Sequence[str] = ()
    open: Sequence[str] = ()
    attributes: Sequence[str] = ()
    separator: str | None = None
    keep_na: bool = False
    fix_text: bool = False


NA_ANSWERS = frozenset({"N/A", "n/a", "N/a", "NA", "#N/A", "-", "--"})
"""Answers read as missing unless ``keep_na``: not applicable, Excel's #N/A, a dash."""


_CATEGORY_HEADER = re.compile(
    r"^\s*(?:category|categor[ií]a|kategorie|cat[ée]gorie)\s*\d+\s*:\s*(.+)$", re.I
)
_YES = {"1", "1.0", "true"}
NONE_CHOSEN = "(none)"
"""The option recorded when a respondent of an indicator group ticked no category."""


@dataclass
class _Indicators:
    """A run of 0/1 indicator columns read as one multi-select question."""

    members: list[Column]
    anchor: Column | None  # the open question the categories code, if it precedes the run


def _indicator_runs(
    columns: list[Column], data: list[list[str]], forced: dict[int, str], tool: str
) -> list[_Indicators]:
    """Find runs of indicator columns (1 = ticked, blank or 0 = not) that form one question.

    A column is an indicator when its only non-blank value is ``1``, or when
    it is headed ``Category N: ...`` (Qualtrics coded comments) and holds only
    ``1``, ``0`` and blanks. Two or more adjacent indicators (one is enough
    under ``Category N:`` headers) form a run. Columns the user typed, columns
    already in a group and the tool's metadata are left alone.
    """
    if tool == "kobo":
        return []

    def indicator(column: Column) -> bool:
        if column.role != "question" or column.group or column.index in forced or column.hint:
            return False
        values = {row[column.index].strip().lower() for row in data}
        if not values & _YES:
            return False
        if values <= {"", *_YES}:
            return "" in values or bool(_CATEGORY_HEADER.match(column.text))
        return values <= {"", "0", "0.0", "false", *_YES} and bool(
            _CATEGORY_HEADER.match(column.text)
        )

    live = [c for c in columns if c.role not in ("drop",)]
    runs: list[_Indicators] = []
    index = 0
    while index < len(live):
        if not indicator(live[index]):
            index += 1
            continue
        end = index
        while end + 1 < len(live) and indicator(live[end + 1]):
            end += 1
        members = live[index : end + 1]
        headed = all(_CATEGORY_HEADER.match(c.text) for c in members)
        if len(members) >= 2 or headed:
            before = live[index - 1] if index else None
            anchor = None
            if before is not None and before.role == "question" and before.index not in forced:
                cells = [row[before.index].strip() for row in data]
                if infer_type(before.text, cells, before.hint) == "open":
                    anchor = before
            elif before is not None and forced.get(before.index) == "open":
                anchor = before
            runs.append(_Indicators(members, anchor))
        index = end + 1
    return runs


def _unique_ids(columns: Iterable[Column], tool: str) -> None:
    """Give every column a unique id.

    Google Forms and SurveyMonkey headers become slugs (question, or
    ``question.option`` for option columns), cut to about 40 characters;
    headers whose short slugs collide get longer slugs (up to about 80
    characters, so ``...-fan-of-the-star-wars-film-franchise`` and
    ``...-fan-of-the-expanded-universe`` differ); headers that are the same
    keep the short slug and get ``-2``, ``-3``.
    """
    columns = list(columns)

    def base_of(column: Column, long: bool) -> str:
        if tool in ("google", "surveymonkey"):
            question, option = split_option(column.id) if column.option else (column.id, None)
            if option is None:
                return slug(question, 80 if long else 40)
            return (
                f"{slug(question, 60)}.{slug(option, 60)}"
                if long
                else f"{slug(question, 28)}.{slug(option, 24)}"
            )
        return column.id or f"column-{column.index + 1}"

    short = [base_of(c, False) for c in columns]
    long = [base_of(c, True) for c in columns]
    clashes = {b for b in short if short.count(b) > 1}
    bases = [
        lo if b in clashes and long.count(lo) == 1 else b for b, lo in zip(short, long, strict=True)
    ]
    seen: dict[str, int] = {}
    for column, base in zip(columns, bases, strict=True):
        count = seen.get(base, 0) + 1
        seen[base] = count
        column.id = base if count == 1 else f"{base}-{count}"


def _rename_id_clash(columns: list[Column], notes: list[str]) -> None:
    """Rename a column of the export called ``id`` (any case) that is not the response id.

    ``responses.csv`` starts with the response ids under ``id``; a second
    ``id`` column (Taguette's highlight ids, a source's own numbering) would
    make a table with two columns of one name. It becomes ``source-id``
    (``source-id-2``... when taken), and a note says so.
    """
    taken = {c.id for c in columns if c.role != "drop"}
    for column in columns:
        if column.role in ("drop", "id") or column.id.strip().lower() != "id":
            continue
        new, n = "source-id", 2
        while new in taken:
            new, n = f"source-id-{n}", n + 1
        notes.append(
            f"column {column.id!r} of the export renamed {new!r} "
            "(responses.csv keeps 'id' for the response ids)"
        )
        taken.add(new)
        column.id = new


def _checkbox_bases(survey: Survey, notes: list[str]) -> None:
    """Say who was asked each single-checkbox question (``base="?"`` on entry).

    A checkbox with one option has no "not ticked" cell: a blank is either
    not ticked or not asked. The respondents asked are taken to be those who
    answered the nearest question before it that is neither open nor
    another checkbox (they passed the same filter), plus anyone who ticked
    it; when that question does not hold every tick, or there is none, every
    response is the base. The choice is recorded as :attr:`Question.base`
    and can be changed with ``survey retype --base``.
    """
    import dataclasses

    for index, question in enumerate(survey.questions):
        if question.base != "?":
            continue
        ticked = {i for i, c in enumerate(survey.columns[question.id]) if c}
        base = "all"
        for before in reversed(survey.questions[:index]):
            if before.type == "open" or before.base is not None:
                continue
            answered = {i for i, c in enumerate(survey.columns[before.id]) if c}
            if ticked <= answered and answered:
                base = before.id
            break
        survey.questions[index] = dataclasses.replace(question, base=base)
        asked = "every response" if base == "all" else f"the respondents who answered {base}"
        notes.append(
            f"{question.id}: a single checkbox; a blank is 'not ticked' and the base is {asked}"
        )


def _options(kind: str, cells: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for cell in cells:
        if cell and cell not in seen:
            seen[cell] = None
    values = list(seen)
    if kind == "likert":
        return tuple(sorted(values, key=lambda v: float(v.replace(",", "."))))
    return tuple(values)


def _find(columns: list[Column], ref: str, option: str) -> Column:
    for finder in (
        lambda c: c.id == ref,
        lambda c: c.id.lower() == ref.lower(),
        lambda c: fold(c.text) == fold(ref),
    ):
        found = [c for c in columns if finder(c)]
        if found:
            return found[0]
    raise InvalidArgument(
        f"{option} {ref!r}: no such column",
        hint="columns: "
        + ", ".join(c.id for c in columns[:15])
        + (" ..." if len(columns) > 15 else ""),
    )


def _pick_separator(options: Iterable[str]) -> str:
    opts = list(options)
    for candidate in ("|", ";", "¦", "\t"):
        if not any(candidate in o for o in opts):
            return candidate
    raise InvalidData("multi-select options contain every separator (| ; ¦ TAB)")


def build_survey(
    raw: RawTable,
    name: str,
    options: ImportOptions | None = None,
    *,
    path: str | None = None,
    transform: Callable[[str], str] | None = None,
) -> Survey:
    """Turn raw rows into a :class:`Survey` (see the module docstring).

    Args:
        raw: The rows read from the export.
        name: The survey name.
        options: Column choices of the user.
        path: The file, for messages.
        transform: Applied to every open answer and free-text attribute (the
            pseudonymiser hook).

    Raises:
        InvalidData: no header, rows wider than the header, duplicate or
            empty response ids.
        InvalidArgument: an option names an unknown column or source.
    """
    options = options or ImportOptions()
    if options.source not in SOURCES:
        raise InvalidArgument(
            f"unknown source {options.source!r}", hint=f"use one of {', '.join(SOURCES)}"
        )
    if not raw.rows:
        raise InvalidData(
            "the export is empty", path=path, hint="export the responses with a header row"
        )
    if options.source == "auto":
        from qualcode.survey.foreign import recognise

        foreign = recognise(raw.rows)
        if foreign is not None:
            raise InvalidData(f"this is {foreign.description}", path=path, hint=foreign.hint)
    detected = detect_source(raw)
    tool = detected if options.source == "auto" else options.source
    layout = LAYOUTS[tool](raw)
    columns = layout.columns
    if tool != detected:
        layout.notes.append(f"read as a {tool} export as asked (it looks like a {detected} one)")
    if not any(c.role == "id" for c in columns):
        # a forced source whose id column is absent (e.g. --source kobo on a
        # plain table without _uuid): fall back to a column named like an id
        ids_from_names(columns, raw.rows[layout.data_start :])
    width = len(raw.rows[0])
    data = raw.rows[layout.data_start :]
    lines = raw.lines[layout.data_start :]
    short = 0
    for line, row in zip(lines, data, strict=True):
        if len(row) > width and any(c.strip() for c in row[width:]):
            raise InvalidData(
                f"row has {len(row)} cells but the header has {width} columns "
                f"(first extra cell in column {width + 1})",
                path=path,
                line=line,
                hint="a question text with a line break or an unquoted delimiter often causes this; fix the export",
            )
        if len(row) < width:
            short += 1
            row.extend([""] * (width - len(row)))
    if short:
        layout.notes.append(f"{short} rows shorter than the header were padded with blank cells")
    # empty unnamed columns (trailing delimiters) carry nothing
    for column in columns:
        if not column.id.strip() and not any(row[column.index].strip() for row in data):
            column.role = "drop"
            layout.notes.append(f"empty unnamed column {column.index + 1} ignored")
    _unique_ids([c for c in columns if c.role != "drop"], tool)
    _rename_id_clash(columns, layout.notes)
    identifying = [
        c
        for c in columns
        if c.role in ("attribute", "question")
        and (fold(c.id) in IDENTIFYING or fold(c.text) in IDENTIFYING)
    ]
    for column in identifying:
        column.role = "drop"
    if identifying:
        layout.notes.append(
            "identifying columns not imported: " + ", ".join(c.text for c in identifying)
        )
    # user choices
    forced: dict[int, str] = {}
    live = [c for c in columns if c.role != "drop"]
    if options.id_column:
        for column in columns:
            if column.role == "id":
                column.role = "attribute"
        _find(live, options.id_column, "--id-column").role = "id"
    for kind, refs in (
        ("closed", options.closed),
        ("multi", options.multi),
        ("likert", options.likert),
        ("number", options.number),
        ("open", options.open),
        ("attribute", options.attributes),
    ):
        for ref in refs:
            column = _find(live, ref, f"--{'attr' if kind == 'attribute' else kind}")
            column.group = None
            column.role = "attribute" if kind == "attribute" else "question"
            forced[column.index] = kind
    indicator_runs = _indicator_runs(columns, data, forced, tool)
    indicator_of: dict[int, _Indicators] = {}
    for run in indicator_runs:
        key = f"indicators:{run.members[0].index}"
        for column in run.members:
            match = _CATEGORY_HEADER.match(column.text)
            column.group, column.option = key, (match.group(1) if match else column.text).strip()
        if run.anchor is not None:
            gid, gtext = f"{run.anchor.id}-categories", f"Categories: {run.anchor.text}"
        elif all(_CATEGORY_HEADER.match(c.text) for c in run.members):
            gid, gtext = "categories", "Categories"
        else:
            gid = slug(run.members[0].id)
            gtext = " / ".join(c.option or c.text for c in run.members)
        layout.groups[key] = (gid, gtext)
        indicator_of[run.members[0].index] = run
        layout.notes.append(
            f"{len(run.members)} indicator columns (1 = ticked, blank = not) read as "
            f"multi-select question {gid}"
            + (
                f"; respondents who answered {run.anchor.id} and ticked none count as {NONE_CHOSEN}"
                if run.anchor is not None
                else f"; respondents who ticked none count as {NONE_CHOSEN}"
            )
        )
    # response ids
    id_columns = [c for c in columns if c.role == "id"]
    if id_columns:
        id_col = id_columns[0]
        ids = [row[id_col.index].strip() for row in data]
        seen: dict[str, int] = {}
        for line, rid in zip(lines, ids, strict=True):
            if not rid:
                raise InvalidData(
                    f"empty response id in column {id_col.text!r}",
                    path=path,
                    line=line,
                    hint="give --id-column another column, or fill the id",
                )
            if rid in seen:
                raise InvalidData(
                    f"response id {rid!r} repeats line {seen[rid]}",
                    path=path,
                    line=line,
                    hint="ids must be unique; choose another --id-column",
                )
            seen[rid] = line
    else:
        digits = len(str(len(data)))
        ids = [f"R{i:0{digits}d}" for i in range(1, len(data) + 1)]
        layout.notes.append("no response id column: responses numbered R1... in file order")
    survey = Survey(
        name=name,
        title=name,
        questions=[],
        attributes=[],
        ids=ids,
        columns={},
        source={"tool": tool},
    )
    seen_groups: set[str] = set()
    not_applicable = 0
    for column in columns:
        if column.role in ("drop", "id"):
            continue
        cells = [
            row[column.index].strip() if column.role == "question" else row[column.index]
            for row in data
        ]
        if column.role == "question" and not options.keep_na:
            before = len(cells) - cells.count("")
            cells = ["" if c in NA_ANSWERS else c for c in cells]
            not_applicable += before - (len(cells) - cells.count(""))
        kind = forced.get(column.index)
        if column.role == "attribute" or kind == "attribute":
            free = infer_type(column.text, cells) == "open"
            if free and transform is not None:
                cells = [transform(c) if c else c for c in cells]
            survey.attributes.append(Question(column.id, column.text, "attribute"))
            survey.columns[column.id] = cells
            continue
        if column.group and kind is None:
            group = column.group
            if group in seen_groups:
                continue
            seen_groups.add(group)
            gid, gtext = layout.groups[group]
            members = [c for c in columns if c.group == group and c.role == "question"]
            if tool == "kobo":
                parent = members[0]
                option_names = [c.option for c in columns if c.group == group and c.option]
                joined = [row[parent.index].split() for row in data]
                opts = list(dict.fromkeys([*option_names, *(v for vs in joined for v in vs)]))
                sep = _pick_separator(opts)
                values = [sep.join(vs) for vs in joined]
                survey.questions.append(
                    Question(parent.id, parent.text, "multi", tuple(opts), sep, typed="source")
                )
                survey.columns[parent.id] = values
                continue
            if tool == "google":
                source_sep = layout.separators[group]
                joined = [
                    [p for p in row[column.index].strip().split(source_sep) if p] for row in data
                ]
                opts = list(dict.fromkeys(v for vs in joined for v in vs))
                sep = _pick_separator(opts)
                survey.questions.append(
                    Question(column.id, column.text, "multi", tuple(opts), sep, typed="answers")
                )
                survey.columns[column.id] = [sep.join(vs) for vs in joined]
                continue
            opts = [c.option or "" for c in members]
            sep = _pick_separator(opts)
            run = indicator_of.get(members[0].index)
            if run is None:
                values = [
                    sep.join(c.option or "" for c in members if row[c.index].strip())
                    for row in data
                ]
            else:
                values = [
                    sep.join(
                        c.option or "" for c in members if row[c.index].strip().lower() in _YES
                    )
                    for row in data
                ]
                anchor = run.anchor
                values = [
                    v or (NONE_CHOSEN if anchor is None or row[anchor.index].strip() else "")
                    for v, row in zip(values, data, strict=True)
                ]
                if NONE_CHOSEN in values:
                    opts.append(NONE_CHOSEN)
            qid = gid
            existing = (
                {q.id for q in survey.questions}
                | {a.id for a in survey.attributes}
                | {c.id for c in columns if c.group != group}
            )
            n = 2
            while qid in existing:
                qid, n = f"{gid}-{n}", n + 1
            typed = "answers" if run is not None else "source"
            single = run is None and len(members) == 1  # one checkbox: blank = not ticked
            if single:
                gtext = members[0].text
            survey.questions.append(
                Question(
                    qid, gtext, "multi", tuple(opts), sep, typed=typed, base="?" if single else None
                )
            )
            survey.columns[qid] = values
            continue
        if kind == "multi":
            source_sep = options.separator or ";"
            joined = [[p.strip() for p in c.split(source_sep) if p.strip()] for c in cells]
            opts = list(dict.fromkeys(v for vs in joined for v in vs))
            sep = _pick_separator(opts)
            survey.questions.append(
                Question(column.id, column.text, "multi", tuple(opts), sep, typed="user")
            )
            survey.columns[column.id] = [sep.join(vs) for vs in joined]
            continue
        typed = "user"
        if kind is None:
            kind, typed = infer(column.text, cells, column.hint)
        if kind == "open" and transform is not None:
            cells = [transform(c) if c else c for c in cells]
        opts = _options(kind, cells) if kind in ("closed", "likert") else ()
        if kind == "likert" and not all(NUMBER.match(o) for o in opts):
            opts = _options("closed", cells)
        survey.questions.append(Question(column.id, column.text, kind, opts, typed=typed))
        survey.columns[column.id] = cells
    _checkbox_bases(survey, layout.notes)
    if not_applicable:
        layout.notes.append(
            f"{not_applicable} answer{'s' if not_applicable != 1 else ''} such as N/A, NA or - "
            "read as missing (--keep-na keeps them)"
        )
    survey.notes = raw.notes + layout.notes
    return survey
