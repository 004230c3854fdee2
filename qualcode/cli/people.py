"""``qualcode people``: the private key of real names and pseudonyms."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qualcode.cli._group import LazyGroup
from qualcode.cli._options import FormatOption, OutputOption, ProjectOption, flags

if TYPE_CHECKING:
    from qualcode.pseudonymise.importing import ProjectPseudonymiser
    from qualcode.pseudonymise.key import Key
    from qualcode.store.project import Project

app = typer.Typer(
    cls=LazyGroup,
    help="Keep the private key of people: real names, aliases and pseudonyms.",
    no_args_is_help=True,
)

KeyOption = Annotated[
    Path | None,
    typer.Option(
        "--key",
        help="Key file (default: the project's, .qualcode/people.yaml or the key: setting).",
        show_default=False,
    ),
]


def _passphrase(confirm: bool = False) -> str | None:
    """Return the passphrase from QUALCODE_KEY_PASSPHRASE, or ask on a terminal."""
    import os
    import sys

    from qualcode.pseudonymise.key_file import PASSPHRASE_VARIABLE

    value = os.environ.get(PASSPHRASE_VARIABLE)
    if value:
        return value
    if sys.stdin.isatty():
        return str(typer.prompt("Key passphrase", hide_input=True, confirmation_prompt=confirm))
    return None


def key_file(project: Path | None, key: Path | None) -> Path:
    """Return the key file: ``--key``, else the project's."""
    if key is not None:
        return key
    from qualcode.cli._options import open_project
    from qualcode.pseudonymise.key_file import key_path

    return key_path(open_project(project))


def key_held(path: Path) -> AbstractContextManager[None]:
    """Hold the lock of the key file ``path`` (load, change and save it inside)."""
    from qualcode.store import locking

    return locking.hold([locking.key_lock(path)])


def load_cli_key(path: Path) -> Key:
    """Load the key at ``path``, asking for the passphrase when it is locked."""
    from qualcode.pseudonymise.key_file import load_key, locked_path

    passphrase = None
    if not path.is_file() and locked_path(path).is_file():
        passphrase = _passphrase()
    return load_key(path, passphrase)


def cli_pseudonymiser(project: Project) -> ProjectPseudonymiser:
    """Return the project's pseudonymiser, asking for the passphrase when the key is locked."""
    from qualcode.pseudonymise import key_path, project_pseudonymiser

    return project_pseudonymiser(project, key=load_cli_key(key_path(project)))


def warn_unknown_participants(clean: ProjectPseudonymiser, participants: list[str]) -> None:
    """Warn on stderr about ``--participant`` values the key does not know (they may be real)."""
    from qualcode.cli.render import warn
    from qualcode.pseudonymise.importing import unknown_participants

    for ref in unknown_participants(clean.key, participants):
        warn(
            f"--participant {clean(ref)!r} is not in the key and is written as given; "
            "if it is a real name, add it with 'qualcode people add' and use its pseudonym"
        )


def add(
    real: Annotated[str, typer.Argument(help="The real full name (kept only in the key).")],
    pseudonym: Annotated[
        str | None, typer.Option(*flags("--pseudonym"), help="The pseudonym.", show_default=False)
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option(
            "--alias", help="An alias or nickname, or ALIAS=FORM (its pseudonym form). Repeatable."
        ),
    ] = None,
    kind: Annotated[str, typer.Option("--kind", help="person or organisation.")] = "person",
    attr: Annotated[
        list[str] | None,
        typer.Option("--attr", help="Attribute key=value for import --participant (repeatable)."),
    ] = None,
    common_word: Annotated[
        list[str] | None,
        typer.Option(
            "--common-word", help="A name part that is also a word: match it only capitalised."
        ),
    ] = None,
    entry_id: Annotated[
        str | None, typer.Option("--id", help="The id (default: next P01, P02... or O01...).")
    ] = None,
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Register a person (or organisation) and their pseudonym.

    Refuses a pseudonym that equals another entry's pseudonym, or any real
    name or alias in the key (accent- and case-folded).

    Example: qualcode people add "Francisco Soto Muñoz" --pseudonym "Tomás Reyes" --alias Pancho=Tomi --attr role=producer
    """
    from qualcode.cli.render import message
    from qualcode.errors import InvalidArgument
    from qualcode.pseudonymise.key import add_entry
    from qualcode.pseudonymise.key_file import save_key
    from qualcode.store.filters import parse_assignments

    if kind in ("person",) and not pseudonym:
        raise InvalidArgument("a person needs a pseudonym", hint="pass --pseudonym NAME")
    path = key_file(project, key)
    with key_held(path):
        the_key = load_cli_key(path)
        entry = add_entry(
            the_key,
            real,
            pseudonym=pseudonym,
            aliases=alias or [],
            kind=kind,
            attributes=parse_assignments(attr or []),
            common_word=common_word or [],
            entry_id=entry_id,
        )
        save_key(the_key)
    from qualcode.pseudonymise.key_file import locked_path

    written = locked_path(path) if the_key.locked else path
    message(f"added {entry.id} as {entry.label} to {written}")


def list_people(
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Also show real names and aliases (personal data).")
    ] = False,
    fmt: FormatOption = "table",  # type: ignore[assignment]
    output: OutputOption = None,
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """List the people in the key: pseudonyms only, unless --reveal.

    Example: qualcode people list --format csv
    """
    from qualcode.cli.render import show_table, warn
    from qualcode.table import Table

    the_key = load_cli_key(key_file(project, key))
    rows = []
    for entry in the_key.entries:
        forms = sorted(set(entry.alias_forms().values()) - {entry.label})
        attributes = ", ".join(f"{k}={v}" for k, v in sorted(entry.attributes.items()))
        row: list[object] = [entry.id, entry.label, entry.kind, ", ".join(forms), attributes]
        if reveal:
            row.extend([entry.real, ", ".join(entry.aliases)])
        rows.append(tuple(row))
    columns = ["id", "pseudonym", "kind", "alias forms", "attributes"]
    if reveal:
        columns += ["real", "aliases"]
        warn("--reveal shows real names: do not paste this output anywhere")
    notes = [f"keep: {', '.join(the_key.keep)}"] if the_key.keep else []
    show_table(Table(columns, rows, title="People", notes=notes), fmt, output)


def remove(
    ref: Annotated[str, typer.Argument(help="Id, pseudonym or real name.")],
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Remove a person or organisation from the key.

    Example: qualcode people remove P03
    """
    from qualcode.cli.render import message
    from qualcode.pseudonymise.key import remove_entry
    from qualcode.pseudonymise.key_file import save_key

    path = key_file(project, key)
    with key_held(path):
        the_key = load_cli_key(path)
        entry = remove_entry(the_key, ref)
        save_key(the_key)
    message(f"removed {entry.id} ({entry.label})")


def keep(
    words: Annotated[list[str], typer.Argument(help="Words or phrases never to replace.")],
    key: KeyOption = None,
    project: ProjectOption = None,
) -> None:
    """Add words or phrases to the allow-list (never replaced, e.g. a place name).

    Example: qualcode people keep "La Paz" "Santa Rosa"
    """
    from qualcode.cli.render import message
    from qualcode.pseudonymise.key_file import save_key

    path = key_file(project, key)
    with key_held(path):
        the_key = load_cli_key(path)
        for word in words:
            if word not in the_key.keep:
                the_key.keep.append(word)
        save_key(the_key)
    message(f"keep list: {len(the_key.keep)} entries")


def lock(key: KeyOption = None, project: ProjectOption = None) -> None:
    """Encrypt the key with a passphrase (scrypt + AES-256-GCM) and remove the plaintext.

    The passphrase comes from QUALCODE_KEY_PASSPHRASE or is asked for.

    Example: qualcode people lock
    """
    from qualcode.cli.render import message
    from qualcode.errors import InvalidArgument
    from qualcode.pseudonymise.key_file import load_key, lock_key, locked_path

    path = key_file(project, key)
    if locked_path(path).is_file() and not path.is_file():
        raise InvalidArgument(
            f"the key is already locked: {locked_path(path)}",
            hint="nothing to do ('qualcode people unlock' decrypts it)",
        )
    if load_key(path).locked:  # checked before asking; again under the lock
        raise InvalidArgument("the key is already locked")
    passphrase = _passphrase(confirm=True)
    if not passphrase:
        raise InvalidArgument(
            "no passphrase", hint="set QUALCODE_KEY_PASSPHRASE or run on a terminal"
        )
    with key_held(path):
        the_key = load_key(path)
        if the_key.locked:
            raise InvalidArgument("the key is already locked")
        locked = lock_key(the_key, passphrase)
    message(f"locked the key: {locked} (plaintext removed)")


def unlock(key: KeyOption = None, project: ProjectOption = None) -> None:
    """Decrypt a locked key back to plaintext (mode 600).

    Example: QUALCODE_KEY_PASSPHRASE=... qualcode people unlock
    """
    from qualcode.cli.render import message
    from qualcode.errors import InvalidArgument
    from qualcode.pseudonymise.key_file import locked_path, unlock_key

    path = key_file(project, key)
    if not locked_path(path).is_file():
        raise InvalidArgument("the key is not locked", path=path)
    with key_held(path):
        the_key = load_cli_key(path)
        written = unlock_key(the_key)
    message(f"unlocked the key: {written}")
