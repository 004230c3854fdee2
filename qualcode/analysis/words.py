"""Word frequencies: the most frequent words of the documents or of coded passages.

Counting rules (docs/report.md states them for readers):

* A word is a run of letters, with apostrophes inside it (``don't``,
  ``d’Artagnan``); digits, underscores and punctuation separate words, and so
  does a hyphen (``fair-design`` is two words).
* Words are compared without case or accents (:func:`word_key`, the same
  folding keyword auto-coding uses): ``Organización`` and ``organizacion`` are
  one word, shown as its most frequent spelling (all its spellings are in
  ``forms``). No stemming or lemmas: ``trust`` and ``trusted`` are two words.
* Speaker labels (``Clara:``, ``Interviewer:``) are not words of the text and
  are left out, as are the words of a stopword list (:func:`load_stopwords`).
* Without codes, every document body in scope is counted. With codes, only
  the passages retrieved for them (:func:`qualcode.analysis.quotes.retrieve`:
  each code with its descendants, current segments only); overlapping
  passages of one document are counted once (their union).
* ``percent`` is the word's share of the words counted in its group (after
  stopwords), one decimal; ``documents`` is the number of documents whose
  counted text holds the word, of ``documents_total`` with counted text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from qualcode.analysis.corpus import Corpus
from qualcode.codebook.tree import Codebook
from qualcode.coding.keywords import fold_text
from qualcode.errors import InvalidArgument, NotFound
from qualcode.models import Document
from qualcode.store.readers.turns import find_labels
from qualcode.table import Table

BUNDLED = ("en", "es")
"""The bundled stopword lists (function words only; see the files in ``analysis/stopwords``)."""
BY = ("document", "code")
"""What ``by`` may group the counts by."""
DEFAULT_TOP = 30
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
"""A word: letters, with apostrophes inside (``\\w`` less digits and underscore)."""


def word_key(word: str) -> str:
    """Return the form words are compared by: case-folded, Latin accents removed."""
    return fold_text(word.casefold())


def _parse_list(text: str) -> frozenset[str]:
    words = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(word_key(line))
    return frozenset(words)


def bundled_stopwords(name: str) -> frozenset[str]:
    """Return a bundled stopword list (``en`` or ``es``), folded with :func:`word_key`.

    Raises:
        InvalidArgument: an unknown list name.
    """
    if name not in BUNDLED:
        raise InvalidArgument(
            f"no bundled stopword list {name!r}",
            hint=f"use {', '.join(BUNDLED)}, none, or a file with one word per line",
        )
    text = resources.files("qualcode.analysis").joinpath("stopwords", f"{name}.txt")
    return _parse_list(text.read_text(encoding="utf-8"))


def read_stopwords(path: Path) -> frozenset[str]:
    """Return the words of a stopword file: UTF-8, one word per line, ``#`` starts a comment.

    Raises:
        NotFound: the file does not exist.
        InvalidArgument: it is not a readable UTF-8 text file.
    """
    if not path.is_file():
        raise NotFound(
            "stopword file not found",
            path=path,
            hint=f"give {', '.join(BUNDLED)}, none, or a file with one word per line",
        )
    try:
        return _parse_list(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgument(
            f"cannot read the stopword file: {exc.__class__.__name__}",
            path=path,
            hint="save it as UTF-8 text, one word per line",
        ) from None


def default_stopword_names(language: str | None) -> list[str]:
    """Return the lists used when none is named: the project's language (if bundled) and English.

    English is always included because interview notes and translations are
    so often in English; ``--stopwords none`` counts every word.
    """
    names = []
    language = (language or "").split("-")[0].split("_")[0].casefold()
    if language in BUNDLED and language != "en":
        names.append(language)
    names.append("en")
    return names


def load_stopwords(
    specs: Sequence[str], *, language: str | None = None, base: Path | None = None
) -> tuple[frozenset[str], list[str]]:
    """Return the stopwords named by ``specs`` and their names, for the notes.

    Args:
        specs: Each ``en``, ``es``, ``none`` (no stopwords; alone) or a file
            path (relative to ``base``, else the working directory). Empty:
            :func:`default_stopword_names` of ``language``.
        language: The project's ``language`` setting.
        base: Folder relative paths are read from.

    Returns:
        ``(folded words, names)``; names are list names or file names.

    Raises:
        InvalidArgument: ``none`` with another list, or an unreadable file.
        NotFound: a file that does not exist.
    """
    if not specs:
        specs = default_stopword_names(language)
    if "none" in specs:
        if len(specs) > 1:
            raise InvalidArgument(
                "--stopwords none goes alone", hint="leave out none, or the other lists"
            )
        return frozenset(), []
    words: set[str] = set()
    names = []
    for spec in specs:
        if spec in BUNDLED:
            words |= bundled_stopwords(spec)
            names.append(spec)
        else:
            path = Path(spec)
            if base is not None and not path.is_absolute():
                path = base / path
            words |= read_stopwords(path)
            names.append(path.name)
    return frozenset(words), names


@dataclass(frozen=True)
class WordCount:
    """One word's count (in one group, with ``by``).

    Attributes:
        word: The most frequent spelling (lower case) of the word.
        group: The ``by`` value (document id or code path), or None.
        count: Occurrences in the counted text.
        documents: Documents whose counted text holds it.
        forms: Every spelling seen (lower case), sorted.
    """

    word: str
    group: str | None
    count: int
    documents: int
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Words:
    """A word-frequency result.

    Attributes:
        rows: The top words of each group, most frequent first (ties in word order).
        by: ``document``, ``code`` or None.
        groups: The groups, in order (``[None]``-free: empty without ``by``).
        words_total: Words counted (after stopwords) per group (key None without ``by``).
        distinct_total: Distinct words per group (before ``top`` cut the rows).
        documents_total: Documents with counted text per group.
        codes: The code paths whose passages were counted (empty: whole documents).
        stopwords: The stopword lists used (names), empty for none.
        top: Rows kept per group (None: all).
    """

    rows: list[WordCount]
    by: str | None
    groups: list[str]
    words_total: dict[str | None, int]
    distinct_total: dict[str | None, int]
    documents_total: dict[str | None, int]
    codes: tuple[str, ...]
    stopwords: tuple[str, ...]
    top: int | None

    def percent(self, row: WordCount) -> float | None:
        """Return ``row``'s share of the words counted in its group, one decimal."""
        total = self.words_total.get(row.group, 0)
        return round(100.0 * row.count / total, 1) if total else None

    def notes(self) -> list[str]:
        """Return the lines that explain the table (what was counted, denominators)."""
        where = (
            "the passages coded with " + ", ".join(self.codes) + " (each with its descendants)"
            if self.codes
            else "the documents' text"
        )
        lists = ", ".join(self.stopwords) if self.stopwords else "none"
        lines = [
            f"Words of {where}; case and accents ignored; speaker labels and stopwords "
            f"({lists}) left out."
        ]
        if self.by is None:
            total = self.words_total.get(None, 0)
            docs = self.documents_total.get(None, 0)
            lines.append(
                f"percent: of the {total} words counted ({self.distinct_total.get(None, 0)} "
                f"distinct); documents: of the {docs} with counted text."
            )
        else:
            lines.append(
                f"percent: of the words counted in that {self.by}; documents: of those "
                f"with counted text in that {self.by}."
            )
        return lines

    def title(self) -> str:
        """Return the table's caption."""
        title = "Word frequency"
        if self.codes:
            title += ": " + ", ".join(self.codes)
        return title + (f" by {self.by}" if self.by else "")

    def table(self) -> Table:
        """Return the table: one row per word (and group).

        Columns: [``document`` or ``code``], ``word``, ``count``,
        ``words_total``, ``percent`` (one decimal), ``documents``,
        ``documents_total``, ``forms`` (list).
        """
        columns = [*([self.by] if self.by else []), "word", "count", "words_total", "percent"]
        columns += ["documents", "documents_total", "forms"]
        rows = [
            (
                *([r.group] if self.by else []),
                r.word,
                r.count,
                self.words_total.get(r.group, 0),
                self.percent(r),
                r.documents,
                self.documents_total.get(r.group, 0),
                list(r.forms),
            )
            for r in self.rows
        ]
        return Table(columns, rows, title=self.title(), notes=self.notes())

    def display_table(self) -> Table:
        """Return the table for people (terminal, Markdown).

        Columns: [the group], ``word``, ``count``, ``percent`` (``1.2%``) and
        ``documents`` (``12 of 14``).
        """
        columns = [*([self.by] if self.by else []), "word", "count", "percent", "documents"]
        rows = []
        for r in self.rows:
            pct = self.percent(r)
            rows.append(
                (
                    *([r.group] if self.by else []),
                    r.word,
                    r.count,
                    "" if pct is None else f"{pct:.1f}%",
                    f"{r.documents} of {self.documents_total.get(r.group, 0)}",
                )
            )
        return Table(columns, rows, title=self.title(), notes=self.notes())


def label_spans(doc: Document) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the body's speaker labels (0-based, end exclusive).

    Labels are found as citations find speaker turns
    (:func:`qualcode.store.readers.turns.find_labels`), knowing the
    participants and any ``speakers`` record of the front matter.
    """
    if ":" not in doc.body and "[" not in doc.body:
        return []
    speakers = doc.extra.get("speakers")
    known = [
        str(s["label"])
        for s in (speakers if isinstance(speakers, list) else [])
        if isinstance(s, Mapping) and s.get("label")
    ]
    _, spans = find_labels(doc.body, [*known, *doc.participants])
    return [(s.start, s.end) for s in spans]


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


class _Tally:
    """Counts of one group: occurrences, documents and spellings per folded word."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        self.stopwords = stopwords
        self.tokens: Counter[str] = Counter()  # spellings as written
        self.doc_counts: Counter[str] = Counter()  # documents per spelling's key
        self.documents: set[str] = set()
        self._keys: dict[str, str] = {}

    def key(self, token: str) -> str:
        key = self._keys.get(token)
        if key is None:
            key = self._keys[token] = word_key(token)
        return key

    def add(
        self,
        doc: Document,
        regions: Sequence[tuple[int, int]],
        labels: Sequence[tuple[int, int]],
    ) -> None:
        found: Counter[str] = Counter()
        for start, end in _minus(regions, labels):
            found.update(TOKEN.findall(doc.body, start, end))
        if regions:
            self.documents.add(doc.id)
        kept = {token: n for token, n in found.items() if self.key(token) not in self.stopwords}
        self.tokens.update(kept)
        self.doc_counts.update({self.key(token) for token in kept})

    @property
    def total(self) -> int:
        return sum(self.tokens.values())

    def rows(self, group: str | None, top: int | None) -> tuple[list[WordCount], int]:
        """Return the top rows and the number of distinct words."""
        counts: Counter[str] = Counter()
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for token, n in self.tokens.items():
            key = self.key(token)
            counts[key] += n
            forms[key][token.lower().replace("’", "'")] += n
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if top is not None:
            ranked = ranked[:top]
        rows = []
        for key, count in ranked:
            spellings = forms[key]
            shown = min(spellings, key=lambda f: (-spellings[f], word_key(f), f))
            rows.append(
                WordCount(shown, group, count, self.doc_counts[key], tuple(sorted(spellings)))
            )
        return rows, len(counts)


def _minus(
    regions: Sequence[tuple[int, int]], holes: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Return ``regions`` with the ``holes`` cut out (end-exclusive offsets; regions sorted)."""
    if not holes:
        return list(regions)
    holes = _union(holes)
    out = []
    starts = [a for a, _ in holes]
    for start, end in regions:
        at = max(0, bisect.bisect_right(starts, start) - 1)
        position = start
        while at < len(holes) and holes[at][0] < end:
            hole_start, hole_end = holes[at]
            if hole_end > position:
                if hole_start > position:
                    out.append((position, hole_start))
                position = max(position, hole_end)
            at += 1
        if position < end:
            out.append((position, end))
    return out


def count_words(
    corpus: Corpus,
    book: Codebook,
    *,
    codes: Sequence[str] = (),
    by: str | None = None,
    stopwords: frozenset[str] = frozenset(),
    stopword_names: Sequence[str] = (),
    top: int | None = DEFAULT_TOP,
    settings: Mapping[str, Any] | None = None,
) -> Words:
    """Count the words of the documents in scope, or of the passages coded with ``codes``.

    Args:
        corpus: The corpus in scope, loaded with text.
        book: The codebook (for descendants).
        codes: Code paths; empty counts whole documents. With ``by="code"``
            and no codes, the top-level codes.
        by: ``document`` (one group per document) or ``code`` (one group per
            code of ``codes``), or None.
        stopwords: Folded words to leave out (:func:`load_stopwords`).
        stopword_names: Their names, for the notes.
        top: Rows kept per group (None or 0: every word).
        settings: The project settings (passed to retrieval).

    Returns:
        The :class:`Words`.

    Raises:
        InvalidArgument: an unknown ``by``, or ``top`` below 0.
    """
    from qualcode.analysis.quotes import retrieve

    if by is not None and by not in BY:
        raise InvalidArgument(f"unknown --by {by!r}", hint="use document or code")
    if top is not None and top < 0:
        raise InvalidArgument("--top must be 0 or more", hint="0 shows every word")
    top = top or None
    chosen = list(codes)
    if by == "code" and not chosen:
        chosen = [c.path for c in book.roots()]

    def coded_regions(paths: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        found = retrieve(corpus, book, paths, settings=settings)
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for quote in found.quotes:
            spans[quote.document.id].append((quote.segment.start, quote.segment.end))
        return {doc_id: _union(s) for doc_id, s in spans.items()}

    # The text of each group: (group, {document id: regions}).
    plans: list[tuple[str | None, dict[str, list[tuple[int, int]]]]] = []
    if by == "code":
        plans = [(path, coded_regions([path])) for path in chosen]
    else:
        if chosen:
            regions = coded_regions(chosen)
        else:
            regions = {d.id: [(0, len(d.body))] for d in corpus.documents if d.body}
        if by == "document":
            plans = [(doc_id, {doc_id: regions[doc_id]}) for doc_id in sorted(regions)]
        else:
            plans = [(None, regions)]

    labels: dict[str, list[tuple[int, int]]] = {}
    rows: list[WordCount] = []
    words_total: dict[str | None, int] = {}
    distinct_total: dict[str | None, int] = {}
    documents_total: dict[str | None, int] = {}
    for group, regions in plans:
        counts = _Tally(stopwords)
        for doc_id in sorted(regions):
            doc = corpus.document(doc_id)
            if doc is None:  # pragma: no cover - retrieval returns the corpus's documents
                continue
            if doc_id not in labels:
                labels[doc_id] = label_spans(doc)
            counts.add(doc, regions[doc_id], labels[doc_id])
        kept, distinct = counts.rows(group, top)
        rows += kept
        words_total[group] = counts.total
        distinct_total[group] = distinct
        documents_total[group] = len(counts.documents)
    return Words(
        rows=rows,
        by=by,
        groups=[g for g, _ in plans if g is not None],
        words_total=words_total,
        distinct_total=distinct_total,
        documents_total=documents_total,
        codes=tuple(chosen),
        stopwords=tuple(stopword_names),
        top=top,
    )
