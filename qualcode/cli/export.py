"""``qualcode export``: the project for other programs (REFI-QDA) and for papers and statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._group import LazyGroup
from qualcode.cli._options import ProjectOption, WhereOption, flags

app = typer.Typer(
    cls=LazyGroup,
    help="Export the project: REFI-QDA (.qdpx), segments as CSV, quotes as Markdown, "
    "document x code tables for R and SPSS.",
    no_args_is_help=True,
)

RequiredOutput = Annotated[
    Path, typer.Option(*flags("--output"), help="The file to write.", show_default=False)
]
NoIndexOption = Annotated[
    bool,
    typer.Option("--no-index", help="Read the files only; do not use the index cache."),
]


def refi_command(
    output: RequiredOutput,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Export the whole project as a REFI-QDA archive for NVivo, ATLAS.ti, MAXQDA or QualCoder.

    Documents, codebook (same GUIDs as 'codebook export'), codings per coder,
    attributes as variables, participants as cases, memos as notes, and survey
    responses as text sources. The pseudonym key never goes in.

    Example: qualcode export refi -o santiago.qdpx
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import check_output, message, warn
    from qualcode.exchange.refi.export import export_project, write_export

    proj = open_project(project)
    check_output(output)
    result = export_project(proj, use_index=not no_index)
    for line in result.warnings:
        warn(line)
    write_export(result, output)
    message(
        f"wrote {output}: {result.documents} documents, {result.responses} survey responses, "
        f"{result.segments} codings, {result.memos} memos"
    )


OptionalOutput = Annotated[
    Path | None,
    typer.Option(
        *flags("--output"), help="The file to write (default: stdout).", show_default=False
    ),
]
CoderOption = Annotated[
    str | None, typer.Option(*flags("--coder"), help="Only this coder's segments.")
]


def _corpus(
    project: Path | None, *, where: list[str] | None, coder: str | None, no_index: bool, text: bool
):  # noqa: ANN202
    from qualcode.cli._options import open_project
    from qualcode.cli.tally import scoped_corpus

    proj = open_project(project)
    return proj, scoped_corpus(
        proj, where=where, kind=None, coder=coder, no_index=no_index, text=text
    )


def _stale(corpus: object) -> None:
    from qualcode.cli.render import warn

    stale = len(corpus.stale_rows)  # type: ignore[attr-defined]
    if stale:
        warn(
            f"{stale} stale segment(s) left out (the text changed since coding; run 'qualcode check')"
        )


def csv_command(
    output: OptionalOutput = None,
    bom: Annotated[
        bool,
        typer.Option(
            "--bom", help="Start with a UTF-8 byte-order mark, so that Excel reads the accents."
        ),
    ] = False,
    where: WhereOption = None,
    coder: CoderOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Export every segment as CSV: document, kind, date, participants, attributes, code, text...

    One row per current segment; columns document, kind, date, participants,
    each attribute, code, coder, start, end, lines, text, citation
    (docs/scripting.md). UTF-8, \\n line ends; --bom for Excel.

    Example: qualcode export csv -o segments.csv --bom
    """
    from qualcode.cli.render import write_output
    from qualcode.exchange.tables import segments_table

    proj, corpus = _corpus(project, where=where, coder=coder, no_index=no_index, text=True)
    _stale(corpus)
    text = segments_table(corpus, settings=proj.settings).to_csv()
    write_output(("\ufeff" if bom else "") + text, output)


def md_command(
    output: OptionalOutput = None,
    where: WhereOption = None,
    coder: CoderOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Export the coded quotes as a Markdown appendix, grouped by code with its definition.

    Example: qualcode export md -o appendix-quotes.md
    """
    from qualcode.cli.render import write_output
    from qualcode.codebook.tree import load_codebook
    from qualcode.exchange.tables import quotes_appendix

    proj, corpus = _corpus(project, where=where, coder=coder, no_index=no_index, text=True)
    _stale(corpus)
    book = load_codebook(proj.codebooks_dir)
    name = str(proj.settings.get("name") or proj.root.name)
    write_output(
        quotes_appendix(corpus, book, title=f"Coded quotes: {name}", settings=proj.settings), output
    )


def _matrix(
    dialect: str,
    output: Path | None,
    binary: bool,
    where: list[str] | None,
    coder: str | None,
    no_index: bool,
    project: Path | None,
) -> None:
    from qualcode.cli.render import message, write_output
    from qualcode.codebook.tree import load_codebook
    from qualcode.exchange.tables import document_matrix

    proj, corpus = _corpus(project, where=where, coder=coder, no_index=no_index, text=False)
    _stale(corpus)
    table = document_matrix(
        corpus, load_codebook(proj.codebooks_dir), dialect=dialect, binary=binary
    )
    write_output(table.to_csv(), output)
    if output is not None:
        message(f"{len(table.rows)} documents x {len(table.notes)} codes")


BinaryOption = Annotated[
    bool, typer.Option("--binary", help="1/0 (coded or not) instead of segment counts.")
]


def r_command(
    output: OptionalOutput = None,
    binary: BinaryOption = False,
    where: WhereOption = None,
    coder: CoderOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Export a document x code table for R: read.csv("FILE", fileEncoding = "UTF-8").

    One row per document: document, kind, date, participants (how many),
    the attributes, then one column per code (segments coded with it or a
    descendant; --binary for 0/1). Names are valid R names (c-factor/confianza
    is c.factor.confianza); missing values are NA.

    Example: qualcode export r -o matrix.csv --binary
    """
    _matrix("r", output, binary, where, coder, no_index, project)


def spss_command(
    output: OptionalOutput = None,
    binary: BinaryOption = False,
    where: WhereOption = None,
    coder: CoderOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Export a document x code table for SPSS (File > Import Data > CSV, or GET DATA /TYPE=TXT).

    The same table as 'export r' with SPSS variable names (c_factor_confianza,
    at most 64 bytes, no reserved words), empty cells for missing values and
    1/0 for booleans.

    Example: qualcode export spss -o matrix.csv
    """
    _matrix("spss", output, binary, where, coder, no_index, project)
