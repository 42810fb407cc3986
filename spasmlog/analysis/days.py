"""Local days and windows: the shared vocabulary of the trends and the rules.

Each episode belongs to the local day and clock time of its own ``started_at`` (at the
offset it was logged with), so a cramp at 23:30 in Tokyo stays a night cramp on that
Tokyo day wherever the diary is read. Windows are counted back in whole local days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

NIGHT_START_HOUR = 22  # night is 22:00 ≤ time < 06:00 local
NIGHT_END_HOUR = 6


def is_night(hour: int) -> bool:
    return hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR


@dataclass(frozen=True, slots=True)
class Window:
    """Whole local days ``first``..``last``, both included."""

    first: date
    last: date

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def length(self) -> int:
        return max(0, (self.last - self.first).days + 1)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.length)]


def last_days(as_of: date, n: int, *, skip: int = 0) -> Window:
    """The ``n`` days ending ``skip`` days before ``as_of``.

    ``last_days(d, 14)`` is d−13..d ("the last 14 days"); ``last_days(d, 28, skip=14)`` is
    d−41..d−14 ("the 28 days before them").
    """
    last = as_of - timedelta(days=skip)
    return Window(last - timedelta(days=n - 1), last)


def blocks(as_of: date, count: int, size: int = 7) -> list[Window]:
    """``count`` consecutive ``size``-day blocks ending on ``as_of``, oldest first."""
    return [last_days(as_of, size, skip=size * k) for k in reversed(range(count))]


def week_start(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def iso_week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
