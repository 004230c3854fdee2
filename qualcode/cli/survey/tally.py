"""``qualcode survey tally``: answers as 'n of N (p%)', open questions by code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import ChartFormat, ChartFormatOption, OutputOption, ProjectOption
from qualcode.cli.survey._common import CoderOption, project_codebook

if TYPE_CHECKING:
    from qualcode.store.project import Project
    from qualcode.survey.model import SurveyCodings
    from qualcode.table import Table


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
        codebook=project_codebook(proj),
        open_note=note,
    )
    if fmt is ChartFormat.svg:
        from qualcode.cli.render import write_output
        from qualcode.exchange.charts import code_labels, survey_chart

        book = project_codebook(proj)
        opened = [q.id for q in survey.questions if q.type == "open"]
        labels = code_labels(book) if book else None
        texts = {q.id: q.text for q in survey.questions}
        write_output(survey_chart(table, labels=labels, open_questions=opened, texts=texts), output)
        return
    if chart and fmt == ChartFormat.table and output is None and not bins:
        _chart(table)
        return
    show_table(_for_people(table, fmt.value), fmt.value, output)


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
            codebook=project_codebook(project),
        ),
        "table",
    )
    talleres = load_survey(project, "talleres")
    show_table(tally_survey(talleres, ["producto"]), "table")
    show_table(tally_survey(talleres, ["comuna"], bins="0,1-3,4-7,8+"), "table")
