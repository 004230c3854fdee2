"""Code-frequency counts on hand-built cases: roll-up, merging, units, --by."""

from __future__ import annotations

import pytest

from qualcode.analysis import load_corpus
from qualcode.analysis.tally import Count, check_unit, of, tally
from qualcode.codebook.tree import load_codebook
from qualcode.errors import InvalidArgument
from qualcode.models import Segment
from qualcode.store.filters import parse_where, select
from qualcode.store.project import Project
from tests.retrieval import build


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def counts(project: Project, **kwargs: object) -> dict[str, Count]:
    book = load_codebook(project.codebooks_dir)
    result = tally(load_corpus(project), book, **kwargs)  # type: ignore[arg-type]
    return {c.code: c for c in result.counts}


def test_two_children_on_one_span_count_once_for_the_parent(coded: Project) -> None:
    c = counts(coded, code="trust")
    # Pancho's line: ana codes distrust and friendship on it (one trust segment),
    # ben codes distrust on it (another coder: another segment).
    assert c["trust/distrust"].segments == 4
    assert c["trust/friendship"].segments == 2
    assert c["trust"].segments == 6  # not 4 + 2 + own 2 = 8
    assert (
        c["trust"].segments
        < sum(c[p].segments for p in ("trust/distrust", "trust/friendship"))
        + c["trust"].own_segments
    )


def test_parent_coded_directly_and_through_a_child(coded: Project) -> None:
    c = counts(coded)
    # Clara's "señoras" passage: trust directly and trust/friendship/neighbours.
    assert c["trust"].own_segments == 2
    assert c["trust/friendship"].own_segments == 1
    assert c["trust/friendship"].segments == 2
    assert c["trust/friendship/neighbours"].segments == 1


def test_overlapping_segments_of_one_code_merge(coded: Project) -> None:
    c = counts(coded)
    assert c["paternalism/state"].segments == 1
    assert c["paternalism/state"].own_segments == 1
    assert c["paternalism"].segments == 3


def test_documents_and_participants_are_distinct(coded: Project) -> None:
    c = counts(coded)
    # trust is coded in Pancho's and Clara's turns and in Mario's turn of the meeting:
    # three participants, not every attendee of the meeting (Joaquín's turn is not coded).
    assert c["trust"].documents == 3
    assert c["trust"].participants == 3
    assert c["trust"].documents_total == 4
    assert c["trust"].participants_total == 4
    assert c["trust"].documents_pct == 75.0
    assert c["paternalism"].participants == 3  # Pancho, Clara, and Joaquín's turn of the meeting
    assert c["trust/distrust"].participants == 2


def test_one_participant_in_several_documents(coded: Project) -> None:
    book = load_codebook(coded.codebooks_dir)
    corpus = load_corpus(coded)
    clara_docs = select(corpus.documents, parse_where(["participant=Clara"]))
    result = tally(corpus.filter(documents=clara_docs), book)
    c = {x.code: x for x in result.counts}
    assert result.documents_total == 3
    assert result.participants_total == 3  # Clara, and the meeting's Mario and Joaquín
    assert c["paternalism"].documents == 2
    assert c["trust/distrust"].participants == 1


def test_by_participant_credits_each_participant_once(coded: Project) -> None:
    c = {
        (x.code, x.group): x
        for x in tally(
            load_corpus(coded), load_codebook(coded.codebooks_dir), by="participant"
        ).counts
    }
    # Clara's paternalism is her own words in the second interview; the meeting's
    # paternalism segment is Joaquín's turn, not hers although she attended.
    assert c[("paternalism", "Clara")].documents == 1
    assert c[("paternalism", "Clara")].documents_total == 3
    assert c[("paternalism", "Clara")].participants == 1
    assert c[("paternalism", "Joaquín")].segments == 1
    assert c[("trust/distrust", "Mario")].segments == 0


def test_by_coder_and_kind(coded: Project) -> None:
    book = load_codebook(coded.codebooks_dir)
    corpus = load_corpus(coded)
    by_coder = {(x.code, x.group): x for x in tally(corpus, book, by="coder").counts}
    assert by_coder[("trust/distrust", "ben")].segments == 2
    assert by_coder[("trust/distrust", "ana")].segments == 2
    assert by_coder[("trust", "ben")].documents_total == 4
    by_kind = tally(corpus, book, by="kind")
    assert by_kind.groups == ["interview", "meeting"]
    rows = {(x.code, x.group): x for x in by_kind.counts}
    assert rows[("trust", "interview")].segments == 5
    assert rows[("trust", "meeting")].documents == 1
    assert rows[("trust", "meeting")].documents_total == 1
    assert by_kind.overall["trust"].segments == 6


def test_by_attribute_puts_missing_values_last(coded: Project) -> None:
    result = tally(load_corpus(coded), load_codebook(coded.codebooks_dir), by="generation")
    assert result.groups == ["older", "younger", "(none)"]
    table = result.table()
    assert "generation" in table.columns
    display = result.display_table("documents")
    assert display.columns == ("code", "older", "younger", "(none)", "all")
    first = display.rows[0]
    assert first[0] == "trust" and first[-1] == "3 of 4, 75.0%"


def test_coder_filter_and_depth(coded: Project) -> None:
    book = load_codebook(coded.codebooks_dir)
    corpus = load_corpus(coded).filter(coder="ben")
    result = tally(corpus, book, depth=1)
    assert [c.code for c in result.counts] == ["trust", "paternalism"]
    assert result.counts[0].segments == 2  # still rolled up from the depth-2 child
    assert result.counts[1].segments == 0


def test_units_and_denominators_are_stated() -> None:
    assert check_unit("document") == "documents"
    with pytest.raises(InvalidArgument):
        check_unit("words")
    assert of(5, 14, "documents") == "5 of 14 documents, 35.7%"
    assert of(0, 0) == "0 of 0"


def test_stale_segments_are_left_out_and_counted(coded: Project) -> None:
    doc = coded.document("2010-10-06-clara")
    edited = doc.body.replace("decides everything", "decides nearly everything")
    coded.save_document(type(doc)(**{**doc.__dict__, "body": edited}), replace=True)
    result = tally(load_corpus(coded), load_codebook(coded.codebooks_dir))
    c = {x.code: x for x in result.counts}
    assert c["paternalism"].own_segments == 1
    assert result.stale == 1
    assert any("1 stale segment left out" in n for n in result.notes())


def test_codes_missing_from_the_codebook_are_shown_last(coded: Project) -> None:
    from qualcode.store.codings import load_segments, save_segments

    doc = coded.document("2010-09-09-network-meeting")
    old = load_segments(coded, coder="ana", document=doc.id)
    extra = Segment(doc.id, 0, 5, "obsolete/code", "ana", doc.body[0:5])
    save_segments(coded, "ana", doc.id, [*old, extra])
    result = tally(load_corpus(coded), load_codebook(coded.codebooks_dir))
    assert [c.code for c in result.counts][-2:] == ["obsolete", "obsolete/code"]
    assert result.counts[-2].segments == 1
    assert "Not in the codebook: obsolete, obsolete/code." in result.notes()


def test_depth_must_be_positive(coded: Project) -> None:
    with pytest.raises(InvalidArgument):
        tally(load_corpus(coded), load_codebook(coded.codebooks_dir), depth=0)


def test_stale_count_stays_within_the_code_asked_for(coded: Project) -> None:
    doc = coded.document("2010-10-06-clara")
    edited = doc.body.replace("decides everything", "decides nearly everything")
    coded.save_document(type(doc)(**{**doc.__dict__, "body": edited}), replace=True)
    book = load_codebook(coded.codebooks_dir)
    assert tally(load_corpus(coded), book, code="paternalism").stale == 1
    assert tally(load_corpus(coded), book, code="trust").stale == 0


def test_markdown_table_keeps_the_hierarchy_as_full_paths(coded: Project) -> None:
    result = tally(load_corpus(coded), load_codebook(coded.codebooks_dir))
    md = result.display_table(full_paths=True).to_markdown()
    assert "| trust/friendship/neighbours |" in md
    assert any(n.startswith("own: segments coded with exactly this code") for n in result.notes())


def test_parent_segments_merge_overlaps_across_its_subtree():
    """Regression for a flaky property: the rule behind a parent count below a child's.

    Child A has two separate segments; child B's segment overlaps both; for the
    parent the three overlapping spans (same coder) are one coded passage.
    """
    from pathlib import Path

    from qualcode.analysis.corpus import build_corpus
    from qualcode.analysis.tally import tally
    from qualcode.codebook.tree import Codebook, parse_codebook_text
    from qualcode.models import Document, Segment

    codes: dict = {}
    parse_codebook_text("codes:\n- name: p\n  children: [a, b]\n", Path("b.yaml"), codes, {})
    body = "0123456789abcdef\n"
    doc = Document(id="d", kind="interview", title="t", body=body, participants=("Clara",))
    segs = [
        Segment("d", 0, 5, "p/a", "ana", body[0:5]),
        Segment("d", 6, 10, "p/a", "ana", body[6:10]),
        Segment("d", 4, 7, "p/b", "ana", body[4:7]),
    ]
    counts = {c.code: c for c in tally(build_corpus([doc], segs), Codebook(codes=codes)).counts}
    assert (counts["p/a"].segments, counts["p/b"].segments, counts["p"].segments) == (2, 1, 1)
