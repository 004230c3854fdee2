"""Stand-off codings on disk: one YAML file per coder and document.

``codings/<coder>/<document-id>.yaml`` holds one coder's segments of one
document, so that two coders never edit the same file and a team's git merges
stay clean::

    document: 2010-10-06-pancho
    coder: ana
    segments:
    - code: c-factor/confianza
      start: 120        # 0-based code point offset into the body
      end: 245          # exclusive
      text: "..."       # body[start:end] when coded; used to re-anchor after edits
      memo: optional note

Segments are kept sorted by (start, end, code); the same code on the same
span is stored once. A change holds the file's lock
(:func:`qualcode.store.locking.codings`) from before it reads the file
(:func:`update_segments`), so concurrent commands never lose each other's segments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from qualcode.errors import InvalidArgument, InvalidData
from qualcode.models import Segment
from qualcode.store import atomic, locking, yamlio
from qualcode.store.machine import MACHINE_CODER as MACHINE_CODER  # noqa: F401  (their home is store.machine)
from qualcode.store.machine import machine_coders as machine_coders  # noqa: F401
from qualcode.store.project import Project

CODER_PATTERN = re.compile(r"^\w[\w.-]*$")


def check_coder(name: str) -> str:
    """Return ``name`` if it can be a coder folder name.

    Raises:
        InvalidArgument: empty, or characters other than letters, digits, ``.``, ``-``, ``_``
            (spaces and slashes are refused).
    """
    if not CODER_PATTERN.match(name or ""):
        raise InvalidArgument(
            f"invalid coder name {name!r}", hint="use letters, digits, '.', '-' and '_'"
        )
    return name


def coding_path(project: Project, coder: str, document: str) -> Path:
    """Return the file holding ``coder``'s segments of ``document``."""
    return project.codings_dir / check_coder(coder) / f"{document}.yaml"


def coders(project: Project) -> list[str]:
    """Return the coders who have a codings folder, sorted."""
    if not project.codings_dir.is_dir():
        return []
    return sorted(
        p.name for p in project.codings_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def _segment(item: Any, path: Path, document: str, coder: str, index: int) -> Segment:
    if not isinstance(item, dict):
        raise InvalidData(f"segment {index + 1} is not a mapping", path=path)
    try:
        start, end = int(item["start"]), int(item["end"])
        code = str(item["code"])
    except (KeyError, TypeError, ValueError):
        raise InvalidData(
            f"segment {index + 1} needs code, start and end (integers)",
            path=path,
            hint="fix or remove that segment",
        ) from None
    if start < 0 or end < start:
        raise InvalidData(f"segment {index + 1} has start {start} and end {end}", path=path)
    memo = item.get("memo")
    return Segment(
        document=document,
        start=start,
        end=end,
        code=code,
        coder=coder,
        text=str(item.get("text", "")),
        memo=None if memo in (None, "") else str(memo),
    )


def read_coding_file(path: Path) -> list[Segment]:
    """Read one codings file.

    Raises:
        InvalidData: bad YAML, bytes that are not UTF-8, or a malformed
            segment (the file is named).
    """
    return parse_coding_bytes(path.read_bytes(), path)


def parse_coding_bytes(raw: bytes, path: Path) -> list[Segment]:
    """Parse the bytes of the codings file ``path`` (see :func:`read_coding_file`).

    Line ends are read as a text file reads them (``\r\n`` and ``\r`` as ``\n``).

    Raises:
        InvalidData: as :func:`read_coding_file`.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidData(
            f"not UTF-8 text (byte {exc.start})", path=path, hint="save the file as UTF-8"
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    data = yamlio.load(text, path) or {}
    if not isinstance(data, dict):
        raise InvalidData(
            "a codings file must be a mapping with document, coder and segments", path=path, line=1
        )
    document = str(data.get("document") or path.stem)
    coder = str(data.get("coder") or path.parent.name)
    items = data.get("segments") or []
    if not isinstance(items, list):
        raise InvalidData("'segments' must be a list", path=path)
    return [_segment(item, path, document, coder, i) for i, item in enumerate(items)]


def coding_files(
    project: Project, *, coder: str | None = None, document: str | None = None
) -> list[Path]:
    """Return codings files, optionally for one coder and/or document, sorted."""
    if not project.codings_dir.is_dir():
        return []
    pattern = f"{document}.yaml" if document else "*.yaml"
    folders = (
        [project.codings_dir / coder]
        if coder
        else [project.codings_dir / c for c in coders(project)]
    )
    return sorted(p for folder in folders if folder.is_dir() for p in folder.glob(pattern))


def load_segments(
    project: Project, *, coder: str | None = None, document: str | None = None
) -> list[Segment]:
    """Return segments from the codings files, sorted by (document, start, end, code, coder).

    Args:
        project: The project.
        coder: Only this coder's segments.
        document: Only this document's segments.
    """
    segments = [
        s
        for path in coding_files(project, coder=coder, document=document)
        for s in read_coding_file(path)
    ]
    return sorted(segments, key=lambda s: (s.document, s.start, s.end, s.code, s.coder))


def normalise_segments(segments: Iterable[Segment]) -> list[Segment]:
    """Return segments sorted by (start, end, code), one per (code, start, end); a memo is kept."""
    unique: dict[tuple[str, int, int], Segment] = {}
    for seg in segments:
        key = (seg.code, seg.start, seg.end)
        if key not in unique or (seg.memo and not unique[key].memo):
            unique[key] = seg
    return sorted(unique.values(), key=lambda s: (s.start, s.end, s.code))


def render_coding_file(document: str, coder: str, segments: Iterable[Segment]) -> str:
    """Return the YAML text of a codings file (stable key order, sorted segments)."""
    items = []
    for seg in normalise_segments(segments):
        item: dict[str, Any] = {
            "code": seg.code,
            "start": seg.start,
            "end": seg.end,
            "text": seg.text,
        }
        if seg.memo:
            item["memo"] = seg.memo
        items.append(item)
    return yamlio.dump({"document": document, "coder": coder, "segments": items})


def coding_lock(coder: str, document: str) -> str:
    """Return the lock name of ``coder``'s codings file of ``document`` (see :mod:`~qualcode.store.locking`)."""
    return locking.codings(check_coder(coder), document)


def file_lock(path: Path) -> str:
    """Return the lock name of the codings file ``path`` (``codings/<coder>/<doc>.yaml``)."""
    return locking.codings(path.parent.name, path.stem)


def stage_segments(
    project: Project,
    tx: atomic.FileTransaction,
    coder: str,
    document: str,
    segments: Iterable[Segment],
) -> Path:
    """Stage ``coder``'s segments of ``document`` in ``tx`` (none: the file is removed).

    The caller holds the file's lock.

    Returns:
        The codings file path.
    """
    path = coding_path(project, coder, document)
    segs = list(segments)
    if segs:
        tx.write_text(path, render_coding_file(document, coder, segs))
    elif path.exists():
        tx.delete(path)
    return path


def save_segments(project: Project, coder: str, document: str, segments: Iterable[Segment]) -> Path:
    """Replace ``coder``'s segments of ``document`` atomically; no segments removes the file.

    This overwrites what the file holds; to add to it or remove from it while
    other commands may do the same, use :func:`update_segments`.

    Returns:
        The codings file path.

    Raises:
        Busy: another command holds the file.
    """
    with project.lock(coding_lock(coder, document)), project.transaction() as tx:
        return stage_segments(project, tx, coder, document, segments)


def update_segments(
    project: Project,
    coder: str,
    document: str,
    change: Callable[[list[Segment]], list[Segment] | None],
) -> list[Segment]:
    """Re-read ``coder``'s segments of ``document`` under the file's lock, change them, save.

    Args:
        project: The project.
        coder: The coder.
        document: The document id.
        change: Called with the segments as stored now (sorted); returns the
            new segments, or None to write nothing.

    Returns:
        The segments now stored.

    Raises:
        Busy: another command holds the file.
    """
    with project.lock(coding_lock(coder, document)):
        existing = load_segments(project, coder=coder, document=document)
        new = change(existing)
        if new is None:
            return existing
        save_segments(project, coder, document, new)
        return normalise_segments(new)
