"""``qualcode demo``: build the worked example and run the pipeline on it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from qualcode.store.project import Project


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
    for title, target in STEPS:
        module_name, _, function_name = target.partition(":")
        step: Callable[[Project], None] = getattr(
            importlib.import_module(module_name), function_name
        )
        console.rule(title)
        step(project)
    message(f"try: cd {project.root} && qualcode notes show 2010-10-06-pancho")


def documents_step(project: Project) -> None:
    """Print the example's documents."""
    from qualcode.cli.render import show_table
    from qualcode.store.notes import documents_table, list_documents

    show_table(documents_table(project, list_documents(project)), "table")


# The pipeline the demo runs, in order: (section title, function of the project).
# Each feature adds its step here; the step prints its own results.
# Steps are "module:function" names, imported only when the demo runs.
STEPS: list[tuple[str, str]] = [
    ("Pseudonymisation", "qualcode.cli.pseudonymise:demo_step"),
    ("Documents", "qualcode.cli.demo:documents_step"),
    ("Codebook", "qualcode.cli.codebook:demo_step"),
    ("Coding", "qualcode.cli.code:demo_step"),
    ("Code frequency, quotes and participants", "qualcode.cli.tally:demo_step"),
    ("Survey tallies", "qualcode.cli.survey.tally:demo_step"),
    ("Intercoder agreement", "qualcode.cli.agreement:demo_step"),
    ("Report", "qualcode.cli.report:demo_step"),
]
