"""Helpers for the TUI tests: a seeded diary, a frozen clock, a Pilot runner (the fixtures
are in conftest.py).

pytest-asyncio is not installed, so every Pilot test is a plain test that calls
``drive(app, scenario)``, which runs ``async with app.run_test(...)`` under asyncio.run.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import timedelta

from common import NOW

from spasmlog.sample import DEMO_SEED as SEED  # the demo diary
from spasmlog.sample import generate_diary, seed_store
from spasmlog.storage import open_store

SIZE = (100, 32)


def frozen_clock():
    return NOW


def seeded_episodes():
    """The demo-like diary: 12 weeks to NOW (UTC+01:00), nothing after NOW."""
    episodes = generate_diary(end=NOW.date(), weeks=12, seed=SEED, utc_offset_min=60)
    return [e for e in episodes if e.started_at <= NOW]


def make_seeded(path):
    store = open_store(path, today=NOW.date())
    try:
        seed_store(store, seeded_episodes())
    finally:
        store.close()
    return path


def drive(app, scenario, size=SIZE):
    """Run ``await scenario(pilot)`` inside the app; returns what it returns."""

    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            return await scenario(pilot)

    return asyncio.run(main())


# What a screen shows until its first read of the diary is in.
LOADING = ("opening the diary…", "reading the diary…", "checking the diary…")


def _loading(app) -> bool:
    from textual.widgets import Static

    return any(str(w.render()) in LOADING for w in app.screen.query(Static))


async def settle(pilot, rounds: int = 3, timeout: float = 60.0):
    """Wait until every worker (the database reads and writes) is done, the screen caught up,
    and no screen still says it is reading the diary: a loaded machine may take many event
    loop turns to start a screen's first read (it waits for a refresh), so this waits on
    that state, with ``timeout`` only ending a run that is stuck."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    deadline = time.monotonic() + timeout
    while _loading(pilot.app) and time.monotonic() < deadline:
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot, *keys):
    """Press keys one by one, letting the app settle after each (a person's pace)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot, rounds=1)


def rows(db, sql, params=()):
    """Query the diary file directly: what the database holds, not what the screen says."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def one_hour_ago():
    return NOW - timedelta(hours=1)
