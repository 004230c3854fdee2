"""Terminal output: the only module of qualcode that imports Rich.

Data goes to stdout, messages to stderr. ``NO_COLOR`` is honoured by Rich.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from qualcode.table import Table

_consoles: dict[str, Console] = {}


def stdout() -> Console:
    """Return the Rich console that writes to stdout."""
    from rich.console import Console

    if "out" not in _consoles or _consoles["out"].file is not sys.stdout:
        _consoles["out"] = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    return _consoles["out"]


def stderr() -> Console:
    """Return the Rich console that writes to stderr."""
    from rich.console import Console

    if "err" not in _consoles or _consoles["err"].file is not sys.stderr:
        _consoles["err"] = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    return _consoles["err"]


def message(text: str) -> None:
    """Print a plain message (a summary, a note) on stderr, without markup."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def warn(text: str, *, quiet: bool = False) -> None:
    """Print ``warning: text`` on stderr unless ``quiet``."""
    if not quiet:
        message(f"warning: {text}")


def check_output(output: Path) -> None:
    """Refuse an ``--output`` path that is a folder or whose folder does not exist.

    Raises:
        InvalidArgument: with a one-line explanation.
    """
    from qualcode.errors import InvalidArgument

    if output.is_dir():
        raise InvalidArgument(
            "--output is a folder, not a file", path=output, hint="give a file name"
        )
    if not output.parent.is_dir():
        raise InvalidArgument(
            "the folder of --output does not exist",
            path=output,
            hint="create the folder first, or choose another path",
        )


def write_output(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output`` atomically, or to stdout."""
    if output is not None:
        check_output(output)
        from qualcode.store import atomic

        atomic.write_text(output, text)
        message(f"wrote {output}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


FILE_WIDTH = 120
"""The width of a table or tree written to a file with ``-o`` (characters)."""


def plain_text(renderable: Any, width: int = FILE_WIDTH) -> str:
    """Return what Rich draws for ``renderable`` at ``width``, without colour, as text.

    The whole text is made before anything is written, so ``-o FILE`` writes
    it in one atomic step (:func:`write_output`).
    """
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True, highlight=False).print(renderable)
    return buffer.getvalue()


_CODE_MIN = 20  # the narrowest a code column gets before an ellipsis cuts it
_TEXT_MIN = 6


def _min_width(table: Table) -> int:
    """Return the narrowest console that shows every column of ``table`` (borders included)."""
    from qualcode.table import cell_text

    total = 1
    for index, column in enumerate(table.columns):
        if table.terminal_columns is not None and column not in table.terminal_columns:
            continue
        cells = [cell_text(row[index]) for row in table.rows]
        widest = max((len(c) for c in cells), default=0)
        numeric = bool(table.rows) and all(
            isinstance(row[index], (int, float)) and not isinstance(row[index], bool)
            for row in table.rows
            if row[index] is not None
        )
        if column == "code":
            need = min(widest, _CODE_MIN)
        elif numeric:  # no_wrap: the header does not wrap either
            need = max(widest, len(column))
        else:
            need = min(widest, _TEXT_MIN)
        total += max(need, 1) + 3
    return total


def rich_table(table: Table) -> Any:
    """Return a Rich Table for a qualcode Table."""
    from rich.table import Table as RichTable
    from rich.text import Text

    from qualcode.table import cell_text

    rich = RichTable(
        title=Text(table.title) if table.title else None, title_justify="left", show_lines=False
    )
    shown = [
        i
        for i, c in enumerate(table.columns)
        if table.terminal_columns is None or c in table.terminal_columns
    ]
    for index in shown:
        column = table.columns[index]
        numeric = all(
            isinstance(row[index], (int, float)) and not isinstance(row[index], bool)
            for row in table.rows
            if row[index] is not None
        ) and bool(table.rows)
        if column == "code":  # a code path broken over lines reads as several codes
            longest = max((len(cell_text(row[index])) for row in table.rows), default=0)
            rich.add_column(
                column, no_wrap=True, overflow="ellipsis", min_width=min(longest, _CODE_MIN)
            )
            continue
        if numeric:  # a number broken over lines misreads ("16" as 1 over 6)
            widest = max(len(cell_text(row[index])) for row in table.rows)
            rich.add_column(column, justify="right", no_wrap=True, min_width=widest)
            continue
        rich.add_column(column, justify="left", overflow="fold")
    for row in table.rows:
        rich.add_row(
            *(Text(cell_text(row[index])) for index in shown)
        )  # Text: '[laughs]' is not markup
    return rich


def show_table(table: Table, fmt: str, output: Path | None = None) -> None:
    """Print ``table`` in ``fmt`` (table, csv, json, md) to stdout or ``output``."""
    if fmt != "table":
        write_output(table.render(fmt), output)
        return
    if output is not None:
        check_output(output)
        write_output(plain_text(rich_table(table)), output)
        return
    console = stdout()
    # Wider than the terminal rather than hide a column or break a number.
    needed = _min_width(table)
    if table.matrix and needed > console.width:
        for line in compact_matrix(table, console.width):
            console.print(line)
        for note in table.notes:
            message(note)
        return
    if needed > console.width:
        from rich.console import Console

        console = Console(file=sys.stdout, highlight=False, soft_wrap=False, width=needed)
    console.print(rich_table(table))
    for note in table.notes:
        message(note)


def _key(index: int) -> str:
    """Return the short key of the ``index``-th column: A..Z, then AA, AB..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _row_label(value: Any) -> str:
    from qualcode.table import cell_text

    text = cell_text(value)
    if "/" in text and not text.startswith("/"):  # a code path: its tree depth as indentation
        return "  " * text.count("/") + text.rsplit("/", 1)[-1]
    return text


def compact_matrix(table: Table, width: int) -> list[Any]:
    """Return what draws a cross-tab at ``width``: short column keys, a legend, column blocks.

    Each count column is headed by a key (``A``, ``B``, ...; headers of three
    characters or fewer, such as ``all``, stay); a row whose label is also a
    column (co-occurrence: codes by codes) shows its key before the label;
    code paths are shown as indented names. The columns go in as many blocks
    as needed to fit ``width``, each repeating the row labels. The legend
    (``A trust · B c-factor ...``) follows. CSV, JSON and Markdown are not
    affected.

    Args:
        table: A :attr:`~qualcode.table.Table.matrix` table.
        width: The terminal's width in characters.

    Returns:
        Rich renderables and strings, to print in order.
    """
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    from qualcode.table import cell_text

    columns = list(table.columns)
    keys = {c: (c if len(c) <= 3 else _key(i)) for i, c in enumerate(columns[1:])}
    labels = []
    for row in table.rows:
        label = _row_label(row[0])
        if cell_text(row[0]) in keys and keys[cell_text(row[0])] != cell_text(row[0]):
            label = f"{keys[cell_text(row[0])]} {label}"
        labels.append(label)
    label_width = min(max((len(x) for x in labels), default=4), max(12, width // 3))
    label_width = max(label_width, len(columns[0]))
    widths = []
    for index, column in enumerate(columns[1:], start=1):
        cells = [cell_text(row[index]) for row in table.rows]
        widths.append(max([len(keys[column]), *(len(c) for c in cells)]))
    # SIMPLE_HEAD: a blank rule between columns and one space of padding each side.
    blocks: list[list[int]] = [[]]
    used = label_width + 3
    for index, cell_width in enumerate(widths, start=1):
        if blocks[-1] and used + cell_width + 3 > width:
            blocks.append([])
            used = label_width + 3
        blocks[-1].append(index)
        used += cell_width + 3
    out: list[Any] = []
    for number, block in enumerate(blocks):
        title = table.title or ""
        if len(blocks) > 1:
            first, last = keys[columns[block[0]]], keys[columns[block[-1]]]
            title += f" (columns {first}–{last})" if first != last else f" (column {first})"
        rich = RichTable(
            title=Text(title) if title else None,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        rich.add_column(
            columns[0],
            no_wrap=True,
            overflow="ellipsis",
            max_width=label_width,
            min_width=label_width,
        )
        for index in block:
            rich.add_column(
                keys[columns[index]], justify="right", no_wrap=True, min_width=widths[index - 1]
            )
        for label, row in zip(labels, table.rows, strict=True):
            rich.add_row(Text(label), *(Text(cell_text(row[i])) for i in block))
        if number:
            out.append("")
        out.append(rich)
    legend = [f"{keys[c]} {c}" for c in columns[1:] if keys[c] != c]
    lines: list[str] = []
    for item in legend:
        if lines and len(lines[-1]) + 3 + len(item) <= width:
            lines[-1] += " · " + item
        else:
            lines.append(item)
    out += [Text(line) for line in lines]
    return out


@contextmanager
def progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """Show a progress bar on a terminal (stderr); yield an ``advance(n)`` callback.

    On a pipe nothing is drawn and the callback does nothing.
    """
    if not sys.stderr.isatty():
        yield lambda _n=1: None
        return
    from rich.progress import Progress

    with Progress(console=stderr(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def show_tree(title: str, nodes: list[tuple[int, str, str]], output: Path | None = None) -> None:
    """Print a tree: ``nodes`` are ``(depth, head, detail)`` in depth-first order.

    ``depth`` is 1 for top-level nodes; ``head`` is drawn bold and ``detail``
    dim after it. With ``output``, the same tree is written without colour.
    """
    from rich.text import Text
    from rich.tree import Tree

    tree = Tree(Text(title, style="bold"), guide_style="dim")
    stack: list[Any] = [tree]
    for depth, head, detail in nodes:
        del stack[depth:]
        label = Text(head, style="bold", no_wrap=True, overflow="ellipsis")
        if detail:
            label.append("  " + detail, style="dim")
        stack.append(stack[-1].add(label))
    if output is not None:
        check_output(output)
        write_output(plain_text(tree), output)
        return
    stdout().print(tree)


def show_bars(
    title: str,
    items: list[tuple[str, int]],
    *,
    unit: str,
    width: int = 40,
    total: int | None = None,
) -> None:
    """Draw horizontal bars on stdout: one ``label ████ n`` line per item.

    Args:
        title: The heading line.
        items: ``(label, value)`` pairs, drawn in order.
        unit: What the values count (shown in the heading).
        width: Characters of the longest bar.
        total: The denominator: values then read ``n of N (p%)`` and a full
            bar is ``total``.
    """
    console = stdout()
    console.print(f"{title} ({unit})", markup=False)
    if not items:
        return
    longest = max(len(label) for label, _ in items)
    top = total or max((value for _, value in items), default=0) or 1
    for label, value in items:
        bar = "█" * round(width * value / top)
        if value and not bar:
            bar = "▏"
        shown = f"{value}" if total is None else f"{value} of {total}"
        if total:
            shown += f" ({100 * value / total:.1f}%)"
        console.print(f"{label.ljust(longest)} {bar} {shown}", markup=False, highlight=False)


def show_group_help(group: Any, ctx: Any, commands: list[tuple[str, str]]) -> None:
    """Print a command group's ``--help`` on stdout, laid out as Typer lays out command help.

    Usage, the description, an Options panel and a Commands panel; the
    commands come as ``(name, one-line summary)`` pairs, so that no command
    module is imported to list them (see :mod:`qualcode.cli._group`). The
    rows are laid out here with Rich's text wrapping (``tests/cli/test_commands.py``
    checks the result equals Typer's own layout), which spares importing and
    running Rich's table engine on every ``--help``. ``TERMINAL_WIDTH`` fixes
    the width, as it does for Typer.

    Args:
        group: The click group (its usage, help text and options are read).
        ctx: Its click context.
        commands: ``(name, summary)`` in display order.
    """
    import inspect
    import os

    from rich.console import Console, Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    def markup(text: str, style: str = "") -> Any:
        # Rich markup as Typer reads it; emoji codes off (their table alone costs 10 ms to load).
        return Text.from_markup(text, style=style, emoji=False)

    width = os.environ.get("TERMINAL_WIDTH")
    console = Console(highlight=False, width=int(width) if width else None)
    inner = console.width - 4  # a panel's two borders and its padding
    usage = group.get_usage(ctx)
    head, _, rest = usage.partition(" ")
    console.print(Padding(Text.assemble((head + " ", "yellow"), (rest, "bold")), 1))
    if group.help:
        first, *more = inspect.cleandoc(group.help).partition("\f")[0].split("\n\n")
        parts: list[Any] = [markup(first.replace("\n", " ").strip())]
        if more:
            parts += [Text(""), markup("\n\n".join(more), style="dim")]
        console.print(Padding(Group(*parts), (0, 1, 1, 1)))

    def rows(cells: list[tuple[list[tuple[str, str]], list[Any]]]) -> list[Any]:
        """Lay out rows of fixed-width columns followed by a wrapped one; return the lines.

        Each row is ``(fixed, notes)``: ``fixed`` the ``(text, style)`` of the
        columns before the last (padded to their widest cell, one space either
        side of each inner column edge), ``notes`` the texts of the last
        column, side by side when they fit (as ``rich.columns`` places them),
        else one under another, each wrapped.
        """
        widths = [max(len(row[0][i][0]) for row in cells) for i in range(len(cells[0][0]))]
        used = sum(widths) + 2 * len(widths)
        room = max(inner - used, 1)
        lines = []
        for fixed, notes in cells:
            joined = Text(" ").join(notes)
            if len(notes) > 1 and joined.cell_len > room:
                body = [line for note in notes for line in note.wrap(console, room)]
            else:
                body = list(joined.wrap(console, room))
            for number, line in enumerate(body or [Text("")]):
                left = Text()
                for (text, style), size in zip(fixed, widths, strict=True):
                    shown = text if number == 0 else ""
                    left.append(shown, style)
                    left.append(" " * (size - len(shown) + 2))
                lines.append(Text.assemble(left, line))
        return lines

    def panel(title: str, lines: list[Any]) -> None:
        console.print(
            Panel(Group(*lines), border_style="dim", title=Text(title), title_align="left")
        )

    options = []
    for param in group.get_params(ctx):
        if getattr(param, "hidden", False) or not getattr(param, "opts", None):
            continue
        metavar = "" if param.is_flag else param.make_metavar(ctx)
        notes: list[Any] = [Text(" ".join((param.help or "").split()))]
        if param.envvar and getattr(param, "show_envvar", False):
            notes.append(Text(f"[env var: {param.envvar}]", style="dim yellow"))
        fixed = [
            (",".join(o for o in param.opts if o.startswith("--")), "bold cyan"),
            (",".join(o for o in param.opts if not o.startswith("--")), "bold green"),
            ("", ""),
            ("", ""),
            ("" if "bool" in metavar.lower() else metavar, "bold yellow"),
        ]
        options.append((fixed, notes))
    if options:
        panel("Options", rows(options))
    if commands:
        panel("Commands", rows([([(name, "bold cyan")], [markup(s)]) for name, s in commands]))
