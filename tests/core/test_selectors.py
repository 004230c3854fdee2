import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.coding.selectors import (
    counted,
    find_quote,
    line_spans,
    paragraphs,
    parse_spec,
    select,
    select_chars,
    select_lines,
    select_paragraphs,
)
from qualcode.errors import InvalidArgument
from tests.core.coding_fixtures import TRANSCRIPT, import_crlf


@pytest.fixture
def doc(project, tmp_path):
    return import_crlf(project, tmp_path)


def test_crlf_bom_import_gives_lf_body(doc):
    assert doc.body == TRANSCRIPT
    assert "\r" not in doc.body and "\ufeff" not in doc.body


def test_lines_on_crlf_accented_text(doc):
    (span,) = select_lines(doc.body, "1")
    assert span.text == "Entrevistadora: ¿Cómo empezó la red?"
    assert (span.start, span.end) == (0, 36)
    (span,) = select_lines(doc.body, "3-4")
    assert span.text.startswith("Peña: “Con confianza”")
    assert span.text.endswith("sus programas.")
    assert doc.body[span.start : span.end] == span.text
    assert "\n" not in span.text[-1:]


def test_each_spec_item_is_its_own_span(doc):
    spans = select_lines(doc.body, "1,6,8")
    assert [s.text.split(":")[0] for s in spans] == ["Entrevistadora", "Entrevistadora", "Peña"]
    assert spans[2].text.startswith("Peña: Éramos")


def test_paragraphs_are_blocks_between_blank_lines(doc):
    paras = paragraphs(doc.body)
    assert [(p.first_line, p.last_line) for p in paras] == [(1, 1), (3, 4), (6, 6), (8, 8)]
    assert paras[1].speaker == "Peña"
    (span,) = select_paragraphs(doc.body, "2")
    assert span.text == doc.body[span.start : span.end]
    assert span.text.count("\n") == 1
    assert not span.text.endswith("\n")
    assert [s.text for s in select_paragraphs(doc.body, "2-3")][0].endswith("¿Y la desconfianza?")


def test_chars_are_code_points(doc):
    # "¿Cómo" starts at offset 16: accents count as one code point each
    (span,) = select_chars(doc.body, "16-21")
    assert span.text == "¿Cómo"
    (one,) = select_chars(doc.body, "16")
    assert one.text == "¿"


def test_r2_smart_quotes_offsets_in_code_points():
    body = "P2: It’s “fine” — mostly… I’d say so.\n"
    (span,) = select_chars(body, "9-25")
    assert span.text == "“fine” — mostly…"
    # byte offsets would differ: [11, 35) in UTF-8
    assert (len(body[:9].encode("utf-8")), len(body[:25].encode("utf-8"))) == (11, 35)
    found = find_quote(body, "“fine” — mostly…")
    assert (found.start, found.end) == (9, 25)


def test_quote_exact_loose_and_fuzzy(doc):
    exact = find_quote(doc.body, "la dictadura nos enseñó a callar")
    assert doc.body[exact.start : exact.end] == "la dictadura nos enseñó a callar"
    loose = find_quote(doc.body, "LA DICTADURA   nos ENSENO a callar")
    assert (loose.start, loose.end) == (exact.start, exact.end)
    fuzzy = find_quote(doc.body, "la dictadora nos enseno a calar")
    assert fuzzy.text == doc.body[fuzzy.start : fuzzy.end]
    assert "dictadura" in fuzzy.text and "callar" in fuzzy.text


def test_quote_across_line_break(doc):
    span = find_quote(doc.body, "la sala. Después vino")
    assert span.text == "la sala.\nDespués vino"


def test_ambiguous_quote_lists_line_numbers(doc):
    with pytest.raises(InvalidArgument) as info:
        find_quote(doc.body, "Entrevistadora:")
    assert "2 passages" in info.value.message
    entries = info.value.message.splitlines()[1:]
    assert len(entries) == 2
    assert entries[0].startswith("  line 1, chars 0-15: «Entrevistadora:» ¿Cómo")
    assert entries[1].startswith("  line 6, chars ")
    assert "«Entrevistadora:» ¿Y la desconfianza?" in entries[1]


def test_ambiguous_quote_lists_each_match_on_the_same_line():
    body = "Ana: sí, sí, claro que sí.\nPancho: no."
    with pytest.raises(InvalidArgument) as info:
        find_quote(body, "sí")
    entries = info.value.message.splitlines()[1:]
    assert [e.split(",")[0] for e in entries] == ["  line 1"] * 3
    assert [e.split(",")[1].split(":")[0] for e in entries] == [
        " chars 5-7",
        " chars 9-11",
        " chars 23-25",
    ]
    assert "«sí»" in entries[2] and "\n" not in entries[2]


def test_ambiguous_quote_lists_at_most_ten():
    body = "\n".join(["la red"] * 12)
    with pytest.raises(InvalidArgument) as info:
        find_quote(body, "la red")
    lines = info.value.message.splitlines()
    assert lines[0].endswith("matches 12 passages:")
    assert len(lines) == 12 and lines[-1] == "  ... and 2 more"


def test_chars_range_is_end_exclusive_and_single_number_is_one_character():
    body = "Peña: “Con confianza”"
    assert [(s.start, s.end, s.text) for s in select_chars(body, "0-4,5,6-7")] == [
        (0, 4, "Peña"),
        (5, 6, " "),
        (6, 7, "“"),
    ]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("5-5", "character range 5-5 is empty"),
        ("7-3", "character range 7-3 ends before it starts"),
        ("21", "character offset 21 is past the end"),
        ("3-", "malformed character selector"),
    ],
)
def test_chars_empty_reversed_and_past_end_are_errors(spec, message):
    body = "Peña: “Con confianza”"
    assert len(body) == 21
    with pytest.raises(InvalidArgument, match=message):
        select_chars(body, spec)


def test_quote_not_found(doc):
    with pytest.raises(InvalidArgument, match="not found"):
        find_quote(doc.body, "cooperativa de zapateros del sur")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lines": "9"}, "line 9 is out of range: the document has 8 lines"),
        ({"lines": "0"}, "line 0 is out of range"),
        ({"lines": "2"}, "line 2 is blank"),
        ({"lines": "5-3"}, "ends before it starts"),
        ({"lines": "1,,2"}, "malformed line selector"),
        ({"lines": "a-b"}, "malformed"),
        ({"para": "5"}, "paragraph 5 is out of range: the document has 4 paragraphs"),
        ({"chars": f"10-{len(TRANSCRIPT) + 1}"}, "past the end of the text"),
        ({}, "exactly one of"),
        ({"lines": "1", "para": "1"}, "exactly one of"),
    ],
)
def test_bad_selectors_are_errors_not_clamps(doc, kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        select(doc.body, **kwargs)


def test_counts_in_messages_are_singular_or_plural():
    body = "Peña: sí."
    with pytest.raises(InvalidArgument, match="the document has 1 line "):
        select(body, lines="2")
    with pytest.raises(InvalidArgument, match="the document has 1 paragraph "):
        select(body, para="2")
    assert counted(1, "segment") == "1 segment"
    assert counted(0, "segment") == "0 segments"
    assert counted(2, "match", "matches") == "2 matches"


def test_parse_spec():
    assert parse_spec("1,4,7-9") == [(1, 1), (4, 4), (7, 9)]
    assert parse_spec(" 2 - 5 ") == [(2, 5)]


def test_line_spans_without_final_newline():
    assert line_spans("a\nbc") == [(0, 1), (2, 4)]
    assert line_spans("a\nbc\n") == [(0, 1), (2, 4)]
    assert line_spans("") == []


texts = st.lists(
    st.text(alphabet="abcñéÉ “”—… \t", min_size=0, max_size=12), min_size=1, max_size=8
).map("\n".join)


@settings(max_examples=80, deadline=None)
@given(body=texts, data=st.data())
def test_property_every_selector_span_is_its_text(body, data):
    n_lines = len(line_spans(body))
    n_paras = len(paragraphs(body))
    kind = data.draw(st.sampled_from(["lines", "para", "chars", "quote"]))
    try:
        if kind == "lines":
            a = data.draw(st.integers(0, n_lines + 1))
            b = data.draw(st.integers(a, n_lines + 2))
            spans = select(body, lines=f"{a}-{b}")
        elif kind == "para":
            a = data.draw(st.integers(0, n_paras + 1))
            spans = select(body, para=str(a))
        elif kind == "chars":
            a = data.draw(st.integers(0, len(body) + 1))
            b = data.draw(st.integers(a + 1, len(body) + 2))
            spans = select(body, chars=f"{a}-{b}")
        else:
            a = data.draw(st.integers(0, max(0, len(body) - 1)))
            b = data.draw(st.integers(a, len(body)))
            spans = select(body, quote=body[a:b] or "x")
    except InvalidArgument:
        return
    for span in spans:
        assert 0 <= span.start < span.end <= len(body)
        assert body[span.start : span.end] == span.text
        if kind != "chars":
            assert span.text == span.text.strip()
