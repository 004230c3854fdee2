"""Options and helpers shared by the ``qualcode survey`` commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import flags

if TYPE_CHECKING:
    from qualcode.codebook.tree import Codebook
    from qualcode.store.project import Project

CoderOption = Annotated[
    str | None,
    typer.Option(
        *flags("--coder"),
        help="Coder name (default: the project's default coder).",
        show_default=False,
    ),
]


def plural(count: int, one: str, many: str | None = None) -> str:
    """Return ``count`` with the singular or plural noun (``1 answer``, ``3 answers``)."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def default_coder(proj: Project, coder: str | None) -> str:
    """Return the coder to write under: ``--coder``, ``QUALCODE_CODER``, the default, ``default``."""
    import os

    from qualcode.store.codings import check_coder

    return check_coder(
        coder
        or os.environ.get("QUALCODE_CODER")
        or str(proj.settings.get("default_coder") or "")
        or "default"
    )


def project_codebook(proj: Project) -> Codebook | None:
    """Return the project's codebook, or None when it has no codebooks folder."""
    from qualcode.codebook.tree import load_codebook

    if not proj.codebooks_dir.is_dir():
        return None
    return load_codebook(proj.codebooks_dir, cache_dir=proj.private_dir)
