import codecs
import json
import unicodedata
import warnings

import docx
import pytest

from qualcode.errors import QualcodeWarning
from qualcode.store.project import read_document
from tests.conftest import real_input


def only_document(project):
    docs = project.documents()
    assert len(docs) == 1
    return docs[0]


def test_cp1252_crlf_file(run, project, tmp_path):
    source = tmp_path / "entrevista.txt"
    text = "Entrevistadora: ¿Cómo empezó la red?\n\nPEÑA: “Con confianza” — y mucha paciencia.\n"
    source.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    result = run(
        "import",
        source,
        "--kind",
        "interview",
        "--date",
        "2010-10-06",
        "--participant",
        "Pancho",
        "-p",
        project.root,
    )
    assert "cp1252" in result.stderr and "CR/CRLF" in result.stderr
    doc = only_document(project)
    assert doc.body == text
    assert doc.id == "2010-10-06-entrevista"
    assert doc.participants == ("Pancho",)
    raw = doc.path.read_bytes()
    assert b"\r" not in raw and raw.decode("utf-8").endswith(text)


def test_utf8_bom_decomposed_accents(run, project, tmp_path):
    source = tmp_path / "notas.md"
    source.write_bytes(
        codecs.BOM_UTF8 + unicodedata.normalize("NFD", "Joaquín habló en Ñuñoa.\n").encode()
    )
    run("import", source, "--kind", "fieldnote", "--title", "Notas de campo", "-p", project.root)
    doc = only_document(project)
    assert doc.body == "Joaquín habló en Ñuñoa.\n"
    assert unicodedata.is_normalized("NFC", doc.path.read_text(encoding="utf-8"))
    assert doc.id == "notas-de-campo"


def test_vtt_with_voice_tags(run, project, tmp_path):
    source = tmp_path / "reunion.vtt"
    source.write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Clara>¿Quién trae el café?\n", encoding="utf-8"
    )
    run("people", "add", "Rosalía Fuentes", "--pseudonym", "Clara", "-p", project.root)
    run("import", source, "--kind", "meeting", "--date", "2010-09-09", "-p", project.root)
    assert only_document(project).body == "Clara: ¿Quién trae el café?\n"


def test_vtt_speaker_not_in_the_key_is_never_written(run, project, tmp_path):
    source = tmp_path / "reunion.vtt"
    source.write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Rosalía Fuentes>¿Quién trae el café?\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("always", QualcodeWarning)
        result = run("import", source, "--kind", "meeting", "-p", project.root)
    assert "warning: speaker label 'Rosalía Fuentes' is not in the key" in result.stderr
    doc = only_document(project)
    assert doc.body == "Speaker 1: ¿Quién trae el café?\n"
    assert "Rosalía" not in doc.path.read_text(encoding="utf-8")
    assert doc.participants == ("Speaker 1",)


def test_docx(run, project, tmp_path):
    document = docx.Document()
    document.add_paragraph("Pancho: “La confianza” — primero.")
    document.save(tmp_path / "pancho.docx")
    run("import", tmp_path / "pancho.docx", "--kind", "interview", "-p", project.root)
    assert only_document(project).body == "Pancho: “La confianza” — primero.\n"


def test_real_inputs_import_cleanly(run, project):
    files = [
        real_input("transcript", "qc_spanish_interview_E_G.txt"),
        real_input("transcript", "qualcoder_example_ID1_interview.docx"),
        real_input("transcript", "w3c_spec_example_voice_spans_pseudonymised.vtt"),
        real_input("transcript", "zoom_chat_pseudonymised.txt"),
    ]
    run("import", *files, "--kind", "conversation", "-p", project.root)
    docs = project.documents()
    assert len(docs) == 4
    for doc in docs:
        assert "\r" not in doc.body and "\ufeff" not in doc.body
    chat = next(d for d in docs if "chat" in d.id)
    assert "👍🏻" in chat.body


def test_bad_file_in_batch_writes_nothing(run, project, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("fine\n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("import", good, binary, "--kind", "interview", "-p", project.root, expect=1)
    assert "photo.txt" in result.stderr and "binary" in result.stderr
    assert "Traceback" not in result.stderr
    assert project.documents() == []


def test_missing_file(run, project, tmp_path):
    result = run(
        "import", tmp_path / "nope.txt", "--kind", "interview", "-p", project.root, expect=1
    )
    assert "nope.txt" in result.stderr and "no such file" in result.stderr


def test_undecodable_file_names_byte_and_option(run, project, tmp_path):
    source = tmp_path / "greek.txt"
    source.write_bytes("P1: Η μετακόμιση ήταν δύσκολη.\n".encode("iso-8859-7"))
    result = run("import", source, "--kind", "interview", "-p", project.root, expect=1)
    assert (
        "greek.txt" in result.stderr and "byte 4" in result.stderr and "--encoding" in result.stderr
    )
    run("import", source, "--kind", "interview", "--encoding", "iso-8859-7", "-p", project.root)
    assert only_document(project).body == "P1: Η μετακόμιση ήταν δύσκολη.\n"


def test_same_id_twice_is_refused_then_replaced(run, project, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("one\n", encoding="utf-8")
    run("import", source, "--kind", "interview", "-p", project.root)
    result = run("import", source, "--kind", "interview", "-p", project.root, expect=1)
    assert "already exists" in result.stderr
    source.write_text("two\n", encoding="utf-8")
    run("import", source, "--kind", "interview", "--if-exists", "replace", "-p", project.root)
    assert only_document(project).body == "two\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--kind", "diary"],
        ["--kind", "interview", "--date", "10/6/10"],
        ["--kind", "interview", "--attr", "noequals"],
    ],
)
def test_bad_options_are_errors(run, project, tmp_path, args):
    source = tmp_path / "a.txt"
    source.write_text("x\n", encoding="utf-8")
    result = run("import", source, *args, "-p", project.root, expect=1)
    assert result.stderr.startswith("qualcode: error:")


def test_attributes_and_source_metadata(run, project, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("x\n", encoding="utf-8")
    run(
        "import",
        source,
        "--kind",
        "interview",
        "--attr",
        "role=productora",
        "--attr",
        "comuna=La Florida",
        "-p",
        project.root,
    )
    doc = read_document(only_document(project).path)
    assert doc.attributes == {"role": "productora", "comuna": "La Florida"}
    assert doc.extra["source"] == {"format": "text", "encoding": "utf-8"}
    listing = json.loads(run("notes", "list", "-f", "json", "-p", project.root).stdout)
    assert listing[0]["attributes"]["comuna"] == "La Florida"


def test_empty_file_is_refused(run, project, tmp_path):
    source = tmp_path / "vacio.txt"
    source.write_bytes(b"  \r\n")
    result = run("import", source, "--kind", "interview", "-p", project.root, expect=1)
    assert "vacio.txt" in result.stderr and "no text" in result.stderr
    assert project.documents() == []


def test_subtitle_speakers_become_participants(run, project, tmp_path):
    source = tmp_path / "r.vtt"
    source.write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Clara>Hola\n\n00:02.000 --> 00:03.000\n<v Mario>Chao\n",
        encoding="utf-8",
    )
    run("people", "add", "Claudia Soto", "--pseudonym", "Clara", "-p", project.root)
    run("people", "add", "Marcelo Rojas", "--pseudonym", "Mario", "-p", project.root)
    run("import", source, "--kind", "meeting", "-p", project.root)
    assert only_document(project).participants == ("Clara", "Mario")


def test_duplicate_id_error_names_the_existing_file_once(run, project, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("uno\n", encoding="utf-8")
    run("import", source, "--kind", "interview", "-p", project.root)
    err = run("import", source, "--kind", "interview", "-p", project.root, expect=1).stderr
    assert err.count("fieldnotes/interviews/a.md") == 1 and "already exists (importing" in err


def test_output_to_a_folder_or_missing_folder_is_an_error(run, project, tmp_path):
    result = run("notes", "list", "-f", "csv", "-o", tmp_path, "-p", project.root, expect=1)
    assert "is a folder" in result.stderr
    result = run(
        "notes", "list", "-f", "csv", "-o", tmp_path / "no" / "x.csv", "-p", project.root, expect=1
    )
    assert "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_project_option_before_the_command(run, project):
    run("--project", project.root, "notes", "list")


def test_participant_option_replaces_the_files_participants(run, project, tmp_path):
    """Regression: the source's own participants stayed in the front matter as an extra key."""
    source = tmp_path / "n.md"
    source.write_text("---\nparticipants: [Somebody]\n---\nTexto.\n", encoding="utf-8")
    run(
        "import",
        source,
        "--kind",
        "interview",
        "--participant",
        "Pancho",
        "--no-pseudonymise",
        "-p",
        project.root,
    )
    doc = only_document(project)
    assert doc.participants == ("Pancho",) and "participants" not in doc.extra
    assert "Somebody" not in doc.path.read_text(encoding="utf-8")


def test_bad_date_in_source_front_matter_names_file_and_line(run, project, tmp_path):
    source = tmp_path / "n.md"
    source.write_text('---\ndate: "30/02/2010"\n---\nHola\n', encoding="utf-8")
    result = run("import", source, "--kind", "fieldnote", "-p", project.root, expect=1)
    assert f"{source}:2:" in result.stderr
