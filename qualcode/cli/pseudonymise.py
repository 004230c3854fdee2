"""``qualcode pseudonymise``: replace real names and personal data in texts; the demo step."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qualcode.cli._options import ProjectOption, flags
from qualcode.cli.people import KeyOption

if TYPE_CHECKING:
    from qualcode.store.project import Project


class FuzzyMode(StrEnum):
    """What to do with near-misses of registered names."""

    replace = "replace"
    review = "review"
    off = "off"


def pseudonymise_command(
    files: Annotated[
        list[str], typer.Argument(help="Text files, or - for standard input.", show_default=False)
    ],
    in_place: Annotated[
        bool, typer.Option(*flags("--in-place"), help="Rewrite the files (atomically).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show a diff of the changes; write nothing.")
    ] = False,
    fuzzy: Annotated[
        FuzzyMode,
        typer.Option(
            "--fuzzy", help="Near-misses (one edit, 7+ letters): replace, review (list) or off."
        ),
    ] = FuzzyMode.replace,
    join_hyphens: Annotated[
        bool,
        typer.Option(
            "--join-hyphens/--no-join-hyphens",
            help="Join names split by a hyphen at a line end (default), or leave and list them.",
        ),
    ] = True,
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Show the replaced text in the report (personal data).")
    ] = False,
    details: Annotated[
        bool, typer.Option("--details", help="List every replacement, not only the counts.")
    ] = False,
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Replace every registered name, alias and variant, and e-mails, phones and RUTs.

    Prints the pseudonymised text on stdout (or rewrites files with
    --in-place); the report goes to stderr and never shows a real name
    unless --reveal. Text is read as qualcode import reads it (UTF-8/16,
    cp1252; binary files are refused) and written as UTF-8; its line ends
    (CRLF) and all text that is not a mention are kept as they are.

    Example: qualcode pseudonymise raw/interview.txt > interview.txt
    Example: qualcode pseudonymise --in-place --dry-run raw/*.txt
    """
    import difflib
    import sys

    from qualcode.cli.people import key_file, key_held, load_cli_key
    from qualcode.cli.render import message, rich_table, stderr, warn, write_output
    from qualcode.errors import InvalidArgument, NotFound
    from qualcode.pseudonymise.engine import Pseudonymiser
    from qualcode.pseudonymise.key_file import save_key
    from qualcode.pseudonymise.report import (
        decisions_table,
        details_table,
        summary_line,
        summary_table,
    )
    from qualcode.store import atomic
    from qualcode.store.textio import decode

    if in_place and "-" in files:
        raise InvalidArgument("--in-place cannot rewrite standard input")
    inputs = []
    for name in files:
        if name == "-":
            data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
            raw = data if isinstance(data, bytes) else data.encode("utf-8")
        else:
            try:
                raw = Path(name).read_bytes()
            except OSError as exc:
                raise NotFound(f"cannot read {name}: {exc.strerror}", path=name) from None
        decoded = decode(raw, "standard input" if name == "-" else name)  # refuses binary
        inputs.append((name, original_text(raw, decoded) if not dry_run else decoded.text))
    path = key_file(project, key)
    with key_held(path):  # placeholder numbers are taken from the key and saved back
        the_key = load_cli_key(path)
        rewrite = atomic.FileTransaction()  # --in-place: every file, each atomic
        if not the_key.entries:
            warn("the key has no people yet: only e-mails, phones and RUTs are replaced")
        engine = Pseudonymiser(the_key, fuzzy=fuzzy.value, join_hyphens=join_hyphens)
        results = []
        outputs = []
        for name, text in inputs:
            result = engine.pseudonymise(text)
            results.append((name, result))
            # nothing replaced: the text stays byte for byte (no NFC either)
            outputs.append((name, text, result.text if result.replacements else text))
        if dry_run:
            warn("--dry-run shows the original lines, with real names, on stdout: do not share it")
        for name, before, after in outputs:
            if dry_run:
                diff = difflib.unified_diff(
                    before.splitlines(keepends=True),
                    after.splitlines(keepends=True),
                    f"{name} (original)",
                    f"{name} (pseudonymised)",
                )
                write_output("".join(diff), None)
            elif in_place:
                if after != before or raw_differs(name, after):
                    rewrite.write_text(Path(name), after)
            else:
                write_output(after, None)
        rewrite.commit()
        if the_key.dirty and not dry_run:
            save_key(the_key)
    console = stderr()
    console.print(rich_table(summary_table(results, the_key, reveal=reveal)))
    if details:
        console.print(rich_table(details_table(results, reveal=reveal)))
    if any(r.reviews for _, r in results):
        console.print(rich_table(details_table(results, reveal=reveal, reviews=True)))
    if any(r.decisions for _, r in results):
        console.print(rich_table(decisions_table(results, reveal=reveal)))
    for name, result in results:
        for warning in result.warnings:
            warn(f"{name}: {warning}")
    message(summary_line(results) + (" (dry run: nothing written)" if dry_run else ""))


def original_text(raw: bytes, decoded: Any) -> str:
    """Return the text as the file has it: its line ends (CRLF kept) and its byte-order mark.

    Only ``import`` normalises line ends; ``pseudonymise`` changes nothing but
    the mentions. (Text not in Unicode NFC is still put in NFC by the engine.)
    """
    if not decoded.crlf and not decoded.normalised:
        return ("\ufeff" if decoded.had_bom and decoded.encoding.startswith("utf-8") else "") + (
            decoded.text
        )
    data = raw
    if decoded.had_bom:
        for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
            if data.startswith(bom):
                data = data[len(bom) :]
                break
    text = data.decode(decoded.encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    bom = "\ufeff" if decoded.had_bom and decoded.encoding.startswith("utf-8") else ""
    return bom + text


def raw_differs(name: str, text: str) -> bool:
    """Return whether the file's bytes differ from ``text`` in UTF-8 (encoding, line ends)."""
    try:
        return Path(name).read_bytes() != text.encode("utf-8")
    except OSError:
        return True


def demo_step(project: Project) -> None:
    """Demo: install the example key, import raw transcripts through it, report and scan."""
    from qualcode.cli.render import message, rich_table, show_table, stdout
    from qualcode.codebook.tree import codebook_terms
    from qualcode.demo import example_raw_files, install_example_key
    from qualcode.pseudonymise.importing import import_pseudonymised
    from qualcode.pseudonymise.key_file import key_path, load_key
    from qualcode.pseudonymise.report import summary_line, summary_table
    from qualcode.pseudonymise.scan import findings_table, scan_project
    from qualcode.store.documents import ImportOptions

    install_example_key(project)
    key = load_key(key_path(project))
    console = stdout()
    console.print(
        f"Key installed in {project.relative(key_path(project))} (private, mode 600): "
        f"{len(key.entries)} people and organisations."
    )
    all_results = []
    for source, participant in example_raw_files():
        title = source.read_text(encoding="utf-8").splitlines()[0]  # holds a real name
        options = ImportOptions(kind="interview", participants=[participant], title=title)
        imported, results = import_pseudonymised(project, [source], options, key=key)
        all_results.extend(results)
        for item in imported:
            console.print(f"imported raw/{source.name} -> {project.relative(item.document.path)}")
    console.print(rich_table(summary_table(all_results, key)))
    message(summary_line(all_results))
    findings = scan_project(project, key=key, known_terms=codebook_terms(project.codebooks_dir))
    leaks = [f for f in findings if f.leak]
    candidates = len(findings) - len(leaks)
    if leaks:
        show_table(findings_table(leaks), "table")
    console.print(
        f"qualcode scan: {len(leaks)} leaks of registered names or personal data; "
        f"{candidates} capitalised words listed as candidates to review."
    )
