"""Real ``python -m qualcode`` processes, a larger example project, and state snapshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qualcode.store.project import Project

QUALCODE = [sys.executable, "-m", "qualcode"]


def environment(**extra: str) -> dict[str, str]:
    """Return the environment of a child process: no QUALCODE_* from outside, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUALCODE_")}
    env.update({"NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb"})
    env.update(extra)
    return env


def start(args: Sequence[str | os.PathLike[str]], cwd: Path, **env: str) -> subprocess.Popen[str]:
    """Start ``qualcode ARGS`` in ``cwd`` (stdout and stderr captured as text)."""
    return subprocess.Popen(
        [*QUALCODE, *(str(a) for a in args)],
        cwd=cwd,
        env=environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(
    args: Sequence[str | os.PathLike[str]], cwd: Path, *, expect: int | None = 0, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``qualcode ARGS`` to the end; check the exit status unless ``expect`` is None."""
    done = subprocess.run(
        [*QUALCODE, *(str(a) for a in args)],
        cwd=cwd,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if expect is not None:
        assert done.returncode == expect, (
            f"qualcode {' '.join(map(str, args))}: exit {done.returncode}\n{done.stderr}"
        )
    return done


def copy_project(template: Path, target: Path) -> Path:
    """Copy a project folder (with its .qualcode key, without locks, journal or index)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        template, target, ignore=shutil.ignore_patterns("locks", "journal", "index.sqlite*")
    )
    return target


def build_example(root: Path, *, coders: int = 0) -> Project:
    """Create the worked example with its key, and ``coders`` more coders copied from ana.

    The copies (``c01``, ``c02``...) make a codebook edit rewrite many files.
    """
    from qualcode.demo import create_demo_project, install_example_key

    project = create_demo_project(root)
    install_example_key(project)
    ana = project.codings_dir / "ana"
    for number in range(1, coders + 1):
        name = f"c{number:02d}"
        folder = project.codings_dir / name
        folder.mkdir()
        for path in sorted(ana.glob("*.yaml")):
            text = path.read_text(encoding="utf-8").replace("coder: ana", f"coder: {name}")
            (folder / path.name).write_text(text, encoding="utf-8")
    return project


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every project file (and the key), relative path -> bytes; not locks, journal, index."""
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file():
            continue
        if rel.parts[0] == ".qualcode" and not rel.name.startswith("people.yaml"):
            continue
        files[rel.as_posix()] = path.read_bytes()
    return files


def stray_temps(root: Path) -> list[str]:
    """Return temp files outside ``.qualcode/`` (a reader could trip over them), and any
    left in the journal."""
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if rel.parts[0] == ".qualcode":
            if len(rel.parts) > 1 and rel.parts[1] == "journal" and path.is_file():
                found.append(rel.as_posix())
            continue
        if path.name.endswith(".tmp") or ".qc-" in path.name:
            found.append(rel.as_posix())
    return found


def journal_state(root: Path) -> str:
    """Return what a killed command left in the journal.

    ``forward`` (a complete journal: it was renaming), ``back`` (temps staged, no
    journal yet), ``clean`` (nothing, or an empty folder of a one-file change).
    """
    journal = root / ".qualcode" / "journal"
    if not journal.is_dir():
        return "clean"
    names = os.listdir(journal)
    if any(n.endswith(".json") and not n.startswith(".") for n in names):
        return "forward"
    if any((journal / n).is_dir() and os.listdir(journal / n) for n in names):
        return "back"
    if any(n.endswith(".tmp") and not n.startswith(".") for n in names):
        return "back"  # a one-file change killed before its rename
    return "clean"


def parsed_state(root: Path, surveys: Sequence[str] = ()) -> dict[str, Any]:
    """Open the project (which recovers its journal), parse every file, and tally.

    Raises whatever the library raises on a malformed file.
    """
    from qualcode.analysis import load_corpus
    from qualcode.analysis.tally import tally
    from qualcode.codebook.tree import load_codebook
    from qualcode.pseudonymise.key_file import load_key
    from qualcode.store.codings import load_segments
    from qualcode.survey.store import list_survey_names, load_codings, load_survey, survey_coders
    from qualcode.survey.tally import tally_survey

    project = Project.open(root)
    book = load_codebook(project.codebooks_dir)
    documents = project.documents()
    segments = load_segments(project)
    key = load_key(project.key_path)
    corpus = load_corpus(project, use_index=False)
    counts = tuple(tally(corpus, book).counts)
    survey_tallies = {}
    for name in list_survey_names(project):
        survey = load_survey(project, name)
        for coder in survey_coders(project, name):
            load_codings(project, name, coder)
        if name in surveys:
            survey_tallies[name] = tally_survey(survey).rows
    return {
        "documents": len(documents),
        "segments": len(segments),
        "people": len(key.entries),
        "tally": counts,
        "surveys": survey_tallies,
    }
