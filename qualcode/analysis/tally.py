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
* A code's participants are the distinct participants **whose speech is
  coded** with it or a descendant: a participant counts when a segment holds
  text of one of their speaker turns
  (:func:`qualcode.store.readers.turns.participants_in`). The interviewer's
  turns, chat reactions and the researcher's narration in meeting notes count
  for nobody, so a meeting segment no longer counts every attendee. A
  document without turns counts for its participant only when it is an
  interview or conversation with exactly one.
* ``--by participant`` puts a segment in the column of each participant
  whose turn it holds (``(no participant)``: segments no participant's turn holds);
  ``--by speaker`` does the same for every speaker, the interviewer
  included (``(no speaker)``: narration).
* Percentages are of the documents (participants) in scope, after
  ``--where``/``--kind`` filters, and the denominator is always reported.
* Stale segments (their text changed, :func:`qualcode.analysis.corpus.current_segments`)
  are left out, and the table's notes say how many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from qualcode.analysis.corpus import Corpus, check_attribute
from qualcode.codebook.tree import Codebook
from qualcode.errors import InvalidArgument
from qualcode.models import Document
from qualcode.store.filters import document_values
from qualcode.table import Table

if TYPE_CHECKING:
    from qualcode.models import Document

UNITS = ("segments", "documents", "participants")
_ALL = "\x00all"  # the hidden group of every segment, for the "all" column
NONE_VALUE = "(none)"
"""The group of documents that have no value for a ``--by`` attribute."""
NOBODY = {"participant": "(no participant)", "speaker": "(no speaker)"}
"""The ``--by participant``/``speaker`` group of segments no participant's (no speaker's) turn holds."""


class Count(NamedTuple):
    """The counts of one code (in one group, with ``--by``); a named tuple (cheap to make).

    Attributes:
        code: The code path.
        group: The ``--by`` value, or None without ``--by``.
        segments: Distinct merged segments coded with the code or a descendant.
        own_segments: Distinct merged segments coded with exactly this code.
        documents: Distinct documents coded with the code or a descendant.
        participants: Distinct participants whose speaker turns hold such a
            segment (with ``--by participant``: 1 when that participant's
            speech is coded).
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
        coder_note: What the coder selection left out (machine coders), if anything.
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
    coder_note: str = ""

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
            "participants: those whose own speech is coded (a segment in their speaker turn); "
            "interviewer turns and narration count for nobody.",
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
        if self.coder_note:
            lines.append(self.coder_note)
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
        by: Cross-tabulate by ``kind``, ``participant`` (a segment counts for
            each participant whose speaker turn it holds), ``speaker`` (the
            same for every speaker, interviewer included), ``coder``, ``id``
            (one group per document), or a document attribute.
        code: Only this code path and its descendants as rows.
        depth: Only codes at most this deep (1 = top level) as rows; counts
            still include deeper descendants.

    Returns:
        The :class:`Tally`.

    Raises:
        InvalidArgument: ``depth`` below 1, or ``by`` neither a document
            field nor any document's attribute.
    """
    if depth is not None and depth < 1:
        raise InvalidArgument("--depth must be 1 or more", hint="1 shows the top-level codes")
    by = {"participants": "participant", "speakers": "speaker"}.get(by or "", by) or None
    docs = corpus.documents
    if by not in (None, "kind", "participant", "speaker", "coder", "id") and docs:
        check_attribute(docs, by, "--by")
    rows_in = corpus.rows
    per_row = by in ("participant", "speaker")  # groups come from each segment's turns
    none = NOBODY.get(by or "", NONE_VALUE)
    speaking_rows = [corpus.participants_of(r) for r in rows_in]
    owner_rows: list[tuple[str, ...]] = []
    if by == "participant":
        owner_rows = speaking_rows
    elif by == "speaker":
        owner_rows = [corpus.speakers_of(r) for r in rows_in]

    # Groups and their denominators (documents, participants).
    group_docs: dict[str, set[str]] = defaultdict(set)
    group_people: dict[str, set[str]] = defaultdict(set)
    all_people: set[str] = set()
    doc_groups: dict[str, list[str]] = {}
    for doc in docs:
        all_people.update(doc.participants)
        all_people.update(t.participant for t in corpus.turns(doc.id) if t.participant)
    for doc in docs:
        if by is None:
            values = [""]
        elif by == "coder":
            continue
        elif per_row:
            values = _speaking_groups(corpus, doc, by)
            for value in values:
                group_docs[value].add(doc.id)
                if value in all_people:
                    group_people[value].add(value)
            continue
        else:
            values = document_values(doc, by) or [NONE_VALUE]
        doc_groups[doc.id] = values
        for value in values:
            group_docs[value].add(doc.id)
            group_people[value].update(doc.participants)
    if per_row and any(not owners for owners in owner_rows):
        group_docs[none] = {d.id for d in docs}  # segments nobody's turn holds
    coders = corpus.coders()
    if by == "coder":
        for coder in coders:
            group_docs[coder] = {d.id for d in docs}
            group_people[coder] = set(all_people)
    if by:
        groups = sorted((g for g in group_docs if g != none), key=str.casefold)
        if none in group_docs:
            groups.append(none)
    else:
        groups = [""]

    # Code slots: 0..P-1 roll up a code's subtree, P..2P-1 count the code alone.
    used = {r[3] for r in rows_in}
    unknown = sorted({p for c in used for p in (c, *book.ancestors(c)) if p not in book.codes})
    universe = [*book.codes, *unknown]
    index = {path: i for i, path in enumerate(universe)}
    width = len(universe)
    slots_per_group = 2 * width
    credited = {
        c: [width + index[c], index[c], *(index[a] for a in book.ancestors(c))] for c in used
    }
    # With --by, one more group holds every segment: the "all" counts, same pass.
    counted = [*groups, _ALL] if by else groups
    group_index = {g: i for i, g in enumerate(counted)}
    all_gi = group_index.get(_ALL)
    coder_index = {c: i for i, c in enumerate(coders)}
    coder_gis = [(group_index[c], group_index[_ALL]) for c in coders] if by == "coder" else []
    doc_group_index = {
        d: [group_index[g] for g in gs] + ([all_gi] if all_gi is not None else [])
        for d, gs in doc_groups.items()
    }
    n_coders = max(1, len(coders))
    state_per_group = n_coders * slots_per_group
    seg_count = [0] * (len(counted) * slots_per_group)
    doc_seen = [-1] * len(seg_count)
    doc_lists: dict[int, list[str]] = {}
    people_at: dict[int, set[str]] = {}  # slot -> participants whose speech it codes

    # One pass in (document, start) order: merge overlapping spans per
    # (group, coder, credited code); count distinct segments and documents.
    current: str | None = None
    doc_no = -1
    last_end: list[int] = []
    gis: list[int] = []
    pairs: list[tuple[int, int]] = []
    none_gi = group_index.get(none)
    for number, row in enumerate(rows_in):
        doc_id = row[0]
        if doc_id != current:
            current = doc_id
            doc_no += 1
            gis = doc_group_index.get(doc_id, []) if by not in ("coder",) and not per_row else []
            # Merge state for this document only: (group position, coder, slot).
            positions = len(counted) if per_row else max(2, len(gis))
            last_end = [-1] * (positions * state_per_group)
            pairs = list(enumerate(gis))
        ci = coder_index[row[4]]
        start = row[1]
        end = row[2]
        slots = credited[row[3]]
        speaking = speaking_rows[number]
        if per_row:
            row_gis = [group_index[o] for o in owner_rows[number] if o in group_index]
            if not row_gis and none_gi is not None:
                row_gis = [none_gi]
            row_gis.append(group_index[_ALL])
            row_pairs = [(gi, gi) for gi in row_gis]
        elif by == "coder":
            row_pairs = list(enumerate(coder_gis[ci]))
        else:
            row_pairs = pairs
        for local, gi in row_pairs:
            base = local * state_per_group + ci * slots_per_group
            cbase = gi * slots_per_group
            for slot in slots:
                k = base + slot
                e = last_end[k]
                j = cbase + slot
                if speaking:
                    if j in people_at:
                        people_at[j].update(speaking)
                    else:
                        people_at[j] = set(speaking)
                if start >= e:
                    last_end[k] = end
                    seg_count[j] += 1
                    if doc_seen[j] != doc_no:
                        doc_seen[j] = doc_no
                        if j in doc_lists:
                            doc_lists[j].append(doc_id)
                        else:
                            doc_lists[j] = [doc_id]
                elif end > e:
                    last_end[k] = end

    group_docs[_ALL if by else ""] = {d.id for d in docs}
    group_people[_ALL if by else ""] = all_people
    rows = [c.path for c in book if depth is None or c.depth <= depth]
    rows += [p for p in unknown if depth is None or p.count("/") < depth]
    if code is not None:
        rows = [p for p in rows if p == code or p.startswith(code + "/")]

    counts = []
    overall: dict[str, Count] = {}
    for path in rows:
        i = index[path]
        for gi, group in enumerate(counted):
            j = gi * slots_per_group + i
            doc_ids = doc_lists.get(j, ())
            persons = people_at.get(j, set())
            if per_row and group != _ALL:
                persons = persons & {group}
            count = Count(
                path,
                None if not by or group == _ALL else group,
                seg_count[j],
                seg_count[j + width],
                len(doc_ids),
                len(persons),
                len(group_docs.get(group, ())),
                len(group_people.get(group, ())),
            )
            if group == _ALL:
                overall[path] = count
            else:
                counts.append(count)
    return Tally(
        counts=counts,
        by=by,
        groups=groups if by else [],
        documents_total=len(docs),
        participants_total=len(all_people),
        stale=sum(
            1
            for r in corpus.stale_rows
            if code is None or r[3] == code or r[3].startswith(code + "/")
        ),
        unknown=unknown,
        book=book,
        overall=overall,
        coder_note=corpus.coder_note,
    )


def _speaking_groups(corpus: Corpus, doc: Document, by: str) -> list[str]:
    """Return the ``--by participant``/``speaker`` groups a document belongs to (its denominators).

    Participants: those listed in its front matter and those with a turn in
    it. Speakers: everyone with a speech turn in it, interviewer included,
    and its sole participant (:func:`qualcode.store.readers.turns.sole_participant`).
    """
    from qualcode.store.readers.turns import sole_participant, speakers_in

    turns = corpus.turns(doc.id)
    if by == "participant":
        found = dict.fromkeys(doc.participants)
        found.update(dict.fromkeys(t.participant for t in turns if t.participant))
        return list(found)
    if not turns:
        sole = sole_participant(doc, turns)
        return [sole] if sole else []
    return list(speakers_in(doc, turns, 0, max(t.end for t in turns)))


def rows_for(tally_result: Tally, unit: str) -> Sequence[tuple[str, int]]:
    """Return ``(code path, count of unit)`` for a chart, overall counts only."""
    unit = check_unit(unit)
    counts = tally_result.overall.values() if tally_result.by else tally_result.counts
    return [(c.code, getattr(c, unit)) for c in counts]
