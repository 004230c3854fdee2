"""Word (.docx) sources, read with python-docx.

Paragraphs become blank-line-separated paragraphs; line breaks inside a
paragraph stay line breaks; table cells are read row by row in document order.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

from qualcode.errors import InvalidData
from qualcode.store.readers.source import SourceText


def _paragraph_texts(document: object) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    texts: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                texts.append(" | ".join(cells))
    return texts


def read(data: bytes, path: Path) -> SourceText:
    """Extract the text of a .docx file.

    Raises:
        InvalidData: the file is not a readable .docx.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InvalidData(
            f"not a readable Word .docx file ({type(exc).__name__})",
            path=path,
            hint="open it in Word or LibreOffice and save it again as .docx",
        ) from None
    paragraphs = [
        p.replace("\r\n", "\n").replace("\r", "\n").strip() for p in _paragraph_texts(document)
    ]
    body = "\n\n".join(p for p in paragraphs if p)
    body = unicodedata.normalize("NFC", body)
    return SourceText(body=body + "\n" if body else "", format="docx", encoding="utf-8")
