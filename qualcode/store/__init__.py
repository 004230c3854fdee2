"""Files and I/O: the project on disk and everything that reads or writes its files.

* :mod:`~qualcode.store.project`: :class:`~qualcode.store.project.Project` (settings,
  folders, documents); :mod:`~qualcode.store.documents`: importing documents;
  :mod:`~qualcode.store.notes`: listing them;
* :mod:`~qualcode.store.codings`: the stand-off coding files ``codings/<coder>/<doc>.yaml``;
* :mod:`~qualcode.store.atomic`: atomic writes and multi-file transactions, journalled so
  that a killed command's change is finished or discarded by the next one;
* :mod:`~qualcode.store.locking`: the locks every read-modify-write holds (``.qualcode/locks``,
  one fixed order, a timeout), and the project's journal (``.qualcode/journal``);
* :mod:`~qualcode.store.yamlio`, :mod:`~qualcode.store.frontmatter`,
  :mod:`~qualcode.store.textio` (decoding any common encoding), :mod:`~qualcode.store.readers`
  (.txt, .md, .docx, .vtt, .srt), :mod:`~qualcode.store.filters` (``--where``).

May import: only the top-level ``errors``, ``models``, ``table``. The bottom layer.
"""
