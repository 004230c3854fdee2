"""Project checks: the library side of ``qualcode check``.

A check is a function ``check(context) -> Iterable[Problem]``; :data:`CHECKS`
lists them in the order they run, and :func:`run_checks` runs them all (or a
given list). Another check is added by appending a function to
:data:`CHECKS` (or passing ``checks=[*CHECKS, my_check]``). The
:class:`CheckContext` loads documents, the codebook and codings files once;
files it cannot read become ``malformed-file`` problems rather than errors.

Checks shipped here:

* ``malformed-file``: a document, codebook or codings file that cannot be read;
* ``unknown-code``: a segment whose code is not in the codebook;
* ``missing-document``: a codings file for a document that does not exist;
* ``stale-segment``: a segment whose quoted text can no longer be found (the
  message says so when its end lies past the end of the text: offsets are
  never clamped);
* ``moved-segment``: a segment whose text moved (fixable: ``fix_anchors``);
* ``merge-conflict``: git conflict markers left in a project file after a
  merge, or a memo that the merge driver kept in two versions (both branches
  edited it);
* ``leak``: a registered real name or personal data (e-mail, phone, RUT) left
  in a project file, as ``qualcode scan`` reports it (only with a key);
* ``leak-scan``: the leak scan could not run (a locked key and no passphrase).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from qualcode.codebook.tree import Codebook, load_codebook
from qualcode.coding.anchoring import AnchorResult, anchor_segments
from qualcode.coding.selectors import counted
from qualcode.errors import QualcodeError
from qualcode.models import Document, Segment
from qualcode.store.codings import coding_files, file_lock, read_coding_file, render_coding_file
from qualcode.store.project import Project, read_document
from qualcode.table import Table


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of a check.

    Attributes:
        path: The file concerned, relative to the project root (or None).
        line: 1-based line in that file (or None).
        check: The check's name, e.g. ``stale-segment``.
        message: What is wrong, one sentence.
        fixable: Whether ``qualcode check --fix`` repairs it.
    """

    path: str | None
    line: int | None
    check: str
    message: str
    fixable: bool = False


@dataclass
class CheckContext:
    """What the checks look at, loaded once and shared.

    Attributes:
        project: The project.
        load_problems: Problems found while loading (malformed files).
    """

    project: Project
    load_problems: list[Problem] = field(default_factory=list)
    _item_lines: dict[Path, list[int]] = field(default_factory=dict, repr=False)

    def _bad(self, path: Path, error: QualcodeError) -> None:
        self.load_problems.append(
            Problem(
                self.project.relative(error.path or path),
                error.line,
                "malformed-file",
                error.message,
            )
        )

    @cached_property
    def documents(self) -> dict[str, Document]:
        """Readable documents by id."""
        docs: dict[str, Document] = {}
        for path in self.project.document_paths():
            try:
                doc = read_document(path)
            except QualcodeError as error:
                self._bad(path, error)
                continue
            docs.setdefault(doc.id, doc)
        return docs

    @cached_property
    def codebook(self) -> Codebook | None:
        """The codebook, or None when it cannot be read."""
        try:
            return load_codebook(self.project.codebooks_dir)
        except QualcodeError as error:
            self._bad(self.project.codebooks_dir, error)
            return None

    @cached_property
    def codings(self) -> dict[Path, list[Segment]]:
        """Readable codings files and their segments, by path (sorted)."""
        found: dict[Path, list[Segment]] = {}
        for path in coding_files(self.project):
            try:
                found[path] = read_coding_file(path)
            except QualcodeError as error:
                self._bad(path, error)
        return found

    @cached_property
    def anchors(self) -> dict[Path, AnchorResult]:
        """The anchoring of each codings file whose document exists."""
        return {
            path: anchor_segments(self.documents[segs[0].document], segs)
            for path, segs in self.codings.items()
            if segs and segs[0].document in self.documents
        }

    def segment_line(self, path: Path, segment: Segment) -> int | None:
        """Return the 1-based line of ``segment``'s entry in its codings file, if found."""
        if path not in self._item_lines:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                text = ""
            self._item_lines[path] = [
                text.count("\n", 0, m.start()) + 1
                for m in re.finditer(r"(?m)^[ \t]*- [a-z]+:", text)
            ]
        try:
            index = self.codings[path].index(segment)
        except ValueError:
            return None
        lines = self._item_lines[path]
        return lines[index] if index < len(lines) else None


def check_loading(context: CheckContext) -> Iterable[Problem]:
    """Report files that cannot be read (documents, codebook, codings)."""
    _ = context.documents, context.codebook, context.codings
    return list(context.load_problems)


def check_codes(context: CheckContext) -> Iterable[Problem]:
    """Report segments whose code is not in the codebook."""
    book = context.codebook
    if book is None:
        return []
    problems = []
    for path, segments in context.codings.items():
        for seg in segments:
            if seg.code not in book:
                problems.append(
                    Problem(
                        context.project.relative(path),
                        context.segment_line(path, seg),
                        "unknown-code",
                        f"code {seg.code!r} is not in the codebook",
                    )
                )
    return problems


def check_documents(context: CheckContext) -> Iterable[Problem]:
    """Report codings files whose document does not exist."""
    problems = []
    for path, segments in context.codings.items():
        doc_id = segments[0].document if segments else path.stem
        if doc_id not in context.documents:
            problems.append(
                Problem(
                    context.project.relative(path),
                    None,
                    "missing-document",
                    f"codings for a missing document {doc_id!r} ({counted(len(segments), 'segment')})",
                )
            )
    return problems


def check_anchors(context: CheckContext) -> Iterable[Problem]:
    """Report stale and moved segments (moved ones are fixable)."""
    problems = []
    for path, result in context.anchors.items():
        rel = context.project.relative(path)
        body_length = len(context.documents[context.codings[path][0].document].body)
        for seg in result.stale:
            past = (
                f"; it ends past the end of the text ({body_length} characters)"
                if seg.end > body_length
                else ""
            )
            problems.append(
                Problem(
                    rel,
                    context.segment_line(path, seg),
                    "stale-segment",
                    f"{seg.code} [{seg.start},{seg.end}) {_quote(seg.text)} is no longer in the text{past}",
                )
            )
        for old, new in result.moved:
            problems.append(
                Problem(
                    rel,
                    context.segment_line(path, old),
                    "moved-segment",
                    f"{old.code} [{old.start},{old.end}) moved to [{new.start},{new.end})",
                    fixable=True,
                )
            )
    return problems


def _conflict_line(text: str) -> int | None:
    from qualcode.store.merge import has_conflict_markers

    if "<<<<<<<" not in text or not has_conflict_markers(text):
        return None
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith("<<<<<<<"))


def check_merge_conflicts(context: CheckContext) -> Iterable[Problem]:
    """Report git conflict markers left in project files, and memos kept in two versions."""
    from qualcode.store.coders import survey_codings_files
    from qualcode.store.merge import has_conflict_markers

    project = context.project
    paths = [project.settings_path, *sorted(project.codebooks_dir.glob("*.yaml"))]
    paths += project.document_paths() + coding_files(project) + survey_codings_files(project)
    paths += sorted(project.memos_dir.glob("*.md")) if project.memos_dir.is_dir() else []
    problems = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        line = _conflict_line(text)
        if line is not None:
            problems.append(
                Problem(
                    project.relative(path),
                    line,
                    "merge-conflict",
                    "unresolved git merge conflict (<<<<<<< ... >>>>>>>): keep one version, "
                    "remove the markers ('qualcode git setup' merges coding files segment by segment)",
                )
            )
    for path, segments in context.codings.items():
        for seg in segments:
            if seg.memo and has_conflict_markers(seg.memo):
                problems.append(
                    Problem(
                        project.relative(path),
                        context.segment_line(path, seg),
                        "merge-conflict",
                        f"{seg.code} [{seg.start},{seg.end}): the memo was edited on both "
                        "branches; both versions are kept between markers: keep one",
                    )
                )
    return problems


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 40 else flat[:37] + "...")


def check_leaks(context: CheckContext) -> Iterable[Problem]:
    """Report registered real names and personal data left in project files (``qualcode scan``).

    Skipped when the project has no pseudonym key. Candidates (capitalised words
    that might be unregistered names) are not problems; ``qualcode scan`` lists them.
    """
    from qualcode.errors import KeyLocked
    from qualcode.pseudonymise.key_file import key_path, locked_path
    from qualcode.pseudonymise.scan import scan_project

    path = key_path(context.project)
    if not path.exists() and not locked_path(path).exists():
        return []
    try:
        findings = scan_project(context.project, candidates=False)
    except KeyLocked as error:
        return [
            Problem(context.project.relative(path), None, "leak-scan", f"not run: {error.message}")
        ]
    return [
        Problem(f.path, f.line or None, "leak", f"{f.kind} {f.item}: {f.context}")
        for f in findings
        if f.leak
    ]


CHECKS: list[Callable[[CheckContext], Iterable[Problem]]] = [
    check_loading,
    check_codes,
    check_documents,
    check_anchors,
    check_merge_conflicts,
    check_leaks,
]
"""The checks ``qualcode check`` runs, in order. Append a function to add one."""


def run_checks(
    project: Project, checks: Sequence[Callable[[CheckContext], Iterable[Problem]]] | None = None
) -> list[Problem]:
    """Run ``checks`` (default :data:`CHECKS`) and return their problems, sorted and without repeats.

    Returns:
        Problems sorted by (path, line, check, message); empty when all is well.
    """
    context = CheckContext(project)
    found: set[Problem] = set()
    for check in checks if checks is not None else CHECKS:
        found.update(check(context))
    return sorted(found, key=lambda p: (p.path or "", p.line or 0, p.check, p.message))


def problems_table(problems: Iterable[Problem]) -> Table:
    """Return a table of problems: path, line, check, message, fixable."""
    rows = [(p.path, p.line, p.check, p.message, p.fixable) for p in problems]
    return Table(
        ("path", "line", "check", "message", "fixable"),
        rows,
        title=counted(len(rows), "problem") if rows else "no problems",
        terminal_columns=("path", "line", "check", "message"),
    )


def fix_anchors(project: Project) -> dict[str, int]:
    """Write re-anchored offsets and texts into every codings file with moved segments.

    All files are written in one journalled transaction (all or none), holding
    the lock of every codings file, which is read inside the locks. Stale
    segments are kept as they are, for a person to judge.

    Returns:
        Relative codings file path -> number of segments moved, for the files changed.

    Raises:
        Busy: another command holds a codings file.
    """
    with project.lock(*(file_lock(p) for p in coding_files(project))):
        return _fix_anchors(project)


def _fix_anchors(project: Project) -> dict[str, int]:
    context = CheckContext(project)
    fixed: dict[str, int] = {}
    with project.transaction("check --fix") as tx:
        for path, result in context.anchors.items():
            if not result.moved:
                continue
            segs = context.codings[path]
            segments = [*result.current, *result.stale]
            tx.write_text(path, render_coding_file(segs[0].document, segs[0].coder, segments))
            fixed[project.relative(path)] = len(result.moved)
    return fixed


__all__ = [
    "CHECKS",
    "CheckContext",
    "Problem",
    "check_anchors",
    "check_codes",
    "check_documents",
    "check_loading",
    "check_merge_conflicts",
    "fix_anchors",
    "problems_table",
    "run_checks",
]
