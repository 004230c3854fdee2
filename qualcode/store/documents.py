"""Importing and creating documents.

:func:`prepare_import` reads source files into :class:`~qualcode.models.Document`
objects without writing anything; :func:`import_files` writes them all in one
transaction journalled in ``.qualcode/journal/``, so a bad file among many, or a
``kill -9`` half-way, leaves the project unchanged (or, once the journal is
complete, finished by the next command). Both hold the documents lock
(``fieldnotes``), so two imports cannot both take the same id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as Date
from pathlib import Path
from typing import Any

from qualcode.errors import AlreadyExists, InvalidArgument, InvalidData
from qualcode.models import KINDS, Document
from qualcode.store import atomic, frontmatter, locking
from qualcode.store.project import Project, validate_document
from qualcode.store.readers import read_source

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
IF_EXISTS = ("error", "skip", "replace")

TextTransform = Callable[[str], str]
"""A function applied to every imported text (the pseudonymiser plugs in here)."""


def slugify(text: str, *, max_length: int = 60) -> str:
    """Return a lower-case ASCII slug: accents dropped, runs of other characters as ``-``.

    >>> slugify("Entrevista con Joaquín — productor")
    'entrevista-con-joaquin-productor'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "document"


def check_date(value: str | None) -> str | None:
    """Return ``value`` as a canonical ISO date, or None.

    Raises:
        InvalidArgument: not a YYYY-MM-DD date.
    """
    if value is None or value == "":
        return None
    try:
        return Date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidArgument(
            f"date {value!r} is not an ISO 8601 date", hint="use YYYY-MM-DD, e.g. 2010-10-06"
        ) from None


def check_kind(kind: str) -> str:
    """Return ``kind`` if it is a document kind (a trailing ``s`` is accepted).

    Raises:
        InvalidArgument: an unknown kind.
    """
    normal = kind.strip().lower()
    if normal.endswith("s") and normal[:-1] in KINDS:
        normal = normal[:-1]
    if normal not in KINDS:
        raise InvalidArgument(f"unknown kind {kind!r}", hint=f"use one of: {', '.join(KINDS)}")
    return normal


def make_id(date: str | None, title: str) -> str:
    """Return the base id for a document: ``<date>-<slug of title>`` (or the slug alone)."""
    slug = slugify(title)
    return f"{date}-{slug}" if date else slug


@dataclass(frozen=True)
class ImportedDocument:
    """One document ready to be written, and what happened on the way.

    Attributes:
        source: The file it came from.
        document: The document (``path`` set to its destination).
        notes: What reading changed (encoding, BOM, line ends...).
        action: ``new``, ``replace`` or ``skip``.
    """

    source: Path
    document: Document
    notes: tuple[str, ...] = ()
    action: str = "new"


@dataclass
class ImportOptions:
    """Metadata given on the command line for every imported file.

    Attributes:
        kind: The document kind.
        date: ISO date, or None to take it from the file (front matter, name).
        title: Title, or None to take it from the file.
        participants: Pseudonyms of the participants.
        attributes: Extra attributes (merged over the file's).
        encoding: Force a text encoding.
        if_exists: ``error``, ``skip`` or ``replace`` when the id is taken.
    """

    kind: str
    date: str | None = None
    title: str | None = None
    participants: Sequence[str] = ()
    attributes: Mapping[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    if_exists: str = "error"


def prepare_import(
    project: Project,
    sources: Iterable[str | Path],
    options: ImportOptions,
    *,
    transform: TextTransform | None = None,
) -> list[ImportedDocument]:
    """Read every source into a document, writing nothing.

    Args:
        project: The destination project.
        sources: Files to import.
        options: Shared metadata.
        transform: Applied to the body and title of each document (the
            pseudonymiser), before the id is made from the title.

    Returns:
        One entry per source, in order.

    Raises:
        NotFound, InvalidData: a source cannot be read (nothing is written).
        InvalidArgument: bad options.
        AlreadyExists: an id is taken and ``if_exists`` is ``error``.
    """
    kind = check_kind(options.kind)
    if options.if_exists not in IF_EXISTS:
        raise InvalidArgument(
            f"bad --if-exists {options.if_exists!r}", hint="use error, skip or replace"
        )
    existing = {d.id: d for d in project.documents()}
    planned: set[str] = set()
    results = []
    for source in sources:
        path = Path(source)
        read = read_source(path, encoding=options.encoding)
        if not read.body.strip():
            raise InvalidData(
                "the file has no text; nothing was imported",
                path=path,
                hint="check that it is the right file (a scanned PDF or image needs OCR first)",
            )
        meta = dict(read.meta)
        date = check_date(options.date) if options.date else _date_from(meta, path)
        title = (
            options.title or str(meta.pop("title", "") or "") or path.stem.replace("_", " ").strip()
        )
        body = read.body
        if transform is not None:
            body, title = transform(body), transform(title)
        file_participants = [str(p) for p in meta.pop("participants", None) or []]
        participants = list(options.participants) or file_participants
        if not participants and read.speakers:
            speakers = [transform(s) if transform else s for s in read.speakers]
            participants = list(dict.fromkeys(speakers))

        attributes = {**(meta.pop("attributes", None) or {}), **options.attributes}
        doc_id = meta.pop("id", None)
        if not isinstance(doc_id, str) or not doc_id:
            doc_id = make_id(date, title)
        for key in ("kind", "date"):
            meta.pop(key, None)
        meta["source"] = {"format": read.format, "encoding": read.encoding}
        if doc_id in planned or (doc_id in existing and options.if_exists == "error"):
            owner = existing[doc_id].path if doc_id in existing else None
            raise AlreadyExists(
                f"a document with id {doc_id!r} already exists (importing {path})",
                path=owner,
                hint="use --title or --date to tell them apart, or --if-exists skip|replace",
            )
        action = options.if_exists if doc_id in existing else "new"
        planned.add(doc_id)
        doc = Document(
            id=doc_id,
            kind=kind,
            title=title,
            body=body,
            date=date,
            participants=tuple(participants),
            attributes=attributes,
            extra=meta,
        )
        validate_document(doc)
        doc = replace(doc, path=project.document_path(doc_id, kind))
        results.append(ImportedDocument(source=path, document=doc, notes=read.notes, action=action))
    return results


def _date_from(meta: dict[str, Any], path: Path) -> str | None:
    value = meta.get("date")
    if value:
        try:
            return check_date(str(value))
        except InvalidArgument as error:
            raise InvalidData(
                error.message, path=path, line=_front_matter_line(path, "date"), hint=error.hint
            ) from None
    match = _DATE_IN_NAME.search(path.name)
    if match:
        try:
            return check_date(match.group(0))
        except InvalidArgument:
            return None
    return None


def _front_matter_line(path: Path, key: str) -> int | None:
    from qualcode.store.frontmatter import key_line

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return key_line(text.replace("\r\n", "\n"), key)


def write_imports(
    project: Project,
    imports: Sequence[ImportedDocument],
    *,
    transaction: atomic.FileTransaction | None = None,
) -> None:
    """Write prepared documents in one transaction (all or nothing).

    A replaced document of another kind has its old file removed. Hold the
    documents lock from :func:`prepare_import` on (:func:`import_files` does),
    so that no other command takes an id meanwhile.

    Args:
        project: The project.
        imports: From :func:`prepare_import`.
        transaction: Stage the files in this transaction instead (the caller
            commits it while still holding the documents lock).

    Raises:
        Busy: another command holds the documents.
    """
    with project.lock(locking.DOCUMENTS):
        existing = {d.id: d.path for d in project.documents()}
        tx = transaction if transaction is not None else project.transaction("import")
        for item in imports:
            if item.action == "skip":
                continue
            doc = item.document
            assert doc.path is not None
            tx.write_text(doc.path, frontmatter.render(doc.front_matter(), doc.body))
            old = existing.get(doc.id)
            if old is not None and old.resolve() != doc.path.resolve():
                tx.delete(old)
        if transaction is None:
            tx.commit()


def import_files(
    project: Project,
    sources: Iterable[str | Path],
    options: ImportOptions,
    *,
    transform: TextTransform | None = None,
) -> list[ImportedDocument]:
    """Import source files as documents: :func:`prepare_import` then :func:`write_imports`.

    Both run under the documents lock.

    Raises:
        Busy: another command holds the documents.
        NotFound, InvalidData, InvalidArgument, AlreadyExists: see :func:`prepare_import`.
    """
    with project.lock(locking.DOCUMENTS):
        imports = prepare_import(project, sources, options, transform=transform)
        write_imports(project, imports)
    return imports


def new_document(
    project: Project,
    *,
    kind: str,
    title: str,
    body: str,
    date: str | None = None,
    participants: Sequence[str] = (),
    attributes: Mapping[str, Any] | None = None,
) -> Document:
    """Create and save a new document with a fresh unique id.

    Raises:
        InvalidArgument: bad kind or date, or an empty title.
    """
    if not title.strip():
        raise InvalidArgument("a document needs a title", hint="pass --title")
    kind = check_kind(kind)
    date = check_date(date)
    body = unicodedata.normalize("NFC", body.replace("\r\n", "\n").replace("\r", "\n"))
    if body and not body.endswith("\n"):
        body += "\n"
    with project.lock(locking.DOCUMENTS):
        return _new_document(project, kind, title, body, date, participants, attributes)


def _new_document(
    project: Project,
    kind: str,
    title: str,
    body: str,
    date: str | None,
    participants: Sequence[str],
    attributes: Mapping[str, Any] | None,
) -> Document:
    doc_id = project.unique_id(make_id(date, title))
    doc = Document(
        id=doc_id,
        kind=kind,
        title=title.strip(),
        body=body,
        date=date,
        participants=tuple(participants),
        attributes=dict(attributes or {}),
    )
    return project.save_document(doc)


def body_lines(body: str) -> list[str]:
    """Return the body's lines without their ``\\n`` (line 1 is index 0)."""
    if not body:
        return []
    lines = body.split("\n")
    if body.endswith("\n"):
        lines.pop()
    return lines


__all__ = [
    "IF_EXISTS",
    "ImportOptions",
    "ImportedDocument",
    "body_lines",
    "check_date",
    "check_kind",
    "import_files",
    "make_id",
    "new_document",
    "prepare_import",
    "slugify",
    "write_imports",
]
