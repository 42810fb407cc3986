"""Snapshots of every screen over the seeded diary with a frozen clock (review the SVG
report before accepting a change: ``pytest tests/tui/test_snapshots.py --snapshot-update``)."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tuihelp import frozen_clock, settle

from spasmlog.tui.app import make_app


async def _settled(pilot):
    await settle(pilot)


def _keys_then_settle(*keys):
    async def run_before(pilot):
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot, rounds=1)
        await settle(pilot)
        # A blinking cursor is drawn or not depending on how long the run took: hold it on.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


SCREENS = {
    "log": (),
    "history": ("f3",),
    "trends": ("f4",),
    "flags": ("f5",),
    "help": ("f1",),
    "edit": ("f3", "down", "e"),
    "log-errors": ("z", "z", "enter", "ctrl+s"),
}


@pytest.mark.parametrize("size", [(80, 24), (100, 32)], ids=["80x24", "100x32"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, seeded_db, screen, size):
    app = make_app(seeded_db, clock=frozen_clock)
    assert snap_compare(app, terminal_size=size, run_before=_keys_then_settle(*SCREENS[screen]))


def test_light_theme(snap_compare, seeded_db):
    app = make_app(seeded_db, clock=frozen_clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys_then_settle("ctrl+t", "f4"))
