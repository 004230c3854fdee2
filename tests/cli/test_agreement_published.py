"""``qualcode agreement`` reproduces the published worked examples, coded through the CLI.

Each table of ../shared/real-inputs/agreement/ (EXPECTED.md gives the
published values and where they were published) becomes a document whose
paragraphs (or lines) are the table's units; each coder codes them with
``qualcode code --para``/``--lines`` exactly as the table says, and
``qualcode agreement -f json`` must print the published value. An empty
cell is a coder giving no value (missing), never a category.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable

import pytest
import typer
import typer.testing
from typer.testing import CliRunner

from qualcode.cli import app
from qualcode.models import Document
from qualcode.store import atomic
from qualcode.store.project import Project
from tests.conftest import real_input

DOC = "2010-10-12-tabla"
_COMMAND = typer.main.get_command(app)  # built once: building it is most of an invocation's time


def fast_run(*args: object) -> None:
    """Run one ``qualcode`` command line as the ``run`` fixture does, without rebuilding the app."""
    original = typer.testing._get_command
    typer.testing._get_command = lambda a: _COMMAND if a is app else original(a)  # type: ignore[assignment]
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    finally:
        typer.testing._get_command = original  # type: ignore[assignment]
    assert result.exit_code == 0, result.stderr


def _label(value: str) -> str:
    """A code name for a table value: ``1`` -> ``v1``, ``Yes`` -> ``yes``."""
    return ("v" + value if value[:1].isdigit() else value).lower()


def _write(
    project: Project, values: list[str], *, parent: str = "valor", lines: bool = False
) -> None:
    children = "".join(
        f"      - name: '{_label(v)}'\n        label: Valor {v}\n        description: Unidades con {v}.\n"
        for v in values
    )
    atomic.write_text(
        project.codebooks_dir / "tabla.yaml",
        "codes:\n"
        f"  - name: {parent}\n    label: Valor\n    description: El valor que dio cada codificador.\n"
        f"    children:\n{children}"
        "  - name: otro\n    label: Otro\n    description: Un código que nadie usa.\n",
    )


def _document(project: Project, units: int, *, lines: bool) -> None:
    sep = "\n" if lines else "\n\n"
    body = sep.join(
        f"Señora Peñaloza {i}: “la feria” de Ñuñoa, año {2000 + i}, ¿confianza?"
        for i in range(1, units + 1)
    )
    project.save_document(
        Document(
            id=DOC,
            kind="meeting",
            title="Tabla de unidades",
            body=body + "\n",
            date="2010-10-12",
            participants=("Clara",),
        )
    )


def code_table(
    run: Callable[..., object],
    project: Project,
    units: list[dict[str, str]],
    coders: list[str],
    *,
    parent: str = "valor",
    lines: bool = False,
    present: str | None = None,
) -> None:
    """Code one unit per paragraph (or line): each coder gives each unit its table value.

    With ``present``, only that value is coded (as the code ``valor/<present>``)
    and every other value is the code's absence (presence/absence data).
    """
    values = sorted({u[c] for u in units for c in coders if u[c]})
    _write(project, values, parent=parent)
    _document(project, len(units), lines=lines)
    selector = "--lines" if lines else "--para"
    for coder in coders:
        fast_run("coders", "add", coder, "-p", project.root)
        by_value: dict[str, list[str]] = defaultdict(list)
        for number, unit in enumerate(units, 1):
            value = unit[coder]
            if value and (present is None or value == present):
                by_value[value].append(str(number))
        for value, numbers in sorted(by_value.items()):
            fast_run(
                "code", DOC, f"{parent}/{_label(value)}", selector, ",".join(numbers),
                "--coder", coder, "-p", project.root,
            )  # fmt: skip


def read_wide(name: str) -> tuple[list[dict[str, str]], list[str]]:
    with real_input("agreement", name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    coders = [c for c in rows[0] if c not in ("unit", "item")]
    return rows, coders


def agreement_json(run: Callable[..., object], project: Project, *args: str) -> list[dict]:
    result = run("agreement", "-p", project.root, "-f", "json", *args)
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def coder_names(coders: list[str]) -> list[str]:
    """Coder folder names for table columns (``coder1`` stays, ``A`` becomes ``a``)."""
    return [c.lower() for c in coders]


def lowered(units: list[dict[str, str]], coders: list[str]) -> list[dict[str, str]]:
    return [{c.lower(): u[c] for c in coders} for u in units]


def test_krippendorff_2011_four_coders_with_missing_data(run, project):
    units, coders = read_wide("krippendorff2011_4coders_12units.csv")
    names = coder_names(coders)
    code_table(run, project, lowered(units, coders), names)
    (row,) = agreement_json(run, project, "--coders", ",".join(names), "--categorical", "valor")
    assert row["alpha"] == pytest.approx(0.743, abs=0.0005)
    assert row["alpha_units"] == 11  # unit 12 has one value only: not pairable
    assert row["units"] == 8  # units with a value from every coder
    assert row["kappa"] is None  # Cohen's is for two coders
    assert row["fleiss_kappa"] is not None
    assert row["coders"] == ["a", "b", "c", "d"]


def test_krippendorff_wikipedia_three_coders(run, project):
    units, coders = read_wide("krippendorff_wikipedia_3coders_15units.csv")
    names = coder_names(coders)
    code_table(run, project, lowered(units, coders), names, lines=True)
    (row,) = agreement_json(
        run, project, "-c", ",".join(names), "--categorical", "valor", "--unit", "line"
    )
    assert row["alpha"] == pytest.approx(0.691, abs=0.0005)
    assert row["alpha"] == pytest.approx(0.691358, abs=0.00005)
    assert row["alpha_units"] == 12  # units 1, 2 and 14 have fewer than two values


def test_krippendorff_2011_binary_two_coders_as_presence_of_a_code(run, project):
    units, coders = read_wide("krippendorff2011_binary_2coders_10units.csv")
    names = coder_names(coders)
    code_table(run, project, lowered(units, coders), names, present="1")
    (row,) = agreement_json(run, project, "-c", "a,b", "--code", "valor/v1")
    assert row["alpha"] == pytest.approx(0.095, abs=0.0005)
    assert row["alpha"] == pytest.approx(0.0952, abs=0.00005)
    assert row["units"] == 10
    # The same table as one categorical variable (0 and 1 both coded) gives the same alpha.
    other = Project.init(project.root.parent / "second", name="second")
    code_table(run, other, lowered(units, coders), names)
    (cat,) = agreement_json(run, other, "-c", "a,b", "--categorical", "valor")
    assert cat["alpha"] == row["alpha"]
    assert cat["kappa"] == row["kappa"]


def test_krippendorff_2011_nominal_two_coders(run, project):
    units, coders = read_wide("krippendorff2011_nominal_2coders_12units.csv")
    names = coder_names(coders)
    code_table(run, project, lowered(units, coders), names)
    (row,) = agreement_json(run, project, "-c", "a,b", "--categorical", "valor")
    assert row["alpha"] == pytest.approx(0.692, abs=0.0005)
    assert row["units"] == 12


@pytest.mark.parametrize(
    ("name", "present", "kappa", "observed"),
    [
        ("cohen_wikipedia_grant_proposals_50items.csv", "Yes", 0.40, 70.0),
        ("cohen_wikipedia_same_po_table1_100items.csv", "Yes", 0.1304, 60.0),
        ("cohen_wikipedia_same_po_table2_100items.csv", "Yes", 0.2593, 60.0),
        ("cohen_artstein_poesio_2x2_100items.csv", "1", 0.348, None),
    ],
)
def test_cohen_kappa_two_by_two_tables_coded_by_lines(run, project, name, present, kappa, observed):
    units, coders = read_wide(name)
    code_table(run, project, units, coders, lines=True, present=present)
    code = f"valor/{_label(present)}"
    (row,) = agreement_json(run, project, "-c", "coder1,coder2", "--code", code, "-u", "line")
    assert row["kappa"] == pytest.approx(kappa, abs=0.0005)
    assert row["units"] == len(units)
    if observed is not None:
        assert row["percent_agreement"] == observed
    # Coding both values as one categorical variable gives the same kappa.
    other = Project.init(project.root.parent / "second", name="second")
    code_table(run, other, units, coders, lines=True)
    (cat,) = agreement_json(
        run, other, "-c", "coder1,coder2", "--categorical", "valor", "-u", "line"
    )
    assert cat["kappa"] == row["kappa"]


@pytest.mark.parametrize(
    ("name", "kappa"),
    [
        ("cohen_artstein_poesio_3class_100items.csv", 0.8013),
        ("cohen_weighted_3class_100items.csv", 0.9315),  # the unweighted kappa
    ],
)
def test_cohen_kappa_three_categories(run, project, name, kappa):
    units, coders = read_wide(name)
    code_table(run, project, units, coders, lines=True)
    (row,) = agreement_json(
        run, project, "-c", "coder1,coder2", "--categorical", "valor", "-u", "line"
    )
    assert row["kappa"] == pytest.approx(kappa, abs=0.00005)


def test_kappa_is_the_same_in_either_coder_order(run, project):
    units, coders = read_wide("cohen_artstein_poesio_3class_100items.csv")
    code_table(run, project, units, coders, lines=True)
    args = ("--categorical", "valor", "-u", "line")
    (ab,) = agreement_json(run, project, "-c", "coder1,coder2", *args)
    (ba,) = agreement_json(run, project, "-c", "coder2,coder1", *args)
    assert ab["kappa"] == ba["kappa"] and ab["alpha"] == ba["alpha"]
    assert ba["coders"] == ["coder2", "coder1"]


def test_fleiss_wikipedia_fourteen_raters(run, project):
    path = real_input("agreement", "fleiss_wikipedia_14raters_10subjects_counts.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        counts = list(csv.DictReader(handle))
    coders = [f"r{i:02d}" for i in range(1, 15)]
    # Rater i gives subject s the category at position i of the subject's counts laid out in order.
    units = []
    for row in counts:
        given = [
            cat[-1]
            for cat in ("cat1", "cat2", "cat3", "cat4", "cat5")
            for _ in range(int(row[cat]))
        ]
        assert len(given) == 14
        units.append(dict(zip(coders, given, strict=True)))
    code_table(run, project, units, coders)
    (row,) = agreement_json(run, project, "-c", ",".join(coders), "--categorical", "valor")
    assert row["fleiss_kappa"] == pytest.approx(0.210, abs=0.0005)
    assert row["units"] == 10
    assert row["kappa"] is None


def test_a_label_no_coder_uses_changes_nothing(run, project):
    units, coders = read_wide("krippendorff2011_nominal_2coders_12units.csv")
    names = coder_names(coders)
    code_table(run, project, lowered(units, coders), names)
    (before,) = agreement_json(run, project, "-c", "a,b", "--categorical", "valor")
    # Add a child nobody used: the categorical variable gains a label, nothing else changes.
    path = project.codebooks_dir / "tabla.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - name: otro\n",
        "      - name: zzz\n        label: Nadie\n        description: Nadie lo usa.\n  - name: otro\n",
    )
    atomic.write_text(path, text)
    (after,) = agreement_json(run, project, "-c", "a,b", "--categorical", "valor")
    assert after == before
