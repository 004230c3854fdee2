"""Atomic file writes, and multi-file transactions that a crash cannot leave half-done.

:func:`write_bytes` / :func:`write_text` write one file: a temp file in the same
folder, ``fsync``, ``os.replace``, ``fsync`` of the folder. A crash or Ctrl-C at
any moment leaves either the old file or the new one, never a half-written file.
Temp files are named ``.<name>.<random>.tmp``: they start with a dot and end in
``.tmp``, so no ``*.yaml``, ``*.md`` or ``*.csv`` glob the project reads ever
matches one.

:class:`FileTransaction` changes several files all together or not at all, even
under ``kill -9``, when it is given a journal folder (a project's
``.qualcode/journal/``, see :mod:`qualcode.store.locking`). On commit, under the
journal lock:

1. every new content is written and synced to a temp file in
   ``journal/<id>/`` (beside the target only when the target is on another
   file system);
2. ``journal/<id>.json`` is written atomically: the list of (target, temp)
   renames and deletions. This is the commit point;
3. the renames and deletions are applied, the folders synced;
4. the journal file and ``journal/<id>/`` are removed.

:func:`recover` (run by the next command that opens the project) finishes a
transaction whose journal file exists (*roll forward*: the temps that are still
there are renamed into place, the deletions done) and discards one that has
only its ``journal/<id>/`` folder (*roll back*: no target was touched yet).
Both are idempotent, so a crash during recovery is recovered again.

A transaction of one file needs no journal file: its temp, ``journal/<id>.tmp``,
is renamed into place at once (``os.replace`` is atomic); a leftover one is discarded.

``QUALCODE_TEST_SLOW_RENAMES`` (seconds, for tests only) sleeps after each
staged temp and between renames, so that a test can kill a command in the middle
of a transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

SLOW_VARIABLE = "QUALCODE_TEST_SLOW_RENAMES"
"""Seconds to sleep after each staged file and between renames (tests only)."""

JOURNAL_SUFFIX = ".json"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _slow() -> None:
    delay = os.environ.get(SLOW_VARIABLE)
    if delay:
        with contextlib.suppress(ValueError):
            time.sleep(float(delay))


def _mode_for(path: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_file(fd: int, tmp: str, data: bytes, mode: int) -> None:
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_temp(path: Path, data: bytes, mode: int | None) -> Path:
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder, not a file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    _write_file(fd, tmp, data, _mode_for(path, mode))
    return Path(tmp)


def write_bytes(path: str | Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically.

    Args:
        path: Destination file; missing parent folders are created.
        data: The complete new content.
        mode: Permission bits for the file (e.g. ``0o600``); by default an
            existing file keeps its mode and a new one follows the umask.
    """
    target = Path(path)
    tmp = _write_temp(target, data, mode)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def write_text(path: str | Path, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` as UTF-8 with ``\\n`` line ends, atomically (see :func:`write_bytes`)."""
    write_bytes(path, text.encode("utf-8"), mode=mode)


@dataclass
class Recovery:
    """What :func:`recover` did with one interrupted transaction.

    Attributes:
        id: The transaction id.
        direction: ``forward`` (the journal was complete: the change was
            finished) or ``back`` (it was not: the change was discarded).
        label: What the transaction was (e.g. ``codebook rename``), if recorded.
        files: The target files of a rolled-forward transaction.
    """

    id: str
    direction: str
    label: str = ""
    files: list[str] = field(default_factory=list)


def _new_id() -> str:
    return f"{time.time_ns():x}-{os.getpid()}-{os.urandom(3).hex()}"


class FileTransaction:
    """Write or delete several files all together or not at all.

    Use as a context manager; stage changes with :meth:`write_text`,
    :meth:`write_bytes` and :meth:`delete`. Nothing touches the disk before
    the commit: on a clean exit the changes are committed, on an exception
    they are dropped.

    With ``journal`` (a folder, normally a project's ``.qualcode/journal``) the
    commit follows the protocol of the module docstring and survives ``kill -9``
    (the next :func:`recover` finishes or discards it). Without one, the staged
    files are renamed into place one after another: each file is atomic, the
    set is not.

    Args:
        journal: The journal folder, or None.
        guard: Returns the context manager held for the whole commit (the
            project's journal lock); required with ``journal``.
        label: What the change is, stored in the journal (e.g. ``codebook rename``).

    Example:
        >>> with project.transaction() as tx:  # doctest: +SKIP
        ...     tx.write_text(a, "new a")
        ...     tx.write_text(b, "new b")
    """

    def __init__(
        self,
        journal: str | Path | None = None,
        *,
        guard: Callable[[], AbstractContextManager[object]] | None = None,
        label: str = "",
    ) -> None:
        self.journal = Path(journal) if journal is not None else None
        self.guard = guard
        self.label = label
        self._staged: dict[Path, tuple[bytes | None, int | None]] = {}

    # -- staging ----------------------------------------------------------------

    def write_bytes(self, path: str | Path, data: bytes, *, mode: int | None = None) -> None:
        """Stage ``data`` as the new content of ``path`` (a later call for the same path wins)."""
        target = Path(path).absolute()
        if target.is_dir():
            raise IsADirectoryError(21, "is a folder, not a file", str(target))
        self._staged[target] = (data, mode)

    def write_text(self, path: str | Path, text: str, *, mode: int | None = None) -> None:
        """Stage UTF-8 ``text`` for ``path``."""
        self.write_bytes(path, text.encode("utf-8"), mode=mode)

    def delete(self, path: str | Path) -> None:
        """Stage the removal of ``path`` (nothing happens if it does not exist at commit)."""
        self._staged[Path(path).absolute()] = (None, None)

    @property
    def paths(self) -> list[Path]:
        """The files staged so far (absolute), in staging order."""
        return list(self._staged)

    def __len__(self) -> int:
        return len(self._staged)

    # -- committing -------------------------------------------------------------

    def commit(self) -> None:
        """Apply every staged change (see the class docstring)."""
        staged, self._staged = self._staged, {}
        if not staged:
            return
        if self.journal is None:
            self._commit_plain(staged)
            return
        guard = self.guard() if self.guard is not None else contextlib.nullcontext()
        with guard:
            self._commit_journalled(staged, self.journal)

    def rollback(self) -> None:
        """Drop every staged change; no file is touched."""
        self._staged.clear()

    def __enter__(self) -> FileTransaction:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()

    def _commit_plain(self, staged: dict[Path, tuple[bytes | None, int | None]]) -> None:
        temps: list[tuple[Path, Path | None]] = []
        try:
            for target, (data, mode) in staged.items():
                temps.append((target, None if data is None else _write_temp(target, data, mode)))
        except BaseException:
            for _target, tmp in temps:
                if tmp is not None:
                    with contextlib.suppress(OSError):
                        tmp.unlink()
            raise
        folders: set[Path] = set()
        for target, tmp in temps:
            if tmp is None:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
            else:
                os.replace(tmp, target)
            folders.add(target.parent)
        for folder in folders:
            _fsync_dir(folder)

    def _commit_journalled(
        self, staged: dict[Path, tuple[bytes | None, int | None]], journal: Path
    ) -> None:
        journal.mkdir(mode=0o700, parents=True, exist_ok=True)
        txid = _new_id()
        if len(staged) == 1:
            self._commit_one(*next(iter(staged.items())), journal, txid)
            return
        txdir = journal / txid
        txdir.mkdir(mode=0o700)
        device = txdir.stat().st_dev
        entries: list[dict[str, str | None]] = []
        try:
            for number, (target, (data, mode)) in enumerate(staged.items()):
                if data is None:
                    entries.append({"target": _stored(target, journal), "temp": None})
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                beside = target.parent.stat().st_dev != device
                tmp = (
                    target.parent / f".{target.name}.qc-{txid}.tmp"
                    if beside
                    else txdir / f"{number}.tmp"
                )
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                _write_file(fd, str(tmp), data, _mode_for(target, mode))
                entries.append({"target": _stored(target, journal), "temp": _stored(tmp, journal)})
                _slow()
            _fsync_dir(txdir)  # the temps are on disk before the journal names them
            record = {"id": txid, "label": self.label, "entries": entries}
            write_bytes(
                journal / f"{txid}{JOURNAL_SUFFIX}",
                json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"),
                mode=0o600,
            )
            _fsync_dir(journal)
        except BaseException:
            # Before the commit point nothing outside the journal folder has changed.
            if not (journal / f"{txid}{JOURNAL_SUFFIX}").exists():
                _discard_staging(entries, journal)
                _discard(txdir)
            raise
        # After the commit point the change is finished, even when Ctrl-C comes meanwhile;
        # after any other failure (or a kill) the next command finishes it.
        try:
            try:
                _apply(entries, journal, slow=True)
            except KeyboardInterrupt:
                _apply(entries, journal)
                raise
        finally:
            if not _pending(entries, journal):
                _finish(journal, txid)

    @staticmethod
    def _commit_one(
        target: Path, change: tuple[bytes | None, int | None], journal: Path, txid: str
    ) -> None:
        """Write or delete one file: no journal entry, its rename is atomic by itself."""
        data, mode = change
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
                _fsync_dir(target.parent)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.parent.stat().st_dev == journal.stat().st_dev:
            tmp = journal / f"{txid}.tmp"  # a kill leaves it here, where recovery removes it
        else:
            tmp = target.parent / f".{target.name}.qc-{txid}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        _write_file(fd, str(tmp), data, _mode_for(target, mode))
        try:
            _slow()
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        _fsync_dir(target.parent)


def _stored(path: Path, journal: Path) -> str:
    """Return ``path`` as the journal stores it: relative to the project root when inside it."""
    root = journal.parent.parent
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _resolve(stored: str, journal: Path) -> Path:
    path = Path(stored)
    return path if path.is_absolute() else journal.parent.parent / path


def _apply(entries: list[dict[str, str | None]], journal: Path, *, slow: bool = False) -> None:
    """Rename each temp that is still there into place and do the deletions (idempotent)."""
    folders: set[Path] = set()
    for number, entry in enumerate(entries):
        target = _resolve(str(entry["target"]), journal)
        temp = entry["temp"]
        if temp is None:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
        else:
            source = _resolve(temp, journal)
            if not source.exists():
                continue  # renamed already
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        folders.add(target.parent)
        if slow and number + 1 < len(entries):
            _slow()
    for folder in folders:
        _fsync_dir(folder)


def _pending(entries: list[dict[str, str | None]], journal: Path) -> bool:
    return any(e["temp"] is not None and _resolve(e["temp"], journal).exists() for e in entries)


def _discard_staging(entries: list[dict[str, str | None]], journal: Path) -> None:
    for entry in entries:
        if entry["temp"] is not None:
            with contextlib.suppress(OSError):
                _resolve(entry["temp"], journal).unlink()


def _discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _finish(journal: Path, txid: str) -> None:
    _discard(journal / txid)
    with contextlib.suppress(FileNotFoundError):
        (journal / f"{txid}{JOURNAL_SUFFIX}").unlink()
    _fsync_dir(journal)


def pending(journal: str | Path) -> bool:
    """Return whether ``journal`` holds anything to recover (cheap: one ``scandir``)."""
    try:
        with os.scandir(journal) as entries:
            return any(True for _ in entries)
    except (FileNotFoundError, NotADirectoryError):
        return False


def recover(journal: str | Path) -> list[Recovery]:
    """Finish or discard every interrupted transaction in ``journal``.

    The caller must hold the journal lock (no live transaction may be
    committing): :func:`qualcode.store.locking.recover` does.

    Args:
        journal: The journal folder.

    Returns:
        One :class:`Recovery` per transaction, oldest first (empty when there was nothing).

    Raises:
        OSError: a file could not be renamed or removed (the journal is kept,
            so the next command tries again).
    """
    folder = Path(journal)
    if not pending(folder):
        return []
    done: list[Recovery] = []
    names = sorted(os.listdir(folder))
    records = {n[: -len(JOURNAL_SUFFIX)] for n in names if n.endswith(JOURNAL_SUFFIX)}
    for name in names:
        path = folder / name
        if name.endswith(JOURNAL_SUFFIX) and not name.startswith("."):
            txid = name[: -len(JOURNAL_SUFFIX)]
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                entries = list(record["entries"])
            except (OSError, ValueError, KeyError, TypeError):
                # An unreadable journal cannot be finished; it was written atomically,
                # so this is damage from outside: keep it for a person to look at.
                continue
            _apply(entries, folder)
            _finish(folder, txid)
            done.append(
                Recovery(
                    txid,
                    "forward",
                    str(record.get("label") or ""),
                    [str(e["target"]) for e in entries],
                )
            )
        elif path.is_dir() and name not in records:
            staged = any(path.iterdir())
            _discard(path)
            if staged:  # an empty folder is a one-file transaction that had finished
                done.append(Recovery(name, "back"))
        elif name.endswith(".tmp") and path.is_file():
            # a one-file change that was never renamed, or (dot-named) the temp of a
            # journal file that was never renamed: the targets are untouched
            with contextlib.suppress(OSError):
                path.unlink()
            if not name.startswith("."):
                done.append(Recovery(name[: -len(".tmp")], "back"))
    _fsync_dir(folder)
    return done


def iter_temps(folder: str | Path) -> Iterator[Path]:
    """Yield the temp files :func:`write_bytes` may leave under ``folder`` after a crash."""
    for path in Path(folder).rglob(".*.tmp"):
        if path.is_file():
            yield path


__all__ = [
    "FileTransaction",
    "JOURNAL_SUFFIX",
    "Recovery",
    "SLOW_VARIABLE",
    "iter_temps",
    "pending",
    "recover",
    "write_bytes",
    "write_text",
]
