"""Memos in memos/: store, links through codebook edits, coding memos alike, quotes beside memos."""

from __future__ import annotations

import pytest

from qualcode.analysis import load_corpus
from qualcode.analysis.quotes import retrieve
from qualcode.codebook.edit import merge_codes, move_code, remove_code, rename_code
from qualcode.codebook.tree import load_codebook
from qualcode.errors import InvalidArgument, InvalidData, NotFound
from qualcode.models import Segment
from qualcode.store.codings import save_segments
from qualcode.store.documents import new_document
from qualcode.store.memos import (
    SegmentLink,
    all_memos,
    coding_memos,
    find_memo,
    load_memos,
    new_memo,
    parse_segment_ref,
    read_memo,
)

CODEBOOK = """codes:
  - name: trust
    children:
      - distrust
  - name: c-factor
    children:
      - confianza
"""


@pytest.fixture
def coded(project):
    project.codebooks_dir.joinpath("c.yaml").write_text(CODEBOOK, encoding="utf-8")
    doc = new_document(
        project,
        kind="interview",
        title="Entrevista con Clara",
        date="2010-10-06",
        body="Clara: La confianza se construye haciendo.\r\nNadie confía en la caja común.\n",
        participants=["Clara"],
    )
    start = doc.body.index("Nadie")
    save_segments(
        project,
        "ana",
        doc.id,
        [
            Segment(doc.id, 7, 42, "trust", "ana", doc.body[7:42], "Clara’s “haciendo” matters"),
            Segment(
                doc.id, start, start + 30, "trust/distrust", "ana", doc.body[start : start + 30]
            ),
        ],
    )
    return project, doc


def test_new_memo_is_markdown_with_front_matter(coded):
    project, doc = coded
    memo = new_memo(
        project,
        title="  Confianza  y   caja ",
        body="Primera línea\r\nsegunda línea",
        code="trust",
        document=doc.id,
        author="ana",
        created="2010-10-20T18:30:00",
    )
    assert memo.id == "2010-10-20-confianza-y-caja" and memo.title == "Confianza y caja"
    text = memo.path.read_text(encoding="utf-8")
    assert text.startswith("---\nid: 2010-10-20-confianza-y-caja\ntitle: Confianza y caja\n")
    assert "created: '2010-10-20T18:30:00'" in text and "\r" not in text
    assert text.endswith("---\nPrimera línea\nsegunda línea\n")
    assert read_memo(memo.path) == memo
    again = new_memo(project, title="Confianza y caja", body="x", created="2010-10-20")
    assert again.id == "2010-10-20-confianza-y-caja-2"
    with pytest.raises(InvalidArgument):
        new_memo(project, title="   ", body="x")


def test_memo_links_follow_rename_move_and_merge(coded):
    project, _ = coded
    memo = new_memo(project, title="Sobre la desconfianza", body="x", code="trust/distrust")
    rename_code(project, "trust/distrust", "mistrust")
    assert read_memo(memo.path).code == "trust/mistrust"
    move_code(project, "trust/mistrust", "c-factor")
    assert read_memo(memo.path).code == "c-factor/mistrust"
    merge_codes(project, "c-factor/mistrust", "c-factor/confianza")
    assert read_memo(memo.path).code == "c-factor/confianza"
    other = new_memo(project, title="Sobre trust", body="y", code="trust")
    remove_code(project, "trust", force=True)
    kept = read_memo(other.path)
    assert kept.code is None and kept.extra["removed_code"] == "trust" and kept.body == "y\n"


def test_rename_dry_run_leaves_memos(coded):
    project, _ = coded
    memo = new_memo(project, title="t", body="x", code="trust")
    result = rename_code(project, "trust", "confidence", dry_run=True)
    assert read_memo(memo.path).code == "trust"
    assert project.relative(memo.path) in result.changed


def test_coding_memos_are_memos_too(coded):
    project, doc = coded
    (memo,) = coding_memos(project)
    assert memo.kind == "coding" and memo.code == "trust" and memo.author == "ana"
    assert memo.id == f"coding/ana/{doc.id}/7-42/trust"
    assert memo.segment == SegmentLink(doc.id, 7, 42, doc.body[7:42], code="trust", coder="ana")
    assert find_memo(project, memo.id) == memo
    new_memo(project, title="Un memo", body="z")
    assert [m.kind for m in all_memos(project)] == ["memo", "coding"]
    assert find_memo(project, "un-memo").title == "Un memo"
    with pytest.raises(NotFound):
        find_memo(project, "nada")


def test_bad_memo_files_name_file_and_line(project):
    project.memos_dir.joinpath("x.md").write_text(
        "---\nid: x\ntitle: ok\nsegment: {document: d}\n---\nbody\n", encoding="utf-8"
    )
    with pytest.raises(InvalidData) as error:
        load_memos(project)
    assert error.value.line == 4 and error.value.path.name == "x.md"
    with pytest.raises(InvalidArgument):
        parse_segment_ref("doc:9-3")
    assert parse_segment_ref("2010-10-06-x:3-9") == ("2010-10-06-x", 3, 9)


def test_quotes_with_memos(coded):
    project, doc = coded
    new_memo(project, title="Sobre la confianza", body="Código en general.", code="trust")
    new_memo(project, title="Sobre Clara", body="El documento.", document=doc.id)
    new_memo(
        project,
        title="Ese pasaje",
        body="El pasaje.",
        segment=SegmentLink(doc.id, 0, 20, doc.body[0:20]),
    )
    new_memo(project, title="Lejos", body="No toca.", segment=SegmentLink(doc.id, 60, 70, ""))
    corpus = load_corpus(project, use_index=False)
    book = load_codebook(project.codebooks_dir)
    result = retrieve(corpus, book, ["trust"]).with_memos(all_memos(project), book)
    table = result.table()
    assert table.columns[-1] == "memos"
    first = table.rows[0][-1]
    assert "Sobre Clara: El documento." in first and "Ese pasaje: El pasaje." in first
    assert "Clara’s “haciendo” matters" in first and not any("Lejos" in m for m in first)
    markdown = result.to_markdown()
    assert markdown.startswith("**Memo: Sobre la confianza**")
    assert "*Memo:* Clara’s “haciendo” matters" in markdown
    plain = retrieve(corpus, book, ["trust"]).table()
    assert "memos" not in plain.columns
