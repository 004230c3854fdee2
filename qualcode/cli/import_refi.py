"""``qualcode import-refi``: bring a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder, qc...) in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import ProjectOption, flags

if TYPE_CHECKING:
    from qualcode.exchange.refi.project import ImportResult
    from qualcode.store.project import Project


def import_refi_command(
    file: Annotated[
        Path, typer.Argument(help="A REFI-QDA project: a .qdpx archive, or a .qde with sources/.")
    ],
    kind: Annotated[
        str,
        typer.Option(
            *flags("--kind"),
            help="Document kind of sources that do not say (interview, meeting...).",
        ),
    ] = "fieldnote",
    coder: Annotated[
        str | None,
        typer.Option(*flags("--coder"), help="Coder of codings that name no user."),
    ] = None,
    if_exists: Annotated[
        str,
        typer.Option("--if-exists", help="When a document id is taken: error, skip or replace."),
    ] = "error",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and check everything; write nothing.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Import a REFI-QDA project: documents, codebook, codings per coder, attributes, cases, memos.

    Every text is pseudonymised through the key, as with 'qualcode import'.
    Selection positions counted in UTF-16 units (NVivo) or with CRLF line
    ends (ATLAS.ti) are detected and converted, with a warning. Picture, PDF,
    audio and video sources are skipped, each named. Nothing is written unless
    everything can be read.

    Example: qualcode import-refi thesis.qdpx --kind interview
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.people import cli_pseudonymiser
    from qualcode.exchange.refi.project import import_project

    proj = open_project(project)
    with proj.lock("key", "codebooks", "fieldnotes", "memos"):  # as read until written
        clean = cli_pseudonymiser(proj)
        result = import_project(
            proj,
            file,
            pseudonymiser=clean,
            kind=kind,
            coder=coder,
            if_exists=if_exists,
            dry_run=dry_run,
        )
    report_refi(proj, result, file.name, dry_run=dry_run)


def report_refi(proj: Project, result: ImportResult, name: str, *, dry_run: bool) -> None:
    """Print an import's warnings and one summary line on stderr."""
    from qualcode.cli.render import message, warn
    from qualcode.pseudonymise import report

    for line in result.warnings:
        warn(line)
    if result.results:
        message(report.summary_line(result.results))
    verb = "would import" if dry_run else "imported"
    coders = f" by {', '.join(result.coders)}" if result.coders else ""
    parts = [
        f"{len(result.documents)} document{'s' if len(result.documents) != 1 else ''}",
        f"{result.segments} segment{'s' if result.segments != 1 else ''}{coders}",
        f"{result.codes_added} new code{'s' if result.codes_added != 1 else ''}"
        + (f" in {proj.relative(result.codebook_file)}" if result.codebook_file else ""),
        f"{result.memos} memo{'s' if result.memos != 1 else ''}",
    ]
    if result.coding_memos:
        parts.append(f"{result.coding_memos} coding memo{'s' if result.coding_memos != 1 else ''}")
    if result.cases:
        parts.append(f"{result.cases} case{'s' if result.cases != 1 else ''}")
    message(f"{verb} {name}: " + ", ".join(parts))
