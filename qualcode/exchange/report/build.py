"""Gather what the report shows, from the library functions the other commands use.

Every figure comes from the function behind a command: code frequency from
:func:`qualcode.analysis.tally.tally` (``qualcode tally``), co-occurrence
from :func:`qualcode.analysis.cooccur.cooccurrence` (``qualcode cooccur``),
the code × attribute matrices from ``tally(by=...)`` (``qualcode tally
--by``), quotes from :func:`qualcode.analysis.quotes.retrieve` (``qualcode
quotes``), survey tallies from :func:`qualcode.survey.tally.tally_survey`
(``qualcode survey tally``), agreement from
:func:`qualcode.analysis.agreement.project_agreement` (``qualcode
agreement``), words from :func:`qualcode.analysis.words.count_words`
(``qualcode words``), memos from :func:`qualcode.store.memos.all_memos` and the
codebook from :func:`qualcode.codebook.tree.load_codebook`. This module only
chooses, orders and formats; it counts nothing itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from qualcode.analysis.corpus import Corpus
from qualcode.analysis.quotes import Passage
from qualcode.analysis.tally import Count, Tally, percent
from qualcode.codebook.tree import Codebook
from qualcode.errors import QualcodeError
from qualcode.store.project import Project

EXEMPLARS = 3
"""Quotes shown per code."""
QUOTE_LIMIT = 1200
"""A quote longer than this (characters) is cut, with its length stated."""
DISAGREEMENTS = 12
"""Units of disagreement shown (the rest are counted)."""
DOCUMENT_ROWS = 200
"""Documents listed in the summary (the rest are counted)."""
MATRIX_VALUES = 12
"""An attribute with more values than this gets no matrix (it would not fit a page)."""
WORDS_TOP = 30


@dataclass
class Row:
    """One table row for the page: cells as text; the first cell is the row header."""

    cells: list[str]
    depth: int = 0
    cls: str = ""
    shades: list[float | None] = field(default_factory=list)


@dataclass
class TableView:
    """A table ready to draw: caption, column headers (numeric ones right-aligned), rows, notes."""

    caption: str
    columns: list[str]
    rows: list[Row]
    numeric: list[bool] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class CodeEntry:
    """A codebook entry for the page."""

    path: str
    label: str
    depth: int
    description: str
    include: str
    exclude: str
    examples: list[str]
    keywords: list[str]
    color: str | None


@dataclass
class QuoteView:
    """One exemplar quote."""

    text: str
    citation: str
    document: str
    lines: str
    codes: list[str]
    coders: list[str]
    cut: int | None = None


@dataclass
class CodeQuotes:
    """The exemplar quotes of one code."""

    path: str
    label: str
    depth: int
    passages: int
    documents: int
    quotes: list[QuoteView]


@dataclass
class QuestionView:
    """One survey question: its tally table and chart."""

    id: str
    text: str
    type: str
    table: TableView
    chart: str
    notes: list[str]


@dataclass
class SurveyView:
    """One survey."""

    name: str
    title: str
    responses: int
    questions: list[QuestionView]
    coder: str | None
    notes: list[str]


@dataclass
class DisagreementView:
    """One unit the coders disagree on."""

    where: str
    text: str
    items: list[tuple[str, str]]


@dataclass
class AgreementView:
    """The agreement section: the table, the disagreements, a methods paragraph (or why not)."""

    available: bool
    reason: str = ""
    title: str = ""
    table: TableView | None = None
    disagreements: list[DisagreementView] = field(default_factory=list)
    disagreements_total: int = 0
    methods: str = ""
    references: list[str] = field(default_factory=list)


@dataclass
class MemoView:
    """One memo."""

    id: str
    title: str
    author: str | None
    created: str | None
    about: list[str]
    passage: str
    body: str


@dataclass
class Report:
    """Everything the page shows, in order (see :func:`build_report`)."""

    title: str
    project: str
    version: str
    scope: list[str]
    warnings: list[str]
    summary: dict[str, Any]
    documents: TableView
    codebook: list[CodeEntry]
    frequency: TableView
    frequency_charts: list[str]
    cooccurrence: str | None
    cooccurrence_table: TableView | None
    matrices: list[TableView]
    words: TableView | None
    words_chart: str | None
    surveys: list[SurveyView]
    quotes: list[CodeQuotes]
    agreement: AgreementView
    memos: list[MemoView]


def _in(path: str, selected: Sequence[str]) -> bool:
    return not selected or any(path == s or path.startswith(s + "/") for s in selected)


def _pct(n: int, total: int) -> str:
    pct = percent(n, total)
    return f"{n}" if pct is None else f"{n} ({pct:.1f}%)"


def _numeric(text: object) -> bool:
    return isinstance(text, (int, float)) and not isinstance(text, bool)


def _summary(project: Project, corpus: Corpus, result: Tally) -> dict[str, Any]:
    docs = corpus.documents
    kinds = Counter(d.kind for d in docs)
    dates = sorted(d.date for d in docs if d.date)
    people = sorted({p for d in docs for p in d.participants}, key=str.casefold)
    return {
        "documents": len(docs),
        "kinds": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        "participants": people,
        "participants_total": result.participants_total,
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "undated": sum(1 for d in docs if not d.date),
        "coders": corpus.coders(),
        "stale": result.stale,
        "unknown": result.unknown,
    }


def _documents_table(corpus: Corpus) -> TableView:
    docs = corpus.documents
    rows = [
        Row([d.id, d.kind, d.date or "n.d.", d.title, ", ".join(d.participants)])
        for d in docs[:DOCUMENT_ROWS]
    ]
    notes = []
    if len(docs) > DOCUMENT_ROWS:
        notes.append(
            f"{DOCUMENT_ROWS} of {len(docs)} documents listed; 'qualcode notes list' lists all."
        )
    return TableView(
        f"Documents ({len(docs)})",
        ["document", "kind", "date", "title", "participants"],
        rows,
        [False] * 5,
        notes,
    )


def _codebook(book: Codebook, selected: Sequence[str]) -> list[CodeEntry]:
    return [
        CodeEntry(
            code.path,
            code.label or code.name,
            code.depth,
            code.description,
            code.include,
            code.exclude,
            list(code.examples),
            list(code.keywords),
            code.color,
        )
        for code in book
        if _in(code.path, selected)
    ]


def _frequency_table(result: Tally) -> TableView:
    book = result.book
    rows = []
    for c in result.counts:
        code = book.codes.get(c.code)
        rows.append(
            Row(
                [
                    c.code,
                    code.label if code else "",
                    str(c.segments),
                    str(c.own_segments),
                    _pct(c.documents, c.documents_total),
                    _pct(c.participants, c.participants_total),
                ],
                depth=(code.depth if code else c.code.count("/") + 1) - 1,
            )
        )
    return TableView(
        "Code frequency",
        [
            "code",
            "label",
            "segments",
            "own",
            f"documents of {result.documents_total}",
            f"participants of {result.participants_total}",
        ],
        rows,
        [False, False, True, True, True, True],
        result.notes(),
    )


def _matrix(result: Tally, selected: Sequence[str]) -> TableView:
    book = result.book
    by_code: dict[str, dict[str | None, Count]] = {}
    for c in result.counts:
        if _in(c.code, selected):
            by_code.setdefault(c.code, {})[c.group] = c
    columns = ["code"]
    for group in result.groups:
        any_count = next(iter(by_code.values()), {}).get(group)
        total = any_count.documents_total if any_count else 0
        columns.append(f"{group} (of {total})")
    columns.append(f"all (of {result.documents_total})")
    rows = []
    for path, cells in by_code.items():
        code = book.codes.get(path)
        texts = [code.label if code and code.label else path]
        shades: list[float | None] = [None]
        for group in result.groups:
            c = cells[group]
            texts.append(_pct(c.documents, c.documents_total))
            shades.append(c.documents / c.documents_total if c.documents_total else None)
        overall = result.overall[path]
        texts.append(_pct(overall.documents, overall.documents_total))
        shades.append(
            overall.documents / overall.documents_total if overall.documents_total else None
        )
        rows.append(
            Row(texts, depth=(code.depth if code else path.count("/") + 1) - 1, shades=shades)
        )
    notes = [
        f"Documents coded with each code (or a code below it), of the documents with that "
        f"{result.by} value: qualcode tally --by {result.by} --unit documents.",
    ]
    return TableView(
        f"Codes × {result.by}", columns, rows, [False] + [True] * (len(columns) - 1), notes
    )


def _exemplars(passages: Sequence[Passage], code: str) -> list[Passage]:
    """Pick up to :data:`EXEMPLARS` passages: a person's coding, this very code, several documents.

    Passages inside a longer retrieved passage of the same document are left
    out (the longer one quotes them). Then passages coded by a person (not
    ``auto``) come first, then those coded with exactly ``code``; documents
    take turns, in document order, so the quotes come from different documents.
    """
    kept = []
    by_document: dict[str, list[Passage]] = {}
    for p in passages:
        by_document.setdefault(p.document.id, []).append(p)
    for doc_passages in by_document.values():
        # In (start, longest first) order, a passage lies inside a longer one
        # exactly when an earlier passage reaches as far as it does.
        reach = -1
        for p in sorted(doc_passages, key=lambda p: (p.start, -p.end)):
            if reach < p.end:
                kept.append(p)
            reach = max(reach, p.end)
    kept.sort(key=lambda p: (p.document.id, p.start, p.end))

    ranks = {
        id(p): (0 if any(c != "auto" for c in p.coders) else 1, 0 if code in p.codes else 1)
        for p in kept
    }

    def rank(p: Passage) -> tuple[int, int]:
        return ranks[id(p)]

    best = min(ranks.values(), default=(0, 0))
    pool = [p for p in kept if rank(p) <= best] or kept
    if len(pool) < EXEMPLARS:
        pool = sorted(kept, key=lambda p: (rank(p), p.document.id, p.start))
    by_doc: dict[str, list[Passage]] = {}
    for p in pool:
        by_doc.setdefault(p.document.id, []).append(p)
    chosen: list[Passage] = []
    while len(chosen) < EXEMPLARS and any(by_doc.values()):
        for doc_id in list(by_doc):
            if by_doc[doc_id] and len(chosen) < EXEMPLARS:
                chosen.append(by_doc[doc_id].pop(0))
    return sorted(chosen, key=lambda p: (p.document.id, p.start, p.end))


def _quote_view(p: Passage) -> QuoteView:
    from qualcode.analysis.quotes import lines_text

    text = p.text.strip("\n")
    cut = None
    if len(text) > QUOTE_LIMIT:
        cut = len(text)
        text = text[:QUOTE_LIMIT].rsplit(" ", 1)[0] + " […]"
    return QuoteView(
        text, p.citation, p.document.id, lines_text(*p.lines), list(p.codes), list(p.coders), cut
    )


def _quotes(
    corpus: Corpus, book: Codebook, project: Project, selected: Sequence[str]
) -> list[CodeQuotes]:
    """Return each code's exemplar quotes.

    One retrieval of every code (citations made once), then each code's
    quotes are those of its subtree: the rows ``qualcode quotes CODE``
    retrieves, as it keeps a segment when its code is the code or below it.
    """
    from qualcode.analysis.quotes import Quotes, retrieve

    codes = [c for c in book if _in(c.path, selected)]
    every = retrieve(corpus, book, [c.path for c in book.roots()], settings=project.settings)
    by_code: dict[str, list[int]] = {}
    for number, quote in enumerate(every.quotes):
        by_code.setdefault(quote.segment.code, []).append(number)
    found = []
    for code in codes:
        numbers = sorted(n for d in book.descendants(code.path) for n in by_code.get(d, ()))
        mine = Quotes([every.quotes[n] for n in numbers], [code.path])
        passages = mine.passages()
        found.append(
            CodeQuotes(
                code.path,
                code.label or code.name,
                code.depth,
                len(passages),
                len({p.document.id for p in passages}),
                [_quote_view(p) for p in _exemplars(passages, code.path)],
            )
        )
    return found


def _surveys(project: Project, book: Codebook | None, coder: str | None) -> list[SurveyView]:
    from qualcode.exchange.charts import code_labels, survey_chart
    from qualcode.survey.store import list_survey_names, load_codings, load_survey, tally_coder
    from qualcode.survey.tally import tally_survey

    labels = code_labels(book) if book is not None else None
    views = []
    for name in list_survey_names(project):
        survey = load_survey(project, name)
        opened = [q.id for q in survey.questions if q.type == "open"]
        texts = {q.id: q.text for q in survey.questions}
        chosen, note = tally_coder(project, name, coder) if opened else (None, None)
        codings = load_codings(project, name, chosen) if chosen else None
        questions = []
        for q in survey.questions:
            table = tally_survey(
                survey, [q.id], codings=codings, codebook=book, open_note=note if note else None
            )
            multi = q.type == "multi"
            columns = ["answer", "respondents"] + (["mentions"] if multi else [])
            rows = []
            for r in table.records():
                if r["value"] is None:
                    rows.append(
                        Row(["(missing)", str(r["share"])] + ([""] if multi else []), cls="missing")
                    )
                    continue
                value = str(r["value"])
                depth = value.count("/") if q.type == "open" else 0
                shown = (labels or {}).get(value, value) if q.type == "open" else value
                cells = [shown, str(r["share"])]
                if multi:
                    cells.append(str(r.get("mentions_share") or ""))
                if r.get("mean") is not None:
                    cells[1] += (
                        f"; mean {r['mean']}, median {r['median']}, {r['min']} to {r['max']}"
                    )
                rows.append(Row(cells, depth=depth))
            medians = {r.get("median") for r in table.records() if q.type == "likert"}
            notes = list(table.notes)
            if q.type == "likert" and len(medians) == 1 and None not in medians:
                notes.append(f"Median answer: {medians.pop()}.")
            view = TableView(
                f"{q.id}: {q.text}", columns, rows, [False] + [True] * (len(columns) - 1), notes
            )
            chart = survey_chart(table, labels=labels, open_questions=opened, texts=texts)
            questions.append(QuestionView(q.id, q.text, q.type, view, chart, notes))
        views.append(
            SurveyView(name, survey.title, len(survey), questions, chosen, [note] if note else [])
        )
    return views


def _agreement(
    project: Project, where: Sequence[str], selected: Sequence[str], corpus: Corpus
) -> AgreementView:
    from qualcode.analysis.agreement import (
        default_coders,
        describe_disagreement,
        project_agreement,
    )

    people = default_coders(corpus.coders())
    if len(people) < 2:
        who = ", ".join(people) if people else "none"
        return AgreementView(
            False,
            reason=f"Intercoder agreement needs two or more coders besides auto; "
            f"this project has {len(people)} ({who}).",
        )
    try:
        result, warnings = project_agreement(
            project, where=where, codes=list(selected) or None, unit="paragraph"
        )
    except QualcodeError as exc:
        return AgreementView(False, reason=f"Agreement could not be computed: {exc.message}")
    shown = result.display_table()
    table = TableView(
        shown.title or "",
        [str(c) for c in shown.columns],
        [
            Row(
                [r.code, *(str(v) for v in cells[1:])],
                depth=0 if result.categorical else r.code.count("/"),
            )
            for r, cells in zip(result.rows, shown.rows, strict=True)
        ],
        [False] + [True] * (len(shown.columns) - 1),
        [*warnings, *result.notes],
    )
    grouped: dict[Any, list[Any]] = {}
    for d in result.disagreements:
        grouped.setdefault(d.unit, []).append(d)
    views = []
    for unit, items in list(grouped.items())[:DISAGREEMENTS]:
        doc = corpus.document(unit.document)
        where_text = unit.document
        if doc is not None and unit.lines:
            where_text = f"{doc.title or doc.id}, lines {unit.lines}"
        elif unit.lines is None:
            where_text = f"{unit.document}, response {unit.number}"
        views.append(
            DisagreementView(
                where_text,
                unit.text,
                [(d.code, describe_disagreement(d, result.categorical)) for d in items],
            )
        )
    text = result.methods()
    body, _, refs = text.partition("\n\nReferences\n\n")
    return AgreementView(
        True,
        title=result.title(),
        table=table,
        disagreements=views,
        disagreements_total=len(grouped),
        methods=body,
        references=[r for r in refs.strip("\n").split("\n") if r],
    )


def _memos(
    project: Project,
    corpus: Corpus,
    whole: Corpus,
    book: Codebook,
    selected: Sequence[str],
    scoped: bool,
) -> list[MemoView]:
    """Return the memos to show: memo files, then coding memos (one per passage and text).

    A coding memo written once on a passage coded with several codes is
    stored on each segment; it is shown once, naming every code. With
    ``--where``, memos about documents out of scope are left out; with
    ``--code``, memos about other codes. The memos are those of ``qualcode
    memo list``: the memo files, then the memos of the segments (read from
    the corpus already loaded, stale segments included).
    """
    from qualcode.analysis.corpus import row_segment
    from qualcode.analysis.quotes import citation_templates, cite_passage, line_span, lines_text
    from qualcode.store.memos import load_memos, segment_memos

    coded = [row_segment(r) for r in (*whole.rows, *whole.stale_rows) if r[6]]

    templates = citation_templates(project.settings)

    def code_name(path: str) -> str:
        code = book.codes.get(path)
        return f"{code.label} ({path})" if code and code.label != path else path

    views: list[MemoView] = []
    seen: dict[tuple[Any, ...], MemoView] = {}
    for memo in load_memos(project) + segment_memos(coded):
        docs = memo.documents()
        if scoped and docs and not any(corpus.document(d) for d in docs):
            continue
        if selected and memo.code and not _in(memo.code, selected):
            continue
        seg = memo.segment
        key = (
            (memo.kind, memo.author, seg.document, seg.start, seg.end, memo.body)
            if (memo.kind == "coding" and seg is not None)
            else None
        )
        if key is not None and key in seen:
            first = seen[key].about[0]
            if memo.code and first.startswith("code"):
                seen[key].about[0] = "codes " + first.split(" ", 1)[1] + f", {code_name(memo.code)}"
            continue
        about = [f"code {code_name(memo.code)}"] if memo.code else []
        passage = ""
        for doc_id in sorted(docs):
            doc = corpus.document(doc_id)
            if doc is None:
                about.append(f"document {doc_id}")
            elif seg is not None and seg.document == doc_id:
                first, last = line_span(doc.body, seg.start, seg.end)
                where = "line" if first == last else "lines"
                about.append(
                    f"a passage of {doc.title or doc.id}, {where} {lines_text(first, last)}"
                )
                text = (seg.text or doc.body[seg.start : seg.end]).strip()
                cite = cite_passage(templates, doc, seg.start, seg.end, turns=corpus.turns(doc.id))
                passage = f"{text} {cite}"
            else:
                about.append(f"document {doc.title or doc.id}")
        body = memo.body.strip()
        view = MemoView(
            memo.id,
            memo.title,
            memo.author,
            memo.created,
            about,
            passage,
            "" if " ".join(body.split()) == memo.title else body,
        )
        views.append(view)
        if key is not None:
            seen[key] = view
    return views


def build_report(
    project: Project,
    *,
    codes: Sequence[str] = (),
    where: Sequence[str] = (),
    coder: str | None = None,
    include_machine: bool = False,
    title: str | None = None,
    use_index: bool = True,
) -> Report:
    """Gather every section of the report for a project.

    Args:
        project: The project.
        codes: Code references (paths, names, labels; fuzzy as on the command
            line): only these codes and their descendants appear, and the
            co-occurrence heat map crosses exactly them (default: every code;
            the heat map crosses the top-level codes).
        where: ``key=value`` document filters (as ``--where``); surveys are
            tallied whole.
        coder: Count and quote only this coder's segments (and tally survey
            answers with this coder's codes). Agreement always compares every
            coder but ``auto``.
        include_machine: Count and quote machine coders' segments too
            (``--include-auto``); by default the report is human coding only
            (:func:`qualcode.analysis.corpus.select_coders`).
        title: The page's title (default: the project's name).
        use_index: Read through the index cache.

    Returns:
        The :class:`Report`; :func:`qualcode.exchange.report.render_report`
        draws it.

    Raises:
        QualcodeError: what the underlying commands raise (an unknown code,
            coder or attribute, a malformed file).
    """
    from qualcode import __version__
    from qualcode.analysis import load_corpus
    from qualcode.analysis.cooccur import cooccurrence
    from qualcode.analysis.corpus import scope_corpus
    from qualcode.analysis.tally import tally
    from qualcode.analysis.words import count_words, load_stopwords
    from qualcode.codebook.tree import load_codebook
    from qualcode.exchange.charts import code_labels, heatmap, tally_chart, words_chart
    from qualcode.store.filters import document_values

    book = load_codebook(project.codebooks_dir, cache_dir=project.private_dir)
    selected = [book.resolve(c) for c in codes]
    whole = load_corpus(project, use_index=use_index, text=True)
    corpus, warnings = scope_corpus(
        whole,
        where=where,
        coder=coder,
        settings=project.settings,
        include_machine=include_machine,
    )
    if corpus.coder_note:
        warnings = [*warnings, corpus.coder_note]
    name = str(project.settings.get("name") or project.root.name)

    result = tally(corpus, book)
    if selected:
        result = replace(result, counts=[c for c in result.counts if _in(c.code, selected)])
    frequency = _frequency_table(result)
    charts = [tally_chart(result, "segments"), tally_chart(result, "documents")]

    co_codes = selected or [c.path for c in book.roots()]
    co_table = cooccurrence(corpus, book, co_codes, unit="segment") if co_codes else None
    labels = code_labels(book)
    co_view = None
    if co_table is not None:
        co_view = TableView(
            co_table.title or "",
            ["code", *(labels.get(str(c), str(c)) for c in co_table.columns[1:])],
            [
                Row([labels.get(str(r[0]), str(r[0])), *(str(v) for v in r[1:])])
                for r in co_table.rows
            ],
            [False] + [True] * (len(co_table.columns) - 1),
            list(co_table.notes),
        )

    matrices = []
    attributes = sorted({k for d in corpus.documents for k in d.attributes}, key=str.casefold)
    for key in ["kind", *attributes]:
        values = {v for d in corpus.documents for v in document_values(d, key)}
        if 2 <= len(values) <= MATRIX_VALUES:
            matrices.append(_matrix(tally(corpus, book, by=key), selected))

    stopwords, names = load_stopwords([], language=project.settings.get("language"))
    words = count_words(
        corpus,
        book,
        codes=selected,
        stopwords=stopwords,
        stopword_names=names,
        top=WORDS_TOP,
        settings=project.settings,
    )
    words_view = TableView(
        words.title(),
        ["word", "count", "percent", "documents"],
        [
            Row(
                [
                    r.word,
                    str(r.count),
                    f"{words.percent(r):.1f}%" if words.percent(r) is not None else "",
                    f"{r.documents} of {words.documents_total.get(None, 0)}",
                ]
            )
            for r in words.rows
        ],
        [False, True, True, True],
        words.notes(),
    )

    scope = [
        f"Documents: {len(corpus.documents)} of {len(whole.documents)}"
        + (f" (--where {' '.join(where)})" if where else " (all)"),
        "Coders: "
        + (coder if coder else ", ".join(corpus.coders()) or "none")
        + ("" if coder else " (every coder's segments; a coder is chosen with --coder)"),
    ]
    if selected:
        scope.append("Codes: " + ", ".join(selected) + " (each with the codes below it)")
    return Report(
        title=title or name,
        project=name,
        version=__version__,
        scope=scope,
        warnings=warnings,
        summary=_summary(project, corpus, result),
        documents=_documents_table(corpus),
        codebook=_codebook(book, selected),
        frequency=frequency,
        frequency_charts=charts,
        cooccurrence=heatmap(co_table, labels=labels) if co_table is not None else None,
        cooccurrence_table=co_view,
        matrices=matrices,
        words=words_view if words.rows else None,
        words_chart=words_chart(words) if words.rows else None,
        surveys=_surveys(project, book if len(book) else None, coder),
        quotes=_quotes(corpus, book, project, selected),
        agreement=_agreement(project, where, selected, whole),
        memos=_memos(project, corpus, whole, book, selected, bool(where)),
    )
