"""Weekly trends (SPEC §4.1): ISO weeks in local time.

Only the requested weeks are read, through the started_at index, in one query that
yields plain tuples (local seconds and the few fields needed), folded into per-week
tallies as they stream: no Episode objects, no list of the diary in memory. (A version
with GROUP BY queries took 4× longer: each re-scanned the range and re-evaluated the
local-time expressions, and the median needed a window-function sort.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..domain import MUSCLE_GROUPS, SIDES
from ..storage.repo import local_range_sql, utc_prefilter_sql
from .days import (
    NIGHT_END_HOUR,
    NIGHT_START_HOUR,
    iso_week_label,
    week_start,
)
from .stats import median, whole_if_integral

DEFAULT_WEEKS = 12


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week (Monday–Sunday, local time). Shares are None when count == 0."""

    week: str
    start: date
    count: int = 0
    days: int = 0
    mean_pain: float | None = None
    max_pain: int | None = None
    median_duration_s: float | int | None = None
    total_duration_s: int = 0
    by_muscle: dict[str, int] = field(default_factory=dict)
    by_side: dict[str, int] = field(default_factory=dict)
    low_hydration_share: float | None = None
    vigorous_share: float | None = None
    night_share: float | None = None

    def to_dict(self) -> dict:
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "count": self.count,
            "days": self.days,
            "mean_pain": self.mean_pain,
            "max_pain": self.max_pain,
            "median_duration_s": self.median_duration_s,
            "total_duration_s": self.total_duration_s,
            "by_muscle": dict(self.by_muscle),
            "by_side": dict(self.by_side),
            "low_hydration_share": self.low_hydration_share,
            "vigorous_share": self.vigorous_share,
            "night_share": self.night_share,
        }


@dataclass(frozen=True, slots=True)
class Trends:
    as_of: date
    weeks: list[Week]  # oldest first

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "weeks": [w.to_dict() for w in self.weeks]}


def weekly_trends(session, *, as_of: date, weeks: int = DEFAULT_WEEKS) -> Trends:
    """The ``weeks`` ISO weeks ending with the one holding ``as_of``, oldest first.

    Weeks without an episode are included with zero counts. A diary with no episode on or
    before ``as_of`` has no weeks at all (an empty list), and episodes after ``as_of`` are
    ignored, also within its own week.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    conn = session.conn
    if not _has_diary(conn, as_of):
        return Trends(as_of=as_of, weeks=[])
    first = week_start(as_of) - timedelta(weeks=weeks - 1)
    # The index narrows the rows by UTC (with a day of slack); the exact local-day bounds
    # are then checked on the integer local time, cheaper than a date() in SQL per row.
    lo_s, hi_s = _local_seconds(first), _local_seconds(as_of + timedelta(days=1))
    where, params = utc_prefilter_sql(first, as_of)
    tallies: dict[int, _Tally] = {}
    for row in conn.execute(f"SELECT {_ROW_SQL} FROM episode WHERE {where}", params):
        local_s = row[0]
        if not lo_s <= local_s < hi_s:
            continue
        day = local_s // _DAY_S
        monday = day - (day + 3) % 7  # epoch day 0 (1 January 1970) was a Thursday
        tally = tallies.get(monday)
        if tally is None:
            tally = tallies[monday] = _Tally()
        tally.add(day, local_s - day * _DAY_S, row)
    out = []
    for i in range(weeks):
        monday = first + timedelta(weeks=i)
        tally = tallies.get((monday - _EPOCH).days)
        out.append(tally.week(monday) if tally else Week(week=iso_week_label(monday), start=monday))
    return Trends(as_of=as_of, weeks=out)


def _has_diary(conn, as_of: date) -> bool:
    where, params = local_range_sql(None, as_of)
    return (
        conn.execute(f"SELECT 1 FROM episode WHERE {where} LIMIT 1", params).fetchone() is not None
    )


# One plain tuple per episode: local wall-clock seconds since the epoch (at its own offset),
# then the fields the figures need. A single indexed range scan, no per-week rescans.
_ROW_SQL = (
    "CAST(strftime('%s', started_at) AS INTEGER) + 60 * utc_offset_min, "
    "pain, duration_s, muscle_group, side, hydration = 'low', exertion = 'vigorous'"
)
_DAY_S = 86_400
_EPOCH = date(1970, 1, 1)


def _local_seconds(day: date) -> int:
    """Wall-clock seconds since 1970-01-01 00:00 at the start of ``day``."""
    return (day - _EPOCH).days * _DAY_S


_NIGHT_START_S = NIGHT_START_HOUR * 3600
_NIGHT_END_S = NIGHT_END_HOUR * 3600


class _Tally:
    """Running figures of one week, fed one plain row at a time."""

    __slots__ = (
        "count",
        "days",
        "pain_sum",
        "pain_max",
        "durations",
        "low",
        "vigorous",
        "night",
        "muscles",
        "sides",
    )

    def __init__(self) -> None:
        self.count = self.pain_sum = self.low = self.vigorous = self.night = 0
        self.pain_max = -1
        self.days: set[int] = set()
        self.durations: list[int] = []
        self.muscles: dict[str, int] = {}
        self.sides: dict[str, int] = {}

    def add(self, day: int, second_of_day: int, row) -> None:
        _s, pain, duration, muscle, side, low, vigorous = row
        self.count += 1
        self.days.add(day)
        self.pain_sum += pain
        self.pain_max = max(self.pain_max, pain)
        self.durations.append(duration)
        self.low += bool(low)
        self.vigorous += bool(vigorous)
        self.night += second_of_day >= _NIGHT_START_S or second_of_day < _NIGHT_END_S
        self.muscles[muscle] = self.muscles.get(muscle, 0) + 1
        self.sides[side] = self.sides.get(side, 0) + 1

    def week(self, monday: date) -> Week:
        n = self.count
        return Week(
            week=iso_week_label(monday),
            start=monday,
            count=n,
            days=len(self.days),
            mean_pain=self.pain_sum / n,
            max_pain=self.pain_max,
            median_duration_s=whole_if_integral(float(median(self.durations))),
            total_duration_s=sum(self.durations),
            by_muscle=_ordered(self.muscles, MUSCLE_GROUPS),
            by_side=_ordered(self.sides, SIDES),
            low_hydration_share=self.low / n,
            vigorous_share=self.vigorous / n,
            night_share=self.night / n,
        )


def _ordered(counts: dict[str, int], vocabulary: tuple[str, ...]) -> dict[str, int]:
    """Counts in the vocabulary's order (unknown values, if any, last)."""
    known = {k: counts[k] for k in vocabulary if k in counts}
    return known | {k: v for k, v in sorted(counts.items()) if k not in known}
