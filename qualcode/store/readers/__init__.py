"""Readers that turn source files into document text.

:func:`read_source` picks a reader by file extension and returns a
:class:`SourceText`: the body (``\\n`` line ends, NFC) plus any metadata the
format carries (front matter of a Markdown file, speakers of a transcript,
time points, mojibake found). :mod:`~qualcode.store.readers.turns` finds
speaker turns and time marks in any text.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import InvalidData
from qualcode.store.readers.source import SourceText

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".vtt", ".srt")


def read_source(path: str | Path, *, encoding: str | None = None) -> SourceText:
    """Read a source file into document text.

    Args:
        path: A ``.txt``, ``.md``, ``.docx``, ``.vtt`` or ``.srt`` file.
        encoding: Force a text encoding (ignored for .docx).

    Returns:
        The text and what was learnt while reading it.

    Raises:
        NotFound: the file does not exist.
        InvalidData: unsupported extension, binary or undecodable content,
            a corrupt .docx, or malformed Markdown front matter.
    """
    from qualcode.store.readers import docx, plain, subtitles
    from qualcode.store.textio import read_bytes

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidData(
            f"unsupported file type {suffix or '(no extension)'!r}",
            path=p,
            hint="import .txt, .md, .docx, .vtt or .srt files",
        )
    data = read_bytes(p)
    if suffix == ".docx":
        from dataclasses import replace

        read = docx.read(data, p)
        return replace(
            read,
            times=read.times or plain.text_times(read.body),
            mojibake=plain.suspicious_lines(read.body),
        )
    if suffix in (".vtt", ".srt"):
        return subtitles.read(data, p, encoding=encoding, fmt=suffix[1:])
    return plain.read(data, p, encoding=encoding, markdown=suffix != ".txt")
