"""The replacement engine: one pass over the original text, never chained replacements.

How a text is pseudonymised (:meth:`Pseudonymiser.pseudonymise`):

1. The text is put in Unicode NFC (as ``import`` does), so ``Joaqui`` + U+0301
   + ``n`` and ``Joaquín`` are the same; nothing else is changed.
2. Personal data found by pattern (:mod:`qualcode.pseudonymise.patterns`)
   becomes numbered placeholders first, and is masked so no name is matched
   inside an e-mail or URL.
3. Every registered name, alias, name part and ``keep:`` phrase goes into one
   compiled regular expression (a trie, so matching time does not grow with
   the number of names) over a lower-cased copy of the text of the same
   length; letters match their accented forms, and the spaces of a
   multi-word name match any run of spaces, line breaks or hyphens. A match
   is a whole word (Unicode-aware); the longest match wins; a ``keep:`` match
   is never touched.
4. A name part that is also an ordinary word (``Rosa``, ``Paz``, see
   :data:`~qualcode.pseudonymise.names.COMMON_NAME_WORDS` and ``common_word:``)
   counts only when capitalised, unless it is part of a full name of two or
   more parts (``rosa paz``) or the text is a slug (:meth:`Pseudonymiser.slug`:
   ids, file names, titles made from file names), where case never matters.
5. Fuzzy: a capitalised word within one edit (optimal string alignment
   distance, so a transposition is one edit; rapidfuzz ``OSA``) of a
   registered single-word name or alias of 7 or more letters (the typed word
   may have 6: ``Joaqín``), which is not itself registered, a pseudonym or
   kept, is replaced (``fuzzy = "replace"``) or listed for review
   (``"review"``). In a multi-word name (an organisation) each word of 7+
   letters may be one edit off; the whole name is then one fuzzy match.
6. Adjacent mentions of one person (``Rosita Quispe``, ``Quispe-Mamani``,
   ``Francisco`` newline ``Soto``) become one pseudonym; the case pattern of
   the original is copied (``JOAQUÍN`` -> ``MARTÍN``, ``joaco`` -> ``tincho``)
   unless the pseudonym is a code such as ``P12``; the separators of the
   original are kept when the pseudonym has as many parts, and otherwise its
   line breaks are kept after it so line numbers never move.

Replacing twice gives the same text as replacing once: pseudonyms may not
fold to any registered name (see :func:`~qualcode.pseudonymise.key.validate`)
and are excluded from fuzzy matching.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from qualcode.pseudonymise.key import Entry, Key
from qualcode.pseudonymise.name_pattern import (
    MASK,
    NAME_GAP,
    SEPARATORS,
    WORD_CHARS,
    lookup_key,
    trie_pattern,
)
from qualcode.pseudonymise.names import GIVEN_NAMES
from qualcode.pseudonymise.patterns import PatternMatch, find_patterns
from qualcode.pseudonymise.text import (
    PARTICLES,
    apply_case,
    case_pattern,
    lower_same_length,
    skeleton,
    tokens,
)

FUZZY_MODES = ("replace", "review", "off")
FUZZY_MIN_LETTERS = 7
KINDS = ("exact", "alias", "fuzzy", "pattern")


@dataclass(frozen=True)
class Target:
    """What a registered name (a lookup key) stands for.

    Attributes:
        entry: The entry id.
        form: The pseudonym form that replaces it.
        kind: ``exact`` (the real name or one of its parts) or ``alias``.
        rank: 0 for the full name or an explicit alias, 1 for a name part.
        common: Parts (skeletons) that count only when capitalised.
    """

    entry: str
    form: str
    kind: str
    rank: int
    common: frozenset[str]


@dataclass(slots=True)
class Replacement:
    """One replaced (or reviewed) mention.

    Attributes:
        start: 0-based offset in the NFC input.
        end: Exclusive end offset.
        line: 1-based line of ``start``.
        original: The text replaced (personal data: show only with ``--reveal``).
        text: What replaced it.
        kind: ``exact``, ``alias``, ``fuzzy`` or ``pattern``.
        entry: The entry id (None for a pattern).
        label: The pseudonym (or placeholder type such as ``EMAIL``) for reports.
        matched: The registered name a fuzzy mention resembles (personal data).
        note: A warning, e.g. an invalid RUT check digit.
    """

    start: int
    end: int
    line: int
    original: str
    text: str
    kind: str
    entry: str | None
    label: str
    matched: str = ""
    note: str = ""


@dataclass
class Result:
    """The outcome of pseudonymising one text.

    Attributes:
        text: The pseudonymised text.
        replacements: What was replaced, in text order.
        reviews: Mentions left unchanged for review (fuzzy review mode, names
            split by a hyphen across lines when not joining).
    """

    text: str
    replacements: list[Replacement] = field(default_factory=list)
    reviews: list[Replacement] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Warnings about replacements (line: note), without personal data."""
        return [f"line {r.line}: {r.text}: {r.note}" for r in self.replacements if r.note]


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    targets: list[Target]
    fuzzy: str = ""  # the registered name a fuzzy hit resembles


class Pseudonymiser:
    """Replace the people and personal data of a key in texts.

    Args:
        key: The key (its placeholder numbering is extended as new values appear).
        fuzzy: ``replace`` (default), ``review`` (leave and list) or ``off``.
        join_hyphens: Treat ``Fran-`` + line break + ``cisco`` as one word.

    Example:
        >>> from qualcode.pseudonymise.key import parse_key
        >>> key = parse_key({"people": {"P02": {"real": "Joaquín Pérez", "pseudonym": "Martín Díaz"}}})
        >>> Pseudonymiser(key).pseudonymise("JOAQUIN dijo: joaquín pérez.").text
        'MARTÍN dijo: martín díaz.'
    """

    def __init__(self, key: Key, *, fuzzy: str = "replace", join_hyphens: bool = False) -> None:
        if fuzzy not in FUZZY_MODES:
            raise ValueError(f"fuzzy must be one of {FUZZY_MODES}")
        self.key = key
        self.fuzzy = fuzzy
        self.join_hyphens = join_hyphens
        self.entries: dict[str, Entry] = {e.id: e for e in key.entries}
        self._targets: dict[str, list[Target]] = {}
        self._keep: set[str] = set()
        for entry in key.entries:
            common = entry.common_parts()
            self._add(skeleton(entry.real), entry, entry.label, "exact", 0, common)
            for alias, form in entry.alias_forms().items():
                self._add(skeleton(alias), entry, form, "alias", 0, common)
            for part, form in entry.part_forms().items():
                if part not in PARTICLES:
                    self._add(part, entry, form, "exact", 1, common)
        for phrase in key.keep:
            folded = skeleton(phrase)
            if folded:
                self._keep.add(folded)
        for targets in self._targets.values():
            targets.sort(key=lambda t: (t.rank, t.entry))
        self._case_sensitive = {k for k, ts in self._targets.items() if any(t.common for t in ts)}
        keys = sorted(set(self._targets) | self._keep)
        self._regex = (
            re.compile(rf"(?<![{WORD_CHARS}])" + trie_pattern(keys) + rf"(?![{WORD_CHARS}])")
            if keys
            else None
        )
        self._pseudonym_words = {
            skeleton(t) for e in key.entries for f in e.pseudonym_forms() for t in tokens(f)
        }
        self._keep_words = {w for k in self._keep for w in k.split()}
        self._fuzzy_names: dict[str, list[str]] = {}
        for name in self._targets:
            if " " not in name and len(name) >= FUZZY_MIN_LETTERS:
                for variant in _deletions(name):
                    self._fuzzy_names.setdefault(variant, []).append(name)
        self._fuzzy_cache: dict[str, str | None] = {}
        # multi-word names (organisations): each word of 7+ letters may be misspelt
        self._phrase_words: dict[str, list[tuple[str, int]]] = {}
        for name in self._targets:
            words = name.split()
            if len(words) > 1:
                for index, word in enumerate(words):
                    # a word that is a name itself (a person's part) has its own fuzzy match
                    if len(word) >= FUZZY_MIN_LETTERS and word not in self._targets:
                        for variant in _deletions(word):
                            self._phrase_words.setdefault(variant, []).append((name, index))
        self._phrase_cache: dict[str, list[tuple[str, int]]] = {}

    def _add(
        self, folded: str, entry: Entry, form: str, kind: str, rank: int, common: set[str]
    ) -> None:
        if not folded:
            return
        targets = self._targets.setdefault(folded, [])
        if any(t.entry == entry.id for t in targets):
            return
        needed = frozenset(w for w in folded.split() if w in common)
        targets.append(Target(entry.id, form, kind, rank, needed))

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
            The new text and what was replaced.
        """
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        low = lower_same_length(text).replace("_", " ")  # 'rosa_paz' is two words
        replacements: list[Replacement] = []
        reviews: list[Replacement] = []
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
                self._replacement(
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

        hits: list[_Hit] = []
        if "-\n" in text or re.search(r"-[ \t]+\n", text):
            for hit in self._hyphenated(text):
                if self.join_hyphens:
                    hits.append(hit)
                    masked.append((hit.start, hit.end))
                else:
                    target = hit.targets[0]
                    reviews.append(
                        self._replacement(
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
        hits.extend(self._find_names(text, low, keeps, slug))
        if self.fuzzy != "off":
            fuzzy_hits = self._find_fuzzy(plain, low, keeps, slug)
            phrase_spans = [(h.start, h.end) for h in fuzzy_hits if " " in h.fuzzy]
            if phrase_spans:  # a misspelt organisation owns the names inside it
                hits = [
                    h for h in hits if not any(a < h.end and h.start < b for a, b in phrase_spans)
                ]
            for hit in fuzzy_hits:
                if self.fuzzy == "replace":
                    hits.append(hit)
                else:
                    target = hit.targets[0]
                    reviews.append(
                        self._replacement(
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
        hits.sort(key=lambda h: h.start)
        replacements.extend(self._merge(text, hits))
        replacements = _with_lines(text, sorted(replacements, key=lambda r: r.start))
        pieces, last = [], 0
        for rep in replacements:
            pieces.append(text[last : rep.start])
            pieces.append(rep.text)
            last = rep.end
        pieces.append(text[last:])
        reviews = _with_lines(text, sorted(reviews, key=lambda r: r.start))
        return Result("".join(pieces), replacements, reviews)

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

    # -- matching -----------------------------------------------------------------------

    def _find_names(
        self, text: str, low: str, keeps: list[tuple[int, int]], slug: bool = False
    ) -> list[_Hit]:
        regex = self._regex
        if regex is None:
            return []
        hits: list[_Hit] = []
        pos = 0
        search = regex.search
        targets_of = self._targets
        while True:
            match = search(low, pos)
            if match is None:
                break
            start, end = match.span()
            while True:
                fragment = low[start:end]
                folded = fragment if fragment in targets_of else lookup_key(fragment)
                if folded in self._keep:
                    keeps.append((start, end))
                    pos = end
                    break
                targets = targets_of.get(folded)
                if targets is not None:
                    chosen = (
                        targets if slug else self._capitalised(text, start, end, folded, targets)
                    )
                    if chosen:
                        hits.append(_Hit(start, end, chosen))
                        pos = end
                        break
                # rejected: try the longest shorter match at the same place
                cut = _last_token_start(low, start, end)
                shorter = regex.match(low, start, cut) if cut is not None else None
                if shorter is None or shorter.end() <= start:
                    first = _first_token_end(low, start, end)
                    pos = max(first, start + 1)
                    break
                end = shorter.end()
        return hits

    def _capitalised(
        self, text: str, start: int, end: int, folded: str, targets: list[Target]
    ) -> list[Target]:
        if folded not in self._case_sensitive:
            return targets
        folded_words = folded.split()
        if len(folded_words) > 1:
            # a full name (two or more parts of one person) is a name in any case
            return targets
        words = [w for w in SEPARATORS.split(text[start:end]) if w and not SEPARATORS.fullmatch(w)]
        lower_common = {f for f, w in zip(folded_words, words, strict=False) if not w[:1].isupper()}
        return [t for t in targets if not (t.common & lower_common)]

    def _find_fuzzy(
        self, text: str, low: str, keeps: list[tuple[int, int]], slug: bool = False
    ) -> list[_Hit]:
        if not self._fuzzy_names and not self._phrase_words:
            return []
        candidates: dict[str, str] = {}
        phrases: dict[str, list[tuple[str, int]]] = {}
        for word in set((_ANY_WORD if slug else _CAPITALISED).findall(text)):
            found = self._fuzzy_match(word)
            if found is not None:
                candidates[word] = found
            in_phrases = self._phrase_match(word)
            if in_phrases:
                phrases[word] = in_phrases
        if not candidates and not phrases:
            return []
        pattern = re.compile(
            rf"(?<![{WORD_CHARS}])(?:"
            + "|".join(re.escape(w) for w in sorted({*candidates, *phrases}, key=len, reverse=True))
            + rf")(?![{WORD_CHARS}])"
        )
        keep_starts = [k[0] for k in keeps]
        hits: list[_Hit] = []
        for match in pattern.finditer(text):
            start, end = match.span()
            if hits and start < hits[-1].end:
                continue
            if MASK in low[start:end]:
                continue
            index = bisect.bisect_right(keep_starts, start) - 1
            if index >= 0 and keeps[index][1] > start:
                continue
            word = match.group()
            phrase_hit = None
            for phrase, position in phrases.get(word, ()):
                phrase_hit = self._phrase_at(text, low, start, end, phrase, position)
                if phrase_hit is not None:
                    break
            if phrase_hit is not None:
                hits.append(phrase_hit)
                continue
            name = candidates.get(word)
            if name is not None:
                hits.append(_Hit(start, end, self._targets[name], fuzzy=name))
        return hits

    def _phrase_match(self, word: str) -> list[tuple[str, int]]:
        """Return the (multi-word name, word index) pairs ``word`` is within one edit of."""
        cached = self._phrase_cache.get(word)
        if cached is not None:
            return cached
        from rapidfuzz.distance import OSA

        folded = skeleton(word)
        found = sorted(
            {
                (name, index)
                for variant in _deletions(folded)
                for name, index in self._phrase_words.get(variant, ())
                if OSA.distance(folded, name.split()[index], score_cutoff=1) <= 1
            }
        )
        self._phrase_cache[word] = found
        return found

    def _phrase_at(
        self, text: str, low: str, start: int, end: int, phrase: str, position: int
    ) -> _Hit | None:
        """Return a fuzzy hit for ``phrase`` around the word at ``start:end`` (word ``position``).

        Every word of the phrase must be there, each equal (folded) or, when
        the registered word has 7+ letters, within one edit; at least one
        must differ (an exact phrase is an ordinary match).
        """
        from rapidfuzz.distance import OSA

        words = phrase.split()
        begin, finish = start, end
        typed = [skeleton(text[start:end])]
        for _ in range(position):
            found = _PREVIOUS_WORD.search(text, max(0, begin - 60), begin)
            if found is None:
                return None
            begin = found.start(1)
            typed.insert(0, skeleton(found.group(1)))
        for _ in range(len(words) - position - 1):
            found = _NEXT_WORD.match(text, finish)
            if found is None:
                return None
            finish = found.end(1)
            typed.append(skeleton(found.group(1)))
        if MASK in low[begin:finish] or typed == words:
            return None
        for got, want in zip(typed, words, strict=True):
            if got != want and (
                len(want) < FUZZY_MIN_LETTERS or OSA.distance(got, want, score_cutoff=1) > 1
            ):
                return None
        return _Hit(begin, finish, self._targets[phrase], fuzzy=phrase)

    def _fuzzy_match(self, word: str) -> str | None:
        if word in self._fuzzy_cache:
            return self._fuzzy_cache[word]
        from rapidfuzz.distance import OSA

        if word.lower() in self._targets:
            self._fuzzy_cache[word] = None
            return None
        folded = skeleton(word)
        result = None
        if (
            folded not in self._targets
            and folded not in self._pseudonym_words
            and folded not in self._keep_words
            and folded not in self._keep
            and folded not in GIVEN_NAMES
        ):
            names = sorted({n for v in _deletions(folded) for n in self._fuzzy_names.get(v, ())})
            for name in names:
                if OSA.distance(folded, name, score_cutoff=1) <= 1:
                    result = name
                    break
        self._fuzzy_cache[word] = result
        return result

    def _hyphenated(self, text: str) -> list[_Hit]:
        hits = []
        for match in _HYPHEN_BREAK.finditer(text):
            joined = skeleton(match.group(1) + match.group(2))
            targets = self._targets.get(joined)
            if targets is None and self._fuzzy_names and self.fuzzy != "off":
                name = self._fuzzy_match(match.group(1) + match.group(2))
                targets = self._targets.get(name) if name else None
            if targets:
                hits.append(_Hit(match.start(), match.end(), targets))
        return hits

    # -- merging and shaping ------------------------------------------------------------

    def _merge(self, text: str, hits: list[_Hit]) -> list[Replacement]:
        result: list[Replacement] = []
        index = 0
        count = len(hits)
        while index < count:
            first = hits[index]
            index += 1
            if index >= count or hits[index].start - first.end > 12:
                result.append(self._group_replacement(text, [first], set()))
                continue
            group = [first]
            people = {t.entry for t in first.targets}
            while index < count:
                nxt = hits[index]
                if nxt.start - group[-1].end > 12:
                    break
                gap = text[group[-1].end : nxt.start]
                if not gap or not NAME_GAP.match(gap):
                    break
                common = people & {t.entry for t in nxt.targets}
                if not common:
                    break
                people = common
                group.append(nxt)
                index += 1
            result.append(self._group_replacement(text, group, people))
        return result

    def _group_replacement(self, text: str, group: list[_Hit], people: set[str]) -> Replacement:
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
            return (sum(_best(h, entry_id).rank for h in group), entry_id)

        entry_id = min(people, key=score)
        chosen = [_best(h, entry_id) for h in group]
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
        shaped = shape(text[start:end], " ".join(forms))
        matched = " ".join(h.fuzzy for h in group if h.fuzzy)
        return self._replacement(
            text, start, end, shaped, kind, entry_id, self.entries[entry_id].label, matched=matched
        )

    def _replacement(
        self,
        text: str,
        start: int,
        end: int,
        new: str,
        kind: str,
        entry: str | None,
        label: str,
        *,
        note: str = "",
        matched: str = "",
    ) -> Replacement:
        return Replacement(start, end, 0, text[start:end], new, kind, entry, label, matched, note)


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
        for lo, hi in windows:
            for m in find_patterns(current[lo:hi], kinds):
                new.append(PatternMatch(m.start + lo, m.end + lo, m.kind, m.value, m.valid))
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


def _best(hit: _Hit, entry_id: str) -> Target:
    return next(t for t in hit.targets if t.entry == entry_id)


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


def _deletions(word: str) -> set[str]:
    """Return ``word`` and every string one deletion away (symmetric-delete fuzzy index)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
# a typed word one deletion shorter than a 7-letter registered name can be its misspelling
_CAPITALISED = re.compile(
    rf"[{_UPPER}](?<![{WORD_CHARS}].)[^\W\d_]{{{FUZZY_MIN_LETTERS - 2},}}(?![{WORD_CHARS}])"
)
_ANY_WORD = re.compile(
    rf"(?<![{WORD_CHARS}])[^\W\d_]{{{FUZZY_MIN_LETTERS - 1},}}(?![{WORD_CHARS}])"
)
_PREVIOUS_WORD = re.compile(r"(?<![\w\u0300-\u036f])([^\W\d_]+)[ \t\n\xa0\-]+\Z")
_NEXT_WORD = re.compile(r"[ \t\n\xa0\-]+([^\W\d_]+)(?![\w\u0300-\u036f])")
_HYPHEN_BREAK = re.compile(
    rf"(?<![{WORD_CHARS}])([^\W\d_]+)-[ \t]*\n[ \t]*([^\W\d_]+)(?![{WORD_CHARS}])"
)


__all__ = ["FUZZY_MODES", "KINDS", "Pseudonymiser", "Replacement", "Result", "Target", "shape"]
