"""What the engine looks up: every registered name form, built once from the key.

:class:`Registry` turns a :class:`~qualcode.pseudonymise.key.Key` into

* ``targets``: lookup key (skeleton) -> what it stands for (:class:`Target`):
  each full name, alias and name part; names with an apostrophe also
  without it (``O'Brien``: ``obrien``, ``o brien``); and for an
  organisation its shorter forms: every run of two or more of its words
  that holds a word of its distinctive part (``Cooperativa de Recicladoras
  Nueva Esperanza``: ``Nueva Esperanza``), matched only when capitalised;
* ``parts``: single-word keys that are also ordinary words or places
  (:class:`~qualcode.pseudonymise.context.Part`), weighed with context;
* ``place_forms``: shorter forms of an organisation that are themselves a
  place (``Caleta El Membrillo`` of a fishers' union named after its cove):
  the place after a preposition of place, else the organisation;
* ``places``: gazetteer places of several words holding a registered part
  (``Viña del Mar``), left whole unless they are all one person's parts;
* ``concat``: two or more parts of one name written together
  (``luchotapia``, ``nuevaesperanza``) for glued tokens, and its regex;
* ``name_parts``: each person's parts with initials and pseudonym forms,
  and ``by_initials``: the initials of whole names (``REPC``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from qualcode.pseudonymise.context import Part
from qualcode.pseudonymise.gazetteer import is_place, phrases_with
from qualcode.pseudonymise.key import Entry, Key
from qualcode.pseudonymise.lexicon import NAME_WORDS
from qualcode.pseudonymise.name_pattern import trie_pattern
from qualcode.pseudonymise.names import gender_of, is_given_name
from qualcode.pseudonymise.text import CONNECTORS, PARTICLES, initial_of, skeleton, tokens

GENERIC_ORG_WORDS = frozenset(
    skeleton(w)
    for w in [
        "cooperativa",
        "centro",
        "cultural",
        "fundación",
        "asociación",
        "junta",
        "vecinos",
        "vecinal",
        "comité",
        "club",
        "sindicato",
        "red",
        "grupo",
        "agrupación",
        "corporación",
        "organización",
        "ong",
        "consejo",
        "comunidad",
        "unión",
        "federación",
        "colectivo",
        "taller",
        "escuela",
        "colegio",
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "y",
        "the",
        "of",
        "and",
        "association",
        "foundation",
        "centre",
        "center",
        "cultural",
        "community",
        "network",
        "group",
        "union",
        "council",
        "volunteers",
        "cooperative",
        "society",
        "club",
        "trust",
    ]
)
"""Words that do not make an organisation's shorter form distinctive on their own."""


@dataclass(frozen=True)
class NamePart:
    """One part of a person's real name, for initials.

    Attributes:
        letter: Its initial, upper case without accent (``Á`` -> ``A``).
        form: The pseudonym part it maps to.
        given: A given name (not a surname).
    """

    letter: str
    form: str
    given: bool


@dataclass(frozen=True)
class Target:
    """What a registered name (a lookup key) stands for.

    Attributes:
        entry: The entry id.
        form: The pseudonym form that replaces it.
        kind: ``exact`` (the real name or one of its parts) or ``alias``.
        rank: 0 for the full name or an explicit alias, 1 for a name part.
        common: Parts (skeletons) that count only when capitalised.
        part: The index of the name part (0-based, in the real name), -1 otherwise.
        cased: Every word must be capitalised (an organisation's shorter form).
    """

    entry: str
    form: str
    kind: str
    rank: int
    common: frozenset[str]
    part: int = -1
    cased: bool = False


def _real_parts(entry: Entry) -> list[str]:
    return [
        t
        for t in tokens(entry.real)
        if skeleton(t) not in PARTICLES and sum(c.isalpha() for c in t) >= 2
    ]


class Registry:
    """The lookup tables of one key (see the module docstring)."""

    def __init__(self, key: Key) -> None:
        self.targets: dict[str, list[Target]] = {}
        self.keep: set[str] = {skeleton(p) for p in key.keep if skeleton(p)}
        self.given: set[str] = set()
        self.surnames: set[str] = set()
        self.name_parts: dict[str, list[NamePart]] = {}
        self.real: dict[str, str] = {}
        self.concat: dict[str, list[Target]] = {}
        self.acronyms: dict[str, tuple[str, str]] = {}
        self.place_forms: set[str] = set()
        by_initials: dict[str, list[str]] = {}
        self.gender: dict[str, str] = {}
        for entry in key.entries:
            common = entry.common_parts()
            self.real[entry.id] = " " + skeleton(entry.real) + " "
            self._add(skeleton(entry.real), entry, entry.label, "exact", 0, common)
            alias_forms = entry.alias_forms()
            for alias, form in alias_forms.items():
                self._add(skeleton(alias), entry, form, "alias", 0, common)
                if " " not in skeleton(alias):
                    self.given.add(skeleton(alias))
            if entry.kind == "organisation":
                self._organisation(entry)
                continue
            forms = entry.part_forms()
            parts = _real_parts(entry)
            self.gender[entry.id] = gender_of(parts[0]) if parts else ""
            named: list[NamePart] = []
            for index, token in enumerate(parts):
                folded = skeleton(token)
                form = forms.get(folded, entry.label)
                given = _is_given(parts, index)
                (self.given if given else self.surnames).add(folded)
                self._add(folded, entry, form, "exact", 1, common, part=index)
                named.append(NamePart(initial_of(token), form, given))
            self.name_parts[entry.id] = named
            letters = "".join(p.letter for p in named)
            for variant in {letters, letters[:1] + "".join(p.letter for p in named if not p.given)}:
                if len(variant) >= 2:
                    by_initials.setdefault(variant, []).append(entry.id)
            self._concatenations(entry, parts, forms, alias_forms)
        self.by_initials = by_initials
        self._diminutives(key)
        for name in [k for k in self.targets if "'" in k]:
            for variant in (name.replace("'", ""), name.replace("'", " ")):
                for target in self.targets[name]:
                    self.targets.setdefault(variant, []).append(target)
        for targets in self.targets.values():
            targets.sort(key=lambda t: (t.rank, t.entry))
        single = {k for k in self.targets if " " not in k}
        self.parts: dict[str, Part] = {}
        for name in single:
            word = name in NAME_WORDS or any(name in t.common for t in self.targets[name])
            place = is_place(name)
            if word or place:
                self.parts[name] = Part(word, place, name in self.given, name in self.surnames)
        self.places = set(phrases_with(single)) - set(self.targets) - self.keep
        self.concat_regex = re.compile(trie_pattern(sorted(self.concat))) if self.concat else None

    def genders(self, targets: list[Target]) -> frozenset[str]:
        """Return the genders of the people of ``targets``; empty when one is unknown."""
        found = frozenset(self.gender.get(t.entry, "") for t in targets)
        return frozenset() if "" in found else found

    def _diminutives(self, key: Key) -> None:
        """Register the diminutives of given names and nicknames (``Luchito``, ``Tommy``).

        Spanish: a name ending in a vowel drops it and takes -ito/-ita/-illo/-illa
        (``Lucho`` -> ``Luchito``, ``Lola`` -> ``Lolita``), one ending in a
        consonant adds -cito/-cita or -ito/-ita (``Carmen`` -> ``Carmencita``,
        ``Luis`` -> ``Luisito``); English: a short name ending in a
        consonant doubles it and adds -y/-ie (``Tom`` -> ``Tommy``). The
        pseudonym form takes the same ending. Each diminutive counts only
        when capitalised, and never overrides a registered name or pseudonym.
        """
        entries = {e.id: e for e in key.entries}
        taken = set(self.targets) | {
            skeleton(t) for e in key.entries for f in e.pseudonym_forms() for t in tokens(f)
        }
        for name in sorted(self.given):
            for target in list(self.targets.get(name, ())):
                if " " in target.form or not target.form.isalpha():
                    continue
                for real, fake in zip(
                    _diminutive_forms(name), _diminutive_forms(target.form), strict=True
                ):
                    folded = skeleton(real)
                    if folded in taken:
                        continue
                    entry = entries[target.entry]
                    self._add(folded, entry, fake, "alias", 1, set(), cased=True)

    def _add(
        self,
        folded: str,
        entry: Entry,
        form: str,
        kind: str,
        rank: int,
        common: set[str],
        *,
        part: int = -1,
        cased: bool = False,
    ) -> None:
        if not folded:
            return
        targets = self.targets.setdefault(folded, [])
        # one target per entry, except a name part that is also an alias (Mar, of
        # María del Mar): the part's form serves in a full name, the alias's alone
        if any(t.entry == entry.id and (t.part >= 0 or part < 0) for t in targets):
            return
        needed = frozenset(w for w in folded.split() if w in common)
        targets.append(Target(entry.id, form, kind, rank, needed, part, cased))

    def _organisation(self, entry: Entry) -> None:
        """Register the shorter forms of an organisation's name (see the module docstring)."""
        real = tokens(entry.real)
        fake = tokens(entry.label) if entry.pseudonym else [entry.label]
        folded_real = [skeleton(w) for w in real]
        folded_fake = [skeleton(w) for w in fake]
        prefix = 0
        while prefix < min(len(real), len(fake)) - 1 and folded_real[prefix] == folded_fake[prefix]:
            prefix += 1
        suffix = 0
        while (
            suffix < min(len(real), len(fake)) - prefix - 1
            and folded_real[-1 - suffix] == folded_fake[-1 - suffix]
        ):
            suffix += 1
        middle = range(prefix, len(real) - suffix)
        fake_middle = fake[prefix : len(fake) - suffix] if entry.pseudonym else fake
        distinctive = [i for i in middle if folded_real[i] not in GENERIC_ORG_WORDS]
        if not distinctive:
            return
        place = _place_span(real, folded_real)

        def fake_words(i: int, j: int) -> list[str]:
            words: list[str] = []
            words.extend(fake[k] for k in range(i, min(j, prefix)))
            words.extend(fake_middle)
            words.extend(
                fake[len(fake) - (len(real) - k)] for k in range(max(i, len(real) - suffix), j)
            )
            return words

        head = folded_real[0] in GENERIC_ORG_WORDS and folded_real[0] not in PARTICLES
        for i, j in itertools.combinations(range(len(real) + 1), 2):
            if (i == 0 and j == len(real)) or not any(i <= d < j for d in distinctive):
                continue
            if folded_real[j - 1] in PARTICLES:
                continue
            inside_place = place is not None and place[0] <= i and j <= place[1]
            if j - i >= 2 and folded_real[i] not in PARTICLES:
                phrase = " ".join(folded_real[i:j])
                form = " ".join(fake_words(i, j))
                if inside_place or is_place(phrase):  # Caleta El Membrillo: a place too
                    self.place_forms.add(phrase)
                self._add(phrase, entry, form, "exact", 1, set(), cased=True)
                self._concat(phrase, entry, form)
            # the head word with a later run: Sindicato El Membrillo, Cooperativa Manos del Mar
            if (
                head
                and i >= 2
                and j == len(real)
                and j - i >= 2
                and (folded_real[i] not in PARTICLES or folded_real[i] in _ARTICLES)
            ):
                phrase = " ".join([folded_real[0], *folded_real[i:j]])
                words = fake_words(i, j)
                form = " ".join([fake[0], *words]) if entry.pseudonym else entry.label
                self._add(phrase, entry, form, "exact", 1, set(), cased=True)
        for generic, synonyms in GENERIC_SYNONYMS.items():
            size = len(generic.split())
            if " ".join(folded_real[:size]) != generic or len(real) <= size:
                continue
            tail = " ".join(folded_real[size:])
            fake_tail = " ".join(fake[size:]) if entry.pseudonym else entry.label
            for synonym in synonyms:
                self._add(
                    f"{synonym} {tail}",
                    entry,
                    f"{synonym.upper()} {fake_tail}",
                    "exact",
                    1,
                    set(),
                    cased=False,
                )
        self._acronym(entry, real, fake)
        self._concat(skeleton(entry.real), entry, entry.label)

    def _acronym(self, entry: Entry, real: list[str], fake: list[str]) -> None:
        """Register the acronym of an organisation's name (``FPS``, ``ABV``): its words' initials.

        The initials of the words that are not particles, three letters or
        more; the pseudonym's acronym replaces it. Matched only when the
        organisation is mentioned in the same text (:mod:`~qualcode.pseudonymise.labels`).
        """
        if not entry.pseudonym:
            return
        for keep_capitalised in (False, True):  # JVVA, and JVVLA with "Los"
            letters = "".join(
                initial_of(w)
                for w in real
                if skeleton(w) not in CONNECTORS or (keep_capitalised and w[:1].isupper())
            )
            new = "".join(
                initial_of(w)
                for w in fake
                if skeleton(w) not in CONNECTORS or (keep_capitalised and w[:1].isupper())
            )
            if len(letters) >= 3 and letters.isalpha():
                self.acronyms.setdefault(letters, (entry.id, new))

    def _concatenations(
        self, entry: Entry, parts: list[str], forms: dict[str, str], aliases: dict[str, str]
    ) -> None:
        folded = [skeleton(p) for p in parts]
        words = [forms.get(f, entry.label) for f in folded]
        for size in (2, 3, 4):
            for combo in itertools.combinations(range(len(parts)), size):
                self._concat(
                    " ".join(folded[i] for i in combo),
                    entry,
                    " ".join(_dedupe([words[i] for i in combo])),
                )
        self._concat(skeleton(entry.real), entry, entry.label)
        for alias, form in aliases.items():
            head = skeleton(alias)
            if " " in head:
                self._concat(head, entry, form)
                continue
            for index, part in enumerate(folded):
                if index > 0:
                    self._concat(f"{head} {part}", entry, f"{form} {words[index]}")

    def _concat(self, phrase: str, entry: Entry, form: str) -> None:
        glued = re.sub(r"[^a-z0-9]", "", phrase)
        if len(glued) < 7 or " " not in phrase:
            return
        targets = self.concat.setdefault(glued, [])
        if not any(t.entry == entry.id for t in targets):
            targets.append(Target(entry.id, form, "exact", 0, frozenset()))


_ARTICLES = frozenset(["el", "la", "los", "las"])
GENERIC_SYNONYMS = {
    "centro de salud familiar": ["cesfam"],
    "junta de vecinos": ["jjvv", "jj vv", "junta vecinal"],
    "centro comunitario de salud familiar": ["cecosf"],
    "servicio de atencion primaria de urgencia": ["sapu"],
    "centro de salud mental": ["cosam"],
    "organizacion no gubernamental": ["ong"],
}
"""The usual short names of Chilean kinds of organisation (``CESFAM Cordillera``), folded."""
PLACE_HEADS = frozenset(
    skeleton(w)
    for w in [
        "caleta",
        "puerto",
        "cerro",
        "villa",
        "población",
        "playa",
        "isla",
        "lago",
        "laguna",
        "río",
        "volcán",
        "bahía",
        "punta",
        "quebrada",
        "valle",
        "barrio",
        "calle",
        "avenida",
        "pasaje",
        "plaza",
        "parque",
        "estero",
        "península",
        "cabo",
        "fundo",
        "hacienda",
        "cordillera",
        "costanera",
        "campamento",
    ]
)
"""Words that begin a place name (``Caleta El Membrillo``, ``Villa Alegre``, ``calle Tapia``)."""
STREET_ABBREVIATIONS = frozenset(["av", "avda", "psje", "pje", "pobl", "pob"])
"""Abbreviated place heads (``av. Tapia``)."""


def _place_span(words: list[str], folded: list[str]) -> tuple[int, int] | None:
    """Return the span of words of an organisation's name that are a place (from a place head on)."""
    for index, word in enumerate(folded):
        if word in PLACE_HEADS and index > 0 and words[index][:1].isupper():
            end = index + 1
            while end < len(words) and (words[end][:1].isupper() or folded[end] in PARTICLES):
                end += 1
            return index, end
    return None


_VOWELS = "aeiouyáéíóú"


def _diminutive_forms(name: str) -> list[str]:
    """Return the diminutives of one name, always in the same order (see ``_diminutives``)."""
    if len(name) < 3:
        return [""] * 8
    if name[-1].lower() == "h" and name[-2].lower() in _VOWELS:  # Sarah -> Sarita
        name = name[:-1]
    last = name[-1].lower()
    if last in _VOWELS:
        stem = name[:-1]
        spanish = [stem + "ito", stem + "ita", stem + "illo", stem + "illa", "", ""]
    else:
        stem = name[:-1] + "c" if last == "z" else name
        spanish = [stem + "ito", stem + "ita", stem + "illo", stem + "illa"]
        spanish += [stem + "cito", stem + "cita"] if last in "nr" else ["", ""]
    if last not in _VOWELS and len(name) <= 4 and last not in "sz":
        english = [name + name[-1] + "y", name + name[-1] + "ie"]
    else:
        english = ["", ""]
    return spanish + english


def _is_given(parts: list[str], index: int) -> bool:
    """Return whether part ``index`` of a real name is a given name (the rest are surnames).

    The first part is a given name; of four or more parts the last two are
    surnames (Spanish usage); of three, the middle one is a given name when
    it is a known one (``Sarah Elizabeth Greene``), else a surname
    (``Consuelo Montes Olivares``); of two, the last is a surname.
    """
    count = len(parts)
    if index == 0:
        return True
    if count >= 4:
        return index < count - 2
    if count == 3 and index == 1:
        return is_given_name(parts[1])
    return False


def _dedupe(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if not out or skeleton(out[-1]) != skeleton(word):
            out.append(word)
    return out


__all__ = [
    "GENERIC_ORG_WORDS",
    "PLACE_HEADS",
    "STREET_ABBREVIATIONS",
    "NamePart",
    "Registry",
    "Target",
]
