"""The qualcode error tree and process exit codes.

The library raises only :class:`QualcodeError` subclasses for problems a user can
fix; the command-line interface turns them into one line on stderr and exit
status 1 (see ``qualcode/cli/_errors.py``).
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit statuses, documented in docs/scripting.md."""

    OK = 0
    ERROR = 1  # a QualcodeError: user or data problem; also check/scan findings
    USAGE = 2  # bad command-line usage (Typer/Click default)
    BUG = 70  # an unexpected exception (EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C


class QualcodeError(Exception):
    """A problem the user can fix, with where it is and what to do.

    Args:
        message: What went wrong, one sentence without a trailing period.
        hint: What to do about it (optional).
        path: The file concerned (optional).
        line: The 1-based line number in ``path`` (optional).
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = Path(path) if path is not None else None
        self.line = line

    @property
    def location(self) -> str | None:
        """Return ``path:line`` (or ``path``) when known, else None."""
        if self.path is None:
            return None
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        where = self.location
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class ProjectNotFound(QualcodeError):
    """No qualcode project at or above the given directory."""


class NotFound(QualcodeError):
    """A named document, code, coder, person or file does not exist."""


class AlreadyExists(QualcodeError):
    """Creating something that already exists (a project, a document id, a code)."""


class InvalidData(QualcodeError):
    """Bad YAML, a failed schema check, undecodable text or a broken invariant."""


class InvalidArgument(QualcodeError):
    """A well-formed command whose argument values make no sense (bad selector, date)."""


class ExchangeError(QualcodeError):
    """A problem reading or writing an exchange format (REFI-QDA, CSV, XLSX)."""


class KeyLocked(QualcodeError):
    """The pseudonym key is encrypted and no (or a wrong) passphrase was given."""


class Busy(QualcodeError):
    """A project file stayed locked by another qualcode command for longer than the lock timeout."""


class QualcodeWarning(UserWarning):
    """Something the user should know that is not an error (e.g. a fuzzy code match).

    The library issues these with :func:`warnings.warn`; the CLI prints them on
    stderr as ``warning: ...``; a notebook shows them as ordinary warnings.
    """


__all__ = [
    "QualcodeWarning",
    "AlreadyExists",
    "Busy",
    "ExchangeError",
    "ExitCode",
    "InvalidArgument",
    "InvalidData",
    "KeyLocked",
    "NotFound",
    "ProjectNotFound",
    "QualcodeError",
]
