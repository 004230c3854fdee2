"""One meaning per short flag, in every command.

``-k`` was --kind in tally and --keyword in codebook add; ``-l`` --lines and
--label; ``-d`` --date and --depth; ``-t`` --title and --threshold; ``-n``
--name and --limit. Every short flag is now declared once, in
``qualcode.cli._options.SHORT_FLAGS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.core
import typer.main

from qualcode.cli import app
from qualcode.cli._options import SHORT_FLAGS


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Yield every command and group below ``command``, loading the lazy ones (cli/_commands.py)."""
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = typer.core._click.Context(command)
        for name in sorted(command.list_commands(ctx)):
            yield from _commands(command.get_command(ctx, name), (*path, name))


def _short_flags() -> dict[str, dict[str, list[str]]]:
    """Return short flag -> long option -> the commands using that pair.

    An option may have several long names (agreement's ``--coders`` is also
    ``--coder``): the one its short flag is declared for is the one that counts.
    """
    found: dict[str, dict[str, list[str]]] = {}
    root = typer.main.get_command(app)
    for path, command in _commands(root):
        for param in command.params:
            if getattr(param, "param_type_name", "") != "option":
                continue
            names = [*param.opts, *param.secondary_opts]
            longs = [n for n in names if n.startswith("--")]
            for short in (n for n in names if len(n) == 2 and n != "-h"):
                declared = [n for n in longs if SHORT_FLAGS.get(n) == short]
                found.setdefault(short, {}).setdefault((declared or longs)[0], []).append(
                    " ".join(path) or "qualcode"
                )
    return found


def test_every_command_was_walked() -> None:
    names = {" ".join(p) for p, _ in _commands(typer.main.get_command(app))}
    assert {"tally", "codebook add", "survey cluster", "notes new", "quotes"} <= names
    assert {"report", "words", "survey tally", "autocode accept", "export md", "memo add"} <= names


def test_a_short_flag_means_one_thing_in_every_command() -> None:
    clashes = {short: longs for short, longs in _short_flags().items() if len(longs) > 1}
    assert clashes == {}


def test_every_short_flag_is_declared_once_in_the_options_module() -> None:
    used = {short: next(iter(longs)) for short, longs in _short_flags().items()}
    undeclared = {s: long for s, long in used.items() if SHORT_FLAGS.get(long) != s}
    assert undeclared == {}
    assert len(set(SHORT_FLAGS.values())) == len(SHORT_FLAGS)  # no letter declared twice


def test_the_former_clashes_keep_their_common_meaning() -> None:
    used = _short_flags()
    assert set(used["-k"]) == {"--kind"}
    assert set(used["-l"]) == {"--lines"}
    assert set(used["-d"]) == {"--date"}
    assert set(used["-t"]) == {"--title"}
    assert set(used["-n"]) == {"--name"}
