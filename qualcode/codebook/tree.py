"""The hierarchical codebook: loading, validating and resolving codes.

All ``codebooks/*.yaml`` files form one tree. A file is a mapping with a
``codes:`` list (a bare list is accepted too); a code is a mapping (``name``
required), a bare string (shorthand for ``{name: ...}``), or a one-key mapping
``parent: [child, ...]`` (the shorthand of qc's ``codebook.yaml``). A code's *path* is its ancestors' names and
its own joined by ``/`` (``c-factor/confianza``). See docs/project-files.md.

Resolution (:meth:`Codebook.resolve`) accepts, in order: an exact path, a
unique leaf name, a label or alias (case- and accent-insensitive), a unique
path suffix, then a fuzzy match (rapidfuzz WRatio). An unknown or ambiguous
code raises :class:`~qualcode.errors.NotFound` listing the closest paths.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.errors import InvalidData, NotFound, QualcodeError, QualcodeWarning
from qualcode.table import Table

if TYPE_CHECKING:
    import yaml

    from qualcode.models import Segment

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
    "codable",
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
        codable: False for a folder-like code that only groups others
            (REFI-QDA ``isCodable="false"``); True by default.
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
    codable: bool = True
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

    def resolve(self, ref: str, *, fuzzy: bool = True) -> str:
        """Return the path of the code ``ref`` names (see the module docstring).

        Args:
            ref: What the user typed: a path, a leaf name, a label, an alias,
                a path suffix, or (when ``fuzzy``) a near miss such as ``patern``.
            fuzzy: Accept a fuzzy match as a last resort (it issues a
                :class:`~qualcode.errors.QualcodeWarning` naming the code it
                chose). Edits that destroy or rename pass False, so that a typo
                never changes the wrong code. In ``parent/child`` only the last
                segment may be a near miss, and only under an existing parent.

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
        if "/" in ref:  # only the last segment may be a near miss, under an existing parent
            parent = ref.rsplit("/", 1)[0]
            candidates = (
                [(p, score) for p, score in candidates if p.rsplit("/", 1)[0] == parent]
                if parent in self.codes
                else []
            )
            candidates = candidates or self.closest(ref)
            fuzzy = fuzzy and parent in self.codes and candidates[0][0].startswith(parent + "/")
        if fuzzy and candidates and candidates[0][1] >= FUZZY_CUTOFF:
            best = candidates[0][1]
            top = [p for p, score in candidates if score >= best - 0.5]
            if len(top) == 1:
                warnings.warn(
                    QualcodeWarning(f"code {ref!r} read as {top[0]!r} (closest match)"),
                    stacklevel=2,
                )
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
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise InvalidData(
            f"{what} must be a single value", path=path, line=node.start_mark.line + 1
        )
    from qualcode.store.yamlio import construct

    return construct(node)


_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"


def _text(node: yaml.Node, path: Path, what: str) -> str | None:
    """Return a text field as written (``label: 1e3`` is ``1e3``, ``yes`` is ``yes``); None for null."""
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise InvalidData(
            f"{what} must be a single value", path=path, line=node.start_mark.line + 1
        )
    return None if node.tag == _NULL_TAG else str(node.value)


def _string_list(node: yaml.Node, path: Path, what: str) -> tuple[str, ...]:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        value = _text(node, path, what)
        return () if value is None else (value,)
    if not isinstance(node, yaml.SequenceNode):
        raise InvalidData(
            f"{what} must be a list of strings", path=path, line=node.start_mark.line + 1
        )
    return tuple(_text(item, path, what) or "" for item in node.value)


def _is_shorthand(node: yaml.Node, path: Path) -> bool:
    """Return True for the ``- parent: [child, ...]`` shorthand (qc's codebook.yaml style)."""
    import yaml

    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return False
    key_node, value_node = node.value[0]
    if not isinstance(key_node, yaml.ScalarNode) or key_node.value in CODE_KEYS:
        return False
    if isinstance(value_node, yaml.SequenceNode):
        return True
    return isinstance(value_node, yaml.ScalarNode) and _scalar(value_node, path, "a code") is None


def _parse_code(
    node: yaml.Node,
    parent: str | None,
    path: Path,
    out: dict[str, Code],
    origin: dict[str, tuple[Path, int]],
) -> str:
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        fields: dict[str, yaml.Node] = {"name": node}
    elif _is_shorthand(node, path):
        key_node, value_node = node.value[0]
        fields = {"name": key_node, "children": value_node}
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
    name_node = fields["name"]
    if isinstance(name_node, yaml.ScalarNode) and name_node.tag != _STR_TAG:
        # YAML 1.2 reads an unquoted 'null', 'true' or '0123' as no string at all
        raise InvalidData(
            f"code name {name_node.value or '(empty)'} is not read as a name but as "
            f"{name_node.tag.rsplit(':', 1)[-1]} by YAML",
            path=path,
            line=name_node.start_mark.line + 1,
            hint=f"quote it: name: '{name_node.value}'",
        )
    name = str(_scalar(name_node, path, "name"))
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
        value = _text(fields[key], path, key)
        return "" if value is None else value.strip()

    codable = True
    if "codable" in fields:
        value = _scalar(fields["codable"], path, "codable")
        if not isinstance(value, bool):
            raise InvalidData(
                "codable must be true or false",
                path=path,
                line=fields["codable"].start_mark.line + 1,
            )
        codable = value
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
        codable=codable,
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
    import yaml

    from qualcode.store.yamlio import _Loader

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


def load_codebook(folder: str | Path, *, cache_dir: Path | None = None) -> Codebook:
    """Load every codebook file in ``folder`` into one tree.

    Args:
        folder: The codebooks folder.
        cache_dir: The project's ``.qualcode/`` folder, to read the tree
            through the parse cache (:mod:`qualcode.store.parsed`) while the
            files are unchanged (no YAML is parsed then); None reads the
            files. The result is the same either way.

    Raises:
        InvalidData: a malformed file, or one path defined in two places
            (both files are named).
    """
    files = codebook_files(Path(folder))
    signature = None
    if cache_dir is not None and files:
        from qualcode.store import parsed

        signature = parsed.signature(files)
        cached = parsed.lookup(cache_dir, "codebook", signature)
        if isinstance(cached, dict) and cached.get("fields") == list(_CODE_FIELDS):
            return Codebook(codes=codes_from_json(cached["codes"]), files=tuple(files))
    codes: dict[str, Code] = {}
    origin: dict[str, tuple[Path, int]] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidData(f"not UTF-8 text (byte {exc.start})", path=path) from None
        parse_codebook_text(text, path, codes, origin)
    if cache_dir is not None and signature is not None:
        from qualcode.store import parsed

        value = {"fields": list(_CODE_FIELDS), "codes": codes_to_json(codes)}
        parsed.store(cache_dir, "codebook", signature, value)
    return Codebook(codes=codes, files=tuple(files))


_CODE_FIELDS = tuple(f.name for f in dataclass_fields(Code))
_TUPLE_FIELDS = frozenset(f.name for f in dataclass_fields(Code) if str(f.type).startswith("tuple"))


def codes_to_json(codes: dict[str, Code]) -> list[list[Any]]:
    """Return the codes as JSON-ready lists (one per code, fields in :class:`Code` order).

    Tuples become lists and ``file`` a string; :func:`codes_from_json` is the inverse.
    """
    rows = []
    for code in codes.values():
        row: list[Any] = []
        for name in _CODE_FIELDS:
            value = getattr(code, name)
            if name in _TUPLE_FIELDS:
                value = list(value)
            elif isinstance(value, Path):
                value = str(value)
            row.append(value)
        rows.append(row)
    return rows


def codes_from_json(rows: list[list[Any]]) -> dict[str, Code]:
    """Return the codes :func:`codes_to_json` wrote, by path in the same order."""
    codes: dict[str, Code] = {}
    for row in rows:
        values = dict(zip(_CODE_FIELDS, row, strict=True))
        for name in _TUPLE_FIELDS:
            values[name] = tuple(values[name])
        if values["file"] is not None:
            values["file"] = Path(values["file"])
        code = Code(**values)
        codes[code.path] = code
    return codes


def codebook_terms(folder: str | Path) -> list[str]:
    """Return the words of the codebooks in ``folder`` (paths, names, labels, keywords, aliases, definitions).

    The leak scan leaves these out of its candidate names. A codebook that
    cannot be read gives an empty list (the scan must still run).
    """
    try:
        book = load_codebook(folder)
    except (QualcodeError, OSError):
        return []
    terms: list[str] = []
    for code in book:
        terms.extend([code.path, code.name, code.label or "", *code.keywords, *code.aliases])
        terms.append(code.description or "")
    return terms


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


# --- Reports on the codebook -------------------------------------------------


@dataclass(frozen=True)
class CodeCount:
    """Rolled-up use of one code.

    Attributes:
        segments: Distinct segments (coder, document, start, end) coded with
            the code or any of its descendants.
        documents: Distinct documents with such a segment.
    """

    segments: int = 0
    documents: int = 0


def rolled_up_counts(book: Codebook, segments: Iterable[Segment]) -> dict[str, CodeCount]:
    """Count, for every code, the segments and documents coded with it or a descendant.

    A parent's count is the number of *distinct* units coded with it or any
    descendant, never the sum of its children's counts: a span coded with
    both ``c-factor/confianza`` and ``c-factor/comunidad`` counts once for
    ``c-factor``. A segment is identified by (coder, document, start, end).
    Segments whose code is not in the codebook are ignored (see
    :func:`check_codebook`).

    Args:
        book: The codebook.
        segments: Segments, e.g. from :func:`qualcode.store.codings.load_segments`.

    Returns:
        Path -> :class:`CodeCount` for every code of ``book`` (zero when unused).
    """
    units: dict[str, set[tuple[str, str, int, int]]] = {p: set() for p in book.codes}
    for seg in segments:
        if seg.code not in units:
            continue
        key = (seg.coder, seg.document, seg.start, seg.end)
        for path in (seg.code, *book.ancestors(seg.code)):
            units[path].add(key)
    return {
        path: CodeCount(len(found), len({k[1] for k in found})) for path, found in units.items()
    }


def short_definition(text: str, limit: int = 80) -> str:
    """Return the first sentence of ``text``, cut to ``limit`` characters with an ellipsis."""
    first = " ".join(text.split()).split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def code_records(
    book: Codebook, *, depth: int | None = None, counts: dict[str, CodeCount] | None = None
) -> list[dict[str, Any]]:
    """Return one record per code in tree order (the ``codebook show --format json`` shape).

    Args:
        book: The codebook.
        depth: Keep codes down to this depth (1 = top level only); None keeps all.
        counts: When given, each record gains ``segments`` and ``documents``.

    Returns:
        Dicts with ``path, name, label, description, include, exclude,
        keywords, parent, depth`` (and the counts), in tree order.
    """
    records = []
    for code in book:
        if depth is not None and code.depth > depth:
            continue
        record: dict[str, Any] = {
            "path": code.path,
            "name": code.name,
            "label": code.label,
            "description": code.description,
            "include": code.include,
            "exclude": code.exclude,
            "keywords": list(code.keywords),
            "parent": code.parent,
            "depth": code.depth,
        }
        if counts is not None:
            count = counts.get(code.path, CodeCount())
            record["segments"] = count.segments
            record["documents"] = count.documents
        records.append(record)
    return records


def codebook_table(
    book: Codebook, *, depth: int | None = None, counts: dict[str, CodeCount] | None = None
) -> Table:
    """Return :func:`code_records` as a :class:`~qualcode.table.Table` (CSV and JSON output)."""
    records = code_records(book, depth=depth, counts=counts)
    columns = ["path", "name", "label", "description", "include", "exclude", "keywords"]
    columns += ["parent", "depth"]
    if counts is not None:
        columns += ["segments", "documents"]
    return Table(
        tuple(columns),
        [tuple(r[c] for c in columns) for r in records],
        title=f"{len(records)} codes",
        terminal_columns=("path", "label", "description"),
    )


def _md_text(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def codebook_markdown(book: Codebook, *, depth: int | None = None, title: str = "Codebook") -> str:
    """Return the codebook as a thesis appendix in Markdown.

    Each code gets a numbered heading (``1.2 Label (`path`)``) and a
    two-column table with the structure recommended by MacQueen, McLellan,
    Kay and Milstein (1998, "Codebook development for team-based
    qualitative analysis", *Cultural Anthropology Methods* 10(2)): code,
    definition, when to use, when not to use, example. Empty rows are left out.

    Args:
        book: The codebook.
        depth: Keep codes down to this depth; None keeps all.
        title: The top heading.
    """
    lines = [f"# {title}", ""]
    if not book.codes:
        lines += ["0 codes.", ""]
    numbers: dict[str, str] = {}
    counters: dict[str | None, int] = {}
    for code in book:
        if depth is not None and code.depth > depth:
            continue
        counters[code.parent] = counters.get(code.parent, 0) + 1
        prefix = numbers[code.parent] + "." if code.parent else ""
        numbers[code.path] = f"{prefix}{counters[code.parent]}"
        level = "#" * min(code.depth + 1, 6)
        lines += [f"{level} {numbers[code.path]} {code.label} (`{code.path}`)", ""]
        rows = [("Code", f"`{code.path}`")]
        rows += [
            (heading, _md_text(value))
            for heading, value in (
                ("Definition", code.description),
                ("When to use", code.include),
                ("When not to use", code.exclude),
            )
            if value
        ]
        rows += [("Example", f"“{_md_text(example)}”") for example in code.examples]
        if code.keywords:
            rows.append(("Keywords", ", ".join(code.keywords)))
        lines += ["| | |", "|---|---|"]
        lines += [f"| **{heading}** | {value} |" for heading, value in rows]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


@dataclass(frozen=True)
class CheckFinding:
    """One finding of :func:`check_codebook`.

    Attributes:
        problem: ``undefined`` (used in codings, not in the codebook) or
            ``unused`` (in the codebook, no segment on it or any descendant).
        code: The code path.
        segments: Segments using the path (0 for ``unused``).
        coders: Coders whose codings use it, sorted.
    """

    problem: str
    code: str
    segments: int
    coders: tuple[str, ...]


def check_codebook(book: Codebook, segments: Iterable[Segment]) -> list[CheckFinding]:
    """Find codes used but not defined, and codes defined but never used.

    A parent counts as used when any descendant is used (a grouping code
    need not be applied itself).

    Returns:
        Findings: every ``undefined`` path (sorted), then every ``unused``
        one (tree order).
    """
    used: dict[str, list[Segment]] = {}
    for seg in segments:
        used.setdefault(seg.code, []).append(seg)
    findings = [
        CheckFinding("undefined", path, len(segs), tuple(sorted({s.coder for s in segs})))
        for path, segs in sorted(used.items())
        if path not in book.codes
    ]
    live = {p for path in used if path in book.codes for p in (path, *book.ancestors(path))}
    findings += [CheckFinding("unused", path, 0, ()) for path in book.codes if path not in live]
    return findings


def check_table(findings: list[CheckFinding]) -> Table:
    """Return :func:`check_codebook` findings as a table (problem, code, segments, coders)."""
    return Table(
        ("problem", "code", "segments", "coders"),
        [(f.problem, f.code, f.segments, list(f.coders)) for f in findings],
        title="codebook check",
    )


# --- Writing codebook YAML ---------------------------------------------------


def code_tree(book: Codebook, root: str | None = None) -> list[dict[str, Any]]:
    """Return the codes as nested mappings in the codebook file format.

    Args:
        book: The codebook.
        root: Only this code's children (None: the top-level codes).

    Returns:
        A list of mappings with the non-empty fields of each code, in the
        order of :data:`CODE_KEYS`, children nested under ``children``.
    """
    nodes = []
    for code in book.roots() if root is None else book.children(root):
        node: dict[str, Any] = {"name": code.name}
        if code.label != code.name:
            node["label"] = code.label
        for key in ("description", "include", "exclude"):
            if getattr(code, key):
                node[key] = getattr(code, key)
        for key in ("examples", "keywords"):
            if getattr(code, key):
                node[key] = list(getattr(code, key))
        if code.color:
            node["color"] = code.color
        if code.aliases:
            node["aliases"] = list(code.aliases)
        if code.guid:
            node["guid"] = code.guid
        if not code.codable:
            node["codable"] = False
        if code.children:
            node["children"] = code_tree(book, code.path)
        nodes.append(node)
    return nodes


def _folded(text: str, width: int = 76) -> Any:
    """Return ``text`` as a folded block scalar wrapped near ``width`` characters."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    if text != text.strip() or "  " in text:
        return text
    folded = FoldedScalarString(text)
    positions, line_start, last_space = [], 0, -1
    for index, char in enumerate(text):
        if char != " ":
            continue
        if index - line_start > width and last_space > line_start:
            positions.append(last_space)
            line_start = last_space + 1
        last_space = index
    if len(text) - line_start > width and last_space > line_start:
        positions.append(last_space)
    folded.fold_pos = positions
    return folded


def render_codebook_yaml(nodes: list[dict[str, Any]], *, comment: str | None = None) -> str:
    """Return the text of a codebook file holding ``nodes`` (see :func:`code_tree`).

    Multi-line text is written as a literal block, keywords and aliases as
    flow lists, so that the file reads like a hand-written one.

    Args:
        nodes: Codes as nested mappings.
        comment: Optional first-line comment (without ``#``), e.g. the source file.
    """
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    from qualcode.store.yamlio import roundtrip_yaml

    def convert(node: dict[str, Any]) -> CommentedMap:
        out = CommentedMap()
        for key, value in node.items():
            if key == "children":
                out[key] = CommentedSeq(convert(child) for child in value)
            elif key in ("keywords", "aliases"):
                seq = CommentedSeq(value)
                seq.fa.set_flow_style()
                out[key] = seq
            elif key == "examples":
                out[key] = CommentedSeq(LiteralScalarString(v) if "\n" in v else v for v in value)
            elif isinstance(value, str) and "\n" in value:
                out[key] = LiteralScalarString(value)
            elif isinstance(value, str) and len(value) > 80:
                out[key] = _folded(value)
            else:
                out[key] = value
        return out

    yaml = roundtrip_yaml()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    if comment:
        buffer.write("".join(f"# {line}\n" for line in comment.splitlines()))
    yaml.dump(CommentedMap([("codes", CommentedSeq(convert(n) for n in nodes))]), buffer)
    return buffer.getvalue()
