"""``qualcode autocode``: suggest or apply codes where keywords or patterns occur."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import Format, FormatOption, OutputOption, ProjectOption, WhereOption

if TYPE_CHECKING:
    from qualcode.store.project import Project


def autocode(
    documents: Annotated[
        list[str] | None,
        typer.Argument(help="Documents to scan (default: all).", show_default=False),
    ] = None,
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code",
            help="A code whose keywords to use (repeatable); with --pattern, the code each pattern applies.",
            show_default=False,
        ),
    ] = None,
    codebook_keywords: Annotated[
        bool,
        typer.Option("--codebook-keywords", help="Use the keywords of every code in the codebook."),
    ] = False,
    pattern: Annotated[
        list[str] | None,
        typer.Option(
            "--pattern",
            help=(
                "A regular expression (repeatable; pair each with a --code). Case- and "
                "accent-insensitive unless --exact: 'prestamo' finds 'Préstamo'."
            ),
            show_default=False,
        ),
    ] = None,
    exact: Annotated[
        bool,
        typer.Option("--exact", help="Match --pattern as written: case- and accent-sensitive."),
    ] = False,
    unit: Annotated[
        str, typer.Option("--unit", "-u", help="Segment unit: sentence, paragraph or match.")
    ] = "sentence",
    review: Annotated[
        bool, typer.Option("--review", help="Walk the suggestions: accept, reject, accept all.")
    ] = False,
    apply: Annotated[bool, typer.Option("--apply", help="Write every suggestion.")] = False,
    coder: Annotated[
        str | None, typer.Option("--coder", "-c", help="Coder to write under (default: auto).")
    ] = None,
    where: WhereOption = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Suggest segments where codes' keywords or a pattern occur; --apply or --review writes them.

    Without --apply or --review the suggestions are only listed, with the text
    that matched. Keywords and patterns ignore case and accents (a pattern's
    letters are folded like the text; --exact turns this off for patterns).
    Machine codings go to the coder 'auto' unless --coder says otherwise.

    Example: qualcode autocode --codebook-keywords --unit sentence --apply
    Example: qualcode autocode --pattern '[^.!?]+\\?' --code participation --unit match
    """
    import contextlib

    from qualcode.cli._options import open_project
    from qualcode.errors import InvalidArgument

    if exact and not pattern:
        raise typer.BadParameter("--exact applies to --pattern only", param_hint="'--exact'")
    if review and apply:
        raise InvalidArgument("give --review or --apply, not both")
    proj = open_project(project)
    with contextlib.ExitStack() as held:
        if apply:  # the codebook stays as it was read until the suggestions are written
            held.enter_context(proj.lock("codebooks"))
        _autocode(
            proj,
            documents,
            code,
            codebook_keywords,
            pattern,
            exact,
            unit,
            review,
            apply,
            coder,
            where,
            fmt,
            output,
        )


def _autocode(  # noqa: D103
    proj: Project,
    documents: list[str] | None,
    code: list[str] | None,
    codebook_keywords: bool,
    pattern: list[str] | None,
    exact: bool,
    unit: str,
    review: bool,
    apply: bool,
    coder: str | None,
    where: list[str] | None,
    fmt: Format,
    output: Path | None,
) -> None:
    from qualcode.cli.render import message, show_table
    from qualcode.codebook.tree import load_codebook
    from qualcode.coding.apply import counted
    from qualcode.coding.autocode import (
        AUTO_CODER,
        apply_suggestions,
        matcher_for,
        suggest,
        suggestions_table,
        summary_table,
    )
    from qualcode.errors import InvalidArgument
    from qualcode.store.codings import check_coder
    from qualcode.store.filters import parse_where, select

    book = load_codebook(proj.codebooks_dir)
    codes = list(code or [])
    patterns = list(pattern or [])
    pairs: list[tuple[str, str]] = []
    keyword_codes: list[str] | None = None
    use_keywords = codebook_keywords
    if patterns:
        if len(codes) != len(patterns):
            raise InvalidArgument(
                f"{len(patterns)} --pattern but {len(codes)} --code",
                hint="give one --code for each --pattern, in the same order",
            )
        pairs = [(p, book.resolve(c)) for p, c in zip(patterns, codes, strict=True)]
    else:
        use_keywords = True
        keyword_codes = codes or None
    matcher = matcher_for(book, keyword_codes) if use_keywords else None
    docs = [proj.document(d) for d in documents] if documents else proj.documents()
    docs = select(docs, parse_where(where or []))
    suggestions = suggest(docs, matcher=matcher, patterns=pairs, unit=unit, exact=exact)
    who = check_coder(coder or AUTO_CODER)
    if not (apply or review):
        show_table(suggestions_table(suggestions), fmt.value, output)
        message(
            f"{counted(len(suggestions), 'suggestion')}; nothing written (use --apply or --review)"
        )
        return
    suggested = len(suggestions)
    outcome = ""
    if review:
        accepted, rejected = _review(suggestions)
        unreviewed = suggested - len(accepted) - rejected
        outcome = f"{len(accepted)} accepted, {rejected} rejected" + (
            f", {unreviewed} not reviewed" if unreviewed else ""
        )
        suggestions = accepted
    added = apply_suggestions(proj, suggestions, coder=who)
    table = summary_table(suggestions, title=f"auto-coding as {who}")
    if fmt is not Format.table or output is not None:
        show_table(table, fmt.value, output)
    else:
        for code_path, count, ndocs in table.rows:
            message(f"{code_path}: {counted(count, 'segment')} in {counted(ndocs, 'document')}")
    present = len(suggestions) - len(added)
    details = [counted(suggested, "suggestion")]
    if outcome:
        details.append(outcome)
    if present:
        details.append(f"{present} already there")
    message(f"{counted(len(added), 'new segment')} written for {who} ({'; '.join(details)})")


REVIEW_PROMPT = "accept? [y]es, [N]o, [a]ll for this code, [q]uit (empty = no): "


def _review(suggestions: list) -> tuple[list, int]:  # type: ignore[type-arg]
    """Ask about each suggestion on stderr/stdin; return (the accepted ones, how many rejected).

    An empty answer is the default, no; an answer that is not y, n, a or q is
    asked again. q or the end of input stops: the rest are not reviewed.
    """
    from qualcode.cli.render import message
    from qualcode.cli.tag import read_line

    accepted = []
    rejected = 0
    accept_all: set[str] = set()
    for index, sug in enumerate(suggestions, start=1):
        if sug.code in accept_all:
            accepted.append(sug)
            continue
        flat = " ".join(sug.text.split())
        message(f"\n[{index}/{len(suggestions)}] {sug.document} [{sug.start},{sug.end}) {sug.code}")
        message(f"  {flat[:300]}")
        message(f"  matched: {sug.matched}")
        while True:
            answer = read_line(REVIEW_PROMPT)
            choice = None if answer is None else answer.strip().lower()
            if choice in (None, "q", "quit"):
                return accepted, rejected
            if choice == "":
                message("  no (the default): rejected")
                choice = "n"
            if choice in ("y", "yes", "n", "no", "a", "all"):
                break
            message(f"  {answer.strip()!r} is not a choice; type y, n, a or q")
        if choice in ("a", "all"):
            accept_all.add(sug.code)
            accepted.append(sug)
        elif choice in ("y", "yes"):
            accepted.append(sug)
        else:
            rejected += 1
    return accepted, rejected


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("autocode")(autocode)
