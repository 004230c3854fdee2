"""Auto-coding of open answers: codebook keywords and regular expressions.

Suggestions come from the codebook's ``keywords`` (through
:class:`qualcode.coding.keywords.KeywordMatcher`: accent- and case-insensitive,
whole words, simple inflections) and from ``(pattern, code)`` pairs (Python
regular expressions, case-insensitive). They are only suggestions until
applied under a coder (``auto`` by default).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from qualcode.coding.keywords import KeywordMatcher
from qualcode.errors import InvalidArgument
from qualcode.survey.model import Question, Survey, SurveyCodings, bulk
from qualcode.table import Table


def compile_patterns(
    patterns: Sequence[str], codes: Sequence[str], codebook: Any = None
) -> list[tuple[re.Pattern[str], str]]:
    """Pair each ``--pattern`` with its ``--code`` (resolved in ``codebook`` when given).

    Raises:
        InvalidArgument: unequal numbers of patterns and codes, or a bad regex.
        NotFound: a code not in the codebook.
    """
    if len(patterns) != len(codes):
        raise InvalidArgument(
            f"{len(patterns)} --pattern but {len(codes)} --code",
            hint="give one --code after each --pattern",
        )
    compiled = []
    for pattern, code in zip(patterns, codes, strict=True):
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise InvalidArgument(
                f"bad --pattern {pattern!r}: {exc}", hint="use a Python regular expression"
            ) from None
        compiled.append((regex, codebook.resolve(code) if codebook is not None else code))
    return compiled


@bulk
def suggest_codes(
    survey: Survey,
    question: Question,
    *,
    matcher: KeywordMatcher | None = None,
    patterns: Iterable[tuple[re.Pattern[str], str]] = (),
    progress: Callable[[int], None] | None = None,
) -> dict[str, list[str]]:
    """Return ``response id -> sorted suggested codes`` for the answered responses.

    Args:
        survey: The survey.
        question: An open question of it.
        matcher: Codebook keywords.
        patterns: ``(compiled regex, code path)`` pairs.
        progress: Called with the number of answers done, every 10,000.

    Raises:
        InvalidArgument: the question is not open.
    """
    if question.type != "open":
        raise InvalidArgument(
            f"question {question.id!r} is {question.type}, not open",
            hint="auto-coding works on open answers",
        )
    pairs = list(patterns)
    use_matcher = matcher is not None and bool(matcher)
    found: dict[str, list[str]] = {}
    seen: dict[str, list[str]] = {}  # identical answers are matched once
    for index, (rid, cell) in enumerate(zip(survey.ids, survey.columns[question.id], strict=True)):
        if progress is not None and index and index % 10_000 == 0:
            progress(index)
        if not cell:
            continue
        known = seen.get(cell)
        if known is None:
            codes = matcher.codes_in(cell) if use_matcher else set()  # type: ignore[union-attr]
            for regex, code in pairs:
                if regex.search(cell):
                    codes.add(code)
            known = sorted(codes)
            if len(cell) < 200:
                seen[cell] = known
        if known:
            found[rid] = list(known)
    return found


@bulk
def apply_suggestions(
    codings: SurveyCodings, question: Question, suggestions: dict[str, list[str]]
) -> int:
    """Add suggested codes to ``codings``; return how many codes were new."""
    added = 0
    store = codings.codes
    qid = question.id
    for rid, codes in suggestions.items():
        current = store.get((qid, rid))
        if current is None:
            store[(qid, rid)] = sorted(set(codes))
            added += len(store[(qid, rid)])
            continue
        for code in codes:
            added += codings.add(qid, rid, code)
    return added


def suggestions_table(
    survey: Survey, question: Question, suggestions: dict[str, list[str]], width: int = 80
) -> Table:
    """Return a table of suggestions: response, codes, answer (cut to ``width`` characters)."""
    cells = dict(zip(survey.ids, survey.columns[question.id], strict=True))
    rows = []
    for rid in survey.ids:
        if rid in suggestions:
            text = " ".join(cells[rid].split())
            rows.append(
                (rid, suggestions[rid], text if len(text) <= width else text[: width - 1] + "…")
            )
    answered = sum(1 for c in survey.columns[question.id] if c)
    return Table(
        ["response", "codes", "answer"],
        rows,
        title=f"Suggested codes for {survey.name} {question.id}",
        notes=[f"{len(rows)} of {answered} answers have a suggestion"],
    )
