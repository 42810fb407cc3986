"""Shared fixtures: every test gets a temporary diary, a frozen clock and no real user folders."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from spasmlog.domain import Episode

# A fixed "now" for tests: Wednesday 25 November 2026, 10:00 at UTC+01:00.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    """No test touches the user's real data or config folders."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("SPASMLOG_DB", raising=False)
    monkeypatch.delenv("SPASMLOG_CONFIG", raising=False)
    monkeypatch.delenv("SPASMLOG_NOW", raising=False)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "diary" / "spasmlog.db"


@pytest.fixture
def store(db_path):
    from spasmlog.storage import open_store

    s = open_store(db_path, today=NOW.date())
    yield s
    s.close()


def make_episode(**kw) -> Episode:
    """An episode with sensible defaults; override any field."""
    base = dict(started_at=NOW - timedelta(hours=1), muscle_group="calf", duration_s=60, pain=5)
    base.update(kw)
    return Episode(**base)


def add(store, *episodes: Episode) -> list[int]:
    from spasmlog.storage import repo

    with store.write() as session:
        return [repo.add_episode(session=session, episode=e) for e in episodes]
