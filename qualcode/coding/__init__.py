"""Coding: applying codes to passages, by hand, interactively or by keywords.

* :mod:`~qualcode.coding.selectors`: ``--lines``, ``--para``, ``--chars``, ``--quote``
  turned into character spans;
* :mod:`~qualcode.coding.apply`: adding and removing segments (``code``, ``uncode``);
* :mod:`~qualcode.coding.anchoring`: re-anchoring segments after a document is edited;
* :mod:`~qualcode.coding.tagging`: the paragraph-by-paragraph ``tag`` session;
* :mod:`~qualcode.coding.keywords` and :mod:`~qualcode.coding.autocode`: keyword auto-coding.

May import: ``codebook``, ``pseudonymise``, ``store`` and the top-level ``errors``,
``models``, ``table``.
"""
