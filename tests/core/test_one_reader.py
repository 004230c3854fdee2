"""One reader of document files: the store, the index, ``check`` and import agree.

A document that starts with a UTF-8 byte-order mark used to work through the
index (which dropped the BOM) but fail with ``--no-index`` and in ``notes
list`` (the store read it as text starting with U+FEFF, so no front matter).
Every path now goes through :func:`qualcode.store.frontmatter.decode_document`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.analysis import load_corpus
from qualcode.models import Segment
from qualcode.store import atomic
from qualcode.store.codings import save_segments
from qualcode.store.project import Project, read_document

CODEBOOK = "codes:\n  - name: trust\n    children:\n      - name: distrust\n  - name: fair\n"
FRONT = (
    "---\nid: 2010-10-06-clara\nkind: interview\ndate: '2010-10-06'\n"
    "title: Interview with Clara\nparticipants: [Clara]\n---\n"
)
BODY = (
    "Entrevistadora: ¿Y la municipalidad?\n\n"
    "Clara: La municipalidad nos presta la plaza, pero quiere decidir todo.\n\n"
    "Clara: Con la feria ganamos “confianza” entre nosotras.\n"
)


def _messy(text: str, *, bom: bool, crlf: bool, nfd: bool) -> bytes:
    if nfd:
        text = unicodedata.normalize("NFD", text)
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def _project(root: Path, data: bytes, *, code: bool = True) -> Project:
    project = Project.init(root, name="messy")
    atomic.write_text(project.codebooks_dir / "book.yaml", CODEBOOK)
    path = project.fieldnotes_dir / "interviews" / "2010-10-06-clara.md"
    path.write_bytes(data)
    if code:
        body = BODY  # what every reader must make of the messy bytes
        segments = []
        for text, code_path in (("quiere decidir todo", "trust/distrust"), ("confianza", "trust")):
            if text in body:
                start = body.index(text)
                segments.append(
                    Segment("2010-10-06-clara", start, start + len(text), code_path, "ana", text)
                )
        if segments:
            save_segments(project, "ana", "2010-10-06-clara", segments)
    return project


def test_a_document_with_a_byte_order_mark_reads_the_same_everywhere(
    tmp_path: Path, run: Callable[..., object]
) -> None:
    project = _project(tmp_path / "p", _messy(FRONT + BODY, bom=True, crlf=False, nfd=False))
    doc = read_document(project.fieldnotes_dir / "interviews" / "2010-10-06-clara.md")
    assert doc.id == "2010-10-06-clara" and doc.body == BODY
    listed = run("notes", "list", "-p", project.root, "-f", "csv").stdout  # type: ignore[attr-defined]
    assert "2010-10-06-clara" in listed
    with_index = run("tally", "-p", project.root, "-f", "csv").stdout  # type: ignore[attr-defined]
    without = run("tally", "-p", project.root, "-f", "csv", "--no-index").stdout  # type: ignore[attr-defined]
    assert with_index == without
    assert "trust,trust,1,2," in with_index
    run("check", "-p", project.root)
    files = load_corpus(project, use_index=False)
    cached = load_corpus(project)
    assert files.rows == cached.rows and files.documents[0].body == cached.documents[0].body


def test_import_reads_a_markdown_source_with_the_same_reader(
    tmp_path: Path, run: Callable[..., object]
) -> None:
    project = Project.init(tmp_path / "p", name="messy")
    source = tmp_path / "notes.md"
    source.write_bytes(_messy("---\ntitle: Notas\n---\n" + BODY, bom=True, crlf=True, nfd=True))
    run("import", source, "-p", project.root, "--kind", "interview", "--date", "2010-10-06")
    (doc,) = project.documents()
    assert doc.title == "Notas"
    # BOM gone, LF, NFC, as the store reads it back (the unregistered speaker is renamed)
    assert doc.body == BODY.replace("Clara:", "Speaker 1:")


def test_a_stored_document_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p", name="messy")
    path = project.fieldnotes_dir / "interviews" / "x.md"
    path.write_bytes((FRONT + "Clara: año\n").encode("cp1252"))
    import pytest

    from qualcode.errors import InvalidData

    with pytest.raises(InvalidData) as caught:
        project.documents()
    assert caught.value.path == path and "not UTF-8" in caught.value.message


# --- the report commands give the same output with and without the index -------------

TEXTS = st.sampled_from(
    [
        "",  # an empty body
        BODY,
        "Clara: “Confianza” — dijo — y después ‘desconfianza’.\n",
        "Notas de campo sin turnos: la feria y la municipalidad.\n\nOtro párrafo.\n",
        "Interviewer: ¿Y la municipalidad?\n\nClara: quiere decidir todo, confianza.\n",
    ]
)
REPORTS = [
    ("tally", "-f", "csv"),
    ("tally", "--by", "participant", "-f", "json"),
    ("tally", "--by", "speaker", "-f", "csv"),
    ("quotes", "trust", "-f", "json"),
    ("cooccur", "-f", "csv"),
    ("matrix", "--cols", "participants", "-f", "csv"),
    ("grep", "confianza", "-f", "csv"),
    ("notes", "list", "-f", "csv"),
]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    texts=st.lists(TEXTS, min_size=1, max_size=3),
    bom=st.lists(st.booleans(), min_size=3, max_size=3),
    crlf=st.lists(st.booleans(), min_size=3, max_size=3),
    nfd=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_reports_are_the_same_with_and_without_the_index(
    tmp_path_factory, run, texts: list[str], bom: list[bool], crlf: list[bool], nfd: list[bool]
) -> None:
    root = tmp_path_factory.mktemp("messy")
    project = Project.init(root / "p", name="messy")
    atomic.write_text(project.codebooks_dir / "book.yaml", CODEBOOK)
    for number, text in enumerate(texts):
        doc_id = f"2010-10-0{number + 1}-doc"
        front = FRONT.replace("2010-10-06-clara", doc_id)
        path = project.fieldnotes_dir / "interviews" / f"{doc_id}.md"
        path.write_bytes(_messy(front + text, bom=bom[number], crlf=crlf[number], nfd=nfd[number]))
        segments = []
        for word, code in (("confianza", "trust"), ("municipalidad", "trust/distrust")):
            if word in text:
                start = text.index(word)
                segments.append(Segment(doc_id, start, start + len(word), code, "ana", word))
        if segments:
            save_segments(project, "ana", doc_id, segments)
    for args in REPORTS:
        first = run(*args, "-p", project.root)  # builds the index
        cached = run(*args, "-p", project.root)  # reads it
        files = run(*args, "-p", project.root, "--no-index") if args[0] != "notes" else cached
        assert first.stdout == cached.stdout == files.stdout, args  # type: ignore[attr-defined]
        assert first.stderr == files.stderr, args  # type: ignore[attr-defined]
