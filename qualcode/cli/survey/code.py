"""``qualcode survey code``: code open answers one at a time at a prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._options import ProjectOption
from qualcode.cli.survey._common import CoderOption, default_coder, plural, project_codebook

if TYPE_CHECKING:
    from collections.abc import Callable

    from qualcode.codebook.tree import Codebook
    from qualcode.survey.model import SurveyCodings


CODE_HELP = (
    "type codes separated by commas (fuzzy: new markets, fair-desing); "
    "Enter skips | b back | u undo | ? codebook | q quit"
)


def _read(prompt: str) -> str | None:
    """Show ``prompt`` on stderr and read a line; None at end of input."""
    from qualcode.cli.render import message

    message(prompt)
    try:
        return input()
    except EOFError:
        return None


def _resolve_codes(book: Codebook, line: str) -> list[str] | None:
    """Turn a typed line into code paths with :func:`qualcode.coding.tagging.resolve_entry`.

    An exact or unique entry applies; an ambiguous one with a single candidate
    applies too; several candidates are offered as numbered choices. Returns
    None at end of input.
    """
    from qualcode.cli.render import message
    from qualcode.coding.tagging import resolve_entry

    paths: list[str] = []
    for part in (p.strip() for p in line.split(",")):
        if not part:
            continue
        res = resolve_entry(book, part)
        path = res.path
        if path is None and len(res.choices) == 1:
            path = res.choices[0]
        if path is None and res.choices:
            message(f"  {part!r} could be:")
            for number, choice in enumerate(res.choices, start=1):
                message(f"    {number}. {choice}")
            answer = _read("  number (Enter skips): ")
            if answer is None:
                return None
            if answer.strip().isdigit() and 1 <= int(answer) <= len(res.choices):
                path = res.choices[int(answer) - 1]
        elif path is None:
            message(f"  no code like {part!r}; type ? to see the codebook")
        if path is not None and path != part:
            message(f"  {part} → {path}")
        if path is not None and path not in paths:
            paths.append(path)
    return paths


def code_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[str, typer.Argument(help="The open question.")],
    coder: CoderOption = None,
    again: Annotated[
        bool, typer.Option("--all", help="Show answers you already coded too.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Code open answers one at a time, typing codes (fuzzy) separated by commas.

    Enter skips, b goes back, u undoes the last codes added, ? shows the
    codebook, q quits; an ambiguous code offers numbered choices. Answers
    already coded are skipped, so you can stop and come back. Works with
    piped input.

    Example: qualcode survey code feria-2008 cambio --coder ana
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.errors import InvalidArgument
    from qualcode.survey.store import load_codings, load_survey, update_codings

    proj = open_project(project)
    survey = load_survey(proj, name)
    q = survey.question(question)
    if q.type != "open":
        raise InvalidArgument(
            f"question {q.id!r} is {q.type}, not open", hint="code an open question"
        )
    book = project_codebook(proj)
    if book is None or not len(book):
        raise InvalidArgument(
            "the project has no codebook", hint="add codes with 'qualcode codebook add'"
        )
    who = default_coder(proj, coder)
    codings = load_codings(proj, name, who)

    def change(edit: Callable[[SurveyCodings], list[str]]) -> list[str]:
        """Apply ``edit`` to the codes as stored now (under the survey's lock) and save."""
        nonlocal codings

        def run(stored: SurveyCodings) -> tuple[list[str], SurveyCodings]:
            return edit(stored), stored

        result, codings = update_codings(proj, name, who, run, survey.ids)
        return result

    done = codings.for_question(q.id)
    todo = [
        (rid, cell)
        for rid, cell in zip(survey.ids, survey.columns[q.id], strict=True)
        if cell and (again or rid not in done)
    ]
    message(
        f"{plural(len(todo), 'answer')} to code in {name} {q.id} as {who} "
        "(Enter skips, b back, u undo, ? codebook, q quits)"
    )
    coded: set[str] = set()
    history: list[tuple[int, str, list[str]]] = []  # (index, response, codes added)
    index = 0
    while index < len(todo):
        rid, cell = todo[index]
        current = codings.codes.get((q.id, rid)) or []
        message(
            f"\n[{index + 1}/{len(todo)}] {rid}"
            + (f"  codes: {', '.join(current)}" if current else "")
        )
        message(cell)
        line = _read("codes> ")
        if line is None:
            message(f"{plural(len(coded), 'answer')} coded; stopped at end of input")
            return
        command = line.strip()
        if command.lower() in ("q", "quit"):
            message(f"{plural(len(coded), 'answer')} coded; run the command again to go on")
            return
        if not command:
            index += 1
            continue
        if command == "b":
            if index == 0:
                message("  this is the first answer")
            index = max(index - 1, 0)
            continue
        if command == "u":
            if not history:
                message("  nothing to undo")
                continue
            index, undone_rid, paths = history.pop()
            change(
                lambda stored, rid=undone_rid, paths=paths: [
                    p for p in paths if stored.remove(q.id, rid, p)
                ]
            )
            if not codings.codes.get((q.id, undone_rid)):
                coded.discard(undone_rid)
            message(f"  undid {', '.join(paths)} on {undone_rid}")
            continue
        if command in ("?", "h", "help"):
            message(CODE_HELP)
            for code in book:
                message(f"  {'  ' * (code.depth - 1)}{code.path}  ({code.label})")
            continue
        paths = _resolve_codes(book, command)
        if paths is None:
            message(f"{plural(len(coded), 'answer')} coded; stopped at end of input")
            return
        if not paths:
            continue
        added = change(
            lambda stored, rid=rid, paths=paths: [p for p in paths if stored.add(q.id, rid, p)]
        )
        if added:
            history.append((index, rid, added))
            coded.add(rid)
        message("coded: " + ", ".join(paths))
        index += 1
    message(f"{plural(len(coded), 'answer')} coded; nothing left to code in {q.id}")
