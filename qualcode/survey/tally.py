"""Survey tallies: "n of N (p%)" for every category or code.

For each question, ``N`` is the number of respondents who answered it; a
blank answer is counted on its own *missing* row (``value`` is ``None``, its
``N`` is every response in the group) and never in ``N``. By type:

* closed: one row per category (declared options with no answer show 0),
  most frequent first;
* multi: ``percent`` is the share of respondents who chose the option,
  ``mentions_percent`` its share of all options chosen (the two
  percentages of multiple-response analysis, e.g. SPSS MULT RESPONSE);
* likert: the distribution in scale order, and the ``median`` of the answers
  (:func:`statistics.median`, the mean of the two middle answers when their
  number is even);
* number: one summary row (``value`` ``(all answers)``): ``n`` numeric
  answers of ``N`` answers, with their ``mean``, ``median``, ``min`` and
  ``max``; with ``bins``, the bins group the *answers* (``n`` respondents
  whose answer falls in the bin, ``categories`` the distinct answers);
* open: the code tree rolled up by **distinct response**: a code's ``n`` is
  the number of answers coded with it or any code below it, so an answer
  coded with two children counts once for their parent.

``by`` cross-tabulates against another question or attribute (one block of
rows per value of it); ``bins`` groups the categories by their count (number
questions: the answers by their value).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qualcode.coding.keywords import fold_text
from qualcode.errors import InvalidArgument
from qualcode.survey.model import Question, Survey, SurveyCodings, bulk
from qualcode.table import Table

COLUMNS = (
    "question",
    "value",
    "n",
    "N",
    "percent",
    "mentions",
    "mentions_N",
    "mentions_percent",
    "median",
    "mean",
    "min",
    "max",
    "share",
    "mentions_share",
)
NUMBER_ROW = "(all answers)"
"""The ``value`` of a number question's summary row."""
BIN_COLUMNS = ("question", "bin", "n", "categories")
NOT_TICKED = "(not ticked)"
"""The ``value`` of a single checkbox's row of respondents asked who did not tick it."""


@dataclass(frozen=True)
class Bin:
    """A range of counts: ``low`` to ``high`` inclusive (``high`` None = no upper limit)."""

    label: str
    low: int
    high: int | None

    def holds(self, count: float) -> bool:
        """Return True when ``count`` (or a number answer) falls in the bin."""
        return count >= self.low and (self.high is None or count <= self.high)


def parse_bins(spec: str) -> list[Bin]:
    """Parse ``0,1-3,4-7,8+`` into bins (inclusive ranges; ``8+`` is 8 or more).

    Raises:
        InvalidArgument: a malformed or overlapping bin.
    """
    bins: list[Bin] = []
    for part in (p.strip() for p in spec.split(",")):
        match = re.fullmatch(r"(\d+)(?:\s*[-–]\s*(\d+)|(\+))?", part)
        if not match:
            raise InvalidArgument(
                f"bad bin {part!r} in --bins", hint="write bins like 0,1-3,4-7,8+"
            )
        low = int(match.group(1))
        high = None if match.group(3) else int(match.group(2) or low)
        if high is not None and high < low:
            raise InvalidArgument(f"bad bin {part!r}: {high} < {low}", hint="write low-high")
        if bins and (bins[-1].high is None or low <= bins[-1].high):
            raise InvalidArgument(
                f"bin {part!r} overlaps the one before", hint="give bins in increasing order"
            )
        bins.append(Bin(part, low, high))
    if not bins:
        raise InvalidArgument("--bins is empty", hint="write bins like 0,1-3,4-7,8+")
    return bins


def _percent(n: int, total: int) -> float | None:
    return round(100.0 * n / total, 1) if total else None


def _share(n: int, total: int) -> str:
    return f"{n} of {total} ({100.0 * n / total:.1f}%)" if total else f"{n} of 0"


def _mentions_share(n: int | None, total: int | None) -> str | None:
    if n is None or total is None:
        return None
    return f"{n} of {total} mentions ({100.0 * n / total:.1f}%)" if total else f"{n} of 0 mentions"


def _check_bins_cover(
    bins: Sequence[Bin], rows: Sequence[dict[str, Any]], question: str, what: str = "counts"
) -> None:
    """Raise when a category's count (or a number answer) falls in no bin."""
    outside = sorted({_tidy(r["n"]) for r in rows if not any(b.holds(r["n"]) for b in bins)})
    if not outside:
        return
    spec = ",".join(b.label for b in bins)
    last = bins[-1]
    if last.high is not None and outside[0] > last.high:
        fixed = ",".join([*(b.label for b in bins[:-1]), f"{last.low}+"])
        if last.low != last.high:
            fixed = f"{spec},{last.high + 1}+"
        hint = f"end with an open bin, e.g. --bins {fixed}"
    else:
        hint = f"cover every value from 0 up, ending with an open bin like {int(max(outside))}+"
    counts = ", ".join(map(str, outside[:10])) + (" ..." if len(outside) > 10 else "")
    subject = "categories with counts" if what == "counts" else "answers"
    raise InvalidArgument(
        f"--bins {spec} leaves {question} {subject} {counts} outside every bin", hint=hint
    )


def _number(value: str) -> float:
    return float(value.replace(",", "."))


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    result = statistics.median(values)
    return int(result) if float(result).is_integer() else round(result, 2)


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _category_rows(
    question: Question,
    cells: Sequence[str],
    ids: Sequence[str],
    per_response: dict[str, list[str]] | None,
    codebook: Any,
    asked: Sequence[bool] | None = None,
) -> tuple[list[dict[str, Any]], int, int]:
    """Return (category rows, N, missing) for one question over some responses.

    ``asked`` (single checkboxes) marks the responses in the base: there a
    blank cell is "not ticked", counted in ``N``, not missing.
    """
    answered = [c for c in cells if c]
    if asked is not None:
        total = sum(1 for c, a in zip(cells, asked, strict=True) if a or c)
        missing = len(cells) - total
    else:
        missing = len(cells) - len(answered)
        total = len(answered)
    rows: list[dict[str, Any]] = []

    def row(value: Any, n: int, **extra: Any) -> dict[str, Any]:
        return {"value": value, "n": n, "N": total, "percent": _percent(n, total), **extra}

    if question.type == "multi":
        counts: Counter[str] = Counter()
        for cell in answered:
            counts.update(set(question.values(cell)))
        mentions = sum(counts.values())
        order = list(question.options) + sorted(set(counts) - set(question.options))
        for option in sorted(order, key=lambda o: (-counts[o], order.index(o))):
            rows.append(
                row(
                    option,
                    counts[option],
                    mentions=counts[option],
                    mentions_N=mentions,
                    mentions_percent=_percent(counts[option], mentions),
                )
            )
        if asked is not None:
            rows.append(row(NOT_TICKED, total - len(answered)))
    elif question.type == "number":
        numbers = []
        for cell in answered:
            try:
                numbers.append(_number(cell))
            except ValueError:
                continue
        if numbers:
            rows.append(
                row(
                    NUMBER_ROW,
                    len(numbers),
                    median=_median(numbers),
                    mean=_tidy(round(statistics.fmean(numbers), 2)),
                    min=_tidy(min(numbers)),
                    max=_tidy(max(numbers)),
                    numbers=numbers,
                )
            )
    elif question.type == "likert":
        numbers = []
        for cell in answered:
            try:
                numbers.append(_number(cell))
            except ValueError:
                continue
        med = _median(numbers)
        counts = Counter(answered)
        points = set(question.options) | set(counts)
        whole = [v for v in points if v.isdigit()]
        if whole and len(whole) == len(points):  # fill the scale: 1, 2, 3, 6 -> 1..6
            low, high = min(map(int, whole)), max(map(int, whole))
            points |= {str(v) for v in range(low, high + 1)}
        for value in sorted(points, key=lambda v: (_safe_number(v), v)):
            rows.append(row(value, counts[value], median=med))
    elif question.type == "open":
        if per_response is not None:
            counts = _rolled_counts(
                [
                    per_response[rid]
                    for rid, cell in zip(ids, cells, strict=True)
                    if cell and rid in per_response
                ]
            )
            known = [c for c in (codebook.codes if codebook is not None else ()) if c in counts]
            others = sorted(set(counts) - set(known))
            for code in known + others:
                rows.append(row(code, counts[code]))
    else:
        counts = Counter(answered)
        order = list(question.options) + sorted(set(counts) - set(question.options))
        for value in sorted(order, key=lambda v: (-counts[v], order.index(v))):
            rows.append(row(value, counts[value]))
    return rows, total, missing


def _rolled_counts(coded: list[list[str]]) -> Counter[str]:
    """Count, for every code and every ancestor of a code, the distinct answers under it.

    ``coded`` holds each coded answer's codes (no repeats within an answer).
    A code used directly and never below counts its answers; a code with
    codes below it counts the answers having it or any of them, once each.
    """
    from itertools import chain

    counts: Counter[str] = Counter(chain.from_iterable(coded))
    parents = {
        "/".join(parts[:i])
        for code in counts
        if "/" in code
        for parts in [code.split("/")]
        for i in range(1, len(parts))
    }
    for parent in sorted(parents):
        prefix = parent + "/"
        counts[parent] = sum(
            1 for codes in coded if any(c == parent or c.startswith(prefix) for c in codes)
        )
    return counts


def _asked(survey: Survey, question: Question) -> list[bool] | None:
    """Return, for a single checkbox, which responses were asked it (None for other questions)."""
    if question.base is None:
        return None
    cells = survey.columns[question.id]
    base = survey.columns.get(question.base) if question.base != "all" else None
    if base is None:
        return [True] * len(cells)
    return [bool(b) or bool(c) for b, c in zip(base, cells, strict=True)]


def _base_note(survey: Survey, question: Question, asked: Sequence[bool]) -> str:
    n = sum(asked)
    if question.base == "all" or question.base not in survey.columns:
        who = "every response"
    else:
        who = f"the respondents who answered {question.base}"
    return (
        f"{question.id}: a single checkbox: a blank is not ticked; N is {who} ({n} of {len(asked)})"
    )


def _safe_number(value: str) -> float:
    try:
        return _number(value)
    except ValueError:
        return math.inf


def _groups(survey: Survey, by: Question | None) -> list[tuple[Any, list[int]]]:
    if by is None:
        return [(None, list(range(len(survey.ids))))]
    cells = survey.columns[by.id]
    members: dict[str, list[int]] = {}
    missing: list[int] = []
    for index, cell in enumerate(cells):
        values = by.values(cell) if by.type == "multi" else ([cell] if cell else [])
        if not values:
            missing.append(index)
        for value in values:
            members.setdefault(value, []).append(index)
    order = list(by.options) + sorted(set(members) - set(by.options))
    if by.type in ("likert", "number"):
        order = sorted(set(order), key=lambda v: (_safe_number(v), v))
    groups: list[tuple[Any, list[int]]] = [(v, members[v]) for v in order if v in members]
    if missing:
        groups.append((None, missing))
    return groups


@bulk
def tally_survey(
    survey: Survey,
    questions: Iterable[str] | None = None,
    *,
    by: str | None = None,
    bins: str | Sequence[Bin] | None = None,
    codings: SurveyCodings | None = None,
    codebook: Any = None,
    open_note: str | None = None,
) -> Table:
    """Tally questions of a survey (see the module docstring).

    Args:
        survey: The survey.
        questions: Question ids or texts (default: every question).
        by: A question or attribute to cross-tabulate against.
        bins: A bin spec (``"0,1-3,4-7,8+"``) or parsed bins: instead of one
            row per category, one row per bin with how many categories had a
            count in it and which.
        codings: One coder's codes, for open questions.
        codebook: The codebook (orders codes in tree order).
        open_note: The note for open questions tallied without ``codings``
            (default: code them with ``survey code``).

    Returns:
        A table with columns ``question, [by], value, n, N, percent,
        mentions_percent, median, share``; with ``bins``: ``question, [by],
        bin, n, categories``.

    Raises:
        NotFound: an unknown question or ``by`` column.
        InvalidArgument: a malformed bin spec, or bins that leave some
            category's count outside every bin.
    """
    chosen = [survey.question(q) for q in questions] if questions else list(survey.questions)
    by_question = survey.question(by, what="question or attribute") if by else None
    parsed_bins = parse_bins(bins) if isinstance(bins, str) else (list(bins) if bins else None)
    by_columns = [by_question.id] if by_question else []
    records: list[tuple[Any, ...]] = []
    notes: list[str] = []
    groups = _groups(survey, by_question)
    for question in chosen:
        cells_all = survey.columns[question.id]
        asked_all = _asked(survey, question)
        if asked_all is not None:
            notes.append(_base_note(survey, question, asked_all))
        per_question = (
            codings.for_question(question.id)
            if codings is not None and question.type == "open"
            else None
        )
        if question.type == "open" and codings is None:
            notes.append(
                f"{question.id}: "
                + (open_note or "open question with no codings (code it with 'survey code')")
            )
        for value, indexes in groups:
            asked = asked_all
            if by_question is not None and len(indexes) == len(cells_all) or by_question is None:
                cells, ids = cells_all, survey.ids
            else:
                cells = [cells_all[i] for i in indexes]
                ids = [survey.ids[i] for i in indexes]
                asked = [asked_all[i] for i in indexes] if asked_all is not None else None
            rows, total, missing = _category_rows(
                question, cells, ids, per_question, codebook, asked
            )
            if per_question is not None and codings is not None and by_question is None:
                uncoded = sum(
                    1 for r, c in zip(ids, cells, strict=True) if c and r not in per_question
                )
                if uncoded:
                    notes.append(
                        f"{question.id}: {uncoded} of {total} answers not coded by {codings.coder}"
                    )
            prefix = (question.id, *([value] if by_question else []))
            if parsed_bins is not None and question.type == "number":
                values = rows[0]["numbers"] if rows else []
                _check_bins_cover(parsed_bins, [{"n": v} for v in values], question.id, "answers")
                for b in parsed_bins:
                    inside = [v for v in values if b.holds(v)]
                    shown_values = [str(_tidy(v)) for v in sorted(set(inside))]
                    records.append((*prefix, b.label, len(inside), shown_values))
                continue
            if parsed_bins is not None:
                _check_bins_cover(parsed_bins, rows, question.id)
                for b in parsed_bins:
                    members = sorted(
                        (str(r["value"]) for r in rows if b.holds(r["n"])),
                        key=lambda v: (fold_text(v), v),
                    )
                    records.append((*prefix, b.label, len(members), members))
                continue
            for r in rows:
                records.append(
                    (
                        *prefix,
                        r["value"],
                        r["n"],
                        r["N"],
                        r["percent"],
                        r.get("mentions"),
                        r.get("mentions_N"),
                        r.get("mentions_percent"),
                        r.get("median"),
                        r.get("mean"),
                        r.get("min"),
                        r.get("max"),
                        _share(r["n"], r["N"]),
                        _mentions_share(r.get("mentions"), r.get("mentions_N")),
                    )
                )
            if missing:
                records.append(
                    (*prefix, None, missing, len(cells), _percent(missing, len(cells)), None, None,
                     None, None, None, None, None, f"{missing} of {len(cells)} missing", None)
                )  # fmt: skip
    if parsed_bins is not None:
        columns = ["question", *by_columns, "bin", "n", "categories"]
        shown = None
    else:
        columns = ["question", *by_columns, *COLUMNS[1:]]
        shown = ["question", *by_columns, "value", "share", "mentions_share", "median"]
        if not any(q.type == "multi" for q in chosen):
            shown.remove("mentions_share")
        if not any(q.type in ("likert", "number") for q in chosen):
            shown.remove("median")
        if any(q.type == "number" for q in chosen):
            shown += ["mean", "min", "max"]
    title = f"Survey {survey.name}: {len(survey.ids)} responses"
    return Table(columns, records, title=title, notes=notes, terminal_columns=shown)
