"""The interactive tagging session as a state machine, with no input or output.

``qualcode tag`` drives a :class:`TagSession`: it shows :attr:`TagSession.paragraph`,
reads a line and calls :meth:`~TagSession.apply`, :meth:`~TagSession.next`,
:meth:`~TagSession.back`, :meth:`~TagSession.undo`, :meth:`~TagSession.code_lines`
or :meth:`~TagSession.add_memo`. Every coding is saved at once (atomically)
through :mod:`qualcode.coding.apply`, so an interrupted session loses nothing.

Which paragraphs were visited is kept per coder and document in
``.qualcode/tagging/<coder>/<document>.yaml`` (private, not shared in git), so
the next session resumes at the first paragraph not yet visited; it is
re-read and merged under its lock before each write, so two sessions never
forget each other's paragraphs. A paragraph
counts as visited once it is coded or the coder moves past it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.codebook.tree import Codebook, fold, load_codebook
from qualcode.coding.apply import add_codings
from qualcode.coding.selectors import (
    Paragraph,
    Span,
    counted,
    paragraphs,
    parse_spec,
    select_lines,
)
from qualcode.errors import InvalidArgument, NotFound, QualcodeError, QualcodeWarning
from qualcode.models import Document, Segment
from qualcode.store import locking, yamlio
from qualcode.store.project import Project

CHOICES_CUTOFF = 60.0
"""Codes scoring at least this (rapidfuzz 0-100) are offered as choices for an unresolved entry."""


@dataclass(frozen=True)
class Resolution:
    """How one typed code was understood.

    Attributes:
        typed: What the coder typed.
        path: The code path applied, or None.
        choices: Candidate paths when the entry was ambiguous or unknown (best first).
    """

    typed: str
    path: str | None
    choices: tuple[str, ...] = ()


def resolve_entry(book: Codebook, typed: str) -> Resolution:
    """Resolve one typed code: exact or unique fuzzy -> a path; otherwise the numbered choices.

    Candidates are the codes whose name or label starts with the entry, then the
    closest by rapidfuzz score (at least :data:`CHOICES_CUTOFF`), at most nine.
    A single candidate is a unique match and is applied (``comunidad`` ->
    ``community``); only two or more make a menu.

    Returns:
        A :class:`Resolution` with ``path`` set, or with ``choices`` (two or
        more; empty when nothing is close).
    """
    try:
        with warnings.catch_warnings():  # the session echoes 'typed -> path' itself
            warnings.simplefilter("ignore", QualcodeWarning)
            return Resolution(typed, book.resolve(typed))
    except NotFound:
        folded = fold(typed.strip())
        prefix = [
            c.path
            for c in book
            if folded and (fold(c.name).startswith(folded) or fold(c.label).startswith(folded))
        ]
        close = [p for p, score in book.closest(typed, limit=5) if score >= CHOICES_CUTOFF]
        choices = list(dict.fromkeys([*prefix, *close]))[:9]
        if len(choices) == 1:
            return Resolution(typed, choices[0])
        return Resolution(typed, None, tuple(choices))


def state_path(project: Project, coder: str, document: str) -> Path:
    """Return the file keeping which paragraphs ``coder`` has visited in ``document``."""
    return project.private_dir / "tagging" / coder / f"{document}.yaml"


@dataclass
class TagSession:
    """One coder tagging one document paragraph by paragraph.

    Attributes:
        project: The project.
        document: The document being coded.
        coder: The coder.
        book: The codebook.
        paragraphs: The document's paragraphs (1-based ``number``).
        index: 0-based index of the current paragraph.
        visited: 1-based numbers of the paragraphs visited so far (persisted).
        history: Segments added in this session, newest last (for undo).
    """

    project: Project
    document: Document
    coder: str
    book: Codebook
    paragraphs: list[Paragraph] = field(default_factory=list)
    index: int = 0
    visited: set[int] = field(default_factory=set)
    history: list[Segment] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        project: Project,
        document: Document,
        coder: str,
        *,
        start_at: int | None = None,
        book: Codebook | None = None,
    ) -> TagSession:
        """Open a session: at paragraph ``start_at`` (1-based) or the first unvisited one.

        Raises:
            InvalidArgument: the document has no paragraphs, or ``start_at`` is out of range.
        """
        paras = paragraphs(document.body)
        if not paras:
            raise InvalidArgument(f"{document.id} has no text to code")
        session = cls(project, document, coder, book or load_codebook(project.codebooks_dir), paras)
        session.visited = session._load_visited()
        if start_at is not None:
            if not 1 <= start_at <= len(paras):
                raise InvalidArgument(
                    f"paragraph {start_at} is out of range: "
                    f"{document.id} has {counted(len(paras), 'paragraph')}"
                )
            session.index = start_at - 1
        else:
            session.index = session.first_unvisited()
        return session

    # -- persistence -------------------------------------------------------

    def _load_visited(self) -> set[int]:
        path = state_path(self.project, self.coder, self.document.id)
        if not path.exists():
            return set()
        try:
            data = yamlio.load_file(path) or {}
        except QualcodeError:  # a damaged private state file only loses the resume point
            return set()
        if not isinstance(data, dict) or data.get("paragraphs") != len(self.paragraphs):
            return set()
        visited = data.get("visited") or []
        return {n for n in visited if isinstance(n, int) and 1 <= n <= len(self.paragraphs)}

    def _save_visited(self) -> None:
        """Add this session's visited paragraphs to the stored ones (under the state's lock)."""
        with self.project.lock(locking.tagging(self.coder, self.document.id)):
            self.visited |= self._load_visited()  # another session may have moved on too
            self.project.write_file(
                state_path(self.project, self.coder, self.document.id),
                yamlio.dump(
                    {
                        "document": self.document.id,
                        "coder": self.coder,
                        "paragraphs": len(self.paragraphs),
                        "visited": sorted(self.visited),
                    }
                ),
            )

    # -- navigation --------------------------------------------------------

    @property
    def paragraph(self) -> Paragraph:
        """Return the current paragraph."""
        return self.paragraphs[self.index]

    @property
    def done(self) -> bool:
        """Return whether the session moved past the last paragraph."""
        return self.index >= len(self.paragraphs)

    def first_unvisited(self) -> int:
        """Return the 0-based index of the first paragraph not visited (len when all are)."""
        for i, para in enumerate(self.paragraphs):
            if para.number not in self.visited:
                return i
        return len(self.paragraphs)

    def mark_visited(self) -> None:
        """Record the current paragraph as visited (saved at once)."""
        if not self.done and self.paragraph.number not in self.visited:
            self.visited.add(self.paragraph.number)
            self._save_visited()

    def next(self) -> None:
        """Mark the current paragraph visited and move to the next one."""
        self.mark_visited()
        self.index = min(self.index + 1, len(self.paragraphs))

    def back(self) -> None:
        """Move to the previous paragraph (stays on the first)."""
        self.index = max(0, self.index - 1)

    # -- coding ------------------------------------------------------------

    def codes_here(self) -> list[Segment]:
        """Return this coder's segments overlapping the current paragraph."""
        from qualcode.store.codings import load_segments

        para = self.paragraph
        return [
            s
            for s in load_segments(self.project, coder=self.coder, document=self.document.id)
            if s.start < para.end and para.start < s.end
        ]

    def resolve(self, line: str) -> list[Resolution]:
        """Resolve a line of comma-separated codes (empty items ignored)."""
        return [resolve_entry(self.book, item.strip()) for item in line.split(",") if item.strip()]

    def line_selection(self, lines: str) -> list[Span]:
        """Return the spans of a line SPEC, checked against the current paragraph first.

        The SPEC's syntax and its range are checked before anything else, so a
        line outside the paragraph is reported as such (not as blank or out of
        the document).

        Args:
            lines: 1-based, inclusive line numbers (``3``, ``3-4``, ``3,4``).

        Raises:
            InvalidArgument: a malformed SPEC (``3-``, ``x``), a line outside the
                current paragraph, or a blank line.
        """
        para = self.paragraph
        where = (
            f"line {para.first_line}"
            if para.first_line == para.last_line
            else f"lines {para.first_line}-{para.last_line}"
        )
        for first, last in parse_spec(lines, "line"):
            outside = [n for n in (first, last) if not para.first_line <= n <= para.last_line]
            if outside:
                raise InvalidArgument(
                    f"line {outside[0]} is not in this paragraph ({where})",
                    hint=f"give line numbers from {where}",
                )
        return select_lines(self.document.body, lines)

    def apply(
        self, paths: Sequence[str], *, lines: str | None = None, memo: str | None = None
    ) -> list[Segment]:
        """Code the current paragraph (or ``lines`` of it, a line SPEC) with resolved ``paths``.

        Returns:
            The segments newly added (already saved).

        Raises:
            InvalidArgument: a line outside the current paragraph, or a bad SPEC
                (see :meth:`line_selection`).
        """
        para = self.paragraph
        if lines is None:
            spans = [Span(para.start, para.end, para.text)]
        else:
            spans = self.line_selection(lines)
        if not paths:
            return []
        change = add_codings(
            self.project, self.document, paths, spans, coder=self.coder, memo=memo, book=self.book
        )
        self.history.extend(change.added)
        self.mark_visited()
        return change.added

    def undo(self) -> Segment | None:
        """Remove the last segment added in this session; return it (None when nothing to undo)."""
        if not self.history:
            return None
        from qualcode.store.codings import update_segments

        seg = self.history.pop()
        key = (seg.code, seg.start, seg.end)
        update_segments(
            self.project,
            self.coder,
            self.document.id,
            lambda stored: [s for s in stored if (s.code, s.start, s.end) != key],
        )
        return seg

    def add_memo(self, text: str) -> list[Segment]:
        """Attach ``text`` as a memo to this coder's segments of the current paragraph.

        Raises:
            InvalidArgument: the paragraph has no segment of this coder yet.
        """
        here = self.codes_here()
        if not here:
            raise InvalidArgument("code this paragraph first, then add a memo to its codings")
        for seg in here:
            add_codings(
                self.project,
                self.document,
                [seg.code],
                [Span(seg.start, seg.end, seg.text)],
                coder=self.coder,
                memo=text,
                book=_PassThrough(self.book, seg.code),
            )
        return here


class _PassThrough(Codebook):
    """A codebook view resolving one exact stored path (even one removed from the codebook)."""

    def __init__(self, book: Codebook, path: str) -> None:
        super().__init__(book.codes, book.files)
        self._path = path

    def resolve(self, ref: str) -> str:
        """Return the stored path unchanged."""
        return self._path if ref == self._path else super().resolve(ref)


__all__ = ["Resolution", "TagSession", "resolve_entry", "state_path"]
