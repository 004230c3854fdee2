"""``qualcode memo``: analytic memos about codes, documents and passages (``memos/*.md``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._group import LazyGroup
from qualcode.cli._options import Format, FormatOption, OutputOption, ProjectOption, flags

if TYPE_CHECKING:
    from qualcode.store.memos import Memo
    from qualcode.store.project import Project

app = typer.Typer(
    cls=LazyGroup,
    help="Write, list, show and edit analytic memos about codes, documents and passages.",
    no_args_is_help=True,
)

_TEMPLATE = (
    "<!-- Write the memo below this line (Markdown). Save and close the editor to finish; "
    "leave it empty to cancel. -->\n"
)


def _editor(text: str, *, suffix: str = ".md") -> str:
    """Open $VISUAL or $EDITOR (default vi on a terminal) on ``text``; return the saved text."""
    import os
    import shlex
    import subprocess
    import sys
    import tempfile

    from qualcode.errors import InvalidArgument

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        if not sys.stdin.isatty():
            raise InvalidArgument(
                "no editor to write the memo in", hint="pass --text, or set $EDITOR"
            )
        editor = "vi"
    fd, name = tempfile.mkstemp(prefix="qualcode-memo-", suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            status = subprocess.call([*shlex.split(editor), name])
        except OSError as exc:
            raise InvalidArgument(
                f"cannot start the editor {editor!r}: {exc.strerror}",
                hint="set $EDITOR, or pass --text",
            ) from None
        if status != 0:
            raise InvalidArgument(
                f"the editor {editor!r} exited with status {status}; nothing was saved"
            )
        with open(name, encoding="utf-8") as handle:
            return handle.read()
    finally:
        os.unlink(name)


def _strip_template(text: str) -> str:
    return text.replace(_TEMPLATE, "").strip("\n")


def _links(memo: Memo) -> str:
    parts = []
    if memo.code:
        parts.append(f"code {memo.code}")
    if memo.document:
        parts.append(f"document {memo.document}")
    if memo.segment is not None:
        parts.append(f"passage {memo.segment.ref()}")
    return ", ".join(parts) or "the project"


def add_command(
    title: Annotated[str, typer.Option(*flags("--title"), help="The memo's title.")],
    code: Annotated[
        str | None, typer.Option("--code", help="The code the memo is about (path or name).")
    ] = None,
    doc: Annotated[
        str | None, typer.Option("--doc", help="The document the memo is about (id).")
    ] = None,
    segment: Annotated[
        str | None,
        typer.Option(
            "--segment",
            help="The passage it is about: DOC:START-END (0-based code points, end exclusive).",
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help="The memo text (Markdown); without it $EDITOR opens."),
    ] = None,
    coder: Annotated[
        str | None, typer.Option(*flags("--coder"), help="Who writes it (default: default_coder).")
    ] = None,
    fmt: Annotated[
        Format | None, typer.Option(*flags("--format"), help="json prints the new memo.")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write a memo about a code, a document or a passage, in memos/ (pseudonymised).

    A memo may name any of --code, --doc and --segment (or none: a memo about
    the project). Its code link follows the code through codebook rename,
    move and merge.

    Example: qualcode memo add --code trust --title "Trust after the fair" --text "Since the 2008 fair..."
    Example: qualcode memo add --segment 2010-10-06-pancho:105-395 --title "Two friends each"
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.people import cli_pseudonymiser
    from qualcode.cli.render import message
    from qualcode.codebook.tree import load_codebook
    from qualcode.errors import InvalidArgument
    from qualcode.store.memos import SegmentLink, new_memo, parse_segment_ref

    proj = open_project(project)
    code_path = load_codebook(proj.codebooks_dir).resolve(code) if code else None
    doc_id = proj.document(doc).id if doc else None
    link = None
    if segment:
        ref_doc, start, end = parse_segment_ref(segment)
        target = proj.document(ref_doc)
        if end > len(target.body):
            raise InvalidArgument(
                f"{segment} ends past the end of {target.id} ({len(target.body)} characters)",
                hint="see start and end in 'qualcode quotes CODE -f csv'",
            )
        link = SegmentLink(target.id, start, end, target.body[start:end])
    if text is None:
        text = _strip_template(_editor(_TEMPLATE))
        if not text.strip():
            message("empty memo: nothing written")
            raise typer.Exit(1)
    author = coder or proj.settings.get("default_coder") or None
    with proj.lock("key", "memos"):
        clean = cli_pseudonymiser(proj)  # a memo holds no real name either
        memo = new_memo(
            proj,
            title=clean(title),
            body=clean(text),
            code=code_path,
            document=doc_id,
            segment=link,
            author=str(author) if author else None,
        )
        clean.save()
    if fmt is Format.json:
        _show_json(proj, [memo])
    message(f"wrote {proj.relative(memo.path)} about {_links(memo)}" if memo.path else memo.id)


def _table(proj: Project, memos: list[Memo]) -> object:
    from qualcode.table import Table

    rows = [
        (
            m.id,
            m.kind,
            m.title,
            m.code,
            m.document,
            m.segment.ref() if m.segment else None,
            m.author,
            m.created,
            proj.relative(m.path) if m.path else None,
            m.body,
        )
        for m in memos
    ]
    return Table(
        ("id", "kind", "title", "code", "document", "segment", "author", "created", "path", "text"),
        rows,
        title=f"{len(rows)} memos",
        terminal_columns=("id", "title", "code", "document", "segment"),
    )


def _show_json(proj: Project, memos: list[Memo]) -> None:
    import sys

    sys.stdout.write(_table(proj, memos).render("json"))  # type: ignore[attr-defined]


def list_command(
    code: Annotated[
        str | None, typer.Option("--code", help="Only memos about this code or one below it.")
    ] = None,
    doc: Annotated[
        str | None,
        typer.Option("--doc", help="Only memos about this document (or a passage of it)."),
    ] = None,
    coding: Annotated[
        bool,
        typer.Option("--coding/--no-coding", help="Include coding memos (code --memo, tag's m)."),
    ] = True,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """List memos: the files in memos/ and the coding memos stored on segments.

    Columns: id, kind (memo or coding), title, code, document, segment
    (DOC:START-END), author, created, path, text.

    Example: qualcode memo list --code trust -f md
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.codebook.tree import load_codebook
    from qualcode.store.memos import coding_memos, load_memos

    proj = open_project(project)
    memos = load_memos(proj) + (coding_memos(proj) if coding else [])
    if code:
        book = load_codebook(proj.codebooks_dir)
        path = book.resolve(code)
        wanted = set(book.descendants(path)) if path in book else {path}
        memos = [m for m in memos if m.code in wanted]
    if doc:
        doc_id = proj.document(doc).id
        memos = [m for m in memos if doc_id in m.documents()]
    show_table(_table(proj, memos), fmt.value, output)  # type: ignore[arg-type]


def show_command(
    memo_id: Annotated[
        str, typer.Argument(help="The memo id (or its start), as 'memo list' shows.")
    ],
    fmt: Annotated[
        Format | None, typer.Option(*flags("--format"), help="json: the memo as a JSON object.")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Show a memo: its title, what it is about, and its text.

    Example: qualcode memo show 2010-10-20-trust-after-the-fair
    """
    import sys

    from qualcode.cli._options import open_project
    from qualcode.store.memos import find_memo

    proj = open_project(project)
    memo = find_memo(proj, memo_id)
    if fmt is not None and fmt is not Format.table:
        sys.stdout.write(_table(proj, [memo]).render(fmt.value))  # type: ignore[attr-defined]
        return
    head = [f"# {memo.title}", ""]
    about = f"About {_links(memo)}"
    who = " ".join(x for x in (memo.author, memo.created) if x)
    head.append(about + (f"; {who}" if who else "") + ".")
    if memo.segment is not None and memo.segment.text:
        head += ["", *(f"> {line}".rstrip() for line in memo.segment.text.strip("\n").split("\n"))]
    sys.stdout.write("\n".join(head) + "\n\n" + memo.body.rstrip("\n") + "\n")


def edit_command(
    memo_id: Annotated[str, typer.Argument(help="The memo id (or its start).")],
    title: Annotated[
        str | None, typer.Option(*flags("--title"), help="A new title (no editor opens).")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="A new text (no editor opens).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Edit a memo in $EDITOR (front matter and text), or set --title / --text.

    The result is checked and pseudonymised before it is saved. A coding
    memo (id coding/...) is edited in its codings file.

    Example: qualcode memo edit 2010-10-20-trust-after-the-fair
    """
    from dataclasses import replace

    from qualcode.cli._options import open_project
    from qualcode.cli.people import cli_pseudonymiser
    from qualcode.cli.render import message
    from qualcode.store.memos import find_memo, parse_memo, render_memo, save_memo

    proj = open_project(project)
    memo = find_memo(proj, memo_id)
    if memo.kind == "coding":
        if title is not None:
            from qualcode.errors import InvalidArgument

            raise InvalidArgument(
                "a coding memo has no title", hint="give --text, or edit it in $EDITOR"
            )
        new_text = text if text is not None else _editor(memo.body, suffix=".txt")
        with proj.lock("key"):  # not while the editor is open
            clean = cli_pseudonymiser(proj)
            _save_coding_memo(proj, memo, clean(new_text.strip("\n")))
            clean.save()
        message(f"updated coding memo {memo.id}")
        return
    changed = None
    if title is None and text is None:
        assert memo.path is not None
        edited = _editor(render_memo(memo))
        changed = parse_memo(edited.replace("\r\n", "\n"), memo.path)
        if changed.id != memo.id:
            from qualcode.errors import InvalidArgument

            raise InvalidArgument(
                f"the id cannot change ({memo.id} -> {changed.id}); nothing was saved",
                hint="write a new memo with 'qualcode memo add' instead",
            )
    with proj.lock("key", "memos"):  # not while the editor is open
        clean = cli_pseudonymiser(proj)
        if changed is not None:
            updated = replace(changed, title=clean(changed.title), body=clean(changed.body))
        else:
            updated = replace(
                memo,
                title=clean(" ".join(title.split())) if title is not None else memo.title,
                body=clean(text) + ("\n" if not text.endswith("\n") else "")
                if text is not None
                else memo.body,
            )
        if updated == memo:
            message(f"{memo.id}: nothing changed")
            return
        save_memo(proj, updated)
        clean.save()
    message(f"updated {proj.relative(updated.path) if updated.path else updated.id}")


def _save_coding_memo(proj: Project, memo: Memo, text: str) -> None:
    from dataclasses import replace

    from qualcode.store.codings import update_segments

    seg_link = memo.segment
    assert seg_link is not None and seg_link.coder is not None
    key = (seg_link.start, seg_link.end, seg_link.code)
    update_segments(  # re-read under the codings file's lock
        proj,
        seg_link.coder,
        seg_link.document,
        lambda stored: [
            replace(s, memo=text or None) if (s.start, s.end, s.code) == key else s for s in stored
        ],
    )
