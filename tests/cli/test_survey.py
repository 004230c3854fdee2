"""The ``qualcode survey`` commands."""

from __future__ import annotations

import json

from qualcode.demo import create_demo_project
from tests.conftest import real_input


def test_import_list_and_tally_json(run, project, tmp_path) -> None:
    path = tmp_path / "feria.csv"
    path.write_text(
        "folio,comuna,temas,cambio\r\n"
        '1,Renca,"ventas, diseño",Más clientes\r\n'
        "2,Renca,ventas,\r\n"
        "3,Pudahuel,,Toldos nuevos\r\n",
        encoding="utf-8",
    )
    result = run(
        "survey", "import", path, "--name", "feria", "--multi", "temas", "--sep", ",",
        "--open", "cambio", "--closed", "comuna", "-p", project.root,
    )  # fmt: skip
    assert result.stdout == ""
    assert "imported survey feria: 3 responses, 3 questions (1 open)" in result.stderr
    listed = json.loads(run("survey", "list", "-f", "json", "-p", project.root).stdout)
    assert listed[0]["name"] == "feria" and listed[0]["responses"] == 3
    rows = json.loads(
        run("survey", "tally", "feria", "temas", "-f", "json", "-p", project.root).stdout
    )
    ventas = next(r for r in rows if r["value"] == "ventas")
    assert (ventas["n"], ventas["N"], ventas["percent"], ventas["mentions_percent"]) == (
        2,
        2,
        100.0,
        66.7,
    )
    assert rows[-1]["value"] is None and rows[-1]["n"] == 1
    by = json.loads(
        run(
            "survey", "tally", "feria", "comuna", "--by", "temas", "-f", "json", "-p", project.root
        ).stdout
    )
    assert {"question", "temas", "value", "n", "N", "percent"} <= set(by[0])
    csv_text = run("survey", "tally", "feria", "comuna", "-f", "csv", "-p", project.root).stdout
    assert csv_text.splitlines()[0] == "question,value,n,N,percent,mentions_percent,median,share"
    assert "Renca,2,3,66.7,,,2 of 3 (66.7%)" in csv_text


def test_import_errors_are_one_line(run, project, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("ResponseId,Q1\nResponse ID,Q\nR_1abcdefg,1,2\n", encoding="utf-8")
    result = run("survey", "import", path, "--name", "bad", "-p", project.root, expect=1)
    assert result.stderr.startswith("qualcode: error: ")
    assert ":3:" in result.stderr and "Traceback" not in result.stderr
    result = run("survey", "tally", "nope", "-p", project.root, expect=1)
    assert "no survey 'nope'" in result.stderr


def test_import_real_export_with_auto_source(run, project) -> None:
    path = real_input("survey", "surveymonkey_starwars_fivethirtyeight_raw_CR_nonutf8.csv")
    result = run("survey", "import", path, "--name", "starwars", "-p", project.root)
    assert "50 responses, 32 questions" in result.stderr
    assert "note: decoded from cp1252" in result.stderr


def test_tally_bins_json(run, tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    rows = json.loads(
        run(
            "survey", "tally", "talleres", "comuna", "--bins", "0,1-3,4-7,8+", "-f", "json",
            "-p", project.root,
        ).stdout
    )  # fmt: skip
    assert [r["bin"] for r in rows] == ["0", "1-3", "4-7", "8+"]
    assert sum(r["n"] for r in rows) == 34
    assert rows[3]["categories"] == [
        "La Pintana",
        "Peñalolén",
        "Pudahuel",
        "Puente Alto",
        "Santiago",
    ]
    result = run(
        "survey", "tally", "talleres", "comuna", "--bins", "1-3,2", "-p", project.root, expect=1
    )
    assert "overlaps" in result.stderr


def test_code_interactive_piped_resumable_and_eof(run, tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    root = project.root
    # answers in survey order: P01 first
    result = run(
        "survey", "code", "feria-2008", "cambio", "--coder", "bea", "-p", root,
        input="fair-desing, new markets\nno-such-code-xyz\ngroup-activities\n\n",
    )  # fmt: skip
    assert "coded: commercialization/fair-design, commercialization/new-markets" in result.stderr
    assert "no code 'no-such-code-xyz'" in result.stderr
    assert "stopped at end of input" in result.stderr
    saved = (root / "fieldnotes/surveys/feria-2008/codings/bea.csv").read_text(encoding="utf-8")
    assert saved.splitlines() == [
        "question,response,codes",
        "cambio,P01,commercialization/fair-design;commercialization/new-markets",
        "cambio,P02,associativity/group-activities",
    ]
    again = run("survey", "code", "feria-2008", "cambio", "-c", "bea", "-p", root, input="q\n")
    assert "70 answers to code" in again.stderr  # P01 and P02 are done
    assert "[1/70] P03" in again.stderr


def test_autocode_apply_and_tally_by_coder(run, tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    root = project.root
    dry = run(
        "survey",
        "autocode",
        "feria-2008",
        "cambio",
        "--codebook-keywords",
        "-f",
        "json",
        "-p",
        root,
    )
    suggestions = json.loads(dry.stdout)
    assert suggestions and "nothing written" in dry.stderr
    assert not (root / "fieldnotes/surveys/feria-2008/codings/auto.csv").exists()
    result = run(
        "survey", "autocode", "feria-2008", "cambio", "--pattern", r"\btoldos?\b", "--code",
        "fair-design", "--apply", "-p", root,
    )  # fmt: skip
    assert "as coder auto" in result.stderr
    rows = json.loads(
        run(
            "survey", "tally", "feria-2008", "cambio", "--coder", "auto", "-f", "json", "-p", root
        ).stdout
    )
    design = next(r for r in rows if r["value"] == "commercialization/fair-design")
    assert design["n"] == 1 and design["N"] == 72
    several = run("survey", "tally", "feria-2008", "cambio", "-p", root)
    assert "51 of 72" in several.stdout  # the default coder ana


def test_cluster_command(run, tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    rows = json.loads(
        run(
            "survey",
            "cluster",
            "feria-2008",
            "cambio",
            "-t",
            "60",
            "-f",
            "json",
            "-p",
            project.root,
        ).stdout
    )
    assert all(r["size"] >= 2 for r in rows)


def test_demo_prints_the_thesis_tallies(run, tmp_path) -> None:
    result = run("demo", tmp_path / "d")
    assert "13 of 72" in result.stdout
    assert "51 of 72" in result.stdout
    assert "40 of 116" in result.stdout


def test_autocode_review_and_chart(run, tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    root = project.root
    result = run(
        "survey", "autocode", "feria-2008", "cambio", "--pattern", "clientes", "--code",
        "new-markets", "--review", "--coder", "rev", "-p", root, input="y\nn\nq\n",
    )  # fmt: skip
    assert "1 codes added to 1 answers" in result.stderr
    chart = run("survey", "tally", "talleres", "producto", "--chart", "-p", root).stdout
    assert "textiles" in chart and "█" in chart and "40 of 116 (34.5%)" in chart


def test_survey_help_has_examples(run) -> None:
    for command in ("import", "tally", "code", "autocode", "cluster", "list"):
        assert "Example: qualcode survey" in run("survey", command, "--help").stdout
