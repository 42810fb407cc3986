"""What every format writer gets: the open diary, the range and the day it is made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class ExportJob:
    """One export. ``start``/``end`` are inclusive local dates; None = open-ended.

    ``sample``: the diary is the demo's generated one, and every format says so at its top.
    ``fhir_bundle``: the FHIR Bundle's type, ``collection`` or ``transaction``.
    """

    store: object
    start: date | None
    end: date | None
    today: date
    sample: bool = False
    fhir_bundle: str = "collection"

    @property
    def as_of(self) -> date:
        """Flags (and the last week) are evaluated as of the end of the range."""
        return self.end or self.today

    def episodes(self, session, *, newest_first: bool = False):
        """The episodes in range, streamed from the cursor, oldest first by default."""
        from ..storage import repo

        return repo.iter_episodes(
            session=session, since=self.start, until=self.end, newest_first=newest_first
        )

    def weeks_spanned(self, session) -> int:
        """How many ISO weeks from the range's first week (or the diary's) to ``as_of``'s."""
        from ..storage import repo

        first = self.start
        if first is None:
            first = repo.first_episode_day(session=session)
            if first is None:
                return 1
        first = min(first, self.as_of)
        monday = first - timedelta(days=first.weekday())
        last_monday = self.as_of - timedelta(days=self.as_of.weekday())
        return (last_monday - monday).days // 7 + 1

    def trends(self, session, *, max_weeks: int | None = None):
        from ..analysis import weekly_trends

        weeks = self.weeks_spanned(session)
        if max_weeks is not None:
            weeks = min(weeks, max_weeks)
        return weekly_trends(session, as_of=self.as_of, weeks=weeks)

    def flags(self, session, config=None):
        from ..analysis import evaluate_flags

        thresholds = config.thresholds if config is not None else None
        return evaluate_flags(session, as_of=self.as_of, thresholds=thresholds)
