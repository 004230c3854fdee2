"""``qualcode init``: create a project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._options import flags


def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the new project (created if missing).")
    ] = Path("."),
    name: Annotated[
        str | None, typer.Option(*flags("--name"), help="Project name (default: the folder name).")
    ] = None,
    git: Annotated[
        bool,
        typer.Option(
            "--git",
            help="Also make it a git repository (if it is not in one) with the coding merge driver.",
        ),
    ] = False,
) -> None:
    """Create a new project: settings, codebooks, fieldnotes, codings, memos.

    With --git the folder becomes a git repository whose coding files merge
    segment by segment (see 'qualcode git setup').

    Example: qualcode init thesis --name "Santiago network"
    Example: qualcode init thesis --git
    """
    from qualcode.cli.render import message
    from qualcode.store.project import Project

    project = Project.init(directory, name=name)
    message(f"created project {project.settings['name']!r} in {project.root}")
    if git:
        from qualcode.cli.git import report_setup
        from qualcode.store.git import setup_git

        report_setup(setup_git(project, init=True))
