"""``qualcode survey``: import survey exports, code open answers, tally them.

The group is a sub-Typer whose commands load lazily (see :mod:`qualcode.cli`):
each lives in its own module of this package and is listed in
:data:`qualcode.cli._commands.COMMANDS` as ``"survey NAME"``. Helpers the
commands share are in :mod:`qualcode.cli.survey._common`.
"""

from __future__ import annotations

import typer

from qualcode.cli._group import LazyGroup

app = typer.Typer(
    cls=LazyGroup,
    help="Import survey exports, code open answers, and tally answers as 'n of N (p%)'.",
    no_args_is_help=True,
)
