"""Opening a REFI-QDA project safely: a ``.qdpx`` archive, or a loose ``.qde`` with its ``sources/``.

An archive made by someone else is untrusted input. Nothing is ever
extracted to disk: members are read into memory by name, so a member called
``../../.bashrc`` (zip slip) can never be written anywhere, and such names
are ignored. Limits refuse archive bombs before any large read:

* at most :data:`MAX_ENTRIES` members;
* at most :data:`MAX_MEMBER_BYTES` for one member and :data:`MAX_TOTAL_BYTES`
  for all, by the sizes the archive declares and by the bytes actually
  inflated (a lying header does not help);
* a compression ratio above :data:`MAX_RATIO` for a member over 1 MiB.

The XML is parsed with defusedxml: no DTD entities (billion laughs), no
external entities, no network.

Real files differ in where things are: the ``.qde`` is usually
``project.qde`` but ATLAS.ti names it after the project (``Trial.qde``); the
sources folder is ``sources/`` or ``Sources/`` (REFI-QDA 1.5's own example);
paths are matched without regard to case and with ``\\`` read as ``/``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from qualcode.errors import ExchangeError, NotFound

MAX_ENTRIES = 20_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
_HINT = "this is not a REFI-QDA archive qualcode can read safely; export it again from the other program"


def _safe_name(name: str) -> str | None:
    """Return a member name normalised to ``a/b/c``, or None when it points outside the archive."""
    text = name.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        return None
    parts = [p for p in PurePosixPath(text).parts if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


@dataclass
class ProjectFiles:
    """A REFI-QDA project's ``.qde`` and the files it refers to.

    Attributes:
        path: The ``.qdpx`` or ``.qde`` that was opened.
        qde_name: The ``.qde`` member (or file) name, for messages.
        qde: The ``.qde`` bytes.
        warnings: What was ignored (unsafe member names...).
    """

    path: Path
    qde_name: str
    qde: bytes
    warnings: list[str] = field(default_factory=list)
    _zip: zipfile.ZipFile | None = None
    _members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    _folder: Path | None = None
    _read: int = 0

    def close(self) -> None:
        """Close the archive."""
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __enter__(self) -> ProjectFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def where(self, name: str) -> str:
        """Return ``archive:member`` for messages."""
        return f"{self.path}:{name}"

    def find(self, name: str) -> str | None:
        """Return the stored name of the member (or file) ``name``, looked up in the usual places.

        ``name`` is tried as given, then under ``sources/`` (any case), then
        as a bare file name anywhere in the archive when exactly one member
        has it.
        """
        clean = _safe_name(name)
        if clean is None:
            return None
        if self._zip is not None:
            lowered = clean.lower()
            for candidate in (lowered, f"sources/{lowered}"):
                if candidate in self._members:
                    return self._members[candidate].filename
            base = lowered.rsplit("/", 1)[-1]
            matches = [i for k, i in self._members.items() if k.rsplit("/", 1)[-1] == base]
            return matches[0].filename if len(matches) == 1 else None
        assert self._folder is not None
        for candidate in (clean, f"sources/{clean}", f"Sources/{clean}"):
            path = (self._folder / candidate).resolve()
            if path.is_file() and path.is_relative_to(self._folder):
                return candidate
        return None

    def read(self, stored: str) -> bytes:
        """Return a member's bytes (from :meth:`find`), within the size limits.

        Raises:
            ExchangeError: the member is too large, or the archive as a whole is.
        """
        if self._zip is not None:
            info = self._members[_safe_name(stored).lower()]  # type: ignore[union-attr]
            with self._zip.open(info) as handle:
                data = handle.read(MAX_MEMBER_BYTES + 1)
        else:
            assert self._folder is not None
            path = self._folder / stored
            if path.stat().st_size > MAX_MEMBER_BYTES:
                raise ExchangeError(
                    f"{stored} is larger than {MAX_MEMBER_BYTES // 2**20} MiB", path=self.path
                )
            data = path.read_bytes()
        if len(data) > MAX_MEMBER_BYTES:
            raise ExchangeError(
                f"member {stored} inflates past {MAX_MEMBER_BYTES // 2**20} MiB",
                path=self.path,
                hint=_HINT,
            )
        self._read += len(data)
        if self._read > MAX_TOTAL_BYTES:
            raise ExchangeError(
                f"the archive inflates past {MAX_TOTAL_BYTES // 2**20} MiB",
                path=self.path,
                hint=_HINT,
            )
        return data


def _check_limits(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise ExchangeError(
            f"the archive has {len(infos)} members (more than {MAX_ENTRIES})", path=path, hint=_HINT
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise ExchangeError(
                f"member {info.filename} is {info.file_size // 2**20} MiB "
                f"(more than {MAX_MEMBER_BYTES // 2**20} MiB)",
                path=path,
                hint=_HINT,
            )
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ExchangeError(
                f"member {info.filename} expands {info.file_size // max(info.compress_size, 1)} "
                "times (a zip bomb?)",
                path=path,
                hint=_HINT,
            )
    if total > MAX_TOTAL_BYTES:
        raise ExchangeError(
            f"the archive would inflate to {total // 2**20} MiB", path=path, hint=_HINT
        )


def _choose_qde(names: list[str]) -> str | None:
    qdes = [n for n in names if n.lower().endswith(".qde")]
    for name in qdes:
        if name.lower() == "project.qde":
            return name
    top = [n for n in qdes if "/" not in n]
    return sorted(top or qdes)[0] if qdes else None


def open_project_files(path: str | Path) -> ProjectFiles:
    """Open a ``.qdpx`` archive, or a ``.qde`` file with its ``sources/`` folder beside it.

    Args:
        path: The file.

    Returns:
        The project's files (close them, or use ``with``).

    Raises:
        NotFound: the file does not exist.
        ExchangeError: not a zip archive or ``.qde``, no ``.qde`` inside, or
            a limit broken (see the module docstring).
    """
    source = Path(path)
    if not source.is_file():
        raise NotFound(f"no such file: {source}", path=source)
    if zipfile.is_zipfile(source):
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ExchangeError(f"cannot read the archive: {exc}", path=source) from None
        try:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            _check_limits(source, infos)
            members: dict[str, zipfile.ZipInfo] = {}
            warnings = []
            for info in infos:
                clean = _safe_name(info.filename)
                if clean is None:
                    warnings.append(f"member {info.filename!r} points outside the archive; ignored")
                    continue
                members.setdefault(clean.lower(), info)
            qde = _choose_qde([i.filename for i in members.values()])
            if qde is None:
                raise ExchangeError(
                    "the archive holds no .qde project file",
                    path=source,
                    hint="a REFI-QDA project archive (.qdpx) holds project.qde and sources/",
                )
            files = ProjectFiles(source, qde, b"", warnings, archive, members)
            files.qde = files.read(qde)
            return files
        except BaseException:
            archive.close()
            raise
    head = source.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        raise ExchangeError(
            "not a REFI-QDA project (neither a .qdpx archive nor a .qde XML file)",
            path=source,
            hint="give the .qdpx file the other program exported",
        )
    folder = source.parent.resolve()
    files = ProjectFiles(source, source.name, b"", [], None, {}, folder)
    files.qde = files.read(source.name)
    return files


__all__ = [
    "MAX_ENTRIES",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "ProjectFiles",
    "open_project_files",
]
