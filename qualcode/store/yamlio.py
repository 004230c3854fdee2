"""YAML reading and writing: safe loading only, the C loader when present.

Errors become :class:`~qualcode.errors.InvalidData` naming the file and the
1-based line. Dumping keeps the caller's key order, writes Unicode as is and
uses block style, so files diff cleanly in git.
"""

from __future__ import annotations

import re
from datetime import date as Date
from pathlib import Path
from typing import Any

import yaml

from qualcode.errors import InvalidData

try:
    _Loader: type = yaml.CSafeLoader
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper


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
