"""Importing survey exports: layouts, encodings, line ends, real files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.errors import AlreadyExists, InvalidArgument, InvalidData
from qualcode.store.project import Project
from qualcode.survey.model import Question, Survey
from qualcode.survey.readers import read_csv, sniff_delimiter
from qualcode.survey.sources import ImportOptions
from qualcode.survey.store import import_survey, load_survey, save_survey
from tests.conftest import real_input

# (file, responses, questions, attributes, tool) counted by hand from the files:
# data rows = records - header rows; questions = columns - id - attributes -
# dropped identifying columns, a multi-select group counting once.
REAL = [
    ("qualtrics_v3_sample_de.csv", 1, 2, 11, "qualtrics"),  # Q2 - Topics: Text iQ
    ("qualtrics_legacy_v2_bom.csv", 1, 2, 6, "qualtrics"),
    ("qualtrics_legacy_coded_comments.csv", 10, 3, 6, "qualtrics"),
    ("qualtrics_coded_comments_Q5.xlsx", 5, 3, 0, "qualtrics"),  # 3 indicators = 1 multi
    ("googleforms_autistica_citizen_science.csv", 42, 4, 1, "google"),
    ("googleforms_serdif_pssuq_phase2_dup_headers.csv", 17, 38, 1, "google"),
    ("surveymonkey_starwars_fivethirtyeight_raw_CR_nonutf8.csv", 50, 32, 0, "surveymonkey"),
    ("surveymonkey_thanksgiving2015_fivethirtyeight_first150.csv", 150, 30, 0, "surveymonkey"),
    ("kobotoolbox_kobocruncher_sample_export.xlsx", 5, 5, 10, "kobo"),
    ("qualcoder_example_survey456_crlf.csv", 3, 4, 0, "plain"),
    ("taguette_serdif_pssuq_comment_tags.csv", 97, 3, 1, "plain"),  # refused unless --source plain
]


@pytest.mark.parametrize(("name", "responses", "questions", "attributes", "tool"), REAL)
def test_real_exports_import_with_exact_counts(
    project: Project, name: str, responses: int, questions: int, attributes: int, tool: str
) -> None:
    options = ImportOptions(source="plain") if name.startswith("taguette") else None
    survey = import_survey(project, real_input("survey", name), "s", options)
    assert (len(survey.ids), len(survey.questions), len(survey.attributes)) == (
        responses,
        questions,
        attributes,
    )
    assert survey.source["tool"] == tool
    loaded = load_survey(project, "s")
    assert loaded.ids == survey.ids
    assert loaded.columns == survey.columns
    assert len(set(loaded.ids)) == responses


def test_every_real_export_is_covered() -> None:
    folder = real_input("survey", "qualtrics_v3_sample_de.csv").parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(r[0] for r in REAL)


def test_qualtrics_three_header_rows_json_import_ids(project: Project) -> None:
    survey = import_survey(project, real_input("survey", "qualtrics_v3_sample_de.csv"), "q")
    q2 = survey.question("Q2")
    assert q2.type == "open"  # ImportId QID2_TEXT
    assert q2.text == "This is a free text question."
    assert survey.columns["Q2"] == ["Hello World!"]
    assert survey.ids == ["R_2YPOQ602ER1jkf1"]
    # names and e-mail of the recipient never reach the project
    assert "RecipientLastName" not in survey.columns
    assert any("identifying columns not imported" in n for n in survey.notes)


def test_qualtrics_single_quoted_import_row(project: Project) -> None:
    survey = import_survey(
        project, real_input("survey", "qualtrics_legacy_coded_comments.csv"), "q"
    )
    assert "Qualtrics export with 3 header rows" in survey.notes
    assert survey.question("Q1_TEXT").type == "open"
    assert not any(i.startswith("{") for i in survey.ids)


def test_qualtrics_legacy_bom_two_rows_keeps_first_response(project: Project) -> None:
    survey = import_survey(project, real_input("survey", "qualtrics_legacy_v2_bom.csv"), "q")
    assert survey.ids == ["R_2YPOQ602ER1jkf1"]
    assert "Qualtrics export with 2 header rows" in survey.notes
    assert "byte-order mark removed" in survey.notes


R10_LEGACY = (
    "\ufeffV1,V2,Q1,Q2\r\n"
    'ResponseID,ResponseSet,How satisfied?,"Any comments?\r\n(optional)"\r\n'
    'R_1,Default,4,"Great, thanks"\r\n'
    "R_2,Default,2,\r\n"
)
R10_CURRENT = (
    "ResponseId,Q1,Q2\n"
    "Response ID,How satisfied?,Any comments?\n"
    '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"\n'
    'R_1,4,"Great, thanks"\n'
    "R_2,2,\n"
)


@pytest.mark.parametrize(("text", "first"), [(R10_LEGACY, "V1"), (R10_CURRENT, "ResponseId")])
def test_r10_header_layout_from_content(
    project: Project, tmp_path: Path, text: str, first: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    survey = import_survey(project, path, "r10", ImportOptions(open=["Q2"]))
    assert survey.ids == ["R_1", "R_2"]
    assert survey.source["tool"] == "qualtrics"
    raw = read_csv(path)
    assert raw.rows[0][0] == first  # no BOM character
    if first == "V1":
        assert survey.question("Q2").text == "Any comments?\n(optional)"
    assert [c for c in survey.columns["Q2"] if c] == ["Great, thanks"]


def test_r10_wider_rows_stop_with_line_and_column(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("ResponseId,Q1\nResponse ID,Q one\nR_1abcdef,4,extra\n", encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        import_survey(project, path, "bad")
    assert info.value.line == 3
    assert "3 cells but the header has 2 columns" in info.value.message
    assert "column 3" in info.value.message
    assert not (project.surveys_dir / "bad").exists()


def test_r1_surveymonkey_cp1252_cr_only_decodes(project: Project) -> None:
    path = real_input("survey", "surveymonkey_starwars_fivethirtyeight_raw_CR_nonutf8.csv")
    survey = import_survey(project, path, "sw")
    assert "decoded from cp1252" in survey.notes
    assert survey.source["encoding"] == "cp1252"
    seen = survey.question("which-of-the-following-star-wars-films")
    assert seen.type == "multi"
    assert len(seen.options) == 6
    text = (project.surveys_dir / "sw" / "responses.csv").read_text(encoding="utf-8")
    assert "\ufffd" not in text
    assert "\r" not in text
    assert survey.question("gender").options == ("Male",)
    # forcing the encoding is honoured
    forced = import_survey(project, path, "sw2", encoding="latin-1")
    assert forced.source["encoding"] == "latin-1"


def test_undecodable_csv_fails_with_encoding_hint(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n1,\xff\xfe\x00\x00\x00")
    with pytest.raises(InvalidData) as info:
        import_survey(project, path, "bad")
    assert "binary" in info.value.message or "encoding" in (info.value.hint or "")


def test_surveymonkey_flattened_other_columns(project: Project) -> None:
    path = real_input("survey", "surveymonkey_thanksgiving2015_fivethirtyeight_first150.csv")
    survey = import_survey(project, path, "tg")
    sides = survey.question("which-of-these-side-dishes-aretypically")
    assert sides.type == "multi"
    assert "Other (please specify)" in sides.options
    assert len(sides.options) == 14
    other = survey.question("which-of-these-side-dishes.other-please-specify-2")
    assert other.type == "open"
    assert sum(1 for c in survey.columns[other.id] if c) == 6


def test_google_duplicate_titles_get_distinct_ids(project: Project) -> None:
    path = real_input("survey", "googleforms_serdif_pssuq_phase2_dup_headers.csv")
    survey = import_survey(project, path, "pssuq")
    ids = [q.id for q in survey.questions]
    assert len(ids) == len(set(ids))
    assert "comments" in ids and "comments-19" in ids
    assert survey.ids[:3] == ["P1", "P2", "P3"]  # participant numbers became the ids
    assert survey.question("1.-overall-i-am-satisfied-with-how-easy").type == "likert"


def test_google_multi_select_and_multiline_cells(project: Project) -> None:
    path = real_input("survey", "googleforms_autistica_citizen_science.csv")
    survey = import_survey(project, path, "g")
    q2 = survey.questions[2]
    assert q2.type == "multi"
    assert "I am autistic" in q2.options
    assert q2.separator and q2.separator not in "".join(q2.options)
    assert any("\n" in c for c in survey.columns[survey.questions[1].id])
    assert survey.attributes[0].id == "timestamp"


def test_kobo_groups_multi_and_dates(project: Project) -> None:
    path = real_input("survey", "kobotoolbox_kobocruncher_sample_export.xlsx")
    survey = import_survey(project, path, "k", ImportOptions(open=["profile.occupation"]))
    reason = survey.question("profile.reason")
    assert reason.type == "multi"
    assert reason.values(survey.columns["profile.reason"][0]) == [
        "accomodation",
        "employment",
        "education",
        "community",
    ]
    assert survey.columns["start"][0] == "2022-10-27 08:57:57"
    assert survey.question("profile.occupation").type == "open"
    assert survey.question("profile.HHSize").type == "number"
    assert any("not read: members" in n for n in survey.notes)
    assert survey.ids[0] == "48cc75b7-3d86-4c3e-a99b-24b4032b7b9c"


def test_semicolon_tab_and_cr_only(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(
        'id;comuna;respuesta\r1;Pudahuel;"Más ventas;\rmás clientes"\r2;Renca;\r'.encode("cp1252")
    )
    survey = import_survey(project, path, "s", ImportOptions(open=["respuesta"]))  # cp1252 detected
    assert survey.ids == ["1", "2"]
    assert survey.columns["respuesta"] == ["Más ventas;\nmás clientes", ""]
    assert sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert sniff_delimiter("a|b\n1|2\n") == "|"


def test_user_column_choices_and_transform(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "folio,comuna,temas,nota,comentario\n"
        "1,Pudahuel,ventas;diseño,4,Habló con Rosa Pérez\n"
        "2,Renca,ventas,5,\n"
        "3,Renca,,3,Nada\n",
        encoding="utf-8",
    )
    survey = import_survey(
        project,
        path,
        "f",
        ImportOptions(multi=["temas"], likert=["nota"], open=["comentario"], attributes=["comuna"]),
        transform=lambda text: text.replace("Rosa Pérez", "Carmen"),
    )
    assert survey.question("temas").type == "multi"
    assert survey.question("temas").options == ("ventas", "diseño")
    assert survey.question("comuna").type == "attribute"
    assert survey.columns["comentario"] == ["Habló con Carmen", "", "Nada"]
    stored = (project.surveys_dir / "f" / "responses.csv").read_text(encoding="utf-8")
    assert "Rosa" not in stored
    with pytest.raises(InvalidArgument, match="no such column"):
        import_survey(project, path, "g", ImportOptions(open=["nope"]))
    with pytest.raises(AlreadyExists):
        import_survey(project, path, "f")


def test_duplicate_ids_are_refused(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("id,x\n1,a\n1,b\n", encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        import_survey(project, path, "d", ImportOptions(id_column="id"))
    assert info.value.line == 3


def test_blank_answer_is_missing_not_a_category(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("a\nsí\n\nno\n  \nsí\n", encoding="utf-8")
    survey = import_survey(project, path, "b", ImportOptions(closed=["a"]))
    assert survey.question("a").options == ("sí", "no")
    assert len(survey.ids) == 3  # blank lines carry no response


cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=30
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cells, cells), min_size=1, max_size=8))
def test_store_round_trip(project: Project, rows: list[tuple[str, str]]) -> None:
    survey = Survey(
        name="rt",
        title="Round trip",
        questions=[Question("abierta", "¿Qué?", "open")],
        attributes=[Question("comuna", "Comuna", "attribute")],
        ids=[f"R{i}" for i in range(len(rows))],
        columns={"abierta": [r[0] for r in rows], "comuna": [r[1] for r in rows]},
    )
    save_survey(project, survey, replace=True)
    loaded = load_survey(project, "rt")
    assert loaded.columns == survey.columns
    assert loaded.ids == survey.ids
    text = (project.surveys_dir / "rt" / "responses.csv").read_bytes()
    assert list(csv.reader(io.StringIO(text.decode("utf-8"))))[0] == ["id", "abierta", "comuna"]


def test_codings_file_round_trip_and_errors(project: Project) -> None:
    from qualcode.survey.model import SurveyCodings
    from qualcode.survey.store import codings_path, load_codings, save_codings

    codings = SurveyCodings("f", "ana")
    codings.add("cambio", "R2", "b/c")
    codings.add("cambio", "R2", "a")
    codings.add("cambio", "R10", "a")
    path = save_codings(project, codings, ["R2", "R10"])
    assert (
        path.read_text(encoding="utf-8")
        == "question,response,codes\ncambio,R2,a;b/c\ncambio,R10,a\n"
    )
    assert load_codings(project, "f", "ana").codes == {
        ("cambio", "R2"): ["a", "b/c"],
        ("cambio", "R10"): ["a"],
    }
    path.write_text("question,response,codes\ncambio,R2,a\ncambio,R3\n", encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_codings(project, "f", "ana")
    assert info.value.line == 3
    save_codings(project, SurveyCodings("f", "ana"))
    assert not codings_path(project, "f", "ana").exists()


def test_kobo_serial_dates_and_slash_groups(project: Project, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from qualcode.survey.layouts import excel_serial_date

    assert excel_serial_date("44861") == "2022-10-27"
    assert excel_serial_date("44861.5") == "2022-10-27 12:00:00"
    assert excel_serial_date("abc") == "abc"
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "start",
            "today",
            "datos/comuna",
            "datos/temas",
            "datos/temas/ventas",
            "datos/temas/ferias",
            "_uuid",
        ]
    )
    sheet.append([44861.25, 44861, "Renca", "ventas ferias", 1, 1, "u1"])
    sheet.append([44862.5, 44862, "Pudahuel", "ferias", 0, 1, "u2"])
    path = tmp_path / "kobo.xlsx"
    book.save(path)
    survey = import_survey(project, path, "kobo")
    assert survey.source["tool"] == "kobo"
    assert survey.columns["start"] == ["2022-10-27 06:00:00", "2022-10-28 12:00:00"]
    assert survey.columns["today"] == ["2022-10-27", "2022-10-28"]
    temas = survey.question("datos/temas")
    assert temas.type == "multi" and temas.options == ("ventas", "ferias")
    assert [q.id for q in survey.questions] == ["datos/comuna", "datos/temas"]
    assert survey.ids == ["u1", "u2"]


def test_qualtrics_coded_comment_indicators_are_one_multi_select(project: Project) -> None:
    from qualcode.survey.tally import tally_survey

    path = real_input("survey", "qualtrics_coded_comments_Q5.xlsx")
    survey = import_survey(project, path, "q5")
    multi = [q for q in survey.questions if q.type == "multi"]
    assert len(multi) == 1
    assert multi[0].options == (
        "Fruit are good",
        "There should be more fruit.",
        "Fruit should be replaced by vegetables",
    )
    rows = tally_survey(survey, [multi[0].id]).records()
    good = next(r for r in rows if r["value"] == "Fruit are good")
    assert good["share"] == "3 of 5 (60.0%)"
    assert not any(r["value"] is None for r in rows)  # blank = not ticked, never missing


def test_indicator_run_with_none_ticked_counts_in_n(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "coded.csv"
    path.write_text(
        "folio,comentario,Category 1: Precio,Category 2: Calidad\n"
        "1,Muy caro el pan,1,\n"
        "2,Buena calidad pero caro,1,1\n"
        "3,Sin comentarios especiales sobre nada,,\n"
        "4,,,\n",
        encoding="utf-8",
    )
    survey = import_survey(project, path, "c", ImportOptions(open=("comentario",)))
    q = survey.question("comentario-categories")
    assert q.type == "multi" and survey.columns[q.id] == ["Precio", "Precio|Calidad", "(none)", ""]


def test_small_integer_codes_are_closed_not_likert(project: Project) -> None:
    survey = import_survey(
        project, real_input("survey", "qualtrics_legacy_coded_comments.csv"), "q"
    )
    assert survey.question("Q1").type == "closed"


def test_infer_type_scales_and_free_text() -> None:
    from qualcode.survey.sources import infer_type

    assert infer_type("Nota", ["1", "2", "4", "5", "2"]) == "likert"
    assert infer_type("Nota", ["2", "3", "4", "3"]) == "likert"  # nobody chose 1
    assert infer_type("Grupo", ["1", "5", "6", "5"]) == "closed"
    assert infer_type("Edad", ["34", "51", "34"]) == "number"
    answers = [
        "Que haya más mesas para los expositores",
        "Que haya más mesas para los expositores",
        "Mejor difusión en las poblaciones vecinas",
        "Mejor difusión en las poblaciones vecinas",
        "Más actividades juntos antes de la feria",
        "Baños limpios para todos los que vienen",
        "Toldos nuevos porque el sol es muy fuerte",
        "Toldos nuevos porque el sol es muy fuerte",
        "Que vengan clientes de otras comunas",
        "Nada, todo bien",
    ]
    assert infer_type("¿Qué cambiaría?", answers) == "open"
    assert infer_type("Comuna", ["Renca", "Renca", "Pudahuel", "La Granja", "Renca"]) == "closed"


def test_forced_source_that_does_not_fit_falls_back_to_id_column(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("id,comuna,cambio\nA7,Renca,Más mesas\nB2,Lo Espejo,Toldos\n", encoding="utf-8")
    survey = import_survey(project, path, "k", ImportOptions(source="kobo"))
    assert survey.ids == ["A7", "B2"]
    assert "read as a kobo export as asked (it looks like a plain one)" in survey.notes


def test_long_headers_get_ids_that_tell_them_apart(project: Project) -> None:
    path = real_input("survey", "surveymonkey_starwars_fivethirtyeight_raw_CR_nonutf8.csv")
    ids = [q.id for q in import_survey(project, path, "sw").questions]
    assert "do-you-consider-yourself-to-be-a-fan-of-the-star-wars-film-franchise" in ids
    assert "do-you-consider-yourself-to-be-a-fan-of-the-star-trek-franchise" in ids
    assert not any(i.endswith("-fan-of-2") for i in ids)


def test_reading_xlsx_does_not_import_numpy() -> None:
    import subprocess
    import sys

    path = real_input("survey", "kobotoolbox_kobocruncher_sample_export.xlsx")
    code = (
        "import sys; from qualcode.survey.readers import read_xlsx; "
        f"read_xlsx({str(path)!r}); print('numpy' in sys.modules)"
    )
    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert done.stdout.strip() == "False"  # numpy costs ~0.1 s of a small import
