"""``qualcode autocode``: suggest or apply codes where keywords or patterns occur.

``qualcode autocode [OPTIONS] [DOCUMENTS]...`` suggests (the default command,
also ``qualcode autocode suggest``); ``qualcode autocode accept`` turns a
machine coder's stored suggestions into a person's codings.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from qualcode.cli._group import LazyGroup
from qualcode.cli._options import (
    Format,
    FormatOption,
    OutputOption,
    ProjectOption,
    WhereOption,
    flags,
)


class DefaultCommandGroup(LazyGroup):
    """A group whose first word may be left out: ``autocode --apply`` runs ``autocode suggest --apply``."""

    default_command = "suggest"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Route the arguments to the default command unless they start with a command name."""
        if not args or args[0] not in self.list_commands(ctx):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)  # type: ignore[no-any-return]


app = typer.Typer(
    cls=DefaultCommandGroup,
    help="Suggest codes where keywords or patterns occur; accept suggestions as your codings.",
)

IncludeInterviewerOption = Annotated[
    bool,
    typer.Option(
        "--include-interviewer",
        help="Also search the interviewer's (moderator's, researcher's) speaker turns; "
        "by default their questions are never auto-coded.",
    ),
]


@app.command("suggest")
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
        str, typer.Option(*flags("--unit"), help="Segment unit: sentence, paragraph or match.")
    ] = "sentence",
    review: Annotated[
        bool, typer.Option("--review", help="Walk the suggestions: accept, reject, accept all.")
    ] = False,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Write every suggestion under the machine coder (auto)."),
    ] = False,
    coder: Annotated[
        str | None,
        typer.Option(
            *flags("--coder"),
            help="With --apply: the machine coder to write under (default: auto). With "
            "--review: who accepts (default: $QUALCODE_CODER, then default_coder).",
        ),
    ] = None,
    include_interviewer: IncludeInterviewerOption = False,
    where: WhereOption = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Suggest segments where codes' keywords or a pattern occur; --apply or --review writes them.

    Without --apply or --review the suggestions are only listed, with the text
    that matched. Keywords and patterns ignore case and accents (a pattern's
    letters are folded like the text; --exact turns this off for patterns).
    The interviewer's turns are skipped unless --include-interviewer.

    --apply writes every suggestion under the machine coder 'auto' (or another
    listed under machine_coders in qualcode.yaml): reports leave machine
    coding out unless --include-auto or --coder auto. --review asks about
    each suggestion and writes the accepted ones as your own coding
    (--coder, else $QUALCODE_CODER, else default_coder). 'qualcode autocode
    accept' does the same for suggestions stored earlier with --apply.

    Example: qualcode autocode --codebook-keywords --unit sentence --apply
    Example: qualcode autocode --pattern '[^.!?]+\\?' --code participation --unit match
    """
    import contextlib

    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, show_table
    from qualcode.codebook.tree import load_codebook
    from qualcode.coding.apply import counted, resolve_coder
    from qualcode.coding.autocode import (
        AUTO_CODER,
        apply_suggestions,
        matcher_for,
        suggest,
        suggestions_table,
        summary_table,
    )
    from qualcode.errors import InvalidArgument
    from qualcode.store.codings import check_coder, machine_coders
    from qualcode.store.filters import parse_where, select

    if exact and not pattern:
        raise typer.BadParameter("--exact applies to --pattern only", param_hint="'--exact'")
    if review and apply:
        raise InvalidArgument("give --review or --apply, not both")
    proj = open_project(project)
    with contextlib.ExitStack() as held:
        if apply:  # the codebook stays as it was read until the suggestions are written
            held.enter_context(proj.lock("codebooks"))
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
        suggestions = suggest(
            docs,
            matcher=matcher,
            patterns=pairs,
            unit=unit,
            exact=exact,
            include_interviewer=include_interviewer,
        )
        machines = machine_coders(proj.settings)
        if review:
            who = resolve_coder(proj, coder)
        else:
            who = check_coder(coder or AUTO_CODER)
            if apply and who not in machines:
                raise InvalidArgument(
                    f"--apply writes unreviewed suggestions, and {who!r} is not a machine coder",
                    hint="use --review to accept them as your coding, or list the coder under "
                    "machine_coders in qualcode.yaml",
                )
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
        if sug.matched:
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


@app.command("accept")
def accept_command(
    documents: Annotated[
        list[str] | None,
        typer.Argument(help="Only these documents (default: all).", show_default=False),
    ] = None,
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code", help="Only this code and its descendants (repeatable).", show_default=False
        ),
    ] = None,
    source: Annotated[
        str,
        typer.Option("--from", help="The machine coder whose suggestions to accept."),
    ] = "auto",
    coder: Annotated[
        str | None,
        typer.Option(
            *flags("--coder"),
            help="Who accepts (default: $QUALCODE_CODER, then default_coder in qualcode.yaml).",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Accept every one without asking.")] = False,
    project: ProjectOption = None,
) -> None:
    """Accept stored machine suggestions as your own coding, one by one or all with --yes.

    Each accepted segment moves from the machine coder (auto) to you: it is
    counted from then on as human coding, once. Without --yes each
    suggestion is shown and asked about ([y]es, [N]o, [a]ll for this code,
    [q]uit); rejected ones stay with the machine coder.

    Example: qualcode autocode accept --code municipality --coder ana
    Example: qualcode autocode accept 2010-10-06-pancho --coder ana --yes
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.codebook.tree import load_codebook
    from qualcode.coding.apply import counted, resolve_coder
    from qualcode.coding.autocode import Suggestion, accept_segments
    from qualcode.errors import InvalidArgument
    from qualcode.store.codings import load_segments, machine_coders

    proj = open_project(project)
    who = resolve_coder(proj, coder)
    if source not in machine_coders(proj.settings):
        raise InvalidArgument(
            f"--from {source!r} is not a machine coder",
            hint="accept suggestions of auto, or of a coder listed under machine_coders",
        )
    book = load_codebook(proj.codebooks_dir)
    paths = [book.resolve(c) for c in code or []]
    ids = {proj.document(d).id for d in documents or []}
    stored = [
        s
        for s in load_segments(proj, coder=source)
        if (not ids or s.document in ids)
        and (not paths or any(s.code == p or s.code.startswith(p + "/") for p in paths))
    ]
    chosen = stored
    outcome = ""
    if not yes:
        asked = [Suggestion(s.document, s.start, s.end, s.code, s.text, "") for s in stored]
        accepted, rejected = _review(asked)
        keys = {(a.document, a.start, a.end, a.code) for a in accepted}
        chosen = [s for s in stored if (s.document, s.start, s.end, s.code) in keys]
        unreviewed = len(stored) - len(accepted) - rejected
        outcome = f"; {len(accepted)} accepted, {rejected} rejected" + (
            f", {unreviewed} not reviewed" if unreviewed else ""
        )
    added, present = accept_segments(proj, chosen, coder=who)
    extra = f"; {present} {who} had already" if present else ""
    message(
        f"{counted(len(chosen), 'suggestion')} of {source} accepted as {who}'s coding "
        f"({counted(len(added), 'new segment')}{extra}{outcome})"
    )
