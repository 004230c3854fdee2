"""Retrieval: descendants, --and/--or/--not by overlap, filters, citations."""

from __future__ import annotations

import pytest

from qualcode.analysis import load_corpus
from qualcode.analysis.quotes import citation, date_mdy, line_span, retrieve
from qualcode.codebook.tree import load_codebook
from qualcode.errors import InvalidData
from qualcode.models import Document
from qualcode.store.filters import parse_where, select
from qualcode.store.project import Project
from tests.retrieval import build


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def quotes(project: Project, codes: list[str], **kwargs: object) -> list[tuple[str, str, str]]:
    book = load_codebook(project.codebooks_dir)
    result = retrieve(load_corpus(project), book, codes, settings=project.settings, **kwargs)  # type: ignore[arg-type]
    return [(q.document.id, q.segment.code, q.segment.text) for q in result.quotes]


def test_date_mdy_has_no_leading_zeros() -> None:
    assert date_mdy("2010-10-06") == "10/6/10"
    assert date_mdy("2009-01-05") == "1/5/09"
    assert date_mdy(None) == "n.d."


def test_default_citation_reproduces_the_thesis_style(coded: Project) -> None:
    result = retrieve(
        load_corpus(coded),
        load_codebook(coded.codebooks_dir),
        ["paternalism/state"],
        settings=coded.settings,
    )
    assert [q.citation for q in result.quotes] == ["(Pancho 10/6/10, interview)"] * 2


def test_custom_citation_template() -> None:
    doc = Document(
        id="x",
        kind="interview",
        title="T",
        body="",
        date="2010-09-30",
        participants=("Ignacia", "Mario"),
        attributes={"role": "student"},
    )
    assert citation("[{participants}; {role}, {date}, l. {lines}]", doc, lines="3-4") == (
        "[Ignacia, Mario; student, 2010-09-30, l. 3-4]"
    )
    with pytest.raises(InvalidData, match="unknown field"):
        citation("({nickname})", doc)
    with pytest.raises(InvalidData, match="malformed"):
        citation("({participant", doc)


def test_template_from_settings(coded: Project) -> None:
    coded.settings["citation"] = "{id}:{lines}"
    result = retrieve(
        load_corpus(coded),
        load_codebook(coded.codebooks_dir),
        ["paternalism"],
        settings=coded.settings,
    )
    assert result.quotes[0].citation == "2010-09-09-network-meeting:3"


def test_descendants_are_retrieved(coded: Project) -> None:
    found = quotes(coded, ["paternalism"])
    assert {code for _, code, _ in found} == {"paternalism", "paternalism/state"}
    assert len(found) == 4


def test_and_keeps_overlapping_passages(coded: Project) -> None:
    found = quotes(coded, ["trust/distrust"], and_codes=["trust/friendship"])
    assert len(found) == 2  # ana's and ben's distrust on Pancho's line
    assert all(doc == "2010-10-06-pancho" for doc, _, _ in found)


def test_not_drops_overlapping_passages(coded: Project) -> None:
    found = quotes(coded, ["trust"], not_codes=["trust/distrust"])
    assert [text for _, _, text in found] == [
        "We should trust the new members.",
        "I know the señoras from my comuna",
        "I know the señoras from my comuna",
    ]


def test_or_widens(coded: Project) -> None:
    found = quotes(coded, ["trust/friendship/neighbours"], or_codes=["paternalism/state"])
    assert {code for _, code, _ in found} == {"trust/friendship/neighbours", "paternalism/state"}


def test_where_filters_documents(coded: Project) -> None:
    book = load_codebook(coded.codebooks_dir)
    corpus = load_corpus(coded)
    older = select(corpus.documents, parse_where(["generation=older"]))
    result = retrieve(corpus.filter(documents=older), book, ["trust"])
    assert {q.document.id for q in result.quotes} == {"2010-10-06-pancho"}


def test_json_fields_and_markdown(coded: Project) -> None:
    result = retrieve(load_corpus(coded), load_codebook(coded.codebooks_dir), ["paternalism/state"])
    record = result.table().records()[0]
    assert list(record) == [
        "document",
        "code",
        "coder",
        "start",
        "end",
        "lines",
        "text",
        "citation",
        "codes",
        "coders",
    ]
    assert list(result.per_segment().table().records()[0])[-1] == "citation"
    assert record["lines"] == "5"
    md = result.to_markdown()
    assert md.startswith("> The State will not give us anything (Pancho 10/6/10, interview)\n")


def test_line_span() -> None:
    body = "a\nbb\nccc\n"
    assert line_span(body, 0, 1) == (1, 1)
    assert line_span(body, 2, 9) == (2, 3)
    assert line_span(body, 2, 5) == (2, 2)  # the closing newline stays on line 2


def test_stale_segments_are_left_out(coded: Project) -> None:
    doc = coded.document("2010-10-06-pancho")
    edited = doc.body.replace("FOSIS came", "FOSIS arrived")
    coded.save_document(type(doc)(**{**doc.__dict__, "body": edited}), replace=True)
    result = retrieve(load_corpus(coded), load_codebook(coded.codebooks_dir), ["paternalism"])
    assert result.stale == 1
    assert len(result.quotes) == 3
    assert "1 stale segment left out" in result.notes()[1]


def test_citation_names_the_speaker_of_the_turn() -> None:
    from qualcode.analysis.quotes import citation, speaker_at
    from qualcode.models import Document

    body = (
        "The meeting began late.\n\n"
        "Economist: At the micro level you help a workshop.\n\n"
        "Clara: La economía popular no es solidaria.\nSolidarity is built.\n\n"
        "Note: not a participant.\n"
    )
    doc = Document(
        id="m",
        kind="meeting",
        title="Network meeting",
        body=body,
        date="2010-09-09",
        participants=("Pancho", "Clara", "Economist"),
    )
    assert speaker_at(doc, body.index("micro")) == "Economist"
    assert speaker_at(doc, body.index("Solidarity")) == "Clara"  # same paragraph
    assert speaker_at(doc, body.index("began")) is None
    assert speaker_at(doc, body.index("not a")) is None
    cite = citation("({participant} {date_mdy}, {kind})", doc, speaker="Economist")
    assert cite == "(Economist 9/9/10, meeting)"
    assert citation("({participant})", doc) == "(Pancho)"
