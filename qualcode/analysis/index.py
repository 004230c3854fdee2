"""The index: a SQLite cache of parsed documents and segments in ``.qualcode/index.sqlite``.

The files are the truth; the index only saves re-parsing them. On each use it
is brought up to date incrementally: a file whose size and modification time
(nanoseconds) are unchanged is trusted; otherwise its bytes are hashed
(BLAKE2b) and, when the hash differs, it is parsed again. A file seen less than
two seconds after it was written is re-hashed next time too, so an edit that
keeps size and mtime is never missed. Whether each segment is current is
decided by :func:`qualcode.analysis.corpus.anchor_each` (re-anchoring: a segment whose
document was edited is stored at its new offsets) and recomputed for every
document whose file or codings changed.

It holds only what the fieldnotes and codings files hold (pseudonymised
text); it never reads the pseudonym key. Deleting it changes no output. Any
SQLite error (corrupt file, another version's schema) deletes and rebuilds
it once; if that fails as well (locked, read-only), :func:`load` returns None
and the caller reads the files.

It stays a cache under concurrency: :func:`load` holds the index lock
(``.qualcode/locks/index.lock``) while it refreshes and reads, so only one
process at a time opens the SQLite file, and a rebuild never deletes a file
another process has open. A command that cannot get the lock within the lock
timeout reads the files instead; it never fails because of the index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

from qualcode.analysis.corpus import Corpus, Row, anchor_each, check_unique_ids, unique_rows
from qualcode.errors import InvalidData
from qualcode.models import Document, Segment
from qualcode.store.project import Project, parse_document

INDEX_FILE = "index.sqlite"
SCHEMA = 5
"""Bump when the tables or the meaning of ``current`` change (it forces a rebuild)."""

_RACY_SECONDS = 2.0

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY, role TEXT NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, hash TEXT NOT NULL
);
CREATE TABLE documents (
    path TEXT PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
    date TEXT, participants TEXT NOT NULL, attributes TEXT NOT NULL, extra TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX documents_id ON documents (id);
CREATE TABLE segments (
    file TEXT NOT NULL, document TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    code TEXT NOT NULL, coder TEXT NOT NULL, text TEXT NOT NULL, memo TEXT,
    current INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX segments_file ON segments (file);
CREATE INDEX segments_document ON segments (document);
CREATE INDEX segments_stale ON segments (document) WHERE current=0;
CREATE TABLE packed (document TEXT PRIMARY KEY, spans TEXT NOT NULL);
"""


def index_path(project: Project) -> Path:
    """Return where the project's index lives (``.qualcode/index.sqlite``)."""
    return project.private_dir / INDEX_FILE


def load(project: Project, *, text: bool = True) -> Corpus | None:
    """Bring the index up to date and return the corpus from it.

    Args:
        project: The project.
        text: Include document bodies and segment texts.

    Returns:
        The corpus, or None when the index cannot be used (the caller then
        reads the files).

    Raises:
        InvalidData: a malformed document or codings file (as reading the
            files would), or a duplicate document id.
    """
    from qualcode.errors import Busy
    from qualcode.store import locking

    try:
        with project.lock(locking.INDEX):
            return _load(project, text=text)
    except Busy:
        return None  # another process holds it for long: read the files instead
    except OSError:
        return None  # no lock file can be made (a read-only project): read the files


def _load(project: Project, *, text: bool) -> Corpus | None:
    path = index_path(project)
    for attempt in range(2):
        try:
            conn = _connect(path)
        except (OSError, sqlite3.Error):
            if attempt == 0:
                _delete(path)
                continue
            return None
        try:
            refresh(project, conn)
            conn.execute("BEGIN")  # one read snapshot: another process's refresh cannot interleave
            try:
                return _read(project, conn, text=text)
            finally:
                conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                return None  # another process holds it for long: read the files instead
            conn.close()
            if attempt == 0:
                _delete(path)
                continue
            return None
        except sqlite3.Error:
            conn.close()
            if attempt == 0:
                _delete(path)
                continue
            return None
        finally:
            conn.close()
    return None  # pragma: no cover


def _delete(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")
    if _schema(conn) != str(SCHEMA):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _schema(conn) != str(SCHEMA):  # another process may have built it meanwhile
                names = conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                for (name,) in names.fetchall():
                    conn.execute(f'DROP TABLE IF EXISTS "{name}"')
                for statement in _TABLES.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return conn


def _schema(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else str(row[0])


def _decode(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidData(
            f"not UTF-8 text (byte {exc.start})", path=path, hint="save it as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _tracked(project: Project) -> dict[str, tuple[Path, str]]:
    """Return the files the index follows: relative path -> (path, role).

    The same files as :meth:`Project.document_paths` and
    :func:`qualcode.store.codings.coding_files`, listed with ``os.scandir`` (fast).
    """
    root = project.root
    files: dict[str, tuple[Path, str]] = {}
    fieldnotes = project.fieldnotes_dir
    surveys = os.fspath(project.surveys_dir)
    prefix = len(os.fspath(root)) + 1
    for folder, subfolders, names in os.walk(fieldnotes):
        if folder == surveys:
            subfolders[:] = []
            continue
        subfolders[:] = [s for s in subfolders if os.path.join(folder, s) != surveys]
        for name in names:
            if name.endswith(".md") and not name.startswith("."):
                full = os.path.join(folder, name)
                if os.path.isfile(full):
                    files[full[prefix:].replace(os.sep, "/")] = (Path(full), "document")
    codings = project.codings_dir
    if codings.is_dir():
        for coder in os.scandir(codings):
            if coder.name.startswith(".") or not coder.is_dir():
                continue
            for entry in os.scandir(coder.path):
                if entry.name.endswith(".yaml") and entry.is_file():
                    rel = f"codings/{coder.name}/{entry.name}"
                    files[rel] = (Path(entry.path), "coding")
    return files


def refresh(project: Project, conn: sqlite3.Connection) -> int:
    """Re-read the files that changed since the index last saw them.

    Args:
        project: The project.
        conn: An open connection to the index.

    Returns:
        The number of files parsed again (0 when the index was up to date).

    Raises:
        InvalidData: a changed file is malformed (nothing is written).
        sqlite3.Error: the index is unusable.
    """
    known = {
        row[0]: (row[1], row[2], row[3], row[4])
        for row in conn.execute("SELECT path, role, size, mtime_ns, hash FROM files")
    }
    tracked = _tracked(project)
    now = time.time()
    changed: list[tuple[str, Path, str, os.stat_result]] = []
    for rel, (path, role) in tracked.items():
        st = path.stat()
        old = known.get(rel)
        if old is not None and old[0] == role and old[1] == st.st_size and old[2] == st.st_mtime_ns:
            continue
        changed.append((rel, path, role, st))
    removed = [rel for rel in known if rel not in tracked]
    if not changed and not removed:
        return 0

    from qualcode.store.codings import read_coding_file

    # Documents first, so that new segments are checked against the new text.
    changed.sort(key=lambda item: (item[2] != "document", item[0]))
    touched: set[str] = set()  # documents whose packed spans must be rebuilt
    recheck: set[str] = set()  # documents whose text changed: re-check older segments
    docs_cache: dict[str, Document | None] = {}
    parsed = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM segments").fetchone()[0]
        for rel in removed:
            ids = _drop(conn, rel, known[rel][0])
            touched |= ids
            if known[rel][0] == "document":
                recheck |= ids
            conn.execute("DELETE FROM files WHERE path=?", (rel,))
        for rel, path, role, st in changed:
            data = path.read_bytes()
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            size, mtime = st.st_size, st.st_mtime_ns
            if now - st.st_mtime < _RACY_SECONDS:
                size = -1  # look again next time
            old = known.get(rel)
            if old is not None and old[0] == role and old[3] == digest:
                conn.execute("UPDATE files SET size=?, mtime_ns=? WHERE path=?", (size, mtime, rel))
                continue
            parsed += 1
            if old is not None:
                ids = _drop(conn, rel, old[0])
                touched |= ids
                if old[0] == "document":
                    recheck |= ids
            if role == "document":
                text = _decode(data, path)
                if "\r" in text:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                doc = parse_document(text, path)
                conn.execute(
                    "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        rel,
                        doc.id,
                        doc.kind,
                        doc.title,
                        doc.date,
                        json.dumps(list(doc.participants), ensure_ascii=False),
                        json.dumps(dict(doc.attributes), ensure_ascii=False, default=str),
                        json.dumps(dict(doc.extra), ensure_ascii=False, default=str),
                        doc.body,
                    ),
                )
                touched.add(doc.id)
                recheck.add(doc.id)
            else:
                segs = read_coding_file(path)
                per_doc: dict[str, list[Segment]] = {}
                for seg in segs:
                    per_doc.setdefault(seg.document, []).append(seg)
                anchored: list[tuple[Segment, bool]] = []
                for doc_id, doc_segs in per_doc.items():
                    if doc_id not in docs_cache:
                        docs_cache[doc_id] = _stored_document(conn, doc_id)
                    anchored += anchor_each(docs_cache[doc_id], doc_segs)
                conn.executemany(
                    "INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            rel,
                            x.document,
                            x.start,
                            x.end,
                            x.code,
                            x.coder,
                            x.text,
                            x.memo or "",
                            1 if ok else 0,
                        )
                        for x, ok in anchored
                    ],
                )
                touched |= set(per_doc)
            conn.execute(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?)", (rel, role, size, mtime, digest)
            )
        if before:
            _recheck(conn, recheck, before)
        _pack(conn, touched)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    return parsed


def _stored_document(conn: sqlite3.Connection, doc_id: str) -> Document | None:
    row = conn.execute(
        "SELECT id, kind, title, body FROM documents WHERE id=? ORDER BY path LIMIT 1", (doc_id,)
    ).fetchone()
    return None if row is None else Document(id=row[0], kind=row[1], title=row[2], body=row[3])


def _drop(conn: sqlite3.Connection, rel: str, role: str) -> set[str]:
    if role == "document":
        ids = {r[0] for r in conn.execute("SELECT id FROM documents WHERE path=?", (rel,))}
        conn.execute("DELETE FROM documents WHERE path=?", (rel,))
    else:
        ids = {
            r[0]
            for r in conn.execute("SELECT DISTINCT document FROM segments WHERE file=?", (rel,))
        }
        conn.execute("DELETE FROM segments WHERE file=?", (rel,))
    return ids


def _recheck(conn: sqlite3.Connection, doc_ids: set[str], before: int) -> None:
    """Re-decide current/stale for segments stored before this refresh (rowid <= before)."""
    updates: list[tuple[int, int]] = []
    for doc_id in sorted(doc_ids):
        doc = _stored_document(conn, doc_id)
        rows = conn.execute(
            'SELECT rowid, document, start, "end", code, coder, text, current FROM segments '
            "WHERE document=? AND rowid<=?",
            (doc_id, before),
        ).fetchall()
        objects = [Segment(r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]
        for (seg, ok), row in zip(anchor_each(doc, objects), rows, strict=True):
            flag = 1 if ok else 0
            if (seg.start, seg.end, flag) != (row[2], row[3], row[7]):
                updates.append((seg.start, seg.end, seg.text, flag, row[0]))
    conn.executemany(
        'UPDATE segments SET start=?, "end"=?, text=?, current=? WHERE rowid=?', updates
    )


def _pack(conn: sqlite3.Connection, doc_ids: set[str]) -> None:
    """Store each document's current spans, sorted and unique, as one JSON row (for counting)."""
    for doc_id in sorted(doc_ids):
        spans = sorted(
            set(
                conn.execute(
                    'SELECT start, "end", code, coder FROM segments WHERE document=? AND current=1',
                    (doc_id,),
                )
            )
        )
        conn.execute("DELETE FROM packed WHERE document=?", (doc_id,))
        if spans:
            conn.execute(
                "INSERT INTO packed VALUES (?, ?)",
                (doc_id, json.dumps(spans, ensure_ascii=False, separators=(",", ":"))),
            )


def _read(project: Project, conn: sqlite3.Connection, *, text: bool) -> Corpus:
    body = "body" if text else "''"
    docs = [
        Document(
            id=r[1],
            kind=r[2],
            title=r[3],
            body=r[8],
            date=r[4],
            participants=tuple(json.loads(r[5])),
            attributes=json.loads(r[6]),
            path=project.root / r[0],
            extra=json.loads(r[7]),
        )
        for r in conn.execute(
            "SELECT path, id, kind, title, date, participants, attributes, extra, "
            f"{body} FROM documents"
        )
    ]
    check_unique_ids(project, docs)
    docs.sort(key=lambda d: d.id)
    stale: list[Row]
    if text:
        query = (
            'SELECT document, start, "end", code, coder, text, memo FROM segments WHERE current='
        )
        current: list[Row] = conn.execute(query + "1").fetchall()
        stale = conn.execute(query + "0").fetchall()
        return Corpus(docs, unique_rows(current), unique_rows(stale), has_text=True)
    # Counting: the current segments of each document, packed, sorted and unique.
    current = []
    loads = json.loads
    for doc_id, spans in conn.execute("SELECT document, spans FROM packed ORDER BY document"):
        current += [(doc_id, a, b, c, d, "", "") for a, b, c, d in loads(spans)]
    stale = conn.execute(
        "SELECT document, start, \"end\", code, coder, '', '' FROM segments WHERE current=0"
    ).fetchall()
    return Corpus(docs, current, unique_rows(stale), has_text=False)
