"""Keyword matching for auto-coding: case- and accent-insensitive, word-aware, with simple inflections.

Text is folded with a length-preserving translation table (Latin letters lose
their accents and case: ``Cooperación`` -> ``cooperacion``), so a match's
offsets are offsets into the original text. Every keyword of every code goes
into one compiled regular expression; a keyword matches a whole word or
phrase, and its last word may carry an inflection:

* ``s`` or ``es`` always (plurals: ``cooperativa`` -> ``cooperativas``);
* up to three more letters when the keyword is 5 letters or longer
  (``trust`` -> ``trusted``, ``confiar`` -> ``confiaron``);
* any ending when the keyword ends in ``*`` (``confi*`` matches ``confianza``
  and ``confío``).

Runs of whitespace inside a phrase match any whitespace, line breaks included.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code_point in range(0x00C0, 0x0250):
        char = chr(code_point)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        ).lower()
        if len(base) == 1 and base != char:
            table[code_point] = base
    for code_point in range(ord("A"), ord("Z") + 1):
        table[code_point] = chr(code_point).lower()
    table.update({ord("’"): "'", ord("‘"): "'"})
    return table


FOLD_TABLE = _build_fold_table()


def fold_text(text: str) -> str:
    """Return ``text`` with Latin accents and case removed, the same length as ``text``."""
    return text.translate(FOLD_TABLE)


@dataclass(frozen=True, order=True)
class KeywordHit:
    """One keyword match.

    Attributes:
        start: 0-based offset of the match in the original text.
        end: Exclusive end offset.
        code: The code whose keyword matched.
        keyword: The keyword as written in the codebook.
    """

    start: int
    end: int
    code: str
    keyword: str


def _keyword_pattern(keyword: str) -> str:
    words = fold_text(keyword.strip()).split()
    stem = words[-1].endswith("*")
    if stem:
        words[-1] = words[-1].rstrip("*")
    body = r"\s+".join(re.escape(w) for w in words)
    if stem:
        return body + r"\w*"
    letters = len(words[-1])
    return body + (r"\w{0,3}" if letters >= 5 else r"(?:e?s)?")


class KeywordMatcher:
    """Find the keywords of several codes in texts.

    Args:
        keywords: Code path -> its keywords (words or phrases; a trailing ``*``
            allows any ending). Empty keywords are ignored.

    Example:
        >>> m = KeywordMatcher({"trust": ["confianza", "trust"]})
        >>> [(h.code, h.start, h.end) for h in m.find("La Confianza y trusted")]
        [('trust', 3, 12), ('trust', 15, 22)]
    """

    def __init__(self, keywords: Mapping[str, Iterable[str]]) -> None:
        entries: list[tuple[str, str, str]] = []  # (pattern, code, keyword)
        for code, words in keywords.items():
            for word in words:
                if word and word.strip().rstrip("*"):
                    entries.append((_keyword_pattern(word), code, word))
        # longest patterns first so that phrases win over their words
        entries.sort(key=lambda e: (-len(e[0]), e[1], e[2]))
        self._entries = entries
        self._by_group: dict[str, list[tuple[str, str]]] = {}
        alternatives = []
        seen: dict[str, str] = {}
        for pattern, code, word in entries:
            group = seen.get(pattern)
            if group is None:
                group = f"k{len(seen)}"
                seen[pattern] = group
                alternatives.append(f"(?P<{group}>{pattern})")
            self._by_group.setdefault(group, []).append((code, word))
        self._regex = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
            if alternatives
            else None
        )

    @classmethod
    def from_codebook(cls, book: object, codes: Iterable[str] | None = None) -> KeywordMatcher:
        """Build a matcher from a :class:`~qualcode.codebook.tree.Codebook`'s keywords.

        Args:
            book: The codebook.
            codes: Only these code paths (default: every code with keywords).
        """
        wanted = set(codes) if codes is not None else None
        return cls({c.path: c.keywords for c in book if wanted is None or c.path in wanted})  # type: ignore[attr-defined]

    def __bool__(self) -> bool:
        return self._regex is not None

    def find(self, text: str) -> list[KeywordHit]:
        """Return every keyword hit in ``text``, sorted by position then code."""
        if self._regex is None:
            return []
        hits = []
        for match in self._regex.finditer(fold_text(text)):
            group = match.lastgroup
            assert group is not None
            for code, word in self._by_group[group]:
                hits.append(KeywordHit(match.start(), match.end(), code, word))
        return sorted(hits)

    def codes_in(self, text: str) -> set[str]:
        """Return the codes with at least one keyword in ``text`` (faster than :meth:`find`)."""
        if self._regex is None:
            return set()
        found: set[str] = set()
        for match in self._regex.finditer(fold_text(text)):
            found.update(code for code, _ in self._by_group[match.lastgroup or ""])
        return found
