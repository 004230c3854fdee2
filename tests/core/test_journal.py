"""Journalled transactions: all or nothing, rolled forward or back after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.store import atomic, locking
from qualcode.store.project import Project


class Crash(BaseException):
    """Stands for the process dying at that moment."""


def files(root: Path) -> dict[str, bytes]:
    """Return every file outside .qualcode, relative path -> bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".qualcode" not in p.relative_to(root).parts
    }


def stray_temps(root: Path) -> list[str]:
    """Return temp files anywhere outside .qualcode (where a reader could trip over them)."""
    return [
        p.relative_to(root).as_posix()
        for p in root.rglob("*.tmp")
        if ".qualcode" not in p.relative_to(root).parts
    ]


def journal_entries(project: Project) -> list[str]:
    folder = project.private_dir / "journal"
    return sorted(os.listdir(folder)) if folder.is_dir() else []


def test_a_transaction_writes_every_file_and_leaves_nothing_behind(project: Project) -> None:
    old = project.codings_dir / "ana" / "old.yaml"
    old.parent.mkdir(parents=True)
    old.write_text("document: old\n")
    with project.transaction("test") as tx:
        tx.write_text(project.codebooks_dir / "a.yaml", "codes: [a]\n")
        tx.write_text(project.codings_dir / "ben" / "b.yaml", "document: b\n")
        tx.delete(old)
    assert (project.codebooks_dir / "a.yaml").read_text() == "codes: [a]\n"
    assert (project.codings_dir / "ben" / "b.yaml").read_text() == "document: b\n"
    assert not old.exists()
    assert journal_entries(project) == []
    assert stray_temps(project.root) == []


def test_temps_are_staged_in_the_journal_never_beside_the_files(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[list[str], list[str]]] = []

    def look() -> None:
        staged = [p.name for p in (project.private_dir / "journal").rglob("*.tmp")]
        seen.append((staged, stray_temps(project.root)))

    monkeypatch.setattr(atomic, "_slow", look)
    with project.transaction() as tx:
        for number in range(3):
            tx.write_text(project.codebooks_dir / f"f{number}.yaml", f"n: {number}\n")
    assert seen and all(beside == [] for _, beside in seen)
    assert max(len(staged) for staged, _ in seen) == 3


def test_an_error_before_the_commit_changes_nothing(project: Project) -> None:
    target = project.codebooks_dir / "a.yaml"
    target.write_text("codes: [old]\n")
    with pytest.raises(RuntimeError), project.transaction() as tx:
        tx.write_text(target, "codes: [new]\n")
        raise RuntimeError("boom")
    assert target.read_text() == "codes: [old]\n"
    assert journal_entries(project) == []


def test_a_crash_while_staging_is_rolled_back(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = project.codebooks_dir / "a.yaml"
    target.write_text("codes: [old]\n")
    calls = []

    def crash_on_second(fd: int, tmp: str, data: bytes, mode: int) -> None:
        calls.append(tmp)
        if len(calls) == 2:
            os.close(fd)
            raise Crash
        real_write(fd, tmp, data, mode)

    real_write = atomic._write_file
    monkeypatch.setattr(atomic, "_write_file", crash_on_second)
    with pytest.raises(Crash), project.transaction() as tx:
        tx.write_text(target, "codes: [new]\n")
        tx.write_text(project.codebooks_dir / "b.yaml", "codes: [b]\n")
    assert target.read_text() == "codes: [old]\n"
    assert not (project.codebooks_dir / "b.yaml").exists()
    assert journal_entries(project) == []  # an exception cleans up; a kill is recovered below


def _crash_after_renames(monkeypatch: pytest.MonkeyPatch, renames: int) -> None:
    """Make the process 'die' after the journal is written and ``renames`` targets replaced."""
    real_replace = os.replace
    count = [0]

    def replace(src: object, dst: object) -> None:
        if str(src).endswith(".tmp") and "journal" in str(src) and str(dst).endswith(".json"):
            real_replace(src, dst)  # the journal file itself: the commit point
            return
        if count[0] == renames:
            raise Crash
        count[0] += 1
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)


@pytest.mark.parametrize("renames", [0, 1, 2])
def test_a_crash_after_the_commit_point_is_rolled_forward_by_the_next_open(
    project: Project, monkeypatch: pytest.MonkeyPatch, renames: int
) -> None:
    a, b, c = (project.codebooks_dir / f"{n}.yaml" for n in "abc")
    a.write_text("old a\n")
    c.write_text("old c\n")
    _crash_after_renames(monkeypatch, renames)
    with pytest.raises(Crash), project.transaction("codebook rename") as tx:
        tx.write_text(a, "new a\n")
        tx.write_text(b, "new b\n")
        tx.delete(c)
        tx.write_text(project.codings_dir / "ana" / "d.yaml", "new d\n")
    monkeypatch.undo()
    assert any(name.endswith(".json") for name in journal_entries(project))
    reopened = Project.open(project.root)
    assert [(r.direction, r.label) for r in reopened.recovered] == [("forward", "codebook rename")]
    assert a.read_text() == "new a\n" and b.read_text() == "new b\n" and not c.exists()
    assert (project.codings_dir / "ana" / "d.yaml").read_text() == "new d\n"
    assert journal_entries(project) == []
    assert Project.open(project.root).recovered == []  # idempotent: nothing left


def test_recovery_runs_before_a_lock_is_used(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    locking.take_recoveries()
    target = project.codings_dir / "ana" / "d.yaml"
    _crash_after_renames(monkeypatch, 0)
    with pytest.raises(Crash), project.transaction() as tx:
        tx.write_text(target, "one\n")
        tx.write_text(project.codings_dir / "ana" / "e.yaml", "two\n")
    monkeypatch.undo()
    assert not target.exists()
    with project.lock(locking.codings("ana", "d")):
        assert target.read_text() == "one\n"  # a reader inside the lock sees the finished change
    assert [r.direction for r in locking.take_recoveries()] == ["forward"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.dictionaries(st.sampled_from("abcdef"), st.text("xyzé\n", max_size=5), max_size=6),
    change=st.dictionaries(
        st.sampled_from("abcdefgh"), st.none() | st.text("pqré", max_size=5), min_size=1
    ),
    crash=st.integers(0, 10),
)
def test_any_crash_ends_in_the_state_before_or_after(
    tmp_path_factory: pytest.TempPathFactory,
    start: dict[str, str],
    change: dict[str, str | None],
    crash: int,
) -> None:
    project = Project.init(tmp_path_factory.mktemp("prop") / "p")
    folder = project.codings_dir / "ana"
    folder.mkdir(parents=True)
    for name, text in start.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    before = files(project.root)
    expected = dict(start)
    for name, text in change.items():
        if text is None:
            expected.pop(name, None)
        else:
            expected[name] = text
    with pytest.MonkeyPatch.context() as patch:
        _crash_after_renames(patch, crash)
        try:
            with project.transaction() as tx:
                for name, text in change.items():
                    if text is None:
                        tx.delete(folder / f"{name}.yaml")
                    else:
                        tx.write_text(folder / f"{name}.yaml", text)
        except Crash:
            pass
    Project.open(project.root)  # the next command
    after = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    assert after == expected or files(project.root) == before
    if len(change) > 1 or crash > 0:
        assert after == expected
    assert journal_entries(project) == []
    assert stray_temps(project.root) == []


_SCRIPT = """
import sys
from qualcode.store.project import Project
project = Project.open(sys.argv[1])
with project.transaction("test") as tx:
    for number in range(6):
        tx.write_text(project.codebooks_dir / f"f{number}.yaml", f"new: {number}\\n")
"""


def _run_and_kill(project: Project, when: str) -> None:
    """Start a real process committing 6 files slowly; SIGKILL it at the moment ``when``."""
    env = {**os.environ, atomic.SLOW_VARIABLE: "0.15"}
    proc = subprocess.Popen([sys.executable, "-c", _SCRIPT, str(project.root)], env=env)
    journal = project.private_dir / "journal"
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline:
            names = os.listdir(journal) if journal.is_dir() else []
            folders = [n for n in names if (journal / n).is_dir()]
            staged = sum(len(os.listdir(journal / f)) for f in folders if (journal / f).is_dir())
            written = sum(
                p.read_text().startswith("new") for p in project.codebooks_dir.glob("f*.yaml")
            )
            committed = any(n.endswith(".json") for n in names)
            if when == "staging" and staged >= 2 and not committed:
                break
            if when == "renaming" and committed and written >= 2:
                break
            time.sleep(0.005)
        else:  # pragma: no cover
            pytest.fail(f"never saw the {when} moment")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_while_staging_is_rolled_back(project: Project) -> None:
    for number in range(6):
        (project.codebooks_dir / f"f{number}.yaml").write_text(f"old: {number}\n")
    _run_and_kill(project, "staging")
    assert any((project.private_dir / "journal" / n).is_dir() for n in journal_entries(project))
    reopened = Project.open(project.root)
    assert [r.direction for r in reopened.recovered] == ["back"]
    assert {p.read_text() for p in project.codebooks_dir.glob("f*.yaml")} == {
        f"old: {n}\n" for n in range(6)
    }
    assert journal_entries(project) == [] and stray_temps(project.root) == []


def test_kill_9_while_renaming_is_rolled_forward(project: Project) -> None:
    for number in range(6):
        (project.codebooks_dir / f"f{number}.yaml").write_text(f"old: {number}\n")
    _run_and_kill(project, "renaming")
    states = {p.read_text() for p in project.codebooks_dir.glob("f*.yaml")}
    assert any(s.startswith("old") for s in states) and any(s.startswith("new") for s in states)
    reopened = Project.open(project.root)
    assert [r.direction for r in reopened.recovered] == ["forward"]
    assert {p.read_text() for p in project.codebooks_dir.glob("f*.yaml")} == {
        f"new: {n}\n" for n in range(6)
    }
    assert journal_entries(project) == [] and stray_temps(project.root) == []


def test_the_next_command_says_it_finished_an_interrupted_change(
    project: Project, monkeypatch: pytest.MonkeyPatch, run: object
) -> None:
    _crash_after_renames(monkeypatch, 1)
    with pytest.raises(Crash), project.transaction("codebook: renamed trust -> confianza") as tx:
        tx.write_text(project.codebooks_dir / "a.yaml", "codes: [a]\n")
        tx.write_text(project.codebooks_dir / "b.yaml", "codes: [b]\n")
    monkeypatch.undo()
    locking.take_recoveries()
    result = run("codebook", "show", "-p", project.root)  # type: ignore[operator]
    assert "note: finished a change an interrupted qualcode command had begun" in result.stderr
    assert "renamed trust -> confianza" in result.stderr
    assert "a" in result.stdout and "b" in result.stdout


def test_ctrl_c_after_the_commit_point_still_finishes_the_change(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = [0]

    def interrupt_while_renaming() -> None:
        calls[0] += 1
        if calls[0] == 4:  # after 3 staged files: between the first and second rename
            raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "_slow", interrupt_while_renaming)
    targets = [project.codebooks_dir / f"{n}.yaml" for n in "abc"]
    with pytest.raises(KeyboardInterrupt), project.transaction() as tx:
        for target in targets:
            tx.write_text(target, f"new {target.stem}\n")
    assert [t.read_text() for t in targets] == ["new a\n", "new b\n", "new c\n"]
    assert journal_entries(project) == []


def test_a_kill_before_a_one_file_rename_leaves_the_old_file(project: Project) -> None:
    target = project.codebooks_dir / "a.yaml"
    target.write_text("old\n")
    journal = project.private_dir / "journal"
    journal.mkdir()
    (journal / "123-4-abc.tmp").write_text("new\n")  # what a kill before os.replace leaves
    reopened = Project.open(project.root)
    assert [r.direction for r in reopened.recovered] == ["back"]
    assert target.read_text() == "old\n" and journal_entries(project) == []
