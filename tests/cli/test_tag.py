import pytest

from qualcode.codings import load_segments
from tests.core.coding_fixtures import import_crlf, write_codebook


@pytest.fixture
def doc(project, tmp_path, monkeypatch):
    write_codebook(project)
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("QUALCODE_CODER", "ana")
    return import_crlf(project, tmp_path)


def codes(project):
    return sorted((s.code, s.text[:12]) for s in load_segments(project, coder="ana"))


def test_fuzzy_entry_is_applied_and_echoed(run, project, doc):
    result = run("tag", "pena", input="trst, patern\n")
    assert "trst → trust" in result.stderr
    assert "patern → paternalism" in result.stderr
    assert "¶ 1/4 · Entrevistadora · line 1" in result.stdout
    assert codes(project) == [("paternalism", "Entrevistado"), ("trust", "Entrevistado")]


def test_ambiguous_entry_lists_numbered_choices(run, project, doc):
    result = run("tag", "pena", input="pa\n3\n")
    assert "'pa' could be:" in result.stderr
    assert "3. participation" in result.stderr
    assert [c for c, _ in codes(project)] == ["participation"]


def test_navigation_undo_lines_memo_and_codebook(run, project, doc):
    script = "\n".join(
        [
            "",  # paragraph 1 -> 2
            "trust",
            "l",
            "4",
            "state",
            "u",  # undo the state coding
            "m",
            "sobre la confianza",
            "?",
            "",  # -> 3
            "b",  # back to 2
            "q",
        ]
    )
    result = run("tag", "pena", input=script + "\n")
    assert "undid paternalism/state" in result.stderr
    assert "memo added to trust" in result.stderr
    assert "paternalism/pastoral  (pastoral)" in result.stderr  # the codebook listing
    assert result.stdout.count("¶ 2/4 · Peña · lines 3-4") == 2
    (seg,) = load_segments(project, coder="ana")
    assert (seg.code, seg.memo) == ("trust", "sobre la confianza")
    assert "2 of 4 paragraphs visited by ana" in result.stderr


def test_eof_quits_cleanly_and_next_session_resumes(run, project, doc):
    first = run("tag", "pena", input="\ndistrust\n")  # visit 1, code 2, then end of input
    assert "saved" in first.stderr
    second = run("tag", "pena", input="")
    assert "¶ 3/4" in second.stdout and "¶ 1/4" not in second.stdout
    again = run("tag", "pena", "--from", "1", input="q\n")
    assert "¶ 1/4" in again.stdout
    run("tag", "pena", input="\n\n")  # visit 3 and 4
    done = run("tag", "pena", input="")
    assert "has visited all 4 paragraphs" in done.stderr


def test_unknown_code_is_reported_and_session_continues(run, project, doc):
    result = run("tag", "pena", input="zzzzzzzz\ntrust\n")
    assert "no code like 'zzzzzzzz'" in result.stderr
    assert [c for c, _ in codes(project)] == ["trust"]


def test_lines_outside_paragraph(run, project, doc):
    result = run("tag", "pena", input="l\n8\ntrust\n")
    assert "not all in this paragraph" in result.stderr
    assert codes(project) == []


def test_from_out_of_range(run, doc):
    result = run("tag", "pena", "--from", "9", expect=1)
    assert "paragraph 9 is out of range" in result.stderr
