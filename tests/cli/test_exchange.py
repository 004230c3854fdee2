"""export refi|csv|md|r|spss, import-refi, import-project and memo, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import zipfile

import pytest
import xmlschema

from qualcode.demo import create_demo_project
from qualcode.exchange.refi import schema_path
from qualcode.store.memos import load_memos
from tests.conftest import real_input


@pytest.fixture
def demo(tmp_path):
    return create_demo_project(tmp_path / "demo")


def test_export_refi_import_refi_round_trip(run, demo, tmp_path):
    out = tmp_path / "santiago.qdpx"
    run("memo", "add", "-p", demo.root, "--code", "trust", "--title", "Trust", "--text", "Earned.")
    result = run("export", "refi", "-o", out, "-p", demo.root)
    assert "wrote" in result.stderr and result.stdout == ""
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde").decode("utf-8")
    xmlschema.XMLSchema(str(schema_path("Project.xsd"))).validate(qde)
    run("init", tmp_path / "fresh")
    imported = run("import-refi", out, "-p", tmp_path / "fresh")
    assert "14 documents" in imported.stderr and "by ana, auto" in imported.stderr
    for args in (
        ("tally", "-f", "csv"),
        ("quotes", "trust", "-f", "csv"),
        ("memo", "list", "-f", "csv"),
    ):
        before = run(*args, "-p", demo.root).stdout
        after = run(*args, "-p", tmp_path / "fresh").stdout
        if args[0] == "memo":  # the path column differs only by project root
            before, after = (
                before.replace(str(demo.root), ""),
                after.replace(str(tmp_path / "fresh"), ""),
            )
        assert before == after


def test_import_refi_errors(run, project, tmp_path):
    bad = tmp_path / "bad.qdpx"
    bad.write_text("hello", encoding="utf-8")
    result = run("import-refi", bad, "-p", project.root, expect=1)
    assert result.stderr.startswith("qualcode: error: ") and "bad.qdpx" in result.stderr
    result = run("import-refi", tmp_path / "missing.qdpx", "-p", project.root, expect=1)
    assert "no such file" in result.stderr


def test_import_refi_real_nvivo_warns(run, project):
    path = real_input("codebook", "nvivo15_mac_codebook_only_export.qdpx")
    result = run("import-refi", path, "-p", project.root)
    assert "has no text" in result.stderr and "262 new codes" in result.stderr


def test_export_csv_with_bom_and_columns(run, demo, tmp_path):
    out = tmp_path / "segments.csv"
    run("export", "csv", "-o", out, "--bom", "-p", demo.root)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdocument,kind,date,participants,")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and {
        "code",
        "coder",
        "start",
        "end",
        "lines",
        "text",
        "citation",
        "generation",
    } <= set(rows[0])
    plain = run("export", "csv", "-p", demo.root, "--coder", "ana").stdout
    assert plain.startswith("document,") and {
        r["coder"] for r in csv.DictReader(io.StringIO(plain))
    } == {"ana"}


def test_export_md_r_spss(run, demo, tmp_path):
    md = run("export", "md", "-p", demo.root).stdout
    assert md.startswith("# Coded quotes: ") and "*Definition:*" in md
    r = run("export", "r", "-p", demo.root).stdout.splitlines()
    assert "c.factor.confianza" in r[0].split(",")
    spss = tmp_path / "m.csv"
    result = run("export", "spss", "-o", spss, "--binary", "-p", demo.root)
    assert "14 documents x 25 codes" in result.stderr
    header = spss.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "c_factor_confianza" in header


def test_export_refi_needs_an_output(run, demo):
    result = run("export", "refi", "-p", demo.root, expect=2)
    assert "--output" in result.stderr


def editor_script(tmp_path, text: str) -> str:
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\nprintf '%b' '{text}' > \"$1\"\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_memo_add_list_show_edit(run, demo, tmp_path, monkeypatch):
    root = demo.root
    added = run(
        "memo",
        "add",
        "-p",
        root,
        "--segment",
        "2010-10-06-pancho-network-representative:105-395",
        "--title",
        "Dos amigos",
        "--text",
        "La broma sostiene el argumento.",
        "-f",
        "json",
    )
    (record,) = json.loads(added.stdout)
    assert record["segment"] == "2010-10-06-pancho-network-representative:105-395"
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "Escrito en el editor."))
    run("memo", "add", "-p", root, "--doc", "pancho", "--title", "Sobre Pancho")
    mine = {m.title: m for m in load_memos(demo)}
    assert mine["Dos amigos"].body == "La broma sostiene el argumento.\n"
    assert mine["Sobre Pancho"].body == "Escrito en el editor.\n"
    listed = run("memo", "list", "-p", root, "--doc", "pancho", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(listed)))
    assert {"Dos amigos", "Sobre Pancho", "Two friends each"} == {r["title"] for r in rows}
    every = list(csv.DictReader(io.StringIO(run("memo", "list", "-p", root, "-f", "csv").stdout)))
    assert {r["kind"] for r in every} == {"memo", "coding"}
    shown = run("memo", "show", "-p", root, "sobre-pancho").stdout
    assert shown.startswith(
        "# Sobre Pancho\n\nAbout document 2010-10-06-pancho-network-representative"
    )
    memo_id = mine["Sobre Pancho"].id
    new_text = "---\\nid: " + memo_id + "\\ntitle: Sobre Pancho, otra vez\\n---\\nCambiado.\\n"
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, new_text))
    run("memo", "edit", "-p", root, memo_id)
    edited = {m.id: m for m in load_memos(demo)}[memo_id]
    assert edited.title == "Sobre Pancho, otra vez" and edited.body == "Cambiado.\n"
    run("memo", "edit", "-p", root, memo_id, "--text", "Otra vez.")
    assert {m.id: m for m in load_memos(demo)}[memo_id].body == "Otra vez.\n"
    coding = next(r for r in every if r["kind"] == "coding")
    run("memo", "edit", "-p", root, coding["id"], "--text", "Nota nueva")
    assert run("memo", "show", "-p", root, coding["id"]).stdout.rstrip().endswith("Nota nueva")


def test_memo_errors(run, demo, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    result = run("memo", "add", "-p", demo.root, "--title", "x", expect=1)
    assert "no editor" in result.stderr
    result = run(
        "memo",
        "add",
        "-p",
        demo.root,
        "--title",
        "x",
        "--segment",
        "pancho:5-2",
        "--text",
        "t",
        expect=1,
    )
    assert "DOC:START-END" in result.stderr
    result = run("memo", "show", "-p", demo.root, "nothing-here", expect=1)
    assert "no memo" in result.stderr


def test_memo_is_pseudonymised(run, project):
    run(
        "people",
        "add",
        "Rosalía Fuentes Vidal",
        "--pseudonym",
        "Clara",
        "--alias",
        "Rosalía",
        "-p",
        project.root,
    )
    run(
        "memo",
        "add",
        "-p",
        project.root,
        "--title",
        "Con Rosalía",
        "--text",
        "Rosalía Fuentes dijo que sí.",
    )
    (memo,) = load_memos(project)
    text = memo.path.read_text(encoding="utf-8")
    assert "Rosal" not in text and "Clara" in text


def test_quotes_memos_option(run, demo):
    run(
        "memo",
        "add",
        "-p",
        demo.root,
        "--doc",
        "pancho",
        "--title",
        "Sobre Pancho",
        "--text",
        "Humor.",
    )
    out = run("quotes", "trust", "--memos", "-f", "json", "-p", demo.root).stdout
    rows = json.loads(out)
    assert any("Sobre Pancho: Humor." in r["memos"] for r in rows)


def test_import_project_kinds(run, project, tmp_path):
    odd = tmp_path / "x.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = run("import-project", odd, "-p", project.root, expect=1)
    assert "qc project" in result.stderr and "Taguette" in result.stderr
    codes = real_input("codebook", "qc_codes_line_aligned_es.txt")
    result = run("import-project", codes, "-p", project.root, expect=2)
    assert "--document" in result.stderr
    body = real_input("transcript", "qc_spanish_interview_E_G.txt")
    run("import", body, "--kind", "interview", "-p", project.root)
    (doc,) = project.documents()
    result = run(
        "import-project", codes, "--document", doc.id, "--coder", "ana", "-p", project.root
    )
    assert "19 segments by ana" in result.stderr
    result = run(
        "import-project",
        real_input("codebook", "qualcoder_plain_codes_categories_for_import.txt"),
        "-p",
        project.root,
    )
    assert "imported 9 codes" in result.stderr


def test_codebook_import_qc_yaml(run, project):
    result = run(
        "codebook", "import", real_input("codebook", "qc_codebook_flat_es.yaml"), "-p", project.root
    )
    assert "imported 11 codes" in result.stderr and "not split into a hierarchy" in result.stderr
    assert os.path.exists(project.codebooks_dir / "qc_codebook_flat_es.yaml")
