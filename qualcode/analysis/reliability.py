"""Intercoder reliability coefficients on reliability data, in exact arithmetic.

*Reliability data* is a list of units; each unit is a sequence with one value
per coder, in a fixed coder order, ``None`` where that coder gave no value
(missing). Values are any hashable labels. Every function also accepts a
mapping ``unit pattern -> number of units with that pattern`` (a
:class:`collections.Counter` of tuples), which is how
:mod:`qualcode.analysis.agreement` passes thousands of identical
presence/absence units at once.

The coefficients are computed with :class:`fractions.Fraction`, so a result
does not depend on the order of units or coders, and the same data always
gives the same bytes. A coefficient that is undefined (a zero denominator)
is returned with ``value`` None and the reason in words, never as NaN:

* percent agreement: no unit with a value from every coder;
* Cohen's kappa: fewer than one such unit, or expected agreement 1 (both
  coders gave one and the same value to every unit);
* Fleiss' kappa: likewise, with expected agreement 1 when every value given
  is the same;
* Krippendorff's alpha: no unit with two or more values, or no variation
  among the pairable values (expected disagreement 0).

A label that no coder uses changes none of them (it adds nothing to any
marginal); a unit with fewer than two values drops out of alpha.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Value = Hashable | None
"""One coder's value for one unit; None is missing."""

Pattern = tuple[Value, ...]
"""One unit's values, one per coder."""

DECIMALS = 4
"""Decimals of :attr:`Coefficient.value` (the exact value is kept in ``exact``)."""


@dataclass(frozen=True)
class Coefficient:
    """One reliability coefficient, or why it is undefined.

    Attributes:
        name: ``percent agreement``, ``Cohen's kappa``, ``Fleiss' kappa`` or
            ``Krippendorff's alpha``.
        exact: The exact value, or None when undefined.
        units: Units that entered the computation.
        observed: Observed agreement (kappas, percent agreement as a
            proportion 0-1) or observed disagreement (alpha); None when undefined.
        expected: Expected agreement (kappas) or expected disagreement
            (alpha); None for percent agreement or when undefined.
        reason: Why the coefficient is undefined, in words; None when defined.
    """

    name: str
    exact: Fraction | None
    units: int
    observed: Fraction | None = None
    expected: Fraction | None = None
    reason: str | None = None

    @property
    def value(self) -> float | None:
        """The value rounded to :data:`DECIMALS` decimals (None when undefined)."""
        return None if self.exact is None else round(float(self.exact), DECIMALS)

    @property
    def defined(self) -> bool:
        """Whether the coefficient has a value."""
        return self.exact is not None


def patterns(data: Iterable[Sequence[Value]] | Mapping[Pattern, int]) -> Counter[Pattern]:
    """Return reliability data as ``pattern -> count`` (a mapping is copied as is).

    Args:
        data: Units as sequences of values (one per coder, None for missing),
            or already a mapping of patterns to counts.

    Raises:
        ValueError: units of different lengths (a coder missing from the
            data must be None, not left out), or a negative count.
    """
    if isinstance(data, Mapping):
        counted: Counter[Pattern] = Counter()
        for key, count in data.items():
            if count < 0:
                raise ValueError("a pattern count cannot be negative")
            if count:
                counted[tuple(key)] += count
    else:
        counted = Counter(tuple(unit) for unit in data)
    if len({len(key) for key in counted}) > 1:
        raise ValueError("every unit needs one value (or None) per coder")
    return counted


def _complete(data: Counter[Pattern]) -> Counter[Pattern]:
    return Counter({key: n for key, n in data.items() if None not in key})


def percent_agreement(data: Iterable[Sequence[Value]] | Mapping[Pattern, int]) -> Coefficient:
    """Return the share of units on which every coder gave the same value.

    Only units with a value from every coder count. ``exact`` and
    ``observed`` are proportions (0-1); multiply by 100 for a percentage.

    Args:
        data: Reliability data (see the module docstring).
    """
    units = _complete(patterns(data))
    total = sum(units.values())
    name = "percent agreement"
    if not total:
        return Coefficient(name, None, 0, reason="no unit has a value from every coder")
    agreed = sum(n for key, n in units.items() if len(set(key)) == 1)
    share = Fraction(agreed, total)
    return Coefficient(name, share, total, observed=share)


def cohen_kappa(data: Iterable[Sequence[Value]] | Mapping[Pattern, int]) -> Coefficient:
    """Return Cohen's kappa for two coders over the units both gave a value.

    Formula (Cohen, J. 1960, "A coefficient of agreement for nominal
    scales", Educational and Psychological Measurement 20(1), 37-46):
    ``kappa = (p_o - p_e) / (1 - p_e)`` with ``p_o`` the share of units
    where the coders agree and ``p_e = sum_k p1(k) * p2(k)``, the chance
    agreement from each coder's own distribution of values.

    Args:
        data: Reliability data with exactly two values per unit.

    Returns:
        The coefficient; undefined (``reason`` set) with no complete unit, or
        when ``p_e`` is 1 (both coders gave the same single value everywhere).

    Raises:
        ValueError: units without exactly two coders.
    """
    units = patterns(data)
    if units and len(next(iter(units))) != 2:
        raise ValueError("Cohen's kappa is for two coders")
    units = _complete(units)
    total = sum(units.values())
    name = "Cohen's kappa"
    if not total:
        return Coefficient(name, None, 0, reason="no unit was coded by both coders")
    first: Counter[Value] = Counter()
    second: Counter[Value] = Counter()
    agreed = 0
    for (a, b), n in units.items():
        first[a] += n
        second[b] += n
        if a == b:
            agreed += n
    p_o = Fraction(agreed, total)
    p_e = sum((Fraction(first[k] * second[k], total * total) for k in first), Fraction(0))
    if p_e == 1:
        return Coefficient(
            name,
            None,
            total,
            observed=p_o,
            expected=p_e,
            reason="both coders gave the same single value to every unit (expected agreement 1)",
        )
    return Coefficient(name, (p_o - p_e) / (1 - p_e), total, observed=p_o, expected=p_e)


def fleiss_kappa(data: Iterable[Sequence[Value]] | Mapping[Pattern, int]) -> Coefficient:
    """Return Fleiss' kappa over the units with a value from every coder.

    Formula (Fleiss, J. L. 1971, "Measuring nominal scale agreement among
    many raters", Psychological Bulletin 76(5), 378-382): with ``N`` units,
    ``n`` coders and ``n_ij`` coders giving unit ``i`` value ``j``,
    ``P_i = (sum_j n_ij^2 - n) / (n (n - 1))``, ``P = mean P_i``,
    ``p_j = sum_i n_ij / (N n)``, ``P_e = sum_j p_j^2`` and
    ``kappa = (P - P_e) / (1 - P_e)``. With two coders it equals Scott's pi.

    Args:
        data: Reliability data, two or more values per unit.

    Returns:
        The coefficient; undefined with no complete unit, fewer than two
        coders, or ``P_e`` 1 (every value given is the same).
    """
    units = _complete(patterns(data))
    total = sum(units.values())
    name = "Fleiss' kappa"
    raters = len(next(iter(units))) if units else 0
    if not total:
        return Coefficient(name, None, 0, reason="no unit has a value from every coder")
    if raters < 2:
        return Coefficient(name, None, total, reason="needs two or more coders")
    grouped: Counter[tuple[tuple[Hashable, int], ...]] = Counter()
    for key, n in units.items():  # who gave what does not matter, only how many gave it
        grouped[tuple(sorted(Counter(key).items(), key=lambda kv: repr(kv[0])))] += n
    return fleiss_kappa_counts(grouped)


def fleiss_kappa_counts(
    counts: Iterable[Mapping[Hashable, int]] | Mapping[tuple[tuple[Hashable, int], ...], int],
) -> Coefficient:
    """Return Fleiss' kappa from per-unit category counts (Fleiss 1971's own layout).

    Args:
        counts: One mapping ``category -> number of coders who chose it`` per
            unit (every unit with the same total, the number of coders), or a
            mapping of such count tuples ``((category, n), ...)`` to how many
            units have them.

    Returns:
        The coefficient (see :func:`fleiss_kappa` for the formula).

    Raises:
        ValueError: units with different numbers of coders.
    """
    if isinstance(counts, Mapping):
        units = [(dict(key), n) for key, n in counts.items() if n]
    else:
        units = [(dict(c), 1) for c in counts]
    name = "Fleiss' kappa"
    total = sum(n for _, n in units)
    if not total:
        return Coefficient(name, None, 0, reason="no unit has a value from every coder")
    raters = {sum(c.values()) for c, _ in units}
    if len(raters) != 1:
        raise ValueError("every unit needs the same number of coders for Fleiss' kappa")
    n = raters.pop()
    if n < 2:
        return Coefficient(name, None, total, reason="needs two or more coders")
    agreement = Fraction(0)
    margins: Counter[Hashable] = Counter()
    for c, weight in units:
        agreement += weight * Fraction(sum(v * v for v in c.values()) - n, n * (n - 1))
        for category, v in c.items():
            margins[category] += weight * v
    p_bar = agreement / total
    p_e = sum((Fraction(v, total * n) ** 2 for v in margins.values()), Fraction(0))
    if p_e == 1:
        return Coefficient(
            name,
            None,
            total,
            observed=p_bar,
            expected=p_e,
            reason="every coder gave the same single value to every unit (expected agreement 1)",
        )
    return Coefficient(name, (p_bar - p_e) / (1 - p_e), total, observed=p_bar, expected=p_e)


def krippendorff_alpha(data: Iterable[Sequence[Value]] | Mapping[Pattern, int]) -> Coefficient:
    """Return Krippendorff's alpha for nominal data, any number of coders, missing values allowed.

    Formula (Krippendorff, K. 2011, "Computing Krippendorff's
    alpha-reliability", Annenberg School for Communication, University of
    Pennsylvania): from the coincidence matrix ``o_ck = sum_u (pairs of
    values c, k in unit u) / (m_u - 1)`` over the units with ``m_u >= 2``
    values, ``n_c = sum_k o_ck`` and ``n = sum_c n_c``, nominal
    ``alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k``.
    A unit with fewer than two values is not pairable and drops out.

    Args:
        data: Reliability data (see the module docstring).

    Returns:
        The coefficient, ``observed`` and ``expected`` being the
        disagreements ``D_o`` and ``D_e``; undefined when no unit has two
        values, or every pairable value is the same (``D_e`` 0).
    """
    units = patterns(data)
    name = "Krippendorff's alpha"
    pairable = 0
    n_c: Counter[Value] = Counter()
    disagreeing = Fraction(0)  # sum over c != k of o_ck
    for key, weight in units.items():
        values = Counter(v for v in key if v is not None)
        m = sum(values.values())
        if m < 2:
            continue
        pairable += weight
        n_c.update({v: weight * c for v, c in values.items()})
        unequal_pairs = m * m - sum(c * c for c in values.values())
        disagreeing += Fraction(weight * unequal_pairs, m - 1)
    if not pairable:
        return Coefficient(
            name, None, 0, reason="no unit has values from two or more coders (nothing to pair)"
        )
    n = sum(n_c.values())
    expected_pairs = n * n - sum(v * v for v in n_c.values())  # sum over c != k of n_c n_k
    d_o = disagreeing / n
    if expected_pairs == 0:
        return Coefficient(
            name,
            None,
            pairable,
            observed=d_o,
            expected=Fraction(0),
            reason="every pairable value is the same (no variation, expected disagreement 0)",
        )
    d_e = Fraction(expected_pairs, n * (n - 1))
    return Coefficient(name, 1 - d_o / d_e, pairable, observed=d_o, expected=d_e)


__all__ = [
    "DECIMALS",
    "Coefficient",
    "Pattern",
    "Value",
    "cohen_kappa",
    "fleiss_kappa",
    "fleiss_kappa_counts",
    "krippendorff_alpha",
    "patterns",
    "percent_agreement",
]
