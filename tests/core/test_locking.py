"""Locks on project files: where they live, their order, re-entrancy, timeouts, threads."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from qualcode.errors import Busy
from qualcode.models import Document, Segment
from qualcode.store import locking
from qualcode.store.codings import load_segments, save_segments, update_segments
from qualcode.store.project import Project


def test_lock_files_live_under_qualcode_locks(project: Project) -> None:
    with project.lock("codebooks", locking.codings("ana", "doc-1"), "key"):
        pass
    locks = project.private_dir / "locks"
    assert (locks / "codebooks.lock").is_file()
    assert (locks / "codings" / "ana" / "doc-1.yaml.lock").is_file()
    assert (locks / "key.lock").is_file()
    beside_user_files = [
        p for p in project.root.rglob("*.lock") if project.private_dir not in p.parents
    ]
    assert beside_user_files == []


def test_locks_are_taken_in_one_order_whatever_order_they_are_named(project: Project) -> None:
    names = [locking.codings("ana", "b"), "codebooks", locking.codings("ana", "a"), "key"]
    with project.lock(*names):
        held = [lock.name for lock in locking.held_locks()]
    assert held == ["key", "codebooks", "codings/ana/a.yaml", "codings/ana/b.yaml"]
    assert locking.held_locks() == []


def test_a_lock_earlier_in_the_order_than_one_held_is_a_bug(project: Project) -> None:
    with (
        project.lock(locking.codings("ana", "a")),
        pytest.raises(locking.LockOrderError),
        project.lock("codebooks"),
    ):
        pass  # pragma: no cover
    assert locking.held_locks() == []


def test_locks_are_reentrant_and_released_by_the_outermost_block(project: Project) -> None:
    name = locking.codings("ana", "a")
    with project.lock("codebooks", name):
        with project.lock(name), project.lock("codebooks", name, "index"):
            assert len(locking.held_locks()) == 3
        assert [lock.name for lock in locking.held_locks()] == ["codebooks", name]
    assert locking.held_locks() == []


def _hold_in_thread(project: Project, name: str, seconds: float) -> threading.Thread:
    ready = threading.Event()

    def hold() -> None:
        with project.lock(name):
            ready.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(5)
    return thread


def test_a_busy_lock_fails_after_the_timeout_naming_the_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(locking.TIMEOUT_VARIABLE, "0.3")
    name = locking.codings("ana", "2010-10-06-pancho")
    thread = _hold_in_thread(project, name, 1.0)
    started = time.monotonic()
    with pytest.raises(Busy) as info, project.lock("codebooks", name):
        pass  # pragma: no cover
    waited = time.monotonic() - started
    thread.join()
    assert 0.25 < waited < 0.95
    assert "codings/ana/2010-10-06-pancho.yaml is busy" in info.value.message
    assert "QUALCODE_LOCK_TIMEOUT" in (info.value.hint or "")
    assert info.value.exit_code == 1
    assert locking.held_locks() == []  # the codebook lock taken first was released


def test_a_waiting_thread_gets_the_lock_when_it_is_released(project: Project) -> None:
    thread = _hold_in_thread(project, "codebooks", 0.3)
    started = time.monotonic()
    with project.lock("codebooks"):
        waited = time.monotonic() - started
    thread.join()
    assert waited > 0.1


def test_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert locking.lock_timeout() == locking.DEFAULT_TIMEOUT
    monkeypatch.setenv(locking.TIMEOUT_VARIABLE, "2.5")
    assert locking.lock_timeout() == 2.5
    monkeypatch.setenv(locking.TIMEOUT_VARIABLE, "soon")
    assert locking.lock_timeout() == locking.DEFAULT_TIMEOUT


def test_key_lock_is_the_projects_or_the_users(project: Project, tmp_path: Path) -> None:
    inside = locking.key_lock(project.key_path)
    assert inside == project.lock_name("key")
    assert inside.file == project.private_dir / "locks" / "key.lock"
    assert inside.label == ".qualcode/people.yaml"
    outside = locking.key_lock(tmp_path / "elsewhere" / "people.yaml")
    assert project.private_dir not in outside.file.parents
    assert outside.label.endswith("people.yaml")
    assert outside.rank == inside.rank


def _doc(project: Project) -> Document:
    body = "".join(f"Línea {n}: la confianza se construye despacio.\n" for n in range(1, 41))
    return project.save_document(Document(id="doc", kind="interview", title="Doc", body=body))


def test_threads_adding_segments_to_one_file_keep_every_segment(project: Project) -> None:
    doc = _doc(project)

    def add(number: int) -> None:
        start = doc.body.index(f"Línea {number}:")
        seg = Segment("doc", start, start + 8, "trust", "ana", doc.body[start : start + 8])
        update_segments(project, "ana", "doc", lambda stored: [*stored, seg])

    threads = [threading.Thread(target=add, args=(n,)) for n in range(1, 21)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(load_segments(project, coder="ana", document="doc")) == 20


def test_update_segments_writes_nothing_when_the_change_returns_none(project: Project) -> None:
    doc = _doc(project)
    seg = Segment("doc", 0, 5, "trust", "ana", doc.body[:5])
    save_segments(project, "ana", "doc", [seg])
    path = project.codings_dir / "ana" / "doc.yaml"
    before = path.stat().st_mtime_ns
    assert update_segments(project, "ana", "doc", lambda stored: None) == [seg]
    assert path.stat().st_mtime_ns == before


def test_threads_coding_survey_answers_keep_every_code(project: Project, tmp_path: Path) -> None:
    from qualcode.survey.sources import ImportOptions
    from qualcode.survey.store import import_survey, load_codings, update_codings

    source = tmp_path / "feria.csv"
    rows = "".join(f"R{n:02d},Que haya más talleres en Peñalolén {n}\n" for n in range(1, 21))
    source.write_text("id,cambio\n" + rows, encoding="utf-8")
    survey = import_survey(project, source, "feria", ImportOptions(open=["cambio"]))

    def code(rid: str) -> None:
        update_codings(
            project,
            "feria",
            "ana",
            lambda stored: stored.add("cambio", rid, "talleres"),
            survey.ids,
        )

    threads = [threading.Thread(target=code, args=(rid,)) for rid in survey.ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(load_codings(project, "feria", "ana").for_question("cambio")) == 20


def test_two_imports_cannot_take_the_same_id(project: Project, tmp_path: Path) -> None:
    from qualcode.errors import AlreadyExists
    from qualcode.store.documents import ImportOptions, import_files

    source = tmp_path / "entrevista.txt"
    source.write_text("Clara: Nos conocemos hace años.\n", encoding="utf-8")
    outcomes: list[str] = []

    def run_import() -> None:
        try:
            import_files(project, [source], ImportOptions(kind="interview"))
            outcomes.append("imported")
        except AlreadyExists:
            outcomes.append("refused")

    threads = [threading.Thread(target=run_import) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["imported", "refused", "refused", "refused"]
    assert [d.id for d in project.documents()] == ["entrevista"]
