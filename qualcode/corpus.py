"""One loader for retrieval and counting: documents plus their current segments.

Every report (tally, quotes, co-occurrence, matrix, keyword in context) starts
from :func:`load_corpus`. It reads through the SQLite index cache
(:mod:`qualcode.index`) when it can and from the files otherwise; both paths
give the same :class:`Corpus`, so no result depends on the cache.

A segment is *current* when the words it quoted are still where it points
(:func:`current_segments`); otherwise it is *stale* (the document was edited
since it was coded) and reports leave it out and say how many they left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from qualcode.errors import InvalidData
from qualcode.models import Document, Segment
from qualcode.store import Project


def current_segments(
    doc: Document | None, segments: Sequence[Segment]
) -> tuple[list[Segment], list[Segment]]:
    """Split one document's segments into current and stale ones.

    This is the single place that decides whether a coding still applies to
    the text (to be replaced by re-anchoring, :mod:`qualcode.anchoring`). A
    segment is current when ``doc.body[start:end] == segment.text``; every
    segment of a missing document is stale.

    Args:
        doc: The document, or None when no document has the segments' id.
        segments: Segments of that document.

    Returns:
        ``(current, stale)``, each in input order.
    """
    if doc is None:
        return [], list(segments)
    body = doc.body
    current, stale = [], []
    for seg in segments:
        (current if body[seg.start : seg.end] == seg.text else stale).append(seg)
    return current, stale


def segment_sort_key(seg: Segment) -> tuple[str, int, int, str, str]:
    """Return the canonical order of segments: (document, start, end, code, coder)."""
    return (seg.document, seg.start, seg.end, seg.code, seg.coder)


@dataclass
class Corpus:
    """Documents and their segments, as every report reads them.

    Attributes:
        documents: Every document, sorted by id.
        segments: Current segments, sorted by (document, start, end, code, coder).
        stale: Segments whose text no longer matches their document (or whose
            document is missing), same order; reports leave them out.
        has_text: False when loaded without bodies and segment texts (bodies
            and texts are then empty strings), which counting does not need.
    """

    documents: list[Document]
    segments: list[Segment]
    stale: list[Segment] = field(default_factory=list)
    has_text: bool = True

    def __post_init__(self) -> None:
        self._by_id = {d.id: d for d in self.documents}

    def document(self, doc_id: str) -> Document | None:
        """Return the document with this id, or None."""
        return self._by_id.get(doc_id)

    def coders(self) -> list[str]:
        """Return the coders with at least one current segment, sorted."""
        return sorted({s.coder for s in self.segments})

    def filter(
        self,
        *,
        documents: Iterable[Document] | None = None,
        coder: str | None = None,
    ) -> Corpus:
        """Return a corpus restricted to some documents and/or one coder.

        Args:
            documents: Keep only these documents (and their segments).
            coder: Keep only this coder's segments.
        """
        docs = self.documents if documents is None else list(documents)
        ids = {d.id for d in docs}

        def keep(seg: Segment) -> bool:
            return seg.document in ids and (coder is None or seg.coder == coder)

        return Corpus(
            documents=docs,
            segments=[s for s in self.segments if keep(s)],
            stale=[
                s
                for s in self.stale
                if keep(s)
                or (
                    documents is None
                    and s.document not in ids
                    and (coder is None or s.coder == coder)
                )
            ],
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


def unique_sorted(segments: Iterable[Segment]) -> list[Segment]:
    """Return segments in canonical order, one per (document, start, end, code, coder).

    The same code on the same span by the same coder is one segment; the copy
    with a memo is kept.
    """
    ordered = sorted(segments, key=lambda s: (*segment_sort_key(s), s.memo is None, s.memo or ""))
    unique: list[Segment] = []
    last: tuple[str, int, int, str, str] | None = None
    for seg in ordered:
        key = segment_sort_key(seg)
        if key != last:
            unique.append(seg)
            last = key
    return unique


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
    current: list[Segment] = []
    stale: list[Segment] = []
    for doc_id, segs in per_doc.items():
        ok, bad = current_segments(by_id.get(doc_id), segs)
        current += ok
        stale += bad
    return Corpus(docs, unique_sorted(current), unique_sorted(stale))


def load_corpus_from_files(project: Project) -> Corpus:
    """Read every document and codings file and return the corpus (no cache).

    Raises:
        InvalidData: a malformed document or codings file, or a duplicate id.
    """
    from qualcode.codings import load_segments

    return build_corpus(project.documents(), load_segments(project))


def load_corpus(project: Project, *, use_index: bool = True, text: bool = True) -> Corpus:
    """Return the project's documents and segments, through the index cache when possible.

    The result is the same with or without the cache; ``use_index=False`` or
    any problem with the cache (corrupt, locked, read-only) falls back to the
    files.

    Args:
        project: The project.
        use_index: Read and update ``.qualcode/index.sqlite``.
        text: Load document bodies and segment texts; counting does without
            (faster on large corpora); bodies and texts are then ``""``.

    Raises:
        InvalidData: a malformed document or codings file, or a duplicate id.
    """
    if use_index:
        from qualcode import index

        corpus = index.load(project, text=text)
        if corpus is not None:
            return corpus
    return load_corpus_from_files(project)
