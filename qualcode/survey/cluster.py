"""Group near-identical open answers so that a researcher can code a group at once.

Answers are compared after folding case, accents and punctuation, with
rapidfuzz's ``token_set_ratio`` (0-100; 100 when the words of one answer are
all among the words of the other). Each answer joins the first group whose
first answer scores at least ``threshold`` with it, else starts a group
(leader clustering, in survey order, so the result is deterministic).
"""

from __future__ import annotations

import re
import unicodedata

from qualcode.errors import InvalidArgument
from qualcode.survey.model import Question, Survey
from qualcode.table import Table


def _normal(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def cluster_answers(survey: Survey, question: Question, threshold: float = 90.0) -> list[list[str]]:
    """Return groups of response ids with near-identical answers, largest first.

    Args:
        survey: The survey.
        question: The (open) question.
        threshold: Minimum token-set similarity, 0-100.

    Returns:
        Every answered response in exactly one group; groups sorted by size
        (descending), then by their first response's position.

    Raises:
        InvalidArgument: a threshold outside 0-100.
    """
    from rapidfuzz import fuzz, process

    if not 0 <= threshold <= 100:
        raise InvalidArgument(f"threshold {threshold} is not in 0-100", hint="e.g. --threshold 90")
    exact: dict[str, list[str]] = {}
    for rid, cell in zip(survey.ids, survey.columns[question.id], strict=True):
        if cell:
            exact.setdefault(_normal(cell), []).append(rid)
    leaders: list[str] = []
    groups: list[list[str]] = []
    for text, rids in exact.items():
        match = (
            process.extractOne(text, leaders, scorer=fuzz.token_set_ratio, score_cutoff=threshold)
            if leaders and text
            else None
        )
        if match is None:
            leaders.append(text)
            groups.append(list(rids))
        else:
            groups[match[2]].extend(rids)
    position = {rid: i for i, rid in enumerate(survey.ids)}
    for group in groups:
        group.sort(key=position.__getitem__)
    return sorted(groups, key=lambda g: (-len(g), position[g[0]]))


def clusters_table(
    survey: Survey, question: Question, groups: list[list[str]], *, min_size: int = 2
) -> Table:
    """Return groups of at least ``min_size`` answers: group, size, answer (the first), responses."""
    cells = dict(zip(survey.ids, survey.columns[question.id], strict=True))
    rows = [
        (number, len(group), " ".join(cells[group[0]].split()), group)
        for number, group in enumerate(groups, start=1)
        if len(group) >= min_size
    ]
    alone = [rid for g in groups if len(g) < min_size for rid in g]
    notes = []
    if alone:
        shown = ", ".join(alone[:10]) + (f" and {len(alone) - 10} more" if len(alone) > 10 else "")
        notes.append(
            f"{len(alone)} {'answer is' if len(alone) == 1 else 'answers are'} "
            f"unlike any other: {shown}"
        )
    return Table(
        ["group", "size", "answer", "responses"],
        rows,
        title=f"Similar answers in {survey.name} {question.id}",
        notes=notes,
    )
