"""Unknown filter values are errors; a value no document has is a warning."""

from __future__ import annotations

import pytest

from qualcode.demo import create_demo_project


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return create_demo_project(tmp_path_factory.mktemp("scope") / "demo")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["quotes", "paternalism", "--coder", "bob"], "ana, auto"),
        (["quotes", "paternalism", "--kind", "foo"], "interview, meeting"),
        (["quotes", "paternalism", "--where", "foo=bar"], "generation"),
        (["tally", "--by", "generaton"], "generation"),
        (["matrix", "--cols", "nosuchattr"], "generation"),
        (["cooccur", "--coder", "bob"], "ana, auto"),
    ],
)
def test_unknown_names_are_errors_listing_the_valid_ones(run, demo, args, names):
    result = run(*args, "-p", demo.root, expect=1)
    assert "qualcode: error:" in result.stderr
    assert names in result.stderr


def test_a_value_no_document_has_is_a_warning_with_the_values_present(run, demo):
    result = run("tally", "--where", "generation=nobody", "-p", demo.root)
    assert "warning: --where generation: no document has 'nobody'" in result.stderr
    assert "older" in result.stderr and "younger" in result.stderr
    ok = run("tally", "--where", "generation=older", "--kind", "interviews", "-p", demo.root)
    assert "warning" not in ok.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["tally", "--unit", "paragraphs"],
        ["tally", "--depth", "0"],
        ["matrix", "--rows", "documents", "--cols", "kind"],
        ["matrix", "--cols", "kind", "--unit", "lines"],
        ["cooccur", "--unit", "line"],
        ["grep", "x", "--context", "-5"],
        ["quotes", "x", "--where", "generation"],
    ],
)
def test_bad_option_values_are_usage_errors(run, demo, args):
    run(*args, "-p", demo.root, expect=2)


def test_a_bad_regex_is_exit_1_naming_the_regex_error(run, demo):
    result = run("grep", "coop[", "--regex", "-p", demo.root, expect=1)
    assert "bad regular expression 'coop[': unterminated character set" in result.stderr


def test_grep_finds_a_decomposed_pattern(run, demo):
    composed = run("grep", "cooperación", "-f", "csv", "-p", demo.root).stdout
    decomposed = run("grep", "cooperacio\u0301n", "-f", "csv", "-p", demo.root).stdout
    assert composed.count("\n") > 1
    assert decomposed == composed


def test_code_paths_and_numbers_never_wrap_at_80_columns(run, demo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = run("tally", "--by", "participant", "-p", demo.root).stdout
    rows = [line for line in out.splitlines() if line.startswith("│")]
    # no continuation lines: every row starts with a code, every cell is whole
    assert all(line.split("│")[1].strip() for line in rows)
    assert any(line.split("│")[1].strip() == "generational-split" for line in rows)
    assert "│ Clara │" in out.replace("┃", "│")
    # cooccur is drawn with column keys (tests/cli/test_wide_tables.py): one line per code
    out = run("cooccur", "-p", demo.root).stdout
    rows = [line.split() for line in out.splitlines() if line[:2] == " " + line.strip()[:1]]
    coded = [r for r in rows if r and r[0].isalpha() and len(r[0]) == 1 and r[-1].isdigit()]
    assert [r[1] for r in coded][:4] == ["trust", "c-factor", "paternalism", "generational-split"]
    assert all(len(line) <= 80 for line in out.splitlines())
