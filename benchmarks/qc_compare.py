"""Compare qualcode with the ``qc`` tool (PyPI ``qualitative-coding``) on one corpus.

qc is NOT a qualcode dependency. Install it in a throwaway environment outside
the repository and run this script with that environment's Python, with the
repository on PYTHONPATH (qualcode's own reader needs only PyYAML here):

    python3 -m venv /tmp/qcvenv && /tmp/qcvenv/bin/pip install qualitative-coding
    PYTHONPATH=. /tmp/qcvenv/bin/python benchmarks/qc_compare.py /tmp/qualcode-bench /tmp/qc-bench

It converts a qualcode project (e.g. one made by make_corpus.py) into a qc
project: each document body becomes ``corpus/<id>.txt``; the code tree becomes
qc's ``codebook.yaml`` (paths joined with ``-``, qc code names being flat); each
segment codes every line it spans (qc codes lines, 0-based), one coded line
per (line, code, coder) as ``qc code`` stores them. The coded lines are bulk
inserted into qc's SQLite database with the paragraph locations qc itself
computed on import. Then it times, median of --runs:

* ``qc codes stats`` against ``qualcode tally``;
* ``qc codes stats -D`` (by document) against ``qualcode matrix --cols documents``;
* ``qc codes crosstab`` of the top-level codes with child codes (``-r -a``)
  against ``qualcode cooccur`` (top-level codes, with descendants).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def qc_name(path: str) -> str:
    return path.replace("/", "-")


def convert(ours: Path, target: Path) -> None:
    from qualitative_coding.corpus import QCCorpus

    from qualcode.analysis.corpus import load_corpus_from_files
    from qualcode.codebook.tree import load_codebook
    from qualcode.store.project import Project

    project = Project.open(ours)
    book = load_codebook(project.codebooks_dir)
    corpus = load_corpus_from_files(project)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    qc = Path(sys.executable).with_name("qc")
    subprocess.run([str(qc), "init"], cwd=target, check=True, capture_output=True)

    def node(path: str) -> object:
        children = [node(c.path) for c in book.children(path)]
        return {qc_name(path): children} if children else qc_name(path)

    tree = [node(c.path) for c in book.roots()]
    (target / "codebook.yaml").write_text(yaml.safe_dump(tree), encoding="utf-8")

    qcc = QCCorpus(target / "settings.yaml")
    with qcc.session():
        for doc in corpus.documents:
            path = target / "corpus" / f"{doc.id}.txt"
            path.write_text(doc.body, encoding="utf-8")
            qcc.register_document(path)
        qcc.get_session().commit()

    db = sqlite3.connect(target / "qualitative_coding.sqlite3")
    paragraphs: dict[str, list[tuple[int, int, int]]] = {}
    for loc_id, start, end, doc in db.execute(
        "SELECT location.id, start_line, end_line, document_index.document_id FROM location "
        "JOIN document_index ON location.document_index_id = document_index.id"
    ):
        paragraphs.setdefault(doc, []).append((start, end, loc_id))
    coders = sorted({r[4] for r in corpus.rows})
    db.executemany("INSERT INTO coder (name) VALUES (?)", [(c,) for c in coders])
    db.executemany("INSERT INTO code (name) VALUES (?)", [(qc_name(c.path),) for c in book])
    seen: set[tuple[str, int, str, str]] = set()
    coded, links = [], []
    line_starts: dict[str, list[int]] = {}
    for doc_id, start, end, code, coder, _text, _memo in corpus.rows:
        file_path = f"{doc_id}.txt"
        body = corpus.document(doc_id).body  # type: ignore[union-attr]
        if doc_id not in line_starts:
            line_starts[doc_id] = [i for i, ch in enumerate(body) if ch == "\n"]
        first = body.count("\n", 0, start)
        last = first + body.count("\n", start, max(start, end - 1))
        for line in range(first, last + 1):
            key = (file_path, line, qc_name(code), coder)
            if key in seen:
                continue
            seen.add(key)
            row_id = len(coded) + 1
            coded.append((row_id, line, coder, qc_name(code)))
            for p_start, p_end, loc in paragraphs[file_path]:
                if p_start <= line < p_end:
                    links.append((row_id, loc))
                    break
    db.executemany("INSERT INTO coded_line (id, line, coder_id, code_id) VALUES (?,?,?,?)", coded)
    db.executemany(
        "INSERT INTO coded_line_location_association (coded_line_id, location_id) VALUES (?,?)",
        links,
    )
    db.commit()
    db.close()
    print(f"qc project: {len(corpus.documents)} documents, {len(coded)} coded lines in {target}")


def timed(
    args: list[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> float:
    """Return the wall time of a command, or infinity when it ran past ``timeout``."""
    began = time.perf_counter()
    try:
        subprocess.run(
            args,
            cwd=cwd,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return float("inf")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ours", type=Path, help="a qualcode project (e.g. from make_corpus.py)")
    parser.add_argument("target", type=Path, help="folder for the qc project (replaced)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--timeout", type=float, default=600, help="give up on one qc run after this many seconds"
    )
    parser.add_argument("--only", action="append", help="time only this comparison (repeatable)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing qc project")
    parser.add_argument(
        "--qualcode-python",
        default=os.environ.get("QUALCODE_PYTHON", "/work/venv/bin/python"),
        help="Python that has qualcode's dependencies",
    )
    args = parser.parse_args()
    if not (args.reuse and (args.target / "settings.yaml").exists()):
        began = time.perf_counter()
        convert(args.ours, args.target)
        print(f"converted in {time.perf_counter() - began:.1f} s")
    qc = str(Path(sys.executable).with_name("qc"))
    roots = [
        qc_name(p)
        for p in yaml.safe_load((args.target / "codebook.yaml").read_text())
        for p in (p if isinstance(p, str) else next(iter(p)),)
    ]
    codes = (args.target / "codebook.yaml").read_text(encoding="utf-8")
    leaves = sorted({w.strip("- :") for w in codes.split() if w.count("-c") == 3})[:6]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ours = [args.qualcode_python, "-m", "qualcode"]
    project = ["-p", str(args.ours), "-f", "csv"]
    timed([*ours, "tally", *project], env=env)  # warm the index
    pairs = [
        ("code frequency", [qc, "codes", "stats"], [*ours, "tally", *project]),
        (
            "by document",
            [qc, "codes", "stats", "-D"],
            [*ours, "matrix", "--rows", "codes", "--cols", "documents", *project],
        ),
        (
            "co-occurrence",
            [qc, "codes", "crosstab", "-r", "-a", *roots],
            [*ours, "cooccur", *project],
        ),
        (
            "co-occ. 6 leaves",
            [qc, "codes", "crosstab", *leaves],
            [
                *ours,
                "cooccur",
                *(f"--code={leaf.replace('-c', '/c')}" for leaf in leaves),
                *project,
            ],
        ),
    ]
    print(f"{'':16} {'qc median':>10} {'qualcode':>10} {'qc / qualcode':>14}")
    for label, theirs, mine in pairs:
        if args.only and label not in args.only:
            continue
        qc_times = []
        for _ in range(args.runs):
            qc_times.append(timed(theirs, cwd=args.target, timeout=args.timeout))
            if qc_times[-1] == float("inf"):
                break  # one time-out is enough
        our_times = [timed(mine, env=env) for _ in range(args.runs)]
        a, b = statistics.median(qc_times), statistics.median(our_times)
        shown = f">{args.timeout:.0f}s" if a == float("inf") else f"{a:.2f}s"
        ratio = f">{args.timeout / b:.0f}x" if a == float("inf") else f"{a / b:.1f}x"
        print(f"{label:16} {shown:>10} {b:9.2f}s {ratio:>14}   ({' '.join(theirs[1:4])})")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
