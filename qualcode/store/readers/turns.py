"""Speaker turns and time marks in transcript text.

A transcript's body marks who speaks with a label at the start of a line.
:func:`find_labels` recognises these styles (the first that fits wins):

* **Zoom chat** export: ``HH:MM:SS<TAB>Name:<TAB>text``, one message per line;
  a message ``Reacted to "..." with 👍`` (or ``Removed a 👍 reaction from
  "..."``) is a *reaction*, not speech;
* **bracketed ids**: ``[id1] text`` (QualCoder), ``[P3] text``;
* **name labels**: ``E: text``, ``G: text``, ``Clara: text``,
  ``Entrevistadora: text``, ``Interviewer: text``, the ``Name: text``
  paragraphs the subtitle reader writes, optionally after a time mark
  (``[00:12:31] E: ...``). A label counts when it is a known interviewer
  word (:data:`INTERVIEWER_LABELS`), a known speaker, or starts two lines or
  more, so a lone ``Nota: ...`` line in field notes is not a turn.

A turn runs from the start of its label's line to the start of the next
label's line, or of a paragraph opening with another ``Word:`` (``Note:``),
trailing whitespace excluded. In meeting notes and field notes a turn is its
label's paragraph only (the front matter's ``turns: paragraph``, the default
of kinds ``meeting`` and ``fieldnote``): the paragraphs between quoted turns
are the researcher's narration, nobody's speech. ``turns: continue`` (the
default of ``interview`` and ``conversation``) lets an answer run over
several paragraphs until the next label. Time marks ``[hh:mm:ss]``,
``[mm:ss]`` and Rev-style ``[inaudible 00:00:52]`` anywhere in the text are
time points (:func:`time_marks`).

The data model, :class:`~qualcode.models.SpeakerTurn`, is what citations and
counting by speaker use; :func:`speaker_turns` builds it from a body and
the ``speakers`` record of a document's front matter, :func:`document_turns`
from a document. The two rules built on it (docs/counting.md):

* **citation** (:func:`voice_at`): a passage is cited as the speaker of the
  turn where it starts: a participant by pseudonym, an interviewer or
  another speaker who is not a participant by the label as written
  (``Entrevistadora``); a passage outside every turn has no speaker and is
  cited by its document (``(Network Meeting 9/9/10)``);
* **counting** (:func:`participants_in`): a participant is counted for a
  coded passage when the passage holds text of one of their turns (a
  passage over two turns counts for both speakers); the interviewer's turns,
  chat reactions and narration count for nobody.

A document with no turns at all whose kind is ``interview`` or
``conversation`` and which has exactly one participant is that
participant's throughout (notes of a talk, a written answer):
:func:`sole_participant`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from qualcode.models import Document, SpeakerTurn

INTERVIEWER_LABELS = frozenset(
    {
        "e", "i", "q", "int", "entrevistador", "entrevistadora", "entrevistadores",
        "interviewer", "interviewers", "moderator", "moderador", "moderadora",
        "facilitator", "facilitador", "facilitadora", "researcher", "investigador",
        "investigadora", "interviewerin", "enquêteur", "enquêtrice",
    }
)  # fmt: skip
"""Labels (folded) of the interviewer or researcher: their turns are not a participant's."""

INTERVIEWER_ROLES = frozenset({"interviewer", "moderator", "facilitator", "researcher"})
"""Roles of a ``speakers`` record whose turns are the research team's, not a participant's."""

TURN_MODES = ("paragraph", "continue")
"""Values of the front matter's ``turns``: a turn is one paragraph, or runs to the next label."""

_PARAGRAPH_KINDS = frozenset({"meeting", "fieldnote"})
_SOLE_SPEAKER_KINDS = frozenset({"interview", "conversation"})

_STAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_ZOOM_CHAT = re.compile(r"^(\d{1,2}:\d{2}:\d{2})\t([^\t\n]{1,80}?):\t", re.MULTILINE)
_REACTION = re.compile(r"^(?:Reacted to |Removed a .{1,12} reaction from )")
_BRACKET_ID = re.compile(r"^\[([A-Za-z][A-Za-z0-9_.-]{0,15})\][ \t]+(?=\S)", re.MULTILINE)
_NAME_LABEL = re.compile(
    rf"^(?:\[{_STAMP}\][ \t]*)?([^\W\d_][\w.'’\- ]{{0,40}}?):[ \t]+(?=\S)", re.MULTILINE
)
TIME_MARK = re.compile(rf"\[(?:[^\[\]\n]{{0,40}}?[ \t])?({_STAMP})\]")
"""A time mark in text: ``[00:12:31]``, ``[12:31]``, ``[inaudible 00:00:52]``."""


@dataclass(frozen=True)
class LabelSpan:
    """One speaker label found in a body.

    Attributes:
        label: The label as written (``Clara``, ``E``, ``id1``).
        line_start: 0-based offset of the start of its line (the turn starts here).
        start: 0-based offset of the label's first character.
        end: Offset one past its last character (exclusive; the ``:`` or ``]`` follows).
        seconds: The time of a chat line, else None.
        kind: ``speech`` or ``reaction`` (a chat reaction).
    """

    label: str
    line_start: int
    start: int
    end: int
    seconds: float | None = None
    kind: str = "speech"


def seconds(stamp: str) -> float:
    """Return ``hh:mm:ss[.mmm]`` or ``mm:ss`` as seconds."""
    total = 0.0
    for part in stamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def clock(value: float) -> str:
    """Return seconds as ``HH:MM:SS`` (whole seconds, rounded down)."""
    whole = int(value)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def fold_label(label: str) -> str:
    """Return a label folded for comparison: lower case, single spaces."""
    return " ".join(label.casefold().split())


def is_interviewer(label: str) -> bool:
    """Return True when ``label`` names the interviewer or researcher (:data:`INTERVIEWER_LABELS`)."""
    return fold_label(label) in INTERVIEWER_LABELS


def _lines(body: str) -> int:
    return sum(1 for line in body.split("\n") if line.strip())


def find_labels(body: str, known: Iterable[str] = ()) -> tuple[str, list[LabelSpan]]:
    """Return the style of speaker labels in ``body`` and every label, in order.

    Args:
        body: The text (``\\n`` line ends).
        known: Labels known to be speakers (a document's participants or
            recorded speakers): they count even when they start one line only.

    Returns:
        ``(style, spans)``: style ``zoom-chat``, ``bracket-id``, ``name`` or
        ``none`` (no turns; spans empty).
    """
    chat = list(_ZOOM_CHAT.finditer(body))
    if chat and len(chat) * 2 >= _lines(body):
        spans = []
        for m in chat:
            rest = body[m.end() : body.find("\n", m.end()) if "\n" in body[m.end() :] else None]
            kind = "reaction" if _REACTION.match(rest) else "speech"
            spans.append(
                LabelSpan(m.group(2), m.start(), m.start(2), m.end(2), seconds(m.group(1)), kind)
            )
        return "zoom-chat", spans
    ids = [m for m in _BRACKET_ID.finditer(body) if not re.fullmatch(_STAMP, m.group(1))]
    if len(ids) >= 2:
        return "bracket-id", [LabelSpan(m.group(1), m.start(), m.start(1), m.end(1)) for m in ids]
    known_folded = {fold_label(k) for k in known}
    found = [
        m
        for m in _NAME_LABEL.finditer(body)
        if len(m.group(1).split()) <= 4 and not m.group(1).endswith(" ")
    ]
    counts = Counter(fold_label(m.group(1)) for m in found)
    kept = [
        m
        for m in found
        if counts[fold_label(m.group(1))] >= 2
        or fold_label(m.group(1)) in known_folded
        or is_interviewer(m.group(1))
    ]
    if not kept or (len(kept) < 2 and not known_folded):
        return "none", []
    return "name", [LabelSpan(m.group(1), m.start(), m.start(1), m.end(1)) for m in kept]


def time_marks(body: str) -> list[tuple[int, float]]:
    """Return ``(offset, seconds)`` for every time mark in ``body`` (offset of its ``[``)."""
    return [(m.start(), seconds(m.group(1))) for m in TIME_MARK.finditer(body)]


def other_labels(body: str, spans: Sequence[LabelSpan]) -> list[int]:
    """Return the line starts of paragraphs opening with a ``Word:`` that is not a speaker.

    ``Note: ...`` or ``Nota: ...`` after a turn is the researcher's, not the
    speaker's: a turn ends there.
    """
    taken = {s.line_start for s in spans}
    return [
        m.start()
        for m in _NAME_LABEL.finditer(body)
        if m.start() not in taken
        and (m.start() == 0 or body[max(0, m.start() - 2) : m.start()] == "\n\n")
    ]


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def turn_bounds(
    body: str, spans: Sequence[LabelSpan], stops: Sequence[int] = (), *, paragraph: bool = False
) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each span's turn: its line start to the next turn's, stripped.

    A turn also ends at any of ``stops`` (line starts, see :func:`other_labels`)
    and, with ``paragraph``, at the end of its label's paragraph (a blank line).
    """
    from bisect import bisect_right

    ordered = sorted(stops)
    bounds = []
    for index, span in enumerate(spans):
        stop = spans[index + 1].line_start if index + 1 < len(spans) else len(body)
        after = bisect_right(ordered, span.line_start)
        if after < len(ordered):
            stop = min(stop, ordered[after])
        if paragraph:
            blank = _BLANK_LINE.search(body, span.line_start, stop)
            if blank is not None:
                stop = blank.start()
        end = stop
        while end > span.line_start and body[end - 1].isspace():
            end -= 1
        bounds.append((span.line_start, end))
    return bounds


def speaker_turns(
    body: str,
    speakers: Sequence[Mapping[str, object]] | None = None,
    participants: Sequence[str] = (),
    *,
    paragraph: bool = False,
) -> list[SpeakerTurn]:
    """Return the speaker turns of a document body.

    Args:
        body: The document body.
        speakers: The ``speakers`` record of the front matter (each ``label``,
            ``participant``, ``role``), written at import; None for older
            documents.
        participants: The document's participants; without ``speakers``, a
            label equal to one of them (ignoring case) is that participant.
        paragraph: A turn ends with its label's paragraph (meeting notes:
            the paragraphs between turns are narration).

    Returns:
        The turns in body order. A label not in ``speakers`` is an
        interviewer when :func:`is_interviewer`, else the participant of the
        same name or None.
    """
    record = {fold_label(str(s.get("label", ""))): s for s in speakers or () if s.get("label")}
    people = {fold_label(p): p for p in participants}
    style, spans = find_labels(body, [*(str(s["label"]) for s in speakers or ()), *participants])
    stops = other_labels(body, spans) if style == "name" else []
    turns = []
    bounds = turn_bounds(body, spans, stops, paragraph=paragraph)
    for span, (start, end) in zip(spans, bounds, strict=True):
        folded = fold_label(span.label)
        entry = record.get(folded)
        if entry is not None:
            participant = entry.get("participant")
            role = str(entry.get("role") or "participant")
            if role in INTERVIEWER_ROLES:
                participant = None
        elif is_interviewer(span.label):
            participant, role = None, "interviewer"
        else:
            participant, role = people.get(folded), "participant"
        turns.append(
            SpeakerTurn(
                label=span.label,
                participant=str(participant) if participant else None,
                role=role,
                start=start,
                end=end,
                kind=span.kind,
            )
        )
    return turns


def turn_mode(kind: str, value: object = None) -> str:
    """Return how turns end in a document: its ``turns`` value, else the default of its kind.

    ``paragraph`` for ``meeting`` and ``fieldnote`` (notes quoting people
    between paragraphs of narration), ``continue`` otherwise (transcripts).
    """
    if isinstance(value, str) and value in TURN_MODES:
        return value
    return "paragraph" if kind in _PARAGRAPH_KINDS else "continue"


def document_turns(doc: Document) -> list[SpeakerTurn]:
    """Return the speaker turns of a document (see the module docstring).

    Uses the ``speakers`` record of the front matter when there is one; for
    older documents, a ``Name: ...`` label equal to a participant (ignoring
    case) is that participant's turn, as in meeting notes (``Economist: At
    the micro level ...``). The front matter's ``turns`` (or the kind's
    default, :func:`turn_mode`) says whether a turn ends with its paragraph.
    """
    if ":" not in doc.body and "[" not in doc.body:
        return []
    speakers = doc.extra.get("speakers")
    record = [s for s in speakers if isinstance(s, dict)] if isinstance(speakers, list) else None
    paragraph = turn_mode(doc.kind, doc.extra.get("turns")) == "paragraph"
    return speaker_turns(doc.body, record, doc.participants, paragraph=paragraph)


@dataclass(frozen=True)
class Voice:
    """Who speaks a passage, as its citation names them.

    Attributes:
        label: The name cited: the participant's pseudonym, or the label as
            written for a speaker who is not a participant (``Interviewer``,
            ``Entrevistadora``, ``Producer``).
        participant: The participant's pseudonym, None when the speaker is
            not a participant.
        role: ``participant``, ``interviewer`` or another recorded role.
    """

    label: str
    participant: str | None
    role: str


def sole_participant(doc: Document, turns: Sequence[SpeakerTurn]) -> str | None:
    """Return the participant a document without turns belongs to, if any.

    An ``interview`` or ``conversation`` with exactly one participant and no
    speaker turns (notes of a talk, a written answer) is that participant's
    throughout; any other document without turns belongs to nobody.
    """
    if turns or doc.kind not in _SOLE_SPEAKER_KINDS or len(doc.participants) != 1:
        return None
    return doc.participants[0]


def voice_at(doc: Document, turns: Sequence[SpeakerTurn], offset: int) -> Voice | None:
    """Return who speaks a passage starting at ``offset``: the citation rule.

    Args:
        doc: The document.
        turns: Its turns (:func:`document_turns`).
        offset: The passage's first character (0-based code point).

    Returns:
        The speaker of the turn holding ``offset`` (a participant, or an
        interviewer or other speaker cited by their label); the sole
        participant of a document without turns; None for narration and any
        text outside every turn.
    """
    turn = turn_at(turns, offset)
    if turn is not None:
        if turn.participant and turn.role not in INTERVIEWER_ROLES:
            return Voice(turn.participant, turn.participant, turn.role)
        return Voice(turn.label, None, turn.role)
    sole = sole_participant(doc, turns)
    return Voice(sole, sole, "participant") if sole else None


def participants_in(
    doc: Document,
    turns: Sequence[SpeakerTurn],
    start: int,
    end: int,
    starts: Sequence[int] | None = None,
) -> tuple[str, ...]:
    """Return the participants whose speech ``body[start:end]`` holds: the counting rule.

    Args:
        doc: The document.
        turns: Its turns (:func:`document_turns`), in body order.
        start: The passage's first character (0-based code point).
        end: One past its last character (exclusive).
        starts: The turns' start offsets, when already listed (a caller
            counting many segments of one document lists them once).

    Returns:
        Each participant (pseudonym) with a ``speech`` turn that shares at
        least one character with the passage, in order of first turn, once;
        the sole participant of a document without turns; else empty (the
        interviewer's turns, chat reactions and narration count for nobody).
    """
    if not turns:
        sole = sole_participant(doc, turns)
        return (sole,) if sole else ()
    found: dict[str, None] = {}
    for turn in turns_overlapping(turns, start, end, starts):
        if turn.participant and turn.kind == "speech" and turn.role not in INTERVIEWER_ROLES:
            found[turn.participant] = None
    return tuple(found)


def speakers_in(
    doc: Document, turns: Sequence[SpeakerTurn], start: int, end: int
) -> tuple[str, ...]:
    """Return who speaks in ``body[start:end]``, participants or not (for ``--by speaker``).

    Each turn's :class:`Voice` label (a participant's pseudonym, or the label
    of an interviewer or other speaker) sharing a character with the passage,
    once each; the sole participant of a document without turns; else empty.
    """
    if not turns:
        sole = sole_participant(doc, turns)
        return (sole,) if sole else ()
    found: dict[str, None] = {}
    for turn in turns_overlapping(turns, start, end):
        if turn.kind != "speech":
            continue
        speaking = turn.participant and turn.role not in INTERVIEWER_ROLES
        found[str(turn.participant) if speaking else turn.label] = None
    return tuple(found)


def turns_overlapping(
    turns: Sequence[SpeakerTurn], start: int, end: int, starts: Sequence[int] | None = None
) -> list[SpeakerTurn]:
    """Return the turns sharing at least one character with ``[start, end)``, in order.

    ``starts`` are the turns' start offsets when the caller has them listed already.
    """
    from bisect import bisect_left

    if starts is None:
        starts = [t.start for t in turns]
    index = max(0, bisect_left(starts, start) - 1)
    found = []
    for turn in turns[index:]:
        if turn.start >= max(end, start + 1):
            break
        if turn.end > start and turn.start < max(end, start + 1):
            found.append(turn)
    return found


def turn_at(turns: Sequence[SpeakerTurn], offset: int) -> SpeakerTurn | None:
    """Return the turn holding ``offset`` (0-based), or None (before the first turn, or between)."""
    from bisect import bisect_right

    index = bisect_right([t.start for t in turns], offset) - 1
    if index < 0:
        return None
    turn = turns[index]
    return turn if offset < max(turn.end, turn.start + 1) else None


def time_at(times: Sequence[tuple[int, float]], offset: int) -> float | None:
    """Return the time of the last time point at or before ``offset``, or None."""
    from bisect import bisect_right

    index = bisect_right([t[0] for t in times], offset) - 1
    return times[index][1] if index >= 0 else None


__all__ = [
    "INTERVIEWER_LABELS",
    "INTERVIEWER_ROLES",
    "TIME_MARK",
    "TURN_MODES",
    "LabelSpan",
    "Voice",
    "clock",
    "document_turns",
    "find_labels",
    "fold_label",
    "is_interviewer",
    "other_labels",
    "participants_in",
    "seconds",
    "sole_participant",
    "speaker_turns",
    "speakers_in",
    "time_at",
    "time_marks",
    "turn_at",
    "turn_bounds",
    "turn_mode",
    "turns_overlapping",
    "voice_at",
]
