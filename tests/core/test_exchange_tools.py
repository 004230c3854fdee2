"""Other tools' files (qc, Taguette, QualCoder) and the CSV/Markdown/R/SPSS exports."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from qualcode.analysis import load_corpus
from qualcode.codebook.tree import load_codebook
from qualcode.demo import create_demo_project
from qualcode.errors import ExchangeError
from qualcode.exchange.codebook_import import import_codebook
from qualcode.exchange.qc import plan_codes_file, plan_qc_project, read_qc_codebook
from qualcode.exchange.tables import (
    document_matrix,
    quotes_appendix,
    r_name,
    segments_table,
    spss_name,
    unique_names,
)
from qualcode.exchange.taguette import plan_highlights
from qualcode.exchange.tools import detect_kind
from qualcode.pseudonymise.importing import project_pseudonymiser
from qualcode.store.codings import load_segments
from qualcode.store.documents import new_document
from qualcode.store.memos import load_memos
from tests.conftest import real_input


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return create_demo_project(tmp_path_factory.mktemp("demo") / "demo")


# --- qc ------------------------------------------------------------------------------


def line_codes_expected() -> Counter[str]:
    text = real_input("codebook", "qc_codes_line_aligned_es.txt").read_text(encoding="utf-8")
    return Counter(c.strip() for line in text.splitlines() for c in line.split(",") if c.strip())


def make_qc_project(root: Path, *, database: bool) -> Path:
    (root / "corpus").mkdir(parents=True)
    (root / "memos").mkdir()
    shutil.copy(
        real_input("transcript", "qc_spanish_interview_E_G.txt"), root / "corpus" / "entrevista.txt"
    )
    shutil.copy(real_input("codebook", "qc_codebook_flat_es.yaml"), root / "codebook.yaml")
    (root / "settings.yaml").write_text(
        "codebook: codebook.yaml\ncorpus_dir: corpus\ndatabase: qualitative_coding.sqlite3\n"
        "editor: code\nlogs_dir: logs\nmemos_dir: memos\nqc_version: 1.3.2\n",
        encoding="utf-8",
    )
    (root / "memos" / "2024-08-13-20-07_juanchi_casi_todo_claro.md").write_text(
        "# casi todo claro\n\nSe entiende a qué se refiere.\n", encoding="utf-8"
    )
    codes = real_input("codebook", "qc_codes_line_aligned_es.txt").read_text(encoding="utf-8")
    if not database:
        (root / "codes.txt").write_text(codes, encoding="utf-8")
        return root
    db = sqlite3.connect(root / "qualitative_coding.sqlite3")
    db.executescript(
        "CREATE TABLE document (file_path TEXT PRIMARY KEY, file_hash TEXT);"
        "CREATE TABLE document_index (id INTEGER PRIMARY KEY, name TEXT, time_series BOOLEAN, document_id TEXT);"
        "CREATE TABLE location (id INTEGER PRIMARY KEY, start_line INT, end_line INT, document_index_id INT);"
        "CREATE TABLE code (name TEXT PRIMARY KEY); CREATE TABLE coder (name TEXT PRIMARY KEY);"
        "CREATE TABLE coded_line (id INTEGER PRIMARY KEY, line INT, coder_id TEXT, code_id TEXT);"
        "CREATE TABLE coded_line_location_association (coded_line_id INT, location_id INT);"
        "INSERT INTO document VALUES ('entrevista.txt', 'x');"
        "INSERT INTO document_index VALUES (1, 'paragraphs', 0, 'entrevista.txt');"
    )
    number = 0
    for line, row in enumerate(codes.splitlines()):
        for code in (c.strip() for c in row.split(",") if c.strip()):
            number += 1
            db.execute("INSERT INTO location VALUES (?, ?, ?, 1)", (number, line, line + 1))
            db.execute("INSERT INTO coded_line VALUES (?, ?, 'Juan Chi', ?)", (number, line, code))
            db.execute(
                "INSERT INTO coded_line_location_association VALUES (?, ?)", (number, number)
            )
    db.commit()
    db.close()
    return root


@pytest.mark.parametrize("database", [True, False])
def test_qc_project_gives_the_exact_tallies(project, tmp_path, database):
    folder = make_qc_project(tmp_path / "qc", database=database)
    assert detect_kind(folder) == "qc-project"
    plan = plan_qc_project(project, folder, pseudonymiser=project_pseudonymiser(project))
    plan.commit()
    segments = load_segments(project)
    assert Counter(s.code for s in segments) == line_codes_expected()
    assert {s.coder for s in segments} == ({"juan-chi"} if database else {"qc"})
    (doc,) = project.documents()
    lines = doc.body.split("\n")
    assert all(s.text == lines[doc.body.count("\n", 0, s.start)] for s in segments)
    assert load_corpus(project, use_index=False).stale_rows == []
    book = load_codebook(project.codebooks_dir)
    assert book.codes["contexto_laboral-jovenes_profesionales-negocios"].label.startswith(
        "contexto_laboral - "
    )
    assert any("' - '" in w for w in plan.warnings)
    (memo,) = load_memos(project)
    assert memo.title == "casi todo claro" and memo.created == "2024-08-13T20:07:00"


def test_qc_line_codes_file_on_a_document(project):
    source = real_input("transcript", "qc_spanish_interview_E_G.txt").read_text(encoding="utf-8")
    doc = new_document(project, kind="interview", title="Entrevista", body=source)
    codes = real_input("codebook", "qc_codes_line_aligned_es.txt")
    assert detect_kind(codes) == "qc-codes"
    plan_codes_file(project, codes, doc.id, coder="ana").commit()
    segments = load_segments(project)
    assert Counter(s.code for s in segments) == line_codes_expected()
    assert not any("," in s.code for s in segments)
    short = new_document(project, kind="interview", title="Corta", body="una línea\n")
    with pytest.raises(ExchangeError) as error:
        plan_codes_file(project, codes, short.id)
    assert error.value.line == 4


def test_qc_codebook_yaml_and_nesting(tmp_path, project):
    imported = read_qc_codebook(real_input("codebook", "qc_codebook_flat_es.yaml"))
    assert imported.count() == 11
    nested = tmp_path / "nested.yaml"
    nested.write_text(
        "- trust:\n  - distrust\n- Factor C:\n  - confianza\n- plain\n", encoding="utf-8"
    )
    codes = read_qc_codebook(nested).codes
    assert codes[0] == {"name": "trust", "children": [{"name": "distrust"}]}
    assert codes[1]["name"] == "factor-c" and codes[1]["label"] == "Factor C"
    target, _ = import_codebook(project, nested)
    assert "trust/distrust" in load_codebook(project.codebooks_dir)


def test_codebook_import_kinds(project, tmp_path):
    target, imported = import_codebook(project, real_input("codebook", "qc_codebook_flat_es.yaml"))
    assert imported.count() == 11
    _, plain = import_codebook(
        project, real_input("codebook", "qualcoder_plain_codes_categories_for_import.txt")
    )
    assert plain.count() == 9
    with pytest.raises(ExchangeError, match="line-aligned codes file"):
        import_codebook(project, real_input("codebook", "qc_codes_line_aligned_es.txt"))
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"not a codebook")
    with pytest.raises(ExchangeError) as error:
        import_codebook(project, odd)
    assert "REFI-QDA" in error.value.hint and "qc codebook (.yaml)" in error.value.hint


def test_detect_kind_names_the_kinds_accepted(tmp_path):
    odd = tmp_path / "x.pdf"
    odd.write_bytes(b"%PDF-1.4")
    with pytest.raises(ExchangeError) as error:
        detect_kind(odd)
    for kind in ("REFI-QDA", "qc project", "Taguette", "codebook"):
        assert kind in error.value.hint
    assert (
        detect_kind(real_input("survey", "taguette_serdif_pssuq_comment_tags.csv"))
        == "taguette-highlights"
    )
    assert detect_kind(real_input("codebook", "taguette_serdif_codebook_iter0.csv")) == "codebook"
    assert detect_kind(real_input("codebook", "qc_demo_project_pseudonymised.qdpx")) == "refi"
    assert (
        detect_kind(real_input("codebook", "qualcoder_plain_codes_categories_for_import.txt"))
        == "codebook"
    )
    with pytest.raises(ExchangeError):
        detect_kind(tmp_path)


# --- Taguette --------------------------------------------------------------------------


def taguette_rows() -> list[dict[str, str]]:
    path = real_input("survey", "taguette_serdif_pssuq_comment_tags.csv")
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_taguette_highlights_become_codings_on_matching_documents(project):
    rows = taguette_rows()
    by_doc: dict[str, list[str]] = {}
    for row in rows:
        by_doc.setdefault(row["document"], [])
        if row["content"] not in by_doc[row["document"]]:
            by_doc[row["document"]].append(row["content"])
    for name, contents in by_doc.items():  # the comment documents, rebuilt from the highlights
        title = name.rsplit(".", 1)[0].replace("_", " ")
        new_document(project, kind="fieldnote", title=title, body="\n\n".join(contents) + "\n")
    plan = plan_highlights(
        project,
        real_input("survey", "taguette_serdif_pssuq_comment_tags.csv"),
        pseudonymiser=project_pseudonymiser(project),
        coder="ana",
    )
    plan.commit()
    segments = load_segments(project)
    assert len(segments) == len(rows) == 97
    book = load_codebook(project.codebooks_dir)
    expected = Counter(row["tag"] for row in rows)
    assert Counter(book.codes[s.code].label for s in segments) == expected
    multi = Counter(row["id"] for row in rows)
    assert sum(1 for n in multi.values() if n > 1) == 15
    assert all(s.text == project.document(s.document).body[s.start : s.end] for s in segments)


def test_taguette_unmatched_documents(project, tmp_path):
    path = real_input("survey", "taguette_serdif_pssuq_comment_tags.csv")
    with pytest.raises(ExchangeError, match="match no document") as error:
        plan_highlights(project, path, pseudonymiser=project_pseudonymiser(project))
    assert "--create-documents" in error.value.hint
    plan = plan_highlights(
        project, path, pseudonymiser=project_pseudonymiser(project), create_documents=True
    )
    plan.commit()
    assert len(load_segments(project)) == 97 and len(project.documents()) == len(
        {r["document"] for r in taguette_rows()}
    )


# --- exports ---------------------------------------------------------------------------


def test_segments_csv_has_the_documented_columns(demo):
    corpus = load_corpus(demo, use_index=False)
    table = segments_table(corpus, settings=demo.settings)
    assert list(table.columns[:4]) == ["document", "kind", "date", "participants"]
    assert list(table.columns[-7:]) == [
        "code",
        "coder",
        "start",
        "end",
        "lines",
        "text",
        "citation",
    ]
    assert {"generation", "role", "institution"} <= set(table.columns)
    assert len(table.rows) == len(corpus.rows)
    row = dict(zip(table.columns, table.rows[0], strict=True))
    doc = demo.document(row["document"])
    assert doc.body[row["start"] : row["end"]] == row["text"]
    parsed = list(csv.DictReader(io.StringIO(table.to_csv())))
    assert len(parsed) == len(corpus.rows) and parsed[0]["citation"].startswith("(")


def test_quotes_appendix_groups_by_code_with_definitions(demo):
    corpus = load_corpus(demo, use_index=False)
    book = load_codebook(demo.codebooks_dir)
    text = quotes_appendix(corpus, book, title="Coded quotes")
    assert text.startswith(
        "# Coded quotes\n\n## 1 Trust (`trust`)\n\n*Definition:* Talk about trusting"
    )
    assert "### 1.1 Distrust (`trust/distrust`)" in text
    assert "> Pancho: Because we are a country that does not trust." in text
    assert text.count("\n> ") >= len({(r[0], r[1], r[2], r[3]) for r in corpus.rows})


def test_document_matrix_for_r_and_spss(demo):
    corpus = load_corpus(demo, use_index=False)
    book = load_codebook(demo.codebooks_dir)
    table = document_matrix(corpus, book, dialect="r")
    assert table.columns[:4] == ("document", "kind", "date", "participants")
    assert "c.factor.confianza" in table.columns and "trust.distrust" in table.columns
    assert len(table.rows) == len(corpus.documents)
    col = table.columns.index("c.factor")
    conf = table.columns.index("c.factor.confianza")
    assert all(row[col] >= row[conf] for row in table.rows)
    binary = document_matrix(corpus, book, dialect="spss", binary=True)
    assert "c_factor_confianza" in binary.columns
    first = binary.columns.index("trust")
    assert {v for row in binary.rows for v in row[first:]} <= {0, 1}
    assert all(len(name.encode()) <= 64 and name[0].isalpha() for name in binary.columns)


def test_names_for_r_and_spss():
    assert r_name("c-factor/confianza") == "c.factor.confianza"
    assert (
        r_name("2nd wave") == "X2nd.wave" and r_name("if") == "Xif" and r_name("Ñuñoa") == "Nunoa"
    )
    assert spss_name("c-factor/confianza") == "c_factor_confianza"
    assert spss_name("with") == "v_with" and spss_name("2nd") == "v_2nd" and spss_name("a.") == "a"
    assert len(spss_name("x" * 100)) == 64
    assert unique_names(["a-b", "a/b", "A_B"], "spss") == ["a_b", "a_b_2", "A_B_3"]
    assert unique_names(["a-b", "a/b"], "r") == ["a.b", "a.b.2"]
