"""One-letter misspellings of registered names (``Joaqín``, ``Tpia``, ``Ruis``, ``Kevn``).

A typed word is a misspelling of a registered single-word name when it is
within one edit of it (optimal string alignment distance, so a
transposition is one edit; rapidfuzz ``OSA``) and

* it is capitalised (in a slug any case counts), and not itself a
  registered name, a pseudonym, a kept word or a known given name
  (``Francisca`` is not ``Francisco``);
* it is not a common Spanish or English word
  (:func:`~qualcode.pseudonymise.lexicon.is_common_word`: ``sector`` is not
  ``Héctor``, ``green`` is not ``Greene``, ``Milan`` is not ``Millán``;
  for names of :data:`LONG` letters or more a higher bar, so ``Castilla``
  is not ``Castillo`` but ``Joaquim`` is ``Joaquín``);
* for a registered name of fewer than :data:`LONG` letters, the typed word
  is written in title case (``Tpia``, not ``TPIA`` or ``tpia``), and for a
  three-letter name it has the same length (``Eba`` for ``Eva``).

When the word is within one edit of two registered names (``Tapis``: Tapia
and Tapias), the nearer wins; a tie goes to the first in alphabetical order
and the mention is marked ambiguous. Lookup is a symmetric-delete index,
so its cost does not grow with the number of names.

In a multi-word name (an organisation) each word of :data:`LONG` or more
letters that is not a name itself may be one edit off; the whole name is
then one fuzzy match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qualcode.pseudonymise.context import subject_next
from qualcode.pseudonymise.lexicon import (
    COMMON_ZIPF,
    COMMON_ZIPF_LONG,
    NAME_WORDS,
    is_common_word,
)
from qualcode.pseudonymise.name_pattern import MASK, WORD_CHARS
from qualcode.pseudonymise.names import KNOWN_GIVEN_NAMES
from qualcode.pseudonymise.text import PARTICLES, skeleton

LONG = 7
"""Names of this many letters or more may be misspelt in any case pattern (the old rule)."""
SHORTEST = 3

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_CAPITALISED = re.compile(
    rf"[{_UPPER}](?<![{WORD_CHARS}'’].)(?:['’][{_UPPER}])?[^\W\d_]{{{SHORTEST - 1},}}"
    rf"(?![{WORD_CHARS}])"
)
_TITLE_CASE = re.compile(r"[^\W\d_a-z](?:['’][^\W\d_a-z])?[^\W\d_A-Z]*\Z")
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "its",
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "unos",
        "unas",
        "este",
        "esta",
        "ese",
        "esa",
        "mi",
        "mis",
        "su",
        "sus",
        "tu",
        "tus",
        "nuestro",
        "nuestra",
    ]
)
_ANY_WORD = re.compile(rf"(?<![{WORD_CHARS}])[^\W\d_]{{{SHORTEST},}}(?![{WORD_CHARS}])")
_PREVIOUS_WORD = re.compile(r"(?<![\w\u0300-\u036f])([^\W\d_]+)[ \t\n\xa0\-]+\Z")
_NEXT_WORD = re.compile(r"[ \t\n\xa0\-]+([^\W\d_]+)(?![\w\u0300-\u036f])")


def deletions(word: str) -> set[str]:
    """Return ``word`` and every string one deletion away (symmetric-delete fuzzy index)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def capitalised_words(text: str) -> set[str]:
    """Return the distinct capitalised words of three letters or more in ``text`` (``O'Neil`` too).

    Candidates only: a piece of a longer token may be among them
    (``Donald`` of ``McDonald``); :meth:`FuzzyMatcher.find` matches whole words.
    """
    return set(_CAPITAL_RUN.findall(text))


_CAPITAL_RUN = re.compile(rf"[{_UPPER}](?:['’][{_UPPER}])?[^\W\d_]{{{SHORTEST - 1},}}")


def spelling_variant(typed: str, name: str) -> bool:
    """Return whether two folded words are spellings of one name, one edit apart.

    A doubled or undoubled letter (``Pillar``/``Pilar``, ``Grene``/``Greene``),
    an ``h`` added or dropped (``Hanna``/``Hannah``, ``Tomas``/``Thomas``), or
    ``i`` for ``y`` (``Toby``/``Tobi``). ``Francisca``/``Francisco`` is not.
    """
    if len(typed) == len(name):
        diff = [(a, b) for a, b in zip(typed, name, strict=True) if a != b]
        return len(diff) == 1 and set(diff[0]) == {"i", "y"}
    longer, shorter = (typed, name) if len(typed) > len(name) else (name, typed)
    if len(longer) != len(shorter) + 1:
        return False
    for index, char in enumerate(longer):
        if longer[:index] + longer[index + 1 :] == shorter:
            neighbours = longer[index - 1 : index] + longer[index + 1 : index + 2]
            if char == "h" or char in neighbours:
                return True
    return False


def _named_here(text: str, start: int, end: int) -> bool:
    """Whether a capitalised common word at ``start:end`` is used as a name here.

    Inside a sentence (not at its start), not after a determiner or another
    capitalised word, and followed by a verb, a possessive or punctuation
    (not a line end: a cut quotation): ``bring a jumper, Pillar said`` (not ``the Pillar of Hercules``,
    not ``from Christian groups``).
    """
    before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    index = start - 1
    while index >= 0 and text[index] in " \t\u00a0":
        index -= 1
    if index < 0 or text[index] in '.!?:;\n"“«(¿¡—–-':
        return False
    if before is not None:
        word = before.group(1)
        if word.lower() in _DETERMINERS or word[0].isupper():
            return False
    after = text[end : end + 2]
    return (
        (after != "" and after[0] in '.,;:!?)»”"')
        or after in ("'s", "’s")
        or subject_next(text, end)
    )


class FuzzyMatcher:
    """Find one-edit misspellings of registered names in a text.

    Args:
        names: Every registered lookup key (skeletons; single words are
            candidates, multi-word ones are phrases).
        excluded: Skeletons never taken for misspellings (pseudonym words,
            kept words).
    """

    def __init__(self, names: Iterable[str], excluded: set[str]) -> None:
        self.names = set(names)
        self.excluded = excluded
        self.words: dict[str, list[str]] = {}
        self.phrase_words: dict[str, list[tuple[str, int]]] = {}
        for name in self.names:
            if " " not in name:
                if len(name) >= SHORTEST and name not in PARTICLES:
                    for variant in deletions(name):
                        self.words.setdefault(variant, []).append(name)
                continue
            for index, word in enumerate(name.split()):
                # a word that is a name itself (a person's part) has its own fuzzy match
                if len(word) >= LONG and word not in self.names:
                    for variant in deletions(word):
                        self.phrase_words.setdefault(variant, []).append((name, index))
        self._cache: dict[str, tuple[str, bool, bool] | None] = {}
        self._phrase_cache: dict[str, list[tuple[str, int]]] = {}

    def find(
        self,
        text: str,
        low: str,
        keeps: list[tuple[int, int]],
        slug: bool = False,
        words: set[str] | None = None,
    ) -> list[tuple[int, int, str, bool]]:
        """Return (start, end, registered name, ambiguous) of each misspelling, in text order.

        ``words``: the capitalised words of ``text`` (:func:`capitalised_words`)
        when the caller has them already.
        """
        import bisect

        if not self.words and not self.phrase_words:
            return []
        candidates: dict[str, tuple[str, bool]] = {}
        phrases: dict[str, list[tuple[str, int]]] = {}
        contextual: set[str] = set()
        if words is None:
            words = set((_ANY_WORD if slug else _CAPITALISED).findall(text))
        for word in words:
            found = self._lookup(word, slug)
            if found is not None:
                candidates[word] = found[:2]
                if found[2]:
                    contextual.add(word)
            if len(word) >= LONG - 1:
                in_phrases = self.phrase_match(word)
                if in_phrases:
                    phrases[word] = in_phrases
        if not candidates and not phrases:
            return []
        pattern = re.compile(
            rf"(?<![{WORD_CHARS}])(?:"
            + "|".join(re.escape(w) for w in sorted({*candidates, *phrases}, key=len, reverse=True))
            + rf")(?![{WORD_CHARS}])"
        )
        keep_starts = [k[0] for k in keeps]
        hits: list[tuple[int, int, str, bool]] = []
        for match in pattern.finditer(text):
            start, end = match.span()
            if hits and start < hits[-1][1]:
                continue
            if MASK in low[start:end]:
                continue
            index = bisect.bisect_right(keep_starts, start) - 1
            if index >= 0 and keeps[index][1] > start:
                continue
            word = match.group()
            phrase_hit = None
            for phrase, position in phrases.get(word, ()):
                phrase_hit = self.phrase_at(text, low, start, end, phrase, position)
                if phrase_hit is not None:
                    break
            if phrase_hit is not None:
                hits.append((*phrase_hit, phrase, False))
                continue
            found = candidates.get(word)
            if found is not None:
                if word in contextual and not _named_here(text, start, end):
                    continue
                hits.append((start, end, found[0], found[1]))
        return hits

    def match(self, word: str, slug: bool = False) -> tuple[str, bool] | None:
        """Return (the registered name ``word`` misspells, ambiguous) or None.

        A common word that is also a spelling variant of a name (``Pillar``
        for ``Pilar``) is a misspelling only in a context that makes it a
        name (:meth:`find`); here it is not.
        """
        found = self._lookup(word, slug)
        if found is None or found[2]:
            return None
        return found[0], found[1]

    def _lookup(self, word: str, slug: bool) -> tuple[str, bool, bool] | None:
        key = word if not slug else "\x01" + word
        if key in self._cache:
            return self._cache[key]
        result = self._match(word, slug)
        self._cache[key] = result
        return result

    def _match(self, word: str, slug: bool) -> tuple[str, bool, bool] | None:
        from rapidfuzz.distance import OSA

        folded = skeleton(word)
        if word.lower() in self.names or folded in self.names or folded in self.excluded:
            return None
        known = folded in KNOWN_GIVEN_NAMES
        title = _TITLE_CASE.match(word) is not None
        found: list[tuple[int, bool, str]] = []
        for name in sorted({n for v in deletions(folded) for n in self.words.get(v, ())}):
            if known and not spelling_variant(folded, name):
                continue  # Francisca is not Francisco; Hanna is Hannah
            if len(name) < LONG:
                if not (title or slug) or len(folded) < SHORTEST:
                    continue
                if len(name) == SHORTEST and len(folded) != SHORTEST:
                    continue
            elif len(folded) < LONG - 1:
                continue
            distance = OSA.distance(folded, name, score_cutoff=1)
            if distance <= 1:
                found.append((distance, len(name) != len(folded), name))
        if not found:
            return None
        found.sort()  # the nearer, then a letter changed over one added or dropped (Tapiaz: Tapias)
        long_name = len(found[0][2]) >= LONG
        contextual = False
        named = known and folded not in NAME_WORDS  # Christian is also an adjective
        if not named and is_common_word(word, COMMON_ZIPF_LONG if long_name else COMMON_ZIPF):
            if not (
                title and spelling_variant(folded, found[0][2]) and len(folded) > len(found[0][2])
            ):
                return None
            contextual = True  # Pillar: a word, or Pilar with a doubled letter
        ambiguous = len(found) > 1 and found[0][:2] == found[1][:2]
        return found[0][2], ambiguous, contextual

    def phrase_match(self, word: str) -> list[tuple[str, int]]:
        """Return the (multi-word name, word index) pairs ``word`` is within one edit of."""
        cached = self._phrase_cache.get(word)
        if cached is not None:
            return cached
        from rapidfuzz.distance import OSA

        folded = skeleton(word)
        found = sorted(
            {
                (name, index)
                for variant in deletions(folded)
                for name, index in self.phrase_words.get(variant, ())
                if OSA.distance(folded, name.split()[index], score_cutoff=1) <= 1
            },
            key=lambda pair: (-len(pair[0].split()), pair),
        )  # the longest name first: the whole organisation before its shorter forms
        self._phrase_cache[word] = found
        return found

    def phrase_at(
        self, text: str, low: str, start: int, end: int, phrase: str, position: int
    ) -> tuple[int, int] | None:
        """Return the span of ``phrase`` around the word at ``start:end`` (word ``position``).

        Every word of the phrase must be there, each equal (folded) or, when
        the registered word has :data:`LONG` or more letters, within one
        edit; at least one must differ (an exact phrase is an ordinary match).
        """
        from rapidfuzz.distance import OSA

        words = phrase.split()
        begin, finish = start, end
        typed = [skeleton(text[start:end])]
        for _ in range(position):
            found = _PREVIOUS_WORD.search(text, max(0, begin - 60), begin)
            if found is None:
                return None
            begin = found.start(1)
            typed.insert(0, skeleton(found.group(1)))
        for _ in range(len(words) - position - 1):
            found = _NEXT_WORD.match(text, finish)
            if found is None:
                return None
            finish = found.end(1)
            typed.append(skeleton(found.group(1)))
        if MASK in low[begin:finish] or typed == words:
            return None
        for got, want in zip(typed, words, strict=True):
            if got != want and (len(want) < LONG or OSA.distance(got, want, score_cutoff=1) > 1):
                return None
        return begin, finish


__all__ = [
    "LONG",
    "SHORTEST",
    "FuzzyMatcher",
    "capitalised_words",
    "deletions",
    "spelling_variant",
]
