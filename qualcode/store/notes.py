"""Listing and showing documents as tables (the library side of ``qualcode notes``)."""

from __future__ import annotations

from collections.abc import Iterable

from qualcode.models import Document
from qualcode.store.documents import body_lines, check_kind
from qualcode.store.filters import parse_where, select
from qualcode.store.project import Project
from qualcode.table import Table

LIST_COLUMNS = ("id", "kind", "date", "title", "participants", "attributes", "path")


def list_documents(
    project: Project, *, kind: str | None = None, where: Iterable[str] = ()
) -> list[Document]:
    """Return the project's documents, filtered by kind and ``--where`` conditions, in id order.

    Raises:
        InvalidArgument: an unknown kind or a malformed condition.
        InvalidData: a malformed document file.
    """
    docs = project.documents()
    if kind:
        wanted = check_kind(kind)
        docs = [d for d in docs if d.kind == wanted]
    return select(docs, parse_where(where))


def documents_table(project: Project, docs: Iterable[Document]) -> Table:
    """Return a table with one row per document: id, kind, date, title, participants, attributes, path.

    ``path`` is relative to the project root; ``participants`` a list;
    ``attributes`` a mapping (a JSON object; ``k=v`` pairs in CSV).
    """
    rows = [
        (
            d.id,
            d.kind,
            d.date,
            d.title,
            list(d.participants),
            dict(sorted(d.attributes.items())),
            project.relative(d.path) if d.path else None,
        )
        for d in docs
    ]
    return Table(
        LIST_COLUMNS,
        rows,
        title=f"{len(rows)} documents",
        terminal_columns=("id", "kind", "date", "participants"),
    )


def numbered_lines(doc: Document) -> Table:
    """Return the document body as a table of (line, text), lines numbered from 1."""
    return Table(
        ("line", "text"),
        [(n, text) for n, text in enumerate(body_lines(doc.body), start=1)],
        title=doc.title,
    )


def format_numbered(doc: Document) -> str:
    """Return the body with right-aligned 1-based line numbers, as a researcher cites a transcript."""
    lines = body_lines(doc.body)
    width = len(str(len(lines))) if lines else 1
    return "".join(f"{n:>{width}}  {text}".rstrip() + "\n" for n, text in enumerate(lines, start=1))
