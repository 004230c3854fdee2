"""``cooccur`` and ``matrix`` read at 80 columns: short column keys with a legend.

Both printed tables about 220 columns wide on the example, unreadable on an
80-column terminal. On a terminal too narrow for the full table the columns
are headed A, B, C... with a legend, code paths are indented names, and the
columns go in blocks that fit; CSV and JSON do not change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.demo import example_root

ROOT = example_root()


def _width(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def test_cooccur_reads_at_80_columns(run: Callable[..., object], narrow: None) -> None:
    out = run("cooccur", "-p", ROOT, "--no-index").stdout  # type: ignore[attr-defined]
    assert _width(out) <= 80
    lines = out.splitlines()
    header = next(line for line in lines if line.strip().startswith("code"))
    assert header.split()[1:4] == ["A", "B", "C"]
    assert any(line.strip().startswith("A trust") for line in lines)  # row A is column A
    assert "A trust · B c-factor · C paternalism" in out  # the legend
    assert "guaranteed-consumers" in out


def test_matrix_by_participants_reads_at_80_columns(
    run: Callable[..., object], narrow: None
) -> None:
    out = run("matrix", "--cols", "participants", "-p", ROOT, "--no-index").stdout  # type: ignore[attr-defined]
    assert _width(out) <= 80
    assert "A Clara · B Economist" in out
    assert "  distrust" in out  # a child code indented under its parent
    header = next(line for line in out.splitlines() if line.strip().startswith("code"))
    assert header.split()[-1] == "all"


def test_too_many_columns_go_in_blocks(run: Callable[..., object], narrow: None) -> None:
    out = run("matrix", "--cols", "documents", "--depth", "1", "-p", ROOT, "--no-index").stdout  # type: ignore[attr-defined]
    assert _width(out) <= 80
    assert "(columns A–" in out and "–all)" in out
    assert out.count(" trust ") == 2  # the row labels repeat in each block
    assert "N 2010-10-13-patricia-state-official" in out


def test_a_wide_terminal_shows_the_full_table(
    run: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    out = run("cooccur", "-p", ROOT, "--no-index").stdout  # type: ignore[attr-defined]
    header = next(line for line in out.splitlines() if "code" in line and "trust" in line)
    assert "generational-split" in header and " A " not in header


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_machine_formats_do_not_change(
    run: Callable[..., object], narrow: None, fmt: str, tmp_path: Path
) -> None:
    out = run("cooccur", "-p", ROOT, "--no-index", "-f", fmt).stdout  # type: ignore[attr-defined]
    if fmt == "csv":
        assert out.splitlines()[0].startswith("code,trust,c-factor,paternalism,")
    else:
        assert list(json.loads(out)[0])[:3] == ["code", "trust", "c-factor"]
