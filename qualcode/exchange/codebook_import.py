"""``qualcode codebook import``: read a codebook file of any accepted kind into the project.

The kind is chosen by the file's content and extension: REFI-QDA (``.qdc``,
``.qde``, ``.qdpx``: XML or a zip archive), ``.csv`` (qualcode's own export,
Taguette's), ``.yaml``/``.yml`` (a qc codebook: a list of names, ``parent:``
with children), ``.txt`` (a plain code list, as QualCoder imports). A qc
line-aligned codes file (``.txt`` with comma-separated codes per line) holds
codings, not codes, and is refused with a pointer to ``import-project``; any
other file is refused with the list of kinds accepted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualcode.codebook.importing import ImportedCodebook, add_imported_codebook

KINDS_ACCEPTED = (
    "REFI-QDA (.qdc, .qde, .qdpx), CSV codebook (.csv, e.g. Taguette's), "
    "qc codebook (.yaml), plain code list (.txt, e.g. QualCoder's)"
)


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
    import zipfile

    from qualcode.errors import ExchangeError, NotFound

    source = Path(path)
    if not source.is_file():
        raise NotFound(f"no such file: {source}", path=source)
    suffix = source.suffix.lower()
    with source.open("rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") or zipfile.is_zipfile(source):
        from qualcode.exchange.refi.codebook import read_codebook

        return read_codebook(source), "REFI-QDA codebook"
    if suffix in (".yaml", ".yml"):
        from qualcode.exchange.qc import read_qc_codebook

        return read_qc_codebook(source), "qc codebook"
    if suffix == ".txt":
        from qualcode.exchange.qc import looks_like_line_codes
        from qualcode.store.textio import decode

        if looks_like_line_codes(decode(source.read_bytes(), source).text):
            raise ExchangeError(
                "this is a qc line-aligned codes file (each line lists the codes of a document "
                "line): codings, not a codebook",
                path=source,
                hint=f"import its codings with 'qualcode import-project {source.name} --document DOC'",
            )
    if suffix not in (".csv", ".txt", ".qdc", ".qde", ".qdpx", ".xml"):
        raise ExchangeError(
            f"not a codebook file qualcode can read ({suffix or 'no extension'})",
            path=source,
            hint=f"codebook import reads {KINDS_ACCEPTED}",
        )
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


__all__ = ["KINDS_ACCEPTED", "import_codebook", "read_any_codebook"]
