"""What a reader returns: :class:`SourceText`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceText:
    """The text read from a source file.

    Attributes:
        body: Document text, ``\\n`` line ends, NFC.
        format: The reader used: ``text``, ``markdown``, ``docx``, ``vtt`` or ``srt``.
        encoding: The byte encoding detected or given (``utf-8`` for .docx).
        meta: Front matter found in a Markdown source (empty otherwise).
        speakers: Speaker names found in a subtitle transcript, in order of appearance.
        notes: What reading changed (encoding, BOM, line ends), for the import log.
        times: Time points ``(offset, seconds)``: the 0-based code-point offset
            into ``body`` where a timed passage starts (a subtitle cue, a
            ``[hh:mm:ss]`` mark, a chat line) and its time from the start of
            the recording in seconds; sorted by offset.
        mojibake: ``(line, warning)`` for every source line that looks like
            mojibake (:mod:`qualcode.store.mojibake`), 1-based lines of the
            file (paragraphs of a .docx).
    """

    body: str
    format: str
    encoding: str
    meta: dict[str, Any] = field(default_factory=dict)
    speakers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    times: tuple[tuple[int, float], ...] = ()
    mojibake: tuple[tuple[int, str], ...] = ()


__all__ = ["SourceText"]
