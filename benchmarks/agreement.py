"""Time ``qualcode agreement`` on a large synthetic corpus and on the example.

No target was set for agreement (issue 13); the script prints the figures and
their ratio to ``qualcode tally`` on the same corpus (the same files read
through the same warm index), the baseline for "reading every coding once".

    python benchmarks/agreement.py [--folder /tmp/qualcode-bench] [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.tally import median, qualcode  # noqa: E402


def main() -> None:
    """Build (or reuse) the corpus, then time agreement against tally."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "qualcode-bench"
    )
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--segments", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from benchmarks.make_corpus import build

    marker = args.folder / f".built-{args.documents}-{args.segments}"
    if not marker.exists():
        print(f"building {args.documents} documents, {args.segments} segments in {args.folder}")
        build(args.folder, args.documents, args.segments)
        marker.write_text("ok\n")
    project = ("-p", str(args.folder), "-f", "csv")
    qualcode("tally", *project)  # warm the index
    tally = median([qualcode("tally", *project) for _ in range(args.runs)])
    rows = []
    for unit in ("paragraph", "line", "sentence"):
        timed = [
            qualcode("agreement", *project, "-c", "ana,ben", "-u", unit) for _ in range(args.runs)
        ]
        rows.append((f"agreement -c ana,ben -u {unit}", median(timed)))
    three = [qualcode("agreement", *project, "-c", "ana,ben,carla") for _ in range(args.runs)]
    rows.append(("agreement -c ana,ben,carla (paragraph)", median(three)))
    disagreements = [
        qualcode("agreement", *project, "-c", "ana,ben", "--disagreements")
        for _ in range(args.runs)
    ]
    rows.append(("agreement --disagreements", median(disagreements)))
    print(f"{args.documents} documents, {args.segments} segments; baseline tally {tally:.3f} s")
    for name, value in rows:
        print(f"{name:45s} {value:7.3f} s   baseline {tally:.3f} s   ratio {value / tally:5.2f}x")

    from qualcode.demo import create_demo_project

    with tempfile.TemporaryDirectory() as tmp:
        demo = create_demo_project(Path(tmp) / "demo")
        small = ("-p", str(demo.root))
        qualcode("tally", *small)
        base = median([qualcode("tally", *small) for _ in range(7)])
        value = median([qualcode("agreement", *small, "-c", "ana,tomas") for _ in range(7)])
        print(
            f"{'example: agreement -c ana,tomas':45s} {value:7.3f} s   baseline {base:.3f} s   "
            f"ratio {value / base:5.2f}x"
        )


if __name__ == "__main__":
    main()
