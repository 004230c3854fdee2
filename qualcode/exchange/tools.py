"""``qualcode import-project``: recognise another tool's project or file, and import it.

:func:`detect_kind` looks at the path (a folder or a file) and its content,
never only at the extension:

========================  ===========================================================
kind                      what it is
========================  ===========================================================
``refi``                  a REFI-QDA project: ``.qdpx`` archive or ``.qde`` XML
``qc-project``            a qc project folder (``settings.yaml`` with ``corpus_dir``)
``qc-codes``              a qc line-aligned codes file (needs ``--document``)
``taguette-highlights``   a Taguette highlights CSV (``document``, ``tag``, ``content``)
``codebook``              a codebook another tool wrote (REFI-QDA ``.qdc``, qc YAML,
                          QualCoder's or any plain code list, a CSV codebook):
                          imported as by ``codebook import``
========================  ===========================================================

Anything else is an error that names these kinds.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from qualcode.errors import ExchangeError, NotFound

KINDS = ("refi", "qc-project", "qc-codes", "taguette-highlights", "codebook")
ACCEPTED = (
    "a REFI-QDA project (.qdpx, .qde), a qc project folder (settings.yaml, corpus/), "
    "a qc line-aligned codes file (.txt, with --document), a Taguette highlights CSV "
    "(id, document, tag, content), or a codebook (.qdc, qc .yaml, QualCoder .txt code list, CSV)"
)


def _head(path: Path, size: int = 4096) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def detect_kind(path: str | Path) -> str:
    """Return which of :data:`KINDS` ``path`` is.

    Raises:
        NotFound: no such file or folder.
        ExchangeError: none of them (the message names the kinds accepted).
    """
    source = Path(path)
    if source.is_dir():
        from qualcode.exchange.qc import is_qc_project

        if is_qc_project(source):
            return "qc-project"
        raise ExchangeError(
            "this folder is not a project qualcode can import",
            path=source,
            hint=f"qualcode imports {ACCEPTED}",
        )
    if not source.is_file():
        raise NotFound(f"no such file or folder: {source}", path=source)
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            names = [n.lower() for n in archive.namelist()]
        if any(n.endswith(".qde") for n in names):
            return "refi"
        raise ExchangeError(
            "a zip archive without a .qde project file",
            path=source,
            hint=f"qualcode imports {ACCEPTED}",
        )
    head = _head(source).lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = source.suffix.lower()
    if head.startswith(b"<"):
        if b"<CodeBook" in head or suffix == ".qdc":
            return "codebook"
        return "refi"
    if suffix == ".csv":
        from qualcode.exchange.taguette import looks_like_highlights

        return "taguette-highlights" if looks_like_highlights(source) else "codebook"
    if suffix in (".yaml", ".yml"):
        return "codebook"
    if suffix == ".txt" or not suffix:
        from qualcode.exchange.qc import looks_like_line_codes
        from qualcode.store.textio import decode

        try:
            text = decode(source.read_bytes(), source).text
        except Exception:  # noqa: BLE001 - undecodable: not a kind we know
            text = None
        if text is not None:
            return "qc-codes" if looks_like_line_codes(text) else "codebook"
    raise ExchangeError(
        f"not a kind of file qualcode can import ({suffix or 'no extension'})",
        path=source,
        hint=f"qualcode imports {ACCEPTED}",
    )


__all__ = ["ACCEPTED", "KINDS", "detect_kind"]
