"""Projects and files of ``qc``, the qualitative-coding command-line tool (cproctor/qualitative-coding).

A qc project is a folder with ``settings.yaml`` (``corpus_dir``, ``codebook``,
``database``, ``memos_dir``), the corpus (plain ``.txt`` files), a YAML
codebook, an SQLite database of coded lines, and Markdown memos.
:func:`plan_qc_project` brings all of it in:

* each corpus file becomes a document (pseudonymised through the key; id and
  title from the file name);
* the YAML codebook (:func:`read_qc_codebook`): a list of names, a
  ``parent: [children]`` mapping nesting them;
* codings from the database (tables ``document``, ``document_index``,
  ``location``, ``coded_line``, ``coded_line_location_association``: each
  coded line is a 0-based line of a document, one code, one coder) and from
  line-aligned codes files (:func:`read_line_codes`): line *n* of the codes
  file holds the comma-separated codes of line *n* of the document, codings
  of that line, never code names with commas in them. Older qc kept these as
  ``codes/<corpus path>.<coder>.codes``; a lone ``codes.txt`` beside a
  one-document corpus is read too;
* memos (``memos/<date-time>_<author>_<title>.md``, ``# title`` first) become memos.

Each coded line becomes a segment spanning that line (without its line end).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qualcode.codebook.importing import ImportedCodebook, code_slug
from qualcode.codebook.tree import NAME_PATTERN
from qualcode.errors import AlreadyExists, ExchangeError, NotFound
from qualcode.exchange.writes import Plan, coder_name, line_spans
from qualcode.models import Document, Segment
from qualcode.pseudonymise.importing import ProjectPseudonymiser
from qualcode.store import yamlio
from qualcode.store.documents import check_kind, slugify
from qualcode.store.memos import Memo, memo_id, memo_path, render_memo
from qualcode.store.project import Project
from qualcode.store.textio import decode

_MEMO_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(\d{2})-(\d{2})_([^_]+)_")


def is_qc_project(folder: Path) -> bool:
    """Return whether ``folder`` holds a qc project (a ``settings.yaml`` naming a ``corpus_dir``)."""
    settings = folder / "settings.yaml"
    if not settings.is_file():
        return False
    try:
        data = yamlio.load_file(settings)
    except Exception:  # noqa: BLE001 - any unreadable settings file is simply not qc's
        return False
    return isinstance(data, dict) and "corpus_dir" in data


def read_qc_codebook(path: str | Path) -> ImportedCodebook:
    """Read a qc YAML codebook: a list of code names; ``parent: [child, ...]`` nests them.

    A name that is not a valid code name becomes a slug with the original as
    its label. A name holding `` - `` between names (``a - b - c``, an attempt
    at a hierarchy in one string) is kept as one code, with a warning.

    Raises:
        NotFound: no such file.
        ExchangeError: not a YAML list of codes (file and line named).
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no such file: {source}", path=source) from None
    from qualcode.errors import InvalidData

    try:
        tree = yamlio.load(decode(data, source).text, source)
    except InvalidData as exc:
        raise ExchangeError(exc.message, path=source, line=exc.line, hint=exc.hint) from None
    if isinstance(tree, dict) and "codes" in tree:
        tree = tree["codes"]
    if not isinstance(tree, list):
        raise ExchangeError(
            "a qc codebook is a YAML list of code names",
            path=source,
            line=1,
            hint="write '- code' lines, and '- parent:' with indented children",
        )
    warnings: list[str] = []

    def convert(items: list[Any]) -> list[dict[str, Any]]:
        nodes: list[dict[str, Any]] = []
        seen: set[str] = set()
        for item in items:
            pairs = list(item.items()) if isinstance(item, dict) else [(item, None)]
            for key, value in pairs:
                raw = str(key).strip() if key is not None else ""
                if not raw:
                    continue
                if " - " in raw:
                    warnings.append(
                        f"{raw!r} is one code name with ' - ' in it; kept as one code, not "
                        "split into a hierarchy (nest codes with 'parent:' and indented children)"
                    )
                name = raw if NAME_PATTERN.match(raw) else code_slug(raw)
                if name in seen:
                    continue
                seen.add(name)
                node: dict[str, Any] = {"name": name}
                if name != raw:
                    node["label"] = raw
                if value:
                    node["children"] = convert(value if isinstance(value, list) else [value])
                nodes.append(node)
        return nodes

    return ImportedCodebook(codes=convert(tree), origin="qc", warnings=warnings)


def looks_like_line_codes(text: str) -> bool:
    """Return whether ``text`` reads as a qc line-aligned codes file rather than a code list.

    Such a file has many empty lines (uncoded lines) and lines listing
    several codes separated by ``, ``; a code list has one code per line.
    """
    lines = text.splitlines()
    if not lines:
        return False
    empty = sum(1 for line in lines if not line.strip())
    listed = sum(1 for line in lines if re.search(r"\S,\s*\S", line) and "\t" not in line)
    return listed > 0 and (empty >= len(lines) / 3 or listed >= len(lines) / 3) and ">>" not in text


def read_line_codes(path: str | Path) -> list[list[str]]:
    """Read a line-aligned codes file: line *n* lists the codes of document line *n*.

    Returns:
        One list per line (1-based line *n* is index *n - 1*), codes stripped,
        empty entries dropped.

    Raises:
        NotFound: no such file.
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no such file: {source}", path=source) from None
    text = decode(data, source).text
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [[c.strip() for c in line.split(",") if c.strip()] for line in lines]


def plan_line_codes(
    plan: Plan, doc: Document, codes: Sequence[Sequence[str]], *, coder: str, source: Path
) -> int:
    """Plan one segment per (line, code) of a line-aligned codes file on ``doc``.

    Returns:
        The number of segments planned.

    Raises:
        ExchangeError: a coded line past the end of the document (file and line named).
    """
    spans = line_spans(doc.body)
    count = 0
    for index, line_codes in enumerate(codes):
        if not line_codes:
            continue
        if index >= len(spans):
            raise ExchangeError(
                f"line {index + 1} has codes but {doc.id} has only {len(spans)} lines",
                path=source,
                line=index + 1,
                hint="the codes file must be line-aligned with the document: give the matching "
                "--document",
            )
        start, end = spans[index]
        for raw in line_codes:
            path = plan.code(raw)
            plan.add(Segment(doc.id, start, end, path, coder, doc.body[start:end]))
            count += 1
    return count


def _document(
    project: Project, path: Path, name: str, clean: ProjectPseudonymiser, kind: str
) -> Document:
    from qualcode.store.readers import read_source

    read = read_source(path)
    stem = Path(name).with_suffix("").as_posix().replace("/", "-")
    title = clean.slug(stem.replace("_", " ").strip())
    doc_id = slugify(clean.slug(stem))
    body = clean.engine.pseudonymise(read.body).text
    if body and not body.endswith("\n"):
        body += "\n"
    return Document(
        id=doc_id,
        kind=kind,
        title=title,
        body=body,
        path=project.document_path(doc_id, kind),
        extra={"source": {"format": "qc", "file": clean.slug(name)}},
    )


def _database_codings(database: Path) -> list[tuple[str, int, str, str]]:
    """Return ``(document path, 0-based line, code, coder)`` from a qc SQLite database."""
    uri = f"file:{database.resolve().as_posix()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ExchangeError(f"cannot open the qc database: {exc}", path=database) from None
    try:
        rows = connection.execute(
            "SELECT DISTINCT di.document_id, cl.line, cl.code_id, cl.coder_id "
            "FROM coded_line cl "
            "JOIN coded_line_location_association a ON a.coded_line_id = cl.id "
            "JOIN location l ON l.id = a.location_id "
            "JOIN document_index di ON di.id = l.document_index_id "
            "ORDER BY di.document_id, cl.line, cl.code_id, cl.coder_id"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise ExchangeError(
            f"not a qc database qualcode can read: {exc}",
            path=database,
            hint="qualcode reads the schema of qc 1.x (document, coded_line, location tables)",
        ) from None
    finally:
        connection.close()
    return [(str(d), int(line), str(code), str(coder)) for d, line, code, coder in rows]


def _memo(project: Project, path: Path, clean: ProjectPseudonymiser, taken: set[str]) -> Memo:
    text = decode(path.read_bytes(), path).text
    lines = text.split("\n")
    title = path.stem
    if lines and lines[0].startswith("# "):
        title = lines[0][2:].strip()
        lines = lines[1:]
    match = _MEMO_NAME.match(path.name)
    created = f"{match[1]}T{match[2]}:{match[3]}:00" if match else None
    author = coder_name(match[4], clean.slug) if match else None
    title = clean(title) or "memo"
    new_id = memo_id(project, title, created, taken)
    taken.add(new_id)
    body = clean("\n".join(lines).strip("\n"))
    return Memo(
        id=new_id,
        title=title,
        body=body + "\n" if body else "",
        created=created,
        author=author or None,
        path=memo_path(project, new_id),
    )


def plan_qc_project(
    project: Project,
    folder: str | Path,
    *,
    pseudonymiser: ProjectPseudonymiser,
    kind: str = "interview",
    coder: str | None = None,
) -> Plan:
    """Plan the import of a qc project folder (see the module docstring); write nothing.

    Args:
        project: The destination project.
        folder: The qc project (the folder with ``settings.yaml``).
        pseudonymiser: The project's pseudonymiser.
        kind: The kind of the corpus documents.
        coder: The coder of a lone ``codes.txt`` (default: the project's
            ``default_coder``, else ``qc``).

    Returns:
        The plan; :meth:`~qualcode.exchange.writes.Plan.commit` writes it.

    Raises:
        ExchangeError: a settings file, codebook or database that cannot be read.
        AlreadyExists: a document id is taken.
    """
    root = Path(folder)
    settings = yamlio.load_file(root / "settings.yaml") or {}
    kind = check_kind(kind)
    plan = Plan.start(project)
    plan.codebook_name = root.resolve().name or "qc"
    plan.codebook_comment = f"Imported from the qc project {root.resolve().name}."
    codebook_file = root / str(settings.get("codebook") or "codebook.yaml")
    if codebook_file.is_file() and codebook_file.stat().st_size:
        imported = read_qc_codebook(codebook_file)
        plan.warnings += imported.warnings

        def add(nodes: list[dict[str, Any]], parent: str) -> None:
            for node in nodes:
                path = f"{parent}/{node['name']}" if parent else node["name"]
                plan.code(path, label=node.get("label"))
                add(node.get("children", []), path)

        add(imported.codes, "")
    corpus = root / str(settings.get("corpus_dir") or "corpus")
    if not corpus.is_dir():
        raise ExchangeError(
            f"the corpus folder {corpus.name}/ is missing", path=root / "settings.yaml"
        )
    existing = {d.id for d in project.documents()}
    docs: dict[str, Document] = {}
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.relative_to(corpus).as_posix()
        doc = _document(project, path, name, pseudonymiser, kind)
        if doc.id in existing or any(d.id == doc.id for d in docs.values()):
            raise AlreadyExists(
                f"a document with id {doc.id!r} already exists (corpus file {name})",
                hint="import into a new project, or rename the file",
            )
        docs[name] = doc
    plan.documents = list(docs.values())
    default = coder or str(project.settings.get("default_coder") or "qc")
    database = root / str(settings.get("database") or "qualitative_coding.sqlite3")
    unknown: set[str] = set()
    if database.is_file():
        for doc_path, line, code, who in _database_codings(database):
            doc = docs.get(doc_path)
            if doc is None:
                unknown.add(doc_path)
                continue
            spans = line_spans(doc.body)
            if line >= len(spans):
                plan.warnings.append(f"{doc_path}: coded line {line + 1} is past the end; left out")
                continue
            start, end = spans[line]
            name = coder_name(who, pseudonymiser.slug) or default
            plan.add(Segment(doc.id, start, end, plan.code(code), name, doc.body[start:end]))
    for name in sorted(unknown):
        plan.warnings.append(f"the database codes {name!r}, which is not in the corpus; left out")
    codes_dir = root / "codes"
    if codes_dir.is_dir():
        for path in sorted(codes_dir.rglob("*.codes")):
            stem = path.relative_to(codes_dir).as_posix()[: -len(".codes")]
            doc_name, _, who = stem.rpartition(".")
            doc = docs.get(doc_name)
            if doc is None:
                plan.warnings.append(f"{path.name}: no corpus file {doc_name!r}; left out")
                continue
            name = coder_name(who, pseudonymiser.slug) or default
            plan_line_codes(plan, doc, read_line_codes(path), coder=name, source=path)
    lone = root / "codes.txt"
    if lone.is_file() and not plan.segments:
        if len(docs) == 1:
            (doc,) = docs.values()
            plan_line_codes(plan, doc, read_line_codes(lone), coder=default, source=lone)
            plan.warnings.append(f"codes.txt read as {default}'s codes of {doc.id}, line by line")
        else:
            plan.warnings.append(
                "codes.txt left out: the corpus has several documents; import it with "
                "'qualcode import-project codes.txt --document DOC'"
            )
    memos = root / str(settings.get("memos_dir") or "memos")
    taken: set[str] = set()
    if memos.is_dir():
        for path in sorted(memos.glob("*.md")):
            memo = _memo(project, path, pseudonymiser, taken)
            assert memo.path is not None
            plan.files[memo.path] = render_memo(memo)
    return plan


def plan_codes_file(
    project: Project, path: str | Path, document: str, *, coder: str | None = None
) -> Plan:
    """Plan the codings of a line-aligned codes file on an existing document.

    Raises:
        NotFound: no such document.
        ExchangeError: a coded line past the end of the document.
    """
    source = Path(path)
    doc = project.document(document)
    plan = Plan.start(project)
    plan.codebook_name = "qc-codes"
    plan.codebook_comment = f"Codes found in {source.name} (qc line-aligned codes)."
    who = coder or str(project.settings.get("default_coder") or "qc")
    plan_line_codes(plan, doc, read_line_codes(source), coder=who, source=source)
    return plan


__all__ = [
    "is_qc_project",
    "looks_like_line_codes",
    "plan_codes_file",
    "plan_line_codes",
    "plan_qc_project",
    "read_line_codes",
    "read_qc_codebook",
]
