"""The hierarchical codebook: loading, validating and resolving codes.

All ``codebooks/*.yaml`` files form one tree. A file is a mapping with a
``codes:`` list; a code is a mapping (``name`` required) or a bare string
(shorthand for ``{name: ...}``). A code's *path* is its ancestors' names and
its own joined by ``/`` (``c-factor/confianza``). See docs/project-files.md.

Resolution (:meth:`Codebook.resolve`) accepts, in order: an exact path, a
unique leaf name, a label or alias (case- and accent-insensitive), a unique
path suffix, then a fuzzy match (rapidfuzz WRatio). An unknown or ambiguous
code raises :class:`~qualcode.errors.NotFound` listing the closest paths.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from qualcode.errors import InvalidData, NotFound
from qualcode.yamlio import _Loader

NAME_PATTERN = re.compile(r"^[a-z0-9_-]+$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
CODE_KEYS = (
    "name",
    "label",
    "description",
    "include",
    "exclude",
    "examples",
    "keywords",
    "color",
    "aliases",
    "guid",
    "children",
)
FUZZY_CUTOFF = 75.0


@dataclass(frozen=True)
class Code:
    """One code of the codebook.

    Attributes:
        path: Full path, e.g. ``c-factor/confianza``.
        name: Last path segment.
        label: Human label (defaults to the name).
        description: Definition.
        include: When to use it.
        exclude: When not to use it.
        examples: Example passages.
        keywords: Words for keyword auto-coding.
        color: ``#RRGGBB`` or None.
        aliases: Other names accepted on the command line.
        guid: REFI-QDA identifier if one was stored.
        parent: Parent path, or None for a top-level code.
        children: Child paths, in file order.
        file: The codebook file that defines it.
        line: 1-based line of its definition in ``file``.
    """

    path: str
    name: str
    label: str
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    color: str | None = None
    aliases: tuple[str, ...] = ()
    guid: str | None = None
    parent: str | None = None
    children: tuple[str, ...] = ()
    file: Path | None = None
    line: int | None = None

    @property
    def depth(self) -> int:
        """Return 1 for a top-level code, 2 for its children, and so on."""
        return self.path.count("/") + 1


def fold(text: str) -> str:
    """Return ``text`` case-folded with accents removed (for forgiving comparisons)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Codebook:
    """The project's code tree.

    Attributes:
        codes: Every code by path, in tree order (depth-first, file order).
        files: The codebook files read, in name order.
    """

    codes: dict[str, Code] = field(default_factory=dict)
    files: tuple[Path, ...] = ()

    def __contains__(self, path: object) -> bool:
        return path in self.codes

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes.values())

    def __len__(self) -> int:
        return len(self.codes)

    def roots(self) -> list[Code]:
        """Return the top-level codes in order."""
        return [c for c in self.codes.values() if c.parent is None]

    def children(self, path: str) -> list[Code]:
        """Return the direct children of ``path``."""
        return [self.codes[p] for p in self.codes[path].children]

    def descendants(self, path: str, *, include_self: bool = True) -> list[str]:
        """Return ``path`` (optionally) and every path below it, in tree order."""
        prefix = path + "/"
        found = [p for p in self.codes if p.startswith(prefix)]
        return ([path] if include_self else []) + found

    def ancestors(self, path: str) -> list[str]:
        """Return the ancestors of ``path``, nearest first (``a/b/c`` -> ``a/b``, ``a``)."""
        parts = path.split("/")
        return ["/".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]

    def resolve(self, ref: str) -> str:
        """Return the path of the code ``ref`` names (see the module docstring).

        Raises:
            NotFound: no code matches, or several do equally well; the
                message lists up to three candidate paths.
        """
        ref = ref.strip().strip("/")
        if not ref:
            raise NotFound("empty code name", hint="give a code path such as c-factor/confianza")
        if ref in self.codes:
            return ref
        folded = fold(ref)
        for finder in (
            lambda c: c.name == ref,
            lambda c: fold(c.name) == folded,
            lambda c: fold(c.label) == folded or any(fold(a) == folded for a in c.aliases),
            lambda c: c.path.endswith("/" + ref),
        ):
            matches = [c.path for c in self.codes.values() if finder(c)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise NotFound(
                    f"code {ref!r} is ambiguous: {', '.join(matches[:3])}",
                    hint="give the full code path",
                )
        candidates = self.closest(ref)
        if candidates and candidates[0][1] >= FUZZY_CUTOFF:
            best = candidates[0][1]
            top = [p for p, score in candidates if score >= best - 0.5]
            if len(top) == 1:
                return top[0]
            raise NotFound(
                f"code {ref!r} is ambiguous: {', '.join(top[:3])}", hint="give the full code path"
            )
        near = ", ".join(p for p, _ in candidates[:3])
        raise NotFound(
            f"no code {ref!r} in the codebook" + (f"; closest: {near}" if near else ""),
            hint="see 'qualcode codebook show', or add it with 'qualcode codebook add'",
        )

    def closest(self, ref: str, limit: int = 3) -> list[tuple[str, float]]:
        """Return up to ``limit`` ``(path, score)`` pairs most like ``ref`` (score 0-100).

        A code scores the best of: 95 when ``ref`` (3+ characters) starts its
        name or label, else rapidfuzz ``ratio``/``token_sort_ratio`` against
        its name, label and aliases, all accent- and case-folded.
        """
        from rapidfuzz import fuzz

        folded = fold(ref)
        scored = []
        for code in self.codes.values():
            best = 0.0
            keys = (code.path,) if "/" in ref else (code.name, code.label, *code.aliases)
            for key in keys:
                candidate = fold(key)
                if len(folded) >= 3 and candidate.startswith(folded):
                    best = max(best, 95.0)
                best = max(
                    best, fuzz.ratio(folded, candidate), fuzz.token_sort_ratio(folded, candidate)
                )
            scored.append((code.path, best))
        return sorted(scored, key=lambda item: (-item[1], item[0].count("/"), item[0]))[:limit]


def _scalar(node: yaml.Node, path: Path, what: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise InvalidData(
            f"{what} must be a single value", path=path, line=node.start_mark.line + 1
        )
    return yaml.load(yaml.serialize(node), Loader=_Loader)  # noqa: S506 - safe loader


def _string_list(node: yaml.Node, path: Path, what: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node, path, what)
        return () if value is None else (str(value),)
    if not isinstance(node, yaml.SequenceNode):
        raise InvalidData(
            f"{what} must be a list of strings", path=path, line=node.start_mark.line + 1
        )
    return tuple(str(_scalar(item, path, what)) for item in node.value)


def _parse_code(
    node: yaml.Node,
    parent: str | None,
    path: Path,
    out: dict[str, Code],
    origin: dict[str, tuple[Path, int]],
) -> str:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        fields: dict[str, yaml.Node] = {"name": node}
    elif isinstance(node, yaml.MappingNode):
        fields = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node, path, "a key"))
            if key not in CODE_KEYS:
                raise InvalidData(
                    f"unknown code field {key!r}",
                    path=path,
                    line=key_node.start_mark.line + 1,
                    hint=f"a code may have: {', '.join(CODE_KEYS)}",
                )
            fields[key] = value_node
    else:
        raise InvalidData("a code must be a mapping or a name", path=path, line=line)
    if "name" not in fields:
        raise InvalidData(
            "code has no name", path=path, line=line, hint="add 'name: lower-case-name'"
        )
    name = str(_scalar(fields["name"], path, "name"))
    if not NAME_PATTERN.match(name):
        raise InvalidData(
            f"invalid code name {name!r}",
            path=path,
            line=fields["name"].start_mark.line + 1,
            hint="names use lower-case letters, digits, '-' and '_' (put the display name in 'label')",
        )
    code_path = f"{parent}/{name}" if parent else name
    if code_path in out or code_path in origin:
        first_file, first_line = origin[code_path]
        raise InvalidData(
            f"code {code_path!r} is defined twice (also at {first_file}:{first_line})",
            path=path,
            line=line,
            hint="merge the two definitions",
        )
    origin[code_path] = (path, line)

    def text(key: str) -> str:
        if key not in fields:
            return ""
        value = _scalar(fields[key], path, key)
        return "" if value is None else str(value).strip()

    color = text("color") or None
    if color is not None and not COLOR_PATTERN.match(color):
        raise InvalidData(
            f"colour {color!r} is not #RRGGBB",
            path=path,
            line=fields["color"].start_mark.line + 1,
            hint='write e.g. "#1f77b4" (quoted)',
        )
    placeholder = Code(path=code_path, name=name, label="")
    out[code_path] = placeholder  # keep tree order: parent before children
    child_paths: list[str] = []
    if "children" in fields:
        children_node = fields["children"]
        if (
            isinstance(children_node, yaml.ScalarNode)
            and _scalar(children_node, path, "children") is None
        ):
            pass
        elif not isinstance(children_node, yaml.SequenceNode):
            raise InvalidData(
                "children must be a list of codes",
                path=path,
                line=children_node.start_mark.line + 1,
            )
        else:
            for child in children_node.value:
                child_paths.append(_parse_code(child, code_path, path, out, origin))
    out[code_path] = Code(
        path=code_path,
        name=name,
        label=text("label") or name,
        description=text("description"),
        include=text("include"),
        exclude=text("exclude"),
        examples=_string_list(fields["examples"], path, "examples") if "examples" in fields else (),
        keywords=_string_list(fields["keywords"], path, "keywords") if "keywords" in fields else (),
        color=color,
        aliases=_string_list(fields["aliases"], path, "aliases") if "aliases" in fields else (),
        guid=text("guid") or None,
        parent=parent,
        children=tuple(child_paths),
        file=path,
        line=line,
    )
    return code_path


def parse_codebook_text(
    text: str,
    path: Path,
    codes: dict[str, Code] | None = None,
    origin: dict[str, tuple[Path, int]] | None = None,
) -> dict[str, Code]:
    """Parse one codebook file's text into ``codes`` (path -> Code, tree order).

    Raises:
        InvalidData: bad YAML or a rule broken (file and line named).
    """
    out = {} if codes is None else codes
    seen = {} if origin is None else origin
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidData(
            f"invalid YAML: {getattr(exc, 'problem', exc)}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    if root is None:
        return out
    if isinstance(root, yaml.SequenceNode):
        codes_node: yaml.Node = root  # a bare list of codes is accepted too
    elif isinstance(root, yaml.MappingNode):
        lookup = {str(_scalar(k, path, "a key")): v for k, v in root.value}
        if "codes" not in lookup:
            raise InvalidData("a codebook file needs a top-level 'codes:' list", path=path, line=1)
        codes_node = lookup["codes"]
        if isinstance(codes_node, yaml.ScalarNode) and _scalar(codes_node, path, "codes") is None:
            return out
        if not isinstance(codes_node, yaml.SequenceNode):
            raise InvalidData(
                "'codes' must be a list of codes", path=path, line=codes_node.start_mark.line + 1
            )
    else:
        raise InvalidData("a codebook file must be a mapping with 'codes:'", path=path, line=1)
    for item in codes_node.value:
        _parse_code(item, None, path, out, seen)
    return out


def codebook_files(folder: Path) -> list[Path]:
    """Return the ``*.yaml``/``*.yml`` files of a codebooks folder, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith(".")
    )


def load_codebook(folder: str | Path) -> Codebook:
    """Load every codebook file in ``folder`` into one tree.

    Raises:
        InvalidData: a malformed file, or one path defined in two places
            (both files are named).
    """
    files = codebook_files(Path(folder))
    codes: dict[str, Code] = {}
    origin: dict[str, tuple[Path, int]] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidData(f"not UTF-8 text (byte {exc.start})", path=path) from None
        parse_codebook_text(text, path, codes, origin)
    return Codebook(codes=codes, files=tuple(files))


def require_codebook(folder: str | Path) -> Codebook:
    """Load the codebook and insist it is not empty.

    Raises:
        NotFound: no code is defined.
    """
    book = load_codebook(folder)
    if not book.codes:
        raise NotFound(
            "the codebook is empty", path=folder, hint="add codes with 'qualcode codebook add PATH'"
        )
    return book
