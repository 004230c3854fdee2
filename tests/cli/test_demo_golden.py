"""The demo's headline figures, as golden files reviewed by hand against the example texts.

``qualcode demo`` prints the code frequencies (``tally --depth 1``), the quotes
of one code with their citations (``quotes municipality -f md``) and codes by
participant (``matrix --cols participants --depth 1``), human coding only.
The three parts are kept in ``tests/golden/demo-tally.table``,
``demo-quotes.md`` and ``demo-matrix.table``; docs/counting.md says which
figures were checked against which documents. Regenerate only with
``pytest --update-golden``, and review the diff against the documents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SECTION = "Code frequency, quotes and participants"


def _check(request: pytest.FixtureRequest, name: str, text: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str, str]:
    import os

    from typer.testing import CliRunner

    from qualcode.cli import app

    folder = tmp_path_factory.mktemp("demo") / "santiago"
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        result = CliRunner().invoke(app, ["demo", str(folder)], catch_exceptions=False)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if SECTION in line) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("─"))
    section = lines[start:end]
    quotes_at = next(i for i, line in enumerate(section) if line.startswith("> "))
    matrix_at = next(i for i, line in enumerate(section) if line.startswith("Matrix:"))
    tally = "\n".join(section[:quotes_at]) + "\n"
    quotes = "\n".join(section[quotes_at:matrix_at]) + "\n"
    matrix = "\n".join(section[matrix_at:]) + "\n"
    return tally, quotes, matrix, result.stderr


def test_demo_tally(request: pytest.FixtureRequest, demo_parts: tuple[str, str, str, str]) -> None:
    _check(request, "demo-tally.table", demo_parts[0])


def test_demo_quotes(request: pytest.FixtureRequest, demo_parts: tuple[str, str, str, str]) -> None:
    _check(request, "demo-quotes.md", demo_parts[1])


def test_demo_matrix(request: pytest.FixtureRequest, demo_parts: tuple[str, str, str, str]) -> None:
    _check(request, "demo-matrix.table", demo_parts[2])


def test_the_faults_of_issue_17_are_gone(demo_parts: tuple[str, str, str, str]) -> None:
    tally, quotes, matrix, stderr = demo_parts
    # municipality: a meeting's narration no longer counts every attendee
    row = next(line for line in tally.splitlines() if "municipality" in line)
    assert "3 (30.0%)" in row  # Miguel, Clara, Patricia: the speakers of the coded turns
    # the researcher's narration is cited by the meeting, never as a participant
    assert "it was the concejal. (General Meeting 10/12/10)" in quotes
    assert "(Pancho 10/12/10, meeting)" not in quotes
    # machine coding is left out of the headline numbers and the notes say so
    assert "by the machine coder auto left out" in stderr
    assert "participants: those whose own speech is coded" in stderr
    assert "(no participant)" in matrix


def test_the_demo_runs_its_commands_the_same_way(
    run: Callable[..., object], tmp_path: Path, demo_parts: tuple[str, str, str, str]
) -> None:
    from qualcode.demo import create_demo_project

    project = create_demo_project(tmp_path / "d")
    out = run("quotes", "municipality", "-f", "md", "-p", project.root).stdout  # type: ignore[attr-defined]
    assert out == demo_parts[1]
