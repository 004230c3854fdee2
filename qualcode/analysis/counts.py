"""Code counts per document: the numbers that tallies and the matrix add up.

A code's count in one document depends only on that document's segments:
for each coder and each code, the number of *merged* segments coded with the
code or a descendant (overlapping spans of one coder merge, the rule of
:mod:`qualcode.analysis.tally`), and the number of merged segments coded with
exactly that code (``own``). :func:`document_counts` computes them for one
document. :class:`CodeCounts` holds them for a corpus as columns, one array
per coder and code with one entry per document (in id order), plus the sums
over every coder (coder :data:`ALL_CODERS`).

Counting a corpus is then adding up columns over the documents in scope,
which is fast however many segments there are. The index keeps the columns
(:mod:`qualcode.analysis.index`), and :meth:`CodeCounts.from_rows` builds the
same columns from segments read from the files: both give the same numbers,
so no result depends on the cache.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from operator import add
from typing import Any

ALL_CODERS = "*"
"""The coder key of the columns that sum every coder (``*`` is no valid coder name)."""

TYPECODE = "i"
"""The array type of a column (signed 32-bit counts)."""

Span = Sequence[Any]
"""A segment as ``(start, end, code, coder)`` (0-based characters, end exclusive)."""


def credited(code: str) -> list[str]:
    """Return the codes a segment of ``code`` counts for: itself, then its ancestors.

    The result is shared between calls (do not change it).
    """
    found = _CREDITED.get(code)
    if found is None:
        parts = code.split("/")
        found = _CREDITED[code] = ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]
    return found


_CREDITED: dict[str, list[str]] = {}


def document_counts(spans: Iterable[Span]) -> dict[tuple[str, str], list[int]]:
    """Count one document's merged segments per coder and code, rolled up the tree.

    Args:
        spans: The document's current segments as ``(start, end, code, coder)``,
            in canonical order (start, end, code, coder) and unique.

    Returns:
        ``(coder, code) -> [segments, own]`` for every code a segment counts
        for (its code and each ancestor, by path): ``segments`` merges the
        coder's overlapping spans of the code's whole subtree (a span starting
        where the previous one ends is a new segment), ``own`` those coded with
        exactly that code.
    """
    by_coder: dict[str, list[Span]] = {}
    for span in spans:
        mine = by_coder.get(span[3])
        if mine is None:
            by_coder[span[3]] = [span]
        else:
            mine.append(span)
    found: dict[tuple[str, str], list[int]] = {}
    for coder, mine in by_coder.items():
        ends: dict[str, int] = {}  # the end of the open merged segment (subtree)
        own_ends: dict[str, int] = {}  # the same for the code alone
        segments: dict[str, int] = {}
        own: dict[str, int] = {}
        for start, end, code, _ in mine:
            paths = credited(code)
            last = own_ends.get(code, -1)
            if start >= last:
                own_ends[code] = end
                own[code] = own.get(code, 0) + 1
            elif end > last:
                own_ends[code] = end
            for path in paths:
                last = ends.get(path, -1)
                if start >= last:
                    ends[path] = end
                    segments[path] = segments.get(path, 0) + 1
                elif end > last:
                    ends[path] = end
        for path, count in segments.items():
            found[(coder, path)] = [count, own.get(path, 0)]
    return found


Column = tuple[array, array]
"""``(segments, own)``: one count per document, in the order of :attr:`CodeCounts.documents`."""


class CodeCounts:
    """Per-document counts of a whole corpus, as columns.

    Attributes:
        documents: The document ids, sorted: position ``i`` of every array
            is document ``documents[i]``.
        position: Document id -> its position.
        columns: Coder (or :data:`ALL_CODERS`) -> code path -> :data:`Column`;
            a code a coder never used has no column (its counts are 0).
    """

    def __init__(self, documents: list[str], columns: dict[str, dict[str, Column]]) -> None:
        self.documents = documents
        self.position = {doc_id: i for i, doc_id in enumerate(documents)}
        self.columns = columns

    @classmethod
    def from_document_counts(
        cls,
        documents: list[str],
        per_document: Iterable[tuple[str, Iterable[tuple[str, str, int, int]]]],
    ) -> CodeCounts:
        """Return the columns of per-document counts.

        Args:
            documents: Every document id, sorted.
            per_document: ``(document id, [(coder, code, segments, own), ...])``
                for the documents that have counts (each at most once).
        """
        size = len(documents)
        position = {doc_id: i for i, doc_id in enumerate(documents)}
        zeros = array(TYPECODE, bytes(size * array(TYPECODE).itemsize))
        columns: dict[str, dict[str, Column]] = {}
        for doc_id, entries in per_document:
            at = position[doc_id]
            for coder, code, segments, own in entries:
                by_code = columns.get(coder)
                if by_code is None:
                    by_code = columns[coder] = {}
                column = by_code.get(code)
                if column is None:
                    column = by_code[code] = (zeros[:], zeros[:])
                column[0][at] += segments
                column[1][at] += own
        # Every coder's sum, column by column (in C: map over whole arrays).
        totals: dict[str, Column] = {}
        for by_code in columns.values():
            for code, (segments, own) in by_code.items():
                total = totals.get(code)
                if total is None:
                    totals[code] = (segments[:], own[:])
                else:
                    totals[code] = (
                        array(TYPECODE, map(add, total[0], segments)),
                        array(TYPECODE, map(add, total[1], own)),
                    )
        columns[ALL_CODERS] = totals
        return cls(documents, columns)

    @classmethod
    def from_rows(cls, documents: list[str], rows: Iterable[Sequence[Any]]) -> CodeCounts:
        """Return the counts of current segment rows (``(document, start, end, code, coder, ...)``).

        Args:
            documents: Every document id, sorted.
            rows: Rows in canonical order (by document, then start, end, code,
                coder), unique, as :class:`qualcode.analysis.corpus.Corpus` keeps them.
        """

        def per_document() -> Iterable[tuple[str, list[tuple[str, str, int, int]]]]:
            current: Any = None
            spans: list[Sequence[Any]] = []
            for row in rows:
                if row[0] != current:
                    if spans:
                        yield str(current), flatten(document_counts(spans))
                    current, spans = row[0], []
                spans.append(row[1:5])
            if spans:
                yield str(current), flatten(document_counts(spans))

        return cls.from_document_counts(documents, per_document())

    def column(self, coder: str, code: str) -> Column | None:
        """Return the counts of ``code`` by ``coder`` (or :data:`ALL_CODERS`), None when unused."""
        by_code = self.columns.get(coder)
        return None if by_code is None else by_code.get(code)

    def codes(self, coder: str, positions: Sequence[int] | None = None) -> list[str]:
        """Return the codes ``coder`` applied itself (``own`` above 0) in the documents at ``positions``.

        Args:
            coder: A coder or :data:`ALL_CODERS`.
            positions: Document positions (None: every document).
        """
        by_code = self.columns.get(coder, {})
        if positions is None:
            return [code for code, (_, own) in by_code.items() if any(own)]
        return [code for code, (_, own) in by_code.items() if any(map(own.__getitem__, positions))]

    def coders(self, positions: Sequence[int] | None = None) -> list[str]:
        """Return the coders with a segment in the documents at ``positions`` (None: all), sorted."""
        return sorted(
            coder for coder in self.columns if coder != ALL_CODERS and self.codes(coder, positions)
        )


def flatten(found: dict[tuple[str, str], list[int]]) -> list[tuple[str, str, int, int]]:
    """Return :func:`document_counts` as ``(coder, code, segments, own)`` tuples (its order)."""
    return [(coder, code, counts[0], counts[1]) for (coder, code), counts in found.items()]
