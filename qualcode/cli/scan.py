"""``qualcode scan``: audit files for real names, personal data and likely unregistered names."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._options import FormatOption, OutputOption, ProjectOption
from qualcode.cli.people import KeyOption

TERMINAL_ROWS = 2000
"""At most this many findings are drawn as a terminal table (all go to CSV, JSON, Markdown)."""


def scan_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders (default: the whole project outside .qualcode/).",
            show_default=False,
        ),
    ] = None,
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Show leaked text in the context (personal data).")
    ] = False,
    no_candidates: Annotated[
        bool, typer.Option("--no-candidates", help="Do not list likely unregistered names.")
    ] = False,
    fmt: FormatOption = "table",  # type: ignore[assignment]
    output: OutputOption = None,
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Find registered names or variants left, e-mails, phones and RUTs, and likely unregistered names.

    Exits 1 when a registered name (exact, folded, fuzzy or split by a
    hyphen) or personal data is found, 0 otherwise, so it can gate a commit
    or CI. Capitalised words that look like unregistered names are listed as
    candidates and do not fail the scan.

    Example: qualcode scan
    Example: qualcode scan fieldnotes/interviews --format csv
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.people import load_cli_key
    from qualcode.cli.render import message, show_table
    from qualcode.codebook.tree import codebook_terms
    from qualcode.errors import ProjectNotFound
    from qualcode.pseudonymise.key_file import key_path
    from qualcode.pseudonymise.scan import findings_table, scan_files, scan_project

    try:
        proj = open_project(project)
    except ProjectNotFound:
        if key is None or not paths:
            raise
        proj = None
    if proj is not None:
        the_key = load_cli_key(key if key is not None else key_path(proj))
        findings = scan_project(
            proj,
            paths or None,
            key=the_key,
            reveal=reveal,
            candidates=not no_candidates,
            known_terms=codebook_terms(proj.codebooks_dir),
        )
    else:
        assert key is not None and paths
        the_key = load_cli_key(key)
        files = list(paths)
        from qualcode.pseudonymise.scan import project_files, project_names

        findings = scan_files(
            project_files(None, files),
            the_key,
            reveal=reveal,
            candidates=not no_candidates,
            names=project_names(None, files),
        )
    table = findings_table(findings)
    if fmt == "table" and output is None and len(table.rows) > TERMINAL_ROWS:
        # drawing a terminal table costs about a millisecond a row: cap it
        more = len(table.rows) - TERMINAL_ROWS
        table = replace(
            table,
            rows=table.rows[:TERMINAL_ROWS],
            notes=[
                *table.notes,
                f"{more} more finding(s) not drawn: use --format csv or --output for all",
            ],
        )
    show_table(table, fmt, output)
    leaks = sum(f.leak for f in findings)
    if not the_key.entries:
        message("note: the key has no people; only personal data patterns were checked")
    if fmt != "table" or output is not None:  # a table on the terminal already showed it
        unsure = sum(f.kind == "unsure" for f in findings)
        message(
            f"scan: {leaks} leak(s), {unsure} unsure, "
            f"{len(findings) - leaks - unsure} candidate(s) to review"
        )
    if leaks:
        raise typer.Exit(1)
