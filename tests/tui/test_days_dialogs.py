"""Visits, change markers and the profile from the TUI: what the dialogs write to SQLite,
how Trends draws markers and the weeks before the diary, and undo."""

from __future__ import annotations

from datetime import timedelta

from common import NOW, add, make_episode
from tuihelp import drive, frozen_clock, press, rows, settle

from spasmlog.domain import Marker
from spasmlog.storage import open_store, repo
from spasmlog.tui.app import make_app
from spasmlog.tui.screens.days import MarkerScreen, ProfileScreen
from spasmlog.tui.widgets.week_chart import WeekChart


def _markers(db):
    return rows(db, "SELECT kind, day, text FROM marker ORDER BY id")


async def _type(pilot, text: str) -> None:
    await press(pilot, *[{" ": "space", "-": "minus", ",": "comma"}.get(c, c) for c in text])


def test_visit_from_trends_key_defaults_to_today_and_is_drawn(seeded_db):
    async def scenario(pilot):
        await press(pilot, "f4")
        await settle(pilot)
        await press(pilot, "v")
        dialog = isinstance(pilot.app.screen, MarkerScreen)
        await _type(pilot, "GP bloods")
        await press(pilot, "enter")
        await settle(pilot)
        chart = str(pilot.app.screen.query_one(WeekChart).render())
        return dialog, _markers(seeded_db), chart

    dialog, markers, chart = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert dialog
    assert markers == [("visit", "2026-11-25", "GP bloods")]
    assert "◆" in chart and "visit" in chart


def test_change_marker_from_the_palette_with_a_date_then_undo(seeded_db):
    async def scenario(pilot):
        await press(pilot, "f3")
        await settle(pilot)
        await pilot.app.run_action("add_marker('change')")
        await pilot.pause()
        await press(pilot, "shift+tab")  # back to the date
        await press(pilot, "ctrl+a", "ctrl+k")
        await _type(pilot, "2026-11-20")
        await press(pilot, "enter")
        await _type(pilot, "new shoes")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        saved = _markers(seeded_db)
        await press(pilot, "u", "y")
        await settle(pilot)
        return saved, _markers(seeded_db)

    saved, after_undo = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert saved == [("change", "2026-11-20", "new shoes")]
    assert after_undo == []


def test_the_change_dialog_suggests_only_this_diarys_earlier_change_texts(seeded_db):
    with open_store(seeded_db, today=NOW.date()) as store, store.write() as session:
        day = NOW.date() - timedelta(days=20)
        repo.add_marker(session=session, marker=Marker(kind="change", day=day, text="New shoes"))
        repo.add_marker(session=session, marker=Marker(kind="visit", day=day, text="GP, bloods"))

    async def scenario(pilot):
        await pilot.app.run_action("add_marker('visit')")
        await settle(pilot)
        await _type(pilot, "ne")
        await press(pilot, "right")  # a visit note is not suggested a change's text
        in_visit = pilot.app.screen.query_one("#text").value
        await press(pilot, "escape")
        await pilot.app.run_action("add_marker('change')")
        await settle(pilot)
        field = pilot.app.screen.query_one("#text")
        no_list = await field.suggester.get_suggestion("ins")  # no built-in medicines
        await _type(pilot, "ne")
        await press(pilot, "right")  # Input's key for taking the suggestion
        taken = field.value
        await press(pilot, "enter")
        await settle(pilot)
        return in_visit, no_list, taken

    in_visit, no_list, taken = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert in_visit == "ne" and no_list is None
    assert taken == "New shoes"
    assert _markers(seeded_db)[-1] == ("change", "2026-11-25", "New shoes")


def test_a_change_without_text_is_refused_in_one_line_and_nothing_written(seeded_db):
    async def scenario(pilot):
        await pilot.app.run_action("add_marker('change')")
        await pilot.pause()
        await press(pilot, "enter")
        await settle(pilot)
        screen = pilot.app.screen
        return isinstance(screen, MarkerScreen), str(screen.query_one("#message").render())

    still_open, message = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert still_open and "change text" in message
    assert _markers(seeded_db) == []


def test_profile_form_saves_every_field_and_refuses_a_bad_year(empty_db):
    async def scenario(pilot):
        await pilot.app.run_action("profile")
        await settle(pilot)
        opened = isinstance(pilot.app.screen, ProfileScreen)
        await _type(pilot, "Alex")
        await press(pilot, "enter")
        await _type(pilot, "19x0")
        await press(pilot, "ctrl+s")
        refused = rows(empty_db, "SELECT count(*) FROM profile")[0][0]
        message = str(pilot.app.screen.query_one("#message").render())
        await press(pilot, "backspace", "backspace", "backspace", "9", "7", "0")
        for words in ("asthma", "none", "is it my shoes"):
            await press(pilot, "enter")
            await _type(pilot, words)
        await press(pilot, "enter")  # from the last field: saves
        await settle(pilot)
        return opened, refused, message

    opened, refused, message = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert opened and refused == 0 and "birth year" in message
    assert rows(
        empty_db, "SELECT name, birth_year, conditions, medicines, questions FROM profile"
    ) == [("Alex", 1970, "asthma", "none", "is it my shoes")]


def test_trends_shows_weeks_before_the_diary_as_such(empty_db):
    with open_store(empty_db, today=NOW.date()) as store:  # a diary begun 5 days ago
        add(store, make_episode(started_at=NOW - timedelta(days=5)))

    async def scenario(pilot):
        await press(pilot, "f4")
        await settle(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#weeks")
        oldest = [str(c) for c in table.get_row_at(table.row_count - 1)]
        chart = str(screen.query_one(WeekChart).render())
        await press(pilot, "home")
        for _ in range(11):
            await press(pilot, "left")
        breakdown = str(screen.query_one("#breakdown").render())
        return oldest, chart, breakdown

    oldest, chart, breakdown = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert oldest[2] == "–" and "before the" in oldest and "diary" in oldest
    assert "before the diary" in chart
    assert "before the diary" in breakdown and "no episodes" not in breakdown
