"""Surveys read the way their makers meant (issue 16): each fault on the real file and a small one."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pytest

from qualcode.errors import InvalidArgument, InvalidData, QualcodeWarning
from qualcode.store.project import Project
from qualcode.survey.model import Question, Survey, SurveyCodings
from qualcode.survey.question_types import infer
from qualcode.survey.retype import retype_question
from qualcode.survey.sources import ImportOptions
from qualcode.survey.store import import_survey, load_survey, save_codings, save_survey
from qualcode.survey.tally import NOT_TICKED, tally_survey
from tests.conftest import real_input

THANKSGIVING = "surveymonkey_thanksgiving2015_fivethirtyeight_first150.csv"


def _records(survey: Survey, question: str) -> dict[object, dict[str, object]]:
    return {r["value"]: r for r in tally_survey(survey, [question]).records()}


def _yaml_question(project: Project, name: str, qid: str) -> dict[str, object]:
    import yaml

    data = yaml.safe_load((project.surveys_dir / name / "survey.yaml").read_text("utf-8"))
    return next(q for q in data["questions"] if q["id"] == qid)


# --- question typing -------------------------------------------------------------------


def test_real_long_category_labels_with_many_answers_are_closed(project: Project) -> None:
    survey = import_survey(project, real_input("survey", THANKSGIVING), "tg")
    far = survey.question("how-far-will-you-travel-for-thanksgiving")
    assert far.type == "closed" and far.typed == "answers"
    assert len(far.options) == 4
    home = "Thanksgiving is happening at my home--I won't travel at all"
    assert _records(survey, far.id)[home]["share"] == "54 of 134 (40.3%)"
    assert _yaml_question(project, "tg", far.id)["typed"] == "answers"


def test_small_long_labels_repeated_are_closed(project: Project, tmp_path: Path) -> None:
    labels = [
        "La feria se hace en mi comuna y voy caminando",
        "La feria queda lejos y tengo que tomar dos micros",
        "No voy a la feria este año por el trabajo",
    ]
    path = tmp_path / "feria.csv"
    path.write_text(
        "folio,distancia\n" + "".join(f"{i},{labels[i % 3]}\n" for i in range(1, 13)),
        encoding="utf-8",
    )
    survey = import_survey(project, path, "feria")
    assert survey.question("distancia").type == "closed"
    assert infer("distancia", [labels[0]] * 3 + [labels[1]] * 2) == ("open", "answers")  # few


def test_real_free_text_header_is_open(project: Project) -> None:
    survey = import_survey(project, real_input("survey", "qualtrics_legacy_v2_bom.csv"), "q")
    q2 = survey.question("Q2")
    assert q2.text == "This is a free text question."
    assert (q2.type, q2.typed) == ("open", "header")


def test_small_free_text_headers(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "folio,Comentarios,¿Por qué?,Comuna\n1,Bien,Lejos,Renca\n2,Nada,Caro,Renca\n",
        encoding="utf-8",
    )
    survey = import_survey(project, path, "c")
    assert [(q.id, q.type, q.typed) for q in survey.questions] == [
        ("Comentarios", "open", "header"),
        ("¿Por qué?", "open", "header"),
        ("Comuna", "closed", "answers"),
    ]


def test_real_qualtrics_import_ids_and_text_iq_topics(project: Project) -> None:
    survey = import_survey(project, real_input("survey", "qualtrics_v3_sample_de.csv"), "q")
    assert (survey.question("Q2").type, survey.question("Q2").typed) == ("open", "source")
    topics = survey.question("Q2 - Topics")
    assert topics.type == "attribute"  # ImportId QID2_TEXT_...Topics: computed by Qualtrics
    assert any("Text iQ topics" in n for n in survey.notes)


def test_small_surveymonkey_open_ended_response_is_open(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "sm.csv"
    path.write_text(
        "RespondentID,¿Qué cambiaría?,Comuna\n"
        ",Open-Ended Response,Response\n"
        "101,Sí,Renca\n102,No,Renca\n103,Sí,Pudahuel\n",
        encoding="utf-8",
    )
    survey = import_survey(project, path, "sm")
    q = survey.questions[0]
    assert (q.type, q.typed) == ("open", "source")  # short answers, but the export says so


def test_small_kobo_type_row(project: Project, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["start", "comuna", "oficio", "temas", "hogar", "_uuid"])
    sheet.append(["start", "select_one comunas", "text", "select_multiple temas", "integer", ""])
    sheet.append(["2022-10-27", "renca", "costurera", "ventas ferias", 4, "u1"])
    sheet.append(["2022-10-28", "pudahuel", "panadero", "ferias", 3, "u2"])
    path = tmp_path / "kobo.xlsx"
    book.save(path)
    survey = import_survey(project, path, "k")
    types = {q.id: (q.type, q.typed) for q in survey.questions}
    assert types == {
        "comuna": ("closed", "source"),
        "oficio": ("open", "source"),
        "temas": ("multi", "source"),
        "hogar": ("number", "source"),
    }
    assert survey.ids == ["u1", "u2"]
    assert survey.question("temas").options == ("ventas", "ferias")


def test_user_overrides_are_recorded(project: Project) -> None:
    survey = import_survey(
        project,
        real_input("survey", THANKSGIVING),
        "tg",
        ImportOptions(open=["how-far-will-you-travel-for-thanksgiving"], closed=["US Region"]),
    )
    assert survey.question("how-far-will-you-travel-for-thanksgiving").typed == "user"
    assert _yaml_question(project, "tg", "us-region")["typed"] == "user"


def test_retype_records_the_user_and_refuses_what_it_cannot(project: Project) -> None:
    import_survey(project, real_input("survey", THANKSGIVING), "tg")
    far = "how-far-will-you-travel-for-thanksgiving"
    q = retype_question(project, "tg", far, "open")
    assert (q.type, q.typed, q.options) == ("open", "user", ())
    assert load_survey(project, "tg").question(far).type == "open"
    codings = SurveyCodings("tg", "ana")
    codings.add(far, load_survey(project, "tg").ids[0], "travel")
    save_codings(project, codings)
    with pytest.raises(InvalidArgument, match="has codings by ana"):
        retype_question(project, "tg", far, "closed")
    back = retype_question(project, "tg", far, "closed", force=True)
    assert len(back.options) == 4
    with pytest.raises(InvalidArgument, match="not numbers"):
        retype_question(project, "tg", far, "likert")
    with pytest.raises(InvalidArgument, match="multi-select"):
        retype_question(project, "tg", "which-of-these-side-dishes-aretypically", "closed")
    assert any("retyped by the user" in n for n in load_survey(project, "tg").notes)


# --- single checkboxes -----------------------------------------------------------------


def test_real_single_checkbox_base_is_respondents_asked(project: Project) -> None:
    survey = import_survey(project, real_input("survey", THANKSGIVING), "tg")
    watch = survey.question("will-you-watch-any-of-the-following")
    assert watch.options == ("Macy's Parade",)
    assert watch.base == "how-far-will-you-travel-for-thanksgiving"
    table = tally_survey(survey, [watch.id])
    rows = {r["value"]: r for r in table.records()}
    assert rows["Macy's Parade"]["share"] == "58 of 134 (43.3%)"  # never "58 of 58"
    assert rows[NOT_TICKED]["share"] == "76 of 134 (56.7%)"
    assert rows[None]["share"] == "16 of 150 missing"  # did not celebrate: not asked
    assert any("a blank is not ticked" in n and "134 of 150" in n for n in table.notes)
    retype_question(project, "tg", watch.id, base="all")
    rows = _records(load_survey(project, "tg"), watch.id)
    assert rows["Macy's Parade"]["share"] == "58 of 150 (38.7%)"


def test_small_single_checkbox(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "sm.csv"
    path.write_text(
        "RespondentID,¿Va a la feria?,¿Qué compra? - Pan amasado,Edad\n"
        "1,Sí,Pan amasado,34\n2,Sí,,51\n3,No,,27\n4,Sí,Pan amasado,40\n",
        encoding="utf-8",
    )
    survey = import_survey(project, path, "sm")
    q = survey.questions[1]
    assert (q.type, q.options, q.base) == ("multi", ("Pan amasado",), "va-a-la-feria")
    rows = _records(survey, q.id)
    assert rows["Pan amasado"]["share"] == "2 of 4 (50.0%)"
    assert rows[NOT_TICKED]["share"] == "2 of 4 (50.0%)"
    assert None not in rows


# --- duplicate column names ------------------------------------------------------------


def test_real_taguette_as_table_never_writes_two_id_columns(project: Project) -> None:
    path = real_input("survey", "taguette_serdif_pssuq_comment_tags.csv")
    survey = import_survey(project, path, "t", ImportOptions(source="plain"))
    header = (project.surveys_dir / "t" / "responses.csv").read_text("utf-8").split("\n")[0]
    names = header.split(",")
    assert len(names) == len(set(names))
    assert names.count("id") == 1 and "source-id" in names
    assert any("renamed 'source-id'" in n for n in survey.notes)
    assert survey.columns["source-id"][:2] == ["2338", "2339"]


def test_small_id_column_clash_and_guard(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("ID,source-id,respuesta\n1,a,Sí\n1,b,No\n", encoding="utf-8")
    survey = import_survey(project, path, "d")
    assert [a.id for a in survey.attributes] == ["source-id-2"]  # the source's ID
    assert "source-id" in survey.columns
    clash = Survey("x", "x", [Question("id", "Id", "closed")], [], ["R1"], {"id": ["a"]})
    with pytest.raises(InvalidData, match="two columns named id"):
        save_survey(project, clash)


# --- other tools' exports ----------------------------------------------------------------


def test_real_taguette_highlights_are_recognised(project: Project) -> None:
    path = real_input("survey", "taguette_serdif_pssuq_comment_tags.csv")
    with pytest.raises(InvalidData) as info:
        import_survey(project, path, "t")
    assert "Taguette highlights export (80 highlights in 97 rows" in info.value.message
    assert "exchange importer" in (info.value.hint or "")
    assert not (project.surveys_dir / "t").exists()
    codebook = real_input("codebook", "taguette_serdif_codebook_iter8_final.csv")
    with pytest.raises(InvalidData, match="Taguette codebook export"):
        import_survey(project, codebook, "c")


def test_small_foreign_exports(project: Project, tmp_path: Path) -> None:
    tags = tmp_path / "highlights.csv"
    tags.write_text(
        "id,document,tag,content\n1,entrevista.md,confianza,Nos conocemos hace años\n"
        "1,entrevista.md,comunidad,Nos conocemos hace años\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidData, match=r"1 highlights in 2 rows"):
        import_survey(project, tags, "t")
    maxqda = tmp_path / "segments.csv"
    maxqda.write_text(
        "Color,Document group,Document name,Code,Begin,End,Segment\n"
        "#ff0000,,Entrevista 1,Confianza,3,4,Nos conocemos\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidData, match="MAXQDA coded-segments"):
        import_survey(project, maxqda, "m")
    qdpx = tmp_path / "p.qdpx"
    qdpx.write_bytes(b"PK\x03\x04")
    with pytest.raises(InvalidData, match="REFI-QDA project"):
        import_survey(project, qdpx, "p")


# --- mojibake ------------------------------------------------------------------------


def test_real_mojibake_in_a_cell_is_warned_and_repaired(project: Project) -> None:
    path = real_input("survey", "qualtrics_coded_comments_Q5.xlsx")
    with pytest.warns(QualcodeWarning) as caught:
        kept = import_survey(project, path, "q5")
    messages = [str(w.message) for w in caught]
    assert any(
        m.startswith(f"{path}:5: ") and "'jÃ\\xadcama' reads 'jícama'" in m for m in messages
    )
    text = "\n".join(c for col in kept.columns.values() for c in col)
    assert "jÃ\xadcama" in text  # never repaired silently
    with pytest.warns(QualcodeWarning):
        fixed = import_survey(project, path, "q5f", ImportOptions(fix_text=True))
    text = "\n".join(c for col in fixed.columns.values() for c in col)
    assert "jícama" in text and "Ã" not in text
    assert any("repaired (--fix-text)" in n for n in fixed.notes)


def test_small_mojibake_csv_names_the_line(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        'folio,comentario\n1,Todo bien\n2,"La feria â€” mejor\nque nunca"\n3,Año bueno\n',
        encoding="utf-8",
    )
    with pytest.warns(QualcodeWarning) as caught:
        import_survey(project, path, "m", ImportOptions(open=["comentario"]))
    assert [str(w.message).split(": ")[0] for w in caught] == [f"{path}:3"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fixed = import_survey(
            project, path, "m2", ImportOptions(open=["comentario"], fix_text=True)
        )
    assert fixed.columns["comentario"][1] == "La feria — mejor\nque nunca"
    assert fixed.columns["comentario"][2] == "Año bueno"  # good text untouched


def test_real_cp1252_stray_bytes_are_reported(project: Project) -> None:
    path = real_input("survey", "surveymonkey_starwars_fivethirtyeight_raw_CR_nonutf8.csv")
    with pytest.warns(QualcodeWarning) as caught:
        import_survey(project, path, "sw")
    messages = [str(w.message) for w in caught]
    assert any("äóñ" in m and "cannot be repaired" in m for m in messages)
    assert any("Œæ" in m for m in messages)


def test_responses_csv_header_of_every_real_survey_is_unique(project: Project) -> None:
    folder = real_input("survey", THANKSGIVING).parent
    for number, path in enumerate(sorted(folder.iterdir())):
        source = "plain" if path.name.startswith("taguette") else "auto"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import_survey(project, path, f"s{number}", ImportOptions(source=source))
        text = (project.surveys_dir / f"s{number}" / "responses.csv").read_text("utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert len(header) == len(set(header)), path.name
