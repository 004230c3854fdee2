"""The time sidecar of a document: where in the body each timed passage starts.

A transcript imported from subtitles (cue start times), a Zoom chat (message
times) or text with ``[hh:mm:ss]`` marks keeps its times beside the document,
in ``<document id>.times.csv`` in the same folder::

    offset,time
    0,00:00:01.040
    57,00:00:04.520

``offset`` is a 0-based code-point offset into the body (the same unit as
segment offsets and REFI-QDA positions); ``time`` is ``HH:MM:SS.mmm`` from
the start of the recording. Rows are sorted by offset; the time of a
passage is that of the last row at or before its start. The body itself is
not changed. Pseudonymisation happens before the offsets are computed, so
they index the stored body.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from qualcode.errors import InvalidData

SUFFIX = ".times.csv"
HEADER = ["offset", "time"]

TimePoint = tuple[int, float]
"""``(offset, seconds)``: a 0-based body offset and its time in seconds."""


def times_path(document_path: Path) -> Path:
    """Return the sidecar of the document stored at ``document_path`` (``x.md`` -> ``x.times.csv``)."""
    return document_path.with_name(document_path.stem + SUFFIX)


def stamp(value: float) -> str:
    """Return seconds as ``HH:MM:SS.mmm``."""
    millis = round(value * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def render_times(times: Sequence[TimePoint]) -> str:
    """Return the text of a sidecar (``\\n`` line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows((offset, stamp(value)) for offset, value in sorted(times))
    return buffer.getvalue()


def read_times(document_path: Path | None) -> list[TimePoint]:
    """Return the time points of the document at ``document_path`` (none without a sidecar).

    Raises:
        InvalidData: a malformed sidecar (the line is named).
    """
    if document_path is None:
        return []
    path = times_path(document_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return []
    from qualcode.store.readers.turns import seconds

    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != HEADER:
        raise InvalidData("the header must be offset,time", path=path, line=1)
    times: list[TimePoint] = []
    for number, row in enumerate(rows[1:], start=2):
        try:
            offset, value = int(row[0]), seconds(row[1])
        except (ValueError, IndexError):
            raise InvalidData(
                "a line needs an offset and a time HH:MM:SS.mmm", path=path, line=number
            ) from None
        times.append((offset, value))
    return sorted(times)


__all__ = ["SUFFIX", "TimePoint", "read_times", "render_times", "stamp", "times_path"]
