"""The SQLite index: incremental, invisible in results, self-healing."""

from __future__ import annotations

import os
import sqlite3

import pytest

from qualcode.analysis import index, load_corpus
from qualcode.analysis.corpus import current_segments
from qualcode.analysis.quotes import retrieve
from qualcode.analysis.tally import tally
from qualcode.codebook.tree import load_codebook
from qualcode.errors import InvalidData
from qualcode.models import Document, Segment
from qualcode.store.project import Project
from tests.retrieval import build, index_file


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def outputs(project: Project, *, use_index: bool) -> list[str]:
    book = load_codebook(project.codebooks_dir)
    corpus = load_corpus(project, use_index=use_index)
    counted = load_corpus(project, use_index=use_index, text=False)
    return [
        tally(counted, book).table().to_json(),
        tally(counted, book, by="participant").table().to_csv(),
        retrieve(corpus, book, ["trust"]).table().to_json(),
    ]


def test_results_do_not_depend_on_the_index(coded: Project) -> None:
    plain = outputs(coded, use_index=False)
    assert not index_file(coded).exists()
    cold = outputs(coded, use_index=True)
    assert index_file(coded).exists()
    warm = outputs(coded, use_index=True)
    index_file(coded).unlink()
    again = outputs(coded, use_index=True)
    assert plain == cold == warm == again


def test_corpus_is_identical_through_the_index(coded: Project) -> None:
    plain = load_corpus(coded, use_index=False)
    cached = load_corpus(coded)
    cached = load_corpus(coded)
    assert plain.documents == cached.documents
    assert plain.segments == cached.segments
    assert plain.stale == cached.stale


def test_unchanged_files_are_not_parsed_again(coded: Project) -> None:
    load_corpus(coded)
    with sqlite3.connect(index_file(coded)) as conn:
        # files written within the last two seconds are looked at again once
        conn.execute("UPDATE files SET size = -1")
    conn.close()
    load_corpus(coded)
    conn = sqlite3.connect(index_file(coded), isolation_level=None)
    try:
        assert index.refresh(coded, conn) == 0
    finally:
        conn.close()


def test_edits_are_picked_up(coded: Project) -> None:
    load_corpus(coded)
    doc = coded.document("2010-10-06-clara")
    edited = doc.body.replace("decides everything", "decides nearly everything")
    coded.save_document(Document(**{**doc.__dict__, "body": edited}), replace=True)
    corpus = load_corpus(coded)
    assert len(corpus.stale) == 1
    assert corpus.document("2010-10-06-clara").body == edited
    # restoring the text makes the segment current again
    coded.save_document(Document(**{**doc.__dict__, "body": doc.body}), replace=True)
    assert load_corpus(coded).stale == []
    # a deleted document leaves its segments stale
    doc.path.unlink() if doc.path else None
    corpus = load_corpus(coded)
    assert corpus.document("2010-10-06-clara") is None
    assert len(corpus.stale) == 1


def test_same_size_and_mtime_edit_is_caught_by_the_hash(coded: Project) -> None:
    load_corpus(coded)
    path = coded.document("2010-10-06-clara").path
    assert path is not None
    st = path.stat()
    text = path.read_text(encoding="utf-8").replace("decides", "DECIDES")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    # the file was written just now, so the index must not have trusted its stat:
    # the cached corpus must equal the one read from the files after the edit
    assert load_corpus(coded).documents == load_corpus(coded, use_index=False).documents
    assert "DECIDES" in next(
        d.body for d in load_corpus(coded).documents if d.id == "2010-10-06-clara"
    )
    assert outputs(coded, use_index=True) == outputs(coded, use_index=False)


def test_a_corrupt_index_is_rebuilt(coded: Project) -> None:
    expected = outputs(coded, use_index=False)
    index_file(coded).write_bytes(b"this is not a database" * 100)
    assert outputs(coded, use_index=True) == expected
    with sqlite3.connect(index_file(coded)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4
    conn.close()


def test_an_old_schema_is_rebuilt(coded: Project) -> None:
    load_corpus(coded)
    conn = sqlite3.connect(index_file(coded), isolation_level=None)
    conn.execute("UPDATE meta SET value='0' WHERE key='schema'")
    conn.close()
    assert outputs(coded, use_index=True) == outputs(coded, use_index=False)


def test_an_unusable_index_falls_back_to_the_files(coded: Project) -> None:
    index_file(coded).mkdir(parents=True)  # a folder where the file should be
    assert outputs(coded, use_index=True) == outputs(coded, use_index=False)


def test_bad_files_raise_the_same_error_with_and_without_index(coded: Project) -> None:
    load_corpus(coded)
    bad = coded.fieldnotes_dir / "interviews" / "broken.md"
    bad.write_text("---\nid: [oops\n---\nbody\n", encoding="utf-8")
    with pytest.raises(InvalidData) as plain:
        load_corpus(coded, use_index=False)
    with pytest.raises(InvalidData) as cached:
        load_corpus(coded)
    assert str(plain.value) == str(cached.value)
    bad.unlink()
    assert len(load_corpus(coded).documents) == 4


def test_index_holds_only_project_text(coded: Project) -> None:
    load_corpus(coded)
    data = index_file(coded).read_bytes()
    assert b"people.yaml" not in data
    assert oct(coded.private_dir.stat().st_mode & 0o777) == "0o700"


def test_current_segments_re_anchors_and_leaves_out_lost_text() -> None:
    doc = Document(id="d", kind="interview", title="", body="confianza y comunidad")
    ok = Segment("d", 0, 9, "c", "ana", "confianza")
    moved = Segment("d", 2, 11, "c", "ana", "confianza")
    lost = Segment("d", 0, 5, "c", "ana", "paternalismo del Estado")
    current, stale = current_segments(doc, [ok, moved, lost])
    assert current == [ok, Segment("d", 0, 9, "c", "ana", "confianza")] and stale == [lost]
    assert current_segments(None, [ok]) == ([], [ok])


def test_concurrent_loads_agree(coded: Project) -> None:
    from concurrent.futures import ThreadPoolExecutor

    expected = load_corpus(coded, use_index=False)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: load_corpus(coded), range(8)))
    for corpus in results:
        assert corpus.rows == expected.rows
        assert corpus.documents == expected.documents


def test_document_and_codings_edited_together(coded: Project) -> None:
    from qualcode.store.codings import load_segments, save_segments

    load_corpus(coded)
    doc = coded.document("2010-10-06-clara")
    edited = "Preface line.\n" + doc.body
    coded.save_document(Document(**{**doc.__dict__, "body": edited}), replace=True)
    shifted = [
        Segment(s.document, s.start + 14, s.end + 14, s.code, s.coder, s.text)
        for s in load_segments(coded, coder="ana", document=doc.id)
    ]
    save_segments(coded, "ana", doc.id, shifted)
    corpus = load_corpus(coded)
    assert corpus.stale == []
    assert corpus.rows == load_corpus(coded, use_index=False).rows


def test_moved_document_file_is_followed(coded: Project) -> None:
    load_corpus(coded)
    doc = coded.document("2010-10-06-clara")
    assert doc.path is not None
    target = doc.path.parent / "sub" / doc.path.name
    target.parent.mkdir()
    doc.path.rename(target)
    corpus = load_corpus(coded)
    assert corpus.document(doc.id) is not None
    assert corpus.stale == []
    assert corpus.rows == load_corpus(coded, use_index=False).rows


def test_an_edit_above_coded_passages_re_anchors_them_in_tallies(coded: Project) -> None:
    """Segments follow their text when a document is edited (with and without the index)."""
    before_counts = (
        tally(load_corpus(coded, text=False), load_codebook(coded.codebooks_dir)).table().to_json()
    )
    load_corpus(coded)  # warm the index
    doc = coded.document("2010-10-06-clara")
    assert doc.path is not None
    text = doc.path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    doc.path.write_text(
        head + sep + "Nota añadida después: una línea nueva.\n\n" + body, encoding="utf-8"
    )
    warm = load_corpus(coded)
    assert not warm.stale
    assert (
        tally(load_corpus(coded, text=False), load_codebook(coded.codebooks_dir)).table().to_json()
        == before_counts
    )
    assert outputs(coded, use_index=True) == outputs(coded, use_index=False)


def test_a_busy_index_is_bypassed_not_an_error(
    coded: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from qualcode.store import locking

    expected = load_corpus(coded, use_index=False)
    monkeypatch.setenv(locking.TIMEOUT_VARIABLE, "0.2")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with coded.lock(locking.INDEX):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        assert index.load(coded) is None  # could not get the lock in time
        corpus = load_corpus(coded)  # so the files are read
    finally:
        release.set()
        thread.join()
    assert corpus.rows == expected.rows
    assert load_corpus(coded).rows == expected.rows  # and the index works again
