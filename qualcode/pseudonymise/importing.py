"""Importing through the key: no real name reaches a project file.

:func:`import_pseudonymised` wraps :func:`qualcode.store.documents.prepare_import`
and :func:`~qualcode.store.documents.write_imports`. The body and title go through
the pseudonymiser (the ``transform`` hook, so the id is made from the
pseudonymised title); every string in the front matter the source carried
(participants, attributes, other fields, an explicit id) is pseudonymised
too. ``--participant`` values are resolved in the key: a real name, alias, id
or pseudonym becomes the pseudonym, and the person's key attributes are
copied into the document (given ``--attr`` values win).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from qualcode.errors import AlreadyExists, NotFound
from qualcode.pseudonymise.engine import Pseudonymiser, Result
from qualcode.pseudonymise.key import Key
from qualcode.pseudonymise.key_file import save_key, stage_key
from qualcode.store import atomic, locking
from qualcode.store.documents import (
    ImportedDocument,
    ImportOptions,
    make_id,
    prepare_import,
    slugify,
    write_imports,
)
from qualcode.store.project import Project

_FIELDS = ("id", "kind", "title", "date", "participants", "attributes")


class ProjectPseudonymiser:
    """A ``str -> str`` pseudonymiser over a project's key, collecting results for a report.

    Every command that writes researcher text into the project (import,
    survey import, ``notes new``, coding memos) goes through one of these,
    so no real name in the key reaches a project file.

    Attributes:
        engine: The :class:`Pseudonymiser`.
        key: Its key.
        results: One :class:`Result` per call that changed or flagged something.
    """

    def __init__(self, key: Key, *, fuzzy: str = "replace") -> None:
        self.key = key
        self.engine = Pseudonymiser(key, fuzzy=fuzzy)
        self.results: list[Result] = []

    def __call__(self, text: str) -> str:
        """Return ``text`` pseudonymised (prose: common-word names only when capitalised)."""
        if not text:
            return text
        result = self.engine.pseudonymise(text)
        if result.replacements or result.reviews:
            self.results.append(result)
        return result.text

    def slug(self, text: str) -> str:
        """Return an id, slug or file-name title pseudonymised in any case."""
        return self.engine.slug(text) if text else text

    def participants(self, refs: Sequence[str]) -> tuple[list[str], dict[str, Any]]:
        """Return ``refs`` as pseudonyms and the key attributes (see :func:`resolve_participants`)."""
        return resolve_participants(self.key, refs, self.engine)

    def save(self) -> None:
        """Write the key back when new placeholders were numbered.

        Hold the key's lock from before the key was loaded until this call
        (``project.lock("key")``), or two commands may number different
        values alike.
        """
        if self.key.dirty:
            save_key(self.key)

    def stage(self, tx: atomic.FileTransaction) -> None:
        """Stage the key in ``tx`` when new placeholders were numbered (see :meth:`save`)."""
        if self.key.dirty:
            stage_key(self.key, tx)


def project_pseudonymiser(
    project: Project,
    *,
    key: Key | None = None,
    passphrase: str | None = None,
    fuzzy: str = "replace",
) -> ProjectPseudonymiser:
    """Return the project's pseudonymiser (a ``str -> str`` callable).

    Without a key file the key is empty and e-mails, phone numbers and RUTs
    are still masked.

    Args:
        project: The project.
        key: An already loaded key (the CLI loads it, asking for a passphrase).
        passphrase: For a locked key (default: ``QUALCODE_KEY_PASSPHRASE``).
        fuzzy: ``replace`` or ``review``.

    Raises:
        KeyLocked: the key is locked and no passphrase is available.
    """
    if key is None:
        import os

        from qualcode.pseudonymise.key_file import PASSPHRASE_VARIABLE, key_path, load_key

        key = load_key(key_path(project), passphrase or os.environ.get(PASSPHRASE_VARIABLE))
    return ProjectPseudonymiser(key, fuzzy=fuzzy)


def resolve_participants(
    key: Key, participants: Sequence[str], engine: Pseudonymiser
) -> tuple[list[str], dict[str, Any]]:
    """Return the participants as pseudonyms and the attributes their key entries carry.

    A participant not in the key is pseudonymised as text (so a real name
    that is only an alias or variant is still replaced).
    """
    names: list[str] = []
    attributes: dict[str, Any] = {}
    for ref in participants:
        try:
            entry = key.entry(ref)
        except NotFound:
            names.append(engine(ref))
            continue
        names.append(entry.label)
        for name, value in entry.attributes.items():
            attributes.setdefault(name, value)
    return names, attributes


def unknown_participants(key: Key, participants: Sequence[str]) -> list[str]:
    """Return the participants that are not an id, real name, alias or pseudonym in the key.

    They are written as given (pseudonymised as text), so if one is a real
    name it leaks: the CLI warns about each.
    """
    unknown = []
    for ref in participants:
        try:
            key.entry(ref)
        except NotFound:
            unknown.append(ref)
    return unknown


def looks_like_name(label: str) -> bool:
    """Return True when a speaker label the key does not know could be a person's name.

    Everything is, except initials (``G``, ``MT``), ids holding a digit
    (``id1``, ``P3``, ``Speaker 2``) and interviewer words: a label not in the
    key is never written as it is, even a word such as ``Economist`` (give it
    as ``--participant Economist`` to keep it).
    """
    from qualcode.store.readers.turns import is_interviewer

    letters = [c for c in label if c.isalpha()]
    return len(letters) > 2 and not any(c.isdigit() for c in label) and not is_interviewer(label)


def speaker_resolver(
    key: Key, engine: Pseudonymiser, participants: Sequence[str] = ()
) -> Callable[[str], tuple[str, str | None, str]]:
    """Return the speaker-label policy of a pseudonymised import.

    An interviewer word stays (role ``interviewer``, no participant); a label
    the key knows (real name, alias, id or pseudonym) becomes the pseudonym; a
    label holding a known name is pseudonymised as text; a label equal to a
    participant of the import (a pseudonym) stays; any other label that
    could be a name (:func:`looks_like_name`) is written ``Speaker 1``,
    ``Speaker 2``... with a :class:`~qualcode.errors.QualcodeWarning`, never
    as it is; other labels (initials, ids, role words) stay.
    """
    import warnings

    from qualcode.errors import QualcodeWarning
    from qualcode.store.readers.turns import is_interviewer

    unknown: dict[str, str] = {}
    given = {p.casefold(): p for p in participants}

    def resolve(label: str) -> tuple[str, str | None, str]:
        if is_interviewer(label):
            return label, None, "interviewer"
        try:
            entry = key.entry(label)
        except NotFound:
            entry = None
        if entry is not None:
            return entry.label, entry.label, "participant"
        if label.casefold() in given:
            return given[label.casefold()], given[label.casefold()], "participant"
        cleaned = engine(label)
        if cleaned != label:
            return cleaned, cleaned, "participant"
        if looks_like_name(label):
            if label not in unknown:
                unknown[label] = f"Speaker {len(unknown) + 1}"
                warnings.warn(
                    QualcodeWarning(
                        f"speaker label {label!r} is not in the key and looks like a name: "
                        f"written as {unknown[label]!r}; add the person with "
                        "'qualcode people add' to use their pseudonym"
                    ),
                    stacklevel=2,
                )
            return unknown[label], unknown[label], "participant"
        return label, label, "participant"

    return resolve


def _clean(value: Any, engine: Pseudonymiser) -> Any:
    if isinstance(value, str):
        return engine(value)
    if isinstance(value, list):
        return [_clean(v, engine) for v in value]
    if isinstance(value, tuple):
        return tuple(_clean(v, engine) for v in value)
    if isinstance(value, dict):
        return {k: _clean(v, engine) for k, v in value.items()}
    return value


def import_pseudonymised(
    project: Project,
    sources: Iterable[str | Path],
    options: ImportOptions,
    *,
    key: Key,
    fuzzy: str = "replace",
    save: bool = True,
) -> tuple[list[ImportedDocument], list[tuple[str, Result]]]:
    """Import ``sources`` with every text pseudonymised (all or nothing).

    Args:
        project: The destination project.
        sources: Files to import.
        options: As for :func:`qualcode.store.documents.import_files`; participants may
            be real names, ids or pseudonyms.
        key: The key (its placeholder numbering is saved when it grows).
        fuzzy: ``replace`` or ``review`` (see :class:`Pseudonymiser`).
        save: Write the key back when new placeholders were numbered, in the
            same transaction as the documents.

    Returns:
        The imported documents, and one (document id, body result) per document
        for the report.

    Raises:
        AlreadyExists, InvalidArgument, InvalidData, NotFound: as ``import_files``.
        Busy: another command holds the key or the documents.

    The key and documents locks are held while the documents are read and
    written; hold the key lock from before ``key`` was loaded
    (``project.lock("key")``) so that its placeholder numbers stay yours.
    """
    helper = project_pseudonymiser(project, key=key, fuzzy=fuzzy)
    participants, key_attributes = helper.participants(options.participants)
    options = replace(
        options,
        participants=participants,
        attributes={**key_attributes, **dict(options.attributes)},
    )
    with project.lock(locking.KEY, locking.DOCUMENTS):
        return _import(project, sources, options, helper, participants, save)


def _import(
    project: Project,
    sources: Iterable[str | Path],
    options: ImportOptions,
    helper: ProjectPseudonymiser,
    participants: list[str],
    save: bool,
) -> tuple[list[ImportedDocument], list[tuple[str, Result]]]:
    engine = helper.engine
    key = helper.key
    imports: list[ImportedDocument] = []
    results: list[tuple[str, Result]] = []
    existing = {d.id for d in project.documents()}
    resolver = speaker_resolver(key, engine, participants)
    planned: set[str] = set()
    for source in sources:
        body_results: list[Result] = []

        def transform(text: str, _sink: list[Result] = body_results) -> str:
            result = engine.pseudonymise(text)
            _sink.append(result)
            return result.text

        (item,) = prepare_import(project, [source], options, transform=transform, speakers=resolver)
        doc = item.document
        stem_title = Path(source).stem.replace("_", " ").strip()
        title = doc.title
        if not options.title and title == engine(stem_title):
            # a title made from the file name is a slug, not prose: names in any case
            title = engine.slug(stem_title)
        new_id = doc.id
        if engine.slug(doc.id) != doc.id:
            new_id = slugify(engine.slug(doc.id))
        if title != doc.title and doc.id == make_id(doc.date, doc.title):
            new_id = slugify(engine.slug(make_id(doc.date, title)))
        doc = replace(
            doc,
            id=new_id,
            title=title,
            participants=tuple(_clean(list(doc.participants), engine)),
            attributes=_clean(dict(doc.attributes), engine),
            extra=_clean({k: v for k, v in doc.extra.items() if k not in _FIELDS}, engine),
            path=project.document_path(new_id, doc.kind),
        )
        if new_id in planned or (new_id != item.document.id and new_id in existing):
            raise AlreadyExists(
                f"{source}: a document with id {new_id!r} already exists",
                hint="use --title or --date to tell them apart, or --if-exists skip|replace",
            )
        planned.add(new_id)
        imports.append(replace(item, document=doc))
        # the body is transformed first, then the title; report the body with the title's counts
        merged = Result(body_results[0].text if body_results else doc.body)
        for result in body_results:
            merged.replacements.extend(result.replacements)
            merged.reviews.extend(result.reviews)
        results.append((new_id, merged))
    with project.transaction("import") as tx:  # the documents and the key, all or nothing
        write_imports(project, imports, transaction=tx)
        if save:
            helper.stage(tx)
    if save:
        helper.key.dirty = False
    return imports, results


__all__ = [
    "ProjectPseudonymiser",
    "import_pseudonymised",
    "project_pseudonymiser",
    "resolve_participants",
    "unknown_participants",
]
