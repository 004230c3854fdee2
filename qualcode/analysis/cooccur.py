"""Code co-occurrence and the matrix coding query.

Co-occurrence counts, for each pair of codes (each with its descendants), the
units in which both occur:

* ``segment``: the units are each code's segments as :mod:`qualcode.analysis.tally`
  counts them (the code or a descendant; overlapping spans of the code by
  one coder merged into one segment). The cell in row A, column B is the
  number of A's segments that overlap (share at least one character with)
  at least one segment of B in the same document, by any coder. The
  diagonal is therefore A's tally segment count, and the matrix is not
  symmetric (three short B segments inside one long A segment give A→B 1
  and B→A 3). No cell depends on which other codes are selected;
* ``paragraph``: a unit is a paragraph (text between blank lines) that a
  segment of the code overlaps;
* ``document``: a unit is a document.

The diagonal holds the number of units with the code. Jaccard similarity is
``|A ∩ B| / |A ∪ B|`` over the same units (Jaccard 1901), 3 decimals; for
``segment``, the items are the segments of A and of B and the intersection
is those that overlap the other code: ``(AB + BA) / (AA + BB)``.

The matrix coding query (as in NVivo) crosses codes with documents,
participants or an attribute's values; its cells are code-frequency counts
(:mod:`qualcode.analysis.tally`) of one unit.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import repeat
from operator import gt
from typing import Any

from qualcode.analysis.corpus import Corpus, check_attribute
from qualcode.analysis.tally import check_unit, tally
from qualcode.codebook.tree import Codebook
from qualcode.errors import InvalidArgument
from qualcode.table import Table

COOCCUR_UNITS = ("segment", "paragraph", "document")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraph_starts(body: str) -> list[int]:
    """Return the 0-based start offsets of the body's paragraphs (blank-line separated)."""
    return [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(body))]


def check_cooccur_unit(unit: str) -> str:
    """Return ``unit`` (plural accepted) if it is segment, paragraph or document.

    Raises:
        InvalidArgument: otherwise.
    """
    normal = unit[:-1] if unit.endswith("s") else unit
    if normal not in COOCCUR_UNITS:
        raise InvalidArgument(f"unknown unit {unit!r}", hint="use segment, paragraph or document")
    return normal


def segment_pairs(by_code: dict[int, list[Sequence[Any]]], pairs: list[list[int]]) -> None:
    """Add one document's segment co-occurrences to ``pairs`` (in place).

    Args:
        by_code: Selected code index -> the document's segments of that code
            (or a descendant) as ``(start, end, code, coder)``, sorted by start
            (character offsets, end exclusive).
        pairs: ``pairs[a][b]`` gains the number of code ``a``'s merged segments
            that overlap a segment of code ``b`` (any coder); ``pairs[a][a]``
            gains code ``a``'s merged segments (the tally count).
    """
    # Spans come in start order, so each code's merged segments (per coder) and
    # its union (every coder; spans that only touch stay apart) come out sorted.
    merged: dict[int, tuple[list[int], list[int]]] = {}
    unions: dict[int, tuple[list[int], list[int]]] = {}
    for a, spans in by_code.items():
        starts: list[int] = []
        ends: list[int] = []
        open_at: dict[str, int] = {}  # coder -> index of its open merged segment
        union_starts = [-1]  # -1: a sentinel before everything
        union_ends = [-1]
        for start, end, _, coder in spans:
            at = open_at.get(coder)
            if at is None or start >= ends[at]:
                open_at[coder] = len(ends)
                starts.append(start)
                ends.append(end)
            elif end > ends[at]:
                ends[at] = end
            if start < union_ends[-1]:
                if end > union_ends[-1]:
                    union_ends[-1] = end
            else:
                union_starts.append(start)
                union_ends.append(end)
        merged[a] = (starts, ends)
        unions[a] = (union_starts, union_ends)
        pairs[a][a] += len(starts)
    if len(merged) < 2:
        return
    for b, (union_starts, union_ends) in unions.items():
        # [s, e) meets b's union when more of b's pieces start before e than end
        # at or before s (both sorted; the sentinel counts on both sides).
        for a, (starts, ends) in merged.items():
            if a != b:
                began = map(bisect.bisect_left, repeat(union_starts), ends)
                over = map(bisect.bisect_right, repeat(union_ends), starts)
                pairs[a][b] += sum(map(gt, began, over))


def cooccurrence(
    corpus: Corpus,
    book: Codebook,
    codes: Sequence[str] | None = None,
    *,
    unit: str = "segment",
    jaccard: bool = False,
) -> Table:
    """Return the code × code co-occurrence matrix.

    Args:
        corpus: The corpus (with text for ``paragraph``).
        book: The codebook.
        codes: Code paths for the rows and columns (default: the top-level codes).
        unit: ``segment``, ``paragraph`` or ``document``.
        jaccard: Cells hold Jaccard similarity instead of counts.

    Returns:
        A table with a ``code`` column and one column per code path; the
        notes name the unit and how many units there are.

    Raises:
        InvalidArgument: an unknown unit.
    """
    unit = check_cooccur_unit(unit)
    selected = list(codes) if codes else [c.path for c in book.roots()]
    owners: dict[str, list[int]] = {}

    def owners_of(code: str) -> list[int]:
        return [i for i, sel in enumerate(selected) if code == sel or code.startswith(sel + "/")]

    units: list[set[int]] = []
    size = len(selected)
    pairs = [[0] * size for _ in range(size)]
    # Usually no selected code contains another, and a segment counts for one of them at most.
    nested = any(a != b and b.startswith(a + "/") for a in selected for b in selected)
    single: dict[str, int] = {}  # code -> the one selected code it counts for (-1: none)
    for doc_id, doc_spans in corpus.spans():
        by_code: dict[int, list[Sequence[Any]]] = {}
        if not nested:
            buckets: list[list[Sequence[Any]]] = [[] for _ in range(size)]
            for span in doc_spans:
                i = single.get(span[2])
                if i is None:
                    i = single[span[2]] = (owners_of(span[2]) or [-1])[0]
                if i >= 0:
                    buckets[i].append(span)
            by_code = {i: found for i, found in enumerate(buckets) if found}
        else:
            for span in doc_spans:
                code = span[2]
                mine = owners.get(code)
                if mine is None:
                    mine = owners[code] = owners_of(code)
                for i in mine:
                    found = by_code.get(i)
                    if found is None:
                        by_code[i] = [span]
                    else:
                        found.append(span)
        if not by_code:
            continue
        if unit == "document":
            units.append(set(by_code))
        elif unit == "segment":
            segment_pairs(by_code, pairs)
        else:
            doc = corpus.document(doc_id)
            starts = paragraph_starts(doc.body if doc else "")
            paragraphs: dict[int, set[int]] = defaultdict(set)
            for i, spans in by_code.items():
                for start, stop, _, _ in spans:
                    first = bisect.bisect_right(starts, start) - 1
                    last = bisect.bisect_right(starts, max(start, stop - 1)) - 1
                    for number in range(first, last + 1):
                        paragraphs[number].add(i)
            units += [paragraphs[n] for n in sorted(paragraphs)]
    matrix = pairs
    for members in units:
        for a in members:
            for b in members:
                matrix[a][b] += 1
    rows = []
    for a, path in enumerate(selected):
        cells: list[object] = []
        for b in range(size):
            both = matrix[a][b]
            if jaccard:
                if unit == "segment":
                    both = matrix[a][b] + matrix[b][a]
                    union = matrix[a][a] + matrix[b][b]
                else:
                    union = matrix[a][a] + matrix[b][b] - both
                cells.append(round(both / union, 3) if union else 0.0)
            else:
                cells.append(both)
        rows.append((path, *cells))
    what = "Jaccard similarity" if jaccard else "co-occurrence counts"
    if unit == "segment":
        notes = [
            f"{what} of segments (as 'qualcode tally' counts them; each code includes its "
            "descendants): a cell counts the row code's segments that overlap at least one "
            "segment of the column code (any coder); the diagonal is the row code's segments."
        ]
    else:
        notes = [
            f"{what} over {len(units)} {unit}{'s' if len(units) != 1 else ''} coded with any of "
            "these codes (each code includes its descendants; the diagonal counts the code's "
            "own units)."
        ]
    if corpus.stale_rows:
        notes.append(f"{len(corpus.stale_rows)} stale segments left out.")
    if corpus.coder_note:
        notes.append(corpus.coder_note)
    return Table(
        ("code", *selected), rows, title=f"Code co-occurrence by {unit}", notes=notes, matrix=True
    )


def matrix_query(
    corpus: Corpus,
    book: Codebook,
    *,
    cols: str,
    unit: str = "segments",
    codes: Sequence[str] | None = None,
    depth: int | None = None,
) -> Table:
    """Return the matrix coding query: codes × documents, participants or attribute values.

    Args:
        corpus: The corpus.
        book: The codebook.
        cols: ``documents``, ``participants`` (a participant's column counts
            the segments of their speaker turns: the counting rule of
            :mod:`qualcode.analysis.tally`), ``speakers`` (interviewer
            included), ``kind``, ``coder`` or a document attribute.
        unit: What a cell counts: ``segments``, ``documents`` or ``participants``
            (rolled up as in :func:`qualcode.analysis.tally.tally`).
        codes: Only these codes (with descendants) as rows.
        depth: Only codes this deep as rows.

    Returns:
        A table with ``code`` then one integer column per value, then ``all``.

    Raises:
        InvalidArgument: ``cols`` is no document field or attribute.
    """
    unit = check_unit(unit)
    by = {
        "documents": "id",
        "document": "id",
        "participants": "participant",
        "speakers": "speaker",
    }.get(cols, cols)
    if by not in ("kind", "participant", "speaker", "coder", "id") and corpus.documents:
        check_attribute(corpus.documents, by, "--cols")
    result = tally(corpus, book, by=by, depth=depth)
    wanted = list(codes or [])
    cells: dict[str, dict[str | None, int]] = defaultdict(dict)
    for count in result.counts:
        if wanted and not any(count.code == w or count.code.startswith(w + "/") for w in wanted):
            continue
        cells[count.code][count.group] = getattr(count, unit)
    rows = [
        (path, *(values.get(g, 0) for g in result.groups), getattr(result.overall[path], unit))
        for path, values in cells.items()
    ]
    notes = [f"Cells count {unit}; a code includes its descendants.", *result.notes()[1:]]
    return Table(
        ("code", *result.groups, "all"),
        rows,
        title=f"Matrix: codes × {cols} ({unit})",
        notes=notes,
        matrix=True,
    )
