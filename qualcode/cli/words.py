"""``qualcode words``: word frequencies of the documents or of coded passages."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._options import (
    ChartFormat,
    ChartFormatOption,
    CoderOption,
    IncludeAutoOption,
    KindOption,
    NoIndexOption,
    OutputOption,
    ProjectOption,
    WhereOption,
    flags,
)


def _by(value: str | None) -> str | None:
    from qualcode.analysis.words import BY

    if value is not None and value not in BY:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(BY)}")
    return value


def words_command(
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code",
            help="Count only the passages coded with this code or below it (repeatable).",
            show_default=False,
        ),
    ] = None,
    stopwords: Annotated[
        list[str] | None,
        typer.Option(
            "--stopwords",
            help="Words to leave out: es, en, none, or a file with one word per line "
            "(repeatable; default: the project's language and en).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option("--top", min=0, help="Show the N most frequent words (0: every word)."),
    ] = 30,
    by: Annotated[
        str | None,
        typer.Option(
            *flags("--by"),
            help="Count per document, or per code (each --code, default the top-level codes).",
            callback=_by,
            show_default=False,
        ),
    ] = None,
    coder: CoderOption = None,
    include_auto: IncludeAutoOption = False,
    where: WhereOption = None,
    kind: KindOption = None,
    fmt: ChartFormatOption = ChartFormat.table,
    output: OutputOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Count the most frequent words, ignoring case and accents, without stopwords.

    Counts the documents' text, or with --code only the passages coded with
    those codes (each with its descendants). Speaker labels are not counted.
    'percent' is of the words counted; 'documents' of the documents with
    counted text. --format svg draws the bar chart the report shows. With
    --code, human coding only: machine suggestions (coder auto) with
    --coder auto or --include-auto.

    Example: qualcode words --code trust --top 20
    Example: qualcode words --where generation=younger --stopwords es --stopwords extra.txt
    """
    from pathlib import Path

    from qualcode.analysis.words import count_words, load_stopwords
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table, write_output
    from qualcode.cli.tally import scoped_corpus
    from qualcode.codebook.tree import load_codebook

    proj = open_project(project)
    words_list, names = load_stopwords(
        stopwords or [], language=proj.settings.get("language"), base=Path.cwd()
    )
    book = load_codebook(proj.codebooks_dir, cache_dir=proj.private_dir)
    paths = [book.resolve(c) for c in code or []]
    corpus = scoped_corpus(
        proj,
        where=where,
        kind=kind,
        coder=coder,
        no_index=no_index,
        include_auto=include_auto,
        text=True,
    )
    result = count_words(
        corpus,
        book,
        codes=paths,
        by=by,
        stopwords=words_list,
        stopword_names=names,
        top=top,
        settings=proj.settings,
    )
    if fmt is ChartFormat.svg:
        from qualcode.exchange.charts import words_chart

        write_output(words_chart(result), output)
        return
    if fmt in (ChartFormat.table, ChartFormat.md):
        show_table(result.display_table(), fmt.value, output)
    else:
        show_table(result.table(), fmt.value, output)
