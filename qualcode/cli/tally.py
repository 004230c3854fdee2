"""``qualcode tally``: the code-frequency table, with hierarchical roll-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import (
    ChartFormat,
    ChartFormatOption,
    CoderOption,
    DepthOption,
    IncludeAutoOption,
    KindOption,
    NoIndexOption,
    OutputOption,
    ProjectOption,
    WhereOption,
    flags,
)

if TYPE_CHECKING:
    from qualcode.analysis.corpus import Corpus
    from qualcode.analysis.tally import Count, Tally
    from qualcode.store.project import Project


def _tally_unit(value: str) -> str:
    from qualcode.analysis.tally import check_unit
    from qualcode.errors import InvalidArgument

    try:
        return check_unit(value)
    except InvalidArgument:
        raise typer.BadParameter(
            f"{value!r} is not one of segments, documents, participants"
        ) from None


UnitOption = Annotated[
    str,
    typer.Option(
        *flags("--unit"),
        help="What --by cells and --chart count: segments, documents or participants.",
        callback=_tally_unit,
    ),
]


def scoped_corpus(
    project: Project,
    *,
    where: list[str] | None,
    kind: str | None,
    coder: str | None,
    no_index: bool,
    text: bool,
    include_auto: bool = False,
) -> Corpus:
    """Load the corpus and keep the documents and coders asked for (human coders by default)."""
    from qualcode.analysis import load_corpus
    from qualcode.analysis.corpus import scope_corpus
    from qualcode.cli.render import warn

    corpus = load_corpus(project, use_index=not no_index, text=text)
    scoped, notes = scope_corpus(
        corpus,
        where=where or (),
        kind=kind,
        coder=coder,
        settings=project.settings,
        include_machine=include_auto,
    )
    for note in notes:
        warn(note)
    return scoped


def tally_command(
    unit: UnitOption = "segments",
    by: Annotated[
        str | None,
        typer.Option(
            *flags("--by"),
            help="Cross-tabulate by kind, participant (the speaker turns coded), speaker "
            "(interviewer included), coder or any document attribute.",
        ),
    ] = None,
    code: Annotated[
        str | None, typer.Option("--code", help="Only this code and its descendants.")
    ] = None,
    depth: DepthOption = None,
    coder: CoderOption = None,
    include_auto: IncludeAutoOption = False,
    where: WhereOption = None,
    kind: KindOption = None,
    chart: Annotated[
        bool, typer.Option("--chart", help="Draw horizontal bars instead of a table.")
    ] = False,
    fmt: ChartFormatOption = ChartFormat.table,
    output: OutputOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Count segments, documents and participants per code, parents including their descendants.

    'own' counts the segments coded with exactly that code, not through a
    descendant. Percentages are of the documents (participants) in scope.
    A participant counts for a code when the coded text is theirs: a segment
    in one of their speaker turns (the interviewer's questions and the
    narration of meeting notes count for nobody). Human coding only: machine
    suggestions (coder auto) with --coder auto or --include-auto.
    See docs/counting.md.

    Example: qualcode tally --by generation --unit documents
    Example: qualcode tally --by participant --unit documents
    --format svg writes the bar chart of --unit that 'qualcode report' shows.

    Example: qualcode tally --unit documents --format svg -o code-frequency.svg
    """
    from qualcode.analysis.tally import check_unit, tally
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, show_table
    from qualcode.codebook.tree import load_codebook

    if chart and fmt is not ChartFormat.table:
        raise typer.BadParameter(
            "--chart draws on the terminal; leave out --format, or leave out --chart",
            param_hint="'--chart'",
        )
    unit = check_unit(unit)
    proj = open_project(project)
    book = load_codebook(proj.codebooks_dir, cache_dir=proj.private_dir)
    path = book.resolve(code) if code else None
    corpus = scoped_corpus(
        proj,
        where=where,
        kind=kind,
        coder=coder,
        no_index=no_index,
        include_auto=include_auto,
        text=False,
    )
    result = tally(corpus, book, by=by, code=path, depth=depth)
    if chart:
        _charts(result, unit)
        for note in result.notes():
            message(note)
        return
    if fmt is ChartFormat.svg:
        from qualcode.cli.render import write_output
        from qualcode.exchange.charts import tally_chart

        write_output(tally_chart(result, unit), output)
    elif fmt in (ChartFormat.table, ChartFormat.md):
        show_table(result.display_table(unit, full_paths=fmt is ChartFormat.md), fmt.value, output)
    else:
        show_table(result.table(), fmt.value, output)


def _charts(result: Tally, unit: str) -> None:
    """Draw the tally as bars: one chart, or one per ``--by`` value then one for all."""
    from qualcode.cli.render import show_bars, stdout

    def label(path: str) -> str:
        return "  " * path.count("/") + path.rsplit("/", 1)[-1]

    def total(count: Count) -> int | None:
        if unit == "documents":
            return count.documents_total
        if unit == "participants":
            return count.participants_total
        return None

    groups: list[tuple[str, list[Count]]] = []
    if result.by:
        for group in result.groups:
            groups.append(
                (f"{result.by} = {group}", [c for c in result.counts if c.group == group])
            )
        groups.append((f"all {result.by} values", list(result.overall.values())))
    else:
        groups.append(("", result.counts))
    for number, (name, counts) in enumerate(groups):
        if number:
            stdout().print()
        title = "Code frequency" + (f": {name}" if name else "")
        items = [(label(c.code), getattr(c, unit)) for c in counts]
        show_bars(title, items, unit=unit, total=total(counts[0]) if counts else None)


DEMO_QUOTES = "municipality"
"""The code whose quotes the demo shows: a producer's, a representative's and an
official's words, and a meeting's narration cited by the meeting."""


def demo_step(project: Project) -> None:
    """Demo: the example's code frequencies, quotes with citations, and codes by participant.

    Human coding only (the machine coder's suggestions are left out, and the
    notes say how many); the three parts are what ``qualcode tally --depth 1``,
    ``qualcode quotes municipality -f md`` and ``qualcode matrix --cols
    participants --depth 1`` print (tests/golden/demo-*).
    """
    from qualcode.analysis import load_corpus
    from qualcode.analysis.cooccur import matrix_query
    from qualcode.analysis.corpus import select_coders
    from qualcode.analysis.quotes import retrieve
    from qualcode.analysis.tally import tally
    from qualcode.cli.render import message, show_table, write_output
    from qualcode.codebook.tree import load_codebook

    book = load_codebook(project.codebooks_dir)
    corpus = select_coders(load_corpus(project), project.settings)
    message("$ qualcode tally --depth 1")
    result = tally(corpus, book, depth=1)
    show_table(result.display_table(), "table")
    if not any(c.segments for c in result.counts):
        message(
            "no coded segments yet: code some with 'qualcode code', then 'qualcode quotes CODE'"
        )
        return
    message(f"$ qualcode quotes {DEMO_QUOTES} -f md")
    quotes = retrieve(corpus, book, [DEMO_QUOTES], settings=project.settings)
    write_output(quotes.to_markdown(), None)
    for note in quotes.notes():
        message(note)
    message("$ qualcode matrix --cols participants --depth 1")
    show_table(matrix_query(corpus, book, cols="participants", depth=1), "table")
