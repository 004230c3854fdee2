"""A cache of parsed YAML: the settings and the codebook, as JSON in ``.qualcode/parsed/``.

Importing PyYAML alone costs more than the rest of a warm ``qualcode tally``
on a small project, and most commands only need the settings and the
codebook, which change rarely. This cache keeps their parsed values as JSON,
one file per name (``settings.json``, ``codebook.json``), each with the
signature of the files it was parsed from: path, size, modification and
change times (nanoseconds) and inode. A value is used only while every file
still has exactly that signature and the list of files is the same; otherwise
the files are parsed again and the cache rewritten (atomically).

A file modified less than two seconds before it was read is not cached (an
edit in the same clock tick could keep its times), so a stale value is never
served. Only values that JSON keeps exactly are cached (mappings with string
keys, lists, strings, numbers, booleans, null); anything else (a date, say) is
parsed every time. The cache is derived and private: deleting it changes no
output, and an unreadable, corrupt or unwritable cache is ignored.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FOLDER = "parsed"
VERSION = 1
RACY_SECONDS = 2.0

Signature = list[list[Any]]
"""One ``[path, size, mtime_ns, ctime_ns, inode]`` per file, in the order given."""


def signature(paths: Sequence[Path]) -> Signature | None:
    """Return the signature of ``paths`` now, or None when one is missing."""
    found: Signature = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        found.append([os.fspath(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return found


def lookup(private_dir: Path, name: str, files: Signature | None) -> Any | None:
    """Return the cached value of ``name`` when it was parsed from exactly ``files``.

    Args:
        private_dir: The project's ``.qualcode/`` folder.
        name: The cache entry (``settings``, ``codebook``).
        files: The current :func:`signature` of the source files.

    Returns:
        The value, or None on a miss (no entry, other files, unreadable cache).
    """
    if files is None:
        return None
    try:
        with open(private_dir / FOLDER / f"{name}.json", encoding="utf-8") as handle:
            entry = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("version") != VERSION:
        return None
    if entry.get("files") != files:
        return None
    return entry.get("value")


def store(private_dir: Path, name: str, files: Signature | None, value: Any) -> None:
    """Cache ``value`` as parsed from ``files`` (their signature taken before reading them).

    Does nothing when a file is too recent to trust its times, when ``value``
    does not survive JSON exactly, or when the cache cannot be written.
    """
    if files is None or not _exact(value):
        return
    now = time.time_ns()
    if any(now - max(mtime, ctime) < RACY_SECONDS * 1e9 for _, _, mtime, ctime, _ in files):
        return
    from qualcode.store import atomic

    text = json.dumps(
        {"version": VERSION, "files": files, "value": value},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    try:
        private_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic.write_text(private_dir / FOLDER / f"{name}.json", text)
    except OSError:
        return


def _exact(value: Any) -> bool:
    """Return True when ``json.loads(json.dumps(value)) == value`` with the same types."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_exact(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _exact(v) for k, v in value.items())
    return False
