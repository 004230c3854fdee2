"""Survey tallies: n of N with missing apart, multi-select, Likert, roll-up, --by, --bins."""

from __future__ import annotations

import json

import pytest

from qualcode.codebook.tree import load_codebook
from qualcode.demo import create_demo_project
from qualcode.errors import InvalidArgument, NotFound
from qualcode.survey.model import Question, Survey, SurveyCodings
from qualcode.survey.store import load_codings, load_survey
from qualcode.survey.tally import parse_bins, tally_survey


def make_survey() -> Survey:
    return Survey(
        name="t",
        title="t",
        questions=[
            Question("feria", "¿Vendrá?", "closed", ("sí", "no", "tal vez")),
            Question("temas", "Temas", "multi", ("ventas", "diseño", "talleres"), "|"),
            Question("nota", "Nota", "likert", ("1", "2", "3", "4", "5")),
            Question("socios", "Socios", "number"),
            Question("cambio", "¿Qué cambiaría?", "open"),
        ],
        attributes=[Question("comuna", "Comuna", "attribute")],
        ids=["R1", "R2", "R3", "R4", "R5", "R6"],
        columns={
            "feria": ["sí", "sí", "no", "", "sí", "no"],
            "temas": ["ventas|diseño", "ventas", "", "talleres|ventas", "diseño", ""],
            "nota": ["5", "4", "4", "", "2", "1"],
            "socios": ["3", "12", "7", "", "25", "40"],
            "cambio": [
                "Más mesas y clientes",
                "Más clientes",
                "",
                "Nada",
                "Convivencias",
                "Toldos",
            ],
            "comuna": ["Renca", "Renca", "Pudahuel", "Pudahuel", "Renca", ""],
        },
    )


def records(table):
    return json.loads(table.to_json())


def by_value(rows, question):
    return {r["value"]: r for r in rows if r["question"] == question}


def test_closed_missing_on_its_own_row_never_in_n() -> None:
    rows = by_value(records(tally_survey(make_survey(), ["feria"])), "feria")
    assert rows["sí"] == {
        "question": "feria",
        "value": "sí",
        "n": 3,
        "N": 5,
        "percent": 60.0,
        "mentions": None,
        "mentions_N": None,
        "mentions_percent": None,
        "median": None,
        "mean": None,
        "min": None,
        "max": None,
        "share": "3 of 5 (60.0%)",
        "mentions_share": None,
    }
    assert rows["tal vez"]["n"] == 0  # declared option without answers
    assert rows[None]["n"] == 1 and rows[None]["N"] == 6
    assert sum(r["n"] for v, r in rows.items() if v is not None) == 5


def test_multi_select_percent_of_respondents_and_of_mentions() -> None:
    rows = by_value(records(tally_survey(make_survey(), ["temas"])), "temas")
    assert rows["ventas"]["n"] == 3 and rows["ventas"]["N"] == 4
    assert rows["ventas"]["percent"] == 75.0  # 3 of 4 respondents
    assert rows["ventas"]["mentions_percent"] == 50.0  # 3 of 6 mentions
    assert sum(r["percent"] for v, r in rows.items() if v) > 100
    assert rows[None]["n"] == 2


def test_likert_scale_gaps_are_shown_with_zero() -> None:
    survey = make_survey()
    survey.questions[2] = Question("nota", "Nota", "likert", ("1", "2", "4", "6"))
    survey.columns["nota"] = ["1", "2", "2", "", "6", "4"]
    rows = [r for r in records(tally_survey(survey, ["nota"])) if r["value"]]
    assert [(r["value"], r["n"]) for r in rows] == [
        ("1", 1), ("2", 2), ("3", 0), ("4", 1), ("5", 0), ("6", 1)
    ]  # fmt: skip


def test_likert_distribution_in_scale_order_and_median() -> None:
    rows = [r for r in records(tally_survey(make_survey(), ["nota"])) if r["value"]]
    assert [r["value"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r["n"] for r in rows] == [1, 1, 0, 2, 1]
    assert {r["median"] for r in rows} == {4}


def test_number_tallies_as_summary_not_one_row_per_value() -> None:
    def survey_of(values):
        ids = [f"R{i}" for i in range(len(values))]
        q = Question("edad", "Edad", "number")
        return Survey("n", "n", [q], [], ids, {"edad": [str(v) for v in values]})

    rows = records(tally_survey(survey_of([34, 51, 34, 20, 72, "", "no sé"])))
    assert len(rows) == 2
    summary, missing = rows
    assert (summary["value"], summary["n"], summary["N"]) == ("(all answers)", 5, 6)
    assert (summary["mean"], summary["median"], summary["min"], summary["max"]) == (
        42.2, 34, 20, 72
    )  # fmt: skip
    assert missing["value"] is None and missing["n"] == 1
    binned = records(tally_survey(survey_of([34, 51, 34, 20, 72, ""]), bins="0-29,30-59,60+"))
    assert [(r["bin"], r["n"], r["categories"]) for r in binned] == [
        ("0-29", 1, ["20"]), ("30-59", 3, ["34", "51"]), ("60+", 1, ["72"])
    ]  # fmt: skip
    with pytest.raises(InvalidArgument, match="answers 72 outside every bin"):
        tally_survey(survey_of([34, 72]), bins="0-29,30-59")


def test_number_median() -> None:
    rows = [r for r in records(tally_survey(make_survey(), ["socios"])) if r["value"]]
    assert rows[0]["n"] == 5 and rows[0]["median"] == 12


def test_open_codes_roll_up_by_distinct_response() -> None:
    codings = SurveyCodings("t", "ana")
    codings.add("cambio", "R1", "commercialization/fair-design")
    codings.add("cambio", "R1", "commercialization/new-markets")
    codings.add("cambio", "R2", "commercialization/new-markets")
    codings.add("cambio", "R6", "commercialization/fair-design")
    codings.add("cambio", "R5", "associativity/group-activities")
    rows = by_value(records(tally_survey(make_survey(), ["cambio"], codings=codings)), "cambio")
    assert rows["commercialization"]["n"] == 3  # R1 counts once
    assert (
        rows["commercialization/new-markets"]["n"] + rows["commercialization/fair-design"]["n"] == 4
    )
    assert rows["commercialization"]["share"] == "3 of 5 (60.0%)"
    assert rows[None]["n"] == 1


def test_by_cross_tabulates_with_column_named_after_it() -> None:
    rows = records(tally_survey(make_survey(), ["feria"], by="comuna"))
    renca = {r["value"]: r for r in rows if r["comuna"] == "Renca"}
    assert renca["sí"]["n"] == 3 and renca["sí"]["N"] == 3
    pudahuel = {r["value"]: r for r in rows if r["comuna"] == "Pudahuel"}
    assert pudahuel["no"]["n"] == 1 and pudahuel[None]["n"] == 1
    assert any(r["comuna"] is None for r in rows)  # the response without comuna


def test_bins_group_categories_by_count() -> None:
    rows = records(tally_survey(make_survey(), ["feria"], bins="0,1-2,3+"))
    assert rows == [
        {"question": "feria", "bin": "0", "n": 1, "categories": ["tal vez"]},
        {"question": "feria", "bin": "1-2", "n": 1, "categories": ["no"]},
        {"question": "feria", "bin": "3+", "n": 1, "categories": ["sí"]},
    ]


def test_parse_bins_errors() -> None:
    assert [b.label for b in parse_bins("0,1-3,4-7,8+")] == ["0", "1-3", "4-7", "8+"]
    assert parse_bins("8+")[0].holds(100)
    for bad in ("1-3,2-5", "x", "5-1", "3+,4"):
        with pytest.raises(InvalidArgument):
            parse_bins(bad)
    with pytest.raises(NotFound):
        tally_survey(make_survey(), ["nope"])


def test_output_is_stable_byte_for_byte() -> None:
    assert tally_survey(make_survey()).to_csv() == tally_survey(make_survey()).to_csv()


def test_example_reproduces_the_thesis(tmp_path) -> None:
    project = create_demo_project(tmp_path / "demo")
    feria = load_survey(project, "feria-2008")
    assert len(feria.ids) == 72
    book = load_codebook(project.codebooks_dir)
    codings = load_codings(project, "feria-2008", "ana")
    rows = by_value(
        records(tally_survey(feria, ["cambio"], codings=codings, codebook=book)), "cambio"
    )
    assert rows["associativity/group-activities"]["share"] == "13 of 72 (18.1%)"
    assert rows["commercialization"]["share"] == "51 of 72 (70.8%)"
    children = (
        rows["commercialization/new-markets"]["n"] + rows["commercialization/fair-design"]["n"]
    )
    assert children > 51
    both = [
        rid
        for (q, rid), codes in codings.codes.items()
        if {"commercialization/new-markets", "commercialization/fair-design"} <= set(codes)
    ]
    assert len(both) == children - 51
    talleres = load_survey(project, "talleres")
    products = by_value(records(tally_survey(talleres, ["producto"])), "producto")
    assert len(talleres.ids) == 116
    assert (products["textiles"]["n"], products["joyería"]["n"]) == (40, 17)
    bins = records(tally_survey(talleres, ["comuna"], bins="0,1-3,4-7,8+"))
    assert [b["n"] for b in bins] == [8, 12, 9, 5]
    assert "Pudahuel" in bins[3]["categories"] and "Vitacura" in bins[0]["categories"]
    assert bins[1]["categories"][-1] == "San Joaquín"  # accent-insensitive order: Ñuñoa before
