"""``qualcode notes``: list, show and write documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._group import LazyGroup
from qualcode.cli._options import (
    Format,
    FormatOption,
    IncludeAutoOption,
    OutputOption,
    ProjectOption,
    WhereOption,
    flags,
)

app = typer.Typer(
    cls=LazyGroup,
    help="List, show and write documents (interviews, meetings, field notes).",
    no_args_is_help=True,
)

_TEMPLATE = "<!-- Write the note below this line. Save and close the editor to finish; leave it empty to cancel. -->\n"


def _edit(template: str) -> str:
    """Open $VISUAL or $EDITOR (default vi) on ``template`` and return the saved text."""
    import os
    import shlex
    import subprocess
    import sys
    import tempfile

    from qualcode.errors import InvalidArgument

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        if not sys.stdin.isatty():
            raise InvalidArgument(
                "no editor to write the note in",
                hint="pass --body-file FILE (or - for stdin), or set $EDITOR",
            )
        editor = "vi"
    fd, name = tempfile.mkstemp(prefix="qualcode-note-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(template)
        try:
            status = subprocess.call([*shlex.split(editor), name])
        except OSError as exc:
            raise InvalidArgument(
                f"cannot start the editor {editor!r}: {exc.strerror}",
                hint="set $EDITOR, or pass --body-file",
            ) from None
        if status != 0:
            raise InvalidArgument(
                f"the editor {editor!r} exited with status {status}; nothing was saved"
            )
        with open(name, encoding="utf-8") as handle:
            return handle.read()
    finally:
        os.unlink(name)


def list_command(
    kind: Annotated[
        str | None, typer.Option(*flags("--kind"), help="Only documents of this kind.")
    ] = None,
    where: WhereOption = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """List documents with their metadata.

    Example: qualcode notes list --kind interview --where generation=younger --format json
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.store.notes import documents_table, list_documents

    proj = open_project(project)
    table = documents_table(proj, list_documents(proj, kind=kind, where=where or []))
    show_table(table, fmt.value, output)


def show_command(
    document: Annotated[str, typer.Argument(help="Document id (or a unique part of it).")],
    codes: Annotated[
        bool, typer.Option("--codes", help="Show each line's codes in a right-hand margin.")
    ] = False,
    coder: Annotated[
        list[str] | None,
        typer.Option(
            *flags("--coder"),
            help="With --codes: only this coder (repeatable; a machine coder such as auto too). "
            "Default: every human coder.",
        ),
    ] = None,
    include_auto: IncludeAutoOption = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Show a document's text with line numbers (and, with --codes, its codes).

    --codes shows human coding; machine suggestions (coder auto) only with
    --coder auto or --include-auto.

    Example: qualcode notes show 2010-10-06-pancho --codes --coder ana
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table, write_output
    from qualcode.store.notes import format_numbered, numbered_lines

    proj = open_project(project)
    doc = proj.document(document)
    if codes:
        from qualcode.cli.render import message
        from qualcode.coding.apply import coded_lines_table, current_segments, format_coded
        from qualcode.store.codings import machine_coders

        segments, stale = current_segments(proj, doc, coders=coder)
        if not coder and not include_auto:
            machine = machine_coders(proj.settings)
            left = sum(1 for s in segments if s.coder in machine)
            segments = [s for s in segments if s.coder not in machine]
            if left:
                message(f"{left} segments by machine coders left out (--include-auto shows them)")
        several = len({s.coder for s in segments}) > 1
        if fmt is Format.table:
            write_output(format_coded(doc, segments, show_coder=several), output)
        else:
            show_table(coded_lines_table(doc, segments, show_coder=several), fmt.value, output)
        if stale:
            message(f"{stale} stale segments left out; see 'qualcode check'")
        return
    if fmt is Format.table:
        write_output(format_numbered(doc), output)
    else:
        show_table(numbered_lines(doc), fmt.value, output)


def new_command(
    kind: Annotated[
        str, typer.Option(*flags("--kind"), help="interview, meeting, conversation or fieldnote.")
    ],
    title: Annotated[str, typer.Option(*flags("--title"), help="Title of the note.")],
    date: Annotated[
        str | None, typer.Option(*flags("--date"), help="ISO date, YYYY-MM-DD.")
    ] = None,
    body_file: Annotated[
        Path | None,
        typer.Option(
            "--body-file", help="Read the text from this file ('-' for stdin) instead of $EDITOR."
        ),
    ] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option(*flags("--participant"), help="Participant pseudonym (repeatable)."),
    ] = None,
    attr: Annotated[
        list[str] | None, typer.Option(*flags("--attr"), help="Attribute key=value (repeatable).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write a new note: from --body-file, or in $EDITOR on a template.

    Example: qualcode notes new --kind fieldnote --title "Fair, second day" --date 2010-10-16
    """
    import sys

    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.errors import InvalidArgument
    from qualcode.store.documents import new_document
    from qualcode.store.filters import parse_assignments
    from qualcode.store.textio import decode, read_bytes

    proj = open_project(project)
    attributes = parse_assignments(attr or [])
    if body_file is not None:
        data = sys.stdin.buffer.read() if str(body_file) == "-" else read_bytes(body_file)
        body = decode(data, body_file).text
    else:
        edited = _edit(_TEMPLATE)
        body = edited.replace(_TEMPLATE.strip(), "").strip("\n")
        if not body.strip():
            raise InvalidArgument(
                "the note is empty; nothing was saved", hint="write some text, or pass --body-file"
            )
        body += "\n"
    from qualcode.cli.people import cli_pseudonymiser, warn_unknown_participants

    with proj.lock("key", "fieldnotes"):
        clean = cli_pseudonymiser(proj)  # no real name in the key reaches the note
        warn_unknown_participants(clean, participant or [])
        participants, key_attributes = clean.participants(participant or [])
        doc = new_document(
            proj,
            kind=kind,
            title=clean(title),
            body=clean(body),
            date=date,
            participants=participants,
            attributes={**key_attributes, **attributes},
        )
        clean.save()
    message(f"created {doc.id} -> {proj.relative(doc.path) if doc.path else doc.id}")
