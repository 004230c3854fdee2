"""Type a survey question from all the evidence: the export's metadata, the header, the answers.

The evidence is weighed strongest first (:data:`qualcode.survey.model.TYPED_BY`):

1. **user**: ``survey import --closed/--open/...`` or ``survey retype``
   (applied by the caller, never guessed over);
2. **source**: a type the export itself states (a Qualtrics ImportId ending
   ``_TEXT``, SurveyMonkey's "Open-Ended Response" or "Other (please
   specify)", a Kobo ``type`` row), passed in as ``hint``;
3. **answers that recur**: at least 10 answers, at most 12 distinct values,
   each given at least twice and the answers at least three times as many
   as the values: a closed question, however long its category labels
   ("Thanksgiving is local—will not travel", "Thanksgiving is out of town—
   more than ..."): a thousand respondents do not type the same sentence;
4. **numbers**: all answers numeric (see :func:`infer_type`);
5. **header**: the question text asks for free text ("free text",
   "comments", "please specify", "explain", "describe", "why", "texto
   libre", "comentarios", "especifique", "Kommentar"...): open;
6. **answers**: share of distinct answers and their lengths.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_NUMBER_WORDS = (
    "size",
    "number",
    "how many",
    "age",
    "count",
    "cuántos",
    "cuantos",
    "edad",
    "años",
    "amount",
)
FREE_TEXT_HEADER = re.compile(
    r"free[- ]?text|\bcomments?\b|please (?:specify|explain|describe|elaborate)|\bexplain\b"
    r"|\bdescribe\b|\bwhy\b|in your own words|texto libre|\bcomentarios?\b|especifique"
    r"|\bpor qu[eé]\b|\bdescriba\b|\bexplique\b|freitext|\bkommentar|\banmerkungen\b"
    r"|\bcommentaires?\b|pr[ée]cisez",
    re.IGNORECASE,
)
"""Question texts that ask for free text."""


def looks_like_scale(values: Sequence[float]) -> bool:
    """Return True when distinct numeric answers look like points of a rating scale.

    Conservative on purpose: whole numbers from 0 up to at most 10, at least
    3 distinct, covering at least 60% of the points between the lowest and
    the highest (``1, 2, 4, 5`` and ``2, 3, 4`` are scales; ``1, 5, 6`` is
    not: they are more likely category codes).
    """
    distinct = sorted(set(values))
    if len(distinct) < 3 or not all(v.is_integer() for v in distinct):
        return False
    low, high = distinct[0], distinct[-1]
    if low < 0 or high > 10:
        return False
    return len(distinct) >= 0.6 * (high - low + 1)


def recurring_categories(answered: Sequence[str]) -> bool:
    """Return True when the answers are a few values each given again and again.

    At least 10 answers, at most 12 distinct values, each value given at
    least twice, and at least three answers per distinct value.
    """
    if len(answered) < 10:
        return False
    counts = Counter(answered)
    return len(counts) <= 12 and min(counts.values()) >= 2 and len(answered) >= 3 * len(counts)


def infer(text: str, cells: Sequence[str], hint: str | None = None) -> tuple[str, str]:
    """Return a question's type and what decided it (blank cells ignored).

    Args:
        text: The question text (header).
        cells: One cell per response (``""`` = missing).
        hint: A type stated by the export (``open``, ``closed``...), or None.

    Returns:
        ``(type, evidence)``: type one of ``closed``, ``likert``, ``number``,
        ``open``; evidence ``source``, ``header`` or ``answers`` (see the
        module docstring for the order).
    """
    if hint:
        return hint, "source"
    answered = [c for c in cells if c]
    if not answered:
        return ("open", "header") if FREE_TEXT_HEADER.search(text) else ("closed", "answers")
    distinct = set(answered)
    if all(NUMBER.match(c.strip()) for c in distinct):
        values = [float(c.replace(",", ".")) for c in distinct]
        whole = all(v.is_integer() for v in values)
        name = text.lower()
        amount = any(
            re.search(rf"\b{w}\b", name) or (" " not in name and w in name) for w in _NUMBER_WORDS
        )
        if amount:
            return "number", "answers"
        if whole and min(values) >= 0 and max(values) <= 10:
            return ("likert" if looks_like_scale(values) else "closed"), "answers"
        return ("closed" if len(distinct) <= 2 else "number"), "answers"
    if recurring_categories(answered):
        return "closed", "answers"
    if FREE_TEXT_HEADER.search(text):
        return "open", "header"
    share = len(distinct) / len(answered)
    length = sum(len(c) for c in answered) / len(answered)
    if len(answered) >= 5:
        free = share > 0.6 or (share > 0.5 and length > 20) or length > 40
        return ("open" if free else "closed"), "answers"
    long = any(len(c) > 40 or len(c.split()) > 4 for c in distinct)
    return ("open" if long else "closed"), "answers"


def infer_type(text: str, cells: Sequence[str], hint: str | None = None) -> str:
    """Guess a question's type from its header and answers (see :func:`infer`).

    * all answers numeric: ``number`` when the text asks for an amount (age,
      size, how many...) or the values are not small whole numbers
      (0..10); else ``likert`` when they look like a scale
      (:func:`looks_like_scale`), and ``closed`` otherwise (codes like
      ``1, 5, 6`` or a 0/1 pair);
    * a few values given again and again (:func:`recurring_categories`):
      ``closed``, however long the labels;
    * a header asking for free text (:data:`FREE_TEXT_HEADER`): ``open``;
    * text: ``open`` when more than 60% of the answers are distinct, or more
      than 50% with an average length over 20 characters, or with an average
      length over 40 characters; with fewer than 5 answers, also when one is
      longer than 40 characters or 5 words; else ``closed``.

    A type given by the source (``hint``, e.g. Qualtrics ``_TEXT`` columns or
    SurveyMonkey "Other (please specify)") wins.
    """
    return infer(text, cells, hint)[0]


__all__ = ["FREE_TEXT_HEADER", "NUMBER", "infer", "infer_type", "looks_like_scale"]
