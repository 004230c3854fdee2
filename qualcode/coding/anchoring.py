"""Re-anchoring segments after a document has been edited.

A segment stores its quoted text. When ``body[start:end]`` still equals that
text the segment is *current* and nothing else is computed (one slice and one
string comparison per segment). Otherwise the text is looked for again,
nearest to the old start first:

1. exact occurrences of the text;
2. occurrences ignoring case, Latin accents and whitespace;
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

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from qualcode.coding.keywords import fold_text
from qualcode.models import Document, Segment

if TYPE_CHECKING:
    from qualcode.store.project import Project

FUZZY_CUTOFF = 90.0
"""Minimum rapidfuzz ``partial_ratio`` (0-100) to accept a fuzzy re-anchoring."""
WINDOW = 4000
"""Code points either side of the old place searched before the whole body."""
FUZZY_WHOLE_BODY = 20000
"""Bodies up to this length (code points) are searched fuzzily as a whole, longer ones near the old place only."""
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


def _fuzzy(body: str, folded_body: str, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Return the best fuzzy match of ``text`` in ``body[lo:hi]`` with clean edges, or None."""
    from rapidfuzz import fuzz

    needle = fold_text(text)
    found = fuzz.partial_ratio_alignment(needle, folded_body[lo:hi], score_cutoff=FUZZY_CUTOFF)
    if found is None:
        return None
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
    if 0.8 * len(text.strip()) <= end - start <= 1.25 * len(text) + 2:
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
    body: str, text: str, old_start: int, *, prepared: PreparedBody | None = None
) -> tuple[int, int] | None:
    """Return ``(start, end)`` where ``text`` now is in ``body``, nearest to ``old_start``, or None.

    Each stage looks in a window of :data:`WINDOW` code points around the old
    place first (an occurrence outside it would be farther), then in the whole
    body; the fuzzy stage searches the whole body only when it is shorter than
    :data:`FUZZY_WHOLE_BODY`.

    Args:
        body: The current document body.
        text: The segment's quoted text.
        old_start: Its previous start offset (0-based code points).
        prepared: ``PreparedBody(body)`` if already built (saves time for many segments).
    """
    if not text.strip():
        return None
    size = len(body)
    window = (max(0, old_start - WINDOW), min(size, old_start + len(text) + WINDOW))
    scopes = [window, (0, size)] if window != (0, size) else [window]
    for lo, hi in scopes:
        spans = []
        pos = body.find(text, lo, hi)
        while pos >= 0:
            spans.append((pos, pos + len(text)))
            pos = body.find(text, pos + 1, hi)
        if spans:
            return _nearest(spans, old_start)
    prepared = prepared or PreparedBody(body)
    folded = prepared.folded
    for lo, hi in scopes:
        loose = prepared.squashed.spans(text, lo, hi)
        if loose:
            return _nearest(loose, old_start)
    if len(text.strip()) < FUZZY_MIN_LENGTH:
        return None
    for lo, hi in scopes:
        found = _ends(prepared.squashed, text, old_start, lo, hi)
        if found:
            return found
    margin = 2 * len(text) + 200
    near = (max(0, old_start - margin), min(size, old_start + len(text) + margin))
    for lo, hi in [near] + ([(0, size)] if size <= FUZZY_WHOLE_BODY else []):
        found = _fuzzy(body, folded, text, lo, hi)
        if found:
            return found
    return None


class PreparedBody:
    """A body folded for loose and fuzzy search; build once per document, pass to :func:`locate`."""

    def __init__(self, body: str) -> None:
        self.folded = fold_text(body)
        self.squashed = _Squashed(self.folded)


class _Squashed:
    """A body folded (case, accents) with whitespace removed, and where each character came from.

    Searching it with ``str.find`` is a fast way to match text ignoring case,
    accents and spacing; offsets map back through ``positions``.
    """

    def __init__(self, folded_body: str) -> None:
        self.folded = folded_body
        keep = [i for i, c in enumerate(folded_body) if not c.isspace()]
        self.positions = keep
        self.text = "".join(folded_body[i] for i in keep).casefold()
        if len(self.text) != len(keep):  # casefold changed lengths (e.g. ß): index char by char
            self.text = "".join(folded_body[i].lower()[:1] or " " for i in keep)

    def spans(self, piece: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Return body spans inside ``[lo, hi)`` matching ``piece`` loosely."""
        needle = "".join(fold_text(piece).split()).casefold()
        if not needle or len(needle) > len(self.text):
            return []
        first = bisect.bisect_left(self.positions, lo)
        last = bisect.bisect_left(self.positions, hi)
        body = self.folded
        found = []
        pos = self.text.find(needle, first, last)
        while pos >= 0:
            start, end = self.positions[pos], self.positions[pos + len(needle) - 1] + 1
            # whole words only: no letter or digit glued on either side
            glued_before = start > 0 and body[start - 1].isalnum() and body[start].isalnum()
            glued_after = end < len(body) and body[end].isalnum() and body[end - 1].isalnum()
            if not (glued_before or glued_after):
                found.append((start, end))
            pos = self.text.find(needle, pos + 1, last)
        return found


def _ends(squashed: _Squashed, text: str, old: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Find the text by its unchanged first and last words (an edit in its middle)."""
    stripped = text.strip()
    size = min(30, len(stripped) // 3)
    if size < 4:
        return None
    head = stripped[:size].rsplit(" ", 1)[0] if " " in stripped[:size] else stripped[:size]
    tail = stripped[-size:].split(" ", 1)[-1] if " " in stripped[-size:] else stripped[-size:]
    best = None
    tails = squashed.spans(tail, lo, hi)
    for h_start, _ in squashed.spans(head, lo, hi):
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
    After an edit, a segment is first tried at the shift of the previous moved
    one (an insertion above moves every later segment alike), then found by
    :func:`locate`.

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
    prepared: PreparedBody | None = None
    delta = 0  # the shift of the last moved segment: an edit above moves the rest alike
    for seg in segments:
        in_range = 0 <= seg.start <= seg.end <= len(body)
        if in_range and (
            body[seg.start : seg.end] == seg.text or (not seg.text and seg.end > seg.start)
        ):
            result.current.append(seg)
            continue
        found: tuple[int, int] | None = None
        if delta and seg.text and body[seg.start + delta : seg.end + delta] == seg.text:
            found = (seg.start + delta, seg.end + delta)
        else:
            if prepared is None:
                prepared = PreparedBody(body)
            found = locate(body, seg.text, seg.start, prepared=prepared)
        if found is None:
            result.stale.append(seg)
            continue
        delta = found[0] - seg.start
        new = replace(seg, start=found[0], end=found[1], text=body[found[0] : found[1]])
        result.current.append(new)
        result.moved.append((seg, new))
    return result


def anchor_project(
    project: Project, *, coder: str | None = None, document: str | None = None
) -> tuple[AnchorResult, list[Segment]]:
    """Load and anchor the project's segments (optionally one coder's / one document's).

    This is what reports (tally, quotes, agreement) call: use ``result.current``
    and report ``len(result.stale)`` (and the orphans) as left out.

    Args:
        project: The project.
        coder: Only this coder's segments.
        document: Only this document's segments (an exact document id).

    Returns:
        ``(result, orphans)``: the anchoring of every segment whose document
        exists, and the segments whose document does not exist.

    Raises:
        InvalidData: a malformed codings or document file.
    """
    from qualcode.store.codings import load_segments

    segments = load_segments(project, coder=coder, document=document)
    docs = {d.id: d for d in project.documents()}
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


__all__ = [
    "FUZZY_CUTOFF",
    "AnchorResult",
    "PreparedBody",
    "anchor_project",
    "anchor_segments",
    "locate",
]
