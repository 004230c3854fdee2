"""``qualcode tally``: golden files in every format, options, index independence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.store.project import Project
from tests.retrieval import build, index_file

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
FORMATS = ("table", "csv", "json", "md")


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def check_golden(request: pytest.FixtureRequest, name: str, text: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8")


CASES = {
    "plain": [],
    "by-kind": ["--by", "kind"],
    "by-participant-documents": ["--by", "participant", "--unit", "documents"],
    "where-coder-depth": ["--where", "generation=younger", "--coder", "ana", "--depth", "2"],
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(
    request: pytest.FixtureRequest, run: Callable[..., object], coded: Project, case: str, fmt: str
) -> None:
    result = run("tally", "-p", coded.root, "-f", fmt, *CASES[case])
    check_golden(request, f"tally-{case}.{fmt}", result.stdout)  # type: ignore[attr-defined]


def test_output_is_identical_without_the_index(run: Callable[..., object], coded: Project) -> None:
    args = ("tally", "-p", str(coded.root), "-f", "json", "--by", "generation")
    first = run(*args).stdout  # type: ignore[attr-defined]
    assert index_file(coded).exists()
    index_file(coded).unlink()
    second = run(*args).stdout  # type: ignore[attr-defined]
    third = run(*args, "--no-index").stdout  # type: ignore[attr-defined]
    assert first == second == third


def test_notes_state_denominators_on_stderr(run: Callable[..., object], coded: Project) -> None:
    result = run("tally", "-p", coded.root)
    assert "In scope: 4 documents, 4 participants" in result.stderr  # type: ignore[attr-defined]
    assert "docs of 4" in result.stdout  # type: ignore[attr-defined]


def test_chart(run: Callable[..., object], coded: Project) -> None:
    result = run("tally", "-p", coded.root, "--chart", "--unit", "documents")
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "Code frequency (documents)"
    assert lines[1].startswith("trust ") and lines[1].endswith(" 3 of 4 (75.0%)")
    assert "█" in lines[1]


def test_chart_by_draws_one_chart_per_value_and_refuses_other_formats(
    run: Callable[..., object], coded: Project
) -> None:
    result = run("tally", "-p", coded.root, "--chart", "--by", "kind")
    out = result.stdout  # type: ignore[attr-defined]
    assert "Code frequency: kind = interview (segments)" in out
    assert "Code frequency: kind = meeting (segments)" in out
    assert "Code frequency: all kind values (segments)" in out
    run("tally", "-p", coded.root, "--chart", "-f", "json", expect=2)


def test_code_option_resolves_names(run: Callable[..., object], coded: Project) -> None:
    result = run("tally", "-p", coded.root, "--code", "friendship", "-f", "csv")
    rows = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert [r.split(",")[0] for r in rows[1:]] == [
        "trust/friendship",
        "trust/friendship/neighbours",
    ]


def test_bad_unit_and_code(run: Callable[..., object], coded: Project) -> None:
    result = run("tally", "-p", coded.root, "--unit", "words", expect=2)
    assert "'words' is not one of segments" in result.stderr  # type: ignore[attr-defined]
    result = run("tally", "-p", coded.root, "--code", "zzzzzz", expect=1)
    assert "no code 'zzzzzz'" in result.stderr  # type: ignore[attr-defined]


def test_empty_project_gives_a_zero_table(run: Callable[..., object], project: Project) -> None:
    result = run("tally", "-p", project.root, "-f", "csv")
    assert result.stdout.splitlines()[0].startswith("code,label,depth,segments")  # type: ignore[attr-defined]


def test_demo_step_prints_counts_and_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's step prints the example's code frequencies and quotes with citations."""
    from qualcode.cli.tally import demo_step
    from qualcode.demo import create_demo_project

    project = create_demo_project(tmp_path / "demo")
    demo_step(project)
    shown = capsys.readouterr()
    assert "trust" in shown.out and "docs of 14" in shown.out
    assert "10/6/10, interview)" in shown.out or "/10, meeting)" in shown.out
