"""The few statistics the rules need, in plain Python (no scipy at run time).

docs/flags.md ("Escalation") explains the tests in words; tests/test_stats.py checks them
against scipy.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
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


def weighted_median(items: Sequence[tuple[float, int]]) -> float | None:
    """The median of a multiset given as (value, how many times) pairs; None if empty."""
    ordered = sorted((v, w) for v, w in items if w > 0)
    total = sum(w for _, w in ordered)
    if total == 0:
        return None
    lo_pos, hi_pos = (total - 1) // 2, total // 2  # 0-based positions of the middle value(s)
    lo = hi = None
    seen = 0
    for value, weight in ordered:
        if lo is None and seen + weight > lo_pos:
            lo = value
        if seen + weight > hi_pos:
            hi = value
            break
        seen += weight
    assert lo is not None and hi is not None
    return lo if lo == hi else (lo + hi) / 2


@dataclass(frozen=True, slots=True)
class MannWhitney:
    """Mann–Whitney comparison of a recent sample with an earlier one."""

    n1: int  # recent values
    n2: int  # earlier values
    s: int  # Σ over all (recent, earlier) pairs of sign(recent − earlier)
    variance: float  # of S under no difference, corrected for ties
    z: float  # S ÷ √variance, no continuity correction; 0 when the variance is 0


def _counts(values: Sequence[float] | Mapping[float, int]) -> Mapping[float, int]:
    return values if isinstance(values, Mapping) else Counter(values)


def mann_whitney(
    recent: Sequence[float] | Mapping[float, int],
    earlier: Sequence[float] | Mapping[float, int],
) -> MannWhitney:
    """S, its tie-corrected variance and z (samples as values or as value counts).

    Var = n₁n₂/3 · [(n + 1) − Σ(t³ − t) ÷ (n(n − 1))], t the size of each group of tied
    values in the pooled sample. One-sided p = 1 − Φ(z) is what
    ``scipy.stats.mannwhitneyu(recent, earlier, alternative="greater",
    method="asymptotic", use_continuity=False)`` gives.
    """
    a, b = _counts(recent), _counts(earlier)
    n1, n2 = sum(a.values()), sum(b.values())
    n = n1 + n2
    # S from the pooled values in order: each recent value against the earlier ones below
    # it and above it.
    below, above = 0, n2
    s = 0
    for value in sorted(set(a) | set(b)):
        tied = b.get(value, 0)
        above -= tied
        s += a.get(value, 0) * (below - above)
        below += tied
    pooled = Counter(a)
    pooled.update(b)
    ties = sum(t**3 - t for t in pooled.values())
    variance = n1 * n2 / 3 * ((n + 1) - ties / (n * (n - 1))) if n >= 2 else 0.0
    z = s / math.sqrt(variance) if variance > 1e-12 else 0.0
    return MannWhitney(n1, n2, s, max(variance, 0.0), z)


def pairwise_median(
    recent: Sequence[float] | Mapping[float, int],
    earlier: Sequence[float] | Mapping[float, int],
    pair: Callable[[float, float], float] = lambda x, y: x - y,
) -> float | None:
    """The median of ``pair(recent, earlier)`` over all (recent, earlier) pairs."""
    a, b = _counts(recent), _counts(earlier)
    return weighted_median([(pair(x, y), cx * cy) for x, cx in a.items() for y, cy in b.items()])


@dataclass(frozen=True, slots=True)
class RateRise:
    """Recent episode count R against baseline count B scaled by k (quasi-Poisson)."""

    r: int
    b: int
    k: float  # recent days ÷ baseline days
    phi: float  # dispersion (≥ 1)
    z: float


def dispersion(block_counts: Sequence[int]) -> float:
    """Variance (n − 1 denominator) ÷ mean of the counts; 1 with fewer than 2 blocks or a
    mean of 0; never below 1."""
    if len(block_counts) < 2:
        return 1.0
    mean = sum(block_counts) / len(block_counts)
    if mean <= 0:
        return 1.0
    var = sum((c - mean) ** 2 for c in block_counts) / (len(block_counts) - 1)
    return max(1.0, var / mean)


def rate_rise(r: int, b: int, k: float, phi: float) -> RateRise:
    """z = (R − k·B) ÷ √(φ · k · (R + B)); 0 when R + B = 0."""
    total = r + b
    z = (r - k * b) / math.sqrt(phi * k * total) if total > 0 and k > 0 else 0.0
    return RateRise(r, b, k, phi, z)


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
