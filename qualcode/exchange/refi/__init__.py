"""REFI-QDA (QDA-XML) exchange: codebooks (``.qdc``) and projects (``.qdpx``), both ways.

* :mod:`.codebook`: ``.qdc`` codebooks (``codebook export``/``codebook import``);
* :mod:`.export`: ``export refi``, the whole project as a ``.qdpx`` (with
  :mod:`.writing`, the XML writer, and :mod:`.model`, the objects);
* :mod:`.project`: ``import-refi`` (with :mod:`.archive`, safe opening of
  untrusted archives, :mod:`.reading`, the lenient XML reader, and
  :mod:`.offsets`, selection positions in the units programs really use).

The standard's XML schemas ship in ``qualcode/exchange/refi/schema/`` byte for byte
as published by the REFI-QDA working group (``Codebook.xsd``, ``Project.xsd``);
:func:`schema_path` finds them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def schema_path(name: str) -> Path:
    """Return the path of a bundled XSD (``Codebook.xsd`` or ``Project.xsd``)."""
    return Path(str(resources.files("qualcode.exchange.refi") / "schema" / name))


__all__ = ["schema_path"]
