"""Reading a REFI-QDA project document (``.qde``) into the objects of :mod:`.model`.

Lenient with what real programs write, strict with what is unsafe:

* the namespace may be ``urn:QDA-XML:project:1.0``, the ``1:0`` or ``0:4``
  variants, or missing (elements are matched by local name);
* ``plainTextPath`` may be ``internal://NAME`` (the standard), ``relative://NAME``,
  or a bare ``NAME`` (the qc tool writes ``board_2017.txt``); the file is looked
  for in the archive (``sources/`` or ``Sources/``, any case) and, for
  ``relative://``, beside the archive; ``absolute://`` and other external paths
  are never read (a warning names the source). Inline ``<PlainTextContent>`` is
  used when present;
* text is decoded as UTF-8 (with or without a BOM), UTF-16 with a BOM, or a
  detected legacy encoding; line ends are kept as stored, so that offsets can
  be checked against them (:mod:`.offsets`);
* picture, PDF, audio and video sources are read only to be named in a warning.

Parsing goes through defusedxml (no entity expansion, no external resources).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from qualcode.codebook.importing import ImportedCodebook
from qualcode.errors import ExchangeError, InvalidData
from qualcode.exchange.refi.archive import ProjectFiles
from qualcode.exchange.refi.codebook import _local, _namespace, _parse, codebook_from_element
from qualcode.exchange.refi.model import (
    MEDIA_ELEMENTS,
    VARIABLE_TYPES,
    Case,
    Coding,
    Link,
    Note,
    Selection,
    Source,
    User,
    Value,
    Variable,
)

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@dataclass
class RefiProject:
    """A REFI-QDA project as read from a file.

    Attributes:
        name: ``<Project name>``.
        origin: ``origin`` (the producing software), or None.
        users: ``<User>`` elements by GUID.
        codebook: The codes (``None`` when there is no ``<CodeBook>``).
        code_paths: Code GUID -> path in ``codebook`` (as the importer names codes).
        code_notes: Code GUID -> GUIDs of its ``<NoteRef>`` children.
        variables: ``<Variable>`` elements by GUID.
        cases: ``<Case>`` elements, in file order.
        sources: Text sources, in file order.
        media: ``(element, name)`` of each source that is not text.
        notes: ``<Note>`` elements by GUID.
        links: ``<Link>`` elements.
        project_notes: GUIDs of the project's own ``<NoteRef>`` children.
        warnings: What was repaired or left out.
    """

    name: str
    origin: str | None = None
    users: dict[str, User] = field(default_factory=dict)
    codebook: ImportedCodebook | None = None
    code_paths: dict[str, str] = field(default_factory=dict)
    code_notes: dict[str, list[str]] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    media: list[tuple[str, str]] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    project_notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _children(element: Element, name: str) -> list[Element]:
    return [e for e in element if _local(e.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    return next((e for e in element if _local(e.tag) == name), None)


def _child_text(element: Element, name: str) -> str:
    found = _child(element, name)
    return (found.text or "") if found is not None else ""


def _refs(element: Element, name: str) -> list[str]:
    return [g for e in _children(element, name) if (g := (e.get("targetGUID") or "").strip())]


def _int(value: str | None, what: str, where: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise InvalidData(
            f"{what} {value!r} is not a whole number",
            path=where,
            hint="the file is damaged; export it again from the other program",
        ) from None


def _values(element: Element) -> list[Value]:
    values = []
    for item in _children(element, "VariableValue"):
        ref = _refs(item, "VariableRef")
        if not ref:
            continue
        for kind in VARIABLE_TYPES:
            holder = _child(item, f"{kind}Value")
            if holder is not None:
                values.append(Value(ref[0], kind, (holder.text or "").strip()))
                break
    return values


def decode_source(data: bytes, where: str) -> str:
    """Return a source file's text: BOM removed, line ends as stored.

    Raises:
        InvalidData: a binary file or undecodable bytes.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from qualcode.store.textio import decode

        encoding = decode(data, where).encoding
        return data.decode(encoding)


def _code_paths(codebook: ImportedCodebook) -> dict[str, str]:
    paths: dict[str, str] = {}

    def walk(nodes: list[dict[str, Any]], parent: str) -> None:
        for node in nodes:
            path = f"{parent}/{node['name']}" if parent else node["name"]
            if node.get("guid"):
                paths[str(node["guid"]).strip().lower()] = path
            walk(node.get("children", []), path)

    walk(codebook.codes, "")
    return paths


def _code_notes(book: Element) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    for code in book.iter():
        if _local(code.tag) == "Code" and code.get("guid"):
            refs = _refs(code, "NoteRef")
            if refs:
                notes[code.get("guid", "").strip().lower()] = refs
    return notes


def _selection(element: Element, where: str) -> Selection:
    selection = Selection(
        guid=(element.get("guid") or "").strip(),
        start=_int(element.get("startPosition"), "startPosition", where),
        end=_int(element.get("endPosition"), "endPosition", where),
        name=element.get("name") or "",
        user=element.get("creatingUser"),
        notes=_refs(element, "NoteRef"),
        description=_child_text(element, "Description"),
    )
    for coding in _children(element, "Coding"):
        code = _refs(coding, "CodeRef")
        if code:
            selection.codings.append(
                Coding(
                    guid=(coding.get("guid") or "").strip(),
                    code=code[0].lower(),
                    user=coding.get("creatingUser") or selection.user,
                    notes=_refs(coding, "NoteRef"),
                )
            )
    return selection


def _source_text(element: Element, files: ProjectFiles, result: RefiProject) -> str | None:
    name = element.get("name") or element.get("guid") or "?"
    inline = _child(element, "PlainTextContent")
    if inline is not None and inline.text:
        return inline.text
    raw = (element.get("plainTextPath") or "").strip()
    if not raw:
        result.warnings.append(f"source {name!r} has no text (no plainTextPath); skipped")
        return None
    scheme, sep, rest = raw.partition("://")
    if not sep:
        scheme, rest = "", raw
    if scheme not in ("", "internal", "relative"):
        result.warnings.append(
            f"source {name!r}: {raw} is outside the archive and was not read; skipped"
        )
        return None
    stored = files.find(rest.lstrip("/"))
    if stored is None:
        result.warnings.append(f"source {name!r}: {raw} is not in the archive; skipped")
        return None
    return decode_source(files.read(stored), files.where(stored))


def read_project(files: ProjectFiles) -> RefiProject:
    """Parse the ``.qde`` of ``files`` and read the text of its sources.

    Args:
        files: The opened project (:func:`~qualcode.exchange.refi.archive.open_project_files`).

    Returns:
        The project's objects; ``warnings`` lists what was skipped.

    Raises:
        ExchangeError: XML that is not well-formed or unsafe, or a root that
            is not ``<Project>``.
        InvalidData: a position that is not a number.
    """
    where = files.where(files.qde_name) if files._zip is not None else str(files.path)
    root = _parse(files.qde, where)
    if _local(root.tag) != "Project":
        raise ExchangeError(
            f"not a REFI-QDA project (the root element is <{_local(root.tag)}>)",
            path=where,
            hint="give a .qdpx archive or its project .qde (a .qdc codebook goes to 'codebook import')",
        )
    namespace = _namespace(root.tag)
    result = RefiProject(name=root.get("name") or files.path.stem, origin=root.get("origin"))
    result.warnings += files.warnings
    if namespace is not None and not namespace.startswith("urn:QDA-XML:"):
        result.warnings.append(f"unexpected namespace {namespace!r}; read as REFI-QDA")
    users = _child(root, "Users")
    for user in _children(users, "User") if users is not None else []:
        key = (user.get("guid") or "").strip()
        if key:
            result.users[key] = User(key, (user.get("name") or "").strip(), user.get("id"))
    book = _child(root, "CodeBook")
    if book is not None and _child(book, "Codes") is not None:
        result.codebook = codebook_from_element(book, where, namespace=None)
        result.code_paths = _code_paths(result.codebook)
        result.code_notes = _code_notes(book)
    variables = _child(root, "Variables")
    for variable in _children(variables, "Variable") if variables is not None else []:
        key = (variable.get("guid") or "").strip()
        kind = variable.get("typeOfVariable") or "Text"
        result.variables[key] = Variable(
            key,
            (variable.get("name") or "").strip(),
            kind if kind in VARIABLE_TYPES else "Text",
            _child_text(variable, "Description"),
        )
    cases = _child(root, "Cases")
    for case in _children(cases, "Case") if cases is not None else []:
        result.cases.append(
            Case(
                guid=(case.get("guid") or "").strip(),
                name=(case.get("name") or "").strip(),
                description=_child_text(case, "Description"),
                values=_values(case),
                sources=_refs(case, "SourceRef"),
            )
        )
    sources = _child(root, "Sources")
    for element in list(sources) if sources is not None else []:
        kind = _local(element.tag)
        name = (
            element.get("name")
            or (element.get("plainTextPath") or element.get("path") or "").rsplit("/", 1)[-1]
            or element.get("guid")
            or "?"
        )
        if kind in MEDIA_ELEMENTS:
            result.media.append((kind, name))
            continue
        if kind != "TextSource":
            continue
        text = _source_text(element, files, result)
        result.sources.append(
            Source(
                guid=(element.get("guid") or "").strip(),
                name=name,
                element=kind,
                text=text,
                path=element.get("plainTextPath"),
                description=_child_text(element, "Description"),
                selections=[_selection(s, where) for s in _children(element, "PlainTextSelection")],
                values=_values(element),
                notes=_refs(element, "NoteRef"),
                user=element.get("creatingUser"),
            )
        )
    notes = _child(root, "Notes")
    for note in _children(notes, "Note") if notes is not None else []:
        key = (note.get("guid") or "").strip()
        result.notes[key] = Note(
            guid=key,
            name=(note.get("name") or "").strip(),
            text=_child_text(note, "PlainTextContent"),
            user=note.get("creatingUser"),
            created=note.get("creationDateTime"),
            description=_child_text(note, "Description"),
        )
    links = _child(root, "Links")
    for link in _children(links, "Link") if links is not None else []:
        origin, target = link.get("originGUID"), link.get("targetGUID")
        if origin and target:
            result.links.append(
                Link((link.get("guid") or "").strip(), origin.strip(), target.strip())
            )
    result.project_notes = _refs(root, "NoteRef")
    return result


__all__ = ["RefiProject", "decode_source", "read_project"]
