"""Write the CLI reference (docs/cli.md) from every command's ``--help``.

cog runs this inside docs/cli.md: ``cog -r -I scripts docs/cli.md`` (or
``just docs``) regenerates it, ``cog --check -I scripts docs/cli.md`` (run by
.ci/run and tests/test_cli_reference.py) fails when it is stale. The help is
drawn at a fixed width of 80 columns with no colour, so the output does not
depend on the terminal it was made in.
"""

from __future__ import annotations

import os

WIDTH = 80


def _plain_environment() -> None:
    os.environ["COLUMNS"] = str(WIDTH)
    os.environ["TERMINAL_WIDTH"] = str(WIDTH)
    os.environ["NO_COLOR"] = "1"
    os.environ["TERM"] = "dumb"
    for name in ("FORCE_COLOR", "_TYPER_FORCE_DISABLE_TERMINAL"):
        os.environ.pop(name, None)


def names() -> list[str]:
    """Every command and group of the lazy command table, in help order."""
    from qualcode.cli._commands import COMMANDS

    return list(COMMANDS)


def help_text(name: str) -> str:
    """The ``--help`` of ``qualcode NAME`` at 80 columns, plain, trailing spaces removed."""
    _plain_environment()
    from typer.testing import CliRunner

    from qualcode.cli import app

    result = CliRunner().invoke(
        app, [*name.split(), "--help"], prog_name="qualcode", terminal_width=WIDTH, color=False
    )
    if result.exit_code != 0:
        raise RuntimeError(f"qualcode {name} --help exited {result.exit_code}: {result.output}")
    lines = [line.rstrip() for line in result.output.splitlines()]
    return "\n".join(lines).strip("\n")


def reference() -> str:
    """The Markdown body of docs/cli.md: the root help, then one section per command."""
    parts = ["## qualcode", "", "```text", help_text(""), "```"]
    for name in names():
        level = "###" if " " not in name else "####"
        parts += ["", f"{level} qualcode {name}", "", "```text", help_text(name), "```"]
    return "\n".join(parts)
