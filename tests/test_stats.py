"""The statistics behind the rules: median, Mann–Whitney and the rate test, scipy as oracle."""

from __future__ import annotations

import math
import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spasmlog.analysis.stats import (
    dispersion,
    mann_whitney,
    median,
    pairwise_median,
    rate_rise,
    weighted_median,
    whole_if_integral,
)


def scipy_p(recent, earlier) -> float:
    from scipy.stats import mannwhitneyu

    return mannwhitneyu(
        recent, earlier, alternative="greater", method="asymptotic", use_continuity=False
    ).pvalue


def p_of(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))  # 1 − Φ(z)


def test_median_odd_even_and_empty():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5  # the mean of the two middle values
    assert median([7]) == 7
    assert median([]) is None


def test_whole_if_integral():
    assert whole_if_integral(90.0) == 90 and isinstance(whole_if_integral(90.0), int)
    assert whole_if_integral(90.5) == 90.5
    assert whole_if_integral(None) is None


def test_weighted_median_is_the_median_of_the_expanded_values():
    assert weighted_median([(1, 2), (5, 1)]) == 1
    assert weighted_median([(1, 2), (5, 2)]) == 3
    assert weighted_median([]) is None


@pytest.mark.parametrize("seed", range(40))
def test_mann_whitney_pain_matches_scipy(seed):
    rng = random.Random(seed)
    recent = [rng.randint(0, 10) for _ in range(rng.randint(2, 15))]
    earlier = [rng.randint(0, 10) for _ in range(rng.randint(3, 60))]
    test = mann_whitney(recent, earlier)
    if test.variance == 0:
        return
    assert p_of(test.z) == pytest.approx(scipy_p(recent, earlier), abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_mann_whitney_durations_match_scipy_and_the_pairwise_median(seed):
    rng = random.Random(seed)
    recent = [rng.choice([30, 45, 60, 90, 120, 300, 600]) for _ in range(rng.randint(2, 12))]
    earlier = [rng.choice([20, 30, 45, 60, 90]) for _ in range(rng.randint(3, 40))]
    test = mann_whitney(recent, earlier)
    assert p_of(test.z) == pytest.approx(scipy_p(recent, earlier), abs=1e-9)
    ratios = [a / b for a in recent for b in earlier]
    assert pairwise_median(recent, earlier, lambda a, b: a / b) == pytest.approx(
        statistics.median(ratios)
    )
    assert (test.n1, test.n2) == (len(recent), len(earlier))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 10), min_size=2, max_size=20),
    st.lists(st.integers(0, 10), min_size=3, max_size=40),
)
def test_mann_whitney_matches_scipy_for_any_pain(recent, earlier):
    test = mann_whitney(recent, earlier)
    s = sum((a > b) - (a < b) for a in recent for b in earlier)
    assert test.s == s
    diffs = [a - b for a in recent for b in earlier]
    assert pairwise_median(recent, earlier) == statistics.median(diffs)
    if test.variance > 0:
        assert p_of(test.z) == pytest.approx(scipy_p(recent, earlier), abs=1e-9)
    else:
        assert test.z == 0  # all values tied: no difference, never fires


def test_dispersion_rules():
    assert dispersion([]) == 1.0 and dispersion([4]) == 1.0  # fewer than 2 blocks
    assert dispersion([0, 0, 0]) == 1.0  # mean 0
    assert dispersion([2, 2, 2]) == 1.0  # never below 1
    assert dispersion([0, 4, 0, 4]) == pytest.approx(statistics.variance([0, 4, 0, 4]) / 2)


def test_rate_rise_z():
    t = rate_rise(9, 12, 21 / 84, 1.5)
    assert t.z == pytest.approx((9 - 3) / math.sqrt(1.5 * 0.25 * 21))
    assert rate_rise(0, 0, 1.0, 1.0).z == 0.0
