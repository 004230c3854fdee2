"""Invisible characters inside names: soft hyphens, zero-width spaces and joiners.

Text copied from PDFs and web pages often carries characters that do not
show but split a word for a program: U+00AD SOFT HYPHEN, U+200B ZERO WIDTH
SPACE, U+200C ZERO WIDTH NON-JOINER, U+200D ZERO WIDTH JOINER, U+2060 WORD
JOINER and U+FEFF (a byte-order mark inside the text). ``Con\\u00adsuelo`` is
``Consuelo`` to a reader, so the pseudonymiser matches names on a *view* of
the text without them (:func:`visible_view`) and maps every span back to the
original (:meth:`View.span`): a replaced name takes its invisible characters
with it; all other text keeps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


@dataclass(frozen=True)
class View:
    """The text without invisible characters, and where each of its characters came from.

    Attributes:
        text: The visible text.
        origin: For each character of ``text``, its 0-based offset in the original.
        length: The length of the original text.
    """

    text: str
    origin: list[int]
    length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original (start, end) of the view's ``text[start:end]`` (end exclusive)."""
        if start >= len(self.origin):
            return self.length, self.length
        first = self.origin[start]
        last = self.origin[end - 1] + 1 if end > start else first
        return first, last


def visible_view(text: str) -> View | None:
    """Return the view of ``text`` without invisible characters, or None when it has none."""
    if not any(char in text for char in INVISIBLE):  # a fast search each
        return None
    origin = [i for i, char in enumerate(text) if char not in INVISIBLE]
    return View(_INVISIBLE.sub("", text), origin, len(text))


__all__ = ["INVISIBLE", "View", "visible_view"]
