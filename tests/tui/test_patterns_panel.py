"""The Patterns panel (p in Trends, or the palette) on the demo diary: the real pattern in
plain words, the other factors as "no clear difference yet", and the checked days counted
as SQLite holds them."""

from __future__ import annotations

from common import NOW
from tuihelp import drive, frozen_clock, press, rows, settle

from spasmlog.analysis.patterns import window
from spasmlog.sample import make_demo_diary
from spasmlog.tui.app import make_app
from spasmlog.tui.screens.patterns import PatternsScreen


def test_patterns_panel_on_the_demo_diary(tmp_path, frozen_env):
    folder = tmp_path / "demo"
    folder.mkdir(mode=0o700)
    db = make_demo_diary(folder, now=NOW)

    async def scenario(pilot):
        await press(pilot, "f4")
        await settle(pilot)
        await press(pilot, "p")
        await settle(pilot)
        screen = pilot.app.screen
        shown = isinstance(screen, PatternsScreen)
        text = str(screen.query_one("#patterns").render())
        await press(pilot, "escape")
        return shown, text, isinstance(pilot.app.screen, PatternsScreen)

    shown, text, still_open = drive(make_app(db, clock=frozen_clock), scenario)
    assert shown and not still_open
    first, last = window(NOW.date())
    ((checked,),) = rows(
        db,
        "SELECT count(*) FROM checkin WHERE complete AND day BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    )
    assert f"{checked} checked days" in text
    assert "Came with more cramp days:" in text and "tag long-walk" in text
    assert "no clear difference yet" in text
    assert "cause" not in text.replace("not what causes them", "")
