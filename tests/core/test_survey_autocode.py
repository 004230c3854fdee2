"""Auto-coding and clustering of open answers."""

from __future__ import annotations

import pytest

from qualcode.codebook.tree import load_codebook
from qualcode.coding.keywords import KeywordMatcher
from qualcode.demo import create_demo_project
from qualcode.errors import InvalidArgument, NotFound
from qualcode.survey.autocode import apply_suggestions, compile_patterns, suggest_codes
from qualcode.survey.cluster import cluster_answers, clusters_table
from qualcode.survey.model import Question, Survey, SurveyCodings


def survey() -> Survey:
    return Survey(
        name="s",
        title="s",
        questions=[Question("cambio", "¿Qué cambiaría?", "open"), Question("c", "C", "closed")],
        attributes=[],
        ids=["R1", "R2", "R3", "R4", "R5"],
        columns={
            "cambio": [
                "Más CLIENTES y más público",
                "Mejores mesas, más toldos",
                "",
                "más clientes y más público!",
                "Nada",
            ],
            "c": ["a", "b", "a", "", "a"],
        },
    )


def test_keywords_and_patterns_suggest_codes() -> None:
    matcher = KeywordMatcher({"commercialization/new-markets": ["clientes", "público"]})
    pairs = compile_patterns([r"toldos?|mesas?"], ["fair-design"])
    found = suggest_codes(survey(), survey().question("cambio"), matcher=matcher, patterns=pairs)
    assert found == {
        "R1": ["commercialization/new-markets"],
        "R2": ["fair-design"],
        "R4": ["commercialization/new-markets"],
    }
    codings = SurveyCodings("s", "auto")
    assert apply_suggestions(codings, survey().question("cambio"), found) == 3
    assert apply_suggestions(codings, survey().question("cambio"), found) == 0


def test_patterns_resolve_codes_in_the_codebook(tmp_path) -> None:
    book = load_codebook(create_demo_project(tmp_path / "d").codebooks_dir)
    assert (
        compile_patterns(["mesas"], ["fair-desing"], book)[0][1] == "commercialization/fair-design"
    )
    with pytest.raises(NotFound):
        compile_patterns(["x"], ["no-such-code-at-all"], book)
    with pytest.raises(InvalidArgument, match="1 --pattern but 0 --code"):
        compile_patterns(["x"], [])
    with pytest.raises(InvalidArgument, match="bad --pattern"):
        compile_patterns(["("], ["a"])


def test_autocode_refuses_closed_questions() -> None:
    with pytest.raises(InvalidArgument, match="not open"):
        suggest_codes(survey(), survey().question("c"))


def test_cluster_groups_near_identical_answers() -> None:
    s = survey()
    groups = cluster_answers(s, s.question("cambio"), threshold=90)
    assert groups[0] == ["R1", "R4"]
    assert sorted(r for g in groups for r in g) == ["R1", "R2", "R4", "R5"]
    table = clusters_table(s, s.question("cambio"), groups)
    assert [row[1] for row in table.rows] == [2]
    assert table.notes == ["2 answers are unlike any other: R2, R5"]
    with pytest.raises(InvalidArgument):
        cluster_answers(s, s.question("cambio"), threshold=120)
