"""Subtitle transcripts (WebVTT and SubRip) to speaker turns.

Cue identifiers, NOTE/STYLE/REGION blocks and markup are dropped; each cue's
start time is kept as a time point (body offset, seconds) in
:attr:`SourceText.times`.
The speaker of a cue comes from a WebVTT voice span (``<v Name>``) or a
``Name: text`` prefix; consecutive cues of one speaker join into one turn,
written as a ``Name: text`` paragraph. Rolling captions that repeat the
previous cue's line (YouTube) are de-duplicated. Cues with no speaker become
one line each, with a paragraph break after a pause of more than
:data:`PAUSE_SECONDS`.

References: WebVTT, W3C Candidate Recommendation (2019), sections 4.1 (file
structure) and 4.2.2 (cue text: voice, class, timestamp spans); SubRip as
described by the Matroska subtitle notes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import InvalidData
from qualcode.store.readers.plain import suspicious_lines
from qualcode.store.readers.source import SourceText
from qualcode.store.textio import decode

PAUSE_SECONDS = 2.0
_TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_PREFIX = re.compile(r"^([^\W\d_][\w.'’\- ]{0,60}?):\s+(\S.*)$")


@dataclass
class _Cue:
    start: float
    end: float
    lines: list[tuple[str | None, str]]


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _cue_lines(raw: list[str], voice: str | None) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for line in raw:
        match = _VOICE.search(line)
        if match:
            voice = match.group(1).strip()
        text = html.unescape(_TAG.sub("", line)).replace("\xa0", " ")
        text = " ".join(text.split())
        if not text:
            continue
        speaker = voice
        prefixed = _PREFIX.match(text)
        if prefixed and len(prefixed.group(1).split()) <= 5:
            speaker, text = prefixed.group(1).strip(), prefixed.group(2).strip()
        out.append((speaker, text))
        if "</v>" in line:
            voice = None
    return out


def parse_cues(text: str) -> list[_Cue]:
    """Return the cues of a WebVTT or SubRip text, in file order."""
    lines = text.split("\n")
    cues: list[_Cue] = []
    index = 0
    while index < len(lines):
        match = _TIMING.match(lines[index])
        if not match:
            index += 1
            continue
        start, end = _seconds(match.group(1)), _seconds(match.group(2))
        index += 1
        raw: list[str] = []
        while index < len(lines) and lines[index].strip() and not _TIMING.match(lines[index]):
            raw.append(lines[index])
            index += 1
        cues.append(_Cue(start, end, _cue_lines(raw, None)))
    return cues


def to_turns(cues: list[_Cue]) -> tuple[str, tuple[str, ...], tuple[tuple[int, float], ...]]:
    """Join cues into speaker-turn paragraphs.

    Returns:
        ``(body, speakers, times)``: the body text ending in ``\\n`` (empty
        when there is no cue text), the speakers in order of first appearance,
        and for every cue line kept, ``(offset, seconds)``: the 0-based
        code-point offset in the body where its text starts and the cue's
        start time in seconds (sorted by offset).
    """
    paragraphs: list[tuple[str | None, list[tuple[str, float]]]] = []
    speakers: list[str] = []
    last_line: str | None = None
    last_end: float | None = None
    for cue in cues:
        for speaker, text in cue.lines:
            if text == last_line:
                continue  # rolling caption repeating the previous line
            last_line = text
            if speaker and speaker not in speakers:
                speakers.append(speaker)
            pause = last_end is not None and cue.start - last_end > PAUSE_SECONDS
            if paragraphs and paragraphs[-1][0] == speaker and not (speaker is None and pause):
                paragraphs[-1][1].append((text, cue.start))
            else:
                paragraphs.append((speaker, [(text, cue.start)]))
        last_end = cue.end
    rendered: list[str] = []
    times: list[tuple[int, float]] = []
    offset = 0
    for speaker, texts in paragraphs:
        prefix = f"{speaker}: " if speaker else ""
        joiner = " " if speaker else "\n"
        at = offset + len(prefix)
        for text, start in texts:
            if not times or times[-1][1] != start:
                times.append((at, start))
            at += len(text) + len(joiner)
        paragraph = prefix + joiner.join(t for t, _ in texts)
        rendered.append(paragraph)
        offset += len(paragraph) + 2
    body = "\n\n".join(rendered)
    return (body + "\n" if body else ""), tuple(speakers), tuple(times)


def read(data: bytes, path: Path, *, encoding: str | None, fmt: str) -> SourceText:
    """Read a .vtt or .srt file into speaker turns.

    Raises:
        InvalidData: undecodable bytes, a .vtt without the ``WEBVTT`` header,
            or a file with no cues.
    """
    decoded = decode(data, path, encoding=encoding)
    text = decoded.text
    if fmt == "vtt" and not text.lstrip().startswith("WEBVTT"):
        raise InvalidData("not a WebVTT file (no WEBVTT header)", path=path, line=1)
    cues = parse_cues(text)
    if not cues:
        raise InvalidData(f"no subtitle cues found in this .{fmt} file", path=path)
    body, speakers, times = to_turns(cues)
    notes = [
        *decoded.changes(),
        f"{len(cues)} cues joined into speaker turns; cue start times kept as {len(times)} "
        "time points",
    ]
    return SourceText(
        body=body,
        format=fmt,
        encoding=decoded.encoding,
        speakers=speakers,
        notes=tuple(notes),
        times=times,
        mojibake=suspicious_lines(text),
    )
