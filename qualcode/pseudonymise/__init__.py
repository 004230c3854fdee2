"""Pseudonymisation: a private key of people, consistent replacement, and a leak audit.

* :mod:`~qualcode.pseudonymise.key`: the key (people, aliases, keep list,
  placeholder numbering), validation and edits; :mod:`~qualcode.pseudonymise.key_file`:
  where it lives, reading, writing, lock/unlock (scrypt + AES-256-GCM).
* :mod:`~qualcode.pseudonymise.engine`: :class:`Pseudonymiser`, the one-pass
  replacement engine, with :mod:`~qualcode.pseudonymise.registry` (the key's
  lookup tables), :mod:`~qualcode.pseudonymise.hits` (hits, replacements,
  decisions, results), :mod:`~qualcode.pseudonymise.name_pattern` (the name
  regex), :mod:`~qualcode.pseudonymise.names` (word lists) and
  :mod:`~qualcode.pseudonymise.text` (folding, tokens, case).
* Rule families, one module each: :mod:`~qualcode.pseudonymise.context`
  (is a name that is also a word or a place a mention here?),
  :mod:`~qualcode.pseudonymise.lexicon` (ordinary words; wordfreq),
  :mod:`~qualcode.pseudonymise.gazetteer` (Chilean regions, provinces and
  comunas, ``data/places.tsv``), :mod:`~qualcode.pseudonymise.fuzzy`
  (misspellings), :mod:`~qualcode.pseudonymise.glued` (names inside tokens),
  :mod:`~qualcode.pseudonymise.initials` and
  :mod:`~qualcode.pseudonymise.invisible` (soft hyphens, zero-width characters).
* :mod:`~qualcode.pseudonymise.patterns`: e-mails, URLs with users, phones, RUT.
* :mod:`~qualcode.pseudonymise.importing`: the project pseudonymiser every write of text goes through.
* :mod:`~qualcode.pseudonymise.report`: report tables (never real names unless asked).
* :mod:`~qualcode.pseudonymise.scan`: the audit, :func:`scan_project`.

May import: ``store`` and the top-level ``errors``, ``models``, ``table``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode._lazy import lazy_exports

if TYPE_CHECKING:
    from qualcode.pseudonymise.engine import Decision, Pseudonymiser, Replacement, Result
    from qualcode.pseudonymise.importing import ProjectPseudonymiser, project_pseudonymiser
    from qualcode.pseudonymise.key import Entry, Key, add_entry, remove_entry
    from qualcode.pseudonymise.key_file import key_path, load_key, lock_key, save_key, unlock_key
    from qualcode.pseudonymise.scan import Finding, scan_project

_EXPORTS = {
    "Decision": "qualcode.pseudonymise.engine",
    "Entry": "qualcode.pseudonymise.key",
    "Finding": "qualcode.pseudonymise.scan",
    "Key": "qualcode.pseudonymise.key",
    "ProjectPseudonymiser": "qualcode.pseudonymise.importing",
    "Pseudonymiser": "qualcode.pseudonymise.engine",
    "Replacement": "qualcode.pseudonymise.engine",
    "Result": "qualcode.pseudonymise.engine",
    "add_entry": "qualcode.pseudonymise.key",
    "key_path": "qualcode.pseudonymise.key_file",
    "load_key": "qualcode.pseudonymise.key_file",
    "lock_key": "qualcode.pseudonymise.key_file",
    "project_pseudonymiser": "qualcode.pseudonymise.importing",
    "remove_entry": "qualcode.pseudonymise.key",
    "save_key": "qualcode.pseudonymise.key_file",
    "scan_project": "qualcode.pseudonymise.scan",
    "unlock_key": "qualcode.pseudonymise.key_file",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "Decision",
    "Entry",
    "Finding",
    "Key",
    "ProjectPseudonymiser",
    "Pseudonymiser",
    "Replacement",
    "Result",
    "add_entry",
    "key_path",
    "load_key",
    "lock_key",
    "project_pseudonymiser",
    "remove_entry",
    "save_key",
    "scan_project",
    "unlock_key",
]
