"""Real ``python -m qualcode`` processes run at once: every change is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qualcode.codebook.edit import add_code
from qualcode.models import Document
from qualcode.pseudonymise.key_file import load_key
from qualcode.store.codings import load_segments
from qualcode.store.project import Project
from tests.safety.helpers import build_example, copy_project, run, snapshot, start

WAIT = {"QUALCODE_LOCK_TIMEOUT": "120"}  # contention is the point here, not the timeout
ROUNDS = 10
AT_ONCE = 12


def _body(lines: int) -> str:
    return "".join(
        f"Línea {n}: “la confianza se gana despacio”, dijo Ñusta en la feria de Peñalolén.\n"
        for n in range(1, lines + 1)
    )


@pytest.mark.slow
def test_twelve_code_commands_at_once_keep_every_segment(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "proj", name="Concurrencia")
    add_code(project, "trust", label="Confianza")
    project.save_document(
        Document(id="feria", kind="interview", title="Feria", body=_body(ROUNDS * AT_ONCE))
    )
    expected: set[int] = set()
    for round_number in range(ROUNDS):
        lines = [round_number * AT_ONCE + n for n in range(1, AT_ONCE + 1)]
        procs = [
            start(
                ["code", "feria", "trust", "--lines", f"{n}-{n}", "--coder", "ana"],
                project.root,
                **WAIT,
            )
            for n in lines
        ]
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        expected |= set(lines)
        segments = load_segments(project, coder="ana", document="feria")
        starts = {project.document("feria").body.count("\n", 0, s.start) + 1 for s in segments}
        assert starts == expected, f"round {round_number + 1}: lost {sorted(expected - starts)}"
    print(
        f"concurrent code: {ROUNDS} rounds of {AT_ONCE} processes on one document, "
        f"{len(expected)} of {len(expected)} segments kept"
    )


def _mixed_commands(doc: str, lines: list[int]) -> list[list[str]]:
    commands = [["code", doc, "trust", "--lines", f"{n}-{n}", "--coder", "zoe"] for n in lines]
    commands += [
        ["autocode", "--codebook-keywords", "--apply"],
        ["codebook", "rename", "distrust", "suspicion"],
        ["people", "add", "Rosa Huenchumilla", "--pseudonym", "Teresa"],
        ["people", "add", "Aurelio Cárcamo", "--pseudonym", "Ramón"],
    ]
    return commands


def _shared(root: Path) -> dict[str, bytes]:
    """Return the codebook and codings files (byte-deterministic whatever the order of commands)."""
    return {k: v for k, v in snapshot(root).items() if k.startswith(("codebooks/", "codings/"))}


def _people(root: Path) -> set[tuple[str, str | None]]:
    key = load_key(Project.open(root).key_path)
    return {(e.real, e.pseudonym) for e in key.entries}


@pytest.mark.slow
def test_code_autocode_rename_and_people_add_at_once_keep_every_change(tmp_path: Path) -> None:
    template = tmp_path / "template"
    project = build_example(template)
    shutil.rmtree(project.codings_dir / "auto")
    doc = project.document("2010-10-06-pancho")
    body_lines = doc.body.split("\n")
    lines = [n for n, text in enumerate(body_lines, start=1) if text.strip()][:6]
    commands = _mixed_commands(doc.id, lines)

    sequential = copy_project(template, tmp_path / "sequential")
    for command in commands:
        run(command, sequential)
    expected_files = _shared(sequential)
    expected_people = _people(sequential)
    assert any("suspicion" in k or b"suspicion" in v for k, v in expected_files.items())

    for round_number in range(3):
        work = copy_project(template, tmp_path / f"round-{round_number}")
        procs = [start(command, work, **WAIT) for command in commands]
        for command, proc in zip(commands, procs, strict=True):
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, f"{' '.join(command)}: {err}"
        assert _shared(work) == expected_files, f"round {round_number + 1}"
        assert _people(work) == expected_people
        zoe = load_segments(Project.open(work), coder="zoe")
        assert len(zoe) == len(lines)
        everything = load_segments(Project.open(work))
        assert not any(s.code.endswith("distrust") for s in everything)
    print(
        f"concurrent code x{len(lines)} + autocode --apply + codebook rename + people add x2: "
        "3 rounds, every change kept"
    )
