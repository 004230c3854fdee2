"""``qualcode check``: find problems in the project's files (exit 1 when there are any)."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._options import Format, FormatOption, OutputOption, ProjectOption


def check(
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Write re-anchored segments back to the codings files."),
    ] = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Check documents, codebook and codings: stale or moved segments, unknown codes, bad files.

    Exits 1 when any problem remains (like grep), so scripts and CI can use it.
    --fix moves segments whose text moved after an edit (all files or none);
    stale segments are left for you to judge.

    Example: qualcode check --fix
    """
    from qualcode.analysis.check import fix_anchors, problems_table, run_checks
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, show_table
    from qualcode.coding.apply import counted

    proj = open_project(project)
    if fix:
        fixed = fix_anchors(proj)
        for path, count in sorted(fixed.items()):
            message(f"fixed {path}: {counted(count, 'segment')} re-anchored")
        if not fixed:
            message("nothing to re-anchor")
    problems = run_checks(proj)
    if problems or fmt is not Format.table:
        show_table(problems_table(problems), fmt.value, output)
    if problems:
        fixable = sum(p.fixable for p in problems)
        hint = f"; {fixable} fixable with 'qualcode check --fix'" if fixable else ""
        message(f"{counted(len(problems), 'problem')}{hint}")
        raise typer.Exit(1)
    message("no problems found")
