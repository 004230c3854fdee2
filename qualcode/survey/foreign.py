"""Recognise exports of other tools that are tables but not surveys, and say what they are.

A Taguette highlights export (``id, document, tag, content``: one row per
highlight and tag) read as a survey gives 97 "responses" where there are 80
highlights; a codebook or a codings file read as a survey is as wrong.
:func:`recognise` names such a file from its header so that ``survey import``
can refuse it and point at the importer that reads it.

Recognised: Taguette highlights and codebook exports, MAXQDA's coded-segments
export, QualCoder's coded-text export, and qualcode's own survey codings file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EXCHANGE_HINT = (
    "import it with the exchange importer, 'qualcode import-project FILE' (see docs/exchange.md)"
)


@dataclass(frozen=True)
class Foreign:
    """A recognised export that is not a survey.

    Attributes:
        kind: Short name, e.g. ``taguette-highlights``.
        description: What the file is, with its counts, for the error message.
        hint: Which command reads it.
    """

    kind: str
    description: str
    hint: str


def _fold(cell: str) -> str:
    return " ".join(cell.strip().lower().split())


def recognise(rows: Sequence[Sequence[str]]) -> Foreign | None:
    """Return what the table is when it is another tool's export, not a survey.

    Args:
        rows: The raw rows, header first.

    Returns:
        The :class:`Foreign` description, or None for anything that may be a survey.
    """
    if not rows:
        return None
    header = [_fold(c) for c in rows[0]]
    heads = set(header)
    data = rows[1:]
    if header[:4] == ["id", "document", "tag", "content"]:
        ids = {r[0].strip() for r in data if r}
        docs = {r[1].strip() for r in data if len(r) > 1}
        tags = {r[2].strip() for r in data if len(r) > 2}
        return Foreign(
            "taguette-highlights",
            f"a Taguette highlights export ({len(ids)} highlights in {len(data)} rows, "
            f"one row per tag; {len(docs)} documents, {len(tags)} tags), not a survey",
            f"{EXCHANGE_HINT}, which reads the highlights as codings; "
            "--source plain reads it as a table anyway",
        )
    if header[:2] == ["tag", "description"] and "number of highlights" in heads:
        return Foreign(
            "taguette-codebook",
            f"a Taguette codebook export ({len(data)} tags), not a survey",
            "import it with 'qualcode codebook import'",
        )
    if header == ["question", "response", "codes"]:
        return Foreign(
            "qualcode-survey-codings",
            "a qualcode survey codings file (question, response, codes), not a survey",
            "copy it to fieldnotes/surveys/NAME/codings/CODER.csv of the survey it codes",
        )
    if {"document name", "code", "segment"} <= heads and ({"begin", "beginning"} & heads):
        return Foreign(
            "maxqda-coded-segments",
            f"a MAXQDA coded-segments export ({len(data)} segments), not a survey",
            EXCHANGE_HINT,
        )
    if {"codename", "coder", "text"} <= heads and ({"pos0", "start"} & heads):
        return Foreign(
            "qualcoder-coded-text",
            f"a QualCoder coded-text export ({len(data)} codings), not a survey",
            EXCHANGE_HINT,
        )
    return None


__all__ = ["EXCHANGE_HINT", "Foreign", "recognise"]
