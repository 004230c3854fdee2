"""``--where key=value`` filters on document metadata, shared by every command.

A condition ``key=value`` holds for a document when:

* ``key`` is ``participant`` or ``participants`` and ``value`` is one of its
  participants;
* ``key`` is ``id``, ``kind``, ``date`` or ``title`` and the field equals ``value``;
* otherwise ``attributes[key]`` equals ``value``.

Comparison is case-insensitive; ``value`` may list alternatives separated by
commas (``generation=older,younger``); ``key!=value`` negates. Several
conditions must all hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qualcode.errors import InvalidArgument
from qualcode.models import Document

_FIELDS = ("id", "kind", "date", "title")


@dataclass(frozen=True)
class Condition:
    """One parsed ``--where`` condition."""

    key: str
    values: frozenset[str]
    negate: bool = False

    def matches(self, doc: Document) -> bool:
        """Return whether ``doc`` satisfies this condition."""
        found = {v.casefold() for v in document_values(doc, self.key)}
        hit = bool(found & self.values)
        return hit != self.negate


def document_values(doc: Document, key: str) -> list[str]:
    """Return the values a document has for ``key`` (see the module docstring)."""
    if key in ("participant", "participants"):
        return list(doc.participants)
    if key in _FIELDS:
        value = getattr(doc, key)
        return [] if value is None else [str(value)]
    value = doc.attributes.get(key)
    return [] if value is None else [str(value)]


def parse_where(specs: Iterable[str]) -> list[Condition]:
    """Parse ``key=value`` / ``key!=value`` strings.

    Raises:
        InvalidArgument: a spec without ``=`` or with an empty key.
    """
    conditions = []
    for spec in specs:
        negate = "!=" in spec
        key, sep, value = spec.partition("!=" if negate else "=")
        key = key.strip()
        if not sep or not key:
            raise InvalidArgument(
                f"bad --where {spec!r}", hint="write --where key=value, e.g. --where gender=woman"
            )
        values = frozenset(v.strip().casefold() for v in value.split(","))
        conditions.append(Condition(key, values, negate))
    return conditions


def select(docs: Iterable[Document], conditions: Iterable[Condition]) -> list[Document]:
    """Return the documents that satisfy every condition, in input order."""
    conds = list(conditions)
    return [d for d in docs if all(c.matches(d) for c in conds)]


def parse_assignments(specs: Iterable[str], *, option: str = "--attr") -> dict[str, str]:
    """Parse ``key=value`` strings into a dict (later keys win).

    Raises:
        InvalidArgument: a spec without ``=`` or with an empty key.
    """
    result: dict[str, str] = {}
    for spec in specs:
        key, sep, value = spec.partition("=")
        if not sep or not key.strip():
            raise InvalidArgument(
                f"bad {option} {spec!r}",
                hint=f"write {option} key=value, e.g. {option} role=producer",
            )
        result[key.strip()] = value.strip()
    return result
