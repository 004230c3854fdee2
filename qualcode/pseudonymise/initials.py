"""Initials: ``M. A. Cáceres``, ``Marta A. Cáceres``, ``L. Tapia S.``, ``R.E.P.C.``, a sign-off ``— E.``.

Three shapes, each checked against the person's own name so that an
initial is only taken where it fits:

* next to a mention (:func:`initials_before`, :func:`initials_after`): up
  to three capital letters with a full stop right before or after a
  mention (after a comma too: ``PEÑA, R. E.``), each the first letter of a part of that person's name
  (``L.`` for Luis before ``Tapia``; ``S.`` for Soto after it);
* alone (:func:`standalone_initials`): two to six dotted capitals
  (``R.E.P.C.``) equal to the initials of a person's name parts, all of
  them or the first given name and the surnames; three or more letters are
  replaced, two only when the person is mentioned elsewhere in the text;
* a sign-off (:func:`signoff_initial`): a line holding only one initial
  (``— E.``), taken for a person mentioned in the text whose given name or
  nickname begins with it, and listed as unsure.

The replacement keeps the dots and spaces and puts the initials of the
pseudonym's matching parts (``L. Tapia S.`` -> ``A. Molina V.``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from qualcode.pseudonymise.context import TITLES
from qualcode.pseudonymise.hits import ENTRY, Decision, Hit, Row, replacement, without_overlaps
from qualcode.pseudonymise.registry import NamePart, Registry, Target
from qualcode.pseudonymise.text import initial_of, skeleton, strip_accents

_CAP = "A-ZÁÉÍÓÚÑÜ"
_BEFORE = re.compile(rf"(?<![\w.])((?:[{_CAP}]\.[ \t]?){{1,3}})[ \t]*\Z")
_AFTER = re.compile(rf",?[ \t]+((?:[{_CAP}]\.(?:[ \t]?(?=[{_CAP}]\.))?){{1,3}})(?![\w])")
# one capital without a full stop, ending the phrase: "Hannah G:", "(Tobias K)"
_AFTER_BARE = re.compile(rf"[ \t]+([{_CAP}])(?=[ \t]*(?:[:;,)\]]|$))", re.MULTILINE)
_STANDALONE = re.compile(rf"([{_CAP}](?<![\w.].)\.(?:[ \t]?[{_CAP}]\.){{1,5}})(?![\w])")
_SIGNOFF = re.compile(rf"(?m)[ \t]*(?:[—–-]+[ \t]*)?([{_CAP}])\.?[ \t]*$")
_SIGNOFF_LINE = re.compile(rf"\n(?=[ \t]*(?:[—–-]+[ \t]*)?[{_CAP}]\.?[ \t]*(?:\n|\Z))")
_ONE_INITIAL = re.compile(rf"[{_CAP}](?<![\w.].)(?:\.|(?=[ \t]*(?:[:;,)\]]|$)))", re.MULTILINE)
_DOT_CAPITAL = re.compile(rf"\.(?<=[{_CAP}]\.)[ \t]?[{_CAP}]\.")
_LETTER = re.compile(rf"[{_CAP}]")


def fit(letters: str, parts: list[NamePart], lo: int, hi: int) -> list[str] | None:
    """Return the pseudonym initials for ``letters`` among ``parts[lo:hi]``, in order, or None.

    Each letter takes the next part (after the previous letter's) with that
    initial, so ``L. A.`` before ``Tapia`` is Luis Alberto, and ``S.`` after it Soto.
    """
    out: list[str] = []
    position = lo
    for letter in letters:
        found = next(
            (i for i in range(position, min(hi, len(parts))) if parts[i].letter == letter), None
        )
        if found is None:
            return None
        position = found + 1
        out.append(initial_of(parts[found].form))
    return out


def rewrite(original: str, initials: list[str]) -> str:
    """Return ``original`` (``L. A.``) with its capitals replaced by ``initials`` in order."""
    letters = iter(initials)
    return _LETTER.sub(lambda _m: next(letters, ""), strip_accents(original))


def initials_before(text: str, start: int) -> tuple[int, int, str] | None:
    """Return (start, end, letters) of initials right before the mention at ``start``."""
    if "." not in text[max(0, start - 3) : start]:
        return None
    match = _BEFORE.search(text, max(0, start - 12), start)
    if match is None:
        return None
    span = match.group(1).rstrip()
    return match.start(1), match.start(1) + len(span), "".join(_LETTER.findall(strip_accents(span)))


def initials_after(text: str, end: int) -> tuple[int, int, str] | None:
    """Return (start, end, letters) of initials right after the mention ending at ``end``.

    Dotted initials (``S.``, ``R. E.``), or one capital without a stop that
    ends the phrase (``Hannah G:``).
    """
    if "." not in text[end + 2 : end + 5]:
        bare = _AFTER_BARE.match(text, end)
        if bare is None:
            return None
        return bare.start(1), bare.end(1), strip_accents(bare.group(1))
    match = _AFTER.match(text, end)
    if match is None:
        return None
    return match.start(1), match.end(1), "".join(_LETTER.findall(strip_accents(match.group(1))))


def standalone_initials(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, letters) of runs of two to six dotted capitals (``R.E.P.C.``)."""
    last = 0
    for candidate in _DOT_CAPITAL.finditer(text):  # a fast scan for "X. Y." first
        if candidate.start() < last:
            continue
        match = _STANDALONE.search(text, max(last, candidate.start() - 14))
        while match is not None and match.start(1) <= candidate.end():
            last = match.end(1)
            letters = "".join(_LETTER.findall(strip_accents(match.group(1))))
            yield match.start(1), match.end(1), letters
            match = _STANDALONE.search(text, last)


def signoff_initial(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, letter) of lines holding one initial only (``— E.``)."""
    starts = [0] + [m.end() for m in _SIGNOFF_LINE.finditer(text)]
    for line_start in starts:
        match = _SIGNOFF.match(text, line_start)
        if match is None:
            continue
        start = match.start(1)
        end = match.end(1) + (1 if text[match.end(1) : match.end(1) + 1] == "." else 0)
        yield start, end, strip_accents(match.group(1))


def initial_marks(text: str) -> list[int]:
    """Return the 0-based offsets of the capitals that may be initials (``R.``, ``G:``), in order.

    A capital alone (no letter or stop before it) followed by a full stop,
    or by ``:;,)]``, a line end or the end of the text (one space may come
    between). The scans start from the punctuation, which is rarer than capitals.
    """
    marks = {m.start() - 1 for m in _MARK_DOT.finditer(text)}
    marks.update(m.start() - 1 for m in _MARK_PUNCT.finditer(text))
    marks.update(m.start() - 2 for m in _MARK_PUNCT_SPACE.finditer(text))
    for end in (len(text), len(text.rstrip(" \t"))):
        if end and _ONE_INITIAL.match(text, end - 1):
            marks.add(end - 1)
    return sorted(marks)


_MARK_DOT = re.compile(rf"\.(?<=[{_CAP}]\.)(?<![\w.][{_CAP}]\.)")
_MARK_PUNCT = re.compile(rf"[:;,)\]\n](?<=[{_CAP}].)(?<![\w.][{_CAP}].)", re.DOTALL)
_MARK_PUNCT_SPACE = re.compile(rf"[:;,)\]\n](?<=[{_CAP}][ \t].)(?<![\w.][{_CAP}][ \t].)", re.DOTALL)


class InitialsFinder:
    """Find initials beside mentions and alone, for one engine's registry.

    Args:
        registry: The key's lookup tables.
        labels: Entry id -> pseudonym (for reports).
    """

    def __init__(self, registry: Registry, labels: dict[str, str]) -> None:
        self.registry = registry
        self._labels = labels

    def beside(self, text: str, hits: list[Hit], marks: list[int] | None = None) -> list[Hit]:
        """Add the initials right before and after each mention that fit its person."""
        extra: list[Hit] = []
        parts_of = self.registry.name_parts
        if marks is None:
            marks = initial_marks(text)
        if not marks or not hits:
            return hits
        starts = [h.start for h in hits]
        near: set[int] = set()
        for mark in marks:  # the hits within a few characters of an initial
            first = bisect.bisect_left(starts, mark - 16)
            last = bisect.bisect_right(starts, mark + 16)
            near.update(range(max(0, first - 1), last))
        for index in sorted(near):
            hit = hits[index]
            for side in ("before", "after"):
                found = (
                    initials_before(text, hit.start)
                    if side == "before"
                    else initials_after(text, hit.end)
                )
                if found is None:
                    continue
                start, end, letters = found
                comma = side == "after" and "," in text[hit.end : start]
                if side == "before" and index and hits[index - 1].end > start:
                    continue
                if side == "after" and index + 1 < len(hits) and hits[index + 1].start < end:
                    continue
                targets = []
                for target in hit.targets:
                    parts = parts_of.get(target.entry)
                    if not parts:
                        continue
                    if side == "before":
                        lo, hi = 0, target.part if target.part >= 0 else len(parts)
                    else:
                        lo, hi = target.part + 1 if target.part >= 0 else 0, len(parts)
                    forms = fit(letters, parts, lo, hi)
                    if forms is None and (comma or (side == "after" and target.part > 0)):
                        # PEÑA CAMPOS, R. E.; a list by surname: Holloway G., PRICE J.
                        forms = fit(letters, parts, 0, len(parts))
                    if forms is not None:
                        form = rewrite(text[start:end], forms)
                        targets.append(Target(target.entry, form, "exact", 1, frozenset()))
                if targets:
                    reason = "after a comma" if comma else ""
                    extra.append(
                        Hit(start, end, targets, status=hit.status, reason=reason, initial=True)
                    )
        if not extra:
            return hits
        plain = [(h.start, h.end) for h in extra if h.reason != "after a comma"]
        extra = [  # "Tapia, S. Vidal": S. is Vidal's initial, not Tapia's after a comma
            h
            for h in extra
            if h.reason != "after a comma" or not any(a < h.end and h.start < b for a, b in plain)
        ]
        return without_overlaps(sorted(hits + extra, key=lambda h: h.start))

    def _after_titles(
        self,
        text: str,
        mentioned: Callable[[], set[str]],
        decisions: list[Decision],
        marks: list[int] | None = None,
    ) -> list[Row]:
        """Return initials standing for a name after a title (``la señora R.``, ``Mr. T. K.``).

        Taken when exactly one person mentioned in the text has parts with
        those initials in that order; listed as a decision.
        """
        titles = TITLES
        out: list[Row] = []
        last = -1
        if marks is None:
            marks = initial_marks(text)
        for begin in marks:
            if begin < last or begin == 0 or text[begin - 1] not in " \t":
                continue
            if text[begin + 1 : begin + 2] != ".":
                continue
            title = _TITLE_BEFORE.search(text, max(0, begin - 16), begin)
            if title is None or skeleton(title.group(1)) not in titles:
                continue
            match = _TITLE_INITIALS.match(text, begin)
            if match is None:
                continue
            last = match.end()
            span = match.group(1).rstrip()
            letters = "".join(_LETTER.findall(strip_accents(span)))
            people = [
                (entry, forms)
                for entry in sorted(mentioned())
                if (parts := self.registry.name_parts.get(entry))
                and (forms := fit(letters, parts, 0, len(parts))) is not None
            ]
            if len(people) != 1:
                continue
            entry, forms = people[0]
            start = match.start(1)
            end = start + len(span)
            new = rewrite(text[start:end], forms)
            out.append(replacement(text, start, end, new, "exact", entry, self._labels[entry]))
            decisions.append(
                Decision(
                    start, end, 0, text[start:end], "replaced", "initials after a title", entry, ""
                )
            )
        return out

    def alone(
        self,
        text: str,
        replacements: list[Row],
        mentioned: Callable[[], set[str]],
        decisions: list[Decision],
        marks: list[int] | None = None,
    ) -> list[Row]:
        """Add initials standing alone (``R.E.P.C.``) and sign-offs (``— E.``) of known people.

        ``marks``: :func:`initial_marks` of the text, when the caller has them.
        """
        found: list[Row] = []
        by_initials = self.registry.by_initials
        parts_of = self.registry.name_parts
        for start, end, letters in standalone_initials(text):
            people = by_initials.get(letters)
            if not people:
                continue
            if len(letters) < 3 and not (set(people) & mentioned()):
                continue
            entry = next((p for p in people if p in mentioned()), people[0])
            parts = parts_of[entry]
            forms = fit(letters, parts, 0, len(parts)) or [initial_of(p.form) for p in parts]
            new = rewrite(text[start:end], forms)
            found.append(replacement(text, start, end, new, "exact", entry, self._labels[entry]))
            if len(letters) < 3 or len(people) > 1:
                decisions.append(
                    Decision(start, end, 0, text[start:end], "replaced", "initials", entry, "")
                )
        if ". " in text or ".\n" in text:
            found.extend(self._after_titles(text, mentioned, decisions, marks))
        signoffs = list(signoff_initial(text)) if "\n" in text else []
        if signoffs and mentioned():
            for start, end, letter in signoffs:
                for rep in replacements:
                    if rep[ENTRY] in parts_of:
                        parts = parts_of[rep[ENTRY]]
                        if parts and parts[0].letter == letter:
                            new = rewrite(text[start:end], [initial_of(parts[0].form)])
                            found.append(
                                replacement(
                                    text,
                                    start,
                                    end,
                                    new,
                                    "exact",
                                    rep[ENTRY],
                                    self._labels[rep[ENTRY]],
                                )
                            )
                            decisions.append(
                                Decision(
                                    start,
                                    end,
                                    0,
                                    text[start:end],
                                    "replaced",
                                    "an initial signing off",
                                    rep[ENTRY],
                                    "",
                                )
                            )
                            break
        if not found:
            return replacements
        taken = [(r[0], r[1]) for r in replacements]
        new_ones = [r for r in found if not any(a < r[1] and r[0] < b for a, b in taken)]
        for decision in decisions:
            if not decision.label:
                decision.label = self._labels[decision.entry]
        return sorted(replacements + new_ones, key=lambda r: r[0])


_TITLE_INITIALS = re.compile(  # scanned from each capital with a stop after a space
    rf"((?:[{_CAP}]\.[ \t]?){{1,3}})(?![\w])(?![ \t]*[{_CAP}][^\W\d_])"
)
_TITLE_BEFORE = re.compile(r"(?<![\w])([^\W\d_]+)\.?[ \t]+\Z")


__all__ = [
    "InitialsFinder",
    "fit",
    "initials_after",
    "initials_before",
    "rewrite",
    "signoff_initial",
    "standalone_initials",
]
