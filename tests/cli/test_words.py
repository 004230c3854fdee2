"""``qualcode words``: formats, options, errors."""

from __future__ import annotations

import json

import pytest

from qualcode.analysis.words import word_key
from qualcode.store.project import Project
from tests.retrieval import build


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def test_table_and_json(run, coded):
    result = run("words", "-p", coded.root, "--top", "5")
    assert "word" in result.stdout and "documents" in result.stdout
    assert "of 4" in result.stdout
    assert "stopwords (en) left out" in result.stderr  # the test project has no language
    rows = json.loads(run("words", "-p", coded.root, "-f", "json", "--top", "0").stdout)
    assert {
        "word",
        "count",
        "words_total",
        "percent",
        "documents",
        "documents_total",
        "forms",
    } == set(rows[0])
    assert rows == sorted(rows, key=lambda r: (-r["count"], word_key(r["word"])))
    trust = next(r for r in rows if r["word"] == "trust")
    assert trust["count"] == 3 and trust["documents"] == 2 and trust["documents_total"] == 4


def test_code_where_coder_and_by(run, coded):
    rows = json.loads(
        run("words", "-p", coded.root, "--code", "distrust", "-f", "json", "--top", "0").stdout
    )
    assert {r["documents_total"] for r in rows} == {2}
    ben = json.loads(
        run("words", "-p", coded.root, "--code", "distrust", "--coder", "ben", "-f", "json").stdout
    )
    assert "everything" in {r["word"] for r in ben}
    younger = json.loads(
        run("words", "-p", coded.root, "--where", "generation=younger", "-f", "json").stdout
    )
    assert {r["documents_total"] for r in younger} == {2}
    per_doc = run("words", "-p", coded.root, "--by", "document", "--top", "1", "-f", "csv").stdout
    assert per_doc.splitlines()[0].startswith("document,word,count")
    assert len(per_doc.splitlines()) == 1 + 4


def test_stopword_options(run, coded, tmp_path):
    every = json.loads(run("words", "-p", coded.root, "--stopwords", "none", "-f", "json").stdout)
    assert every[0]["word"] == "the"
    extra = tmp_path / "extra.txt"
    extra.write_text("trust\nclara\n", encoding="utf-8")
    rows = json.loads(
        run(
            "words",
            "-p",
            coded.root,
            "--stopwords",
            "en",
            "--stopwords",
            str(extra),
            "--top",
            "0",
            "-f",
            "json",
        ).stdout
    )
    assert "trust" not in {r["word"] for r in rows}


def test_svg(run, coded):
    svg = run("words", "-p", coded.root, "-f", "svg", "--top", "3").stdout
    assert svg.startswith("<svg") and svg.count('class="qc-bar"') == 3


def test_errors(run, coded, tmp_path):
    result = run("words", "-p", coded.root, "--stopwords", str(tmp_path / "nope.txt"), expect=1)
    assert result.stderr.startswith("qualcode: error: ") and "nope.txt" in result.stderr
    run("words", "-p", coded.root, "--by", "speaker", expect=2)
    run("words", "-p", coded.root, "--top", "-1", expect=2)
    assert (
        "none goes alone"
        in run(
            "words", "-p", coded.root, "--stopwords", "none", "--stopwords", "en", expect=1
        ).stderr
    )
    run("words", "-p", coded.root, "--coder", "nobody", expect=1)
