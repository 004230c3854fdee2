"""``qualcode agreement``: golden files, units, missing data, errors, disagreements, methods, surveys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qualcode.models import Document, Segment
from qualcode.store import atomic
from qualcode.store.codings import save_segments
from qualcode.store.project import Project
from tests.cli.test_tally import check_golden
from tests.retrieval import build, seg

FORMATS = ("table", "csv", "json", "md")


@pytest.fixture
def coded(project: Project) -> Project:
    """The retrieval fixture: ana codes four documents, ben two of them."""
    build(project)
    return project


CASES = {
    "paragraph": [],
    "line-code": ["--unit", "line", "--code", "trust", "--code", "paternalism"],
    "disagreements": ["--disagreements"],
    "categorical-undefined": ["--categorical", "paternalism", "--unit", "sentence"],
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(request, run, coded, case, fmt):
    result = run("agreement", "-p", coded.root, "-c", "ana,ben", "-f", fmt, *CASES[case])
    check_golden(request, f"agreement-{case}.{fmt}", result.stdout)


def records(run, project, *args):
    return json.loads(run("agreement", "-p", project.root, "-f", "json", *args).stdout)


def test_json_has_the_documented_keys_and_missing_documents_are_missing(run, coded):
    rows = records(run, coded, "-c", "ana,ben")
    assert [r["code"] for r in rows] == [
        "trust",
        "trust/distrust",
        "trust/friendship",
        "trust/friendship/neighbours",
        "paternalism",
        "paternalism/state",
    ]
    assert set(rows[0]) == {
        "code", "label", "coders", "units", "units_coded", "agreed", "percent_agreement",
        "kappa", "fleiss_kappa", "alpha", "alpha_units", "note",
    }  # fmt: skip
    # ben has codings for two of the four documents: only their 5 paragraphs count,
    # never the 3 paragraphs of the documents ben did not code (not "ben did not apply it").
    assert {r["units"] for r in rows} == {5}
    distrust = rows[1]
    assert (distrust["agreed"], distrust["percent_agreement"], distrust["kappa"]) == (5, 100.0, 1.0)


def test_an_empty_codings_file_means_read_and_nothing_to_code(run, coded):
    atomic.write_text(
        coded.codings_dir / "ben" / "2010-10-06-clara.yaml",
        "document: 2010-10-06-clara\ncoder: ben\nsegments: []\n",
    )
    (row,) = records(run, coded, "-c", "ana,ben", "--code", "paternalism")
    assert row["units"] == 6  # clara's second interview now counts: ben applied nothing there
    assert row["units_coded"] == 3


def test_overlap_means_a_shared_character(run, project):
    atomic.write_text(project.codebooks_dir / "c.yaml", "codes:\n  - name: trust\n")
    body = "Uno dos tres.\nCuatro cinco.\nSeis siete.\n"
    project.save_document(Document(id="d1", kind="meeting", title="t", body=body))
    # ana's segment ends (exclusive) exactly where line 2 starts: line 1 only
    save_segments(project, "ana", "d1", [Segment("d1", 0, 14, "trust", "ana", body[0:14])])
    # ben's segment shares the full stop of line 2 and the first letter of line 3
    save_segments(project, "ben", "d1", [Segment("d1", 26, 29, "trust", "ben", body[26:29])])
    text = run(
        "agreement", "-p", project.root, "-u", "line", "-c", "ana,ben", "--disagreements",
        "-f", "json",
    ).stdout  # fmt: skip
    values = {d["unit"]: d["values"] for d in json.loads(text)}
    assert values == {
        1: {"ana": "yes", "ben": "no"},
        2: {"ana": "no", "ben": "yes"},
        3: {"ana": "no", "ben": "yes"},
    }


def test_line_units_skip_blank_lines_and_sentences_split(run, coded):
    rows = records(run, coded, "-c", "ana,ben", "-u", "line", "--code", "trust")
    assert rows[0]["units"] == 5  # pancho 3 non-blank lines + clara 2; blank lines are not units
    sentences = records(run, coded, "-c", "ana,ben", "-u", "sentence", "--code", "trust")
    # pancho: 1 + 2 + 1 sentences; clara: 1 + 2 ("sales." ends one before "“Everything sold,”")
    assert sentences[0]["units"] == 7


def test_code_nobody_applied_is_explained_not_nan(run, coded):
    atomic.write_text(
        coded.codebooks_dir / "extra.yaml", "codes:\n  - name: autonomy\n    label: Autonomy\n"
    )
    rows = records(run, coded, "-c", "ana,ben", "--code", "autonomy")
    assert rows[0]["kappa"] is None and rows[0]["alpha"] is None
    assert rows[0]["percent_agreement"] == 100.0
    assert "no coder applied it" in rows[0]["note"]
    result = run("agreement", "-p", coded.root, "-c", "ana,ben", "--code", "autonomy")
    assert "—" in result.stdout and "nan" not in result.stdout.lower()
    assert "no coder applied in scope" in result.stderr


def test_adding_a_code_nobody_uses_changes_no_other_row(run, coded):
    before = records(run, coded, "-c", "ana,ben")
    atomic.write_text(coded.codebooks_dir / "extra.yaml", "codes:\n  - name: zz-unused\n")
    after = records(run, coded, "-c", "ana,ben")
    assert [r for r in after if r["code"] != "zz-unused"] == before
    assert len(after) == len(before) + 1


def test_coder_order_changes_no_value(run, coded):
    ab = records(run, coded, "-c", "ana,ben")
    ba = records(run, coded, "-c", "ben,ana")
    strip = [{k: v for k, v in r.items() if k != "coders"} for r in ab]
    assert strip == [{k: v for k, v in r.items() if k != "coders"} for r in ba]


def test_errors_are_one_line(run, coded):
    result = run("agreement", "-p", coded.root, "-c", "ana,nadie", expect=1)
    assert "no codings by 'nadie'" in result.stderr and "ana, ben" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("agreement", "-p", coded.root, "-c", "ana", expect=1)
    assert "two or more coders" in result.stderr
    result = run("agreement", "-p", coded.root, "-c", "ana,ana", expect=1)
    assert "named twice" in result.stderr
    result = run("agreement", "-p", coded.root, "-c", "ana,ben", "--code", "trst", expect=1)
    assert "no code 'trst'" in result.stderr  # no fuzzy guess for a statistic
    run("agreement", "-p", coded.root, "--unit", "word", expect=2)
    run("agreement", "-p", coded.root, "-c", "ana,,ben", expect=2)
    run("agreement", "-p", coded.root, "--methods", "--disagreements", expect=2)
    result = run("agreement", "-p", coded.root, "--categorical", "trust/distrust", expect=1)
    assert "has no children" in result.stderr
    result = run(
        "agreement", "-p", coded.root, "--categorical", "trust", "--code", "trust", expect=1
    )
    assert "do not go together" in result.stderr


def test_default_coders_leave_out_auto(run, coded):
    save_segments(
        coded,
        "auto",
        "2010-10-06-pancho",
        [Segment("2010-10-06-pancho", 0, 5, "trust", "auto", "")],
    )
    rows = records(run, coded)
    assert rows[0]["coders"] == ["ana", "ben"]


def test_categorical_two_children_in_one_unit_is_an_error_naming_it(run, coded):
    result = run("agreement", "-p", coded.root, "-c", "ana,ben", "--categorical", "trust", expect=1)
    assert "2010-10-06-pancho paragraph 2 (line 3): ana gave two values" in result.stderr
    assert "trust/distrust, trust/friendship" in result.stderr


def test_document_and_where_narrow_the_units(run, coded):
    (row,) = records(run, coded, "-c", "ana,ben", "--code", "trust", "-d", "2010-10-06-pancho")
    assert row["units"] == 3
    (row,) = records(run, coded, "-c", "ana,ben", "--code", "trust", "-w", "gender=woman")
    assert row["units"] == 2
    result = run(
        "agreement", "-p", coded.root, "-c", "ana,ben", "-d", "2010-10-06-clara", "--code", "trust"
    )
    assert "adds nothing to agreement" in result.stderr
    run("agreement", "-p", coded.root, "-d", "no-such-document", expect=1)


def test_disagreements_markdown_is_ready_for_a_meeting(run, coded):
    result = run("agreement", "-p", coded.root, "-c", "ana,ben", "--disagreements", "-f", "md")
    out = result.stdout
    assert out.startswith("## Disagreements to discuss (ana × ben, by paragraph)")
    assert "### 2010-10-06-pancho, line 5 (paragraph 3)" in out
    assert "> Pancho: The State will not give us anything; FOSIS came and then left." in out
    assert "- **paternalism/state**: ana: applied; ben: not applied" in out
    # a parent disagreeing just as its child does is listed once, at the child
    assert "**paternalism**:" not in out
    limited = run(
        "agreement", "-p", coded.root, "-c", "ana,ben", "--disagreements", "-f", "json", "-n", "1"
    )
    assert len(json.loads(limited.stdout)) == 1
    assert "1 of 3 disagreements" in limited.stderr


def test_methods_paragraph_cites_its_sources(run, coded):
    result = run("agreement", "-p", coded.root, "-c", "ana,ben", "--code", "trust", "--methods")
    text = result.stdout
    assert text.startswith("Two coders (ana and ben) independently coded the same 2 documents.")
    assert "Cohen's kappa (Cohen, 1960) was 0.62" in text
    assert "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability." in text
    assert "Cohen, J. (1960)" in text
    payload = json.loads(
        run("agreement", "-p", coded.root, "-c", "ana,ben", "--methods", "-f", "json").stdout
    )
    assert set(payload) == {"methods", "references"} and len(payload["references"]) == 2
    run("agreement", "-p", coded.root, "--methods", "-f", "csv", expect=2)


def test_three_coders_report_fleiss_kappa(run, coded):
    pancho = coded.document("2010-10-06-pancho")
    line = "Pancho: Because we are a country that does not trust."
    save_segments(coded, "cata", pancho.id, [seg(pancho, line, "trust", "cata")])
    rows = records(run, coded, "-c", "ana,ben,cata", "--code", "trust")
    assert rows[0]["kappa"] is None and rows[0]["fleiss_kappa"] is not None
    assert rows[0]["units"] == 3  # only pancho was coded by all three
    assert rows[0]["alpha_units"] == 5  # clara's first interview pairs ana and ben
    result = run("agreement", "-p", coded.root, "-c", "ana,ben,cata", "--code", "trust")
    assert "Fleiss' kappa" in result.stdout


SURVEY_CSV = (
    "id,cambio,comuna\n"
    "P01,Más clientes en la feria,Peñalolén\n"
    "P02,Conocer a las otras asociaciones,Ñuñoa\n"
    "P03,,Ñuñoa\n"
    "P04,Que la municipalidad no decida todo,Peñalolén\n"
)


def test_response_units_over_a_survey(run, coded, tmp_path):
    source = tmp_path / "feria.csv"
    source.write_text(SURVEY_CSV, encoding="utf-8")
    run("survey", "import", source, "--name", "feria", "--open", "cambio", "-p", coded.root)
    folder = coded.surveys_dir / "feria" / "codings"
    folder.mkdir(exist_ok=True)
    (folder / "ana.csv").write_text(
        "question,response,codes\ncambio,P01,trust\ncambio,P02,trust/friendship\n"
        "cambio,P04,paternalism/state\n",
        encoding="utf-8",
    )
    (folder / "ben.csv").write_text(
        "question,response,codes\ncambio,P02,trust/friendship\ncambio,P04,paternalism\n",
        encoding="utf-8",
    )
    rows = records(run, coded, "-c", "ana,ben", "-u", "response", "--survey", "feria")
    by_code = {r["code"]: r for r in rows}
    assert by_code["trust"]["units"] == 3  # P03 left the question blank: not a unit
    assert by_code["trust"]["agreed"] == 2
    assert by_code["paternalism"]["percent_agreement"] == 100.0
    assert by_code["paternalism/state"]["agreed"] == 2
    where = records(
        run, coded, "-c", "ana,ben", "-u", "response", "--where", "comuna=Ñuñoa", "--code", "trust"
    )
    assert where[0]["units"] == 1
    text = run(
        "agreement", "-p", coded.root, "-c", "ana,ben", "-u", "response", "--disagreements",
        "-f", "md",
    ).stdout  # fmt: skip
    assert "### feria/cambio, response P01" in text and "> Más clientes en la feria" in text
    run("agreement", "-p", coded.root, "-u", "response", "-d", "x", expect=1)
    run("agreement", "-p", coded.root, "--survey", "feria", expect=1)


def test_output_is_identical_with_and_without_the_index(run, coded):
    args = ("agreement", "-p", str(coded.root), "-c", "ana,ben", "-f", "json")
    assert run(*args).stdout == run(*args, "--no-index").stdout


def test_the_example_project_compares_ana_and_tomas(run):
    root = Path(__file__).resolve().parents[2]
    rows = records(
        run, Project.open(root), "--code", "trust", "--code", "paternalism", "--no-index"
    )
    assert rows[0]["coders"] == ["ana", "tomas"]
    assert all(r["kappa"] is not None and -1 <= r["kappa"] < 1 for r in rows)
