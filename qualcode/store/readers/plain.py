"""Plain text and Markdown sources (with the time points of a transcript's marks or chat lines)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualcode.store import frontmatter
from qualcode.store.readers.source import SourceText
from qualcode.store.textio import decode


def read(data: bytes, path: Path, *, encoding: str | None, markdown: bool) -> SourceText:
    """Decode a .txt or .md file; a Markdown file's front matter becomes ``meta``.

    A Markdown file is read by :func:`qualcode.store.frontmatter.decode_document`,
    the reader of stored documents, with the encoding detected.

    Raises:
        InvalidData: binary or undecodable bytes, or malformed front matter.
    """
    meta: dict[str, Any]
    if markdown:
        read = frontmatter.decode_document(data, path, encoding=encoding, required=False)
        text, body, meta = read.text, read.body, read.meta
        used, notes = read.encoding, list(read.notes)
    else:
        decoded = decode(data, path, encoding=encoding)
        text = body = decoded.text
        meta, used, notes = {}, decoded.encoding, list(decoded.changes())
    times = text_times(body)
    if times:
        notes.append(f"{len(times)} time points kept")
    return SourceText(
        body=body,
        format="markdown" if markdown else "text",
        encoding=used,
        meta=meta,
        notes=tuple(notes),
        times=times,
        mojibake=suspicious_lines(text),
    )


def suspicious_lines(text: str) -> tuple[tuple[int, str], ...]:
    """Return ``(line, warning)`` for each line of ``text`` that looks like mojibake."""
    from qualcode.store import mojibake

    return tuple((f.line, mojibake.describe(f)) for f in mojibake.find_lines(text))


def text_times(body: str) -> tuple[tuple[int, float], ...]:
    """Return the time points of a plain-text transcript (see :mod:`.turns`).

    A Zoom chat export gives one per message (the offset of its line); other
    text gives one per ``[hh:mm:ss]`` mark (the offset of its ``[``).
    """
    from qualcode.store.readers.turns import find_labels, time_marks

    style, spans = find_labels(body)
    if style == "zoom-chat":
        return tuple((s.line_start, s.seconds) for s in spans if s.seconds is not None)
    return tuple(time_marks(body))
