"""A command group that imports a command's module only when that command runs.

:class:`LazyGroup` lists its commands from :data:`qualcode.cli._commands.COMMANDS`
(names, ``module:attribute`` targets and one-line summaries). ``qualcode tally``
imports :mod:`qualcode.cli.tally` and nothing of the other commands;
``qualcode --help`` and ``qualcode survey --help`` import no command module at
all: the list of commands is drawn from the table's summaries
(:func:`qualcode.cli.render.show_group_help`). A test checks that each summary
is the first paragraph of the command's real docstring.

A target is a command function (built with Typer, as ``app.command(name)``
would) or a ``typer.Typer`` sub-app (a group, built with
``typer.main.get_group``). A group whose Typer has ``cls=LazyGroup`` lists its
own commands from the table too (``"survey import"`` and so on); commands
registered on it the usual way (``@app.command()``) work as well.
"""

from __future__ import annotations

import importlib
import inspect
from difflib import get_close_matches
from typing import Any

import typer
import typer.core
import typer.main

from qualcode.cli._commands import COMMANDS
from qualcode.cli._errors import BoundaryGroup


def summary_of(help_text: str | None) -> str:
    """Return the one-line summary of a docstring: its first paragraph on one line."""
    first = inspect.cleandoc(help_text or "").split("\n\n")[0]
    return " ".join(first.split())


def children(path: str) -> dict[str, tuple[str, str]]:
    """Return the table's entries one level below ``path`` (``""`` is the top level).

    Returns:
        Command name -> ``(target, summary)``, in table order.
    """
    depth = len(path.split()) if path else 0
    prefix = f"{path} " if path else ""
    found: dict[str, tuple[str, str]] = {}
    for name, entry in COMMANDS.items():
        words = name.split()
        if len(words) == depth + 1 and name.startswith(prefix):
            found[words[-1]] = entry
    return found


def build_command(name: str, target: str) -> Any:
    """Import ``target`` (``module:attribute``) and return it as a click command named ``name``."""
    module_name, _, attribute = target.partition(":")
    obj = getattr(importlib.import_module(module_name), attribute)
    if isinstance(obj, typer.Typer):
        command: Any = typer.main.get_group(obj)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(obj)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(BoundaryGroup):
    """A :class:`~qualcode.cli._errors.BoundaryGroup` whose commands load on first use.

    Attributes:
        table_path: This group's name in the table: ``""`` for ``qualcode``
            itself, ``"survey"`` for ``qualcode survey`` (set by the parent
            group when it loads this one).
    """

    table_path = ""

    def _table(self) -> dict[str, tuple[str, str]]:
        return children(self.table_path)

    def list_commands(self, ctx: Any) -> list[str]:
        """Return the command names: the table's, in its order, then any registered directly."""
        names = list(self._table())
        return names + [name for name in self.commands if name not in names]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Return the command ``cmd_name``, importing its module the first time."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = self._table().get(cmd_name)
        if entry is None:
            return None
        command = build_command(cmd_name, entry[0])
        if isinstance(command, LazyGroup):
            command.table_path = f"{self.table_path} {cmd_name}".strip()
        self.commands[cmd_name] = command
        return command

    def summaries(self) -> list[tuple[str, str]]:
        """Return ``(name, one-line summary)`` for every visible command, without importing any."""
        table = self._table()
        rows = []
        for name in self.list_commands(None):
            if name in table:
                rows.append((name, table[name][1]))
            elif not self.commands[name].hidden:
                rows.append((name, summary_of(self.commands[name].help)))
        return rows

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Resolve the command name; a typo gets 'Did you mean ...?' from the whole table."""
        name = args[0] if args else ""
        known = name.startswith("-") or ctx.resilient_parsing or self.get_command(ctx, name)
        if name and not known:
            message = f"No such command {name!r}."
            matches = get_close_matches(name, self.list_commands(ctx))
            if matches:
                suggestions = ", ".join(repr(m) for m in matches)
                message = f"No such command {name!r}. Did you mean {suggestions}?"
            ctx.fail(message)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Write the commands section of plain (non-Rich) help from the table's summaries."""
        rows = self.summaries()
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Draw this group's help (usage, description, options, commands) without loading commands."""
        if not typer.core.HAS_RICH or self.rich_markup_mode is None:
            return super().format_help(ctx, formatter)
        from qualcode.cli.render import show_group_help

        show_group_help(self, ctx, self.summaries())
        return None
