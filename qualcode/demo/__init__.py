"""The worked example: a project built from the shipped Santiago case study.

The example is the repository itself: ``qualcode.yaml``, ``codebooks/``,
``fieldnotes/``, ``codings/`` and ``memos/`` at its top level are a fictionalised
re-creation of the fieldwork of a 2010 thesis on the Santiago Solidarity
Economy Network (every sentence was written for qualcode). The wheel carries a
copy of those folders in ``qualcode/demo/project/`` (hatch ``force-include``),
so ``qualcode demo`` works from an installed package too. Beside this module
are the demo's own inputs, which are not part of the project: ``people.yaml``
(an example key of invented real names) and ``raw/`` (transcripts that still
hold those names, for the pseudonymisation step).
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from qualcode.errors import AlreadyExists, NotFound
from qualcode.store import yamlio
from qualcode.store.project import SETTINGS_FILE, Project

EXAMPLE_NAME = "Santiago Solidarity Economy Network (example)"
_COPIED = ("codebooks", "fieldnotes", "codings", "memos")


def example_root() -> Path:
    """Return the folder of the example project.

    The copy packaged in the wheel (``qualcode/demo/project/``) when there is
    one, else the top of the source checkout this package was imported from.

    Raises:
        NotFound: neither exists (a broken installation).
    """
    packaged = Path(str(resources.files("qualcode.demo") / "project"))
    if (packaged / SETTINGS_FILE).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / SETTINGS_FILE).is_file() and (checkout / "fieldnotes").is_dir():
        return checkout
    raise NotFound(
        "the example project is missing from this installation",
        hint="reinstall qualcode (pip install --force-reinstall qualcode)",
    )


def _inputs() -> Path:
    """Return the folder of the demo's own inputs (the example key and raw transcripts)."""
    return Path(str(resources.files("qualcode.demo")))


def create_demo_project(folder: str | Path | None = None) -> Project:
    """Create a project from the example in ``folder`` (default: a new temporary folder).

    Args:
        folder: Where to build it; it must not exist or be empty.

    Returns:
        The new project.

    Raises:
        AlreadyExists: ``folder`` exists and is not empty.
    """
    if folder is None:
        root = Path(tempfile.mkdtemp(prefix="qualcode-demo-"))
    else:
        root = Path(folder)
        if root.exists() and any(root.iterdir()):
            raise AlreadyExists(
                "the demo folder is not empty",
                path=root,
                hint="give a new or empty folder, or none for a temporary one",
            )
    project = Project.init(root, name=EXAMPLE_NAME)
    source = example_root()
    for name in _COPIED:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, project.root / name, dirs_exist_ok=True)
    example_settings = yamlio.load_file(source / SETTINGS_FILE) or {}
    project.settings.update({k: v for k, v in example_settings.items() if k != "key"})
    project.save_settings()
    return project


def example_raw_files() -> list[tuple[Path, str]]:
    """Return the raw example transcripts (invented real names) and their participant's key id."""
    raw = _inputs() / "raw"
    return [
        (raw / "2010-10-20-follow-up-with-the-producer.txt", "P01"),
        (raw / "2010-10-27-second-interview-state-official.txt", "P02"),
    ]


def install_example_key(project: Project) -> Path:
    """Copy the example key (invented real names) into the project's key file, mode 600."""
    from qualcode.pseudonymise.key_file import key_path
    from qualcode.store import atomic

    source = _inputs() / "people.yaml"
    target = key_path(project)
    atomic.write_text(target, source.read_text(encoding="utf-8"), mode=0o600)
    return target
