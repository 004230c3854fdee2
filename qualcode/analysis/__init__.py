"""Retrieval and counting over the corpus: what the report commands compute.

Owns the corpus in memory (:mod:`~qualcode.analysis.corpus`), its SQLite cache
(:mod:`~qualcode.analysis.index`), code frequencies (:mod:`~qualcode.analysis.tally`),
retrieval with citations (:mod:`~qualcode.analysis.quotes`), co-occurrence and
matrix coding (:mod:`~qualcode.analysis.cooccur`), keyword in context
(:mod:`~qualcode.analysis.kwic`) and the project check (:mod:`~qualcode.analysis.check`).

May import: ``coding``, ``codebook``, ``survey``, ``pseudonymise``, ``store`` and the
top-level ``errors``, ``models``, ``table``; never ``exchange`` or ``cli``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcode.analysis.corpus import Corpus
    from qualcode.store.project import Project


def load_corpus(project: Project, *, use_index: bool = True, text: bool = True) -> Corpus:
    """Return the project's documents and segments, through the index cache when possible.

    The result is the same with or without the cache; ``use_index=False`` or
    any problem with the cache (corrupt, locked, read-only) falls back to the
    files.

    Args:
        project: The project.
        use_index: Read and update ``.qualcode/index.sqlite``.
        text: Load document bodies and segment texts; counting does without
            (faster on large corpora); bodies and texts are then ``""``.

    Raises:
        InvalidData: a malformed document or codings file, or a duplicate id.
    """
    if use_index:
        from qualcode.analysis import index

        corpus = index.load(project, text=text)
        if corpus is not None:
            return corpus
    from qualcode.analysis.corpus import load_corpus_from_files

    return load_corpus_from_files(project)


__all__ = ["load_corpus"]
