"""Reading a codebook from CSV (qualcode's own export, Taguette's) or a plain code list.

A plain list (QualCoder's code import text, :func:`read_plain_codebook`) has
one code per line, levels separated by ``>>`` and an optional memo after a tab:
``cat3>>cat2>>code4<TAB>another memo``.

Columns are matched by name, case-insensitively; others are ignored:

* the code: ``path`` (``/`` separates levels, as ``codebook export -f csv``
  writes it), or ``name``, ``tag`` or ``code`` (one level; Taguette writes ``tag``);
* optional ``label``, ``description``, ``include``, ``exclude``, ``keywords``
  and ``aliases`` (``;``-separated), ``color``.

A code name that is not a valid path segment becomes a slug and the original
becomes its label (``Moderator assist`` -> ``moderator-assist``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from qualcode.codebook.importing import ImportedCodebook, code_slug, normalise_color
from qualcode.codebook.tree import NAME_PATTERN
from qualcode.errors import ExchangeError, NotFound
from qualcode.store.textio import decode

_CODE_COLUMNS = ("path", "name", "tag", "code")
_TEXT_COLUMNS = ("label", "description", "include", "exclude")


def read_csv_codebook(path: str | Path) -> ImportedCodebook:
    """Read a CSV codebook (see the module docstring).

    Args:
        path: The CSV file (UTF-8, UTF-16 or cp1252; any line ends).

    Returns:
        The codes as nested mappings, parents before children, in file order;
        a parent named only in a path is created.

    Raises:
        NotFound: the file does not exist.
        ExchangeError: no code column, or a row without a code (row named).
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no such file: {source}", path=source) from None
    text = decode(data, source).text
    reader = csv.DictReader(io.StringIO(text))
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    key = next((c for c in _CODE_COLUMNS if c in columns), None)
    if key is None:
        raise ExchangeError(
            "no code column in the CSV header",
            path=source,
            line=1,
            hint="name the code column 'path', 'name' or 'tag'",
        )
    warnings: list[str] = []
    roots: list[dict[str, Any]] = []
    index: dict[str, dict[str, Any]] = {}
    for row in reader:
        line = reader.line_num

        def cell(name: str, row: dict[str, Any] = row) -> str:
            column = columns.get(name)
            return " ".join(str(row.get(column) or "").split()) if column else ""

        raw = cell(key)
        if not raw:
            if any((v or "").strip() for v in row.values() if isinstance(v, str)):
                raise ExchangeError(f"row without a {key}", path=source, line=line)
            continue
        parts = [p.strip() for p in raw.split("/")] if key == "path" else [raw]
        parent_path = ""
        siblings = roots
        for depth, part in enumerate(parts):
            name = part if NAME_PATTERN.match(part) else code_slug(part)
            full = f"{parent_path}/{name}" if parent_path else name
            node = index.get(full)
            if node is None:
                node = {"name": name}
                if name != part:
                    node["label"] = part
                siblings.append(node)
                index[full] = node
            elif depth == len(parts) - 1:
                warnings.append(f"line {line}: {full} appears twice; the later row wins")
            if depth < len(parts) - 1:
                siblings = node.setdefault("children", [])
                parent_path = full
        for name in _TEXT_COLUMNS:
            value = cell(name)
            if value and not (name == "label" and value == node["name"]):
                node[name] = value
        for name in ("keywords", "aliases"):
            value = cell(name)
            if value:
                node[name] = [v.strip() for v in value.split(";") if v.strip()]
        color = cell("color")
        if color:
            normal = normalise_color(color)
            if normal:
                node["color"] = normal
            else:
                warnings.append(f"line {line}: colour {color!r} not understood, left out")
    return ImportedCodebook(codes=[_ordered(n) for n in roots], warnings=warnings)


def read_plain_codebook(path: str | Path) -> ImportedCodebook:
    """Read a plain code list: one code per line, ``>>`` between levels, tab then memo.

    Args:
        path: The text file.

    Returns:
        The codes; a memo becomes the description.

    Raises:
        NotFound: the file does not exist.
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no such file: {source}", path=source) from None
    roots: list[dict[str, Any]] = []
    index: dict[str, dict[str, Any]] = {}
    for line in decode(data, source).text.splitlines():
        code, _, memo = line.partition("\t")
        parts = [p.strip() for p in code.split(">>") if p.strip()]
        siblings, parent_path, node = roots, "", None
        for depth, part in enumerate(parts):
            name = part if NAME_PATTERN.match(part) else code_slug(part)
            full = f"{parent_path}/{name}" if parent_path else name
            node = index.get(full)
            if node is None:
                node = {"name": name} if name == part else {"name": name, "label": part}
                siblings.append(node)
                index[full] = node
            if depth < len(parts) - 1:
                siblings, parent_path = node.setdefault("children", []), full
        if node is not None and memo.strip():
            node["description"] = " ".join(memo.split())
    return ImportedCodebook(codes=[_ordered(n) for n in roots])


def _ordered(node: dict[str, Any]) -> dict[str, Any]:
    """Return ``node`` with its keys in codebook-file order, children last."""
    order = ("name", "label", "description", "include", "exclude", "keywords", "color", "aliases")
    out = {k: node[k] for k in order if k in node}
    if node.get("children"):
        out["children"] = [_ordered(c) for c in node["children"]]
    return out


__all__ = ["read_csv_codebook", "read_plain_codebook"]
