"""``qualcode import-project``: bring in another tool's project or file (qc, Taguette, REFI-QDA...)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._options import ProjectOption, flags


def import_project_command(
    path: Annotated[
        Path,
        typer.Argument(
            help="A qc project folder, a qc codes file, a Taguette highlights CSV, a REFI-QDA "
            ".qdpx/.qde, or a codebook."
        ),
    ],
    document: Annotated[
        str | None,
        typer.Option("--document", help="For a qc codes file: the document it is aligned with."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            *flags("--kind"),
            help="Kind of new documents (default: interview for qc, fieldnote otherwise).",
        ),
    ] = None,
    coder: Annotated[
        str | None, typer.Option(*flags("--coder"), help="Coder of codings that name none.")
    ] = None,
    create_documents: Annotated[
        bool,
        typer.Option(
            "--create-documents",
            help="Taguette: make a document from the highlights of each document the project lacks.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and check everything; write nothing.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Import another tool's project or export; its kind is recognised from the content.

    qc project folder (corpus/, codebook.yaml, codings from its SQLite
    database or codes files, memos); a qc line-aligned codes file (line N
    lists the codes of line N of --document); a Taguette highlights CSV
    (codings on the matching documents); a REFI-QDA project (as import-refi);
    a codebook (.qdc, qc .yaml, QualCoder .txt code list, CSV; as codebook
    import). Everything is pseudonymised through the key and written at once.

    Example: qualcode import-project ../qc-study
    Example: qualcode import-project codes.txt --document entrevista-reinoso
    Example: qualcode import-project all_tags.csv --coder ana
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.people import cli_pseudonymiser
    from qualcode.cli.render import message, warn
    from qualcode.exchange.tools import detect_kind

    proj = open_project(project)
    found = detect_kind(path)
    verb = "would import" if dry_run else "imported"
    if found == "codebook":
        from qualcode.exchange.codebook_import import import_codebook

        target, imported = import_codebook(proj, path, dry_run=dry_run)
        for line in imported.warnings:
            warn(line)
        message(f"{verb} {imported.count()} codes into {proj.relative(target)}")
        return
    with proj.lock("key", "codebooks", "fieldnotes", "memos"):  # as read until written
        clean = cli_pseudonymiser(proj)
        if found == "refi":
            from qualcode.cli.import_refi import report_refi
            from qualcode.exchange.refi.project import import_project

            result = import_project(
                proj,
                path,
                pseudonymiser=clean,
                kind=kind or "fieldnote",
                coder=coder,
                dry_run=dry_run,
            )
            report_refi(proj, result, path.name, dry_run=dry_run)
            return
        if found == "qc-codes":
            if not document:
                raise typer.BadParameter(
                    f"{path.name} is a qc line-aligned codes file: give the document it is aligned "
                    "with, --document DOC",
                    param_hint="--document",
                )
            from qualcode.exchange.qc import plan_codes_file

            plan = plan_codes_file(proj, path, document, coder=coder)
            what = "qc codes file"
        elif found == "qc-project":
            from qualcode.exchange.qc import plan_qc_project

            plan = plan_qc_project(
                proj, path, pseudonymiser=clean, kind=kind or "interview", coder=coder
            )
            what = "qc project"
        else:
            from qualcode.exchange.taguette import plan_highlights

            plan = plan_highlights(
                proj,
                path,
                pseudonymiser=clean,
                coder=coder,
                create_documents=create_documents,
                kind=kind or "fieldnote",
            )
            what = "Taguette highlights"
        written = plan.commit(dry_run=dry_run)
        if not dry_run:
            clean.save()
    for line in plan.warnings:
        warn(line)
    coders = sorted({c for c, _ in plan.segments})
    parts = [
        f"{len(plan.documents)} document{'s' if len(plan.documents) != 1 else ''}",
        f"{plan.segment_count()} segments" + (f" by {', '.join(coders)}" if coders else ""),
        f"{len(plan.new_codes)} new codes"
        + (f" in {proj.relative(plan.codebook_file)}" if plan.codebook_file else ""),
    ]
    memos = sum(1 for p in plan.files if p.parent == proj.memos_dir)
    if memos:
        parts.append(f"{memos} memos")
    message(f"{verb} {path.name} ({what}): " + ", ".join(parts) + f"; {len(written)} files")
