import uuid

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.codebook.importing import normalise_color
from qualcode.codebook.tree import Code, Codebook, load_codebook
from qualcode.demo import example_root
from qualcode.errors import AlreadyExists, ExchangeError, InvalidData
from qualcode.exchange.codebook_import import import_codebook
from qualcode.exchange.refi import schema_path
from qualcode.exchange.refi.codebook import code_guid, read_codebook, write_codebook
from qualcode.store.project import Project
from tests.conftest import REAL_INPUTS, real_input

FIELDS = ("path", "label", "description", "include", "exclude", "examples", "keywords", "color")


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(schema_path("Codebook.xsd")))


def example_book():
    return load_codebook(example_root() / "codebooks")


def test_bundled_schemas_are_byte_exact_copies():
    for name in ("Codebook.xsd", "Project.xsd"):
        original = REAL_INPUTS / "refi" / name
        if not original.exists():
            pytest.skip("real inputs not available")
        assert schema_path(name).read_bytes() == original.read_bytes()


def test_export_validates_against_the_xsd_and_is_stable(schema):
    book = example_book()
    xml = write_codebook(book)
    schema.validate(xml)
    assert xml == write_codebook(load_codebook(example_root() / "codebooks"))
    assert xml.count("<Code ") == 25
    assert 'xmlns="urn:QDA-XML:codebook:1.0"' in xml
    assert 'name="Cooperación"' in xml and 'color="#1f77b4"' in xml


def test_guids_stored_kept_derived_stable():
    assert code_guid(Code("a/b", "b", "B")) == code_guid(Code("a/b", "b", "Other label"))
    assert code_guid(Code("a/b", "b", "B")) != code_guid(Code("a/c", "c", "B"))
    kept = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    assert code_guid(Code("a", "a", "A", guid=kept)) == kept
    derived = code_guid(Code("a", "a", "A", guid="c001"))
    assert uuid.UUID(derived) and derived == code_guid(Code("x", "x", "X", guid="c001"))


def test_export_import_round_trip(tmp_path):
    book = example_book()
    source = tmp_path / "santiago.qdc"
    source.write_text(write_codebook(book), encoding="utf-8")
    project = Project.init(tmp_path / "other")
    target, imported = import_codebook(project, source)
    assert target.name == "santiago.yaml"
    assert imported.warnings == []
    again = load_codebook(project.codebooks_dir)
    assert [tuple(getattr(c, f) for f in FIELDS) for c in again] == [
        tuple(getattr(c, f) for f in FIELDS) for c in book
    ]
    # the guids derived at export are now stored, so a second export is identical
    assert write_codebook(again) == source.read_text(encoding="utf-8")


labels = st.text(alphabet=st.sampled_from("abcñáéí ZQ-/&<>\"'0"), min_size=1, max_size=12).filter(
    lambda s: s.strip() and s == s.strip() and "  " not in s
)
texts = st.text(alphabet=st.sampled_from('ab cdé.,;:&<>"’\n'), max_size=40).map(str.strip)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(labels, texts, st.sampled_from([None, "#a1b2c3", "#ffffff"])),
        min_size=1,
        max_size=5,
    )
)
def test_round_trip_property(tmp_path_factory, items):
    codes = {}
    for i, (label, description, color) in enumerate(items):
        name = f"code-{i}"
        path = name if i < 2 else f"code-0/{name}"
        codes[path] = Code(
            path,
            name,
            label,
            description=description,
            color=color,
            parent=None if i < 2 else "code-0",
        )
    children = tuple(p for p in codes if p.startswith("code-0/"))
    codes["code-0"] = Code(**{**codes["code-0"].__dict__, "children": children})
    order = ["code-0", *children] + (["code-1"] if "code-1" in codes else [])
    book = Codebook({p: codes[p] for p in order})
    folder = tmp_path_factory.mktemp("rt")
    qdc = folder / "x.qdc"
    qdc.write_text(write_codebook(book), encoding="utf-8")
    project = Project.init(folder / "p")
    import_codebook(project, qdc)
    again = load_codebook(project.codebooks_dir)
    assert [(c.path, c.label, c.description, c.color) for c in again] == [
        (c.path, c.label, c.description, c.color) for c in book
    ]


def test_openqda_example_imports_completely(tmp_path):
    source = real_input("refi", "openqda-examples", "example_codebook.qdc")
    project = Project.init(tmp_path / "p")
    target, imported = import_codebook(project, source, into="emotions")
    assert target.name == "emotions.yaml"
    book = load_codebook(project.codebooks_dir)
    assert len(book) == 44
    roots = book.roots()
    assert len(roots) == 4
    assert sum(len(r.children) for r in roots) == 40
    first = roots[0]
    assert first.path == "negativ-aufgeregt" and first.label == "Negativ/Aufgeregt"
    assert first.description == "All emotions with negative valence and positive arousal."
    assert first.color == "#e57373" and first.guid == "c001"
    assert all(c.description and c.color for c in roots)
    assert "guid" in imported.warnings[0]
    assert "negativ-aufgeregt/hurt-personally-offended" in book
    # exported again, the non-conforming guids are replaced and the file validates
    xmlschema.XMLSchema(str(schema_path("Codebook.xsd"))).validate(write_codebook(book))


def test_openqda_defect_is_a_one_line_error_with_the_line(tmp_path):
    source = real_input("refi", "openqda-examples", "example_codebook_defect.qdc")
    project = Project.init(tmp_path / "p")
    with pytest.raises(ExchangeError) as err:
        import_codebook(project, source)
    assert err.value.line == 132
    assert err.value.path == source
    assert "not well-formed XML" in err.value.message and "\n" not in str(err.value)
    assert not list(project.codebooks_dir.iterdir())


TAGUETTE = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1"><Codes>'
    '<Code guid="9B6E1C8A-8C7A-4C55-9D36-5A1F0B0E4C01" name="interesting" isCodable="true">'
    "<Description>Further review required</Description></Code>"
    '<Code guid="9B6E1C8A-8C7A-4C55-9D36-5A1F0B0E4C02" name="Trust issues" isCodable="true">'
    "<Description></Description></Code>"
    '<Code guid="9B6E1C8A-8C7A-4C55-9D36-5A1F0B0E4C03" name="Señoras &amp; the fair" isCodable="true"/>'
    "</Codes><Sets/></CodeBook>"
)


def test_taguette_style_minimal_codebook_imports(tmp_path):
    source = tmp_path / "codebook.qdc"
    source.write_text(TAGUETTE, encoding="utf-8")
    project = Project.init(tmp_path / "p")
    import_codebook(project, source)
    book = load_codebook(project.codebooks_dir)
    assert list(book.codes) == ["interesting", "trust-issues", "senoras-the-fair"]
    assert book.codes["senoras-the-fair"].label == "Señoras & the fair"
    assert book.codes["interesting"].description == "Further review required"


@pytest.mark.parametrize(
    "namespace", ["urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4", None]
)
def test_namespace_variants_folders_and_rgb_colours(tmp_path, namespace):
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    source = tmp_path / "atlas.qdc"
    source.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook{xmlns} origin="ATLAS.ti Win 23.4.0">\n'
        "<Codes>\n"
        '  <Code guid="{0F5F2C4E-1111-4B6A-9C62-2E8E0A6B7E10}" name="Valores" isCodable="false" color="rgb(255, 127, 14)">\n'
        '    <Code guid="x-1" name="Cooperación" isCodable="true" color="#FF7F0E80"/>\n'
        '    <Code guid="x-2" name="Cooperación" isCodable="true" color="#abc"/>\n'
        '    <Code name="Compartir" color="blue-ish"/>\n'
        "  </Code>\n</Codes>\n"
        '<Sets><Set guid="0F5F2C4E-1111-4B6A-9C62-2E8E0A6B7E11" name="s"><MemberCode guid="x-1"/></Set></Sets>\n'
        "</CodeBook>\n",
        encoding="utf-8",
    )
    project = Project.init(tmp_path / "p")
    _, imported = import_codebook(project, source)
    book = load_codebook(project.codebooks_dir)
    assert list(book.codes) == [
        "valores",
        "valores/cooperacion",
        "valores/cooperacion-2",
        "valores/compartir",
    ]
    assert book.codes["valores"].codable is False
    assert book.codes["valores"].color == "#ff7f0e"
    assert book.codes["valores/cooperacion"].color == "#7f0e80"
    assert book.codes["valores/cooperacion-2"].color == "#aabbcc"
    assert book.codes["valores/cooperacion-2"].label == "Cooperación"
    assert book.codes["valores/compartir"].color is None
    assert any("blue-ish" in w for w in imported.warnings)
    assert any("set" in w for w in imported.warnings)
    assert 'isCodable="false"' in write_codebook(book)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#1F77B4", "#1f77b4"),
        ("#abc", "#aabbcc"),
        ("#801f77b4", "#1f77b4"),
        ("rgb(31,119,180)", "#1f77b4"),
        ("31, 119, 180", "#1f77b4"),
        ("300,0,0", None),
        ("red", None),
    ],
)
def test_normalise_color(value, expected):
    assert normalise_color(value) == expected


def test_import_refuses_existing_file_and_duplicate_paths(tmp_path):
    project = Project.init(tmp_path / "p")
    source = tmp_path / "codebook.qdc"
    source.write_text(TAGUETTE, encoding="utf-8")
    import_codebook(project, source)
    with pytest.raises(AlreadyExists) as err:
        import_codebook(project, source)
    assert "--into" in err.value.hint
    with pytest.raises(InvalidData) as err:
        import_codebook(project, source, into="again")
    assert "already defined at codebooks/codebook.yaml" in err.value.message
    assert not (project.codebooks_dir / "again.yaml").exists()


def test_unsafe_and_foreign_xml(tmp_path):
    bomb = tmp_path / "bomb.qdc"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook><Codes/></CodeBook>',
        encoding="utf-8",
    )
    with pytest.raises(ExchangeError) as err:
        read_codebook(bomb)
    assert "unsafe" in err.value.message
    other = tmp_path / "other.qdc"
    other.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(ExchangeError) as err:
        read_codebook(other)
    assert "<html>" in err.value.message


def test_reads_the_codebook_of_a_qdpx_project():
    imported = read_codebook(real_input("codebook", "nvivo15_mac_codebook_only_export.qdpx"))
    assert imported.count() == 262


def test_line_breaks_in_descriptions_survive_the_round_trip(tmp_path):
    """Bug: '...\\nSecond line.' came back as '... Second line.'; #FF8800 gave a warning."""
    project = Project.init(tmp_path / "p")
    (project.codebooks_dir / "santiago.yaml").write_text(
        "codes:\n"
        "  - name: confianza\n"
        "    label: Confianza\n"
        "    color: '#FF8800'\n"
        '    description: "Relying on others.\\nSecond line.\\n\\nA new paragraph:\\n  - indented"\n'
        '    include: "Talk of trust,\\nor of its absence."\n',
        encoding="utf-8",
    )
    book = load_codebook(project.codebooks_dir)
    qdc = tmp_path / "x.qdc"
    qdc.write_text(write_codebook(book), encoding="utf-8")
    xmlschema.XMLSchema(str(schema_path("Codebook.xsd"))).validate(str(qdc))
    other = Project.init(tmp_path / "q")
    _, imported = import_codebook(other, qdc)
    assert imported.warnings == []
    code = load_codebook(other.codebooks_dir).codes["confianza"]
    assert code.description == "Relying on others.\nSecond line.\n\nA new paragraph:\n  - indented"
    assert code.include == "Talk of trust,\nor of its absence."
    assert code.color.lower() == "#ff8800"


def test_import_conflict_names_only_files_that_exist(tmp_path):
    project = Project.init(tmp_path / "p")
    (project.codebooks_dir / "santiago.yaml").write_text(
        "codes:\n  - name: trust\n", encoding="utf-8"
    )
    source = tmp_path / "codebook.qdc"
    source.write_text(TAGUETTE.replace('name="', 'name="trust" x="', 1), encoding="utf-8")
    for into in ("bad-name", "zz-after"):  # the would-be file sorts before and after
        with pytest.raises(InvalidData) as err:
            import_codebook(project, source, into=into)
        message = err.value.message
        assert "already defined at codebooks/santiago.yaml:2" in message
        assert f"would be written to codebooks/{into}.yaml" in message
        assert "also at" not in message and err.value.path is None
        assert not (project.codebooks_dir / f"{into}.yaml").exists()
