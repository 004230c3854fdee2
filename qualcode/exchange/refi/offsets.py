"""Selection offsets in the units other programs really use, converted to qualcode's.

REFI-QDA 1.5 (section 10.2) counts ``startPosition``/``endPosition`` in
Unicode code points of the source's plain text. Real exports differ:

* NVivo counts UTF-16 code units (a character outside the Basic Multilingual
  Plane, such as an emoji, counts 2), as found in a real NVivo 12.6 export;
* ATLAS.ti and Windows programs count a line end as two (``\\r\\n``), also
  when the stored text has ``\\n`` only; others count a stored ``\\r\\n`` as one.

:func:`convert_offsets` tries each way of counting and keeps the one that puts
the most selection boundaries on word boundaries (the start and end of a
selection a person made rarely cut a word in two). Another counting must do
clearly better than the standard's code points to be chosen: at least
``max(2, n // 10)`` more of the ``n`` selections on word boundaries, or no
selection past the end of the text where the standard has some; a file that
qualcode wrote is always read in code points. The positions are then mapped onto qualcode's body text
(``\\n`` line ends, NFC), so a selection keeps the same words.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

STANDARD = "code points"


@dataclass(frozen=True)
class Counting:
    """One way of counting positions in a text.

    Attributes:
        name: How it is described to the user.
        utf16: Characters outside the BMP count 2.
        line_ends: ``stored`` (as in the file), ``lf`` (a ``\\r\\n`` counts 1)
            or ``crlf`` (every line end counts 2).
    """

    name: str
    utf16: bool
    line_ends: str


COUNTINGS = (
    Counting(STANDARD, False, "stored"),
    Counting("code points, CRLF as one", False, "lf"),
    Counting("code points, line ends as CRLF (as ATLAS.ti counts)", False, "crlf"),
    Counting("UTF-16 code units (as NVivo counts)", True, "stored"),
    Counting("UTF-16 code units, CRLF as one", True, "lf"),
    Counting("UTF-16 code units, line ends as CRLF", True, "crlf"),
)


@dataclass(frozen=True)
class Converted:
    """Selections mapped onto the normalised body.

    Attributes:
        body: The text with ``\\n`` line ends and NFC.
        spans: ``(start, end)`` per input span, 0-based code points into
            ``body``, end exclusive (clamped to the text).
        counting: The way of counting that was chosen.
        on_words: How many spans have both ends on word boundaries with it.
        standard_on_words: The same for code points as stored (the standard).
        clamped: Spans that reached past the text's end.
        changed: Whether the chosen counting moved any span compared with the standard's.
    """

    body: str
    spans: list[tuple[int, int]]
    counting: Counting
    on_words: int
    standard_on_words: int
    clamped: int
    changed: bool = False


def _weights(text: str, counting: Counting) -> list[int]:
    """Return the cumulative position before each character (length ``len(text) + 1``)."""
    positions = [0] * (len(text) + 1)
    total = 0
    for index, char in enumerate(text):
        positions[index] = total
        if char == "\r":
            if counting.line_ends == "lf" and text.startswith("\n", index + 1):
                weight = 0
            elif counting.line_ends == "crlf" and not text.startswith("\n", index + 1):
                weight = 2  # a lone CR counted as CRLF
            else:
                weight = 1
        elif char == "\n":
            weight = 2 if counting.line_ends == "crlf" and text[index - 1 : index] != "\r" else 1
        else:
            weight = 2 if counting.utf16 and ord(char) > 0xFFFF else 1
        total += weight
    positions[len(text)] = total
    return positions


def _normalised_map(text: str) -> tuple[str, list[int]]:
    """Return the body (``\\n`` line ends, NFC) and the body index of each raw index."""
    mapping = [0] * (len(text) + 1)
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        mapping[index] = len(out)
        if char == "\r":
            if text.startswith("\n", index + 1):
                mapping[index + 1] = len(out)
                index += 1
            out.append("\n")
        else:
            out.append(char)
        index += 1
    mapping[len(text)] = len(out)
    lf = "".join(out)
    if unicodedata.is_normalized("NFC", lf):
        return lf, mapping
    # Normalise chunk by chunk, each starting at a character of combining class 0.
    starts = [i for i, c in enumerate(lf) if unicodedata.combining(c) == 0 or i == 0]
    starts.append(len(lf))
    nfc_map = [0] * (len(lf) + 1)
    pieces: list[str] = []
    length = 0
    for first, after in zip(starts, starts[1:], strict=False):
        chunk = unicodedata.normalize("NFC", lf[first:after])
        for offset in range(after - first):  # inside a combining sequence: its start
            nfc_map[first + offset] = length
        pieces.append(chunk)
        length += len(chunk)
    nfc_map[len(lf)] = length
    body = "".join(pieces)
    return body, [nfc_map[m] for m in mapping]


def _boundary(body: str, position: int) -> bool:
    if position <= 0 or position >= len(body):
        return True
    return not (body[position - 1].isalnum() and body[position].isalnum())


def _locate(positions: list[int], value: int) -> int:
    """Return the raw character index at counted position ``value`` (clamped)."""
    return min(bisect.bisect_left(positions, value), len(positions) - 1)


def convert_offsets(
    text: str, spans: Sequence[tuple[int, int]], *, standard_only: bool = False
) -> Converted:
    """Map selection positions of a source onto qualcode's body text (see the module docstring).

    Args:
        text: The source's plain text as stored (BOM removed, line ends untouched).
        spans: ``(startPosition, endPosition)`` pairs from the file.
        standard_only: Count code points as stored, without trying the others
            (for a file qualcode wrote).

    Returns:
        The body and the converted spans, with the counting chosen.
    """
    body, to_body = _normalised_map(text)
    best: tuple[int, int, Counting, list[tuple[int, int]], int] | None = None
    standard = 0
    standard_spans: list[tuple[int, int]] = []
    standard_clamped = 0
    margin = max(2, len(spans) // 10)
    seen: set[tuple[tuple[int, int], ...]] = set()
    for rank, counting in enumerate(COUNTINGS[:1] if standard_only else COUNTINGS):
        positions = _weights(text, counting)
        limit = positions[-1]
        converted = []
        clamped = 0
        for start, end in spans:
            if end > limit or start > limit:
                clamped += 1
            first = to_body[_locate(positions, max(0, min(start, limit)))]
            last = to_body[_locate(positions, max(0, min(end, limit)))]
            converted.append((first, max(first, last)))
        key = tuple(converted)
        words = sum(1 for a, b in converted if _boundary(body, a) and _boundary(body, b))
        score = words - clamped  # a way of counting that runs past the text is unlikely
        if rank == 0:
            standard, standard_spans, standard_clamped = words, converted, clamped
        if key in seen:
            continue
        seen.add(key)
        clearly = score >= best[0] + margin if best is not None else True
        if best is not None and rank > 0 and standard_clamped and not clamped:
            clearly = clearly or score > best[0]
        if best is None or (score > best[0] and clearly):
            best = (score, words, counting, converted, clamped)
    assert best is not None
    _, words, counting, converted, clamped = best
    return Converted(
        body, converted, counting, words, standard, clamped, converted != standard_spans
    )


__all__ = ["COUNTINGS", "STANDARD", "Converted", "Counting", "convert_offsets"]
