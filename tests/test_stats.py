"""The statistics behind the rules: median and Mann–Kendall, with scipy as the oracle."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spasmlog.analysis.stats import mann_kendall, median, whole_if_integral


def scipy_p(counts):
    from scipy.stats import kendalltau

    x = list(range(len(counts)))
    return kendalltau(x, counts, alternative="greater", method="asymptotic").pvalue


def test_median_odd_even_and_empty():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5  # the mean of the two middle values
    assert median([7]) == 7
    assert median([]) is None


def test_whole_if_integral():
    assert whole_if_integral(90.0) == 90 and isinstance(whole_if_integral(90.0), int)
    assert whole_if_integral(90.5) == 90.5
    assert whole_if_integral(None) is None


@pytest.mark.parametrize("seed", range(40))
def test_mann_kendall_matches_scipy_on_random_daily_counts(seed):
    rng = random.Random(seed)
    n = rng.randint(3, 80)
    rise = rng.choice([0, 0.02, 0.05])
    counts = [max(0, round(rng.gauss(0.5 + rise * i, 1.0))) for i in range(n)]
    if len(set(counts)) == 1:
        counts[-1] += 1
    assert mann_kendall(counts).p_greater == pytest.approx(scipy_p(counts), abs=1e-9)


@pytest.mark.parametrize(
    "counts",
    [
        [0] * 30 + [1] * 26,  # two tie groups, a step up
        [1, 0] * 28,  # alternating, no trend
        [0, 0, 0, 1, 0, 2, 0, 0, 3, 1, 0, 2, 4, 0, 3, 5],
        [5, 4, 3, 2, 1, 0],  # falling: p close to 1
        [0] * 55 + [1],
    ],
)
def test_mann_kendall_matches_scipy_on_tied_data(counts):
    result = mann_kendall(counts)
    assert result.p_greater == pytest.approx(scipy_p(counts), abs=1e-9)


@settings(max_examples=200, deadline=None)
# scipy itself divides by zero for n = 2, so the oracle starts at 3 values.
@given(st.lists(st.integers(min_value=0, max_value=6), min_size=3, max_size=60))
def test_mann_kendall_matches_scipy_for_any_counts(counts):
    if len(set(counts)) == 1:
        assert mann_kendall(counts).p_greater == 1.0  # no variation: no trend (scipy gives nan)
        return
    assert mann_kendall(counts).p_greater == pytest.approx(scipy_p(counts), abs=1e-9)


def test_mann_kendall_s_is_concordant_minus_discordant():
    result = mann_kendall([1, 3, 2])
    # pairs (0,1) +1, (0,2) +1, (1,2) -1
    assert result.s == 1


def test_mann_kendall_degenerate_inputs_have_no_trend():
    assert mann_kendall([]).p_greater == 1.0
    assert mann_kendall([4]).p_greater == 1.0
    assert mann_kendall([2, 2, 2]).p_greater == 1.0
