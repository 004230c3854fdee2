"""Git for a team: installing qualcode's segment-by-segment merge driver in a repository.

:func:`setup_git` (``qualcode git setup``, ``qualcode init --git``) makes the
project folder a git repository if asked, then

* adds to the project's ``.gitattributes`` the lines that send coding files to
  the driver::

      codings/*/*.yaml merge=qualcode
      fieldnotes/surveys/*/codings/*.csv merge=qualcode

  (``.gitattributes`` is committed, so every clone knows which files the
  driver merges);
* defines the driver in the repository's own ``.git/config`` (not committed:
  each team member runs ``qualcode git setup`` once per clone)::

      [merge "qualcode"]
          name = qualcode: merge coding files segment by segment
          driver = <python> -m qualcode merge-driver %O %A %B %P

A clone without the driver defined still merges, line by line, as git always does.
The merge itself is :mod:`qualcode.store.merge`.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import InvalidArgument
from qualcode.store import atomic
from qualcode.store.project import Project

DRIVER = "qualcode"
ATTRIBUTES = (
    "codings/*/*.yaml merge=qualcode",
    "fieldnotes/surveys/*/codings/*.csv merge=qualcode",
)
_HEADER = (
    "# qualcode: merge coding files segment by segment ('qualcode git setup' defines the driver)"
)


def driver_command(executable: str | None = None) -> str:
    """Return the command git runs for a merge: this Python running ``qualcode merge-driver``.

    Args:
        executable: The command that starts qualcode (default: this
            interpreter with ``-m qualcode``, so the driver works without
            ``qualcode`` on git's PATH).
    """
    start = executable or f"{shlex.quote(sys.executable)} -m qualcode"
    return f"{start} merge-driver %O %A %B %P"


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    git = shutil.which("git")
    if git is None:
        raise InvalidArgument("git is not installed", hint="install git, then run this again")
    return subprocess.run(
        [git, "-C", str(folder), *args], capture_output=True, text=True, check=False
    )


def repository_root(folder: Path) -> Path | None:
    """Return the top of the git work tree holding ``folder``, or None when it is not in one."""
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        return None
    return Path(done.stdout.strip())


@dataclass
class GitSetup:
    """What :func:`setup_git` did.

    Attributes:
        repository: The top of the git work tree.
        initialised: Whether ``git init`` was run.
        attributes: The lines added to ``.gitattributes`` (empty when all were there).
        attributes_file: The ``.gitattributes`` file.
        command: The driver command written to the repository's config.
    """

    repository: Path
    initialised: bool
    attributes_file: Path
    attributes: list[str] = field(default_factory=list)
    command: str = ""


def setup_git(project: Project, *, init: bool = False, executable: str | None = None) -> GitSetup:
    """Install the merge driver for ``project`` (see the module docstring).

    Args:
        project: The project.
        init: Run ``git init`` in the project folder when it is not in a repository.
        executable: The command that starts qualcode (see :func:`driver_command`).

    Returns:
        What was done; running it again changes nothing.

    Raises:
        InvalidArgument: git is missing, or the project is not in a repository and ``init`` is false.
    """
    root = repository_root(project.root)
    initialised = False
    if root is None:
        if not init:
            raise InvalidArgument(
                f"{project.root} is not in a git repository",
                hint="run 'git init' there first, or 'qualcode git setup --init'",
            )
        done = _git(project.root, "init", "--quiet")
        if done.returncode != 0:
            raise InvalidArgument(f"git init failed: {done.stderr.strip()}")
        initialised = True
        root = repository_root(project.root) or project.root
    attributes_file = project.root / ".gitattributes"
    existing = attributes_file.read_text(encoding="utf-8") if attributes_file.exists() else ""
    present = {line.strip() for line in existing.splitlines()}
    missing = [line for line in ATTRIBUTES if line not in present]
    if missing:
        text = existing + ("" if not existing or existing.endswith("\n") else "\n")
        if _HEADER not in present:
            text += ("\n" if existing.strip() else "") + _HEADER + "\n"
        text += "".join(line + "\n" for line in missing)
        atomic.write_text(attributes_file, text)
    command = driver_command(executable)
    for key, value in (
        (f"merge.{DRIVER}.name", "qualcode: merge coding files segment by segment"),
        (f"merge.{DRIVER}.driver", command),
    ):
        done = _git(project.root, "config", "--local", key, value)
        if done.returncode != 0:
            raise InvalidArgument(f"git config failed: {done.stderr.strip()}")
    return GitSetup(root, initialised, attributes_file, missing, command)


__all__ = ["ATTRIBUTES", "DRIVER", "GitSetup", "driver_command", "repository_root", "setup_git"]
