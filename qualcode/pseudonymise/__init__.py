"""Pseudonymisation: a private key of people, consistent replacement, and a leak audit.

* :mod:`~qualcode.pseudonymise.key`: the key file (people, aliases, allow-list,
  placeholder numbering), validation, lock/unlock.
* :mod:`~qualcode.pseudonymise.engine`: :class:`Pseudonymiser`, the one-pass
  replacement engine.
* :mod:`~qualcode.pseudonymise.patterns`: e-mails, URLs with users, phones, RUT.
* :mod:`~qualcode.pseudonymise.report`: report tables (never real names unless asked).
* :mod:`~qualcode.pseudonymise.scan`: the audit, :func:`scan_project`.
"""

from __future__ import annotations

from qualcode.pseudonymise.engine import Pseudonymiser, Replacement, Result
from qualcode.pseudonymise.importing import ProjectPseudonymiser, project_pseudonymiser
from qualcode.pseudonymise.key import Entry, Key, add_entry, remove_entry
from qualcode.pseudonymise.key_file import key_path, load_key, lock_key, save_key, unlock_key
from qualcode.pseudonymise.scan import Finding, scan_project

__all__ = [
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
