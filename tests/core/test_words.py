"""Word frequencies: folding, stopwords, speaker labels, coded passages, groups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.analysis import load_corpus
from qualcode.analysis.words import (
    BUNDLED,
    TOKEN,
    bundled_stopwords,
    count_words,
    default_stopword_names,
    load_stopwords,
    word_key,
)
from qualcode.codebook.tree import load_codebook
from qualcode.errors import InvalidArgument, NotFound
from qualcode.models import Document
from qualcode.store.project import Project
from tests.retrieval import build


def words_of(project: Project, **options):
    book = load_codebook(project.codebooks_dir)
    return count_words(load_corpus(project, use_index=False), book, **options)


def by_word(result):
    return {r.word: r for r in result.rows}


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def test_case_and_accents_are_one_word_shown_in_its_most_frequent_spelling(project):
    body = "Organización, organizacion y ORGANIZACIÓN. La organización crece.\n"
    project.save_document(Document(id="d1", kind="fieldnote", title="Notes", body=body))
    found = by_word(words_of(project, top=None))
    row = found["organización"]
    assert row.count == 4
    assert row.forms == ("organizacion", "organización")
    assert "organizacion" not in found


def test_stopwords_speaker_labels_and_numbers_are_left_out(coded):
    stop, names = load_stopwords(["en", "es"])
    result = words_of(coded, stopwords=stop, stopword_names=names, top=None)
    found = by_word(result)
    assert "the" not in found and "de" not in found
    # "Pancho:", "Clara:", "Interviewer:" are labels, not words of the text
    assert "interviewer" not in found
    assert "clara" not in found and "pancho" not in found and "mario" not in found
    assert found["trust"].count == 3  # "trust" x2 in Pancho's interview, once in the meeting
    assert found["trust"].documents == 2
    assert result.documents_total[None] == 4
    assert "(en, es)" in result.notes()[0]


def test_without_stopwords_every_word_counts(coded):
    every = words_of(coded, top=None)
    assert by_word(every)["the"].count >= 4
    assert every.words_total[None] == sum(r.count for r in every.rows)


def test_percent_states_its_denominator(coded):
    result = words_of(coded, top=3)
    first = result.rows[0]
    assert result.percent(first) == round(100 * first.count / result.words_total[None], 1)
    assert f"of the {result.words_total[None]} words counted" in result.notes()[1]
    table = result.table()
    assert table.columns[:3] == ["word", "count", "words_total"]
    assert len(table.rows) == 3


def test_codes_count_only_their_passages_and_overlaps_once(coded):
    # distrust: ana's and ben's segments on Pancho's line overlap (counted once)
    # plus Clara's "But some lie about their sales." and ben's "Everything sold" line.
    result = words_of(coded, codes=["trust/distrust"], top=None)
    found = by_word(result)
    assert found["trust"].count == 1  # Pancho's line once, though two coders coded it
    assert found["sales"].count == 1 and found["everything"].count == 1
    assert "state" not in found
    assert result.documents_total[None] == 2
    assert "passages coded with trust/distrust" in result.notes()[0]


def test_a_parent_code_includes_its_descendants(coded):
    found = by_word(words_of(coded, codes=["trust"], top=None))
    assert "señoras" in found  # coded trust/friendship/neighbours and trust
    assert "church" not in found  # paternalism


def test_by_document_and_by_code(coded):
    per_doc = words_of(coded, by="document", top=2)
    assert per_doc.groups == sorted(per_doc.groups)
    assert {r.group for r in per_doc.rows} == set(per_doc.groups)
    assert all(per_doc.documents_total[g] == 1 for g in per_doc.groups)
    per_code = words_of(coded, by="code", top=1)
    assert per_code.groups == ["trust", "paternalism"]
    assert [r.group for r in per_code.rows] == ["trust", "paternalism"]
    assert per_code.table().columns[0] == "code"


def test_bad_options(coded):
    with pytest.raises(InvalidArgument):
        words_of(coded, by="speaker")
    with pytest.raises(InvalidArgument):
        words_of(coded, top=-1)
    with pytest.raises(InvalidArgument):
        load_stopwords(["none", "en"])
    with pytest.raises(InvalidArgument):
        bundled_stopwords("fr")


def test_stopword_files(tmp_path):
    path = tmp_path / "extra.txt"
    path.write_text("# mine\nRed\nferia  # the fair\n\n", encoding="utf-8")
    words, names = load_stopwords([str(path)])
    assert words == {"red", "feria"}
    assert names == ["extra.txt"]
    relative, _ = load_stopwords(["extra.txt"], base=tmp_path)
    assert relative == words
    with pytest.raises(NotFound):
        load_stopwords([str(tmp_path / "missing.txt")])
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00\xd8")
    with pytest.raises(InvalidArgument):
        load_stopwords([str(tmp_path / "binary.txt")])


def test_default_lists_are_the_project_language_and_english():
    assert default_stopword_names("es") == ["es", "en"]
    assert default_stopword_names("es-CL") == ["es", "en"]
    assert default_stopword_names("en") == ["en"]
    assert default_stopword_names(None) == ["en"]
    assert default_stopword_names("fr") == ["en"]


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_lists_keep_content_words_a_study_is_about(name):
    words = bundled_stopwords(name)
    assert len(words) > 100
    for content in ("state", "estado", "group", "grupo", "work", "trabajo", "younger", "people"):
        assert content not in words


def test_the_example_counts_trust_in_its_coded_passages(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    project = Project.open(root)
    book = load_codebook(project.codebooks_dir)
    corpus = load_corpus(project, use_index=False)
    stop, names = load_stopwords([], language="es")
    result = count_words(corpus, book, codes=["trust"], stopwords=stop, stopword_names=names)
    assert result.rows[0].word == "trust"
    assert all(r.count >= s.count for r, s in zip(result.rows, result.rows[1:], strict=False))


@given(st.text(alphabet=st.sampled_from("aáeéoóñNÑ '’-1_x\n"), max_size=60))
def test_tokens_are_letters_and_keys_ignore_case_and_accents(text):
    for match in TOKEN.finditer(text):
        token = match.group()
        assert token[0].isalpha() and token[-1].isalpha()
        assert word_key(token) == word_key(token.upper())
        assert word_key(token) == word_key(word_key(token))


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=5),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=6),
)
def test_cutting_holes_keeps_exactly_the_offsets_outside_them(regions, holes):
    from qualcode.analysis.words import _minus, _union

    regions = _union((a, a + n) for a, n in regions)
    holes = sorted((a, a + n) for a, n in holes)
    inside = {i for a, b in regions for i in range(a, b)}
    cut = {i for a, b in holes for i in range(a, b)}
    pieces = _minus(regions, holes)
    assert all(a < b for a, b in pieces)
    assert {i for a, b in pieces for i in range(a, b)} == inside - cut
