"""``qualcode survey retype``: change a question's type by hand."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._options import ProjectOption


def retype_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[str, typer.Argument(help="A question id or text.")],
    new_type: Annotated[
        str | None,
        typer.Argument(
            help="closed, multi, likert, number or open (default: keep).", show_default=False
        ),
    ] = None,
    sep: Annotated[
        str | None,
        typer.Option(
            "--sep",
            help="Separator of the options when it becomes multi (default ';').",
            show_default=False,
        ),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Who was asked a checkbox question: all, none or a question id.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Retype an open question that has codings.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Change a question's type; survey.yaml records it as the user's choice (typed: user).

    Example: qualcode survey retype feria-2008 distancia closed
    Example: qualcode survey retype tg will-you-watch --base all
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import message
    from qualcode.survey.retype import retype_question

    q = retype_question(
        open_project(project), name, question, new_type, separator=sep, base=base, force=force
    )
    extra = f", base {q.base}" if q.base else ""
    message(f"{name} {q.id}: {q.type} (typed by the user{extra})")
