"""qualcode: plain-text qualitative research from the terminal.

The library is usable on its own, e.g. from a notebook::

    from qualcode import Project
    project = Project.find()
    for doc in project.documents():
        print(doc.id, doc.title)
"""

from __future__ import annotations

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
from qualcode.store import Project
from qualcode.table import Table

__version__ = "0.1.0"

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
