"""The command table and lazy loading: summaries match docstrings, help matches Typer's.

``qualcode --help`` is drawn from :data:`qualcode.cli._commands.COMMANDS`
without importing any command; these tests keep that table honest and check
that a command pulls in only what it uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.testing
from typer.core import TyperGroup

from qualcode.cli import app
from qualcode.cli._commands import COMMANDS
from qualcode.cli._group import LazyGroup, children, summary_of
from qualcode.store.project import Project
from tests.retrieval import build

ROOT = Path(__file__).resolve().parents[2]
ROOT_GROUP = typer.main.get_command(app)
GROUPS = [""] + [name for name, (target, _) in COMMANDS.items() if target.endswith(":app")]


def resolve(name: str):
    command = ROOT_GROUP
    for word in name.split():
        command = command.get_command(None, word)
        assert command is not None, f"{name!r}: no command {word!r}"
    return command


@pytest.mark.parametrize("name", list(COMMANDS))
def test_table_summary_is_the_docstring_summary(name):
    command = resolve(name)
    summary = COMMANDS[name][1]
    assert summary == summary_of(command.help), (
        f"{name!r}: the summary in qualcode/cli/_commands.py differs from the docstring; "
        f"write {summary_of(command.help)!r}"
    )


@pytest.mark.parametrize("name", list(COMMANDS))
def test_table_entry_is_a_command_or_group_with_its_name(name):
    command = resolve(name)
    assert command.name == name.split()[-1]
    is_group = COMMANDS[name][0].endswith(":app")
    assert isinstance(command, LazyGroup) == is_group
    if is_group:
        assert children(name), f"group {name!r} has no commands in the table"


def test_every_group_of_the_table_is_listed_above_its_commands():
    for name in COMMANDS:
        parent = name.rsplit(" ", 1)[0] if " " in name else ""
        assert parent == "" or parent in COMMANDS, f"{name!r}: no table entry for {parent!r}"


@pytest.mark.parametrize("columns", ["80", "120", "200"])
@pytest.mark.parametrize("group", GROUPS, ids=[g or "qualcode" for g in GROUPS])
def test_group_help_is_drawn_as_typer_draws_it(run, monkeypatch, group, columns):
    monkeypatch.setenv("COLUMNS", columns)
    args = [*group.split(), "--help"]
    ours = run(*args).stdout
    monkeypatch.setattr(LazyGroup, "format_help", TyperGroup.format_help)  # loads every command
    theirs = run(*args).stdout
    assert ours == theirs


def test_plain_help_without_rich_lists_the_summaries(run, monkeypatch):
    monkeypatch.setattr(typer.core, "HAS_RICH", False)
    result = run("--help")
    assert "Commands:" in result.stdout
    assert "tally" in result.stdout and "Count segments, documents" in result.stdout


def test_a_typo_suggests_the_command(run):
    result = run("talyl", expect=2)
    assert "No such command 'talyl'" in result.stderr
    assert "Did you mean 'tally'?" in result.stderr
    result = run("survey", "talyl", expect=2)
    assert "Did you mean 'tally'?" in result.stderr


def hello_command(name: str = typer.Argument("world", help="Who to greet.")) -> None:
    """Say hello (a command added by one table line, for this test).

    Example: qualcode hello Clara
    """
    typer.echo(f"hello {name}")


def test_a_command_is_one_table_line(run, monkeypatch):
    summary = "Say hello (a command added by one table line, for this test)."
    monkeypatch.setitem(COMMANDS, "hello", (f"{__name__}:hello_command", summary))
    group = typer.testing._get_command(app)  # the suite builds the root group once (conftest)
    monkeypatch.setattr(group, "commands", dict(group.commands))  # forget 'hello' afterwards
    assert run("hello", "Clara").stdout == "hello Clara\n"
    assert summary in run("--help").stdout
    assert "Who to greet." in run("hello", "--help").stdout


def test_commands_registered_on_a_lazy_group_are_listed_too(run):
    extra = typer.Typer(cls=LazyGroup, help="A group.")

    @extra.command("ping")
    def ping() -> None:
        """Answer pong.

        Example: qualcode ping
        """
        typer.echo("pong")

    group = typer.main.get_group(extra)
    assert group.list_commands(None)[-1] == "ping"
    assert ("ping", "Answer pong.") in group.summaries()


def _modules_after(args: list[str], cwd: Path) -> set[str]:
    """Run ``qualcode ARGS`` in a fresh interpreter; return the modules it imported."""
    code = (
        "import sys\n"
        "from qualcode.cli import main\n"
        f"sys.argv = ['qualcode', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "sys.stdout.flush()\n"
        "print('\\n' + __import__('json').dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUALCODE_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


HEAVY = ("openpyxl", "docx", "cryptography", "charset_normalizer", "rapidfuzz", "ruamel")


def _command_modules(modules: set[str]) -> set[str]:
    shared = {"qualcode.cli", "qualcode.cli._commands", "qualcode.cli._group"}
    shared |= {"qualcode.cli._errors", "qualcode.cli._options", "qualcode.cli.render"}
    return {m for m in modules if m.startswith("qualcode.cli") and m not in shared}


def test_help_imports_no_command_and_no_library_module(tmp_path):
    modules = _modules_after(["--help"], tmp_path)
    assert not _command_modules(modules)
    assert not {m for m in modules if m.startswith(("qualcode.analysis", "qualcode.store"))}
    assert not {m for m in modules if m.split(".")[0] in (*HEAVY, "yaml", "sqlite3")}
    assert "typer.rich_utils" not in modules  # it imports Markdown and syntax highlighting


def test_warm_tally_imports_only_what_it_uses(project: Project, monkeypatch):
    from qualcode.analysis import index, load_corpus
    from qualcode.codebook.tree import load_codebook
    from qualcode.store import parsed

    build(project)
    monkeypatch.setattr(parsed, "RACY_SECONDS", 0.0)  # the files were written just now
    monkeypatch.setattr(index, "_RACY_SECONDS", 0.0)
    Project.open(project.root, cached=True)
    load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    load_corpus(project, text=False)
    modules = _modules_after(["tally", "-f", "csv"], project.root)
    assert _command_modules(modules) == {"qualcode.cli.tally"}
    assert not {m for m in modules if m.split(".")[0] in (*HEAVY, "yaml", "rich", "filelock")}
    assert "qualcode.store.locking" not in modules  # the index is read without its lock


def test_the_journal_folder_is_the_lock_code_s():
    from qualcode.store import locking, project

    assert project.JOURNAL_DIR == locking.JOURNAL_DIR
