import json
from dataclasses import replace

import pytest

from qualcode.analysis.check import CHECKS, Problem, run_checks
from qualcode.store.codings import coding_path, load_segments
from tests.core.coding_fixtures import import_crlf, write_codebook

PASSAGE = "Éramos desconfiados; la dictadura nos enseñó a callar."


@pytest.fixture
def doc(project, tmp_path, monkeypatch):
    write_codebook(project)
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("QUALCODE_CODER", "ana")
    return import_crlf(project, tmp_path)


def edit(project, doc, body):
    project.save_document(replace(doc, body=body), replace=True)


def test_clean_project(run, doc):
    run("code", "pena", "distrust", "--quote", PASSAGE)
    result = run("check")
    assert "no problems found" in result.stderr and result.stdout == ""


def test_edit_above_and_inside_then_fix(run, project, doc):
    run("code", "pena", "distrust", "--quote", PASSAGE)
    run("code", "pena", "pastoral", "--para", "2")
    body = "Transcripción revisada.\n\n" + doc.body.replace("la sala", "su sala")
    edit(project, doc, body)
    result = run("check", "-f", "json", expect=1)
    problems = json.loads(result.stdout)
    assert {p["check"] for p in problems} == {"moved-segment"}
    assert all(p["fixable"] for p in problems) and len(problems) == 2
    assert "fixable with 'qualcode check --fix'" in result.stderr
    fixed = run("check", "--fix")
    assert "2 segments re-anchored" in fixed.stderr and "no problems found" in fixed.stderr
    for seg in load_segments(project, coder="ana"):
        assert body[seg.start : seg.end] == seg.text
    assert "su sala" in next(s.text for s in load_segments(project) if s.code.endswith("pastoral"))


def test_deleted_passage_is_stale_reported_and_left_out(run, project, doc):
    run("code", "pena", "distrust", "--quote", PASSAGE)
    run("code", "pena", "pastoral", "--para", "2")
    edit(project, doc, doc.body.replace("Peña: " + PASSAGE, "Peña: Prefiero no hablar de eso."))
    result = run("check", "-f", "csv", expect=1)
    assert "stale-segment" in result.stdout
    assert "1 problem\n" in result.stderr
    problems = run_checks(project)
    (stale,) = problems
    assert stale.path == "codings/ana/" + doc.id + ".yaml" and stale.line is not None
    assert "trust/distrust" in stale.message and "'Éramos desconfiados" in stale.message
    # --fix keeps the stale segment for a person to judge, and check still fails
    run("check", "--fix", expect=1)
    assert len(load_segments(project, coder="ana")) == 2
    # left out of the coded view, with a note
    shown = run("notes", "show", "pena", "--codes")
    assert "trust/distrust" not in shown.stdout and "pastoral" in shown.stdout
    assert "1 stale segments left out" in shown.stderr


def test_past_end_is_an_error_not_a_clamp(run, project, doc):
    path = coding_path(project, "ana", doc.id)
    path.parent.mkdir(parents=True)
    path.write_text(
        f"document: {doc.id}\ncoder: ana\nsegments:\n"
        "- code: trust\n  start: 300\n  end: 900\n  text: un texto que ya no existe en ninguna parte\n",
        encoding="utf-8",
    )
    result = run("check", "-f", "json", expect=1)
    (problem,) = json.loads(result.stdout)
    assert problem["check"] == "stale-segment" and problem["line"] == 4
    assert f"ends past the end of the text ({len(doc.body)} characters)" in problem["message"]


def test_unknown_code_missing_document_and_malformed_file(run, project, doc):
    run("code", "pena", "trust", "--lines", "1")
    book = project.codebooks_dir / "book.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("name: trust", "name: confianza"))
    ghost = coding_path(project, "ana", "no-such-doc")
    ghost.write_text("document: no-such-doc\ncoder: ana\nsegments: []\n", encoding="utf-8")
    broken = coding_path(project, "beto", doc.id)
    broken.parent.mkdir()
    broken.write_text("document: x\nsegments: [\n", encoding="utf-8")
    result = run("check", "-f", "csv", expect=1)
    assert (
        "unknown-code" in result.stdout and "code 'trust' is not in the codebook" in result.stdout
    )
    assert "missing-document" in result.stdout and "no-such-doc" in result.stdout
    assert "malformed-file" in result.stdout and "codings/beto/" in result.stdout


def test_checks_are_extensible(project, doc):
    def leak_scan(context):
        return [Problem("fieldnotes/x.md", 3, "name-leak", "known name 'Peña' found")]

    problems = run_checks(project, checks=[*CHECKS, leak_scan])
    assert [p.check for p in problems] == ["name-leak"]


def test_check_includes_the_leak_scan(run, tmp_path):
    """check fails on a registered real name left in a document, like scan."""
    run("init", tmp_path / "p")
    project = tmp_path / "p"
    run("people", "add", "Rosalía Fuentes Vidal", "--pseudonym", "Clara", "-p", project)
    assert "no problems" in run("check", "-p", project).stderr + run("check", "-p", project).stdout
    leaked = project / "fieldnotes" / "interviews" / "x.md"
    leaked.write_text(
        "---\nid: x\nkind: interview\n---\nHablé con Rosalía Fuentes ayer.\n", encoding="utf-8"
    )
    result = run("check", "-p", project, expect=1)
    assert "leak" in result.stdout + result.stderr
    assert "Rosalía" not in result.stdout + result.stderr


def test_codebook_counts_leave_stale_segments_out(run, project, doc):
    run("code", "pena", "distrust", "--quote", PASSAGE)
    run("code", "pena", "pastoral", "--para", "2")
    before = {
        r["path"]: r["segments"]
        for r in json.loads(run("codebook", "show", "--counts", "-f", "json").stdout)
    }
    assert before["trust/distrust"] == 1 and before["paternalism/pastoral"] == 1
    edit(project, doc, doc.body.replace("Peña: " + PASSAGE, "Peña: Prefiero no hablar de eso."))
    result = run("codebook", "show", "--counts", "-f", "json")
    after = {r["path"]: r["segments"] for r in json.loads(result.stdout)}
    assert after["trust/distrust"] == 0 and after["trust"] == 0
    assert after["paternalism/pastoral"] == 1
    assert "1 stale segment(s) left out of the counts" in result.stderr
