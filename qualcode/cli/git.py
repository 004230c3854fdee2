"""``qualcode git setup`` and ``qualcode merge-driver``: team coding through git."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qualcode.cli._group import LazyGroup
from qualcode.cli._options import ProjectOption

app = typer.Typer(
    cls=LazyGroup,
    help="Git for a team: install the merge driver that merges coding files segment by segment.",
    no_args_is_help=True,
)


def report_setup(done: object) -> None:
    """Print what :func:`qualcode.store.git.setup_git` did, on stderr."""
    from qualcode.cli.render import message

    if done.initialised:  # type: ignore[attr-defined]
        message(f"initialised a git repository in {done.repository}")  # type: ignore[attr-defined]
    added = done.attributes  # type: ignore[attr-defined]
    where = done.attributes_file  # type: ignore[attr-defined]
    message(f"added {len(added)} lines to {where}" if added else f"{where} already set up")
    message(
        "merge driver 'qualcode' defined in .git/config (run 'qualcode git setup' in each clone)"
    )


def setup_command(
    init: Annotated[
        bool,
        typer.Option(
            "--init", help="Run 'git init' first when the project is not in a repository."
        ),
    ] = False,
    command: Annotated[
        str | None,
        typer.Option(
            "--command",
            help="How git starts qualcode (default: this Python with -m qualcode).",
            show_default=False,
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Install the merge driver: .gitattributes lines and a [merge "qualcode"] entry in .git/config.

    Coding files then merge segment by segment: two branches that coded the
    same document keep every segment of both. Run it once in every clone
    (.git/config is not shared); .gitattributes is committed.

    Example: qualcode git setup
    """
    from qualcode.cli._options import open_project
    from qualcode.store.git import setup_git

    proj = open_project(project)
    report_setup(setup_git(proj, init=init, executable=command))


def merge_driver(
    base: Annotated[Path, typer.Argument(help="The common ancestor's version (git's %O).")],
    ours: Annotated[Path, typer.Argument(help="Our version; the result is written here (%A).")],
    theirs: Annotated[Path, typer.Argument(help="Their version (%B).")],
    path: Annotated[
        str | None, typer.Argument(help="The file's path in the repository (%P).")
    ] = None,
) -> None:
    """Merge two edits of one coding file segment by segment (git runs this; see 'git setup').

    Writes the result over OURS. Exits 0 when merged, 1 when a conflict is
    left for you (a memo edited on both sides: both are kept between
    <<<<<<< and >>>>>>> markers; 'qualcode check' lists them). A file that
    is not a readable coding file is merged line by line by 'git merge-file'.

    Example: qualcode merge-driver %O %A %B %P   (in .git/config, written by 'qualcode git setup')
    """
    from qualcode.cli.render import message
    from qualcode.errors import InvalidData
    from qualcode.store import atomic
    from qualcode.store.merge import merge_texts

    name = path or str(ours)
    try:
        texts = [p.read_text(encoding="utf-8") if p.exists() else "" for p in (base, ours, theirs)]
        result = merge_texts(name, *texts, order=_survey_order(name))
    except (InvalidData, UnicodeDecodeError) as error:
        message(f"qualcode merge-driver: {name}: {error}; merging line by line")
        raise typer.Exit(_line_merge(base, ours, theirs)) from None
    atomic.write_text(ours, result.text)
    for note in result.notes:
        message(f"qualcode merge-driver: {name}: {note}")
    for conflict in result.conflicts:
        message(f"qualcode merge-driver: {name}: CONFLICT {conflict} (both kept between markers)")
    message(
        f"qualcode merge-driver: {name}: merged segment by segment "
        f"({result.ours} only ours, {result.theirs} only theirs)"
    )
    if result.conflicts:
        raise typer.Exit(1)


def _survey_order(path: str) -> list[str] | None:
    """Return the response ids of the survey a survey codings file belongs to (None if unknown)."""
    import csv

    if not path.endswith(".csv"):
        return None
    responses = Path(path).parent.parent / "responses.csv"
    try:
        with responses.open(encoding="utf-8", newline="") as handle:
            return [row[0] for row in list(csv.reader(handle))[1:] if row]
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def _line_merge(base: Path, ours: Path, theirs: Path) -> int:
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return 1
    done = subprocess.run(
        [
            git,
            "merge-file",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            str(ours),
            str(base),
            str(theirs),
        ],
        check=False,
    )
    return 0 if done.returncode == 0 else 1
