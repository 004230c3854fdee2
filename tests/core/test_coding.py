import pytest

from qualcode.coding.apply import (
    add_codings,
    coded_lines_table,
    format_coded,
    line_codes,
    remove_codings,
    resolve_coder,
)
from qualcode.coding.selectors import select
from qualcode.errors import InvalidArgument, NotFound
from qualcode.store.codings import coding_path, load_segments
from tests.core.coding_fixtures import import_crlf, write_codebook


@pytest.fixture
def doc(project, tmp_path):
    write_codebook(project)
    return import_crlf(project, tmp_path)


def test_same_code_same_span_is_one_segment(project, doc):
    spans = select(doc.body, para="2")
    first = add_codings(project, doc, ["pastoral"], spans, coder="ana")
    again = add_codings(project, doc, ["paternalism/pastoral"], spans, coder="ana")
    assert len(first.added) == 1 and again.added == [] and len(again.unchanged) == 1
    segs = load_segments(project, coder="ana", document=doc.id)
    assert [(s.code, s.text) for s in segs] == [("paternalism/pastoral", spans[0].text)]


def test_overlapping_and_nested_segments_are_kept(project, doc):
    add_codings(project, doc, ["state"], select(doc.body, lines="3-4"), coder="ana")
    add_codings(project, doc, ["state"], select(doc.body, lines="4"), coder="ana")
    add_codings(project, doc, ["trust", "pastoral"], select(doc.body, lines="3"), coder="ana")
    segs = load_segments(project, coder="ana", document=doc.id)
    assert sorted(s.code for s in segs) == [
        "paternalism/pastoral",
        "paternalism/state",
        "paternalism/state",
        "trust",
    ]
    for seg in segs:
        assert doc.body[seg.start : seg.end] == seg.text


def test_codes_resolved_fuzzily_and_by_label(project, doc):
    change = add_codings(
        project, doc, ["trst", "State paternalism"], select(doc.body, lines="1"), coder="ana"
    )
    assert sorted(s.code for s in change.added) == ["paternalism/state", "trust"]


def test_unknown_code_writes_nothing(project, doc):
    with pytest.raises(NotFound, match="no code 'zzzz'"):
        add_codings(project, doc, ["trust", "zzzz"], select(doc.body, lines="1"), coder="ana")
    assert not coding_path(project, "ana", doc.id).exists()


def test_memo_is_stored_and_merged(project, doc):
    spans = select(doc.body, lines="8")
    add_codings(project, doc, ["distrust"], spans, coder="ana", memo="miedo heredado")
    add_codings(project, doc, ["distrust"], spans, coder="ana", memo="ver entrevista de Clara")
    (seg,) = load_segments(project, coder="ana", document=doc.id)
    assert seg.memo == "miedo heredado\nver entrevista de Clara"


def test_coders_are_kept_apart(project, doc):
    spans = select(doc.body, lines="8")
    add_codings(project, doc, ["distrust"], spans, coder="ana")
    add_codings(project, doc, ["distrust"], spans, coder="beto")
    assert coding_path(project, "ana", doc.id).exists()
    assert coding_path(project, "beto", doc.id).exists()
    assert len(load_segments(project, document=doc.id)) == 2


def test_remove_codings_inside_selection(project, doc):
    add_codings(project, doc, ["state"], select(doc.body, lines="4"), coder="ana")
    add_codings(project, doc, ["trust"], select(doc.body, lines="3"), coder="ana")
    change = remove_codings(project, doc, ["state"], select(doc.body, para="2"), coder="ana")
    assert [s.code for s in change.removed] == ["paternalism/state"]
    assert [s.code for s in load_segments(project, coder="ana")] == ["trust"]
    with pytest.raises(NotFound, match="no segment"):
        remove_codings(project, doc, ["state"], select(doc.body, para="2"), coder="ana")


def test_removing_last_segment_deletes_file(project, doc):
    add_codings(project, doc, ["state"], select(doc.body, lines="4"), coder="ana")
    remove_codings(project, doc, ["state"], select(doc.body, lines="4"), coder="ana")
    assert not coding_path(project, "ana", doc.id).exists()


def test_resolve_coder_order(project, monkeypatch):
    with pytest.raises(InvalidArgument, match="no coder given"):
        resolve_coder(project)
    project.settings["default_coder"] = "ana"
    assert resolve_coder(project) == "ana"
    monkeypatch.setenv("QUALCODE_CODER", "beto")
    assert resolve_coder(project) == "beto"
    assert resolve_coder(project, "carla") == "carla"
    with pytest.raises(InvalidArgument, match="invalid coder name"):
        resolve_coder(project, "ana maría")


def test_line_codes_and_margin(project, doc):
    add_codings(project, doc, ["pastoral"], select(doc.body, para="2"), coder="ana")
    add_codings(project, doc, ["distrust"], select(doc.body, lines="8"), coder="ana")
    segs = load_segments(project, coder="ana")
    codes = line_codes(doc.body, segs)
    assert codes[2] == codes[3] == ["paternalism/pastoral"]
    assert codes[0] == codes[4] == [] and codes[7] == ["trust/distrust"]
    text = format_coded(doc, segs, width=40)
    line3 = next(line for line in text.splitlines() if line.startswith("3  "))
    assert line3.endswith("| paternalism/pastoral")
    assert "Peña: “Con confianza”" in line3
    table = coded_lines_table(doc, segs)
    assert table.rows[7][2] == ["trust/distrust"]
