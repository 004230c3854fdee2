"""Benchmark: wall time of ``qualcode survey import`` on the small real exports.

Each import runs as a fresh process (what a user waits for), several times;
the figure is the median. The floor is ``qualcode --help`` (starting Python,
qualcode and typer). Target (issue 7 follow-up): about 0.6 s per small import.

Run: PYTHONPATH=. python benchmarks/survey_small_import.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = Path("/work/shared/real-inputs/survey")
FILES = ("googleforms_autistica_citizen_science.csv", "kobotoolbox_kobocruncher_sample_export.xlsx")


def timed(args: list[str], repeat: int) -> float:
    """Return the median wall time in seconds of running qualcode with ``args``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "qualcode", *args], env=env, check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the median import time per file, the floor and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    floor = timed(["--help"], repeat)
    print(f"floor (qualcode --help): {floor:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "qualcode", "init", folder],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
        )
        for name in FILES:
            args = ["survey", "import", str(INPUTS / name), "--name", "b", "--replace"]
            median = timed([*args, "-p", folder], repeat)
            print(f"{name}: median {median:.2f} s, {median / floor:.1f}x floor, target 0.6 s")


if __name__ == "__main__":
    main()
