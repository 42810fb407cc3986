"""The episodes the rules read, as small plain records fetched for a window only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..storage import repo
from .days import Window, is_night


@dataclass(frozen=True, slots=True)
class Record:
    """One episode as the rules see it: its local day and hour, and the fields they read."""

    id: int
    day: date
    hour: int
    muscle_group: str
    side: str
    duration_s: int
    pain: int
    hydration: str | None = None
    exertion: str | None = None
    symptoms: frozenset[str] = frozenset()
    self_care: str | None = None
    second: int = 0  # local clock time in seconds since midnight (orders a day's episodes)

    @property
    def night(self) -> bool:
        return is_night(self.hour)


def fetch_records(session, window: Window) -> list[Record]:
    """Episodes whose local day is in ``window``, in local time order (then id)."""
    rows = repo.iter_record_rows(session=session, first=window.first, last=window.last)
    return [_record(row) for row in rows]


def _record(row) -> Record:
    # In repo.RECORD_COLUMNS order.
    id_, local, muscle, side, duration, pain, hydration, exertion, symptoms, self_care = row
    return Record(
        id=id_,
        day=date.fromisoformat(local[:10]),
        hour=int(local[11:13]),
        muscle_group=muscle,
        side=side,
        duration_s=duration,
        pain=pain,
        hydration=hydration,
        exertion=exertion,
        symptoms=frozenset(symptoms.split(";")) if symptoms else frozenset(),
        self_care=self_care,
        second=int(local[11:13]) * 3600 + int(local[14:16]) * 60 + int(local[17:19]),
    )


def sites_before(session, pairs: set[tuple[str, str]], day: date) -> set[tuple[str, str]]:
    """Which (muscle group, side) ``pairs`` have an episode on a local day before ``day``."""
    return repo.sites_before(session=session, pairs=pairs, day=day)
