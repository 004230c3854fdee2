"""The ``qualcode`` command: a thin Typer client of the qualcode library.

Each command or command group lives in its own module (a group with several
modules is a package, like :mod:`qualcode.cli.survey`). Nothing here imports
them: :class:`~qualcode.cli._group.LazyGroup` imports a command's module only
when that command runs, and ``qualcode --help`` is drawn from the table in
:mod:`qualcode.cli._commands`. So ``qualcode tally`` pays for Typer, the
tally code and nothing else.

Adding a command is one line in :data:`qualcode.cli._commands.COMMANDS`::

    "words": ("qualcode.cli.words:words_command", "Count the words of ..."),

where ``words_command`` is a plain function with Typer annotations (its
docstring is its ``--help``; the summary in the table is the docstring's first
paragraph, and a test keeps the two equal). A group is a ``typer.Typer(cls=LazyGroup,
help=...)`` in its module, listed as ``"memo": ("qualcode.cli.memo:app", ...)``,
and its commands as ``"memo add": (...)`` lines. Command modules import the
library (and Rich, through :mod:`qualcode.cli.render`) inside the command
functions, not at the top.
"""

from __future__ import annotations

import gc

# Importing Typer creates tens of thousands of objects that live as long as the
# process, and the cyclic garbage collector's passes over them cost a tenth of a
# command's start-up. Nothing worth collecting is made meanwhile: collection
# waits until these imports are done, the objects alive then are set aside for
# good (gc.freeze: later collections do not walk them), and collection is
# switched back on (if it was on).
_collecting = gc.isenabled()
gc.disable()
try:
    from pathlib import Path
    from typing import Annotated

    import typer

    from qualcode.cli._errors import set_debug
    from qualcode.cli._group import LazyGroup
    from qualcode.cli._options import flags, set_global_project
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

app = typer.Typer(
    cls=LazyGroup,
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
            *flags("--project"),
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


def main() -> None:
    """Run the command line (the ``qualcode`` console script)."""
    app(prog_name="qualcode")
