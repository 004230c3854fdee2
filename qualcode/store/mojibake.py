"""Mojibake: text that was decoded twice (``â€"`` for ``—``, ``jÃ­cama`` for ``jícama``).

Detection and repair use ftfy (Speer, *ftfy*, https://ftfy.readthedocs.io):
:func:`ftfy.badness.is_bad` flags a string with character sequences that
are almost never meant (Latin-1 read UTF-8 leftovers, C1 control
characters); :func:`repair` runs :func:`ftfy.fix_text` with only the
encoding fixes on (quotes, ligatures, widths and Unicode normalisation are
left as they are, and control characters are never removed: dropping one
of the two C1 characters of ``â\\x80\\x94`` would leave a broken sequence
that no later repair can read). A string ftfy cannot repair is kept as it
is and still reported.

qualcode never repairs silently: importers report every suspicious line
(:func:`find_lines`) and repair only when asked (``--fix-text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a "word" of two or more Latin-1 letters and no ASCII letter, standing between ASCII
# words: the trace of bytes read through the wrong code page (``Episode I äóñ The``)
_STRAY = re.compile(r"(?<![^\x00-\x7f\s])(?<=\s)[\u00c0-\u00ff]{2,}(?=\s)(?![^\x00-\x7f\s])")
_C1 = re.compile(r"[\x80-\x9f]")


@dataclass(frozen=True)
class Finding:
    """One suspicious line.

    Attributes:
        line: 1-based line number (in the text given to :func:`find_lines`).
        text: The suspicious part (the word holding it), for the message.
        repaired: What :func:`repair` makes of ``text``; equal to ``text``
            when it cannot be repaired.
    """

    line: int
    text: str
    repaired: str


def _config():  # type: ignore[no-untyped-def]
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def suspicious(text: str) -> bool:
    """Return True when ``text`` looks like mojibake or holds C1 control characters."""
    if text.isascii():
        return False
    from ftfy.badness import is_bad

    return bool(is_bad(text) or _STRAY.search(f" {text} ") or _C1.search(text))


def repair(text: str) -> str:
    """Return ``text`` with ftfy's encoding repairs (nothing else changed, no control dropped)."""
    if text.isascii():
        return text
    from ftfy import fix_text

    return fix_text(text, _config())


def _snippet(line: str) -> str:
    """Return the word(s) of ``line`` around its first suspicious character."""
    words = line.split()
    bad = [w for w in words if suspicious(w)]
    if bad:
        return bad[0][:40]
    match = _STRAY.search(f" {line} ")
    return match.group(0) if match else line.strip()[:40]


def find_lines(text: str) -> list[Finding]:
    """Return every line of ``text`` that looks like mojibake, in order.

    Args:
        text: Any text with ``\\n`` line ends.

    Returns:
        One :class:`Finding` per suspicious line (line numbers 1-based).
    """
    if text.isascii():
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if suspicious(line):
            snippet = _snippet(line)
            found.append(Finding(number, snippet, repair(snippet)))
    return found


def describe(finding: Finding) -> str:
    """Return the warning text for a finding (without the file and line)."""
    if finding.repaired != finding.text:
        return (
            f"text decoded twice (mojibake): {finding.text!r} reads {finding.repaired!r}; "
            "--fix-text repairs it"
        )
    return (
        f"suspicious characters, perhaps mojibake that cannot be repaired: {finding.text!r}; "
        "kept as they are"
    )


__all__ = ["Finding", "describe", "find_lines", "repair", "suspicious"]
