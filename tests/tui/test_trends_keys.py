"""Trends `[` / `]`: the selection moves four weeks, a week always shows the same numbers,
and the chart never goes blank."""

from __future__ import annotations

from datetime import timedelta

from common import NOW, add, make_episode
from tuihelp import drive, frozen_clock, press

from spasmlog.analysis import weekly_trends
from spasmlog.storage import open_store
from spasmlog.tui.app import make_app


def _reference(db, weeks=40):
    store = open_store(db, today=NOW.date())
    try:
        with store.read() as session:
            trends = weekly_trends(session, as_of=NOW.date(), weeks=weeks)
    finally:
        store.close()
    return {w.week: (w.count, w.days, w.mean_pain, w.max_pain) for w in trends.weeks}


def _selected(screen):
    w = screen.trends.weeks[screen.selected]
    return w.week, (w.count, w.days, w.mean_pain, w.max_pain)


def test_brackets_move_four_weeks_and_each_week_keeps_its_numbers(store, db_path, frozen_env):
    # 30 weeks of cramps, a different pain each day, so every week has its own numbers
    add(
        store,
        *(
            make_episode(started_at=NOW - timedelta(days=d, hours=1), pain=d % 11)
            for d in range(0, 210, 2)
        ),
    )
    seeded_db = db_path
    reference = _reference(seeded_db)
    labels = sorted(reference)

    async def scenario(pilot):
        await press(pilot, "f4")
        seen = [_selected(pilot.app.screen)]
        for key in ["left_square_bracket"] * 4 + ["right_square_bracket"] * 4:
            await press(pilot, key)
            seen.append(_selected(pilot.app.screen))
        return seen

    seen = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    positions = [labels.index(week) for week, _ in seen]
    assert positions[0] == len(labels) - 1  # this week
    assert [b - a for a, b in zip(positions, positions[1:], strict=False)] == [-4] * 4 + [4] * 4
    for week, numbers in seen:
        assert numbers == reference[week], week


def test_a_diary_of_this_week_never_blanks_and_comes_back(store, db_path, frozen_env):
    add(store, *(make_episode(started_at=NOW - timedelta(minutes=m)) for m in (10, 20, 30)))

    async def scenario(pilot):
        await press(pilot, "f4")
        screen = pilot.app.screen
        first = _selected(screen)
        await press(pilot, "left_square_bracket")
        back = (len(screen.trends.weeks), _selected(screen))
        await press(pilot, "left_square_bracket", "left_square_bracket", "left_square_bracket")
        still = len(screen.trends.weeks)
        await press(pilot, *["right_square_bracket"] * 3)
        return first, back, still, _selected(screen)

    first, back, still, again = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert first[1][0] == 3
    assert back[0] == 12 and back[1][1][0] == 0  # four weeks back: an empty week, not a blank chart
    assert still == 12
    assert again == first
