"""Plain text and Markdown sources."""

from __future__ import annotations

from pathlib import Path

from qualcode.store import frontmatter
from qualcode.store.readers.source import SourceText
from qualcode.store.textio import decode


def read(data: bytes, path: Path, *, encoding: str | None, markdown: bool) -> SourceText:
    """Decode a .txt or .md file; a Markdown file's front matter becomes ``meta``.

    Raises:
        InvalidData: binary or undecodable bytes, or malformed front matter.
    """
    decoded = decode(data, path, encoding=encoding)
    body, meta = decoded.text, {}
    if markdown and body.startswith(frontmatter.DELIMITER + "\n"):
        meta, body = frontmatter.split(body, path)
    return SourceText(
        body=body,
        format="markdown" if markdown else "text",
        encoding=decoded.encoding,
        meta=meta,
        notes=tuple(decoded.changes()),
    )
