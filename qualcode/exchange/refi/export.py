"""``qualcode export refi``: the whole project as a REFI-QDA project archive (``.qdpx``).

What goes in (QDA-XML 1.0, ``project.qde`` plus ``sources/``):

* ``<Users>``: one per coder (codings, memo authors, survey coders);
* ``<CodeBook>``: the codebook, with the GUIDs ``codebook export`` writes;
* ``<Variables>``: ``Document kind``, ``Document date``, ``Participants`` and
  one per document attribute (``Integer``, ``Float``, ``Boolean`` or ``Date``
  when every value is one, else ``Text``), and one per survey question or
  attribute that is not open (``<survey>: <question id>``);
* ``<Cases>``: one per participant pseudonym, with ``<SourceRef>`` to each of
  their documents; one per survey response, with its values;
* ``<Sources>``: one ``<TextSource>`` per document (``name`` is the document
  id, ``<Description>`` its title, ``plainTextPath`` ``internal://<guid>.txt``,
  the body as UTF-8 in ``sources/<guid>.txt``) with a ``<PlainTextSelection>``
  per distinct coded span (``startPosition``/``endPosition``: 0-based code
  points, end exclusive) holding a ``<Coding>`` per segment (code and coder);
  and one per survey response with open answers (``<survey>/<response id>``),
  its answers as text and its codes as selections on each answer;
* ``<Notes>``: one per memo (``memos/*.md``), referenced from what it is about
  (code, document, passage, or the project); coding memos as notes referenced
  from their ``<Coding>``.

Only current segments go in (a stale segment would sit on other words; a
warning says how many were left out), and only segments whose code is in the
codebook (REFI-QDA codings must point to a code). The pseudonym key is never
read, so no real name from it can reach the archive: everything written comes
from the project's pseudonymised files. GUIDs are UUID version 5 values derived
from ids, so the same project always gives the same archive, byte for byte.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.codebook.tree import Codebook, load_codebook
from qualcode.exchange.refi.codebook import code_guid
from qualcode.exchange.refi.model import Case, Coding, Note, Selection, Source, User, Value
from qualcode.exchange.refi.writing import render_project
from qualcode.models import Document, Segment
from qualcode.store.memos import Memo, coding_memo_id, load_memos
from qualcode.store.project import Project

GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://qualcode.invalid/refi-qda/project")
KIND_VARIABLE = "Document kind"
DATE_VARIABLE = "Document date"
PARTICIPANTS_VARIABLE = "Participants"
SURVEY_DESCRIPTION = "qualcode survey response"
MEMO_ID_PREFIX = "qualcode memo id: "
CODING_MEMO_DESCRIPTION = "qualcode coding memo"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def guid(kind: str, key: str) -> str:
    """Return the stable GUID of a ``kind`` of object (``document``, ``memo``...) with ``key``."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


@dataclass
class ExportResult:
    """What an export wrote.

    Attributes:
        data: The ``.qdpx`` archive bytes.
        qde: The ``project.qde`` text.
        documents: Text sources from documents.
        responses: Text sources from survey responses.
        segments: Codings written.
        memos: Notes written (memo files and coding memos).
        warnings: What was left out, one line each.
    """

    data: bytes
    qde: str
    documents: int = 0
    responses: int = 0
    segments: int = 0
    memos: int = 0
    warnings: list[str] = field(default_factory=list)


def variable_type(values: Iterable[Any]) -> str:
    """Return the QDA-XML ``typeOfVariable`` that holds every value of ``values``.

    ``Boolean`` when all are booleans, ``Integer`` when all are integers,
    ``Float`` when all are numbers, ``Date`` when all are ``YYYY-MM-DD``
    strings, else ``Text``.
    """
    items = [v for v in values if v is not None and v != ""]
    if not items:
        return "Text"
    if all(isinstance(v, bool) for v in items):
        return "Boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in items):
        return "Integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
        return "Float"
    if all(isinstance(v, str) and _ISO_DATE.match(v) for v in items):
        return "Date"
    return "Text"


def value_text(value: Any, kind: str) -> str:
    """Return ``value`` as the text of a QDA-XML ``*Value`` element of type ``kind``."""
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Float":
        return repr(float(value)) if isinstance(value, float) else str(value)
    return str(value)


def _excerpt(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _created(value: str | None) -> str | None:
    """Return an ``xsd:dateTime`` for a memo's ``created`` (a date alone gets midnight)."""
    if not value:
        return None
    if _ISO_DATE.match(value):
        return value + "T00:00:00"
    return value if re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", value) else None


class _Builder:
    """Collects users, variables, sources, cases and notes for one export."""

    def __init__(self, book: Codebook) -> None:
        self.book = book
        self.users: dict[str, User] = {}
        self.variables: dict[str, tuple[str, str, str]] = {}
        self.sources: list[Source] = []
        self.cases: list[Case] = []
        self.notes: list[Note] = []
        self.code_notes: dict[str, list[str]] = defaultdict(list)
        self.project_notes: list[str] = []
        self.segments = 0
        self.warnings: list[str] = []

    def user(self, coder: str) -> str:
        if coder not in self.users:
            self.users[coder] = User(guid("user", coder), coder)
        return self.users[coder].guid

    def variable(self, name: str, kind: str) -> str:
        if name not in self.variables:
            self.variables[name] = (guid("variable", name), name, kind)
        return self.variables[name][0]

    def value(self, name: str, value: Any) -> Value:
        var_guid, _, kind = self.variables[name]
        return Value(var_guid, kind, value_text(value, kind))

    def selections(
        self, key: str, segments: Sequence[Segment], text_of: Any
    ) -> dict[tuple[int, int], Selection]:
        """Return the selections of one source's segments, one per distinct span."""
        spans: dict[tuple[int, int], Selection] = {}
        for seg in sorted(segments, key=lambda s: (s.start, s.end, s.code, s.coder)):
            code = self.book.codes.get(seg.code)
            if code is None:
                continue
            span = (seg.start, seg.end)
            selection = spans.get(span)
            if selection is None:
                selection = Selection(
                    guid=guid("selection", f"{key}:{seg.start}:{seg.end}"),
                    start=seg.start,
                    end=seg.end,
                    name=_excerpt(text_of(seg)),
                    user=self.user(seg.coder),
                )
                spans[span] = selection
            coding = Coding(
                guid=guid("coding", f"{key}:{seg.start}:{seg.end}:{seg.code}:{seg.coder}"),
                code=code_guid(code),
                user=self.user(seg.coder),
            )
            if seg.memo:
                memo_id = coding_memo_id(seg.coder, key, seg.start, seg.end, seg.code)
                note = Note(
                    guid=guid("coding-memo", memo_id),
                    name=_excerpt(seg.memo.split("\n", 1)[0], 80),
                    text=seg.memo,
                    user=self.user(seg.coder),
                    description=CODING_MEMO_DESCRIPTION,
                )
                self.notes.append(note)
                coding.notes.append(note.guid)
            selection.codings.append(coding)
            self.segments += 1
        return spans


def _document_variables(builder: _Builder, documents: Sequence[Document]) -> None:
    builder.variable(KIND_VARIABLE, "Text")
    if any(d.date for d in documents):
        builder.variable(DATE_VARIABLE, "Date")
    if any(d.participants for d in documents):
        builder.variable(PARTICIPANTS_VARIABLE, "Text")
    values: dict[str, list[Any]] = defaultdict(list)
    for doc in documents:
        for key, value in doc.attributes.items():
            values[key].append(value)
    for key in sorted(values, key=str.casefold):
        builder.variable(key, variable_type(values[key]))


def _document_source(
    builder: _Builder, doc: Document, segments: Sequence[Segment]
) -> tuple[Source, dict[tuple[int, int], Selection]]:
    source_guid = guid("document", doc.id)
    values = [builder.value(KIND_VARIABLE, doc.kind)]
    if doc.date:
        values.append(builder.value(DATE_VARIABLE, doc.date))
    if doc.participants:
        values.append(builder.value(PARTICIPANTS_VARIABLE, "; ".join(doc.participants)))
    for key, value in doc.attributes.items():  # the document's own order comes back on import
        if value is not None and value != "":
            values.append(builder.value(key, value))
    spans = builder.selections(doc.id, segments, lambda s: doc.body[s.start : s.end])
    source = Source(
        guid=source_guid,
        name=doc.id,
        text=doc.body,
        path=f"internal://{source_guid}.txt",
        description=doc.title,
        values=values,
    )
    return source, spans


def _memo_note(builder: _Builder, memo: Memo) -> Note:
    return Note(
        guid=guid("memo", memo.id),
        name=memo.title,
        text=memo.body,
        user=builder.user(memo.author) if memo.author else None,
        created=_created(memo.created),
        description=MEMO_ID_PREFIX + memo.id,
    )


def _link_memos(
    builder: _Builder,
    memos: Sequence[Memo],
    sources: dict[str, Source],
    spans: dict[str, dict[tuple[int, int], Selection]],
) -> None:
    for memo in memos:
        note = _memo_note(builder, memo)
        builder.notes.append(note)
        linked = False
        if memo.code and memo.code in builder.book.codes:
            builder.code_notes[memo.code].append(note.guid)
            linked = True
        elif memo.code:
            builder.warnings.append(
                f"memo {memo.id}: code {memo.code!r} is not in the codebook; exported unlinked"
            )
        if memo.document and memo.document in sources:
            sources[memo.document].notes.append(note.guid)
            linked = True
        segment = memo.segment
        if segment is not None and segment.document in sources:
            doc_spans = spans[segment.document]
            key = (segment.start, segment.end)
            if key not in doc_spans:
                text = sources[segment.document].text or ""
                doc_spans[key] = Selection(
                    guid=guid("selection", f"{segment.document}:{segment.start}:{segment.end}"),
                    start=segment.start,
                    end=segment.end,
                    name=_excerpt(text[segment.start : segment.end]),
                )
            doc_spans[key].notes.append(note.guid)
            linked = True
        if not linked:
            builder.project_notes.append(note.guid)


def _survey_sources(builder: _Builder, project: Project) -> list[Source]:
    """Return one text source per survey response with an open answer (and its case)."""
    from qualcode.survey.store import list_survey_names, load_codings, load_survey, survey_coders

    sources: list[Source] = []
    for name in list_survey_names(project):
        survey = load_survey(project, name)
        open_questions = [q for q in survey.questions if q.type == "open"]
        closed = [q for q in survey.questions if q.type != "open"] + survey.attributes
        for column in closed:
            builder.variable(f"{name}: {column.id}", "Text")
        codings = [load_codings(project, name, coder) for coder in survey_coders(project, name)]
        for index, rid in enumerate(survey.ids):
            pieces: list[str] = []
            offsets: dict[str, tuple[int, int]] = {}
            position = 0
            for question in open_questions:
                answer = survey.columns[question.id][index].replace("\r\n", "\n")
                if not answer.strip():
                    continue
                head = f"{question.text}\n"
                start = position + len(head)
                pieces.append(head + answer + "\n\n")
                offsets[question.id] = (start, start + len(answer))
                position += len(head) + len(answer) + 2
            values = [
                builder.value(f"{name}: {c.id}", survey.columns[c.id][index])
                for c in closed
                if survey.columns[c.id][index]
            ]
            key = f"{name}/{rid}"
            case = Case(guid("response", key), key, SURVEY_DESCRIPTION, values)
            builder.cases.append(case)
            if not pieces:
                continue
            text = "".join(pieces)
            segments = [
                Segment(key, *offsets[question], code, coding.coder, "")
                for coding in codings
                for (question, response), codes in coding.codes.items()
                if response == rid and question in offsets
                for code in codes
            ]
            source_guid = guid("document", key)
            spans = builder.selections(key, segments, lambda s, t=text: t[s.start : s.end])
            source = Source(
                guid=source_guid,
                name=key,
                text=text,
                path=f"internal://{source_guid}.txt",
                description=SURVEY_DESCRIPTION,
                selections=[spans[k] for k in sorted(spans)],
                values=list(values),
            )
            case.sources.append(source_guid)
            sources.append(source)
    return sources


def build_archive(qde: str, sources: Sequence[Source]) -> bytes:
    """Return the ``.qdpx`` bytes: ``project.qde`` then ``sources/<guid>.txt`` (UTF-8), fixed dates."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        members = [("project.qde", qde.encode("utf-8"))]
        members += [
            (f"sources/{s.guid}.txt", (s.text or "").encode("utf-8"))
            for s in sorted(sources, key=lambda s: s.guid)
        ]
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def export_project(project: Project, *, use_index: bool = True) -> ExportResult:
    """Build the REFI-QDA archive of ``project`` (see the module docstring); write nothing.

    Args:
        project: The project.
        use_index: Read segments through the index cache.

    Returns:
        The archive bytes and counts; ``warnings`` says what was left out.

    Raises:
        InvalidData: a malformed project file.
    """
    from qualcode import __version__
    from qualcode.analysis import load_corpus

    book = load_codebook(project.codebooks_dir)
    corpus = load_corpus(project, use_index=use_index, text=True)
    builder = _Builder(book)
    if corpus.stale_rows:
        count = len(corpus.stale_rows)
        builder.warnings.append(
            f"{count} stale segment{'s' if count != 1 else ''} left out "
            "(the text changed since coding; run 'qualcode check')"
        )
    undefined = [s for s in corpus.segments if s.code not in book.codes]
    if undefined:
        codes = ", ".join(sorted({s.code for s in undefined})[:5])
        builder.warnings.append(
            f"{len(undefined)} segment(s) of codes not in the codebook left out ({codes}; "
            "see 'qualcode codebook check')"
        )
    by_doc: dict[str, list[Segment]] = defaultdict(list)
    for seg in corpus.segments:
        by_doc[seg.document].append(seg)
    _document_variables(builder, corpus.documents)
    sources: dict[str, Source] = {}
    spans: dict[str, dict[tuple[int, int], Selection]] = {}
    for doc in corpus.documents:
        sources[doc.id], spans[doc.id] = _document_source(builder, doc, by_doc.get(doc.id, []))
    participants: dict[str, list[str]] = defaultdict(list)
    for doc in corpus.documents:
        for person in doc.participants:
            participants[person].append(sources[doc.id].guid)
    builder.cases = [
        Case(guid("case", person), person, sources=list(dict.fromkeys(refs)))
        for person, refs in sorted(participants.items())
    ]
    _link_memos(builder, load_memos(project), sources, spans)
    for doc_id, source in sources.items():
        source.selections = [spans[doc_id][k] for k in sorted(spans[doc_id])]
    survey_sources = _survey_sources(builder, project)
    all_sources = [*sources.values(), *survey_sources]
    qde = render_project(
        name=str(project.settings.get("name") or project.root.name),
        origin=f"qualcode {__version__}",
        users=sorted(builder.users.values(), key=lambda u: u.name),
        book=book,
        code_notes=builder.code_notes,
        variables=list(builder.variables.values()),
        cases=builder.cases,
        sources=all_sources,
        notes=builder.notes,
        project_notes=builder.project_notes,
    )
    return ExportResult(
        data=build_archive(qde, all_sources),
        qde=qde,
        documents=len(sources),
        responses=len(survey_sources),
        segments=builder.segments,
        memos=len(builder.notes),
        warnings=builder.warnings,
    )


def write_export(result: ExportResult, output: str | Path) -> Path:
    """Write an export's archive to ``output`` atomically; return the path."""
    from qualcode.store import atomic

    path = Path(output)
    atomic.write_bytes(path, result.data)
    return path


__all__ = [
    "CODING_MEMO_DESCRIPTION",
    "DATE_VARIABLE",
    "KIND_VARIABLE",
    "MEMO_ID_PREFIX",
    "PARTICIPANTS_VARIABLE",
    "SURVEY_DESCRIPTION",
    "ExportResult",
    "build_archive",
    "export_project",
    "guid",
    "variable_type",
    "write_export",
]
