"""The labelled accuracy set: recall 100%, precision at least 99% (benchmarks/pseudonymise.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from qualcode.pseudonymise.engine import Pseudonymiser
from qualcode.pseudonymise.key_file import load_key

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "pseudonymisation"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "pseudonymise.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_recall_and_precision():
    bench = load_benchmark()
    text, mentions, others = bench.parse_labelled((FIXTURES / "labelled.txt").read_text("utf-8"))
    assert len(mentions) >= 300 and len(others) >= 300
    result = Pseudonymiser(load_key(FIXTURES / "labelled-key.yaml")).pseudonymise(text)
    reps = result.replacements
    missed = [
        text[s:e] for s, e, _ in mentions if not any(r.start <= s and e <= r.end for r in reps)
    ]
    assert missed == []
    false = [
        r.original for r in reps if not any(r.start <= s and e <= r.end for s, e, _ in mentions)
    ]
    assert len(false) <= 0.01 * len(reps), false
    kinds = {r.kind for r in reps}
    assert kinds == {"exact", "alias", "fuzzy", "pattern"}
