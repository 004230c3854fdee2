"""Time how fast ``qualcode`` starts, against a bare ``python -c pass`` in the same run.

Targets (issue 12): on the worked example (the repository root),
``qualcode tally -f csv`` at most 8x the bare interpreter and
``qualcode --help`` at most 10x. The other lines are for information.

Runs go round-robin (one of each command, then again), so that a burst of load
from elsewhere hits every command alike; each figure is the median of
``--runs``. The children may write bytecode caches (``PYTHONDONTWRITEBYTECODE``
is dropped from their environment), as an installed wheel has them; one
warm-up round fills the caches and the index before timing.

    python benchmarks/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TARGETS = {"tally -f csv": 8.0, "--help": 10.0}
COMMANDS = [
    "tally -f csv",
    "--help",
    "survey --help",
    "tally --help",
    "tally --by kind -f csv",
    "quotes trust -f csv",
    "notes list -f csv",
    "codebook show -f csv",
]


def qualcode_command() -> list[str]:
    """Return how to start qualcode: the console script beside this Python, else ``-m``."""
    script = Path(sys.executable).with_name("qualcode")
    if script.is_file():
        return [str(script)]
    found = shutil.which("qualcode")
    return [found] if found else [sys.executable, "-m", "qualcode"]


def run(argv: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(
        argv, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("QUALCODE_PROJECT", None)
    env["PYTHONPATH"] = str(ROOT)
    qualcode = qualcode_command()
    cases = {"python -c pass": [sys.executable, "-c", "pass"]}
    cases["python -c 'import typer'"] = [sys.executable, "-c", "import typer"]
    cases |= {f"qualcode {c}": [*qualcode, *c.split()] for c in COMMANDS}

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; qualcode: {' '.join(qualcode)}"
    )
    print(f"example project: {ROOT}")
    for argv in cases.values():  # warm-up: bytecode caches, the index
        run(argv, env)
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, argv in cases.items():
            times[name].append(run(argv, env))
    load_after = os.getloadavg()

    base = statistics.median(times["python -c pass"])
    print(
        f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"median of {args.runs} runs each"
    )
    print(f"{'command':<40} {'median':>8} {'min':>8} {'ratio':>7}  target")
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base
        target = TARGETS.get(name.removeprefix("qualcode "))
        verdict = ""
        if target is not None:
            verdict = f"<= {target:.0f}x ({target * base:.3f} s): " + (
                "ok" if ratio <= target else "OVER"
            )
        print(f"{name:<40} {median:8.3f} {min(values):8.3f} {ratio:6.1f}x  {verdict}")


if __name__ == "__main__":
    main()
