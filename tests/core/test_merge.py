"""Segment-by-segment three-way merges of coding files (the merge driver's logic)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.errors import InvalidData
from qualcode.models import Segment
from qualcode.store.codings import render_coding_file
from qualcode.store.merge import (
    conflict_text,
    has_conflict_markers,
    merge_coding_texts,
    merge_survey_codings_texts,
)
from qualcode.store.yamlio import load

DOC = "2010-10-06-pancho"


def seg(start: int, end: int, code: str = "trust", memo: str | None = None) -> Segment:
    return Segment(DOC, start, end, code, "ana", f"texto {start}-{end} «ñ»", memo)


def text(*segments: Segment) -> str:
    return render_coding_file(DOC, "ana", segments)


def keys(merged: str) -> list[tuple[str, int, int, str | None]]:
    data = load(merged)
    return [(s["code"], s["start"], s["end"], s.get("memo")) for s in data["segments"]]


def test_both_sides_add_segments_next_to_each_other():
    base = text(seg(0, 10))
    ours = text(seg(0, 10), seg(11, 20))
    theirs = text(seg(0, 10), seg(21, 30, "paternalism"))
    result = merge_coding_texts(base, ours, theirs, path=f"codings/ana/{DOC}.yaml")
    assert keys(result.text) == [
        ("trust", 0, 10, None),
        ("trust", 11, 20, None),
        ("paternalism", 21, 30, None),
    ]
    assert (result.ours, result.theirs, result.conflicts) == (1, 1, [])


def test_a_removal_on_one_side_wins_over_no_change():
    base = text(seg(0, 10), seg(11, 20))
    ours = text(seg(0, 10))
    theirs = text(seg(0, 10), seg(11, 20), seg(30, 40))
    assert keys(merge_coding_texts(base, ours, theirs).text) == [
        ("trust", 0, 10, None),
        ("trust", 30, 40, None),
    ]


def test_removed_on_one_side_edited_on_the_other_is_kept():
    base = text(seg(0, 10))
    ours = text()
    theirs = text(seg(0, 10, memo="una nota"))
    result = merge_coding_texts(base, ours, theirs)
    assert keys(result.text) == [("trust", 0, 10, "una nota")]
    assert "kept" in result.notes[0]


def test_a_memo_edited_on_both_sides_is_a_conflict_keeping_both():
    base = text(seg(0, 10, memo="antes"))
    ours = text(seg(0, 10, memo="según ana"))
    theirs = text(seg(0, 10, memo="según tomás"))
    result = merge_coding_texts(base, ours, theirs)
    (memo,) = [k[3] for k in keys(result.text)]
    assert memo == conflict_text("según ana", "según tomás")
    assert has_conflict_markers(memo)
    assert result.conflicts == ["trust [0,10): memo edited on both sides"]
    # a memo added on one side only is no conflict
    one = merge_coding_texts(text(seg(0, 10)), text(seg(0, 10)), text(seg(0, 10, memo="nueva")))
    assert keys(one.text) == [("trust", 0, 10, "nueva")] and not one.conflicts


def test_both_sides_adding_the_file_merge_from_an_empty_base():
    result = merge_coding_texts("", text(seg(0, 5)), text(seg(6, 9)))
    assert [k[1] for k in keys(result.text)] == [0, 6]


def test_an_unreadable_side_raises_for_the_line_merge_fallback():
    with pytest.raises(InvalidData):
        merge_coding_texts(text(), "<<<<<<< HEAD\nsegments: [\n", text())


segments = st.lists(
    st.builds(
        seg,
        st.integers(0, 30),
        st.integers(31, 60),
        st.sampled_from(["trust", "c-factor/confianza"]),
        st.one_of(st.none(), st.sampled_from(["a", "b"])),
    ),
    max_size=6,
    unique_by=lambda s: (s.code, s.start, s.end),
)


@given(segments, segments, segments)
def test_nothing_added_on_either_side_is_lost(base, ours, theirs):
    result = merge_coding_texts(text(*base), text(*ours), text(*theirs))
    merged = {(k[0], k[1], k[2]) for k in keys(result.text)}
    base_keys = {(s.code, s.start, s.end) for s in base}
    for side in (ours, theirs):
        for s in side:
            if (s.code, s.start, s.end) not in base_keys:
                assert (s.code, s.start, s.end) in merged
    # and merging with an unchanged side gives the changed side
    assert merge_coding_texts(text(*base), text(*base), text(*theirs)).text == text(*theirs)


def test_survey_codings_merge_answer_by_answer():
    header = "question,response,codes\n"
    base = header + "cambio,P01,trust\ncambio,P02,autonomy\n"
    ours = header + "cambio,P01,trust;paternalism\ncambio,P02,autonomy\ncambio,P03,trust\n"
    theirs = header + "cambio,P01,trust\ncambio,P02,municipality\ncambio,P04,trust\n"
    unordered = merge_survey_codings_texts(base, ours, theirs)
    # without the survey's order, P04 follows P02 as it does in theirs
    assert unordered.text.splitlines()[-2:] == ["cambio,P04,trust", "cambio,P03,trust"]
    result = merge_survey_codings_texts(base, ours, theirs, order=["P01", "P02", "P03", "P04"])
    assert result.text == header + (
        "cambio,P01,paternalism;trust\n"
        "cambio,P02,municipality\n"  # autonomy removed on their side, untouched on ours
        "cambio,P03,trust\n"
        "cambio,P04,trust\n"
    )
