from pathlib import Path

import docx
import pytest

from qualcode.errors import InvalidData, NotFound
from qualcode.store.readers import read_source
from tests.conftest import real_input


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_webvtt_voice_tags_become_speaker_turns(tmp_path):
    vtt = write(
        tmp_path / "t.vtt",
        (
            "WEBVTT\n\nNOTE recorded in Peñalolén\n\n1\n00:00:01.000 --> 00:00:03.000\n"
            "<v Clara>Buenas tardes, ¿empezamos?</v>\n\n"
            "00:00:03.500 --> 00:00:05.000 align:start\n<v.loud Pancho>Sí — <i>empecemos</i>.\n\n"
            "00:00:05.000 --> 00:00:06.000\n<v Pancho>La feria &amp; el mercado.\n"
        ).encode(),
    )
    source = read_source(vtt)
    assert (
        source.body
        == "Clara: Buenas tardes, ¿empezamos?\n\nPancho: Sí — empecemos. La feria & el mercado.\n"
    )
    assert source.speakers == ("Clara", "Pancho")
    assert "00:00" not in source.body


def test_srt_with_name_prefixes(tmp_path):
    srt = write(
        tmp_path / "t.srt",
        "1\r\n00:00:01,000 --> 00:00:02,000\r\nMaría: Hola.\r\n\r\n2\r\n00:00:02,500 --> 00:00:04,000\r\nJoaquín: ¿Qué tal?\r\n".encode(),
    )
    source = read_source(srt)
    assert source.body == "María: Hola.\n\nJoaquín: ¿Qué tal?\n"


def test_vtt_without_header_is_refused(tmp_path):
    with pytest.raises(InvalidData, match="WEBVTT"):
        read_source(write(tmp_path / "bad.vtt", b"00:00.000 --> 00:01.000\nhi\n"))


def test_real_zoom_transcript_keeps_speakers():
    source = read_source(real_input("transcript", "zoom_transcript_pseudonymised.vtt"))
    assert source.body.startswith("Priyanka Basu: Hi!\n\nDeclan Marsh: Get this party started.\n\n")
    assert "Dr. Helena Vos" in source.speakers
    assert "-->" not in source.body


def test_real_mozilla_voice_spans_two_voices_in_one_cue():
    source = read_source(real_input("transcript", "mozilla_talk_voice_spans_pseudonymised.vtt"))
    assert "Colm Perrin: Okay, we're good now.\n\nKit Harlow: Oh, now we're good?" in source.body
    assert "<u>" not in source.body and "<b>" not in source.body


def test_real_vtt_with_bom_and_crlf_captions():
    bom = read_source(real_input("transcript", "webvttpy_captions_with_bom.vtt"))
    assert "\ufeff" not in bom.body and bom.body.startswith("Caption text #1")
    crlf = read_source(real_input("transcript", "zoom_cc_captions_no_speakers.vtt"))
    assert "\r" not in crlf.body


def test_real_youtube_rolling_captions_are_deduplicated():
    source = read_source(real_input("transcript", "webvttpy_youtube_dl.vtt"))
    assert source.body.count("this will happen is I'm telling") == 1
    assert "<c" not in source.body and "##" not in source.body


def test_docx_paragraphs_and_smart_quotes(tmp_path):
    document = docx.Document()
    document.add_paragraph("Entrevista con “Pancho” — feria de Ñuñoa")
    document.add_paragraph("")
    document.add_paragraph("Pancho: la confianza se construye… de a poco.")
    path = tmp_path / "e.docx"
    document.save(path)
    source = read_source(path)
    assert (
        source.body
        == "Entrevista con “Pancho” — feria de Ñuñoa\n\nPancho: la confianza se construye… de a poco.\n"
    )


def test_real_qualcoder_docx():
    source = read_source(real_input("transcript", "qualcoder_example_ID1_interview.docx"))
    assert "€200" in source.body
    assert source.body.count("\n\n") >= 2


def test_corrupt_docx_is_one_clear_error(tmp_path):
    with pytest.raises(InvalidData, match="docx"):
        read_source(write(tmp_path / "broken.docx", b"PK\x03\x04 not really a zip"))


def test_unsupported_extension_and_missing_file(tmp_path):
    with pytest.raises(InvalidData, match="unsupported"):
        read_source(write(tmp_path / "a.pdf", b"%PDF"))
    with pytest.raises(NotFound):
        read_source(tmp_path / "missing.txt")


def test_markdown_front_matter_is_metadata(tmp_path):
    md = write(tmp_path / "n.md", b"---\ntitle: Feria\ndate: 2010-10-16\n---\nTexto.\n")
    source = read_source(md)
    assert source.body == "Texto.\n"
    assert source.meta["title"] == "Feria"
