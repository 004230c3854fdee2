"""``survey retype`` and the refusals of ``survey import`` on the command line (issue 16)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import real_input


def test_retype_then_tally(run, project, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "folio,distancia\n" + "".join(f"{i},{'Cerca' if i % 2 else 'Lejos'}\n" for i in range(12)),
        encoding="utf-8",
    )
    run("survey", "import", path, "--name", "f", "-p", project.root)
    result = run("survey", "retype", "f", "distancia", "open", "-p", project.root)
    assert "f distancia: open (typed by the user)" in result.stderr
    text = (project.surveys_dir / "f" / "survey.yaml").read_text(encoding="utf-8")
    assert "typed: user" in text and "retyped by the user (closed -> open)" in text
    bad = run("survey", "retype", "f", "distancia", "likert", "-p", project.root, expect=1)
    assert bad.stderr.startswith("qualcode: error: 12 answers of 'distancia' are not numbers")
    usage = run("survey", "retype", "f", "distancia", "nominal", "-p", project.root, expect=1)
    assert "unknown question type 'nominal'" in usage.stderr


def test_import_refuses_taguette_in_one_line(run, project) -> None:
    path = real_input("survey", "taguette_serdif_pssuq_comment_tags.csv")
    result = run("survey", "import", path, "-p", project.root, expect=1)
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"qualcode: error: {path}: this is a Taguette highlights export (80 highlights in 97 "
        "rows, one row per tag; 14 documents, 18 tags), not a survey"
    )
    assert lines[1].startswith(
        "hint: import it with the exchange importer, 'qualcode import-project FILE' "
        "(see docs/exchange.md)"
    )
    assert "Traceback" not in result.stderr
    assert not (project.surveys_dir).exists() or not any(project.surveys_dir.iterdir())


def test_import_fix_text_flag(run, project, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("folio,comentario\n1,La feria â€” bien\n2,Nada\n", encoding="utf-8")
    run(
        "survey",
        "import",
        path,
        "--name",
        "m",
        "--open",
        "comentario",
        "--fix-text",
        "-p",
        project.root,
    )
    stored = (project.surveys_dir / "m" / "responses.csv").read_text(encoding="utf-8")
    assert "La feria — bien" in stored
