"""Initials: ``M. A. Cáceres``, ``Marta A. Cáceres``, ``L. Tapia S.``, ``R.E.P.C.``, a sign-off ``— E.``.

Three shapes, each checked against the person's own name so that an
initial is only taken where it fits:

* next to a mention (:func:`initials_before`, :func:`initials_after`): up
  to three capital letters with a full stop right before or after a
  mention (after a comma too: ``PEÑA, R. E.``), each the first letter of a part of that person's name
  (``L.`` for Luis before ``Tapia``; ``S.`` for Soto after it);
* alone (:func:`standalone_initials`): two to six dotted capitals
  (``R.E.P.C.``) equal to the initials of a person's name parts, all of
  them or the first given name and the surnames; three or more letters are
  replaced, two only when the person is mentioned elsewhere in the text;
* a sign-off (:func:`signoff_initial`): a line holding only one initial
  (``— E.``), taken for a person mentioned in the text whose given name or
  nickname begins with it, and listed as unsure.

The replacement keeps the dots and spaces and puts the initials of the
pseudonym's matching parts (``L. Tapia S.`` -> ``A. Molina V.``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from qualcode.pseudonymise.text import strip_accents

_CAP = "A-ZÁÉÍÓÚÑÜ"
_BEFORE = re.compile(rf"(?<![\w.])((?:[{_CAP}]\.[ \t]?){{1,3}})[ \t]*\Z")
_AFTER = re.compile(rf",?[ \t]+((?:[{_CAP}]\.(?:[ \t]?(?=[{_CAP}]\.))?){{1,3}})(?![\w])")
_STANDALONE = re.compile(rf"([{_CAP}](?<![\w.].)\.(?:[ \t]?[{_CAP}]\.){{1,5}})(?![\w])")
_SIGNOFF = re.compile(rf"(?m)^[ \t]*(?:[—–-]+[ \t]*)?([{_CAP}])\.?[ \t]*$")
_LETTER = re.compile(rf"[{_CAP}]")


@dataclass(frozen=True)
class NamePart:
    """One part of a person's real name, for initials.

    Attributes:
        letter: Its initial, upper case without accent (``Á`` -> ``A``).
        form: The pseudonym part it maps to.
        given: A given name (not a surname).
    """

    letter: str
    form: str
    given: bool


def initial_of(word: str) -> str:
    """Return the initial of ``word``, upper case without accent (``Ángel`` -> ``A``)."""
    return strip_accents(word[:1]).upper()


def fit(letters: str, parts: list[NamePart], lo: int, hi: int) -> list[str] | None:
    """Return the pseudonym initials for ``letters`` among ``parts[lo:hi]``, in order, or None.

    Each letter takes the next part (after the previous letter's) with that
    initial, so ``L. A.`` before ``Tapia`` is Luis Alberto, and ``S.`` after it Soto.
    """
    out: list[str] = []
    position = lo
    for letter in letters:
        found = next(
            (i for i in range(position, min(hi, len(parts))) if parts[i].letter == letter), None
        )
        if found is None:
            return None
        position = found + 1
        out.append(initial_of(parts[found].form))
    return out


def rewrite(original: str, initials: list[str]) -> str:
    """Return ``original`` (``L. A.``) with its capitals replaced by ``initials`` in order."""
    letters = iter(initials)
    return _LETTER.sub(lambda _m: next(letters, ""), strip_accents(original))


def initials_before(text: str, start: int) -> tuple[int, int, str] | None:
    """Return (start, end, letters) of initials right before the mention at ``start``."""
    if "." not in text[max(0, start - 3) : start]:
        return None
    match = _BEFORE.search(text, max(0, start - 12), start)
    if match is None:
        return None
    span = match.group(1).rstrip()
    return match.start(1), match.start(1) + len(span), "".join(_LETTER.findall(strip_accents(span)))


def initials_after(text: str, end: int) -> tuple[int, int, str] | None:
    """Return (start, end, letters) of initials right after the mention ending at ``end``."""
    if "." not in text[end + 2 : end + 5]:
        return None
    match = _AFTER.match(text, end)
    if match is None:
        return None
    return match.start(1), match.end(1), "".join(_LETTER.findall(strip_accents(match.group(1))))


def standalone_initials(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, letters) of runs of two to six dotted capitals (``R.E.P.C.``)."""
    if ". " not in text and "." not in text:
        return
    for match in _STANDALONE.finditer(text):
        yield match.start(1), match.end(1), "".join(_LETTER.findall(strip_accents(match.group(1))))


def signoff_initial(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, letter) of lines holding one initial only (``— E.``)."""
    for match in _SIGNOFF.finditer(text):
        start = match.start(1)
        end = match.end(1) + (1 if text[match.end(1) : match.end(1) + 1] == "." else 0)
        yield start, end, strip_accents(match.group(1))


__all__ = [
    "NamePart",
    "fit",
    "initial_of",
    "initials_after",
    "initials_before",
    "rewrite",
    "signoff_initial",
    "standalone_initials",
]
