"""What the engine finds and returns: hits, replacements, decisions and results.

:class:`Hit` is a match found while reading (a name, a misspelling, an
initial...), before adjacent hits of one person are merged;
:class:`Replacement` and :class:`Decision` are what a :class:`Result`
reports. :mod:`qualcode.pseudonymise.engine` re-exports the public ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class Result:
    """The outcome of pseudonymising one text.

    Attributes:
        text: The pseudonymised text.
        replacements: What was replaced, in text order.
        reviews: Mentions left unchanged for review (fuzzy review mode, names
            split by a hyphen across lines when not joining).
        decisions: Context decisions (left or replaced although unsure), in text order.
    """

    text: str
    replacements: list[Replacement] = field(default_factory=list)
    reviews: list[Replacement] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Warnings about replacements (line: note), without personal data."""
        return [f"line {r.line}: {r.text}: {r.note}" for r in self.replacements if r.note]


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
) -> Replacement:
    """Return a :class:`Replacement` of ``text[start:end]`` (its line is set later)."""
    return Replacement(start, end, 0, text[start:end], new, kind, entry, label, matched, note)


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
    "NAME",
    "UNSURE",
    "WORD",
    "Decision",
    "Hit",
    "Replacement",
    "Result",
    "best",
    "dedupe",
    "replacement",
    "without_overlaps",
]
