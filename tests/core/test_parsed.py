"""The parse cache of settings and codebooks (.qualcode/parsed/): same values, never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qualcode.codebook import tree
from qualcode.codebook.tree import Code, codes_from_json, codes_to_json, load_codebook
from qualcode.store import parsed
from qualcode.store.project import Project
from tests.retrieval import CODEBOOK

RICH_CODEBOOK = """\
codes:
  - name: trust
    label: Confianza
    description: |
      Relying on others.
      Two lines, “curly” quotes.
    include: When people rely on each other.
    exclude: Money lent at interest.
    examples: ["Tenemos dos amigos per cápita."]
    keywords: [confianza, confiar]
    color: "#1f77b4"
    aliases: [confianza]
    guid: 7a1e6f1c-0000-4000-8000-000000000001
    children:
      - distrust
      - name: folder
        codable: false
        children: [neighbours]
"""


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache files written a moment ago (the tests write them just before reading)."""
    monkeypatch.setattr(parsed, "RACY_SECONDS", 0.0)


def write_book(project: Project, text: str, name: str = "main.yaml") -> Path:
    path = project.codebooks_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the codebook was parsed again")

    monkeypatch.setattr(tree, "parse_codebook_text", fail)


def test_cached_codebook_equals_the_parsed_one(project, fast, monkeypatch):
    write_book(project, RICH_CODEBOOK)
    write_book(project, CODEBOOK.replace("trust", "other"), "second.yaml")
    plain = load_codebook(project.codebooks_dir)
    first = load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    assert (project.private_dir / "parsed" / "codebook.json").is_file()
    no_yaml(monkeypatch)
    second = load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    assert plain == first == second
    assert list(second.codes) == list(plain.codes)  # tree order
    assert second.codes["trust"].examples == ("Tenemos dos amigos per cápita.",)
    assert second.codes["trust"].file == project.codebooks_dir / "main.yaml"
    assert second.codes["trust/folder"].codable is False


def test_every_code_field_survives_the_cache():
    code = Code(
        path="a/b",
        name="b",
        label="Bé",
        description="d",
        include="i",
        exclude="e",
        examples=("x", "y"),
        keywords=("k",),
        color="#000000",
        aliases=("al",),
        guid="g",
        codable=False,
        parent="a",
        children=("a/b/c",),
        file=Path("/tmp/book.yaml"),
        line=7,
    )
    assert codes_from_json(codes_to_json({code.path: code})) == {code.path: code}


def test_an_edit_of_the_same_size_and_time_is_seen(project, fast):
    path = write_book(project, "codes:\n  - name: trust\n")
    load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    before = path.stat()
    path.write_text("codes:\n  - name: trial\n", encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime
    book = load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    assert list(book.codes) == ["trial"]


def test_a_new_or_removed_file_is_seen(project, fast):
    write_book(project, "codes:\n  - name: trust\n")
    load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    extra = write_book(project, "codes:\n  - name: autonomy\n", "extra.yaml")
    assert set(load_codebook(project.codebooks_dir, cache_dir=project.private_dir).codes) == {
        "trust",
        "autonomy",
    }
    extra.unlink()
    assert set(load_codebook(project.codebooks_dir, cache_dir=project.private_dir).codes) == {
        "trust"
    }


def test_files_written_just_now_are_not_cached(project):
    write_book(project, "codes:\n  - name: trust\n")
    load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    assert not (project.private_dir / "parsed" / "codebook.json").exists()


@pytest.mark.parametrize("damage", ["", "{", '{"version": 1, "files": 3}', '{"version": 99}'])
def test_a_damaged_cache_is_ignored(project, fast, damage):
    write_book(project, CODEBOOK)
    expected = load_codebook(project.codebooks_dir)
    load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    (project.private_dir / "parsed" / "codebook.json").write_text(damage, encoding="utf-8")
    assert load_codebook(project.codebooks_dir, cache_dir=project.private_dir) == expected


def test_an_invalid_codebook_is_an_error_every_time(project, fast):
    from qualcode.errors import InvalidData

    write_book(project, "codes:\n  - name: Bad Name\n")
    for _ in range(2):
        with pytest.raises(InvalidData, match="invalid code name"):
            load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    assert not (project.private_dir / "parsed" / "codebook.json").exists()


def test_cached_settings_equal_the_parsed_ones(project, fast):
    project.settings["coders"] = ["ana", "ben"]
    project.settings["citation"] = "({participant}, {date})"
    project.save_settings()
    plain = Project.open(project.root).settings
    assert Project.open(project.root, cached=True).settings == plain
    assert (project.private_dir / "parsed" / "settings.json").is_file()
    assert Project.open(project.root, cached=True).settings == plain
    project.settings["default_coder"] = "ana"
    project.save_settings()
    assert Project.open(project.root, cached=True).settings["default_coder"] == "ana"


def test_settings_json_cannot_keep_are_parsed_every_time(project, fast):
    text = project.settings_path.read_text(encoding="utf-8")
    project.settings_path.write_text(text + "started: 2010-10-06\n", encoding="utf-8")
    for _ in range(2):
        settings = Project.open(project.root, cached=True).settings
        assert str(settings["started"]) == "2010-10-06"
        assert not isinstance(settings["started"], str)  # a date, as YAML reads it
    assert not (project.private_dir / "parsed" / "settings.json").exists()


def test_deleting_the_cache_changes_nothing(project, fast):
    write_book(project, CODEBOOK)
    first = load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    settings = Project.open(project.root, cached=True).settings
    for path in (project.private_dir / "parsed").iterdir():
        path.unlink()
    assert load_codebook(project.codebooks_dir, cache_dir=project.private_dir) == first
    assert Project.open(project.root, cached=True).settings == settings


def test_an_unwritable_cache_is_no_error(project, fast, monkeypatch):
    write_book(project, CODEBOOK)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("qualcode.store.atomic.write_text", refuse)
    assert load_codebook(project.codebooks_dir, cache_dir=project.private_dir).codes
    assert Project.open(project.root, cached=True).settings["name"] == "Test project"
