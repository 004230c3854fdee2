"""``qualcode report``: one self-contained HTML page with the codebook, counts, charts and quotes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import (
    CoderOption,
    IncludeAutoOption,
    NoIndexOption,
    ProjectOption,
    WhereOption,
    flags,
)

if TYPE_CHECKING:
    from qualcode.store.project import Project

DEFAULT_OUTPUT = Path("report.html")


def report_command(
    output: Annotated[
        Path,
        typer.Option(*flags("--output"), help="The HTML file to write."),
    ] = DEFAULT_OUTPUT,
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code",
            help="Only this code and the codes below it (repeatable; the heat map crosses them).",
            show_default=False,
        ),
    ] = None,
    where: WhereOption = None,
    coder: CoderOption = None,
    include_auto: IncludeAutoOption = False,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", help="The page's title (default: the project's name).", show_default=False
        ),
    ] = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Write one HTML page to share: codebook, code frequency, charts, surveys, quotes, agreement.

    The page is a single file that opens offline in any browser and prints
    well: the project and corpus, the codebook, code frequencies with bar
    charts, the co-occurrence heat map, codes by document attribute, word
    frequencies, survey tallies ("13 of 72 (18.1%)") with charts, quotes with
    citations for every code, intercoder agreement with the disagreements,
    and the memos. Every figure is the one 'qualcode tally', 'cooccur',
    'survey tally', 'quotes', 'agreement' and 'words' print: human coding
    only, machine suggestions (coder auto) with --coder auto or --include-auto;
    quotes cite the speaker of the turn (docs/counting.md).

    Example: qualcode report -o report.html
    Example: qualcode report --code trust --where generation=younger --coder ana --title "Trust among the younger producers"
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import warn, write_output
    from qualcode.exchange.report import build_report, render_report

    proj = open_project(project)
    report = build_report(
        proj,
        codes=code or [],
        where=where or [],
        coder=coder,
        include_machine=include_auto,
        title=title,
        use_index=not no_index,
    )
    for line in report.warnings:
        warn(line)
    write_output(render_report(report), output)


def demo_step(project: Project) -> None:
    """Demo: write the report of the example project and print its path."""
    from qualcode.cli.render import stdout
    from qualcode.exchange.report import build_report, render_report
    from qualcode.store import atomic

    path = project.root / "report.html"
    atomic.write_text(path, render_report(build_report(project)))
    stdout().print(
        f"wrote {path}  (one HTML file: open it in a browser; qualcode report -o FILE)",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
