"""Shared fixtures: an isolated environment, a tiny project, and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
import typer.testing
from typer.testing import CliRunner, Result

from qualcode.cli import app
from qualcode.store.project import Project

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_INPUTS = Path(os.environ.get("QUALCODE_REAL_INPUTS") or SHARED / "real-inputs")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


_build_command = typer.testing._get_command
_built: dict[int, tuple[object, object]] = {}


def _built_once(app: typer.Typer) -> object:
    """Build each Typer app's click command once per session (a build takes ~70 ms)."""
    if id(app) not in _built:
        _built[id(app)] = (app, _build_command(app))
    return _built[id(app)][1]


typer.testing._get_command = _built_once  # CliRunner.invoke builds the command on every call


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden files from current output",
    )


@pytest.fixture(autouse=True)
def isolation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run every test with no colour, fixed width, no QUALCODE_* variables, in tmp_path.

    The user cache folder (where the lock of a key outside any project goes) is in tmp_path too.
    """
    for name in list(os.environ):
        if name.startswith("QUALCODE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty project in tmp_path/proj."""
    return Project.init(tmp_path / "proj", name="Test project")


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the CLI; fail (showing stderr) unless the exit code is ``expect``."""
    runner = CliRunner()

    def invoke(*args: str | os.PathLike[str], expect: int = 0, input: str | None = None) -> Result:
        result = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        assert result.exit_code == expect, (
            f"exit {result.exit_code} != {expect}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
        return result

    return invoke


def real_input(*parts: str) -> Path:
    """Return a file from ../shared/real-inputs, skipping the test when it is absent."""
    path = REAL_INPUTS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real input not available: {path}")
    return path
