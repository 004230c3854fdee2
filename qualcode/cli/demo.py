"""``qualcode demo``: build the worked example and run the pipeline on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli import tally

if TYPE_CHECKING:
    from qualcode.store import Project


def demo(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Folder for the demo project (default: a new temporary folder)."),
    ] = None,
) -> None:
    """Build the Santiago example project and show what qualcode does with it.

    Example: qualcode demo ./santiago
    """
    from qualcode.cli.render import message, stdout
    from qualcode.demo import create_demo_project

    project = create_demo_project(directory)
    message(f"demo project created in {project.root}")
    console = stdout()
    for title, step in STEPS:
        console.rule(title)
        step(project)
    message(f"try: cd {project.root} && qualcode notes show 2010-10-06-pancho")


def _documents(project: Project) -> None:
    from qualcode.cli.render import show_table
    from qualcode.notes import documents_table, list_documents

    show_table(documents_table(project, list_documents(project)), "table")


def _codebook(project: Project) -> None:
    from qualcode.cli.render import show_table
    from qualcode.codebook import load_codebook
    from qualcode.reports import codebook_table

    show_table(codebook_table(load_codebook(project.codebooks_dir)), "table")


# The pipeline the demo runs, in order: (section title, function of the project).
# Each feature adds its step here; the step prints its own results.
STEPS: list[tuple[str, Callable[[Project], None]]] = [
    ("Documents", _documents),
    ("Codebook", _codebook),
    ("Code frequency and quotes", tally.demo_step),
]


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("demo")(demo)
