"""E-mails, URLs with users, phones and RUTs, and the numbers that must stay."""

from __future__ import annotations

import pytest

from qualcode.pseudonymise.patterns import find_patterns, rut_check_digit

ALL = ("email", "url", "phone", "rut", "handle")


def kinds(text):
    return [(m.kind, text[m.start : m.end]) for m in find_patterns(text, ALL)]


@pytest.mark.parametrize(
    ("number", "digit"), [("12345678", "5"), ("16543210", "K"), ("11222333", "9"), ("9876543", "3")]
)
def test_rut_check_digit(number, digit):
    assert rut_check_digit(number) == digit


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("llámame al 9 8765 4321 mañana", ("phone", "9 8765 4321")),
        ("cel: 987654321.", ("phone", "987654321")),
        ("fono (2) 2345 6789", ("phone", "(2) 2345 6789")),
        ("Santiago 22 345 6789", ("phone", "22 345 6789")),
        ("oficina +56 2 2345 6789", ("phone", "+56 2 2345 6789")),
        ("London +44 20 7946 0958", ("phone", "+44 20 7946 0958")),
        ("US +1 (415) 555-0123 ok", ("phone", "+1 (415) 555-0123")),
        ("rut 9.876.543-3", ("rut", "9.876.543-3")),
        ("escribe a Ana.Soto+feria@correo.cl.", ("email", "Ana.Soto+feria@correo.cl")),
        (
            "perfil https://www.facebook.com/rosa.paz.tejidos, ver",
            ("url", "https://www.facebook.com/rosa.paz.tejidos"),
        ),
        ("sitio ftp http://rosa@example.org/x", ("url", "http://rosa@example.org/x")),
        ("sígueme en @rosa_tejidos!", ("handle", "@rosa_tejidos")),
    ],
)
def test_found(text, found):
    assert kinds(text) == [found]


@pytest.mark.parametrize(
    "text",
    [
        "En 2010 hubo 116 talleres y 72 respuestas.",
        "Costó $15.000 o $1.250.000 pesos.",
        "Entre 1990-2010 y 2009-2010.",
        "a las 10:30, el 15/09/2010",
        "12.345 personas y 3,5%",
        "see https://www.economiasolidaria.cl/feria for dates",
        "el 50% de 13 de 72",
        "ISBN 978-3-16-148410-0",
    ],
)
def test_not_found(text):
    assert kinds(text) == []


def test_same_phone_in_two_forms_normalises_the_same():
    values = {m.value for m in find_patterns("+56 9 8765 4321 o 98765 4321 o 9-8765-4321", ALL)}
    assert values == {"987654321"}
