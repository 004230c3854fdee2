"""Analytic memos on disk: ``memos/<id>.md``, Markdown with YAML front matter.

A memo file looks like::

    ---
    id: 2010-10-20-trust-after-the-fair
    title: Trust after the fair
    created: '2010-10-20T18:30:00'
    author: ana                  # a coder, optional
    code: c-factor/confianza     # optional: the memo is about this code
    document: 2010-10-06-pancho  # optional: ... about this document
    segment:                     # optional: ... about this passage
      document: 2010-10-06-pancho
      start: 105                 # 0-based code points into the body
      end: 395                   # exclusive
      text: "..."                # body[start:end] when linked
    ---
    The memo itself, in Markdown.

A memo is linked by code path (kept when the codebook renames, moves or
merges the code: :func:`recode_memo_texts`) and by document id. A memo of a
code that is removed keeps its text and records the path under
``removed_code``.

Coding memos, the short notes stored on a segment (``qualcode code --memo``,
``tag``'s ``m``), stay in the codings files; :func:`coding_memos` presents
them as :class:`Memo` objects (``kind`` ``coding``, id
``coding/<coder>/<document>/<start>-<end>/<code>``) so that listing, showing
and exporting treat both alike.

This module writes what it is given: the caller pseudonymises titles and
text first (``qualcode.pseudonymise.importing.project_pseudonymiser``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import Any

from qualcode.errors import InvalidArgument, InvalidData, NotFound
from qualcode.models import Segment
from qualcode.store import frontmatter, locking
from qualcode.store.project import ID_PATTERN, Project

CODING_PREFIX = "coding/"
_FIELDS = ("id", "title", "created", "author", "code", "document", "segment", "removed_code")
_SEGMENT = re.compile(r"^(?P<doc>[a-z0-9][a-z0-9._-]*):(?P<start>\d+)-(?P<end>\d+)$")


@dataclass(frozen=True)
class SegmentLink:
    """The passage a memo is about.

    Attributes:
        document: The document id.
        start: 0-based code point offset into the body.
        end: Exclusive end offset.
        text: ``body[start:end]`` when the link was made (to re-anchor after edits).
        code: For a coding memo: the segment's code path.
        coder: For a coding memo: the segment's coder.
    """

    document: str
    start: int
    end: int
    text: str = ""
    code: str | None = None
    coder: str | None = None

    def ref(self) -> str:
        """Return ``document:start-end``, the form ``memo add --segment`` takes."""
        return f"{self.document}:{self.start}-{self.end}"


@dataclass(frozen=True)
class Memo:
    """One memo: a file in ``memos/`` (``kind`` ``memo``) or a coding memo (``coding``).

    Attributes:
        id: The file stem, or ``coding/<coder>/<document>/<start>-<end>/<code>``.
        title: Its title (a coding memo's first line).
        body: The Markdown text.
        created: ISO 8601 date or date-time, or None.
        author: The coder who wrote it, or None.
        code: The code path it is about, or None.
        document: The document id it is about, or None (a segment's document
            is in ``segment``).
        segment: The passage it is about, or None.
        kind: ``memo`` or ``coding``.
        path: The file it was read from.
        extra: Other front matter keys, kept verbatim (e.g. ``removed_code``).
    """

    id: str
    title: str
    body: str
    created: str | None = None
    author: str | None = None
    code: str | None = None
    document: str | None = None
    segment: SegmentLink | None = None
    kind: str = "memo"
    path: Path | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def documents(self) -> set[str]:
        """Return the documents the memo is linked to (directly or by its segment)."""
        found = {self.document} if self.document else set()
        if self.segment is not None:
            found.add(self.segment.document)
        return found

    def front_matter(self) -> dict[str, Any]:
        """Return the front matter mapping in the canonical key order."""
        meta: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.created:
            meta["created"] = self.created
        if self.author:
            meta["author"] = self.author
        if self.code:
            meta["code"] = self.code
        if self.document:
            meta["document"] = self.document
        if self.segment is not None:
            meta["segment"] = {
                "document": self.segment.document,
                "start": self.segment.start,
                "end": self.segment.end,
                "text": self.segment.text,
            }
        meta.update(self.extra)
        return meta


def parse_segment_ref(ref: str) -> tuple[str, int, int]:
    """Parse ``DOC:START-END`` (0-based code points, end exclusive).

    Raises:
        InvalidArgument: not of that form, or an empty span.
    """
    match = _SEGMENT.match(ref.strip())
    if not match or int(match["end"]) <= int(match["start"]):
        raise InvalidArgument(
            f"{ref!r} is not a segment DOC:START-END",
            hint="e.g. 2010-10-06-pancho:105-395 (see start and end in 'qualcode quotes CODE -f csv')",
        )
    return match["doc"], int(match["start"]), int(match["end"])


def memo_paths(project: Project) -> list[Path]:
    """Return the memo files (``memos/*.md``), sorted."""
    folder = project.memos_dir
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if p.is_file() and not p.name.startswith("."))


def _text(meta: dict[str, Any], key: str, path: Path, text: str) -> str | None:
    value = meta.pop(key, None)
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, Date)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        raise InvalidData(
            f"{key} must be a single value",
            path=path,
            line=frontmatter.key_line(text, key),
            hint=f"write {key}: VALUE",
        )
    return str(value)


def parse_memo(text: str, path: Path) -> Memo:
    """Parse a memo file's text.

    Raises:
        InvalidData: no front matter, bad YAML, a missing or bad id, or a
            malformed segment link (file and line named).
    """
    meta, body = frontmatter.split(text, path)
    memo_id = meta.pop("id", None) or path.stem
    if not isinstance(memo_id, str) or not ID_PATTERN.match(memo_id):
        raise InvalidData(
            f"invalid memo id {memo_id!r}",
            path=path,
            line=frontmatter.key_line(text, "id") or 2,
            hint="ids use lower-case letters, digits, '.', '-' and '_'",
        )
    title = _text(meta, "title", path, text) or memo_id
    fields = {
        key: _text(meta, key, path, text) for key in ("created", "author", "code", "document")
    }
    segment = None
    raw = meta.pop("segment", None)
    if raw is not None:
        try:
            segment = SegmentLink(
                document=str(raw["document"]),
                start=int(raw["start"]),
                end=int(raw["end"]),
                text=str(raw.get("text") or ""),
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidData(
                "segment needs document, start and end",
                path=path,
                line=frontmatter.key_line(text, "segment"),
                hint="write segment: {document: ID, start: N, end: M}",
            ) from None
    return Memo(
        id=memo_id,
        title=title,
        body=body,
        segment=segment,
        path=path,
        extra=meta,
        **fields,
    )


def read_memo(path: Path) -> Memo:
    """Read one memo file (see :func:`parse_memo`).

    Raises:
        InvalidData: not UTF-8 or malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidData(
            f"not UTF-8 text (byte {exc.start})", path=path, hint="save it as UTF-8"
        ) from None
    return parse_memo(text.replace("\r\n", "\n").replace("\r", "\n"), path)


def render_memo(memo: Memo) -> str:
    """Return the file text of ``memo`` (front matter, then the body ending in a newline)."""
    body = memo.body if not memo.body or memo.body.endswith("\n") else memo.body + "\n"
    return frontmatter.render(memo.front_matter(), body)


def load_memos(project: Project) -> list[Memo]:
    """Return every memo file's memo, sorted by id.

    Raises:
        InvalidData: a malformed memo file, or two files with the same id.
    """
    memos: dict[str, Memo] = {}
    for path in memo_paths(project):
        memo = read_memo(path)
        if memo.id in memos:
            raise InvalidData(
                f"memo id {memo.id!r} is also used by {project.relative(memos[memo.id].path or path)}",
                path=path,
                line=2,
                hint="give each memo a unique id",
            )
        memos[memo.id] = memo
    return sorted(memos.values(), key=lambda m: m.id)


def coding_memo_id(coder: str, document: str, start: int, end: int, code: str) -> str:
    """Return the id of a coding memo: ``coding/<coder>/<document>/<start>-<end>/<code>``."""
    return f"{CODING_PREFIX}{coder}/{document}/{start}-{end}/{code}"


def coding_memos(project: Project) -> list[Memo]:
    """Return the memos stored on segments (``code --memo``, ``tag``'s ``m``), by id.

    Raises:
        InvalidData: a malformed codings file.
    """
    from qualcode.store.codings import load_segments

    return segment_memos(load_segments(project))


def segment_memos(segments: Iterable[Segment]) -> list[Memo]:
    """Return the coding memos of these segments (those with a memo), sorted by id.

    The same memos :func:`coding_memos` reads from the files, from segments
    already loaded (a corpus's rows, for instance).
    """
    memos = []
    for seg in segments:
        if not seg.memo:
            continue
        memos.append(
            Memo(
                id=coding_memo_id(seg.coder, seg.document, seg.start, seg.end, seg.code),
                title=seg.memo.strip().split("\n", 1)[0][:80],
                body=seg.memo if seg.memo.endswith("\n") else seg.memo + "\n",
                author=seg.coder,
                code=seg.code,
                segment=SegmentLink(
                    seg.document, seg.start, seg.end, seg.text, code=seg.code, coder=seg.coder
                ),
                kind="coding",
            )
        )
    return sorted(memos, key=lambda m: m.id)


def all_memos(project: Project) -> list[Memo]:
    """Return the memo files' memos, then the coding memos."""
    return load_memos(project) + coding_memos(project)


def find_memo(project: Project, ref: str) -> Memo:
    """Return the memo with id ``ref`` (or the only one whose id starts with, or holds, it).

    Raises:
        NotFound: no memo matches, or several do.
    """
    memos = coding_memos(project) if ref.startswith(CODING_PREFIX) else load_memos(project)
    for memo in memos:
        if memo.id == ref:
            return memo
    matches = [m for m in memos if m.id.startswith(ref)] or [m for m in memos if ref in m.id]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(m.id for m in matches[:5])
        raise NotFound(f"{ref!r} matches several memos: {listed}", hint="give more of the id")
    raise NotFound(f"no memo {ref!r}", hint="see 'qualcode memo list'")


def memo_id(project: Project, title: str, created: str | None, taken: Iterable[str] = ()) -> str:
    """Return a new unique memo id: ``<date>-<slug of title>``, ``-2``, ``-3``... when taken."""
    from qualcode.store.documents import slugify

    date = (created or "")[:10]
    base = f"{date}-{slugify(title)}" if date else slugify(title)
    used = {p.stem for p in memo_paths(project)} | set(taken)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def now() -> str:
    """Return the local date and time to the second, ISO 8601 (``2010-10-20T18:30:00``)."""
    return datetime.now().replace(microsecond=0).isoformat()


def memo_path(project: Project, memo_id_: str) -> Path:
    """Return where the memo with this id is stored."""
    return project.memos_dir / f"{memo_id_}.md"


def new_memo(
    project: Project,
    *,
    title: str,
    body: str,
    code: str | None = None,
    document: str | None = None,
    segment: SegmentLink | None = None,
    author: str | None = None,
    created: str | None = None,
) -> Memo:
    """Create and save a memo with a fresh id (the caller has pseudonymised title and body).

    Args:
        project: The project.
        title: The title (required, one line).
        body: The Markdown text.
        code: A code path the memo is about.
        document: A document id it is about.
        segment: A passage it is about.
        author: The coder writing it.
        created: ISO date-time (default: now).

    Returns:
        The saved memo (``path`` set).

    Raises:
        InvalidArgument: an empty title.
    """
    title = " ".join(title.split())
    if not title:
        raise InvalidArgument("a memo needs a title", hint="pass --title")
    created = created or now()
    with project.lock(locking.MEMOS):  # no other command takes the id meanwhile
        return _new_memo(project, title, body, code, document, segment, author, created)


def _new_memo(
    project: Project,
    title: str,
    body: str,
    code: str | None,
    document: str | None,
    segment: SegmentLink | None,
    author: str | None,
    created: str,
) -> Memo:
    memo = Memo(
        id=memo_id(project, title, created),
        title=title,
        body=_normalise(body),
        created=created,
        author=author,
        code=code,
        document=document,
        segment=segment,
    )
    return save_memo(project, memo)


def _normalise(body: str) -> str:
    import unicodedata

    body = unicodedata.normalize("NFC", body.replace("\r\n", "\n").replace("\r", "\n"))
    return body if not body or body.endswith("\n") else body + "\n"


def save_memo(project: Project, memo: Memo) -> Memo:
    """Write ``memo`` atomically to ``memos/<id>.md`` (under the memos lock); return it with ``path`` set.

    Raises:
        Busy: another command holds the memos.
    """
    path = memo.path or memo_path(project, memo.id)
    with project.lock(locking.MEMOS):
        project.write_file(path, render_memo(memo))
    return replace(memo, path=path)


def recode_memo_texts(project: Project, recode: Callable[[str], str | None]) -> dict[Path, str]:
    """Return the new text of every memo file whose code a codebook edit changes.

    The caller holds the memos lock (``project.lock("memos")``) until they are written.

    Args:
        project: The project.
        recode: Old code path -> new path, None when the code is removed, or
            the same path (see :mod:`qualcode.codebook.edit`).

    Returns:
        Memo file -> its new text (only files that change). A removed code
        leaves the memo unlinked, the old path kept under ``removed_code``.

    Raises:
        InvalidData: a malformed memo file.
    """
    texts: dict[Path, str] = {}
    for memo in load_memos(project):
        if memo.code is None or memo.path is None:
            continue
        new = recode(memo.code)
        if new == memo.code:
            continue
        if new is None:
            changed = replace(memo, code=None, extra={**memo.extra, "removed_code": memo.code})
        else:
            changed = replace(memo, code=new)
        texts[memo.path] = render_memo(changed)
    return texts


def memos_about(
    memos: Iterable[Memo], *, codes: Iterable[str] = (), document: str | None = None
) -> list[Memo]:
    """Return the memos linked to any of ``codes`` or to ``document``."""
    wanted = set(codes)
    return [
        m
        for m in memos
        if (m.code is not None and m.code in wanted)
        or (document is not None and document in m.documents())
    ]


__all__ = [
    "CODING_PREFIX",
    "Memo",
    "SegmentLink",
    "all_memos",
    "coding_memo_id",
    "coding_memos",
    "find_memo",
    "load_memos",
    "memo_id",
    "memo_path",
    "memo_paths",
    "memos_about",
    "new_memo",
    "parse_memo",
    "parse_segment_ref",
    "read_memo",
    "recode_memo_texts",
    "render_memo",
    "save_memo",
]
