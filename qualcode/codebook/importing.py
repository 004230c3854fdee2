"""Codes read from another tool's codebook, and how they enter the project.

Readers of other formats (CSV and plain lists in
:mod:`qualcode.codebook.plain_formats`, REFI-QDA in
:mod:`qualcode.exchange.refi.codebook`) return an :class:`ImportedCodebook`;
:func:`add_imported_codebook` writes it as a new codebook file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.codebook.tree import Code
from qualcode.errors import AlreadyExists, ExchangeError, InvalidData


def code_slug(text: str) -> str:
    """Return a valid code name from a display name (``Negativ/Aufgeregt`` -> ``negativ-aufgeregt``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "code"


def normalise_color(value: str | None) -> str | None:
    """Return a ``#rrggbb`` colour from what tools write, or None if unreadable.

    Accepts ``#RRGGBB``, ``#RGB``, ``#AARRGGBB`` (alpha first, as Qt and .NET
    write it), ``rgb(r, g, b)`` and ``r,g,b`` with 0-255 components.
    """
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        return text.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", text):
        return "#" + "".join(c * 2 for c in text[1:]).lower()
    if re.fullmatch(r"#[0-9a-fA-F]{8}", text):
        return "#" + text[3:].lower()
    match = re.fullmatch(
        r"(?:rgba?\s*\()?\s*(\d{1,3})\s*[,; ]\s*(\d{1,3})\s*[,; ]\s*(\d{1,3})\s*(?:[,; ]\s*[\d.]+\s*)?\)?",
        text,
        flags=re.IGNORECASE,
    )
    if match and all(int(g) <= 255 for g in match.groups()):
        return "#" + "".join(f"{int(g):02x}" for g in match.groups())
    return None


@dataclass
class ImportedCodebook:
    """A REFI-QDA codebook read into the qualcode file format.

    Attributes:
        codes: Nested code mappings as in a codebook file (see
            :func:`qualcode.codebook.tree.code_tree`).
        origin: The ``origin`` attribute (producing software), if any.
        warnings: Things that were repaired or left out, one line each.
    """

    codes: list[dict[str, Any]]
    origin: str | None = None
    warnings: list[str] = field(default_factory=list)

    def count(self) -> int:
        """Return the number of codes, at every level."""

        def walk(nodes: list[dict[str, Any]]) -> int:
            return sum(1 + walk(n.get("children", [])) for n in nodes)

        return walk(self.codes)


def add_imported_codebook(
    project: Any,
    imported: ImportedCodebook,
    source: Path,
    *,
    kind: str,
    into: str | None = None,
    dry_run: bool = False,
) -> Path:
    """Write codes read from another format into a new ``codebooks/<into>.yaml``.

    Args:
        project: The :class:`~qualcode.store.project.Project`.
        imported: The codes read (by a reader in :mod:`qualcode.codebook.plain_formats`
            or :mod:`qualcode.exchange.refi.codebook`).
        source: The file they were read from (named in the new file's comment).
        kind: What the file was, for that comment (``"REFI-QDA codebook"``).
        into: Codebook file name without ``.yaml`` (default: a slug of the file name).
        dry_run: Check, write nothing.

    Returns:
        The new codebook file.

    Raises:
        ExchangeError: no codes were read.
        AlreadyExists: the codebook file exists.
        InvalidData: an imported path is already defined in another codebook
            file (both files are named).
    """
    if not imported.codes:
        raise ExchangeError("the codebook has no codes", path=source)
    with project.lock("codebooks"):  # the existing codebook files are read inside the lock
        return _add(project, imported, source, kind, into, dry_run)


def _add(
    project: Any,
    imported: ImportedCodebook,
    source: Path,
    kind: str,
    into: str | None,
    dry_run: bool,
) -> Path:
    from qualcode.codebook.tree import codebook_files, parse_codebook_text, render_codebook_yaml

    name = code_slug(into or source.stem)
    target = project.codebooks_dir / f"{name}.yaml"
    if target.exists():
        raise AlreadyExists(
            f"{project.relative(target)} already exists",
            hint="choose another name with --into NAME",
        )
    origin = f", origin: {imported.origin}" if imported.origin else ""
    text = render_codebook_yaml(
        imported.codes, comment=f"Imported from {source.name} ({kind}{origin})."
    )
    codes: dict[str, Code] = {}
    seen: dict[str, tuple[Path, int]] = {}
    for existing in codebook_files(project.codebooks_dir):
        parse_codebook_text(existing.read_text(encoding="utf-8"), existing, codes, seen)
    new_seen: dict[str, tuple[Path, int]] = {}
    for code_path in parse_codebook_text(text, target, {}, new_seen):
        if code_path in codes:
            where, line = seen[code_path]
            raise InvalidData(
                f"cannot import {source.name}: code {code_path!r} is already defined at "
                f"{project.relative(where)}:{line} (it would be written to "
                f"{project.relative(target)}, line {new_seen[code_path][1]})",
                hint="the project already has these codes; remove or rename them first, "
                "or import into another project",
            )
    if not dry_run:
        project.write_file(target, text)
    return target


__all__ = ["ImportedCodebook", "add_imported_codebook", "code_slug", "normalise_color"]
