"""Ordinary words: which name parts are also words, and whether a typed word is a common word.

Two sources, for two questions:

* :data:`NAME_WORDS` (bundled, ``data/name-words.txt`` plus
  :data:`~qualcode.pseudonymise.names.COMMON_NAME_WORDS`): given names,
  surnames and nicknames that are also Spanish or English words (``rosa``,
  ``peña``, ``flores``, ``sole``). A registered part in this list is weighed
  with its context (:mod:`qualcode.pseudonymise.context`) instead of being
  replaced wherever it appears.
* :func:`is_common_word`: whether any typed word is a common Spanish or
  English word, from the word frequencies of the ``wordfreq`` library
  (Speer et al., *wordfreq* 3.x, Zipf scale: log10 of occurrences per
  billion words). A word at or above :data:`COMMON_ZIPF` in either language
  (``sector``, ``vital``, ``green``, ``Milan``) is never taken for a
  one-letter misspelling of a registered name (``Héctor``, ``Vidal``,
  ``Greene``, ``Millán``). wordfreq is imported on first use only.
"""

from __future__ import annotations

import functools
from importlib import resources

from qualcode.pseudonymise.names import COMMON_NAME_WORDS
from qualcode.pseudonymise.text import skeleton

COMMON_ZIPF = 2.8
"""Zipf frequency from which a typed word counts as common (``chela`` 2.9; typos of names are below 2.5)."""
COMMON_ZIPF_LONG = 3.5
"""The same for misspellings of names of seven or more letters (``Castilla`` 4.5; ``Joaquim`` 3.0 is a typo)."""

LANGUAGES = ("es", "en")


def _read_words(name: str) -> frozenset[str]:
    text = resources.files("qualcode.pseudonymise").joinpath("data", name).read_text("utf-8")
    return frozenset(
        skeleton(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


NAME_WORDS: frozenset[str] = _read_words("name-words.txt") | COMMON_NAME_WORDS
"""Skeletons of name parts that are also ordinary words (see the module docstring)."""


@functools.lru_cache(maxsize=8192)
def is_common_word(word: str, threshold: float = COMMON_ZIPF) -> bool:
    """Return whether ``word`` is a common Spanish or English word (Zipf >= ``threshold``).

    Args:
        word: One word, any case (``Milan``, ``sector``).
        threshold: The Zipf frequency from which a word is common.

    Returns:
        True when wordfreq rates it at or above the threshold in either language.
    """
    from wordfreq import zipf_frequency

    lowered = word.lower()
    return any(zipf_frequency(lowered, lang) >= threshold for lang in LANGUAGES)


__all__ = ["COMMON_ZIPF", "COMMON_ZIPF_LONG", "LANGUAGES", "NAME_WORDS", "is_common_word"]
