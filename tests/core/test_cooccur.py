"""Co-occurrence by unit, Jaccard, and the matrix coding query."""

from __future__ import annotations

import pytest

from qualcode.analysis import load_corpus
from qualcode.analysis.cooccur import (
    check_cooccur_unit,
    cooccurrence,
    matrix_query,
    paragraph_starts,
)
from qualcode.codebook.tree import load_codebook
from qualcode.errors import InvalidArgument
from qualcode.store.project import Project
from tests.retrieval import build

CODES = ["trust", "trust/distrust", "trust/friendship", "paternalism"]


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def matrix(project: Project, unit: str, jaccard: bool = False) -> dict[str, dict[str, object]]:
    table = cooccurrence(
        load_corpus(project),
        load_codebook(project.codebooks_dir),
        CODES,
        unit=unit,
        jaccard=jaccard,
    )
    return {r["code"]: r for r in table.records()}  # type: ignore[misc]


def test_segment_unit_counts_tally_segments_that_overlap(coded: Project) -> None:
    m = matrix(coded, "segment")
    # Pancho's line: distrust by ana and by ben (two segments, as tally counts
    # them), both overlapping ana's friendship segment; asymmetric.
    assert m["trust/distrust"]["trust/friendship"] == 2
    assert m["trust/friendship"]["trust/distrust"] == 1
    assert m["trust"]["trust"] == 6
    assert m["trust"]["trust/distrust"] == 4
    assert m["trust"]["paternalism"] == 0
    assert m["paternalism"]["paternalism"] == 3


def test_segment_diagonal_is_the_tally_count_whatever_the_selection(tmp_path) -> None:
    from qualcode.analysis.tally import tally
    from qualcode.demo import create_demo_project

    demo = create_demo_project(tmp_path / "demo")
    corpus = load_corpus(demo)
    book = load_codebook(demo.codebooks_dir)
    counts = {c.code: c.segments for c in tally(corpus, book).counts}
    roots = [c.path for c in book.roots()]
    full = {r["code"]: r for r in cooccurrence(corpus, book, roots).records()}
    few = ["trust", "paternalism", roots[-1]]
    part = {r["code"]: r for r in cooccurrence(corpus, book, few).records()}
    for code in roots:
        assert full[code][code] == counts[code]
    for a in few:
        for b in few:
            assert part[a][b] == full[a][b]


def test_paragraph_and_document_units(coded: Project) -> None:
    p = matrix(coded, "paragraph")
    assert p["trust"]["trust"] == 4
    assert p["trust"]["trust/distrust"] == 2
    d = matrix(coded, "document")
    assert d["trust"]["paternalism"] == 2  # Pancho's interview and the meeting
    assert d["trust"]["trust"] == 3


def test_jaccard(coded: Project) -> None:
    d = matrix(coded, "document", jaccard=True)
    assert d["trust"]["paternalism"] == round(2 / 4, 3)
    assert d["trust"]["trust"] == 1.0


def test_paragraph_starts_and_units() -> None:
    assert paragraph_starts("a\n\nb\n \nc") == [0, 3, 7]
    assert check_cooccur_unit("paragraphs") == "paragraph"
    with pytest.raises(InvalidArgument):
        check_cooccur_unit("line")


def test_matrix_query_by_documents_and_participants(coded: Project) -> None:
    corpus = load_corpus(coded)
    book = load_codebook(coded.codebooks_dir)
    table = matrix_query(corpus, book, cols="documents", unit="segments", codes=["paternalism"])
    rows = {r["code"]: r for r in table.records()}
    assert rows["paternalism"]["2010-10-06-pancho"] == 1
    assert rows["paternalism"]["all"] == 3
    assert list(rows) == ["paternalism", "paternalism/state"]
    people = matrix_query(corpus, book, cols="participants", unit="documents")
    rows = {r["code"]: r for r in people.records()}
    # Clara's own words are coded paternalism in one document; the meeting's
    # paternalism is Joaquín's turn (she only attended).
    assert rows["paternalism"]["Clara"] == 1
    assert rows["paternalism"]["Joaquín"] == 1
    assert rows["paternalism"]["Mario"] == 0
    assert rows["paternalism"]["all"] == 3
    people = matrix_query(corpus, book, cols="participants", unit="participants")
    rows = {r["code"]: r for r in people.records()}
    assert rows["trust"]["all"] == 3  # Pancho, Clara, Mario: Joaquín's turn has no trust


def test_jaccard_shows_three_decimals_in_table_and_markdown() -> None:
    from qualcode.table import Table, cell_text

    assert cell_text(0.024) == "0.024"
    assert cell_text(35.7) == "35.7"
    assert "| 0.024 |" in Table(("code", "a"), [("a", 0.024)]).to_markdown()
