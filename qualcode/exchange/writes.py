"""Shared steps of the importers of other tools' files: new codes, documents and codings, written at once.

An importer collects a :class:`Plan` (files to write) and calls
:meth:`Plan.commit`: every file goes in one journalled
:class:`~qualcode.store.atomic.FileTransaction`, under the locks of every file
it writes, so a failure (or a kill) leaves the project as it was. Hold
``project.lock("key", "codebooks", "fieldnotes")`` while planning, so that
what the plan read stays true until it is committed (the CLI does).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.codebook.importing import code_slug
from qualcode.codebook.tree import (
    NAME_PATTERN,
    Codebook,
    load_codebook,
    parse_codebook_text,
    render_codebook_yaml,
)
from qualcode.models import Document, Segment
from qualcode.store import frontmatter, locking
from qualcode.store.codings import CODER_PATTERN, coding_path, read_coding_file, render_coding_file
from qualcode.store.project import Project


def coder_name(raw: str, slug: Any = None) -> str:
    """Return ``raw`` as a coder folder name (``Researcher A`` -> ``researcher-a``), or ``""``.

    Args:
        raw: A user name from another tool.
        slug: A pseudonymiser's ``slug`` method, applied first (a user name may be a real name).
    """
    text = slug(raw.strip()) if slug is not None and raw.strip() else raw.strip()
    name = "-".join(text.lower().split())
    name = "".join(c for c in name if c.isalnum() or c in "._-").strip("-._")
    return name if name and CODER_PATTERN.match(name) else ""


@dataclass
class Plan:
    """Files an import will write.

    Attributes:
        project: The project.
        book: The codebook as it was before the import.
        new_codes: Code path -> node (``name``, ``label``...) to add in a new codebook file.
        codebook_name: The new codebook file's name (without ``.yaml``).
        codebook_comment: Its first-line comment.
        documents: New documents.
        segments: ``(coder, document id)`` -> segments to add (merged with existing ones).
        files: Other files: path -> text (memos).
        warnings: Notes for the user.
    """

    project: Project
    book: Codebook = field(default_factory=Codebook)
    new_codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    codebook_name: str = "imported"
    codebook_comment: str = ""
    documents: list[Document] = field(default_factory=list)
    segments: dict[tuple[str, str], list[Segment]] = field(
        default_factory=lambda: defaultdict(list)
    )
    files: dict[Path, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    codebook_file: Path | None = None

    @classmethod
    def start(cls, project: Project) -> Plan:
        """Return an empty plan with the project's current codebook loaded."""
        return cls(project=project, book=load_codebook(project.codebooks_dir))

    def code(self, raw: str, *, label: str | None = None) -> str:
        """Return the code path for ``raw`` (a tag or code name), planning a new code when needed.

        An existing code is found by path, name, label or alias (no fuzzy
        match); otherwise a top-level code is planned (``Navigation complex``
        becomes ``navigation-complex`` labelled ``Navigation complex``).
        """
        text = raw.strip()
        from qualcode.errors import NotFound

        try:
            return self.book.resolve(text, fuzzy=False)
        except NotFound:
            pass
        parts = [p.strip() for p in text.split("/") if p.strip()] or ["code"]
        names = [p if NAME_PATTERN.match(p) else code_slug(p) for p in parts]
        path = "/".join(names)
        if path in self.book.codes:
            return path
        for depth in range(1, len(names) + 1):
            sub = "/".join(names[:depth])
            if sub not in self.new_codes and sub not in self.book.codes:
                node: dict[str, Any] = {"name": names[depth - 1]}
                shown = label if depth == len(names) and label else parts[depth - 1]
                if shown != names[depth - 1]:
                    node["label"] = shown
                self.new_codes[sub] = node
        return path

    def add(self, segment: Segment) -> None:
        """Plan one segment."""
        self.segments[(segment.coder, segment.document)].append(segment)

    def _codebook_text(self) -> tuple[Path, str] | None:
        if not self.new_codes:
            return None
        roots: list[dict[str, Any]] = []
        nodes = {path: dict(node) for path, node in self.new_codes.items()}
        for path in sorted(nodes, key=lambda p: p.count("/")):
            parent = path.rsplit("/", 1)[0] if "/" in path else None
            if parent is None:
                roots.append(nodes[path])
            elif parent in nodes:
                nodes[parent].setdefault("children", []).append(nodes[path])
            else:
                from qualcode.errors import InvalidData

                raise InvalidData(
                    f"the new code {path!r} would go under {parent!r}, which another codebook "
                    "file defines",
                    hint=f"add it first with 'qualcode codebook add {path}'",
                )
        base = code_slug(self.codebook_name)
        folder = self.project.codebooks_dir
        target, number = folder / f"{base}.yaml", 2
        while target.exists():
            target, number = folder / f"{base}-{number}.yaml", number + 1
        text = render_codebook_yaml(roots, comment=self.codebook_comment or None)
        codes: dict[str, Any] = {}
        seen: dict[str, tuple[Path, int]] = {}
        for existing in self.book.files:
            parse_codebook_text(existing.read_text(encoding="utf-8"), existing, codes, seen)
        parse_codebook_text(text, target, codes, seen)
        return target, text

    def writes(self) -> dict[Path, str]:
        """Return every file the plan writes, path -> text."""
        out: dict[Path, str] = {}
        codebook = self._codebook_text()
        if codebook is not None:
            self.codebook_file = codebook[0]
            out[codebook[0]] = codebook[1]
        for doc in self.documents:
            path = doc.path or self.project.document_path(doc.id, doc.kind)
            out[path] = frontmatter.render(doc.front_matter(), doc.body)
        for (coder, doc_id), segments in sorted(self.segments.items()):
            path = coding_path(self.project, coder, doc_id)
            existing = read_coding_file(path) if path.is_file() else []
            out[path] = render_coding_file(doc_id, coder, [*existing, *segments])
        out.update(self.files)
        return out

    def commit(self, *, dry_run: bool = False) -> list[str]:
        """Write every planned file in one transaction; return them relative to the project.

        Raises:
            InvalidData: a new code clashes with the codebook (both files named).
        """
        with self.project.lock(*self.locks()):  # existing codings are re-read inside
            files = self.writes()
            if not dry_run:
                with self.project.transaction("import-project") as tx:
                    for path, text in files.items():
                        tx.write_text(path, text)
        return sorted(self.project.relative(p) for p in files)

    def locks(self) -> list[str]:
        """Return the locks of every file the plan may write (see :mod:`qualcode.store.locking`)."""
        names = {locking.CODEBOOK, locking.DOCUMENTS}
        names |= {locking.codings(coder, doc_id) for coder, doc_id in self.segments}
        for path in self.files:
            name = locking.name_for(self.project.root, path)
            if name is not None:
                names.add(name)
        return sorted(names)

    def segment_count(self) -> int:
        """Return the number of planned segments (after collapsing duplicates)."""
        return sum(len({(s.code, s.start, s.end) for s in v}) for v in self.segments.values())


def line_spans(body: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each line of ``body`` without its ``\\n`` (line 1 first)."""
    spans = []
    position = 0
    for line in body.split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    if body.endswith("\n"):
        spans.pop()
    return spans


__all__ = ["Plan", "coder_name", "line_spans"]
