"""Plain data objects shared by the library: documents and coded segments.

All offsets are 0-based, end-exclusive counts of Unicode code points into a
document's body (the text after the front matter), as in REFI-QDA's
``PlainTextSelection`` (startPosition/endPosition).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("interview", "meeting", "conversation", "fieldnote")
"""Document kinds; a document of kind K lives in ``fieldnotes/<K>s/``."""


@dataclass(frozen=True)
class Document:
    """A fieldnote document: YAML front matter plus a Markdown body.

    Attributes:
        id: Stable identifier, also the file stem (e.g. ``2010-10-06-pancho``).
        kind: One of :data:`KINDS`.
        date: ISO 8601 date (``YYYY-MM-DD``) or None when undated.
        title: Human title.
        participants: Pseudonyms of the people in the document, in order.
        attributes: Free key/value metadata (role, gender, generation, ...).
        body: The text; ``\\n`` line ends, NFC. Offsets index into it.
        path: The file it was read from or will be written to, if any.
        extra: Other front matter keys, kept verbatim (e.g. ``source``).
    """

    id: str
    kind: str
    title: str
    body: str
    date: str | None = None
    participants: tuple[str, ...] = ()
    attributes: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def front_matter(self) -> dict[str, Any]:
        """Return the front matter mapping in the canonical key order."""
        meta: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "date": self.date,
            "title": self.title,
            "participants": list(self.participants),
            "attributes": dict(self.attributes),
        }
        meta.update(self.extra)
        return meta

    def line_count(self) -> int:
        """Return the number of lines of the body (a final newline ends the last line)."""
        if not self.body:
            return 0
        return self.body.count("\n") + (0 if self.body.endswith("\n") else 1)


@dataclass(frozen=True, order=True)
class Segment:
    """One coding: a span of a document's body tagged with a code by a coder.

    Attributes:
        document: The document id.
        start: 0-based offset of the first code point.
        end: 0-based offset one past the last code point (exclusive).
        code: The code path (e.g. ``c-factor/confianza``).
        coder: The coder's name (the ``codings/<coder>/`` folder).
        text: The quoted text, ``body[start:end]`` when the segment was made;
            used to detect edits and re-anchor.
        memo: An optional note attached to this coding.
    """

    document: str
    start: int
    end: int
    code: str
    coder: str
    text: str
    memo: str | None = None


@dataclass(frozen=True)
class SpeakerTurn:
    """One speaker turn of a transcript: who speaks where in the body.

    Built by :func:`qualcode.store.readers.turns.speaker_turns` from the body
    and the ``speakers`` record of the front matter; citations, and counting
    participants by the turns coded, read it.

    Attributes:
        label: The speaker label as written in the body (``Clara``, ``E``,
            ``id1``, ``Entrevistadora``); always a pseudonym, an initial, an
            id or a role word, never a real name.
        participant: The participant's pseudonym when the turn is a
            participant's, None for the interviewer or researcher and for a
            speaker who is not a participant.
        role: ``participant``, ``interviewer`` (also moderator, researcher)
            or another role recorded at import.
        start: 0-based code-point offset of the turn's first character (the
            start of its label's line).
        end: Offset one past its last character (exclusive; trailing blank
            lines excluded), so ``body[start:end]`` is the turn.
        kind: ``speech``, or ``reaction`` for a chat reaction ("Reacted to
            ... with 👍"), which is not something the speaker said.
    """

    label: str
    participant: str | None
    role: str
    start: int
    end: int
    kind: str = "speech"
