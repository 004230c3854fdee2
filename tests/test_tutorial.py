"""Every command of docs/tutorial.md runs, in order, and prints what the tutorial shows.

The tutorial's ``console`` blocks are read: a line starting with ``$ `` is a command
(run by bash in a fresh folder; ``cd DIR`` changes the folder for the next ones),
the lines after it, up to the next command, are its expected output (stdout and
stderr together). A command shown without output is only checked to exit 0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"


def steps(text: str) -> list[tuple[str, str]]:
    """The (command, expected output) pairs of the tutorial's console blocks, in order."""
    found: list[tuple[str, str]] = []
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.M | re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], ""))
            elif found:
                command, output = found[-1]
                found[-1] = (command, output + line + "\n")
    return found


def test_the_tutorial_has_the_steps_the_issue_asks_for():
    commands = " ".join(command for command, _ in steps(TUTORIAL.read_text(encoding="utf-8")))
    for name in (
        "qualcode init",
        "qualcode import",
        "qualcode people add",
        "qualcode pseudonymise",
        "qualcode codebook add",
        "qualcode code",
        "qualcode tally",
        "qualcode quotes",
        "qualcode cooccur",
        "qualcode agreement",
        "qualcode export refi",
        "qualcode report",
    ):
        assert name in commands, name
    assert "\\r\\n" in commands  # one interview has CRLF line ends


@pytest.mark.skipif(shutil.which("bash") is None, reason="the tutorial's commands are bash")
def test_every_tutorial_command_runs_and_prints_what_is_shown(tmp_path):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb", "HOME": str(tmp_path)}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cwd = tmp_path
    for command, expected in steps(TUTORIAL.read_text(encoding="utf-8")):
        if command.startswith("cd "):
            cwd = (cwd / command[3:].strip()).resolve()
            continue
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"$ {command}\nexit {result.returncode}\n{output}"
        if expected.strip():
            got = [line.rstrip() for line in output.strip("\n").splitlines()]
            want = [line.rstrip() for line in expected.strip("\n").splitlines()]
            assert got == want, (
                f"$ {command}\n--- shown in docs/tutorial.md\n{expected}--- printed\n{output}"
            )
