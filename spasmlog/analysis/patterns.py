"""Patterns from check-ins: which factors came with more cramp days (docs/analysis.md).

Over the diary days of the last 90 days (ending with the diary day before the as-of date)
whose check-in is complete, for each factor — hydration ``low``, exertion ``vigorous`` and
each tag — the days *with* it are compared with the days where it was recorded and
absent (for a tag: the complete check-ins without it). A factor is tested when both groups
hold at least 10 days; the outcome is a *cramp day* (at least one episode in that diary
day, 06:00 to 06:00 local). Fisher's exact test, two-sided, per factor; the p-values are
Holm-adjusted across the factors tested; adjusted p < 0.05 is a pattern. A pattern says
what came with cramps, never what caused them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..domain import diary_day
from ..storage import repo
from .stats import fisher_exact, holm

WINDOW_DAYS = 90
MIN_GROUP_DAYS = 10
ALPHA = 0.05


@dataclass(frozen=True, slots=True)
class Factor:
    factor: str  # "hydration:low", "exertion:vigorous" or "tag:<tag>"
    with_days: int
    with_cramp_days: int
    without_days: int
    without_cramp_days: int
    p_adjusted: float | None = None  # None: not tested (fewer than 10 days in a group)

    @property
    def tested(self) -> bool:
        return self.p_adjusted is not None

    @property
    def pattern(self) -> bool:
        return self.p_adjusted is not None and self.p_adjusted < ALPHA

    @property
    def ratio(self) -> float | None:
        """The share of cramp days with the factor over the share without (None if 0)."""
        if not self.with_days or not self.without_days or not self.without_cramp_days:
            return None
        return (self.with_cramp_days / self.with_days) / (
            self.without_cramp_days / self.without_days
        )

    def to_dict(self) -> dict:
        return {
            "factor": self.factor,
            "with_days": self.with_days,
            "with_cramp_days": self.with_cramp_days,
            "without_days": self.without_days,
            "without_cramp_days": self.without_cramp_days,
            "ratio": self.ratio,
            "p_adjusted": self.p_adjusted,
            "pattern": self.pattern,
        }


@dataclass(frozen=True, slots=True)
class Patterns:
    as_of: date
    days_checked: int  # complete check-ins in the window
    factors: list[Factor]
    first: date | None = None
    last: date | None = None

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "days_checked": self.days_checked,
            "factors": [f.to_dict() for f in self.factors],
        }


def window(as_of: date) -> tuple[date, date]:
    """The 90 diary days ending with the one before ``as_of``."""
    last = as_of - timedelta(days=1)
    return last - timedelta(days=WINDOW_DAYS - 1), last


def find_patterns(session, *, as_of: date) -> Patterns:
    first, last = window(as_of)
    checkins = [
        c for c in repo.list_checkins(session=session, since=first, until=last) if c.complete
    ]
    cramp_days = {
        diary_day(datetime.fromisoformat(local))
        for local in repo.iter_diary_day_rows(session=session, first=first, last=last)
    }
    return evaluate(checkins, cramp_days, as_of=as_of, first=first, last=last)


def evaluate(checkins, cramp_days: set[date], *, as_of: date, first=None, last=None) -> Patterns:
    """The patterns of complete ``checkins`` against the diary days with a cramp (pure)."""
    # factor, then per day with it recorded: (day, has it)
    groups: list[tuple[str, list[tuple[date, bool]]]] = []

    def split(name: str, days: list[tuple[date, bool]]) -> None:
        groups.append((name, days))

    split("hydration:low", [(c.day, c.hydration == "low") for c in checkins if c.hydration])
    split("exertion:vigorous", [(c.day, c.exertion == "vigorous") for c in checkins if c.exertion])
    for tag in sorted({t for c in checkins for t in c.tags}):
        split(f"tag:{tag}", [(c.day, tag in c.tags) for c in checkins])
    counted = []
    for name, days in groups:
        with_days = [day for day, has in days if has]
        without = [day for day, has in days if not has]
        counted.append(
            (
                name,
                len(with_days),
                sum(day in cramp_days for day in with_days),
                len(without),
                sum(day in cramp_days for day in without),
            )
        )
    tested = [row for row in counted if row[1] >= MIN_GROUP_DAYS and row[3] >= MIN_GROUP_DAYS]
    p_values = [fisher_exact(wc, w - wc, oc, o - oc) for _n, w, wc, o, oc in tested]
    adjusted = dict(zip([row[0] for row in tested], holm(p_values), strict=True))
    factors = [
        Factor(name, w, wc, o, oc, adjusted.get(name))
        for name, w, wc, o, oc in counted
        if w  # a factor never present says nothing
    ]
    return Patterns(
        as_of=as_of, days_checked=len(checkins), factors=factors, first=first, last=last
    )
