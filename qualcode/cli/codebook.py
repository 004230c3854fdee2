"""``qualcode codebook``: show, edit, check and exchange the hierarchical codebook."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._group import LazyGroup
from qualcode.cli._options import (
    CoderOption,
    Format,
    FormatOption,
    IncludeAutoOption,
    OutputOption,
    ProjectOption,
    flags,
)

if TYPE_CHECKING:
    from qualcode.codebook.edit import EditResult
    from qualcode.codebook.tree import Codebook, CodeCount
    from qualcode.store.project import Project

app = typer.Typer(
    cls=LazyGroup,
    help="Show, edit, check and exchange the codebook (codes, definitions, keywords).",
    no_args_is_help=True,
)

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Check and report what would change; write nothing.")
]


class ExportFormat(StrEnum):
    """Formats of ``codebook export``."""

    qdc = "qdc"
    md = "md"
    csv = "csv"
    json = "json"
    yaml = "yaml"


def _name(project: Project) -> str:
    return str(project.settings.get("name") or project.root.name)


def _file_name(value: str | None) -> str | None:
    """Validate ``--file``: a codebook file name, as a code name (exit 2 otherwise)."""
    from qualcode.codebook.tree import NAME_PATTERN

    if value is not None and not NAME_PATTERN.match(value):
        raise typer.BadParameter(
            f"{value!r} is not a codebook file name: use lower-case letters, digits, '-' and '_' "
            "(no .yaml)"
        )
    return value


def _into_name(value: str | None) -> str | None:
    """Validate ``--into``: it must give a file name (letters or digits; exit 2 otherwise)."""
    if value is not None and not any(c.isalnum() for c in value):
        raise typer.BadParameter(f"{value!r} gives no file name; use e.g. --into emotions")
    return value


def _report(result: EditResult) -> None:
    from qualcode.cli.render import message, warn

    for line in result.warnings:
        warn(line)
    message(result.summary)


def show_command(
    counts: Annotated[
        bool,
        typer.Option("--counts", help="Add rolled-up segment and document counts per code."),
    ] = False,
    depth: Annotated[
        int | None,
        typer.Option(
            *flags("--depth"), min=1, help="Show codes down to this level (1 = top level)."
        ),
    ] = None,
    coder: CoderOption = None,
    include_auto: IncludeAutoOption = False,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Show the codebook as a tree with labels and short definitions.

    --format md writes a codebook appendix for a thesis (definition, when to
    use, when not to use, example); json and csv list one code per row.

    Example: qualcode codebook show --counts --depth 1
    Example: qualcode codebook show --format md -o appendix-codebook.md
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table, write_output
    from qualcode.codebook.tree import codebook_markdown, codebook_table, load_codebook

    proj = open_project(project)
    book = load_codebook(proj.codebooks_dir, cache_dir=proj.private_dir)  # empty: 0 codes
    tally = None
    if counts:
        tally = _tally_counts(proj, book, coder, include_auto=include_auto)
    if fmt is Format.md:
        write_output(codebook_markdown(book, depth=depth, title=f"Codebook: {_name(proj)}"), output)
    elif fmt is Format.table:
        _show_tree(book, depth, tally, output)
    else:
        show_table(codebook_table(book, depth=depth, counts=tally), fmt.value, output)


def _tally_counts(
    proj: Project, book: Codebook, coder: str | None, *, include_auto: bool = False
) -> dict[str, CodeCount]:
    """Count with the tally rules (``qualcode tally``: human coders by default), so both agree."""
    from qualcode.analysis import load_corpus
    from qualcode.analysis.corpus import check_scope, select_coders
    from qualcode.analysis.tally import tally
    from qualcode.cli.render import message, warn
    from qualcode.codebook.tree import CodeCount

    corpus = load_corpus(proj, text=False)
    if coder is not None:
        check_scope(corpus, coder=coder)  # an unknown coder is an error, not zeros
    corpus = select_coders(corpus, proj.settings, coder=coder, include_machine=include_auto)
    if corpus.coder_note:
        message(corpus.coder_note)
    result = tally(corpus, book)
    if result.stale:
        warn(f"{result.stale} stale segment(s) left out of the counts; see 'qualcode check'")
    if result.unknown:
        warn(
            "codings use codes not in the codebook ("
            + ", ".join(result.unknown)
            + "); see 'qualcode codebook check'"
        )
    return {
        c.code: CodeCount(c.segments, c.documents) for c in result.counts if c.code in book.codes
    }


def _show_tree(
    book: Codebook,
    depth: int | None,
    counts: dict[str, CodeCount] | None,
    output: Path | None,
) -> None:
    from qualcode.cli.render import show_tree
    from qualcode.codebook.tree import short_definition

    nodes = []
    for code in book:
        if depth is not None and code.depth > depth:
            continue
        head = code.name
        if counts is not None:
            count = counts[code.path]
            head += f"  [{count.segments} seg · {count.documents} doc]"
        detail = code.label if code.label != code.name else ""
        definition = short_definition(code.description, 70)
        if definition:
            detail = f"{detail} — {definition}" if detail else definition
        nodes.append((code.depth, head, detail))
    shown = len(nodes)
    title = f"Codebook: {shown} code{'s' if shown != 1 else ''}"
    if shown != len(book):
        title += f" (of {len(book)}; depth {depth})"
    show_tree(title, nodes, output)


def add_command(
    path: Annotated[
        str, typer.Argument(help="Full path of the new code, e.g. c-factor/confianza.")
    ],
    label: Annotated[str | None, typer.Option(*flags("--label"), help="Display label.")] = None,
    description: Annotated[
        str | None, typer.Option(*flags("--description"), help="Definition of the code.")
    ] = None,
    keyword: Annotated[
        list[str] | None,
        typer.Option(*flags("--keyword"), help="Keyword for auto-coding (repeatable)."),
    ] = None,
    parents: Annotated[
        bool, typer.Option("--parents", help="Create missing parent codes too.")
    ] = False,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            help="Codebook file (name without .yaml) for a new top-level code.",
            callback=_file_name,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """Add a code to the codebook.

    Example: qualcode codebook add c-factor/compartir --label Compartir -k compartir -k sharing
    """
    from qualcode.cli._options import open_project
    from qualcode.codebook.edit import add_code

    _report(
        add_code(
            open_project(project),
            path,
            label=label,
            description=description,
            keywords=keyword or [],
            parents=parents,
            file=file,
            dry_run=dry_run,
        )
    )


def rename_command(
    code: Annotated[str, typer.Argument(help="The code (path, leaf name or label).")],
    new_name: Annotated[str, typer.Argument(help="Its new name (the last path segment).")],
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """Rename a code; its descendants and every coding follow.

    Renaming onto an existing sibling is refused (use merge), unless the code
    is bare (no children, label or definition: a misspelling), which is merged.

    Example: qualcode codebook rename paternalism/carrying carrying-the-network
    """
    from qualcode.cli._options import open_project
    from qualcode.codebook.edit import rename_code

    _report(rename_code(open_project(project), code, new_name, dry_run=dry_run))


def move_command(
    code: Annotated[str, typer.Argument(help="The code to move (with its subtree).")],
    new_parent: Annotated[
        str | None, typer.Argument(help="The new parent code, or / for the top level.")
    ] = None,
    root: Annotated[bool, typer.Option("--root", help="Move to the top level.")] = False,
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """Move a code under another parent; every coding follows.

    Example: qualcode codebook move municipality paternalism
    Example: qualcode codebook move paternalism/state --root
    """
    from qualcode.cli._options import open_project
    from qualcode.codebook.edit import move_code

    if (new_parent is None) == (not root):
        raise typer.BadParameter(
            "give either the new parent code (/ for the top level) or --root",
            param_hint="NEW_PARENT",
        )
    if new_parent is not None and not new_parent.strip():
        raise typer.BadParameter(
            "the new parent is empty; give a code, or / (or --root) for the top level",
            param_hint="NEW_PARENT",
        )
    target = None if root else new_parent
    _report(move_code(open_project(project), code, target, dry_run=dry_run))


def merge_command(
    source: Annotated[str, typer.Argument(help="The code to merge away.")],
    target: Annotated[str, typer.Argument(help="The code that stays.")],
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """Merge one code into another: codings move, duplicates collapse, the source goes.

    Example: qualcode codebook merge associativity/group-activities associativity
    """
    from qualcode.cli._options import open_project
    from qualcode.codebook.edit import merge_codes

    _report(merge_codes(open_project(project), source, target, dry_run=dry_run))


def remove_command(
    code: Annotated[str, typer.Argument(help="The code to remove (with its subtree).")],
    reassign: Annotated[
        str | None,
        typer.Option("--reassign", help="Move its codings to this code first."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Delete its codings along with it.")
    ] = False,
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """Remove a code; refused while codings use it, unless --reassign or --force.

    Example: qualcode codebook remove guaranteed-consumers --reassign commercialization
    """
    from qualcode.cli._options import open_project
    from qualcode.codebook.edit import remove_code

    if reassign is not None and force:
        raise typer.BadParameter(
            "--reassign moves the codings and --force deletes them; give one of them",
            param_hint="--reassign/--force",
        )
    _report(
        remove_code(open_project(project), code, reassign=reassign, force=force, dry_run=dry_run)
    )


def export_command(
    fmt: Annotated[
        ExportFormat,
        typer.Option(*flags("--format"), help="qdc (REFI-QDA codebook), md, csv, json or yaml."),
    ] = ExportFormat.qdc,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Export the codebook, e.g. as a REFI-QDA .qdc for NVivo, ATLAS.ti, MAXQDA or QualCoder.

    Example: qualcode codebook export --format qdc --output santiago.qdc
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import write_output
    from qualcode.codebook.tree import (
        code_tree,
        codebook_markdown,
        codebook_table,
        render_codebook_yaml,
        require_codebook,
    )

    proj = open_project(project)
    book = require_codebook(proj.codebooks_dir)
    if fmt is ExportFormat.qdc:
        from qualcode.exchange.refi.codebook import write_codebook

        text = write_codebook(book)
    elif fmt is ExportFormat.md:
        text = codebook_markdown(book, title=f"Codebook: {_name(proj)}")
    elif fmt is ExportFormat.yaml:
        text = render_codebook_yaml(code_tree(book), comment=f"Codebook of {_name(proj)}")
    else:
        text = codebook_table(book).render(fmt.value)
    write_output(text, output)


def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="A REFI-QDA codebook (.qdc), a .qde/.qdpx project, a CSV, or a .txt code list."
        ),
    ],
    into: Annotated[
        str | None,
        typer.Option(
            "--into",
            help="Codebook file name, without .yaml (default: from FILE).",
            callback=_into_name,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """Import a REFI-QDA codebook (or a CSV one, e.g. from Taguette) into codebooks/NAME.yaml.

    Example: qualcode codebook import emotions.qdc --into emotions
    Example: qualcode codebook import taguette-codebook.csv
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, warn
    from qualcode.exchange.codebook_import import import_codebook

    proj = open_project(project)
    target, imported = import_codebook(proj, file, into=into, dry_run=dry_run)
    for line in imported.warnings:
        warn(line)
    verb = "would import" if dry_run else "imported"
    message(f"{verb} {imported.count()} codes into {proj.relative(target)}")


def check_command(
    coder: Annotated[
        str | None, typer.Option(*flags("--coder"), help="Check only this coder's codings.")
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """List codes used in codings but not defined (exit 1), and codes never used.

    Example: qualcode codebook check --format csv
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message, show_table
    from qualcode.codebook.tree import check_codebook, check_table, load_codebook
    from qualcode.store.codings import load_segments

    proj = open_project(project)
    book = load_codebook(proj.codebooks_dir, cache_dir=proj.private_dir)
    if coder is not None:
        from qualcode.errors import NotFound
        from qualcode.store.codings import coders

        known = coders(proj)
        if coder not in known:
            raise NotFound(
                f"no codings by coder {coder!r}",
                hint="coders: " + (", ".join(known) if known else "none yet"),
            )
    findings = check_codebook(book, load_segments(proj, coder=coder))
    undefined = sum(f.problem == "undefined" for f in findings)
    unused = len(findings) - undefined
    if findings or fmt is not Format.table:
        show_table(check_table(findings), fmt.value, output)
    message(f"{len(book)} codes: {undefined} used but not defined, {unused} defined but never used")
    if undefined:
        message(
            "hint: add them with 'qualcode codebook add PATH', or move their codings with "
            "'qualcode codebook merge UNDEFINED TARGET'"
        )
        raise typer.Exit(1)


def demo_step(project: Project) -> None:
    """Show the example codebook as a tree, with counts once codings exist (``qualcode demo``)."""
    from qualcode.codebook.tree import load_codebook
    from qualcode.store.codings import load_segments

    book = load_codebook(project.codebooks_dir)
    tally = _tally_counts(project, book, None) if load_segments(project) else None
    _show_tree(book, None, tally, None)
