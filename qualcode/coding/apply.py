"""Coding and uncoding passages, and the coded-transcript view.

The library side of ``qualcode code``, ``qualcode uncode`` and
``qualcode notes show --codes``. Spans come from :mod:`qualcode.coding.selectors`;
codes are resolved through :meth:`~qualcode.codebook.tree.Codebook.resolve`;
segments are written with :func:`qualcode.store.codings.save_segments` (atomic).
Coding holds the codebook lock (so the codes cannot be renamed meanwhile) and
the codings file's lock, and re-reads both inside them.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from qualcode.codebook.tree import Codebook, load_codebook
from qualcode.coding.selectors import Span, counted, line_spans
from qualcode.errors import InvalidArgument, NotFound
from qualcode.models import Document, Segment
from qualcode.store import locking
from qualcode.store.codings import (
    check_coder,
    coding_lock,
    load_segments,
    normalise_segments,
    save_segments,
)
from qualcode.store.project import Project
from qualcode.table import Table

CODER_ENV = "QUALCODE_CODER"


def resolve_coder(project: Project, coder: str | None = None) -> str:
    """Return the coder: ``coder`` if given, else ``$QUALCODE_CODER``, else ``default_coder`` in qualcode.yaml.

    Raises:
        InvalidArgument: none of them is set, or the name is not a valid coder name.
    """
    name = coder or os.environ.get(CODER_ENV) or project.settings.get("default_coder")
    if not name:
        raise InvalidArgument(
            "no coder given",
            hint="pass --coder NAME, set QUALCODE_CODER, or set default_coder in qualcode.yaml",
        )
    return check_coder(str(name))


def resolve_codes(book: Codebook, refs: Iterable[str]) -> list[str]:
    """Return the code paths ``refs`` name, in order, without repeats.

    Raises:
        NotFound: an unknown or ambiguous code (see ``Codebook.resolve``).
    """
    paths: list[str] = []
    for ref in refs:
        path = book.resolve(ref)
        if path not in paths:
            paths.append(path)
    if not paths:
        raise InvalidArgument("no code given", hint="name at least one code path")
    return paths


@dataclass
class CodingChange:
    """What a coding or uncoding command did.

    Attributes:
        coder: The coder whose file changed.
        document: The document id.
        added: New segments written.
        unchanged: Requested segments that already existed (same code, same span).
        removed: Segments deleted.
    """

    coder: str
    document: str
    added: list[Segment] = field(default_factory=list)
    unchanged: list[Segment] = field(default_factory=list)
    removed: list[Segment] = field(default_factory=list)


def add_codings(
    project: Project,
    document: Document,
    codes: Sequence[str],
    spans: Sequence[Span],
    *,
    coder: str,
    memo: str | None = None,
    book: Codebook | None = None,
) -> CodingChange:
    """Code every span with every code for ``coder`` and save the file atomically.

    The same code on the same span is stored once (the request is reported as
    unchanged; a new memo is added to it). Overlapping and nested segments are kept.

    Args:
        project: The project.
        document: The document coded.
        codes: Code references (paths, names, labels, fuzzy), resolved via the codebook.
        spans: Passages from :func:`qualcode.coding.selectors.select`.
        coder: The coder name (see :func:`resolve_coder`).
        memo: An optional note stored on each new segment.
        book: The codebook (loaded from the project, under its lock, when None).

    Raises:
        NotFound: an unknown or ambiguous code.
        InvalidArgument: no codes or no spans, or a span outside the body.
        Busy: another command holds the codebook or the codings file.
    """
    check_coder(coder)
    if not spans:
        raise InvalidArgument("nothing selected to code")
    with project.lock(locking.CODEBOOK, coding_lock(coder, document.id)):
        return _add_codings(project, document, codes, spans, coder, memo, book)


def _add_codings(
    project: Project,
    document: Document,
    codes: Sequence[str],
    spans: Sequence[Span],
    coder: str,
    memo: str | None,
    book: Codebook | None,
) -> CodingChange:
    book = book or load_codebook(project.codebooks_dir)
    paths = resolve_codes(book, codes)
    existing = load_segments(project, coder=coder, document=document.id)
    index = {(s.code, s.start, s.end): s for s in existing}
    change = CodingChange(coder, document.id)
    dirty = False
    for span in spans:
        if not 0 <= span.start < span.end <= len(document.body):
            raise InvalidArgument(
                f"span {span.start}-{span.end} is outside the text "
                f"({counted(len(document.body), 'character')})"
            )
        for path in paths:
            key = (path, span.start, span.end)
            old = index.get(key)
            if old is not None:
                if memo and old.memo != memo:
                    merged = f"{old.memo}\n{memo}" if old.memo else memo
                    index[key] = Segment(
                        old.document, old.start, old.end, old.code, old.coder, old.text, merged
                    )
                    dirty = True
                change.unchanged.append(old)
                continue
            seg = Segment(document.id, span.start, span.end, path, coder, span.text, memo or None)
            index[key] = seg
            change.added.append(seg)
    if change.added or dirty:
        save_segments(project, coder, document.id, normalise_segments(index.values()))
    return change


def remove_codings(
    project: Project,
    document: Document,
    codes: Sequence[str],
    spans: Sequence[Span],
    *,
    coder: str,
    book: Codebook | None = None,
) -> CodingChange:
    """Remove ``coder``'s segments of the given codes that lie within any of ``spans``.

    A segment is removed when its code is one of ``codes`` (resolved via the
    codebook; a path no longer in the codebook may be given exactly) and it
    lies inside a span (``span.start <= seg.start`` and ``seg.end <= span.end``).

    Raises:
        NotFound: an unknown code, or no segment matched (nothing is written).
        Busy: another command holds the codebook or the codings file.
    """
    check_coder(coder)
    with project.lock(locking.CODEBOOK, coding_lock(coder, document.id)):
        return _remove_codings(project, document, codes, spans, coder, book)


def _remove_codings(
    project: Project,
    document: Document,
    codes: Sequence[str],
    spans: Sequence[Span],
    coder: str,
    book: Codebook | None,
) -> CodingChange:
    book = book or load_codebook(project.codebooks_dir)
    existing = load_segments(project, coder=coder, document=document.id)
    used = {s.code for s in existing}
    paths = []
    for ref in codes:
        path = ref if ref in used else book.resolve(ref)
        if path not in paths:
            paths.append(path)
    change = CodingChange(coder, document.id)
    kept = []
    for seg in existing:
        inside = any(span.start <= seg.start and seg.end <= span.end for span in spans)
        if seg.code in paths and inside:
            change.removed.append(seg)
        else:
            kept.append(seg)
    if not change.removed:
        raise NotFound(
            f"{coder} has no segment of {', '.join(paths)} in the selected passage of {document.id}",
            hint="see the codes with 'qualcode notes show DOC --codes'",
        )
    save_segments(project, coder, document.id, kept)
    return change


def line_codes(
    body: str, segments: Iterable[Segment], *, show_coder: bool = False
) -> list[list[str]]:
    """Return, for each line of ``body`` (index 0 = line 1), the sorted codes of segments touching it.

    Args:
        body: The document body.
        segments: Current segments of that document (anchor them first).
        show_coder: Label each code ``coder:code`` (when several coders are shown).
    """
    import bisect

    spans = line_spans(body)
    result: list[set[str]] = [set() for _ in spans]
    starts = [s for s, _ in spans]

    for seg in segments:
        label = f"{seg.coder}:{seg.code}" if show_coder else seg.code
        first = max(0, bisect.bisect_right(starts, seg.start) - 1)
        for index in range(first, len(spans)):
            lo, hi = spans[index]
            if lo >= seg.end:
                break
            if seg.start < max(hi, lo + 1):
                result[index].add(label)
    return [sorted(codes) for codes in result]


def format_coded(
    doc: Document,
    segments: Iterable[Segment],
    *,
    width: int = 72,
    show_coder: bool = False,
    lines: tuple[int, int] | None = None,
) -> str:
    """Return the body line-numbered, wrapped at ``width``, with each line's codes in a right margin.

    Long lines are wrapped; the codes of a line are listed one per printed row
    in the margin, starting on the line's first row.

    Args:
        doc: The document.
        segments: Its current (anchored) segments.
        width: Text column width in characters.
        show_coder: Prefix each code with its coder.
        lines: Only lines ``first`` to ``last`` (1-based, inclusive).
    """
    body_spans = line_spans(doc.body)
    codes = line_codes(doc.body, segments, show_coder=show_coder)
    number_width = len(str(len(body_spans))) if body_spans else 1
    out = []
    for index, (start, end) in enumerate(body_spans):
        if lines is not None and not lines[0] <= index + 1 <= lines[1]:
            continue
        text = doc.body[start:end]
        rows = textwrap.wrap(text, width=width, break_long_words=True) or [""]
        labels = codes[index]
        height = max(len(rows), len(labels))
        for row in range(height):
            number = f"{index + 1:>{number_width}}" if row == 0 else " " * number_width
            line_text = rows[row] if row < len(rows) else ""
            margin = f"| {labels[row]}" if row < len(labels) else ("|" if labels else "")
            if margin:
                out.append(f"{number}  {line_text:<{width}}  {margin}".rstrip())
            else:
                out.append(f"{number}  {line_text}".rstrip())
    return "".join(line + "\n" for line in out)


def current_segments(
    project: Project, doc: Document, *, coders: Sequence[str] | None = None
) -> tuple[list[Segment], int]:
    """Return the document's anchored segments (of ``coders``, default all) and the stale count."""
    from qualcode.coding.anchoring import anchor_segments

    if coders:
        found = [s for c in coders for s in load_segments(project, coder=c, document=doc.id)]
    else:
        found = load_segments(project, document=doc.id)
    result = anchor_segments(doc, found)
    return result.current, len(result.stale)


def coded_lines_table(
    doc: Document, segments: Iterable[Segment], *, show_coder: bool = False
) -> Table:
    """Return a table of (line, text, codes): each 1-based line with the codes touching it."""
    spans = line_spans(doc.body)
    codes = line_codes(doc.body, segments, show_coder=show_coder)
    rows = [(n + 1, doc.body[s:e], codes[n]) for n, (s, e) in enumerate(spans)]
    return Table(("line", "text", "codes"), rows, title=doc.title)


__all__ = [
    "CODER_ENV",
    "coded_lines_table",
    "counted",
    "current_segments",
    "CodingChange",
    "add_codings",
    "format_coded",
    "line_codes",
    "remove_codings",
    "resolve_coder",
    "resolve_codes",
]
