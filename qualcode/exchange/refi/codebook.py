"""REFI-QDA codebook exchange (``.qdc``, QDA-XML namespace ``urn:QDA-XML:codebook:1.0``).

Writing (:func:`write_codebook`) produces a file that validates against the
bundled ``schema/Codebook.xsd``: nested ``Code`` elements with ``guid``,
``name`` (the code's label), ``isCodable``, an optional ``color`` and a
``Description`` child. REFI-QDA has one free-text field per code, so the
definition is followed by labelled paragraphs that qualcode reads back::

    <definition>

    When to use: <include>

    When not to use: <exclude>

    Example: <one per example>

    Keywords: <comma-separated>

    Aliases: <comma-separated>

    Code name: <the path segment, only when it is not the slug of the label>

Guids are stable: a code's stored ``guid`` when it is a valid GUID, otherwise
a UUID version 5 derived from the stored guid or from the code path.

Reading (:func:`read_codebook`) is lenient with what real tools write: guids
that are not GUIDs (``c001``), the ``urn:QDA-XML:codebook:1:0`` and
``urn:QDA-XML:codebook:0:4`` namespace variants (or none), ``isCodable="false"``
folders, ``#RGB``, ``#AARRGGBB`` and ``rgb(r,g,b)`` colours, missing
attributes, a ``.qde`` project or ``.qdpx`` archive instead of a ``.qdc``. It
is strict about XML that is not well-formed: one error naming file and line.
Parsing uses defusedxml (no entity expansion, no external resources).
"""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from qualcode.codebook.importing import ImportedCodebook, code_slug, normalise_color
from qualcode.codebook.tree import NAME_PATTERN, Code, Codebook
from qualcode.errors import ExchangeError, NotFound

CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
GUID_PATTERN = re.compile(
    r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$"
)
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://qualcode.invalid/refi-qda/code")
_SECTIONS = (
    ("When to use:", "include"),
    ("When not to use:", "exclude"),
    ("Example:", "examples"),
    ("Keywords:", "keywords"),
    ("Aliases:", "aliases"),
    ("Code name:", "name"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def code_guid(code: Code) -> str:
    """Return the REFI-QDA guid of ``code`` (stable across exports).

    The stored ``guid`` when it is a valid GUID; otherwise a UUID version 5
    (RFC 4122) of the stored guid, or of the code path when none is stored.
    """
    if code.guid and GUID_PATTERN.match(code.guid):
        return code.guid
    seed = f"guid:{code.guid}" if code.guid else f"path:{code.path}"
    return str(uuid.uuid5(GUID_NAMESPACE, seed))


def _attr(value: str) -> str:
    value = _CONTROL.sub("", value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _text(value: str) -> str:
    value = _CONTROL.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def description_text(code: Code) -> str:
    """Return the REFI-QDA ``Description`` text of ``code`` (see the module docstring)."""
    parts = [code.description] if code.description else []
    if code.include:
        parts.append(f"When to use: {code.include}")
    if code.exclude:
        parts.append(f"When not to use: {code.exclude}")
    parts += [f"Example: {example}" for example in code.examples]
    if code.keywords:
        parts.append("Keywords: " + ", ".join(code.keywords))
    if code.aliases:
        parts.append("Aliases: " + ", ".join(code.aliases))
    if code_slug(code.label) != code.name:
        parts.append(f"Code name: {code.name}")
    return "\n\n".join(parts)


def write_codebook(book: Codebook, *, origin: str = "qualcode") -> str:
    """Return ``book`` as a QDA-XML codebook document (UTF-8 text, ``\\n`` line ends).

    Args:
        book: The codebook.
        origin: The ``origin`` attribute (the producing software).

    Returns:
        XML text that validates against ``schema/Codebook.xsd``; the same
        codebook always gives the same bytes.

    Raises:
        ExchangeError: the codebook is empty (the schema requires one code).
    """
    if not book.codes:
        raise ExchangeError(
            "the codebook is empty; a REFI-QDA codebook needs at least one code",
            hint="add codes with 'qualcode codebook add PATH'",
        )
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<CodeBook xmlns="{CODEBOOK_NAMESPACE}" origin="{_attr(origin)}">',
        "  <Codes>",
    ]

    def emit(code: Code, indent: str) -> None:
        attrs = f'guid="{code_guid(code)}" name="{_attr(code.label)}"'
        attrs += f' isCodable="{"true" if code.codable else "false"}"'
        if code.color:
            attrs += f' color="{code.color}"'
        description = description_text(code)
        if not description and not code.children:
            lines.append(f"{indent}<Code {attrs}/>")
            return
        lines.append(f"{indent}<Code {attrs}>")
        if description:
            lines.append(f"{indent}  <Description>{_text(description)}</Description>")
        for child in book.children(code.path):
            emit(child, indent + "  ")
        lines.append(f"{indent}</Code>")

    for root in book.roots():
        emit(root, "    ")
    lines += ["  </Codes>", "</CodeBook>"]
    return "\n".join(lines) + "\n"


# --- Reading -----------------------------------------------------------------


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: Any) -> str | None:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else None


def _parse_description(text: str) -> dict[str, Any]:
    """Split a Description into definition and qualcode's labelled paragraphs."""
    # Paragraphs are split on exactly one blank line, as the writer joins them,
    # and line breaks inside a paragraph are kept: the round trip is lossless.
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    out: dict[str, Any] = {}
    definition: list[str] = []
    for paragraph in text.split("\n\n") if text else []:
        for prefix, key in _SECTIONS:
            if paragraph.startswith(prefix):
                value = paragraph[len(prefix) :].strip()
                if key == "examples":
                    out.setdefault("examples", []).append(value)
                elif key in ("keywords", "aliases"):
                    out[key] = [v.strip() for v in value.split(",") if v.strip()]
                else:
                    out[key] = value
                break
        else:
            definition.append(paragraph)
    if definition:
        out["description"] = "\n\n".join(definition)
    return out


def _parse(data: bytes, source: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data)
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        reason = str(exc).split(":")[0]
        raise ExchangeError(
            f"not well-formed XML: {reason} (column {column + 1})"
            if column is not None
            else "not well-formed XML",
            path=source,
            line=line,
            hint="the file is damaged; export it again from the other program",
        ) from None
    except DefusedXmlException as exc:
        raise ExchangeError(
            f"refused unsafe XML ({type(exc).__name__})",
            path=source,
            hint="REFI-QDA files never need entity declarations; export it again",
        ) from None


def _load_root(path: Path) -> Element:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = sorted(n for n in archive.namelist() if n.lower().endswith(".qde"))
                if not members:
                    raise ExchangeError(
                        "the archive holds no .qde project file", path=path, hint="is it a .qdpx?"
                    )
                return _parse(archive.read(members[0]), f"{path}:{members[0]}")
        return _parse(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise NotFound(f"no such file: {path}", path=path) from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExchangeError(f"cannot read the file: {exc}", path=path) from None


def read_codebook(path: str | Path) -> ImportedCodebook:
    """Read a REFI-QDA codebook (``.qdc``), or the codebook of a ``.qde``/``.qdpx`` project.

    Code names become path segments (slugs, made unique among siblings), the
    original names become labels; guids, descriptions (with qualcode's
    labelled paragraphs split back out), colours and ``isCodable`` are kept.
    ``Sets`` are not imported (a warning says how many).

    Args:
        path: The file.

    Returns:
        The codes, in file order, with any warnings.

    Raises:
        NotFound: the file does not exist.
        ExchangeError: not well-formed XML (file and line named), unsafe
            XML, or no codebook in it.
    """
    source = Path(path)
    root = _load_root(source)
    kind = _local(root.tag)
    if kind == "Project":
        book = next((e for e in root if _local(e.tag) == "CodeBook"), None)
        if book is None:
            raise ExchangeError("the project has no CodeBook", path=source)
    elif kind == "CodeBook":
        book = root
    else:
        raise ExchangeError(
            f"not a REFI-QDA codebook (the root element is <{kind}>)",
            path=source,
            hint="give a .qdc codebook, a .qde project or a .qdpx archive",
        )
    return codebook_from_element(book, source, namespace=_namespace(root.tag))


def codebook_from_element(
    book: Element, source: str | Path, *, namespace: str | None = None
) -> ImportedCodebook:
    """Read the codes of a ``<CodeBook>`` element (see :func:`read_codebook`).

    Args:
        book: The ``CodeBook`` element (of a ``.qdc`` or a project).
        source: The file, for messages.
        namespace: The document's namespace, checked for a REFI-QDA one.

    Returns:
        The codes; each node keeps the element's ``guid`` when it had one.

    Raises:
        ExchangeError: no ``<Codes>``.
    """
    warnings: list[str] = []
    if namespace is not None and not namespace.startswith("urn:QDA-XML:"):
        warnings.append(f"unexpected namespace {namespace!r}; read as a REFI-QDA codebook")
    codes_element = next((e for e in book if _local(e.tag) == "Codes"), None)
    if codes_element is None:
        raise ExchangeError("the codebook has no <Codes>", path=source)
    repaired = {"guid": 0, "color": 0}

    def convert(element: Element, where: str) -> dict[str, Any]:
        raw_name = (element.get("name") or "").strip()
        label = raw_name or f"code {where}"
        if not raw_name:
            warnings.append(f"code {where} has no name; called it {label!r}")
        description = next((e for e in element if _local(e.tag) == "Description"), None)
        extra = _parse_description(description.text or "") if description is not None else {}
        stored = extra.pop("name", None)
        valid = stored if stored and NAME_PATTERN.match(stored) else None
        node: dict[str, Any] = {"name": valid or code_slug(label)}
        if node["name"] != label:
            node["label"] = label
        for key in ("description", "include", "exclude", "examples", "keywords"):
            if key in extra:
                node[key] = extra[key]
        raw_color = element.get("color")
        color = normalise_color(raw_color)
        if raw_color and color is None:
            warnings.append(f"code {label!r}: colour {raw_color!r} not understood, left out")
        elif raw_color and color != raw_color.strip().lower():  # case alone is no change
            repaired["color"] += 1
        if color:
            node["color"] = color
        if "aliases" in extra:
            node["aliases"] = extra["aliases"]
        guid = (element.get("guid") or "").strip()
        if guid:
            node["guid"] = guid
            if not GUID_PATTERN.match(guid):
                repaired["guid"] += 1
        if (element.get("isCodable") or "true").strip().lower() in ("false", "0"):
            node["codable"] = False
        children = [e for e in element if _local(e.tag) == "Code"]
        if children:
            node["children"] = _unique(
                [convert(c, f"{where}.{i + 1}") for i, c in enumerate(children)]
            )
        return node

    top = [e for e in codes_element if _local(e.tag) == "Code"]
    codes = _unique([convert(e, str(i + 1)) for i, e in enumerate(top)])
    if repaired["guid"]:
        warnings.append(
            f"{repaired['guid']} guid(s) are not GUIDs; kept, and replaced by derived GUIDs on export"
        )
    if repaired["color"]:
        warnings.append(f"{repaired['color']} colour(s) converted to #rrggbb")
    sets = [e for e in book if _local(e.tag) == "Sets"]
    set_count = sum(1 for s in sets for e in s if _local(e.tag) == "Set")
    if set_count:
        warnings.append(f"{set_count} code set(s) not imported (qualcode has no code sets)")
    return ImportedCodebook(codes=codes, origin=book.get("origin"), warnings=warnings)


def _unique(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Make sibling names unique by appending ``-2``, ``-3``... (the label keeps the original)."""
    seen: set[str] = set()
    for node in nodes:
        base = name = node["name"]
        number = 1
        while name in seen:
            number += 1
            name = f"{base}-{number}"
        if name != base:
            node.setdefault("label", base)
            node["name"] = name
        seen.add(name)
    return nodes


__all__ = [
    "CODEBOOK_NAMESPACE",
    "code_guid",
    "codebook_from_element",
    "description_text",
    "read_codebook",
    "write_codebook",
]
