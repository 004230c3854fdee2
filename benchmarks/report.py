"""Time ``qualcode report`` against the commands whose figures it shows.

The baseline is the sum of the medians of the commands a researcher would
otherwise run for the same figures, writing CSV (a Rich table of 50,000
quotes would time the terminal renderer, not the counting) (``tally``, ``cooccur``, ``words``,
``agreement --disagreements``, ``quotes`` of every top-level code); the
report also draws the codebook, the matrices, the surveys and the memos, so a
ratio near 1 means it adds little of its own. No target is set by issue 15.

    python benchmarks/report.py [--documents 500] [--segments 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.tally import median, qualcode  # noqa: E402


def measure(project: Path, runs: int, out: Path) -> tuple[float, float]:
    """Return (report median, baseline: the summed medians of the commands)."""
    import yaml

    books = sorted((project / "codebooks").glob("*.yaml"))
    roots = [c["name"] for book in books for c in yaml.safe_load(book.read_text("utf-8"))["codes"]]
    p = ("-p", str(project))
    qualcode("tally", *p)  # the index is built once, as for any command
    report = median([qualcode("report", *p, "-o", str(out)) for _ in range(runs)])
    commands = [
        ("tally",),
        ("cooccur",),
        ("words",),
        ("agreement", "--disagreements"),
        ("quotes", roots[0], *(x for r in roots[1:] for x in ("--or", r))),
    ]
    baseline = sum(median([qualcode(*c, *p, "-f", "csv") for _ in range(runs)]) for c in commands)
    return report, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "qualcode-bench-report"
    )
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from benchmarks.make_corpus import build

    marker = args.folder / f".built-{args.documents}-{args.segments}"
    if not marker.exists():
        print(f"building {args.documents} documents, {args.segments} segments in {args.folder}")
        build(args.folder, args.documents, args.segments)
        marker.write_text("ok\n")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "report.html"
        for name, folder in (("the example", ROOT), (f"{args.documents} documents", args.folder)):
            report, baseline = measure(folder, args.runs, out)
            size = out.stat().st_size / 1e6
            print(
                f"report on {name:15s} {report:7.3f} s   baseline {baseline:7.3f} s   "
                f"ratio {report / baseline:5.2f}x   file {size:.2f} MB"
            )


if __name__ == "__main__":
    main()
