"""Charts as SVG text: the bar charts and heat map of the report and of ``--format svg``.

One module draws every chart, so that ``qualcode tally --format svg`` (and
``survey tally``, ``cooccur``, ``words``) writes exactly the SVG that
``qualcode report`` puts inline in its page. Charts read library results
(:class:`~qualcode.analysis.tally.Tally`, survey tally tables, the
co-occurrence table, :class:`~qualcode.analysis.words.Words`) and never count
anything themselves.

Every chart is a standalone SVG 1.1 document fragment: ``xmlns`` set, sizes
in user units (1 unit = 1 CSS pixel at 100%), ``role="img"`` with a
``<title>`` (its accessible name) and a ``<desc>`` (what it shows, in
words); fonts are the reader's system fonts (nothing is fetched). Every bar
and cell is labelled with its number, so a chart reads the same in black and
white; all text from the data (code names, answers, words) is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from qualcode.table import Table, cell_text

if TYPE_CHECKING:
    from qualcode.analysis.tally import Count, Tally
    from qualcode.analysis.words import Words
    from qualcode.codebook.tree import Codebook

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#1a1a1a"
MUTED = "#555555"
BAR = "#3d6fa8"
CHILD_BAR = "#8fb0d6"
GRID = "#d0d0d0"
WIDTH = 480
"""Width of a bar chart (user units); the report scales charts to the page."""


_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def safe_color(color: str | None) -> str | None:
    """Return ``color`` when it is ``#rgb`` or ``#rrggbb``, else None (never a ``url(...)``)."""
    return color if color and _COLOR.fullmatch(color) else None


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def text_width(text: str, size: float) -> float:
    """Return an estimate of ``text``'s width in user units at font ``size`` (sans-serif)."""
    width = 0.0
    for ch in text:
        if ord(ch) > 0x2E80:  # CJK and other full-width characters
            width += 1.0
        elif ch in "il.,:;|!'’ ":
            width += 0.3
        elif ch in "mwMW@%":
            width += 0.88
        elif ch.isupper() or ch.isdigit():
            width += 0.66
        else:
            width += 0.56
    return width * size * 1.04


def clip(text: str, width: float, size: float) -> str:
    """Return ``text``, cut with an ellipsis so that it fits ``width`` at font ``size``."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _svg(width: float, height: float, title: str, desc: str, body: Iterable[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qc-chart" role="img" '
        f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'font-family="{_esc(FONT)}" fill="{INK}">'
    )
    return "\n".join(
        [head, f"<title>{_esc(title)}</title>", f"<desc>{_esc(desc)}</desc>", *body, "</svg>"]
    )


@dataclass(frozen=True)
class Bar:
    """One bar of a bar chart.

    Attributes:
        label: What the bar is (a code, an answer, a word).
        value: Its length, in the chart's unit (a count).
        text: The figure printed at the right of the label line (``13 of 72 (18.1%)``).
        depth: Indentation level of the label (0 = none), for code trees.
        missing: Drawn apart, dashed and unfilled (missing answers).
        extra: A second figure printed under the bar (multi-response mentions).
        color: Fill colour (``#rrggbb``); default by depth.
        tip: The bar's tooltip (default: label and text).
    """

    label: str
    value: float
    text: str
    depth: int = 0
    missing: bool = False
    extra: str = ""
    color: str | None = None
    tip: str = ""


def bar_chart(
    title: str,
    panels: Sequence[tuple[str, Sequence[Bar]]],
    *,
    desc: str = "",
    note: str = "",
    width: int = WIDTH,
) -> str:
    """Return a horizontal bar chart with the label above each bar and its figure at the right.

    Args:
        title: The chart's title (shown at the top; also its accessible name).
        panels: ``(subtitle, bars)`` groups drawn one under the other, on one
            scale (a subtitle may be empty).
        desc: The accessible description (default: every bar's label and figure).
        note: A line under the chart (what the figures count, the denominators).
        width: Width in user units.

    Returns:
        The SVG text.
    """
    left, right = 8.0, 8.0
    inner = width - left - right
    tree = any(b.depth for _, bars in panels for b in bars)
    top = max((b.value for _, bars in panels for b in bars), default=0) or 1
    out: list[str] = []
    y = 24.0
    out.append(f'<text x="{left:g}" y="18" font-size="15" font-weight="bold">{_esc(title)}</text>')
    lines = []
    for subtitle, bars in panels:
        if subtitle:
            y += 10
            out.append(
                f'<text x="{left:g}" y="{y + 12:g}" font-size="13" font-weight="bold">'
                f"{_esc(subtitle)}</text>"
            )
            y += 18
            lines.append(f"{subtitle}:")
        if not bars:
            out.append(
                f'<text x="{left:g}" y="{y + 14:g}" font-size="12" fill="{MUTED}">'
                "(nothing to show)</text>"
            )
            y += 24
        for bar in bars:
            if bar.missing:
                y += 6
                out.append(
                    f'<line x1="{left:g}" x2="{width - right:g}" y1="{y:g}" y2="{y:g}" '
                    f'stroke="{GRID}" stroke-dasharray="3 3"/>'
                )
                y += 4
            indent = 12.0 * bar.depth
            figure_w = text_width(bar.text, 12) + 6
            label = clip(bar.label, inner - indent - figure_w, 13)
            length = max(0.0, inner * bar.value / top)
            tip = bar.tip or f"{bar.label}: {bar.text}" + (f"; {bar.extra}" if bar.extra else "")
            lines.append(tip)
            out.append(f"<g><title>{_esc(tip)}</title>")
            weight = ' font-weight="bold"' if tree and bar.depth == 0 and not bar.missing else ""
            style = ' font-style="italic"' if bar.missing else ""
            out.append(
                f'<text x="{left + indent:g}" y="{y + 13:g}" font-size="13"{weight}{style}>'
                f"{_esc(label)}</text>"
            )
            out.append(
                f'<text x="{width - right:g}" y="{y + 13:g}" font-size="12" '
                f'text-anchor="end">{_esc(bar.text)}</text>'
            )
            if bar.missing:
                out.append(
                    f'<rect x="{left:g}" y="{y + 18:g}" width="{max(length, 1):.1f}" height="11" '
                    f'fill="none" stroke="{MUTED}" stroke-dasharray="3 2"/>'
                )
            else:
                fill = safe_color(bar.color) or (BAR if bar.depth == 0 else CHILD_BAR)
                out.append(
                    f'<rect class="qc-bar" x="{left:g}" y="{y + 18:g}" width="{length:.1f}" '
                    f'height="11" fill="{_esc(fill)}" stroke="{INK}" stroke-width="0.5"/>'
                )
            y += 34
            if bar.extra:
                out.append(
                    f'<text x="{width - right:g}" y="{y + 1:g}" font-size="11" fill="{MUTED}" '
                    f'text-anchor="end">{_esc(bar.extra)}</text>'
                )
                y += 14
            out.append("</g>")
    if note:
        for line in _wrap(note, inner, 11):
            y += 14
            out.append(
                f'<text x="{left:g}" y="{y:g}" font-size="11" fill="{MUTED}">{_esc(line)}</text>'
            )
        y += 4
    height = y + 6
    return _svg(width, height, title, desc or "; ".join(lines), out)


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


# --- code frequency -------------------------------------------------------------------------


def _count_text(count: Count, unit: str) -> str:
    from qualcode.analysis.tally import percent

    if unit == "segments":
        return f"{count.segments} segment{'s' if count.segments != 1 else ''}"
    n, total = (
        (count.documents, count.documents_total)
        if unit == "documents"
        else (count.participants, count.participants_total)
    )
    pct = percent(n, total)
    return f"{n} of {total}" + ("" if pct is None else f" ({pct:.1f}%)")


def tally_chart(result: Tally, unit: str = "segments") -> str:
    """Return the code-frequency bar chart: one bar per code, children indented.

    Args:
        result: A :func:`qualcode.analysis.tally.tally` result; with ``by``,
            one panel per value, then one for all values.
        unit: ``segments``, ``documents`` or ``participants``; documents and
            participants bars read ``n of N (p%)``.

    Returns:
        The SVG text.

    Raises:
        InvalidArgument: an unknown unit.
    """
    from qualcode.analysis.tally import check_unit

    unit = check_unit(unit)
    book = result.book

    def bars(counts: Iterable[Count]) -> list[Bar]:
        shown = []
        for c in counts:
            code = book.codes.get(c.code)
            label = code.label if code else c.code.rsplit("/", 1)[-1]
            depth = (code.depth if code else c.code.count("/") + 1) - 1
            shown.append(
                Bar(
                    label,
                    getattr(c, unit),
                    _count_text(c, unit),
                    depth=depth,
                    color=code.color if code and code.color else None,
                    tip=f"{c.code}: {_count_text(c, unit)}",
                )
            )
        return shown

    if result.by:
        panels = [
            (f"{result.by} = {g}", bars(c for c in result.counts if c.group == g))
            for g in result.groups
        ]
        panels.append((f"all {result.by} values", bars(result.overall.values())))
    else:
        panels = [("", bars(result.counts))]
    what = {
        "segments": "Coded segments per code",
        "documents": "Documents per code",
        "participants": "Participants per code",
    }[unit]
    title = what + (f" by {result.by}" if result.by else "")
    note = (
        f"A parent code counts each distinct {unit[:-1]} of its subtree once. "
        f"In scope: {result.documents_total} documents, {result.participants_total} participants."
    )
    return bar_chart(title, panels, note=note)


# --- survey tallies -------------------------------------------------------------------------


def survey_chart(
    table: Table,
    *,
    title: str | None = None,
    labels: dict[str, str] | None = None,
    open_questions: Iterable[str] = (),
    texts: dict[str, str] | None = None,
) -> str:
    """Return the bar chart of a survey tally: one panel per question (and ``by`` value).

    Bars read ``n of N (p%)``; multi-response options add ``m of M mentions
    (q%)`` under the bar; the missing answers are drawn apart, dashed. With
    bins, one bar per bin (the number of categories whose count is in it).

    Args:
        table: A :func:`qualcode.survey.tally.tally_survey` table.
        title: The chart's title (default: the table's).
        labels: Code labels by path, for open questions' codes (:func:`code_labels`).
        open_questions: The ids of open questions, whose rows are a code tree
            (drawn indented, with labels).
        texts: Question texts by id, to name the panels (``text (id)``).

    Returns:
        The SVG text.
    """
    from qualcode.survey.tally import NUMBER_ROW

    columns = list(table.columns)
    records = table.records()
    coded = set(open_questions)
    binned = "bin" in columns
    by = columns[1] if len(columns) > 1 and columns[1] not in ("value", "bin") else None
    panels: list[tuple[str, list[Bar]]] = []
    keys: list[tuple[Any, Any]] = []
    grouped: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for record in records:
        key = (record["question"], record[by] if by else None)
        if key not in grouped:
            grouped[key] = []
            keys.append(key)
        grouped[key].append(record)
    for question, value in keys:
        name = str(question)
        if texts and texts.get(name) and texts[name] != name:
            name = f"{texts[name]} ({name})"
        if by:
            name += f", {by} = " + ("(missing)" if value is None else cell_text(value))
        rows = grouped[(question, value)]
        medians = {r.get("median") for r in rows if r["value"] not in (None, NUMBER_ROW)}
        if len(medians) == 1 and None not in medians:
            name += f" (median {cell_text(medians.pop())})"
        bars = []
        for r in rows:
            if binned:
                members = r.get("categories") or []
                bars.append(
                    Bar(
                        str(r["bin"]),
                        r["n"],
                        f"{r['n']} categor{'y' if r['n'] == 1 else 'ies'}",
                        tip=f"{r['bin']}: " + ", ".join(map(str, members)),
                    )
                )
                continue
            depth = 0
            label = cell_text(r["value"])
            if r["value"] is None:
                bars.append(Bar("(missing)", r["n"], str(r["share"]), missing=True))
                continue
            if r["question"] in coded:
                depth = r["value"].count("/")  # an open question's code tree
                label = (labels or {}).get(r["value"]) or r["value"].rsplit("/", 1)[-1]
            text = str(r["share"])
            if r["value"] == NUMBER_ROW:
                text += (
                    f"; mean {cell_text(r['mean'])}, median {cell_text(r['median'])}, "
                    f"{cell_text(r['min'])} to {cell_text(r['max'])}"
                )
            bars.append(
                Bar(
                    label,
                    r["n"],
                    text,
                    depth=depth,
                    extra=str(r.get("mentions_share") or ""),
                    tip=f"{r['value']}: {text}",
                )
            )
        panels.append((name, bars))
    note = (
        "n of N: N counts the respondents who answered the question; missing answers are "
        "shown apart and are not in N."
    )
    if binned:
        note = "Each bar counts the categories whose number of answers falls in the bin."
    elif any(r.get("mentions") is not None for r in records):
        note += " Multiple-response options also show their share of all mentions."
    if len(panels) == 1 and title is None:
        title = panels[0][0]
        panels = [("", panels[0][1])]
        if table.title:
            note = f"{table.title}. {note}"
    return bar_chart(title or table.title or "Survey tally", panels, note=note)


def code_labels(book: Codebook) -> dict[str, str]:
    """Return each code's label by path (what charts show for a code)."""
    return {code.path: code.label or code.name for code in book}


# --- co-occurrence --------------------------------------------------------------------------


def _shade(fraction: float) -> tuple[str, str]:
    """Return (fill, text colour) for a cell: white to dark blue, readable text on each."""
    fraction = min(1.0, max(0.0, fraction))
    low, high = (247, 250, 253), (24, 68, 122)
    rgb = tuple(round(a + (b - a) * fraction) for a, b in zip(low, high, strict=True))
    luminance = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255
    return "#{:02x}{:02x}{:02x}".format(*rgb), ("#ffffff" if luminance < 0.55 else INK)


def heatmap(table: Table, *, labels: dict[str, str] | None = None) -> str:
    """Return the co-occurrence heat map of a :func:`qualcode.analysis.cooccur.cooccurrence` table.

    Cells are shaded from white (0) to dark blue (the largest off-diagonal
    value) and print their value; the diagonal (each code's own units) is
    outlined and unshaded, as it is not a co-occurrence.

    Args:
        table: The co-occurrence table (a ``code`` column, then one per code).
        labels: Display names by code path (default: the paths).

    Returns:
        The SVG text.
    """
    labels = labels or {}
    codes = [str(row[0]) for row in table.rows]
    names = [labels.get(c, c) for c in codes]
    values = [list(row[1:]) for row in table.rows]
    size = len(codes)
    cell = 40.0
    label_w = min(220.0, max((text_width(n, 12) for n in names), default=40) + 12)
    top_h = min(170.0, max((text_width(n, 12) for n in names), default=40) * 0.72 + 16)
    title_h = 26.0
    left = label_w
    top = title_h + top_h
    width = left + cell * size + top_h * 0.8 + 8
    numbers = [
        v
        for i, row in enumerate(values)
        for j, v in enumerate(row)
        if i != j and isinstance(v, (int, float))
    ]
    peak = max(numbers, default=0) or 1
    out = [f'<text x="8" y="18" font-size="15" font-weight="bold">{_esc(table.title or "")}</text>']
    for j, name in enumerate(names):
        x = left + cell * j + cell / 2
        y = top - 6
        out.append(
            f'<text x="{x:g}" y="{y:g}" font-size="12" transform="rotate(-45 {x:g} {y:g})">'
            f"{_esc(clip(name, top_h * 1.3, 12))}<title>{_esc(codes[j])}</title></text>"
        )
    lines = []
    for i, name in enumerate(names):
        y = top + cell * i
        out.append(
            f'<text x="{left - 6:g}" y="{y + cell / 2 + 4:g}" font-size="12" text-anchor="end">'
            f"{_esc(clip(name, label_w - 10, 12))}<title>{_esc(codes[i])}</title></text>"
        )
        for j, value in enumerate(values[i]):
            x = left + cell * j
            shown = cell_text(value)
            tip = f"{codes[i]} with {codes[j]}: {shown}" if i != j else f"{codes[i]}: {shown}"
            if i == j:
                fill, ink = "#ffffff", INK
                extra = f' stroke="{INK}" stroke-width="1.5"'
            else:
                fill, ink = _shade(float(value) / peak if isinstance(value, (int, float)) else 0)
                extra = f' stroke="{GRID}" stroke-width="0.5"'
                if isinstance(value, (int, float)) and value:
                    lines.append(f"{codes[i]} with {codes[j]}: {shown}")
            weight = ' font-weight="bold"' if i == j else ""
            out.append(
                f'<g><title>{_esc(tip)}</title><rect class="qc-cell" x="{x:g}" y="{y:g}" '
                f'width="{cell:g}" height="{cell:g}" fill="{fill}"{extra}/>'
                f'<text x="{x + cell / 2:g}" y="{y + cell / 2 + 4:g}" font-size="12" '
                f'text-anchor="middle" fill="{ink}"{weight}>{_esc(shown)}</text></g>'
            )
    y = top + cell * size + 8
    for line in _wrap(" ".join(table.notes), width - 16, 11):
        y += 14
        out.append(f'<text x="8" y="{y:g}" font-size="11" fill="{MUTED}">{_esc(line)}</text>')
    desc = "Co-occurrence of " + ", ".join(codes) + ". " + ("; ".join(lines) or "No overlaps.")
    return _svg(max(width, 320), y + 10, table.title or "Code co-occurrence", desc, out)


# --- word frequency -------------------------------------------------------------------------


def words_chart(result: Words) -> str:
    """Return the word-frequency bar chart: one bar per word (one panel per group with ``by``)."""
    panels: list[tuple[str, list[Bar]]] = []
    groups: list[str | None] = list(result.groups) if result.by else [None]
    for group in groups:
        bars = [
            Bar(
                r.word,
                r.count,
                f"{r.count} ({cell_text(result.percent(r))}%), {r.documents} of "
                f"{result.documents_total.get(group, 0)} documents",
                tip=f"{r.word} ({', '.join(r.forms)}): {r.count}",
            )
            for r in result.rows
            if r.group == group
        ]
        panels.append((f"{result.by} = {group}" if result.by else "", bars))
    return bar_chart(result.title(), panels, note=" ".join(result.notes()))
