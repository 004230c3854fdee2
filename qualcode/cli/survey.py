"""``qualcode survey``: import survey exports, code open answers, tally."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import (
    ChartFormat,
    ChartFormatOption,
    Format,
    FormatOption,
    OutputOption,
    ProjectOption,
)

if TYPE_CHECKING:
    from qualcode.codebook.tree import Codebook
    from qualcode.store.project import Project
    from qualcode.survey.model import Question, Survey, SurveyCodings
    from qualcode.table import Table

app = typer.Typer(
    help="Import survey exports, code open answers, and tally answers as 'n of N (p%)'.",
    no_args_is_help=True,
)


class Source(StrEnum):
    """The tools whose export layouts ``survey import`` knows."""

    auto = "auto"
    qualtrics = "qualtrics"
    surveymonkey = "surveymonkey"
    google = "google"
    kobo = "kobo"
    plain = "plain"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


Columns = Annotated[list[str] | None, typer.Option(show_default=False)]
CoderOption = Annotated[
    str | None,
    typer.Option(
        "--coder",
        "-c",
        help="Coder name (default: the project's default coder).",
        show_default=False,
    ),
]


@app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="The export: .csv (any delimiter/encoding) or .xlsx.")
    ],
    name: Annotated[
        str | None,
        typer.Option(
            "--name", "-n", help="Survey name (default: from the file name).", show_default=False
        ),
    ] = None,
    source: Annotated[
        Source, typer.Option("--source", help="The tool that made the export (auto: detect it).")
    ] = Source.auto,
    id_column: Annotated[
        str | None, typer.Option("--id-column", help="Column of response ids.", show_default=False)
    ] = None,
    closed: Annotated[
        list[str] | None,
        typer.Option(
            "--closed",
            help="Treat this column as a closed question (repeatable).",
            show_default=False,
        ),
    ] = None,
    multi: Annotated[
        list[str] | None,
        typer.Option(
            "--multi",
            help="A multi-select column, options joined by --sep (repeatable).",
            show_default=False,
        ),
    ] = None,
    sep: Annotated[
        str | None,
        typer.Option(
            "--sep",
            help="Separator of the options in --multi columns (default ';').",
            show_default=False,
        ),
    ] = None,
    likert: Annotated[
        list[str] | None,
        typer.Option("--likert", help="A Likert column (repeatable).", show_default=False),
    ] = None,
    number: Annotated[
        list[str] | None,
        typer.Option("--number", help="A numeric column (repeatable).", show_default=False),
    ] = None,
    open_: Annotated[
        list[str] | None,
        typer.Option("--open", help="An open (free-text) column (repeatable).", show_default=False),
    ] = None,
    attr: Annotated[
        list[str] | None,
        typer.Option(
            "--attr",
            help="Keep this column as an attribute, not a question (repeatable).",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding", help="Force the CSV encoding (e.g. cp1252).", show_default=False
        ),
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="Force the CSV delimiter.", show_default=False)
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="XLSX sheet (default: the first).", show_default=False),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="A human title.", show_default=False)
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a survey of the same name.")
    ] = False,
    keep_na: Annotated[
        bool,
        typer.Option(
            "--keep-na", help="Keep N/A, n/a, NA, #N/A and - as answers (default: missing)."
        ),
    ] = False,
    fix_text: Annotated[
        bool,
        typer.Option(
            "--fix-text", help="Repair mojibake (text decoded twice, e.g. 'â€\"') with ftfy."
        ),
    ] = False,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="json: print the questions.", show_default=False),
    ] = None,
    no_pseudonymise: Annotated[
        bool,
        typer.Option(
            "--no-pseudonymise",
            help="Store answers as they are, without the key (not recommended).",
        ),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Import a survey export into fieldnotes/surveys/NAME/.

    Columns are named by id or header text; unlisted columns are typed from
    their answers, and the tool's metadata columns kept as attributes. Open
    answers and free-text attributes are pseudonymised through the key.

    Example: qualcode survey import feria.csv --name feria-2008 --open cambio --attr comuna
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, show_table
    from qualcode.survey.layouts import slug
    from qualcode.survey.sources import ImportOptions
    from qualcode.survey.store import NAME_PATTERN, check_name, import_survey, survey_lock
    from qualcode.table import Table

    proj = open_project(project)
    options = ImportOptions(
        source=source.value,
        id_column=id_column,
        closed=closed or (),
        multi=multi or (),
        likert=likert or (),
        number=number or (),
        open=open_ or (),
        attributes=attr or (),
        separator=sep,
        keep_na=keep_na,
        fix_text=fix_text,
    )
    from qualcode.cli.people import cli_pseudonymiser

    with contextlib.ExitStack() as held:
        if not no_pseudonymise:  # the key's placeholder numbers are used, then saved
            held.enter_context(proj.lock("key"))
        transform = None if no_pseudonymise else cli_pseudonymiser(proj)
        if name is None and transform is not None:
            name = slug(transform.slug(file.stem), 60).replace("/", "-").replace(".", "-")
        if name is not None and name != name.lower() and NAME_PATTERN.match(name.lower()):
            message(f"survey name {name!r} stored as {name.lower()!r} (names are lower-case)")
            name = name.lower()
        name = name or slug(file.stem, 60).replace("/", "-").replace(".", "-")
        held.enter_context(proj.lock(survey_lock(check_name(name))))
        with proj.transaction("survey import") as tx:  # the survey and the key, all or nothing
            survey = import_survey(
                proj,
                file,
                name,
                options,
                encoding=encoding,
                delimiter=delimiter,
                sheet=sheet,
                title=title,
                replace=replace,
                transform=transform,
                transaction=tx,
            )
            if transform is not None:
                transform.stage(tx)
    if transform is not None:
        from qualcode.pseudonymise import report

        merged = [(survey.name, result) for result in transform.results]
        message(report.summary_line(merged).replace("texts", "answers").replace("text:", "answer:"))
    opened = sum(1 for q in survey.questions if q.type == "open")
    message(
        f"imported survey {survey.name}: {_plural(len(survey.ids), 'response')}, "
        f"{_plural(len(survey.questions), 'question')} ({opened} open), "
        f"{_plural(len(survey.attributes), 'attribute')} "
        f"from {survey.source.get('tool')} export {file.name}"
    )
    for note in survey.notes:
        message(f"note: {note}")
    if fmt is not None and fmt != Format.table:
        rows = [
            (q.id, q.type, q.typed, q.text, list(q.options))
            for q in survey.questions + survey.attributes
        ]
        show_table(Table(["id", "type", "typed", "text", "options"], rows), fmt.value)


@app.command("retype")
def retype_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[str, typer.Argument(help="A question id or text.")],
    new_type: Annotated[
        str | None,
        typer.Argument(
            help="closed, multi, likert, number or open (default: keep).", show_default=False
        ),
    ] = None,
    sep: Annotated[
        str | None,
        typer.Option(
            "--sep",
            help="Separator of the options when it becomes multi (default ';').",
            show_default=False,
        ),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Who was asked a checkbox question: all, none or a question id.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Retype an open question that has codings.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Change a question's type; survey.yaml records it as the user's choice (typed: user).

    Example: qualcode survey retype feria-2008 distancia closed
    Example: qualcode survey retype tg will-you-watch --base all
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.survey.retype import retype_question

    q = retype_question(
        open_project(project), name, question, new_type, separator=sep, base=base, force=force
    )
    extra = f", base {q.base}" if q.base else ""
    message(f"{name} {q.id}: {q.type} (typed by the user{extra})")


@app.command("list")
def list_command(
    fmt: FormatOption = Format.table, output: OutputOption = None, project: ProjectOption = None
) -> None:
    """List the project's surveys.

    Example: qualcode survey list
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.survey.store import surveys_table

    show_table(surveys_table(open_project(project)), fmt.value, output)


def _codings_for(
    proj: Project, name: str, coder: str | None, open_questions: list[str], explicit: bool
) -> tuple[SurveyCodings | None, str | None]:
    """Return (one coder's codings, note) for tallying ``open_questions``.

    No coder is needed when no open question is tallied. With several coders
    and no ``--coder``: ``default_coder`` when it is one of them; else an error
    when the open question was asked for by name, or, when tallying every
    question, no codings and a note saying why (the other questions still
    tally).
    """
    from qualcode.errors import InvalidArgument
    from qualcode.survey.store import load_codings, survey_coders, tally_coder

    if coder is None and not open_questions:
        return None, None
    chosen, note = tally_coder(proj, name, coder)
    if chosen is not None:
        return load_codings(proj, name, chosen), None
    if note is not None and explicit:
        coders = survey_coders(proj, name)
        raise InvalidArgument(
            f"open question {open_questions[0]!r} of survey {name!r} was coded by "
            f"{', '.join(coders)}",
            hint=f"choose one with --coder (e.g. --coder {coders[0]})",
        )
    return None, note


def _for_people(table: Table, fmt: str) -> Table:
    """Return ``table`` as shown in table, CSV and Markdown output (JSON keeps it as is).

    A blank ``--by`` value or the missing row's value reads ``(missing)``;
    in table and Markdown, percentages and medians show one decimal.
    """
    from qualcode.table import Table

    if fmt == "json":
        return table
    labels = [i for i, c in enumerate(table.columns) if c not in _TALLY_NUMBERS and c != "share"]
    labels = [
        i for i in labels if table.columns[i] not in ("question", "mentions_share", "categories")
    ]
    decimals = (
        [
            i
            for i, c in enumerate(table.columns)
            if c in ("percent", "mentions_percent", "median", "mean")
        ]
        if fmt != "csv"
        else []
    )
    rows = []
    for row in table.rows:
        cells = list(row)
        for i in labels:
            if cells[i] is None:
                cells[i] = "(missing)"
        for i in decimals:
            if isinstance(cells[i], (int, float)) and not isinstance(cells[i], bool):
                cells[i] = f"{cells[i]:.1f}"
        rows.append(tuple(cells))
    return Table(
        table.columns,
        rows,
        title=table.title,
        notes=table.notes,
        terminal_columns=table.terminal_columns,
    )


_TALLY_NUMBERS = {
    "n", "N", "percent", "mentions", "mentions_N", "mentions_percent", "median", "mean", "min",
    "max",
}  # fmt: skip


def _default_coder(proj: Project, coder: str | None) -> str:
    import os

    from qualcode.store.codings import check_coder

    return check_coder(
        coder
        or os.environ.get("QUALCODE_CODER")
        or str(proj.settings.get("default_coder") or "")
        or "default"
    )


def _codebook(proj: Project):  # type: ignore[no-untyped-def]
    from qualcode.codebook.tree import load_codebook

    return load_codebook(proj.codebooks_dir) if proj.codebooks_dir.is_dir() else None


def _chart(table: object) -> None:
    from qualcode.cli.render import stdout
    from qualcode.table import cell_text

    console = stdout()
    records = table.records()  # type: ignore[attr-defined]
    top = max((r["n"] for r in records if r.get("value") is not None), default=0) or 1
    width = max((len(cell_text(r.get("value")) or "missing") for r in records), default=0)
    for r in records:
        label = cell_text(r["value"]) if r.get("value") is not None else "(missing)"
        bar = "█" * round(30 * r["n"] / top) if r.get("value") is not None else ""
        console.print(
            f"{label:<{min(width, 40)}}  {bar} {r['share']}", markup=False, highlight=False
        )


@app.command("tally")
def tally_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[
        str | None,
        typer.Argument(help="A question id or text (default: every question).", show_default=False),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Cross-tabulate against this question or attribute.", show_default=False
        ),
    ] = None,
    bins: Annotated[
        str | None,
        typer.Option(
            "--bins", help="Group the categories by count, e.g. 0,1-3,4-7,8+.", show_default=False
        ),
    ] = None,
    coder: CoderOption = None,
    chart: Annotated[bool, typer.Option("--chart", help="Draw bars on the terminal.")] = False,
    fmt: ChartFormatOption = ChartFormat.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Tally answers as 'n of N (p%)'; N counts the respondents who answered.

    Open questions show the code tree rolled up by distinct response.
    --format svg writes the bar charts that 'qualcode report' shows.

    Example: qualcode survey tally feria-2008 cambio --coder ana
    Example: qualcode survey tally talleres comuna --bins 0,1-3,4-7,8+
    Example: qualcode survey tally feria-2008 producto --format svg -o producto.svg
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.survey.store import load_survey
    from qualcode.survey.tally import tally_survey

    proj = open_project(project)
    survey = load_survey(proj, name)
    chosen = [survey.question(question)] if question else survey.questions
    codings, note = _codings_for(
        proj, name, coder, [q.id for q in chosen if q.type == "open"], explicit=bool(question)
    )
    table = tally_survey(
        survey,
        [question] if question else None,
        by=by,
        bins=bins,
        codings=codings,
        codebook=_codebook(proj),
        open_note=note,
    )
    if fmt is ChartFormat.svg:
        from qualcode.cli.render import write_output
        from qualcode.exchange.charts import code_labels, survey_chart

        book = _codebook(proj)
        opened = [q.id for q in survey.questions if q.type == "open"]
        labels = code_labels(book) if book else None
        texts = {q.id: q.text for q in survey.questions}
        write_output(survey_chart(table, labels=labels, open_questions=opened, texts=texts), output)
        return
    if chart and fmt == ChartFormat.table and output is None and not bins:
        _chart(table)
        return
    show_table(_for_people(table, fmt.value), fmt.value, output)


CODE_HELP = (
    "type codes separated by commas (fuzzy: new markets, fair-desing); "
    "Enter skips | b back | u undo | ? codebook | q quit"
)


def _read(prompt: str) -> str | None:
    """Show ``prompt`` on stderr and read a line; None at end of input."""
    from qualcode.cli.render import message

    message(prompt)
    try:
        return input()
    except EOFError:
        return None


def _resolve_codes(book: Codebook, line: str) -> list[str] | None:
    """Turn a typed line into code paths with :func:`qualcode.coding.tagging.resolve_entry`.

    An exact or unique entry applies; an ambiguous one with a single candidate
    applies too; several candidates are offered as numbered choices. Returns
    None at end of input.
    """
    from qualcode.cli.render import message
    from qualcode.coding.tagging import resolve_entry

    paths: list[str] = []
    for part in (p.strip() for p in line.split(",")):
        if not part:
            continue
        res = resolve_entry(book, part)
        path = res.path
        if path is None and len(res.choices) == 1:
            path = res.choices[0]
        if path is None and res.choices:
            message(f"  {part!r} could be:")
            for number, choice in enumerate(res.choices, start=1):
                message(f"    {number}. {choice}")
            answer = _read("  number (Enter skips): ")
            if answer is None:
                return None
            if answer.strip().isdigit() and 1 <= int(answer) <= len(res.choices):
                path = res.choices[int(answer) - 1]
        elif path is None:
            message(f"  no code like {part!r}; type ? to see the codebook")
        if path is not None and path != part:
            message(f"  {part} → {path}")
        if path is not None and path not in paths:
            paths.append(path)
    return paths


@app.command("code")
def code_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[str, typer.Argument(help="The open question.")],
    coder: CoderOption = None,
    again: Annotated[
        bool, typer.Option("--all", help="Show answers you already coded too.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Code open answers one at a time, typing codes (fuzzy) separated by commas.

    Enter skips, b goes back, u undoes the last codes added, ? shows the
    codebook, q quits; an ambiguous code offers numbered choices. Answers
    already coded are skipped, so you can stop and come back. Works with
    piped input.

    Example: qualcode survey code feria-2008 cambio --coder ana
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.errors import InvalidArgument
    from qualcode.survey.store import load_codings, load_survey, update_codings

    proj = open_project(project)
    survey = load_survey(proj, name)
    q = survey.question(question)
    if q.type != "open":
        raise InvalidArgument(
            f"question {q.id!r} is {q.type}, not open", hint="code an open question"
        )
    book = _codebook(proj)
    if book is None or not len(book):
        raise InvalidArgument(
            "the project has no codebook", hint="add codes with 'qualcode codebook add'"
        )
    who = _default_coder(proj, coder)
    codings = load_codings(proj, name, who)

    def change(edit: Callable[[SurveyCodings], list[str]]) -> list[str]:
        """Apply ``edit`` to the codes as stored now (under the survey's lock) and save."""
        nonlocal codings

        def run(stored: SurveyCodings) -> tuple[list[str], SurveyCodings]:
            return edit(stored), stored

        result, codings = update_codings(proj, name, who, run, survey.ids)
        return result

    done = codings.for_question(q.id)
    todo = [
        (rid, cell)
        for rid, cell in zip(survey.ids, survey.columns[q.id], strict=True)
        if cell and (again or rid not in done)
    ]
    message(
        f"{_plural(len(todo), 'answer')} to code in {name} {q.id} as {who} "
        "(Enter skips, b back, u undo, ? codebook, q quits)"
    )
    coded: set[str] = set()
    history: list[tuple[int, str, list[str]]] = []  # (index, response, codes added)
    index = 0
    while index < len(todo):
        rid, cell = todo[index]
        current = codings.codes.get((q.id, rid)) or []
        message(
            f"\n[{index + 1}/{len(todo)}] {rid}"
            + (f"  codes: {', '.join(current)}" if current else "")
        )
        message(cell)
        line = _read("codes> ")
        if line is None:
            message(f"{_plural(len(coded), 'answer')} coded; stopped at end of input")
            return
        command = line.strip()
        if command.lower() in ("q", "quit"):
            message(f"{_plural(len(coded), 'answer')} coded; run the command again to go on")
            return
        if not command:
            index += 1
            continue
        if command == "b":
            if index == 0:
                message("  this is the first answer")
            index = max(index - 1, 0)
            continue
        if command == "u":
            if not history:
                message("  nothing to undo")
                continue
            index, undone_rid, paths = history.pop()
            change(
                lambda stored, rid=undone_rid, paths=paths: [
                    p for p in paths if stored.remove(q.id, rid, p)
                ]
            )
            if not codings.codes.get((q.id, undone_rid)):
                coded.discard(undone_rid)
            message(f"  undid {', '.join(paths)} on {undone_rid}")
            continue
        if command in ("?", "h", "help"):
            message(CODE_HELP)
            for code in book:
                message(f"  {'  ' * (code.depth - 1)}{code.path}  ({code.label})")
            continue
        paths = _resolve_codes(book, command)
        if paths is None:
            message(f"{_plural(len(coded), 'answer')} coded; stopped at end of input")
            return
        if not paths:
            continue
        added = change(
            lambda stored, rid=rid, paths=paths: [p for p in paths if stored.add(q.id, rid, p)]
        )
        if added:
            history.append((index, rid, added))
            coded.add(rid)
        message("coded: " + ", ".join(paths))
        index += 1
    message(f"{_plural(len(coded), 'answer')} coded; nothing left to code in {q.id}")


@app.command("autocode")
def autocode_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[str, typer.Argument(help="The open question.")],
    codebook_keywords: Annotated[
        bool,
        typer.Option("--codebook-keywords", help="Suggest codes from the codebook's keywords."),
    ] = False,
    pattern: Annotated[
        list[str] | None,
        typer.Option(
            "--pattern",
            help="A regular expression (repeatable; pair each with --code).",
            show_default=False,
        ),
    ] = None,
    code: Annotated[
        list[str] | None,
        typer.Option("--code", help="The code for the --pattern before it.", show_default=False),
    ] = None,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Write the suggestions under the coder (default 'auto')."),
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="Accept or reject each suggestion: y yes, n no, a all for this code, q quit.",
        ),
    ] = False,
    coder: Annotated[
        str | None,
        typer.Option(
            "--coder", "-c", help="Coder to write under (default: auto).", show_default=False
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Suggest codes for open answers from keywords and patterns; --apply or --review to keep them.

    --review asks about each suggested code: y yes, n no, a yes here and for
    every later suggestion of the same code, q quit (keeping what was accepted).

    Example: qualcode survey autocode feria-2008 cambio --codebook-keywords
    Example: qualcode survey autocode feria-2008 cambio --pattern 'mesas?|toldos?' --code fair-design --apply
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, progress, show_table
    from qualcode.coding.keywords import KeywordMatcher
    from qualcode.errors import InvalidArgument
    from qualcode.store.codings import check_coder
    from qualcode.survey.autocode import (
        apply_suggestions,
        compile_patterns,
        suggest_codes,
        suggestions_table,
    )
    from qualcode.survey.store import load_survey, update_codings

    if not codebook_keywords and not pattern:
        raise InvalidArgument(
            "nothing to match", hint="give --codebook-keywords and/or --pattern REGEX --code PATH"
        )
    if apply and review:
        raise InvalidArgument("--apply and --review exclude each other", hint="choose one")
    proj = open_project(project)
    survey = load_survey(proj, name)
    q = survey.question(question)
    book = _codebook(proj)
    matcher = KeywordMatcher.from_codebook(book) if codebook_keywords and book is not None else None
    pairs = compile_patterns(
        pattern or [], code or [], book if book is not None and len(book) else None
    )
    with progress("matching", len(survey.ids)) as advance:
        last = [0]

        def step(done: int) -> None:
            advance(done - last[0])
            last[0] = done

        found = suggest_codes(survey, q, matcher=matcher, patterns=pairs, progress=step)
    if not apply and not review:
        show_table(suggestions_table(survey, q, found), fmt.value, output)
        message("nothing written: add --apply or --review to keep the suggestions")
        return
    who = check_coder(coder or "auto")
    if review:
        found = _review(survey, q, found)
    added = update_codings(
        proj, name, who, lambda stored: apply_suggestions(stored, q, found), survey.ids
    )
    message(
        f"{_plural(added, 'code')} added to {_plural(len(found), 'answer')} of {name} {q.id} "
        f"as coder {who}"
    )


REVIEW_PROMPT = "accept? [y]es/[n]o/[a]ll for this code/[q]uit "


def _review(survey: Survey, q: Question, found: dict[str, list[str]]) -> dict[str, list[str]]:
    """Ask about each suggested code of each answer; return the accepted ones.

    ``y`` accepts, ``n`` rejects, ``a`` accepts this code here and everywhere
    after without asking, ``q`` (or end of input) stops and keeps what was
    accepted so far; anything else is asked again.
    """
    from qualcode.cli.render import message

    cells = dict(zip(survey.ids, survey.columns[q.id], strict=True))
    accepted: dict[str, list[str]] = {}
    always: set[str] = set()
    for rid in survey.ids:
        for code in found.get(rid, ()):
            if code in always:
                accepted.setdefault(rid, []).append(code)
                continue
            message(f"\n{rid}: {cells[rid]}\nsuggested: {code}")
            while True:
                message(REVIEW_PROMPT)
                try:
                    answer = input().strip().lower()
                except EOFError:
                    return accepted
                if answer in ("q", "quit"):
                    return accepted
                if answer in ("y", "yes", "s", "si", "sí", "a", "all"):
                    accepted.setdefault(rid, []).append(code)
                    if answer in ("a", "all"):
                        always.add(code)
                        message(f"accepting {code} for every answer it was suggested for")
                    break
                if answer in ("n", "no"):
                    break
                message(f"not a choice: {answer!r}; type y, n, a or q")
    return accepted


@app.command("cluster")
def cluster_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[str, typer.Argument(help="The open question.")],
    threshold: Annotated[
        float, typer.Option("--threshold", "-t", help="Minimum token-set similarity, 0-100.")
    ] = 90.0,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Group near-identical answers (rapidfuzz token-set similarity) to code them together.

    Example: qualcode survey cluster feria-2008 cambio --threshold 85
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.survey.cluster import cluster_answers, clusters_table
    from qualcode.survey.store import load_survey

    survey = load_survey(open_project(project), name)
    q = survey.question(question)
    show_table(clusters_table(survey, q, cluster_answers(survey, q, threshold)), fmt.value, output)


def demo_step(project: Project) -> None:
    """Print the producer survey's open-question tally and the workshop register by comuna."""
    from qualcode.cli.render import show_table
    from qualcode.survey.store import load_codings, load_survey
    from qualcode.survey.tally import tally_survey

    feria = load_survey(project, "feria-2008")
    show_table(
        tally_survey(
            feria,
            ["cambio"],
            codings=load_codings(project, "feria-2008", "ana"),
            codebook=_codebook(project),
        ),
        "table",
    )
    talleres = load_survey(project, "talleres")
    show_table(tally_survey(talleres, ["producto"]), "table")
    show_table(tally_survey(talleres, ["comuna"], bins="0,1-3,4-7,8+"), "table")
