"""``qualcode init``: create a project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the new project (created if missing).")
    ] = Path("."),
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Project name (default: the folder name).")
    ] = None,
) -> None:
    """Create a new project: settings, codebooks, fieldnotes, codings, memos.

    Example: qualcode init thesis --name "Santiago network"
    """
    from qualcode.cli.render import message
    from qualcode.store.project import Project

    project = Project.init(directory, name=name)
    message(f"created project {project.settings['name']!r} in {project.root}")
