"""``qualcode survey cluster``: group near-identical open answers."""

from __future__ import annotations

from typing import Annotated

import typer

from qualcode.cli._options import Format, FormatOption, OutputOption, ProjectOption


def cluster_command(
    name: Annotated[str, typer.Argument(help="The survey.")],
    question: Annotated[str, typer.Argument(help="The open question.")],
    threshold: Annotated[
        float, typer.Option("--threshold", help="Minimum token-set similarity, 0-100.")
    ] = 90.0,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Group near-identical answers (rapidfuzz token-set similarity) to code them together.

    Example: qualcode survey cluster feria-2008 cambio --threshold 85
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.survey.cluster import cluster_answers, clusters_table
    from qualcode.survey.store import load_survey

    survey = load_survey(open_project(project), name)
    q = survey.question(question)
    show_table(clusters_table(survey, q, cluster_answers(survey, q, threshold)), fmt.value, output)
