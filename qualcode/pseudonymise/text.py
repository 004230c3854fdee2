"""Text helpers shared by the pseudonymiser: folding, tokens, case patterns.

``skeleton`` is the comparison form of a name: NFC, accents and case removed,
apostrophes unified, runs of spaces and hyphens as one space
(``Muñoz-Pérez`` -> ``munoz perez``). It is not length-preserving and is used
only for keys and lookups; matching runs over ``str.lower()`` of the text,
which keeps offsets.
"""

from __future__ import annotations

import functools
import re
import unicodedata

SEPARATORS = " \t\n\r\u00a0\u2009\u202f-\u2010\u2011"
"""Characters that may separate the parts of one name (spaces, line breaks, hyphens)."""

_SEP_RUN = re.compile(r"[\s\-\u2010\u2011]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "y",
        "e",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "van",
        "von",
        "der",
        "den",
        "le",
        "du",
        "al",
        "el",
        "mc",
    ]
)
"""Name particles never matched alone (``María de la Luz``: ``de`` and ``la`` stay)."""

CONNECTORS = PARTICLES | frozenset(
    ["and", "for", "of", "the", "with", "on", "at", "to", "in", "o", "u", "or", "&", "und", "et"]
)
"""Particles and the small words that stay in lower case inside an organisation's name.

``Bridges for Change``, ``Hearth and Harvest International``: a shorter
form needs its other words capitalised, and an acronym skips them (``HHI``).
"""


def strip_accents(text: str) -> str:
    """Return ``text`` without combining accents (``ñ`` -> ``n``, ``Á`` -> ``A``)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """Return the folded comparison form of a name or phrase.

    >>> skeleton("  Muñoz-PÉREZ’s ")
    "munoz perez's"
    """
    folded = strip_accents(unicodedata.normalize("NFC", text)).lower().translate(_APOSTROPHES)
    return _SEP_RUN.sub(" ", folded).strip()


def initial_of(word: str) -> str:
    """Return the initial of ``word``, upper case without accent (``Ángel`` -> ``A``)."""
    return strip_accents(word[:1]).upper()


def tokens(text: str) -> list[str]:
    """Split a name into its parts on spaces and hyphens (original spelling kept)."""
    return [t for t in _SEP_RUN.split(text.strip()) if t]


@functools.lru_cache(maxsize=65536)
def name_like(form: str) -> bool:
    """Return whether ``form`` is a name whose case may be copied (no digits, not a placeholder)."""
    return not form.startswith("[") and not any(c.isdigit() for c in form)


def case_pattern(text: str) -> str:
    """Return ``upper``, ``lower`` or ``as-is`` for the letters of ``text``."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    if letters and all(c.islower() for c in letters):
        return "lower"
    return "as-is"


def apply_case(form: str, pattern: str) -> str:
    """Return ``form`` in the case ``pattern`` (see :func:`case_pattern`)."""
    if not name_like(form):
        return form
    if pattern == "upper":
        return form.upper()
    if pattern == "lower":
        return form.lower()
    return form


def is_capitalised(word: str) -> bool:
    """Return whether ``word`` starts with an upper-case letter (``Rosa``, ``ROSA``)."""
    return bool(word) and word[0].isupper()


def lower_same_length(text: str) -> str:
    """Return a lower-cased copy of ``text`` with exactly the same length (offsets kept)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
