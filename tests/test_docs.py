"""Every command has help with a summary and an example; the README's commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from qualcode.cli import app

ROOT = Path(__file__).resolve().parents[1]


def walk(command, path=()):
    """Yield every command and group, loading the lazy ones (list_commands/get_command)."""
    yield path, command
    if hasattr(command, "list_commands"):
        for name in sorted(command.list_commands(None)):
            yield from walk(command.get_command(None, name), (*path, name))


COMMANDS = [(" ".join(path), cmd) for path, cmd in walk(typer.main.get_command(app)) if path]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help(run, name, command):
    result = run(*name.split(), "--help")
    assert "Usage:" in result.stdout
    assert (command.help or "").strip(), f"{name} has no docstring"
    if not hasattr(command, "commands"):
        assert "Example" in (command.help or ""), f"{name}'s help has no example"


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8").split("## ")[0]
    assert "pip install . && qualcode demo" in head
    assert "pip install '.[test]' && pytest" in head


def test_readme_tour_uses_only_real_commands():
    known = {name for name, _ in COMMANDS}
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in re.findall(r"^qualcode ([a-z][a-z -]*?)(?:\s+[-A-Z~./\"'0-9]|$)", text, flags=re.M):
        words = line.split()
        assert any(" ".join(words[:n]) in known for n in (1, 2)), (
            f"README uses unknown command: qualcode {line}"
        )
