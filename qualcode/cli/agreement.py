"""``qualcode agreement``: intercoder agreement per code, the disagreements, a methods paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import (
    Format,
    FormatOption,
    OutputOption,
    ProjectOption,
    WhereOption,
    flags,
)

if TYPE_CHECKING:
    from qualcode.store.project import Project


def _unit(value: str) -> str:
    from qualcode.analysis.agreement import UNITS, check_unit
    from qualcode.errors import InvalidArgument

    try:
        return check_unit(value)
    except InvalidArgument:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(UNITS)}") from None


def _coders(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    names = [name.strip() for value in values for name in value.split(",")]
    if any(not name for name in names):
        raise typer.BadParameter("an empty coder name (write --coders ana,tomas)")
    return names


def agreement_command(
    coders: Annotated[
        list[str] | None,
        typer.Option(
            "--coders",
            *flags("--coder"),
            help="The coders to compare, comma-separated (default: every human coder; "
            "machine coders such as auto only when named).",
            show_default=False,
            callback=_coders,
        ),
    ] = None,
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code",
            help="Report this code (repeatable; default every code). A parent includes its descendants.",
            show_default=False,
        ),
    ] = None,
    categorical: Annotated[
        str | None,
        typer.Option(
            "--categorical",
            help="Treat the children of this code as the exclusive values of one variable.",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str,
        typer.Option(
            *flags("--unit"),
            help="Units: line, sentence, paragraph (blocks between blank lines) or response (survey answers).",
            callback=_unit,
        ),
    ] = "paragraph",
    document: Annotated[
        list[str] | None,
        typer.Option("--document", help="Only this document (repeatable).", show_default=False),
    ] = None,
    where: WhereOption = None,
    survey: Annotated[
        str | None,
        typer.Option(
            "--survey",
            help="With --unit response: the survey (default: the only one).",
            show_default=False,
        ),
    ] = None,
    question: Annotated[
        list[str] | None,
        typer.Option(
            "--question",
            help="With --unit response: only this open question (repeatable).",
            show_default=False,
        ),
    ] = None,
    disagreements: Annotated[
        bool,
        typer.Option(
            "--disagreements", help="List the units where the coders differ, for a meeting."
        ),
    ] = False,
    methods: Annotated[
        bool,
        typer.Option("--methods", help="Write a paragraph for a methods section, with citations."),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            help="With --disagreements: only the first N.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    no_index: Annotated[
        bool,
        typer.Option("--no-index", help="Read the files only; do not use the index cache."),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Measure intercoder agreement per code: percent agreement, Cohen's kappa, Krippendorff's alpha.

    Units are the non-blank lines, the sentences, the paragraphs (blocks
    between blank lines) of every document in scope, or the answers to a
    survey's open questions (--unit response). A coder applied a code to a
    unit when any of their segments with that code or a code below it
    overlaps the unit; a unit neither coder gave the code agrees on its
    absence. A coder without a codings file for a document has no data for
    its units (missing), which only Krippendorff's alpha can use. Fleiss'
    kappa is shown for three or more coders. An undefined statistic is
    '—' (null in JSON) and the notes say why. See docs/agreement.md.

    Example: qualcode agreement --coders ana,tomas --unit paragraph
    Example: qualcode agreement -c ana,tomas --code trust --disagreements -f md
    Example: qualcode agreement -c ana,tomas --categorical trust --methods
    """
    from qualcode.analysis.agreement import project_agreement
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, show_table, warn, write_output

    if methods and disagreements:
        raise typer.BadParameter(
            "give --methods or --disagreements, not both", param_hint="'--methods'"
        )
    if limit is not None and not disagreements:
        raise typer.BadParameter("--limit goes with --disagreements", param_hint="'--limit'")
    proj = open_project(project)
    result, warnings = project_agreement(
        proj,
        coders=coders,
        unit=unit,
        codes=code,
        categorical=categorical,
        documents=document,
        where=where or (),
        survey=survey,
        questions=question or (),
        use_index=not no_index,
        disagreements=disagreements,
    )
    for line in warnings:
        warn(line)
    if methods:
        text = result.methods()
        if fmt is Format.json:
            import json

            body, _, refs = text.partition("\n\nReferences\n\n")
            payload = {"methods": body, "references": refs.strip("\n").split("\n")}
            text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        elif fmt is Format.csv:
            raise typer.BadParameter(
                "--methods writes text: use --format table, md or json", param_hint="'--format'"
            )
        write_output(text, output)
        return
    if disagreements:
        found = len(result.disagreements)
        if limit is not None:
            result.disagreements = result.disagreements[:limit]
        if fmt is Format.md:
            write_output(result.disagreements_markdown(), output)
            for note in result.notes:
                message(note)
        elif fmt is Format.table:
            show_table(result.disagreements_display(), "table", output)
        else:
            show_table(result.disagreements_table(), fmt.value, output)
        if fmt is not Format.table:
            shown = len(result.disagreements)
            message(
                f"{shown} of {found} disagreements" if shown < found else f"{found} disagreements"
            )
        return
    if fmt in (Format.table, Format.md):
        shown = result.display_table(full_paths=fmt is Format.md)
        show_table(shown, fmt.value, output)
        if fmt is Format.md:
            for note in result.notes:
                message(note)
    else:
        show_table(result.table(), fmt.value, output)


def demo_step(project: Project) -> None:
    """Demo: agreement between ana and tomas on the top-level codes, and their top disagreements."""
    from qualcode.analysis.agreement import compare, document_material
    from qualcode.analysis.corpus import load_corpus_from_files
    from qualcode.cli.render import message, show_table, write_output
    from qualcode.codebook.tree import load_codebook
    from qualcode.store.codings import coding_files

    book = load_codebook(project.codebooks_dir)
    corpus = load_corpus_from_files(project)
    part = {(p.parent.name, p.stem) for p in coding_files(project)}
    coders = ("ana", "tomas")
    if not {c for c, _ in part} >= set(coders):
        message("no second coder in this project: nothing to compare")
        return
    material = document_material(
        corpus.documents, corpus.rows, coders=coders, unit="paragraph", taking_part=part
    )
    roots = [c.path for c in book.roots()]
    result = compare(material, book, codes=roots)
    message("$ qualcode agreement --coders ana,tomas --unit paragraph   (top-level codes)")
    show_table(result.display_table(), "table")
    worst = sorted(
        (r for r in result.rows if r.kappa is not None and r.kappa.value is not None),
        key=lambda r: (r.kappa.value, r.code),  # type: ignore[union-attr]
    )
    if not worst:
        return
    code = worst[0].code
    message(
        f"lowest kappa: {code}; its disagreements "
        f"(qualcode agreement -c ana,tomas --code {code} --disagreements -f md):"
    )
    detail = compare(material, book, codes=[code])
    write_output(detail.disagreements_markdown(limit=3), None)
