"""``qualcode survey import``: read a survey export into ``fieldnotes/surveys/NAME/``."""

from __future__ import annotations

import contextlib
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._options import Format, ProjectOption, flags
from qualcode.cli.survey._common import plural


class Source(StrEnum):
    """The tools whose export layouts ``survey import`` knows."""

    auto = "auto"
    qualtrics = "qualtrics"
    surveymonkey = "surveymonkey"
    google = "google"
    kobo = "kobo"
    plain = "plain"


def import_command(
    file: Annotated[
        Path, typer.Argument(help="The export: .csv (any delimiter/encoding) or .xlsx.")
    ],
    name: Annotated[
        str | None,
        typer.Option(
            *flags("--name"), help="Survey name (default: from the file name).", show_default=False
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
        typer.Option(*flags("--format"), help="json: print the questions.", show_default=False),
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
        f"imported survey {survey.name}: {plural(len(survey.ids), 'response')}, "
        f"{plural(len(survey.questions), 'question')} ({opened} open), "
        f"{plural(len(survey.attributes), 'attribute')} "
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
