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
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as Date
from pathlib import Path
from typing import Any

from qualcode.errors import AlreadyExists, InvalidArgument, InvalidData, QualcodeWarning
from qualcode.models import KINDS, Document
from qualcode.store import atomic, frontmatter, locking
from qualcode.store.project import Project, validate_document
from qualcode.store.readers import read_source
from qualcode.store.timings import render_times, times_path

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
IF_EXISTS = ("error", "skip", "replace")

TextTransform = Callable[[str], str]
"""A function applied to every imported text (the pseudonymiser plugs in here)."""

SpeakerResolver = Callable[[str], tuple[str, str | None, str]]
"""Decides what a speaker label becomes: ``label -> (label written, participant or None, role)``.

The pseudonymiser plugs one in (:mod:`qualcode.pseudonymise.importing`): a
label of the key becomes its pseudonym, an unknown name ``Speaker N``.
"""


def default_speaker(label: str) -> tuple[str, str | None, str]:
    """Keep a label as it is: an interviewer word is the interviewer, anything else a participant."""
    from qualcode.store.readers.turns import is_interviewer

    if is_interviewer(label):
        return label, None, "interviewer"
    return label, label, "participant"


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
        times: Time points ``(offset, seconds)`` into the document's body,
            written to its sidecar (:mod:`qualcode.store.timings`).
    """

    source: Path
    document: Document
    notes: tuple[str, ...] = ()
    action: str = "new"
    times: tuple[tuple[int, float], ...] = ()


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
        fix_text: Repair mojibake (:mod:`qualcode.store.mojibake`); without
            it each suspicious line is only warned about.
    """

    kind: str
    date: str | None = None
    title: str | None = None
    participants: Sequence[str] = ()
    attributes: Mapping[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    if_exists: str = "error"
    fix_text: bool = False


def prepare_import(
    project: Project,
    sources: Iterable[str | Path],
    options: ImportOptions,
    *,
    transform: TextTransform | None = None,
    speakers: SpeakerResolver | None = None,
) -> list[ImportedDocument]:
    """Read every source into a document, writing nothing.

    Speaker turns (:mod:`qualcode.store.readers.turns`) are found in the
    text; each label goes through ``speakers`` (rewritten in the body where
    it changes) and the result is recorded in the front matter as
    ``speakers`` (label, participant, role). Without ``--participant`` or
    front-matter participants, the participants are the speakers' in order.
    With exactly one ``--participant`` and one speaker who is not the
    interviewer (``E:``/``G:``), that speaker is the participant.

    Args:
        project: The destination project.
        sources: Files to import.
        options: Shared metadata.
        transform: Applied to the body and title of each document (the
            pseudonymiser), before the id is made from the title; applied
            piece by piece between time points, so their offsets hold.
        speakers: What each speaker label becomes (default :func:`default_speaker`).

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
        file_participants = [str(p) for p in meta.pop("participants", None) or []]
        participants = list(options.participants) or file_participants
        raw_body, raw_times = read.body, list(read.times)
        for line, warning in read.mojibake:
            warnings.warn(QualcodeWarning(f"{path}:{line}: {warning}"), stacklevel=2)
        if options.fix_text and read.mojibake:
            from qualcode.store.mojibake import repair

            raw_body, raw_times = transform_pieces(raw_body, raw_times, repair)
        body, times, record = _speakers_and_times(
            raw_body,
            raw_times,
            [*read.speakers, *participants],
            speakers or default_speaker,
            participants,
        )
        if transform is not None:
            body, times = transform_pieces(body, times, transform)
            title = transform(title)
            record = [
                {
                    **r,
                    "label": transform(str(r["label"])),
                    "participant": transform(str(r["participant"])) if r["participant"] else None,
                }
                for r in record
            ]
        if not participants:
            participants = list(
                dict.fromkeys(str(r["participant"]) for r in record if r["participant"])
            )
        if record:
            meta["speakers"] = record

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
        notes = read.notes
        if record:
            notes = (*notes, f"{len(record)} speakers recorded")
        results.append(
            ImportedDocument(
                source=path, document=doc, notes=notes, action=action, times=tuple(times)
            )
        )
    return results


def _speakers_and_times(
    body: str,
    times: list[tuple[int, float]],
    known: Sequence[str],
    resolve: SpeakerResolver,
    participants: Sequence[str],
) -> tuple[str, list[tuple[int, float]], list[dict[str, Any]]]:
    """Find the speaker labels, resolve them, rewrite changed ones; return body, times, record."""
    from qualcode.store.readers.turns import find_labels

    _, spans = find_labels(body, known)
    if not spans:
        return body, times, []
    resolved: dict[str, tuple[str, str | None, str]] = {}
    for span in spans:
        if span.label not in resolved:
            resolved[span.label] = resolve(span.label)
    speaking = [label for label, r in resolved.items() if r[2] != "interviewer"]
    if len(participants) == 1 and len(speaking) == 1:
        written, _, role = resolved[speaking[0]]
        resolved[speaking[0]] = (written, participants[0], role)
    edits = [
        (s.start, s.end, resolved[s.label][0]) for s in spans if resolved[s.label][0] != s.label
    ]
    body, times = apply_edits(body, edits, times)
    record = [
        {"label": written, "participant": participant, "role": role}
        for written, participant, role in dict.fromkeys(resolved.values())
    ]
    return body, times, record


def apply_edits(
    body: str, edits: Sequence[tuple[int, int, str]], times: Sequence[tuple[int, float]]
) -> tuple[str, list[tuple[int, float]]]:
    """Replace ``body[start:end]`` by each edit's text and move the time points with the text.

    Args:
        body: The text.
        edits: ``(start, end, replacement)``, 0-based, end exclusive, not
            overlapping, in any order.
        times: ``(offset, seconds)`` time points into ``body``.

    Returns:
        The new body and the time points at their new offsets (a point inside
        a replaced span moves to its start).
    """
    ordered = sorted(edits)
    pieces: list[str] = []
    last = 0
    for start, end, text in ordered:
        pieces += [body[last:start], text]
        last = end
    pieces.append(body[last:])

    def moved(offset: int) -> int:
        delta = 0
        for start, end, text in ordered:
            if offset >= end:
                delta += len(text) - (end - start)
            elif offset > start:
                return start + delta
            else:
                break
        return offset + delta

    return "".join(pieces), [(moved(o), t) for o, t in times]


def transform_pieces(
    body: str, times: Sequence[tuple[int, float]], transform: TextTransform
) -> tuple[str, list[tuple[int, float]]]:
    """Apply ``transform`` to the pieces of ``body`` between time points; return the new offsets.

    Each time point's offset becomes the start of its piece in the
    transformed body, so offsets stay true when names change length.
    """
    if not times:
        return transform(body), []
    cuts = sorted({o for o, _ in times if 0 < o < len(body)})
    bounds = [0, *cuts, len(body)]
    new_start: dict[int, int] = {0: 0}
    out: list[str] = []
    size = 0
    for start, end in zip(bounds, bounds[1:], strict=False):
        new_start[start] = size
        piece = transform(body[start:end]) if body[start:end] else ""
        out.append(piece)
        size += len(piece)
    new_start[len(body)] = size
    return "".join(out), [(new_start.get(o, size if o >= len(body) else 0), t) for o, t in times]


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
            sidecar = times_path(doc.path)
            if item.times:
                tx.write_text(sidecar, render_times(item.times))
            elif sidecar.exists():
                tx.delete(sidecar)
            old = existing.get(doc.id)
            if old is not None and old.resolve() != doc.path.resolve():
                tx.delete(old)
                tx.delete(times_path(old))
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
