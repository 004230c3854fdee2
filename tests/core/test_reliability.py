"""The reliability coefficients: published values, invariants, undefined cases, an independent check."""

from __future__ import annotations

import csv
import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.analysis.reliability import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_counts,
    krippendorff_alpha,
    patterns,
    percent_agreement,
)
from tests.conftest import real_input


def wide(name: str) -> list[list[str | None]]:
    with real_input("agreement", name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return [[cell or None for cell in row[1:]] for row in rows]


def test_published_values_directly():
    assert krippendorff_alpha(wide("krippendorff2011_4coders_12units.csv")).exact == Fraction(
        113, 152
    )  # 0.7434...
    assert krippendorff_alpha(wide("krippendorff_wikipedia_3coders_15units.csv")).value == (
        pytest.approx(0.691358, abs=5e-5)
    )
    assert krippendorff_alpha(wide("krippendorff2011_binary_2coders_10units.csv")).value == (
        pytest.approx(0.0952, abs=5e-5)
    )
    assert krippendorff_alpha(wide("krippendorff2011_nominal_2coders_12units.csv")).value == (
        pytest.approx(0.6920, abs=5e-5)
    )
    grant = cohen_kappa(wide("cohen_wikipedia_grant_proposals_50items.csv"))
    assert (grant.exact, grant.observed, grant.expected) == (
        Fraction(2, 5),
        Fraction(7, 10),
        Fraction(1, 2),
    )
    assert cohen_kappa(wide("cohen_artstein_poesio_2x2_100items.csv")).value == pytest.approx(
        0.348, abs=5e-4
    )
    assert cohen_kappa(wide("cohen_artstein_poesio_3class_100items.csv")).value == 0.8013
    assert cohen_kappa(wide("cohen_wikipedia_same_po_table1_100items.csv")).value == 0.1304
    assert cohen_kappa(wide("cohen_wikipedia_same_po_table2_100items.csv")).value == 0.2593
    assert cohen_kappa(wide("cohen_weighted_3class_100items.csv")).value == 0.9315


def test_fleiss_wikipedia_counts_and_the_same_as_raters():
    with real_input("agreement", "fleiss_wikipedia_14raters_10subjects_counts.csv").open() as f:
        rows = list(csv.DictReader(f))
    counts = [{k: int(v) for k, v in row.items() if k != "subject"} for row in rows]
    result = fleiss_kappa_counts(counts)
    assert result.value == pytest.approx(0.210, abs=5e-4)
    assert float(result.observed) == pytest.approx(0.378, abs=5e-4)
    assert float(result.expected) == pytest.approx(0.213, abs=5e-4)
    raters = [[k for k, n in c.items() for _ in range(n)] for c in counts]
    assert fleiss_kappa(raters).exact == result.exact


def test_undefined_values_are_none_with_a_reason_never_nan():
    same = [["yes", "yes"]] * 5
    for result in (cohen_kappa(same), krippendorff_alpha(same), fleiss_kappa(same)):
        assert result.exact is None and result.value is None
        assert result.reason and "nan" not in result.reason.lower()
    assert percent_agreement(same).exact == 1
    nothing = [[None, "a"], [None, None]]
    assert cohen_kappa(nothing).reason == "no unit was coded by both coders"
    assert krippendorff_alpha(nothing).units == 0 and krippendorff_alpha(nothing).exact is None
    assert percent_agreement([]).exact is None
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa([["a", "b", "c"]])
    with pytest.raises(ValueError, match="one value"):
        patterns([["a", "b"], ["a"]])


def test_units_with_fewer_than_two_values_drop_out_of_alpha():
    data = [["a", "a"], ["a", "b"], ["b", "b"], ["b", None], [None, None]]
    assert krippendorff_alpha(data).exact == krippendorff_alpha(data[:3]).exact
    assert krippendorff_alpha(data).units == 3


def test_kappa_uses_the_units_both_coded_for_observed_and_expected_agreement():
    # dkpro-statistics #6: expected agreement over every unit, observed over the complete ones
    complete = [["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]]
    with_missing = [*complete, ["a", None], ["a", None], [None, "a"]]
    assert cohen_kappa(with_missing) == cohen_kappa(complete)
    assert cohen_kappa(with_missing).units == 4


def test_counted_patterns_give_the_same_as_the_units():
    data = [["a", "b"], ["a", "a"], ["a", "a"], ["b", "b"]]
    counted = {("a", "b"): 1, ("a", "a"): 2, ("b", "b"): 1}
    for statistic in (cohen_kappa, krippendorff_alpha, fleiss_kappa, percent_agreement):
        assert statistic(data) == statistic(counted)


labels = st.sampled_from(["sí", "no", "quizás", 3])
two_coder_units = st.lists(st.tuples(labels, labels), min_size=1, max_size=40)


@given(two_coder_units)
def test_kappa_and_alpha_are_symmetric_in_the_coders(units):
    swapped = [(b, a) for a, b in units]
    assert cohen_kappa(units).exact == cohen_kappa(swapped).exact
    assert krippendorff_alpha(units).exact == krippendorff_alpha(swapped).exact


@given(two_coder_units, st.randoms(use_true_random=False))
def test_unit_order_changes_nothing(units, rnd):
    shuffled = list(units)
    rnd.shuffle(shuffled)
    for statistic in (cohen_kappa, krippendorff_alpha, fleiss_kappa, percent_agreement):
        assert statistic(units) == statistic(shuffled)


@given(st.lists(labels, min_size=1, max_size=40), st.integers(2, 5))
def test_identical_coders_give_one_where_defined(values, coders):
    units = [[v] * coders for v in values]
    assert percent_agreement(units).exact == 1
    results = [krippendorff_alpha(units), fleiss_kappa(units)]
    if coders == 2:
        results.append(cohen_kappa(units))
    for result in results:
        if len(set(values)) > 1:
            assert result.exact == 1
        else:  # one value only: no variation, undefined rather than 1 or NaN
            assert result.exact is None and result.reason


@given(st.lists(st.lists(st.one_of(st.none(), labels), min_size=3, max_size=3), max_size=30))
def test_values_are_bounded_and_never_nan(units):
    for statistic in (krippendorff_alpha, fleiss_kappa, percent_agreement):
        result = statistic(units)
        if result.value is not None:
            assert not math.isnan(result.value)
            assert result.value <= 1
    if percent_agreement(units).value is not None:
        assert 0 <= percent_agreement(units).value <= 1


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5),
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=5, max_size=5),
        min_size=2,
        max_size=25,
    ),
)
def test_alpha_matches_the_krippendorff_package(coders, rows):
    krippendorff = pytest.importorskip("krippendorff")
    numpy = pytest.importorskip("numpy")
    units = [row[:coders] for row in rows]
    ours = krippendorff_alpha(units)
    matrix = numpy.array(
        [[numpy.nan if u[c] is None else u[c] for u in units] for c in range(coders)], dtype=float
    )
    values = {v for u in units for v in u if v is not None}
    if ours.exact is None or len(values) < 2:
        return  # the package answers NaN or raises here; qualcode says why instead
    theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert float(ours.exact) == pytest.approx(theirs, abs=1e-9)


def test_alpha_matches_the_package_on_a_large_random_table():
    krippendorff = pytest.importorskip("krippendorff")
    numpy = pytest.importorskip("numpy")
    rnd = random.Random(13)
    units = [[rnd.choice([None, "a", "b", "c"]) for _ in range(4)] for _ in range(500)]
    codes = {"a": 0, "b": 1, "c": 2}
    matrix = numpy.array(
        [[numpy.nan if u[c] is None else codes[u[c]] for u in units] for c in range(4)],
        dtype=float,
    )
    theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert float(krippendorff_alpha(units).exact) == pytest.approx(theirs, abs=1e-12)
