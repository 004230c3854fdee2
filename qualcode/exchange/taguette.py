"""Taguette highlight exports: a CSV of ``id, document, tag, content`` rows, as codings.

Taguette (taguette.org) exports every highlight of a project as one row per
(highlight, tag): a highlight with two tags is two rows with the same ``id``.
:func:`plan_highlights` turns them into segments:

* ``document`` is matched with a project document: its id (or the end of its
  id) is the slug of the file name without extension, or its title is the
  file name (``P1_Nov21_PSSUQ_Comments.odt`` matches ``p1-nov21-pssuq-comments``
  and a document titled ``P1 Nov21 PSSUQ Comments``); with
  ``create_documents`` a document that matches none is made from its
  highlights (one paragraph each, the only text the export has);
* ``content`` is found in the document's text (after pseudonymisation, with
  any run of spaces and line ends matching any other), searching on from
  the previous highlight of the same document, then from the start; a
  highlight that cannot be found is left out with a warning;
* ``tag`` is a code: an existing code by path, name, label or alias, or a new
  top-level code labelled with the tag (in a new ``codebooks/taguette.yaml``).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

from qualcode.codebook.tree import fold
from qualcode.errors import ExchangeError, NotFound
from qualcode.exchange.writes import Plan
from qualcode.models import Document, Segment
from qualcode.pseudonymise.importing import ProjectPseudonymiser
from qualcode.store.documents import check_kind, slugify
from qualcode.store.project import Project
from qualcode.store.textio import decode

REQUIRED = ("document", "tag", "content")


def read_highlights(path: str | Path) -> list[dict[str, str]]:
    """Read a Taguette highlights CSV (any common encoding, any line ends).

    Returns:
        One mapping per row with ``id`` (may be empty), ``document``, ``tag``,
        ``content`` and ``line`` (the row's line number).

    Raises:
        NotFound: no such file.
        ExchangeError: a required column is missing (the header is named).
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no such file: {source}", path=source) from None
    reader = csv.DictReader(io.StringIO(decode(data, source).text))
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ExchangeError(
            f"not a Taguette highlights export: no {', '.join(missing)} column",
            path=source,
            line=1,
            hint="export the highlights from Taguette (CSV with id, document, tag, content)",
        )
    rows = []
    for row in reader:
        item = {key: str(row.get(columns[key]) or "") for key in REQUIRED}
        item["id"] = str(row.get(columns["id"]) or "") if "id" in columns else ""
        item["line"] = str(reader.line_num)
        rows.append(item)
    return rows


def looks_like_highlights(path: Path) -> bool:
    """Return whether ``path`` is a CSV whose header has document, tag and content columns."""
    try:
        head = decode(path.read_bytes()[:4096], path).text.split("\n", 1)[0]
    except Exception:  # noqa: BLE001 - unreadable: not a highlights file
        return False
    names = {c.strip().lower() for c in next(csv.reader([head]), [])}
    return all(c in names for c in REQUIRED)


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def match_document(documents: list[Document], name: str) -> Document | None:
    """Return the document a Taguette document name refers to (see the module docstring).

    Raises:
        ExchangeError: several documents match equally.
    """
    stem = _stem(name)
    slug = slugify(stem)
    folded = fold(re.sub(r"[_\s]+", " ", stem).strip())
    for finder in (
        lambda d: d.id == slug,
        lambda d: d.id.endswith("-" + slug),
        lambda d: fold(re.sub(r"[_\s]+", " ", d.title).strip()) == folded,
        lambda d: str((d.extra.get("source") or {}).get("file") or "") == name,
    ):
        found = [d for d in documents if finder(d)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ExchangeError(
                f"Taguette document {name!r} matches several documents: "
                + ", ".join(d.id for d in found[:3]),
                hint="rename the documents so that one id ends with the file name's slug",
            )
    return None


def _pattern(content: str) -> re.Pattern[str] | None:
    words = content.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def plan_highlights(
    project: Project,
    path: str | Path,
    *,
    pseudonymiser: ProjectPseudonymiser,
    coder: str | None = None,
    create_documents: bool = False,
    kind: str = "fieldnote",
) -> Plan:
    """Plan the codings of a Taguette highlights export (see the module docstring).

    Args:
        project: The project.
        path: The CSV file.
        pseudonymiser: The project's pseudonymiser (highlights are looked for
            in pseudonymised text, and new documents are pseudonymised).
        coder: The coder (default: the project's ``default_coder``, else ``taguette``).
        create_documents: Make a document from the highlights of each
            Taguette document that matches none.
        kind: The kind of created documents.

    Returns:
        The plan.

    Raises:
        ExchangeError: not a highlights export; documents that match none
            (without ``create_documents``) are all named.
    """
    source = Path(path)
    rows = read_highlights(source)
    plan = Plan.start(project)
    plan.codebook_name = "taguette"
    plan.codebook_comment = f"Tags from the Taguette export {source.name}."
    who = coder or str(project.settings.get("default_coder") or "taguette")
    documents = project.documents()
    by_name: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_name[row["document"]].append(row)
    targets: dict[str, Document] = {}
    unmatched = []
    for name in by_name:
        doc = match_document(documents, name)
        if doc is not None:
            targets[name] = doc
        else:
            unmatched.append(name)
    if unmatched and not create_documents:
        listed = ", ".join(repr(n) for n in unmatched[:4]) + (" ..." if len(unmatched) > 4 else "")
        raise ExchangeError(
            f"{len(unmatched)} Taguette document(s) match no document of the project: {listed}",
            path=source,
            hint="import those documents first (qualcode import FILE --kind K), "
            "or pass --create-documents to make them from the highlights",
        )
    kind = check_kind(kind)
    taken = {d.id for d in documents}
    for name in unmatched:
        paragraphs = list(dict.fromkeys(" ".join(r["content"].split()) for r in by_name[name]))
        body = pseudonymiser.engine.pseudonymise("\n\n".join(p for p in paragraphs if p)).text
        doc_id = slugify(pseudonymiser.slug(_stem(name)))
        base, number = doc_id, 2
        while doc_id in taken:
            doc_id, number = f"{base}-{number}", number + 1
        taken.add(doc_id)
        doc = Document(
            id=doc_id,
            kind=kind,
            title=pseudonymiser.slug(_stem(name).replace("_", " ")),
            body=body + "\n",
            path=project.document_path(doc_id, kind),
            extra={"source": {"format": "taguette", "file": pseudonymiser.slug(name)}},
        )
        plan.documents.append(doc)
        targets[name] = doc
        plan.warnings.append(
            f"made {doc_id} from the {len(by_name[name])} highlight rows of {name!r}"
        )
    for name, items in by_name.items():
        doc = targets[name]
        cursor = 0
        for row in items:
            content = pseudonymiser.engine.pseudonymise(row["content"]).text
            pattern = _pattern(content)
            if pattern is None:
                continue
            found = pattern.search(doc.body, cursor) or pattern.search(doc.body)
            if found is None:
                plan.warnings.append(
                    f"line {row['line']}: highlight {row['id'] or ''} not found in {doc.id}; left out"
                )
                continue
            cursor = found.start()
            start, end = found.span()
            tag = row["tag"].strip()
            if not tag:
                continue
            plan.add(
                Segment(doc.id, start, end, plan.code(tag, label=tag), who, doc.body[start:end])
            )
    return plan


__all__ = ["looks_like_highlights", "match_document", "plan_highlights", "read_highlights"]
