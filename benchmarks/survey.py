"""Benchmark: import, auto-code and tally a survey of 1,000,000 responses.

The survey has 4 closed questions and 2 open ones. Auto-coding uses 20
keyword codes on both open questions and writes them under coder ``auto``.
The floor is reading and writing the same CSV with the ``csv`` module.
Target (issue 7): at most 120 s in total and 2 GB peak memory.

Run: PYTHONPATH=. python benchmarks/survey.py [--responses N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qualcode.coding.keywords import KeywordMatcher  # noqa: E402
from qualcode.store.project import Project  # noqa: E402
from qualcode.survey.autocode import apply_suggestions, suggest_codes  # noqa: E402
from qualcode.survey.model import SurveyCodings  # noqa: E402
from qualcode.survey.sources import ImportOptions  # noqa: E402
from qualcode.survey.store import import_survey, load_codings, load_survey, save_codings  # noqa: E402
from qualcode.survey.tally import tally_survey  # noqa: E402

COMUNAS = ["Pudahuel", "La Pintana", "Peñalolén", "Santiago", "Renca", "Maipú", "Ñuñoa", "Recoleta"]
PRODUCTS = ["textiles", "joyería", "decoración", "vestuario", "alimentos"]
CODES = {
    f"code-{i:02d}": [word]
    for i, word in enumerate(
        [
            "clientes", "mesas", "toldos", "convivencia", "precios", "difusión", "baños", "crédito",
            "municipalidad", "talleres", "luz", "seguridad", "transporte", "horario", "radio",
            "internet", "capacitación", "socios", "espacio", "música",
        ]
    )
}  # fmt: skip
WORDS = [w for words in CODES.values() for w in words] + [
    "más", "que", "la", "feria", "tenga", "mejor", "para", "los", "productores", "del", "barrio",
    "nada", "todo", "bien", "red", "venta", "gente", "año", "próximo", "cambiaría",
]  # fmt: skip


def generate(path: Path, n: int) -> None:
    """Write a survey export of ``n`` responses (4 closed, 2 open questions)."""
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "comuna", "producto", "feria", "nota", "cambio", "comentario"])
        for i in range(n):
            writer.writerow(
                [
                    f"R{i:07d}",
                    rng.choice(COMUNAS),
                    rng.choice(PRODUCTS),
                    rng.choice(("sí", "no", "")),
                    rng.choice("12345 "),
                    " ".join(rng.choices(WORDS, k=rng.randint(3, 14)))
                    if rng.random() > 0.1
                    else "",
                    " ".join(rng.choices(WORDS, k=rng.randint(0, 8))),
                ]
            )


def floor(path: Path, out: Path) -> float:
    """Time reading and writing the CSV with the csv module."""
    start = time.perf_counter()
    with (
        path.open(encoding="utf-8", newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        csv.writer(dst, lineterminator="\n").writerows(csv.reader(src))
    return time.perf_counter() - start


def one_run(root: Path, export: Path) -> tuple[dict[str, float], object]:
    """Import, auto-code and tally once in a new project; return the timings and the tally."""
    project = Project.init(root, name="bench")
    timings = {}
    t = time.perf_counter()
    survey = import_survey(
        project,
        export,
        "bench",
        ImportOptions(
            id_column="id",
            closed=["comuna", "producto", "feria", "nota"],
            open=["cambio", "comentario"],
        ),
    )
    timings["import"] = time.perf_counter() - t
    t = time.perf_counter()
    matcher = KeywordMatcher(CODES)
    codings = SurveyCodings("bench", "auto")
    for question in ("cambio", "comentario"):
        q = survey.question(question)
        apply_suggestions(codings, q, suggest_codes(survey, q, matcher=matcher))
    save_codings(project, codings, survey.ids)
    timings["autocode"] = time.perf_counter() - t
    del survey, codings
    t = time.perf_counter()
    survey = load_survey(project, "bench")
    table = tally_survey(survey, codings=load_codings(project, "bench", "auto"))
    timings["tally"] = time.perf_counter() - t
    return timings, table


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs; the median is reported")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = folder / "export.csv"
        t = time.perf_counter()
        generate(export, args.responses)
        print(
            f"generated {args.responses:,} responses ({export.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s"
        )
        base = floor(export, folder / "copy.csv")
        runs = []
        for run in range(args.repeat):
            timings, table = one_run(folder / f"proj{run}", export)
            runs.append(timings)
            print(f"run {run + 1}: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        timings = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        total = statistics.median(sum(r.values()) for r in runs)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"median of {args.repeat} run(s):")
        for step, seconds in timings.items():
            print(f"{step:9s} {seconds:7.1f} s")
        print(f"total     {total:7.1f} s  (target <= 120 s)")
        print(f"floor     {base:7.1f} s  (csv module: read + write the same export)")
        print(f"ratio     {total / base:7.1f} x floor")
        print(f"peak RSS  {peak_mb:7.0f} MB (target <= 2048 MB)")
        print(f"tally rows: {len(table.rows)}; e.g. {table.rows[0]}")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
