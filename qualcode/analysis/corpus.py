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
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from qualcode.errors import InvalidArgument, InvalidData
from qualcode.models import Document, Segment
from qualcode.store.project import Project

if TYPE_CHECKING:
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

    Attributes:
        documents: Every document, sorted by id.
        rows: Current segments as rows, sorted by (document, start, end, code,
            coder), one per such key.
        stale_rows: Segments whose text no longer matches their document (or
            whose document is missing), same order; reports leave them out.
        has_text: False when loaded without bodies, segment texts and memos
            (they are then empty), which counting does not need.
    """

    def __init__(
        self,
        documents: list[Document],
        rows: list[Row],
        stale_rows: list[Row] | None = None,
        *,
        has_text: bool = True,
    ) -> None:
        self.documents = documents
        self.rows = rows
        self.stale_rows = stale_rows or []
        self.has_text = has_text
        self._by_id = {d.id: d for d in documents}

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
        return sorted({r[4] for r in self.rows})

    def filter(
        self,
        *,
        documents: Iterable[Document] | None = None,
        coder: str | None = None,
    ) -> Corpus:
        """Return a corpus restricted to some documents and/or one coder.

        Args:
            documents: Keep only these documents (and their segments); stale
                segments of missing documents are kept only when None.
            coder: Keep only this coder's segments.
        """
        docs = self.documents if documents is None else list(documents)
        ids = {d.id for d in docs}

        def keep(row: Row, orphans: bool = False) -> bool:
            if coder is not None and row[4] != coder:
                return False
            return row[0] in ids or (orphans and documents is None)

        return Corpus(
            docs,
            [r for r in self.rows if keep(r)],
            [r for r in self.stale_rows if keep(r, orphans=True)],
            has_text=self.has_text,
        )


def check_unique_ids(project: Project, documents: Sequence[Document]) -> None:
    """Raise when two document files share an id (as :meth:`Project.documents` does).

    Raises:
        InvalidData: naming both files.
    """
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
        known = sorted({r[4] for r in (*corpus.rows, *corpus.stale_rows)})
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
) -> tuple[Corpus, list[str]]:
    """Keep the documents and coder asked for (``--where``, ``--kind``, ``--coder``).

    The scope every report command uses: values are checked first with
    :func:`check_scope`, then the documents matching every condition (and of
    ``kind``) are kept, with only ``coder``'s segments when given.

    Args:
        corpus: The whole corpus.
        where: ``key=value`` conditions (:func:`qualcode.store.filters.parse_where`).
        kind: A document kind (``interview``; a plural is accepted).
        coder: Keep only this coder's segments.

    Returns:
        ``(corpus in scope, warning lines for the caller to show)``.

    Raises:
        InvalidArgument: a malformed condition, an unknown coder, kind or attribute.
    """
    from qualcode.store.filters import parse_where, select

    conditions = parse_where(where)
    notes = check_scope(corpus, conditions=conditions, kind=kind, coder=coder)
    if kind:
        conditions += parse_where([f"kind={kind.removesuffix('s')}"])
    docs = select(corpus.documents, conditions) if conditions else None
    if docs is None and coder is None:
        return corpus, notes
    return corpus.filter(documents=docs, coder=coder), notes
