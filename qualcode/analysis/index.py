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

Besides the documents and segments it keeps, for counting, each document's
current spans packed as JSON and the per-document count columns of
:mod:`qualcode.analysis.counts` (rebuilt whenever a document or its codings
change), so that a warm tally adds up columns and parses no segment.

It stays a cache under concurrency: :func:`load` holds the index lock
(``.qualcode/locks/index.lock``) while it refreshes, so only one process at a
time writes the SQLite file, and a rebuild never deletes a file another
process is writing. A command that cannot get the lock within the lock
timeout reads the files instead; it never fails because of the index. When
the index is already up to date (most loads), it is read without the lock,
in one read-only snapshot (:func:`_read_current`): such a reader writes and
deletes nothing, and SQLite's own locking keeps writers out of its snapshot.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.analysis.corpus import Corpus, Row, anchor_each, check_unique_ids, unique_rows
from qualcode.models import Document, Segment, SpeakerTurn
from qualcode.store.project import Project, load_document
from qualcode.store.readers.turns import document_turns

if TYPE_CHECKING:
    from qualcode.analysis.counts import CodeCounts

INDEX_FILE = "index.sqlite"
SCHEMA = 9
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
    body TEXT NOT NULL, turns TEXT NOT NULL
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
CREATE TABLE packed (document TEXT PRIMARY KEY, spans TEXT NOT NULL, counts TEXT NOT NULL);
CREATE TABLE columns (
    coder TEXT NOT NULL, code TEXT NOT NULL, segments BLOB NOT NULL, own BLOB NOT NULL,
    PRIMARY KEY (coder, code)
);
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
    current = _read_current(project, text=text)
    if current is not None:
        return current
    from qualcode.errors import Busy
    from qualcode.store import locking

    try:
        with project.lock(locking.INDEX):
            return _load(project, text=text)
    except Busy:
        return None  # another process holds it for long: read the files instead
    except OSError:
        return None  # no lock file can be made (a read-only project): read the files


def _read_current(project: Project, *, text: bool) -> Corpus | None:
    """Return the corpus from an index that is up to date, without taking the index lock.

    Most loads change nothing, and the lock (its module, the lock file) costs a
    good part of a small command's start-up. So the index is first read
    through a read-only connection, in one snapshot that SQLite's own shared
    lock keeps any writer out of: if every file still has the size and time
    the index recorded, that snapshot is the answer. Anything else (no index,
    another schema, a changed file, a database busy or damaged) returns None,
    and :func:`load` takes the lock and refreshes. This reader never writes or
    deletes anything.

    Raises:
        InvalidData: a duplicate document id (as :func:`load`).
    """
    path = index_path(project)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")
        if _schema(conn) != str(SCHEMA):
            return None
        changed, removed, _, _ = _changes(project, conn)
        if changed or removed:
            return None
        return _read(project, conn, text=text)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


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


def _tracked(project: Project) -> dict[str, tuple[str, str]]:
    """Return the files the index follows: relative path -> (absolute path, role).

    The same files as :meth:`Project.document_paths` and
    :func:`qualcode.store.codings.coding_files`, listed with ``os.scandir``
    (no ``Path`` objects, no extra ``stat``: a large project has thousands).
    """
    files: dict[str, tuple[str, str]] = {}
    surveys = os.fspath(project.surveys_dir)
    prefix = len(os.fspath(project.root)) + 1
    folders = [os.fspath(project.fieldnotes_dir)]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            name = entry.name
            if entry.is_dir(
                follow_symlinks=False
            ):  # as os.walk: symlinked folders are not followed
                if entry.path != surveys:
                    folders.append(entry.path)
            elif name.endswith(".md") and not name.startswith(".") and entry.is_file():
                full = entry.path
                files[full[prefix:].replace(os.sep, "/")] = (full, "document")
    codings = os.fspath(project.codings_dir)
    if os.path.isdir(codings):
        for coder in os.scandir(codings):
            if coder.name.startswith(".") or not coder.is_dir():
                continue
            for entry in os.scandir(coder.path):
                if entry.name.endswith(".yaml") and entry.is_file():
                    files[f"codings/{coder.name}/{entry.name}"] = (entry.path, "coding")
    return files


def _changes(
    project: Project, conn: sqlite3.Connection
) -> tuple[list[tuple[str, Path, str, os.stat_result]], list[str], dict[str, str], float]:
    """Return the files changed and removed since the index last saw them.

    Returns:
        ``(changed, removed, seen, now)``: ``(relative path, path, role, stat)``
        of each file whose role, size or modification time differ from the
        index's; the relative paths the index has but the disk has not; the
        index's record of each file; the time of the look (seconds).
    """
    # Each file's role, size and mtime as one string: thousands of files compare fast.
    seen = dict(conn.execute("SELECT path, role || ' ' || size || ' ' || mtime_ns FROM files"))
    tracked = _tracked(project)
    now = time.time()
    changed: list[tuple[str, Path, str, os.stat_result]] = []
    stat = os.stat
    for rel, (full, role) in tracked.items():
        st = stat(full)
        if seen.get(rel) != f"{role} {st.st_size} {st.st_mtime_ns}":
            changed.append((rel, Path(full), role, st))
    removed = [rel for rel in seen if rel not in tracked]
    return changed, removed, seen, now


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
    changed, removed, seen, now = _changes(project, conn)
    if not changed and not removed:
        return 0
    known = {
        row[0]: (row[1], row[2], row[3], row[4])
        for row in conn.execute("SELECT path, role, size, mtime_ns, hash FROM files")
    }

    import hashlib

    # Documents first, so that new segments are checked against the new text.
    changed.sort(key=lambda item: (item[2] != "document", item[0]))
    touched: set[str] = set()  # documents whose packed spans must be rebuilt
    recheck: set[str] = set()  # documents whose text changed: re-check older segments
    docs_cache: dict[str, Document | None] = {}
    fresh: dict[
        str, list[tuple[int, int, str, str]]
    ] = {}  # current spans, when nothing was indexed
    parsed = 0
    file_rows: list[tuple[str, str, int, int, str]] = []
    # Parsing thousands of files makes millions of short-lived objects; the cyclic
    # collector would walk them (and everything alive) again and again for nothing.
    with _collector_paused():
        conn.execute("BEGIN IMMEDIATE")
        try:
            before = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM segments").fetchone()[0]
            if not before:  # an empty index: indexing the segments once, after, is faster
                for name in _SEGMENT_INDEXES:
                    conn.execute(f"DROP INDEX IF EXISTS {name}")
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
                    conn.execute(
                        "UPDATE files SET size=?, mtime_ns=? WHERE path=?", (size, mtime, rel)
                    )
                    continue
                parsed += 1
                if old is not None:
                    ids = _drop(conn, rel, old[0])
                    touched |= ids
                    if old[0] == "document":
                        recheck |= ids
                if role == "document":
                    doc = load_document(data, path)
                    turns = [
                        [t.start, t.end, t.label, t.participant, t.role, t.kind]
                        for t in document_turns(doc)
                    ]
                    conn.execute(
                        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)",
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
                            json.dumps(turns, ensure_ascii=False, separators=(",", ":")),
                        ),
                    )
                    touched.add(doc.id)
                    recheck.add(doc.id)
                    if not seen:  # nothing was indexed: the text just read is the stored one
                        docs_cache.setdefault(doc.id, doc)
                else:
                    from qualcode.store.codings import parse_coding_bytes

                    segs = parse_coding_bytes(data, path)
                    per_doc: dict[str, list[Segment]] = {}
                    for seg in segs:
                        per_doc.setdefault(seg.document, []).append(seg)
                    anchored: list[tuple[Segment, bool]] = []
                    for doc_id, doc_segs in per_doc.items():
                        if doc_id not in docs_cache:
                            docs_cache[doc_id] = _stored_document(conn, doc_id)
                        anchored += anchor_each(docs_cache[doc_id], doc_segs)
                    if not before:  # a fresh index: these are all the segments there are
                        for x, ok in anchored:
                            if ok:
                                fresh.setdefault(x.document, []).append(
                                    (x.start, x.end, x.code, x.coder)
                                )
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
                file_rows.append((rel, role, size, mtime, digest))
            conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?)", file_rows)
            if not before:
                for statement in _TABLES.split(";"):
                    if "INDEX segments_" in statement:
                        conn.execute(statement)
            if before:
                _recheck(conn, recheck, before)
            packed = _pack(conn, touched, None if before else fresh)
            if touched:
                _columns(conn, packed)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    return parsed


_SEGMENT_INDEXES = ("segments_file", "segments_document", "segments_stale")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a ``with`` block (as it was, after)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


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


def _pack(
    conn: sqlite3.Connection,
    doc_ids: set[str],
    fresh: dict[str, list[tuple[int, int, str, str]]] | None = None,
) -> dict[str, list[tuple[str, str, int, int]]]:
    """Store each document's current spans, sorted and unique, and their counts, as JSON rows.

    ``counts`` is :func:`qualcode.analysis.counts.document_counts` of the spans,
    as ``[coder, code, segments, own]`` lists; :func:`_columns` adds them up.
    ``fresh`` holds every current span by document when the index was empty
    (the segments table is not read back then).

    Returns:
        The counts stored, by document (for :func:`_columns`).
    """
    from qualcode.analysis.counts import document_counts, flatten

    done: dict[str, list[tuple[str, str, int, int]]] = {}
    for doc_id in sorted(doc_ids):
        if fresh is not None:
            spans = sorted(set(fresh.get(doc_id, ())))
        else:
            spans = sorted(
                set(
                    conn.execute(
                        'SELECT start, "end", code, coder FROM segments '
                        "WHERE document=? AND current=1",
                        (doc_id,),
                    )
                )
            )
        conn.execute("DELETE FROM packed WHERE document=?", (doc_id,))
        if spans:
            counts = done[doc_id] = flatten(document_counts(spans))
            conn.execute(
                "INSERT INTO packed VALUES (?, ?, ?)",
                (
                    doc_id,
                    json.dumps([x for span in spans for x in span], **_COMPACT),  # flat
                    json.dumps(counts, ensure_ascii=False, separators=(",", ":")),
                ),
            )
    return done


def _columns(conn: sqlite3.Connection, packed: dict[str, list[tuple[str, str, int, int]]]) -> None:
    """Rebuild the count columns (:class:`~qualcode.analysis.counts.CodeCounts`) from ``packed``.

    The documents are every indexed id, sorted; the ``columns`` meta row
    records them with the array layout, so that a reader on another layout
    ignores the columns (and counts from the spans). ``packed`` holds the
    counts just stored (the others are read back).
    """
    from qualcode.analysis.counts import CodeCounts

    ids = sorted({r[0] for r in conn.execute("SELECT id FROM documents")})
    known = set(ids)
    loads = json.loads

    def per_document() -> Iterator[tuple[str, list[Any]]]:
        for doc_id, entries in conn.execute("SELECT document, counts FROM packed").fetchall():
            if doc_id in known:
                yield doc_id, packed[doc_id] if doc_id in packed else loads(entries)

    counts = CodeCounts.from_document_counts(ids, per_document())
    conn.execute("DELETE FROM columns")
    conn.executemany(
        "INSERT INTO columns VALUES (?, ?, ?, ?)",
        [
            (coder, code, _pack_column(segments), _pack_column(own))
            for coder, by_code in counts.columns.items()
            for code, (segments, own) in by_code.items()
        ],
    )
    conn.execute(
        "INSERT OR REPLACE INTO meta VALUES ('columns', ?)",
        (json.dumps({"documents": ids, "layout": _layout()}, ensure_ascii=False),),
    )


_COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}
_SIZES = ("B", "H", "I")  # unsigned arrays of 1, 2 and 4 bytes (counts are never negative)


def _pack_column(values: array) -> bytes:
    """Return a count column as bytes: its type code, then the array in the smallest type."""
    top = max(values, default=0)
    typecode = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
    return typecode.encode("ascii") + array(typecode, values).tobytes()


def _unpack_column(data: bytes) -> array:
    values = array(chr(data[0]))
    values.frombytes(memoryview(data)[1:])
    return values


def _layout() -> str:
    """Return the layout this machine reads columns in (item sizes, byte order)."""
    return "".join(f"{t}{array(t).itemsize}" for t in _SIZES) + sys.byteorder


def _read_columns(conn: sqlite3.Connection) -> CodeCounts | None:
    """Return the stored count columns, or None when absent or laid out otherwise."""
    from qualcode.analysis.counts import CodeCounts

    row = conn.execute("SELECT value FROM meta WHERE key='columns'").fetchone()
    if row is None:
        return None
    meta = json.loads(row[0])
    if meta.get("layout") != _layout():
        return None
    columns: dict[str, dict[str, tuple[array, array]]] = {}
    unpack = _unpack_column
    for coder, code, segments, own in conn.execute(
        "SELECT coder, code, segments, own FROM columns"
    ):
        columns.setdefault(coder, {})[code] = (unpack(segments), unpack(own))
    return CodeCounts(meta["documents"], columns)


def _read(project: Project, conn: sqlite3.Connection, *, text: bool) -> Corpus:
    body = "body" if text else "''"
    root = project.root
    loads = json.loads
    docs = []
    turns: dict[str, list[SpeakerTurn]] = {}
    for rel, doc_id, kind, title, date, meta, doc_body, doc_turns in conn.execute(
        "SELECT path, id, kind, title, date, "
        "'[' || participants || ',' || attributes || ',' || extra || ']', "
        f"{body}, turns FROM documents"
    ):
        participants, attributes, extra = loads(meta)  # one JSON parse per document
        docs.append(
            Document(
                id=doc_id,
                kind=kind,
                title=title,
                body=doc_body,
                date=date,
                participants=tuple(participants),
                attributes=attributes,
                path=root / rel,
                extra=extra,
            )
        )
        if doc_turns != "[]":
            turns[doc_id] = [
                SpeakerTurn(t[2], t[3], t[4], t[0], t[1], t[5]) for t in loads(doc_turns)
            ]
        else:
            turns[doc_id] = []
    check_unique_ids(project, docs)
    docs.sort(key=lambda d: d.id)
    stale: list[Row]
    if text:
        query = (
            'SELECT document, start, "end", code, coder, text, memo FROM segments WHERE current='
        )
        current: list[Row] = conn.execute(query + "1").fetchall()
        stale = conn.execute(query + "0").fetchall()
        return Corpus(docs, unique_rows(current), unique_rows(stale), has_text=True, turns=turns)
    # Counting: the count columns; the current segments of each document
    # (packed, sorted and unique) are parsed only if a report asks for them.
    packed = conn.execute("SELECT document, spans FROM packed ORDER BY document").fetchall()

    def load_rows() -> list[Row]:
        loads = json.loads
        rows: list[Row] = []
        for doc_id, spans in packed:
            flat = iter(loads(spans))
            rows += [
                (doc_id, a, b, c, d, "", "")
                for a, b, c, d in zip(flat, flat, flat, flat, strict=False)
            ]
        return rows

    def load_spans() -> Iterator[tuple[str, list[Any]]]:
        loads = json.loads
        for doc_id, spans in packed:
            flat = iter(loads(spans))
            yield doc_id, list(zip(flat, flat, flat, flat, strict=False))

    stale = conn.execute(
        "SELECT document, start, \"end\", code, coder, '', '' FROM segments WHERE current=0"
    ).fetchall()
    counts = _read_columns(conn)
    if counts is not None and counts.documents != [d.id for d in docs]:
        counts = None  # cannot happen while refresh keeps them; count from the spans
    return Corpus(
        docs,
        None,
        unique_rows(stale),
        has_text=False,
        counts=counts,
        load_rows=load_rows,
        load_spans=load_spans,
        turns=turns,
    )
