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
import re
from importlib import resources

from qualcode.pseudonymise.names import COMMON_NAME_WORDS
from qualcode.pseudonymise.text import skeleton

COMMON_ZIPF = 2.8
"""Zipf frequency from which a typed word counts as common (``chela`` 2.9; typos of names are below 2.5)."""
COMMON_ZIPF_LONG = 3.5
"""The same for misspellings of names of seven or more letters (``Castilla`` 4.5; ``Joaquim`` 3.0 is a typo)."""

LANGUAGES = ("es", "en")


def _read_words(name: str) -> dict[str, frozenset[str]]:
    """Return the words of a bundled list by language (``# -- Spanish ...`` / ``# -- English ...`` sections)."""
    text = resources.files("qualcode.pseudonymise").joinpath("data", name).read_text("utf-8")
    found: dict[str, set[str]] = {"es": set(), "en": set()}
    language = "es"
    for line in text.splitlines():
        if line.startswith("# --"):
            language = "en" if "English" in line else "es"
            continue
        if line.strip() and not line.startswith("#"):
            found[language].add(skeleton(line))
    return {lang: frozenset(words) for lang, words in found.items()}


_BY_LANGUAGE = _read_words("name-words.txt")
NAME_WORDS: frozenset[str] = _BY_LANGUAGE["es"] | _BY_LANGUAGE["en"] | COMMON_NAME_WORDS
"""Skeletons of name parts that are also ordinary words (see the module docstring)."""
WORDS_BY_LANGUAGE: dict[str, frozenset[str]] = _BY_LANGUAGE
"""The same words by the language they are words of (``es``, ``en``: the list's sections)."""

_FUNCTION_WORDS = {
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "del",
            "que",
            "y",
            "en",
            "un",
            "una",
            "es",
            "por",
            "con",
            "para",
            "se",
            "lo",
            "le",
            "su",
            "sus",
            "al",
            "como",
            "pero",
            "más",
            "muy",
            "ya",
            "está",
            "están",
            "hay",
            "mi",
            "nos",
            "les",
            "este",
            "esta",
            "eso",
            "esto",
            "fue",
            "era",
            "son",
            "también",
            "porque",
            "cuando",
            "donde",
            "sí",
            "ella",
            "él",
            "ellos",
            "nosotras",
            "nosotros",
            "usted",
            "dice",
            "dijo",
            "tiene",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "it",
            "that",
            "was",
            "for",
            "on",
            "with",
            "as",
            "at",
            "by",
            "this",
            "be",
            "are",
            "she",
            "his",
            "her",
            "they",
            "we",
            "you",
            "not",
            "but",
            "have",
            "has",
            "had",
            "from",
            "or",
            "an",
            "my",
            "our",
            "their",
            "which",
            "what",
            "when",
            "there",
            "were",
            "will",
            "would",
            "can",
            "could",
            "said",
            "says",
            "just",
            "about",
            "into",
        ]
    ),
}


def language_of(text: str) -> str:
    """Return ``es``, ``en`` or '' for a stretch of text, by counting function words.

    Args:
        text: A line or sentence (any case).

    Returns:
        The language with more function words (two or more, or one and none of the other), else ''.
    """
    words = _WORDS.findall(text.lower())
    spanish = sum(map(_FUNCTION_WORDS["es"].__contains__, words))
    english = sum(map(_FUNCTION_WORDS["en"].__contains__, words))
    if spanish > english and (spanish >= 2 or not english):
        return "es"
    if english > spanish and (english >= 2 or not spanish):
        return "en"
    return ""


_WORDS = re.compile(r"[^\W\d_]+")


def is_word_in(folded: str, language: str) -> bool:
    """Return whether the name part ``folded`` (a skeleton) is an ordinary word of ``language``."""
    if not language:
        return folded in NAME_WORDS
    return folded in WORDS_BY_LANGUAGE.get(language, frozenset())


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


__all__ = [
    "COMMON_ZIPF",
    "COMMON_ZIPF_LONG",
    "LANGUAGES",
    "NAME_WORDS",
    "WORDS_BY_LANGUAGE",
    "is_common_word",
    "is_word_in",
    "language_of",
]
