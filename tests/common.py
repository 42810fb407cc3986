"""Test helpers imported by name (fixtures live in the conftest.py files): the fixed clock,
an episode with defaults, and adding episodes in one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from spasmlog.domain import Episode

# A fixed "now" for tests: Wednesday 25 November 2026, 10:00 at UTC+01:00.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone(timedelta(hours=1)))


def make_episode(**kw) -> Episode:
    """An episode with sensible defaults; override any field."""
    base = dict(started_at=NOW - timedelta(hours=1), muscle_group="calf", duration_s=60, pain=5)
    base.update(kw)
    return Episode(**base)


def add(store, *episodes: Episode) -> list[int]:
    from spasmlog.storage import repo

    with store.write() as session:
        return [repo.add_episode(session=session, episode=e) for e in episodes]
