"""The bundled gazetteer: Chilean regions, provinces and comunas, and countries and cities elsewhere.

``data/places.tsv`` lists one place a line as ``KIND<TAB>NAME`` (kinds
``region``, ``province``, ``comuna``, ``country``, ``city``): the 16 regions,
56 provinces and 346 comunas of Chile (with common short forms such as
``Aysén`` and ``La Calera``), and a short list of countries and large
cities whose names are also surnames or words (``Toledo``, ``Lagos``,
``Flores``). A project adds its own never-replaced places with ``keep:``
in the key.

The pseudonymiser uses it two ways (:mod:`qualcode.pseudonymise.context`):
a place of several words that holds a registered name part (``Viña del
Mar``, ``San Pedro de la Paz``, ``Los Lagos``) is left as a whole, and a
one-word place that is also a registered name (``Castro``, ``Toledo``) is
left where the words around it make it a place (``en``, ``in``, ``near``,
``region``, ``, Nigeria``).
"""

from __future__ import annotations

import functools
from importlib import resources

from qualcode.pseudonymise.text import skeleton


@functools.cache
def places() -> dict[str, frozenset[str]]:
    """Return every place (skeleton) with its kinds (``comuna``, ``city``...)."""
    text = (
        resources.files("qualcode.pseudonymise").joinpath("data", "places.tsv").read_text("utf-8")
    )
    found: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, name = line.partition("\t")
        found.setdefault(skeleton(name), set()).add(kind)
    return {name: frozenset(kinds) for name, kinds in found.items()}


def is_place(folded: str) -> bool:
    """Return whether the skeleton ``folded`` names a place in the gazetteer."""
    return folded in places()


@functools.cache
def countries() -> frozenset[str]:
    """Return the skeletons of the countries and Chilean regions (``X, Nigeria`` makes X a place)."""
    return frozenset(n for n, kinds in places().items() if kinds & {"country", "region"})


def phrases_with(words: set[str]) -> list[str]:
    """Return the places of two or more words that hold one of ``words`` (skeletons)."""
    return sorted(
        name for name in places() if " " in name and any(w in words for w in name.split())
    )


__all__ = ["countries", "is_place", "phrases_with", "places"]
