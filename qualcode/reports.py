"""Small report tables shared by several commands."""

from __future__ import annotations

from qualcode.codebook import Codebook
from qualcode.table import Table


def codebook_table(book: Codebook) -> Table:
    """Return the codebook as a table: path, label, definition (first sentence), keywords."""
    rows = []
    for code in book:
        definition = code.description.split(". ")[0].rstrip(".")
        indent = "  " * (code.depth - 1)
        rows.append((indent + code.name, code.label, definition, list(code.keywords)))
    return Table(("code", "label", "definition", "keywords"), rows, title=f"{len(rows)} codes")
