"""The replacement engine: one pass over the original text, never chained replacements.

How a text is pseudonymised (:meth:`Pseudonymiser.pseudonymise`):

1. The text is put in Unicode NFC (as ``import`` does), so ``Joaqui`` + U+0301
   + ``n`` and ``Joaquín`` are the same; invisible characters (soft hyphen,
   zero-width space and joiner: :mod:`~qualcode.pseudonymise.invisible`) are
   looked through, and go with the name they sit in; nothing else is changed.
2. Personal data found by pattern (:mod:`qualcode.pseudonymise.patterns`)
   becomes numbered placeholders first, and is masked so no name is matched
   inside an e-mail or URL.
3. A name broken by a hyphen at a line end (``Cáce-`` newline ``res``) is
   joined and matched (``join_hyphens``, the default).
4. Every registered name form (:mod:`~qualcode.pseudonymise.registry`: full
   names, aliases, name parts, an organisation's shorter forms), ``keep:``
   phrase and gazetteer place holding a name part goes into one compiled
   regular expression (a trie, so matching time does not grow with the
   number of names) over a lower-cased copy of the text of the same length;
   letters match their accented forms, and the spaces of a multi-word name
   match any run of spaces, line breaks, hyphens or underscores. A match is a
   whole word (Unicode-aware); the longest match wins; a ``keep:`` match or
   a place (``Viña del Mar``) is never touched.
5. A name part that is also an ordinary word or a place (``Rosa``, ``Peña``,
   ``Toledo``) is weighed with its context
   (:func:`qualcode.pseudonymise.context.judge`): left as a word, replaced,
   or replaced and listed as unsure; a part left as a word is still
   replaced when another part of the same person stands beside it
   (``rosa_pena``). Slugs (:meth:`Pseudonymiser.slug`) are never prose:
   every part counts in any case.
6. Fuzzy (:mod:`~qualcode.pseudonymise.fuzzy`): a one-edit misspelling of a
   registered name, short ones included (``Tpia``), that is not a common
   word, is replaced (``fuzzy = "replace"``) or listed for review
   (``"review"``).
7. Glued names (:mod:`~qualcode.pseudonymise.glued`): ``#JusticiaParaLucho``,
   ``LuchoTapia``, ``www.nuevaesperanza.cl``; initials
   (:mod:`~qualcode.pseudonymise.initials`): ``L. Tapia S.``, ``R.E.P.C.``.
8. Adjacent mentions of one person (``Rosita Quispe``, ``Quispe-Mamani``,
   ``María del Mar Ibáñez``, ``Fabián A. Millán T.``) become one pseudonym;
   the case pattern of the original is copied (``JOAQUÍN`` -> ``MARTÍN``,
   ``joaco`` -> ``tincho``) unless the pseudonym is a code such as ``P12``;
   the separators of the original are kept when the pseudonym has as many
   parts, and otherwise its line breaks are kept after it so line numbers
   never move.

Every choice made from context is a :class:`Decision` in the result
(``left`` or ``replaced``, with its reason), for the report and ``scan``.

Replacing twice gives the same text as replacing once: pseudonyms may not
fold to any registered name (see :func:`~qualcode.pseudonymise.key.validate`)
and are excluded from fuzzy matching.
"""

from __future__ import annotations

import re
import unicodedata

from qualcode.pseudonymise.context import after_saint, judge
from qualcode.pseudonymise.fuzzy import FuzzyMatcher
from qualcode.pseudonymise.glued import GluedFinder
from qualcode.pseudonymise.hits import (
    NAME,
    UNSURE,
    WORD,
    Decision,
    Hit,
    Replacement,
    Result,
    best,
    replacement,
    without_overlaps,
)
from qualcode.pseudonymise.initials import InitialsFinder
from qualcode.pseudonymise.invisible import View, visible_view
from qualcode.pseudonymise.key import Entry, Key
from qualcode.pseudonymise.name_pattern import (
    MASK,
    NAME_GAP,
    SEPARATORS,
    WORD_CHARS,
    lookup_key,
    trie_pattern,
)
from qualcode.pseudonymise.patterns import PatternMatch, find_patterns
from qualcode.pseudonymise.registry import Registry, Target
from qualcode.pseudonymise.text import (
    PARTICLES,
    apply_case,
    case_pattern,
    lower_same_length,
    skeleton,
    tokens,
)

FUZZY_MODES = ("replace", "review", "off")
PLACE_NAME = "part of a place name"
"""The reason of a decision that left a whole gazetteer place (``Viña del Mar``)."""
_SAINT_REASON = "after San or Santa: a place or a saint"
_SAINT_TAILS = ("san", "santa", "santo", "saint", "st", "st.", "sta", "sta.", "sto", "sto.")
KINDS = ("exact", "alias", "fuzzy", "pattern")


class Pseudonymiser:
    """Replace the people and personal data of a key in texts.

    Args:
        key: The key (its placeholder numbering is extended as new values appear).
        fuzzy: ``replace`` (default), ``review`` (leave and list) or ``off``.
        join_hyphens: Treat ``Fran-`` + line break + ``cisco`` as one word
            (default); False leaves it and lists it for review.

    Example:
        >>> from qualcode.pseudonymise.key import parse_key
        >>> key = parse_key({"people": {"P02": {"real": "Joaquín Pérez", "pseudonym": "Martín Díaz"}}})
        >>> Pseudonymiser(key).pseudonymise("JOAQUIN dijo: joaquín pérez.").text
        'MARTÍN dijo: martín díaz.'
    """

    def __init__(self, key: Key, *, fuzzy: str = "replace", join_hyphens: bool = True) -> None:
        if fuzzy not in FUZZY_MODES:
            raise ValueError(f"fuzzy must be one of {FUZZY_MODES}")
        self.key = key
        self.fuzzy = fuzzy
        self.join_hyphens = join_hyphens
        self.entries: dict[str, Entry] = {e.id: e for e in key.entries}
        registry = Registry(key)
        self.registry = registry
        self._targets = registry.targets
        self._keep = registry.keep
        self._places = registry.places
        self._parts = registry.parts
        keys = sorted(set(self._targets) | self._keep | self._places)
        self._regex = (
            re.compile(rf"(?<![{WORD_CHARS}])" + trie_pattern(keys) + rf"(?![{WORD_CHARS}])")
            if keys
            else None
        )
        pseudonym_words = {
            skeleton(t) for e in key.entries for f in e.pseudonym_forms() for t in tokens(f)
        }
        keep_words = {w for k in self._keep for w in k.split()}
        self._fuzzy = FuzzyMatcher(self._targets, pseudonym_words | keep_words | self._keep)
        self._shaped: dict[
            tuple[str, int], tuple[str, str, str, str]
        ] = {}  # targets live as long as the engine
        self._labels = {e.id: e.label for e in key.entries}
        self._glued = GluedFinder(registry, self._labels)
        self._initials = InitialsFinder(registry, self._labels)
        self._cased_keys = {k for k, ts in self._targets.items() if any(t.cased for t in ts)}
        special = self._keep | self._places | self._cased_keys | set(self._parts)
        self._fast = {k: ts for k, ts in self._targets.items() if k not in special}

    # -- public -------------------------------------------------------------------------

    def pseudonymise(self, text: str, *, allocate: bool = True, slug: bool = False) -> Result:
        """Return ``text`` with every registered mention and pattern replaced.

        Args:
            text: Any text (NFC or not).
            allocate: Number new placeholder values in the key (False: use 0
                for unseen values; for audits that must not change the key).
            slug: The text is an id, slug, file name or a title made from a
                file name, not prose: names that are also ordinary words
                (``rosa``) are replaced in any case.

        Returns:
            The new text, what was replaced, and the decisions made from context.
        """
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        view = visible_view(text)
        if view is None:
            return self._run(text, allocate, slug)
        return _mapped(text, view, self._run(view.text, allocate, slug))

    def __call__(self, text: str) -> str:
        """Return the pseudonymised text (a ``transform`` for :func:`qualcode.store.documents.import_files`)."""
        return self.pseudonymise(text).text

    def slug(self, text: str) -> str:
        """Return an id, slug, file name or file-name title pseudonymised in any case.

        Hyphens and underscores count as spaces for matching (``rosa_paz``,
        ``rosa-paz``); names that are also ordinary words are replaced even
        in lower case, since a slug is never prose.
        """
        spaced = text.replace("_", " ")
        result = self.pseudonymise(spaced, slug=True).text
        if result == spaced:
            return text
        return result

    # -- the pass -----------------------------------------------------------------------

    def _run(self, text: str, allocate: bool, slug: bool) -> Result:
        low = lower_same_length(text).replace("_", " ")  # 'rosa_paz' is two words
        replacements: list[Replacement] = []
        reviews: list[Replacement] = []
        decisions: list[Decision] = []
        masked: list[tuple[int, int]] = []

        for match in _all_patterns(text, self.key.patterns):
            number = (
                self.key.placeholder(match.placeholder_type, match.value)
                if allocate
                else self.key.placeholders.get(match.placeholder_type, {}).get(match.value, 0)
            )
            placeholder = f"[{match.placeholder_type}-{number}]"
            note = "" if match.valid else "invalid check digit (DV inválido)"
            replacements.append(
                replacement(
                    text,
                    match.start,
                    match.end,
                    placeholder,
                    "pattern",
                    None,
                    match.placeholder_type,
                    note=note,
                )
            )
            masked.append((match.start, match.end))

        hits: list[Hit] = []
        if "-\n" in text or re.search(r"-[ \t]+\n", text):
            for hit in self._hyphenated(text, masked):
                if self.join_hyphens:
                    hits.append(hit)
                    masked.append((hit.start, hit.end))
                else:
                    target = hit.targets[0]
                    reviews.append(
                        replacement(
                            text,
                            hit.start,
                            hit.end,
                            target.form,
                            "exact",
                            target.entry,
                            self.entries[target.entry].label,
                            note="name split by a hyphen",
                        )
                    )
        plain = text
        if masked:
            masked.sort()
            low = _masked(low, masked)
            plain = _masked(text, masked)

        keeps: list[tuple[int, int]] = []
        joined = len(hits)
        hits.extend(self._find_names(text, low, keeps, slug, decisions, plain))
        found = len(hits)
        fuzzy_added = False
        if self.fuzzy != "off":
            fuzzy_hits = [
                Hit(s, e, self._targets[name], fuzzy=name, reason="ambiguous" if amb else "")
                for s, e, name, amb in self._fuzzy.find(plain, low, keeps, slug)
            ]
            phrase_spans = [(h.start, h.end) for h in fuzzy_hits if " " in h.fuzzy]
            if phrase_spans:  # a misspelt organisation owns the names inside it
                hits = [
                    h for h in hits if not any(a < h.end and h.start < b for a, b in phrase_spans)
                ]
            for hit in fuzzy_hits:
                if self.fuzzy == "replace":
                    hits.append(hit)
                    fuzzy_added = True
                else:
                    target = hit.targets[0]
                    reviews.append(
                        replacement(
                            text,
                            hit.start,
                            hit.end,
                            target.form,
                            "fuzzy",
                            target.entry,
                            self.entries[target.entry].label,
                            matched=hit.fuzzy,
                        )
                    )
        if joined or len(hits) != found or fuzzy_added:  # hyphen breaks or misspellings
            hits.sort(key=lambda h: h.start)
            hits = without_overlaps(hits)
        known: dict[str, set[str]] = {}

        def mentioned() -> set[str]:
            """The people mentioned in the text (computed when a rule asks)."""
            if "all" not in known:
                people = {h.targets[0].entry for h in hits if h.status != WORD}
                people |= {r.entry for r in replacements if r.entry}
                known["all"] = people
            return known["all"]

        glued = self._glued.find(text, plain, low, hits, keeps, mentioned, decisions)
        hits = self._initials.beside(text, hits)
        replacements.extend(self._merge(text, hits, decisions))
        if glued:
            replacements.extend(glued)
        replacements.sort(key=lambda r: r.start)
        known.clear()
        replacements = self._initials.alone(plain, replacements, mentioned, decisions)
        replacements = _with_lines(text, replacements)
        pieces, last = [], 0
        for rep in replacements:
            pieces.append(text[last : rep.start])
            pieces.append(rep.text)
            last = rep.end
        pieces.append(text[last:])
        reviews = _with_lines(text, sorted(reviews, key=lambda r: r.start))
        decisions = _decision_lines(text, sorted(decisions, key=lambda d: d.start))
        return Result("".join(pieces), replacements, reviews, decisions)

    # -- matching -----------------------------------------------------------------------

    def _find_names(
        self,
        text: str,
        low: str,
        keeps: list[tuple[int, int]],
        slug: bool,
        decisions: list[Decision],
        plain: str,
    ) -> list[Hit]:
        """Return the registered names in ``text`` (``plain``: the text with patterns masked, for context)."""
        regex = self._regex
        if regex is None:
            return []
        hits: list[Hit] = []
        targets_of = self._targets
        parts = self._parts
        keep = self._keep
        places = self._places
        cased_keys = self._cased_keys
        registered = targets_of.__contains__
        get_fast = self._fast.get
        finditer = regex.finditer
        append = hits.append
        tails = _SAINT_TAILS
        pos = 0
        while pos is not None:
            restart = None
            for match in finditer(low, pos):
                start, end = match.span()
                fragment = low[start:end]
                targets = get_fast(fragment)
                if targets is not None:  # a plain name: no keep, place, case or context rule
                    if (
                        slug
                        or not low[start - 7 if start > 7 else 0 : start - 1].endswith(tails)
                        or " " in fragment
                        or not after_saint(text, start)
                    ):
                        append(Hit(start, end, targets))
                    else:
                        append(Hit(start, end, targets, "", WORD, _SAINT_REASON))
                    continue
                while True:
                    fragment = low[start:end]
                    folded = fragment if fragment in targets_of else lookup_key(fragment)
                    if folded in keep:
                        keeps.append((start, end))
                        break
                    if folded in places and self._is_place(text, start, end, folded):
                        keeps.append((start, end))
                        self._note_place(text, start, end, decisions)
                        break
                    targets = targets_of.get(folded)
                    if targets is not None and not slug and folded in cased_keys:
                        targets = self._cased(text, start, end, folded, targets)
                    if targets:
                        hit = Hit(start, end, targets)
                        if not slug:
                            part = parts.get(folded)
                            if part is not None:
                                hit.status, hit.reason = judge(plain, start, end, part, registered)
                            elif " " not in folded and after_saint(text, start):
                                hit.status = WORD
                                hit.reason = _SAINT_REASON
                        hits.append(hit)
                        if end < match.end():
                            restart = end  # a shorter match: scan the rest again
                        break
                    # rejected: try the longest shorter match at the same place
                    cut = _last_token_start(low, start, end)
                    shorter = regex.match(low, start, cut) if cut is not None else None
                    if shorter is None or shorter.end() <= start:
                        first = _first_token_end(low, start, end)
                        restart = max(first, start + 1)
                        break
                    end = shorter.end()
                if restart is not None:
                    break
            pos = restart
        return hits

    def _cased(
        self, text: str, start: int, end: int, folded: str, targets: list[Target]
    ) -> list[Target]:
        """Drop the targets that need capitalised words where the text has lower case ones."""
        if not any(t.cased for t in targets):
            return targets
        words = [w for w in SEPARATORS.split(text[start:end]) if w and not SEPARATORS.fullmatch(w)]
        capitalised = all(w[:1].isupper() for w in words if skeleton(w) not in PARTICLES)
        return [t for t in targets if capitalised or not t.cased]

    def _is_place(self, text: str, start: int, end: int, folded: str) -> bool:
        """Whether a gazetteer phrase match is the place (not two parts of one person, not ``la Paz``)."""
        words = [w for w in folded.split() if w not in PARTICLES]
        owners = [{t.entry for t in self._targets.get(w, ())} for w in words]
        if len(words) >= 2 and all(owners) and set.intersection(*owners):
            return False
        first = text[start:end].split()[0]
        return not (skeleton(first) in PARTICLES and first[:1].islower())

    def _note_place(self, text: str, start: int, end: int, decisions: list[Decision]) -> None:
        for word in re.finditer(r"[^\W\d_]+", text[start:end]):
            targets = self._targets.get(skeleton(word.group()))
            if targets:
                entry = targets[0].entry
                decisions.append(
                    Decision(
                        start + word.start(),
                        start + word.end(),
                        0,
                        word.group(),
                        "left",
                        PLACE_NAME,
                        entry,
                        self.entries[entry].label,
                    )
                )

    def _hyphenated(self, text: str, masked: list[tuple[int, int]]) -> list[Hit]:
        hits = []
        for match in _HYPHEN_BREAK.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in masked):
                continue
            joined = skeleton(match.group(1) + match.group(2))
            targets = self._targets.get(joined)
            if targets is None and self.fuzzy != "off":
                found = self._fuzzy.match(match.group(1) + match.group(2))
                targets = self._targets.get(found[0]) if found else None
            part = self._parts.get(joined)
            if targets and part is not None and part.word and not match.group(1)[:1].isupper():
                continue  # an ordinary word broken at a line end
            if targets:
                hits.append(Hit(match.start(), match.end(), targets))
        return hits

    # -- merging and shaping ------------------------------------------------------------

    def _merge(self, text: str, hits: list[Hit], decisions: list[Decision]) -> list[Replacement]:
        result: list[Replacement] = []
        index = 0
        count = len(hits)
        single = self._single
        shaped = self._shaped.get
        append = result.append
        while index < count:
            hit = hits[index]
            if hit.status == NAME and not hit.fuzzy and not hit.initial:
                start, end = hit.start, hit.end
                after = hits[index + 1].start if index + 1 < count else end + 99
                if after - end > 12 or not _joinable(text[end:after]):
                    # one mention on its own: its replacement is cached by spelling
                    original = text[start:end]
                    cached = shaped((original, id(hit.targets[0])))
                    if cached is None:
                        append(single(text, hit))
                    else:
                        append(Replacement(start, end, 0, original, *cached))
                    index += 1
                    continue
            group = [hit]
            people = {t.entry for t in hit.targets}
            index += 1
            while index < count:
                nxt = hits[index]
                gap = text[group[-1].end : nxt.start]
                if len(gap) > 12 or not _joinable(gap):
                    break
                common = people & {t.entry for t in nxt.targets}
                if not common:
                    break
                if not NAME_GAP.match(gap) and not self._particle_gap(gap, common):
                    break
                people = common
                group.append(nxt)
                index += 1
            if len(group) == 1:
                hit = group[0]
                if hit.status == NAME and not hit.fuzzy and not hit.initial:
                    result.append(self._single(text, hit))
                    continue
            names = [h for h in group if not h.initial]
            if not names:
                if all(h.reason == "after a comma" and h.status != WORD for h in group):
                    result.append(self._group_replacement(text, group, people))
                continue
            if all(h.status == WORD for h in names) and not _in_order(names, people):
                for hit in names:
                    self._decide(text, hit, "left", decisions)
                continue
            if len(group) == 1:
                people = set()
            result.append(self._group_replacement(text, group, people))
            if len(group) == 1 and (names[0].status == UNSURE or names[0].reason == "ambiguous"):
                self._decide(text, names[0], "replaced", decisions)
        return result

    def _single(self, text: str, hit: Hit) -> Replacement:
        """Return the replacement of one exact mention (cached by its spelling)."""
        original = text[hit.start : hit.end]
        target = hit.targets[0]
        key = (original, id(target))
        cached = self._shaped.get(key)
        if cached is None:
            new = self._group_replacement(text, [hit], set()).text
            cached = (new, target.kind, target.entry, self._labels[target.entry])
            self._shaped[key] = cached
        return Replacement(hit.start, hit.end, 0, original, *cached)

    def _decide(self, text: str, hit: Hit, action: str, decisions: list[Decision]) -> None:
        entry = hit.targets[0].entry
        decisions.append(
            Decision(
                hit.start,
                hit.end,
                0,
                text[hit.start : hit.end],
                action,
                hit.reason or "ambiguous",
                entry,
                self.entries[entry].label,
            )
        )

    def _particle_gap(self, gap: str, people: set[str]) -> bool:
        """Whether ``gap`` (`` del ``, `` de la ``) holds particles of one of ``people``'s names."""
        words = gap.split()
        if not words or len(words) > 3 or gap[:1] not in " \t" or gap[-1:] not in " \t\n":
            return False
        folded = [skeleton(w) for w in words]
        if not all(w in PARTICLES for w in folded):
            return False
        needle = " " + " ".join(folded) + " "
        return any(needle in self.registry.real.get(p, "") for p in people)

    def _group_replacement(self, text: str, group: list[Hit], people: set[str]) -> Replacement:
        if len(group) == 1 and not group[0].fuzzy:
            hit = group[0]
            target = hit.targets[0]
            original = text[hit.start : hit.end]
            if " " not in target.form and original.isalpha():
                if original.isupper() and len(original) > 1:
                    new = apply_case(target.form, "upper")
                elif original.islower():
                    new = apply_case(target.form, "lower")
                else:
                    new = target.form
            else:
                new = shape(original, target.form)
            return Replacement(
                hit.start,
                hit.end,
                0,
                original,
                new,
                target.kind,
                target.entry,
                self.entries[target.entry].label,
            )

        if len(group) == 1:
            people = {group[0].targets[0].entry}

        def score(entry_id: str) -> tuple[int, str]:
            return (sum(best(h, entry_id).rank for h in group), entry_id)

        entry_id = min(people, key=score)
        many = len([h for h in group if not h.initial]) > 1
        chosen = [best(h, entry_id, parts_first=many) for h in group]
        forms: list[str] = []
        for target in chosen:
            for part in target.form.split(" "):
                if part and (not forms or forms[-1].lower() != part.lower()):
                    forms.append(part)
        if any(h.fuzzy for h in group):
            kind = "fuzzy"
        elif any(t.kind == "alias" for t in chosen):
            kind = "alias"
        else:
            kind = "exact"
        start, end = group[0].start, group[-1].end
        original = text[start:end]
        words = [w for w in SEPARATORS.split(original) if w and not SEPARATORS.fullmatch(w)]
        if len(words) != len(forms):  # drop the particles between the parts (María del Mar)
            original_shape = " ".join(w for w in words if skeleton(w) not in PARTICLES)
            if len(original_shape.split()) == len(forms) and "\n" not in original:
                shaped = shape(original_shape, " ".join(forms))
            else:
                shaped = shape(original, " ".join(forms))
        else:
            shaped = shape(original, " ".join(forms))
        matched = " ".join(h.fuzzy for h in group if h.fuzzy)
        return replacement(
            text, start, end, shaped, kind, entry_id, self.entries[entry_id].label, matched=matched
        )


def _joinable(gap: str) -> bool:
    """Whether ``gap`` may stand between two parts of one name (spacing, a hyphen or particles)."""
    if NAME_GAP.match(gap):
        return True
    words = gap.split()
    return 0 < len(words) <= 3 and all(skeleton(w) in PARTICLES for w in words)


def _in_order(hits: list[Hit], people: set[str]) -> bool:
    """Whether two or more parts of one of ``people`` stand in the order of the real name."""
    if len(hits) < 2:
        return False
    for person in people:
        indexes = [best(h, person, parts_first=True).part for h in hits]
        if all(a < b for a, b in zip(indexes, indexes[1:], strict=False)) and min(indexes) >= 0:
            return True
    return False


def _mapped(text: str, view: View, inner: Result) -> Result:
    """Return ``inner`` (found on ``view``) with its spans in ``text`` and the text rebuilt."""
    for item in [*inner.replacements, *inner.reviews, *inner.decisions]:
        item.start, item.end = view.span(item.start, item.end)
        item.original = text[item.start : item.end]
    pieces, last = [], 0
    for rep in inner.replacements:
        pieces.append(text[last : rep.start])
        pieces.append(rep.text)
        last = rep.end
    pieces.append(text[last:])
    return Result("".join(pieces), inner.replacements, inner.reviews, inner.decisions)


def _decision_lines(text: str, decisions: list[Decision]) -> list[Decision]:
    line, last = 1, 0
    seen: set[tuple[int, int]] = set()
    out = []
    for decision in decisions:
        if (decision.start, decision.end) in seen:
            continue
        seen.add((decision.start, decision.end))
        line += text.count("\n", last, decision.start)
        last = decision.start
        decision.line = line
        out.append(decision)
    return out


def _all_patterns(text: str, kinds: list[str]) -> list[PatternMatch]:
    """Find patterns, then again with the found ones masked, until nothing new is found.

    Masking makes the boundaries the second pass sees (a placeholder) the
    same as the first, so pseudonymising twice equals once.
    """
    found = find_patterns(text, kinds)
    new = found
    for _ in range(3):
        if not new:
            break
        current = _masked(text, sorted((m.start, m.end) for m in found))
        windows: list[tuple[int, int]] = []
        for match in new:  # only text next to a placeholder can change
            lo, hi = max(0, match.start - 80), min(len(text), match.end + 80)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
        new = []
        taken = sorted((m.start, m.end) for m in found)
        for lo, hi in windows:
            for m in find_patterns(current[lo:hi], kinds):
                start, end = m.start + lo, m.end + lo
                if "\x00" in current[start:end] or any(a < end and start < b for a, b in taken):
                    continue  # never across a placeholder already found
                new.append(PatternMatch(start, end, m.kind, m.value, m.valid))
        found.extend(new)
    return sorted(found, key=lambda m: m.start)


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """Return ``text`` with each (sorted) span overwritten by NUL characters (not word characters)."""
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(MASK * (end - start))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _with_lines(text: str, replacements: list[Replacement]) -> list[Replacement]:
    line, last = 1, 0
    for rep in replacements:
        line += text.count("\n", last, rep.start)
        last = rep.start
        rep.line = line
    return replacements


def shape(original: str, form: str) -> str:
    """Return ``form`` shaped like ``original``: its case pattern, separators and line breaks.

    When both have the same number of parts, each part copies the case of
    the original part and the original separators are kept (``Francisco``
    newline ``Soto`` -> ``Tomás`` newline ``Reyes``); otherwise the form keeps
    its own separators, takes the case of the whole original, and is followed
    by the original's line breaks, so the line count never changes.
    """
    pieces = SEPARATORS.split(original)
    words, seps = pieces[0::2], pieces[1::2]
    form_pieces = SEPARATORS.split(form)
    form_words, form_seps = form_pieces[0::2], form_pieces[1::2]
    if len(form_words) == len(words) and len(words) > 1:
        out = [apply_case(form_words[0], case_pattern(words[0]))]
        for sep, orig, word in zip(seps, words[1:], form_words[1:], strict=True):
            out.append(sep)
            out.append(apply_case(word, case_pattern(orig)))
        return "".join(out)
    pattern = case_pattern(original)
    out = [apply_case(form_words[0], pattern)]
    for sep, word in zip(form_seps, form_words[1:], strict=True):
        out.append(sep)
        out.append(apply_case(word, pattern))
    return "".join(out) + "\n" * sum(s.count("\n") for s in seps)


def _last_token_start(low: str, start: int, end: int) -> int | None:
    """Return the end of the last separator run inside ``low[start:end]``, cut before it."""
    fragment = low[start:end]
    matches = list(SEPARATORS.finditer(fragment))
    if not matches:
        return None
    return start + matches[-1].start()


def _first_token_end(low: str, start: int, end: int) -> int:
    match = SEPARATORS.search(low, start, end)
    return match.start() if match else end


_HYPHEN_BREAK = re.compile(
    rf"(?<![{WORD_CHARS}])([^\W\d_]+)-[ \t]*\n[ \t]*([^\W\d_]+)(?![{WORD_CHARS}])"
)


__all__ = [
    "FUZZY_MODES",
    "KINDS",
    "PLACE_NAME",
    "Decision",
    "Pseudonymiser",
    "Replacement",
    "Result",
    "Target",
    "shape",
]
