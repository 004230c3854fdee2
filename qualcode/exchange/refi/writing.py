"""Writing a REFI-QDA project document (``project.qde``, QDA-XML 1.0).

:func:`render_project` turns the objects of :mod:`.model` and the qualcode
codebook into XML text that validates against the bundled
``schema/Project.xsd``. Elements come in the order the schema's sequences
require (Users, CodeBook, Variables, Cases, Sources, Notes, Links, then
project-level NoteRefs); the same input always gives the same bytes (no
timestamps are invented: a date is written only when one is known).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qualcode.codebook.tree import Code, Codebook
from qualcode.exchange.refi.codebook import _attr, _text, code_guid, description_text
from qualcode.exchange.refi.model import Case, Coding, Link, Note, Selection, Source, User, Value

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
_VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


def _attrs(**values: str | None) -> str:
    """Return ``name="value"`` pairs for the values that are not None, in the order given."""
    return "".join(
        f' {name}="{_attr(value)}"' for name, value in values.items() if value is not None
    )


def _values(lines: list[str], values: Sequence[Value], indent: str) -> None:
    for value in values:
        element = _VALUE_ELEMENTS[value.type]
        lines += [
            f"{indent}<VariableValue>",
            f'{indent}  <VariableRef targetGUID="{value.variable}"/>',
            f"{indent}  <{element}>{_text(value.value)}</{element}>",
            f"{indent}</VariableValue>",
        ]


def _note_refs(lines: list[str], guids: Sequence[str], indent: str) -> None:
    lines += [f'{indent}<NoteRef targetGUID="{guid}"/>' for guid in guids]


def _codes(
    lines: list[str], book: Codebook, code_notes: Mapping[str, Sequence[str]], indent: str
) -> None:
    def emit(code: Code, pad: str) -> None:
        attrs = _attrs(
            guid=code_guid(code),
            name=code.label,
            isCodable="true" if code.codable else "false",
            color=code.color,
        )
        description = description_text(code)
        notes = code_notes.get(code.path, ())
        children = book.children(code.path)
        if not (description or notes or children):
            lines.append(f"{pad}<Code{attrs}/>")
            return
        lines.append(f"{pad}<Code{attrs}>")
        if description:
            lines.append(f"{pad}  <Description>{_text(description)}</Description>")
        _note_refs(lines, notes, pad + "  ")
        for child in children:
            emit(child, pad + "  ")
        lines.append(f"{pad}</Code>")

    lines += [f"{indent}<CodeBook>", f"{indent}  <Codes>"]
    for root in book.roots():
        emit(root, indent + "    ")
    lines += [f"{indent}  </Codes>", f"{indent}</CodeBook>"]


def _coding(lines: list[str], coding: Coding, indent: str) -> None:
    attrs = _attrs(guid=coding.guid, creatingUser=coding.user)
    lines.append(f"{indent}<Coding{attrs}>")
    lines.append(f'{indent}  <CodeRef targetGUID="{coding.code}"/>')
    _note_refs(lines, coding.notes, indent + "  ")
    lines.append(f"{indent}</Coding>")


def _selection(lines: list[str], selection: Selection, indent: str) -> None:
    attrs = _attrs(
        guid=selection.guid,
        name=selection.name or None,
        startPosition=str(selection.start),
        endPosition=str(selection.end),
        creatingUser=selection.user,
    )
    lines.append(f"{indent}<PlainTextSelection{attrs}>")
    if selection.description:
        lines.append(f"{indent}  <Description>{_text(selection.description)}</Description>")
    for coding in selection.codings:
        _coding(lines, coding, indent + "  ")
    _note_refs(lines, selection.notes, indent + "  ")
    lines.append(f"{indent}</PlainTextSelection>")


def _source(lines: list[str], source: Source, indent: str) -> None:
    attrs = _attrs(guid=source.guid, name=source.name, plainTextPath=source.path)
    body = bool(source.description or source.selections or source.notes or source.values)
    if not body:
        lines.append(f"{indent}<TextSource{attrs}/>")
        return
    lines.append(f"{indent}<TextSource{attrs}>")
    if source.description:
        lines.append(f"{indent}  <Description>{_text(source.description)}</Description>")
    for selection in source.selections:
        _selection(lines, selection, indent + "  ")
    _note_refs(lines, source.notes, indent + "  ")
    _values(lines, source.values, indent + "  ")
    lines.append(f"{indent}</TextSource>")


def _case(lines: list[str], case: Case, indent: str) -> None:
    lines.append(f"{indent}<Case{_attrs(guid=case.guid, name=case.name)}>")
    if case.description:
        lines.append(f"{indent}  <Description>{_text(case.description)}</Description>")
    _values(lines, case.values, indent + "  ")
    lines += [f'{indent}  <SourceRef targetGUID="{guid}"/>' for guid in case.sources]
    lines.append(f"{indent}</Case>")


def _note(lines: list[str], note: Note, indent: str) -> None:
    attrs = _attrs(
        guid=note.guid, name=note.name, creatingUser=note.user, creationDateTime=note.created
    )
    lines.append(f"{indent}<Note{attrs}>")
    if note.description:
        lines.append(f"{indent}  <Description>{_text(note.description)}</Description>")
    lines.append(f"{indent}  <PlainTextContent>{_text(note.text)}</PlainTextContent>")
    lines.append(f"{indent}</Note>")


def render_project(
    *,
    name: str,
    origin: str,
    users: Sequence[User],
    book: Codebook,
    code_notes: Mapping[str, Sequence[str]] | None = None,
    variables: Sequence[tuple[str, str, str]] = (),
    cases: Sequence[Case] = (),
    sources: Sequence[Source] = (),
    notes: Sequence[Note] = (),
    links: Sequence[Link] = (),
    project_notes: Sequence[str] = (),
) -> str:
    """Return the ``project.qde`` text of a project.

    Args:
        name: The project name (``<Project name>``).
        origin: The producing software (``origin``).
        users: One per coder.
        book: The codebook; code GUIDs are those of ``codebook export``
            (:func:`~qualcode.exchange.refi.codebook.code_guid`).
        code_notes: Code path -> GUIDs of notes about that code (``<NoteRef>``).
        variables: ``(guid, name, typeOfVariable)`` triples.
        cases: The cases.
        sources: The text sources; each ``path`` is its ``plainTextPath``.
        notes: The notes (memos).
        links: Links from notes to what they are about.
        project_notes: GUIDs of notes about the project as a whole.

    Returns:
        UTF-8 XML text with ``\\n`` line ends, valid against ``schema/Project.xsd``.
    """
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<Project xmlns="{PROJECT_NAMESPACE}"{_attrs(name=name, origin=origin)}>',
    ]
    if users:
        lines.append("  <Users>")
        lines += [
            f"    <User{_attrs(guid=user.guid, name=user.name, id=user.id)}/>" for user in users
        ]
        lines.append("  </Users>")
    if book.codes:
        _codes(lines, book, code_notes or {}, "  ")
    if variables:
        lines.append("  <Variables>")
        lines += [
            f"    <Variable{_attrs(guid=guid, name=var, typeOfVariable=kind)}/>"
            for guid, var, kind in variables
        ]
        lines.append("  </Variables>")
    if cases:
        lines.append("  <Cases>")
        for case in cases:
            _case(lines, case, "    ")
        lines.append("  </Cases>")
    if sources:
        lines.append("  <Sources>")
        for source in sources:
            _source(lines, source, "    ")
        lines.append("  </Sources>")
    if notes:
        lines.append("  <Notes>")
        for note in notes:
            _note(lines, note, "    ")
        lines.append("  </Notes>")
    if links:
        lines.append("  <Links>")
        lines += [
            f"    <Link{_attrs(guid=link.guid, name=link.name or None, direction='OneWay', originGUID=link.origin, targetGUID=link.target)}/>"
            for link in links
        ]
        lines.append("  </Links>")
    _note_refs(lines, project_notes, "  ")
    lines.append("</Project>")
    return "\n".join(lines) + "\n"


__all__ = ["PROJECT_NAMESPACE", "render_project"]
