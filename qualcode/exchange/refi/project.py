"""REFI-QDA projects both ways: ``qualcode import-refi`` (here) and ``qualcode export refi``.

:func:`import_project` brings a ``.qdpx`` (or a ``.qde`` with its
``sources/``) into the current project, all or nothing:

* text sources become documents, pseudonymised through the key like any
  import (body, title, attribute values, participants, memo text, coder
  names); the id is the source's name when qualcode wrote it (a valid id),
  else ``<date>-<slug of the title>``;
* the codebook: a code whose GUID or path the project already has is that
  code; the other codes go into a new ``codebooks/<project name>.yaml``;
* ``<PlainTextSelection>``/``<Coding>`` become segments, one coder per
  ``<User>`` (a coding without a user gets ``coder``); positions are
  converted from whatever the program counted (:mod:`.offsets`) and a
  warning says when that was not the standard's code points;
* ``<VariableValue>`` of a source become document attributes (qualcode's
  own ``Document kind``, ``Document date`` and ``Participants`` variables
  become the kind, date and participants); a ``<Case>`` names a participant of
  each source it refers to, and its values fill attributes the source lacks;
* ``<Note>`` become memos in ``memos/``, linked to the code, document or
  passage that refers to them (``<NoteRef>`` or ``<Link>``); a note referred to
  by a ``<Coding>`` becomes that segment's coding memo;
* picture, PDF, audio and video sources are skipped, each named in a warning;
  so are survey responses qualcode exported (they are not documents).

The export side is :mod:`qualcode.exchange.refi.export`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.codebook.tree import load_codebook, parse_codebook_text, render_codebook_yaml
from qualcode.errors import AlreadyExists, InvalidArgument, InvalidData
from qualcode.exchange.refi.archive import open_project_files
from qualcode.exchange.refi.codebook import code_guid
from qualcode.exchange.refi.export import (
    CODING_MEMO_DESCRIPTION,
    DATE_VARIABLE,
    KIND_VARIABLE,
    MEMO_ID_PREFIX,
    PARTICIPANTS_VARIABLE,
    SURVEY_DESCRIPTION,
    ExportResult,
    export_project,
    write_export,
)
from qualcode.exchange.refi.model import Note, Source
from qualcode.exchange.refi.offsets import convert_offsets
from qualcode.exchange.refi.reading import RefiProject, read_project
from qualcode.models import Document, Segment
from qualcode.pseudonymise.engine import Result
from qualcode.pseudonymise.importing import ProjectPseudonymiser
from qualcode.store import frontmatter, locking
from qualcode.store.codings import CODER_PATTERN, coding_path, render_coding_file
from qualcode.store.documents import IF_EXISTS, check_date, check_kind, make_id, slugify
from qualcode.store.memos import Memo, SegmentLink, memo_id, memo_path, render_memo
from qualcode.store.project import ID_PATTERN, Project

DEFAULT_CODER = "imported"


@dataclass
class ImportResult:
    """What :func:`import_project` did (or, with ``dry_run``, would do).

    Attributes:
        documents: The new document ids, in source order.
        skipped: Sources not imported, by name.
        segments: Segments written.
        coders: Coders who got segments, sorted.
        codes_added: Codes added to the codebook.
        codebook_file: The new codebook file, if any.
        memos: Memo files written.
        coding_memos: Coding memos attached to segments.
        cases: Cases read (participants).
        written: Every file written, relative to the project root.
        warnings: What was converted, repaired or skipped, one line each.
        results: ``(document id, pseudonymisation result)`` for the report.
    """

    documents: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    segments: int = 0
    coders: list[str] = field(default_factory=list)
    codes_added: int = 0
    codebook_file: Path | None = None
    memos: int = 0
    coding_memos: int = 0
    cases: int = 0
    written: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    results: list[tuple[str, Result]] = field(default_factory=list)


def _shift(replacements: Sequence[Any], offset: int, *, end: bool) -> int:
    """Map an offset through pseudonymisation replacements (in text order)."""
    delta = 0
    for rep in replacements:
        if rep.end <= offset:
            delta += len(rep.text) - (rep.end - rep.start)
        elif rep.start < offset:  # inside a replaced name: snap to the replacement
            return rep.start + delta + (len(rep.text) if end else 0)
        else:
            break
    return offset + delta


def _coder_name(raw: str, clean: ProjectPseudonymiser) -> str:
    text = clean.slug(raw.strip()) if raw.strip() else ""
    name = "-".join(text.lower().split())
    name = "".join(c for c in name if c.isalnum() or c in "._-").strip("-._")
    return name if name and CODER_PATTERN.match(name) else ""


def _typed(kind: str, text: str) -> Any:
    if kind == "Boolean":
        return text.strip().lower() in ("true", "1")
    if kind == "Integer":
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "Float":
        try:
            return float(text)
        except ValueError:
            return text
    return text


class _Importer:
    def __init__(
        self,
        project: Project,
        refi: RefiProject,
        clean: ProjectPseudonymiser,
        *,
        kind: str,
        coder: str | None,
        if_exists: str,
        source_name: str,
    ) -> None:
        self.project = project
        self.refi = refi
        self.clean = clean
        self.kind = kind
        self.default_coder = coder
        self.if_exists = if_exists
        self.source_name = source_name
        self.result = ImportResult(warnings=list(refi.warnings))
        self.coders: dict[str, str] = {}
        self.code_map: dict[str, str] = {}
        self.codebook_text: str | None = None
        self.documents: list[Document] = []
        self.segments: dict[tuple[str, str], list[Segment]] = defaultdict(list)
        self.selections: dict[str, tuple[str, int, int, str]] = {}  # guid -> doc, start, end, text
        self.source_docs: dict[str, str] = {}  # source guid -> document id
        self.memos: list[Memo] = []
        self.replaced: list[Path] = []

    # -- people -----------------------------------------------------------------

    def coder(self, user_guid: str | None) -> str:
        if user_guid and user_guid in self.coders:
            return self.coders[user_guid]
        user = self.refi.users.get(user_guid or "")
        name = ""
        if user is not None:
            name = _coder_name(user.name, self.clean) or _coder_name(user.id or "", self.clean)
        if not name:
            name = self.default_coder or str(
                self.project.settings.get("default_coder") or DEFAULT_CODER
            )
        if user_guid:
            self.coders[user_guid] = name
        return name

    # -- the codebook -----------------------------------------------------------

    def codebook(self) -> None:
        book = load_codebook(self.project.codebooks_dir)
        by_guid = {code_guid(c).lower(): c.path for c in book}
        by_guid.update({c.guid.strip().lower(): c.path for c in book if c.guid})
        imported = self.refi.codebook
        if imported is None:
            return
        self.result.warnings += imported.warnings
        imported_paths = self.refi.code_paths  # guid -> imported path
        path_map: dict[str, str] = {}
        for key, path in imported_paths.items():
            if key in by_guid:
                path_map[path] = by_guid[key]
            elif path in book.codes:
                path_map[path] = path
        orphans: list[str] = []

        def prune(nodes: list[dict[str, Any]], parent: str) -> list[dict[str, Any]]:
            kept = []
            for node in nodes:
                path = f"{parent}/{node['name']}" if parent else node["name"]
                if path in path_map:
                    children = node.get("children", [])
                    new = prune(children, path)
                    orphans.extend(f"{path}/{n['name']}" for n in new)
                    continue
                kept.append(node)
                path_map[path] = path
                mark(node.get("children", []), path)
            return kept

        def mark(nodes: list[dict[str, Any]], parent: str) -> None:
            for node in nodes:
                path = f"{parent}/{node['name']}"
                path_map[path] = path
                self.result.codes_added += 1
                mark(node.get("children", []), path)

        new_roots = prune(imported.codes, "")
        self.result.codes_added += len(new_roots)
        if orphans:
            raise InvalidData(
                f"cannot import {self.source_name}: new codes under codes the project already "
                f"has ({', '.join(orphans[:3])}{' ...' if len(orphans) > 3 else ''})",
                hint="add them first with 'qualcode codebook add PATH', or import into a new project",
            )
        for key, path in imported_paths.items():
            self.code_map[key] = path_map[path]
        if not new_roots:
            return
        base = slugify(self.clean.slug(self.refi.name or "imported")) or "imported"
        target, number = self.project.codebooks_dir / f"{base}.yaml", 2
        while target.exists():
            target, number = self.project.codebooks_dir / f"{base}-{number}.yaml", number + 1
        origin = f", origin: {self.refi.origin}" if self.refi.origin else ""
        text = render_codebook_yaml(
            new_roots, comment=f"Imported from {self.source_name} (REFI-QDA project{origin})."
        )
        codes: dict[str, Any] = {}
        seen: dict[str, tuple[Path, int]] = {}
        for existing in book.files:
            parse_codebook_text(existing.read_text(encoding="utf-8"), existing, codes, seen)
        parse_codebook_text(text, target, codes, seen)  # raises on a clash, naming both files
        self.codebook_text = text
        self.result.codebook_file = target

    # -- sources ----------------------------------------------------------------

    def _variables(self, source: Source) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for value in source.values:
            variable = self.refi.variables.get(value.variable)
            if variable is None or not variable.name:
                continue
            values[variable.name] = _typed(value.type, value.value)
        return values

    def _case_links(self) -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]]:
        people: dict[str, list[str]] = defaultdict(list)
        attributes: dict[str, dict[str, Any]] = defaultdict(dict)
        for case in self.refi.cases:
            if case.description == SURVEY_DESCRIPTION or not case.name:
                continue
            self.result.cases += 1
            values = {}
            for value in case.values:
                variable = self.refi.variables.get(value.variable)
                if variable is not None and variable.name:
                    values[variable.name] = _typed(value.type, value.value)
            for ref in case.sources:
                people[ref].append(case.name)
                for key, item in values.items():
                    attributes[ref].setdefault(key, item)
        return people, attributes

    def sources(self, existing: dict[str, Document]) -> None:
        people, case_attributes = self._case_links()
        engine = self.clean.engine
        planned: set[str] = set()
        surveys = [s for s in self.refi.sources if s.description == SURVEY_DESCRIPTION]
        if surveys:
            self.result.warnings.append(
                f"{len(surveys)} survey response source(s) left out (qualcode exports survey "
                "responses for other programs; import the survey itself with 'qualcode survey import')"
            )
        for kind, name in self.refi.media:
            self.result.skipped.append(name)
            self.result.warnings.append(f"{kind} {name!r} skipped (qualcode imports text sources)")
        for source in self.refi.sources:
            if source.description == SURVEY_DESCRIPTION:
                continue
            if source.text is None:
                self.result.skipped.append(source.name)
                continue
            spans = [(s.start, s.end) for s in source.selections]
            converted = convert_offsets(
                source.text, spans, standard_only=(self.refi.origin or "").startswith("qualcode")
            )
            if not converted.body.strip():
                self.result.skipped.append(source.name)
                self.result.warnings.append(f"source {source.name!r} has no text; skipped")
                continue
            if converted.changed:
                self.result.warnings.append(
                    f"source {source.name!r}: positions read as {converted.counting.name}: "
                    f"{converted.on_words} of {len(spans)} selections on word boundaries, "
                    f"against {converted.standard_on_words} as code points"
                )
            if converted.clamped:
                self.result.warnings.append(
                    f"source {source.name!r}: {converted.clamped} selection(s) reached past the "
                    "end of the text and were cut at it"
                )
            body_result = engine.pseudonymise(converted.body)
            body = body_result.text
            if body and not body.endswith("\n"):
                body += "\n"
            variables = self._variables(source)
            kind = self.kind
            if KIND_VARIABLE in variables:
                try:
                    kind = check_kind(str(variables.pop(KIND_VARIABLE)))
                except InvalidArgument:
                    self.result.warnings.append(
                        f"source {source.name!r}: unknown document kind; imported as {self.kind}"
                    )
            date = None
            if DATE_VARIABLE in variables:
                try:
                    date = check_date(str(variables.pop(DATE_VARIABLE))[:10])
                except InvalidArgument:
                    self.result.warnings.append(f"source {source.name!r}: date not understood")
            named = str(variables.pop(PARTICIPANTS_VARIABLE, "") or "")
            refs = [p.strip() for p in named.split(";") if p.strip()] or people.get(source.guid, [])
            participants, key_attributes = self.clean.participants(refs)
            attributes = {**key_attributes, **case_attributes.get(source.guid, {}), **variables}
            attributes = {
                k: self.clean(v) if isinstance(v, str) else v for k, v in attributes.items()
            }
            stem = source.name.rsplit(".", 1)[0] if "." in source.name else source.name
            title = self.clean(source.description.strip()) if source.description.strip() else ""
            title = title or self.clean.slug(stem.replace("_", " ").strip()) or "source"
            if ID_PATTERN.match(source.name) and source.name == slugify(source.name):
                doc_id = slugify(self.clean.slug(source.name))
            else:
                doc_id = slugify(self.clean.slug(make_id(date, title)))
            if doc_id in planned:
                base, number = doc_id, 2
                while doc_id in planned:
                    doc_id, number = f"{base}-{number}", number + 1
            if doc_id in existing:
                if self.if_exists == "error":
                    raise AlreadyExists(
                        f"a document with id {doc_id!r} already exists "
                        f"(source {source.name!r} of {self.source_name})",
                        path=existing[doc_id].path,
                        hint="use --if-exists skip|replace, or import into a new project",
                    )
                if self.if_exists == "skip":
                    self.result.skipped.append(source.name)
                    continue
                old = existing[doc_id].path
                if old is not None:
                    self.replaced.append(old)
            planned.add(doc_id)
            doc = Document(
                id=doc_id,
                kind=kind,
                title=title,
                body=body,
                date=date,
                participants=tuple(participants),
                attributes=attributes,
                path=self.project.document_path(doc_id, kind),
                extra={"source": {"format": "refi-qda", "origin": self.refi.origin or ""}},
            )
            self.documents.append(doc)
            self.source_docs[source.guid] = doc_id
            self.result.documents.append(doc_id)
            self.result.results.append((doc_id, body_result))
            reps = body_result.replacements
            for selection, (raw_start, raw_end) in zip(
                source.selections, converted.spans, strict=True
            ):
                start = _shift(reps, raw_start, end=False)
                end = max(start, _shift(reps, raw_end, end=True))
                end = min(end, len(body))
                self.selections[selection.guid] = (doc_id, start, end, body[start:end])
                if start == end and selection.codings:
                    self.result.warnings.append(
                        f"source {source.name!r}: an empty selection ({selection.start}-"
                        f"{selection.end}) left out"
                    )
                    continue
                for coding in selection.codings:
                    path = self.code_map.get(coding.code)
                    if path is None:
                        self.result.warnings.append(
                            f"source {source.name!r}: a coding refers to an unknown code "
                            f"{coding.code}; left out"
                        )
                        continue
                    memo_texts = [
                        self.refi.notes[n].text for n in coding.notes if n in self.refi.notes
                    ]
                    memo = self.clean("\n".join(t for t in memo_texts if t)) or None
                    if memo:
                        self.result.coding_memos += 1
                    coder = self.coder(coding.user)
                    self.segments[(coder, doc_id)].append(
                        Segment(doc_id, start, end, path, coder, body[start:end], memo)
                    )

    # -- notes ------------------------------------------------------------------

    def notes(self) -> None:
        coding_notes = {
            n
            for s in self.refi.sources
            for sel in s.selections
            for c in sel.codings
            for n in c.notes
        }
        code_of: dict[str, str] = {}
        for code_key, refs in self.refi.code_notes.items():
            for ref in refs:
                if code_key in self.code_map:
                    code_of.setdefault(ref, self.code_map[code_key])
        document_of: dict[str, str] = {}
        segment_of: dict[str, tuple[str, int, int, str]] = {}
        for source in self.refi.sources:
            doc_id = self.source_docs.get(source.guid)
            for ref in source.notes:
                if doc_id:
                    document_of.setdefault(ref, doc_id)
            for selection in source.selections:
                for ref in selection.notes:
                    if selection.guid in self.selections:
                        segment_of.setdefault(ref, self.selections[selection.guid])
        for link in self.refi.links:
            note_guid, target = link.origin, link.target
            if note_guid not in self.refi.notes:
                note_guid, target = link.target, link.origin
            if note_guid not in self.refi.notes:
                continue
            if target in self.selections:
                segment_of.setdefault(note_guid, self.selections[target])
            elif target in self.source_docs:
                document_of.setdefault(note_guid, self.source_docs[target])
            elif target.lower() in self.code_map:
                code_of.setdefault(note_guid, self.code_map[target.lower()])
        taken: set[str] = set()
        for note in self.refi.notes.values():
            if note.guid in coding_notes and note.guid not in code_of | document_of | segment_of:
                continue
            if note.description == CODING_MEMO_DESCRIPTION:
                continue
            self.memos.append(
                self._memo(note, code_of, document_of, segment_of.get(note.guid), taken)
            )

    def _memo(
        self,
        note: Note,
        code_of: dict[str, str],
        document_of: dict[str, str],
        segment: tuple[str, int, int, str] | None,
        taken: set[str],
    ) -> Memo:
        title = self.clean(note.name) or "memo"
        created = note.created
        if created:
            created = created.removesuffix("Z")
            created = created.removesuffix("T00:00:00")
        wanted = note.description.removeprefix(MEMO_ID_PREFIX).strip()
        memo_path_taken = memo_path(self.project, wanted).exists() if wanted else True
        if (
            note.description.startswith(MEMO_ID_PREFIX)
            and ID_PATTERN.match(wanted)
            and wanted not in taken
            and not memo_path_taken
        ):
            new_id = wanted
        else:
            new_id = memo_id(self.project, title, created, taken)
        taken.add(new_id)
        body = self.clean(note.text.replace("\r\n", "\n").replace("\r", "\n"))
        if body and not body.endswith("\n"):
            body += "\n"
        link = None
        if segment is not None:
            link = SegmentLink(segment[0], segment[1], segment[2], segment[3])
        return Memo(
            id=new_id,
            title=title,
            body=body,
            created=created,
            author=self.coder(note.user) if note.user else None,
            code=code_of.get(note.guid),
            document=document_of.get(note.guid),
            segment=link,
            path=memo_path(self.project, new_id),
        )

    # -- writing ----------------------------------------------------------------

    def write(self, dry_run: bool) -> None:
        result = self.result
        result.segments = sum(len(v) for v in self.segments.values())
        result.coders = sorted({coder for coder, _ in self.segments})
        result.memos = len(self.memos)
        writes: list[tuple[Path, str]] = []
        if self.codebook_text is not None and result.codebook_file is not None:
            writes.append((result.codebook_file, self.codebook_text))
        for doc in self.documents:
            assert doc.path is not None
            writes.append((doc.path, frontmatter.render(doc.front_matter(), doc.body)))
        for (coder, doc_id), segments in sorted(self.segments.items()):
            path = coding_path(self.project, coder, doc_id)
            writes.append((path, render_coding_file(doc_id, coder, segments)))
        for memo in self.memos:
            assert memo.path is not None
            writes.append((memo.path, render_memo(memo)))
        result.written = sorted(self.project.relative(p) for p, _ in writes)
        if dry_run:
            return
        targets = {p.resolve() for p, _ in writes}
        codings = [locking.codings(coder, doc_id) for coder, doc_id in self.segments]
        with (
            self.project.lock(*codings, locking.MEMOS),
            self.project.transaction("import-refi") as tx,
        ):  # documents, codebook, codings, memos and the key: all or nothing
            for path, text in writes:
                tx.write_text(path, text)
            for old in self.replaced:
                if old.resolve() not in targets:
                    tx.delete(old)
            self.clean.stage(tx)
        self.clean.key.dirty = False


def import_project(
    project: Project,
    path: str | Path,
    *,
    pseudonymiser: ProjectPseudonymiser,
    kind: str = "fieldnote",
    coder: str | None = None,
    if_exists: str = "error",
    dry_run: bool = False,
) -> ImportResult:
    """Import a REFI-QDA project into ``project`` (see the module docstring); all or nothing.

    Args:
        project: The destination project.
        path: A ``.qdpx`` archive, or a ``.qde`` file with ``sources/`` beside it.
        pseudonymiser: The project's pseudonymiser
            (:func:`qualcode.pseudonymise.importing.project_pseudonymiser`).
        kind: The document kind of sources that do not say (qualcode's own
            exports say).
        coder: The coder of codings without a ``<User>`` (default: the
            project's ``default_coder``, else ``imported``).
        if_exists: ``error``, ``skip`` or ``replace`` when a document id is taken.
        dry_run: Read and check everything, write nothing.

    Returns:
        What was imported, with warnings.

    Raises:
        NotFound: the file does not exist.
        ExchangeError: not a REFI-QDA project, unsafe, or damaged.
        AlreadyExists: a document id is taken and ``if_exists`` is ``error``.
        InvalidData: the codebook cannot be merged (file and code named).
        InvalidArgument: bad ``kind`` or ``if_exists``.
    """
    kind = check_kind(kind)
    if if_exists not in IF_EXISTS:
        raise InvalidArgument(f"bad --if-exists {if_exists!r}", hint="use error, skip or replace")
    source = Path(path)
    with open_project_files(source) as files:
        refi = read_project(files)
    # the key (placeholder numbers), the codebook and the documents stay as read until written
    with project.lock(locking.KEY, locking.CODEBOOK, locking.DOCUMENTS, locking.MEMOS):
        return _import(project, refi, pseudonymiser, kind, coder, if_exists, source.name, dry_run)


def _import(
    project: Project,
    refi: Any,
    pseudonymiser: ProjectPseudonymiser,
    kind: str,
    coder: str | None,
    if_exists: str,
    source_name: str,
    dry_run: bool,
) -> ImportResult:
    importer = _Importer(
        project,
        refi,
        pseudonymiser,
        kind=kind,
        coder=coder,
        if_exists=if_exists,
        source_name=source_name,
    )
    importer.codebook()
    existing = {d.id: d for d in project.documents()}
    importer.sources(existing)
    importer.notes()
    importer.write(dry_run)
    return importer.result


__all__ = [
    "ExportResult",
    "ImportResult",
    "export_project",
    "import_project",
    "write_export",
]
