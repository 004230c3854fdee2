"""Exports for papers and statistics: every segment as CSV, coded quotes as Markdown, wide tables.

* :func:`segments_table`: ``qualcode export csv``, one row per current segment
  (columns in :data:`SEGMENT_COLUMNS`, with each document attribute after
  ``participants``);
* :func:`quotes_appendix`: ``qualcode export md``, the coded quotes grouped by
  code in codebook order, each code with its definition;
* :func:`document_matrix`: ``qualcode export r`` and ``export spss``, one row
  per document and one column per code (segments coded with it or a
  descendant, or 0/1), after the document's attributes; column names that R's
  ``read.csv`` and SPSS's ``GET DATA`` accept unchanged (:func:`r_name`,
  :func:`spss_name`).

Segments are the current ones (:func:`qualcode.analysis.load_corpus`); stale
segments are left out, and the result says how many.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from qualcode.analysis.corpus import Corpus, attribute_names
from qualcode.analysis.quotes import DEFAULT_CITATION, citation, line_span, lines_text, speaker_at
from qualcode.codebook.tree import Codebook
from qualcode.models import Document
from qualcode.table import Table

SEGMENT_COLUMNS = (
    "document",
    "kind",
    "date",
    "participants",
    "code",
    "coder",
    "start",
    "end",
    "lines",
    "text",
    "citation",
)
"""The fixed columns of ``export csv``; the attributes come after ``participants``."""

DIALECTS = ("r", "spss")
_R_RESERVED = {
    "if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE",
    "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "NA_complex_", "in",
}  # fmt: skip
_SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
_SPSS_MAX_BYTES = 64


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def r_name(text: str) -> str:
    """Return a syntactically valid R name, as ``make.names`` would make it (ASCII only).

    Characters other than letters, digits, ``.`` and ``_`` become ``.``; a name
    that does not start with a letter (or a dot not followed by a digit), or
    that is a reserved word, gets an ``X`` in front (R Language Definition,
    section 10.3.2, and ``?make.names``). ``c-factor/confianza`` →
    ``c.factor.confianza``.
    """
    name = re.sub(r"[^A-Za-z0-9._]", ".", _ascii(text)) or "X"
    if not re.match(r"^([A-Za-z]|\.(?![0-9]))", name) or name in _R_RESERVED:
        name = "X" + name
    return name


def spss_name(text: str) -> str:
    """Return a valid SPSS variable name (IBM SPSS Statistics, "Variable names").

    ASCII letters, digits, ``_`` and ``.``; first a letter (else ``v`` is put
    in front); at most 64 bytes; no final ``.`` or ``_``; not a reserved word
    (ALL, AND, BY, EQ, GE, GT, LE, LT, NE, NOT, OR, TO, WITH).
    ``c-factor/confianza`` → ``c_factor_confianza``.
    """
    name = re.sub(r"[^A-Za-z0-9_.]+", "_", _ascii(text)).strip("_.")
    if not name or not name[0].isalpha():
        name = "v" + (("_" + name) if name else "")
    name = name[:_SPSS_MAX_BYTES].rstrip("_.")
    if name.upper() in _SPSS_RESERVED:
        name = "v_" + name
    return name


def unique_names(names: Iterable[str], dialect: str) -> list[str]:
    """Return ``names`` made valid for ``dialect`` (``r`` or ``spss``) and unique.

    A repeated name gets ``.2``, ``.3``... (R) or ``_2``, ``_3``... (SPSS,
    compared ignoring case, as SPSS does).
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        base = r_name(raw) if dialect == "r" else spss_name(raw)
        name, number = base, 2
        while (name if dialect == "r" else name.upper()) in seen:
            suffix = f".{number}" if dialect == "r" else f"_{number}"
            name = (base if dialect == "r" else base[: _SPSS_MAX_BYTES - len(suffix)]) + suffix
            number += 1
        seen.add(name if dialect == "r" else name.upper())
        out.append(name)
    return out


def _attribute_columns(documents: Sequence[Document], fixed: Iterable[str]) -> list[str]:
    keys = [k for k in attribute_names(documents) if any(k in d.attributes for d in documents)]
    taken = set(fixed)
    return [k for k in keys if k not in taken] + [f"attribute:{k}" for k in keys if k in taken]


def _attribute(doc: Document, column: str) -> Any:
    key = column.removeprefix("attribute:") if column not in doc.attributes else column
    return doc.attributes.get(key)


def segments_table(
    corpus: Corpus, *, template: str | None = None, settings: dict[str, Any] | None = None
) -> Table:
    """Return one row per current segment, in (document, start, end, code, coder) order.

    Columns: ``document``, ``kind``, ``date`` (ISO or empty), ``participants``
    (``"; "``-joined pseudonyms), one column per document attribute (an
    attribute whose name is a fixed column is called ``attribute:NAME``), then
    ``code``, ``coder``, ``start``, ``end`` (0-based code points, end
    exclusive), ``lines`` (1-based, ``12`` or ``12-14``), ``text`` and
    ``citation`` (the project's citation template).

    Args:
        corpus: The corpus, loaded with text.
        template: A citation template (default: ``settings["citation"]``).
        settings: The project settings.
    """
    template = template or str((settings or {}).get("citation") or DEFAULT_CITATION)
    attributes = _attribute_columns(corpus.documents, SEGMENT_COLUMNS)
    columns = [*SEGMENT_COLUMNS[:4], *attributes, *SEGMENT_COLUMNS[4:]]
    rows = []
    for seg in corpus.segments:
        doc = corpus.document(seg.document)
        if doc is None:  # pragma: no cover - the corpus keeps segments of its documents
            continue
        first, last = line_span(doc.body, seg.start, seg.end)
        lines = lines_text(first, last)
        cite = citation(template, doc, lines=lines, speaker=speaker_at(doc, seg.start))
        rows.append(
            (
                doc.id,
                doc.kind,
                doc.date,
                "; ".join(doc.participants),
                *(_attribute(doc, c) for c in attributes),
                seg.code,
                seg.coder,
                seg.start,
                seg.end,
                lines,
                seg.text,
                cite,
            )
        )
    notes = []
    if corpus.stale_rows:
        notes.append(f"{len(corpus.stale_rows)} stale segment(s) left out; run 'qualcode check'")
    return Table(
        tuple(columns),
        rows,
        title=f"{len(rows)} segments",
        notes=notes,
        terminal_columns=("document", "code", "coder", "lines", "text"),
    )


def _md(text: str) -> str:
    return " ".join(text.split())


def quotes_appendix(
    corpus: Corpus,
    book: Codebook,
    *,
    title: str = "Coded quotes",
    settings: dict[str, Any] | None = None,
) -> str:
    """Return the coded quotes as a Markdown appendix, grouped by code in codebook order.

    Each code that has segments (itself or below it) gets a numbered heading
    (``## 1.2 Label (`path`)``), its definition, a count line ("3 passages
    from 2 documents"), then its own passages as block quotes ending with
    their citation and, when several coders coded the passage, the coders.
    A passage is one (document, start, end); segments of other codes on the
    same words appear under those codes too.

    Args:
        corpus: The corpus, loaded with text.
        book: The codebook.
        title: The top heading.
        settings: The project settings (for the citation template).
    """
    template = str((settings or {}).get("citation") or DEFAULT_CITATION)
    own: dict[str, dict[tuple[str, int, int], list[str]]] = defaultdict(dict)
    for seg in corpus.segments:
        own[seg.code].setdefault((seg.document, seg.start, seg.end), []).append(seg.coder)
    used = {p for p in own if p in book.codes}
    live = {a for p in used for a in (p, *book.ancestors(p))}
    lines = [f"# {title}", ""]
    numbers: dict[str, str] = {}
    counters: dict[str | None, int] = {}
    for code in book:
        if code.path not in live:
            continue
        counters[code.parent] = counters.get(code.parent, 0) + 1
        prefix = numbers[code.parent] + "." if code.parent else ""
        numbers[code.path] = f"{prefix}{counters[code.parent]}"
        level = "#" * min(code.depth + 1, 6)
        lines += [f"{level} {numbers[code.path]} {code.label} (`{code.path}`)", ""]
        if code.description:
            lines += [f"*Definition:* {_md(code.description)}", ""]
        if code.include:
            lines += [f"*When to use:* {_md(code.include)}", ""]
        passages = own.get(code.path, {})
        if not passages:
            continue
        documents = len({key[0] for key in passages})
        count = len(passages)
        lines += [
            f"{count} passage{'s' if count != 1 else ''} from {documents} "
            f"document{'s' if documents != 1 else ''}.",
            "",
        ]
        for (doc_id, start, end), coders in sorted(passages.items()):
            doc = corpus.document(doc_id)
            if doc is None:  # pragma: no cover
                continue
            first, last = line_span(doc.body, start, end)
            cite = citation(
                template, doc, lines=lines_text(first, last), speaker=speaker_at(doc, start)
            )
            text_lines = doc.body[start:end].strip("\n").split("\n")
            who = sorted(set(coders))
            tail = f" {cite}" + (f" [coders: {', '.join(who)}]" if len(who) > 1 else "")
            text_lines[-1] += tail
            lines += [f"> {line}".rstrip() for line in text_lines]
            lines.append("")
    if len(lines) == 2:
        lines += ["No coded segments.", ""]
    if corpus.stale_rows:
        lines += [
            f"*{len(corpus.stale_rows)} stale segment(s) left out (the text changed since coding).*",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def document_matrix(
    corpus: Corpus, book: Codebook, *, dialect: str = "r", binary: bool = False
) -> Table:
    """Return the document x code table: attributes, then one column per code.

    A code's cell counts the distinct segments (coder, start, end) coded with
    the code or a descendant in that document (the tally's roll-up rule), or
    is 1/0 with ``binary``. Column names are valid in ``dialect``
    (:func:`unique_names`); the first columns are ``document``, ``kind``,
    ``date``, ``participants`` (how many), then each attribute, then the codes
    in codebook order.

    Missing values are ``NA`` for R and empty for SPSS; booleans are
    ``TRUE``/``FALSE`` for R and 1/0 for SPSS.

    Args:
        corpus: The corpus (text not needed).
        book: The codebook.
        dialect: ``r`` or ``spss``.
        binary: 1/0 instead of counts.

    Returns:
        The table; ``notes`` maps each code column back to its code path.
    """
    from qualcode.errors import InvalidArgument

    if dialect not in DIALECTS:
        raise InvalidArgument(f"unknown dialect {dialect!r}", hint="use r or spss")
    attributes = _attribute_columns(corpus.documents, ("document", "kind", "date", "participants"))
    codes = [c.path for c in book]
    units: dict[tuple[str, str], set[tuple[str, int, int]]] = defaultdict(set)
    for seg in corpus.segments:
        if seg.code not in book.codes:
            continue
        for path in (seg.code, *book.ancestors(seg.code)):
            units[(seg.document, path)].add((seg.coder, seg.start, seg.end))
    fixed = ["document", "kind", "date", "participants", *attributes]
    names = unique_names([*fixed, *codes], dialect)
    missing = "NA" if dialect == "r" else None

    def cell(value: Any) -> Any:
        if value is None or value == "":
            return missing
        if isinstance(value, bool):
            return ("TRUE" if value else "FALSE") if dialect == "r" else int(value)
        if isinstance(value, str) and dialect == "spss":
            return " ".join(value.split())  # SPSS reads one line per case
        return value

    rows = []
    for doc in corpus.documents:
        counts = [len(units.get((doc.id, path), ())) for path in codes]
        if binary:
            counts = [1 if n else 0 for n in counts]
        rows.append(
            (
                doc.id,
                doc.kind,
                cell(doc.date),
                len(doc.participants),
                *(cell(_attribute(doc, c)) for c in attributes),
                *counts,
            )
        )
    legend = [f"{name} = {path}" for name, path in zip(names[len(fixed) :], codes, strict=True)]
    return Table(tuple(names), rows, title="documents x codes", notes=legend)


__all__ = [
    "DIALECTS",
    "SEGMENT_COLUMNS",
    "document_matrix",
    "quotes_appendix",
    "r_name",
    "segments_table",
    "spss_name",
    "unique_names",
]
