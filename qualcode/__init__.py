"""qualcode: plain-text qualitative research from the terminal.

The library is usable on its own, e.g. from a notebook::

    from qualcode import Project
    project = Project.find()
    for doc in project.documents():
        print(doc.id, doc.title)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcode.errors import (
        AlreadyExists,
        ExchangeError,
        InvalidArgument,
        InvalidData,
        NotFound,
        ProjectNotFound,
        QualcodeError,
    )
    from qualcode.models import Document, Segment
    from qualcode.store.project import Project
    from qualcode.table import Table

__version__ = "0.1.0"

# Imported on first use (PEP 562), so that 'qualcode --help' loads no YAML or store code.
_LAZY = {
    "AlreadyExists": "qualcode.errors",
    "ExchangeError": "qualcode.errors",
    "InvalidArgument": "qualcode.errors",
    "InvalidData": "qualcode.errors",
    "NotFound": "qualcode.errors",
    "ProjectNotFound": "qualcode.errors",
    "QualcodeError": "qualcode.errors",
    "Document": "qualcode.models",
    "Segment": "qualcode.models",
    "Project": "qualcode.store.project",
    "Table": "qualcode.table",
}


def __getattr__(name: str) -> Any:
    """Import the public names on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qualcode' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AlreadyExists",
    "Document",
    "ExchangeError",
    "InvalidArgument",
    "InvalidData",
    "NotFound",
    "Project",
    "ProjectNotFound",
    "QualcodeError",
    "Segment",
    "Table",
    "__version__",
]
