"""``qualcode grep``: keyword in context across the corpus."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._options import (
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


def grep_command(
    pattern: Annotated[
        str, typer.Argument(help="Word or phrase (or a regular expression with --regex).")
    ],
    context: Annotated[
        int, typer.Option(*flags("--context"), min=0, help="Characters of context on each side.")
    ] = 40,
    regex: Annotated[
        bool, typer.Option(*flags("--regex"), help="PATTERN is a regular expression.")
    ] = False,
    exact: Annotated[
        bool, typer.Option("--exact", help="Match case and accents exactly as written.")
    ] = False,
    kind: KindOption = None,
    where: WhereOption = None,
    include_auto: IncludeAutoOption = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    no_index: NoIndexOption = False,
    project: ProjectOption = None,
) -> None:
    """Find a word in every document, with context, line numbers and the codes on that line.

    Matching ignores case and accents: 'confio' finds 'Confío'.

    Example: qualcode grep confianza --kind interview --context 30
    """
    from qualcode.analysis.kwic import keyword_in_context
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.cli.tally import scoped_corpus

    proj = open_project(project)
    corpus = scoped_corpus(
        proj,
        where=where,
        kind=kind,
        coder=None,
        no_index=no_index,
        include_auto=include_auto,
        text=True,
    )
    table = keyword_in_context(corpus, pattern, regex=regex, exact=exact, context=context)
    show_table(table, fmt.value, output)
