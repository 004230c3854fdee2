import json

import pytest

from qualcode.store.codings import load_segments
from tests.core.coding_fixtures import import_crlf, write_codebook


@pytest.fixture
def doc(project, tmp_path, monkeypatch):
    write_codebook(project)
    monkeypatch.chdir(project.root)
    return import_crlf(project, tmp_path)


def test_code_lines_and_echo(run, project, doc):
    result = run("code", "pena", "trust", "state", "--lines", "3-4", "--coder", "ana")
    assert "coded trust at lines 3-4" in result.stderr
    assert "2 segments added for ana" in result.stderr
    assert result.stdout == ""
    segs = load_segments(project, coder="ana")
    assert {s.code for s in segs} == {"trust", "paternalism/state"}
    assert all(doc.body[s.start : s.end] == s.text for s in segs)


def test_code_twice_is_one_segment(run, project, doc):
    run("code", "pena", "distrust", "--para", "4", "--coder", "ana")
    result = run("code", "pena", "distrust", "--para", "4", "--coder", "ana")
    assert "already coded trust/distrust" in result.stderr
    assert len(load_segments(project, coder="ana")) == 1


def test_code_quote_fuzzy_code_and_memo(run, project, doc, monkeypatch):
    monkeypatch.setenv("QUALCODE_CODER", "beto")
    run(
        "code", "pena", "pastorl", "--quote", "la parroquia nos presto la sala", "--memo", "iglesia"
    )
    (seg,) = load_segments(project, coder="beto")
    assert (seg.code, seg.text, seg.memo) == (
        "paternalism/pastoral",
        "La parroquia nos prestó la sala",
        "iglesia",
    )


def test_code_chars_spec_makes_one_segment_per_item(run, project, doc):
    run("code", "pena", "question", "--chars", "16-36,0-14", "--coder", "ana")
    texts = sorted(s.text for s in load_segments(project, coder="ana"))
    assert texts == ["Entrevistadora", "¿Cómo empezó la red?"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lines", "99"], "line 99 is out of range: the document has 8 lines"),
        (["--lines", "x"], "malformed line selector"),
        (["--quote", "Entrevistadora"], "matches 2 passages:\n  line 1, chars 0-14: "),
        (["--chars", "0-999"], "past the end of the text"),
        (["--chars", "5-5"], "character range 5-5 is empty"),
        (["--chars", "9-2"], "ends before it starts"),
    ],
)
def test_bad_selector_exit_1_writes_nothing(run, project, doc, args, message):
    result = run("code", "pena", "trust", *args, "--coder", "ana", expect=1)
    assert message in result.stderr
    assert result.stderr.startswith("qualcode: error:")
    assert load_segments(project) == []


def _unboxed(text: str) -> str:
    """Return Rich-boxed help or error text as one line of words."""
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize("command", ["code", "uncode"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "no selector given"),
        (["--lines", "1", "--para", "1"], "--lines and --para given together"),
    ],
)
def test_selector_count_is_a_usage_error(run, project, doc, command, args, message):
    result = run(command, "pena", "trust", *args, "--coder", "ana", expect=2)
    shown = _unboxed(result.stderr)
    assert message in shown
    assert "exactly one of --lines, --para, --chars or --quote" in shown
    assert "Invalid value" not in shown and "Usage: qualcode" in shown
    assert load_segments(project) == []


def test_chars_help_documents_the_semantics(run):
    help_text = _unboxed(run("code", "--help").stdout)
    assert "end excluded" in help_text
    assert "single number 120 is one character" in help_text
    assert "Empty (120-120) or reversed ranges are errors" in help_text


def test_no_coder_is_an_error(run, doc):
    result = run("code", "pena", "trust", "--lines", "1", expect=1)
    assert "no coder given" in result.stderr and "QUALCODE_CODER" in result.stderr


def test_unknown_code(run, doc):
    result = run("code", "pena", "zzzzzz", "--lines", "1", "--coder", "ana", expect=1)
    assert "no code 'zzzzzz'" in result.stderr


def test_one_segment_is_singular(run, doc):
    result = run("code", "pena", "trust", "--lines", "3", "--coder", "ana")
    assert f"{doc.id}: 1 segment added for ana\n" in result.stderr


def test_uncode(run, project, doc):
    run("code", "pena", "trust", "state", "--para", "2", "--coder", "ana")
    result = run("uncode", "pena", "state", "--para", "2", "--coder", "ana")
    assert "1 segment removed" in result.stderr
    assert [s.code for s in load_segments(project)] == ["trust"]
    run("uncode", "pena", "state", "--para", "2", "--coder", "ana", expect=1)


def test_notes_show_codes_margin(run, project, doc):
    run("code", "pena", "pastoral", "--para", "2", "--coder", "ana")
    run("code", "pena", "distrust", "--lines", "8", "--coder", "auto")
    result = run("notes", "show", "pena", "--codes", "--include-auto")
    lines = result.stdout.splitlines()
    three = next(line for line in lines if line.startswith("3  "))
    assert "Peña:" in three and three.endswith("| ana:paternalism/pastoral")
    only_ana = run("notes", "show", "pena", "--codes", "--coder", "ana").stdout
    assert "| paternalism/pastoral" in only_ana and "distrust" not in only_ana
    # by default the machine coder's segments are left out, and stderr says so
    human = run("notes", "show", "pena", "--codes")
    assert "distrust" not in human.stdout and "1 segments by machine coders" in human.stderr
    rows = json.loads(
        run("notes", "show", "pena", "--codes", "-f", "json", "--include-auto").stdout
    )
    assert rows[7]["codes"] == ["auto:trust/distrust"] and rows[0]["codes"] == []


def test_demo_shows_coded_excerpt_and_autocode_summary(run, tmp_path):
    result = run("demo", tmp_path / "santiago")
    section = result.stdout.split("Coding", 1)[1]
    assert "3  Pancho: Because we are a country that does not trust." in section
    assert "| trust/distrust" in section
    assert "keyword suggestions:" in section and "associativity/group-activities" in section


def test_ctrl_c_exits_130_saying_nothing_is_half_written(run, project, doc, monkeypatch):
    import qualcode.coding.selectors

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(qualcode.coding.selectors, "select", interrupted)
    result = run("code", "pena", "trust", "--lines", "3", "--coder", "ana", expect=130)
    assert result.stderr == "qualcode: interrupted; nothing was left half-written\n"
    assert load_segments(project) == []
