"""The morning check-in line on Log: yesterday's diary day in at most two keys from launch,
and ignoring it costs nothing (the form's nine-key log still works from launch)."""

from __future__ import annotations

from datetime import timedelta

from common import NOW, add, make_episode
from textual import events
from tuihelp import drive, frozen_clock, press, rows, settle

from spasmlog.storage import open_store
from spasmlog.tui.app import make_app
from spasmlog.tui.widgets.checkin_line import CheckinLine

TYPICAL = ["c", "a", "l", "f", "enter", "l", "6", "1", "ctrl+s"]
YESTERDAY = "2026-11-24"  # NOW is 25 Nov 10:00: yesterday's diary day runs 24 Nov 06:00 → 06:00


def _checkins(db):
    return rows(db, "SELECT day, complete, hydration, exertion, sleep_disturbed FROM checkin")


def _asking(pilot) -> bool:
    return pilot.app.screen.query_one(CheckinLine).asking


def _diary_begun_three_days_ago(db_path):
    """A diary whose only episode is three days before NOW: nothing logged yesterday."""
    with open_store(db_path, today=NOW.date()) as store:
        add(store, make_episode(started_at=NOW - timedelta(days=3)))
    return db_path


def test_enter_confirms_yesterday_in_two_keys_and_undo_removes_it(seeded_db):
    async def scenario(pilot):
        await settle(pilot)
        asked = _asking(pilot)
        await press(pilot, "up", "enter")  # the two keys from launch
        confirmed = _checkins(seeded_db)
        still_asking = _asking(pilot)
        await press(pilot, "f3", "u", "y")  # undo asks before it removes an added record
        return asked, confirmed, still_asking, _checkins(seeded_db)

    asked, confirmed, still_asking, after_undo = drive(
        make_app(seeded_db, clock=frozen_clock), scenario
    )
    assert asked
    assert confirmed == [(YESTERDAY, 1, None, None, None)]
    assert not still_asking
    assert after_undo == []


def test_n_records_a_cramp_free_day(empty_db):
    db = _diary_begun_three_days_ago(empty_db)

    async def scenario(pilot):
        await settle(pilot)
        line = str(pilot.app.screen.query_one(CheckinLine).render())
        await press(pilot, "up", "n")
        return line, _checkins(db), rows(db, "SELECT count(*) FROM episode")[0][0]

    line, checkins, episodes = drive(make_app(db, clock=frozen_clock), scenario)
    assert "no cramps logged" in line and "n: none" in line
    assert checkins == [(YESTERDAY, 1, None, None, None)]
    assert episodes == 1  # the check-in added no episode


def test_n_is_refused_when_cramps_are_logged(seeded_db):
    with open_store(seeded_db, today=NOW.date()) as store:  # 24 Nov 19:00 and 25 Nov 02:00
        add(store, make_episode(started_at=NOW - timedelta(hours=15)))
        add(store, make_episode(started_at=NOW - timedelta(hours=8)))

    async def scenario(pilot):
        await settle(pilot)
        line = str(pilot.app.screen.query_one(CheckinLine).render())
        await press(pilot, "up", "n")
        after_n = _checkins(seeded_db)
        await press(pilot, "enter")
        return line, after_n, _checkins(seeded_db)

    line, after_n, after_enter = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert "2 cramps logged" in line and "n: none" not in line
    assert after_n == []
    assert after_enter == [(YESTERDAY, 1, None, None, None)]


def test_fluids_activity_and_sleep_before_enter(seeded_db):
    async def scenario(pilot):
        await settle(pilot)
        await press(pilot, "up", "f", "f", "a", "s", "enter")
        return _checkins(seeded_db)

    # f steps low → normal, a picks rest, s says sleep was disturbed.
    assert drive(make_app(seeded_db, clock=frozen_clock), scenario) == [
        (YESTERDAY, 1, "normal", "rest", 1)
    ]


def test_typing_a_muscle_from_launch_logs_the_episode_and_leaves_the_question(seeded_db):
    before = rows(seeded_db, "SELECT count(*) FROM episode")[0][0]

    async def scenario(pilot):
        await settle(pilot)
        asked = _asking(pilot)
        await press(pilot, *TYPICAL)
        return asked, _asking(pilot)

    asked, still_asking = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert asked and still_asking
    (ep,) = rows(
        seeded_db,
        "SELECT muscle_group, side, pain, duration_s FROM episode ORDER BY id DESC LIMIT 1",
    )
    assert ep == ("calf", "left", 6, 60)
    assert rows(seeded_db, "SELECT count(*) FROM episode")[0][0] == before + 1
    assert _checkins(seeded_db) == []


def test_typing_before_the_line_fills_in_still_logs(seeded_db):
    """Keys pressed before the first read is in (the line fills in after the first frame)
    go to the form as ever."""

    async def scenario(pilot):
        await press(pilot, *TYPICAL)
        await settle(pilot)
        return _asking(pilot)

    asking = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert asking
    assert (
        rows(
            seeded_db,
            "SELECT count(*) FROM episode WHERE muscle_group = 'calf' "
            "AND pain = 6 AND duration_s = 60 AND side = 'left'",
        )[0][0]
        >= 1
    )
    assert _checkins(seeded_db) == []


def test_escape_goes_back_to_the_form(seeded_db):
    async def back(pilot):
        await settle(pilot)
        await press(pilot, "up", "escape")
        return pilot.app.focused.id, _checkins(seeded_db)

    assert drive(make_app(seeded_db, clock=frozen_clock), back) == ("muscle", [])


def test_a_new_diary_is_not_asked(empty_db):
    async def fresh(pilot):
        await settle(pilot)
        return _asking(pilot)

    assert not drive(make_app(empty_db, clock=frozen_clock), fresh)


def _burst(*keys):
    """Keys posted all at once (a fast typist over ssh), as test_burst.py sends them."""

    async def scenario(pilot):
        await settle(pilot)
        for key, character in keys:
            pilot.app.post_message(events.Key(key, character))
        for _ in range(100):
            await settle(pilot)
            if _checkins(pilot.app.db_path) or pilot.app.screen.query_one("#muscle").value == "":
                break
            await pilot.pause(0.05)
        return _asking(pilot)

    return scenario


def test_up_enter_in_one_burst_confirms_yesterday(seeded_db):
    asking = drive(make_app(seeded_db, clock=frozen_clock), _burst(("up", None), ("enter", "\r")))
    assert not asking
    assert _checkins(seeded_db) == [(YESTERDAY, 1, None, None, None)]


def test_the_nine_keys_in_one_burst_log_under_the_question(seeded_db):
    nine = [(k, k if len(k) == 1 else ("\r" if k == "enter" else None)) for k in TYPICAL]
    before = rows(seeded_db, "SELECT count(*) FROM episode")[0][0]
    asking = drive(make_app(seeded_db, clock=frozen_clock), _burst(*nine))
    assert asking
    assert _checkins(seeded_db) == []
    (ep,) = rows(
        seeded_db,
        "SELECT muscle_group, side, pain, duration_s FROM episode ORDER BY id DESC LIMIT 1",
    )
    assert ep == ("calf", "left", 6, 60)
    assert rows(seeded_db, "SELECT count(*) FROM episode")[0][0] == before + 1
