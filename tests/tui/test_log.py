"""Log screen: keys in, rows in the database out."""

from __future__ import annotations

from datetime import timedelta

from common import NOW, add, make_episode
from tuihelp import drive, frozen_clock, press, rows, settle

from spasmlog import domain as d
from spasmlog.errors import ValidationError
from spasmlog.tui.app import make_app
from spasmlog.tui.widgets.episode_form import EpisodeForm

# The documented sequence (docs/tui.md): calf, left, pain 6, one minute, now,
# fluids and activity as last time.
TYPICAL = ["c", "a", "l", "f", "enter", "l", "6", "1", "ctrl+s"]


def _episodes(db):
    return rows(
        db,
        "SELECT id, muscle_group, side, pain, duration_s, hydration, exertion, "
        "started_at, utc_offset_min, symptoms, self_care, notes FROM episode ORDER BY id",
    )


def test_typical_episode_takes_at_most_ten_keys_from_launch(store, db_path, frozen_env):
    add(store, make_episode(side="right", hydration="low", exertion="vigorous"))
    pressed = []

    async def scenario(pilot):
        for key in TYPICAL:
            pressed.append(key)
            await press(pilot, key)
        return pilot.app.screen.query_one("#status").render()

    confirmation = str(drive(make_app(db_path, clock=frozen_clock), scenario))
    assert len(pressed) <= 10
    saved = _episodes(db_path)[-1]
    assert saved[1:7] == ("calf", "left", 6, 60, "low", "vigorous")  # fluids/activity as last time
    assert saved[7] == d.to_utc_text(NOW) and saved[8] == 60
    assert f"Saved episode #{saved[0]}" in confirmation


def test_suggestion_is_taken_with_enter_and_form_is_ready_for_the_next(empty_db):
    async def scenario(pilot):
        await press(pilot, "h", "a", "m")
        await settle(pilot)  # the suggester runs in a worker: wait for it
        await press(pilot, "enter", "r", "7", "2", "ctrl+s")
        form = pilot.app.screen.query_one(EpisodeForm)
        return form.query_one("#muscle").value, pilot.app.focused.id, form.query_one("#pain").value

    muscle_after, focused, pain_after = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert _episodes(empty_db)[0][1:5] == ("hamstring", "right", 7, 120)
    assert (muscle_after, focused, pain_after) == ("", "muscle", None)


def test_pain_ten_with_one_then_zero_and_typed_values(empty_db):
    async def scenario(pilot):
        await press(pilot, *"quads", "enter", "b", "1", "0")  # 1 0 = 10
        await press(pilot, "tab", *"1m30s", "tab")  # typed duration
        await press(pilot, "tab", *"-2h", "enter")  # typed time
        await press(pilot, "l", "v", "w", "t", "enter", "d", *"hot day", "ctrl+s")

    drive(make_app(empty_db, clock=frozen_clock), scenario)
    (row,) = _episodes(empty_db)
    assert row[1:7] == ("quadriceps", "both", 10, 90, "low", "vigorous")
    assert row[7] == d.to_utc_text(NOW - timedelta(hours=2))
    assert row[9:] == ("weakness;tingling", "did-not-help", "hot day")


def test_invalid_values_are_shown_with_the_cli_words_and_nothing_is_saved(empty_db):
    async def scenario(pilot):
        await press(pilot, *"calfz", "enter")
        form = pilot.app.screen.query_one(EpisodeForm)
        after_enter = dict(form.errors)
        await press(pilot, "tab", "l", "6", "tab", *"90 minutes please", "ctrl+s")
        return after_enter, dict(form.errors), pilot.app.focused.id

    after_enter, errors, focused = drive(make_app(empty_db, clock=frozen_clock), scenario)
    for text, field in (("calfz", "muscle"),):
        try:
            d.parse_muscle(text)
        except ValidationError as e:
            assert after_enter[field] == str(e)
    try:
        d.parse_duration("90 minutes please")
    except ValidationError as e:
        assert errors["duration"] == str(e)
    assert "muscle" in errors and focused == "muscle"  # the first bad field gets the focus
    assert _episodes(empty_db) == []


def test_missing_pain_and_future_time_are_refused(empty_db):
    async def scenario(pilot):
        await press(pilot, *"calf", "enter", "l", "tab", "tab", "1")  # pain skipped
        await press(pilot, "tab", "tab", *"23:30", "ctrl+s")
        return dict(pilot.app.screen.query_one(EpisodeForm).errors)

    errors = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert errors["pain"].startswith("the pain is missing")
    try:
        d.parse_when("23:30", NOW)
    except ValidationError as e:
        assert errors["when"] == str(e)
    assert _episodes(empty_db) == []


def test_side_fluids_activity_default_to_the_last_entry(store, db_path, frozen_env):
    add(store, make_episode(side="both", hydration="high", exertion="rest"))

    async def scenario(pilot):
        form = pilot.app.screen.query_one(EpisodeForm)
        return [form.query_one(f"#{k}").value for k in ("side", "hydration", "exertion")]

    assert drive(make_app(db_path, clock=frozen_clock), scenario) == ["both", "high", "rest"]
