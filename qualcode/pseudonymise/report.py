"""Pseudonymisation reports: what was replaced, per document and per pseudonym.

Reports name pseudonyms and placeholder types only; real names (and the
original text of a replacement) appear only when ``reveal`` is True.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from qualcode.pseudonymise.engine import KINDS, Replacement, Result
from qualcode.pseudonymise.key import Key
from qualcode.table import Table

Results = Sequence[tuple[str, Result]]
"""(document name, result) pairs, in the order they were pseudonymised."""


def _label(rep: Replacement) -> str:
    return f"[{rep.label}]" if rep.kind == "pattern" else rep.label


def summary_table(results: Results, key: Key, *, reveal: bool = False) -> Table:
    """Return one row per document and pseudonym: counts of each kind of replacement.

    Args:
        results: The documents and their results.
        key: The key used (for real names when revealing).
        reveal: Add a ``real`` column with the real name (personal data).

    Returns:
        Columns ``document, pseudonym, [real,] exact, alias, fuzzy, pattern, total``;
        rows sorted by document (in the given order) then pseudonym.
    """
    real = {e.id: e.real for e in key.entries}
    rows = []
    for document, result in results:
        counts: dict[tuple[str, str], Counter[str]] = {}
        for rep in result.replacements:
            group = (_label(rep), rep.entry or "")
            counts.setdefault(group, Counter())[rep.kind] += 1
        for (label, entry), counter in sorted(counts.items()):
            row: list[object] = [document, label]
            if reveal:
                row.append(real.get(entry, ""))
            row.extend(counter[k] for k in KINDS)
            row.append(sum(counter.values()))
            rows.append(tuple(row))
    columns = ["document", "pseudonym", *(["real"] if reveal else []), *KINDS, "total"]
    notes = [f"warning: {doc}: {w}" for doc, result in results for w in result.warnings]
    return Table(columns, rows, title="Pseudonymisation report", notes=notes)


def details_table(results: Results, *, reveal: bool = False, reviews: bool = False) -> Table:
    """Return one row per replacement (or per mention left for review).

    Columns ``document, line, kind, replacement, [original, resembles,] note``.
    """
    rows = []
    for document, result in results:
        for rep in result.reviews if reviews else result.replacements:
            row: list[object] = [document, rep.line, rep.kind, rep.text]
            if reveal:
                row.extend([rep.original, rep.matched])
            row.append(rep.note)
            rows.append(tuple(row))
    columns = [
        "document",
        "line",
        "kind",
        "replacement",
        *(["original", "resembles"] if reveal else []),
        "note",
    ]
    title = "Left for review" if reviews else "Replacements"
    return Table(columns, rows, title=title)


def decisions_table(results: Results, *, reveal: bool = False) -> Table:
    """Return one row per decision made from context (see :class:`~qualcode.pseudonymise.engine.Decision`).

    Columns ``document, line, action, reason, pseudonym, [original]``:
    ``left`` rows are registered names read as ordinary words or places
    (``la peña``), ``replaced`` rows were replaced although they may be
    words (privacy first). A phrase that is not a mention goes into the
    key's ``keep:`` list (``qualcode people keep PHRASE``).
    """
    rows = []
    for document, result in results:
        for decision in result.decisions:
            row: list[object] = [
                document,
                decision.line,
                decision.action,
                decision.reason,
                decision.label,
            ]
            if reveal:
                row.append(decision.original)
            rows.append(tuple(row))
    columns = [
        "document",
        "line",
        "action",
        "reason",
        "pseudonym",
        *(["original"] if reveal else []),
    ]
    notes = (
        ["mark a phrase that is not a person with 'qualcode people keep PHRASE'"] if rows else []
    )
    return Table(columns, rows, title="Decided from context", notes=notes)


def totals(results: Results) -> Counter[str]:
    """Return the number of replacements of each kind over all results."""
    counter: Counter[str] = Counter()
    for _, result in results:
        counter.update(rep.kind for rep in result.replacements)
    return counter


def summary_line(results: Results) -> str:
    """Return a one-line summary, e.g. ``pseudonymised 2 texts: 14 replacements (exact 8, ...)``."""
    counter = totals(results)
    review = sum(len(r.reviews) for _, r in results)
    kinds = ", ".join(f"{k} {counter[k]}" for k in KINDS)
    noun = "text" if len(results) == 1 else "texts"
    line = f"pseudonymised {len(results)} {noun}: {sum(counter.values())} replacements ({kinds})"
    if review:
        line += f"; {review} left for review"
    decided = sum(len(r.decisions) for _, r in results)
    if decided:
        left = sum(d.action == "left" for _, r in results for d in r.decisions)
        line += f"; {decided} decided from context ({left} left as words or places)"
    return line


__all__ = ["decisions_table", "details_table", "summary_line", "summary_table", "totals"]
