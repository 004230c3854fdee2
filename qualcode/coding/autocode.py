"""Auto-coding: suggesting segments where a code's keywords or a pattern occur.

Keyword hits come from :class:`qualcode.coding.keywords.KeywordMatcher` (case- and
accent-insensitive, word-aware, simple inflections); pattern hits from a
regular expression, also case- and accent-insensitive by default: it runs over
the text folded by :func:`qualcode.coding.keywords.fold_text` (length-preserving, so
offsets are the original text's) with the pattern's literal letters folded
alike (``prestamo`` finds ``Préstamo``; ``pr[eé]stamo`` works too). With
``exact=True`` the pattern runs over the text as written, case- and
accent-sensitive. Each hit is widened to its *unit*:

* ``match``: the matched text itself;
* ``sentence``: the sentence(s) holding it (a sentence ends at ``.``, ``!``,
  ``?`` or ``…`` followed by whitespace, or at a line break);
* ``paragraph``: the paragraph(s) holding it (blocks between blank lines).

Every suggestion is trimmed to its non-whitespace span (a match never starts
with a newline nor holds a ``\\r``), and one code gets one suggestion per unit
however many keywords it holds. Suggestions are applied under the coder
``auto`` by default, so machine coding never mixes silently with a person's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualcode.codebook.tree import Codebook, load_codebook
from qualcode.coding.keywords import FOLD_TABLE, KeywordMatcher, fold_text
from qualcode.coding.selectors import counted, paragraphs, trim
from qualcode.errors import InvalidArgument, InvalidData
from qualcode.models import Document, Segment
from qualcode.store import locking
from qualcode.store.codings import coding_lock, load_segments, normalise_segments, stage_segments
from qualcode.store.project import Project
from qualcode.table import Table

UNITS = ("sentence", "paragraph", "match")
AUTO_CODER = "auto"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")


@dataclass(frozen=True, order=True)
class Suggestion:
    """A suggested segment.

    Attributes:
        document: Document id.
        start: 0-based start offset (code points).
        end: Exclusive end offset.
        code: Code path.
        text: ``body[start:end]``.
        matched: The distinct texts that matched in it (as written in the
            body, whitespace runs shown as one space), comma-separated.
    """

    document: str
    start: int
    end: int
    code: str
    text: str
    matched: str

    def segment(self, coder: str) -> Segment:
        """Return this suggestion as a segment of ``coder``."""
        return Segment(self.document, self.start, self.end, self.code, coder, self.text)


MATCHED_WIDTH = 60
"""Longest matched text kept in :attr:`Suggestion.matched` (characters; longer ones end in …)."""


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MATCHED_WIDTH else flat[: MATCHED_WIDTH - 1] + "…"


def sentence_spans(body: str) -> list[tuple[int, int]]:
    """Return the trimmed ``(start, end)`` of each sentence of ``body``, in order."""
    spans = []
    pos = 0
    for match in _SENTENCE_END.finditer(body):
        start, end = trim(body, pos, match.end())
        if start < end:
            spans.append((start, end))
        pos = match.end()
    start, end = trim(body, pos, len(body))
    if start < end:
        spans.append((start, end))
    return spans


def _units(body: str, unit: str) -> list[tuple[int, int]]:
    if unit == "sentence":
        return sentence_spans(body)
    return [(p.start, p.end) for p in paragraphs(body)]


def _widen(
    units: list[tuple[int, int]], starts: list[int], start: int, end: int
) -> tuple[int, int]:
    first = max(0, bisect.bisect_right(starts, start) - 1)
    last = max(first, bisect.bisect_left(starts, end) - 1)
    lo = min(start, units[first][0]) if units else start
    hi = max(end, units[last][1]) if units else end
    return lo, hi


def fold_pattern(pattern: str) -> str:
    """Fold the literal letters of a regular expression like :func:`qualcode.coding.keywords.fold_text`.

    A backslash and the character after it are kept as written, so escapes
    such as ``\\S``, ``\\W``, ``\\D`` and ``\\B`` keep their meaning, and
    so is the ``P`` of ``(?P<name>...)`` and ``(?P=name)``; every other
    character is folded (``Préstamo`` -> ``prestamo``, ``pr[eé]stamo`` ->
    ``pr[ee]stamo``). An escape naming an accented or capital letter by its
    code (``\\xe9``, ``\\u00C9``) then finds nothing in folded text: write
    the letter itself, or match exactly.
    """
    out: list[str] = []
    escaped = False
    for index, char in enumerate(pattern):
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "P" and pattern[max(0, index - 2) : index] == "(?":
            out.append(char)
        else:
            out.append(char.translate(FOLD_TABLE))
    return "".join(out)


def compile_pattern(pattern: str, *, exact: bool = False) -> re.Pattern[str]:
    """Compile a user ``--pattern`` (multiline).

    Args:
        pattern: A Python regular expression.
        exact: Compile it as written, case-sensitive; otherwise its literal
            letters are folded (:func:`fold_pattern`) and case is ignored, for
            matching against ``fold_text(body)``.

    Raises:
        InvalidArgument: the regular expression is malformed.
    """
    try:
        if exact:
            return re.compile(pattern, re.MULTILINE)
        return re.compile(fold_pattern(pattern), re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise InvalidArgument(
            f"invalid --pattern {pattern!r}: {exc}", hint="use Python regular expression syntax"
        ) from None


def suggest(
    docs: Iterable[Document],
    *,
    matcher: KeywordMatcher | None = None,
    patterns: Sequence[tuple[str, str]] = (),
    unit: str = "sentence",
    exact: bool = False,
) -> list[Suggestion]:
    """Return suggested segments for every document, sorted by (document, start, end, code).

    Args:
        docs: The documents to scan.
        matcher: Keyword matcher (e.g. ``KeywordMatcher.from_codebook(book)``), or None.
        patterns: ``(regex, code path)`` pairs.
        unit: ``sentence``, ``paragraph`` or ``match`` (see the module docstring).
        exact: Match patterns case- and accent-sensitively, as written
            (default: both ignored; keywords always ignore them).

    Raises:
        InvalidArgument: an unknown unit or a malformed pattern.
    """
    if unit not in UNITS:
        raise InvalidArgument(f"unknown unit {unit!r}", hint="use sentence, paragraph or match")
    compiled = [(compile_pattern(p, exact=exact), code) for p, code in patterns]
    result: list[Suggestion] = []
    for doc in docs:
        body = doc.body
        hits: list[tuple[int, int, str, str]] = []
        if matcher:
            hits.extend(
                (h.start, h.end, h.code, _shown(body[h.start : h.end])) for h in matcher.find(body)
            )
        searched = body if exact or not compiled else fold_text(body)
        for regex, code in compiled:
            for match in regex.finditer(searched):
                start, end = trim(body, *match.span())
                if start < end:
                    hits.append((start, end, code, _shown(body[start:end])))
        if not hits:
            continue
        units = _units(body, unit) if unit != "match" else []
        starts = [s for s, _ in units]
        merged: dict[tuple[str, int, int], list[str]] = {}
        for start, end, code, word in hits:
            if unit != "match":
                start, end = _widen(units, starts, start, end)
            words = merged.setdefault((code, start, end), [])
            if word not in words:
                words.append(word)
        for (code, start, end), words in merged.items():
            result.append(Suggestion(doc.id, start, end, code, body[start:end], ", ".join(words)))
    return sorted(result)


def matcher_for(book: Codebook, codes: Sequence[str] | None = None) -> KeywordMatcher:
    """Return a keyword matcher for ``codes`` (resolved via the codebook; default: all codes).

    Raises:
        NotFound: an unknown code.
    """
    paths = [book.resolve(c) for c in codes] if codes else None
    return KeywordMatcher.from_codebook(book, codes=paths)


def apply_suggestions(
    project: Project, suggestions: Iterable[Suggestion], *, coder: str = AUTO_CODER
) -> list[Segment]:
    """Write suggestions as ``coder``'s segments (added to what is there), all documents at once.

    Every codings file changes in one transaction (all or none, even if the
    command is killed). The codebook lock and each file's lock are held, and
    the files re-read, while the new segments are merged in. To be sure the
    codebook cannot change between :func:`suggest` and this call, hold
    ``project.lock("codebooks")`` around both (``qualcode autocode --apply`` does).

    Returns:
        The segments that were new.

    Raises:
        InvalidData: a suggested code is no longer in the codebook (it was
            renamed or removed meanwhile); nothing is written.
        Busy: another command holds the codebook or a codings file.
    """
    by_doc: dict[str, list[Suggestion]] = {}
    for sug in suggestions:
        by_doc.setdefault(sug.document, []).append(sug)
    added: list[Segment] = []
    if not by_doc:
        return added
    locks = [coding_lock(coder, doc_id) for doc_id in by_doc]
    with project.lock(locking.CODEBOOK, *locks):
        book = load_codebook(project.codebooks_dir)
        gone = sorted({s.code for sugs in by_doc.values() for s in sugs if s.code not in book})
        if gone:
            raise InvalidData(
                f"the codebook changed while auto-coding: {', '.join(gone)} no longer exists",
                hint="run the command again",
            )
        with project.transaction("autocode --apply") as tx:
            for doc_id in sorted(by_doc):
                existing = load_segments(project, coder=coder, document=doc_id)
                keys = {(s.code, s.start, s.end) for s in existing}
                new = [
                    s.segment(coder) for s in by_doc[doc_id] if (s.code, s.start, s.end) not in keys
                ]
                if new:
                    stage_segments(
                        project, tx, coder, doc_id, normalise_segments([*existing, *new])
                    )
                    added.extend(new)
    return added


def summary_table(suggestions: Iterable[Suggestion], *, title: str = "auto-coding") -> Table:
    """Return a table of (code, segments, documents), one row per code, sorted by code path."""
    counts: dict[str, tuple[int, set[str]]] = {}
    for sug in suggestions:
        n, docs = counts.get(sug.code, (0, set()))
        docs.add(sug.document)
        counts[sug.code] = (n + 1, docs)
    rows = [(code, n, len(docs)) for code, (n, docs) in sorted(counts.items())]
    total = sum(r[1] for r in rows)
    return Table(
        ("code", "segments", "documents"),
        rows,
        title=f"{title}: {counted(total, 'segment')}, {counted(len(rows), 'code')}",
    )


def suggestions_table(suggestions: Iterable[Suggestion]) -> Table:
    """Return a table with one row per suggestion: document, start, end, code, matched, text."""
    rows = [(s.document, s.start, s.end, s.code, s.matched, s.text) for s in suggestions]
    return Table(
        ("document", "start", "end", "code", "matched", "text"),
        rows,
        title=counted(len(rows), "suggestion"),
        terminal_columns=("document", "start", "code", "matched", "text"),
    )


__all__ = [
    "AUTO_CODER",
    "UNITS",
    "Suggestion",
    "apply_suggestions",
    "compile_pattern",
    "fold_pattern",
    "matcher_for",
    "sentence_spans",
    "suggest",
    "suggestions_table",
    "summary_table",
]
