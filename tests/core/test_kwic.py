"""Keyword in context: folding, regex, context, lines and codes."""

from __future__ import annotations

import pytest

from qualcode.analysis import load_corpus
from qualcode.analysis.kwic import compile_pattern, keyword_in_context
from qualcode.errors import InvalidArgument
from qualcode.store.project import Project
from tests.retrieval import build


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def test_accent_and_case_insensitive_by_default(coded: Project) -> None:
    table = keyword_in_context(load_corpus(coded), "SENORAS", context=9)
    [hit] = table.records()
    assert hit["document"] == "2010-09-15-clara"
    assert hit["match"] == "señoras"
    assert hit["left"] == "know the "
    assert hit["line"] == 1 and hit["column"] == 19
    assert hit["codes"] == ["trust", "trust/friendship/neighbours"]


def test_exact_matching(coded: Project) -> None:
    assert keyword_in_context(load_corpus(coded), "SENORAS", exact=True).rows == []
    assert len(keyword_in_context(load_corpus(coded), "cápita", exact=True).rows) == 1


def test_regex_keeps_escapes_and_folds_letters(coded: Project) -> None:
    table = keyword_in_context(load_corpus(coded), r"Joaqu[íi]n\S", regex=True)
    [hit] = table.records()
    assert hit["match"] == "Joaquín:"
    assert hit["line"] == 3
    assert hit["codes"] == ["paternalism"]


def test_context_crosses_lines_as_spaces(coded: Project) -> None:
    [hit] = keyword_in_context(load_corpus(coded), "new members", context=12).records()
    assert hit["right"] == ".  Joaquín: "


def test_bad_patterns() -> None:
    with pytest.raises(InvalidArgument):
        compile_pattern("(", regex=True)
    with pytest.raises(InvalidArgument):
        compile_pattern("")
