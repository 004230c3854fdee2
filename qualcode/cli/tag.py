"""``qualcode tag``: code a document paragraph by paragraph, interactively.

Works on a terminal and with piped input (tests drive it with CliRunner):
paragraphs are drawn on stdout, prompts and echoes go to stderr, and the
end of input quits cleanly.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import ProjectOption, flags

if TYPE_CHECKING:
    from qualcode.coding.tagging import TagSession

HELP = (
    "codes, comma-separated (fuzzy: 'trst' finds trust) | empty line: next | b: back | "
    "u: undo | l: code single lines | m: memo | ?: codebook | q: quit"
)


def read_line(prompt: str) -> str | None:
    """Print ``prompt`` and read one line from stdin; None at the end of input.

    On a terminal this uses ``input`` (with line editing); on a pipe the prompt
    goes to stderr so that stdout holds only the paragraphs.
    """
    if sys.stdin.isatty():
        import contextlib

        with contextlib.suppress(ImportError):  # line editing for input(); absent on Windows
            import readline  # noqa: F401
        try:
            return input(prompt)
        except EOFError:
            sys.stdout.write("\n")
            return None
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        sys.stderr.write("\n")
        return None
    return line.rstrip("\r\n")


def _show(session: TagSession) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from qualcode.cli.render import stdout

    para = session.paragraph
    lines = (
        f"line {para.first_line}"
        if para.first_line == para.last_line
        else f"lines {para.first_line}-{para.last_line}"
    )
    speaker = f" · {para.speaker}" if para.speaker else ""
    codes = sorted({s.code for s in session.codes_here()})
    subtitle = "codes: " + ", ".join(codes) if codes else "not coded yet"
    stdout().print(
        Panel(
            Text(para.text),
            title=f"¶ {para.number}/{len(session.paragraphs)}{speaker} · {lines}",
            title_align="left",
            subtitle=subtitle,
            subtitle_align="left",
        )
    )


def _choose(typed: str, choices: tuple[str, ...]) -> str | None:
    from qualcode.cli.render import message

    if not choices:
        message(f"  no code like {typed!r}; type ? to see the codebook")
        return None
    message(f"  {typed!r} could be:")
    for number, path in enumerate(choices, start=1):
        message(f"    {number}. {path}")
    while True:
        answer = read_line(f"  number 1-{len(choices)} (empty to skip): ")
        if answer is None or not answer.strip():
            message(f"  skipped {typed!r}")
            return None
        picked = answer.strip()
        if picked.isdigit() and 1 <= int(picked) <= len(choices):
            return choices[int(picked) - 1]
        message(
            f"  {picked!r} is not a choice; type a number from 1 to {len(choices)}, "
            "or an empty line to skip"
        )


def _code(session: TagSession, line: str, lines: str | None = None) -> None:
    from qualcode.cli.render import message

    paths: list[str] = []
    for res in session.resolve(line):
        path = res.path
        if path is None:
            path = _choose(res.typed, res.choices)
        elif res.typed != path:
            message(f"  {res.typed} → {path}")
        if path and path not in paths:
            paths.append(path)
    added = session.apply(paths, lines=lines)
    for seg in added:
        message(f"  coded {seg.code}")
    for path in paths:
        if path not in {s.code for s in added}:
            message(f"  {path} was already coded here")


def _ask_lines(session: TagSession) -> str | None:
    """Ask for a line SPEC of the current paragraph until it is valid; None when skipped."""
    from qualcode.cli.render import message
    from qualcode.errors import QualcodeError

    para = session.paragraph
    where = (
        str(para.first_line)
        if para.first_line == para.last_line
        else f"{para.first_line}-{para.last_line}"
    )
    while True:
        spec = read_line(f"lines ({where}; empty to cancel)> ")
        if spec is None or not spec.strip():
            return None
        try:
            session.line_selection(spec.strip())
        except QualcodeError as error:
            message(f"  {error.message}")
            continue
        return spec.strip()


def _codebook(session: TagSession) -> None:
    from qualcode.cli.render import message

    for code in session.book:
        message(f"  {'  ' * (code.depth - 1)}{code.path}  ({code.label})")


def tag(
    document: Annotated[str, typer.Argument(help="Document id (or a unique part of it).")],
    coder: Annotated[
        str | None,
        typer.Option(
            *flags("--coder"),
            help="Coder name (default: $QUALCODE_CODER, then default_coder).",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        int | None,
        typer.Option(
            "--from",
            help="Start at this paragraph (default: the first not yet visited).",
            show_default=False,
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Code a document paragraph by paragraph, typing codes at a prompt.

    Every coding is saved at once; the next session resumes at the first
    paragraph not yet visited. At the prompt: codes separated by commas, an
    empty line for the next paragraph, b back, u undo, l single lines, m memo,
    ? codebook, q quit.

    Example: qualcode tag 2010-10-06-pancho --coder ana
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.coding.apply import counted, resolve_coder
    from qualcode.coding.tagging import TagSession

    proj = open_project(project)
    who = resolve_coder(proj, coder)
    doc = proj.document(document)
    session = TagSession.start(proj, doc, who, start_at=start)
    if session.done:
        message(
            f"{who} has visited all {counted(len(session.paragraphs), 'paragraph')} of {doc.id}; "
            "use --from N to go back to one"
        )
        return
    message(f"tagging {doc.id} as {who}; {HELP}")
    try:
        _loop(session)
    except KeyboardInterrupt:
        message(f"\nstopped; every coding so far is saved ({_visited(session)})")
        raise typer.Exit(130) from None
    message(f"{_visited(session)}; saved")


def _visited(session: TagSession) -> str:
    from qualcode.coding.apply import counted

    total = counted(len(session.paragraphs), "paragraph")
    return f"{session.document.id}: {len(session.visited)} of {total} visited by {session.coder}"


def _loop(session: TagSession) -> None:
    """Show paragraphs and act on each line typed until q or the end of input."""
    from qualcode.cli.render import message
    from qualcode.errors import QualcodeError

    shown = -1
    while not session.done:
        if session.index != shown:
            _show(session)
            shown = session.index
        line = read_line("codes> ")
        if line is None:
            break
        command = line.strip()
        try:
            if command == "":
                session.next()
            elif command == "q":
                break
            elif command == "b":
                session.back()
            elif command == "u":
                undone = session.undo()
                message(f"  undid {undone.code}" if undone else "  nothing to undo")
            elif command == "?":
                _codebook(session)
            elif command == "m":
                text = read_line("memo> ")
                if text and text.strip():
                    from qualcode.cli.people import cli_pseudonymiser

                    with session.project.lock("key"):
                        clean = cli_pseudonymiser(session.project)  # no real name in a memo
                        done = session.add_memo(clean(text.strip()))
                        clean.save()
                    message(f"  memo added to {', '.join(s.code for s in done)}")
            elif command == "l":
                spec = _ask_lines(session)
                codes = read_line(f"codes for line(s) {spec}> ") if spec else None
                if spec and codes and codes.strip():
                    _code(session, codes, lines=spec)
            else:
                _code(session, command)
        except QualcodeError as error:
            message(f"  {error.message}")
