"""``qualcode quotes``: retrieve coded passages with citations."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._options import (
    CoderOption,
    Format,
    FormatOption,
    IncludeAutoOption,
    KindOption,
    NoIndexOption,
    OutputOption,
    ProjectOption,
    WhereOption,
    flags,
)


def quotes_command(
    code: Annotated[str, typer.Argument(help="Code path or name; its descendants are included.")],
    and_codes: Annotated[
        list[str] | None,
        typer.Option("--and", help="Keep passages overlapping this code too (repeatable)."),
    ] = None,
    or_codes: Annotated[
        list[str] | None,
        typer.Option("--or", help="Also retrieve this code (repeatable)."),
    ] = None,
    not_codes: Annotated[
        list[str] | None,
        typer.Option("--not", help="Drop passages overlapping this code (repeatable)."),
    ] = None,
    where: WhereOption = None,
    kind: KindOption = None,
    coder: CoderOption = None,
    include_auto: IncludeAutoOption = False,
    limit: Annotated[
        int | None, typer.Option(*flags("--limit"), min=0, help="Show at most this many rows.")
    ] = None,
    each: Annotated[
        bool,
        typer.Option(
            "--each",
            help="One row per segment (code and coder); default: one row per distinct passage.",
        ),
    ] = False,
    memos: Annotated[
        bool,
        typer.Option(
            "--memos",
            help="Show the memos about these codes, documents and passages beside the quotes.",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Retrieve every passage coded with CODE (or a descendant), with a citation.

    One row per distinct passage (document, start, end) listing its codes and
    coders; --each gives one row per segment. -f md leaves out a passage that
    lies inside a longer one. --memos adds the memos about the codes, the
    documents and the passages (coding memos too).

    Example: qualcode quotes paternalism --not paternalism/state --where generation=older -f md
    """
    from qualcode.analysis.quotes import retrieve
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, show_table, write_output
    from qualcode.cli.tally import scoped_corpus
    from qualcode.codebook.tree import load_codebook

    proj = open_project(project)
    book = load_codebook(proj.codebooks_dir, cache_dir=proj.private_dir)
    corpus = scoped_corpus(
        proj,
        where=where,
        kind=kind,
        coder=coder,
        no_index=no_index,
        include_auto=include_auto,
        text=True,
    )
    result = retrieve(
        corpus,
        book,
        [book.resolve(code)],
        and_codes=[book.resolve(c) for c in and_codes or []],
        or_codes=[book.resolve(c) for c in or_codes or []],
        not_codes=[book.resolve(c) for c in not_codes or []],
        settings=proj.settings,
        each=each,
    )
    if memos:
        from qualcode.store.memos import all_memos

        result = result.with_memos(all_memos(proj), book)
    if limit is not None:
        result = result.head(limit)
    if fmt is Format.md:
        write_output(result.to_markdown(), output)
        for note in result.notes():
            message(note)
    else:
        show_table(result.table(), fmt.value, output)
