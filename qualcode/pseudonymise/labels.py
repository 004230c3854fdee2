"""Speaker labels, legends and undotted initials: ``RC:``, ``RC = Rosa Campos``, ``HL``, ``RECP``.

Transcripts and notes often stand a person's initials for their name: a
speaker code at the start of each turn, a legend that spells it out, a
sign-off at the end of an e-mail. Once the text shows that a run of
capitals stands for a registered person, every occurrence of it in that
text is a mention (:meth:`LabelFinder.find`). A label is *established* by

* a legend: the label, ``=``, then a mention of the person whose initials
  it fits (``RC = Rosa Campos``, ``(HL = Héctor Lagos, 78 años)``), or a
  mention followed by the label in brackets (``Rosa Campos (código
  RECP)``);
* a speaker label: two to five capitals and a colon at the start of a line,
  after an optional time stamp (``RC:``, ``[00:01:12] TK:``), that are the
  initials of one registered person (the first given name and the first
  surname, the first given name and the surnames, the given names and the
  first surname, or all the parts);
* a sign-off: a line holding only such initials (``GW``) of a person
  mentioned in the text;
* three or more capitals equal to all the initials of a person mentioned
  in the text (``RECP`` for Rosa Elena Campos Peña);
* an organisation's acronym (the initials of its words but particles, three
  letters or more: ``FPS`` for Fundación Puente Solidario), in any text
  (listed as a decision when the text does not name the organisation).

A speaker label or sign-off needs no legend, so it is listed as a decision.
Common abbreviations (``PS``, ``CC``, ``OK``, ``PM``...) are never taken from
position alone, only from a legend. Each label becomes the initials of the
pseudonym's matching parts (``RC`` -> ``TV`` for Teresa Valdivia).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from qualcode.pseudonymise.hits import Decision, Hit, Row, replacement
from qualcode.pseudonymise.initials import fit, rewrite
from qualcode.pseudonymise.name_pattern import trie_pattern
from qualcode.pseudonymise.registry import NamePart, Registry

_CAP = "A-ZÁÉÍÓÚÑ"
_RUN = rf"[{_CAP}]\.?(?:['’]?[{_CAP}]\.?){{1,5}}"
_LEGEND = re.compile(rf"(?<![\w'’])({_RUN})[ \t]*=[ \t]*")
# both start with a line break (a fast literal scan); the text is searched with one prepended
_SPEAKER = re.compile(
    rf"\n[ \t>*\-–—]*(?:[\[(][^\])\n]{{1,30}}[\])][ \t]*)?(?:[-–—][ \t]*)?({_RUN})[ \t]*:"
)
_LINE_ONLY = re.compile(rf"\n[ \t]*(?:[-–—]+[ \t]*)?({_RUN})[ \t]*(?=\n|\Z)")
_BRACKETED = re.compile(
    rf"[ \t]*\((?:código|codigo|cód\.|cod\.|code|id|sigla)?[ \t:]*({_RUN})(?:\)|,[ \t])",
    re.IGNORECASE,
)
# a label before a bracket holding the name: "AM (Ángel Mora, 19)"
_BEFORE_BRACKET = re.compile(rf"(?<![\w'’.])({_RUN})[ \t]*\([ \t]*\Z")
# two to five capitals standing alone, dotted or not: SW, G.H., J. M., MPO. Undotted runs are
# found with a trie of the registered initials (LabelFinder), dotted ones with this; the
# character before is checked after
_DOTTED_RUN = re.compile(
    rf"[{_CAP}]\.[ \t]?[{_CAP}](?:\.[ \t]?[{_CAP}]){{0,3}}\.?(?![\w@/\-])(?!['’]\w)"
)
_RUN_END = r"(?![\w@/\-])(?!['’]\w)"
_DOT_AFTER_CAPITAL = re.compile(rf"\.(?<=[{_CAP}]\.)[ \t]?[{_CAP}]")
_RUN_BEFORE = frozenset("’.@/#-")
_NUMBER_BEFORE = re.compile(r"\d[ \t]?\Z")
_CAPS_WORD = re.compile(rf"[{_CAP}]{{2,}}")

COMMON_CAPITALS = frozenset(
    [
        "PS",
        "PD",
        "CC",
        "CCO",
        "BCC",
        "RE",
        "FW",
        "FWD",
        "NB",
        "OK",
        "NO",
        "SI",
        "SÍ",
        "AM",
        "PM",
        "TV",
        "ID",
        "CV",
        "QA",
        "UK",
        "US",
        "USA",
        "EU",
        "UE",
        "DE",
        "IE",
        "FR",
        "ES",
        "EN",
        "AT",
        "TO",
        "IN",
        "ON",
        "BY",
        "OR",
        "AND",
        "THE",
        "HR",
        "PR",
        "IT",
        "AI",
        "UN",
        "ONG",
        "RUT",
        "RUN",
        "DNI",
        "PDF",
        "DOC",
        "URL",
        "WWW",
        "CEO",
        "VIP",
        "SMS",
        "GPS",
        "APP",
        "AOB",
        "TBC",
        "TBD",
        "FYI",
        "ASAP",
        "ETA",
        "RSVP",
        "NN",
        "KB",
        "MB",
        "GB",
        "TB",
        "KG",
        "KM",
        "CM",
        "MM",
        "IG",
        "FB",
        "WA",
        "MOD",
        "NGO",
        "EEUU",
        "RM",
        "RR",
        "HH",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "XI",
        "NS",
        "NC",
        "SA",
        "SPA",
        "LTDA",
        "SS",
        "AA",
        "EE",
        "OO",
        "UU",
        "XX",
    ]
)
"""Runs of capitals that are abbreviations, never taken for initials from their position alone.

A speaker label (``PM:``) among them is taken only in a text that names
exactly one person with those initials, and never one of :data:`_NEVER_LABELS`.
"""

_NEVER_LABELS = frozenset(
    ["PS", "PD", "CC", "CCO", "BCC", "RE", "FW", "FWD", "NB", "OK", "NO", "SI", "SÍ", "ID", "MOD"]
)
"""Abbreviations that begin a line with a colon in their own right (``PS:``, ``RE:``, ``CC:``)."""


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole word (no letter, digit or apostrophe beside it)."""
    before = text[start - 1 : start]
    after = text[end : end + 1]
    return not (before and (before.isalnum() or before in "_'’")) and not (
        after and (after.isalnum() or after in "_'’")
    )


def _letters(label: str) -> str:
    """Return the capitals of a label (``R.C.`` -> ``RC``, ``O'N`` -> ``ON``)."""
    return "".join(c for c in label if c.isalpha())


def initial_variants(parts: list[NamePart]) -> dict[str, list[int]]:
    """Return the initials a person may be labelled with, each with the parts it stands for.

    Args:
        parts: The person's name parts in order (given names first).

    Returns:
        Letters (``RC``) -> 0-based indexes of the parts they stand for: the
        first given name and the first surname, the first given name and
        the surnames, the given names and the first surname, two or more
        given names alone (``JC``), and all of them (two letters or more each).
    """
    given = [i for i, p in enumerate(parts) if p.given]
    surnames = [i for i, p in enumerate(parts) if not p.given]
    choices: list[list[int]] = [list(range(len(parts)))]
    if given and surnames:
        choices += [[given[0], surnames[0]], [given[0], *surnames], [*given, surnames[0]]]
    if len(given) >= 2:
        choices.append(given)  # JC for Juan Carlos, MP for María Paz
    out: dict[str, list[int]] = {}
    for indexes in choices:
        if len(indexes) >= 2:
            out.setdefault("".join(parts[i].letter for i in indexes), indexes)
    return out


class LabelFinder:
    """Find the labels of one text and every occurrence of them (see the module docstring).

    Args:
        registry: The key's lookup tables.
        labels: Entry id -> pseudonym (for reports).
    """

    def __init__(self, registry: Registry, labels: dict[str, str]) -> None:
        self.registry = registry
        self._labels = labels
        self.by_letters: dict[str, list[tuple[str, list[int]]]] = {}
        for entry, parts in registry.name_parts.items():
            for letters, indexes in initial_variants(parts).items():
                self.by_letters.setdefault(letters, []).append((entry, indexes))
        self._whole: dict[str, str] = {}
        for entry, parts in registry.name_parts.items():
            letters = "".join(p.letter for p in parts)
            if len(parts) >= 3 and letters not in COMMON_CAPITALS:
                self._whole.setdefault(letters, entry)
        self._acronyms = {k: v for k, v in registry.acronyms.items() if k not in COMMON_CAPITALS}
        # plain tries (a fast scan); the boundaries are checked for the few matches
        self._acronym_regex = (
            re.compile(trie_pattern(sorted(self._acronyms))) if self._acronyms else None
        )
        self._runs = set(self._whole) | set(self._acronyms)  # words worth a scan
        bare = sorted(k for k in self.by_letters if 2 <= len(k) <= 5 and k not in COMMON_CAPITALS)
        self._bare_regex = re.compile(trie_pattern(bare) + _RUN_END) if bare else None
        self._whole_regex = re.compile(trie_pattern(sorted(self._whole))) if self._whole else None

    def find(
        self,
        text: str,
        hits: list[Hit],
        taken: list[Row],
        mentioned: Callable[[], set[str]],
        decisions: list[Decision],
        capitals: set[str] | None = None,
    ) -> list[Row]:
        """Return the replacements of the labels of ``text`` (``text`` with patterns masked).

        Args:
            text: The text, with personal data found by pattern masked.
            hits: The name hits found (sorted by start).
            taken: Replacements already made (a label inside one is skipped).
            mentioned: The people mentioned in the text (entry ids).
            decisions: Where to list the labels taken from their position alone.
            capitals: The capitalised words of the text (three letters or more),
                when the caller has them: acronyms and whole initials are
                looked for only among them.

        Returns:
            New replacements, sorted by start, overlapping none of ``taken``.
        """
        found: dict[str, tuple[str, str, str]] = {}  # label -> (entry, new letters, reason)
        if "=" in text or "(" in text:
            self._legends(text, hits, found)
        if "\n" in text or ":" in text:
            self._positions("\n" + text, mentioned, found)
        if capitals is None or capitals & self._runs:
            self._whole_initials(text, mentioned, found)
            self._organisations(text, mentioned, found)
        self._initial_runs(text, mentioned, found)
        if not found:
            return []
        pattern = re.compile(  # an apostrophe beside it only as a quotation mark: 'MPO'
            r"(?<![\w’])(?<!\w')(?:"
            + "|".join(re.escape(k) for k in sorted(found, key=len, reverse=True))
            + r")(?![\w])(?!['’]\w)"
        )
        starts = sorted((r[0], r[1]) for r in taken)
        out: list[Row] = []
        noted: set[str] = set()
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(a < end and start < b for a, b in starts):
                continue
            label = match.group()
            entry, new, reason = found[label]
            if _letters(label) in COMMON_CAPITALS and _NUMBER_BEFORE.search(
                text, max(0, start - 2), start
            ):
                continue  # "10:00 AM" is a time even where AM: stands for Ángel Mora
            if len(_letters(label)) == 2 and _in_heading(text, start, end, self.by_letters):
                continue  # REUNIÓN CON LA DIRECTIVA: a word, even where LA: is Lucía Arce
            out.append(replacement(text, start, end, new, "exact", entry, self._labels[entry]))
            if reason and label not in noted:
                noted.add(label)
                decisions.append(
                    Decision(start, end, 0, label, "replaced", reason, entry, self._labels[entry])
                )
        return out

    def _new_letters(self, entry: str, label: str, *, legend: bool = False) -> str | None:
        """Return the pseudonym's initials for ``label`` of ``entry``, or None if it does not fit.

        From a legend any parts in order will do (``TS = Luz Marina Tapia
        Soto``); otherwise the label must start with the first given name.
        """
        parts = self.registry.name_parts.get(entry)
        if not parts:
            return None
        letters = _letters(label)
        forms = fit(letters, parts, 0, len(parts))
        if forms is None or (not legend and letters[0] != parts[0].letter):
            return None
        return rewrite(label, forms)

    def _legends(self, text: str, hits: list[Hit], found: dict[str, tuple[str, str, str]]) -> None:
        starts = {h.start: h for h in hits}
        for match in _LEGEND.finditer(text):
            hit = starts.get(match.end())
            if hit is None:
                continue
            self._take(match.group(1), [t.entry for t in hit.targets], found, "")
        if "(" in text:
            for hit in hits:
                if "(" not in text[max(0, hit.start - 3) : hit.start]:
                    continue
                label = _BEFORE_BRACKET.search(text, max(0, hit.start - 12), hit.start)
                if label is not None:
                    self._take(label.group(1), [t.entry for t in hit.targets], found, "")
        ends = {h.end: h for h in hits}
        if "(" in text:
            for end, hit in ends.items():
                if text[end : end + 3].lstrip(" \t")[:1] != "(":
                    continue
                bracket = _BRACKETED.match(text, end)
                if bracket is not None:
                    self._take(bracket.group(1), [t.entry for t in hit.targets], found, "")

    def _positions(
        self, text: str, mentioned: Callable[[], set[str]], found: dict[str, tuple[str, str, str]]
    ) -> None:
        for match in _SPEAKER.finditer(text):
            label = match.group(1)
            if label in found:
                continue
            people = [e for e, _ in self.by_letters.get(_letters(label), ())]
            if not people:
                continue
            present = [p for p in people if p in mentioned()]
            if _letters(label) in COMMON_CAPITALS and (
                len(present) != 1 or _letters(label) in _NEVER_LABELS
            ):
                continue  # PM: is Patricio Molina's turn only in a text that names him
            if len(present) == 1 or (not present and len(people) == 1):
                self._take(label, present or people, found, "a speaker label: a person's initials")
        if "\n" not in text:
            return
        for match in _LINE_ONLY.finditer(text):
            label = match.group(1)
            if label in found or _letters(label) in COMMON_CAPITALS:
                continue
            people = [e for e, _ in self.by_letters.get(_letters(label), ()) if e in mentioned()]
            if len(people) == 1:
                self._take(label, people, found, "a sign-off: the initials of a person in the text")

    def _initial_runs(
        self, text: str, mentioned: Callable[[], set[str]], found: dict[str, tuple[str, str, str]]
    ) -> None:
        """Take two to five capitals (``SW``, ``G.H.``, ``MPO``) that are a registered person's initials.

        Anywhere in the text, with or without a legend: when exactly one of
        the people with those initials is named in the text, or, if none
        is, when only one registered person has them (privacy first; listed
        as a decision so it can be kept). Never an abbreviation
        (:data:`COMMON_CAPITALS`), a run after a number (``500 ML``), or a
        word of a heading in capitals (``ACTA DE LA REUNIÓN``).
        """
        by_letters = self.by_letters
        if self._bare_regex is None:
            return
        matches = list(self._bare_regex.finditer(text))
        if "." in text:  # from the full stops, rarer than capitals: "G.H.", "J. M."
            last = -1
            for stop in _DOT_AFTER_CAPITAL.finditer(text):
                if stop.start() - 1 < last:
                    continue  # inside a run already taken (the J. of "J. M. P.")
                dotted = _DOTTED_RUN.match(text, stop.start() - 1)
                if dotted is not None:
                    matches.append(dotted)
                    last = dotted.end()
        for match in matches:
            at = match.start()
            before = text[at - 1 : at]
            if before and (
                before.isalnum()
                or before == "_"
                or before in _RUN_BEFORE
                or (before == "'" and text[at - 2 : at - 1].isalnum())
            ):
                continue
            label = match.group()
            if label in found:
                continue
            letters = _letters(label)
            if letters in COMMON_CAPITALS or letters not in by_letters:
                continue
            start, end = match.span()
            if _NUMBER_BEFORE.search(text, max(0, start - 2), start) or _in_heading(
                text, start, end, by_letters
            ):
                continue
            people = [e for e, _ in by_letters[letters]]
            present = [p for p in people if p in mentioned()]
            if len(present) == 1:
                reason = "" if len(letters) >= 3 else "initials of a person named in the text"
                self._take(label, present, found, reason)
            elif not present and len(set(people)) == 1:
                self._take(label, people, found, "initials of a registered person")

    def _whole_initials(
        self, text: str, mentioned: Callable[[], set[str]], found: dict[str, tuple[str, str, str]]
    ) -> None:
        """Take three or more capitals that are all the initials of a person in the text."""
        if self._whole_regex is None:
            return
        for match in self._whole_regex.finditer(text):
            if not _bounded(text, match.start(), match.end()):
                continue
            label = match.group()
            entry = self._whole.get(label)
            if entry is not None and label not in found and entry in mentioned():
                self._take(label, [entry], found, "")

    def _organisations(
        self, text: str, mentioned: Callable[[], set[str]], found: dict[str, tuple[str, str, str]]
    ) -> None:
        """Take an organisation's acronym (``FPS``), whether or not the text names the organisation.

        An acronym of three letters or more made from the registered name
        is specific enough to stand for it anywhere (minutes often name the
        organisation only by it); when the text does not name the
        organisation the replacement is listed as a decision.
        """
        if self._acronym_regex is None:
            return
        for match in self._acronym_regex.finditer(text):
            if not _bounded(text, match.start(), match.end()):
                continue
            entry, new = self._acronyms[match.group()]
            reason = "" if entry in mentioned() else "an organisation's acronym"
            found.setdefault(match.group(), (entry, new, reason))

    def _take(
        self, label: str, people: list[str], found: dict[str, tuple[str, str, str]], reason: str
    ) -> None:
        for entry in people:
            new = self._new_letters(entry, label, legend=not reason)
            if new is not None:
                found.setdefault(label, (entry, new, reason))
                return


def _in_heading(text: str, start: int, end: int, by_letters: Mapping[str, object]) -> bool:
    """Whether the run at ``start:end`` sits among words in capitals that are not initials."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    words = _CAPS_WORD.findall(line)
    others = [w for w in words if w not in by_letters and w not in COMMON_CAPITALS]
    return len(others) >= 2 and any(len(w) >= 4 for w in others)


__all__ = ["COMMON_CAPITALS", "LabelFinder", "initial_variants"]
