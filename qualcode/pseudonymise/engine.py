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

import bisect
import gc
import operator
import re
import unicodedata

from qualcode.pseudonymise.context import judge
from qualcode.pseudonymise.fuzzy import FuzzyMatcher, capitalised_words
from qualcode.pseudonymise.glued import GluedFinder
from qualcode.pseudonymise.hits import (
    NAME,
    TEXT,
    UNSURE,
    WORD,
    Decision,
    Hit,
    Replacement,
    Result,
    Row,
    best,
    materialise,
    replacement,
    without_overlaps,
)
from qualcode.pseudonymise.initials import InitialsFinder, initial_marks
from qualcode.pseudonymise.invisible import View, visible_view
from qualcode.pseudonymise.key import Entry, Key
from qualcode.pseudonymise.labels import LabelFinder
from qualcode.pseudonymise.name_pattern import (
    MASK,
    NAME_GAP,
    SEPARATORS,
    WORD_CHARS,
    lookup_key,
    trie_pattern,
)
from qualcode.pseudonymise.patterns import PatternMatch, find_patterns
from qualcode.pseudonymise.registry import PLACE_HEADS, STREET_ABBREVIATIONS, Registry, Target
from qualcode.pseudonymise.text import (
    CONNECTORS,
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
_HEAD_REASON = "part of a place name (after calle, cerro, Villa...)"
_SAINT_WORDS = ("san", "santa", "santo", "saint", "st", "sta", "sto")
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
        # place heads (calle, cerro, Caleta...) go into the one regex: a name right after one is
        # part of a place name (calle Ruiz, Villa Tapia), found in the same pass
        self._heads = frozenset(PLACE_HEADS | STREET_ABBREVIATIONS) - set(self._targets)
        self._saints = frozenset(_SAINT_WORDS) - set(self._targets)
        keys = sorted(set(self._targets) | self._keep | self._places | self._heads | self._saints)
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
        self._groups: dict[tuple[object, ...], tuple[object, ...]] = {}
        self._spellings: dict[str, tuple[list[Target], tuple[object, ...]]] = {}
        self._labels = {e.id: e.label for e in key.entries}
        self._glued = GluedFinder(registry, self._labels)
        self._initials = InitialsFinder(registry, self._labels)
        self._speakers = LabelFinder(registry, self._labels)
        self._cased_keys = {k for k, ts in self._targets.items() if any(t.cased for t in ts)}
        special = (
            self._keep
            | self._places
            | self._cased_keys
            | set(self._parts)
            | self._heads
            | self._saints
        )
        self._special = frozenset(special)
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
        # a long text makes many small objects and no cycles: the cyclic garbage collector
        # is paused while it is read (it would scan them again and again), then restored
        paused = len(text) > _GC_PAUSE_FROM and gc.isenabled()
        if paused:
            gc.disable()
        try:
            view = visible_view(text)
            if view is None:
                return self._run(text, allocate, slug)
            return _mapped(text, view, self._run(view.text, allocate, slug))
        finally:
            if paused:
                gc.enable()

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
        replacements: list[Row] = []
        reviews: list[Row] = []
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
        capitals = None if slug else capitalised_words(plain)  # for misspellings and acronyms
        found = len(hits)
        fuzzy_added = False
        if self.fuzzy != "off":
            fuzzy_hits = [
                Hit(s, e, self._targets[name], fuzzy=name, reason="ambiguous" if amb else "")
                for s, e, name, amb in self._fuzzy.find(plain, low, keeps, slug, capitals)
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
        if "-" in text:
            self._double_surnames(plain, hits)
        _weigh_evidence(hits)
        _join_dotted(text, hits)
        known: dict[str, set[str]] = {}

        def mentioned() -> set[str]:
            """The people mentioned in the text (computed when a rule asks)."""
            if "all" not in known:
                people = named_people(hits)
                people.update(map(_ENTRY_OF, replacements))
                people.discard(None)  # type: ignore[arg-type]
                known["all"] = people
            return known["all"]

        glued = self._glued.find(text, plain, low, hits, keeps, mentioned, decisions)
        marks = initial_marks(text)
        hits = self._initials.beside(text, hits, marks)
        replacements.extend(self._merge(text, hits, decisions))
        if glued:
            replacements.extend(glued)
        replacements.sort(key=_FIRST)
        if glued and "all" in known:  # glued names are people mentioned too
            known["all"].update(r[6] for r in glued if r[6])
        labelled = self._speakers.find(
            plain, hits, replacements, mentioned, decisions, capitals or set()
        )
        if labelled:
            replacements = sorted(replacements + labelled, key=_FIRST)
        replacements = self._initials.alone(plain, replacements, mentioned, decisions, marks)
        decisions = _decision_lines(text, sorted(decisions, key=lambda d: d.start))
        return Result(
            _rebuilt(text, replacements),
            None,
            materialise(text, sorted(reviews, key=_FIRST)),
            decisions,
            rows=replacements,
            source=text,
        )

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
        place_forms = self.registry.place_forms
        cased_keys = self._cased_keys
        registered = self._registered
        genders = self.registry.genders
        fast = self._fast
        get_fast = fast.get
        specials = self._special
        finditer = regex.finditer
        append = hits.append
        heads = self._heads
        saints = self._saints
        mark_end = -9  # the end of the last place head (calle, Villa...) or San/Santa seen
        mark_reason = ""
        pos = 0
        while pos is not None:
            restart = None
            for match in finditer(low, pos):
                start, end = match.span()
                fragment = low[start:end]
                targets = get_fast(fragment)
                if targets is not None:  # a plain name: no keep, place, case or context rule
                    if start - mark_end < 3 and not slug and _after_mark(text, mark_end, start):
                        append(Hit(start, end, targets, "", WORD, mark_reason))
                    else:
                        append(Hit(start, end, targets))
                    continue
                while True:
                    fragment = low[start:end]
                    folded = fragment if fragment in targets_of else lookup_key(fragment)
                    if folded in heads or (folded in saints and text[start].isupper()):
                        mark_end = end
                        mark_reason = _SAINT_REASON if folded in saints else _HEAD_REASON
                        break
                    if folded in keep:
                        keeps.append((start, end))
                        break
                    if folded in place_forms and _after_place_preposition(text, start):
                        keeps.append((start, end))
                        self._note_place(text, start, end, decisions)
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
                        if (
                            folded not in specials
                            and fragment not in fast
                            and targets is targets_of.get(folded)
                            and len(fast) < _FAST_LIMIT
                        ):
                            fast[fragment] = targets  # another spelling of a plain name (ñ, á)
                        if not slug:
                            part = parts.get(folded)
                            if part is not None:
                                verdict = judge(
                                    plain, start, end, part, registered, genders(targets)
                                )
                                hit.status, hit.reason = verdict.status, verdict.reason
                                if verdict.alone:
                                    hit.alone, hit.alone_reason = (
                                        verdict.alone,
                                        verdict.alone_reason,
                                    )
                            if (
                                start - mark_end < 3
                                and _after_mark(text, mark_end, start)
                                and (mark_reason == _HEAD_REASON or " " not in folded)
                            ):
                                hit.status, hit.reason, hit.alone = WORD, mark_reason, ""
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

    def _double_surnames(self, text: str, hits: list[Hit]) -> None:
        """Leave a part joined by a hyphen to a capitalised word that is not registered.

        ``Frei Ruiz-Tagle``: a double surname of someone else, not the
        registered Ruiz (``Quispe-Mamani`` with both registered is one name).
        """
        starts = [h.start for h in hits]
        for match in _HYPHEN_JOIN.finditer(text):
            left, right = match.group(1), match.group(2)
            index = bisect.bisect_left(starts, match.start(2))
            after = hits[index] if index < len(hits) and starts[index] == match.start(2) else None
            before = hits[index - 1] if index and hits[index - 1].end == match.end(1) else None
            for hit, other in ((before, right), (after, left)):
                if (
                    hit is None
                    or hit.status == WORD
                    or hit.end - hit.start != len(left if hit is before else right)
                ):
                    continue
                if other[:1].isupper() and not self._registered(skeleton(other)):
                    hit.status, hit.reason, hit.alone = WORD, "part of another double surname", ""

    def _registered(self, folded: str) -> bool:
        """Whether a word (a skeleton) is a registered name, or a misspelling of one."""
        if folded in self._targets:
            return True
        if self.fuzzy == "off" or len(folded) < 3:
            return False
        return self._fuzzy.match(folded.capitalize()) is not None

    def _cased(
        self, text: str, start: int, end: int, folded: str, targets: list[Target]
    ) -> list[Target]:
        """Drop the targets that need capitalised words where the text has lower case ones."""
        if not any(t.cased for t in targets):
            return targets
        words = [w for w in SEPARATORS.split(text[start:end]) if w and not SEPARATORS.fullmatch(w)]
        capitalised = all(w[:1].isupper() for w in words if skeleton(w) not in CONNECTORS)
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

    def _merge(self, text: str, hits: list[Hit], decisions: list[Decision]) -> list[Row]:
        result: list[Row] = []
        index = 0
        count = len(hits)
        single = self._single
        append = result.append
        joinable = _joinable
        groups = self._groups
        spellings = self._spellings
        while index < count:
            hit = hits[index]
            if hit.status is NAME and not hit.fuzzy and not hit.initial:
                start, end = hit.start, hit.end
                nxt = hits[index + 1] if index + 1 < count else None
                if (
                    nxt is None
                    or nxt.start - end > 12
                    or not joinable(text[end : nxt.start])
                    or not (
                        hit.targets is nxt.targets
                        or hit.targets[0].entry == nxt.targets[0].entry
                        or {t.entry for t in hit.targets} & {t.entry for t in nxt.targets}
                        or nxt.initial
                    )
                ):  # one mention on its own: its replacement is cached by spelling
                    index += 1
                    original = text[start:end]
                    cached = spellings.get(original)
                    if cached is not None and cached[0] is hit.targets:
                        append((start, end, 0, original, *cached[1]))
                        continue
                    row = single(text, hit)
                    if len(spellings) < _GROUP_LIMIT:
                        spellings[original] = (hit.targets, row[4:])
                    append(row)
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
                if _repeats(text, group, nxt):
                    break  # "Ana María" then "Ana" on the next line: two mentions, not one name
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
            plain_group = all(h.status is NAME and not h.fuzzy and not h.initial for h in group)
            if plain_group:  # a plain group of one person's parts: cached by spelling
                key = (text[group[0].start : group[-1].end], *map(id, map(_TARGETS, group)))
                cached = groups.get(key)
                if cached is None:
                    row = self._group_replacement(text, group, people)
                    if len(groups) < _GROUP_LIMIT:
                        groups[key] = row[4:]
                    append(row)
                else:
                    append((group[0].start, group[-1].end, 0, key[0], *cached))
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

    def _single(self, text: str, hit: Hit) -> Row:
        """Return the replacement of one exact mention (cached by its spelling)."""
        original = text[hit.start : hit.end]
        target = hit.targets[0]
        key = (original, id(target))
        cached = self._shaped.get(key)
        if cached is None:
            new = self._group_replacement(text, [hit], set())[TEXT]
            cached = (new, target.kind, target.entry, self._labels[target.entry], "", "")
            self._shaped[key] = cached
        return (hit.start, hit.end, 0, original, *cached)

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

    def _group_replacement(self, text: str, group: list[Hit], people: set[str]) -> Row:
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
            return (
                hit.start,
                hit.end,
                0,
                original,
                new,
                target.kind,
                target.entry,
                self.entries[target.entry].label,
                "",
                "",
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


_PLACE_PREPOSITION = re.compile(
    r"(?<![\w])(?:en|in|at|near|around|through|into|desde|hacia|hasta|por|a|al|to|from|de|del|of)[ \t\u00a0]+\Z",
    re.IGNORECASE,
)


def _after_place_preposition(text: str, start: int) -> bool:
    """Whether a preposition of place stands right before ``start`` (``at Caleta El Membrillo``)."""
    return _PLACE_PREPOSITION.search(text, max(0, start - 8), start) is not None


def _after_mark(text: str, mark_end: int, start: int) -> bool:
    """Whether a capitalised name starts right after a place head or a saint's title.

    ``calle Ruiz``, ``Villa Tapia``, ``Santa Ana``, ``St. Rose``; after a
    full stop only for an abbreviation (``av. Tapia``, not ``la plaza. Paz``).
    """
    gap = text[mark_end:start]
    if gap == ". ":
        word = text[max(0, mark_end - 5) : mark_end].split()[-1:]
        return bool(word) and skeleton(word[0]) in _ABBREVIATED_MARKS and text[start].isupper()
    return gap in (" ", "\u00a0", "  ") and text[start].isupper()


_ABBREVIATED_MARKS = STREET_ABBREVIATIONS | {"st", "sta", "sto"}


def named_people(hits: list[Hit], *, every_target: bool = False) -> set[str]:
    """Return the entries of the hits that are names (not words, not waiting for evidence).

    Collected per list of targets (most hits share the registry's lists);
    ``every_target`` takes every person a hit may be, else its first.
    """
    lists = {id(h.targets): h.targets for h in hits if h.status is not WORD and not h.alone}
    if every_target:
        return {t.entry for targets in lists.values() for t in targets}
    return {targets[0].entry for targets in lists.values()}


def _weigh_evidence(hits: list[Hit]) -> None:
    """Settle the hits whose status depends on whether their person is mentioned otherwise.

    A hit judged with a second status for a text without any other mention
    of the person (:class:`~qualcode.pseudonymise.context.Verdict`) takes
    it when no name hit of that person (one that does not itself depend on
    the evidence) is in the text: ``Paz`` at a sentence start, or
    ``a Osorno``, is a word or a place in a text that does not otherwise
    name the person.
    """
    pending = [h for h in hits if h.alone]
    if not pending:
        return
    named = named_people(hits, every_target=True)
    for hit in pending:
        if not any(t.entry in named for t in hit.targets):
            hit.status, hit.reason = hit.alone, hit.alone_reason
        elif hit.status == UNSURE and hit.reason:
            hit.reason += " (the person is mentioned in the text)"
        hit.alone = ""


def _join_dotted(text: str, hits: list[Hit]) -> None:
    """Make a part read as a word a name when it is glued by ``.`` to a part of the same person.

    ``hector.lagos`` in a file name or address: ``lagos`` in lower case would
    be a word, but beside ``hector`` with only a full stop between they are
    one name written without spaces.
    """
    for index, hit in enumerate(hits):
        if hit.status != WORD or hit.start == 0:
            continue
        people = {t.entry for t in hit.targets}
        for other in (
            hits[index - 1] if index else None,
            hits[index + 1] if index + 1 < len(hits) else None,
        ):
            if other is None or not people & {t.entry for t in other.targets}:
                continue
            lo, hi = (other.end, hit.start) if other.end <= hit.start else (hit.end, other.start)
            glued = hi - lo == 1 and text[lo] == "." and text[lo - 1].isalpha()
            if (
                glued
                and text[hi].isalpha()
                and (other.status != WORD or _in_order(sorted([hit, other], key=_start), people))
            ):
                hit.status, hit.reason = NAME, ""
                if other.status == WORD:
                    other.status, other.reason = NAME, ""
                break


def _repeats(text: str, group: list[Hit], nxt: Hit) -> bool:
    """Whether ``nxt`` repeats a word already in ``group`` (``Ana María`` + ``Ana``).

    A name does not hold the same part twice, so a repeated word starts a
    new mention. Joining them would move the line break between them to
    the end of the replacement, and a second pass would read the next line
    differently (pseudonymising twice must equal once).
    """
    new_text = text[nxt.start : nxt.end].lower()
    if new_text not in text[group[0].start : group[-1].end].lower():
        return False  # the common case, checked cheaply (accents are compared below)
    words = set()
    for hit in group:
        words.update(skeleton(w) for w in SEPARATORS.split(text[hit.start : hit.end]) if w)
    new = [skeleton(w) for w in SEPARATORS.split(text[nxt.start : nxt.end]) if w]
    return any(w in words and w not in PARTICLES for w in new)


def _start(hit: Hit) -> int:
    return hit.start


def _joinable(gap: str) -> bool:
    """Whether ``gap`` may stand between two parts of one name (spacing, a hyphen or particles)."""
    if not gap.strip(_GAP_CHARS):
        return gap.count("\n") <= 1  # NAME_GAP: spacing, hyphens, at most one line break
    words = gap.split()
    if not 0 < len(words) <= 3:
        return False
    return all(w in _PARTICLE_SPELLINGS or skeleton(w) in PARTICLES for w in words)


_GAP_CHARS = " \t\u00a0-\u2010\u2011_\n"
_PARTICLE_SPELLINGS = frozenset(PARTICLES | {p.capitalize() for p in PARTICLES})


def _in_order(hits: list[Hit], people: set[str]) -> bool:
    """Whether two or more parts of one of ``people`` stand in the order of the real name."""
    if len(hits) < 2:
        return False
    for person in people:
        indexes = [best(h, person, parts_first=True).part for h in hits]
        if indexes[0] < 0:  # an alias first, then surnames: Coke Tapias
            indexes[0] = 0
        if all(a < b for a, b in zip(indexes, indexes[1:], strict=False)) and min(indexes) >= 0:
            return True
    return False


def _mapped(text: str, view: View, inner: Result) -> Result:
    """Return ``inner`` (found on ``view``) with its spans in ``text`` and the text rebuilt."""
    rows = [
        (start, end, 0, text[start:end], *row[4:])
        for row in inner._rows or []
        for start, end in [view.span(row[0], row[1])]
    ]
    for item in [*inner.reviews, *inner.decisions]:
        item.start, item.end = view.span(item.start, item.end)
        item.original = text[item.start : item.end]
    return Result(
        _rebuilt(text, rows), None, inner.reviews, inner.decisions, rows=rows, source=text
    )


def _rebuilt(text: str, rows: list[Row]) -> str:
    """Return ``text`` with each (sorted, not overlapping) row's span replaced by its text."""
    pieces: list[str] = []
    append = pieces.append
    last = 0
    for row in rows:
        append(text[last : row[0]])
        append(row[4])
        last = row[1]
    append(text[last:])
    return "".join(pieces)


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
            if orig.islower() and skeleton(orig) in CONNECTORS and skeleton(word) not in CONNECTORS:
                out.append(word)  # Bridges for Change -> Open Hands Network: not "hands"
            elif word.islower() and skeleton(word) in CONNECTORS and orig.istitle():
                out.append(word)  # and the other way round: Open Hands -> Bridges for
            else:
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


_FIRST = operator.itemgetter(0)
_TARGETS = operator.attrgetter("targets")
_ENTRY_OF = operator.itemgetter(6)
_GC_PAUSE_FROM = 100_000  # characters
_FAST_LIMIT = 200_000  # spellings remembered as plain names (accents, case of ñ...)
_GROUP_LIMIT = 100_000
_HYPHEN_JOIN = re.compile(r"(?<![\w-])([^\W\d_]+)-([^\W\d_]+)(?![\w-])")
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
