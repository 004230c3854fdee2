"""Options shared by every command, the short flags, and locating the project once.

The project is found from ``--project/-p``, then ``QUALCODE_PROJECT``, then by
walking up from the working directory to a ``qualcode.yaml``.

A short flag means one thing in every command: :data:`SHORT_FLAGS` declares
each once, and commands name their options through :func:`flags`
(``typer.Option(*flags("--kind"), ...)``). ``tests/cli/test_short_flags.py``
walks every command and fails on a short flag used with another meaning.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from qualcode.store.project import Project


SHORT_FLAGS: dict[str, str] = {
    "--project": "-p",
    "--format": "-f",
    "--output": "-o",
    "--coder": "-c",
    "--where": "-w",
    "--kind": "-k",
    "--by": "-b",
    "--unit": "-u",
    "--date": "-d",
    "--title": "-t",
    "--name": "-n",
    "--lines": "-l",
    "--quote": "-q",
    "--memo": "-m",
    "--attr": "-a",
    "--participant": "-P",
    "--pseudonym": "-s",
    "--encoding": "-e",
    "--in-place": "-i",
    "--regex": "-E",
    "--context": "-C",
    "--description": "-D",
}
"""Every short flag of qualcode and the one long option it stands for, in every command.

Options without a short flag here have none (``--depth``, ``--keyword``,
``--label``, ``--limit``, ``--threshold``: their letters mean something else).
"""


def flags(long: str) -> tuple[str, ...]:
    """Return the names of an option: ``("--kind", "-k")``, or ``("--depth",)`` without a short flag."""
    short = SHORT_FLAGS.get(long)
    return (long, short) if short else (long,)


class Format(StrEnum):
    """Output formats of data-printing commands."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        *flags("--project"),
        envvar="QUALCODE_PROJECT",
        help="Project folder (default: the nearest folder upwards with a qualcode.yaml).",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(*flags("--format"), help="Output format: table, csv, json or md (Markdown)."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        *flags("--output"),
        help="Write the output to this file instead of stdout.",
        show_default=False,
    ),
]


KindOption = Annotated[
    str | None,
    typer.Option(*flags("--kind"), help="Only documents of this kind (interview, meeting, ...)."),
]
CoderOption = Annotated[
    str | None,
    typer.Option(
        *flags("--coder"),
        help="Only this coder's segments (a machine coder such as auto too). "
        "Default: every human coder.",
    ),
]
IncludeAutoOption = Annotated[
    bool,
    typer.Option(
        "--include-auto",
        help="Count machine coders' suggestions (coder auto, machine_coders in qualcode.yaml) "
        "with the human coding.",
    ),
]
DepthOption = Annotated[
    int | None,
    typer.Option(*flags("--depth"), min=1, help="Only codes this deep (1 = top level)."),
]
NoIndexOption = Annotated[
    bool,
    typer.Option(
        "--no-index",
        help="Read the files only; do not use or update the .qualcode/index.sqlite cache.",
    ),
]


def _check_where(values: list[str] | None) -> list[str] | None:
    """Reject a ``--where`` without ``key=value`` at parse time (a usage error, exit 2)."""
    for spec in values or []:
        key, sep, _ = spec.partition("=")
        if not sep or not key.strip().rstrip("!"):
            raise typer.BadParameter(f"{spec!r} is not key=value (e.g. --where gender=woman)")
    return values


WhereOption = Annotated[
    list[str] | None,
    typer.Option(
        *flags("--where"),
        help="Keep documents whose metadata matches key=value (repeatable).",
        show_default=False,
        callback=_check_where,
    ),
]


_global = {"project": None}


def set_global_project(project: Path | None) -> None:
    """Remember a ``--project`` given before the command name (``qualcode -p DIR notes list``)."""
    _global["project"] = project


def open_project(project: Path | None) -> Project:
    """Return the project named by ``--project``/``QUALCODE_PROJECT`` or found upwards.

    A ``--project`` after the command wins over one before it.
    """
    from qualcode.store.project import Project

    chosen = project if project is not None else _global["project"]
    found = Project.open(chosen, cached=True) if chosen is not None else Project.find(cached=True)
    report_recoveries()
    return found


def report_recoveries() -> None:
    """Tell the user (stderr) about changes of killed commands that were finished or undone."""
    import sys

    locking = sys.modules.get("qualcode.store.locking")
    if locking is None:  # nothing was recovered: only the lock code recovers, and it never ran
        return

    for done in locking.take_recoveries():
        from qualcode.cli.render import message

        what = f" ({done.label})" if done.label else ""
        if done.direction == "forward":
            message(
                f"note: finished a change an interrupted qualcode command had begun{what}: "
                f"{len(done.files)} file{'s' if len(done.files) != 1 else ''}"
            )
        else:
            message(
                "note: discarded an unfinished change of an interrupted qualcode command "
                "(none of its files had been changed yet)"
            )


class ChartFormat(StrEnum):
    """Output formats of commands that also draw a chart: the table formats and ``svg``."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    svg = "svg"


ChartFormatOption = Annotated[
    ChartFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, csv, json, md (Markdown) or svg (the chart the report shows).",
    ),
]
