"""``-o FILE`` in every format is written in one atomic step (qualcode.store.atomic).

``show_table`` used to open the file with a plain ``open(output, "w")`` for
table output: the file was emptied before Rich drew a line, so a failure while
drawing left an empty (or half-written) file behind.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

import qualcode
from qualcode.store.project import Project
from tests.retrieval import build

PACKAGE = Path(qualcode.__file__).resolve().parent
WRITE_MODES = set("wax+")
ALLOWED = {
    # the one writer of project files and outputs
    "store/atomic.py",
    # a scratch file in the system temp folder for $EDITOR, removed afterwards
    "cli/notes.py",
    "cli/memo.py",
}


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md"])
def test_output_file_is_written_atomically(
    run: Callable[..., object],
    coded: Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    from qualcode.store import atomic

    target = tmp_path / f"tally.{fmt}"
    target.write_text("the previous report\n", encoding="utf-8")
    written: list[Path] = []
    real = atomic.write_bytes

    def spy(path: str | Path, data: bytes, *, mode: int | None = None) -> None:
        written.append(Path(path))
        real(path, data, mode=mode)

    monkeypatch.setattr(atomic, "write_bytes", spy)
    result = run("tally", "-p", coded.root, "-f", fmt, "-o", target)
    assert written == [target]
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert "trust" in target.read_text(encoding="utf-8")


def test_a_failure_while_drawing_leaves_the_old_file(
    run: Callable[..., object], coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualcode.cli import render

    target = tmp_path / "tally.txt"
    target.write_text("the previous report\n", encoding="utf-8")

    def broken(table: object) -> object:
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(render, "rich_table", broken)
    run("tally", "-p", coded.root, "-o", target, expect=70)
    assert target.read_text(encoding="utf-8") == "the previous report\n"


_TRANSACTIONS = {"FileTransaction", "transaction"}


def _transaction_names(tree: ast.AST) -> set[str]:
    """Return the names bound to an atomic transaction (``tx = atomic.FileTransaction()``, ``with ... as tx``)."""
    names = {"atomic", "tx", "transaction"}

    def makes_transaction(value: ast.AST | None) -> bool:
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        return (
            func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        ) in _TRANSACTIONS

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and makes_transaction(node.value):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        if (
            isinstance(node, ast.withitem)
            and makes_transaction(node.context_expr)
            and isinstance(node.optional_vars, ast.Name)
        ):
            names.add(node.optional_vars.id)
    return names


def _writes(tree: ast.AST) -> list[int]:
    """Return the lines of calls that open a file for writing other than through atomic."""
    lines = []
    allowed = _transaction_names(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in ("write_text", "write_bytes") and not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in allowed
        ):
            lines.append(node.lineno)
        if name in ("open", "fdopen"):
            modes = [a for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [k.value for k in node.keywords if k.arg == "mode"]
            if any(isinstance(m, ast.Constant) and WRITE_MODES & set(str(m.value)) for m in modes):
                lines.append(node.lineno)
    return lines


def test_no_module_writes_a_file_except_through_atomic() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in ALLOWED or rel.startswith("demo/project/"):
            continue
        for line in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"qualcode/{rel}:{line}")
    assert offenders == []
