"""A command that finds a file locked by another waits, then fails naming it; nothing is written."""

from __future__ import annotations

import time
from pathlib import Path

from qualcode.codebook.edit import add_code
from qualcode.models import Document, Segment
from qualcode.store import locking
from qualcode.store.codings import save_segments
from qualcode.store.project import Project
from tests.safety.helpers import run, snapshot


def _project(tmp_path: Path) -> Project:
    project = Project.init(tmp_path / "proj", name="Bloqueo")
    add_code(project, "trust", label="Confianza")
    add_code(project, "trust/distrust", label="Desconfianza")
    body = "Clara: “Nos conocemos hace años”.\nMario: Eso no basta.\n"
    project.save_document(Document(id="feria", kind="interview", title="Feria", body=body))
    save_segments(
        project, "ana", "feria", [Segment("feria", 0, 5, "trust/distrust", "ana", "Clara")]
    )
    return project


def test_a_held_codings_file_makes_code_fail_within_the_timeout(tmp_path: Path) -> None:
    project = _project(tmp_path)
    before = snapshot(project.root)
    with project.lock(locking.codings("ana", "feria")):
        started = time.monotonic()
        done = run(
            ["code", "feria", "trust", "--lines", "2", "--coder", "ana"],
            project.root,
            expect=1,
            QUALCODE_LOCK_TIMEOUT="1",
        )
        elapsed = time.monotonic() - started
    first = done.stderr.splitlines()[0]
    assert first == (
        "qualcode: error: codings/ana/feria.yaml is busy: another qualcode command is changing it"
    )
    assert "waited 1 s" in done.stderr and "Traceback" not in done.stderr
    assert 1.0 <= elapsed < 8
    assert snapshot(project.root) == before


def test_a_codebook_rename_that_cannot_lock_a_codings_file_changes_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    before = snapshot(project.root)
    with project.lock(locking.codings("ana", "feria")):
        done = run(
            ["codebook", "rename", "distrust", "suspicion"],
            project.root,
            expect=1,
            QUALCODE_LOCK_TIMEOUT="0.5",
        )
    assert "codings/ana/feria.yaml is busy" in done.stderr.splitlines()[0]
    assert snapshot(project.root) == before  # neither the codebook nor any codings file
    run(["codebook", "rename", "distrust", "suspicion"], project.root)  # free again: it works
    assert b"suspicion" in (project.codings_dir / "ana" / "feria.yaml").read_bytes()
