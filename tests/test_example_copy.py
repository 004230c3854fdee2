"""The wheel's copy of the worked example equals the repository's top level, byte for byte."""

from __future__ import annotations

import importlib.metadata
import json
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("codebooks", "fieldnotes", "codings", "memos")
PACKAGED = "qualcode/demo/project/"


def _top_level_files() -> dict[str, bytes]:
    files = {"qualcode.yaml": (ROOT / "qualcode.yaml").read_bytes()}
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return files


def test_the_repository_root_is_the_example_project():
    from qualcode.analysis import load_corpus
    from qualcode.store.project import Project

    project = Project.open(ROOT)
    corpus = load_corpus(project, use_index=False, text=False)
    assert len(corpus.documents) == 14
    assert {seg.coder for seg in corpus.segments} >= {"ana"}


def test_the_wheel_carries_the_top_level_example(tmp_path):
    builders = pytest.importorskip("hatchling.builders.wheel")
    wheel = next(iter(builders.WheelBuilder(str(ROOT)).build(directory=str(tmp_path))))
    with zipfile.ZipFile(wheel) as archive:
        packaged = {
            name[len(PACKAGED) :]: archive.read(name)
            for name in archive.namelist()
            if name.startswith(PACKAGED) and not name.endswith("/")
        }
        assert "qualcode/demo/people.yaml" in archive.namelist()
    assert packaged == _top_level_files()


def test_an_installed_copy_equals_the_top_level_example():
    try:
        dist = importlib.metadata.distribution("qualcode")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        pytest.skip("qualcode is not installed")
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        pytest.skip("an editable install: the demo reads the checkout itself")
    files = [f for f in dist.files or () if str(f).startswith(PACKAGED)]
    assert files, "the installed qualcode carries no example project"
    installed = {str(f)[len(PACKAGED) :]: Path(dist.locate_file(f)).read_bytes() for f in files}
    assert installed == _top_level_files()
