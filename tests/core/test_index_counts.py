"""Count columns in the index: the same numbers as counting the files, through every edit.

Tallies, the matrix and co-occurrence read per-document count columns and
packed spans from the index (qualcode.analysis.counts); these tests hold every
output equal to the one computed from the files alone, after each of a series
of edits, and check that counting does not parse the spans it does not need.
"""

from __future__ import annotations

import random
import sqlite3

import pytest

from qualcode.analysis import index, load_corpus
from qualcode.analysis.cooccur import cooccurrence, matrix_query
from qualcode.analysis.counts import ALL_CODERS, CodeCounts, document_counts
from qualcode.analysis.tally import tally
from qualcode.codebook.tree import load_codebook
from qualcode.models import Document, Segment
from qualcode.store.codings import coding_files, read_coding_file, save_segments
from qualcode.store.project import Project
from tests.retrieval import build, index_file


@pytest.fixture
def coded(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setattr(index, "_RACY_SECONDS", 0.0)  # edits follow each other within 2 s
    build(project)
    return project


def reports(project: Project, *, use_index: bool) -> list[str]:
    """Every counting report, as text."""
    book = load_codebook(project.codebooks_dir)
    counted = load_corpus(project, use_index=use_index, text=False)
    texts = [
        tally(counted, book).table().to_csv(),
        tally(counted, book, by="generation").table().to_json(),
        tally(counted, book, by="coder").table().to_csv(),
        tally(counted, book, by="participant").table().to_csv(),
        tally(counted.filter(coder="ana"), book, by="id", depth=1).table().to_csv(),
        tally(counted.filter(documents=counted.documents[1:]), book, by="kind").table().to_csv(),
        matrix_query(counted, book, cols="documents").to_csv(),
        matrix_query(counted, book, cols="documents", unit="participants").to_csv(),
        matrix_query(counted, book, cols="participants", unit="documents").to_csv(),
        cooccurrence(counted, book).to_csv(),
        cooccurrence(counted.filter(coder="ben"), book, unit="document", jaccard=True).to_csv(),
        cooccurrence(counted, book, list(book.codes), jaccard=True).to_csv(),
    ]
    full = load_corpus(project, use_index=use_index)
    texts.append(cooccurrence(full, book, unit="paragraph").to_csv())
    return texts


def columns_of(counts: CodeCounts) -> dict[tuple[str, str], tuple[list[int], list[int]]]:
    return {
        (coder, code): (list(segments), list(own))
        for coder, by_code in counts.columns.items()
        for code, (segments, own) in by_code.items()
    }


def test_stored_columns_equal_columns_counted_from_the_rows(coded: Project) -> None:
    stored = load_corpus(coded, text=False)
    stored = load_corpus(coded, text=False)  # warm: the columns are read back
    assert stored._rows is None
    counted = CodeCounts.from_rows([d.id for d in stored.documents], stored.rows)
    assert stored.counts.documents == counted.documents
    assert columns_of(stored.counts) == columns_of(counted)


def test_cooccurrence_does_not_parse_the_spans(coded: Project) -> None:
    # tally and matrix read the rows: a participant counts when the coded text
    # is their speaker turn, segment by segment (docs/counting.md), which the
    # per-document count columns cannot tell.
    load_corpus(coded, text=False)
    corpus = load_corpus(coded, text=False)
    book = load_codebook(coded.codebooks_dir)
    cooccurrence(corpus, book)
    assert corpus._rows is None  # co-occurrence reads the packed spans, not rows
    tally(corpus, book, by="participant")
    matrix_query(corpus, book, cols="documents")


def test_every_edit_keeps_the_reports_equal_to_the_files(coded: Project) -> None:
    rng = random.Random(12)
    docs = {d.id: d for d in coded.documents()}
    codes = list(load_codebook(coded.codebooks_dir).codes) + ["unknown/code"]
    assert reports(coded, use_index=False) == reports(coded, use_index=True)

    def add_segments() -> None:
        doc = docs[rng.choice(sorted(docs))]
        coder = rng.choice(["ana", "ben", "carla"])
        found = [
            s
            for p in coding_files(coded, coder=coder, document=doc.id)
            for s in read_coding_file(p)
        ]
        for _ in range(rng.randint(1, 4)):
            start = rng.randrange(0, len(doc.body) - 5)
            end = min(len(doc.body), start + rng.randint(1, 40))
            found.append(Segment(doc.id, start, end, rng.choice(codes), coder, doc.body[start:end]))
        save_segments(coded, coder, doc.id, found)

    def remove_codings() -> None:
        paths = coding_files(coded)
        if paths:
            rng.choice(paths).unlink()

    def edit_document() -> None:
        doc = docs[rng.choice(sorted(docs))]
        cut = rng.randrange(0, len(doc.body) // 2)
        changed = Document(**{**doc.__dict__, "body": "Nota: añadida.\n\n" + doc.body[cut:]})
        docs[doc.id] = coded.save_document(changed, replace=True)

    def add_document() -> None:
        number = len(docs)
        doc = Document(
            id=f"2011-01-0{number % 9 + 1}-extra-{number}",
            kind=rng.choice(["interview", "meeting"]),
            title="Extra",
            body="Rosa: Confiamos en la feria.\n\nRosa: Y en las vecinas.\n",
            participants=(rng.choice(["Rosa", "Clara"]),),
            attributes={"generation": rng.choice(["older", "younger"])},
        )
        docs[doc.id] = coded.save_document(doc)

    def remove_document() -> None:
        doc_id = rng.choice(sorted(docs))
        path = docs.pop(doc_id).path
        assert path is not None
        path.unlink()

    steps = [add_segments] * 4 + [remove_codings, edit_document, add_document, remove_document]
    for _ in range(12):
        rng.choice(steps)()
        stored = load_corpus(coded, text=False)
        assert isinstance(stored._counts, CodeCounts)  # the index's columns, not a fallback
        counted = CodeCounts.from_rows([d.id for d in stored.documents], stored.rows)
        assert columns_of(stored.counts) == columns_of(counted)
        assert reports(coded, use_index=True) == reports(coded, use_index=False)
    index_file(coded).unlink()
    assert reports(coded, use_index=True) == reports(coded, use_index=False)


def test_columns_of_another_layout_are_ignored(coded: Project) -> None:
    expected = reports(coded, use_index=False)
    load_corpus(coded, text=False)
    with sqlite3.connect(index_file(coded)) as conn:
        conn.execute(
            "UPDATE meta SET value = replace(value, 'little', 'other') WHERE key='columns'"
        )
        conn.execute("UPDATE meta SET value = replace(value, 'big', 'other') WHERE key='columns'")
    assert index._read_columns(sqlite3.connect(index_file(coded))) is None
    assert reports(coded, use_index=True) == expected


def test_large_counts_keep_their_value(coded: Project) -> None:
    doc = coded.documents()[0]
    segments = [
        Segment(doc.id, i % 3, i % 3 + 1, "trust", "ana", doc.body[i % 3 : i % 3 + 1])
        for i in range(3)
    ]
    spans = [(s.start, s.end, s.code, s.coder) for s in segments]
    assert document_counts(sorted(spans))[("ana", "trust")] == [3, 3]
    values = CodeCounts.from_document_counts(["a", "b"], [("a", [("x", "c", 70000, 300)])])
    packed = index._pack_column(values.columns[ALL_CODERS]["c"][0])
    assert packed[:1] == b"I"
    assert list(index._unpack_column(packed)) == [70000, 0]
    assert list(index._unpack_column(index._pack_column(values.columns["x"]["c"][1]))) == [300, 0]
