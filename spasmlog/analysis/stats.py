"""The few statistics the rules need, in plain Python (no scipy at run time)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


def median(values: Sequence[float]) -> float | None:
    """The middle value; for an even count the mean of the two middle values. None if empty."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    mid = n // 2
    if n % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def whole_if_integral(x: float | None) -> float | int | None:
    """90.0 → 90, 90.5 → 90.5 (tidier JSON)."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


@dataclass(frozen=True, slots=True)
class MannKendall:
    s: int  # concordant minus discordant pairs
    variance: float  # of S under no trend, corrected for ties
    z: float
    p_greater: float  # one-sided p-value for an upward trend


def mann_kendall(counts: Sequence[float]) -> MannKendall:
    """Mann–Kendall trend test of ``counts`` against their index 0, 1, 2, ….

    S is the numerator of Kendall's tau between index and value; its variance is
    corrected for ties in the values (the index has none); the p-value is the one-sided
    normal approximation without continuity correction. This is exactly what
    ``scipy.stats.kendalltau(x, y, alternative="greater", method="asymptotic")`` computes.
    With fewer than 2 values, or all values equal, there is no trend: p = 1.
    """
    n = len(counts)
    s = sum(
        (counts[j] > counts[i]) - (counts[j] < counts[i])
        for i in range(n - 1)
        for j in range(i + 1, n)
    )
    ties = sum(t * (t - 1) * (2 * t + 5) for t in Counter(counts).values())
    variance = (n * (n - 1) * (2 * n + 5) - ties) / 18
    if n < 2 or variance <= 0:
        return MannKendall(s, 0.0, 0.0, 1.0)
    z = s / math.sqrt(variance)
    return MannKendall(s, variance, z, 0.5 * math.erfc(z / math.sqrt(2)))


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Fisher's exact test, two-sided, of the 2×2 table [[a, b], [c, d]].

    With the margins fixed, the top-left cell follows the hypergeometric distribution; the
    p-value is the total probability of every table no more likely than the one observed
    (the definition ``scipy.stats.fisher_exact`` uses, with its relative tolerance of
    1e-7 for ties). Computed in exact integers: the probabilities share the denominator
    C(N, a + b), so only their numerators C(K, k)·C(N − K, n − k) are compared and summed.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("a 2×2 table holds counts (≥ 0)")
    n, col, total = a + b, a + c, a + b + c + d
    if n == 0 or col == 0 or n == total or col == total:
        return 1.0  # a margin is empty: every table is the observed one
    weights = {
        k: math.comb(col, k) * math.comb(total - col, n - k)
        for k in range(max(0, n - (total - col)), min(n, col) + 1)
    }
    observed = weights[a]
    # term ≤ observed · (1 + 1e-7), in integers.
    tail = sum(w for w in weights.values() if w * 10_000_000 <= observed * 10_000_001)
    return min(1.0, tail / math.comb(total, n))


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment of ``p_values`` (same order back): the i-th smallest
    is multiplied by (m − i + 1), then made non-decreasing and capped at 1."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted
