"""Code frequency: how many segments, documents and participants each code has.

Counting rules (docs/scripting.md states them for readers of the tables):

* A code's count covers the code **and every descendant**: it is the number of
  distinct units coded with any of them, never the sum of its children's
  counts. A span coded with two children is one segment of the parent; a
  document coded ten times is one document.
* Segments are counted per coder. Overlapping (or identical) spans of the same
  code by the same coder in the same document are merged into one segment;
  for a parent, every segment of its subtree takes part in that merge.
  ``own_segments`` counts the merged segments coded with exactly this code.
* A code's participants are the distinct participants of its documents.
* Percentages are of the documents (participants) in scope, after
  ``--where``/``--kind`` filters, and the denominator is always reported.
* Stale segments (their text changed, :func:`qualcode.analysis.corpus.current_segments`)
  are left out, and the table's notes say how many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from itertools import compress
from operator import or_
from typing import TYPE_CHECKING, NamedTuple

from qualcode.analysis.corpus import Corpus, check_attribute
from qualcode.analysis.counts import ALL_CODERS, credited
from qualcode.codebook.tree import Codebook
from qualcode.errors import InvalidArgument
from qualcode.store.filters import document_values
from qualcode.table import Table

if TYPE_CHECKING:
    from qualcode.models import Document

UNITS = ("segments", "documents", "participants")
_ALL = "\x00all"  # the hidden group of every segment, for the "all" column
NONE_VALUE = "(none)"
"""The group of documents that have no value for a ``--by`` attribute."""


class Count(NamedTuple):
    """The counts of one code (in one group, with ``--by``); a named tuple (cheap to make).

    Attributes:
        code: The code path.
        group: The ``--by`` value, or None without ``--by``.
        segments: Distinct merged segments coded with the code or a descendant.
        own_segments: Distinct merged segments coded with exactly this code.
        documents: Distinct documents coded with the code or a descendant.
        participants: Distinct participants of those documents (with ``--by
            participant``: 1 when that participant's documents are coded).
        documents_total: Documents in scope (in the group): the denominator.
        participants_total: Participants in scope (in the group): the denominator.
    """

    code: str
    group: str | None
    segments: int
    own_segments: int
    documents: int
    participants: int
    documents_total: int
    participants_total: int

    @property
    def documents_pct(self) -> float | None:
        """Percentage of documents, one decimal, None when there are none."""
        return percent(self.documents, self.documents_total)

    @property
    def participants_pct(self) -> float | None:
        """Percentage of participants, one decimal, None when there are none."""
        return percent(self.participants, self.participants_total)


def percent(count: int, total: int) -> float | None:
    """Return ``100 * count / total`` rounded to one decimal (None when ``total`` is 0)."""
    return round(100.0 * count / total, 1) if total else None


def of(count: int, total: int, noun: str = "") -> str:
    """Return ``"5 of 14 documents, 35.7%"`` (``noun`` optional; ``"0 of 0"`` when empty)."""
    pct = percent(count, total)
    noun = f" {noun}" if noun else ""
    return f"{count} of {total}{noun}" + ("" if pct is None else f", {pct:.1f}%")


@dataclass(frozen=True)
class Tally:
    """A code-frequency result.

    Attributes:
        counts: One :class:`Count` per row code (per group with ``by``), in
            codebook tree order (then group order); codes found in codings
            but not in the codebook come last, in path order.
        by: The ``--by`` key, or None.
        groups: The ``--by`` values, sorted (``(none)`` last).
        documents_total: Documents in scope overall.
        participants_total: Distinct participants in scope overall.
        stale: Stale segments left out (with ``code``: of that code's subtree).
        unknown: Codes used in codings but missing from the codebook.
        book: The codebook (for labels and depths).
        overall: With ``by``, the counts without grouping, by code path.
    """

    counts: list[Count]
    by: str | None
    groups: list[str]
    documents_total: int
    participants_total: int
    stale: int
    unknown: list[str]
    book: Codebook
    overall: dict[str, Count]

    def notes(self) -> list[str]:
        """Return the lines that explain the table (denominators, rules, stale segments)."""
        lines = [
            f"In scope: {self.documents_total} documents, {self.participants_total} participants "
            "(the denominators of the percentages"
            + (
                f"; per {self.by} value, that value's documents and participants)"
                if self.by
                else ")"
            ),
            "A parent counts each distinct segment, document and participant of its subtree once; "
            "overlapping segments of one code by one coder count as one.",
        ]
        if not self.by:
            lines.append("own: segments coded with exactly this code (not through a descendant).")
        if self.stale:
            lines.append(
                f"{self.stale} stale segment{'s' if self.stale != 1 else ''} left out "
                "(the text changed since coding; run 'qualcode check')."
            )
        if self.unknown:
            lines.append("Not in the codebook: " + ", ".join(self.unknown) + ".")
        return lines

    def _depth(self, path: str) -> int:
        code = self.book.codes.get(path)
        return code.depth if code else path.count("/") + 1

    def _label(self, path: str) -> str:
        code = self.book.codes.get(path)
        return code.label if code else ""

    def table(self) -> Table:
        """Return the machine-readable table (CSV/JSON): one row per code (and ``by`` value).

        Columns: ``code``, ``label``, ``depth``, [the ``by`` key], ``segments``,
        ``own_segments``, ``documents``, ``documents_total``, ``documents_pct``,
        ``participants``, ``participants_total``, ``participants_pct``.
        """
        columns = ["code", "label", "depth"]
        if self.by:
            columns.append(self.by)
        columns += [
            "segments",
            "own_segments",
            "documents",
            "documents_total",
            "documents_pct",
            "participants",
            "participants_total",
            "participants_pct",
        ]
        rows = []
        for c in self.counts:
            row: list[object] = [c.code, self._label(c.code), self._depth(c.code)]
            if self.by:
                row.append(c.group)
            row += [
                c.segments,
                c.own_segments,
                c.documents,
                c.documents_total,
                c.documents_pct,
                c.participants,
                c.participants_total,
                c.participants_pct,
            ]
            rows.append(tuple(row))
        return Table(columns, rows, title=self._title(), notes=self.notes())

    def _title(self) -> str:
        title = "Code frequency"
        return title + (f" by {self.by}" if self.by else "")

    def display_table(self, unit: str = "segments", *, full_paths: bool = False) -> Table:
        """Return the table for people (terminal and Markdown).

        Without ``by``: the code tree (indented) with segments, own segments,
        documents and participants as ``n (p%)`` under a heading that names
        the denominator (``docs of 14``).
        With ``by``: a cross-tab of ``unit`` with one column per value and one
        for all; documents and participants cells read ``n of N, p%``.

        ``full_paths`` shows each code's full path instead of an indented
        name (Markdown renderers drop the indentation).

        Raises:
            InvalidArgument: an unknown ``unit``.
        """
        check_unit(unit)
        if not self.by:
            columns = (
                "code",
                "segments",
                "own",
                f"docs of {self.documents_total}",
                f"participants of {self.participants_total}",
            )
            rows = [
                (
                    c.code if full_paths else _indented(c.code, self._depth(c.code)),
                    c.segments,
                    c.own_segments,
                    _with_pct(c.documents, c.documents_pct),
                    _with_pct(c.participants, c.participants_pct),
                )
                for c in self.counts
            ]
            return Table(columns, rows, title=self._title(), notes=self.notes())
        by_code: dict[str, dict[str | None, Count]] = defaultdict(dict)
        for c in self.counts:
            by_code[c.code][c.group] = c
        columns = ("code", *self.groups, "all")
        rows = []
        for path, cells in by_code.items():
            row: list[object] = [path if full_paths else _indented(path, self._depth(path))]
            for group in self.groups:
                row.append(_cell(cells[group], unit))
            row.append(_cell(self.overall[path], unit))
            rows.append(tuple(row))
        title = f"{self._title()}: {unit}"
        return Table(columns, rows, title=title, notes=self.notes())


def _indented(path: str, depth: int) -> str:
    # No-break spaces: Markdown keeps them, so the tree shows in a pasted table too.
    return "\u00a0\u00a0" * (depth - 1) + path.rsplit("/", 1)[-1]


def _with_pct(count: int, pct: float | None) -> str:
    return str(count) if pct is None else f"{count} ({pct:.1f}%)"


def _cell(count: Count, unit: str) -> object:
    if unit == "segments":
        return count.segments
    if unit == "documents":
        return of(count.documents, count.documents_total)
    return of(count.participants, count.participants_total)


def check_unit(unit: str) -> str:
    """Return ``unit`` if it is one of :data:`UNITS` (singular accepted).

    Raises:
        InvalidArgument: otherwise.
    """
    normal = unit if unit.endswith("s") else unit + "s"
    if normal not in UNITS:
        raise InvalidArgument(
            f"unknown unit {unit!r}", hint="use segments, documents or participants"
        )
    return normal


class Plan:
    """What a tally counts: its groups, their documents and denominators, and its row codes.

    Made by :func:`plan`, read by :func:`tally` and by the matrix coding query
    (:func:`qualcode.analysis.cooccur.matrix_query`), so that both count alike.

    Attributes:
        by: The normalised ``--by`` key, or None.
        groups: The ``--by`` values, sorted (``(none)`` last); ``[""]`` without ``by``.
        counted: ``(group, document positions, coder key)`` for each group
            counted, and with ``by`` a last one, :data:`_ALL`, of every document.
        group_docs: Group -> the ids of its documents (the denominators).
        group_people: Group -> its participants.
        rows: The row code paths, in order (codebook tree order, then unknown codes).
        unknown: Codes used in codings but missing from the codebook.
        masks: Document position -> its participants as the bits of one int.
        every: The number of documents of the counts (a group this large is all of them).
    """

    def __init__(
        self, corpus: Corpus, book: Codebook, by: str | None, code: str | None, depth: int | None
    ) -> None:
        docs = corpus.documents
        group_docs: dict[str, set[str]] = defaultdict(set)
        group_people: dict[str, set[str]] = defaultdict(set)
        all_people: set[str] = set()
        for doc in docs:
            all_people.update(doc.participants)
            if by is None:
                values = [""]
            elif by == "coder":
                continue
            elif by == "participant":
                values = list(doc.participants) or [NONE_VALUE]
            else:
                values = document_values(doc, by) or [NONE_VALUE]
            for value in values:
                group_docs[value].add(doc.id)
                if by == "participant":
                    if value != NONE_VALUE:
                        group_people[value].add(value)
                else:
                    group_people[value].update(doc.participants)
        if by == "coder":
            for coder in corpus.coders():
                group_docs[coder] = {d.id for d in docs}
                group_people[coder] = set(all_people)
        if by:
            groups = sorted((g for g in group_docs if g != NONE_VALUE), key=str.casefold)
            if NONE_VALUE in group_docs:
                groups.append(NONE_VALUE)
        else:
            groups = [""]

        # Each cell adds up per-document counts (qualcode.analysis.counts): the
        # merged segments of a code's subtree per coder in one document do not
        # depend on the grouping, so a group's count is the sum over its documents.
        self.counts = corpus.counts
        base = corpus.coder if corpus.coder is not None else ALL_CODERS
        positions = corpus.positions()
        used = self.counts.codes(base, positions)
        unknown = sorted({p for c in used for p in credited(c) if p not in book.codes})
        at = {d.id: i for d, i in zip(docs, positions, strict=True)}
        if by == "coder":
            counted = [(g, positions, g) for g in groups]
        elif by:
            counted = [(g, sorted(at[d] for d in group_docs[g]), base) for g in groups]
        else:
            counted = [("", positions, base)]
        if by:
            counted.append((_ALL, positions, base))
        group_docs[_ALL if by else ""] = {d.id for d in docs}
        group_people[_ALL if by else ""] = all_people
        rows = [c.path for c in book if depth is None or c.depth <= depth]
        rows += [p for p in unknown if depth is None or p.count("/") < depth]
        if code is not None:
            rows = [p for p in rows if p == code or p.startswith(code + "/")]

        self.by = by
        self.groups = groups
        self.counted: list[tuple[str, list[int], str]] = counted
        self.group_docs = group_docs
        self.group_people = group_people
        self.rows = rows
        self.unknown = unknown
        self.masks = _participant_masks(docs, positions)
        self.every = len(self.counts.documents)
        self._all_masks = [self.masks.get(i, 0) for i in range(self.every)]

    def cell(self, path: str, group: str, at_group: list[int], key: str) -> Count:
        """Return the counts of code ``path`` in one counted group."""
        column = self.counts.column(key, path)
        if column is None:
            segments = own = documents = persons = 0
        else:
            if len(at_group) == self.every:  # every document: whole columns, no gather
                values, own_values, people_of = column[0], column[1], self._all_masks
            else:
                values = list(map(column[0].__getitem__, at_group))
                own_values = map(column[1].__getitem__, at_group)
                people_of = map(self.masks.__getitem__, at_group)
            segments = sum(values)
            own = sum(own_values)
            documents = len(values) - values.count(0)
            if not documents:
                persons = 0
            elif self.by == "participant" and group != _ALL:
                persons = 1 if group != NONE_VALUE else 0
            else:
                persons = reduce(or_, compress(people_of, values), 0).bit_count()
        return Count(
            path,
            None if not self.by or group == _ALL else group,
            segments,
            own,
            documents,
            persons,
            len(self.group_docs.get(group, ())),
            len(self.group_people.get(group, ())),
        )

    def result(
        self,
        corpus: Corpus,
        book: Codebook,
        code: str | None,
        counts: list[Count],
        overall: dict[str, Count],
    ) -> Tally:
        """Return the :class:`Tally` of these counts."""
        return Tally(
            counts=counts,
            by=self.by,
            groups=self.groups if self.by else [],
            documents_total=len(corpus.documents),
            participants_total=len(self.group_people[_ALL if self.by else ""]),
            stale=sum(
                1
                for r in corpus.stale_rows
                if code is None or r[3] == code or r[3].startswith(code + "/")
            ),
            unknown=self.unknown,
            book=book,
            overall=overall,
        )


def plan(
    corpus: Corpus,
    book: Codebook,
    *,
    by: str | None = None,
    code: str | None = None,
    depth: int | None = None,
) -> Plan:
    """Return the :class:`Plan` of a tally (arguments as for :func:`tally`).

    Raises:
        InvalidArgument: as :func:`tally`.
    """
    if depth is not None and depth < 1:
        raise InvalidArgument("--depth must be 1 or more", hint="1 shows the top-level codes")
    by = {"participants": "participant"}.get(by or "", by) or None
    docs = corpus.documents
    if by not in (None, "kind", "participant", "coder", "id") and docs:
        check_attribute(docs, by, "--by")
    return Plan(corpus, book, by, code, depth)


def tally(
    corpus: Corpus,
    book: Codebook,
    *,
    by: str | None = None,
    code: str | None = None,
    depth: int | None = None,
) -> Tally:
    """Count segments, documents and participants per code, rolled up the tree.

    Args:
        corpus: The (filtered) corpus; stale segments are left out and counted.
        book: The codebook; its tree gives the rows and the roll-up.
        by: Cross-tabulate by ``kind``, ``participant`` (a document's segments
            count for each of its participants), ``coder``, ``id`` (one group
            per document), or a document attribute.
        code: Only this code path and its descendants as rows.
        depth: Only codes at most this deep (1 = top level) as rows; counts
            still include deeper descendants.

    Returns:
        The :class:`Tally`.

    Raises:
        InvalidArgument: ``depth`` below 1, or ``by`` neither a document
            field nor any document's attribute.
    """
    how = plan(corpus, book, by=by, code=code, depth=depth)
    counts = []
    overall: dict[str, Count] = {}
    for path in how.rows:
        for group, at_group, key in how.counted:
            count = how.cell(path, group, at_group, key)
            if group == _ALL:
                overall[path] = count
            else:
                counts.append(count)
    return how.result(corpus, book, code, counts, overall)


def _participant_masks(docs: Sequence[Document], positions: Sequence[int]) -> dict[int, int]:
    """Return each document position's participants as the bits of one int (for fast unions)."""
    bit: dict[str, int] = {}
    masks = {}
    for doc, at in zip(docs, positions, strict=True):
        mask = 0
        for person in doc.participants:
            mask |= 1 << bit.setdefault(person, len(bit))
        masks[at] = mask
    return masks


def rows_for(tally_result: Tally, unit: str) -> Sequence[tuple[str, int]]:
    """Return ``(code path, count of unit)`` for a chart, overall counts only."""
    unit = check_unit(unit)
    counts = tally_result.overall.values() if tally_result.by else tally_result.counts
    return [(c.code, getattr(c, unit)) for c in counts]
