"""Surveys on disk, under ``fieldnotes/surveys/NAME/``.

* ``survey.yaml``: name, title, source, import notes, number of responses,
  the questions (id, text, type, options, separator) and the attribute columns;
* ``responses.csv``: UTF-8, ``\\n`` line ends, one row per response; columns
  ``id``, then the questions, then the attributes, in ``survey.yaml`` order;
  a blank cell is a missing answer; a multi-select cell joins the chosen
  options with the question's ``separator``;
* ``codings/<coder>.csv``: one coder's codes on open answers, header
  ``question,response,codes``, one line per coded answer, its code paths
  sorted and joined with ``;``; lines sorted by question and response (survey
  order). One file per coder keeps a team's git merges clean.

Every write is atomic (:class:`qualcode.store.atomic.FileTransaction`, journalled
in ``.qualcode/journal/``) and holds the survey's lock
(:func:`qualcode.store.locking.survey`): an import writes the definition and
the responses together or not at all, and a change to a coder's codes re-reads
them inside the lock (:func:`update_codings`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from qualcode.errors import AlreadyExists, InvalidArgument, InvalidData, NotFound
from qualcode.store import atomic, locking, yamlio
from qualcode.store.codings import check_coder
from qualcode.store.project import Project
from qualcode.survey.model import (
    QUESTION_TYPES,
    TYPED_BY,
    Question,
    Survey,
    SurveyCodings,
    bulk,
)
from qualcode.survey.readers import check_mojibake, read_table
from qualcode.survey.sources import ImportOptions, build_survey
from qualcode.table import Table

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
SURVEY_FILE = "survey.yaml"
RESPONSES_FILE = "responses.csv"
CODINGS_DIR = "codings"

csv.field_size_limit(1 << 28)
T = TypeVar("T")


def check_name(name: str) -> str:
    """Return ``name`` if it can be a survey folder name.

    Raises:
        InvalidArgument: not lower-case letters, digits, ``.``, ``-``, ``_``.
    """
    if not NAME_PATTERN.match(name or ""):
        suggestion = re.sub(r"[^a-z0-9._-]+", "-", (name or "").lower()).strip("-._")
        hint = "use lower-case letters, digits, '.', '-', '_'"
        if suggestion and NAME_PATTERN.match(suggestion):
            hint += f", e.g. {suggestion}"
        raise InvalidArgument(f"invalid survey name {name!r}", hint=hint)
    return name


def survey_lock(name: str) -> str:
    """Return the lock name of survey ``name`` (its whole folder; see :mod:`~qualcode.store.locking`)."""
    return locking.survey(check_name(name))


def survey_dir(project: Project, name: str) -> Path:
    """Return the folder of survey ``name``."""
    return project.surveys_dir / check_name(name)


def list_survey_names(project: Project) -> list[str]:
    """Return the names of the project's surveys, sorted."""
    if not project.surveys_dir.is_dir():
        return []
    return sorted(p.name for p in project.surveys_dir.iterdir() if (p / SURVEY_FILE).is_file())


def render_definition(survey: Survey) -> str:
    """Return the text of ``survey.yaml`` (stable key order)."""
    questions = []
    for q in survey.questions:
        item: dict[str, Any] = {"id": q.id, "text": q.text, "type": q.type}
        if q.options:
            item["options"] = list(q.options)
        if q.separator:
            item["separator"] = q.separator
        if q.typed:
            item["typed"] = q.typed
        if q.base:
            item["base"] = q.base
        questions.append(item)
    data = {
        "name": survey.name,
        "title": survey.title,
        "responses": len(survey.ids),
        "source": survey.source,
        "notes": list(survey.notes),
        "questions": questions,
        "attributes": [{"id": a.id, "text": a.text} for a in survey.attributes],
    }
    return yamlio.dump(data)


def render_responses(survey: Survey) -> str:
    """Return the text of ``responses.csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [q.id for q in survey.questions] + [a.id for a in survey.attributes]
    header = ["id", *names]
    if len(set(header)) != len(header):
        twice = sorted({n for n in header if header.count(n) > 1})
        raise InvalidData(
            f"survey {survey.name!r} would have two columns named {', '.join(twice)}",
            hint="rename one of them (ids must be unique, and 'id' holds the response ids)",
        )
    writer.writerow(header)
    columns = [survey.ids] + [survey.columns[n] for n in names]
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue()


@bulk
def save_survey(
    project: Project,
    survey: Survey,
    *,
    replace: bool = False,
    transaction: atomic.FileTransaction | None = None,
) -> Path:
    """Write a survey's definition and responses atomically, together; return its folder.

    Args:
        project: The project.
        survey: The survey.
        replace: Overwrite an existing survey of that name.
        transaction: Stage the files in this transaction instead of writing
            them now; the caller then holds the survey's lock
            (:func:`survey_lock`) until it commits.

    Raises:
        AlreadyExists: the survey exists and ``replace`` is False.
        Busy: another command holds the survey.
    """
    folder = survey_dir(project, survey.name)
    with project.lock(survey_lock(survey.name)):
        if (folder / SURVEY_FILE).exists() and not replace:
            raise AlreadyExists(
                f"survey {survey.name!r} already exists",
                path=folder,
                hint="choose another --name or pass --replace",
            )
        if transaction is not None:
            transaction.write_text(folder / SURVEY_FILE, render_definition(survey))
            transaction.write_text(folder / RESPONSES_FILE, render_responses(survey))
            return folder
        with project.transaction("survey import") as tx:
            tx.write_text(folder / SURVEY_FILE, render_definition(survey))
            tx.write_text(folder / RESPONSES_FILE, render_responses(survey))
    return folder


def _question(item: Any, path: Path, index: int, attribute: bool) -> Question:
    if not isinstance(item, dict) or "id" not in item:
        raise InvalidData(f"entry {index + 1} needs an id", path=path)
    kind = "attribute" if attribute else str(item.get("type", "closed"))
    if kind not in (*QUESTION_TYPES, "attribute"):
        raise InvalidData(
            f"question {item['id']!r} has unknown type {kind!r}",
            path=path,
            hint=f"use one of {', '.join(QUESTION_TYPES)}",
        )
    options = tuple(str(o) for o in item.get("options") or ())
    separator = item.get("separator")
    if kind == "multi" and not separator:
        separator = "|"
    typed = item.get("typed")
    if typed is not None and typed not in TYPED_BY:
        raise InvalidData(
            f"question {item['id']!r} has unknown typed {typed!r}",
            path=path,
            hint=f"use one of {', '.join(TYPED_BY)}",
        )
    base = item.get("base")
    return Question(
        str(item["id"]),
        str(item.get("text") or item["id"]),
        kind,
        options,
        separator,
        typed=typed,
        base=str(base) if base is not None else None,
    )


@bulk
def load_survey(project: Project, name: str) -> Survey:
    """Read survey ``name`` from the project.

    Raises:
        NotFound: no such survey (the hint lists the surveys).
        InvalidData: a malformed ``survey.yaml`` or ``responses.csv``.
    """
    folder = survey_dir(project, name)
    definition = folder / SURVEY_FILE
    if not definition.is_file():
        names = list_survey_names(project)
        raise NotFound(
            f"no survey {name!r}",
            hint=("surveys: " + ", ".join(names))
            if names
            else "import one with 'qualcode survey import'",
        )
    data = yamlio.load_file(definition) or {}
    if not isinstance(data, dict):
        raise InvalidData("survey.yaml must be a mapping", path=definition, line=1)
    questions = [
        _question(q, definition, i, False) for i, q in enumerate(data.get("questions") or [])
    ]
    attributes = [
        _question(a, definition, i, True) for i, a in enumerate(data.get("attributes") or [])
    ]
    names = [q.id for q in questions] + [a.id for a in attributes]
    responses = folder / RESPONSES_FILE
    try:
        handle = responses.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise InvalidData("responses.csv is missing", path=responses) from None
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != ["id", *names]:
            raise InvalidData(
                "the columns of responses.csv do not match the questions and attributes of survey.yaml",
                path=responses,
                line=1,
                hint="put back the header: id,"
                + ",".join(names[:6])
                + (",..." if len(names) > 6 else ""),
            )
        rows = list(reader)
    width = len(header)
    for number, row in enumerate(rows, start=2):
        if len(row) != width:
            raise InvalidData(
                f"row has {len(row)} cells, expected {width}", path=responses, line=number
            )
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    del rows
    ids = list(columns[0])
    return Survey(
        name=str(data.get("name") or name),
        title=str(data.get("title") or name),
        questions=questions,
        attributes=attributes,
        ids=ids,
        columns={n: list(columns[i + 1]) for i, n in enumerate(names)},
        source=dict(data.get("source") or {}),
        notes=[str(n) for n in data.get("notes") or []],
    )


@bulk
def import_survey(
    project: Project,
    path: str | Path,
    name: str,
    options: ImportOptions | None = None,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    title: str | None = None,
    replace: bool = False,
    transform: Callable[[str], str] | None = None,
    transaction: atomic.FileTransaction | None = None,
) -> Survey:
    """Import a survey export (CSV or XLSX) into ``fieldnotes/surveys/NAME/``.

    Args:
        project: The project.
        path: The export file.
        name: The survey name (lower-case slug).
        options: Source and column choices (:class:`ImportOptions`).
        encoding: Force the CSV encoding.
        delimiter: Force the CSV delimiter.
        sheet: The XLSX sheet (default: the first).
        title: A human title (default: the name).
        replace: Overwrite an existing survey of that name.
        transform: A ``str -> str`` function applied to every open answer and
            free-text attribute before anything is written (the pseudonymiser).
        transaction: Stage the files in this transaction (see :func:`save_survey`).

    Returns:
        The stored survey.

    Raises:
        AlreadyExists, InvalidData, InvalidArgument, NotFound: see
            :func:`qualcode.survey.sources.build_survey` and the readers.
    """
    check_name(name)
    if (survey_dir(project, name) / SURVEY_FILE).exists() and not replace:
        raise AlreadyExists(  # checked early, before reading; again under the lock
            f"survey {name!r} already exists", hint="choose another --name or pass --replace"
        )
    raw = read_table(path, encoding=encoding, delimiter=delimiter, sheet=sheet)
    raw.notes.extend(check_mojibake(raw, path, fix=bool(options and options.fix_text)))
    survey = build_survey(raw, name, options, path=str(path), transform=transform)
    survey.title = (transform(title) if transform else title) if title else name
    survey.source = {
        "file": transform(Path(path).name) if transform else Path(path).name,
        "format": raw.format,
        "tool": survey.source.get("tool"),
        **({"encoding": raw.encoding} if raw.encoding else {}),
        **({"delimiter": raw.delimiter} if raw.delimiter else {}),
    }
    del raw  # the rows are no longer needed: lower peak memory while writing
    save_survey(project, survey, replace=replace, transaction=transaction)
    return survey


def surveys_table(project: Project) -> Table:
    """Return a table of the project's surveys: name, responses, questions, tool, file."""
    rows = []
    for name in list_survey_names(project):
        data = yamlio.load_file(survey_dir(project, name) / SURVEY_FILE) or {}
        source = data.get("source") or {}
        questions = data.get("questions") or []
        rows.append(
            (
                name,
                data.get("title") or name,
                data.get("responses"),
                len(questions),
                sum(1 for q in questions if q.get("type") == "open"),
                source.get("tool"),
                source.get("file"),
            )
        )
    return Table(
        ["name", "title", "responses", "questions", "open", "tool", "file"], rows, title="Surveys"
    )


def list_surveys(project: Project) -> Table:
    """Alias of :func:`surveys_table`."""
    return surveys_table(project)


def codings_path(project: Project, name: str, coder: str) -> Path:
    """Return the file of ``coder``'s codes on survey ``name``."""
    return survey_dir(project, name) / CODINGS_DIR / f"{check_coder(coder)}.csv"


def survey_coders(project: Project, name: str) -> list[str]:
    """Return the coders who coded survey ``name``, sorted."""
    folder = survey_dir(project, name) / CODINGS_DIR
    return sorted(p.stem for p in folder.glob("*.csv")) if folder.is_dir() else []


def tally_coder(
    project: Project, name: str, coder: str | None = None
) -> tuple[str | None, str | None]:
    """Return whose codes a tally of survey ``name``'s open questions reads, and why not.

    ``coder`` when given; else the project's ``default_coder`` when it coded
    the survey; else its only coder. With several coders and none chosen,
    no one: open questions are then tallied without codes.

    Returns:
        ``(coder or None, note or None)``; the note says why no coder was
        chosen when there are several.
    """
    if coder is not None:
        return coder, None
    coders = survey_coders(project, name)
    default = project.settings.get("default_coder")
    if default in coders:
        return str(default), None
    if len(coders) == 1:
        return coders[0], None
    if not coders:
        return None, None
    return None, (
        f"codes not tallied: coded by {', '.join(coders)}; choose one with --coder "
        "(or set default_coder in qualcode.yaml)"
    )


@bulk
def load_codings(project: Project, name: str, coder: str) -> SurveyCodings:
    """Read one coder's codes on a survey (none yet gives an empty record).

    Raises:
        InvalidData: a malformed codings file (the line is named).
    """
    path = codings_path(project, name, coder)
    codings = SurveyCodings(name, coder)
    if not path.is_file():
        return codings
    codes = codings.codes
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != ["question", "response", "codes"]:
            raise InvalidData("the header must be question,response,codes", path=path, line=1)
        for row in reader:
            if len(row) != 3 or not (row[0] and row[1] and row[2]):
                raise InvalidData(
                    "a line needs question, response and codes (separated by ';')",
                    path=path,
                    line=reader.line_num,
                )
            key = (row[0], row[1])
            listed = row[2].split(";")
            current = codes.get(key)
            codes[key] = sorted(set(listed + current)) if current else sorted(set(listed))
    return codings


def render_codings(codings: SurveyCodings, order: Sequence[str] | None = None) -> str:
    """Return the text of a codings file: one line per coded answer, codes sorted and ``;``-joined.

    Lines are sorted by question, then response in ``order`` (survey order).
    """
    rank = {rid: i for i, rid in enumerate(order)} if order is not None else {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["question", "response", "codes"])
    keys = sorted(
        (k for k, v in codings.codes.items() if v),
        key=lambda k: (k[0], rank.get(k[1], len(rank)), k[1]),
    )
    writer.writerows((q, r, ";".join(sorted(set(codings.codes[(q, r)])))) for q, r in keys)
    return buffer.getvalue()


@bulk
def save_codings(
    project: Project, codings: SurveyCodings, order: Sequence[str] | None = None
) -> Path:
    """Write one coder's codes on a survey atomically (no codes removes the file).

    This overwrites the file; to change codes while other commands may do the
    same, use :func:`update_codings`.

    Args:
        project: The project.
        codings: The codes.
        order: Response ids in survey order (sorting key); default: by id.
    """
    path = codings_path(project, codings.survey, codings.coder)
    with project.lock(survey_lock(codings.survey)), project.transaction() as tx:
        if any(codings.codes.values()):
            tx.write_text(path, render_codings(codings, order))
        elif path.exists():
            tx.delete(path)
    return path


def update_codings(
    project: Project,
    name: str,
    coder: str,
    change: Callable[[SurveyCodings], T],
    order: Sequence[str] | None = None,
) -> T:
    """Re-read ``coder``'s codes on survey ``name`` under the survey's lock, change them, save.

    Args:
        project: The project.
        name: The survey.
        coder: The coder.
        change: Edits the codes in place (``add``, ``remove``); its return value is returned.
        order: Response ids in survey order (see :func:`save_codings`).

    Raises:
        Busy: another command holds the survey.
        InvalidData: a malformed codings file.
    """
    with project.lock(survey_lock(name)):
        codings = load_codings(project, name, coder)
        result = change(codings)
        save_codings(project, codings, order)
        return result
