"""Re-anchoring segments after a document has been edited.

A segment stores its quoted text. When ``body[start:end]`` still equals that
text the segment is *current* and nothing else is computed (one slice and one
string comparison per segment). Otherwise the text is looked for again,
nearest to the old start first:

1. exact occurrences of the text;
2. occurrences ignoring case, Latin accents and runs of whitespace;
3. its first and last words, unchanged, with the edit in between (the span
   from the first to the last must be 0.7-1.4 times the old length);
4. a fuzzy match (rapidfuzz ``partial_ratio_alignment`` of the folded texts,
   score at least :data:`FUZZY_CUTOFF`, texts of 12 or more characters),
   first in a window around the old place, then in the whole body.

A segment found again is *moved* (its offsets and text are updated); one that
cannot be found is *stale*: reports leave it out and say how many, and
``qualcode check`` lists it. A segment is never shifted onto other words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from qualcode.keywords import fold_text
from qualcode.models import Document, Segment

FUZZY_CUTOFF = 90.0
"""Minimum rapidfuzz ``partial_ratio`` (0-100) to accept a fuzzy re-anchoring."""
FUZZY_MIN_LENGTH = 12
"""Texts shorter than this (code points) are only re-found exactly or loosely."""


@dataclass
class AnchorResult:
    """The outcome of anchoring one document's segments against its body.

    Attributes:
        current: The segments to use, at their (possibly new) offsets, in input
            order; every ``s`` satisfies ``body[s.start:s.end] == s.text``
            (except legacy segments stored without text, kept when in range).
        moved: ``(old, new)`` pairs for segments whose offsets or text changed;
            each ``new`` is also in ``current``.
        stale: Segments whose text can no longer be found (left out of ``current``).
    """

    current: list[Segment] = field(default_factory=list)
    moved: list[tuple[Segment, Segment]] = field(default_factory=list)
    stale: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Return whether any segment moved or went stale."""
        return bool(self.moved or self.stale)

    def extend(self, other: AnchorResult) -> None:
        """Add ``other``'s segments to this result (for whole-project results)."""
        self.current.extend(other.current)
        self.moved.extend(other.moved)
        self.stale.extend(other.stale)


def _nearest(starts: Iterable[tuple[int, int]], old: int) -> tuple[int, int] | None:
    best = None
    for span in starts:
        if best is None or abs(span[0] - old) < abs(best[0] - old):
            best = span
    return best


def _fuzzy(body: str, folded_body: str, text: str, old: int) -> tuple[int, int] | None:
    from rapidfuzz import fuzz

    needle = fold_text(text)
    margin = 2 * len(text) + 200
    windows = [(max(0, old - margin), min(len(body), old + len(text) + margin)), (0, len(body))]
    for lo, hi in windows:
        found = fuzz.partial_ratio_alignment(needle, folded_body[lo:hi], score_cutoff=FUZZY_CUTOFF)
        if found is None:
            continue
        start, end = _refine(folded_body, needle, lo + found.dest_start, lo + found.dest_end)
        # the alignment may cut a word: widen to word edges, then trim whitespace
        while 0 < start < len(body) and body[start - 1].isalnum() and body[start].isalnum():
            start -= 1
        while 0 < end < len(body) and body[end - 1].isalnum() and body[end].isalnum():
            end += 1
        # keep punctuation that closes or opens the quoted text
        if end < len(body) and text[-1:] == body[end] and not text[-1:].isalnum():
            end += 1
        if start > 0 and text[:1] == body[start - 1] and not text[:1].isalnum():
            start -= 1
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if end - start >= 0.8 * len(text.strip()) and end - start <= 1.25 * len(text) + 2:
            return start, end
    return None


def _refine(folded_body: str, needle: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a fuzzy alignment to the word edges that best match ``needle``."""
    from rapidfuzz import fuzz

    reach = min(40, len(needle) // 4 + 5)

    def edges(lo: int, hi: int) -> list[int]:
        return [
            i
            for i in range(max(0, lo), min(len(folded_body), hi) + 1)
            if i in (0, len(folded_body))
            or folded_body[i - 1].isspace() != folded_body[i].isspace()
            or not folded_body[i - 1].isalnum()
        ]

    ends = edges(end - reach, end + reach) or [end]
    end = max(ends, key=lambda e: (fuzz.ratio(needle, folded_body[start:e]), -abs(e - end)))
    starts = [i for i in edges(start - reach, start + reach) if i < end] or [start]
    start = max(starts, key=lambda b: (fuzz.ratio(needle, folded_body[b:end]), -abs(b - start)))
    return start, end


def locate(
    body: str, text: str, old_start: int, *, folded_body: str | None = None
) -> tuple[int, int] | None:
    """Return ``(start, end)`` where ``text`` now is in ``body``, nearest to ``old_start``, or None.

    Args:
        body: The current document body.
        text: The segment's quoted text.
        old_start: Its previous start offset (0-based code points).
        folded_body: ``fold_text(body)`` if already computed (saves time for many segments).
    """
    if not text.strip():
        return None
    spans = []
    pos = body.find(text)
    while pos >= 0:
        spans.append((pos, pos + len(text)))
        pos = body.find(text, pos + 1)
    if spans:
        return _nearest(spans, old_start)
    folded = fold_text(body) if folded_body is None else folded_body
    words = fold_text(text).split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    loose = [m.span() for m in pattern.finditer(folded)]
    if loose:
        return _nearest(loose, old_start)
    if len(text.strip()) >= FUZZY_MIN_LENGTH:
        return _ends(folded, text, old_start) or _fuzzy(body, folded, text, old_start)
    return None


def _loose_spans(folded_body: str, piece: str) -> list[tuple[int, int]]:
    words = fold_text(piece).split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    return [m.span() for m in pattern.finditer(folded_body)]


def _ends(folded_body: str, text: str, old: int) -> tuple[int, int] | None:
    """Find the text by its unchanged first and last words (an edit in its middle)."""
    stripped = text.strip()
    size = min(30, len(stripped) // 3)
    if size < 4:
        return None
    head = stripped[:size].rsplit(" ", 1)[0] if " " in stripped[:size] else stripped[:size]
    tail = stripped[-size:].split(" ", 1)[-1] if " " in stripped[-size:] else stripped[-size:]
    best = None
    tails = _loose_spans(folded_body, tail)
    for h_start, _ in _loose_spans(folded_body, head):
        for t_start, t_end in tails:
            length = t_end - h_start
            if t_start < h_start or not 0.7 * len(stripped) <= length <= 1.4 * len(stripped) + 10:
                continue
            if best is None or abs(h_start - old) < abs(best[0] - old):
                best = (h_start, t_end)
    return best


def anchor_segments(doc: Document | str, segments: Iterable[Segment]) -> AnchorResult:
    """Check ``segments`` against a document's current body and re-anchor those that drifted.

    Cheap when nothing changed: each segment costs one slice and one comparison.

    Args:
        doc: The document (or its body text).
        segments: Segments of that document (any coders).

    Returns:
        An :class:`AnchorResult`: ``current`` (usable segments, re-anchored),
        ``moved`` (``(old, new)`` pairs) and ``stale`` (not found; leave them out
        of counts and report how many).
    """
    body = doc if isinstance(doc, str) else doc.body
    result = AnchorResult()
    folded: str | None = None
    for seg in segments:
        in_range = 0 <= seg.start <= seg.end <= len(body)
        if in_range and (
            body[seg.start : seg.end] == seg.text or (not seg.text and seg.end > seg.start)
        ):
            result.current.append(seg)
            continue
        if folded is None:
            folded = fold_text(body)
        found = locate(body, seg.text, seg.start, folded_body=folded)
        if found is None:
            result.stale.append(seg)
            continue
        new = replace(seg, start=found[0], end=found[1], text=body[found[0] : found[1]])
        result.current.append(new)
        result.moved.append((seg, new))
    return result


def anchor_project(
    project: object, *, coder: str | None = None, document: str | None = None
) -> tuple[AnchorResult, list[Segment]]:
    """Load and anchor the project's segments (optionally one coder's / one document's).

    This is what reports (tally, quotes, agreement) call: use ``result.current``
    and report ``len(result.stale)`` (and the orphans) as left out.

    Args:
        project: A :class:`~qualcode.store.Project`.
        coder: Only this coder's segments.
        document: Only this document's segments (an exact document id).

    Returns:
        ``(result, orphans)``: the anchoring of every segment whose document
        exists, and the segments whose document does not exist.

    Raises:
        InvalidData: a malformed codings or document file.
    """
    from qualcode.codings import load_segments

    segments = load_segments(project, coder=coder, document=document)  # type: ignore[arg-type]
    docs = {d.id: d for d in project.documents()}  # type: ignore[attr-defined]
    by_doc: dict[str, list[Segment]] = {}
    for seg in segments:
        by_doc.setdefault(seg.document, []).append(seg)
    result = AnchorResult()
    orphans: list[Segment] = []
    for doc_id in sorted(by_doc):
        if doc_id not in docs:
            orphans.extend(by_doc[doc_id])
            continue
        result.extend(anchor_segments(docs[doc_id], by_doc[doc_id]))
    return result, orphans


__all__ = ["FUZZY_CUTOFF", "AnchorResult", "anchor_project", "anchor_segments", "locate"]
