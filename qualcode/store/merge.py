"""Three-way merges of coding files, segment by segment (the ``qualcode merge-driver`` logic).

Git merges text line by line, so two branches that each add a segment to the
same ``codings/<coder>/<document>.yaml`` (the same coder on two machines, or
an edit and a re-anchoring) can conflict on neighbouring lines although they
changed different segments. These functions merge by *segment* instead: a
segment is identified by ``(code, start, end)`` and carries ``text`` and
``memo``. For each segment, given the common ancestor (base) and the two
sides:

* the same on both sides: kept as it is (or left out, if both removed it);
* changed (added, removed, edited) on one side only: that side's version wins;
* removed on one side and edited on the other: the edited one is kept
  (nothing a coder wrote is lost; the merge notes it);
* edited differently on both sides: ``text`` from ours; a memo that differs
  becomes a *conflict*: both memos are kept inside git-style markers
  (``<<<<<<< ours`` ... ``=======`` ... ``>>>>>>> theirs``) in the memo, so
  the file stays valid YAML and ``qualcode check`` points at it.

Survey codings (``fieldnotes/surveys/<survey>/codings/<coder>.csv``) merge
answer by answer: the codes of an answer are merged as sets (a code added on
either side is added; one removed on one side and untouched on the other is
removed).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from qualcode.errors import InvalidData
from qualcode.models import Segment
from qualcode.store import yamlio
from qualcode.store.codings import _segment, render_coding_file

CONFLICT_START = "<<<<<<< ours"
CONFLICT_MIDDLE = "======="
CONFLICT_END = ">>>>>>> theirs"


@dataclass
class MergeResult:
    """The merged text of a file and what the merge had to decide.

    Attributes:
        text: The merged file.
        conflicts: Conflicts left for a person (memos edited differently on both sides).
        notes: Decisions worth knowing (a segment removed on one side but edited on the other).
        ours: Items kept from ours that theirs did not have.
        theirs: Items taken from theirs that ours did not have.
    """

    text: str
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ours: int = 0
    theirs: int = 0


Key = tuple[str, int, int]


def _parse_codings(text: str, label: str) -> tuple[str | None, str | None, dict[Key, Segment]]:
    if not text.strip():
        return None, None, {}
    data: Any = yamlio.load(text, label)
    if data is None:
        return None, None, {}
    if not isinstance(data, dict):
        raise InvalidData("a codings file must be a mapping", path=label)
    document = data.get("document")
    coder = data.get("coder")
    items = data.get("segments") or []
    if not isinstance(items, list):
        raise InvalidData("'segments' must be a list", path=label)
    doc = str(document or "")
    who = str(coder or "")
    found: dict[Key, Segment] = {}
    for i, item in enumerate(items):
        seg = _segment(item, label, doc, who, i)  # type: ignore[arg-type]
        found[(seg.code, seg.start, seg.end)] = seg
    return (str(document) if document else None, str(coder) if coder else None, found)


def conflict_text(ours: str, theirs: str) -> str:
    """Return both versions inside git-style conflict markers."""
    return f"{CONFLICT_START}\n{ours}\n{CONFLICT_MIDDLE}\n{theirs}\n{CONFLICT_END}"


def has_conflict_markers(text: str) -> bool:
    """Return whether ``text`` holds a git conflict block (``<<<<<<<``, ``=======``, ``>>>>>>>``)."""
    lines = text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("<<<<<<<"))
        middle = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("======="))
        next(i for i in range(middle + 1, len(lines)) if lines[i].startswith(">>>>>>>"))
    except StopIteration:
        return False
    return True


def merge_coding_texts(base: str, ours: str, theirs: str, *, path: str = "") -> MergeResult:
    """Merge three versions of one codings file segment by segment (see the module docstring).

    Args:
        base: The common ancestor's text (``""`` when both sides added the file).
        ours: Our side's text.
        theirs: Their side's text.
        path: The file's path in the repository, for messages.

    Returns:
        The merged text (sorted segments, as qualcode writes them) and the
        conflicts and notes.

    Raises:
        InvalidData: a side is not a readable codings file (the caller falls
            back to a line merge).
    """
    b_doc, b_coder, b = _parse_codings(base, f"{path} (base)")
    o_doc, o_coder, o = _parse_codings(ours, f"{path} (ours)")
    t_doc, t_coder, t = _parse_codings(theirs, f"{path} (theirs)")
    document = o_doc or t_doc or b_doc or path.rsplit("/", 1)[-1].removesuffix(".yaml")
    coder = o_coder or t_coder or b_coder or (path.split("/")[-2] if "/" in path else "")
    result = MergeResult("")
    merged: list[Segment] = []
    for key in sorted(set(b) | set(o) | set(t), key=lambda k: (k[1], k[2], k[0])):
        was, mine, other = b.get(key), o.get(key), t.get(key)
        where = f"{key[0]} [{key[1]},{key[2]})"
        if _same(mine, other):
            chosen = mine
        elif _same(was, mine):
            chosen = other  # changed (added, edited or removed) on their side only
            if other is not None and mine is None:
                result.theirs += 1
        elif _same(was, other):
            chosen = mine  # changed on our side only
            if mine is not None and other is None:
                result.ours += 1
        elif mine is None or other is None:
            chosen = mine or other
            result.notes.append(f"{where}: removed on one side, edited on the other; kept")
        else:
            memo = mine.memo
            if (mine.memo or "") != (other.memo or ""):
                if not mine.memo or (was is not None and mine.memo == was.memo):
                    memo = other.memo
                elif other.memo and not (was is not None and other.memo == was.memo):
                    memo = conflict_text(mine.memo, other.memo)
                    result.conflicts.append(f"{where}: memo edited on both sides")
            chosen = Segment(mine.document, mine.start, mine.end, mine.code, coder, mine.text, memo)
        if chosen is not None:
            merged.append(chosen)
    result.text = render_coding_file(document, coder, merged)
    return result


def _same(a: Segment | None, b: Segment | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.text, a.memo or "") == (b.text, b.memo or "")


SURVEY_HEADER = ["question", "response", "codes"]


def _parse_survey(text: str, label: str) -> dict[tuple[str, str], set[str]]:
    if not text.strip():
        return {}
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header != SURVEY_HEADER:
        raise InvalidData("the header must be question,response,codes", path=label, line=1)
    found: dict[tuple[str, str], set[str]] = {}
    for row in reader:
        if len(row) != 3 or not (row[0] and row[1]):
            raise InvalidData("a line needs question, response and codes", path=label)
        found.setdefault((row[0], row[1]), set()).update(c for c in row[2].split(";") if c)
    return found


def _order(ours: list[tuple[str, str]], theirs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return ours' keys in order, each of theirs' new keys right after its predecessor in theirs."""
    present = set(ours)
    after: dict[tuple[str, str] | None, list[tuple[str, str]]] = defaultdict(list)
    anchor: tuple[str, str] | None = None
    for key in theirs:
        if key not in present:
            after[anchor].append(key)
            present.add(key)
        anchor = key
    order: list[tuple[str, str]] = []
    for root in [*after.get(None, ()), *ours]:
        stack = [root]
        while stack:  # a new key may itself be followed by new keys
            key = stack.pop()
            order.append(key)
            stack.extend(reversed(after.get(key, ())))
    return order


def merge_survey_codings_texts(
    base: str,
    ours: str,
    theirs: str,
    *,
    path: str = "",
    order: Sequence[str] | None = None,
) -> MergeResult:
    """Merge three versions of one survey codings file answer by answer.

    Args:
        base: The common ancestor's text (``""`` when both sides added the file).
        ours: Our side's text.
        theirs: Their side's text.
        path: The file's path, for messages.
        order: Response ids in survey order (as qualcode writes the file);
            without it, lines keep ours' order and an answer only theirs
            coded follows the answer before it in theirs.

    Returns:
        The merged CSV, lines grouped by question.

    Raises:
        InvalidData: a side is not a readable survey codings file.
    """
    b = _parse_survey(base, f"{path} (base)")
    o = _parse_survey(ours, f"{path} (ours)")
    t = _parse_survey(theirs, f"{path} (theirs)")
    result = MergeResult("")
    merged: dict[tuple[str, str], set[str]] = {}
    for key in set(b) | set(o) | set(t):
        was, mine, other = b.get(key, set()), o.get(key, set()), t.get(key, set())
        codes = (mine & other) | (mine - was) | (other - was)
        if codes:
            merged[key] = codes
        result.ours += len(mine - other)
        result.theirs += len(other - mine)
    keys = [k for k in _order(list(o), list(t)) if k in merged]
    keys += sorted(k for k in merged if k not in set(keys))
    if order is not None:
        rank = {rid: i for i, rid in enumerate(order)}
        keys.sort(key=lambda k: (k[0], rank.get(k[1], len(rank)), k[1]))
    else:
        keys.sort(key=lambda k: k[0])  # stable: questions grouped, answers in merged order
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SURVEY_HEADER)
    writer.writerows((q, r, ";".join(sorted(merged[(q, r)]))) for q, r in keys)
    result.text = buffer.getvalue()
    return result


def merge_texts(
    path: str, base: str, ours: str, theirs: str, *, order: Sequence[str] | None = None
) -> MergeResult:
    """Merge three versions of a coding file, choosing the format from ``path``.

    ``.csv`` files are survey codings (``order``: their survey's response
    ids); anything else is a document codings file.

    Raises:
        InvalidData: a side cannot be read in that format.
    """
    if path.endswith(".csv"):
        return merge_survey_codings_texts(base, ours, theirs, path=path, order=order)
    return merge_coding_texts(base, ours, theirs, path=path)


__all__ = [
    "CONFLICT_END",
    "CONFLICT_MIDDLE",
    "CONFLICT_START",
    "MergeResult",
    "conflict_text",
    "has_conflict_markers",
    "merge_coding_texts",
    "merge_survey_codings_texts",
    "merge_texts",
]
