from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.coding.anchoring import anchor_project, anchor_segments, locate
from qualcode.coding.apply import add_codings
from qualcode.coding.selectors import find_quote, select_paragraphs
from qualcode.models import Segment
from qualcode.store.codings import load_segments
from tests.core.coding_fixtures import TRANSCRIPT, import_crlf, write_codebook

PASSAGE = "Éramos desconfiados; la dictadura nos enseñó a callar."


def seg_of(body, text, code="trust/distrust"):
    start = body.index(text)
    return Segment("doc", start, start + len(text), code, "ana", text)


def test_unchanged_segments_are_returned_as_they_are():
    seg = seg_of(TRANSCRIPT, PASSAGE)
    result = anchor_segments(TRANSCRIPT, [seg])
    assert result.current == [seg] and result.current[0] is seg
    assert not result.moved and not result.stale and not result.changed


def test_edit_above_moves_segment():
    seg = seg_of(TRANSCRIPT, PASSAGE)
    edited = "Nota: transcripción revisada por Ana.\n\n" + TRANSCRIPT
    result = anchor_segments(edited, [seg])
    (new,) = result.current
    assert new.start == seg.start + 39
    assert edited[new.start : new.end] == PASSAGE
    assert result.moved == [(seg, new)]


def test_edit_inside_passage_is_found_fuzzily():
    seg = seg_of(TRANSCRIPT, PASSAGE)
    edited = TRANSCRIPT.replace("nos enseñó a callar", "nos enseñó a callarnos")
    result = anchor_segments(edited, [seg])
    (new,) = result.current
    assert "desconfiados" in new.text and new.text.endswith("callarnos.")
    assert edited[new.start : new.end] == new.text
    assert not result.stale


def test_deleted_passage_is_stale():
    seg = seg_of(TRANSCRIPT, PASSAGE)
    edited = TRANSCRIPT.replace("Peña: " + PASSAGE, "Peña: No quiero hablar de eso.")
    result = anchor_segments(edited, [seg])
    assert result.stale == [seg]
    assert result.current == []


def test_nearest_occurrence_wins():
    body = "Sí. Confianza.\nNo sé.\nSí. Confianza.\n"
    seg = Segment("d", 22, 36, "trust", "ana", "Sí. Confianza.")
    shifted = "x\n" + body
    (new,) = anchor_segments(shifted, [seg]).current
    assert new.start == 24  # the second occurrence, not the first at 2


def test_loose_match_after_whitespace_and_case_change():
    text = "Con confianza — y mucha paciencia"
    body = "Dijo: con   confianza —\ny mucha paciencia.\n"
    assert locate(body, text, 6) == (6, 41)


def test_past_end_segment_is_stale_not_clamped():
    body = "Q: Why?\nA: Because.\n"
    seg = Segment("d", 12, 40, "question", "ana", "nothing like this at all here")
    result = anchor_segments(body, [seg])
    assert result.stale == [seg]


def test_short_text_is_not_fuzzily_moved():
    seg = Segment("d", 0, 5, "trust", "ana", "Peñas")
    assert anchor_segments("Penes y otras cosas", [seg]).stale == [seg]


def test_anchor_project_reports_moved_stale_and_orphans(project, tmp_path):
    write_codebook(project)
    doc = import_crlf(project, tmp_path)
    add_codings(project, doc, ["distrust"], [find_quote(doc.body, PASSAGE)], coder="ana")
    add_codings(project, doc, ["pastoral"], select_paragraphs(doc.body, "2"), coder="ana")
    # edit: a line added above, paragraph 2 deleted
    lines = doc.body.split("\n")
    body = "Transcripción revisada.\n\n" + "\n".join(lines[:2] + lines[5:])
    project.save_document(replace(doc, body=body), replace=True)
    orphan = Segment("gone", 0, 3, "trust", "ana", "abc")
    from qualcode.store.codings import save_segments

    save_segments(project, "ana", "gone", [orphan])
    result, orphans = anchor_project(project, coder="ana")
    assert [s.code for s in result.current] == ["trust/distrust"]
    assert [s.code for s in result.stale] == ["paternalism/pastoral"]
    assert len(result.moved) == 1 and orphans == [orphan]
    # files are untouched by anchoring
    assert {s.start for s in load_segments(project, coder="ana", document=doc.id)} == {
        s.start for s in (result.moved[0][0], result.stale[0])
    }


def test_edit_at_both_ends_uses_fuzzy_match_with_clean_edges():
    seg = seg_of(TRANSCRIPT, PASSAGE)
    edited = TRANSCRIPT.replace(
        PASSAGE, "Fuimos desconfiados; la dictadura nos enseñó a callar, sí."
    )
    (new,) = anchor_segments(edited, [seg]).current
    assert new.text.startswith("Fuimos desconfiados")
    assert "callar" in new.text and "Señoras" not in new.text
    assert edited[new.start : new.end] == new.text


@settings(max_examples=60, deadline=None)
@given(
    before=st.text(alphabet="ab ñé\n.", max_size=30),
    inside=st.text(alphabet="xyz ", max_size=4),
    where=st.integers(0, len(PASSAGE)),
)
def test_property_current_segments_match_body(before, inside, where):
    seg = seg_of(TRANSCRIPT, PASSAGE)
    start = TRANSCRIPT.index(PASSAGE) + where
    edited = before + TRANSCRIPT[:start] + inside + TRANSCRIPT[start:]
    result = anchor_segments(edited, [seg])
    assert len(result.current) + len(result.stale) == 1
    for s in result.current:
        assert edited[s.start : s.end] == s.text
        assert "Peña: " not in s.text and "Señoras" not in s.text


def test_loose_match_is_whole_words_only():
    seg = Segment("d", 0, 3, "trust", "ana", "Sí.")
    assert anchor_segments("Dijo así. Nada más", [seg]).stale == [seg]
    moved = anchor_segments("Dijo:  SI. Nada más", [seg]).current
    assert [(s.start, s.end, s.text) for s in moved] == [(7, 10, "SI.")]
