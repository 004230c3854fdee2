"""A REFI-QDA project in memory: what :mod:`.writing` writes and :mod:`.reading` reads.

The objects mirror the QDA-XML 1.0 elements (``urn:QDA-XML:project:1.0``)
qualcode exchanges; every reference is a GUID string. Positions of a
:class:`Selection` are as found in (or written to) the file: for a written
file they are 0-based, end-exclusive Unicode code points into the source's
plain text, as REFI-QDA 1.5 section 10.2 prescribes; a file read from another
program may count otherwise (see :mod:`.offsets`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
"""The ``typeOfVariable`` values of QDA-XML 1.0."""

MEDIA_ELEMENTS = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
"""Source elements qualcode cannot import as text (skipped with a warning)."""


@dataclass
class User:
    """A ``<User>``: one coder.

    Attributes:
        guid: Its GUID.
        name: The display name (a qualcode coder name when qualcode wrote it).
        id: The optional short ``id`` attribute (NVivo writes initials).
    """

    guid: str
    name: str
    id: str | None = None


@dataclass
class Value:
    """A ``<VariableValue>``: a variable's value on a source or case.

    Attributes:
        variable: The GUID of the ``<Variable>``.
        type: One of :data:`VARIABLE_TYPES` (which ``*Value`` element holds it).
        value: The value as written in the XML (``true``, ``34``, ``2010-10-06``...).
    """

    variable: str
    type: str
    value: str


@dataclass
class Variable:
    """A ``<Variable>`` declared once for the project.

    Attributes:
        guid: Its GUID.
        name: Its name (a document attribute key).
        type: One of :data:`VARIABLE_TYPES`.
        description: Optional ``<Description>`` text.
    """

    guid: str
    name: str
    type: str = "Text"
    description: str = ""


@dataclass
class Coding:
    """A ``<Coding>`` of a selection with one code.

    Attributes:
        guid: Its GUID.
        code: The GUID of the ``<Code>`` (its ``<CodeRef targetGUID>``).
        user: The ``creatingUser`` GUID, or None.
        notes: GUIDs of ``<NoteRef>`` children (a qualcode coding memo).
    """

    guid: str
    code: str
    user: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Selection:
    """A ``<PlainTextSelection>``: a span of a text source and its codings.

    Attributes:
        guid: Its GUID.
        start: ``startPosition`` (0-based; see the module docstring for units).
        end: ``endPosition`` (exclusive).
        name: Its ``name`` (a label; not reliably the selected text).
        user: The ``creatingUser`` GUID, or None.
        codings: Its codings, in file order.
        notes: GUIDs of ``<NoteRef>`` children.
        description: Optional ``<Description>``.
    """

    guid: str
    start: int
    end: int
    name: str = ""
    user: str | None = None
    codings: list[Coding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class Source:
    """A ``<TextSource>`` (or, when read, any source element).

    Attributes:
        guid: Its GUID.
        name: Its ``name``.
        element: The element name (``TextSource``, ``PDFSource``...).
        text: The plain text (decoded, as stored: line ends untouched), or None
            when it could not be found.
        path: ``plainTextPath`` (or ``path`` for media) as written.
        description: Optional ``<Description>``.
        selections: Its plain-text selections, in file order.
        values: Its ``<VariableValue>`` children.
        notes: GUIDs of ``<NoteRef>`` children.
        user: ``creatingUser``, or None.
    """

    guid: str
    name: str
    element: str = "TextSource"
    text: str | None = None
    path: str | None = None
    description: str = ""
    selections: list[Selection] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    user: str | None = None


@dataclass
class Case:
    """A ``<Case>``: a participant (or another unit) and the sources that belong to it.

    Attributes:
        guid: Its GUID.
        name: Its name (a participant's pseudonym when qualcode wrote it).
        description: Optional ``<Description>``.
        values: Its ``<VariableValue>`` children.
        sources: GUIDs of its ``<SourceRef>`` children.
    """

    guid: str
    name: str
    description: str = ""
    values: list[Value] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Note:
    """A ``<Note>``: a memo.

    Attributes:
        guid: Its GUID.
        name: Its title.
        text: Its ``<PlainTextContent>``.
        user: ``creatingUser``, or None.
        created: ``creationDateTime`` (``YYYY-MM-DDThh:mm:ssZ``), or None.
        description: Optional ``<Description>``.
    """

    guid: str
    name: str
    text: str
    user: str | None = None
    created: str | None = None
    description: str = ""


@dataclass
class Link:
    """A ``<Link>`` between two objects (a note and what it is about).

    Attributes:
        guid: Its GUID.
        origin: ``originGUID``.
        target: ``targetGUID``.
        name: Its name.
    """

    guid: str
    origin: str
    target: str
    name: str = ""


__all__ = [
    "MEDIA_ELEMENTS",
    "VARIABLE_TYPES",
    "Case",
    "Coding",
    "Link",
    "Note",
    "Selection",
    "Source",
    "User",
    "Value",
    "Variable",
]
