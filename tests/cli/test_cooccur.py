"""``qualcode cooccur``, ``qualcode matrix`` and ``qualcode grep`` from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from qualcode.store.project import Project
from tests.retrieval import build, index_file


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def test_cooccur_csv(run: Callable[..., object], coded: Project) -> None:
    result = run(
        "cooccur", "-p", coded.root, "--code", "distrust", "--code", "friendship", "-f", "csv"
    )
    assert result.stdout == (  # type: ignore[attr-defined]
        "code,trust/distrust,trust/friendship\ntrust/distrust,4,2\ntrust/friendship,1,2\n"
    )


def test_cooccur_default_codes_and_jaccard(run: Callable[..., object], coded: Project) -> None:
    result = run("cooccur", "-p", coded.root, "--unit", "document", "--jaccard", "-f", "json")
    rows = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [r["code"] for r in rows] == ["trust", "paternalism"]
    assert rows[0]["paternalism"] == 0.5
    run("cooccur", "-p", coded.root, "--unit", "line", expect=2)


def test_matrix(run: Callable[..., object], coded: Project) -> None:
    result = run(
        "matrix",
        "-p",
        coded.root,
        "--rows",
        "codes",
        "--cols",
        "generation",
        "--unit",
        "documents",
        "--depth",
        "1",
        "-f",
        "csv",
    )
    assert result.stdout.splitlines() == [  # type: ignore[attr-defined]
        "code,older,younger,(none),all",
        "trust,1,1,1,3",
        "paternalism,1,1,1,3",
    ]
    run("matrix", "-p", coded.root, "--rows", "documents", "--cols", "kind", expect=2)


def test_grep_same_bytes_without_index(run: Callable[..., object], coded: Project) -> None:
    first = run("grep", "confi", "-p", coded.root, "-f", "csv").stdout  # type: ignore[attr-defined]
    assert first.splitlines()[0] == "document,line,column,left,match,right,codes"
    index_file(coded).unlink()
    assert run("grep", "confi", "-p", coded.root, "-f", "csv").stdout == first  # type: ignore[attr-defined]


def test_grep_table_and_kind(run: Callable[..., object], coded: Project) -> None:
    result = run("grep", "trust", "-p", coded.root, "--kind", "meeting")
    assert "2010-09-09-network-meeting" in result.stdout  # type: ignore[attr-defined]
    assert "1 match in 1 of 1 documents." in result.stderr  # type: ignore[attr-defined]
    result = run("grep", "(", "--regex", "-p", coded.root, expect=1)
    assert "bad regular expression" in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "args",
    [
        ("matrix", "--cols", "documents"),
        ("matrix", "--cols", "participants", "--unit", "participants"),
        ("matrix", "--cols", "generation", "--coder", "ana", "--unit", "documents"),
        ("cooccur",),
        ("cooccur", "--unit", "paragraph", "--jaccard"),
        ("cooccur", "--unit", "document", "--where", "gender=woman"),
    ],
    ids=lambda args: " ".join(args),
)
@pytest.mark.parametrize("fmt", ["csv", "json", "md", "table"])
def test_matrix_and_cooccur_same_bytes_without_index(
    run: Callable[..., object], coded: Project, args: tuple[str, ...], fmt: str
) -> None:
    command = (*args, "-p", str(coded.root), "-f", fmt)
    cold = run(*command).stdout  # type: ignore[attr-defined]
    warm = run(*command).stdout  # type: ignore[attr-defined]
    files = run(*command, "--no-index").stdout  # type: ignore[attr-defined]
    index_file(coded).unlink()
    rebuilt = run(*command).stdout  # type: ignore[attr-defined]
    assert cold == warm == files == rebuilt
    assert cold.strip()
