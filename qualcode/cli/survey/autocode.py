"""``qualcode survey autocode``: suggest codes for open answers from keywords and patterns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import Format, FormatOption, OutputOption, ProjectOption, flags
from qualcode.cli.survey._common import plural, project_codebook

if TYPE_CHECKING:
    from qualcode.survey.model import Question, Survey


def autocode_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[str, typer.Argument(help="The open question.")],
    codebook_keywords: Annotated[
        bool,
        typer.Option("--codebook-keywords", help="Suggest codes from the codebook's keywords."),
    ] = False,
    pattern: Annotated[
        list[str] | None,
        typer.Option(
            "--pattern",
            help="A regular expression (repeatable; pair each with --code).",
            show_default=False,
        ),
    ] = None,
    code: Annotated[
        list[str] | None,
        typer.Option("--code", help="The code for the --pattern before it.", show_default=False),
    ] = None,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Write the suggestions under the coder (default 'auto')."),
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="Accept or reject each suggestion: y yes, n no, a all for this code, q quit.",
        ),
    ] = False,
    coder: Annotated[
        str | None,
        typer.Option(
            *flags("--coder"), help="Coder to write under (default: auto).", show_default=False
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Suggest codes for open answers from keywords and patterns; --apply or --review to keep them.

    --review asks about each suggested code: y yes, n no, a yes here and for
    every later suggestion of the same code, q quit (keeping what was accepted).

    Example: qualcode survey autocode feria-2008 cambio --codebook-keywords
    Example: qualcode survey autocode feria-2008 cambio --pattern 'mesas?|toldos?' --code fair-design --apply
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, progress, show_table
    from qualcode.coding.keywords import KeywordMatcher
    from qualcode.errors import InvalidArgument
    from qualcode.store.codings import check_coder
    from qualcode.survey.autocode import (
        apply_suggestions,
        compile_patterns,
        suggest_codes,
        suggestions_table,
    )
    from qualcode.survey.store import load_survey, update_codings

    if not codebook_keywords and not pattern:
        raise InvalidArgument(
            "nothing to match", hint="give --codebook-keywords and/or --pattern REGEX --code PATH"
        )
    if apply and review:
        raise InvalidArgument("--apply and --review exclude each other", hint="choose one")
    proj = open_project(project)
    survey = load_survey(proj, name)
    q = survey.question(question)
    book = project_codebook(proj)
    matcher = KeywordMatcher.from_codebook(book) if codebook_keywords and book is not None else None
    pairs = compile_patterns(
        pattern or [], code or [], book if book is not None and len(book) else None
    )
    with progress("matching", len(survey.ids)) as advance:
        last = [0]

        def step(done: int) -> None:
            advance(done - last[0])
            last[0] = done

        found = suggest_codes(survey, q, matcher=matcher, patterns=pairs, progress=step)
    if not apply and not review:
        show_table(suggestions_table(survey, q, found), fmt.value, output)
        message("nothing written: add --apply or --review to keep the suggestions")
        return
    who = check_coder(coder or "auto")
    if review:
        found = _review(survey, q, found)
    added = update_codings(
        proj, name, who, lambda stored: apply_suggestions(stored, q, found), survey.ids
    )
    message(
        f"{plural(added, 'code')} added to {plural(len(found), 'answer')} of {name} {q.id} "
        f"as coder {who}"
    )


REVIEW_PROMPT = "accept? [y]es/[n]o/[a]ll for this code/[q]uit "


def _review(survey: Survey, q: Question, found: dict[str, list[str]]) -> dict[str, list[str]]:
    """Ask about each suggested code of each answer; return the accepted ones.

    ``y`` accepts, ``n`` rejects, ``a`` accepts this code here and everywhere
    after without asking, ``q`` (or end of input) stops and keeps what was
    accepted so far; anything else is asked again.
    """
    from qualcode.cli.render import message

    cells = dict(zip(survey.ids, survey.columns[q.id], strict=True))
    accepted: dict[str, list[str]] = {}
    always: set[str] = set()
    for rid in survey.ids:
        for code in found.get(rid, ()):
            if code in always:
                accepted.setdefault(rid, []).append(code)
                continue
            message(f"\n{rid}: {cells[rid]}\nsuggested: {code}")
            while True:
                message(REVIEW_PROMPT)
                try:
                    answer = input().strip().lower()
                except EOFError:
                    return accepted
                if answer in ("q", "quit"):
                    return accepted
                if answer in ("y", "yes", "s", "si", "sí", "a", "all"):
                    accepted.setdefault(rid, []).append(code)
                    if answer in ("a", "all"):
                        always.add(code)
                        message(f"accepting {code} for every answer it was suggested for")
                    break
                if answer in ("n", "no"):
                    break
                message(f"not a choice: {answer!r}; type y, n, a or q")
    return accepted
