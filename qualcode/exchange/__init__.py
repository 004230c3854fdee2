"""Exchange with other tools: REFI-QDA, other tools' files, exports.

* :mod:`~qualcode.exchange.refi`: REFI-QDA (QDA-XML) codebooks and projects, with
  the standard's XML schemas;
* :mod:`~qualcode.exchange.codebook_import`: ``codebook import`` of any accepted kind;
* :mod:`~qualcode.exchange.tools`: ``import-project``, recognising another tool's files,
  with :mod:`~qualcode.exchange.qc` (qc projects, YAML codebooks, line-aligned codes),
  :mod:`~qualcode.exchange.taguette` (highlight exports) and
  :mod:`~qualcode.exchange.writes` (their one-transaction writes);
* :mod:`~qualcode.exchange.tables`: ``export csv``, ``export md``, ``export r``/``spss``.

May import: every library package below it (``analysis``, ``survey``, ``coding``,
``codebook``, ``pseudonymise``, ``store``); never ``cli``.
"""
