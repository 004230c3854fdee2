"""``qualcode coders list|add|rename``."""

from __future__ import annotations

import json

import pytest

from qualcode.store.codings import load_segments, read_coding_file
from qualcode.store.project import Project
from tests.retrieval import build


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    survey = project.surveys_dir / "feria" / "codings"
    survey.mkdir(parents=True)
    (survey / "ben.csv").write_text("question,response,codes\ncambio,P01,trust\n", encoding="utf-8")
    (project.memos_dir / "una-nota.md").write_text(
        "---\nid: una-nota\ntitle: Una nota\nauthor: ben\n---\nTexto de la nota.\n",
        encoding="utf-8",
    )
    project.settings["coders"] = ["ben"]
    project.settings["default_coder"] = "ben"
    project.save_settings()
    return project


def test_list_shows_listed_then_other_coders(run, coded):
    rows = json.loads(run("coders", "list", "-p", coded.root, "-f", "json").stdout)
    assert [r["coder"] for r in rows] == ["ben", "ana"]
    ben, ana = rows
    assert [ben[k] for k in ("listed", "default", "documents", "segments", "surveys", "memos")] == [
        True, True, 2, 2, 1, 1,
    ]  # fmt: skip
    assert (ana["listed"], ana["documents"], ana["segments"]) == (False, 4, 10)


def test_add_lists_a_coder_once(run, coded):
    result = run("coders", "add", "tomás-2", "-p", coded.root)
    assert "added coder tomás-2" in result.stderr
    result = run("coders", "add", "tomás-2", "-p", coded.root)
    assert "already a coder" in result.stderr
    assert Project.open(coded.root).settings["coders"] == ["ben", "tomás-2"]
    run("coders", "add", "ana", "--default", "-p", coded.root)
    assert Project.open(coded.root).settings["default_coder"] == "ana"
    result = run("coders", "add", "two words", "-p", coded.root, expect=1)
    assert "invalid coder name" in result.stderr


def test_rename_moves_every_file_and_rewrites_the_coder_field(run, coded):
    before = [(s.document, s.start, s.end, s.code) for s in load_segments(coded, coder="ben")]
    result = run("coders", "rename", "ben", "benjamín", "-p", coded.root)
    assert "2 codings files, 1 survey codings file, 1 memo, qualcode.yaml" in result.stderr
    memo = (coded.memos_dir / "una-nota.md").read_text(encoding="utf-8")
    assert "author: benjamín\n" in memo and "Texto de la nota." in memo
    assert not (coded.codings_dir / "ben").exists()
    after = load_segments(coded, coder="benjamín")
    assert [(s.document, s.start, s.end, s.code) for s in after] == before
    for path in (coded.codings_dir / "benjamín").glob("*.yaml"):
        assert "coder: benjamín\n" in path.read_text(encoding="utf-8")
        assert {s.coder for s in read_coding_file(path)} == {"benjamín"}
    codings = coded.surveys_dir / "feria" / "codings"
    assert sorted(p.name for p in codings.iterdir()) == ["benjamín.csv"]
    settings = Project.open(coded.root).settings
    assert settings["coders"] == ["benjamín"] and settings["default_coder"] == "benjamín"
    run("check", "-p", coded.root)  # the renamed files are clean


def test_rename_refuses_to_merge_two_coders_or_an_unknown_one(run, coded):
    result = run("coders", "rename", "ben", "ana", "-p", coded.root, expect=1)
    assert "'ana' already has codings" in result.stderr
    assert (coded.codings_dir / "ben").is_dir()  # nothing moved
    result = run("coders", "rename", "nadie", "x", "-p", coded.root, expect=1)
    assert "no coder 'nadie'" in result.stderr
    run("coders", "rename", "ben", "ben", "-p", coded.root, expect=1)
    run("coders", "rename", "ben", "a/b", "-p", coded.root, expect=1)


def test_rename_moves_private_tagging_state(run, coded):
    state = coded.private_dir / "tagging" / "ben"
    state.mkdir(parents=True)
    (state / "2010-10-06-pancho.yaml").write_text("visited: [1]\n", encoding="utf-8")
    run("coders", "rename", "ben", "beto", "-p", coded.root)
    assert (coded.private_dir / "tagging" / "beto" / "2010-10-06-pancho.yaml").exists()
