"""``qualcode demo``: build the worked example and run the pipeline on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def demo(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Folder for the demo project (default: a new temporary folder)."),
    ] = None,
) -> None:
    """Build the Santiago example project and show what qualcode does with it.

    Example: qualcode demo ./santiago
    """
    from qualcode.cli.render import message, show_table, stdout
    from qualcode.codebook import load_codebook
    from qualcode.demo import create_demo_project
    from qualcode.notes import documents_table, list_documents
    from qualcode.reports import codebook_table

    project = create_demo_project(directory)
    message(f"demo project created in {project.root}")
    console = stdout()
    console.rule("Documents")
    show_table(documents_table(project, list_documents(project)), "table")
    console.rule("Codebook")
    show_table(codebook_table(load_codebook(project.codebooks_dir)), "table")
    message(f"try: cd {project.root} && qualcode notes show 2010-10-06-pancho")


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("demo")(demo)
