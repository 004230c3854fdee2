"""The regular expression of registered names: folding, character classes, the trie.

Names are matched over a lower-cased copy of the text of the same length
(:func:`qualcode.pseudonymise.text.lower_same_length`), so offsets carry over.
A name becomes a trie-shaped pattern (:func:`trie_pattern`) in which each
letter also matches its accented Latin-1 forms and each space any run of
spaces, line breaks, hyphens or underscores; :func:`lookup_key` turns a match
back into the key it was built from.
"""

from __future__ import annotations

import re
import unicodedata

WORD_CHARS = r"\w\u0300-\u036f"
SEPARATOR_CLASS = r"[ \t\n\r\f\v\xa0\-_]+"  # Latin-1 only: compiles fast
SEPARATORS = re.compile(r"([\s\-\u2010\u2011_]+)")
NAME_GAP = re.compile(r"[ \t\u00a0\-\u2010\u2011_]*\n?[ \t\u00a0\-\u2010\u2011_]*\Z")
MASK = "\x00"


def _fold_table() -> tuple[dict[int, str], dict[str, set[str]]]:
    table: dict[int, str] = {ord("\u2019"): "'", ord("\u2018"): "'", ord("\u02bc"): "'"}
    variants: dict[str, set[str]] = {}
    for code_point in range(0x00C0, 0x0250):
        char = chr(code_point)
        low = char.lower()
        if len(low) != 1:
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
        if len(base) == 1 and base != low and base.isascii():
            table[ord(low)] = base
            if code_point < 0x100:  # Latin-1 letters go into the regex classes
                variants.setdefault(base, {base}).add(low)
    return table, variants


_FOLD, _VARIANTS = _fold_table()


def lookup_key(fragment: str) -> str:
    """Return the lookup key of a matched (lower-cased) fragment."""
    return SEPARATORS.sub(" ", fragment.translate(_FOLD)).strip()


def char_pattern(char: str) -> str:
    """Return the regex for one lower-cased character of a name (its accented variants, any separator for a space)."""
    if char == " ":
        return SEPARATOR_CLASS
    if char == "'":
        return "['\u2019\u2018\u02bc]"
    variants = _VARIANTS.get(char)
    if variants:
        return "[" + "".join(sorted(variants)) + "]"
    return re.escape(char)


def trie_pattern(keys: list[str]) -> str:
    """Return one regex matching any of ``keys`` (lower-cased), built as a trie so its cost does not grow with their number."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alternatives = [char_pattern(c) + emit(node[c]) for c in sorted(k for k in node if k)]
        if "" in node:
            if not alternatives:
                return ""
            return "(?:" + "|".join(alternatives) + "|)"
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return emit(root)


__all__ = [
    "MASK",
    "NAME_GAP",
    "SEPARATORS",
    "SEPARATOR_CLASS",
    "WORD_CHARS",
    "char_pattern",
    "lookup_key",
    "trie_pattern",
]
