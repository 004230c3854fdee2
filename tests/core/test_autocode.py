import pytest

from qualcode.codebook.tree import load_codebook
from qualcode.coding.autocode import (
    apply_suggestions,
    fold_pattern,
    sentence_spans,
    suggest,
    summary_table,
)
from qualcode.coding.keywords import KeywordMatcher
from qualcode.errors import InvalidArgument
from qualcode.models import Document
from qualcode.store.codings import load_segments
from qualcode.store.documents import ImportOptions, import_files
from tests.core.coding_fixtures import import_crlf, write_codebook


def _import_bytes(project, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    (imported,) = import_files(project, [path], ImportOptions(kind="conversation"))
    return project.document(imported.document.id)


def test_r3_crlf_bom_regex_offsets(project, tmp_path):
    crlf = _import_bytes(
        project, tmp_path, "crlf_bom.md", b"\xef\xbb\xbfQ: Why?\r\nA: Because.\r\nQ: Really?\r\n"
    )
    lf = _import_bytes(project, tmp_path, "lf.md", b"Q: Why?\nA: Because.\nQ: Really?\n")
    assert crlf.body == lf.body == "Q: Why?\nA: Because.\nQ: Really?\n"
    for unit in ("match", "sentence"):
        # Q: is the interviewer: asked for explicitly
        pattern = [(r"[^.!?]+\?", "question")]
        assert suggest([crlf], patterns=pattern, unit=unit) == []
        found = suggest([crlf], patterns=pattern, unit=unit, include_interviewer=True)
        assert [(s.start, s.end, s.text) for s in found] == [
            (0, 7, "Q: Why?"),
            (20, 30, "Q: Really?"),
        ]
        same = suggest([lf], patterns=pattern, unit=unit, include_interviewer=True)
        assert [(s.start, s.end) for s in same] == [(0, 7), (20, 30)]
    table = summary_table(found)
    assert table.rows == [("question", 2, 1)]


def test_match_never_keeps_newline_or_cr():
    doc = Document("d", "conversation", "t", "\n\n  ¿Confías?  \n")
    (sug,) = suggest([doc], patterns=[(r"\s*¿[^?]+\?\s*", "q")], unit="match")
    assert sug.text == "¿Confías?" and (sug.start, sug.end) == (4, 13)


def test_accented_keywords_match_unaccented_text_and_back(project, tmp_path):
    write_codebook(project)
    doc = import_crlf(project, tmp_path)
    matcher = KeywordMatcher({"trust": ["confíanza"], "paternalism/pastoral": ["parroquía"]})
    found = suggest([doc], matcher=matcher, unit="sentence")
    assert {(s.code, s.text) for s in found} == {
        ("trust", "Peña: “Con confianza” — y mucha paciencia."),
        ("paternalism/pastoral", "La parroquia nos prestó la sala."),
    }
    for s in found:
        assert doc.body[s.start : s.end] == s.text


def test_codebook_keywords_by_paragraph_one_per_code(project, tmp_path):
    write_codebook(project)
    doc = import_crlf(project, tmp_path)
    book = load_codebook(project.codebooks_dir)
    found = suggest([doc], matcher=KeywordMatcher.from_codebook(book), unit="paragraph")
    by_code = {}
    for s in found:
        by_code.setdefault(s.code, []).append(s)
    # paragraph 2 holds 'confianza' once, 'parroquia', and 'Estado'
    assert [s.text[:5] for s in by_code["trust"]] == ["Peña:"]
    assert by_code["paternalism/state"][0].matched == "Estado"
    assert all(s.text.count("\n") <= 1 for s in found)
    # the interviewer's question names desconfianza: never auto-coded unless asked
    assert "trust/distrust" not in by_code
    asked = suggest(
        [doc],
        matcher=KeywordMatcher.from_codebook(book),
        unit="paragraph",
        include_interviewer=True,
    )
    assert [s.text for s in asked if s.code == "trust/distrust"] == [
        "Entrevistadora: ¿Y la desconfianza?"
    ]


def test_sentence_spans():
    body = "Hola. ¿Qué tal? Bien…\nOtra línea sin punto\n"
    assert [body[s:e] for s, e in sentence_spans(body)] == [
        "Hola.",
        "¿Qué tal?",
        "Bien…",
        "Otra línea sin punto",
    ]


def test_apply_under_auto_and_idempotent(project, tmp_path):
    write_codebook(project)
    doc = import_crlf(project, tmp_path)
    book = load_codebook(project.codebooks_dir)
    found = suggest([doc], matcher=KeywordMatcher.from_codebook(book))
    added = apply_suggestions(project, found)
    assert added and {s.coder for s in load_segments(project)} == {"auto"}
    assert apply_suggestions(project, found) == []
    assert len(load_segments(project, coder="auto")) == len(found)


def test_bad_unit_and_pattern():
    doc = Document("d", "conversation", "t", "x\n")
    with pytest.raises(InvalidArgument, match="unknown unit"):
        suggest([doc], unit="word")
    with pytest.raises(InvalidArgument, match="invalid --pattern"):
        suggest([doc], patterns=[("([", "q")])


LOAN = Document(
    "d",
    "interview",
    "d",
    "Rosa: El PRÉSTAMO llegó tarde.\nPancho: ¿Y el préstamo del banco? Préstamos, siempre.\n",
)


def test_pattern_is_accent_and_case_insensitive_and_matched_is_the_text():
    found = suggest([LOAN], patterns=[("prestamos?", "money")], unit="match")
    assert [(s.text, s.matched) for s in found] == [
        ("PRÉSTAMO", "PRÉSTAMO"),
        ("préstamo", "préstamo"),
        ("Préstamos", "Préstamos"),
    ]
    assert all(LOAN.body[s.start : s.end] == s.text for s in found)
    classes = suggest([LOAN], patterns=[("pr[eé]stamo", "money")], unit="paragraph")
    assert [s.matched for s in classes] == ["PRÉSTAMO, préstamo, Préstamo"]


def test_exact_pattern_is_case_and_accent_sensitive():
    found = suggest([LOAN], patterns=[("préstamo", "money")], unit="match", exact=True)
    assert [(s.start, s.text) for s in found] == [(45, "préstamo")]
    assert suggest([LOAN], patterns=[("prestamo", "money")], unit="match", exact=True) == []


def test_fold_pattern_keeps_escapes():
    assert fold_pattern(r"\SÉ\W[Àa-z]\B\.Ñ") == r"\Se\W[aa-z]\B\.n"
    assert fold_pattern(r"(?P<Word>\w+) (?P=Word)") == r"(?P<word>\w+) (?P=word)"
    named = suggest([LOAN], patterns=[(r"(?P<Palabra>PRÉSTAMOS?)", "p")], unit="match")
    assert [s.text for s in named] == ["PRÉSTAMO", "préstamo", "Préstamos"]
    found = suggest([LOAN], patterns=[(r"\bP\w+", "p")], unit="match")
    assert {s.text for s in found} == {"PRÉSTAMO", "Pancho", "préstamo", "Préstamos"}
