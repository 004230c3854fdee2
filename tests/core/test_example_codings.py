"""The example project ships codings by two coders: ana (by hand) and auto (keywords)."""

from collections import Counter, defaultdict

import pytest

from qualcode.analysis.check import run_checks
from qualcode.codebook.tree import load_codebook
from qualcode.coding.autocode import matcher_for, suggest
from qualcode.demo import create_demo_project
from qualcode.store.codings import coders, load_segments


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return create_demo_project(tmp_path_factory.mktemp("demo") / "santiago")


def test_two_coders_cover_every_document(example):
    assert coders(example) == ["ana", "auto"]
    ids = {d.id for d in example.documents()}
    assert len(ids) == 14
    for coder in ("ana", "auto"):
        assert {s.document for s in load_segments(example, coder=coder)} == ids


def test_codings_are_clean(example):
    assert run_checks(example) == []


def test_ana_codes_like_a_researcher(example):
    segments = load_segments(example, coder="ana")
    book = load_codebook(example.codebooks_dir)
    counts = Counter(s.code for s in segments)
    assert set(counts) == set(book.codes)  # every code used at least once
    assert 5 <= counts["associativity/group-activities"] <= 8
    # whole turns or sentences: every segment starts at a word and ends at a sentence or turn end
    docs = {d.id: d for d in example.documents()}
    for seg in segments:
        body = docs[seg.document].body
        assert body[seg.start : seg.end] == seg.text
        assert seg.start == 0 or body[seg.start - 1] in " \n"
    # some spans carry two children of one parent
    by_span = defaultdict(set)
    for seg in segments:
        by_span[(seg.document, seg.start, seg.end)].add(seg.code)
    siblings = [
        codes
        for codes in by_span.values()
        if any(len({c for c in codes if c.startswith(root + "/")}) >= 2 for root in book.codes)
    ]
    assert len(siblings) >= 4


def test_auto_codings_are_what_autocode_suggests(example):
    book = load_codebook(example.codebooks_dir)
    expected = suggest(example.documents(), matcher=matcher_for(book), unit="sentence")
    stored = load_segments(example, coder="auto")
    assert [(s.document, s.start, s.end, s.code) for s in stored] == sorted(
        (s.document, s.start, s.end, s.code) for s in expected
    )
