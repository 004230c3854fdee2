import json

import pytest

from qualcode.codings import load_segments
from tests.core.coding_fixtures import import_crlf, write_codebook


@pytest.fixture
def doc(project, tmp_path, monkeypatch):
    write_codebook(project)
    monkeypatch.chdir(project.root)
    return import_crlf(project, tmp_path)


def test_suggestions_only_by_default(run, project, doc):
    result = run("autocode", "--codebook-keywords", "-f", "json")
    rows = json.loads(result.stdout)
    assert {r["code"] for r in rows} >= {"trust", "trust/distrust", "paternalism/pastoral"}
    assert all(doc.body[r["start"] : r["end"]] == r["text"] for r in rows)
    assert "nothing written" in result.stderr
    assert load_segments(project) == []


def test_apply_writes_auto_coder_and_counts(run, project, doc):
    result = run("autocode", "--apply")
    assert "trust/distrust: 1 segments in 1 documents" in result.stderr
    assert {s.coder for s in load_segments(project)} == {"auto"}
    again = run("autocode", "--apply")
    assert "0 new segments written for auto" in again.stderr


def test_pattern_with_code_and_coder(run, project, tmp_path):
    (project.codebooks_dir / "q.yaml").write_text("codes: [question]\n", encoding="utf-8")
    source = tmp_path / "crlf_bom.md"
    source.write_bytes(b"\xef\xbb\xbfQ: Why?\r\nA: Because.\r\nQ: Really?\r\n")
    run("import", source, "--kind", "conversation", "-p", project.root)
    result = run(
        "autocode",
        "--pattern",
        r"[^.!?]+\?",
        "--code",
        "question",
        "--unit",
        "match",
        "--apply",
        "--coder",
        "regex",
        "-f",
        "json",
        "-p",
        project.root,
    )
    assert json.loads(result.stdout) == [{"code": "question", "segments": 2, "documents": 1}]
    segs = load_segments(project, coder="regex")
    assert [(s.start, s.end, s.text) for s in segs] == [(0, 7, "Q: Why?"), (20, 30, "Q: Really?")]


def test_review_accepts_rejects_and_accepts_all(run, project, doc):
    listed = json.loads(run("autocode", "--code", "trust", "--code", "state", "-f", "json").stdout)
    assert [r["code"] for r in listed] == ["trust", "paternalism/state"]
    result = run("autocode", "--code", "trust", "--code", "state", "--review", input="n\ny\n")
    assert "[1/2]" in result.stderr and "[2/2]" in result.stderr
    assert [s.code for s in load_segments(project, coder="auto")] == ["paternalism/state"]


def test_review_eof_stops(run, project, doc):
    run("autocode", "--review", input="")
    assert load_segments(project) == []


def test_pattern_needs_a_code_each(run, doc):
    result = run("autocode", "--pattern", "x", expect=1)
    assert "1 --pattern but 0 --code" in result.stderr


def test_bad_regex(run, doc):
    result = run("autocode", "--pattern", "([", "--code", "trust", expect=1)
    assert "invalid --pattern" in result.stderr
