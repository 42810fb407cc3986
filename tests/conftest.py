"""Shared fixtures: every test gets a temporary diary, a frozen clock and no real user folders."""

from __future__ import annotations

import pytest
from common import NOW


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
