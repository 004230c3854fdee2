"""Speaker turns and time points in transcripts (issue 16): each style on the real file and a small one."""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import pytest

from qualcode.analysis.quotes import citation, document_turns, speaker_at
from qualcode.errors import QualcodeWarning
from qualcode.models import Document
from qualcode.pseudonymise.importing import import_pseudonymised, looks_like_name
from qualcode.pseudonymise.key import Key, add_entry
from qualcode.pseudonymise.key_file import load_key
from qualcode.store.documents import ImportOptions, apply_edits, import_files, transform_pieces
from qualcode.store.project import Project
from qualcode.store.readers import read_source
from qualcode.store.readers.turns import find_labels, speaker_turns, time_at, time_marks, turn_at
from qualcode.store.timings import read_times, render_times, times_path
from tests.conftest import real_input

TRANSCRIPTS = "transcript"


def _key(project: Project, *people: tuple[str, str, tuple[str, ...]]) -> Key:
    key = load_key(project.root / ".qualcode" / "people.yaml")
    for real, pseudonym, aliases in people:
        add_entry(key, real, pseudonym=pseudonym, aliases=aliases)
    return key


def _labels(body: str) -> tuple[str, Counter[tuple[str, str]]]:
    style, spans = find_labels(body)
    return style, Counter((s.label, s.kind) for s in spans)


# --- detection ---------------------------------------------------------------------------


def test_real_e_g_interview_turns() -> None:
    path = real_input(TRANSCRIPTS, "qc_spanish_interview_E_G.txt")
    body = read_source(path).body
    style, counts = _labels(body)
    lines = body.split("\n")
    assert style == "name"
    assert counts == {
        ("E", "speech"): sum(1 for x in lines if x.startswith("E: ")),
        ("G", "speech"): sum(1 for x in lines if x.startswith("G: ")),
    }
    turns = speaker_turns(body)
    assert turns[0].role == "interviewer" and turns[0].participant is None
    assert body[turns[1].start : turns[1].end].startswith("G: No, pero sí")
    assert body[turns[1].start : turns[1].end].endswith("ambientes.")


def test_small_e_g_and_interviewer_words() -> None:
    body = (
        "Entrevistadora: ¿Qué cambió?\n\nRosalía: Ganamos confianza.\nSeguimos juntas.\n\n"
        "Entrevistadora: ¿Y la municipalidad?\n\nRosalía: Quiere decidir todo.\n\n"
        "Nota: la grabación se cortó.\n"
    )
    turns = speaker_turns(body, participants=["Rosalía"])
    assert [(t.label, t.participant, t.role) for t in turns] == [
        ("Entrevistadora", None, "interviewer"),
        ("Rosalía", "Rosalía", "participant"),
        ("Entrevistadora", None, "interviewer"),
        ("Rosalía", "Rosalía", "participant"),
    ]
    assert body[turns[1].start : turns[1].end] == "Rosalía: Ganamos confianza.\nSeguimos juntas."
    assert turn_at(turns, body.index("grabación")) is None  # the researcher's note
    assert find_labels("Nota: una sola línea.\nTexto.\n") == ("none", [])


def test_real_bracketed_ids() -> None:
    body = read_source(real_input(TRANSCRIPTS, "qualcoder_example_transcript_speaker_ids.txt")).body
    style, counts = _labels(body)
    assert style == "bracket-id"
    expected = Counter(
        line.split("]")[0][1:] for line in body.split("\n") if line.startswith("[id")
    )
    assert {k[0]: v for k, v in counts.items()} == expected


def test_small_bracketed_ids_and_time_marks() -> None:
    body = "[P1] Me gusta la feria.\n\n[00:01:05] no es un hablante\n\n[P2] A mí no.\n"
    style, spans = find_labels(body)
    assert style == "bracket-id" and [s.label for s in spans] == ["P1", "P2"]
    assert time_marks(body) == [(body.index("[00:01:05]"), 65.0)]
    assert time_marks("[inaudible 00:00:52] y [12:31]") == [(0, 52.0), (23, 751.0)]


def test_real_zoom_chat_reactions_told_apart() -> None:
    path = real_input(TRANSCRIPTS, "zoom_chat_pseudonymised.txt")
    source = read_source(path)
    style, spans = find_labels(source.body)
    raw = path.read_text(encoding="utf-8").splitlines()
    assert style == "zoom-chat"
    assert len(spans) == len(raw)
    reactions = [s for s in spans if s.kind == "reaction"]
    assert len(reactions) == sum(1 for x in raw if x.split("\t")[2].startswith("Reacted to "))
    assert len(source.times) == len(raw)
    assert source.times[0] == (0, 5 * 60 + 16.0)


def test_small_zoom_chat() -> None:
    body = (
        "00:00:05\tRosalía:\tHola a todas\n"
        '00:00:09\tClara:\tReacted to "Hola a todas" with 👍🏻\n'
        "00:01:10\tClara:\tBuenas tardes\n"
    )
    style, spans = find_labels(body)
    assert style == "zoom-chat"
    assert [(s.label, s.kind, s.seconds) for s in spans] == [
        ("Rosalía", "speech", 5.0),
        ("Clara", "reaction", 9.0),
        ("Clara", "speech", 70.0),
    ]
    assert [t.kind for t in speaker_turns(body)] == ["speech", "reaction", "speech"]


def test_real_vtt_voices_and_cue_times() -> None:
    source = read_source(real_input(TRANSCRIPTS, "zoom_transcript_pseudonymised.vtt"))
    style, spans = find_labels(source.body, source.speakers)
    assert style == "name"
    assert {s.label for s in spans} == set(source.speakers)
    text = real_input(TRANSCRIPTS, "zoom_transcript_pseudonymised.vtt").read_text("utf-8")
    assert len(source.times) == text.count(" --> ")  # every cue kept its start time
    first = source.times[0]
    assert source.body[first[0] :].startswith(source.body.split(": ", 1)[1][:20])


# --- import: speakers through the key, times in the sidecar -------------------------------


def test_real_e_g_import_with_one_participant(project: Project) -> None:
    key = _key(project, ("Gabriela Reinoso Díaz", "Gloria", ()))
    path = real_input(TRANSCRIPTS, "qc_spanish_interview_E_G.txt")
    (item,), _ = import_pseudonymised(
        project,
        [path],
        ImportOptions(kind="interview", date="2010-09-15", participants=["Gloria"]),
        key=key,
        save=False,
    )
    doc = item.document
    assert doc.extra["speakers"] == [
        {"label": "E", "participant": None, "role": "interviewer"},
        {"label": "G", "participant": "Gloria", "role": "participant"},
    ]
    turns = document_turns(doc)
    assert speaker_at(doc, doc.body.index("Viable tiene"), turns) == "Gloria"
    assert speaker_at(doc, doc.body.index("A los aspectos"), turns) is None  # E, the interviewer


def test_real_zoom_chat_names_never_written(project: Project) -> None:
    key = _key(project, ("Owen Pratt", "Tomás", ()))
    path = real_input(TRANSCRIPTS, "zoom_chat_pseudonymised.txt")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QualcodeWarning)
        (item,), _ = import_pseudonymised(
            project, [path], ImportOptions(kind="meeting"), key=key, save=False
        )
    written = item.document.path.read_text(encoding="utf-8")
    for name in ("Owen Pratt", "Helena Vos", "Tamsin Okafor-Reyes", "Anirudh Joshi"):
        assert f"{name}:" not in written
    assert "\tTomás:\t" in written
    assert sorted(str(w.message).split("'")[1] for w in caught) == [
        "Anirudh Joshi",
        "Dr. Helena Vos",
        "Tamsin Okafor-Reyes",
    ]
    times = read_times(item.document.path)
    body = item.document.body
    assert len(times) == 12
    assert all(body[o:].startswith(f"{int(t) // 3600:02d}:") for o, t in times)


def test_small_import_times_survive_pseudonymisation(project: Project, tmp_path: Path) -> None:
    key = _key(project, ("Rosalía Fuentes Vidal", "Clara", ("Rosalía",)))
    source = tmp_path / "entrevista.vtt"
    source.write_text(
        "WEBVTT\n\n00:12:31.000 --> 00:12:35.000\n<v Rosalía Fuentes Vidal>Con la feria "
        "ganamos confianza.\n\n00:12:36.000 --> 00:12:40.000\n<v Entrevistadora>¿Y Rosalía "
        "qué dijo?\n\n00:12:41.000 --> 00:12:44.000\n<v Rosalía Fuentes Vidal>Rosalía dijo "
        "que sí.\n",
        encoding="utf-8",
    )
    (item,), _ = import_pseudonymised(
        project, [source], ImportOptions(kind="interview", date="2010-09-15"), key=key, save=False
    )
    doc = item.document
    assert "Rosalía" not in doc.path.read_text(encoding="utf-8")
    times = read_times(doc.path)
    assert [doc.body[o : o + 9] for o, _ in times] == ["Con la fe", "¿Y Clara ", "Clara dij"]
    assert [t for _, t in times] == [751.0, 756.0, 761.0]
    assert times_path(doc.path).read_text("utf-8").startswith("offset,time\n")
    assert doc.participants == ("Clara",)
    cite = citation(
        "({participant} {date_mdy}, {kind}, {time})", doc, speaker="Clara", time="00:12:31"
    )
    assert cite == "(Clara 9/15/10, interview, 00:12:31)"
    assert citation("({participant}, {time})", doc, speaker="Clara") == "(Clara)"


def test_quotes_cite_speaker_and_time(run, project: Project, tmp_path: Path) -> None:
    import json

    source = tmp_path / "entrevista.txt"
    text = "[00:12:00] Entrevistadora: ¿Qué cambió?\n\n[00:12:31] Clara: Ganamos confianza.\n"
    source.write_text(text, encoding="utf-8")
    options = ImportOptions(kind="interview", date="2010-09-15", participants=["Clara"])
    (item,) = import_files(project, [source], options)
    assert read_times(item.document.path) == [(0, 720.0), (text.index("[00:12:31]"), 751.0)]
    doc_id = item.document.id
    run("codebook", "add", "trust", "-p", project.root)
    run(
        "code",
        doc_id,
        "trust",
        "--quote",
        "Ganamos confianza",
        "--coder",
        "ana",
        "-p",
        project.root,
    )
    out = run("quotes", "trust", "-f", "json", "-p", project.root).stdout
    assert [q["citation"] for q in json.loads(out)] == ["(Clara 9/15/10, interview, 00:12:31)"]


# --- helpers ------------------------------------------------------------------------------


def test_apply_edits_and_pieces_move_time_points() -> None:
    body = "Rosalía Fuentes: hola\n\nE: chao\n"
    times = [(17, 1.0), (26, 2.0)]
    new, moved = apply_edits(body, [(0, 15, "Speaker 1")], times)
    assert new == "Speaker 1: hola\n\nE: chao\n"
    assert [new[o : o + 4] for o, _ in moved] == ["hola", "chao"]
    out, again = transform_pieces(new, moved, lambda t: t.replace("hola", "buenas tardes"))
    assert [out[o : o + 4] for o, _ in again] == ["buen", "chao"]
    assert time_at(again, 0) is None and time_at(again, len(out)) == 2.0
    assert render_times([(5, 751.5)]) == "offset,time\n5,00:12:31.500\n"


def test_labels_that_could_be_names() -> None:
    assert looks_like_name("Owen Pratt") and looks_like_name("Mario")
    assert not looks_like_name("G") and not looks_like_name("id1")
    assert not looks_like_name("Entrevistadora") and not looks_like_name("Speaker 2")


def test_old_documents_without_a_speakers_record() -> None:
    doc = Document(
        id="m",
        kind="meeting",
        title="Reunión",
        body="Economist: At the micro level.\n\nClara: La economía popular.\n",
        participants=("Clara", "Economist"),
    )
    assert speaker_at(doc, doc.body.index("micro")) == "Economist"
    assert speaker_at(doc, doc.body.index("popular")) == "Clara"


@pytest.mark.parametrize(
    "name", ["fieldnotes_serdif_moderator_P1.txt", "fieldnotes_serdif_moderator_P14_tabs.txt"]
)
def test_real_field_notes_have_no_turns(name: str) -> None:
    body = read_source(real_input(TRANSCRIPTS, name)).body
    assert find_labels(body) == ("none", [])
