"""Keyword in context: find words across the corpus with the codes around them.

Matching is accent- and case-insensitive by default: the text and the pattern
are both folded with :func:`qualcode.coding.keywords.fold_text`, which keeps lengths,
so offsets in the folded text are offsets in the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict

from qualcode.analysis.corpus import Corpus
from qualcode.coding.keywords import fold_text
from qualcode.errors import InvalidArgument
from qualcode.table import Table


def _fold_pattern(pattern: str) -> str:
    """Fold a regular expression's literal characters, leaving ``\\x`` escapes alone."""
    out = []
    escaped = False
    for char in pattern:
        out.append(char if escaped else fold_text(char))
        escaped = char == "\\" and not escaped
    return "".join(out)


def compile_pattern(pattern: str, *, regex: bool = False, exact: bool = False) -> re.Pattern[str]:
    """Return the compiled search pattern.

    Args:
        pattern: A literal string, or a Python regular expression with
            ``regex``; normalised to NFC like the document bodies.
        regex: Treat ``pattern`` as a regular expression.
        exact: Match case and accents as written.

    Raises:
        InvalidArgument: an empty pattern or a bad regular expression.
    """
    if not pattern:
        raise InvalidArgument("empty pattern", hint="give a word or phrase to look for")
    # Bodies are NFC (qualcode.store.textio); a pattern typed or pasted decomposed
    # (o + combining acute) must match them too.
    pattern = unicodedata.normalize("NFC", pattern)
    source = pattern if regex else re.escape(pattern)
    if not exact:
        source = _fold_pattern(source)
    try:
        return re.compile(source)
    except re.error as exc:
        raise InvalidArgument(
            f"bad regular expression {pattern!r}: {exc}", hint="check the brackets and escapes"
        ) from None


def keyword_in_context(
    corpus: Corpus,
    pattern: str,
    *,
    regex: bool = False,
    exact: bool = False,
    context: int = 40,
) -> Table:
    """Return every match of ``pattern`` with its surroundings and the codes on its line.

    Args:
        corpus: The corpus, loaded with text.
        pattern: What to find.
        regex: ``pattern`` is a regular expression.
        exact: Case- and accent-sensitive.
        context: Characters of context on each side (line breaks shown as spaces).

    Returns:
        A table with ``document``, ``line`` (1-based), ``column`` (1-based, in
        characters), ``left``, ``match``, ``right`` and ``codes`` (sorted
        code paths of the current segments overlapping the hit's line).

    Raises:
        InvalidArgument: a bad pattern or a negative context.
    """
    if context < 0:
        raise InvalidArgument("--context must be 0 or more")
    compiled = compile_pattern(pattern, regex=regex, exact=exact)
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for row in corpus.rows:
        spans[row[0]].append((row[1], row[2], row[3]))
    rows = []
    for doc in corpus.documents:
        body = doc.body
        text = body if exact else fold_text(body)
        line_starts: list[int] | None = None
        for match in compiled.finditer(text):
            start, end = match.span()
            if start == end:
                continue
            if line_starts is None:
                line_starts = [0, *(i + 1 for i, c in enumerate(body) if c == "\n")]
            line = bisect.bisect_right(line_starts, start)
            line_start = line_starts[line - 1]
            line_end = body.find("\n", start)
            line_end = len(body) if line_end == -1 else line_end
            codes = sorted(
                {c for s, e, c in spans.get(doc.id, ()) if s < line_end + 1 and line_start < e}
            )
            rows.append(
                (
                    doc.id,
                    line,
                    start - line_start + 1,
                    body[max(0, start - context) : start].replace("\n", " "),
                    body[start:end],
                    body[end : end + context].replace("\n", " "),
                    codes,
                )
            )
    docs = len({r[0] for r in rows})
    notes = [
        f"{len(rows)} match{'es' if len(rows) != 1 else ''} in {docs} of {len(corpus.documents)} documents."
    ]
    return Table(
        ("document", "line", "column", "left", "match", "right", "codes"),
        rows,
        title=f"Keyword in context: {pattern}",
        notes=notes,
        terminal_columns=("document", "line", "left", "match", "right", "codes"),
    )
