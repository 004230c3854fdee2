"""``kill -9`` at random moments: every file parses, the project is as before or as after.

Each test runs a real ``python -m qualcode`` command over and over on a fresh
copy of a larger example project and kills it with SIGKILL after a random
delay, drawn uniformly between 50% and 100% of the time an uninterrupted run
takes (before that the interpreter is starting and reading; a run that ends
before its delay is not counted as a kill). Three copies run at once (they
mostly sleep); the typical run time is measured that way and kept up to date
from the runs left alone (every fifth one).
``QUALCODE_TEST_SLOW_RENAMES`` makes the command sleep a little after each
staged file and between renames, so that many kills land inside the
transaction. After each kill:

* what the command left in ``.qualcode/journal`` is recorded: a complete
  journal (killed while renaming: to be rolled *forward*), staged temps only
  (killed while staging: rolled *back*) or nothing;
* when it left something, the next command (any command that opens the
  project; here ``qualcode people list``, a cheap one) must recover it and say so;
* the journal must then be empty and no temp file may be left outside
  ``.qualcode``;
* every project file and the key, byte for byte, must equal either the state
  before the command or the state after an uninterrupted run. Both of those
  were parsed in full (documents, codebook, codings, surveys, key) and tallied
  once, so byte equality means every file parses and the tally is the one before
  or after; a state that matches neither fails the test.

The seed is printed (``-s``) with the counts; set ``QUALCODE_KILL_SEED`` to replay one.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualcode.cli import app
from tests.safety.helpers import (
    build_example,
    copy_project,
    journal_state,
    parsed_state,
    snapshot,
    start,
    stray_temps,
)

KILLS = 30
SLOW = "QUALCODE_TEST_SLOW_RENAMES"


@dataclass
class KillStats:
    """What one kill loop saw."""

    command: str
    seed: int
    runs: int = 0
    kills: int = 0
    landed: Counter[str] = field(default_factory=Counter)
    ended: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        return (
            f"kill -9 {self.command}: {self.kills} kills in {self.runs} runs (seed {self.seed}); "
            f"mid-transaction {self.landed['forward'] + self.landed['back']} "
            f"(rolled forward {self.landed['forward']}, back {self.landed['back']}); "
            f"ended as before {self.ended['before']}, as after {self.ended['after']}"
        )


def _differences(files: dict[str, bytes], before: dict[str, bytes], after: dict[str, bytes]) -> str:
    near = (
        before
        if len(set(files.items()) ^ set(before.items()))
        < len(set(files.items()) ^ set(after.items()))
        else after
    )
    changed = sorted(
        set(files) ^ set(near) | {k for k in files if k in near and files[k] != near[k]}
    )
    return ", ".join(changed[:8])


def kill_loop(
    tmp_path: Path,
    template: Path,
    argv: list[str],
    *,
    slow: str,
    command: str,
    surveys: tuple[str, ...] = (),
    workers: int = 3,
) -> KillStats:
    """Kill ``qualcode ARGV`` :data:`KILLS` times, ``workers`` copies at a time; check each."""
    seed = int(os.environ.get("QUALCODE_KILL_SEED") or random.SystemRandom().randrange(10**6))
    stats = KillStats(command, seed)

    before_files = snapshot(template)
    before = parsed_state(copy_project(template, tmp_path / "before"), surveys)
    # The typical run time, measured with ``workers`` runs at once (as in the loop), then
    # kept up to date from every run that ends by itself.
    finished = [copy_project(template, tmp_path / f"after-{n}") for n in range(workers)]
    started = time.monotonic()
    procs = [start(argv, folder, **{SLOW: slow}) for folder in finished]
    times = []
    for proc in procs:
        _out, err = proc.communicate()
        assert proc.returncode == 0, err
        times.append(time.monotonic() - started)
    recent = list(times)  # durations of uninterrupted runs; the median is the typical one
    after_files = snapshot(finished[0])
    assert all(snapshot(folder) == after_files for folder in finished)
    finished = finished[0]
    after = parsed_state(finished, surveys)
    assert after_files != before_files and after != before, "the command changed nothing"
    runner = CliRunner()
    checking = threading.Lock()  # one check at a time: CliRunner swaps sys.stdout
    failures: list[BaseException] = []

    def check(work: Path) -> None:
        landed = journal_state(work)
        stats.landed[landed] += 1
        if landed != "clean":  # the next command recovers, and says so
            done = runner.invoke(app, ["people", "list", "-p", str(work)], catch_exceptions=False)
            assert done.exit_code == 0, done.stderr
            said = "note: finished a change" if landed == "forward" else "note: discarded"
            assert said in done.stderr, done.stderr
        assert journal_state(work) == "clean"
        assert stray_temps(work) == [], stray_temps(work)
        files = snapshot(work)
        if files == before_files:
            stats.ended["before"] += 1
            return landed, "before"
        assert files == after_files, f"neither before nor after ({landed}): " + _differences(
            files, before_files, after_files
        )
        stats.ended["after"] += 1
        return landed, "after"

    def worker(number: int) -> None:
        rng = random.Random(seed * 10 + number)
        work = tmp_path / f"work-{number}"
        try:
            for turn in range(3 * KILLS):
                with checking:
                    if stats.kills >= KILLS or failures:
                        return
                    stats.runs += 1
                    typical = sorted(recent[-5:])[len(recent[-5:]) // 2]
                copy_project(template, work)
                # every fifth run is left alone, to keep the typical duration up to date
                delay = None if turn % 5 == 4 else rng.uniform(0.5, 1.0) * typical
                started = time.monotonic()
                proc = start(argv, work, **{SLOW: slow})
                try:
                    proc.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    killed = True
                else:
                    killed = False
                    if delay is None:
                        with checking:
                            recent.append(time.monotonic() - started)
                _out, err = proc.communicate()
                assert killed or proc.returncode == 0, err
                with checking:
                    stats.kills += killed
                    check(work)
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    assert stats.kills >= KILLS, stats.line()
    print(stats.line())
    assert stats.landed["forward"] >= 1, stats.line()  # the test really hits the window
    assert stats.landed["forward"] + stats.landed["back"] >= 3, stats.line()
    return stats


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worked example with its key and one more coder (41 codings files)."""
    root = tmp_path_factory.mktemp("kill") / "example"
    build_example(root, coders=1)
    return root


@pytest.mark.slow
def test_kill_import_of_several_documents(tmp_path: Path, example: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    files = []
    for number in range(1, 13):
        path = sources / f"entrevista-{number:02d}.txt"
        path.write_text(
            f"Entrevista {number} con Hernán Ulloa.\n\n"
            f"Hernán: Escríbame a productor{number}@feria.cl, o pregúntele a Gladys Mardones.\n\n"
            "Entrevistadora: ¿Y la confianza en la Red?\n\n"
            "Hernán: “Se gana despacio”, dice Rodrigo Espinoza.\n",
            encoding="utf-8",
        )
        files.append(str(path))
    argv = ["import", *files, "--kind", "interview", "--date", "2010-11-05"]
    kill_loop(tmp_path, example, argv, slow="0.02", command="import (12 documents + key)")


@pytest.mark.slow
def test_kill_codebook_rename(tmp_path: Path, example: Path) -> None:
    argv = ["codebook", "rename", "trust", "mutual-trust"]
    kill_loop(tmp_path, example, argv, slow="0.006", command="codebook rename (codebook + codings)")


@pytest.mark.slow
def test_kill_survey_import(tmp_path: Path, example: Path) -> None:
    comunas = ["La Granja", "Conchalí", "Recoleta", "Pudahuel", "Peñalolén"]
    lines = ["id,cambio,comuna"]
    for number in range(1, 501):
        answer = f"Que Gladys Mardones organice más talleres; mi correo es p{number}@red.cl"
        lines.append(f'R{number:04d},"{answer}",{comunas[number % len(comunas)]}')
    source = tmp_path / "grande.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = ["survey", "import", str(source), "--name", "grande", "--open", "cambio"]
    kill_loop(
        tmp_path,
        example,
        argv,
        slow="0.1",
        command="survey import (definition + responses + key)",
        surveys=("grande",),
    )


@pytest.mark.slow
def test_kill_autocode_apply(tmp_path: Path, example: Path) -> None:
    template = copy_project(example, tmp_path / "template")
    for path in (template / "codings" / "auto").glob("*.yaml"):
        path.unlink()
    argv = ["autocode", "--code", "trust", "--code", "paternalism", "--code", "participation"]
    kill_loop(
        tmp_path,
        template,
        [*argv, "--apply"],
        slow="0.03",
        command="autocode --apply (13 documents)",
    )
