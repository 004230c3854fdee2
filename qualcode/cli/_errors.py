"""The single error boundary of the command-line interface.

:class:`BoundaryGroup` wraps every command: a :class:`~qualcode.errors.QualcodeError`
becomes ``qualcode: error: ...`` (plus ``hint: ...``) on stderr and its exit
code; Ctrl-C exits 130; any other exception is a bug: one line and exit 70,
with the traceback only under ``--debug`` or ``QUALCODE_DEBUG=1``. Local
variables are never shown, since they may hold participant text.
"""

from __future__ import annotations

import os
import sys
import traceback
import warnings
from typing import Any

import typer
from typer.core import TyperGroup

from qualcode.errors import ExitCode, QualcodeError

DEBUG_ENV = "QUALCODE_DEBUG"
_state = {"debug": False}


def set_debug(value: bool) -> None:
    """Turn traceback printing on or off for this process."""
    _state["debug"] = value


def debugging() -> bool:
    """Return whether tracebacks should be shown."""
    return _state["debug"] or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def report(error: QualcodeError) -> None:
    """Print a QualcodeError as the one-line message (and hint) on stderr."""
    where = f"{error.location}: " if error.location else ""
    typer.echo(f"qualcode: error: {where}{error.message}", err=True)
    if error.hint:
        typer.echo(f"hint: {error.hint}", err=True)


def _show_warning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
    """Print library warnings (QualcodeWarning) as ``warning: ...`` on stderr."""
    typer.echo(f"warning: {message}", err=True)


class BoundaryGroup(TyperGroup):
    """A Typer group that turns exceptions into messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command, translating errors (see the module docstring)."""
        warnings.showwarning = _show_warning
        try:
            return super().invoke(ctx)
        except QualcodeError as error:
            report(error)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            typer.echo("qualcode: interrupted; nothing was left half-written", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(int(ExitCode.OK)) from None
        except OSError as error:  # permissions, full disk, a folder where a file should be
            where = error.filename or ""
            report(
                QualcodeError(
                    f"{where}: {error.strerror or error}" if where else str(error),
                    hint="check the path, its permissions and the free disk space",
                )
            )
            raise typer.Exit(int(ExitCode.ERROR)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            if type(error).__module__.startswith("typer"):
                raise
            if debugging():
                traceback.print_exc()
            typer.echo(
                f"qualcode: error: unexpected {type(error).__name__} (a bug in qualcode); "
                "re-run with --debug to see the traceback and report it",
                err=True,
            )
            raise typer.Exit(int(ExitCode.BUG)) from None
