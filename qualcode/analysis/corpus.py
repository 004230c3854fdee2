"""One loader for retrieval and counting: documents plus their current segments.

Every report (tally, quotes, co-occurrence, matrix, keyword in context) starts
from :func:`qualcode.analysis.load_corpus`. It reads through the SQLite index cache
(:mod:`qualcode.analysis.index`) when it can and from the files otherwise; both paths
give the same :class:`Corpus`, so no result depends on the cache.

A segment is *current* when the words it quoted are still where it points
(:func:`current_segments`); otherwise it is *stale* (the document was edited
since it was coded) and reports leave it out and say how many they left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from qualcode.errors import InvalidArgument, InvalidData
from qualcode.models import Document, Segment, SpeakerTurn
from qualcode.store.project import Project

if TYPE_CHECKING:
    from qualcode.analysis.counts import CodeCounts
    from qualcode.store.filters import Condition


def anchor_each(doc: Document | None, segments: Sequence[Segment]) -> list[tuple[Segment, bool]]:
    """Re-anchor one document's segments; return ``(segment, is_current)`` in input order.

    A current segment is returned at its (possibly moved) offsets, found by
    :func:`qualcode.coding.anchoring.anchor_segments`: exact text first, then the same
    words nearest the old place, then fuzzy. A stale segment (its text can no
    longer be found) is returned unchanged with ``False``; every segment of a
    missing document is stale.

    Args:
        doc: The document, or None when no document has the segments' id.
        segments: Segments of that document.
    """
    if doc is None:
        return [(seg, False) for seg in segments]
    from qualcode.coding.anchoring import anchor_segments

    result = anchor_segments(doc, segments)
    if not result.changed:
        return [(seg, True) for seg in segments]
    moved = {id(old): new for old, new in result.moved}
    stale = {id(seg) for seg in result.stale}
    return [
        (seg, False) if id(seg) in stale else (moved.get(id(seg), seg), True) for seg in segments
    ]


def current_segments(
    doc: Document | None, segments: Sequence[Segment]
) -> tuple[list[Segment], list[Segment]]:
    """Split one document's segments into current (re-anchored) and stale ones.

    This is the single place that decides whether a coding still applies to
    the text (see :func:`anchor_each`).

    Args:
        doc: The document, or None when no document has the segments' id.
        segments: Segments of that document.

    Returns:
        ``(current, stale)``, each in input order; current segments carry
        their re-anchored offsets.
    """
    pairs = anchor_each(doc, segments)
    return [seg for seg, ok in pairs if ok], [seg for seg, ok in pairs if not ok]


def segment_sort_key(seg: Segment) -> tuple[str, int, int, str, str]:
    """Return the canonical order of segments: (document, start, end, code, coder)."""
    return (seg.document, seg.start, seg.end, seg.code, seg.coder)


Row = tuple[str, int, int, str, str, str, str]
"""A segment as a plain tuple: (document, start, end, code, coder, text, memo or "")."""


def segment_row(seg: Segment) -> Row:
    """Return the row of a segment (memo None becomes ``""``)."""
    return (seg.document, seg.start, seg.end, seg.code, seg.coder, seg.text, seg.memo or "")


def row_segment(row: Row) -> Segment:
    """Return the segment of a row (memo ``""`` becomes None)."""
    return Segment(row[0], row[1], row[2], row[3], row[4], row[5], row[6] or None)


def unique_rows(rows: list[Row]) -> list[Row]:
    """Sort rows in place and return one per (document, start, end, code, coder).

    The same code on the same span by the same coder is one segment; the copy
    with a memo is kept.
    """
    rows.sort()
    unique: list[Row] = []
    last: tuple[str, int, int, str, str] | None = None
    for row in rows:
        key = row[:5]
        if key == last:
            if row[6]:
                unique[-1] = row
            continue
        unique.append(row)
        last = key
    return unique


class Corpus:
    """Documents and their segments, as every report reads them.

    Segments are kept as :data:`Row` tuples (fast to count);
    :attr:`segments` gives them as :class:`~qualcode.models.Segment` objects.
    Counting reads :attr:`counts`, the per-document counts of
    :mod:`qualcode.analysis.counts`, instead of the rows: the index hands them
    over ready (and the rows only when asked for), otherwise they are made from
    the rows on first use.

    Attributes:
        documents: The documents in scope, sorted by id.
        stale_rows: Segments whose text no longer matches their document (or
            whose document is missing), same order as :attr:`rows`; reports
            leave them out.
        has_text: False when loaded without bodies, segment texts and memos
            (they are then empty), which counting does not need.
        coder_note: What the coder selection left out, for the reports'
            notes (:func:`select_coders`); empty when nothing was.
        coder: The one coder whose segments are in scope (:meth:`filter`), or
            None for every coder.
    """

    def __init__(
        self,
        documents: list[Document],
        rows: list[Row] | None = None,
        stale_rows: list[Row] | None = None,
        *,
        has_text: bool = True,
        turns: dict[str, list[SpeakerTurn]] | None = None,
        coder_note: str = "",
        counts: CodeCounts | Callable[[], CodeCounts] | None = None,
        load_rows: Callable[[], list[Row]] | None = None,
        load_spans: Callable[[], Iterable[tuple[str, list[Sequence[Any]]]]] | None = None,
        coder: str | None = None,
    ) -> None:
        """Make a corpus.

        Args:
            documents: The documents in scope, sorted by id.
            rows: The current segments of those documents (and of ``coder``), as
                :attr:`rows` describes; or None with ``load_rows``.
            stale_rows: The stale segments.
            has_text: Whether bodies and segment texts are loaded.
            counts: The :class:`~qualcode.analysis.counts.CodeCounts` of every
                document (of the corpus this one was filtered from, for every
                coder), or a function returning them; None makes them from the
                rows when first needed.
            load_rows: Returns the rows when first needed (instead of ``rows``).
            load_spans: Returns what :meth:`spans` yields, cheaper than the rows
                (None: made from the rows).
            coder: See the class attributes.
            turns: Document id -> its speaker turns, when already known (the
                index stores them); others are computed from the body on first use.
            coder_note: See the class attributes.
        """
        self.documents = documents
        self._rows = rows
        self._load_rows = load_rows
        self._load_spans = load_spans
        self.stale_rows = stale_rows or []
        self.has_text = has_text
        self.coder_note = coder_note
        self.coder = coder
        self._counts = counts
        self._by_id = {d.id: d for d in documents}
        self._turns: dict[str, list[SpeakerTurn]] = turns if turns is not None else {}
        self._starts: dict[str, list[int]] = {}  # document -> its turns' starts

    def turns(self, doc_id: str) -> list[SpeakerTurn]:
        """Return the speaker turns of a document (:func:`qualcode.store.readers.turns.document_turns`).

        Computed from the body, or read from the index when the corpus was
        loaded without text; empty for an unknown document.
        """
        found = self._turns.get(doc_id)
        if found is None:
            from qualcode.store.readers.turns import document_turns

            doc = self._by_id.get(doc_id)
            found = document_turns(doc) if doc is not None and doc.body else []
            self._turns[doc_id] = found
        return found

    def participants_of(self, row: Row) -> tuple[str, ...]:
        """Return the participants whose speech a segment holds: the counting rule.

        See :func:`qualcode.store.readers.turns.participants_in`: a
        participant counts when the coded text is (part of) one of their
        speaker turns; interviewer turns and narration count for nobody.
        """
        from qualcode.store.readers.turns import participants_in

        doc = self._by_id.get(row[0])
        if doc is None:
            return ()
        turns = self.turns(row[0])
        starts = self._starts.get(row[0])
        if starts is None:
            starts = self._starts[row[0]] = [t.start for t in turns]
        return participants_in(doc, turns, row[1], row[2], starts)

    def speakers_of(self, row: Row) -> tuple[str, ...]:
        """Return everyone who speaks in a segment, participants or not (``--by speaker``)."""
        from qualcode.store.readers.turns import speakers_in

        doc = self._by_id.get(row[0])
        return speakers_in(doc, self.turns(row[0]), row[1], row[2]) if doc else ()

    @property
    def rows(self) -> list[Row]:
        """Current segments as rows, sorted by (document, start, end, code, coder), one per such key."""
        if self._rows is None:
            self._rows = self._load_rows() if self._load_rows is not None else []
        return self._rows

    @property
    def counts(self) -> CodeCounts:
        """Per-document counts of every document and coder this corpus was filtered from.

        Restrict them to this corpus with :attr:`documents` (their positions)
        and :attr:`coder`, as :func:`qualcode.analysis.tally.tally` does.
        """
        if self._counts is None:
            from qualcode.analysis.counts import CodeCounts

            ids = [d.id for d in self.documents]
            known = set(ids)
            self._counts = CodeCounts.from_rows(ids, (r for r in self.rows if r[0] in known))
        elif callable(self._counts):
            self._counts = self._counts()
        return self._counts

    def spans(self) -> Iterable[tuple[str, list[Sequence[Any]]]]:
        """Yield each document's current segments as ``(start, end, code, coder)``.

        Yields:
            ``(document id, spans)`` in id order, for the documents in scope
            that have segments; ``spans`` in canonical order (start, end,
            code, coder), one per such key: the rows without their document,
            text and memo.
        """
        if self._load_spans is not None:
            yield from self._load_spans()
            return
        current: str | None = None
        spans: list[Sequence[Any]] = []
        for row in self.rows:
            if row[0] != current:
                if spans:
                    yield current, spans  # type: ignore[misc]
                current, spans = row[0], []
            spans.append(row[1:5])
        if spans:
            yield current, spans  # type: ignore[misc]

    def positions(self) -> list[int]:
        """Return the positions of :attr:`documents` in :attr:`counts`."""
        position = self.counts.position
        return [position[d.id] for d in self.documents]

    @property
    def segments(self) -> list[Segment]:
        """The current segments, in canonical order."""
        return [row_segment(r) for r in self.rows]

    @property
    def stale(self) -> list[Segment]:
        """The stale segments, in canonical order."""
        return [row_segment(r) for r in self.stale_rows]

    def document(self, doc_id: str) -> Document | None:
        """Return the document with this id, or None."""
        return self._by_id.get(doc_id)

    def coders(self) -> list[str]:
        """Return the coders with at least one current segment, sorted."""
        found = self.counts.coders(self.positions())
        return found if self.coder is None else [c for c in found if c == self.coder]

    def filter(
        self,
        *,
        documents: Iterable[Document] | None = None,
        coder: str | None = None,
        exclude: Iterable[str] = (),
        coder_note: str | None = None,
    ) -> Corpus:
        """Return a corpus restricted to some documents and/or coders.

        Args:
            documents: Keep only these documents (and their segments); stale
                segments of missing documents are kept only when None.
            coder: Keep only this coder's segments.
            exclude: Leave out these coders' segments.
            coder_note: The new corpus's :attr:`coder_note` (default: this one's).
        """
        docs = self.documents if documents is None else list(documents)
        ids = {d.id for d in docs}
        left_out = frozenset(exclude)
        if coder is None:
            coder = self.coder
        elif self.coder is not None and coder != self.coder:
            coder = "\x00"  # two different coders: no segment is in scope
        parent = self

        def keep(row: Row, orphans: bool = False) -> bool:
            if (coder is not None and row[4] != coder) or row[4] in left_out:
                return False
            return row[0] in ids or (orphans and documents is None)

        if left_out:  # counted from the rows that are left, not the parent's columns
            return Corpus(
                docs,
                [r for r in parent.rows if keep(r)],
                [r for r in self.stale_rows if keep(r, orphans=True)],
                has_text=self.has_text,
                turns=self._turns,
                coder_note=self.coder_note if coder_note is None else coder_note,
                coder=coder,
            )

        def spans() -> Iterable[tuple[str, list[Sequence[Any]]]]:
            for doc_id, found in parent.spans():
                if doc_id in ids:
                    mine = found if coder is None else [s for s in found if s[3] == coder]
                    if mine:
                        yield doc_id, mine

        return Corpus(
            docs,
            load_rows=lambda: [r for r in parent.rows if keep(r)],
            load_spans=spans if parent._rows is None else None,
            stale_rows=[r for r in self.stale_rows if keep(r, orphans=True)],
            has_text=self.has_text,
            counts=lambda: parent.counts,
            coder=coder,
            turns=self._turns,
            coder_note=self.coder_note if coder_note is None else coder_note,
        )


def select_coders(
    corpus: Corpus,
    settings: dict[str, object] | None,
    *,
    coder: str | None = None,
    include_machine: bool = False,
) -> Corpus:
    """Keep the coders a report counts: the human coders, unless asked otherwise.

    Machine coders (:func:`qualcode.store.codings.machine_coders`: ``auto``
    and any listed under ``machine_coders`` in ``qualcode.yaml``) make
    suggestions, not codings: their segments are left out of every count and
    retrieval unless named (``coder="auto"``) or ``include_machine`` is set.
    The result's :attr:`Corpus.coder_note` says what was left out.

    Args:
        corpus: The corpus.
        settings: The project settings.
        coder: Only this coder (human or machine).
        include_machine: Human and machine coders together.

    Returns:
        The corpus of the coders asked for.
    """
    from qualcode.store.machine import machine_coders

    if coder is not None:
        return corpus.filter(coder=coder, coder_note="")
    if include_machine:
        return corpus.filter(coder_note="")
    machine = machine_coders(settings)
    if not machine.intersection(corpus.coders()):  # from the counts: no rows read
        return corpus.filter(coder_note="")
    left = sum(1 for r in corpus.rows if r[4] in machine)
    if not left:
        return corpus.filter(coder_note="")
    names = sorted({r[4] for r in corpus.rows if r[4] in machine})
    note = (
        f"{left} segment{'s' if left != 1 else ''} by the machine coder"
        f"{'s' if len(names) != 1 else ''} {', '.join(names)} left out: human coding only "
        "(--include-auto adds them, --coder auto shows them alone)."
    )
    return corpus.filter(exclude=machine, coder_note=note)


def check_unique_ids(project: Project, documents: Sequence[Document]) -> None:
    """Raise when two document files share an id (as :meth:`Project.documents` does).

    Raises:
        InvalidData: naming both files.
    """
    if len({d.id for d in documents}) == len(documents):
        return
    seen: dict[str, Document] = {}
    for doc in sorted(documents, key=lambda d: str(d.path)):
        if doc.id in seen:
            first = seen[doc.id].path
            raise InvalidData(
                f"document id {doc.id!r} is also used by "
                f"{project.relative(first) if first else '?'}",
                path=doc.path,
                line=2,
                hint="give each document a unique id",
            )
        seen[doc.id] = doc


def build_corpus(documents: Sequence[Document], segments: Iterable[Segment]) -> Corpus:
    """Return a corpus from parsed documents and raw segments (no cache involved).

    Args:
        documents: Every document of the project.
        segments: Every segment from the codings files.
    """
    docs = sorted(documents, key=lambda d: d.id)
    by_id = {d.id: d for d in docs}
    per_doc: dict[str, list[Segment]] = defaultdict(list)
    for seg in segments:
        per_doc[seg.document].append(seg)
    current: list[Row] = []
    stale: list[Row] = []
    for doc_id, segs in per_doc.items():
        ok, bad = current_segments(by_id.get(doc_id), segs)
        current += map(segment_row, ok)
        stale += map(segment_row, bad)
    return Corpus(docs, unique_rows(current), unique_rows(stale))


def load_corpus_from_files(project: Project) -> Corpus:
    """Read every document and codings file and return the corpus (no cache).

    Raises:
        InvalidData: a malformed document or codings file, or a duplicate id.
    """
    from qualcode.store.codings import load_segments

    return build_corpus(project.documents(), load_segments(project))


_DOCUMENT_FIELDS = ("id", "kind", "date", "title", "participant", "participants")


def attribute_names(documents: Iterable[Document]) -> list[str]:
    """Return the names ``--where``/``--by`` accept: document fields, then attributes.

    Args:
        documents: The documents whose attribute keys count as known.

    Returns:
        ``id, kind, date, title, participant, participants`` then every
        attribute key found, sorted ignoring case.
    """
    keys = {k for d in documents for k in d.attributes}
    return [*_DOCUMENT_FIELDS, *sorted(keys - set(_DOCUMENT_FIELDS), key=str.casefold)]


def check_attribute(documents: Sequence[Document], key: str, option: str) -> None:
    """Raise when ``key`` is neither a document field nor any document's attribute.

    Args:
        documents: The project's documents.
        key: The name given to ``option``.
        option: The option's name for the message (``--where``, ``--by``, ``--cols``).

    Raises:
        InvalidArgument: naming the valid names.
    """
    names = attribute_names(documents)
    if key not in names:
        raise InvalidArgument(
            f"{option}: no document has an attribute {key!r}",
            hint="use one of: " + ", ".join(names),
        )


def check_scope(
    corpus: Corpus,
    *,
    conditions: Sequence[Condition] = (),
    kind: str | None = None,
    coder: str | None = None,
) -> list[str]:
    """Check filter values against the corpus before filtering it.

    An unknown coder, kind or attribute name is an error (an empty result
    would look like a finding); a known attribute with a value that no
    document has only earns a warning, which names the values present.

    Args:
        corpus: The whole corpus (before filtering).
        conditions: Parsed ``--where`` conditions.
        kind: The ``--kind`` value, if any.
        coder: The ``--coder`` value, if any.

    Returns:
        Warning lines (possibly empty) for the caller to show.

    Raises:
        InvalidArgument: an unknown coder, kind or attribute name.
    """
    from qualcode.models import KINDS
    from qualcode.store.filters import document_values

    notes: list[str] = []
    docs = corpus.documents
    if coder is not None:
        known = sorted({*corpus.coders(), *(r[4] for r in corpus.stale_rows)})
        if coder not in known:
            raise InvalidArgument(
                f"--coder: no codings by {coder!r}",
                hint="coders: " + (", ".join(known) if known else "none yet"),
            )
    if kind is not None:
        normal = kind[:-1] if kind.endswith("s") and kind[:-1] in KINDS else kind
        if normal.casefold() not in KINDS:
            raise InvalidArgument(f"--kind: unknown kind {kind!r}", hint="use " + ", ".join(KINDS))
        present = sorted({d.kind for d in docs})
        if normal.casefold() not in present:
            notes.append(f"no {normal} documents; kinds present: {', '.join(present) or 'none'}")
    for cond in conditions:
        check_attribute(docs, cond.key, "--where")
        present_values = {v for d in docs for v in document_values(d, cond.key)}
        folded = {v.casefold() for v in present_values}
        missing = sorted(v for v in cond.values if v not in folded)
        if missing:
            shown = sorted(present_values, key=str.casefold)
            notes.append(
                f"--where {cond.key}: no document has {', '.join(map(repr, missing))}; "
                f"values present: {', '.join(shown[:20]) or 'none'}"
                + (" ..." if len(shown) > 20 else "")
            )
    return notes


def scope_corpus(
    corpus: Corpus,
    *,
    where: Sequence[str] = (),
    kind: str | None = None,
    coder: str | None = None,
    settings: dict[str, object] | None = None,
    include_machine: bool = False,
) -> tuple[Corpus, list[str]]:
    """Keep the documents and coders asked for (``--where``, ``--kind``, ``--coder``).

    The scope every report command uses: values are checked first with
    :func:`check_scope`, then the documents matching every condition (and of
    ``kind``) are kept, with only ``coder``'s segments when given, else the
    human coders' (:func:`select_coders`: machine coders are left out unless
    ``include_machine``).

    Args:
        corpus: The whole corpus.
        where: ``key=value`` conditions (:func:`qualcode.store.filters.parse_where`).
        kind: A document kind (``interview``; a plural is accepted).
        coder: Keep only this coder's segments.
        settings: The project settings (``machine_coders``); None knows ``auto`` only.
        include_machine: Keep machine coders' segments as well (``--include-auto``).

    Returns:
        ``(corpus in scope, warning lines for the caller to show)``; the
        corpus's :attr:`Corpus.coder_note` says what machine coding was left out.

    Raises:
        InvalidArgument: a malformed condition, an unknown coder, kind or attribute.
    """
    from qualcode.store.filters import parse_where, select

    conditions = parse_where(where)
    notes = check_scope(corpus, conditions=conditions, kind=kind, coder=coder)
    if kind:
        conditions += parse_where([f"kind={kind.removesuffix('s')}"])
    docs = select(corpus.documents, conditions) if conditions else None
    if docs is not None:
        corpus = corpus.filter(documents=docs)
    return select_coders(corpus, settings, coder=coder, include_machine=include_machine), notes
