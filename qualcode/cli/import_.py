"""``qualcode import``: bring transcripts and notes into the project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._options import ProjectOption, flags


def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="Files to import: .txt, .md, .docx, .vtt, .srt.", show_default=False),
    ],
    kind: Annotated[
        str, typer.Option(*flags("--kind"), help="interview, meeting, conversation or fieldnote.")
    ],
    date: Annotated[
        str | None, typer.Option(*flags("--date"), help="ISO date, YYYY-MM-DD.")
    ] = None,
    title: Annotated[
        str | None, typer.Option(*flags("--title"), help="Title (default: from the file).")
    ] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option(
            *flags("--participant"),
            help="Participant: id, pseudonym or real name in the key (repeatable); others are warned about.",
        ),
    ] = None,
    attr: Annotated[
        list[str] | None, typer.Option(*flags("--attr"), help="Attribute key=value (repeatable).")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(*flags("--encoding"), help="Text encoding when detection fails, e.g. cp1252."),
    ] = None,
    if_exists: Annotated[
        str, typer.Option("--if-exists", help="When the id is taken: error, skip or replace.")
    ] = "error",
    fix_text: Annotated[
        bool,
        typer.Option(
            "--fix-text", help="Repair mojibake (text decoded twice, e.g. 'Ã©') with ftfy."
        ),
    ] = False,
    no_pseudonymise: Annotated[
        bool,
        typer.Option("--no-pseudonymise", help="Import as is, without the key (not recommended)."),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Import files as documents (UTF-8/16, cp1252 and latin-1 text; Word; WebVTT and SRT).

    Text comes through exactly, with \\n line ends and Unicode NFC; subtitles
    become speaker turns. Nothing is written unless every file can be read.
    Real names in the key, e-mails, phones and RUTs are pseudonymised on the
    way in; --participant may name a person of the key (their attributes are copied).

    Example: qualcode import pancho.docx --kind interview --date 2010-10-06 --participant Pancho
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.store.documents import ImportOptions, import_files
    from qualcode.store.filters import parse_assignments

    proj = open_project(project)
    options = ImportOptions(
        kind=kind,
        date=date,
        title=title,
        participants=participant or [],
        attributes=parse_assignments(attr or []),
        encoding=encoding,
        if_exists=if_exists,
        fix_text=fix_text,
    )
    if no_pseudonymise:
        imported = import_files(proj, files, options)
    else:  # pseudonymise through the key (issue 3); the report line goes to stderr
        from qualcode.cli.people import cli_pseudonymiser, warn_unknown_participants
        from qualcode.pseudonymise import importing, report

        with proj.lock("key", "fieldnotes"):  # the key is read and saved inside the lock
            clean = cli_pseudonymiser(proj)
            warn_unknown_participants(clean, list(options.participants))
            key = clean.key
            imported, results = importing.import_pseudonymised(proj, files, options, key=key)
        message(report.summary_line(results))
    for item in imported:
        verb = {"new": "imported", "replace": "replaced", "skip": "skipped"}[item.action]
        notes = f" ({'; '.join(item.notes)})" if item.notes else ""
        where = proj.relative(item.document.path) if item.document.path else item.document.id
        message(f"{verb} {item.source.name} -> {where}{notes}")
