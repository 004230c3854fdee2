"""Edits of the codebook that carry every coding along: add, rename, move, merge, remove.

Each edit rewrites the codebook file(s) with ruamel.yaml's round-trip mode, so
the researcher's comments, key order, quoting and folded text survive, and
rewrites every coder's codings file (``codings/*/*.yaml``) and memo
(``memos/*.md``) that uses an affected path. All files change in one
:class:`~qualcode.store.atomic.FileTransaction` journalled in
``.qualcode/journal/``: either every file is updated or none is, even if the
command is killed half-way. The new codebook is validated as a whole before
anything is written. An edit holds the codebook lock from before it reads the
codebook, and the locks of every codings file and of the memos it may rewrite
from before it reads them (:mod:`qualcode.store.locking`).

A code given to an edit is resolved without fuzzy matching (exact path, leaf
name, label, alias or path suffix): a typo must never rename or delete the
wrong code. Running a rename a second time changes nothing and says so; a
merge or rename whose source code is unknown (and used by no coding) is an
error listing the closest paths. A rename onto an existing code is refused
unless the source is a bare code (no children, label, definition...), which is
then merged (a misspelt ``stres`` renamed to ``stress``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from qualcode.codebook.tree import (
    FUZZY_CUTOFF,
    NAME_PATTERN,
    Codebook,
    codebook_files,
    fold,
    load_codebook,
    parse_codebook_text,
)
from qualcode.codebook.yaml_roundtrip import (
    CodebookFile,
    append_before_first,
    append_following,
    children_key,
    name_of,
    pop_following,
    shorthand_key,
)
from qualcode.errors import AlreadyExists, InvalidArgument, InvalidData, NotFound
from qualcode.store import locking
from qualcode.store.codings import coding_files, file_lock, read_coding_file, render_coding_file
from qualcode.store.memos import recode_memo_texts
from qualcode.store.project import Project

DEFAULT_FILE = "codebook.yaml"

P = ParamSpec("P")
R = TypeVar("R")


def _locked(edit: Callable[P, R]) -> Callable[P, R]:
    """Run an edit holding the codebook lock (its first argument is the project)."""

    @functools.wraps(edit)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        project = args[0]
        assert isinstance(project, Project)
        with project.lock(locking.CODEBOOK):
            return edit(*args, **kwargs)

    return wrapper


# Maps an old code path to its new path, None to drop the segment, or itself.
Recode = Callable[[str], str | None]


@dataclass
class EditResult:
    """What an edit did (or, with ``dry_run``, would do).

    Attributes:
        summary: One line for the user, e.g. ``renamed trust -> confidence
            (2 codes, 14 segments in 3 files)``.
        changed: Files written or deleted, relative to the project root.
        segments: Segments whose code changed or that were dropped.
        collapsed: Segments that became duplicates of another (same coder,
            document, span and code) and were collapsed into it.
        noop: True when nothing needed changing.
        warnings: Notes for the user, e.g. a file whose layout could not be
            kept exactly.
    """

    summary: str
    changed: list[str] = field(default_factory=list)
    segments: int = 0
    collapsed: int = 0
    noop: bool = False
    warnings: list[str] = field(default_factory=list)


def _check_name(name: str) -> str:
    if not NAME_PATTERN.match(name):
        raise InvalidArgument(
            f"invalid code name {name!r}",
            hint="use lower-case letters, digits, '-' and '_'; put the display name in --label",
        )
    return name


class _Session:
    """The codebook and its files, loaded once for one edit."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.book: Codebook = load_codebook(project.codebooks_dir)
        self.docs: dict[Path, CodebookFile] = {}

    def doc(self, path: Path) -> CodebookFile:
        if path not in self.docs:
            self.docs[path] = CodebookFile(path)
        return self.docs[path]

    def locate(self, code_path: str) -> tuple[Any, int]:
        """Return (the sequence holding the code's node, its index)."""
        code = self.book.codes[code_path]
        assert code.file is not None
        seq = self.doc(code.file).top()
        parts = code_path.split("/")
        for depth, part in enumerate(parts):
            index = next(i for i, item in enumerate(seq) if name_of(item) == part)
            if depth == len(parts) - 1:
                return seq, index
            seq = seq[index][children_key(seq[index])]
        raise AssertionError("unreachable")  # pragma: no cover

    def node(self, code_path: str) -> Any:
        """Return the code's node as a mapping (a bare-string node is converted)."""
        from ruamel.yaml.comments import CommentedMap

        seq, index = self.locate(code_path)
        item = seq[index]
        short = shorthand_key(item)
        if short is not None:
            children = item[short]
            item = CommentedMap([("name", short)])
            if children is not None:
                item["children"] = children
            seq[index] = item
        elif not isinstance(item, dict):
            item = CommentedMap([("name", str(item))])
            seq[index] = item
        return item

    def children_of(self, code_path: str | None, default_file: Path) -> Any:
        """Return the sequence new children of ``code_path`` go into (created if missing)."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if code_path is None:
            return self.doc(default_file).top()
        seq, index = self.locate(code_path)
        code = self.book.codes[code_path]
        if isinstance(seq[index], str) and code.file and self.doc(code.file).shorthand:
            seq[index] = CommentedMap([(seq[index], CommentedSeq())])
        short = shorthand_key(seq[index])
        if short is not None:  # keep the shorthand style
            if seq[index][short] is None:
                seq[index][short] = CommentedSeq()
            self._unflow(code_path)
            return seq[index][short]
        node = self.node(code_path)
        if node.get("children") is None:
            node["children"] = CommentedSeq()
        self._unflow(code_path)
        return node["children"]

    def _unflow(self, code_path: str) -> None:
        """Turn flow-style nodes down to ``code_path`` (and its children) into block style.

        Block-style children can then go below it: in a flow context
        ruamel.yaml would garble block scalars and comments.
        """
        parts = code_path.split("/")
        for depth in range(1, len(parts) + 1):
            seq, index = self.locate("/".join(parts[:depth]))
            item = seq[index]
            for collection in (
                item,
                item.get(children_key(item)) if isinstance(item, dict) else None,
            ):
                if hasattr(collection, "fa") and collection.fa.flow_style():
                    collection.fa.set_block_style()

    def detach(self, code_path: str, following: str | None = None) -> Any:
        """Remove the code's node (and subtree) from its file; return the node.

        Blank and comment lines that follow the node belong to the next item
        (ruamel.yaml attaches them to the node's last line); they stay in the
        file, attached to whatever now precedes them. ``following`` gives
        those lines when the caller has already taken them off the node.
        """
        seq, index = self.locate(code_path)
        if following is None:
            following = pop_following(seq, index)
        item = seq.pop(index)
        parent = self.book.codes[code_path].parent
        if parent is not None and len(seq) == 0:
            parent_seq, parent_index = self.locate(parent)
            parent_item = parent_seq[parent_index]
            if shorthand_key(parent_item) is not None:
                parent_seq[parent_index] = shorthand_key(parent_item)
            elif parent_item.get("children") is not None and len(parent_item["children"]) == 0:
                del parent_item["children"]
        if following:
            self._restore_following(code_path, seq, index, following)
        return item

    def _restore_following(self, code_path: str, seq: Any, index: int, text: str) -> None:
        """Put the lines that followed a removed node after what now precedes them."""
        parent = self.book.codes[code_path].parent
        if index > 0:
            append_following(seq, index - 1, text)
        elif len(seq) and parent is not None:  # above the new first child
            parent_seq, parent_index = self.locate(parent)
            node = parent_seq[parent_index]
            append_before_first(node, children_key(node), seq, text)
        elif len(seq):  # above the new first top-level code
            data = self.doc(self.book.codes[code_path].file or self.default_file()).data
            append_before_first(data if isinstance(data, dict) else None, "codes", seq, text)
        elif parent is not None:  # the parent lost its last child
            parent_seq, parent_index = self.locate(parent)
            append_following(parent_seq, parent_index, text)

    def default_file(self) -> Path:
        files = codebook_files(self.project.codebooks_dir)
        return files[0] if files else self.project.codebooks_dir / DEFAULT_FILE

    def segment_use(self, recode_paths: Callable[[str], bool]) -> tuple[int, list[str]]:
        """Return (segments, sorted coders) whose code satisfies ``recode_paths``."""
        count, who = 0, set()
        for path in coding_files(self.project):
            for seg in read_coding_file(path):
                if recode_paths(seg.code):
                    count += 1
                    who.add(seg.coder)
        return count, sorted(who)

    def commit(self, recode: Recode | None, summary: str, *, dry_run: bool) -> EditResult:
        """Validate the new codebook, recode the codings, and write everything at once."""
        texts: dict[Path, str] = {}
        warnings = []
        for path, doc in self.docs.items():
            text = doc.text()
            if text != doc.original:
                texts[path] = text
                if not doc.exact and doc.original.strip():
                    warnings.append(
                        f"{self.project.relative(path)}: spacing outside the edited code "
                        "may have been normalised (the YAML layout could not be kept exactly)"
                    )
        self._validate(texts)
        if recode is None:
            return self._write(texts, {}, summary, 0, 0, warnings, dry_run)
        files = coding_files(self.project)
        with self.project.lock(*(file_lock(p) for p in files), locking.MEMOS):
            return self._recode(texts, recode, summary, warnings, dry_run)

    def _recode(
        self,
        texts: dict[Path, str],
        recode: Recode,
        summary: str,
        warnings: list[str],
        dry_run: bool,
    ) -> EditResult:
        coding_texts: dict[Path, str | None] = {}
        changed_segments = collapsed = 0
        for path in coding_files(self.project):
            segments = read_coding_file(path)
            new = []
            touched = 0
            for seg in segments:
                code = recode(seg.code)
                if code != seg.code:
                    touched += 1
                if code is not None:
                    new.append(seg if code == seg.code else _with_code(seg, code))
            if not touched:
                continue
            changed_segments += touched
            unique = {(s.code, s.start, s.end) for s in new}
            collapsed += len(new) - len(unique)
            document = segments[0].document if segments else path.stem
            coder = segments[0].coder if segments else path.parent.name
            coding_texts[path] = render_coding_file(document, coder, new) if new else None
        # memos follow their code (memos/*.md, qualcode.store.memos)
        coding_texts.update(recode_memo_texts(self.project, recode))
        return self._write(
            texts, coding_texts, summary, changed_segments, collapsed, warnings, dry_run
        )

    def _write(
        self,
        texts: dict[Path, str],
        coding_texts: dict[Path, str | None],
        summary: str,
        changed_segments: int,
        collapsed: int,
        warnings: list[str],
        dry_run: bool,
    ) -> EditResult:
        changed = sorted(
            str(self.project.relative(p)) for p in (*texts.keys(), *coding_texts.keys())
        )
        if not dry_run:
            with self.project.transaction(f"codebook: {summary}") as tx:
                for path, text in texts.items():
                    tx.write_text(path, text)
                for path, maybe in coding_texts.items():
                    if maybe is None:
                        tx.delete(path)
                    else:
                        tx.write_text(path, maybe)
        return EditResult(summary, changed, changed_segments, collapsed, warnings=warnings)

    def _validate(self, texts: dict[Path, str]) -> None:
        files = sorted(set(codebook_files(self.project.codebooks_dir)) | set(texts))
        codes: dict[str, Any] = {}
        origin: dict[str, tuple[Path, int]] = {}
        for path in files:
            text = texts.get(path)
            if text is None:
                text = path.read_text(encoding="utf-8")
            parse_codebook_text(text, path, codes, origin)


def _with_code(seg: Any, code: str) -> Any:
    from dataclasses import replace

    return replace(seg, code=code)


def _prefix_recode(old: str, new: str | None) -> Recode:
    """Return a recode moving ``old`` and every path below it to ``new`` (None drops them)."""

    def recode(code: str) -> str | None:
        if code == old:
            return new
        if code.startswith(old + "/"):
            return None if new is None else new + code[len(old) :]
        return code

    return recode


def _collapse_recode(old: str, new: str) -> Recode:
    """Return a recode moving ``old`` and every path below it onto exactly ``new``."""

    def recode(code: str) -> str | None:
        return new if code == old or code.startswith(old + "/") else code

    return recode


def _under(path: str) -> Callable[[str], bool]:
    return lambda code: code == path or code.startswith(path + "/")


def _counts(result: EditResult) -> str:
    parts = [f"{result.segments} segment{'s' if result.segments != 1 else ''}"]
    if result.collapsed:
        parts.append(
            f"{result.collapsed} duplicate{'s' if result.collapsed != 1 else ''} collapsed"
        )
    files = len(result.changed)
    parts.append(f"{files} file{'s' if files != 1 else ''} changed")
    return ", ".join(parts)


def _finish(result: EditResult, dry_run: bool) -> EditResult:
    result.summary = f"{result.summary} ({_counts(result)})"
    if dry_run:
        result.summary = "dry run: " + result.summary.replace(" changed)", " would change)")
    return result


@_locked
def add_code(
    project: Project,
    path: str,
    *,
    label: str | None = None,
    description: str | None = None,
    keywords: Iterable[str] = (),
    parents: bool = False,
    file: str | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Add the code ``path`` (e.g. ``c-factor/confianza``) to the codebook.

    The code goes at the end of its parent's children, in the parent's file; a
    top-level code goes into ``codebooks/<file>.yaml`` (default: the first
    codebook file, or ``codebooks/codebook.yaml`` in a new project).

    Args:
        project: The project.
        path: The new code's full path; every segment must be a valid name.
        label: Display label.
        description: Definition.
        keywords: Keywords for auto-coding.
        parents: Create missing ancestors too (like ``mkdir -p``).
        file: Codebook file name (without ``.yaml``) for a new top-level code.
        dry_run: Check and report, write nothing.

    Raises:
        InvalidArgument: a path segment is not a valid name, or is empty
            (``x//``, ``/lead``).
        AlreadyExists: the code exists.
        NotFound: the parent does not exist and ``parents`` is False.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    session = _Session(project)
    raw = path.strip()
    if not raw or any(not part for part in raw.split("/")):
        raise InvalidArgument(
            f"malformed code path {path!r}: empty segment (a leading, trailing or doubled '/')",
            hint="write the path as names joined by single '/', e.g. c-factor/confianza",
        )
    parts = [_check_name(p) for p in raw.split("/")]
    path = "/".join(parts)
    if path in session.book:
        raise AlreadyExists(f"code {path!r} already exists", hint="choose another name")
    existing = None
    for depth in range(len(parts) - 1, 0, -1):
        candidate = "/".join(parts[:depth])
        if candidate in session.book:
            existing = candidate
            break
    missing = parts[len(existing.split("/")) if existing else 0 :]
    if len(missing) > 1 and not parents:
        parent = "/".join(parts[:-1])
        raise NotFound(
            f"parent code {parent!r} does not exist",
            hint="add it first, or pass --parents to create it too",
        )
    if existing is not None:
        target_file = session.book.codes[existing].file or session.default_file()
    elif file:
        target_file = project.codebooks_dir / f"{_check_name(file)}.yaml"
    else:
        target_file = session.default_file()
    seq = session.children_of(existing, target_file)
    node: Any = CommentedMap([("name", parts[-1])])
    if label:
        node["label"] = label
    if description:
        node["description"] = description
    words = [k.strip() for k in keywords if k.strip()]
    if words:
        flow = CommentedSeq(words)
        flow.fa.set_flow_style()
        node["keywords"] = flow
    bare_siblings = len(seq) and all(isinstance(i, str) for i in seq)
    if len(node) == 1 and (bare_siblings or session.doc(target_file).shorthand):
        node = parts[-1]  # keep the style of the siblings or of the file
    for name in reversed(missing[:-1]):
        if session.doc(target_file).shorthand:
            node = CommentedMap([(name, CommentedSeq([node]))])
        else:
            node = CommentedMap([("name", name), ("children", CommentedSeq([node]))])
    seq.append(node)
    created = f" and {len(missing) - 1} parent(s)" if len(missing) > 1 else ""
    result = session.commit(None, f"added {path}{created}", dry_run=dry_run)
    return _finish(result, dry_run)


@_locked
def rename_code(project: Project, ref: str, new_name: str, *, dry_run: bool = False) -> EditResult:
    """Rename the last segment of a code's path; every descendant's path follows.

    Renaming onto an existing sibling is a merge (see :func:`merge_codes`),
    as when a misspelt ``stres`` is renamed to an existing ``stress``, but only
    when the source has nothing a merge would drop (children, label,
    description, include, exclude, examples, aliases, colour).

    Args:
        project: The project.
        ref: The code (path, leaf name, label or alias; no fuzzy matching).
        new_name: The new last segment (a valid name, no ``/``).
        dry_run: Check and report, write nothing.

    Returns:
        The result; ``noop`` when the code already has that name or no longer
        exists while a code named ``new_name`` does (a repeated rename).

    Raises:
        InvalidArgument: ``new_name`` is not a valid name.
        NotFound: the code is unknown (the closest paths are listed).
        AlreadyExists: a sibling called ``new_name`` exists and the source has
            children or content a merge would drop.
    """
    if "/" in new_name:
        raise InvalidArgument(
            "the new name is one path segment", hint="use 'qualcode codebook move' to change parent"
        )
    from ruamel.yaml.comments import CommentedMap

    _check_name(new_name)
    session = _Session(project)
    try:
        source = session.book.resolve(ref, fuzzy=False)
    except NotFound as exc:
        done = _already_there(session.book, ref, new_name)
        if done:
            return EditResult(
                f"nothing to do: no code {ref!r}; {done} exists (already renamed?)", noop=True
            )
        if _already_there(session.book, ref, new_name, near_only=False):
            exc.hint = f"if {ref!r} was already renamed to {new_name}, there is nothing left to do"
        raise
    parent = session.book.codes[source].parent
    new_path = f"{parent}/{new_name}" if parent else new_name
    if new_path == source:
        return EditResult(f"nothing to do: {source} is already called {new_name}", noop=True)
    if new_path in session.book:
        kept = _would_lose(session.book, source)
        if kept:
            raise AlreadyExists(
                f"code {new_path!r} already exists; "
                f"use 'qualcode codebook merge {source} {new_path}'",
                hint=f"a rename never drops {source}'s {kept}; "
                "choose a new name, or merge to fold it into the existing code",
            )
        result = merge_codes(project, source, new_path, dry_run=dry_run, verb="merged")
        result.summary = result.summary.replace(
            f"merged {source} -> {new_path}",
            f"merged {source} into the existing {new_path} (rename onto an existing code)",
            1,
        )
        return result
    seq, index = session.locate(source)
    short = shorthand_key(seq[index])
    if short is not None:
        seq[index] = CommentedMap([(new_name, seq[index][short])])
    elif isinstance(seq[index], dict):
        seq[index]["name"] = new_name
    else:
        seq[index] = new_name  # a bare-name code stays a bare name
    moved = len(session.book.descendants(source))
    result = session.commit(
        _prefix_recode(source, new_path),
        f"renamed {source} -> {new_path}"
        + (f" with {moved - 1} descendant(s)" if moved > 1 else ""),
        dry_run=dry_run,
    )
    return _finish(result, dry_run)


def _would_lose(book: Codebook, path: str, *, children: bool = True) -> str:
    """Return what a merge of ``path`` would drop from the codebook ('' when nothing).

    Keywords are not listed: a merge adds them to the target. With
    ``children`` False, child codes are not listed either.
    """
    code = book.codes[path]
    lost = []
    if children and book.children(path):
        lost.append("child codes (" + ", ".join(c.path for c in book.children(path)) + ")")
    if code.label and code.label != code.name:
        lost.append("label")
    for what in ("description", "include", "exclude", "examples", "aliases", "color"):
        if getattr(code, what):
            lost.append("colour" if what == "color" else what)
    return ", ".join(lost)


def _resolved(book: Codebook, ref: str) -> str | None:
    try:
        return book.resolve(ref, fuzzy=False)
    except NotFound:
        return None


def _already_there(
    book: Codebook, ref: str, new_name: str, *, near_only: bool = True
) -> str | None:
    """Return the path a repeated rename already produced, if it exists.

    Only a near miss counts (``stres`` renamed to ``stress`` a second time): a
    rename of an unrelated unknown code onto an existing one is an error.
    """
    from rapidfuzz import fuzz

    ref = ref.strip().strip("/")
    if near_only and fuzz.ratio(fold(ref.rsplit("/", 1)[-1]), new_name) < FUZZY_CUTOFF:
        return None
    if "/" in ref:
        candidate = ref.rsplit("/", 1)[0] + "/" + new_name
        return candidate if candidate in book else None
    matches = [c.path for c in book if c.name == new_name]
    return matches[0] if len(matches) == 1 else None


@_locked
def move_code(
    project: Project, ref: str, new_parent: str | None, *, dry_run: bool = False
) -> EditResult:
    """Move a code (with its subtree) under ``new_parent``, or to the top level when None.

    Args:
        project: The project.
        ref: The code to move.
        new_parent: The new parent code, or None (or ``/``) for the top level.
        dry_run: Check and report, write nothing.

    Raises:
        NotFound: an unknown code.
        InvalidArgument: moving a code under itself or its own descendant.
        AlreadyExists: the new parent already has a child of that name.
    """
    session = _Session(project)
    book = session.book
    source = book.resolve(ref, fuzzy=False)
    target = None
    if new_parent is not None and new_parent.strip().strip("/"):
        target = book.resolve(new_parent, fuzzy=False)
        if target == source or target.startswith(source + "/"):
            raise InvalidArgument(f"cannot move {source} under itself ({target})")
    name = book.codes[source].name
    new_path = f"{target}/{name}" if target else name
    if new_path == source:
        where = f"under {target}" if target else "at the top level"
        return EditResult(f"nothing to do: {source} is already {where}", noop=True)
    if new_path in book:
        raise AlreadyExists(
            f"{new_path!r} already exists",
            hint=f"to combine them use 'qualcode codebook merge {source} {new_path}'",
        )
    source_file = book.codes[source].file or session.default_file()
    # Lines after a block belong to what comes next: take them off the moved
    # node and off the block it joins, and put them back after the edit.
    seq, index = session.locate(source)
    node = seq[index]
    following = pop_following(seq, index)
    if target is not None:
        target_seq, target_index = session.locate(target)
    else:
        target_seq = session.doc(source_file).top()
        target_index = len(target_seq) - 1
    after_target = pop_following(target_seq, target_index) if len(target_seq) else ""
    session.children_of(target, source_file).append(node)
    if after_target:
        append_following(target_seq, target_index, after_target)
    session.detach(source, following)
    result = session.commit(
        _prefix_recode(source, new_path), f"moved {source} -> {new_path}", dry_run=dry_run
    )
    return _finish(result, dry_run)


@_locked
def merge_codes(
    project: Project,
    source_ref: str,
    target_ref: str,
    *,
    dry_run: bool = False,
    verb: str = "merged",
) -> EditResult:
    """Merge ``source`` into ``target``: its codings (and its descendants') move to ``target``.

    A span that a coder coded with both collapses into one segment (a memo is
    kept). ``source`` and its subtree leave the codebook; its keywords are
    added to ``target``'s. A source that is not in the codebook but still used
    by codings (an orphan, see ``codebook check``) has those codings moved.

    Args:
        project: The project.
        source_ref: The code to merge away.
        target_ref: The code that stays.
        dry_run: Check and report, write nothing.
        verb: First word of the summary.

    Returns:
        The result; the summary lists the descendants folded in and what of
        the source's definition was dropped.

    Raises:
        NotFound: unknown target, or a source that is neither in the codebook
            nor used by any coding (the closest paths are listed).
        InvalidArgument: the target is the source or lies inside its subtree.
    """
    from ruamel.yaml.comments import CommentedSeq

    session = _Session(project)
    book = session.book
    target = book.resolve(target_ref, fuzzy=False)
    try:
        source = book.resolve(source_ref, fuzzy=False)
    except NotFound:
        source = source_ref.strip().strip("/")
        used, _ = session.segment_use(_under(source))
        if not used:
            near = ", ".join(p for p, _ in book.closest(source))
            raise NotFound(
                f"no code {source!r} in the codebook, and no coding uses it"
                + (f"; closest: {near}" if near else ""),
                hint=f"give the full code path (if {source!r} was already merged into "
                f"{target}, there is nothing left to do)",
            ) from None
        result = session.commit(
            _collapse_recode(source, target),
            f"{verb} undefined {source} -> {target}",
            dry_run=dry_run,
        )
        return _finish(result, dry_run)
    if source == target:
        raise InvalidArgument(
            f"cannot merge {source} into itself",
            hint="give a different target code",
        )
    if target.startswith(source + "/"):
        raise InvalidArgument(
            f"cannot merge {source} into its own descendant {target}",
            hint=f"move {target} out first: qualcode codebook move {target} /",
        )
    extra = [k for k in book.codes[source].keywords if k not in book.codes[target].keywords]
    session.detach(source)
    if extra:
        node = session.node(target)
        if node.get("keywords") is None:
            node["keywords"] = CommentedSeq()
            node["keywords"].fa.set_flow_style()
        elif not isinstance(node["keywords"], list):
            node["keywords"] = CommentedSeq([node["keywords"]])
        node["keywords"].extend(extra)
    folded = book.descendants(source, include_self=False)
    note = f"; folded in {len(folded)} descendant(s): {', '.join(folded)}" if folded else ""
    if extra:
        note += f"; {len(extra)} keyword(s) added to {target}"
    dropped = _would_lose(book, source, children=False)
    if dropped:
        note += f"; {source}'s {dropped} dropped"
    result = session.commit(
        _collapse_recode(source, target),
        f"{verb} {source} -> {target}{note}",
        dry_run=dry_run,
    )
    return _finish(result, dry_run)


@_locked
def remove_code(
    project: Project,
    ref: str,
    *,
    reassign: str | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> EditResult:
    """Remove a code and its subtree from the codebook.

    Args:
        project: The project.
        ref: The code to remove.
        reassign: Move its codings to this code first (a merge).
        force: Delete its codings (and its descendants') too.
        dry_run: Check and report, write nothing.

    Raises:
        NotFound: unknown code.
        InvalidData: codings use the code (or a descendant) and neither
            ``reassign`` nor ``force`` was given; nothing is changed.
    """
    if reassign:
        book = load_codebook(project.codebooks_dir)
        try:
            source = book.resolve(ref, fuzzy=False)
        except NotFound:  # an undefined code still used by codings: merge handles it
            source = ref.strip().strip("/")
        if source in (reassign.strip().strip("/"), _resolved(book, reassign)):
            raise InvalidArgument(
                f"cannot reassign the codings of {source} to {source} itself",
                hint="give another code to --reassign, or use --force to delete the codings",
            )
        return merge_codes(project, ref, reassign, dry_run=dry_run, verb="removed (reassigned)")
    session = _Session(project)
    source = session.book.resolve(ref, fuzzy=False)
    used, who = session.segment_use(_under(source))
    if used and not force:
        raise InvalidData(
            f"{used} segment{'s' if used != 1 else ''} by {', '.join(who)} use {source} "
            "or a code below it",
            hint="pass --reassign TARGET to move them, or --force to delete them",
        )
    subtree = len(session.book.descendants(source)) - 1
    session.detach(source)
    result = session.commit(
        _prefix_recode(source, None) if used else None,
        f"removed {source}" + (f" with {subtree} descendant(s)" if subtree else ""),
        dry_run=dry_run,
    )
    return _finish(result, dry_run)


__all__ = ["EditResult", "add_code", "merge_codes", "move_code", "remove_code", "rename_code"]
