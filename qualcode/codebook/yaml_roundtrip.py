"""Round-trip editing of a codebook file: load with ruamel.yaml, change nodes, write it back.

The researcher's comments, key order, quoting and folded text survive an edit:
:class:`CodebookFile` picks the indentation that reproduces the file exactly,
and the helpers here move the comment lines that belong to a code along with
it when it is removed or moved (ruamel attaches a comment to the node *before*
it, so a code's own leading comment sits on its previous sibling).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from qualcode.codebook.tree import CODE_KEYS
from qualcode.errors import InvalidData

_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (2, 2, 2), (4, 6, 4), (4, 4, 0))


def _yaml() -> Any:
    from qualcode.store.yamlio import roundtrip_yaml

    yaml = roundtrip_yaml()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the researcher's lines
    return yaml


class CodebookFile:
    """One codebook file loaded for round-trip editing."""

    def __init__(self, path: Path) -> None:
        from ruamel.yaml import YAMLError
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        self.path = path
        self.original = path.read_text(encoding="utf-8") if path.exists() else ""
        self.yaml = _yaml()
        self.shorthand = False  # a bare list of codes: qc's style, kept on edits
        try:
            self.data = self.yaml.load(self.original) if self.original.strip() else None
        except YAMLError as exc:  # pragma: no cover - load_codebook already checked it
            raise InvalidData(f"invalid YAML: {exc}", path=path) from None
        self.shorthand = isinstance(self.data, list)
        if self.data is None:
            self.data = CommentedMap([("codes", CommentedSeq())])
        elif isinstance(self.data, dict) and self.data.get("codes") is None:
            self.data["codes"] = CommentedSeq()
        self._pick_indent()

    def _pick_indent(self) -> None:
        """Use the indentation that reproduces the file exactly (the first one otherwise)."""
        self.exact = True
        self.yaml.indent(mapping=2, sequence=4, offset=2)
        if not self.original.strip():
            return
        for mapping, sequence, offset in _INDENTS:
            self.yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
            if self._dump() == self.original:
                return
        self.exact = False
        self.yaml.indent(mapping=2, sequence=4, offset=2)

    def _dump(self) -> str:
        buffer = io.StringIO()
        self.yaml.dump(self.data, buffer)
        return buffer.getvalue()

    def text(self) -> str:
        """Return the file's new text (the original text when nothing changed)."""
        return self._dump()

    def top(self) -> Any:
        """Return the top-level sequence of code nodes."""
        return self.data if isinstance(self.data, list) else self.data["codes"]


def _is_block(value: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return (
        isinstance(value, CommentedMap | CommentedSeq)
        and len(value) > 0
        and not value.fa.flow_style()
    )


def _ends_own_line(value: Any) -> bool:
    """True for a block scalar (``>-``, ``|``): it ends its last line itself."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(value, FoldedScalarString | LiteralScalarString)


def _last_slot(container: Any, key: Any) -> tuple[Any, Any, list[Any]]:
    """Return where the comments after ``container[key]``'s last line hang.

    Returns:
        (container, key) of the deepest last entry, and the block collections
        passed on the way there (outermost first).
    """
    passed = []
    value = container[key]
    while _is_block(value):
        passed.append(value)
        container, key = value, (list(value)[-1] if isinstance(value, dict) else len(value) - 1)
        value = container[key]
    return container, key, passed


def _full_lines(token: Any) -> str:
    """Return a comment token that starts a line as whole lines (its indentation restored)."""
    value = token.value
    return value if value.startswith("\n") else " " * token.column + value


def _line_token(text: str) -> Any:
    """Return a comment token printing ``text`` (whole lines) as it is."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    body = text.lstrip(" ")
    return CommentToken(body, CommentMark(len(text) - len(body)))


def pop_following(seq: Any, index: int) -> str:
    """Detach and return (as whole lines) the blank and comment lines after ``seq[index]``.

    An end-of-line comment on the node's last line stays with the node.
    """
    container, key, passed = _last_slot(seq, index)
    text = ""
    entry = container.ca.items.get(key)
    pos = 2 if isinstance(container, dict) else 0
    if entry and entry[pos] is not None:
        if _ends_own_line(container[key]):
            text = _full_lines(entry[pos])
            entry[pos] = None
        else:
            head, newline, tail = entry[pos].value.partition("\n")
            if head.strip():  # an end-of-line comment: it stays
                entry[pos].value = head + newline
            else:
                entry[pos] = None
            text = tail
    for collection in reversed(passed):
        for token in collection.ca.end or []:
            text += _full_lines(token)
        collection.ca.end = []
    return text


def append_following(seq: Any, index: int, text: str) -> None:
    """Add whole lines after the last line of ``seq[index]`` (and the lines already after it)."""
    container, key, passed = _last_slot(seq, index)
    for collection in passed:  # outermost first: its end comes last in the file
        if collection.ca.end:
            if not collection.ca.end[-1].value.strip():  # already a blank line
                text = text.lstrip("\n")
            if text:
                collection.ca.end.append(_line_token(text))
            return
    pos = 2 if isinstance(container, dict) else 0
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    if entry[pos] is not None:
        value = entry[pos].value
        if value.endswith("\n\n"):  # already a blank line
            text = text.lstrip("\n")
        entry[pos].value = value + ("" if value.endswith("\n") else "\n") + text
    elif _ends_own_line(container[key]):
        entry[pos] = _line_token(text)
    else:
        entry[pos] = _line_token("\n" + text)


def append_before_first(mapping: Any, key: Any, seq: Any, text: str) -> None:
    """Add whole lines just above the first item of ``seq``, after any comments there.

    ``seq`` is ``mapping[key]``, or a top-level list when ``mapping`` is None.
    """
    text = text.lstrip("\n")  # no blank line right below 'children:' or 'codes:'
    if not text:
        return
    token = _line_token(text)
    if mapping is not None:
        entry = mapping.ca.items.setdefault(key, [None, None, None, None])
        if entry[3] is None:
            entry[3] = []
            if seq.ca.comment and seq.ca.comment[1] is not None:
                entry[3] = seq.ca.comment[1]  # ruamel keeps one list for both
        entry[3].append(token)
    else:
        if not seq.ca.comment:
            seq.ca.comment = [None, []]
        if seq.ca.comment[1] is None:
            seq.ca.comment[1] = []
        seq.ca.comment[1].append(token)


def shorthand_key(item: Any) -> str | None:
    """Return the name of a ``parent: [children]`` shorthand node, else None."""
    if isinstance(item, dict) and len(item) == 1:
        key = next(iter(item))
        if key not in CODE_KEYS:
            return str(key)
    return None


def name_of(item: Any) -> str:
    """Return the code name of a node (a mapping with ``name``, a shorthand ``{name: [...]}`` or a bare string)."""
    if isinstance(item, dict):
        short = shorthand_key(item)
        return short if short is not None else str(item.get("name"))
    return str(item)


def children_key(item: Any) -> str:
    """Return the key under which a node keeps its children (``children`` or its shorthand name)."""
    return shorthand_key(item) or "children"


__all__ = [
    "CodebookFile",
    "append_before_first",
    "append_following",
    "children_key",
    "name_of",
    "pop_following",
    "shorthand_key",
]
