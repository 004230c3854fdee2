"""``qualcode code`` and ``qualcode uncode``: apply and remove codes on passages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import ProjectOption, flags

if TYPE_CHECKING:
    from qualcode.store.project import Project

LinesOption = Annotated[
    str | None,
    typer.Option(
        *flags("--lines"), help="Line numbers as 'notes show' prints them: 3, 2-5 or 1,4,7-9."
    ),
]
ParaOption = Annotated[
    str | None,
    typer.Option("--para", help="Paragraph numbers (blocks between blank lines), from 1."),
]
CharsOption = Annotated[
    str | None,
    typer.Option(
        "--chars",
        help=(
            "Character offsets, 0-based, end excluded, as stored in codings files: "
            "120-245 is the 125 characters 120..244; a single number 120 is one character. "
            "Empty (120-120) or reversed ranges are errors."
        ),
    ),
]
QuoteOption = Annotated[
    str | None,
    typer.Option(*flags("--quote"), help="Words of the passage (exact, then loose, then fuzzy)."),
]
CoderOption = Annotated[
    str | None,
    typer.Option(
        *flags("--coder"),
        help="Coder name (default: $QUALCODE_CODER, then default_coder in qualcode.yaml).",
        show_default=False,
    ),
]


def check_selectors(ctx: typer.Context, **given: str | None) -> None:
    """Fail with a usage error (exit 2) unless exactly one selector option was given.

    Args:
        ctx: The command's context (for the usage line).
        given: Option name (``lines``, ``para``, ``chars``, ``quote``) -> value or None.

    Raises:
        click.UsageError: (through ``ctx.fail``) no selector, or several.
    """
    named = [f"--{name}" for name, value in given.items() if value is not None]
    if len(named) == 1:
        return
    problem = "no selector given" if not named else f"{' and '.join(named)} given together"
    ctx.fail(f"{problem}: give exactly one of --lines, --para, --chars or --quote")


def _describe(body: str, start: int, end: int) -> str:
    from qualcode.coding.selectors import line_number

    first, last = line_number(body, start), line_number(body, max(start, end - 1))
    return f"line {first}" if first == last else f"lines {first}-{last}"


def code(
    ctx: typer.Context,
    document: Annotated[str, typer.Argument(help="Document id (or a unique part of it).")],
    codes: Annotated[
        list[str], typer.Argument(help="Codes: paths, names or labels.", show_default=False)
    ],
    lines: LinesOption = None,
    para: ParaOption = None,
    chars: CharsOption = None,
    quote: QuoteOption = None,
    coder: CoderOption = None,
    memo: Annotated[
        str | None, typer.Option(*flags("--memo"), help="A note stored with the new segments.")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Code a passage: lines, paragraphs, character offsets or a quote.

    Give exactly one selector: --lines, --para, --chars or --quote. Each item
    of a SPEC becomes its own segment. Coding the same code on the same span
    again changes nothing.

    Example: qualcode code pancho trust distrust --lines 14-15 --coder ana
    Example: qualcode code pancho trust --quote "two friends each"
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.coding.apply import add_codings, resolve_coder
    from qualcode.coding.selectors import counted, select
    from qualcode.store.codings import coding_lock

    check_selectors(ctx, lines=lines, para=para, chars=chars, quote=quote)
    proj = open_project(project)
    who = resolve_coder(proj, coder)
    doc = proj.document(document)
    spans = select(doc.body, lines=lines, para=para, chars=chars, quote=quote)
    locks = ["codebooks", coding_lock(who, doc.id)]
    with proj.lock(*(["key", *locks] if memo else locks)):  # all at once, before any write
        if memo:
            from qualcode.cli.people import cli_pseudonymiser

            clean = cli_pseudonymiser(proj)  # a memo holds no real name either
            memo = clean(memo)
            clean.save()
        change = add_codings(proj, doc, codes, spans, coder=who, memo=memo)
    for seg in change.added:
        message(
            f"coded {seg.code} at {_describe(doc.body, seg.start, seg.end)} [{seg.start},{seg.end})"
        )
    for seg in change.unchanged:
        message(f"already coded {seg.code} at [{seg.start},{seg.end})")
    message(f"{doc.id}: {counted(len(change.added), 'segment')} added for {who}")


def uncode(
    ctx: typer.Context,
    document: Annotated[str, typer.Argument(help="Document id (or a unique part of it).")],
    codes: Annotated[
        list[str], typer.Argument(help="Codes to remove from the passage.", show_default=False)
    ],
    lines: LinesOption = None,
    para: ParaOption = None,
    chars: CharsOption = None,
    quote: QuoteOption = None,
    coder: CoderOption = None,
    project: ProjectOption = None,
) -> None:
    """Remove codes from a passage: every segment of those codes inside the selection.

    Example: qualcode uncode pancho distrust --lines 14-15 --coder ana
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.coding.apply import remove_codings, resolve_coder
    from qualcode.coding.selectors import counted, select

    check_selectors(ctx, lines=lines, para=para, chars=chars, quote=quote)
    proj = open_project(project)
    who = resolve_coder(proj, coder)
    doc = proj.document(document)
    spans = select(doc.body, lines=lines, para=para, chars=chars, quote=quote)
    change = remove_codings(proj, doc, codes, spans, coder=who)
    for seg in change.removed:
        message(f"removed {seg.code} at [{seg.start},{seg.end})")
    message(f"{doc.id}: {counted(len(change.removed), 'segment')} removed for {who}")


def demo_step(project: Project) -> None:
    """Demo: show a coded transcript excerpt and an auto-coding summary."""
    from qualcode.cli.render import show_table, stdout
    from qualcode.codebook.tree import load_codebook
    from qualcode.coding.anchoring import anchor_segments
    from qualcode.coding.apply import format_coded
    from qualcode.coding.autocode import matcher_for, suggest, summary_table
    from qualcode.store.codings import load_segments

    doc = project.document("2010-10-06-pancho")
    segments = anchor_segments(doc, load_segments(project, coder="ana", document=doc.id)).current
    excerpt = format_coded(doc, segments, width=56, lines=(1, 11))
    console = stdout()
    console.print("$ qualcode notes show 2010-10-06-pancho --codes --coder ana   (lines 1-11)")
    console.print(excerpt.rstrip("\n"), markup=False, soft_wrap=True)
    book = load_codebook(project.codebooks_dir)
    suggestions = suggest(project.documents(), matcher=matcher_for(book))
    console.print("$ qualcode autocode --codebook-keywords   (suggestions, not applied)")
    show_table(summary_table(suggestions, title="keyword suggestions"), "table")
