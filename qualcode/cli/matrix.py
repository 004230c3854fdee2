"""``qualcode matrix``: the matrix coding query (codes × documents, participants or an attribute)."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._options import (
    CoderOption,
    DepthOption,
    Format,
    FormatOption,
    IncludeAutoOption,
    KindOption,
    NoIndexOption,
    OutputOption,
    ProjectOption,
    WhereOption,
    flags,
)
from qualcode.cli.tally import _tally_unit


def _codes_only(value: str) -> str:
    if value != "codes":
        raise typer.BadParameter(f"{value!r} is not supported; use --rows codes")
    return value


def matrix_command(
    cols: Annotated[
        str,
        typer.Option(
            "--cols",
            help="Columns: documents, participants (their speaker turns), speakers, kind, coder "
            "or a document attribute.",
        ),
    ],
    rows: Annotated[
        str,
        typer.Option("--rows", help="Rows: codes (the only choice).", callback=_codes_only),
    ] = "codes",
    unit: Annotated[
        str,
        typer.Option(
            *flags("--unit"),
            help="What a cell counts: segments, documents or participants.",
            callback=_tally_unit,
        ),
    ] = "segments",
    codes: Annotated[
        list[str] | None,
        typer.Option("--code", help="Only this code and its descendants (repeatable)."),
    ] = None,
    depth: DepthOption = None,
    coder: CoderOption = None,
    include_auto: IncludeAutoOption = False,
    where: WhereOption = None,
    kind: KindOption = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Cross codes with documents, participants or an attribute's values.

    A participant's column counts the segments of their own speaker turns
    (not every segment of a meeting they attended); '(no participant)' holds
    narration and the interviewer's questions. Human coding only unless
    --coder auto or --include-auto. See docs/counting.md.

    Example: qualcode matrix --rows codes --cols generation --unit documents
    """
    from qualcode.analysis.cooccur import matrix_query
    from qualcode.analysis.tally import check_unit
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.cli.tally import scoped_corpus
    from qualcode.codebook.tree import load_codebook
    from qualcode.errors import InvalidArgument

    if rows != "codes":
        raise InvalidArgument(f"--rows {rows!r} is not supported", hint="use --rows codes")
    unit = check_unit(unit)
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
        text=False,
    )
    table = matrix_query(corpus, book, cols=cols, unit=unit, codes=paths, depth=depth)
    show_table(table, fmt.value, output)
