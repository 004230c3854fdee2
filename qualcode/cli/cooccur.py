"""``qualcode cooccur``: code × code co-occurrence matrix."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._options import (
    ChartFormat,
    ChartFormatOption,
    CoderOption,
    IncludeAutoOption,
    KindOption,
    NoIndexOption,
    OutputOption,
    ProjectOption,
    WhereOption,
    flags,
)


def _cooccur_unit(value: str) -> str:
    from qualcode.analysis.cooccur import check_cooccur_unit
    from qualcode.errors import InvalidArgument

    try:
        return check_cooccur_unit(value)
    except InvalidArgument:
        raise typer.BadParameter(f"{value!r} is not one of segment, paragraph, document") from None


def cooccur_command(
    codes: Annotated[
        list[str] | None,
        typer.Option(
            "--code", help="A code for the rows and columns (repeatable; default: top-level codes)."
        ),
    ] = None,
    unit: Annotated[
        str,
        typer.Option(
            *flags("--unit"),
            help="What co-occurs: segment, paragraph or document.",
            callback=_cooccur_unit,
        ),
    ] = "segment",
    jaccard: Annotated[
        bool, typer.Option("--jaccard", help="Show Jaccard similarity instead of counts.")
    ] = False,
    coder: CoderOption = None,
    include_auto: IncludeAutoOption = False,
    where: WhereOption = None,
    kind: KindOption = None,
    fmt: ChartFormatOption = ChartFormat.table,
    output: OutputOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Count how often codes occur together in a segment, paragraph or document.

    --unit segment (default): a cell counts the row code's segments (as
    'qualcode tally' counts them) that overlap at least one segment of the
    column code; the diagonal is the row code's segment count, and the matrix
    need not be symmetric. paragraph/document: units holding both codes.
    --format svg writes the heat map that 'qualcode report' shows.

    Example: qualcode cooccur --code trust --code paternalism --code autonomy --unit paragraph
    Example: qualcode cooccur --format svg -o cooccurrence.svg
    """
    from qualcode.analysis.cooccur import check_cooccur_unit, cooccurrence
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.cli.tally import scoped_corpus
    from qualcode.codebook.tree import load_codebook

    unit = check_cooccur_unit(unit)
    proj = open_project(project)
    book = load_codebook(proj.codebooks_dir, cache_dir=proj.private_dir)
    paths = [book.resolve(c) for c in codes or []]
    corpus = scoped_corpus(
        proj,
        where=where,
        kind=kind,
        coder=coder,
        no_index=no_index,
        include_auto=include_auto,
        text=unit == "paragraph",
    )
    table = cooccurrence(corpus, book, paths, unit=unit, jaccard=jaccard)
    if fmt is ChartFormat.svg:
        from qualcode.cli.render import write_output
        from qualcode.exchange.charts import code_labels, heatmap

        write_output(heatmap(table, labels=code_labels(book)), output)
        return
    show_table(table, fmt.value, output)
