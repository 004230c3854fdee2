"""Markdown with YAML front matter: split, parse and render.

A document file looks like::

    ---
    id: 2010-10-06-pancho
    kind: interview
    ---
    Body text...

The body is everything after the closing ``---`` line, byte for byte.

:func:`decode_document` is the one reader of document bytes: the store
(:func:`qualcode.store.project.read_document`), the index cache, ``check``
and ``import`` of a Markdown file all go through it, so a file that one of
them reads (a byte-order mark, CRLF line ends, NFD accents) reads the same in
every other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcode.errors import InvalidData
from qualcode.store import yamlio

DELIMITER = "---"


@dataclass(frozen=True)
class DecodedDocument:
    """A document file's bytes, decoded and split.

    Attributes:
        text: The whole text after decoding: no BOM, ``\\n`` line ends, NFC.
        meta: The parsed front matter (empty when the file has none and none
            was required).
        body: The text after the front matter (the whole text without one).
        encoding: The encoding used (``utf-8`` for stored documents).
        notes: What decoding changed (BOM removed, line ends, NFC), for logs.
        has_front_matter: Whether the text opened with a ``---`` block.
    """

    text: str
    meta: dict[str, Any]
    body: str
    encoding: str
    notes: tuple[str, ...]
    has_front_matter: bool


def decode_document(
    data: bytes,
    path: str | Path | None = None,
    *,
    encoding: str | None = "utf-8",
    required: bool = True,
) -> DecodedDocument:
    """Decode a document file's bytes and split off its front matter: the one reader.

    Decoding is :func:`qualcode.store.textio.decode`: a UTF-8 byte-order mark
    is dropped, ``\\r\\n`` and lone ``\\r`` become ``\\n``, and the text is
    put in Unicode NFC, so that offsets (0-based code points into the body)
    are the same whichever way the file was saved.

    Args:
        data: The file's bytes.
        path: The file, for error messages.
        encoding: ``utf-8`` for a stored document (the default: anything else
            is an error); None to detect (import of a source file); or a
            codec name given by the user.
        required: The file must open with front matter (stored documents);
            when False a file without one is all body (a Markdown source).

    Returns:
        The decoded text, front matter and body.

    Raises:
        InvalidData: bytes that are not text in ``encoding``, missing or
            malformed front matter (file and line named).
    """
    from qualcode.store.textio import decode

    try:
        decoded = decode(data, path, encoding=encoding)
    except InvalidData as error:
        if encoding != "utf-8":
            raise
        raise InvalidData(
            f"not UTF-8 text: {error.message}",
            path=path,
            hint="save the file as UTF-8 (qualcode import converts other encodings)",
        ) from None
    text = decoded.text
    if required or text.startswith(DELIMITER + "\n"):
        meta, body = split(text, path)
        has = True
    else:
        meta, body, has = {}, text, False
    return DecodedDocument(
        text=text,
        meta=meta,
        body=body,
        encoding=decoded.encoding,
        notes=tuple(decoded.changes()),
        has_front_matter=has,
    )


def split(text: str, path: str | Path | None = None) -> tuple[dict[str, Any], str]:
    """Split a document into its front matter mapping and its body.

    Args:
        text: The whole file, ``\\n`` line ends.
        path: The file, for error messages.

    Returns:
        ``(meta, body)``; ``meta`` is the parsed mapping.

    Raises:
        InvalidData: no opening or closing ``---`` line, bad YAML (with the
            file's line number), or front matter that is not a mapping.
    """
    hint = "a document starts with a '---' line, YAML metadata, and another '---' line"
    if not text.startswith(DELIMITER + "\n") and text.rstrip("\n") != DELIMITER:
        raise InvalidData("no front matter (first line is not '---')", path=path, line=1, hint=hint)
    end = text.find("\n" + DELIMITER + "\n", len(DELIMITER))
    if end == -1:
        if text.endswith("\n" + DELIMITER):
            end = len(text) - len(DELIMITER) - 1
        else:
            raise InvalidData(
                "front matter is not closed by a '---' line", path=path, line=1, hint=hint
            )
    yaml_text = text[len(DELIMITER) + 1 : end + 1]
    body = text[end + len(DELIMITER) + 2 :]
    meta = yamlio.load(yaml_text, path, first_line=2)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InvalidData(
            "front matter must be a YAML mapping of keys to values", path=path, line=2, hint=hint
        )
    return meta, body


def key_line(text: str, key: str) -> int | None:
    """Return the 1-based line of a top-level ``key:`` in a document's front matter, if found."""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line == DELIMITER:
            return None
        if line.startswith(f"{key}:"):
            return number
    return None


def render(meta: dict[str, Any], body: str) -> str:
    """Return the file text for ``meta`` and ``body`` (the inverse of :func:`split`)."""
    return f"{DELIMITER}\n{yamlio.dump(meta)}{DELIMITER}\n{body}"
