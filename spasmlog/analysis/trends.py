"""Weekly trends (SPEC §4.1): ISO weeks in local time, aggregated in SQL.

Only the requested weeks are read, through the started_at index; the figures come from
GROUP BY queries, so a 100,000-episode diary never passes through Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..domain import MUSCLE_GROUPS, SIDES
from ..storage.schema import LOCAL_START_SQL
from .days import NIGHT_END_HOUR, NIGHT_START_HOUR, iso_week_label, local_range_sql, week_start
from .stats import whole_if_integral

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
    where, params = local_range_sql(first, as_of)
    base = (
        f"WITH base AS (SELECT {LOCAL_START_SQL} AS ls, muscle_group, side, duration_s, pain, "
        f"hydration, exertion FROM episode WHERE {where}) "
    )
    main = {row[0]: row[1:] for row in conn.execute(base + _MAIN_SQL, params)}
    medians = dict(conn.execute(base + _MEDIAN_SQL, params).fetchall())
    muscles: dict[str, dict[str, int]] = {}
    sides: dict[str, dict[str, int]] = {}
    for wk, kind, value, n in conn.execute(base + _CATEGORY_SQL, params):
        (muscles if kind == "m" else sides).setdefault(wk, {})[value] = n
    out = []
    for i in range(weeks):
        monday = first + timedelta(weeks=i)
        key = monday.isoformat()
        out.append(_week(monday, main.get(key), medians.get(key), muscles.get(key, {}), sides.get(key, {})))
    return Trends(as_of=as_of, weeks=out)


def _has_diary(conn, as_of: date) -> bool:
    where, params = local_range_sql(None, as_of)
    return conn.execute(f"SELECT 1 FROM episode WHERE {where} LIMIT 1", params).fetchone() is not None


_WEEK_SQL = "date(ls, 'weekday 0', '-6 days')"  # the Monday on or before the local day
_NIGHT_SQL = f"(time(ls) >= '{NIGHT_START_HOUR:02d}:00:00' OR time(ls) < '{NIGHT_END_HOUR:02d}:00:00')"
_MAIN_SQL = f"""
SELECT {_WEEK_SQL} AS wk, count(*), count(DISTINCT date(ls)), avg(pain), max(pain),
       sum(duration_s),
       count(*) FILTER (WHERE hydration = 'low'),
       count(*) FILTER (WHERE exertion = 'vigorous'),
       count(*) FILTER (WHERE {_NIGHT_SQL})
FROM base GROUP BY wk
"""
# The median without fetching the rows: the one or two middle values of each week.
_MEDIAN_SQL = f"""
SELECT wk, avg(duration_s) FROM (
    SELECT {_WEEK_SQL} AS wk, duration_s,
           row_number() OVER (PARTITION BY {_WEEK_SQL} ORDER BY duration_s) AS rn,
           count(*) OVER (PARTITION BY {_WEEK_SQL}) AS n
    FROM base
) WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY wk
"""
_CATEGORY_SQL = f"""
SELECT {_WEEK_SQL} AS wk, 'm', muscle_group, count(*) FROM base GROUP BY wk, muscle_group
UNION ALL
SELECT {_WEEK_SQL} AS wk, 's', side, count(*) FROM base GROUP BY wk, side
"""


def _week(monday: date, row, median_s, muscles: dict, sides: dict) -> Week:
    label = iso_week_label(monday)
    if row is None:
        return Week(week=label, start=monday)
    count, days, mean_pain, max_pain, total_s, low, vigorous, night = row
    return Week(
        week=label,
        start=monday,
        count=count,
        days=days,
        mean_pain=float(mean_pain),
        max_pain=max_pain,
        median_duration_s=whole_if_integral(float(median_s)),
        total_duration_s=total_s,
        by_muscle=_ordered(muscles, MUSCLE_GROUPS),
        by_side=_ordered(sides, SIDES),
        low_hydration_share=low / count,
        vigorous_share=vigorous / count,
        night_share=night / count,
    )


def _ordered(counts: dict[str, int], vocabulary: tuple[str, ...]) -> dict[str, int]:
    """Counts in the vocabulary's order (unknown values, if any, last)."""
    known = {k: counts[k] for k in vocabulary if k in counts}
    return known | {k: v for k, v in sorted(counts.items()) if k not in known}
