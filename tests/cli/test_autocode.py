import json

import pytest

from qualcode.store.codings import load_segments
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
    assert "trust/distrust: 1 segment in 1 document\n" in result.stderr
    assert {s.coder for s in load_segments(project)} == {"auto"}
    again = run("autocode", "--apply")
    assert "0 new segments written for auto" in again.stderr
    assert "already there" in again.stderr


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


@pytest.fixture
def loan(project, tmp_path, monkeypatch):
    (project.codebooks_dir / "m.yaml").write_text("codes: [money, question]\n", encoding="utf-8")
    monkeypatch.chdir(project.root)
    text = "Rosa: El PRÉSTAMO llegó tarde.\n\nPancho: ¿Y el préstamo? Sin préstamo no hay olla.\n"
    return import_crlf(project, tmp_path, text=text, name="rosa.txt")


def test_pattern_matched_column_shows_the_text(run, loan):
    listed = run("autocode", "--pattern", "pr[eé]stamo", "--code", "money", "-f", "json")
    rows = json.loads(listed.stdout)
    assert [r["matched"] for r in rows] == ["PRÉSTAMO", "préstamo", "préstamo"]
    table = run("autocode", "--pattern", "pr[eé]stamo", "--code", "money")
    assert "prstamo" not in table.stdout and "PRÉSTAMO" in table.stdout
    assert "3 suggestions; nothing written" in table.stderr


def test_pattern_without_accents_finds_accented_text_unless_exact(run, loan):
    rows = json.loads(
        run("autocode", "--pattern", "prestamo", "--code", "money", "-f", "json").stdout
    )
    assert len(rows) == 3
    exact = run("autocode", "--pattern", "prestamo", "--code", "money", "--exact", "-f", "json")
    assert json.loads(exact.stdout) == []
    assert "0 suggestions" in exact.stderr


def test_review_summary_counts_every_suggestion(run, project, loan):
    args = ("autocode", "--pattern", "préstamo", "--code", "money", "--unit", "match", "--review")
    result = run(*args, input="y\nxyz\n\nq\n")
    assert "'xyz' is not a choice; type y, n, a or q" in result.stderr
    assert "no (the default): rejected" in result.stderr
    assert "(empty = no)" in result.stderr
    assert (
        "1 new segment written for auto (3 suggestions; 1 accepted, 1 rejected, 1 not reviewed)"
        in result.stderr
    )
    assert [s.text for s in load_segments(project, coder="auto")] == ["PRÉSTAMO"]
    again = run(*args, input="a\n")
    assert (
        "2 new segments written for auto (3 suggestions; 3 accepted, 0 rejected; 1 already there)"
        in again.stderr
    )


def test_exact_without_pattern_is_a_usage_error(run, doc):
    result = run("autocode", "--exact", expect=2)
    assert "--exact applies to --pattern only" in result.stderr
