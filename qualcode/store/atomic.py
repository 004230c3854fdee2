"""Atomic file writes: temp file in the same folder, fsync, rename.

A crash or Ctrl-C at any moment leaves either the old file or the new one,
never a half-written file. :class:`FileTransaction` extends this to several
files: all new contents are written and synced to temp files first, then
renamed into place one after another, so a failure before the renames changes
nothing at all.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


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


def _write_temp(path: Path, data: bytes, mode: int | None) -> Path:
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder, not a file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        elif path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
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


class FileTransaction:
    """Write or delete several files all together or not at all (as far as POSIX allows).

    Use as a context manager; stage changes with :meth:`write_text`,
    :meth:`write_bytes` and :meth:`delete`. On a clean exit every staged temp
    file is renamed into place; on an exception nothing is touched.

    Example:
        >>> with FileTransaction() as tx:  # doctest: +SKIP
        ...     tx.write_text(a, "new a")
        ...     tx.write_text(b, "new b")
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path | None]] = []

    def write_bytes(self, path: str | Path, data: bytes, *, mode: int | None = None) -> None:
        """Stage ``data`` for ``path``."""
        target = Path(path)
        self._staged.append((target, _write_temp(target, data, mode)))

    def write_text(self, path: str | Path, text: str, *, mode: int | None = None) -> None:
        """Stage UTF-8 ``text`` for ``path``."""
        self.write_bytes(path, text.encode("utf-8"), mode=mode)

    def delete(self, path: str | Path) -> None:
        """Stage the removal of ``path`` (ignored if it does not exist at commit)."""
        self._staged.append((Path(path), None))

    def commit(self) -> None:
        """Rename every staged file into place and apply deletions."""
        folders: set[Path] = set()
        for target, tmp in self._staged:
            if tmp is None:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
            else:
                os.replace(tmp, target)
            folders.add(target.parent)
        self._staged.clear()
        for folder in folders:
            _fsync_dir(folder)

    def rollback(self) -> None:
        """Remove every staged temp file; the targets are untouched."""
        for _target, tmp in self._staged:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink()
        self._staged.clear()

    def __enter__(self) -> FileTransaction:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
