"""``qualcode import``: bring transcripts and notes into the project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._options import ProjectOption


def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="Files to import: .txt, .md, .docx, .vtt, .srt.", show_default=False),
    ],
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="interview, meeting, conversation or fieldnote.")
    ],
    date: Annotated[str | None, typer.Option("--date", "-d", help="ISO date, YYYY-MM-DD.")] = None,
    title: Annotated[
        str | None, typer.Option("--title", "-t", help="Title (default: from the file).")
    ] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option("--participant", "-P", help="Participant pseudonym (repeatable)."),
    ] = None,
    attr: Annotated[
        list[str] | None, typer.Option("--attr", "-a", help="Attribute key=value (repeatable).")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", "-e", help="Text encoding when detection fails, e.g. cp1252."),
    ] = None,
    if_exists: Annotated[
        str, typer.Option("--if-exists", help="When the id is taken: error, skip or replace.")
    ] = "error",
    project: ProjectOption = None,
) -> None:
    """Import files as documents (UTF-8/16, cp1252 and latin-1 text; Word; WebVTT and SRT).

    Text comes through exactly, with \\n line ends and Unicode NFC; subtitles
    become speaker turns. Nothing is written unless every file can be read.

    Example: qualcode import pancho.docx --kind interview --date 2010-10-06 --participant Pancho
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.documents import ImportOptions, import_files
    from qualcode.filters import parse_assignments

    proj = open_project(project)
    options = ImportOptions(
        kind=kind,
        date=date,
        title=title,
        participants=participant or [],
        attributes=parse_assignments(attr or []),
        encoding=encoding,
        if_exists=if_exists,
    )
    imported = import_files(proj, files, options)
    for item in imported:
        verb = {"new": "imported", "replace": "replaced", "skip": "skipped"}[item.action]
        notes = f" ({'; '.join(item.notes)})" if item.notes else ""
        where = proj.relative(item.document.path) if item.document.path else item.document.id
        message(f"{verb} {item.source.name} -> {where}{notes}")


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("import")(import_command)
