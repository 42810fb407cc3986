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
