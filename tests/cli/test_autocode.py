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
    assert {r["code"] for r in rows} >= {"trust", "paternalism/pastoral"}
    assert all(doc.body[r["start"] : r["end"]] == r["text"] for r in rows)
    assert "nothing written" in result.stderr
    assert load_segments(project) == []


def test_interviewer_turns_are_never_auto_coded_unless_asked(run, project, doc):
    # "Entrevistadora: ¿Y la desconfianza?" names a keyword of trust/distrust
    rows = json.loads(run("autocode", "-f", "json").stdout)
    assert not any(r["text"].startswith("Entrevistadora") for r in rows)
    asked = json.loads(run("autocode", "--include-interviewer", "-f", "json").stdout)
    assert [r["text"] for r in asked if r["code"] == "trust/distrust"] == [
        "Entrevistadora: ¿Y la desconfianza?"
    ]


def test_apply_writes_auto_coder_and_counts(run, project, doc):
    result = run("autocode", "--apply")
    assert "trust: 1 segment in 1 document\n" in result.stderr
    assert {s.coder for s in load_segments(project)} == {"auto"}
    again = run("autocode", "--apply")
    assert "0 new segments written for auto" in again.stderr
    assert "already there" in again.stderr


def test_pattern_with_code_and_coder(run, project, tmp_path):
    (project.codebooks_dir / "q.yaml").write_text("codes: [question]\n", encoding="utf-8")
    project.settings["machine_coders"] = ["regex"]
    project.save_settings()
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
        "--include-interviewer",
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
    args = ("autocode", "--code", "trust", "--code", "state", "--review", "--coder", "ana")
    result = run(*args, input="n\ny\n")
    assert "[1/2]" in result.stderr and "[2/2]" in result.stderr
    # an accepted suggestion is the reviewer's own coding, not the machine's
    assert [(s.coder, s.code) for s in load_segments(project)] == [("ana", "paternalism/state")]


def test_review_needs_a_person(run, project, doc):
    result = run("autocode", "--review", input="y\n", expect=1)
    assert "no coder given" in result.stderr


def test_apply_refuses_a_human_coder(run, project, doc):
    result = run("autocode", "--apply", "--coder", "ana", expect=1)
    assert "'ana' is not a machine coder" in result.stderr
    assert load_segments(project) == []


def test_accept_moves_stored_suggestions_to_a_person(run, project, doc):
    run("autocode", "--apply")
    stored = load_segments(project, coder="auto")
    assert len(stored) == 3
    result = run("autocode", "accept", "--code", "paternalism", "--coder", "ana", "--yes")
    assert "2 suggestions of auto accepted as ana's coding (2 new segments)" in result.stderr
    assert sorted(s.code for s in load_segments(project, coder="ana")) == [
        "paternalism/pastoral",
        "paternalism/state",
    ]
    assert [s.code for s in load_segments(project, coder="auto")] == ["trust"]
    # reports count ana now, auto only when asked
    tally = json.loads(run("tally", "-f", "json").stdout)
    counts = {r["code"]: r["segments"] for r in tally}
    assert counts["paternalism"] == 2 and counts["trust"] == 0
    tally = json.loads(run("tally", "-f", "json", "--include-auto").stdout)
    assert {r["code"]: r["segments"] for r in tally}["trust"] == 1
    # one by one: n keeps it with auto, y accepts
    result = run("autocode", "accept", "--coder", "ana", input="n\n")
    assert "0 suggestions of auto accepted" in result.stderr
    assert [s.code for s in load_segments(project, coder="auto")] == ["trust"]
    run("autocode", "accept", "--coder", "ana", input="y\n")
    assert load_segments(project, coder="auto") == []
    assert len(load_segments(project, coder="ana")) == 3
    run("autocode", "accept", "--coder", "auto", "--yes", expect=1)


def test_review_eof_stops(run, project, doc):
    run("autocode", "--review", "--coder", "ana", input="")
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
    args = (
        "autocode", "--pattern", "préstamo", "--code", "money", "--unit", "match", "--review",
        "--coder", "ana",
    )  # fmt: skip
    result = run(*args, input="y\nxyz\n\nq\n")
    assert "'xyz' is not a choice; type y, n, a or q" in result.stderr
    assert "no (the default): rejected" in result.stderr
    assert "(empty = no)" in result.stderr
    assert (
        "1 new segment written for ana (3 suggestions; 1 accepted, 1 rejected, 1 not reviewed)"
        in result.stderr
    )
    assert [s.text for s in load_segments(project, coder="ana")] == ["PRÉSTAMO"]
    again = run(*args, input="a\n")
    assert (
        "2 new segments written for ana (3 suggestions; 3 accepted, 0 rejected; 1 already there)"
        in again.stderr
    )


def test_exact_without_pattern_is_a_usage_error(run, doc):
    result = run("autocode", "--exact", expect=2)
    assert "--exact applies to --pattern only" in result.stderr
