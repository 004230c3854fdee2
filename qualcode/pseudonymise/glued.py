"""Names glued into other tokens: CamelCase, hashtags, handles, URL paths, domains, file names.

``#JusticiaParaLucho``, ``LuchoTapia_audio.m4a``, ``instagram.com/raicesdelsur``,
``www.nuevaesperanza.cl``: a name with no space around it, which the
whole-word matcher cannot see. :func:`glued_tokens` finds the few tokens
that may hold one (a ``#`` or ``@``, a lower-to-upper case change, a dot,
slash or underscore between letters, or a digit after a letter: ``rosapena2024``) with one scan of the text; :func:`split_segments`
cuts a token into its words at case changes and punctuation
(``TWhitfield`` -> ``T``, ``Whitfield``); :func:`glued_form` writes a
pseudonym in the style of what it replaces (``PipeMolina``, ``pipemolina``;
ASCII when the original is).

Inside one segment written without any case change (``nuevaesperanza``,
``sarahgreene``) the engine looks for *concatenations*: two or more
consecutive words of one registered name written together, which are
distinctive enough to match anywhere in the segment (``coopnuevaesperanza``).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable, Iterator

from qualcode.pseudonymise.context import TITLES
from qualcode.pseudonymise.hits import WORD, Decision, Hit, Row, best, dedupe, replacement
from qualcode.pseudonymise.initials import fit
from qualcode.pseudonymise.registry import Registry, Target
from qualcode.pseudonymise.text import skeleton, strip_accents

# one scan: a # or @ before a letter, a dot, slash or underscore between letters, or a
# lower-case letter followed by a capital (the leading character set keeps the scan fast)
_TRIGGER = re.compile(
    r"[#@./_0-9A-Z\u00c0-\u00de](?:(?<=[#@])(?=[^\W_])|(?<=[^\W\d_][./_])(?=[^\W\d_])"
    r"|(?<=[a-z\u00df-\u00ff][A-Z\u00c0-\u00de])|(?<=[^\W\d_][0-9]))"
)
_HIT_START = operator.attrgetter("start")
_HIT_END = operator.attrgetter("end")
_TOKEN_EDGE = "«»\"'“”‘’()[]{}<>,;:!?¡¿.…*"
_LETTERS = re.compile(r"[^\W\d_]+")


def glued_tokens(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each token of ``text`` that may hold a glued name, once each."""
    last_end = -1
    for trigger in _TRIGGER.finditer(text):
        start = trigger.start()
        if start < last_end:
            continue
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = start + 1
        size = len(text)
        while end < size and not text[end].isspace():
            end += 1
        while start < end and text[start] in _TOKEN_EDGE:
            start += 1
        while end > start and text[end - 1] in _TOKEN_EDGE:
            end -= 1
        if end > start:
            last_end = end
            yield start, end


def split_segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the words of ``text[start:end]``: letter runs cut at case changes (offsets in ``text``)."""
    segments: list[tuple[int, int]] = []
    for run in _LETTERS.finditer(text, start, end):
        begin = run.start()
        stop = run.end()
        for i in range(begin + 1, stop):
            before, here = text[i - 1], text[i]
            if (before.islower() and here.isupper()) or (
                before.isupper() and here.isupper() and i + 1 < stop and text[i + 1].islower()
            ):
                segments.append((begin, i))
                begin = i
        segments.append((begin, stop))
    return segments


def glued_form(original: str, words: list[str]) -> str:
    """Return pseudonym ``words`` written in the style of the glued ``original``.

    ``LuchoTapia`` -> ``PipeMolina``; ``luchotapia`` -> ``pipemolina``;
    ``LUCHO`` -> ``PIPE``; accents are dropped when ``original`` is ASCII.
    """
    if original.isascii():
        words = [strip_accents(w) for w in words]
    words = [w.replace(" ", "") for w in words if w]
    letters = [c for c in original if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return "".join(words).upper()
    if letters and all(c.islower() for c in letters):
        return "".join(words).lower()
    if original[:1].islower():  # camelCase
        out = "".join(w[:1].upper() + w[1:] for w in words)
        return out[:1].lower() + out[1:]
    return "".join(w[:1].upper() + w[1:] for w in words)


class GluedFinder:
    """Find and replace the names glued into tokens of a text (one engine's registry).

    Args:
        registry: The key's lookup tables.
        labels: Entry id -> pseudonym (for reports).
    """

    def __init__(self, registry: Registry, labels: dict[str, str]) -> None:
        self.registry = registry
        self._targets = registry.targets
        self._keep = registry.keep
        self._places = registry.places
        self._parts = registry.parts
        self._labels = labels

    def find(
        self,
        text: str,
        plain: str,
        low: str,
        hits: list[Hit],
        keeps: list[tuple[int, int]],
        mentioned: Callable[[], set[str]],
        decisions: list[Decision],
    ) -> list[Row]:
        """Return the replacements of names glued into tokens (see :mod:`~qualcode.pseudonymise.glued`)."""
        tokens_found = list(glued_tokens(plain))
        if not tokens_found:
            return []
        taken = list(zip(map(_HIT_START, hits), map(_HIT_END, hits), strict=True))
        if keeps:
            taken = sorted(taken + keeps)
        taken_starts = [a for a, _ in taken]
        out: list[Row] = []
        targets_of = self._targets
        for token_start, token_end in tokens_found:
            lo = max(0, bisect.bisect_left(taken_starts, token_start) - 1)
            hi = bisect.bisect_right(taken_starts, token_end)
            near = taken[lo:hi]
            segments = [
                s
                for s in split_segments(plain, token_start, token_end)
                if not any(a < s[1] and s[0] < b for a, b in near)
            ]
            found: list[Hit] = []
            index = 0
            while index < len(segments):
                matched = False
                for stop in range(min(len(segments), index + 5), index, -1):
                    words = segments[index:stop]
                    if any(
                        plain[words[k][1] : words[k + 1][0]].strip("._-/#@") != ""
                        for k in range(len(words) - 1)
                    ):
                        continue
                    folded = " ".join(skeleton(plain[s:e]) for s, e in words)
                    if folded in self._keep or folded in self._places:
                        index, matched = stop, True
                        break
                    targets = targets_of.get(folded)
                    if not targets:
                        continue
                    hit = Hit(words[0][0], words[-1][1], targets)
                    part = self._parts.get(folded)
                    if (
                        part is not None
                        and part.word
                        and not ({t.entry for t in targets} & mentioned())
                        and not (
                            index > 0
                            and plain[words[0][0]].isupper()
                            and skeleton(plain[segments[index - 1][0] : segments[index - 1][1]])
                            in TITLES
                        )
                        and not (
                            index > 0 and self._initials_before(plain, segments[index - 1], targets)
                        )
                    ):
                        hit.status, hit.reason = WORD, "an ordinary word in a glued token"
                    found.append(hit)
                    index, matched = stop, True
                    break
                if not matched:
                    start, end = segments[index]
                    before = len(found)
                    if end - start >= 7 and self.registry.concat_regex is not None:
                        for match in self.registry.concat_regex.finditer(low, start, end):
                            key = re.sub(r"[^a-z0-9]", "", skeleton(match.group()))
                            concat = self.registry.concat.get(key)
                            if concat:
                                found.append(Hit(match.start(), match.end(), concat))
                    if len(found) == before and end - start >= 8 and plain[start:end].islower():
                        found.extend(self._names_at_edges(plain, start, end))
                    if len(found) == before and end - start >= 4 and plain[start:end].islower():
                        found.extend(self._initials_and_name(plain, start, end))
                    index += 1
            out.extend(self._glued_replacements(plain, text, found, segments, decisions))
        return out

    def _initials_before(
        self, plain: str, segment: tuple[int, int], targets: list[Target]
    ) -> list[str] | None:
        """Return the initials that the capitals of ``segment`` stand for before one of ``targets``.

        ``T`` of ``TBrook``, ``MP`` of ``MPOlivares``: one to three capitals
        glued before a name part, each the initial of an earlier part of
        that person's name, in order.
        """
        piece = plain[segment[0] : segment[1]]
        if not (1 <= len(piece) <= 3 and piece.isupper()):
            return None
        for target in targets:
            parts = self.registry.name_parts.get(target.entry)
            if parts and target.part > 0:
                forms = fit(strip_accents(piece), parts, 0, target.part)
                if forms:
                    return forms
        return None

    def _initials_and_name(self, plain: str, start: int, end: int) -> list[Hit]:
        """Return a lower-case word made of initials and a name part (``hcampos``, ``mpaz``).

        One to three letters, each the initial of an earlier part of the
        person's name in order, then a part of three letters or more.
        """
        word = skeleton(plain[start:end])
        if len(word) != end - start:
            return []
        for size in range(1, 4):
            rest = word[size:]
            if len(rest) < 3:
                break
            for target in self._targets.get(rest, ()):
                parts = self.registry.name_parts.get(target.entry)
                if not parts or target.part <= 0:
                    continue
                forms = fit(word[:size].upper(), parts, 0, target.part)
                if forms:
                    form = " ".join([*forms, target.form])
                    glued = Target(target.entry, form, "exact", 1, frozenset(), target.part)
                    return [Hit(start, end, [glued], reason="initials glued to a name")]
        return []

    def _names_at_edges(self, plain: str, start: int, end: int) -> list[Hit]:
        """Return the names of five or more letters that begin or end a glued word (``#fuerzalucho``).

        A name may not be an ordinary word, and the rest of the word must have
        three letters or more (``marcelo`` is not ``Marc`` + ``elo``).
        """
        word = skeleton(plain[start:end])
        if len(word) != end - start:
            return []
        found: list[Hit] = []
        for at_end in (False, True):
            for size in range(min(12, len(word) - 3), 4, -1):
                lo, hi = (len(word) - size, len(word)) if at_end else (0, size)
                if found and lo < found[0].end - start:
                    continue
                piece = word[lo:hi]
                targets = self._targets.get(piece)
                if targets and piece not in self._parts and " " not in piece:
                    found.append(Hit(start + lo, start + hi, targets, reason="inside a glued word"))
                    break
        return found

    def _glued_replacements(
        self,
        plain: str,
        text: str,
        found: list[Hit],
        segments: list[tuple[int, int]],
        decisions: list[Decision],
    ) -> list[Row]:
        out: list[Row] = []
        index = 0
        while index < len(found):
            group = [found[index]]
            people = {t.entry for t in found[index].targets}
            index += 1
            while index < len(found):
                nxt = found[index]
                common = people & {t.entry for t in nxt.targets}
                gap = plain[group[-1].end : nxt.start]
                if not common or gap.strip("._-") or len(gap) > 1:
                    break
                people = common
                group.append(nxt)
                index += 1
            if all(h.status == WORD for h in group) and len(group) == 1:
                hit = group[0]
                decisions.append(
                    Decision(
                        hit.start,
                        hit.end,
                        0,
                        text[hit.start : hit.end],
                        "left",
                        hit.reason,
                        hit.targets[0].entry,
                        self._labels[hit.targets[0].entry],
                    )
                )
                continue
            entry = min(people, key=lambda e: (sum(best(h, e).rank for h in group), e))
            start, end = group[0].start, group[-1].end
            words = [best(h, entry).form for h in group]
            # a capital letter glued before the name is an initial (TWhitfield)
            # capitals glued before the name are initials (TWhitfield, MPOlivares)
            before = [s for s in segments if s[1] == start and 1 <= s[1] - s[0] <= 3]
            target = best(group[0], entry)
            if before:
                forms = self._initials_before(plain, before[0], [target])
                if forms:
                    start = before[0][0]
                    words.insert(0, " ".join(forms))
            original = text[start:end]
            pieces = [p for w in words for p in w.split()]
            new = glued_form(original, dedupe(pieces))
            kind = "alias" if any(best(h, entry).kind == "alias" for h in group) else "exact"
            out.append(replacement(text, start, end, new, kind, entry, self._labels[entry]))
        return out


__all__ = ["GluedFinder", "glued_form", "glued_tokens", "split_segments"]
