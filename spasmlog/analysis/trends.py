"""Weekly trends (docs/cli.md, "trends"): ISO weeks in local time.

Only the requested weeks are read, through the started_at index, in one query that
yields plain tuples (local seconds and the few fields needed), folded into per-week
tallies as they stream: no Episode objects, no list of the diary in memory. (A version
with GROUP BY queries took 4× longer: each re-scanned the range and re-evaluated the
local-time expressions, and the median needed a window-function sort.)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..domain import MUSCLE_GROUPS, SIDES
from ..storage import repo
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
    tracked_days: int = 0  # days of this week from the diary start to the as-of day
    checkins: int = 0
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
            "tracked_days": self.tracked_days,
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
            "checkins": self.checkins,
        }

    @property
    def before_diary(self) -> bool:
        """No day of this week is tracked: shown as "before the diary", never as 0 cramps."""
        return self.tracked_days == 0


@dataclass(frozen=True, slots=True)
class Trends:
    as_of: date
    weeks: list[Week]  # oldest first
    diary_start: date | None = None

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "diary_start": self.diary_start.isoformat() if self.diary_start else None,
            "weeks": [w.to_dict() for w in self.weeks],
        }

    @property
    def tracked_days(self) -> int:
        return sum(w.tracked_days for w in self.weeks)


def weekly_trends(session, *, as_of: date, weeks: int = DEFAULT_WEEKS) -> Trends:
    """The ``weeks`` ISO weeks ending with the one holding ``as_of``, oldest first.

    Weeks without an episode are included with zero counts; each week says how many of its
    days are tracked (from the diary start, the earliest episode or check-in, to
    ``as_of``), and a week with none is before the diary. A diary with no record on or
    before ``as_of`` has no weeks at all (an empty list), and episodes after ``as_of`` are
    ignored, also within its own week.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    start = repo.diary_start(session=session, as_of=as_of)
    if start is None:
        return Trends(as_of=as_of, weeks=[])
    first = week_start(as_of) - timedelta(weeks=weeks - 1)
    # The index narrows the rows by UTC (with a day of slack); the exact local-day bounds
    # are then checked on the integer local time, cheaper than a date() in SQL per row.
    lo_s, hi_s = _local_seconds(first), _local_seconds(as_of + timedelta(days=1))
    tallies: dict[int, _Tally] = {}
    for row in repo.iter_trend_rows(session=session, first=first, last=as_of):
        local_s = row[0]
        if not lo_s <= local_s < hi_s:
            continue
        day = local_s // _DAY_S
        monday = day - (day + 3) % 7  # epoch day 0 (1 January 1970) was a Thursday
        tally = tallies.get(monday)
        if tally is None:
            tally = tallies[monday] = _Tally()
        tally.add(day, local_s - day * _DAY_S, row)
    checkins: dict[date, int] = {}
    for c in repo.list_checkins(session=session, since=first, until=as_of):
        monday = week_start(c.day)
        checkins[monday] = checkins.get(monday, 0) + 1
    out = []
    for i in range(weeks):
        monday = first + timedelta(weeks=i)
        tracked_from, tracked_to = max(monday, start), min(monday + timedelta(days=6), as_of)
        tally = tallies.get((monday - _EPOCH).days)
        week = tally.week(monday) if tally else Week(week=iso_week_label(monday), start=monday)
        out.append(
            replace(
                week,
                tracked_days=max(0, (tracked_to - tracked_from).days + 1),
                checkins=checkins.get(monday, 0),
            )
        )
    return Trends(as_of=as_of, weeks=out, diary_start=start)


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
        _s, pain, duration, muscle, side, low, vigorous = row  # repo.TREND_COLUMNS
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
            # a tallied week holds at least one episode, so its median exists
            median_duration_s=whole_if_integral(float(median(self.durations) or 0)),
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
