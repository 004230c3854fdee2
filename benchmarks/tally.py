"""Time counting queries on a large synthetic corpus: cold (index built) and warm.

Targets (issue 12): at 2,000 documents and 200,000 segments, with a warm
index, ``qualcode tally`` at most 0.30 s median wall time, and
``tally --by generation``, ``matrix --cols documents`` and ``cooccur`` at
most 0.5 s each; cold (no index: it is built) at most 1.5 times the floor of
parsing all the corpus's YAML with the C loader. Each figure is printed with
its target, its floor (reading every byte of the corpus; parsing all its
YAML) and the ratio, and the load average, since other work on the machine
slows every figure. Start-up on the small example is ``benchmarks/startup.py``.

    python benchmarks/tally.py [--folder /tmp/qualcode-bench] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


CPU: dict[str, list[float]] = {}


def qualcode(*args: str, cwd: Path | None = None) -> float:
    """Run ``python -m qualcode ARGS``; return its wall time, and record its CPU time.

    The child may write bytecode caches (as an installed wheel has them).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "qualcode", *args],
        check=True,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime
    CPU.setdefault(" ".join(a for a in args if not a.startswith("/")), []).append(cpu)
    return wall


def median(times: list[float]) -> float:
    return statistics.median(times)


def corpus_files(folder: Path) -> list[Path]:
    return sorted([*(folder / "fieldnotes").rglob("*.md"), *(folder / "codings").rglob("*.yaml")])


def floor_read(files: list[Path]) -> float:
    began = time.perf_counter()
    total = sum(len(p.read_bytes()) for p in files)
    assert total > 0
    return time.perf_counter() - began


def floor_yaml(files: list[Path]) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    began = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = text[4 : text.index("\n---\n", 4)]
        yaml.load(text, Loader=loader)  # noqa: S506 - safe loader
    return time.perf_counter() - began


def line(
    label: str, value: float, target: float | None, floor: float | None, cpu: float | None = None
) -> None:
    parts = [f"{label:<42} median {value:7.3f} s"]
    if cpu is not None:
        parts.append(f"(cpu {cpu:6.3f} s)")
    if target is not None:
        verdict = "ok" if value <= target else "OVER"
        parts.append(f"target {target:5.2f} s ({value / target:4.2f}x, {verdict})")
    if floor is not None:
        parts.append(f"floor {floor:6.3f} s (ratio {value / floor:5.1f}x)")
    print("  ".join(parts))


WARM = [  # (label, arguments after 'qualcode', target in seconds)
    ("tally, warm index", ("tally",), 0.30),
    ("tally --by generation, warm index", ("tally", "--by", "generation"), 0.50),
    ("matrix --cols documents, warm index", ("matrix", "--cols", "documents"), 0.50),
    ("cooccur, warm index", ("cooccur",), 0.50),
]
COLD_RATIO = 1.5  # cold (index built from the files) at most this many times the YAML floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "qualcode-bench"
    )
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--segments", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=3)
    args = parser.parse_args()

    from benchmarks.make_corpus import build

    marker = args.folder / f".built-{args.documents}-{args.segments}"
    if not marker.exists():
        print(f"building {args.documents} documents, {args.segments} segments in {args.folder}")
        build(args.folder, args.documents, args.segments)
        marker.write_text("ok\n")
    files = corpus_files(args.folder)
    size = sum(p.stat().st_size for p in files)
    print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB, python {sys.version.split()[0]}")
    floor_read(files)  # fill the page cache
    read_floor = median([floor_read(files) for _ in range(3)])
    yaml_floor = floor_yaml(files)
    print(f"floor: read all bytes {read_floor:.3f} s; parse all YAML (C loader) {yaml_floor:.3f} s")

    index = args.folder / ".qualcode" / "index.sqlite"
    project = ("-p", str(args.folder), "-f", "csv")
    print(f"load average before timing: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    cold = []
    for _ in range(args.cold_runs):
        index.unlink(missing_ok=True)
        cold.append(qualcode("tally", *project))
    cold_cpu = median(CPU.pop("tally -p -f csv"))
    no_index = [qualcode("tally", *project, "--no-index") for _ in range(args.cold_runs)]
    no_index_cpu = median(CPU.pop("tally -p -f csv --no-index"))
    for _, command, _ in WARM:  # warm-up: the index is current, the bytecode cached
        qualcode(*command, *project)
    CPU.clear()
    warm: dict[str, list[float]] = {label: [] for label, _, _ in WARM}
    for _ in range(args.runs):  # round-robin, so that load from elsewhere hits all alike
        for label, command, _ in WARM:
            warm[label].append(qualcode(*command, *project))
    load_after = os.getloadavg()[0]
    cpu = {name: median(values) for name, values in CPU.items()}
    line("tally, cold (index built from the files)", median(cold), None, yaml_floor, cold_cpu)
    ratio = median(cold) / yaml_floor
    verdict = "ok" if ratio <= COLD_RATIO else "OVER"
    print(f"{'':<42} target <= {COLD_RATIO}x the YAML floor: {ratio:.2f}x, {verdict}")
    line("tally --no-index (files only)", median(no_index), None, yaml_floor, no_index_cpu)
    for label, command, target in WARM:
        key = " ".join((*command, "-p", "-f", "csv"))
        line(label, median(warm[label]), target, read_floor, cpu.get(key))
    print(f"load average after timing: {load_after:.2f}")


if __name__ == "__main__":
    main()
