"""REFI-QDA projects: export (XSD, GUIDs, contents), import of real files, round trips, hostile archives."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import xmlschema
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qualcode.analysis import load_corpus
from qualcode.analysis.quotes import retrieve
from qualcode.analysis.tally import tally
from qualcode.codebook.tree import load_codebook
from qualcode.demo import create_demo_project
from qualcode.errors import AlreadyExists, ExchangeError
from qualcode.exchange.refi import schema_path
from qualcode.exchange.refi.codebook import code_guid, write_codebook
from qualcode.exchange.refi.export import export_project, write_export
from qualcode.exchange.refi.offsets import convert_offsets
from qualcode.exchange.refi.project import import_project
from qualcode.models import Segment
from qualcode.pseudonymise.importing import project_pseudonymiser
from qualcode.pseudonymise.key import add_entry
from qualcode.pseudonymise.key_file import key_path, load_key, save_key
from qualcode.store.codings import load_segments, save_segments
from qualcode.store.memos import SegmentLink, load_memos, new_memo
from qualcode.store.project import Project
from tests.conftest import real_input

NS = "{urn:QDA-XML:project:1.0}"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(schema_path("Project.xsd")))


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    project = create_demo_project(tmp_path_factory.mktemp("ex") / "demo")
    new_memo(
        project,
        title="Trust after the fair",
        body="Since the fair, Clara speaks of trust as something earned.\n",
        code="trust",
        author="ana",
        created="2010-10-20T18:30:00",
    )
    new_memo(
        project,
        title="Pancho's humour",
        body="He jokes to soften hard things.\n",
        document="2010-10-06-pancho-network-representative",
        created="2010-10-21",
    )
    doc = project.document("2010-10-06-pancho-network-representative")
    new_memo(
        project,
        title="Two friends each",
        body="The joke carries the argument.\n",
        segment=SegmentLink(doc.id, 105, 395, doc.body[105:395]),
        created="2010-10-22T09:00:00",
    )
    new_memo(project, title="Overall", body="A memo about the whole study.\n", created="2010-10-23")
    return project


@pytest.fixture(scope="module")
def exported(example):
    return export_project(example, use_index=False)


def fresh(tmp_path: Path, name: str = "new") -> Project:
    return Project.init(tmp_path / name, name="Fresh")


def do_import(project: Project, path: Path, **kwargs):
    return import_project(project, path, pseudonymiser=project_pseudonymiser(project), **kwargs)


def test_export_validates_against_the_bundled_xsd_and_is_byte_stable(schema, example, exported):
    schema.validate(exported.qde)
    assert export_project(example, use_index=False).data == exported.data
    assert exported.qde.startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0"'
    )


def test_export_uses_the_codebook_export_guids(example, exported):
    book = load_codebook(example.codebooks_dir)
    qdc = write_codebook(book)
    qdc_guids = re.findall(r'<Code guid="([^"]+)"', qdc)
    qde_guids = re.findall(r'<Code guid="([^"]+)"', exported.qde)
    assert qdc_guids == qde_guids == [code_guid(c) for c in book]


def test_export_contents(example, exported):
    from defusedxml.ElementTree import fromstring

    root = fromstring(exported.qde.encode())
    users = [u.get("name") for u in root.iter(f"{NS}User")]
    assert users == ["ana", "auto", "tomas"]
    variables = {v.get("name"): v.get("typeOfVariable") for v in root.iter(f"{NS}Variable")}
    assert variables["Document kind"] == "Text" and variables["Document date"] == "Date"
    assert variables["generation"] == "Text" and "feria-2008: comuna" in variables
    cases = {c.get("name") for c in root.iter(f"{NS}Case")}
    assert {"Clara", "Pancho"} <= cases and "feria-2008/P01" in cases
    sources = {s.get("name"): s for s in root.iter(f"{NS}TextSource")}
    pancho = sources["2010-10-06-pancho-network-representative"]
    assert pancho.get("plainTextPath") == f"internal://{pancho.get('guid')}.txt"
    selections = list(pancho.iter(f"{NS}PlainTextSelection"))
    first = next(
        s for s in selections if (s.get("startPosition"), s.get("endPosition")) == ("105", "395")
    )
    assert len(list(first.iter(f"{NS}Coding"))) >= 2  # trust and trust/distrust on one span
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        text = archive.read(f"sources/{pancho.get('guid')}.txt").decode("utf-8")
    body = example.document(pancho.get("name")).body
    assert text == body and text[105:395].startswith("Pancho: Because we are a country")
    notes = {n.get("name") for n in root.iter(f"{NS}Note")}
    assert {"Trust after the fair", "Pancho's humour", "Two friends each", "Overall"} <= notes
    assert exported.responses > 0 and "feria-2008/P02" in sources
    assert exported.warnings == []


def test_export_never_carries_the_key_or_real_names(tmp_path):
    import qualcode.demo

    project = create_demo_project(tmp_path / "demo")
    key = load_key(Path(qualcode.demo.__file__).parent / "people.yaml")
    result = export_project(project, use_index=False)
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        names = archive.namelist()
        blob = b"".join(archive.read(n) for n in names).decode("utf-8")
    assert all(n == "project.qde" or re.fullmatch(r"sources/[0-9a-f-]{36}\.txt", n) for n in names)
    reals = [e.real for e in key.entries]
    assert reals and not [r for r in reals if r in blob]


def check_identical(a: Project, b: Project) -> None:
    ca, cb = load_corpus(a, use_index=False), load_corpus(b, use_index=False)
    assert ca.rows == cb.rows
    book_a, book_b = load_codebook(a.codebooks_dir), load_codebook(b.codebooks_dir)
    assert list(book_a.codes) == list(book_b.codes)
    assert tally(ca, book_a).table().rows == tally(cb, book_b).table().rows
    for code in book_a.roots():
        qa = retrieve(ca, book_a, [code.path], settings=a.settings).table().rows
        qb = retrieve(cb, book_b, [code.path], settings=b.settings).table().rows
        assert qa == qb
    for da, db in zip(ca.documents, cb.documents, strict=True):
        assert (da.id, da.kind, da.date, da.title, da.participants, dict(da.attributes)) == (
            db.id,
            db.kind,
            db.date,
            db.title,
            db.participants,
            dict(db.attributes),
        )


def test_example_round_trip_gives_identical_tally_quotes_and_memos(tmp_path, example, exported):
    archive = write_export(exported, tmp_path / "example.qdpx")
    target = fresh(tmp_path)
    result = do_import(target, archive)
    assert result.coders == ["ana", "auto", "tomas"]
    assert result.codes_added == len(load_codebook(example.codebooks_dir))
    check_identical(example, target)
    strip = lambda memos: [(m.id, m.title, m.body, m.code, m.document, m.segment) for m in memos]  # noqa: E731
    assert strip(load_memos(target)) == strip(load_memos(example))
    assert [m.created for m in load_memos(target)] == [m.created for m in load_memos(example)]
    coding_memos = [s for s in load_segments(target) if s.memo]
    assert len(coding_memos) == len([s for s in load_segments(example) if s.memo]) > 0
    assert any("survey response" in w for w in result.warnings)
    # the export of the import is the export of the original
    again = export_project(target, use_index=False)

    def spans(qde: str) -> list[tuple[str, str, str]]:
        from defusedxml.ElementTree import fromstring

        return sorted(
            (source.get("name"), s.get("startPosition"), s.get("endPosition"))
            for source in fromstring(qde.encode()).iter(f"{NS}TextSource")
            if "/" not in source.get("name")
            for s in source.iter(f"{NS}PlainTextSelection")
        )

    assert spans(again.qde) == spans(exported.qde)


def test_import_is_all_or_nothing_and_refuses_a_taken_id(tmp_path, exported):
    archive = write_export(exported, tmp_path / "example.qdpx")
    target = fresh(tmp_path)
    do_import(target, archive, dry_run=True)
    assert not any(target.codings_dir.iterdir()) and not target.documents()
    do_import(target, archive)
    before = sorted(p.relative_to(target.root) for p in target.root.rglob("*") if p.is_file())
    with pytest.raises(AlreadyExists):
        do_import(target, archive)
    after = sorted(p.relative_to(target.root) for p in target.root.rglob("*") if p.is_file())
    assert before == after
    skipped = do_import(target, archive, if_exists="skip")
    assert skipped.documents == []


def test_import_pseudonymises_through_the_key(tmp_path):
    source = fresh(tmp_path, "src")
    from qualcode.store.documents import new_document

    doc = new_document(
        source,
        kind="interview",
        title="Entrevista con Rosalía",
        body="Rosalía Fuentes: La feria nos dio confianza. Escriban a rosalia@example.org.\n",
        participants=["Rosalía Fuentes"],
    )
    start = doc.body.index("La feria")
    save_segments(
        source,
        "ana",
        doc.id,
        [Segment(doc.id, start, start + 26, "trust", "ana", doc.body[start : start + 26])],
    )
    source.codebooks_dir.joinpath("c.yaml").write_text("codes:\n  - trust\n", encoding="utf-8")
    archive = write_export(export_project(source, use_index=False), tmp_path / "s.qdpx")
    target = fresh(tmp_path)
    key = load_key(key_path(target))
    add_entry(
        key, "Rosalía Fuentes Vidal", pseudonym="Clara", aliases=["Rosalía", "Rosalía Fuentes"]
    )
    save_key(key)
    result = import_project(target, archive, pseudonymiser=project_pseudonymiser(target))
    (imported,) = target.documents()
    assert "Rosalía" not in imported.body and "Clara" in imported.body
    assert "[EMAIL-1]" in imported.body and imported.participants == ("Clara",)
    assert "rosalia" not in imported.id and "Rosal" not in imported.title
    (seg,) = load_segments(target)
    assert seg.text == "La feria nos dio confianza" == imported.body[seg.start : seg.end]
    assert result.results and result.results[0][1].replacements


# --- real files -----------------------------------------------------------------


def test_real_qc_export_bare_paths_and_multi_coded_selections(tmp_path):
    path = real_input("codebook", "qc_demo_project_pseudonymised.qdpx")
    target = fresh(tmp_path)
    result = do_import(target, path)
    assert sorted(result.documents) == ["admin-1", "board-2017"]
    assert result.segments == 205 and result.coders == ["cp"] and result.codes_added == 262
    segments = load_segments(target)
    board = target.document("board-2017")
    line6 = board.body.split("\n")[6]
    assert any(s.document == "board-2017" and s.text.rstrip("\n") == line6 for s in segments)
    corpus = load_corpus(target, use_index=False)
    assert not corpus.stale_rows and len(corpus.rows) == 205


def test_real_nvivo_codebook_only_export(tmp_path):
    path = real_input("codebook", "nvivo15_mac_codebook_only_export.qdpx")
    target = fresh(tmp_path)
    result = do_import(target, path)
    assert result.documents == [] and result.codes_added == 262 and result.segments == 0
    assert sum("has no text" in w for w in result.warnings) == 2


def test_real_hand_authored_project_with_overlaps_media_cases_and_notes(tmp_path):
    path = real_input("refi", "ornio-hand-authored", "project.qde")
    target = fresh(tmp_path)
    result = do_import(target, path, kind="interview")
    assert result.documents == ["interview-1"] and result.coders == ["researcher-a"]
    named = " ".join(result.warnings)
    for media in ("photo.jpg", "doc.pdf", "interview.m4a", "clip.mp4"):
        assert media in named
    doc = target.document("interview-1")
    assert doc.participants == ("Participant 1",) and doc.attributes == {
        "Age": 34,
        "Consented": True,
    }
    spans = sorted((s.start, s.end, s.code) for s in load_segments(target))
    assert spans == [(0, 15, "topics/health"), (9, 23, "topics/health/diet")]
    (memo,) = load_memos(target)
    assert memo.title == "Research memo" and memo.segment == SegmentLink(
        "interview-1", 0, 15, "Diet and health"
    )
    assert not load_codebook(target.codebooks_dir).codes["topics"].codable


def test_loose_qde_without_its_sources_warns_per_source(tmp_path):
    path = real_input("refi", "qc-demo", "project.qde")
    result = do_import(fresh(tmp_path), path)
    assert result.documents == [] and sum("not in the archive" in w for w in result.warnings) == 2


# --- real-file variance, built here ---------------------------------------------------


def qdpx(
    tmp_path: Path,
    qde: str,
    files: dict[str, bytes],
    name: str = "x.qdpx",
    qde_name: str = "project.qde",
) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde_name, qde.encode("utf-8"))
        for member, data in files.items():
            archive.writestr(member, data)
    return path


def project_xml(
    source: str, selections: list[tuple[int, int]], namespace: str = "urn:QDA-XML:project:1.0"
) -> str:
    sels = "".join(
        f'<PlainTextSelection guid="5{i:07d}-0000-0000-0000-000000000000" startPosition="{a}" endPosition="{b}">'
        f'<Coding guid="6{i:07d}-0000-0000-0000-000000000000"><CodeRef targetGUID="20000000-0000-0000-0000-000000000001"/></Coding>'
        "</PlainTextSelection>"
        for i, (a, b) in enumerate(selections)
    )
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Project{xmlns} name="Estudio">'
        '<CodeBook><Codes><Code guid="20000000-0000-0000-0000-000000000001" name="Confianza" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="40000000-0000-0000-0000-000000000001" name="Entrevista Ñuñoa.txt" plainTextPath="{source}">{sels}</TextSource></Sources>'
        "</Project>"
    )


TEXT = "Eliana: Con la feria 👍🏻 ganamos confianza.\nDespués compramos juntas 🧵 los materiales.\n"
WORDS = ("ganamos confianza", "compramos juntas", "materiales")


def units(text: str, word: str, *, utf16: bool = False, crlf: bool = False) -> tuple[int, int]:
    start = text.index(word)
    end = start + len(word)

    def count(upto: int) -> int:
        chunk = text[:upto]
        n = len(chunk.encode("utf-16-le")) // 2 if utf16 else len(chunk)
        return n + (chunk.count("\n") if crlf else 0)

    return count(start), count(end)


@pytest.mark.parametrize(
    ("utf16", "crlf", "said"),
    [(False, False, None), (True, False, "UTF-16"), (False, True, "CRLF"), (True, True, "UTF-16")],
)
def test_offsets_in_other_units_are_detected_converted_and_reported(tmp_path, utf16, crlf, said):
    spans = [units(TEXT, w, utf16=utf16, crlf=crlf) for w in WORDS]
    path = qdpx(
        tmp_path,
        project_xml("internal://a.txt", spans),
        {"Sources/A.TXT": TEXT.encode("utf-8-sig")},
        qde_name="Estudio.qde",
    )
    target = fresh(tmp_path)
    result = do_import(target, path)
    texts = sorted(s.text for s in load_segments(target))
    assert texts == sorted(WORDS)
    notes = [w for w in result.warnings if "positions read as" in w]
    if said is None:
        assert notes == []
    else:
        assert len(notes) == 1 and said in notes[0] and "3 of 3 selections" in notes[0]


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:project:1:0", "urn:QDA-XML:project:0:4", ""])
@pytest.mark.parametrize("path_form", ["relative://a.txt", "a.txt", "internal://a.txt"])
def test_namespace_variants_and_path_forms(tmp_path, namespace, path_form):
    spans = [units(TEXT, w) for w in WORDS]
    crlf = TEXT.replace("\n", "\r\n").encode("utf-8")
    path = qdpx(tmp_path, project_xml(path_form, spans, namespace), {"sources/a.txt": crlf})
    target = fresh(tmp_path)
    do_import(target, path)
    (doc,) = target.documents()
    assert "\r" not in doc.body and doc.id == "entrevista-nunoa"
    # CRLF stored and counted as two: the word-boundary test picks that count
    assert sorted(s.text for s in load_segments(target)) == sorted(WORDS)


def test_absolute_paths_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private words", encoding="utf-8")
    path = qdpx(tmp_path, project_xml(f"absolute://{secret}", []), {})
    result = do_import(fresh(tmp_path), path)
    assert result.documents == [] and any("outside the archive" in w for w in result.warnings)


def test_zip_slip_members_are_ignored_and_never_written(tmp_path):
    path = qdpx(
        tmp_path,
        project_xml("internal://../../evil.txt", []),
        {"../../evil.txt": b"x", "sources/ok.txt": b"fine"},
    )
    result = do_import(fresh(tmp_path), path)
    assert not (tmp_path.parent / "evil.txt").exists()
    assert any("outside the archive" in w for w in result.warnings)


def test_entity_bomb_is_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>'
    )
    with pytest.raises(ExchangeError, match="unsafe XML"):
        do_import(fresh(tmp_path), qdpx(tmp_path, bomb, {}))


def test_archive_bombs_are_refused_before_reading(tmp_path, monkeypatch):
    import qualcode.exchange.refi.archive as archive

    ratio = tmp_path / "ratio.qdpx"
    with zipfile.ZipFile(ratio, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", project_xml("internal://a.txt", []))
        z.writestr("sources/a.txt", b"a" * (3 * 2**20))
    with pytest.raises(ExchangeError, match="zip bomb"):
        do_import(fresh(tmp_path), ratio)
    monkeypatch.setattr(archive, "MAX_ENTRIES", 3)
    many = qdpx(
        tmp_path,
        project_xml("a.txt", []),
        {f"sources/{i}.txt": b"x" for i in range(5)},
        name="many.qdpx",
    )
    with pytest.raises(ExchangeError, match="members"):
        do_import(fresh(tmp_path, "n2"), many)
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 100)
    big = qdpx(
        tmp_path,
        project_xml("a.txt", []),
        {"sources/a.txt": bytes(range(256)) * 2},
        name="big.qdpx",
    )
    with pytest.raises(ExchangeError, match="MiB"):
        do_import(fresh(tmp_path, "n3"), big)


def test_not_a_project(tmp_path):
    junk = tmp_path / "junk.qdpx"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ExchangeError):
        do_import(fresh(tmp_path), junk)
    codebook = tmp_path / "c.qde"
    codebook.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', encoding="utf-8"
    )
    with pytest.raises(ExchangeError, match="codebook import"):
        do_import(fresh(tmp_path, "n2"), codebook)


# --- properties -----------------------------------------------------------------------

_words = st.text(alphabet="abcdeñáé🙂 ", min_size=1, max_size=12)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(_words, min_size=1, max_size=6),
    picks=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=6),
)
def test_export_import_round_trip_property(tmp_path_factory, lines, picks):
    assume("".join(lines).strip())  # a document with no text is not imported (as 'import')
    base = tmp_path_factory.mktemp("prop")
    source = Project.init(base / "src")
    source.codebooks_dir.joinpath("c.yaml").write_text("codes:\n  - a\n  - b\n", encoding="utf-8")
    from qualcode.store.documents import new_document

    doc = new_document(source, kind="interview", title="Doc", body="\n".join(lines) + "\n")
    segs = []
    for index, (x, y) in enumerate(picks):
        start, end = sorted((x % (len(doc.body) + 1), y % (len(doc.body) + 1)))
        if start < end:
            code = "a" if index % 2 else "b"
            segs.append(Segment(doc.id, start, end, code, "ana", doc.body[start:end]))
    save_segments(source, "ana", doc.id, segs)
    archive = write_export(export_project(source, use_index=False), base / "p.qdpx")
    target = Project.init(base / "dst")
    do_import(target, archive)
    assert load_corpus(target, use_index=False).rows == load_corpus(source, use_index=False).rows


def test_convert_offsets_keeps_standard_positions():
    text = "uno dos\r\ntres 🙂 cuatro\n"
    spans = [(0, 3), (4, 7)]
    converted = convert_offsets(text, spans)
    assert [converted.body[a:b] for a, b in converted.spans] == ["uno", "dos"]
    assert not converted.changed
