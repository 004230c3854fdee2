"""``qualcode codebook import``: read a codebook file of any accepted kind into the project.

The kind is chosen by the file's extension: ``.csv`` (qualcode's own export,
Taguette's), ``.txt`` (a plain code list, as QualCoder imports), anything else
REFI-QDA (``.qdc``, ``.qde``, ``.qdpx``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualcode.codebook.importing import ImportedCodebook, add_imported_codebook


def read_any_codebook(path: str | Path) -> tuple[ImportedCodebook, str]:
    """Read a codebook file, choosing the reader by extension.

    Args:
        path: The file.

    Returns:
        What was read, and a description of its kind (``"CSV codebook"``).

    Raises:
        NotFound: the file does not exist.
        ExchangeError: the file cannot be read as that kind (file and line named).
    """
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix == ".csv":
        from qualcode.codebook.plain_formats import read_csv_codebook

        return read_csv_codebook(source), "CSV codebook"
    if suffix == ".txt":
        from qualcode.codebook.plain_formats import read_plain_codebook

        return read_plain_codebook(source), "plain code list"
    from qualcode.exchange.refi.codebook import read_codebook

    return read_codebook(source), "REFI-QDA codebook"


def import_codebook(
    project: Any, path: str | Path, *, into: str | None = None, dry_run: bool = False
) -> tuple[Path, ImportedCodebook]:
    """Import a codebook file into ``codebooks/<into>.yaml``.

    Args:
        project: The :class:`~qualcode.store.project.Project`.
        path: A ``.qdc``/``.qde``/``.qdpx``, ``.csv`` or ``.txt`` file
            (see :func:`read_any_codebook`).
        into: Codebook file name without ``.yaml`` (default: a slug of the file name).
        dry_run: Read and check, write nothing.

    Returns:
        The new codebook file and what was read.

    Raises:
        AlreadyExists: the codebook file exists.
        InvalidData: an imported path is already defined in another codebook file.
        ExchangeError, NotFound: the file cannot be read.
    """
    source = Path(path)
    imported, kind = read_any_codebook(source)
    target = add_imported_codebook(project, imported, source, kind=kind, into=into, dry_run=dry_run)
    return target, imported


__all__ = ["import_codebook", "read_any_codebook"]
