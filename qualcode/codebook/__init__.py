"""The codebook: the code tree, its edits (which carry every coding along) and its formats.

* :mod:`~qualcode.codebook.tree`: :class:`~qualcode.codebook.tree.Codebook` loaded and
  validated from ``codebooks/*.yaml``, code resolution, tables and Markdown;
* :mod:`~qualcode.codebook.edit`: add, rename, move, merge, remove, with
  :mod:`~qualcode.codebook.yaml_roundtrip` keeping the researcher's comments;
* :mod:`~qualcode.codebook.importing` and :mod:`~qualcode.codebook.plain_formats`:
  codebooks from CSV and plain code lists (REFI-QDA ``.qdc`` is in ``exchange``).

May import: ``pseudonymise``, ``store`` and the top-level ``errors``, ``models``, ``table``.
"""
