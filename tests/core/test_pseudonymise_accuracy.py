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


def test_set_a_figures_hold(capsys):
    """Set A (written by a fresh evaluator, the development set of issue 11) keeps its figures."""
    bench = load_benchmark()
    figures = bench.score_set(ROOT / "benchmarks" / "data" / "pseudonymisation" / "set-a")
    capsys.readouterr()
    assert figures["recall"] >= 0.99
    assert figures["precision"] >= 0.97
    assert min(figures["categories"].values()) >= 0.95


def test_set_b_figures_hold(capsys):
    """Set B (held out in round 1 of issue 11, a development set in round 2) keeps its figures."""
    bench = load_benchmark()
    figures = bench.score_set(ROOT / "benchmarks" / "data" / "pseudonymisation" / "set-b")
    capsys.readouterr()
    assert figures["recall"] >= 0.99
    assert figures["precision"] >= 0.97
    assert min(figures["categories"].values()) >= 0.95


def test_sets_a_to_d_together_meet_the_targets(capsys):
    """Sets C and D (held out in round 2, development sets in round 3) with A and B.

    Together: recall >= 99 %, precision >= 97 %, every category >= 95 %. Each of
    C and D alone keeps recall >= 98.5 % and precision >= 97 %.
    """
    bench = load_benchmark()
    results = [bench.score_set(folder) for folder in bench.DEV_SETS]
    capsys.readouterr()
    for result in results[2:]:
        assert result["recall"] >= 0.985
        assert result["precision"] >= 0.97
    per: dict[str, int] = {}
    caught: dict[str, int] = {}
    right = total = 0
    for result in results:
        n, c, r, t = result["counts"]
        for category in n:
            per[category] = per.get(category, 0) + n[category]
            caught[category] = caught.get(category, 0) + c.get(category, 0)
        right += r
        total += t
    assert sum(caught.values()) / sum(per.values()) >= 0.99
    assert right / total >= 0.97
    assert min(caught[c] / per[c] for c in per) >= 0.95


def test_scoring_rules_of_the_set_format():
    bench = load_benchmark()
    text, mentions, traps = bench.parse_passage(
        "Con ⟦Lucho|nickname⟧ en ⟪Temuco|place⟫: ⟦#FuerzaLucho|glued⟧ y don ⟦Héctor|given-name⟧."
    )
    assert text == "Con Lucho en Temuco: #FuerzaLucho y don Héctor."
    assert [text[s:e] for s, e, _ in mentions] == ["Lucho", "#FuerzaLucho", "Héctor"]

    class Rep:
        def __init__(self, start, end):
            self.start, self.end = start, end

    glued_start = text.index("#")
    words = {"lucho", "hector"}
    # the name inside a glued token is enough; a plain mention must be covered whole
    inner = Rep(text.index("Lucho", glued_start), glued_start + len("#FuerzaLucho"))
    assert bench.caught(text, *mentions[1][:2], "glued", [inner], words)
    assert not bench.caught(text, 4, 9, "nickname", [Rep(4, 7)], words)
    # a title replaced with the name, or a trap, is a wrong replacement
    don = text.index("don")
    assert bench.wrong_reason(text, Rep(don, don + 10), mentions, traps).startswith("unmarked")
    assert bench.wrong_reason(text, Rep(13, 19), mentions, traps).startswith("trap place")
    assert bench.wrong_reason(text, Rep(4, 9), mentions, traps) == ""
