"""Selectors: turning ``--lines``, ``--para``, ``--chars`` and ``--quote`` into spans of a body.

Every command that picks text shares these rules:

* ``--lines SPEC``: 1-based line numbers, inclusive, as ``qualcode notes show``
  numbers them. ``2-5`` is one span from the start of line 2 to the end of
  line 5.
* ``--para SPEC``: 1-based paragraphs, i.e. blocks of non-blank lines
  separated by one or more blank lines.
* ``--chars SPEC``: 0-based, end-exclusive code point offsets, exactly as
  stored in codings files and REFI-QDA (``9-25`` is ``body[9:25]``, 16
  characters; a single number ``9`` is the one character ``body[9:10]``).
  An empty range (``9-9``) or a reversed one (``25-9``) is an error, never
  widened.
* ``--quote TEXT``: the passage is found exact first, then ignoring case,
  accents and runs of whitespace, then fuzzily (rapidfuzz). Several equally
  good matches are an error listing each with its line number.

SPEC is a comma-separated list of numbers and ranges (``3``, ``2-5``,
``1,4,7-9``); each item becomes its own span. Line and paragraph spans are
trimmed to their non-whitespace text, so a span never ends in a newline.
Malformed or out-of-range selectors raise
:class:`~qualcode.errors.InvalidArgument`; nothing is ever clamped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.coding.keywords import fold_text
from qualcode.errors import InvalidArgument

FUZZY_CUTOFF = 85.0
"""Minimum rapidfuzz ``partial_ratio`` (0-100) for a fuzzy ``--quote`` match."""

_ITEM = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """Return ``count`` with ``noun`` in the singular or plural: ``1 segment``, ``2 segments``, ``0 segments``.

    Args:
        count: The number.
        noun: The singular noun.
        plural: The plural when it is not ``noun + "s"`` (``1 match``, ``2 matches``).
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


@dataclass(frozen=True, order=True)
class Span:
    """A selected passage of a body.

    Attributes:
        start: 0-based offset of the first code point.
        end: Exclusive end offset.
        text: ``body[start:end]``.
    """

    start: int
    end: int
    text: str


def line_spans(body: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each line of ``body``, without its ``\\n``; line 1 is index 0."""
    spans = []
    pos = 0
    for line in body.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    if body.endswith("\n") or not body:
        spans.pop()
    return spans


def line_number(body: str, offset: int) -> int:
    """Return the 1-based line number holding ``offset``."""
    return body.count("\n", 0, offset) + 1


def trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` shrunk to exclude leading and trailing whitespace (never ``\\r``)."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: a block of non-blank lines.

    Attributes:
        number: 1-based paragraph number.
        start: Offset of its first non-whitespace character.
        end: Exclusive offset after its last non-whitespace character.
        first_line: 1-based number of its first line.
        last_line: 1-based number of its last line (inclusive).
        text: ``body[start:end]``.
    """

    number: int
    start: int
    end: int
    first_line: int
    last_line: int
    text: str

    @property
    def speaker(self) -> str | None:
        """Return the speaker label (``Pancho:`` -> ``Pancho``) if the paragraph starts with one."""
        match = re.match(r"^([^\s:][^:\n]{0,40}):\s", self.text)
        return match.group(1) if match else None


def paragraphs(body: str) -> list[Paragraph]:
    """Return the paragraphs of ``body`` (blocks separated by blank lines), numbered from 1."""
    found: list[Paragraph] = []
    block: list[int] = []  # 0-based line indexes of the current block
    spans = line_spans(body)

    def close() -> None:
        if block:
            start, end = trim(body, spans[block[0]][0], spans[block[-1]][1])
            found.append(
                Paragraph(len(found) + 1, start, end, block[0] + 1, block[-1] + 1, body[start:end])
            )
            block.clear()

    for index, (start, end) in enumerate(spans):
        if body[start:end].strip():
            block.append(index)
        else:
            close()
    close()
    return found


def _parse_items(spec: str, what: str) -> list[tuple[int, int | None]]:
    """Parse SPEC into ``(first, last)`` pairs, ``last`` None for a single number."""
    items: list[tuple[int, int | None]] = []
    for raw in spec.split(","):
        match = _ITEM.match(raw)
        if not match:
            raise InvalidArgument(
                f"malformed {what} selector {raw.strip()!r} in {spec!r}",
                hint="use numbers and ranges separated by commas, e.g. 3 or 2-5 or 1,4,7-9",
            )
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else None
        items.append((first, last))
    return items


def parse_spec(spec: str, what: str = "item") -> list[tuple[int, int]]:
    """Parse a SPEC such as ``1,4,7-9`` into inclusive ``(first, last)`` pairs, in the given order.

    Args:
        spec: Comma-separated numbers and ``A-B`` ranges.
        what: The unit named in error messages (``line``, ``paragraph``, ``character``).

    Raises:
        InvalidArgument: an empty or malformed item, or a range whose end is before its start.
    """
    items = []
    for first, last in _parse_items(spec, what):
        last = first if last is None else last
        if last < first:
            raise InvalidArgument(
                f"{what} range {first}-{last} ends before it starts", hint="write it as low-high"
            )
        items.append((first, last))
    return items


def _nonempty(body: str, start: int, end: int, label: str) -> Span:
    s, e = trim(body, start, end)
    if s >= e:
        raise InvalidArgument(f"{label} is blank; there is nothing to code")
    return Span(s, e, body[s:e])


def select_lines(body: str, spec: str) -> list[Span]:
    """Return one span per SPEC item of 1-based inclusive line numbers, trimmed of whitespace.

    Raises:
        InvalidArgument: malformed SPEC, a line number of 0 or past the last line, or blank lines only.
    """
    spans = line_spans(body)
    result = []
    for first, last in parse_spec(spec, "line"):
        if first < 1 or last > len(spans):
            raise InvalidArgument(
                f"line {last if first >= 1 else first} is out of range: "
                f"the document has {counted(len(spans), 'line')}",
                hint="see the line numbers with 'qualcode notes show DOC'",
            )
        label = f"line {first}" if first == last else f"lines {first}-{last}"
        result.append(_nonempty(body, spans[first - 1][0], spans[last - 1][1], label))
    return result


def select_paragraphs(body: str, spec: str) -> list[Span]:
    """Return one span per SPEC item of 1-based paragraph numbers (a range spans several paragraphs).

    Raises:
        InvalidArgument: malformed SPEC or a paragraph number of 0 or past the last paragraph.
    """
    paras = paragraphs(body)
    result = []
    for first, last in parse_spec(spec, "paragraph"):
        if first < 1 or last > len(paras):
            raise InvalidArgument(
                f"paragraph {last if first >= 1 else first} is out of range: "
                f"the document has {counted(len(paras), 'paragraph')}",
                hint="paragraphs are blocks separated by blank lines, numbered from 1",
            )
        start, end = paras[first - 1].start, paras[last - 1].end
        result.append(Span(start, end, body[start:end]))
    return result


def select_chars(body: str, spec: str) -> list[Span]:
    """Return one span per SPEC item of 0-based, end-exclusive code point offsets.

    ``A-B`` is ``body[A:B]`` (``9-25`` is 16 characters, the end not included),
    exactly as offsets are stored in codings files and REFI-QDA; a single number
    ``N`` is the one character ``body[N:N+1]``. Spans are not trimmed: the
    offsets are taken as given.

    Raises:
        InvalidArgument: malformed SPEC, an empty range (``A-A``), a reversed
            range (``B-A``), or an offset past the end of the body.
    """
    result = []
    for first, last in _parse_items(spec, "character"):
        if last is None:
            start, end = first, first + 1
        elif last == first:
            raise InvalidArgument(
                f"character range {first}-{last} is empty: ranges are end-exclusive",
                hint=f"for the one character at offset {first} write {first} or {first}-{first + 1}",
            )
        elif last < first:
            raise InvalidArgument(
                f"character range {first}-{last} ends before it starts",
                hint="write it as start-end, 0-based with the end excluded",
            )
        else:
            start, end = first, last
        if end > len(body):
            raise InvalidArgument(
                f"character offset {end if last is not None else first} is past the end of "
                f"the text ({counted(len(body), 'character')}: offsets 0 to {len(body) - 1})",
                hint="offsets are 0-based and end-exclusive code points",
            )
        result.append(Span(start, end, body[start:end]))
    return result


def _loose_pattern(quote: str) -> re.Pattern[str] | None:
    words = fold_text(quote).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


AMBIGUOUS_LISTED = 10
"""How many matches an ambiguous ``--quote`` error lists."""


def _snippet(body: str, start: int, end: int, context: int = 25) -> str:
    """Return ``body[start:end]`` in «» with up to ``context`` characters either side, on one line."""

    def flat(text: str) -> str:
        return re.sub(r"\s+", " ", text)

    lead = "…" if start > context else ""
    tail = "…" if end + context < len(body) else ""
    before = flat(body[max(0, start - context) : start])
    after = flat(body[end : end + context])
    return f"{lead}{before}«{flat(body[start:end])}»{after}{tail}"


def _ambiguous(body: str, found: list[tuple[int, int]], quote: str) -> InvalidArgument:
    entries = [
        f"  line {line_number(body, s)}, chars {s}-{e}: {_snippet(body, s, e)}"
        for s, e in found[:AMBIGUOUS_LISTED]
    ]
    if len(found) > AMBIGUOUS_LISTED:
        entries.append(f"  ... and {len(found) - AMBIGUOUS_LISTED} more")
    return InvalidArgument(
        f"the quote {quote[:40]!r} matches {len(found)} passages:\n" + "\n".join(entries),
        hint="quote more words, or pick one with --lines or --chars",
    )


def find_quote(body: str, quote: str) -> Span:
    """Return the one passage of ``body`` that ``quote`` names.

    Tries, in order: an exact match; a match ignoring case, Latin accents and
    runs of whitespace; a fuzzy match (rapidfuzz ``partial_ratio_alignment`` of
    the folded texts, at least :data:`FUZZY_CUTOFF`), widened to whole words.

    Raises:
        InvalidArgument: an empty quote, no match, or several matches at the
            first level that finds any (the message lists each with its line
            number, offsets and some context).
    """
    stripped = quote.strip()
    if not stripped:
        raise InvalidArgument("the quote is empty", hint="give some words of the passage")
    starts = [m.start() for m in re.finditer(re.escape(stripped), body)]
    if len(starts) == 1:
        return Span(starts[0], starts[0] + len(stripped), stripped)
    if len(starts) > 1:
        raise _ambiguous(body, [(st, st + len(stripped)) for st in starts], stripped)
    pattern = _loose_pattern(stripped)
    folded = fold_text(body)
    if pattern is not None:
        matches = list(pattern.finditer(folded))
        if len(matches) == 1:
            s, e = matches[0].span()
            return Span(s, e, body[s:e])
        if len(matches) > 1:
            raise _ambiguous(body, [m.span() for m in matches], stripped)
    if len(stripped) >= 8:
        from rapidfuzz import fuzz

        needle = " ".join(fold_text(stripped).split())
        found = fuzz.partial_ratio_alignment(needle, folded, score_cutoff=FUZZY_CUTOFF)
        if found is not None:
            s, e = found.dest_start, found.dest_end
            while s > 0 and body[s - 1].isalnum():
                s -= 1
            while e < len(body) and body[e].isalnum():
                e += 1
            s, e = trim(body, s, e)
            if s < e:
                return Span(s, e, body[s:e])
    raise InvalidArgument(
        f"the quote {stripped[:40]!r} was not found in the document",
        hint="check the words with 'qualcode notes show DOC'",
    )


def select(
    body: str,
    *,
    lines: str | None = None,
    para: str | None = None,
    chars: str | None = None,
    quote: str | None = None,
) -> list[Span]:
    """Return the spans chosen by exactly one selector (see the module docstring).

    Raises:
        InvalidArgument: no selector or more than one, or a bad one.
    """
    given = [
        (name, value)
        for name, value in (("lines", lines), ("para", para), ("chars", chars), ("quote", quote))
        if value is not None
    ]
    if len(given) != 1:
        raise InvalidArgument(
            "give exactly one of --lines, --para, --chars or --quote",
            hint="e.g. --lines 12-14 or --quote 'two friends each'",
        )
    name, value = given[0]
    if name == "lines":
        return select_lines(body, value)
    if name == "para":
        return select_paragraphs(body, value)
    if name == "chars":
        return select_chars(body, value)
    return [find_quote(body, value)]


__all__ = [
    "Paragraph",
    "Span",
    "counted",
    "find_quote",
    "line_number",
    "line_spans",
    "paragraphs",
    "parse_spec",
    "select",
    "select_chars",
    "select_lines",
    "select_paragraphs",
    "trim",
]
