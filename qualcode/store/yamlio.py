"""YAML reading and writing: safe loading only, the C loader when present, YAML 1.2 throughout.

Errors become :class:`~qualcode.errors.InvalidData` naming the file and the
1-based line. Dumping keeps the caller's key order, writes Unicode as is and
uses block style, so files diff cleanly in git.

**One YAML version.** PyYAML implements YAML 1.1, where ``yes``, ``no``,
``on`` and ``off`` are booleans, ``0123`` is an octal number and ``1e3`` a
string; ruamel.yaml, which edits codebooks keeping their comments, implements
YAML 1.2, where the first four are words, ``0123`` is 123 and ``1e3`` a
number. A code written ``name: no`` by one was read back as ``False`` by the
other. Every qualcode file is now read with YAML 1.2 (core schema, as
ruamel.yaml reads it; dates stay dates): :class:`Loader` resolves only
``true``/``false`` as booleans, ``null``/``~``/empty as null, decimal,
``0o``, ``0x`` and ``0b`` integers (a leading zero is decimal) and 1.2
floats. And every file is written so that a 1.1 reader reads the same:
:class:`Dumper` (and :func:`roundtrip_yaml` for ruamel) quotes any string
that either version would take for a boolean, a number, a date or null
(``'no'``, ``'1e3'``, ``'0123'``, ``'null'``).
"""

from __future__ import annotations

import re
from datetime import date as Date
from pathlib import Path
from typing import Any

import yaml

from qualcode.errors import InvalidData

try:
    _BaseLoader: type = yaml.CSafeLoader
    _BaseDumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader
    _BaseDumper = yaml.SafeDumper

_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_12 = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*)$")
_FLOAT_12 = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NULL_12 = re.compile(r"^(?:~|null|Null|NULL|)$")
_DIGITS = list("-+0123456789")


def _construct_int_12(loader: Any, node: yaml.ScalarNode) -> int:
    """Construct a YAML 1.2 integer: ``0123`` is 123 (decimal), ``0o17`` 15, ``0x1f`` 31."""
    value = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if value.startswith("-") else 1
    digits = value.lstrip("+-")
    for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


class Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader with YAML 1.2 core-schema scalars (see the module docstring)."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class registry


for _first, _resolvers in list(yaml.SafeLoader.yaml_implicit_resolvers.items()):
    for _tag, _regexp in _resolvers:
        if _tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:timestamp"):
            Loader.add_implicit_resolver(_tag, _regexp, [_first])
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_12, list("tTfF"))
Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT_12, _DIGITS)
Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_12, [*_DIGITS, "."])
Loader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL_12, ["~", "n", "N", ""])
Loader.add_constructor("tag:yaml.org,2002:int", _construct_int_12)


class Dumper(_BaseDumper):  # type: ignore[misc]
    """The safe dumper that quotes a string a YAML 1.1 *or* 1.2 reader would not read as one."""

    yaml_implicit_resolvers: dict[Any, Any] = {  # noqa: RUF012 - PyYAML's class registry
        first: list(resolvers)
        for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
    }


Dumper.add_implicit_resolver("tag:yaml.org,2002:int", _INT_12, _DIGITS)
Dumper.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_12, [*_DIGITS, "."])

_Loader = Loader
_Dumper = Dumper


_PROBE = yaml.resolver.Resolver()
_PROBE.yaml_implicit_resolvers = Dumper.yaml_implicit_resolvers


def plain_scalar_is_string(text: str) -> bool:
    """Return True when ``text`` written unquoted reads back as that string in YAML 1.1 and 1.2.

    >>> plain_scalar_is_string("trust"), plain_scalar_is_string("no"), plain_scalar_is_string("1e3")
    (True, False, False)
    """
    tag: str = _PROBE.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == "tag:yaml.org,2002:str"


class _Constructor(yaml.constructor.SafeConstructor):
    """The safe constructor with YAML 1.2 integers (for nodes composed by :class:`Loader`)."""


_Constructor.add_constructor("tag:yaml.org,2002:int", _construct_int_12)


def construct(node: yaml.Node) -> Any:
    """Return the value of a node composed with :class:`Loader` (YAML 1.2 scalars)."""
    constructor = _Constructor()
    return constructor.construct_object(node, deep=True)


def roundtrip_yaml() -> Any:
    """Return a ruamel.yaml round-trip YAML (1.2) whose strings read the same in YAML 1.1.

    ruamel.yaml quotes a string that YAML 1.2 would read as something else;
    this one also quotes one that YAML 1.1 (PyYAML's default, and many
    other tools) would: ``yes``, ``no``, ``on``, ``off``, ``1:20``.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        def represent_str(self, data: str) -> Any:
            if plain_scalar_is_string(data):
                return super().represent_str(data)
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")

    Representer.add_representer(str, Representer.represent_str)
    handle = YAML(typ="rt")
    handle.Representer = Representer
    return handle


def load(text: str, path: str | Path | None = None, *, first_line: int = 1) -> Any:
    """Parse YAML text with the safe (C, when available) loader.

    Args:
        text: The YAML source.
        path: The file it came from, for error messages.
        first_line: The 1-based line of ``path`` where ``text`` starts (for
            front matter, which starts on line 2).

    Returns:
        The parsed value (None for an empty document).

    Raises:
        InvalidData: the text is not valid YAML; ``line`` is set when known.
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + first_line if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InvalidData(
            f"invalid YAML: {problem}",
            path=path,
            line=line,
            hint="fix the YAML syntax at that line (quote values that contain ': ' or '#')",
        ) from None
    except ValueError as exc:  # a date-like value that is no real date (2010-02-30)
        line, value = _bad_date(text)
        raise InvalidData(
            f"{value or 'a value'} is not a valid date ({exc})",
            path=path,
            line=line + first_line - 1 if line else None,
            hint="write a real date as YYYY-MM-DD, or quote the value if it is not a date",
        ) from None


_DATE_LIKE = re.compile(r"(?<![\w'\"])(\d{4}-\d{1,2}-\d{1,2})(?:[Tt ][0-9:.]+)?(?![\w'\"])")


def _bad_date(text: str) -> tuple[int | None, str | None]:
    """Return the 1-based line and text of the first date-like value that is not a valid date."""
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _DATE_LIKE.finditer(line):
            try:
                year, month, day = (int(part) for part in match.group(1).split("-"))
                Date(year, month, day)
                if match.group(0) != match.group(1):
                    yaml.load(match.group(0), Loader=_Loader)  # noqa: S506 - safe loader
            except ValueError:
                return number, match.group(0)
    return None, None


def load_file(path: str | Path) -> Any:
    """Read and parse a UTF-8 YAML file (see :func:`load`).

    Raises:
        NotFound: via OSError translation is left to the caller; a missing
            file raises FileNotFoundError.
        InvalidData: bad YAML or bytes that are not UTF-8.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidData(
            f"not UTF-8 text (byte {exc.start})", path=p, hint="save the file as UTF-8"
        ) from None
    return load(text, p)


def dump(data: Any) -> str:
    """Serialise ``data`` as block-style YAML, keys in insertion order, Unicode kept."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
