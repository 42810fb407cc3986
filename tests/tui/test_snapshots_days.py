"""Snapshots at 80x24 of the screens for days, visits, the profile, patterns and the
grouped Flags (the demo diary holds check-ins, a visit and a change marker; review the SVG
report before accepting a change)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from common import NOW, add, make_episode
from test_snapshots import _keys_then_settle
from tuihelp import frozen_clock, settle

from spasmlog.sample import make_demo_diary
from spasmlog.storage import open_store
from spasmlog.tui.app import make_app

SIZE = (80, 24)


@pytest.fixture
def demo_db(tmp_path, frozen_env):
    folder = tmp_path / "demo"
    folder.mkdir(mode=0o700)
    return make_demo_diary(folder, now=NOW)


def _action_then_settle(action: str):
    keys = _keys_then_settle()

    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.run_action(action)
        await keys(pilot)

    return run_before


@pytest.mark.parametrize(
    "name,keys",
    [
        ("checkin-line", ("up",)),
        ("trends-markers", ("f4",)),
        ("visit-dialog", ("f4", "v")),
        ("patterns", ("f4", "p")),
        ("flags-grouped", ("f5",)),
        ("flags-why", ("f5", "w")),
        ("checkin-tags", ("up", "t", "l")),  # the diary's own tag suggested for 'l'
    ],
)
def test_demo_80x24(snap_compare, demo_db, name, keys):
    app = make_app(demo_db, clock=frozen_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys_then_settle(*keys))


def test_profile_80x24(snap_compare, demo_db):
    app = make_app(demo_db, clock=frozen_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=_action_then_settle("profile"))


def test_trends_before_the_diary_80x24(snap_compare, empty_db):
    with open_store(empty_db, today=NOW.date()) as store:  # a diary begun 5 days ago
        add(store, make_episode(started_at=NOW - timedelta(days=5)))
    app = make_app(empty_db, clock=frozen_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys_then_settle("f4"))
