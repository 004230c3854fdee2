"""Write the API reference (docs/api.md) from the docstrings of qualcode's public names.

The public names are ``qualcode.__all__`` (``from qualcode import Project`` and the
others). cog runs this inside docs/api.md: ``cog -r -I scripts docs/api.md``
regenerates it, ``cog --check -I scripts docs/api.md`` (.ci/run and
tests/test_cli_reference.py) fails when it is stale. For each class: its
signature and docstring, then every public method and property with theirs.
"""

from __future__ import annotations

import inspect

import qualcode


def _signature(obj: object) -> str:
    try:
        return str(inspect.signature(obj))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "(...)"


def _doc(obj: object) -> str:
    return inspect.cleandoc(inspect.getdoc(obj) or "(no docstring)")


def _members(cls: type) -> list[tuple[str, object]]:
    found = []
    for name, value in cls.__dict__.items():
        if name.startswith("_"):
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if inspect.isfunction(value) or isinstance(value, property):
            found.append((name, value))
    return found


def reference() -> str:
    """The Markdown body of docs/api.md: one section per public name, sorted."""
    parts: list[str] = []
    for name in sorted(n for n in qualcode.__all__ if not n.startswith("_")):
        obj = getattr(qualcode, name)
        kind = "class" if inspect.isclass(obj) else "function"
        parts += [f"## `{name}`", "", f"`{kind} qualcode.{name}{_signature(obj)}`", ""]
        parts += [f"Defined in `{obj.__module__}`.", "", "```text", _doc(obj), "```", ""]
        if inspect.isclass(obj):
            for member, value in _members(obj):
                if isinstance(value, property):
                    parts += [
                        f"### `{name}.{member}` (property)",
                        "",
                        "```text",
                        _doc(value),
                        "```",
                        "",
                    ]
                else:
                    parts += [
                        f"### `{name}.{member}{_signature(value)}`",
                        "",
                        "```text",
                        _doc(value),
                        "```",
                        "",
                    ]
    return "\n".join(parts).rstrip("\n")
