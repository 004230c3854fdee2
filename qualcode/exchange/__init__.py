"""Exchange with other tools: REFI-QDA, other tools' files, exports.

* :mod:`~qualcode.exchange.refi`: REFI-QDA (QDA-XML) codebooks and projects, with
  the standard's XML schemas;
* :mod:`~qualcode.exchange.codebook_import`: ``codebook import`` of any accepted kind.

May import: every library package below it (``analysis``, ``survey``, ``coding``,
``codebook``, ``pseudonymise``, ``store``); never ``cli``.
"""
