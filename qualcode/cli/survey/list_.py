"""``qualcode survey list``: the project's surveys."""

from __future__ import annotations

from qualcode.cli._options import Format, FormatOption, OutputOption, ProjectOption


def list_command(
    fmt: FormatOption = Format.table, output: OutputOption = None, project: ProjectOption = None
) -> None:
    """List the project's surveys.

    Example: qualcode survey list
    """
    from qualcode.cli._options import open_project
    from qualcode.cli.render import show_table
    from qualcode.survey.store import surveys_table

    show_table(surveys_table(open_project(project)), fmt.value, output)
