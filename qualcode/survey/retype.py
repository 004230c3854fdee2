"""``survey retype``: change the type of a stored question (the user's word wins, recorded).

The new type is written to ``survey.yaml`` with ``typed: user`` and a note,
so a later reader knows the type was chosen, not guessed. The answers in
``responses.csv`` are kept; only a question becoming multi-select has its
cells split (on ``separator``, default ``;``) and joined again with a
separator none of its options contains.
"""

from __future__ import annotations

import dataclasses

from qualcode.errors import InvalidArgument
from qualcode.store.project import Project
from qualcode.survey.model import QUESTION_TYPES, Question
from qualcode.survey.question_types import NUMBER
from qualcode.survey.sources import _options, _pick_separator
from qualcode.survey.store import (
    load_codings,
    load_survey,
    save_survey,
    survey_coders,
    survey_lock,
)


def retype_question(
    project: Project,
    name: str,
    question: str,
    new_type: str | None = None,
    *,
    separator: str | None = None,
    base: str | None = None,
    force: bool = False,
) -> Question:
    """Change a stored question's type (and, for a single checkbox, its base).

    Args:
        project: The project.
        name: The survey.
        question: A question id or text.
        new_type: One of ``closed``, ``multi``, ``likert``, ``number``,
            ``open``; None keeps the type (to change only ``base``).
        separator: How the options of a question becoming ``multi`` are
            joined in its cells (default ``;``).
        base: Who was asked a checkbox question: ``all``, a question id, or
            ``none`` (the respondents who answered).
        force: Retype an open question that has codings (they stay on disk but
            are not tallied while the question is not open).

    Returns:
        The question as stored.

    Raises:
        NotFound: no such survey or question.
        InvalidArgument: an unknown type or base; a multi-select question
            retyped to another type; likert or number with answers that are
            not numbers; an open question with codings without ``force``.
        Busy: another command holds the survey.
    """
    with project.lock(survey_lock(name)):  # the survey is re-read inside the lock
        return _retype(project, name, question, new_type, separator, base, force)


def _retype(
    project: Project,
    name: str,
    question: str,
    new_type: str | None,
    separator: str | None,
    base: str | None,
    force: bool,
) -> Question:
    survey = load_survey(project, name)
    q = survey.question(question)
    if q.type == "attribute":
        raise InvalidArgument(
            f"{q.id!r} is an attribute column, not a question",
            hint="re-import the survey without --attr for it",
        )
    kind = new_type or q.type
    if kind not in QUESTION_TYPES:
        raise InvalidArgument(
            f"unknown question type {kind!r}", hint=f"use one of {', '.join(QUESTION_TYPES)}"
        )
    cells = survey.columns[q.id]
    if q.type == "multi" and kind != "multi":
        raise InvalidArgument(
            f"question {q.id!r} is multi-select; its cells join several options",
            hint="re-import the survey with --closed or --open for that column",
        )
    if q.type == "open" and kind != "open" and not force:
        coders = survey_coders(project, name)
        coded = [c for c in coders if load_codings(project, name, c).for_question(q.id)]
        if coded:
            raise InvalidArgument(
                f"open question {q.id!r} of survey {name!r} has codings by {', '.join(coded)}",
                hint="pass --force to retype it anyway (the codings stay, untallied)",
            )
    if kind in ("likert", "number"):
        bad = [c for c in cells if c and not NUMBER.match(c.strip())]
        if bad:
            raise InvalidArgument(
                f"{len(bad)} answers of {q.id!r} are not numbers (e.g. {bad[0]!r})",
                hint="a likert or number question needs numeric answers; use closed",
            )
    options: tuple[str, ...] = ()
    sep = q.separator
    if kind == "multi" and q.type != "multi":
        joined = [[p.strip() for p in c.split(separator or ";") if p.strip()] for c in cells]
        options = tuple(dict.fromkeys(v for vs in joined for v in vs))
        sep = _pick_separator(options)
        cells = [sep.join(vs) for vs in joined]
        survey.columns[q.id] = cells
    elif kind == "multi":
        options = q.options
    elif kind in ("closed", "likert"):
        options = _options(kind, cells)
        sep = None
    else:
        sep = None
    new_base = q.base
    if base is not None:
        if base == "none":
            new_base = None
        elif base == "all" or base in survey.columns and base != q.id:
            new_base = base
        else:
            raise InvalidArgument(
                f"unknown base {base!r}", hint="use all, none or the id of another question"
            )
        if new_base is not None and kind != "multi":
            raise InvalidArgument(
                "--base is for checkbox (multi-select) questions", hint=f"{q.id!r} is {kind}"
            )
    new = dataclasses.replace(
        q, type=kind, options=options, separator=sep, typed="user", base=new_base
    )
    survey.questions = [new if x.id == q.id else x for x in survey.questions]
    change = f"{q.type} -> {kind}" if kind != q.type else f"{kind} kept"
    if base is not None:
        change += f", base {new_base or 'the respondents who answered'}"
    survey.notes.append(f"{q.id} retyped by the user ({change})")
    save_survey(project, survey, replace=True)
    return new


__all__ = ["retype_question"]
