"""The project's coders: who they are, adding one, renaming one across every file.

A coder is a name (letters, digits, ``.``, ``-``, ``_``) that appears in
three places, all plain files a team keeps in git:

* ``coders:`` in ``qualcode.yaml`` (the known coders; ``default_coder`` may name one);
* ``codings/<coder>/<document>.yaml``, whose ``coder:`` field repeats the name;
* ``fieldnotes/surveys/<survey>/codings/<coder>.csv`` (codes on open answers);
* ``author:`` in the front matter of analytic memos, ``memos/*.md``.

:func:`rename_coder` changes all of them in one journalled
:class:`~qualcode.store.atomic.FileTransaction` (all files or none, even if
killed), holding the locks of every file it reads and rewrites (and the
codebook lock, which every command creating a codings file holds), and moves
the coder's private tagging state in ``.qualcode/tagging/<coder>/`` after it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from qualcode.errors import AlreadyExists, InvalidArgument, NotFound
from qualcode.store import locking, yamlio
from qualcode.store.codings import check_coder, read_coding_file, render_coding_file
from qualcode.store.project import Project
from qualcode.table import Table

SURVEY_CODINGS = "codings"
"""The folder of a survey holding one ``<coder>.csv`` per coder (as in :mod:`qualcode.survey.store`)."""


@dataclass(frozen=True)
class CoderInfo:
    """One coder of the project and what they have coded.

    Attributes:
        name: The coder's name.
        listed: Whether ``qualcode.yaml`` lists them under ``coders``.
        default: Whether they are ``default_coder``.
        documents: Documents with a codings file of theirs.
        segments: Segments in those files.
        surveys: Surveys with a codings file of theirs.
        memos: Analytic memos they wrote (``author``).
    """

    name: str
    listed: bool
    default: bool
    documents: int
    segments: int
    surveys: int
    memos: int = 0


def listed_coders(project: Project) -> list[str]:
    """Return the ``coders`` of ``qualcode.yaml``, in their order (names only)."""
    value = project.settings.get("coders") or []
    if isinstance(value, str):
        value = [value]
    return [str(c) for c in value] if isinstance(value, list) else []


def _coder_folders(project: Project) -> list[Path]:
    if not project.codings_dir.is_dir():
        return []
    return sorted(
        p for p in project.codings_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def survey_codings_files(project: Project, coder: str | None = None) -> list[Path]:
    """Return the survey codings files (of one coder, or all), sorted."""
    if not project.surveys_dir.is_dir():
        return []
    pattern = f"{coder}.csv" if coder else "*.csv"
    return sorted(project.surveys_dir.glob(f"*/{SURVEY_CODINGS}/{pattern}"))


def list_coders(project: Project) -> list[CoderInfo]:
    """Return every coder: those listed in ``qualcode.yaml`` (in order), then the others, sorted.

    Raises:
        InvalidData: a malformed codings file.
    """
    listed = listed_coders(project)
    default = project.settings.get("default_coder")
    files: dict[str, list[Path]] = {
        p.name: sorted(p.glob("*.yaml")) for p in _coder_folders(project)
    }
    surveys: dict[str, int] = {}
    for path in survey_codings_files(project):
        surveys[path.stem] = surveys.get(path.stem, 0) + 1
    from qualcode.store.memos import load_memos

    memos: dict[str, int] = {}
    for memo in load_memos(project):
        if memo.author:
            memos[memo.author] = memos.get(memo.author, 0) + 1
    names = list(dict.fromkeys(listed))
    names += sorted((set(files) | set(surveys) | set(memos)) - set(names))
    if default and str(default) not in names:
        names.append(str(default))
    infos = []
    for name in names:
        paths = files.get(name, [])
        infos.append(
            CoderInfo(
                name=name,
                listed=name in listed,
                default=name == default,
                documents=len(paths),
                segments=sum(len(read_coding_file(p)) for p in paths),
                surveys=surveys.get(name, 0),
                memos=memos.get(name, 0),
            )
        )
    return infos


def coders_table(infos: list[CoderInfo]) -> Table:
    """Return the coders as a table.

    Columns: ``coder``, ``listed``, ``default``, ``documents``, ``segments``,
    ``surveys``, ``memos``.
    """
    rows = [
        (i.name, i.listed, i.default, i.documents, i.segments, i.surveys, i.memos) for i in infos
    ]
    return Table(
        ("coder", "listed", "default", "documents", "segments", "surveys", "memos"),
        rows,
        title="Coders",
        notes=(
            "listed: named under 'coders' in qualcode.yaml; documents and surveys: "
            "with a codings file of this coder; memos: analytic memos they wrote.",
        ),
    )


def add_coder(project: Project, name: str, *, default: bool = False) -> bool:
    """List ``name`` under ``coders`` in ``qualcode.yaml`` (and make it the default coder if asked).

    Returns:
        False when nothing changed (already listed, and already default if asked).

    Raises:
        InvalidArgument: not a valid coder name.
    """
    check_coder(name)
    with project.lock(locking.SETTINGS):  # qualcode.yaml is re-read inside the lock
        project.reload_settings()
        listed = listed_coders(project)
        changed = False
        if name not in listed:
            project.settings["coders"] = [*listed, name]
            changed = True
        if default and project.settings.get("default_coder") != name:
            project.settings["default_coder"] = name
            changed = True
        if changed:
            project.save_settings()
    return changed


@dataclass(frozen=True)
class Rename:
    """What :func:`rename_coder` changed.

    Attributes:
        old: The old name.
        new: The new name.
        documents: Codings files moved (and their ``coder:`` rewritten).
        surveys: Survey codings files moved.
        settings: Whether ``qualcode.yaml`` changed.
        memos: Memo files whose ``author`` changed.
    """

    old: str
    new: str
    documents: int
    surveys: int
    settings: bool
    memos: int = 0


def rename_coder(project: Project, old: str, new: str) -> Rename:
    """Rename a coder in ``qualcode.yaml``, codings files, survey codings files and memo authors.

    Every file is written in one transaction (all or none); the ``coder:``
    field of each moved codings file is rewritten; the old folder is removed
    when empty; private tagging state follows.

    Raises:
        InvalidArgument: a bad new name, or the same name twice.
        NotFound: ``old`` is not a coder of the project.
        AlreadyExists: ``new`` already has codings (rename it first, or merge by hand).
    """
    check_coder(new)
    if old == new:
        raise InvalidArgument(f"{old!r} is already called {new!r}")
    with project.lock(locking.SETTINGS, locking.CODEBOOK, locking.MEMOS):
        project.reload_settings()
        coding_files = [
            p for c in (old, new) for p in sorted((project.codings_dir / c).glob("*.yaml"))
        ]
        surveys = sorted(
            {p.parent.parent.name for c in (old, new) for p in survey_codings_files(project, c)}
        )
        with project.lock(
            *(locking.codings(p.parent.name, p.stem) for p in coding_files),
            *(locking.survey(name) for name in surveys),
        ):
            return _rename_coder(project, old, new)


def _rename_coder(project: Project, old: str, new: str) -> Rename:
    known = {i.name for i in list_coders(project)}
    if old not in known:
        raise NotFound(
            f"no coder {old!r}",
            hint="coders: " + (", ".join(sorted(known)) or "none yet"),
        )
    old_folder = project.codings_dir / old
    new_folder = project.codings_dir / new
    if (new_folder.is_dir() and any(new_folder.iterdir())) or survey_codings_files(project, new):
        raise AlreadyExists(
            f"coder {new!r} already has codings",
            path=new_folder if new_folder.is_dir() else None,
            hint="choose another name; two coders' codings are never merged silently",
        )
    moved_docs = 0
    moved_surveys = 0
    memos = 0
    settings_changed = False
    with project.transaction(f"coders rename {old} {new}") as tx:
        if old_folder.is_dir():
            for path in sorted(old_folder.iterdir()):
                if not path.is_file():
                    continue
                target = new_folder / path.name
                if path.suffix == ".yaml":
                    segments = read_coding_file(path)
                    document = segments[0].document if segments else path.stem
                    tx.write_text(target, render_coding_file(document, new, segments))
                    moved_docs += 1
                else:
                    tx.write_bytes(target, path.read_bytes())
                tx.delete(path)
        for path in survey_codings_files(project, old):
            tx.write_bytes(path.with_name(f"{new}.csv"), path.read_bytes())
            tx.delete(path)
            moved_surveys += 1
        from qualcode.store.memos import load_memos, render_memo

        for memo in load_memos(project):
            if memo.author == old and memo.path is not None:
                tx.write_text(memo.path, render_memo(replace(memo, author=new)))
                memos += 1
        listed = listed_coders(project)
        settings = dict(project.settings)
        if old in listed or settings.get("default_coder") == old:
            settings["coders"] = list(dict.fromkeys(new if c == old else c for c in listed))
            if settings.get("default_coder") == old:
                settings["default_coder"] = new
            tx.write_text(project.settings_path, yamlio.dump(settings))
            settings_changed = True
    project.settings = settings
    if old_folder.is_dir() and not any(old_folder.iterdir()):
        old_folder.rmdir()
    tagging = project.private_dir / "tagging"
    if (tagging / old).is_dir() and not (tagging / new).exists():
        os.replace(tagging / old, tagging / new)
    return Rename(old, new, moved_docs, moved_surveys, settings_changed, memos)


__all__ = [
    "CoderInfo",
    "Rename",
    "add_coder",
    "coders_table",
    "list_coders",
    "listed_coders",
    "rename_coder",
    "survey_codings_files",
]
