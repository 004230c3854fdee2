import json
from pathlib import Path

import pytest
import xmlschema

from qualcode.demo import create_demo_project
from qualcode.exchange.refi import schema_path
from qualcode.store.codings import load_segments
from tests.conftest import real_input
from tests.core.codebook_fixtures import build

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture
def demo(tmp_path):
    return create_demo_project(tmp_path / "demo")


@pytest.fixture
def coded(project):
    build(project)
    return project


def check_golden(request, name, text):
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}; --update-golden"


def test_show_tree(run, demo):
    result = run("codebook", "show", "-p", demo.root)
    lines = result.stdout.splitlines()
    assert lines[0] == "Codebook: 25 codes"
    assert any(line.startswith("├── trust  Trust — Talk about trusting") for line in lines)
    assert any("│   └── distrust  Distrust" in line for line in lines)
    assert any("cooperacion  Cooperación" in line for line in lines)
    assert all(len(line) <= 120 for line in lines)
    assert result.stderr == ""


def test_show_depth(run, demo):
    result = run("codebook", "show", "--depth", "1", "-p", demo.root)
    assert "distrust" not in result.stdout and "paternalism" in result.stdout
    assert "(of 25; depth 1)" in result.stdout


def test_show_md_golden(run, demo, request):
    result = run("codebook", "show", "--format", "md", "-p", demo.root)
    check_golden(request, "codebook-show-example.md", result.stdout)
    assert "#### " not in result.stdout
    assert "| **When not to use** |" in result.stdout


def test_show_json_golden(run, demo, request):
    result = run("codebook", "show", "-f", "json", "-p", demo.root)
    check_golden(request, "codebook-show-example.json", result.stdout)
    records = json.loads(result.stdout)
    assert len(records) == 25
    assert list(records[0]) == [
        "path",
        "name",
        "label",
        "description",
        "include",
        "exclude",
        "keywords",
        "parent",
        "depth",
    ]
    assert records[1]["parent"] == "trust" and records[1]["depth"] == 2


def test_show_counts_roll_up(run, coded):
    from qualcode.models import Document
    from tests.core.codebook_fixtures import BODY

    for doc_id in ("pancho", "meeting"):
        coded.save_document(Document(id=doc_id, kind="interview", title=doc_id, body=BODY))
    result = run("codebook", "show", "--counts", "-f", "json", "-p", coded.root)
    records = {r["path"]: r for r in json.loads(result.stdout)}
    assert records["trust"]["segments"] == 2 and records["trust"]["documents"] == 1
    assert records["c-factor"]["segments"] == 2
    assert records["c-factor/comunidad"]["segments"] == 0
    tree = run("codebook", "show", "--counts", "--coder", "ben", "-p", coded.root).stdout
    assert "trust  [1 seg · 1 doc]" in tree
    csv = run("codebook", "show", "--counts", "-f", "csv", "-p", coded.root).stdout
    assert csv.splitlines()[0].endswith(",segments,documents")


def test_edits_through_the_cli(run, coded):
    root = coded.root
    result = run("codebook", "rename", "trust", "confidence", "-p", root)
    assert result.stdout == ""
    assert "renamed trust -> confidence with 2 descendant(s)" in result.stderr
    again = run("codebook", "rename", "trust", "confidence", "-p", root)
    assert "nothing to do" in again.stderr
    run("codebook", "merge", "confidence/distrust", "confidence", "-p", root)
    assert "collapsed" not in again.stderr
    codes = sorted({s.code for s in load_segments(coded)})
    assert codes == [
        "c-factor/confianza",
        "c-factor/cooperacion",
        "confidence",
        "paternalism/state",
    ]
    run("codebook", "move", "c-factor/cooperacion", "confidence", "-p", root)
    run("codebook", "move", "confidence/cooperacion", "--root", "-p", root)
    run(
        "codebook",
        "add",
        "cooperacion/caja-comun",
        "--label",
        "Caja común",
        "--keyword",
        "caja",
        "-p",
        root,
    )
    shown = run("codebook", "show", "-f", "json", "-p", root).stdout
    assert any(r["path"] == "cooperacion/caja-comun" for r in json.loads(shown))


def test_move_needs_a_parent(run, coded):
    result = run("codebook", "move", "trust", "-p", coded.root, expect=2)
    assert "--root" in result.stderr
    run("codebook", "move", "trust", "c-factor", "--root", "-p", coded.root, expect=2)


def test_remove_refused_then_reassigned(run, coded):
    result = run("codebook", "remove", "paternalism/state", "-p", coded.root, expect=1)
    assert result.stderr.startswith("qualcode: error: 1 segment by ana use paternalism/state")
    assert "hint:" in result.stderr and "--reassign" in result.stderr
    run("codebook", "remove", "paternalism/state", "--reassign", "paternalism", "-p", coded.root)
    assert "paternalism" in {s.code for s in load_segments(coded)}


def test_unknown_code_lists_closest(run, coded):
    result = run("codebook", "rename", "trst", "x", "-p", coded.root, expect=1)
    assert "no code 'trst'" in result.stderr and "closest: trust" in result.stderr


def test_check_reports_undefined_and_unused(run, coded):
    from qualcode.models import Segment
    from qualcode.store.codings import save_segments

    clean = run("codebook", "check", "-p", coded.root)
    assert "0 used but not defined, 3 defined but never used" in clean.stderr
    save_segments(coded, "ben", "m", [Segment("m", 0, 3, "stres", "ben", "abc")])
    result = run("codebook", "check", "-f", "csv", "-p", coded.root, expect=1)
    assert result.stdout.splitlines()[:2] == [
        "problem,code,segments,coders",
        "undefined,stres,1,ben",
    ]
    assert "1 used but not defined" in result.stderr


def test_export_qdc_validates_and_imports_back(run, demo, tmp_path, project):
    out = tmp_path / "santiago.qdc"
    run("codebook", "export", "--format", "qdc", "--output", out, "-p", demo.root)
    xmlschema.XMLSchema(str(schema_path("Codebook.xsd"))).validate(str(out))
    result = run("codebook", "import", out, "--into", "santiago", "-p", project.root)
    assert "imported 25 codes into codebooks/santiago.yaml" in result.stderr
    original = json.loads(run("codebook", "show", "-f", "json", "-p", demo.root).stdout)
    again = json.loads(run("codebook", "show", "-f", "json", "-p", project.root).stdout)
    assert again == original


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "yaml"])
def test_export_other_formats(run, demo, fmt):
    result = run("codebook", "export", "-f", fmt, "-p", demo.root)
    assert "cooperacion" in result.stdout
    if fmt == "yaml":
        assert result.stdout.startswith("# Codebook of ")


def test_import_defect_gives_one_line_error(run, project):
    source = real_input("refi", "openqda-examples", "example_codebook_defect.qdc")
    result = run("codebook", "import", source, "-p", project.root, expect=1)
    first, hint = result.stderr.splitlines()
    assert first.startswith("qualcode: error: ") and ":132: not well-formed XML" in first
    assert hint.startswith("hint: ")


def test_import_openqda_example_warns_about_guids(run, project):
    source = real_input("refi", "openqda-examples", "example_codebook.qdc")
    result = run("codebook", "import", source, "-p", project.root)
    assert "warning: 44 guid(s) are not GUIDs" in result.stderr
    assert "imported 44 codes" in result.stderr
    assert "Negativ/Aufgeregt" in run("codebook", "show", "-p", project.root).stdout


def test_show_empty_codebook_shows_zero_codes(run, project):
    result = run("codebook", "show", "-p", project.root)
    assert result.stdout.splitlines()[0] == "Codebook: 0 codes"
    assert json.loads(run("codebook", "show", "-f", "json", "-p", project.root).stdout) == []
    csv = run("codebook", "show", "-f", "csv", "-p", project.root).stdout
    assert csv.splitlines() == ["path,name,label,description,include,exclude,keywords,parent,depth"]
    counts = run("codebook", "show", "--counts", "-f", "csv", "-p", project.root).stdout
    assert counts.splitlines()[0].endswith(",segments,documents")
    assert "0 codes." in run("codebook", "show", "-f", "md", "-p", project.root).stdout


def test_rename_onto_existing_code_with_children_is_refused(run, coded):
    result = run("codebook", "rename", "trust", "paternalism", "-p", coded.root, expect=1)
    assert result.stderr.startswith(
        "qualcode: error: code 'paternalism' already exists; "
        "use 'qualcode codebook merge trust paternalism'"
    )
    assert "trust/distrust" in {s.code for s in load_segments(coded)}
    merged = run("codebook", "merge", "trust", "paternalism", "-p", coded.root)
    assert "folded in 2 descendant(s): trust/distrust, trust/betrayal" in merged.stderr


def test_unknown_codes_and_self_reassign_exit_1(run, coded):
    result = run("codebook", "merge", "zz", "trust", "-p", coded.root, expect=1)
    assert "no code 'zz'" in result.stderr and "closest:" in result.stderr
    result = run("codebook", "remove", "trust", "--reassign", "trust", "-p", coded.root, expect=1)
    assert "itself" in result.stderr
    result = run("codebook", "merge", "trust", "trust", "-p", coded.root, expect=1)
    assert "into itself" in result.stderr


@pytest.mark.parametrize("path", ["x//", "/lead", "trust//x", "a/", "/"])
def test_add_refuses_malformed_paths(run, coded, path):
    before = (coded.codebooks_dir / "santiago.yaml").read_text(encoding="utf-8")
    result = run("codebook", "add", path, "--parents", "-p", coded.root, expect=1)
    assert "malformed code path" in result.stderr
    assert (coded.codebooks_dir / "santiago.yaml").read_text(encoding="utf-8") == before


def test_bad_option_values_are_usage_errors(run, coded):
    root = coded.root
    result = run("codebook", "add", "zz", "--file", "Bad Name", "-p", root, expect=2)
    assert "not a codebook file name" in result.stderr
    run("codebook", "show", "--depth", "0", "-p", root, expect=2)
    run("codebook", "show", "-f", "pdf", "-p", root, expect=2)
    run("codebook", "export", "-f", "pdf", "-p", root, expect=2)
    result = run(
        "codebook", "remove", "trust", "--reassign", "c-factor", "--force", "-p", root, expect=2
    )
    assert "--reassign" in result.stderr
    run("codebook", "move", "trust", "", "-p", root, expect=2)
    for into in ("", "!!!"):
        run("codebook", "import", root / "x.qdc", "--into", into, "-p", root, expect=2)
    before = (coded.codebooks_dir / "santiago.yaml").read_text(encoding="utf-8")
    # data problems: exit 1
    result = run("codebook", "check", "--coder", "nobody", "-p", root, expect=1)
    assert "no codings by coder 'nobody'" in result.stderr and "ana, ben" in result.stderr
    run("codebook", "rename", "trust", "Trust Mutua", "-p", root, expect=1)
    run("codebook", "import", coded.root / "missing.qdc", "-p", root, expect=1)
    assert (coded.codebooks_dir / "santiago.yaml").read_text(encoding="utf-8") == before


def test_show_counts_agree_with_tally_on_the_example(run, tmp_path):
    # One counting rule everywhere: overlapping segments of one code by one coder
    # are one segment in 'codebook show --counts' as in 'tally'.
    import json

    demo = create_demo_project(tmp_path / "example")
    shown = json.loads(run("codebook", "show", "--counts", "-f", "json", "-p", demo.root).stdout)
    tallied = json.loads(run("tally", "-f", "json", "-p", demo.root).stdout)
    by_code = {r["code"]: (r["segments"], r["documents"]) for r in tallied}
    assert {r["path"]: (r["segments"], r["documents"]) for r in shown} == {
        p: by_code[p] for p in (r["path"] for r in shown)
    }
    assert by_code["paternalism"][0] > 0


def test_show_counts_unknown_coder_is_an_error(run, tmp_path):
    demo = create_demo_project(tmp_path / "example")
    result = run("codebook", "show", "--counts", "--coder", "bob", "-p", demo.root, expect=1)
    assert "no codings by 'bob'" in result.stderr
