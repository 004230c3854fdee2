"""Markdown with YAML front matter: split, parse and render.

A document file looks like::

    ---
    id: 2010-10-06-pancho
    kind: interview
    ---
    Body text...

The body is everything after the closing ``---`` line, byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualcode.errors import InvalidData
from qualcode.store import yamlio

DELIMITER = "---"


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
