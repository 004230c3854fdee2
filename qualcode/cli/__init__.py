"""The ``qualcode`` command: a thin Typer client of the qualcode library.

Each command or command group lives in its own module; this module only
assembles them. Command modules import the library lazily, inside the
command functions, so that ``qualcode --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli import (
    agreement,
    autocode,
    check,
    code,
    codebook,
    coders,
    cooccur,
    demo,
    export,
    git,
    grep,
    import_,
    import_project,
    import_refi,
    init,
    matrix,
    memo,
    notes,
    people,
    pseudonymise,
    quotes,
    report,
    scan,
    survey,
    tag,
    tally,
    words,
)
from qualcode.cli._errors import BoundaryGroup, set_debug
from qualcode.cli._options import set_global_project

app = typer.Typer(
    cls=BoundaryGroup,
    name="qualcode",
    help="Plain-text qualitative research: pseudonymise, code, retrieve and count.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from qualcode import __version__

        typer.echo(f"qualcode {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the full traceback of an unexpected error.",
            envvar="QUALCODE_DEBUG",
        ),
    ] = False,
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            "-p",
            help="Project folder, for every command (default: the nearest folder upwards with a qualcode.yaml).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Plain-text qualitative research: pseudonymise, code, retrieve and count.

    Start with 'qualcode demo' to see a worked example, or 'qualcode init' for a new project.
    """
    set_debug(debug)
    set_global_project(project)


init.register(app)
import_.register(app)
app.add_typer(notes.app, name="notes")
people.register(app)
pseudonymise.register(app)
scan.register(app)
app.add_typer(codebook.app, name="codebook")
code.register(app)
tag.register(app)
autocode.register(app)
check.register(app)
tally.register(app)
quotes.register(app)
cooccur.register(app)
matrix.register(app)
grep.register(app)
app.add_typer(survey.app, name="survey")
demo.register(app)
agreement.register(app)
coders.register(app)
git.register(app)
export.register(app)
import_refi.register(app)
import_project.register(app)
memo.register(app)
words.register(app)
report.register(app)


def main() -> None:
    """Run the command line (the ``qualcode`` console script)."""
    app(prog_name="qualcode")
