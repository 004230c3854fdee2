import codecs
import unicodedata

import pytest

from qualcode.errors import InvalidData
from qualcode.store.textio import decode

SPANISH = "“El niño” — dijo PEÑA, ¿qué pasó?\nMañana vamos a la feria…\n"


def test_cp1252_crlf_smart_quotes_dash_and_enye_come_through_exactly():
    data = SPANISH.replace("\n", "\r\n").encode("cp1252")
    decoded = decode(data, "notes.txt")
    assert decoded.text == SPANISH
    assert decoded.encoding == "cp1252"
    assert decoded.crlf == 2


def test_utf8_bom_and_decomposed_accents_become_nfc_without_bom():
    nfd = unicodedata.normalize("NFD", "Joaquín y Ñuñoa\n")
    decoded = decode(codecs.BOM_UTF8 + nfd.encode("utf-8"))
    assert decoded.text == "Joaquín y Ñuñoa\n"
    assert decoded.had_bom and decoded.normalised
    assert "\u0301" not in decoded.text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(codec):
    data = "Pancho: ¡hola!\r\n".encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode(data).text == "Pancho: ¡hola!\n"


def test_lone_cr_line_ends_become_lf():
    assert decode(b"a\rb\rc").text == "a\nb\nc"


@pytest.mark.parametrize("data", [b"%PDF-1.4 ...", b"PK\x03\x04rest", b"abc\x00def"])
def test_binary_is_refused(data):
    with pytest.raises(InvalidData, match="binary"):
        decode(data, "x.txt")


def test_undetectable_greek_names_byte_offset_and_encoding_option():
    greek = "P1: Η μετακόμιση ήταν δύσκολη.\n".encode("iso-8859-7")
    with pytest.raises(InvalidData) as info:
        decode(greek, "greek.txt")
    assert "byte 4" in info.value.message
    assert "--encoding" in (info.value.hint or "")
    assert decode(greek, encoding="iso-8859-7").text == "P1: Η μετακόμιση ήταν δύσκολη.\n"


def test_forced_encoding_cp1252():
    assert decode(b"P2: Caf\xe9 \x96 na\xefve\n", encoding="cp1252").text == "P2: Café – naïve\n"


def test_unknown_forced_encoding_is_an_error():
    with pytest.raises(InvalidData, match="unknown encoding"):
        decode(b"abc", encoding="klingon")


def test_invalid_bytes_for_forced_encoding():
    with pytest.raises(InvalidData, match="not valid utf-8"):
        decode(b"caf\xe9", encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("La reunión empezó tarde. Él habló de la organización y la participación.\r\n", "cp1252"),
        ("Señor Peña: “sí”.\r\n", "cp1252"),
        ("Año de la señora Muñoz, ¿sí? «comillas» ½", "latin-1"),
        ("Línea uno\rLínea dos — fin\r", "cp1252"),
    ],
)
def test_short_western_legacy_text_is_detected_exactly(text, codec):
    """Regression: short cp1252 text was refused, and one was decoded as hp_roman8."""
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert decode(text.encode(codec), "x.txt").text == expected


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(codec):
    assert decode("Hola, señora Muñoz\r\n".encode(codec)).text == "Hola, señora Muñoz\n"


@pytest.mark.parametrize("text", ["año", "¿Qué?", "¡Olé!", "ÉL", "Ñuñoa, año"])
def test_very_short_cp1252_fragments_decode(text):
    """Regression: two- and three-letter Spanish fragments were refused."""
    assert decode(text.encode("cp1252")).text == text
