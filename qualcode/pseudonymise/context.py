"""Context: is this registered name part, which is also a word or a place, a mention here?

Some name parts are ordinary words (``Rosa``, ``Peña``, ``Flores``, ``Sole``;
:data:`~qualcode.pseudonymise.lexicon.NAME_WORDS`) or places (``Castro``,
``Toledo``; :mod:`~qualcode.pseudonymise.gazetteer`). For those, and only
those, :func:`judge` reads the words around the mention and returns one of

* ``name``: a mention, replaced;
* ``unsure``: replaced (privacy first) and listed in the report so the user
  can add the phrase to ``keep:``;
* ``word``: left as an ordinary word or place, and listed in the report;
  ``qualcode scan`` lists it too. The engine still replaces it when
  another part of the same person's name stands right beside it
  (``rosa_pena``, ``Rosa Peña``).

The rules, in order (the first that applies decides):

1. a title right before (``don``, ``doña``, ``señora``, ``Mr``, ``Ms``,
   ``profe``...), or a speaker label (``Rosa:`` at the start of a line):
   ``name``, in any case (``doña rosa``);
2. written in lower case: ``word`` if it is a word (``la peña``, ``el mar``),
   else ``name``;
3. inside a place or organisation name: after ``San``/``Santa``/``Santo``
   for any part (``Santa Ana``), after a head word (``calle``, ``metro``,
   ``paso``, ``Radio``, ``Virgen``, ``Nuestra Señora``...) for a word or
   place (``calle Flores``, ``Virgen de los Dolores``), over capitalised
   words and ``de``/``del``/``de los``: ``word``;
4. ``las`` right before a surname (``paso Las Cuevas``; a family is ``los
   Peña``): ``word``;
5. a month (``Mar. 2023``, ``12 de Abril``): ``word``;
6. a place (gazetteer) after a preposition of place (``en``, ``in``,
   ``near``, ``around``, ``desde``...), or before ``, <country or region>``
   or ``region``/``province``: ``word``;
7. a possessive after it (``Tapia's``): ``name``; a given name or nickname
   that is a word, followed by ``de``/``del`` and a capitalised word
   (``Estrella del Sur``) or by a capitalised word that is not registered
   (``Estrella Damm``), or a surname that is a word or place after such a
   word (``Gladys Flores``: another person): ``word``;
8. a word at the start of a sentence, line or quotation (``Soledad absoluta
   en el galpón``): ``unsure``;
9. otherwise (capitalised inside a sentence: ``la Consuelo``, ``los Peña``):
   ``name``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qualcode.pseudonymise.gazetteer import countries
from qualcode.pseudonymise.text import skeleton

NAME, UNSURE, WORD = "name", "unsure", "word"

TITLES = frozenset(
    skeleton(w)
    for w in [
        "don",
        "doña",
        "dona",
        "sr",
        "sra",
        "srta",
        "señor",
        "señora",
        "señorita",
        "sir",
        "ño",
        "ña",
        "misia",
        "profe",
        "profesor",
        "profesora",
        "prof",
        "dr",
        "dra",
        "doctor",
        "doctora",
        "tía",
        "tío",
        "tia",
        "tio",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "madam",
        "hermana",
        "hermano",
        "sor",
        "compañera",
        "compañero",
        "compa",
        "concejal",
        "concejala",
        "alcalde",
        "alcaldesa",
        "diputado",
        "diputada",
        "senador",
        "senadora",
        "presidenta",
        "presidente",
        "tesorero",
        "tesorera",
        "secretaria",
        "secretario",
        "delegado",
        "delegada",
        "dirigente",
        "dirigenta",
        "vecina",
        "vecino",
        "comadre",
        "compadre",
        "abuela",
        "abuelo",
        "abue",
        "tata",
        "mamá",
        "papá",
        "mami",
        "papi",
        "señito",
    ]
)
"""Words that make the next capitalised word a person's name (folded)."""

SAINTS = frozenset(["san", "santa", "santo", "saint", "st", "sta", "sto"])
"""Words that make the next word a place or a saint, never the person (``Santa Ana``)."""

HEADS = frozenset(
    skeleton(w)
    for w in [
        "calle",
        "avenida",
        "av",
        "avda",
        "pasaje",
        "psje",
        "camino",
        "ruta",
        "metro",
        "estación",
        "estacion",
        "paso",
        "cerro",
        "río",
        "rio",
        "lago",
        "laguna",
        "volcán",
        "volcan",
        "isla",
        "puerto",
        "bahía",
        "bahia",
        "valle",
        "villa",
        "población",
        "poblacion",
        "plaza",
        "parque",
        "barrio",
        "comuna",
        "región",
        "region",
        "provincia",
        "ciudad",
        "pueblo",
        "radio",
        "club",
        "hotel",
        "restaurante",
        "restorán",
        "café",
        "cafe",
        "bar",
        "panadería",
        "panaderia",
        "colegio",
        "escuela",
        "liceo",
        "universidad",
        "hospital",
        "clínica",
        "clinica",
        "consultorio",
        "cesfam",
        "iglesia",
        "parroquia",
        "capilla",
        "virgen",
        "estadio",
        "teatro",
        "cine",
        "feria",
        "supermercado",
        "banco",
        "diario",
        "revista",
        "canal",
        "festival",
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "lane",
        "square",
        "park",
        "station",
        "lake",
        "mount",
        "mt",
        "river",
        "island",
        "province",
        "city",
        "town",
        "village",
        "hotel",
        "bank",
        "church",
        "chapel",
    ]
)
"""Words that begin a place or organisation name (``calle Flores``, ``Radio Estrella``)."""

PLACE_PREPOSITIONS = frozenset(
    skeleton(w)
    for w in [
        "en",
        "in",
        "near",
        "around",
        "desde",
        "hacia",
        "towards",
        "toward",
        "cerca",
        "through",
        "via",
    ]
)
PLACE_AFTER = frozenset(
    skeleton(w) for w in ["region", "región", "province", "provincia", "comuna", "island", "isla"]
)
MONTHS = frozenset(
    skeleton(w)
    for w in [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "setiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "ene",
        "feb",
        "mar",
        "abr",
        "may",
        "jun",
        "jul",
        "ago",
        "sep",
        "sept",
        "oct",
        "nov",
        "dic",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "apr",
        "aug",
        "dec",
    ]
)
PARTICLES = frozenset(["de", "del", "la", "las", "los", "el", "y", "of", "the"])

_WORD_BEFORE = re.compile(r"(?<![\w])([^\W\d_]+)\.?[ \t\u00a0]+\Z")
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\W\d_][\w'’]*)")
_SENTENCE_END = set('.!?:;—–-"“”«»¿¡()[]#*>|…\n\x00')  # \x00: a masked placeholder
_YEAR_AFTER = re.compile(r"\.?,?[ \t\u00a0]+(?:de[ \t]+)?(?:19|20)\d\d\b")
_DAY_BEFORE = re.compile(r"\b\d{1,2}[ \t\u00a0]+(?:de[ \t\u00a0]+)?\Z")
_OF_NAME = re.compile(
    r"[ \t\u00a0]+(?:de|del|de la|de los|de las)[ \t\u00a0]+[A-ZÁÉÍÓÚÑ][a-záéíóúñü]"
)
_COUNTRY_AFTER = re.compile(r",[ \t\u00a0]*([^\W\d_]+(?:[ \t\u00a0][^\W\d_]+)?)")


@dataclass(frozen=True)
class Part:
    """What the engine knows of a registered single-word name part.

    Attributes:
        word: It is also an ordinary word.
        place: It is also a place in the gazetteer.
        given: Some person has it as a given name or nickname.
        surname: Some person has it as a surname.
    """

    word: bool
    place: bool
    given: bool
    surname: bool


def sentence_start(text: str, start: int) -> bool:
    """Return whether the word at ``start`` begins a sentence, a line or a quotation."""
    index = start - 1
    while index >= 0 and text[index] in " \t\u00a0":
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def _previous_word(text: str, start: int) -> re.Match[str] | None:
    return _WORD_BEFORE.search(text, max(0, start - 40), start)


def judge(
    text: str, start: int, end: int, part: Part, registered: Callable[[str], bool]
) -> tuple[str, str]:
    """Decide whether ``text[start:end]``, a registered part that is a word or a place, is a mention.

    Args:
        text: The whole text (NFC).
        start: 0-based start of the mention.
        end: Exclusive end.
        part: What the part is besides a name.
        registered: Whether a skeleton is a registered name part or alias.

    Returns:
        (``name`` | ``unsure`` | ``word``, the reason in a few words).
    """
    first = text[start]
    before = _previous_word(text, start)
    previous = skeleton(before.group(1)) if before else ""
    if previous in TITLES and before is not None and not _inside_chain(text, before.start(1)):
        return NAME, ""  # doña rosa, la señora Flores
    if text[end : end + 1] == ":" and sentence_start(text, start):
        return NAME, ""  # a speaker label
    if not first.isupper():
        return (WORD, "an ordinary word in lower case") if part.word else (NAME, "")
    head = _entity_head(text, start)
    if head == "saint" or (head and (part.word or part.place)):
        return WORD, "part of a place or organisation name"
    if not (part.word or part.place):
        return NAME, ""
    if previous == "las" and part.surname:
        return WORD, "after 'las': a place or a thing, not a family"
    folded = skeleton(text[start:end])
    if folded in MONTHS and (
        _YEAR_AFTER.match(text, end) or _DAY_BEFORE.search(text, max(0, start - 8), start)
    ):
        return WORD, "a month"
    if part.place and _place_context(text, start, end, previous):
        return WORD, "a place"
    if text[end : end + 2] in ("'s", "’s"):
        return NAME, ""  # a possessive: Tapia's office
    if part.word and part.given and _OF_NAME.match(text, end):
        return WORD, "part of another name"  # Estrella del Sur, Mar del Plata
    following = _NEXT_WORD.match(text, end)
    if following is not None and part.word and part.given:
        nxt = following.group(1)
        if (
            nxt[0].isupper()
            and len(nxt) > 1
            and not nxt.isupper()
            and not registered(skeleton(nxt.split("'")[0].split("’")[0]))
            and skeleton(nxt) not in PARTICLES
        ):
            return WORD, "part of another name"
    if (
        before is not None
        and (part.surname or part.place)
        and before.group(1)[0].isupper()
        and len(before.group(1)) > 1
        and "." not in text[before.end(1) : start]
        and previous not in PARTICLES
        and not registered(previous)
        and not sentence_start(text, before.start(1))
    ):
        return WORD, "after another name"
    if sentence_start(text, start):
        return UNSURE, "a word at the start of a sentence"
    return NAME, ""


_SAINT_BEFORE = re.compile(r"(?<![\w.])(?:San|Santa|Santo|Saint|St\.?|Sta\.?|Sto\.?)[ \t\u00a0]+\Z")


_SAINT_TAILS = ("san", "santa", "santo", "saint", "st", "st.", "sta", "sta.", "sto", "sto.")


def after_saint(text: str, start: int) -> bool:
    """Return whether ``San``/``Santa``/``Saint`` stands right before ``start`` (``Santa Ana``)."""
    if start < 3 or not text[max(0, start - 7) : start - 1].lower().endswith(_SAINT_TAILS):
        return False
    return _SAINT_BEFORE.search(text, max(0, start - 8), start) is not None


def _inside_chain(text: str, start: int) -> bool:
    """Return whether the title at ``start`` is itself part of a longer name (``Nuestra Señora``)."""
    before = _previous_word(text, start)
    return before is not None and skeleton(before.group(1)) in {"nuestra", "our"}


def _entity_head(text: str, start: int) -> str:
    """Return ``saint``, ``head`` or '' for the words before ``start``.

    Walks back over capitalised words and particles (at most five words):
    ``metro Santa Ana``, ``Radio Estrella del Mar``, ``Virgen de los Dolores``.
    """
    position = start
    for step in range(5):
        before = _previous_word(text, position)
        if before is None:
            return ""
        word = before.group(1)
        folded = skeleton(word)
        if "." in text[before.end(1) : position] and folded not in HEADS:
            return ""  # a sentence ends between them (but "av. Flores" is one name)
        if folded in SAINTS and step == 0 and word[0].isupper():
            return "saint"
        if folded in HEADS or (
            folded in {"senora", "lady"} and _inside_chain(text, before.start(1))
        ):
            return "head"
        if folded in PARTICLES or (word[0].isupper() and folded not in TITLES):
            position = before.start(1)
            continue
        return ""
    return ""


def _place_context(text: str, start: int, end: int, previous: str) -> bool:
    if previous in PLACE_PREPOSITIONS:
        return True
    following = _NEXT_WORD.match(text, end)
    if following is not None and skeleton(following.group(1)) in PLACE_AFTER:
        return True
    country = _COUNTRY_AFTER.match(text, end)
    if country is not None:
        words = country.group(1)
        return skeleton(words) in countries() or skeleton(words.split()[0]) in countries()
    return False


__all__ = ["NAME", "UNSURE", "WORD", "Part", "after_saint", "judge", "sentence_start"]
