import pytest

from qualcode.store.codings import load_segments
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


def test_one_paragraph_document_says_paragraph(run, project, doc, tmp_path):
    import_crlf(project, tmp_path, text="Peña: la confianza.\n", name="corto.txt")
    result = run("tag", "corto", input="\n")
    assert "0 of 1 paragraph visited" not in result.stderr
    assert "1 of 1 paragraph visited by ana" in result.stderr
    done = run("tag", "corto", input="")
    assert "has visited all 1 paragraph of" in done.stderr


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
    result = run("tag", "pena", input="l\n8\n\n")
    assert "line 8 is not in this paragraph (line 1)" in result.stderr
    assert "lines (1; empty to cancel)> " in result.stderr
    assert codes(project) == []


def test_line_spec_is_checked_before_codes_are_asked(run, project, doc):
    # paragraph 2 is lines 3-4; line 2 is blank but outside it, 3- and x are malformed
    script = ["", "l", "2", "3-", "x", "9", "4", "state", "q"]
    result = run("tag", "pena", input="\n".join(script) + "\n")
    assert "line 2 is not in this paragraph (lines 3-4)" in result.stderr
    assert "line 9 is not in this paragraph (lines 3-4)" in result.stderr
    assert "blank" not in result.stderr
    assert "malformed line selector '3-'" in result.stderr
    assert "malformed line selector 'x'" in result.stderr
    assert result.stderr.count("codes for line(s)") == 1
    assert codes(project) == [("paternalism/state", "Después vino")]


def test_single_candidate_is_applied_and_echoed(run, project, doc):
    with (project.codebooks_dir / "book.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - name: community\n    label: Community\n")
    result = run("tag", "pena", input="comunidad\n")
    assert "comunidad → community" in result.stderr
    assert "could be" not in result.stderr
    assert [c for c, _ in codes(project)] == ["community"]


def test_mistyped_menu_answer_is_not_a_choice_and_asks_again(run, project, doc):
    result = run("tag", "pena", input="pa\nxyz\n7\n3\n")
    assert "'xyz' is not a choice; type a number from 1 to 3" in result.stderr
    assert "'7' is not a choice" in result.stderr
    assert [c for c, _ in codes(project)] == ["participation"]


def test_ctrl_c_says_codings_are_saved_and_exits_130(run, project, doc, monkeypatch):
    import qualcode.cli.tag as tag_cli

    answers = iter(["trust"])

    def fake_read_line(prompt):
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(tag_cli, "read_line", fake_read_line)
    result = run("tag", "pena", expect=130)
    assert "stopped; every coding so far is saved" in result.stderr
    assert "files are as they were" not in result.stderr
    assert [c for c, _ in codes(project)] == ["trust"]


def test_from_out_of_range(run, doc):
    result = run("tag", "pena", "--from", "9", expect=1)
    assert "paragraph 9 is out of range" in result.stderr
