"""Locks on project files, and the journal that makes multi-file changes crash-safe.

Every read-modify-write of a project file holds a lock (the ``filelock``
package: ``flock`` on POSIX, released by the kernel when a process dies, so a
crashed command never leaves a stale lock). The lock files live in
``.qualcode/locks/``, never beside the user's files, and are named after what
they protect::

    .qualcode/locks/qualcode.yaml.lock           the settings
    .qualcode/locks/key.lock                     the pseudonym key
    .qualcode/locks/codebooks.lock               every codebooks/*.yaml
    .qualcode/locks/fieldnotes.lock              the documents (ids, import, replace)
    .qualcode/locks/memos.lock                   the memos (memos/*.md)
    .qualcode/locks/codings/<coder>/<doc>.yaml.lock   one codings file
    .qualcode/locks/surveys/<name>.lock          one survey: definition, responses, codings
    .qualcode/locks/tagging/<coder>/<doc>.lock   one tagging resume point
    .qualcode/locks/index.lock                   the index cache
    .qualcode/locks/journal.lock                 committing or recovering a transaction

**One fixed order.** Locks are always taken in the order of that list (then by
name), whatever order a caller names them in; a command that already holds some
locks may only take locks that come later (or ones it holds: locks are
re-entrant). Two commands therefore never wait for each other in a cycle, so
they never deadlock. Taking a lock out of order is a bug (:class:`LockOrderError`).

**A timeout.** A lock not obtained within :func:`lock_timeout` seconds (10 by
default, ``QUALCODE_LOCK_TIMEOUT`` to change it) raises
:class:`~qualcode.errors.Busy` naming the busy file, before anything is
written. Every reader of a file it is about to change re-reads it *inside* the
lock.

**The journal.** :func:`transaction` returns a
:class:`~qualcode.store.atomic.FileTransaction` journalled in
``.qualcode/journal/`` and committed under the journal lock. Whenever a command
takes a lock (and when :meth:`~qualcode.store.project.Project.open` opens the
project) it first finishes or discards any transaction a killed command left
there (:func:`recover`); this costs one ``scandir`` when there is none.

A key file kept outside any project (``people --key PATH``) is locked in the
user's cache folder (``$XDG_CACHE_HOME/qualcode/locks``, by default
``~/.cache/qualcode/locks``), keyed by the key's absolute path.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.errors import Busy
from qualcode.store import atomic

TIMEOUT_VARIABLE = "QUALCODE_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 10.0
"""Seconds a command waits for a lock before it fails with :class:`~qualcode.errors.Busy`."""

PRIVATE_DIR = ".qualcode"
LOCKS_DIR = "locks"
JOURNAL_DIR = "journal"
SETTINGS_FILE = "qualcode.yaml"

SETTINGS = "qualcode.yaml"
KEY = "key"
CODEBOOK = "codebooks"
DOCUMENTS = "fieldnotes"
MEMOS = "memos"
INDEX = "index"
JOURNAL = "journal"
ORDER = (SETTINGS, KEY, CODEBOOK, DOCUMENTS, MEMOS, "codings", "surveys", "tagging", INDEX, JOURNAL)
"""The lock order: by the first segment of a lock's name, then by the whole name."""


class LockOrderError(RuntimeError):
    """A lock requested while a lock later in :data:`ORDER` is held (a bug in qualcode)."""


@dataclass(frozen=True, order=True)
class LockName:
    """One lock: its place in the order, its name and its lock file.

    Attributes:
        rank: Index of its kind in :data:`ORDER`.
        name: e.g. ``codings/ana/2010-10-06-pancho.yaml``.
        file: The lock file.
        label: The file or folder it protects, as the user knows it (for messages).
    """

    rank: int
    name: str
    file: Path
    label: str = field(default="", compare=False)


def lock_timeout() -> float:
    """Return the lock timeout in seconds (``QUALCODE_LOCK_TIMEOUT``, default 10)."""
    value = os.environ.get(TIMEOUT_VARIABLE)
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
    return DEFAULT_TIMEOUT


def codings(coder: str, document: str) -> str:
    """Return the lock name of ``codings/<coder>/<document>.yaml``."""
    return f"codings/{coder}/{document}.yaml"


def survey(name: str) -> str:
    """Return the lock name of survey ``name`` (its whole folder)."""
    return f"surveys/{name}"


def tagging(coder: str, document: str) -> str:
    """Return the lock name of a tagging resume point."""
    return f"tagging/{coder}/{document}"


def name_for(root: Path, path: Path) -> str | None:
    """Return the lock name protecting the project file ``path`` (None: no lock covers it).

    Args:
        root: The project root.
        path: A file in the project (``qualcode.yaml``, ``codebooks/...``,
            ``fieldnotes/...``, ``codings/<coder>/<doc>.yaml``, ``memos/...``,
            ``.qualcode/tagging/<coder>/<doc>.yaml``). The key is locked with
            :func:`key_lock`.
    """
    try:
        parts = Path(path).absolute().relative_to(Path(root).absolute()).parts
    except ValueError:
        return None
    if parts == (SETTINGS_FILE,):
        return SETTINGS
    if not parts:
        return None
    head = parts[0]
    if head == "codebooks":
        return CODEBOOK
    if head == "fieldnotes":
        if len(parts) > 3 and parts[1] == "surveys":
            return survey(parts[2])
        return DOCUMENTS
    if head == "codings" and len(parts) == 3 and parts[2].endswith(".yaml"):
        return codings(parts[1], parts[2][: -len(".yaml")])
    if head == "memos":
        return MEMOS
    if head == PRIVATE_DIR and len(parts) == 4 and parts[1] == "tagging":
        return tagging(parts[2], Path(parts[3]).stem)
    return None


def _rank(name: str) -> int:
    head = name.split("/", 1)[0]
    try:
        return ORDER.index(head)
    except ValueError:
        raise ValueError(f"unknown lock {name!r}") from None


_LABELS = {
    CODEBOOK: "codebooks/",
    DOCUMENTS: "fieldnotes/",
    MEMOS: "memos/",
    INDEX: ".qualcode/index.sqlite",
    JOURNAL: ".qualcode/journal",
}


def resource(private_dir: Path, name: str, *, label: str | None = None) -> LockName:
    """Return the lock ``name`` of the project whose private folder is ``private_dir``.

    Args:
        private_dir: The project's ``.qualcode`` folder.
        name: One of the names of the module docstring (see :func:`codings`,
            :func:`survey`, :func:`tagging`).
        label: What to call it in a message (default: the project file or folder).
    """
    if label is None:
        if name.startswith("surveys/"):
            label = f"fieldnotes/{name}/"
        elif name.startswith("tagging/"):
            label = f".qualcode/{name}.yaml"
        else:
            label = _LABELS.get(name, name)
    return LockName(_rank(name), name, private_dir / LOCKS_DIR / f"{name}.lock", label)


def private_dir_of(path: str | Path) -> Path | None:
    """Return the ``.qualcode`` folder of the project ``path`` lies in (None outside one)."""
    current = Path(path).absolute()
    for parent in current.parents:
        if parent.name == PRIVATE_DIR and (parent.parent / SETTINGS_FILE).is_file():
            return parent
    return None


def _user_lock_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qualcode" / LOCKS_DIR


def key_lock(path: str | Path) -> LockName:
    """Return the lock of the key file ``path`` (plaintext or its ``.locked`` form).

    Inside a project it is that project's ``.qualcode/locks/key.lock``; a key
    elsewhere is locked in the user's cache folder, keyed by its absolute path.
    """
    key = Path(path).absolute()
    private = private_dir_of(key)
    if private is not None:
        try:
            label = key.relative_to(private.parent).as_posix()
        except ValueError:  # pragma: no cover - private_dir_of guarantees it
            label = str(key)
        return resource(private, KEY, label=label)
    digest = hashlib.blake2b(os.fsencode(key), digest_size=8).hexdigest()
    name = f"{KEY}-{digest}"
    return LockName(ORDER.index(KEY), name, _user_lock_dir() / f"{name}.lock", str(key))


# -- holding locks -------------------------------------------------------------------

_registry: dict[Path, Any] = {}
_registry_guard = threading.Lock()
_local = threading.local()


def _held() -> dict[LockName, int]:
    held: dict[LockName, int] | None = getattr(_local, "held", None)
    if held is None:
        held = {}
        _local.held = held
    return held


def _filelock(path: Path) -> Any:
    from filelock import FileLock

    with _registry_guard:
        lock = _registry.get(path)
        if lock is None:
            # thread_local: each thread holds it separately (threads exclude each other too)
            lock = FileLock(os.fspath(path), mode=0o600, thread_local=True)
            _registry[path] = lock
        return lock


def is_held(lock: LockName) -> bool:
    """Return whether this thread holds ``lock``."""
    return lock in _held()


def held_locks() -> list[LockName]:
    """Return the locks this thread holds, in lock order."""
    return sorted(_held())


@contextmanager
def hold(locks: Iterable[LockName], *, timeout: float | None = None) -> Iterator[None]:
    """Hold every lock of ``locks`` (taken in lock order; re-entrant) for the ``with`` block.

    Args:
        locks: The locks.
        timeout: Seconds to wait for all of them together (default :func:`lock_timeout`).

    Raises:
        Busy: a lock was not obtained in time (the ones taken are released;
            the message names the busy file).
        LockOrderError: a new lock comes before one this thread already holds.
    """
    from filelock import Timeout

    wanted = sorted(set(locks))
    held = _held()
    new = [lock for lock in wanted if lock not in held]
    if new and held:
        top = max(held)
        if new[0] < top:
            raise LockOrderError(
                f"lock {new[0].name!r} requested while holding {top.name!r}: "
                "take both at once, in lock order"
            )
    limit = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + limit
    taken: list[tuple[LockName, Any]] = []
    try:
        for lock in new:
            lock.file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle = _filelock(lock.file)
            try:
                handle.acquire(timeout=max(0.0, deadline - time.monotonic()))
            except Timeout:
                raise Busy(
                    f"{lock.label or lock.name} is busy: another qualcode command is changing it",
                    hint=f"waited {limit:g} s; run this again when that command has finished "
                    f"(set {TIMEOUT_VARIABLE} to wait longer)",
                ) from None
            taken.append((lock, handle))
            held[lock] = 0
    except BaseException:
        for lock, handle in reversed(taken):
            held.pop(lock, None)
            handle.release()
        raise
    for lock in wanted:
        held[lock] += 1
    try:
        yield
    finally:
        for lock in wanted:
            held[lock] -= 1
        for lock, handle in reversed(taken):
            if held.get(lock) == 0:
                del held[lock]
                handle.release()


# -- the journal ---------------------------------------------------------------------

_recovered: list[atomic.Recovery] = []


def take_recoveries() -> list[atomic.Recovery]:
    """Return (and forget) the interrupted transactions this process has recovered so far."""
    done = list(_recovered)
    _recovered.clear()
    return done


def recover(private_dir: Path, *, timeout: float | None = None) -> list[atomic.Recovery]:
    """Finish or discard the transactions killed commands left in ``private_dir/journal``.

    Cheap when there are none (one ``scandir``, no lock). Otherwise it takes the
    journal lock, so it never touches a transaction that is being committed.

    Returns:
        What was recovered (also kept for :func:`take_recoveries`).

    Raises:
        Busy: the journal lock stayed busy.
        OSError: a file could not be renamed (the journal stays for the next try).
    """
    journal = private_dir / JOURNAL_DIR
    if not atomic.pending(journal):
        return []
    journal_lock = resource(private_dir, JOURNAL)
    with hold([journal_lock], timeout=timeout):
        done = atomic.recover(journal)
    _recovered.extend(done)
    return done


@contextmanager
def lock(private_dir: Path, *names: str | LockName, timeout: float | None = None) -> Iterator[None]:
    """Hold the project's locks ``names`` (see :func:`hold`), after recovering the journal.

    Args:
        private_dir: The project's ``.qualcode`` folder.
        names: Lock names (:data:`SETTINGS`, :data:`CODEBOOK`, :func:`codings` ...)
            or :class:`LockName` objects (e.g. :func:`key_lock`).
        timeout: See :func:`hold`.

    Raises:
        Busy, LockOrderError: see :func:`hold`.
    """
    specs = [n if isinstance(n, LockName) else resource(private_dir, n) for n in names]
    journal_lock = resource(private_dir, JOURNAL)
    had_journal = journal_lock in _held()
    with hold(specs, timeout=timeout):
        if not had_journal and atomic.pending(private_dir / JOURNAL_DIR):
            # A killed command may have left a change to these very files: finish it first.
            with hold([journal_lock], timeout=timeout):
                _recovered.extend(atomic.recover(private_dir / JOURNAL_DIR))
        yield


def transaction(private_dir: Path | None, label: str = "") -> atomic.FileTransaction:
    """Return a transaction journalled in ``private_dir/journal`` (plain when None).

    Args:
        private_dir: The project's ``.qualcode`` folder, or None for files outside a project.
        label: What the change is (kept in the journal, shown when recovered).
    """
    if private_dir is None:
        return atomic.FileTransaction(label=label)
    folder = private_dir
    return atomic.FileTransaction(
        folder / JOURNAL_DIR, guard=lambda: lock(folder, JOURNAL), label=label
    )


__all__ = [
    "CODEBOOK",
    "DEFAULT_TIMEOUT",
    "DOCUMENTS",
    "INDEX",
    "JOURNAL",
    "KEY",
    "MEMOS",
    "ORDER",
    "SETTINGS",
    "TIMEOUT_VARIABLE",
    "LockName",
    "LockOrderError",
    "codings",
    "held_locks",
    "hold",
    "is_held",
    "key_lock",
    "lock",
    "lock_timeout",
    "name_for",
    "private_dir_of",
    "recover",
    "resource",
    "survey",
    "tagging",
    "take_recoveries",
    "transaction",
]
