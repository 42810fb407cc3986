"""The Log screen's status never goes stale: a confirmation an undo took back disappears,
"newest:" names the newest episode by time, and the when preview follows the clock."""

from __future__ import annotations

from datetime import timedelta

from common import NOW, add, make_episode
from tuihelp import drive, frozen_clock, press

from spasmlog.tui.app import make_app
from spasmlog.tui.widgets.choice_bar import ChoiceBar
from spasmlog.tui.widgets.episode_form import EpisodeForm

TYPICAL = ["c", "a", "l", "f", "enter", "l", "6", "1", "ctrl+s"]


def _status(pilot) -> str:
    return str(pilot.app.screen.query_one("#status").render())


def test_after_undo_the_log_no_longer_says_saved(empty_db):
    async def scenario(pilot):
        await press(pilot, *TYPICAL)
        saved = _status(pilot)
        await press(pilot, "f3", "u", "y", "f2")  # the undo removes an added episode: asked
        return saved, _status(pilot)

    saved, after = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert "✓ Saved episode #1" in saved
    assert "Saved episode" not in after and "a new diary" in after


def test_newest_names_the_newest_by_time_not_the_last_added(store, db_path, frozen_env):
    add(store, make_episode(started_at=NOW - timedelta(hours=1), muscle_group="foot"))
    add(store, make_episode(started_at=NOW - timedelta(days=9), muscle_group="hand"))

    async def scenario(pilot):
        return _status(pilot)

    status = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert "newest: #1 foot" in status


def test_the_when_preview_follows_the_clock(empty_db, monkeypatch):
    monkeypatch.setattr(EpisodeForm, "WHEN_REFRESH_S", 0.05)
    now = [NOW]

    async def scenario(pilot):
        bar = pilot.app.screen.query_one("#when-picks", ChoiceBar)
        before = bar.suffix
        now[0] = NOW + timedelta(minutes=5)
        for _ in range(100):  # the form's own timer, nothing else
            if bar.suffix != before:
                break
            await pilot.pause(0.05)
        return before, bar.suffix

    before, after = drive(make_app(empty_db, clock=lambda: now[0]), scenario)
    assert before == "→ today 10:00" and after == "→ today 10:05"
