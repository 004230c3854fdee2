"""Names glued into other tokens: CamelCase, hashtags, handles, URL paths, domains, file names.

``#JusticiaParaLucho``, ``LuchoTapia_audio.m4a``, ``instagram.com/raicesdelsur``,
``www.nuevaesperanza.cl``: a name with no space around it, which the
whole-word matcher cannot see. :func:`glued_tokens` finds the few tokens
that may hold one (a ``#`` or ``@``, a lower-to-upper case change, or a dot,
slash or underscore between letters) with one scan of the text; :func:`split_segments`
cuts a token into its words at case changes and punctuation
(``TWhitfield`` -> ``T``, ``Whitfield``); :func:`glued_form` writes a
pseudonym in the style of what it replaces (``PipeMolina``, ``pipemolina``;
ASCII when the original is).

Inside one segment written without any case change (``nuevaesperanza``,
``sarahgreene``) the engine looks for *concatenations*: two or more
consecutive words of one registered name written together, which are
distinctive enough to match anywhere in the segment (``coopnuevaesperanza``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qualcode.pseudonymise.text import strip_accents

_TAG = re.compile(r"[#@](?=[^\W_])")
_DOTTED = re.compile(r"[./_](?<=[^\W\d_][./_])(?=[^\W\d_])")
_CAMEL = re.compile(r"[A-Z\u00c0-\u00de](?<=[a-z\u00df-\u00ff][A-Z\u00c0-\u00de])")
_TOKEN_EDGE = "«»\"'“”‘’()[]{}<>,;:!?¡¿.…*"
_LETTERS = re.compile(r"[^\W\d_]+")


def glued_tokens(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each token of ``text`` that may hold a glued name, once each."""
    triggers: list[int] = []
    if "#" in text or "@" in text:
        triggers.extend(m.start() for m in _TAG.finditer(text))
    if "." in text or "/" in text or "_" in text:
        triggers.extend(m.start() for m in _DOTTED.finditer(text))
    triggers.extend(m.start() for m in _CAMEL.finditer(text))
    triggers.sort()
    last_end = -1
    for start in triggers:
        if start < last_end:
            continue
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = start + 1
        size = len(text)
        while end < size and not text[end].isspace():
            end += 1
        while start < end and text[start] in _TOKEN_EDGE:
            start += 1
        while end > start and text[end - 1] in _TOKEN_EDGE:
            end -= 1
        if end > start:
            last_end = end
            yield start, end


def split_segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the words of ``text[start:end]``: letter runs cut at case changes (offsets in ``text``)."""
    segments: list[tuple[int, int]] = []
    for run in _LETTERS.finditer(text, start, end):
        begin = run.start()
        stop = run.end()
        for i in range(begin + 1, stop):
            before, here = text[i - 1], text[i]
            if (before.islower() and here.isupper()) or (
                before.isupper() and here.isupper() and i + 1 < stop and text[i + 1].islower()
            ):
                segments.append((begin, i))
                begin = i
        segments.append((begin, stop))
    return segments


def glued_form(original: str, words: list[str]) -> str:
    """Return pseudonym ``words`` written in the style of the glued ``original``.

    ``LuchoTapia`` -> ``PipeMolina``; ``luchotapia`` -> ``pipemolina``;
    ``LUCHO`` -> ``PIPE``; accents are dropped when ``original`` is ASCII.
    """
    if original.isascii():
        words = [strip_accents(w) for w in words]
    words = [w.replace(" ", "") for w in words if w]
    letters = [c for c in original if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return "".join(words).upper()
    if letters and all(c.islower() for c in letters):
        return "".join(words).lower()
    if original[:1].islower():  # camelCase
        out = "".join(w[:1].upper() + w[1:] for w in words)
        return out[:1].lower() + out[1:]
    return "".join(w[:1].upper() + w[1:] for w in words)


__all__ = ["glued_form", "glued_tokens", "split_segments"]
