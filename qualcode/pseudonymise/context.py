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
from importlib import resources

from qualcode.pseudonymise.gazetteer import countries, places
from qualcode.pseudonymise.lexicon import is_word_in, language_of
from qualcode.pseudonymise.names import is_known_given_name
from qualcode.pseudonymise.text import skeleton

NAME, UNSURE, WORD = "name", "unsure", "word"


def _context_words(section: str) -> frozenset[str]:
    """Return the folded words of one ``[section]`` of ``data/context-words.txt``."""
    return _CONTEXT_WORDS.get(section, frozenset())


def _read_context_words() -> dict[str, frozenset[str]]:
    text = resources.files("qualcode.pseudonymise").joinpath("data", "context-words.txt")
    found: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in text.read_text("utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = found.setdefault(line[1:-1], set())
        elif line and not line.startswith("#") and current is not None:
            current.update(skeleton(w) for w in line.split())
    return {name: frozenset(words) for name, words in found.items()}


_CONTEXT_WORDS = _read_context_words()

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
        "directora",
        "director",
        "jefa",
        "jefe",
        "coordinadora",
        "coordinador",
        "encargada",
        "encargado",
        "asistente",
        "ingeniera",
        "ingeniero",
        "abogada",
        "abogado",
        "capitán",
        "capitana",
        "teniente",
        "sargento",
        "suboficial",
        "comandante",
        "carabinero",
        "padre",
        "madre",
        "monseñor",
        "pastor",
        "pastora",
        "ministra",
        "ministro",
        "seremi",
        "gobernador",
        "gobernadora",
        "intendente",
        "intendenta",
        "socia",
        "socio",
        "profesora",
        "maestra",
        "maestro",
        "enfermera",
        "enfermero",
        "matrona",
        "tesorera",
        "vocera",
        "vocero",
        "presi",
        "officer",
        "captain",
        "professor",
        "doctor",
        "councillor",
        "councilor",
        "mayor",
        "father",
        "sister",
        "brother",
        "nurse",
        "judge",
        "senator",
        "minister",
        "president",
        "chair",
        "coordinator",
        "supervisor",
        "aunt",
        "uncle",
        "grandma",
        "grandpa",
        "auntie",
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
WEAK_PLACE_PREPOSITIONS = frozenset(
    skeleton(w)
    for w in ["a", "de", "del", "para", "por", "hasta", "to", "from", "at", "into", "of"]
)
"""Prepositions that go before places and people alike (a place only without the person)."""
MOTION_WORDS = _context_words("motion-words")
"""Words before ``a``/``de``/``to``/``from`` that make the next capitalised word a place."""
PLACE_NOUNS = _context_words("place-nouns")
"""Nouns before ``de``/``of`` that make the next capitalised word a place (``la gente de Osorno``)."""
PERSON_VERBS = _context_words("person-verbs")
"""Verbs before ``a``/``to`` that take a person (``le pregunté a Valdivia``)."""
PERSON_NOUNS = _context_words("person-nouns")
"""Nouns before ``de``/``of`` that make the next capitalised word a person (``la casa de Castro``)."""
ABBREVIATIONS = frozenset(
    ["sr", "sra", "srta", "dr", "dra", "mr", "mrs", "ms", "prof", "profa", "st", "sta", "sto"]
    + ["av", "avda", "psje", "pje", "gral", "ing", "lic", "sgto", "cap", "tte", "pdta", "pdte"]
)
"""Words written with a full stop that does not end a sentence (``Sra. Flores``)."""
ABBREVIATED_HEADS = frozenset(
    ["av", "avda", "psje", "pje", "st", "ave", "rd", "mt", "sta", "sto", "pob", "gral"]
)
"""Head words written with a full stop (``av. Flores``): the stop does not end a sentence."""
PLACE_AFTER = frozenset(
    skeleton(w)
    for w in [
        "region",
        "región",
        "province",
        "provincia",
        "comuna",
        "island",
        "isla",
        "office",
        "oficina",
        "branch",
        "sede",
        "campus",
    ]
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
_OF_NAME_WORD = re.compile(
    r"[ \t\u00a0]+(?:de|del|de la|de los|de las)[ \t\u00a0]+([A-ZÁÉÍÓÚÑ][\w'’]*)"
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
    if index < 0:
        return True
    if text[index] == "." and index > 0 and text[index - 1].isalpha():
        word = _LAST_WORD.search(text, max(0, index - 12), index)
        if word is not None and (
            (len(word.group()) == 1 and word.group().isupper())
            or skeleton(word.group()) in ABBREVIATIONS
        ):
            return False  # an initial or a title: "R. Campos", "Sra. Flores"
    return text[index] in _SENTENCE_END


_LAST_WORD = re.compile(r"(?<![\w.])[^\W\d_]+\Z")


def _previous_word(text: str, start: int) -> re.Match[str] | None:
    return _WORD_BEFORE.search(text, max(0, start - 40), start)


@dataclass(frozen=True)
class Verdict:
    """What :func:`judge` decided for one mention.

    Attributes:
        status: ``name``, ``unsure`` or ``word`` when the person is mentioned
            elsewhere in the text (or when the rule does not depend on it).
        reason: Why, in a few words.
        alone: The status when no other mention of the person is in the
            text ('' when the rule does not depend on it).
        alone_reason: Why, then.
    """

    status: str
    reason: str = ""
    alone: str = ""
    alone_reason: str = ""


def judge(
    text: str,
    start: int,
    end: int,
    part: Part,
    registered: Callable[[str], bool],
    genders: frozenset[str] = frozenset(),
) -> Verdict:
    """Decide whether ``text[start:end]``, a registered part that is a word or a place, is a mention.

    Args:
        text: The whole text (NFC).
        start: 0-based start of the mention.
        end: Exclusive end.
        part: What the part is besides a name.
        registered: Whether a skeleton is a registered name part, alias or
            misspelling of one found in this text.
        genders: The genders (``f``, ``m``) of the people who have this part,
            when known from their given names.

    Returns:
        A :class:`Verdict`: its status, and a second one for a text where
        the person is not mentioned any other way (the engine chooses).
    """
    first = text[start]
    before = _previous_word(text, start)
    previous = skeleton(before.group(1)) if before else ""
    if previous in TITLES and before is not None and not _inside_chain(text, before.start(1)):
        return Verdict(NAME)  # doña rosa, la señora Flores
    if text[end : end + 1] == ":" and sentence_start(text, start):
        return Verdict(NAME)  # a speaker label
    if not first.isupper():
        if not part.word:
            return Verdict(NAME)
        return Verdict(WORD, "an ordinary word in lower case")
    head = _entity_head(text, start)
    if head == "saint" or (head and (part.word or part.place)):
        return Verdict(WORD, "part of a place or organisation name")
    if not (part.word or part.place):
        return Verdict(NAME)
    if previous == "las" and part.surname:
        return Verdict(WORD, "after 'las': a place or a thing, not a family")
    if (
        before is not None
        and previous in _PLACE_ARTICLES
        and before.group(1)[0].isupper()
        and text[before.end(1) : start] == " "
        and not sentence_start(text, before.start(1))
        and text[before.start(1) - 1 : before.start(1)] not in _OPENERS
    ):
        return Verdict(WORD, "a place name with its article")  # La Victoria
    if previous in _INDEFINITE and before is not None and text[before.end(1) : start] == " ":
        return Verdict(WORD, "after an indefinite article: a thing")  # un Mercedes negro
    folded = skeleton(text[start:end])
    if folded in MONTHS and (
        _YEAR_AFTER.match(text, end) or _DAY_BEFORE.search(text, max(0, start - 8), start)
    ):
        return Verdict(WORD, "a month")
    if part.place:
        strength = _place_context(text, start, end, previous, registered)
        if strength == "strong":
            return Verdict(WORD, "a place")
        if strength == "weak":
            return Verdict(NAME, "", WORD, "a place (the person is not otherwise mentioned)")
    elif part.word and part.surname and previous in _ARTICLE_GENDER and before is not None:
        # a la Vega, de la Vega: a market or a meadow unless the person is named otherwise
        preposition = _previous_word(text, before.start(1))
        word = skeleton(preposition.group(1)) if preposition else ""
        if word in PLACE_PREPOSITIONS or word in WEAK_PLACE_PREPOSITIONS:
            clause = _clause_before(text, before.start(1))
            if any(w in MOTION_WORDS for w in clause) and word in {"a", "al", "to", "hasta"}:
                return Verdict(WORD, "a place (after a verb of motion)")
            return Verdict(
                NAME, "", WORD, "a place or a thing (the person is not otherwise mentioned)"
            )
    if text[end : end + 2] in ("'s", "’s"):
        return Verdict(NAME)  # a possessive: Tapia's office
    if (
        part.word
        and _OF_NAME.match(text, end)
        and not _registered_after(text, end, registered)
        and (part.given or not _registered_before(before, registered))
    ):
        return Verdict(WORD, "part of another name")  # Estrella del Sur, Campos de Hielo
    following = _NEXT_WORD.match(text, end)
    if following is not None and (part.word or part.place):
        nxt = following.group(1)
        if (
            nxt[0].isupper()
            and len(nxt) > 1
            and not nxt.isupper()
            and not registered(skeleton(nxt.split("'")[0].split("’")[0]))
            and skeleton(nxt) not in PARTICLES
            and (part.given or not _registered_before(before, registered))
        ):
            return Verdict(WORD, "part of another name")  # Estrella Damm, Castillo Wulff
    if part.word and _quoted_title(text, start, end, registered):
        return Verdict(WORD, "part of a title in quotation marks")
    if (
        part.surname
        and genders
        and previous in _ARTICLE_GENDER
        and before is not None
        and _ARTICLE_GENDER[previous] not in genders
    ):
        return Verdict(WORD, "another person (the article does not fit)")
    if (
        before is not None
        and (part.surname or part.place)
        and before.group(1)[0].isupper()
        and len(before.group(1)) > 1
        and "." not in text[before.end(1) : start]
        and previous not in PARTICLES
        and previous not in TITLES
        and not registered(previous)
        and (is_known_given_name(previous) or not sentence_start(text, before.start(1)))
    ):
        return Verdict(WORD, "after another name")  # Gladys Flores, Dolores Peña
    cue = _name_cue(text, start, end, registered, part.place)
    if cue:
        return Verdict(NAME, cue)
    if sentence_start(text, start):
        if subject_next(text, end):
            return Verdict(UNSURE, "at the start of a sentence, before a verb")
        language = language_of(_line_around(text, start, end))
        quoted = text[start - 1 : start] in _QUOTES and text[end : end + 1] in _QUOTES.values()
        if not quoted and (part.place or (language and is_word_in(folded, language))):
            reason = "a word at the start of a sentence"
            return Verdict(
                UNSURE, reason, WORD, reason + " (the person is not otherwise mentioned)"
            )
        return Verdict(UNSURE, "a word at the start of a sentence")
    if part.place:  # Castro alone: the person if mentioned, else listed
        return Verdict(NAME, "", UNSURE, "a place name used alone")
    return Verdict(NAME)


_ARTICLE_GENDER = {"el": "m", "la": "f"}
_SUBJECT_NEXT = re.compile(
    r"[ \t\u00a0]+(?:(?:se|me|le|les|lo|la|nos|te|no|ya|también|siempre|nunca|dijo|dice|"
    r"contó|cuenta|llegó|llega|fue|va|es|está|estaba|era|tiene|tenía|tuvo|trajo|trae|vino|"
    r"viene|hizo|hace|habló|habla|preguntó|pregunta|respondió|responde|explicó|explica|"
    r"comentó|comenta|quiere|quería|sabe|sabía|cree|creía|piensa|pensaba|llamó|llama|"
    r"sirvió|cocinó|armó|levantó|mostró|muestra|pidió|pide|puso|salió|sale|vive|vivía|"
    r"said|says|told|tells|asked|asks|came|comes|is|was|has|had|went|goes|thinks|thought|"
    r"wants|wanted|called|calls|showed|shows|brought|brings|will|would|can|could|did|does|"
    r"didn't|doesn't|isn't|wasn't|herself|himself|and\s+I)\b|[a-z]+(?:ing|ed)\b)"
)


_APPOSITION = re.compile(r",[ \t\u00a0]+(?:el|la|the|our|nuestra|nuestro|mi|my)[ \t\u00a0]+(\w+)")
# an initial after the word: "Grace W.", "Tapia, L.", or a bare one ending a label: "Grace H:"
_INITIAL_NEXT = re.compile(r",?[ \t\u00a0]+[A-ZÁÉÍÓÚÑ](?:\.|[ \t]*:)")
_LIST_NEXT = re.compile(r"(?:,[ \t\u00a0]*|[ \t\u00a0]+(?:y|e|and|&|o|or)[ \t\u00a0]+)([^\W\d_]+)")
_LIST_BEFORE = re.compile(
    r"(?<![\w])([^\W\d_]+)(?:,[ \t\u00a0]*|[ \t\u00a0]+(?:y|e|and|&|o|or)[ \t\u00a0]+)\Z"
)
_FIELD_BEFORE = re.compile(r"(?:^|[\n·|;\[(])[ \t]*(?:[\w.]+[ \t]){0,2}([^\W\d_][\w.]*):[ \t]*\Z")
_ALONE_AROUND = set(" \t\u00a0.,;:!?¡¿()[]«»\"'“”‘’—–-*_")


def _name_cue(
    text: str, start: int, end: int, registered: Callable[[str], bool], place: bool = False
) -> str:
    """Return why the words around make a capitalised word-name a name, or ''.

    The value of a form field (``Transcriptora: Rocío``, ``CC: Alba``), a
    word alone on its line or in brackets (a signature, ``(Rosa)``), one of
    a list of registered names (``Rosa, Consuelo, Luis``) or a word followed
    by an initial (``Grace W.``, ``Tapia, L.``).
    """
    if _INITIAL_NEXT.match(text, end):
        return "before an initial"
    apposition = _APPOSITION.match(text, end)
    if apposition is not None and skeleton(apposition.group(1)) in TITLES:
        return "before a title or role"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    if all(c in _ALONE_AROUND for c in text[line_start:start]) and all(
        c in _ALONE_AROUND for c in text[end:line_end]
    ):
        return "alone on its line"
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return "alone in brackets"
    listed = None if place else _LIST_NEXT.match(text, end)  # places are listed too
    if (
        listed is not None
        and listed.group(1)[0].isupper()
        and registered(skeleton(listed.group(1)))
    ):
        return "in a list of names"
    listed = None if place else _LIST_BEFORE.search(text, max(0, start - 30), start)
    if (
        listed is not None
        and listed.group(1)[0].isupper()
        and registered(skeleton(listed.group(1)))
    ):
        return "in a list of names"
    field = _FIELD_BEFORE.search(text, max(0, line_start - 1), start)
    if field is not None:
        label = skeleton(field.group(1))
        if not place or label in PERSON_FIELDS:
            return "the value of a field"
    return ""


PERSON_FIELDS = _context_words("person-fields")
"""Field labels whose value is a person (``Nombre: Castro``), unlike ``Comuna: Castro``."""


def subject_next(text: str, end: int) -> bool:
    """Whether the word after a sentence-start word is a verb or a clitic (``Paz llegó``, ``Rosa weighing``)."""
    return _SUBJECT_NEXT.match(text, end) is not None


def _line_around(text: str, start: int, end: int) -> str:
    """Return the line around a mention, at most 200 characters each side."""
    lo = max(0, start - 200, text.rfind("\n", max(0, start - 200), start) + 1)
    hi = text.find("\n", end, end + 200)
    return text[lo : hi if hi >= 0 else end + 200]


def _registered_before(before: re.Match[str] | None, registered: Callable[[str], bool]) -> bool:
    return before is not None and registered(skeleton(before.group(1)))


def _registered_after(text: str, end: int, registered: Callable[[str], bool]) -> bool:
    """Whether the capitalised word after ``de``/``del`` is registered (``Rosa Campos de Tapia``)."""
    match = _OF_NAME_WORD.match(text, end)
    return match is not None and registered(skeleton(match.group(1)))


_QUOTES = {"“": "”", "«": "»", '"': '"', "‘": "’"}


def _quoted_title(text: str, start: int, end: int, registered: Callable[[str], bool]) -> bool:
    """Whether the mention is inside a short quotation of capitalised words, one not registered.

    ``"Amazing Grace"``, ``«Rosa Mística»``: the title of a song, a book or
    a boat, not the person.
    """
    lo = max(0, start - 40)
    opening = max(text.rfind(q, lo, start) for q in _QUOTES)
    if opening < 0 or "\n" in text[opening:start]:
        return False
    closer = _QUOTES[text[opening]]
    closing = text.find(closer, end, end + 40)
    if closing < 0 or "\n" in text[end:closing]:
        return False
    words = list(re.findall(r"[^\W\d_][\w'’]*", text[opening + 1 : closing]))
    words = [w for w in words if skeleton(w) not in PARTICLES]
    if not 2 <= len(words) <= 6 or not all(w[0].isupper() for w in words):
        return False
    return any(not registered(skeleton(w)) for w in words)


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
        if "." in text[before.end(1) : position] and folded not in ABBREVIATED_HEADS:
            return ""  # a sentence ends between them (but "av. Flores" is one name)
        if folded in SAINTS and step == 0 and word[0].isupper():
            return "saint"
        if folded in HEADS or (
            folded in {"senora", "lady"} and _inside_chain(text, before.start(1))
        ):
            return "head"
        if folded in _WALK_PARTICLES or (word[0].isupper() and folded not in TITLES):
            position = before.start(1)
            continue
        return ""
    return ""


_WALK_PARTICLES = frozenset(["de", "del", "la", "las", "los", "el", "of", "the"])
"""Particles inside a place or organisation name (``Virgen de los Dolores``; not ``y``)."""


def _place_context(
    text: str,
    start: int,
    end: int,
    previous: str,
    registered: Callable[[str], bool] = lambda _w: False,
) -> str:
    """Return ``strong``, ``weak`` or '' for how much the words around make a place of the mention.

    Strong: a preposition of place before it (``en``, ``in``, ``near``...),
    ``region``/``provincia``/``office`` after it, ``, <country, region or
    province>`` (not a registered name), ``, where``/``, donde`` after it,
    or a list of places that a preposition of place begins (``in Osorno,
    Valdivia and Castro``). Weak: a preposition that also goes before
    people (``a``, ``de``, ``para``, ``to``, ``from``...): a place only when
    the person is not otherwise mentioned in the text.
    """
    if previous in PLACE_PREPOSITIONS:
        return "strong"
    following = _NEXT_WORD.match(text, end)
    if following is not None and skeleton(following.group(1)) in PLACE_AFTER:
        return "strong"
    if _WHERE_AFTER.match(text, end):
        return "strong"  # Concepción, where she grew up
    country = _COUNTRY_AFTER.match(text, end)
    if country is not None:
        words = country.group(1)
        first = skeleton(words.split()[0])
        if skeleton(words) in countries() or first in countries():
            return "strong"
        if places().get(first, frozenset()) & {"province", "region"} and not registered(first):
            return "strong"  # Castro, Chiloé
    if _in_place_list(text, start):
        return "strong"
    if previous in WEAK_PLACE_PREPOSITIONS:
        before = _clause_before(text, start - len(previous) - 1)
        if (
            previous in {"a", "al", "to"}
            and before
            and (before[-1] in PERSON_VERBS or (len(before) > 1 and before[-2] in {"le", "les"}))
        ):
            return ""  # le pregunté a Valdivia, talked to Castro
        if previous in {"de", "del", "of"} and before and before[-1] in PERSON_NOUNS:
            return ""  # la casa de Valdivia, el hijo de Castro
        if previous in {"de", "del", "of"} and before and before[-1] in PLACE_NOUNS:
            return "strong"  # la gente de Osorno
        if any(word in MOTION_WORDS for word in before):
            return "strong"  # viajó a Osorno, drove with Brigid to Osorno
        return "weak"
    return ""


_CLAUSE_WORDS = re.compile(r"[^\W\d_]+")
_WHERE_AFTER = re.compile(r",[ \t\u00a0]*(?:where|donde|en donde|adonde)\b", re.IGNORECASE)
_PLACE_LIST_BEFORE = re.compile(
    r"([A-ZÁÉÍÓÚÑ][^\W\d_]+(?:[ \t][A-ZÁÉÍÓÚÑ][^\W\d_]+)?)[ \t]*(?:,|[ \t](?:y|e|and|or|o))[ \t]+\Z"
)
_PLACE_ARTICLES = frozenset(["la", "el"])  # Los Castillo is a family
_OPENERS = frozenset("'‘’\"“«([")
_INDEFINITE = frozenset(["un", "una", "unos", "unas"])


def _in_place_list(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows places of one list that a preposition of place begins.

    ``in Osorno, Valdivia and Castro``: walking back over the items (each a
    gazetteer place) reaches ``in``. At most six items are walked.
    """
    end = start
    for _ in range(6):
        item = _PLACE_LIST_BEFORE.search(text, max(0, end - 40), end)
        if item is None or skeleton(item.group(1)) not in places():
            return False
        end = item.start(1)
        before = _previous_word(text, end)
        if before is not None and skeleton(before.group(1)) in PLACE_PREPOSITIONS:
            return True
    return False


def _clause_before(text: str, end: int) -> list[str]:
    """Return the last words (folded, at most four) before ``end`` in the same clause."""
    lo = max(0, end - 60)
    piece = text[lo:end]
    for mark in ".;:!?\n(":
        cut = piece.rfind(mark)
        if cut >= 0:
            piece = piece[cut + 1 :]
    return [skeleton(w) for w in _CLAUSE_WORDS.findall(piece)[-4:]]


__all__ = [
    "NAME",
    "UNSURE",
    "WORD",
    "Part",
    "Verdict",
    "after_saint",
    "judge",
    "sentence_start",
    "subject_next",
]
