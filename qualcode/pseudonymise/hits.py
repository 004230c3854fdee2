"""What the engine finds and returns: hits, replacements, decisions and results.

:class:`Hit` is a match found while reading (a name, a misspelling, an
initial...), before adjacent hits of one person are merged;
:class:`Replacement` and :class:`Decision` are what a :class:`Result`
reports. :mod:`qualcode.pseudonymise.engine` re-exports the public ones.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from itertools import starmap

from qualcode.pseudonymise.registry import Target
from qualcode.pseudonymise.text import skeleton

NAME, UNSURE, WORD = "name", "unsure", "word"


@dataclass(slots=True)
class Replacement:
    """One replaced (or reviewed) mention.

    Attributes:
        start: 0-based offset in the NFC input.
        end: Exclusive end offset.
        line: 1-based line of ``start``.
        original: The text replaced (personal data: show only with ``--reveal``).
        text: What replaced it.
        kind: ``exact``, ``alias``, ``fuzzy`` or ``pattern``.
        entry: The entry id (None for a pattern).
        label: The pseudonym (or placeholder type such as ``EMAIL``) for reports.
        matched: The registered name a fuzzy mention resembles (personal data).
        note: A warning, e.g. an invalid RUT check digit.
    """

    start: int
    end: int
    line: int
    original: str
    text: str
    kind: str
    entry: str | None
    label: str
    matched: str = ""
    note: str = ""


@dataclass(slots=True)
class Decision:
    """A choice made from context, for the user to confirm (or to mark ``keep``).

    Attributes:
        start: 0-based offset in the NFC input.
        end: Exclusive end offset.
        line: 1-based line of ``start``.
        original: The text (personal data: show only with ``--reveal``).
        action: ``left`` (read as an ordinary word or place) or ``replaced``
            (replaced although it may be a word: privacy first).
        reason: Why, in a few words (``an ordinary word in lower case``).
        entry: The entry it resembles.
        label: That entry's pseudonym.
    """

    start: int
    end: int
    line: int
    original: str
    action: str
    reason: str
    entry: str
    label: str


Row = tuple[int, int, int, str, str, str, "str | None", str, str, str]
"""A replacement as the engine keeps it: the fields of :class:`Replacement`, in order."""
START, END, LINE, ORIGINAL, TEXT, KIND, ENTRY, LABEL = range(8)


class Result:
    """The outcome of pseudonymising one text.

    Attributes:
        text: The pseudonymised text.
        replacements: What was replaced, in text order. The engine keeps
            them as rows and builds these objects (and their line numbers)
            the first time they are asked for, so a caller that only wants
            the text (``import``, :meth:`Pseudonymiser.__call__`) never pays for them.
        reviews: Mentions left unchanged for review (fuzzy review mode, names
            split by a hyphen across lines when not joining).
        decisions: Context decisions (left or replaced although unsure), in text order.
    """

    __slots__ = ("_replacements", "_rows", "_source", "decisions", "reviews", "text")

    def __init__(
        self,
        text: str,
        replacements: list[Replacement] | None = None,
        reviews: list[Replacement] | None = None,
        decisions: list[Decision] | None = None,
        *,
        rows: list[Row] | None = None,
        source: str = "",
    ) -> None:
        self.text = text
        self._replacements = replacements if replacements is not None or rows else []
        self._rows = rows
        self._source = source
        self.reviews = reviews if reviews is not None else []
        self.decisions = decisions if decisions is not None else []

    @property
    def replacements(self) -> list[Replacement]:
        """What was replaced, in text order (built on first use)."""
        if self._replacements is None:
            self._replacements = materialise(self._source, self._rows or [])
            self._rows, self._source = None, ""
        return self._replacements

    @replacements.setter
    def replacements(self, value: list[Replacement]) -> None:
        self._replacements, self._rows, self._source = value, None, ""

    def __repr__(self) -> str:
        return f"Result(text={self.text!r}, replacements={len(self.replacements)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return (self.text, self.replacements, self.reviews, self.decisions) == (
            other.text,
            other.replacements,
            other.reviews,
            other.decisions,
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def warnings(self) -> list[str]:
        """Warnings about replacements (line: note), without personal data."""
        return [f"line {r.line}: {r.text}: {r.note}" for r in self.replacements if r.note]


def materialise(text: str, rows: list[Row]) -> list[Replacement]:
    """Return the :class:`Replacement` objects of ``rows`` (sorted), with their 1-based lines in ``text``."""
    out: list[Replacement] = []
    line, last = 1, 0
    count = text.count
    paused = len(rows) > 10_000 and gc.isenabled()  # many small objects, no cycles
    if paused:
        gc.disable()
    try:
        out = list(starmap(Replacement, rows))  # built in C, then their lines
        for rep in out:
            start = rep.start
            line += count("\n", last, start)
            last = start
            rep.line = line
    finally:
        if paused:
            gc.enable()
    return out


@dataclass(slots=True)
class Hit:
    """A match found while reading, before merging (offsets as in :class:`Replacement`)."""

    start: int
    end: int
    targets: list[Target]
    fuzzy: str = ""  # the registered name a fuzzy hit resembles
    status: str = NAME  # NAME, UNSURE or WORD (left unless beside another part)
    reason: str = ""
    initial: bool = False  # initials beside a mention: replaced only with it
    alone: str = ""  # the status when the person is not otherwise mentioned ('': the same)
    alone_reason: str = ""


def replacement(
    text: str,
    start: int,
    end: int,
    new: str,
    kind: str,
    entry: str | None,
    label: str,
    *,
    note: str = "",
    matched: str = "",
) -> Row:
    """Return the row of a replacement of ``text[start:end]`` (its line is set when it is built)."""
    return (start, end, 0, text[start:end], new, kind, entry, label, matched, note)


def best(hit: Hit, entry_id: str, *, parts_first: bool = False) -> Target:
    """Return ``hit``'s target for ``entry_id``; with ``parts_first`` a name part over an alias."""
    mine = [t for t in hit.targets if t.entry == entry_id]
    if parts_first:
        for target in mine:
            if target.part >= 0:
                return target
    return mine[0]


def without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Return ``hits`` (sorted by start) without overlaps: the first, or the longer at one start."""
    out: list[Hit] = []
    for hit in hits:
        if out and hit.start < out[-1].end:
            if hit.end - hit.start > out[-1].end - out[-1].start and hit.start == out[-1].start:
                out[-1] = hit
            continue
        out.append(hit)
    return out


def dedupe(words: list[str]) -> list[str]:
    """Return ``words`` without a word equal (folded) to the one before it."""
    out: list[str] = []
    for word in words:
        if not out or skeleton(out[-1]) != skeleton(word):
            out.append(word)
    return out


__all__ = [
    "END",
    "ENTRY",
    "KIND",
    "LABEL",
    "LINE",
    "ORIGINAL",
    "START",
    "TEXT",
    "NAME",
    "UNSURE",
    "WORD",
    "Decision",
    "Hit",
    "Replacement",
    "Result",
    "Row",
    "best",
    "materialise",
    "dedupe",
    "replacement",
    "without_overlaps",
]
