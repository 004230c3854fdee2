"""The project on disk: finding it, creating it, reading and writing its files.

A project is a folder with a ``qualcode.yaml`` settings file (see
docs/project-files.md). Everything in it is plain UTF-8 text; every write goes
through :mod:`qualcode.store.atomic`, as a transaction journalled in
``.qualcode/journal/`` (:meth:`Project.transaction`), under the locks of
:mod:`qualcode.store.locking` (:meth:`Project.lock`). The ``.qualcode/`` folder
is private and derived (pseudonym key, index cache, locks, journal) and is
git-ignored. Opening a project finishes or discards a change a killed command
left half-done.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.errors import AlreadyExists, InvalidData, NotFound, ProjectNotFound
from qualcode.models import KINDS, Document

if TYPE_CHECKING:
    from qualcode.store import atomic, locking

# The store's modules (YAML, locks, atomic writes) are imported where they are
# used: a command that only reads the index pays for none of them.

SETTINGS_FILE = "qualcode.yaml"
SCHEMA_VERSION = 1
PRIVATE_DIR = ".qualcode"
FOLDERS = (
    "codebooks",
    "fieldnotes/interviews",
    "fieldnotes/meetings",
    "fieldnotes/surveys",
    "codings",
    "memos",
    PRIVATE_DIR,
)
DEFAULT_CITATION = {"speaker": "({speaker} {date_mdy}, {kind})", "document": "({title} {date_mdy})"}
"""The citation templates of a new project (see :func:`qualcode.analysis.quotes.citation_templates`)."""
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_GITIGNORE = "# qualcode: private key and derived caches never leave this machine\n.qualcode/\n"


def default_settings(name: str) -> dict[str, Any]:
    """Return the settings a new project starts with."""
    return {
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "language": "en",
        "coders": [],
        "default_coder": None,
        "citation": dict(DEFAULT_CITATION),
        "key": f"{PRIVATE_DIR}/people.yaml",
    }


class Project:
    """An open qualcode project.

    Create one with :meth:`init`, :meth:`open` or :meth:`find`.

    Attributes:
        root: The project folder (absolute).
        settings: The parsed ``qualcode.yaml`` mapping.
    """

    def __init__(self, root: Path, settings: dict[str, Any]) -> None:
        self.root = root
        self.settings = settings
        self.recovered: list[atomic.Recovery] = []

    # -- locating -----------------------------------------------------------------

    @classmethod
    def init(cls, folder: str | Path, *, name: str | None = None) -> Project:
        """Create a new project in ``folder`` (created if missing).

        Raises:
            AlreadyExists: ``folder`` or one of its parents is already a project.
        """
        from qualcode.store import atomic, yamlio

        root = Path(folder).resolve()
        for candidate in (root, *root.parents):
            if (candidate / SETTINGS_FILE).is_file():
                raise AlreadyExists(
                    "a qualcode project already exists here",
                    path=candidate / SETTINGS_FILE,
                    hint="use that project, or choose another folder",
                )
        root.mkdir(parents=True, exist_ok=True)
        for folder_name in FOLDERS:
            (root / folder_name).mkdir(parents=True, exist_ok=True)
        os.chmod(root / PRIVATE_DIR, 0o700)
        gitignore = root / ".gitignore"
        existing = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
        if ".qualcode/" not in existing.split():
            sep = "" if not existing or existing.endswith("\n") else "\n"
            atomic.write_text(gitignore, existing + sep + _GITIGNORE)
        settings = default_settings(name or root.name)
        atomic.write_text(root / SETTINGS_FILE, yamlio.dump(settings))
        return cls(root, settings)

    @classmethod
    def open(cls, folder: str | Path, *, cached: bool = False) -> Project:
        """Open the project whose root is ``folder``.

        Args:
            folder: The project root.
            cached: Read the settings through the parse cache in
                ``.qualcode/parsed/`` (:mod:`qualcode.store.parsed`), which
                saves importing PyYAML while ``qualcode.yaml`` is unchanged.
                The result is the same either way.

        Raises:
            ProjectNotFound: ``folder`` has no ``qualcode.yaml``.
            InvalidData: the settings file is malformed.
        """
        root = Path(folder).resolve()
        path = root / SETTINGS_FILE
        if not root.is_dir():
            raise ProjectNotFound(
                f"{root} does not exist",
                hint="check the --project path, or create a project with 'qualcode init'",
            )
        if not path.is_file():
            raise ProjectNotFound(
                f"{root} is not a qualcode project (no {SETTINGS_FILE})",
                hint="run 'qualcode init' there, or pass --project DIR",
            )
        # A killed command may have left a change half-done: finish or undo it first.
        recovered = _recover(root / PRIVATE_DIR)
        settings = _load_settings(path, root / PRIVATE_DIR if cached else None)
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            raise InvalidData("settings must be a YAML mapping", path=path, line=1)
        version = settings.get("schema_version", SCHEMA_VERSION)
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise InvalidData(
                f"schema_version {version!r} is newer than this qualcode understands",
                path=path,
                hint="upgrade qualcode",
            )
        merged = default_settings(root.name)
        merged.update(settings)
        project = cls(root, merged)
        project.recovered = recovered
        return project

    @classmethod
    def find(cls, start: str | Path | None = None, *, cached: bool = False) -> Project:
        """Open the project at or above ``start`` (default: the working directory).

        Args:
            start: Where to start looking.
            cached: As for :meth:`open`.

        Raises:
            ProjectNotFound: no folder from ``start`` up to the filesystem root
                holds a ``qualcode.yaml``.
        """
        here = Path(start or os.getcwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / SETTINGS_FILE).is_file():
                return cls.open(candidate, cached=cached)
        raise ProjectNotFound(
            "not inside a qualcode project",
            hint="cd into one, pass --project DIR, set QUALCODE_PROJECT, or run 'qualcode init'",
        )

    # -- paths --------------------------------------------------------------------

    @property
    def settings_path(self) -> Path:
        """The ``qualcode.yaml`` file."""
        return self.root / SETTINGS_FILE

    @property
    def private_dir(self) -> Path:
        """The private, git-ignored ``.qualcode/`` folder."""
        return self.root / PRIVATE_DIR

    @property
    def codebooks_dir(self) -> Path:
        """The folder of codebook YAML files."""
        return self.root / "codebooks"

    @property
    def fieldnotes_dir(self) -> Path:
        """The folder of documents (and surveys)."""
        return self.root / "fieldnotes"

    @property
    def surveys_dir(self) -> Path:
        """The folder of surveys, one subfolder each."""
        return self.fieldnotes_dir / "surveys"

    @property
    def codings_dir(self) -> Path:
        """The folder of stand-off codings, one subfolder per coder."""
        return self.root / "codings"

    @property
    def memos_dir(self) -> Path:
        """The folder of analytic memos."""
        return self.root / "memos"

    @property
    def key_path(self) -> Path:
        """The pseudonym key file: the ``key:`` setting (``~`` expanded), relative to the root."""
        setting = str(self.settings.get("key") or f"{PRIVATE_DIR}/people.yaml")
        path = Path(os.path.expanduser(setting))
        return path if path.is_absolute() else self.root / path

    # -- locks and transactions ---------------------------------------------------

    def lock_name(self, name: str | locking.LockName) -> locking.LockName:
        """Return the lock ``name`` (see :mod:`qualcode.store.locking`) of this project.

        ``key`` is the lock of :attr:`key_path`, wherever the key lives.
        """
        from qualcode.store import locking

        if isinstance(name, locking.LockName):
            return name
        if name == locking.KEY:
            return locking.key_lock(self.key_path)
        return locking.resource(self.private_dir, name)

    @contextmanager
    def lock(self, *names: str | locking.LockName, timeout: float | None = None) -> Iterator[None]:
        """Hold the named locks for a ``with`` block (in lock order, re-entrant).

        Args:
            names: ``qualcode.yaml``, ``key``, ``codebooks``, ``fieldnotes``,
                :func:`~qualcode.store.locking.codings` ``(coder, doc)``,
                :func:`~qualcode.store.locking.survey` ``(name)``,
                :func:`~qualcode.store.locking.tagging` ``(coder, doc)``, ``index``.
            timeout: Seconds to wait (default ``QUALCODE_LOCK_TIMEOUT`` or 10).

        Raises:
            Busy: a lock stayed busy for ``timeout`` seconds (nothing was written).
        """
        from qualcode.store import locking

        with locking.lock(self.private_dir, *(self.lock_name(n) for n in names), timeout=timeout):
            yield

    def transaction(self, label: str = "") -> atomic.FileTransaction:
        """Return a new all-or-nothing transaction journalled in ``.qualcode/journal/``.

        Hold the locks of the files it changes (:meth:`lock`) from before they are read.
        """
        from qualcode.store import locking

        return locking.transaction(self.private_dir, label)

    def write_file(self, path: Path, text: str, *, mode: int | None = None) -> None:
        """Write one project file atomically, its temp file staged in ``.qualcode/journal/``."""
        with self.transaction() as tx:
            tx.write_text(path, text, mode=mode)

    def relative(self, path: Path) -> str:
        """Return ``path`` relative to the project root, with ``/`` separators."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def save_settings(self) -> None:
        """Write ``settings`` back to ``qualcode.yaml`` atomically, under its lock.

        This overwrites the file with :attr:`settings`; to change a few keys
        safely while other commands may do the same, use :meth:`update_settings`.
        """
        from qualcode.store import locking, yamlio

        with self.lock(locking.SETTINGS):
            self.write_file(self.settings_path, yamlio.dump(self.settings))

    def update_settings(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Re-read ``qualcode.yaml`` under its lock, apply ``change`` to it and write it back.

        Args:
            change: Called with the settings as stored; it edits them in place.
                :attr:`settings` is updated to the result.

        Raises:
            Busy: another command holds the settings.
            InvalidData: the settings file has become malformed.
        """
        from qualcode.store import locking, yamlio

        with self.lock(locking.SETTINGS):
            stored = self._stored_settings()
            change(stored)
            self.write_file(self.settings_path, yamlio.dump(stored))
            merged = default_settings(self.root.name)
            merged.update(stored)
            self.settings = merged

    def reload_settings(self) -> dict[str, Any]:
        """Re-read ``qualcode.yaml`` into :attr:`settings` (do it inside the settings lock).

        Raises:
            InvalidData: the settings file has become malformed.
        """
        merged = default_settings(self.root.name)
        merged.update(self._stored_settings())
        self.settings = merged
        return merged

    def _stored_settings(self) -> dict[str, Any]:
        from qualcode.store import yamlio

        stored = yamlio.load_file(self.settings_path) or {}
        if not isinstance(stored, dict):
            raise InvalidData("settings must be a YAML mapping", path=self.settings_path, line=1)
        return stored

    # -- documents ----------------------------------------------------------------

    def document_paths(self) -> list[Path]:
        """Return every document file (``fieldnotes/**/*.md`` outside surveys), sorted."""
        if not self.fieldnotes_dir.is_dir():
            return []
        paths = [
            p
            for p in self.fieldnotes_dir.rglob("*.md")
            if p.is_file() and self.surveys_dir not in p.parents and not p.name.startswith(".")
        ]
        return sorted(paths)

    def documents(self) -> list[Document]:
        """Load every document, sorted by id.

        Raises:
            InvalidData: a malformed document, or two files with the same id
                (the message names both).
        """
        seen: dict[str, Path] = {}
        docs = []
        for path in self.document_paths():
            doc = read_document(path)
            if doc.id in seen:
                raise InvalidData(
                    f"document id {doc.id!r} is also used by {self.relative(seen[doc.id])}",
                    path=path,
                    line=2,
                    hint="give each document a unique id",
                )
            seen[doc.id] = path
            docs.append(doc)
        return sorted(docs, key=lambda d: d.id)

    def document(self, ref: str) -> Document:
        """Return the document with id ``ref``, or the only one whose id starts with it.

        Raises:
            NotFound: no document matches, or several do (all are listed).
        """
        for kind in KINDS:  # the common case: an exact id, read without parsing the others
            exact = self.document_path(ref, kind)
            if exact.is_file():
                return read_document(exact)
        docs = self.documents()
        for doc in docs:
            if doc.id == ref:
                return doc
        matches = [d for d in docs if d.id.startswith(ref)] or [d for d in docs if ref in d.id]
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = ", ".join(d.id for d in matches[:5])
            raise NotFound(
                f"{ref!r} matches several documents: {listed}", hint="give more of the id"
            )
        raise NotFound(f"no document {ref!r}", hint="see 'qualcode notes list'")

    def document_path(self, doc_id: str, kind: str) -> Path:
        """Return where a document of ``kind`` with ``doc_id`` is stored."""
        return self.fieldnotes_dir / f"{kind}s" / f"{doc_id}.md"

    def save_document(self, doc: Document, *, replace: bool = False) -> Document:
        """Write ``doc`` atomically to ``fieldnotes/<kind>s/<id>.md``.

        Args:
            doc: The document; its ``path`` is ignored and recomputed.
            replace: Overwrite an existing document with the same id.

        Returns:
            The document with ``path`` set.

        Raises:
            AlreadyExists: the id is taken and ``replace`` is false.
            InvalidData: the document breaks a front matter rule.
        """
        from qualcode.store import frontmatter, locking

        validate_document(doc)
        path = self.document_path(doc.id, doc.kind)
        with self.lock(locking.DOCUMENTS):
            existing = {d.id: d.path for d in self.documents()}
            if doc.id in existing and not replace:
                raise AlreadyExists(
                    f"a document with id {doc.id!r} already exists",
                    path=existing[doc.id],
                    hint="pass a different --title or --date, or --if-exists replace",
                )
            with self.transaction("save document") as tx:
                tx.write_text(path, frontmatter.render(doc.front_matter(), doc.body))
                old = existing.get(doc.id)
                if old is not None and old.resolve() != path.resolve():
                    tx.delete(old)
        return Document(**{**doc.__dict__, "path": path})

    def unique_id(self, base: str) -> str:
        """Return ``base`` or ``base-2``, ``base-3``... whichever no document uses yet."""
        taken = {p.stem for p in self.document_paths()}
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate


JOURNAL_DIR = "journal"
"""The journal folder in ``.qualcode/`` (:data:`qualcode.store.locking.JOURNAL_DIR`)."""


def _recover(private_dir: Path) -> list[atomic.Recovery]:
    """Recover the journal (:func:`qualcode.store.locking.recover`) when it holds anything.

    The journal is empty almost always: one look at the folder spares loading
    the lock code, which a command that only reads never needs.
    """
    try:
        with os.scandir(private_dir / JOURNAL_DIR) as entries:
            if next(entries, None) is None:
                return []
    except (FileNotFoundError, NotADirectoryError):
        return []
    from qualcode.store import locking

    return locking.recover(private_dir)


def _load_settings(path: Path, private_dir: Path | None) -> Any:
    """Return the parsed ``qualcode.yaml``, through the parse cache when ``private_dir`` is given."""
    if private_dir is None:
        from qualcode.store import yamlio

        return yamlio.load_file(path)
    from qualcode.store import parsed

    files = parsed.signature([path])
    value = parsed.lookup(private_dir, "settings", files)
    if value is None:
        from qualcode.store import yamlio

        value = yamlio.load_file(path)
        parsed.store(private_dir, "settings", files, value)
    return value


def _iso_date(value: Any, path: Path, text: str) -> str | None:
    from qualcode.store import frontmatter

    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return Date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InvalidData(
        f"date {value!r} is not an ISO 8601 date",
        path=path,
        line=frontmatter.key_line(text, "date"),
        hint="write dates as YYYY-MM-DD, e.g. 2010-10-06",
    )


def parse_document(text: str, path: Path) -> Document:
    """Parse a document file's decoded text (see :func:`load_document`)."""
    from qualcode.store import frontmatter

    meta, body = frontmatter.split(text, path)
    return document_from(meta, body, text, path)


def document_from(meta: dict[str, Any], body: str, text: str, path: Path) -> Document:
    """Return the document of parsed front matter ``meta`` and ``body``, checking each field.

    Args:
        meta: The front matter mapping (consumed: known keys are popped).
        body: The body.
        text: The whole decoded file, for the line numbers of errors.
        path: The file.

    Raises:
        InvalidData: a field breaks the rules of docs/project-files.md.
    """
    from qualcode.store import frontmatter

    def fail(key: str, message: str, hint: str) -> InvalidData:
        return InvalidData(message, path=path, line=frontmatter.key_line(text, key) or 2, hint=hint)

    doc_id = meta.pop("id", None)
    if not isinstance(doc_id, str) or not ID_PATTERN.match(doc_id):
        raise fail(
            "id",
            f"missing or invalid id {doc_id!r}",
            "ids use lower-case letters, digits, '.', '-' and '_'",
        )
    kind = meta.pop("kind", None)
    if kind not in KINDS:
        raise fail(
            "kind", f"kind {kind!r} is not one of {', '.join(KINDS)}", "set kind to one of those"
        )
    title = meta.pop("title", "") or ""
    participants = meta.pop("participants", None) or []
    if isinstance(participants, str):
        participants = [participants]
    if not isinstance(participants, list) or not all(
        isinstance(p, (str, int)) for p in participants
    ):
        raise fail(
            "participants",
            "participants must be a list of pseudonyms",
            "write participants: [Pancho, Clara]",
        )
    attributes = meta.pop("attributes", None) or {}
    if not isinstance(attributes, dict):
        raise fail(
            "attributes",
            "attributes must be a mapping of key: value",
            "write attributes: {role: producer}",
        )
    for key, value in attributes.items():
        if isinstance(value, (dict, list)):
            raise fail(
                "attributes",
                f"attribute {key!r} must be a single value",
                "write one value per attribute",
            )
    date = _iso_date(meta.pop("date", None), path, text)
    if "turns" in meta and meta["turns"] not in ("paragraph", "continue"):
        raise fail(
            "turns",
            f"turns {meta['turns']!r} is not paragraph or continue",
            "turns: paragraph (a speaker turn is one paragraph; meeting notes) or "
            "turns: continue (a turn runs to the next speaker; transcripts)",
        )
    return Document(
        id=doc_id,
        kind=kind,
        title=str(title),
        body=body,
        date=date,
        participants=tuple(str(p) for p in participants),
        attributes={str(k): _plain(v) for k, v in attributes.items()},
        path=path,
        extra=meta,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, (Date, datetime)):
        return value.isoformat()
    return value


def load_document(data: bytes, path: Path) -> Document:
    """Parse a stored document from its bytes: the one reader of document files.

    Decoding and the front matter are :func:`qualcode.store.frontmatter.decode_document`
    (UTF-8 with or without BOM, any line ends, NFC); the fields are checked
    by :func:`parse_document`. :func:`read_document`, the index cache and
    ``qualcode check`` all read documents through here.

    Raises:
        InvalidData: not UTF-8, no or malformed front matter, or a field
            that breaks the rules of docs/project-files.md.
    """
    from qualcode.store import frontmatter

    read = frontmatter.decode_document(data, path)
    return document_from(dict(read.meta), read.body, read.text, path)


def read_document(path: Path) -> Document:
    """Read and validate one document file (see :func:`load_document`).

    Raises:
        NotFound: the file does not exist.
        InvalidData: not UTF-8, no or malformed front matter, or a field
            that breaks the rules of docs/project-files.md (the message names
            the file and the line of the offending key).
    """
    from qualcode.store.textio import read_bytes

    return load_document(read_bytes(path), path)


def validate_document(doc: Document) -> None:
    """Check a document before it is written.

    Raises:
        InvalidData: a bad id, kind or date.
    """
    if not ID_PATTERN.match(doc.id):
        raise InvalidData(
            f"invalid document id {doc.id!r}", hint="use lower-case letters, digits, '.', '-', '_'"
        )
    if doc.kind not in KINDS:
        raise InvalidData(
            f"kind {doc.kind!r} is not one of {', '.join(KINDS)}",
            hint="use --kind with one of those",
        )
    if doc.date is not None:
        try:
            Date.fromisoformat(doc.date)
        except ValueError:
            raise InvalidData(
                f"date {doc.date!r} is not an ISO 8601 date", hint="use YYYY-MM-DD"
            ) from None
