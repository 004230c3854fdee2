"""Retrieval: the coded passages of a code, with citations ready for a chapter.

``retrieve`` returns every current segment coded with a code or any of its
descendants, narrowed by overlap with other codes in the same document:

* ``and_codes``: keep a segment only if it overlaps (same document, spans
  sharing at least one character) a segment of each of these codes (a
  segment itself coded with one of them qualifies);
* ``or_codes``: also retrieve these codes' segments;
* ``not_codes``: drop a segment that overlaps a segment of any of these codes.

Each code includes its descendants. Citations follow the ``citation``
template in ``qualcode.yaml`` (default ``({participant} {date_mdy}, {kind})``
→ ``(Pancho 10/6/10, interview)``); see :func:`citation` for the fields.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from qualcode.analysis.corpus import Corpus
from qualcode.codebook.tree import Codebook
from qualcode.errors import InvalidData
from qualcode.models import Document, Segment, SpeakerTurn
from qualcode.store.readers.turns import clock, speaker_turns, time_at, turn_at
from qualcode.store.timings import read_times
from qualcode.table import Table

if TYPE_CHECKING:
    from qualcode.store.memos import Memo

DEFAULT_CITATION = "({participant} {date_mdy}, {kind})"
DEFAULT_TIMED_CITATION = "({participant} {date_mdy}, {kind}, {time})"
"""The default citation of a document with time points (a transcript of a recording)."""


def date_mdy(iso: str | None) -> str:
    """Return an ISO date as M/D/YY without leading zeros (``2010-10-06`` → ``10/6/10``).

    Returns ``n.d.`` (no date) for None or a value that is not ``YYYY-MM-DD``.
    """
    if not iso:
        return "n.d."
    try:
        year, month, day = (int(part) for part in iso.split("-"))
    except ValueError:
        return "n.d."
    return f"{month}/{day}/{year % 100:02d}"


def line_span(body: str, start: int, end: int) -> tuple[int, int]:
    """Return the 1-based first and last lines (inclusive) of ``body[start:end]``."""
    first = body.count("\n", 0, start) + 1
    last = first + body.count("\n", start, max(start, end - 1))
    return first, last


def lines_text(first: int, last: int) -> str:
    """Return ``"12"`` or ``"12-14"``."""
    return str(first) if first == last else f"{first}-{last}"


def document_turns(doc: Document) -> list[SpeakerTurn]:
    """Return the speaker turns of a document (see :mod:`qualcode.store.readers.turns`).

    Uses the ``speakers`` record of the front matter when the import wrote
    one; for older documents, a ``Name: ...`` label equal to a participant
    (ignoring case) is that participant's turn, as in meeting notes
    (``Economist: At the micro level ...``).
    """
    if ":" not in doc.body and "[" not in doc.body:
        return []
    speakers = doc.extra.get("speakers")
    record = [s for s in speakers if isinstance(s, dict)] if isinstance(speakers, list) else None
    return speaker_turns(doc.body, record, doc.participants)


def speaker_at(
    doc: Document, offset: int, turns: Sequence[SpeakerTurn] | None = None
) -> str | None:
    """Return the participant whose speaker turn holds ``offset``, if any.

    Args:
        doc: The document.
        offset: A 0-based character offset into the body.
        turns: The document's turns when already computed (:func:`document_turns`).

    Returns:
        The participant's pseudonym, or None outside any turn and in turns
        that are not a participant's (the interviewer's).
    """
    turn = turn_at(turns if turns is not None else document_turns(doc), offset)
    return turn.participant if turn is not None else None


def citation(
    template: str,
    doc: Document,
    *,
    lines: str = "",
    speaker: str | None = None,
    time: str | None = None,
) -> str:
    """Fill a citation template for a document.

    Fields: ``{participant}`` (the speaker when given — see
    :func:`speaker_at` — else the first participant, or the title when there
    is none), ``{participants}`` (all, comma-separated), ``{date}`` (ISO),
    ``{date_mdy}`` (M/D/YY, no leading zeros), ``{year}``, ``{kind}``,
    ``{title}``, ``{id}``, ``{lines}``, ``{time}`` (``HH:MM:SS`` of the passage
    in the recording, from the document's time sidecar; empty without one,
    and a ``, `` left before it is dropped), and every document attribute by name.

    Raises:
        InvalidData: the template names an unknown field or is malformed
            (the message names ``qualcode.yaml``).
    """
    fields: dict[str, Any] = {str(k): v for k, v in doc.attributes.items()}
    fields.update(
        participant=speaker or (doc.participants[0] if doc.participants else doc.title),
        participants=", ".join(doc.participants) if doc.participants else doc.title,
        date=doc.date or "n.d.",
        date_mdy=date_mdy(doc.date),
        year=(doc.date or "n.d.")[:4],
        kind=doc.kind,
        title=doc.title,
        id=doc.id,
        lines=lines,
        time=time or "",
    )
    try:
        text = template.format_map(fields)
    except KeyError as exc:
        raise InvalidData(
            f"the citation template names an unknown field {{{exc.args[0]}}}",
            path="qualcode.yaml",
            hint="use {participant}, {participants}, {date}, {date_mdy}, {year}, {kind}, "
            "{title}, {id}, {lines} or a document attribute",
        ) from None
    except (ValueError, IndexError, AttributeError) as exc:
        raise InvalidData(
            f"the citation template {template!r} is malformed: {exc}",
            path="qualcode.yaml",
            hint=f"for example: citation: '{DEFAULT_CITATION}'",
        ) from None
    text = " ".join(text.split())
    return re.sub(r",\s*(?=[)\]]|$)", "", text) if not time and "{time}" in template else text


@dataclass(frozen=True)
class Quote:
    """One retrieved segment.

    Attributes:
        segment: The coded segment (its ``text`` is the quotation).
        document: Its document.
        lines: 1-based first and last body lines, inclusive.
        citation: The filled citation template.
    """

    segment: Segment
    document: Document
    lines: tuple[int, int]
    citation: str


@dataclass(frozen=True)
class Passage:
    """One distinct retrieved passage: every segment with the same document, start and end.

    Attributes:
        document: Its document.
        start: 0-based code-point offset into the body.
        end: End offset, exclusive.
        lines: 1-based first and last body lines, inclusive.
        text: The passage.
        codes: The code paths of its segments, sorted, each once.
        coders: The coders of its segments, sorted, each once.
        citation: The filled citation template.
    """

    document: Document
    start: int
    end: int
    lines: tuple[int, int]
    text: str
    codes: list[str]
    coders: list[str]
    citation: str


def _passages(quotes: Sequence[Quote]) -> list[Passage]:
    passages: list[Passage] = []
    last: tuple[str, int, int] | None = None
    for q in quotes:
        key = (q.document.id, q.segment.start, q.segment.end)
        if key != last:
            passages.append(
                Passage(
                    q.document,
                    q.segment.start,
                    q.segment.end,
                    q.lines,
                    q.segment.text,
                    [],
                    [],
                    q.citation,
                )
            )
            last = key
        passage = passages[-1]
        if q.segment.code not in passage.codes:
            passage.codes.append(q.segment.code)
            passage.codes.sort()
        if q.segment.coder not in passage.coders:
            passage.coders.append(q.segment.coder)
            passage.coders.sort()
    return passages


@dataclass(frozen=True)
class Quotes:
    """A retrieval result.

    By default its rows are distinct passages (:class:`Passage`: the
    segments of several codes or coders on one span are one row); with
    ``each`` they are the segments themselves.

    Attributes:
        quotes: The quotes in (document, start, end, code, coder) order.
        codes: The code paths asked for (without descendants).
        stale: Stale segments of the retrieved codes left out.
        each: One row per segment instead of one per passage.
        total: Rows before :meth:`head` cut them (None: not cut).
        memos: When not None, the memos shown beside the quotes
            (:meth:`with_memos`): a ``memos`` column in the table, memo lines
            in Markdown.
    """

    quotes: list[Quote]
    codes: list[str]
    stale: int = 0
    each: bool = False
    total: int | None = None
    memos: tuple[Memo, ...] | None = None

    def with_memos(self, memos: Iterable[Memo], book: Codebook | None = None) -> Quotes:
        """Return the same result with the memos about its codes, documents and passages.

        Kept: memos about a retrieved code (or a code below it, with ``book``),
        about a document with a retrieved passage, or about a passage that
        overlaps one (coding memos included).
        """
        codes = set(self.codes)
        if book is not None:
            codes = {d for c in self.codes if c in book.codes for d in book.descendants(c)} | codes
        codes |= {q.segment.code for q in self.quotes}
        docs = {q.document.id for q in self.quotes}
        kept = tuple(
            m
            for m in memos
            if (m.code in codes and m.segment is None and m.document is None)
            or (m.document in docs)
            or (m.segment is not None and any(self._overlap(m, q) for q in self.quotes))
        )
        return replace(self, memos=kept)

    @staticmethod
    def _overlap(memo: Memo, quote: Quote) -> bool:
        seg = memo.segment
        if seg is None or seg.document != quote.document.id:
            return False
        if seg.coder is not None:  # a coding memo belongs to exactly its segment
            return (seg.start, seg.end, seg.code, seg.coder) == (
                quote.segment.start,
                quote.segment.end,
                quote.segment.code,
                quote.segment.coder,
            )
        return seg.start < quote.segment.end and quote.segment.start < seg.end

    def _memos_for(self, quotes: Sequence[Quote]) -> list[Memo]:
        """Return the memos about these quotes' passage or document (not code-wide ones)."""
        found = []
        for memo in self.memos or ():
            if (memo.document and memo.document == quotes[0].document.id) or any(
                self._overlap(memo, q) for q in quotes
            ):
                found.append(memo)
        return found

    def code_memos(self) -> list[Memo]:
        """Return the memos about the retrieved codes as a whole (no document or passage)."""
        return [m for m in self.memos or () if m.segment is None and m.document is None]

    def passages(self) -> list[Passage]:
        """Return the distinct passages, in (document, start, end) order."""
        return _passages(self.quotes)

    def per_segment(self, each: bool = True) -> Quotes:
        """Return the same result with one row per segment (``each``) or per passage."""
        return Quotes(self.quotes, self.codes, self.stale, each, self.total, self.memos)

    def _rows(self) -> int:
        return len(self.quotes) if self.each else len(self.passages())

    def head(self, count: int) -> Quotes:
        """Return the first ``count`` rows (segments with ``each``, else passages)."""
        total = self.total if self.total is not None else self._rows()
        if self.each:
            kept = self.quotes[:count]
        else:
            keys = {(p.document.id, p.start, p.end) for p in self.passages()[:count]}
            kept = [
                q for q in self.quotes if (q.document.id, q.segment.start, q.segment.end) in keys
            ]
        return Quotes(kept, self.codes, self.stale, self.each, total, self.memos)

    def notes(self) -> list[str]:
        """Return summary lines (how many rows of how many, documents, stale segments)."""
        docs = len({q.document.id for q in self.quotes})
        shown = self._rows()
        total = shown if self.total is None else self.total
        noun = "quote" if self.each else "passage"
        counted = f"{shown} of {total}" if total != shown else f"{shown}"
        head = f"{counted} {noun}{'s' if total != 1 else ''}"
        if not self.each and len(self.quotes) != shown:
            head += f" ({len(self.quotes)} segments; --each for one row per segment)"
        lines = [f"{head} from {docs} document{'s' if docs != 1 else ''}."]
        if self.stale:
            lines.append(
                f"{self.stale} stale segment{'s' if self.stale != 1 else ''} left out "
                "(the text changed since coding; run 'qualcode check')."
            )
        return lines

    def table(self) -> Table:
        """Return the quotes as a table.

        Columns: ``document``, ``code``, ``coder``, ``start``, ``end`` (0-based
        code points, end exclusive), ``lines`` (``"12"`` or ``"12-14"``,
        1-based inclusive), ``text``, ``citation``. Without ``each``, one row
        per passage: ``code`` and ``coder`` are the first of its sorted
        ``codes`` and ``coders``, two more columns at the end (lists).
        """
        title = f"Quotes: {', '.join(self.codes)}"
        if self.each:
            rows = [
                (
                    q.document.id,
                    q.segment.code,
                    q.segment.coder,
                    q.segment.start,
                    q.segment.end,
                    lines_text(*q.lines),
                    q.segment.text,
                    q.citation,
                )
                for q in self.quotes
            ]
            columns: tuple[str, ...] = (
                "document",
                "code",
                "coder",
                "start",
                "end",
                "lines",
                "text",
                "citation",
            )
            if self.memos is not None:
                columns += ("memos",)
                rows = [
                    (*row, [_memo_line(m) for m in self._memos_for([q])])
                    for row, q in zip(rows, self.quotes, strict=True)
                ]
            return Table(
                columns,
                rows,
                title=title,
                notes=self.notes(),
                terminal_columns=("document", "lines", "code", "text", "citation")
                + (("memos",) if self.memos is not None else ()),
            )
        rows = [
            (
                p.document.id,
                p.codes[0],
                p.coders[0],
                p.start,
                p.end,
                lines_text(*p.lines),
                p.text,
                p.citation,
                p.codes,
                p.coders,
            )
            for p in self.passages()
        ]
        names: tuple[str, ...] = (
            "document",
            "code",
            "coder",
            "start",
            "end",
            "lines",
            "text",
            "citation",
            "codes",
            "coders",
        )
        if self.memos is not None:
            names += ("memos",)
            groups = self._groups()
            rows = [
                (*row, [_memo_line(m) for m in self._memos_for(groups[(row[0], row[3], row[4])])])
                for row in rows
            ]
        return Table(
            names,
            rows,
            title=title,
            notes=self.notes(),
            terminal_columns=("document", "lines", "codes", "text", "citation")
            + (("memos",) if self.memos is not None else ()),
        )

    def _groups(self) -> dict[tuple[str, int, int], list[Quote]]:
        groups: dict[tuple[str, int, int], list[Quote]] = defaultdict(list)
        for q in self.quotes:
            groups[(q.document.id, q.segment.start, q.segment.end)].append(q)
        return groups

    def to_markdown(self) -> str:
        """Return the quotes as Markdown block quotes, each ending with its citation.

        Without ``each``, a passage lying wholly inside another retrieved
        passage of the same document is left out (the longer one quotes it).
        With memos (:meth:`with_memos`), the memos about the codes come first
        and each quote is followed by the memos about its passage or document.
        """
        groups = self._groups()
        if self.each:
            items = [(q.segment.text, q.citation, [q]) for q in self.quotes]
        else:
            passages = self.passages()
            items = [
                (p.text, p.citation, groups[(p.document.id, p.start, p.end)])
                for p in passages
                if not any(
                    o is not p
                    and o.document.id == p.document.id
                    and o.start <= p.start
                    and p.end <= o.end
                    and (o.end - o.start) > (p.end - p.start)
                    for o in passages
                )
            ]
        blocks = []
        if self.memos is not None:
            blocks += [
                f"**Memo: {m.title}** ({m.id})\n\n{m.body.strip()}" for m in self.code_memos()
            ]
        for text, cite, quotes in items:
            text_lines = text.strip("\n").split("\n")
            text_lines[-1] = f"{text_lines[-1]} {cite}"
            block = "\n".join(f"> {line}".rstrip() for line in text_lines)
            if self.memos is not None:
                block += "".join(f"\n\n*Memo:* {_memo_line(m)}" for m in self._memos_for(quotes))
            blocks.append(block)
        return "\n\n".join(blocks) + ("\n" if blocks else "")


def _memo_line(memo: Memo) -> str:
    """Return a memo as one line: its title, and its text when it says more than the title."""
    text = " ".join(memo.body.split())
    if not text or text == memo.title:
        return memo.title
    return f"{memo.title}: {text}" if memo.kind == "memo" else text


def _subtree(book: Codebook, path: str) -> set[str]:
    if path in book.codes:
        return set(book.descendants(path))
    return {path}


def _overlaps(seg: Segment, others: Sequence[Segment]) -> bool:
    return any(o.start < seg.end and seg.start < o.end for o in others)


def retrieve(
    corpus: Corpus,
    book: Codebook,
    codes: Iterable[str],
    *,
    and_codes: Iterable[str] = (),
    or_codes: Iterable[str] = (),
    not_codes: Iterable[str] = (),
    template: str | None = None,
    settings: Mapping[str, Any] | None = None,
    each: bool = False,
) -> Quotes:
    """Return the segments of ``codes`` (and descendants), narrowed by overlap.

    Args:
        corpus: The corpus (already filtered by documents and coder); it must
            be loaded with text.
        book: The codebook (for descendants).
        codes: Code paths to retrieve.
        and_codes: Keep segments overlapping a segment of each of these.
        or_codes: Also retrieve these codes.
        not_codes: Drop segments overlapping a segment of any of these.
        template: The citation template (default: ``settings["citation"]``,
            else :data:`DEFAULT_CITATION`).
        settings: The project settings (``qualcode.yaml``).
        each: Rows are segments rather than distinct passages.

    Returns:
        The :class:`Quotes`.

    Raises:
        InvalidData: a bad citation template.
    """
    asked = list(codes)
    wanted: set[str] = set()
    for path in [*asked, *or_codes]:
        wanted |= _subtree(book, path)
    and_sets = [_subtree(book, p) for p in and_codes]
    not_set: set[str] = set()
    for path in not_codes:
        not_set |= _subtree(book, path)
    if template is None:
        template = str((settings or {}).get("citation") or DEFAULT_CITATION)
    timed_default = template == DEFAULT_CITATION  # timed documents add {time}

    by_doc: dict[str, list[Segment]] = defaultdict(list)
    for seg in corpus.segments:
        by_doc[seg.document].append(seg)
    quotes: list[Quote] = []
    cited: dict[tuple[str, str], str] = {}
    for doc_id, segs in by_doc.items():
        doc = corpus.document(doc_id)
        if doc is None:  # pragma: no cover - the corpus keeps segments of documents
            continue
        hits = [s for s in segs if s.code in wanted]
        if not hits:
            continue
        for codes_needed in and_sets:
            partners = [s for s in segs if s.code in codes_needed]
            hits = [s for s in hits if _overlaps(s, partners)]
        if not_set:
            excluded = [s for s in segs if s.code in not_set]
            hits = [s for s in hits if not _overlaps(s, excluded)]
        turns = document_turns(doc)
        times = read_times(doc.path)
        doc_template = DEFAULT_TIMED_CITATION if times and timed_default else template
        for seg in hits:
            first, last = line_span(doc.body, seg.start, seg.end)
            lines = lines_text(first, last)
            speaker = speaker_at(doc, seg.start, turns)
            moment = time_at(times, seg.start)
            stamp = clock(moment) if moment is not None else None
            if "{lines}" in doc_template or "{time}" in doc_template:
                cite = citation(doc_template, doc, lines=lines, speaker=speaker, time=stamp)
            else:
                key = (doc.id, speaker or "")
                if key not in cited:
                    cited[key] = citation(doc_template, doc, speaker=speaker)
                cite = cited[key]
            quotes.append(Quote(seg, doc, (first, last), cite))
    stale = sum(1 for s in corpus.stale if s.code in wanted)
    return Quotes(quotes, asked + list(or_codes), stale, each)
