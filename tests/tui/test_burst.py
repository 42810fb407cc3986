"""Keys in a burst (a paste, a macro, a fast typist over ssh) land where they would typed slowly."""

from __future__ import annotations

from textual import events
from tuihelp import drive, frozen_clock, rows, settle

from spasmlog.tui.app import make_app

# The documented nine keys (docs/tui.md): calf, left, pain 6, one minute, now, save.
NINE = [
    ("c", "c"),
    ("a", "a"),
    ("l", "l"),
    ("f", "f"),
    ("enter", "\r"),
    ("l", "l"),
    ("6", "6"),
    ("1", "1"),
    ("ctrl+s", None),
]
# A night cramp logged next morning: the same, then `l` for "last night" at When.
NIGHT = [*NINE[:-1], ("l", "l"), ("ctrl+s", None)]


def _burst(keys):
    async def scenario(pilot):
        for key, character in keys:  # all at once: no pause, no wait between keys
            pilot.app.post_message(events.Key(key, character))
        for _ in range(100):
            await settle(pilot)
            if pilot.app.screen.query_one("#muscle").value == "":  # the form was reset
                break
            await pilot.pause(0.05)
        return pilot.app.screen.query_one("#muscle").value

    return scenario


def test_the_nine_keys_sent_in_one_burst_save_the_episode(empty_db):
    drive(make_app(empty_db, clock=frozen_clock), _burst(NINE))
    saved = rows(empty_db, "SELECT muscle_group, side, pain, duration_s, started_at FROM episode")
    assert saved == [("calf", "left", 6, 60, "2026-11-25T09:00:00Z")]


def test_a_night_cramp_logged_next_morning_takes_ten_keys(empty_db):
    assert len(NIGHT) <= 10
    drive(make_app(empty_db, clock=frozen_clock), _burst(NIGHT))
    saved = rows(empty_db, "SELECT muscle_group, side, pain, duration_s, started_at FROM episode")
    # 03:00 today at UTC+01:00 is 02:00 UTC
    assert saved == [("calf", "left", 6, 60, "2026-11-25T02:00:00Z")]
