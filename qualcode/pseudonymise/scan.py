"""The leak audit: find real names, personal data and likely unregistered names left in files.

Three kinds of finding:

* ``name``, ``fuzzy``, ``split``: a registered real name or variant (the
  pseudonymiser's own matching, so case-, accent- and NFD-insensitive;
  ``fuzzy`` within one edit; ``split`` broken by a hyphen at a line end);
* ``pattern``: an e-mail, URL with a user name, phone number, RUT or handle;
* ``unsure``: a registered name part the pseudonymiser leaves because its
  context makes it an ordinary word or a place (``la peña``, ``calle
  Flores``): listed so a person can confirm it, or add it to ``keep:``;
* ``candidate``: a likely unregistered name to review: a capitalised word
  that never appears in lower case in the scanned texts and is not a common
  word, a pseudonym, a codebook term or kept; every occurrence of it is
  listed, in any case (so ``DELPHINE`` and ``delphine`` are caught too).

The first two are leaks (``qualcode scan`` exits 1); ``unsure`` findings and
candidates are not.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcode.pseudonymise.engine import PLACE_NAME, Pseudonymiser, Replacement
from qualcode.pseudonymise.key import Key
from qualcode.pseudonymise.key_file import PASSPHRASE_VARIABLE, key_path, load_key, locked_path
from qualcode.pseudonymise.text import skeleton, tokens
from qualcode.table import Table

LEAK_KINDS = ("name", "fuzzy", "split", "pattern")
TEXT_SUFFIXES = {
    ".md",
    ".txt",
    ".yaml",
    ".yml",
    ".csv",
    ".tsv",
    ".json",
    ".xml",
    ".html",
    ".vtt",
    ".srt",
}
_SKIP_DIRS = {".qualcode", ".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MAX_BYTES = 50_000_000

STOPWORDS = frozenset(
    skeleton(w)
    for w in [
        "a",
        "al",
        "algo",
        "algunos",
        "ante",
        "antes",
        "aquí",
        "así",
        "aunque",
        "bueno",
        "cada",
        "casi",
        "como",
        "con",
        "contra",
        "cual",
        "cuando",
        "de",
        "del",
        "desde",
        "donde",
        "dos",
        "durante",
        "e",
        "el",
        "ella",
        "ellas",
        "ellos",
        "en",
        "entonces",
        "entre",
        "era",
        "eran",
        "es",
        "esa",
        "ese",
        "eso",
        "esta",
        "estaba",
        "este",
        "esto",
        "estos",
        "fue",
        "fueron",
        "hay",
        "hasta",
        "la",
        "las",
        "le",
        "les",
        "lo",
        "los",
        "luego",
        "mas",
        "me",
        "mi",
        "mientras",
        "mucho",
        "muy",
        "nada",
        "ni",
        "no",
        "nos",
        "nosotros",
        "o",
        "otra",
        "otro",
        "para",
        "pero",
        "poco",
        "por",
        "porque",
        "pues",
        "que",
        "quien",
        "se",
        "sea",
        "según",
        "si",
        "sin",
        "sobre",
        "son",
        "su",
        "sus",
        "también",
        "tan",
        "tanto",
        "te",
        "todo",
        "todos",
        "tu",
        "tuvo",
        "un",
        "una",
        "uno",
        "unos",
        "usted",
        "ustedes",
        "y",
        "ya",
        "yo",
        "sí",
        "sr",
        "sra",
        "don",
        "doña",
        "señor",
        "señora",
        "entrevistador",
        "entrevistadora",
        "entrevistada",
        "entrevistado",
        "investigador",
        "investigadora",
        "the",
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "me",
        "my",
        "no",
        "not",
        "now",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "yes",
        "you",
        "your",
        "interviewer",
        "interviewee",
        "participant",
        "researcher",
        "speaker",
        "mr",
        "mrs",
        "ms",
        "dr",
        "ok",
        "okay",
        "well",
        "oh",
        "yeah",
        "mm",
        "hmm",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
"""Words never proposed as unregistered names (Spanish and English function words, dates)."""


@dataclass(frozen=True)
class Finding:
    """One thing the audit found.

    Attributes:
        path: The file (relative to the project when inside it).
        line: 1-based line.
        column: 1-based column (characters).
        kind: ``name``, ``fuzzy``, ``split``, ``pattern``, ``unsure`` or ``candidate``.
        item: What it is, without personal data: ``P01 (Tomás Reyes Vera)``,
            ``EMAIL``, or the candidate word itself.
        context: The line around it, the leak masked unless revealed.
    """

    path: str
    line: int
    column: int
    kind: str
    item: str
    context: str

    @property
    def leak(self) -> bool:
        """Whether this finding is a leak (not a mere candidate)."""
        return self.kind in LEAK_KINDS


def _context(text: str, start: int, end: int, replacement: str | None) -> str:
    line_start = text.rfind("\n", max(0, start - 200), start) + 1 or max(0, start - 40)
    line_end = text.find("\n", end, end + 200)
    if line_end < 0:
        line_end = len(text)
    before = text[max(line_start, start - 40) : start]
    after = text[end : min(line_end, end + 40)]
    middle = text[start:end] if replacement is None else replacement
    return (before + middle + after).replace("\n", " ").strip()


def _masked_context(
    text: str,
    newlines: list[int],
    spans: list[tuple[int, int, str]],
    starts: list[int],
    index: int,
) -> str:
    """Return the context of ``spans[index]`` with every span on it replaced by its mask.

    ``spans`` are (start, end, mask) sorted by start, ``starts`` their starts,
    ``newlines`` the offsets of the line breaks: each call costs the length of
    the context (plus logarithmic look-ups), so reporting is linear.
    """
    start, end, _ = spans[index]
    line = bisect.bisect_left(newlines, start)
    line_start = newlines[line - 1] + 1 if line > 0 else 0
    after_line = bisect.bisect_left(newlines, end)
    line_end = newlines[after_line] if after_line < len(newlines) else len(text)
    lo, hi = max(line_start, start - 40), min(line_end, end + 40)
    first = bisect.bisect_right(starts, lo) - 1
    if first >= 0 and spans[first][1] > lo:
        lo = spans[first][0]
    else:
        first += 1
    pieces: list[str] = []
    pos = lo
    other = first
    while other < len(spans) and spans[other][0] < hi:
        s_start, s_end, mask = spans[other]
        if s_start >= pos:
            pieces.append(text[pos:s_start])
            pieces.append(mask)
            pos = s_end
        hi = max(hi, s_end)
        other += 1
    pieces.append(text[pos:hi] if pos < hi else "")
    return "".join(pieces).replace("\n", " ").replace("\r", " ").strip()


def scan_text(
    text: str,
    engine: Pseudonymiser,
    *,
    name: str = "-",
    reveal: bool = False,
) -> list[Finding]:
    """Return the leaks (names, variants, personal data) in one text.

    Unless ``reveal``, every leak on a finding's context line is masked, not
    only the finding's own.

    Args:
        text: The text.
        engine: A pseudonymiser over the key (``fuzzy`` and ``join_hyphens``
            as built; use ``fuzzy="replace"`` to catch misspellings).
        name: The file name to report.
        reveal: Show the leaked text in the context instead of a mask.
    """
    result = engine.pseudonymise(text, allocate=False)
    source = result_source(text)
    left = [
        Replacement(d.start, d.end, 0, d.original, "", "unsure", d.entry, d.label, note=d.reason)
        for d in result.decisions
        if d.action == "left" and d.reason != PLACE_NAME  # a whole gazetteer place is certain
    ]
    found = sorted(
        [(r, None) for r in result.replacements]
        + [(r, "split") for r in result.reviews]
        + [(r, "unsure") for r in left],
        key=lambda pair: (pair[0].start, pair[0].end),
    )
    newlines = [m.start() for m in re.finditer("\n", source)]
    spans: list[tuple[int, int, str]] = []
    described = []
    for rep, kind in found:
        if rep.kind == "pattern":
            finding_kind, item = "pattern", rep.label
        else:
            finding_kind = kind or ("fuzzy" if rep.kind == "fuzzy" else "name")
            item = f"{rep.entry} ({rep.label})"
            if kind == "unsure":
                item += f": {rep.note}"
        described.append((rep, finding_kind, item))
        spans.append((rep.start, rep.end, f"[{finding_kind}: {item}]"))
    starts = [span[0] for span in spans]
    findings = []
    for index, (rep, finding_kind, item) in enumerate(described):
        line = bisect.bisect_left(newlines, rep.start)
        column = rep.start - (newlines[line - 1] if line > 0 else -1)
        if reveal:
            context = _context(source, rep.start, rep.end, None)
        else:
            context = _masked_context(source, newlines, spans, starts, index)
        findings.append(Finding(name, line + 1, column, finding_kind, item, context))
    return findings


def scan_names(
    names: Iterable[str], engine: Pseudonymiser, *, reveal: bool = False
) -> list[Finding]:
    """Return the leaks in file and folder names (relative paths).

    Each name is read as a slug: hyphens, underscores, dots and slashes count
    as spaces, and names that are also ordinary words count in any case.
    A finding's line is 0 and its column is the 1-based character in the path.
    """
    findings = []
    for original in names:
        path = result_source(original)
        spaced = re.sub(r"[_./\\]", " ", path)
        result = engine.pseudonymise(spaced, allocate=False, slug=True)
        for rep in result.replacements + result.reviews:
            if rep.kind == "pattern":
                kind, item = "pattern", rep.label
            else:
                kind = "fuzzy" if rep.kind == "fuzzy" else "name"
                item = f"{rep.entry} ({rep.label})"
            context = path if reveal else _mask_all(path, result)
            findings.append(
                Finding(original if reveal else context, 0, rep.start + 1, kind, item, context)
            )
    return findings


def masked_name(path: str, engine: Pseudonymiser) -> str:
    """Return a relative path with every registered name or personal data in it masked."""
    nfc = result_source(path)
    result = engine.pseudonymise(re.sub(r"[_./\\\\]", " ", nfc), allocate=False, slug=True)
    if not result.replacements and not result.reviews:
        return path
    return _mask_all(nfc, result)


def _mask_all(path: str, result: Any) -> str:
    pieces, last = [], 0
    for other in sorted(result.replacements + result.reviews, key=lambda r: r.start):
        if other.start < last:
            continue
        if other.kind == "pattern":
            mask = f"[pattern: {other.label}]"
        else:
            kind = "fuzzy" if other.kind == "fuzzy" else "name"
            mask = f"[{kind}: {other.entry} ({other.label})]"
        pieces.append(path[last : other.start])
        pieces.append(mask)
        last = other.end
    pieces.append(path[last:])
    return "".join(pieces)


def result_source(text: str) -> str:
    """Return ``text`` as the engine sees it (NFC)."""
    import unicodedata

    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def find_candidates(
    texts: Sequence[tuple[str, str]],
    key: Key,
    *,
    known_terms: Iterable[str] = (),
    reveal: bool = False,
) -> list[Finding]:
    """Return likely unregistered names in ``texts`` (see the module docstring).

    Args:
        texts: (file name, text) pairs, scanned together (a word seen in lower
            case in any of them is an ordinary word).
        key: The key (its real names, pseudonyms and ``keep:`` words are not candidates).
        known_terms: Other words that are not names (codebook labels...).
        reveal: Leave registered names in the contexts (else they show as pseudonyms).
    """
    engine = Pseudonymiser(key) if key.entries and not reveal else None
    lower_count: Counter[str] = Counter()
    evidence: Counter[str] = Counter()  # capitalised mid-sentence, or a speaker label
    title_case: set[str] = set()
    pairs: set[tuple[str, str]] = set()  # Title-case word followed by a Title-case word
    for _, text in texts:
        previous: tuple[str, int] | None = None
        for match in _WORD.finditer(text):
            word = _base(match.group())
            folded = skeleton(word)
            if word.islower():
                lower_count[folded] += 1
            elif word[0].isupper() and not word.isupper() and len(word) > 1:
                title_case.add(folded)
                if text[match.end() : match.end() + 1] == ":" or not _sentence_start(
                    text, match.start()
                ):
                    evidence[folded] += 1
                if previous is not None and text[previous[1] : match.start()] in (" ", "\n"):
                    pairs.add((previous[0], folded))
                previous = (folded, match.end())
                continue
            previous = None
    excluded = set(STOPWORDS)
    for entry in key.entries:
        for form in [entry.real, *entry.aliases, *entry.pseudonym_forms()]:
            excluded.update(skeleton(t) for t in tokens(form))
    for phrase in key.keep:
        excluded.update(skeleton(phrase).split())
    for term in known_terms:
        excluded.update(skeleton(w) for w in _WORD.findall(term))
    names = {w for w in title_case if evidence[w] >= 1 and lower_count[w] <= evidence[w]} - excluded
    # a capitalised word right before a likely name is likely a given name ("Delphine Okoro")
    names |= {first for first, second in pairs if second in names} - excluded
    title_case = names
    candidates = {c for c in title_case if c not in excluded}
    findings = []
    if not candidates:
        return findings
    for name, text in texts:
        text = result_source(text)
        seen: set[tuple[int, str]] = set()
        line, last = 1, 0
        for match in _WORD.finditer(text):
            folded = skeleton(_base(match.group()))
            if folded not in candidates:
                continue
            line += text.count("\n", last, match.start())
            last = match.start()
            if (line, folded) in seen:
                continue
            seen.add((line, folded))
            column = match.start() - text.rfind("\n", 0, match.start())
            context = _context(text, match.start(), match.end(), None)
            if engine is not None:
                context = engine.pseudonymise(context, allocate=False).text
            findings.append(Finding(name, line, column, "candidate", match.group(), context))
    return findings


_SENTENCE_END = set('.!?:;—–-"“”«»¿¡()[]#*>|')


def _sentence_start(text: str, start: int) -> bool:
    """Return whether the word at ``start`` begins a sentence, line or quotation."""
    index = start - 1
    while index >= 0 and text[index] in " \t\u00a0":
        index -= 1
    return index < 0 or text[index] == "\n" or text[index] in _SENTENCE_END


def _base(word: str) -> str:
    """Return ``word`` without a possessive or contracted ending (``Clara’s`` -> ``Clara``)."""
    for mark in ("'", "’"):
        if mark in word:
            return word.split(mark)[0]
    return word


def project_files(project: Any, paths: Sequence[str | Path] | None = None) -> list[Path]:
    """Return the text files to audit: ``paths`` (files or folders) or the whole project.

    Hidden and private folders (``.qualcode``, ``.git``) and the key files are skipped.
    """
    roots = [Path(p) for p in paths] if paths else [project.root]
    for root in roots:
        if not root.exists():
            from qualcode.errors import NotFound

            raise NotFound(
                f"{root}: no such file or folder", hint="check the path (nothing was scanned)"
            )
    key_files = set()
    if project is not None:
        key = key_path(project).resolve()
        key_files = {key, locked_path(key)}
    files: list[Path] = []
    for root in roots:
        if root.is_file():
            files.append(root)
            continue
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            for file_name in sorted(names):
                path = Path(folder) / file_name
                if path.suffix.lower() in TEXT_SUFFIXES and path.resolve() not in key_files:
                    files.append(path)
    return files


def project_names(
    project: Any, paths: Sequence[str | Path] | None = None, *, relative_to: Path | None = None
) -> list[str]:
    """Return the relative paths of every file and folder to audit for names in their names.

    Like :func:`project_files` but every file (audio, images...) and folder
    counts, since a real name in a file name leaks as surely as in its text.
    """
    roots = [Path(p) for p in paths] if paths else [project.root]
    key_files = set()
    if project is not None:
        key = key_path(project).resolve()
        key_files = {key, locked_path(key)}
    names: list[str] = []
    for root in roots:
        if root.is_file():
            names.append(_display(root, relative_to))
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            for name in dirs + sorted(files):
                path = Path(folder) / name
                if path.resolve() not in key_files:
                    names.append(_display(path, relative_to))
    return sorted(set(names))


def read_text_file(path: Path) -> str | None:
    """Return a file's text (UTF-8, or via qualcode's decoder), or None when binary or huge."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from qualcode.store.textio import decode

        try:
            return decode(data, path).text  # type: ignore[attr-defined,no-any-return]
        except Exception:  # noqa: BLE001 - an unreadable file is skipped, not a crash
            return None


def scan_files(
    files: Sequence[Path],
    key: Key,
    *,
    relative_to: Path | None = None,
    known_terms: Iterable[str] = (),
    reveal: bool = False,
    candidates: bool = True,
    names: Sequence[str] | None = None,
) -> list[Finding]:
    """Audit ``files`` against ``key``: leaks first per file, then candidates.

    Args:
        files: The text files.
        key: The key.
        relative_to: Report paths relative to this folder.
        known_terms: Words that are not names (for candidates).
        reveal: Show leaked text in contexts.
        candidates: Also list likely unregistered names.
        names: File and folder names (relative paths) to audit for names
            (default: the names of ``files``).

    Returns:
        Findings sorted by path, line, column and kind.
    """
    engine = Pseudonymiser(key, fuzzy="replace", join_hyphens=False)
    texts = []
    findings: list[Finding] = []
    for path in files:
        text = read_text_file(path)
        if text is None:
            continue
        name = _display(path, relative_to)
        if not reveal:
            name = masked_name(name, engine)
        texts.append((name, text))
        findings.extend(scan_text(text, engine, name=name, reveal=reveal))
    if names is None:
        names = [_display(path, relative_to) for path in files]
    findings.extend(scan_names(names, engine, reveal=reveal))
    if candidates:
        findings.extend(find_candidates(texts, key, known_terms=known_terms, reveal=reveal))
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.kind))


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


def scan_project(
    project: Any,
    paths: Sequence[str | Path] | None = None,
    *,
    key: Key | None = None,
    passphrase: str | None = None,
    reveal: bool = False,
    candidates: bool = True,
    known_terms: Sequence[str] = (),
) -> list[Finding]:
    """Audit a project (or some of its paths) for leaks; ``qualcode check`` includes this.

    Args:
        project: The project.
        paths: Files or folders (default: the whole project outside ``.qualcode/``).
        key: The key (default: the project's key, unlocked with ``passphrase`` or
            ``QUALCODE_KEY_PASSPHRASE``).
        passphrase: For a locked key.
        reveal: Show leaked text in contexts.
        candidates: Also list likely unregistered names.
        known_terms: Words that are not names, left out of the candidates
            (the codebook's terms: :func:`qualcode.codebook.tree.codebook_terms`).

    Returns:
        The findings; :attr:`Finding.leak` tells leaks from candidates.

    Raises:
        KeyLocked: the key is locked and no passphrase is available.
    """
    if key is None:
        key = load_key(key_path(project), passphrase or os.environ.get(PASSPHRASE_VARIABLE))
    files = project_files(project, paths)
    return scan_files(
        files,
        key,
        relative_to=project.root,
        known_terms=known_terms,
        reveal=reveal,
        candidates=candidates,
        names=project_names(project, paths, relative_to=project.root),
    )


def findings_table(findings: Sequence[Finding]) -> Table:
    """Return the findings as a table (``path, line, column, kind, item, context``)."""
    rows = [(f.path, f.line, f.column, f.kind, f.item, f.context) for f in findings]
    leaks = sum(f.leak for f in findings)
    unsure = sum(f.kind == "unsure" for f in findings)
    notes = [
        f"{leaks} leak(s), {unsure} unsure, {len(findings) - leaks - unsure} candidate(s) to review"
    ]
    return Table(
        ["path", "line", "column", "kind", "item", "context"], rows, title="Scan", notes=notes
    )


__all__ = [
    "LEAK_KINDS",
    "STOPWORDS",
    "Finding",
    "find_candidates",
    "findings_table",
    "project_files",
    "project_names",
    "scan_files",
    "scan_names",
    "scan_project",
    "scan_text",
]
