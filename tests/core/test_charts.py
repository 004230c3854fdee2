"""SVG charts: well-formed, labelled, escaped, drawn from library results."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from qualcode.analysis import load_corpus
from qualcode.analysis.cooccur import cooccurrence
from qualcode.analysis.tally import tally
from qualcode.codebook.tree import load_codebook
from qualcode.exchange.charts import (
    Bar,
    bar_chart,
    clip,
    code_labels,
    heatmap,
    safe_color,
    survey_chart,
    tally_chart,
    text_width,
)
from qualcode.survey.model import Question, Survey
from qualcode.survey.tally import tally_survey
from tests.retrieval import build

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text
    assert root.find(f"{NS}desc").text
    return root


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{NS}rect") if r.get("class") == "qc-bar"]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


@pytest.fixture
def coded(project):
    build(project)
    return project


def test_tally_chart_has_one_labelled_bar_per_code(coded):
    book = load_codebook(coded.codebooks_dir)
    result = tally(load_corpus(coded, use_index=False), book)
    root = parse(tally_chart(result))
    assert len(bars(root)) == len(result.counts) == 6
    shown = texts(root)
    assert "Trust" in shown and "Neighbours" in shown
    trust = next(c for c in result.counts if c.code == "trust")
    assert f"{trust.segments} segments" in shown
    documents = parse(tally_chart(result, "documents"))
    assert "3 of 4 (75.0%)" in texts(documents)
    # bar lengths follow the counts
    widths = [float(r.get("width")) for r in bars(root)]
    top = max(c.segments for c in result.counts)
    assert widths[0] == pytest.approx(464 * trust.segments / top, abs=0.1)


def test_tally_chart_by_draws_a_panel_per_value_and_one_for_all(coded):
    book = load_codebook(coded.codebooks_dir)
    result = tally(load_corpus(coded, use_index=False), book, by="kind")
    root = parse(tally_chart(result))
    assert {"kind = interview", "kind = meeting", "all kind values"} <= set(texts(root))
    assert len(bars(root)) == 3 * 6


def test_text_from_the_data_is_escaped():
    svg = bar_chart(
        "<b>title</b>",
        [("", [Bar("<script>alert(1)</script>", 3, "3 & more", color="url(http://x/)")])],
    )
    root = parse(svg)
    assert "<script>alert(1)</script>" in texts(root)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "url(" not in svg  # a codebook colour can never fetch anything


def test_safe_color():
    assert safe_color("#1f77b4") == "#1f77b4"
    assert safe_color("#abc") == "#abc"
    for bad in ("red", "url(#x)", "#12345", "#1f77b4; fill: url(http://x)", None, ""):
        assert safe_color(bad) is None


def test_missing_answers_are_drawn_apart_and_multi_response_shows_mentions():
    survey = Survey(
        name="s",
        title="S",
        questions=[
            Question(
                "need", "What do you need?", "multi", options=("stalls", "credit"), separator=";"
            ),
            Question("comuna", "Comuna", "closed", options=("Renca", "Maipú")),
        ],
        attributes=[],
        ids=["r1", "r2", "r3", "r4"],
        columns={
            "need": ["stalls;credit", "stalls", "", "credit"],
            "comuna": ["Renca", "Maipú", "", "Renca"],
        },
    )
    table = tally_survey(survey, ["need"])
    root = parse(survey_chart(table, texts={"need": "What do you need?"}))
    shown = texts(root)
    assert "What do you need? (need)" in shown[0]
    assert "2 of 3 (66.7%)" in shown
    assert "2 of 4 mentions (50.0%)" in shown
    assert "(missing)" in shown and "1 of 4 missing" in shown
    assert len(bars(root)) == 2  # the missing row is not a filled bar
    dashed = [r for r in root.iter(f"{NS}rect") if r.get("stroke-dasharray")]
    assert len(dashed) == 1
    both = parse(survey_chart(tally_survey(survey)))
    assert len(bars(both)) == 4


def test_heatmap_prints_every_cell_and_outlines_the_diagonal(coded):
    book = load_codebook(coded.codebooks_dir)
    table = cooccurrence(load_corpus(coded, use_index=False), book)
    root = parse(heatmap(table, labels=code_labels(book)))
    cells = [r for r in root.iter(f"{NS}rect") if r.get("class") == "qc-cell"]
    assert len(cells) == len(table.rows) ** 2
    shown = texts(root)
    for row in table.rows:
        for value in row[1:]:
            assert str(value) in shown
    diagonal = [c for c in cells if c.get("stroke-width") == "1.5"]
    assert len(diagonal) == len(table.rows)
    assert all(c.get("fill") == "#ffffff" for c in diagonal)


def test_clip_fits_the_width():
    long = "Consciousness-raising and popular education"
    cut = clip(long, 120, 12)
    assert cut.endswith("…") and text_width(cut, 12) <= 120
    assert clip("Trust", 120, 12) == "Trust"
