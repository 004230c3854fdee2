"""Intercoder agreement: how far coders agree, code by code, and where they do not.

**Units.** Agreement is measured over units of text, never over characters:

* ``line``: every non-blank line of a document (1-based, as ``notes show`` numbers them);
* ``sentence``: every sentence (ends at ``.``, ``!``, ``?`` or ``…`` before
  whitespace, or at a line break), numbered from 1 in each document;
* ``paragraph``: every block of non-blank lines between blank lines, from 1;
* ``response``: every non-blank answer to an open question of a survey.

Blank lines and the white space between units are never units, so text
nobody could code does not inflate agreement (the fault of counting
uncoded characters, QualCoder issue #667).

**Applied.** A coder applied code C to a unit when any of their current
segments coded with C *or a code below it* overlaps the unit (shares at
least one character with it). For survey answers: the answer carries C or a
code below it.

**Taking part.** A coder has data for a document only if they have a codings
file for it (``codings/<coder>/<document>.yaml``; an empty one, ``segments:
[]``, says "read, nothing to code"); for a survey question, if they coded at
least one answer to it. Units of a document a coder did not take part in are
*missing* for that coder (not "absent"), as Krippendorff's alpha requires.

**Per code** (presence/absence): each unit gets, from each coder taking
part, the value *applied* or *not applied*. Units every coder took part in
give ``units``, ``agreed``, percent agreement, Cohen's kappa (two coders) and
Fleiss' kappa (three or more); a unit neither coder gave the code counts as
agreement on its absence. Krippendorff's alpha (nominal) uses every unit
with values from at least two coders (``alpha_units``).

**Categorical** (``categorical=PARENT``): the children of PARENT are the
exclusive values of one nominal variable. A coder's value for a unit is the
child applied (through it or a code below it); a unit given no child is
missing for that coder; one given two children is an error naming it. Units
with fewer than two values drop out of alpha; kappa and percent agreement
use the units with a value from every coder.

The coefficients themselves are in :mod:`qualcode.analysis.reliability`
(Cohen 1960; Krippendorff 2011; Fleiss 1971), in exact arithmetic; an
undefined one is ``None`` with its reason, never NaN.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from statistics import median

from qualcode.analysis.reliability import (
    Coefficient,
    Pattern,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from qualcode.codebook.tree import Codebook
from qualcode.coding.selectors import counted, line_spans, paragraphs, trim
from qualcode.errors import InvalidArgument, InvalidData, NotFound
from qualcode.models import Document
from qualcode.store.project import Project
from qualcode.table import Table

UNITS = ("line", "sentence", "paragraph", "response")
"""The units agreement can be measured over."""

AUTO_CODER = "auto"
"""The machine coder, left out of the default coders."""

APPLIED = "yes"
NOT_APPLIED = "no"

REFERENCES = {
    "cohen": "Cohen, J. (1960). A coefficient of agreement for nominal scales. "
    "Educational and Psychological Measurement, 20(1), 37–46.",
    "fleiss": "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. "
    "Psychological Bulletin, 76(5), 378–382.",
    "krippendorff": "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. "
    "Annenberg School for Communication, University of Pennsylvania.",
}
"""The sources of the coefficients, as the ``--methods`` text cites them."""


def check_unit(unit: str) -> str:
    """Return ``unit`` (singular; ``lines`` is accepted) if it is one of :data:`UNITS`.

    Raises:
        InvalidArgument: otherwise.
    """
    normal = unit.strip().lower().removesuffix("s")
    if normal not in UNITS:
        raise InvalidArgument(f"unknown unit {unit!r}", hint="use " + ", ".join(UNITS))
    return normal


@dataclass(frozen=True)
class Unit:
    """One unit of agreement: a line, sentence or paragraph of a document, or a survey answer.

    Attributes:
        document: The document id; for a survey answer ``survey/question``.
        number: 1-based number of the unit in its document (lines: the line
            number); for a survey answer, the response id.
        start: 0-based offset of its first character in the body (None for answers).
        end: Exclusive end offset (None for answers).
        first_line: 1-based first line (None for answers).
        last_line: 1-based last line, inclusive (None for answers).
        text: The unit's text.
    """

    document: str
    number: int | str
    start: int | None
    end: int | None
    first_line: int | None
    last_line: int | None
    text: str

    @property
    def lines(self) -> str | None:
        """``"12"`` or ``"12-14"`` (None for survey answers)."""
        if self.first_line is None or self.last_line is None:
            return None
        if self.first_line == self.last_line:
            return str(self.first_line)
        return f"{self.first_line}-{self.last_line}"


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def document_units(doc: Document, unit: str) -> list[Unit]:
    """Return the units of ``doc``: its non-blank lines, sentences or paragraphs, in order.

    Each unit is trimmed of surrounding white space; blank lines are never units.

    Args:
        doc: The document.
        unit: ``line``, ``sentence`` or ``paragraph``.

    Raises:
        InvalidArgument: another unit.
    """
    body = doc.body
    spans = line_spans(body)
    starts = [s for s, _ in spans]
    found: list[Unit] = []
    if unit == "line":
        for number, (start, end) in enumerate(spans, 1):
            s, e = trim(body, start, end)
            if s < e:
                found.append(Unit(doc.id, number, s, e, number, number, body[s:e]))
    elif unit == "paragraph":
        for p in paragraphs(body):
            found.append(Unit(doc.id, p.number, p.start, p.end, p.first_line, p.last_line, p.text))
    elif unit == "sentence":
        from qualcode.coding.autocode import sentence_spans

        for number, (s, e) in enumerate(sentence_spans(body), 1):
            found.append(
                Unit(
                    doc.id,
                    number,
                    s,
                    e,
                    _line_of(starts, s),
                    _line_of(starts, e - 1),
                    body[s:e],
                )
            )
    else:
        raise InvalidArgument(
            f"unit {unit!r} is not a unit of documents", hint="use line, sentence or paragraph"
        )
    return found


@dataclass
class Material:
    """What agreement is computed from: units, who took part, and what each coder applied.

    Attributes:
        unit: The unit name (see :data:`UNITS`).
        coders: The coders compared, in order.
        units: Every unit in scope, in document order.
        taking_part: Per unit index, the coders who have data for it.
        applied: Per unit index, per coder, the codes (as coded) whose
            segments overlap the unit; units nobody coded are absent.
        scopes: The documents (or ``survey/question`` groups) in scope, in order.
        scope_coders: Per document, the coders who took part in it.
        stale: Stale segments of the coders compared, left out.
    """

    unit: str
    coders: tuple[str, ...]
    units: list[Unit]
    taking_part: list[frozenset[str]]
    applied: dict[int, dict[str, set[str]]]
    scopes: list[str]
    scope_coders: dict[str, frozenset[str]]
    stale: int = 0


def document_material(
    documents: Sequence[Document],
    rows: Iterable[Sequence[object]],
    *,
    coders: Sequence[str],
    unit: str,
    taking_part: Iterable[tuple[str, str]],
    stale: int = 0,
) -> Material:
    """Return the material for agreement over the units of ``documents``.

    Args:
        documents: The documents in scope, in order.
        rows: Current segments as corpus rows ``(document, start, end, code, coder, ...)``.
        coders: The coders to compare.
        unit: ``line``, ``sentence`` or ``paragraph``.
        taking_part: ``(coder, document id)`` pairs for which the coder has a codings file.
        stale: How many stale segments of these coders were left out (for the notes).
    """
    wanted = set(coders)
    part: dict[str, set[str]] = defaultdict(set)
    for coder, doc_id in taking_part:
        if coder in wanted:
            part[doc_id].add(coder)
    units: list[Unit] = []
    taking: list[frozenset[str]] = []
    offsets: dict[str, tuple[int, list[int], list[int]]] = {}
    scope_coders: dict[str, frozenset[str]] = {}
    for doc in documents:
        doc_units = document_units(doc, unit)
        who = frozenset(part.get(doc.id, ()))
        scope_coders[doc.id] = who
        offsets[doc.id] = (
            len(units),
            [u.start or 0 for u in doc_units],
            [u.end or 0 for u in doc_units],
        )
        units.extend(doc_units)
        taking.extend([who] * len(doc_units))
    applied: dict[int, dict[str, set[str]]] = {}
    for row in rows:
        doc_id, code, coder = str(row[0]), str(row[3]), str(row[4])
        if coder not in wanted or doc_id not in offsets:
            continue
        start, end = int(row[1]), int(row[2])  # type: ignore[call-overload]
        base, starts, ends = offsets[doc_id]
        index = bisect.bisect_right(ends, start)  # first unit ending after the segment starts
        while index < len(starts) and starts[index] < end:
            if ends[index] > start:
                applied.setdefault(base + index, {}).setdefault(coder, set()).add(code)
            index += 1
    return Material(
        unit=unit,
        coders=tuple(coders),
        units=units,
        taking_part=taking,
        applied=applied,
        scopes=[d.id for d in documents],
        scope_coders=scope_coders,
        stale=stale,
    )


def response_material(
    survey_name: str,
    answers: Mapping[str, Sequence[tuple[str, str]]],
    codings: Mapping[str, Mapping[tuple[str, str], Sequence[str]]],
    *,
    coders: Sequence[str],
) -> Material:
    """Return the material for agreement over survey answers (``unit="response"``).

    Args:
        survey_name: The survey's name.
        answers: Per open question id, its ``(response id, answer)`` pairs in
            survey order (blank answers are left out).
        codings: Per coder, ``(question id, response id) -> code paths``.
        coders: The coders to compare.

    A coder takes part in a question when they coded at least one answer to it.
    """
    units: list[Unit] = []
    taking: list[frozenset[str]] = []
    applied: dict[int, dict[str, set[str]]] = {}
    scopes: list[str] = []
    scope_coders: dict[str, frozenset[str]] = {}
    for question, items in answers.items():
        scope = f"{survey_name}/{question}"
        scopes.append(scope)
        who = frozenset(
            c
            for c in coders
            if any(q == question and codes for (q, _), codes in codings.get(c, {}).items())
        )
        scope_coders[scope] = who
        for rid, text in items:
            if not text.strip():
                continue
            index = len(units)
            units.append(Unit(scope, rid, None, None, None, None, text))
            taking.append(who)
            for coder in coders:
                codes = codings.get(coder, {}).get((question, rid))
                if codes:
                    applied.setdefault(index, {})[coder] = set(codes)
    return Material(
        unit="response",
        coders=tuple(coders),
        units=units,
        taking_part=taking,
        applied=applied,
        scopes=scopes,
        scope_coders=scope_coders,
    )


@dataclass(frozen=True)
class CodeAgreement:
    """Agreement on one code (or, with ``categorical``, on the variable a parent code defines).

    Attributes:
        code: The code path.
        label: Its codebook label (empty for codes not in the codebook).
        coders: The coders compared.
        units: Units with a value from every coder (presence/absence: every
            unit of the documents every coder took part in).
        units_coded: Units in scope given the code (categorical: any value)
            by at least one coder.
        agreed: Of ``units``, those on which every coder gave the same value.
        percent: Percent agreement (as a proportion, see ``percent_agreement``).
        kappa: Cohen's kappa (two coders), else None.
        fleiss: Fleiss' kappa (three or more coders), else None.
        alpha: Krippendorff's alpha, nominal.
        values: With ``categorical``, the value labels (the children); else empty.
    """

    code: str
    label: str
    coders: tuple[str, ...]
    units: int
    units_coded: int
    agreed: int
    percent: Coefficient
    kappa: Coefficient | None
    fleiss: Coefficient | None
    alpha: Coefficient
    values: tuple[str, ...] = ()

    @property
    def percent_agreement(self) -> float | None:
        """Percent agreement, 0-100, one decimal (None without complete units)."""
        exact = self.percent.exact
        return None if exact is None else round(100 * float(exact), 1)

    def note(self) -> str | None:
        """Return why a statistic of this row is undefined, in words (None when all are defined)."""
        if self.units_coded == 0 and (self.units or self.alpha.units):
            return "no coder applied it in scope: every unit agrees on its absence"
        reasons: list[str] = []
        for coefficient in (self.kappa, self.fleiss, self.alpha):
            if coefficient is not None and not coefficient.defined and coefficient.reason:
                reasons.append(f"{_short(coefficient.name)} undefined: {coefficient.reason}")
        return "; ".join(reasons) or None


def _short(name: str) -> str:
    return {"Cohen's kappa": "kappa", "Fleiss' kappa": "Fleiss' kappa"}.get(name, "alpha")


@dataclass(frozen=True)
class Disagreement:
    """A unit on which the coders taking part gave different values for one code.

    Attributes:
        unit: The unit.
        code: The code path (with ``categorical``, the parent).
        values: ``(coder, value)`` for every coder compared: ``yes``/``no``
            (presence/absence), the child code path (categorical), or None
            (missing: no data from that coder).
        applied: ``(coder, codes)`` for every coder compared: the codes as
            coded, at or below ``code``, whose segments overlap the unit
            (sorted; empty when none).
    """

    unit: Unit
    code: str
    values: tuple[tuple[str, str | None], ...]
    applied: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass
class Agreement:
    """An agreement result: one row per code, the disagreements, and what was compared.

    Attributes:
        coders: The coders compared.
        unit: The unit (see :data:`UNITS`).
        categorical: The parent code of a categorical comparison, or None.
        rows: One :class:`CodeAgreement` per code, in codebook order.
        disagreements: Units where coders differ, in document and unit order
            then code order.
        material: The units and codings compared.
        notes: Lines explaining scope, left-out material and undefined values.
    """

    coders: tuple[str, ...]
    unit: str
    categorical: str | None
    rows: list[CodeAgreement]
    disagreements: list[Disagreement]
    material: Material
    notes: list[str] = field(default_factory=list)

    @property
    def units_total(self) -> int:
        """Units in scope (every unit of every document or question in scope)."""
        return len(self.material.units)

    def table(self) -> Table:
        """Return the machine-readable table (CSV/JSON): one row per code.

        Columns: ``code``, ``label``, ``coders`` (list), ``units``,
        ``units_coded``, ``agreed``, ``percent_agreement`` (0-100, one
        decimal), ``kappa`` (Cohen's, two coders), ``fleiss_kappa`` (three or
        more coders), ``alpha`` (Krippendorff's, nominal), ``alpha_units``,
        ``note`` (why a value is null). Coefficients have four decimals; an
        undefined one is null.
        """
        columns = (
            "code",
            "label",
            "coders",
            "units",
            "units_coded",
            "agreed",
            "percent_agreement",
            "kappa",
            "fleiss_kappa",
            "alpha",
            "alpha_units",
            "note",
        )
        rows = [
            (
                r.code,
                r.label,
                list(r.coders),
                r.units,
                r.units_coded,
                r.agreed,
                r.percent_agreement,
                None if r.kappa is None else r.kappa.value,
                None if r.fleiss is None else r.fleiss.value,
                r.alpha.value,
                r.alpha.units,
                r.note(),
            )
            for r in self.rows
        ]
        return Table(columns, rows, title=self.title(), notes=self.notes)

    def title(self) -> str:
        """Return the table's caption: what was compared, over which units."""
        who = " × ".join(self.coders)
        what = f"on {self.categorical} (categorical)" if self.categorical else "per code"
        return f"Agreement {what}: {who}, by {self.unit}"

    def display_table(self, *, full_paths: bool = False) -> Table:
        """Return the table for people (terminal, Markdown): fixed decimals, '—' when undefined.

        Columns: ``code``, ``units``, ``coded``, ``agree %``, then ``kappa``
        (two coders) or ``Fleiss' kappa`` (more), and ``alpha``. ``full_paths``
        shows full code paths instead of the indented tree.
        """
        many = len(self.coders) > 2
        columns = ["code", "units", "coded", "agree %", "Fleiss' kappa" if many else "kappa"]
        columns.append("alpha")
        rows = []
        for r in self.rows:
            depth = r.code.count("/") + 1 - (1 if self.categorical else 0)
            name = r.code if full_paths or self.categorical else _indented(r.code, depth)
            kappa = r.fleiss if many else r.kappa
            rows.append(
                (
                    name,
                    r.units,
                    r.units_coded,
                    "—" if r.percent_agreement is None else f"{r.percent_agreement:.1f}",
                    _fixed(kappa),
                    _fixed(r.alpha),
                )
            )
        return Table(columns, rows, title=self.title(), notes=self.notes)

    def disagreements_table(self) -> Table:
        """Return the disagreements (CSV/JSON): one row per unit and code where coders differ.

        Columns: ``document``, ``unit`` (number in the document, or response
        id), ``lines`` (``"12-14"``, null for answers), ``start``, ``end``
        (0-based offsets, end exclusive; null for answers), ``code``,
        ``values`` (coder -> ``yes``/``no``, the child code, or null when the
        coder has no data), ``applied`` (coder -> the codes as coded at or
        below ``code`` that overlap the unit), ``text``.
        """
        columns = ("document", "unit", "lines", "start", "end", "code", "values", "applied", "text")
        rows = [
            (
                d.unit.document,
                d.unit.number,
                d.unit.lines,
                d.unit.start,
                d.unit.end,
                d.code,
                dict(d.values),
                {coder: list(codes) for coder, codes in d.applied},
                d.unit.text,
            )
            for d in self.disagreements
        ]
        title = f"Disagreements: {counted(len(rows), 'unit and code', 'units and codes')}"
        return Table(columns, rows, title=title, notes=self.notes)

    def disagreements_display(self) -> Table:
        """Return the disagreements for a terminal: one column per coder, text last."""
        columns = ["document", "lines" if self.unit != "response" else "response", "code"]
        columns += list(self.coders)
        columns.append("text")
        rows = []
        for d in self.disagreements:
            where = d.unit.lines if self.unit != "response" else d.unit.number
            values = dict(d.values)
            rows.append(
                (
                    d.unit.document,
                    where,
                    d.code,
                    *(_shown(values.get(c), self.categorical) for c in self.coders),
                    _clip(d.unit.text, 160),
                )
            )
        title = f"Disagreements: {counted(len(rows), 'unit and code', 'units and codes')}"
        return Table(columns, rows, title=title, notes=self.notes)

    def disagreements_markdown(self, *, limit: int | None = None) -> str:
        """Return the disagreements as Markdown for a meeting: one block per unit.

        Each block is a heading (document and lines, or response), the unit's
        text as a block quote, and one bullet per code in dispute saying who
        applied what. ``limit`` keeps the first units only.
        """
        grouped: dict[Unit, list[Disagreement]] = {}
        for d in self.disagreements:
            grouped.setdefault(d.unit, []).append(d)
        units = list(grouped.items())
        shown = units if limit is None else units[:limit]
        heading = f"## Disagreements to discuss ({' × '.join(self.coders)}, by {self.unit})"
        blocks = [heading]
        if not units:
            blocks.append("No disagreements: the coders gave the same values to every unit.")
        for unit, items in shown:
            if unit.lines is not None:
                where = f"{unit.document}, {_lines_word(unit.lines)} ({self.unit} {unit.number})"
            else:
                where = f"{unit.document}, response {unit.number}"
            quote = "\n".join(f"> {line}".rstrip() for line in unit.text.split("\n"))
            bullets = [f"- **{d.code}**: {_who_applied(d, self.categorical)}" for d in items]
            blocks.append(f"### {where}\n\n{quote}\n\n" + "\n".join(bullets))
        if limit is not None and len(units) > limit:
            blocks.append(f"({limit} of {len(units)} units shown.)")
        return "\n\n".join(blocks) + "\n"

    def methods(self) -> str:
        """Return a paragraph for a methods section, then the references it cites."""
        return methods_text(self)


def _lines_word(lines: str) -> str:
    return f"lines {lines}" if "-" in lines else f"line {lines}"


def _who_applied(d: Disagreement, categorical: str | None) -> str:
    applied = dict(d.applied)
    parts = []
    for coder, value in d.values:
        if value is None:
            parts.append(f"{coder}: no data")
        elif categorical:
            parts.append(f"{coder}: {value.rsplit('/', 1)[-1]}")
        elif value == APPLIED:
            codes = [c for c in applied.get(coder, ()) if c != d.code]
            parts.append(f"{coder}: applied" + (f" ({', '.join(codes)})" if codes else ""))
        else:
            parts.append(f"{coder}: not applied")
    return "; ".join(parts)


def describe_disagreement(disagreement: Disagreement, categorical: str | None = None) -> str:
    """Return who applied what on a disagreement's unit, in words.

    For example ``ana: applied (trust/distrust); tomas: not applied``, or
    with ``categorical`` each coder's value (``ana: older-faith-based``);
    ``no data`` for a coder without codings for the unit. The Markdown list
    of :meth:`Agreement.disagreements_markdown` uses the same words.
    """
    return _who_applied(disagreement, categorical)


def _shown(value: str | None, categorical: str | None) -> str:
    if value is None:
        return "(no data)"
    if categorical:
        return value.rsplit("/", 1)[-1]
    return value


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _indented(path: str, depth: int) -> str:
    return "\u00a0\u00a0" * (depth - 1) + path.rsplit("/", 1)[-1]


def _fixed(coefficient: Coefficient | None) -> str:
    if coefficient is None or coefficient.value is None:
        return "—"
    return f"{coefficient.value:.3f}"


def default_coders(
    material_coders: Iterable[str], machine: Iterable[str] = (AUTO_CODER,)
) -> list[str]:
    """Return the coders compared when none are named: every human coder, sorted.

    Args:
        material_coders: The coders with codings.
        machine: The machine coders to leave out
            (:func:`qualcode.store.codings.machine_coders`; default ``auto``).
    """
    left_out = set(machine)
    return sorted(c for c in set(material_coders) if c not in left_out)


def check_coders(
    coders: Sequence[str], known: Iterable[str], *, defaulted: bool = False
) -> tuple[str, ...]:
    """Return ``coders`` if there are two or more distinct, known ones.

    Args:
        coders: The coders asked for, in order.
        known: Every coder with codings in the project.
        defaulted: ``coders`` is :func:`default_coders` (the message then says so).

    Raises:
        NotFound: a coder without codings (the hint lists the known ones).
        InvalidArgument: fewer than two coders, or one named twice.
    """
    listed = sorted(set(known))
    hint = "coders with codings: " + (", ".join(listed) if listed else "none yet")
    for coder in coders:
        if coder not in listed:
            raise NotFound(f"--coders: no codings by {coder!r}", hint=hint)
    repeated = sorted({c for c in coders if list(coders).count(c) > 1})
    if repeated:
        raise InvalidArgument(f"--coders: {repeated[0]!r} is named twice", hint=hint)
    if len(coders) < 2:
        if defaulted:
            found = f"; only {coders[0]!r} has codings" if coders else "; no coder has codings"
            found += (
                f" (besides {AUTO_CODER!r}, named only with --coders)"
                if AUTO_CODER in listed
                else ""
            )
        else:
            found = f"; only {coders[0]!r} was given" if coders else ""
        raise InvalidArgument(
            "agreement needs two or more coders" + found,
            hint="name them with --coders A,B; " + hint,
        )
    return tuple(coders)


def _credited(book: Codebook, codes: Iterable[str], cache: dict[str, list[str]]) -> set[str]:
    out: set[str] = set()
    for code in codes:
        lineage = cache.get(code)
        if lineage is None:
            lineage = cache[code] = [code, *book.ancestors(code)]
        out.update(lineage)
    return out


def compare(
    material: Material,
    book: Codebook,
    *,
    codes: Sequence[str] | None = None,
    categorical: str | None = None,
    disagreements: bool = True,
) -> Agreement:
    """Compute agreement on ``material``: per code, or on one categorical variable.

    Args:
        material: Units and codings (see :func:`document_material`, :func:`response_material`).
        book: The codebook (row order, labels, and what is below what).
        codes: The code paths to report, in this order (default: every code of
            the codebook, then codes used but not in it, in path order).
        categorical: A parent code whose children are the values of one
            nominal variable (see the module docstring).
        disagreements: Also list the disagreements (``False`` leaves
            :attr:`Agreement.disagreements` empty, which is faster on a large corpus).

    Returns:
        The :class:`Agreement`.

    Raises:
        InvalidArgument: ``categorical`` has no children, or is given with ``codes``.
        InvalidData: with ``categorical``, a coder gave one unit two children.
    """
    coders = material.coders
    # What each coder applied to each unit, rolled up: a code counts for every ancestor.
    lineage: dict[str, list[str]] = {}
    credited: dict[int, dict[str, set[str]]] = {
        index: {coder: _credited(book, raw, lineage) for coder, raw in per.items()}
        for index, per in material.applied.items()
    }
    if categorical is not None:
        if codes:
            raise InvalidArgument(
                "--categorical and --code do not go together",
                hint="--categorical compares the children of one code as one variable",
            )
        rows, found = _categorical(material, book, categorical, credited)
    else:
        used = {c for per in credited.values() for raw in per.values() for c in raw}
        if codes is None:
            unknown = sorted(c for c in used if c not in book.codes)
            codes = [*book.codes, *unknown]
        rows, found = _per_code(
            material, book, list(codes), credited, with_disagreements=disagreements
        )
    result = Agreement(coders, material.unit, categorical, rows, found, material)
    result.notes = _notes(result)
    return result


def _label(book: Codebook, path: str) -> str:
    code = book.codes.get(path)
    return code.label if code else ""


def _statistics(
    data: Counter[Pattern],
    coders: tuple[str, ...],
) -> tuple[int, int, Coefficient, Coefficient | None, Coefficient | None, Coefficient]:
    percent = percent_agreement(data)
    complete = sum(n for key, n in data.items() if None not in key)
    agreed = sum(n for key, n in data.items() if None not in key and len(set(key)) == 1)
    kappa = cohen_kappa(data) if len(coders) == 2 else None
    fleiss = fleiss_kappa(data) if len(coders) > 2 else None
    return complete, agreed, percent, kappa, fleiss, krippendorff_alpha(data)


def _per_code(
    material: Material,
    book: Codebook,
    codes: list[str],
    credited: dict[int, dict[str, set[str]]],
    *,
    with_disagreements: bool = True,
) -> tuple[list[CodeAgreement], list[Disagreement]]:
    coders = material.coders
    bits = {c: 1 << i for i, c in enumerate(coders)}
    masks: dict[frozenset[str], int] = {}
    for who in set(material.taking_part):
        masks[who] = sum(bits[c] for c in who)
    taking = [masks[who] for who in material.taking_part]  # per unit: who has data, as bits
    # Which coders applied each code (rolled up) to each unit, as bits, in one pass.
    by_code: dict[str, dict[int, int]] = defaultdict(dict)
    for index, per in credited.items():
        who_mask = taking[index]
        for coder, got in per.items():
            bit = bits[coder]
            if who_mask & bit:
                for code in got:
                    units = by_code[code]
                    units[index] = units.get(index, 0) | bit
    base: Counter[int] = Counter(taking)  # units per set of coders taking part

    def pattern(who: int, present: int) -> Pattern:
        return tuple(
            (APPLIED if present & bits[c] else NOT_APPLIED) if who & bits[c] else None
            for c in coders
        )

    rows: list[CodeAgreement] = []
    found: dict[int, list[Disagreement]] = defaultdict(list)
    for code in codes:
        units = by_code.get(code, {})
        whos = list(map(taking.__getitem__, units))
        pairs = Counter(zip(whos, units.values(), strict=True))
        remaining = base - Counter(whos)
        data: Counter[Pattern] = Counter()
        for (who, present), n in pairs.items():
            data[pattern(who, present)] += n
        for who, n in remaining.items():
            data[pattern(who, 0)] += n
        complete, agreed, percent, kappa, fleiss, alpha = _statistics(data, coders)
        rows.append(
            CodeAgreement(
                code,
                _label(book, code),
                coders,
                complete,
                len(units),
                agreed,
                percent,
                kappa,
                fleiss,
                alpha,
            )
        )
        if not with_disagreements:
            continue
        for index, present in units.items():
            who = taking[index]
            if present != who and who & (who - 1):  # someone with data did not apply it
                found[index].append(
                    Disagreement(
                        material.units[index],
                        code,
                        tuple(zip(coders, pattern(who, present), strict=True)),
                    )
                )
    rank = {code: i for i, code in enumerate(codes)}
    disagreements: list[Disagreement] = []
    for index in sorted(found):
        items = found[index]
        # A parent disagreeing exactly as a code below it does is the same disagreement.
        explained = {(a, d.values) for d in items for a in book.ancestors(d.code)}
        kept = [
            replace(d, applied=_applied(material, index, d.code))
            for d in items
            if (d.code, d.values) not in explained
        ]
        disagreements += sorted(kept, key=lambda d: rank[d.code])
    return rows, disagreements


def _applied(material: Material, index: int, code: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    per = material.applied.get(index, {})
    below = code + "/"
    return tuple(
        (c, tuple(sorted(x for x in per.get(c, ()) if x == code or x.startswith(below))))
        for c in material.coders
    )


def _unit_name(unit: Unit, name: str) -> str:
    if unit.lines is None:
        return f"{unit.document} response {unit.number}"
    return f"{unit.document} {name} {unit.number} ({_lines_word(unit.lines)})"


def _categorical(
    material: Material,
    book: Codebook,
    parent: str,
    credited: dict[int, dict[str, set[str]]],
) -> tuple[list[CodeAgreement], list[Disagreement]]:
    coders = material.coders
    children = tuple(c.path for c in book.children(parent)) if parent in book.codes else ()
    if not children:
        raise InvalidArgument(
            f"--categorical {parent}: the code has no children to serve as values",
            hint="name a parent code whose children are the exclusive values",
        )
    data: Counter[Pattern] = Counter()
    coded = 0
    disagreements: list[Disagreement] = []
    for index in range(len(material.units)):
        who = material.taking_part[index]
        per = credited.get(index, {})
        pattern: list[str | None] = []
        for coder in coders:
            given = sorted(set(children) & per.get(coder, set())) if coder in who else []
            if len(given) > 1:
                unit = material.units[index]
                raise InvalidData(
                    f"{_unit_name(unit, material.unit)}: {coder} gave two values of "
                    f"--categorical {parent}: {', '.join(given)}",
                    hint=f"give each {material.unit} at most one child of {parent}, "
                    "or compare per code without --categorical",
                )
            pattern.append(given[0] if given else None)
        key = tuple(pattern)
        if any(v is not None for v in key):
            coded += 1
            data[key] += 1
            given_values = [v for v in key if v is not None]
            if len(given_values) >= 2 and len(set(given_values)) > 1:
                disagreements.append(
                    Disagreement(
                        material.units[index],
                        parent,
                        tuple(zip(coders, key, strict=True)),
                        _applied(material, index, parent),
                    )
                )
    complete, agreed, percent, kappa, fleiss, alpha = _statistics(data, coders)
    row = CodeAgreement(
        parent,
        _label(book, parent),
        coders,
        complete,
        coded,
        agreed,
        percent,
        kappa,
        fleiss,
        alpha,
        values=children,
    )
    return [row], disagreements


def _notes(result: Agreement) -> list[str]:
    material = result.material
    coders = result.coders
    unit = material.unit
    notes: list[str] = []
    scope_word = "questions" if unit == "response" else "documents"
    complete_scopes = [s for s in material.scopes if set(coders) <= material.scope_coders[s]]
    notes.append(
        f"Units: {counted(len(material.units), unit)} in {counted(len(material.scopes), scope_word[:-1])}; "
        f"{len(complete_scopes)} of the {scope_word} were coded by every coder compared."
    )
    for coder in coders:
        missing = [s for s in material.scopes if coder not in material.scope_coders[s]]
        if missing:
            shown = ", ".join(missing[:4]) + (" ..." if len(missing) > 4 else "")
            notes.append(
                f"{coder} has no codings for {len(missing)} of the {len(material.scopes)} "
                f"{scope_word} ({shown}): their units are missing for {coder}, not 'not applied'."
            )
    if result.categorical:
        notes.append(
            f"Values: the children of {result.categorical}; a {unit} given none by a coder is "
            "missing for that coder; units with fewer than two values drop out of alpha."
        )
    else:
        notes.append(
            f"A coder applied a code to a {unit} when a segment with it or a code below it "
            f"overlaps the {unit}; a {unit} neither coder gave the code agrees on its absence."
        )
    if len(coders) > 2:
        notes.append(
            "kappa is Cohen's (two coders); with more, see Fleiss' kappa (units coded by all)."
        )
    unused = [r.code for r in result.rows if r.units_coded == 0]
    if unused and not result.categorical:
        shown = ", ".join(unused[:6]) + (" ..." if len(unused) > 6 else "")
        notes.append(
            f"{counted(len(unused), 'code')} no coder applied in scope (kappa and alpha "
            f"undefined, '—'): {shown}"
        )
    for r in result.rows:
        if r.units_coded and r.note():
            notes.append(f"{r.code}: {r.note()}")
    if material.stale:
        notes.append(
            f"{counted(material.stale, 'stale segment')} left out "
            "(the text changed since coding; run 'qualcode check')."
        )
    return notes


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _number(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else str(n)


def _and(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _range(values: list[float], what: str) -> str:
    low, high = min(values), max(values)
    if len(values) == 1:
        return f"{what} was {values[0]:.2f}"
    return f"{what} ranged from {low:.2f} to {high:.2f} (median {median(values):.2f})"


def methods_text(result: Agreement) -> str:
    """Return a methods-section paragraph describing ``result``, then its references.

    The paragraph names the coders, the unit and how many units, the rule for
    "applied", each statistic with its value (or range over codes) and its
    source; a statistic undefined for some codes says for how many.
    """
    material = result.material
    coders = result.coders
    unit = material.unit
    plural = unit + "s" if unit != "response" else "responses"
    scopes = [s for s in material.scopes if set(coders) <= material.scope_coders[s]]
    scope_word = "open questions" if unit == "response" else "documents"
    many = len(coders) > 2
    kappa_name = "Fleiss' kappa (Fleiss, 1971)" if many else "Cohen's kappa (Cohen, 1960)"
    alpha_name = "Krippendorff's alpha for nominal data (Krippendorff, 2011)"
    units = max((r.units for r in result.rows), default=0)
    text = [
        f"{_number(len(coders)).capitalize()} coders ({_and(list(coders))}) independently coded "
        f"the same {len(scopes)} {scope_word if len(scopes) != 1 else scope_word[:-1]}. "
    ]
    if result.categorical:
        row = result.rows[0]
        text.append(
            f"Each coder gave each {unit} at most one of the {len(row.values)} subcodes of "
            f"{result.categorical} ({_and([v.rsplit('/', 1)[-1] for v in row.values])}), "
            f"treated as the values of one nominal variable; a {unit} a coder gave none of them "
            f"was missing for that coder. "
        )
        kappa = row.fleiss if many else row.kappa
        stats = []
        if row.alpha.value is not None:
            stats.append(
                f"{alpha_name} over the {row.alpha.units} {plural} with two or more values "
                f"was {row.alpha.value:.2f}"
            )
        else:
            stats.append(f"{alpha_name} was undefined ({row.alpha.reason})")
        if kappa is not None:
            if kappa.value is not None:
                stats.append(
                    f"{kappa_name} over the {row.units} {plural} coded by every coder "
                    f"was {kappa.value:.2f}"
                )
            else:
                stats.append(f"{kappa_name} was undefined ({kappa.reason})")
        if row.percent_agreement is not None:
            stats.append(
                f"the coders agreed on {row.agreed} of {row.units} ({row.percent_agreement:.1f}%)"
            )
        text.append(_sentence("; ".join(stats)))
    else:
        text.append(
            f"Agreement was assessed for each code over the {units} {plural} of "
            f"{'those ' + scope_word if len(scopes) != 1 else 'that ' + scope_word[:-1]}: a coder "
            f"applied a code to a {unit} when any of their segments with that code or a code "
            f"below it overlapped the {unit}, and a {unit} neither coder gave the code counted "
            "as agreement on its absence. "
        )
        rows = [r for r in result.rows if r.units_coded]
        kappas = [
            k.value for r in rows if (k := (r.fleiss if many else r.kappa)) and k.value is not None
        ]
        alphas = [r.alpha.value for r in rows if r.alpha.value is not None]
        percents = [r.percent_agreement for r in rows if r.percent_agreement is not None]
        if len(result.rows) == 1 and rows:
            r = rows[0]
            k = r.fleiss if many else r.kappa
            parts = [
                f"{kappa_name} was "
                + (
                    f"{k.value:.2f}"
                    if k and k.value is not None
                    else f"undefined ({k.reason if k else ''})"
                ),
                f"{alpha_name} "
                + (
                    f"{r.alpha.value:.2f}"
                    if r.alpha.value is not None
                    else f"undefined ({r.alpha.reason})"
                ),
            ]
            text.append(
                f"For {r.code}, "
                + " and ".join(parts)
                + f", with {r.percent_agreement:.1f}% agreement ({r.agreed} of {r.units} {plural})."
            )
        elif rows:
            sentence = f"Across the {counted(len(rows), 'code')} applied by at least one coder, "
            sentence += _range(kappas, kappa_name) if kappas else f"{kappa_name} was undefined"
            sentence += ", " + (
                _range(alphas, alpha_name) if alphas else f"{alpha_name} was undefined"
            )
            if percents:
                sentence += (
                    f", and percent agreement from {min(percents):.1f}% to {max(percents):.1f}%"
                )
            text.append(sentence + ".")
            undefined = len(rows) - len(kappas)
            if undefined:
                text.append(
                    f" Kappa was undefined for {counted(undefined, 'code')} (no variation in the "
                    "values given)."
                )
        else:
            text.append("No coder applied any of the codes in scope, so no coefficient is defined.")
    cited = ["krippendorff", "fleiss" if many else "cohen"]
    references = sorted(REFERENCES[key] for key in cited)
    return "".join(text).strip() + "\n\nReferences\n\n" + "\n".join(references) + "\n"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


__all__ = [
    "APPLIED",
    "NOT_APPLIED",
    "REFERENCES",
    "UNITS",
    "Agreement",
    "CodeAgreement",
    "Disagreement",
    "Material",
    "Unit",
    "check_coders",
    "check_unit",
    "compare",
    "default_coders",
    "describe_disagreement",
    "document_material",
    "document_units",
    "methods_text",
    "project_agreement",
    "response_material",
]


def project_agreement(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    unit: str = "paragraph",
    codes: Sequence[str] | None = None,
    categorical: str | None = None,
    documents: Sequence[str] | None = None,
    where: Sequence[str] = (),
    survey: str | None = None,
    questions: Sequence[str] = (),
    use_index: bool = True,
    disagreements: bool = True,
) -> tuple[Agreement, list[str]]:
    """Load a project's codings and compute agreement (the library side of ``qualcode agreement``).

    Args:
        project: The project.
        coders: The coders to compare (default: every coder with codings but ``auto``).
        unit: ``line``, ``sentence``, ``paragraph`` or ``response``.
        codes: Code references to report (paths, names or labels; no fuzzy matching).
        categorical: A parent code reference (see :func:`compare`).
        documents: Document ids (or unique parts of them) to keep; default every document.
        where: ``key=value`` document filters (``--where``); with ``response``,
            filters on a survey question or attribute instead.
        survey: With ``unit="response"``: the survey (default: the only one).
        questions: With ``unit="response"``: open question ids (default: every open question).
        use_index: Read through the index cache.
        disagreements: List the disagreements too (see :func:`compare`).

    Returns:
        ``(agreement, warnings)``; warnings are lines for the caller to show.

    Raises:
        NotFound: an unknown coder, code, document, survey or question.
        InvalidArgument: fewer than two coders, a bad unit, or options that do not go together.
        InvalidData: a malformed file, or a categorical unit given two values by one coder.
    """
    from qualcode.codebook.tree import load_codebook

    unit = check_unit(unit)
    book = load_codebook(project.codebooks_dir)
    paths = [book.resolve(c, fuzzy=False) for c in codes] if codes else None
    parent = book.resolve(categorical, fuzzy=False) if categorical else None
    if unit == "response":
        if documents:
            raise InvalidArgument(
                "--document does not apply to --unit response", hint="use --survey and --question"
            )
        material, warnings = _survey_material(project, coders, survey, questions, where)
    else:
        if survey or questions:
            raise InvalidArgument(
                "--survey and --question go with --unit response", hint="add --unit response"
            )
        material, warnings = _documents_material(project, coders, unit, documents, where, use_index)
    result = compare(material, book, codes=paths, categorical=parent, disagreements=disagreements)
    return result, warnings


def _documents_material(
    project: Project,
    coders: Sequence[str] | None,
    unit: str,
    documents: Sequence[str] | None,
    where: Sequence[str],
    use_index: bool,
) -> tuple[Material, list[str]]:
    from qualcode.analysis import load_corpus
    from qualcode.analysis.corpus import check_scope
    from qualcode.store.codings import coding_files, machine_coders
    from qualcode.store.filters import parse_where, select

    corpus = load_corpus(project, use_index=use_index)
    files = {(p.parent.name, p.stem) for p in coding_files(project)}
    part = files | {(r[4], r[0]) for r in (*corpus.rows, *corpus.stale_rows)}
    known = {c for c, _ in part}
    machine = machine_coders(project.settings)
    chosen = check_coders(coders or default_coders(known, machine), known, defaulted=not coders)
    conditions = parse_where(where)
    warnings = check_scope(corpus, conditions=conditions)
    docs = corpus.documents
    if documents:
        wanted: list[Document] = []
        for ref in documents:
            doc = project.document(ref)
            if doc.id not in {d.id for d in wanted}:
                wanted.append(doc)
        ids = {d.id for d in wanted}
        docs = [d for d in docs if d.id in ids]
    if conditions:
        docs = select(docs, conditions)
    stale = sum(1 for r in corpus.stale_rows if r[4] in chosen and r[0] in {d.id for d in docs})
    material = document_material(
        docs, corpus.rows, coders=chosen, unit=unit, taking_part=part, stale=stale
    )
    for doc in docs:
        who = material.scope_coders[doc.id]
        if documents and len(who) < 2:
            warnings.append(
                f"{doc.id}: coded by {', '.join(sorted(who)) or 'none'} of the coders compared; "
                "it adds nothing to agreement"
            )
    return material, warnings


def _survey_material(
    project: Project,
    coders: Sequence[str] | None,
    survey: str | None,
    questions: Sequence[str],
    where: Sequence[str],
) -> tuple[Material, list[str]]:
    from qualcode.store.codings import machine_coders
    from qualcode.survey.store import list_survey_names, load_codings, load_survey, survey_coders

    names = list_survey_names(project)
    if survey is None:
        if len(names) != 1:
            raise InvalidArgument(
                "--unit response needs --survey NAME",
                hint="surveys: " + (", ".join(names) if names else "none yet"),
            )
        survey = names[0]
    data = load_survey(project, survey)
    known = survey_coders(project, survey)
    machine = machine_coders(project.settings)
    chosen = check_coders(coders or default_coders(known, machine), known, defaulted=not coders)
    if questions:
        chosen_questions = [data.question(q) for q in questions]
    else:
        chosen_questions = [q for q in data.questions if q.type == "open"]
    for q in chosen_questions:
        if q.type != "open":
            raise InvalidArgument(
                f"question {q.id!r} is {q.type}, not open",
                hint="agreement compares codes on open answers",
            )
    if not chosen_questions:
        raise InvalidArgument(f"survey {survey!r} has no open question", hint="nothing was coded")
    keep = [True] * len(data.ids)
    for spec in where:
        negate = "!=" in spec
        key, _, value = spec.partition("!=" if negate else "=")
        column = data.question(key.strip(), what="question or attribute")
        values = {v.strip().casefold() for v in value.split(",")}
        cells = data.columns[column.id]
        for i, cell in enumerate(cells):
            hit = (
                bool({v.strip().casefold() for v in column.values(cell)} & values)
                if cell
                else False
            )
            if hit == negate:
                keep[i] = False
    answers = {
        q.id: [
            (rid, cell)
            for rid, cell, kept in zip(data.ids, data.columns[q.id], keep, strict=True)
            if kept and cell.strip()
        ]
        for q in chosen_questions
    }
    codings = {c: load_codings(project, survey, c).codes for c in chosen}
    return response_material(survey, answers, codings, coders=chosen), []
