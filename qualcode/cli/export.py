"""``qualcode export``: the project for other programs (REFI-QDA) and for papers and statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._options import ProjectOption

app = typer.Typer(
    help="Export the project: REFI-QDA (.qdpx), segments as CSV, quotes as Markdown, "
    "document x code tables for R and SPSS.",
    no_args_is_help=True,
)

RequiredOutput = Annotated[
    Path, typer.Option("--output", "-o", help="The file to write.", show_default=False)
]
NoIndexOption = Annotated[
    bool,
    typer.Option("--no-index", help="Read the files only; do not use the index cache."),
]


@app.command("refi")
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


def register(root: typer.Typer) -> None:
    """Add the ``export`` group to ``root``."""
    root.add_typer(app, name="export")
