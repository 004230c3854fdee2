"""``qualcode coders``: list, add and rename the project's coders."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._group import LazyGroup
from qualcode.cli._options import Format, FormatOption, OutputOption, ProjectOption

app = typer.Typer(
    cls=LazyGroup,
    help="The project's coders: list them, add one, rename one across every file.",
    no_args_is_help=True,
)


def list_command(
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """List the coders: those in qualcode.yaml, then any others with codings.

    Example: qualcode coders list -f json
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.store.coders import coders_table, list_coders

    proj = open_project(project)
    show_table(coders_table(list_coders(proj)), fmt.value, output)


def add_command(
    name: Annotated[str, typer.Argument(help="The coder's name (letters, digits, '.', '-', '_').")],
    default: Annotated[
        bool, typer.Option("--default", help="Also make them the default coder.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Add a coder to qualcode.yaml, so that commands accept their name.

    Example: qualcode coders add tomas
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.store.coders import add_coder

    proj = open_project(project)
    if add_coder(proj, name, default=default):
        message(f"added coder {name}" + (" (the default coder)" if default else ""))
    else:
        message(f"{name} is already a coder" + (" and the default" if default else ""))


def rename_command(
    old: Annotated[str, typer.Argument(help="The current name.")],
    new: Annotated[str, typer.Argument(help="The new name.")],
    project: ProjectOption = None,
) -> None:
    """Rename a coder in qualcode.yaml, codings/, every survey's codings and memo authors, all or none.

    Example: qualcode coders rename tom tomas
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.coding.selectors import counted
    from qualcode.store.coders import rename_coder

    proj = open_project(project)
    done = rename_coder(proj, old, new)
    parts = [
        counted(done.documents, "codings file"),
        counted(done.surveys, "survey codings file"),
        counted(done.memos, "memo"),
    ]
    if done.settings:
        parts.append("qualcode.yaml")
    message(f"renamed coder {old} to {new}: " + ", ".join(parts))
