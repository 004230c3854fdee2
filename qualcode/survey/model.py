"""Surveys in memory: questions, attributes and responses (column-wise, for speed).

A survey is a table: one row per response, one column per question or
attribute. Cells are strings; the empty string is a missing answer (never an
empty category). A multi-select cell holds the chosen options joined with the
question's ``separator``.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from qualcode.errors import NotFound

QUESTION_TYPES = ("closed", "multi", "likert", "number", "open")
TYPED_BY = ("user", "source", "header", "answers")
"""What may decide a question's type (:attr:`Question.typed`), strongest first."""
_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building millions of rows.

    The survey structures hold no reference cycles; without the pause, full
    collections over millions of live lists make bulk work several times slower.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def bulk(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorate a bulk operation to run with the garbage collector paused."""

    @functools.wraps(function)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with paused_gc():
            return function(*args, **kwargs)

    return run


@dataclass(frozen=True)
class Question:
    """One survey question (or attribute column).

    Attributes:
        id: Short identifier, unique in the survey (the column name in
            ``responses.csv``).
        text: The question text as the survey tool exported it.
        type: One of ``closed``, ``multi``, ``likert``, ``number``, ``open``
            (``attribute`` for columns that are not questions).
        options: Declared categories in order (closed, multi, likert); a
            category with no answer still counts for ``--bins``.
        separator: How the options of a multi-select cell are joined.
        typed: What decided the type: ``user`` (``--closed`` and the like, or
            ``survey retype``), ``source`` (the export's own metadata: a
            Qualtrics ImportId, SurveyMonkey's "Open-Ended Response", Kobo's
            ``type`` row), ``header`` (the question text says "free text",
            "comments"...) or ``answers`` (distinct values, lengths, numbers);
            None for attributes and questions made in code.
        base: Who was asked a single-checkbox question (one option, a blank
            means not ticked): ``all`` (every response) or the id of the
            question whose respondents were asked (they passed the same
            filter). None: the base is the respondents who answered.
    """

    id: str
    text: str
    type: str
    options: tuple[str, ...] = ()
    separator: str | None = None
    typed: str | None = None
    base: str | None = None

    def values(self, cell: str) -> list[str]:
        """Return the answers in ``cell``: ``[]`` when missing, several for multi-select."""
        if not cell:
            return []
        if self.type == "multi" and self.separator:
            return [v for v in cell.split(self.separator) if v]
        return [cell]


@dataclass
class Survey:
    """A survey: its questions, attribute columns and responses.

    Attributes:
        name: The survey's name (its folder under ``fieldnotes/surveys/``).
        title: A human title.
        questions: The questions, in column order.
        attributes: Columns kept as attributes of the respondent (type ``attribute``).
        ids: Response ids, one per response, unique.
        columns: Column id -> one cell per response (``""`` = missing).
        source: Where it came from: ``file``, ``format``, ``tool``, ``encoding``.
        notes: What the import did (decoding, dropped identifying columns, ...).
    """

    name: str
    title: str
    questions: list[Question]
    attributes: list[Question]
    ids: list[str]
    columns: dict[str, list[str]]
    source: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def question(self, ref: str, *, what: str = "question") -> Question:
        """Return the question or attribute named ``ref`` (id, or exact/case-insensitive text).

        Args:
            ref: An id or question text.
            what: How the error names what was looked for (e.g. ``question or attribute``).

        Raises:
            NotFound: no such question or attribute; the hint lists the ids of both.
        """
        every = self.questions + self.attributes
        for finder in (
            lambda q: q.id == ref,
            lambda q: q.id.lower() == ref.lower(),
            lambda q: q.text.strip() == ref.strip(),
            lambda q: q.text.strip().lower() == ref.strip().lower(),
        ):
            found = [q for q in every if finder(q)]
            if len(found) == 1:
                return found[0]
        ids = ", ".join(q.id for q in self.questions[:12])
        hint = f"questions: {ids}" + (" ..." if len(self.questions) > 12 else "")
        if self.attributes:
            names = ", ".join(a.id for a in self.attributes[:8])
            hint += f"; attributes: {names}" + (" ..." if len(self.attributes) > 8 else "")
        raise NotFound(f"survey {self.name!r} has no {what} {ref!r}", hint=hint)

    def rows(self) -> Iterator[dict[str, str]]:
        """Yield each response as ``{column id: cell}`` with the id under ``id``."""
        names = list(self.columns)
        for index, rid in enumerate(self.ids):
            row = {"id": rid}
            for name in names:
                row[name] = self.columns[name][index]
            yield row


@dataclass
class SurveyCodings:
    """One coder's codes on a survey's open answers.

    Attributes:
        survey: The survey name.
        coder: The coder.
        codes: ``(question id, response id) -> sorted code paths``.
    """

    survey: str
    coder: str
    codes: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, question: str, response: str, code: str) -> bool:
        """Add ``code`` to an answer; return False when it was already there."""
        current = self.codes.setdefault((question, response), [])
        if code in current:
            return False
        current.append(code)
        current.sort()
        return True

    def remove(self, question: str, response: str, code: str) -> bool:
        """Remove ``code`` from an answer; return False when it was not there."""
        current = self.codes.get((question, response), [])
        if code not in current:
            return False
        current.remove(code)
        if not current:
            del self.codes[(question, response)]
        return True

    def for_question(self, question: str) -> dict[str, list[str]]:
        """Return ``response id -> codes`` for one question."""
        return {key[1]: c for key, c in self.codes.items() if c and key[0] == question}
