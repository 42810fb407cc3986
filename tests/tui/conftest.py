"""Fixtures for the TUI tests: a frozen clock for subprocesses, a seeded and an empty diary."""

from __future__ import annotations

import pytest
from common import NOW
from tuihelp import make_seeded


@pytest.fixture
def frozen_env(monkeypatch):
    """SPASMLOG_NOW for anything the test starts in another process."""
    monkeypatch.setenv("SPASMLOG_NOW", NOW.isoformat())


@pytest.fixture
def seeded_db(db_path, frozen_env):
    return make_seeded(db_path)


@pytest.fixture
def empty_db(db_path, frozen_env):
    return db_path
