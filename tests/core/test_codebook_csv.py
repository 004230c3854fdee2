import pytest

from qualcode.codebook.plain_formats import read_csv_codebook
from qualcode.codebook.tree import codebook_table, load_codebook
from qualcode.demo import example_root
from qualcode.errors import ExchangeError
from qualcode.exchange.codebook_import import import_codebook
from qualcode.store.project import Project
from tests.conftest import real_input


def test_taguette_codebook_csv_imports(tmp_path):
    source = real_input("codebook", "taguette_serdif_codebook_iter8_final.csv")
    project = Project.init(tmp_path / "p")
    import_codebook(project, source, into="serdif")
    book = load_codebook(project.codebooks_dir)
    first = book.codes["moderator-assist"]
    assert first.label == "Moderator assist"
    assert first.description.startswith("The moderator intervenes because")
    assert all(code.parent is None for code in book)
    # a description with line breaks inside the quoted CSV cell stays one code
    assert not any(code.name.startswith("define") for code in book)
    assert len(book) == 22  # 22 CSV records over 28 lines


def test_own_csv_export_round_trips_the_hierarchy(tmp_path):
    book = load_codebook(example_root() / "codebooks")
    source = tmp_path / "codebook.csv"
    source.write_text(codebook_table(book).to_csv(), encoding="utf-8")
    imported = read_csv_codebook(source)
    assert imported.count() == 25 and imported.warnings == []
    project = Project.init(tmp_path / "p")
    import_codebook(project, source)
    again = load_codebook(project.codebooks_dir)
    fields = ("path", "label", "description", "include", "exclude", "keywords")
    assert [tuple(getattr(c, f) for f in fields) for c in again] == [
        tuple(getattr(c, f) for f in fields) for c in book
    ]


def test_csv_with_paths_creates_parents_and_reads_cp1252(tmp_path):
    source = tmp_path / "codes.csv"
    source.write_bytes(
        "Path;Label\r\n".replace(";", ",").encode()
        + "c-factor/cooperación,Cooperación\r\nautonomía,\r\n".encode("cp1252")
    )
    imported = read_csv_codebook(source)
    assert imported.codes == [
        {"name": "c-factor", "children": [{"name": "cooperacion", "label": "Cooperación"}]},
        {"name": "autonomia", "label": "autonomía"},
    ]


def test_csv_without_code_column(tmp_path):
    source = tmp_path / "x.csv"
    source.write_text("word,count\ntrust,3\n", encoding="utf-8")
    with pytest.raises(ExchangeError) as err:
        read_csv_codebook(source)
    assert err.value.line == 1 and "'tag'" in err.value.hint


def test_qualcoder_plain_code_list(tmp_path):
    from qualcode.codebook.plain_formats import read_plain_codebook

    source = real_input("codebook", "qualcoder_plain_codes_categories_for_import.txt")
    imported = read_plain_codebook(source)
    project = Project.init(tmp_path / "p")
    import_codebook(project, source, into="qualcoder")
    book = load_codebook(project.codebooks_dir)
    assert list(book.codes) == [
        "code1",
        "cat1",
        "cat1/code2",
        "cat1/code3",
        "cat3",
        "cat3/cat2",
        "cat3/cat2/code4",
        "cat3/code5",
        "code6",
    ]
    assert book.codes["code1"].description == "A memo for code 1"
    assert book.codes["cat3/cat2/code4"].description == "another memo"
    assert imported.count() == 9
