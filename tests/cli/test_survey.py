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
    assert csv_text.splitlines()[0] == (
        "question,value,n,N,percent,mentions,mentions_N,mentions_percent,median,mean,min,max,"
        "share,mentions_share"
    )
    assert "Renca,2,3,66.7,,,,,,,,2 of 3 (66.7%)," in csv_text


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
    assert "no code like 'no-such-code-xyz'" in result.stderr
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
            "--threshold",
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
    assert "1 code added to 1 answer" in result.stderr
    chart = run("survey", "tally", "talleres", "producto", "--chart", "-p", root).stdout
    assert "textiles" in chart and "█" in chart and "40 of 116 (34.5%)" in chart


def test_survey_help_has_examples(run) -> None:
    for command in ("import", "tally", "code", "autocode", "cluster", "list"):
        assert "Example: qualcode survey" in run("survey", command, "--help").stdout


def _two_coders(run, tmp_path, default):  # noqa: ANN001, ANN202
    from qualcode.store.project import Project

    project = create_demo_project(tmp_path / "demo")
    run(
        "survey", "autocode", "feria-2008", "cambio", "--pattern", "clientes", "--code",
        "new-markets", "--apply", "-p", project.root,
    )  # fmt: skip
    opened = Project.open(project.root)
    opened.settings["default_coder"] = default
    opened.save_settings()
    return project.root


def test_tally_closed_question_never_needs_a_coder(run, tmp_path) -> None:
    root = _two_coders(run, tmp_path, None)
    closed = run("survey", "tally", "feria-2008", "comuna", "-p", root)
    assert "of 72" in closed.stdout
    rows = json.loads(run("survey", "tally", "feria-2008", "-f", "json", "-p", root).stdout)
    assert {r["question"] for r in rows} >= {"comuna"}
    every = run("survey", "tally", "feria-2008", "-p", root)
    assert "coded by ana, auto; choose one with --coder" in every.stderr
    named = run("survey", "tally", "feria-2008", "cambio", "-p", root, expect=1)
    assert "coded by ana, auto" in named.stderr and "--coder" in named.stderr


def test_tally_open_question_uses_default_coder_among_several(run, tmp_path) -> None:
    root = _two_coders(run, tmp_path, "ana")
    assert "51 of 72" in run("survey", "tally", "feria-2008", "cambio", "-p", root).stdout


def test_tally_bins_that_leave_counts_out_are_an_error(run, tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    result = run(
        "survey", "tally", "talleres", "comuna", "--bins", "0,1-3", "-p", project.root, expect=1
    )
    assert "outside every bin" in result.stderr
    assert "0,1-3,4+" in result.stderr
    assert result.stdout == ""


def test_multi_mentions_share_states_its_denominator(run, project, tmp_path) -> None:
    path = tmp_path / "temas.csv"
    path.write_text(
        "folio,temas\n1,ventas;diseño\n2,ventas\n3,talleres;ventas\n4,\n", encoding="utf-8"
    )
    run("survey", "import", path, "--name", "t", "--multi", "temas", "-p", project.root)
    rows = json.loads(run("survey", "tally", "t", "temas", "-f", "json", "-p", project.root).stdout)
    ventas = next(r for r in rows if r["value"] == "ventas")
    assert (ventas["mentions"], ventas["mentions_N"], ventas["mentions_percent"]) == (3, 5, 60.0)
    assert ventas["mentions_share"] == "3 of 5 mentions (60.0%)"
    md = run("survey", "tally", "t", "temas", "-f", "md", "-p", project.root).stdout
    assert "| 100.0 |" in md and "3 of 5 mentions (60.0%)" in md
    table = run("survey", "tally", "t", "temas", "-p", project.root).stdout
    assert "3 of 5 mentions (60.0%)" in table


def test_by_blank_value_reads_missing_except_in_json(run, project, tmp_path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("folio,comuna,vende\n1,Renca,sí\n2,,no\n3,Renca,sí\n", encoding="utf-8")
    run("survey", "import", path, "--name", "f", "--closed", "comuna", "-p", project.root)
    root = project.root
    csv_text = run("survey", "tally", "f", "vende", "--by", "comuna", "-f", "csv", "-p", root)
    assert "vende,(missing),no,1,1" in csv_text.stdout
    table = run("survey", "tally", "f", "vende", "--by", "comuna", "-p", root).stdout
    assert "(missing)" in table
    rows = json.loads(
        run("survey", "tally", "f", "vende", "--by", "comuna", "-f", "json", "-p", root).stdout
    )
    assert rows[-1]["comuna"] is None


def test_import_usage_errors_and_names(run, project, tmp_path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("folio,comuna,vende\n1,Renca,sí\n2,,no\n", encoding="utf-8")
    root = project.root
    bad = run("survey", "import", path, "--source", "spss", "-p", root, expect=2)
    assert "spss" in bad.stderr
    result = run("survey", "import", path, "--name", "Feria_Q5", "-p", root)
    assert "stored as 'feria_q5'" in result.stderr
    assert "imported survey feria_q5: 2 responses" in result.stderr
    nope = run("survey", "tally", "feria_q5", "--by", "nope", "-p", root, expect=1)
    assert "no question or attribute 'nope'" in nope.stderr
    wrong = run("survey", "tally", "Feria Q5!", "-p", root, expect=1)
    assert "e.g. feria-q5" in wrong.stderr


def test_singular_wording_and_lonely_answers_named(run, project, tmp_path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "folio,cambio\n1,Más mesas para vender\n2,Más mesas para vender\n3,Baños limpios\n",
        encoding="utf-8",
    )
    root = project.root
    one = run("survey", "import", path, "--name", "f", "--open", "cambio", "-p", root)
    assert "3 responses, 1 question (1 open), 0 attributes" in one.stderr
    cluster = run("survey", "cluster", "f", "cambio", "-p", root)
    assert "1 answer is unlike any other: 3" in cluster.stderr
    auto = run(
        "survey", "autocode", "f", "cambio", "--pattern", "baños", "--code", "x", "--apply",
        "-p", root,
    )  # fmt: skip
    assert "1 code added to 1 answer of f cambio" in auto.stderr


def test_not_applicable_answers_are_missing_unless_kept(run, project, tmp_path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("folio,vende\n1,sí\n2,N/A\n3,-\n4,no\n5,NA\n", encoding="utf-8")
    root = project.root
    result = run("survey", "import", path, "--name", "f", "--closed", "vende", "-p", root)
    assert "3 answers such as N/A" in result.stderr
    rows = json.loads(run("survey", "tally", "f", "vende", "-f", "json", "-p", root).stdout)
    assert rows[-1]["value"] is None and rows[-1]["n"] == 3 and rows[0]["N"] == 2
    run("survey", "import", path, "--name", "g", "--closed", "vende", "--keep-na", "-p", root)
    kept = json.loads(run("survey", "tally", "g", "vende", "-f", "json", "-p", root).stdout)
    assert {r["value"] for r in kept} == {"sí", "no", "N/A", "-", "NA"}


def test_autocode_review_all_for_this_code_and_reprompt(run, tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    root = project.root
    result = run(
        "survey", "autocode", "feria-2008", "cambio", "--pattern", "clientes", "--code",
        "new-markets", "--review", "--coder", "rev", "-p", root, input="x\na\n",
    )  # fmt: skip
    assert "[y]es/[n]o/[a]ll for this code/[q]uit" in result.stderr
    assert "not a choice: 'x'" in result.stderr
    saved = (root / "fieldnotes/surveys/feria-2008/codings/rev.csv").read_text(encoding="utf-8")
    assert len(saved.splitlines()) > 2  # every answer with "clientes", asked once
    assert result.stderr.count("[q]uit") == 2


def test_code_choices_undo_back_and_codebook(run, tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    root = project.root
    result = run(
        "survey", "code", "feria-2008", "cambio", "--coder", "bea", "-p", root,
        input="a\n2\nmarket\nu\nb\n?\n\n\n",
    )  # fmt: skip
    err = result.stderr
    assert "'a' could be:" in err and "1. associativity" in err and "2. autonomy" in err
    assert "coded: autonomy" in err
    assert "market → commercialization/new-markets" in err  # one candidate: applied
    assert "undid commercialization/new-markets on P02" in err
    assert "c-factor/confianza" in err  # ? shows the codebook
    assert err.count("[1/72] P01") == 3  # first, after b, after ?
    saved = (root / "fieldnotes/surveys/feria-2008/codings/bea.csv").read_text(encoding="utf-8")
    assert saved.splitlines() == ["question,response,codes", "cambio,P01,autonomy"]


def test_survey_import_pseudonymises_open_answers(run, tmp_path):
    """Real names in open answers never reach the survey files; e-mails become placeholders."""
    project = tmp_path / "p"
    run("init", project)
    run(
        "people",
        "add",
        "Rosalía Fuentes Vidal",
        "--pseudonym",
        "Clara",
        "--alias",
        "Chalía",
        "-p",
        project,
    )
    export = tmp_path / "encuesta.csv"
    export.write_text(
        'id,comuna,cambio\r\n1,Renca,"Que Rosalía Fuentes organice más talleres"\r\n'
        "2,Maipú,Escribir a chalia.fuentes@gmail.com\r\n3,Renca,\r\n",
        encoding="utf-8",
    )
    result = run("survey", "import", export, "--name", "s", "--open", "cambio", "-p", project)
    assert "pseudonymised" in result.stderr
    stored = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (project / "fieldnotes" / "surveys" / "s").rglob("*")
        if p.is_file()
    )
    assert "Rosalía" not in stored and "Fuentes" not in stored and "gmail" not in stored
    assert "Que Clara organice más talleres" in stored and "[EMAIL-1]" in stored
