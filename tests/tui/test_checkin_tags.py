"""Tags on the morning check-in line: `t` opens a small dialog whose suggestions come only
from this diary's own earlier tags; what is chosen is stored with the day's check-in."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from common import NOW
from textual import events
from textual.app import App
from tuihelp import drive, frozen_clock, press, rows, settle

from spasmlog.domain import Checkin
from spasmlog.storage import open_store, repo
from spasmlog.tui.app import make_app
from spasmlog.tui.screens.days import TagsScreen, suggest
from spasmlog.tui.widgets.checkin_line import CheckinLine
from spasmlog.tui.widgets.muscle_input import FormInput

YESTERDAY = "2026-11-24"  # NOW is 25 Nov 10:00: yesterday's diary day runs 24 Nov 06:00 → 06:00
PAST_TAGS = ("long-walk", "stretched")
KEY_NAMES = {" ": "space", "-": "minus", ",": "comma", "!": "exclamation_mark"}


def _with_past_tags(db):
    """Check-ins a week ago and the day after, tagged: the only tags this diary has used."""
    with open_store(db, today=NOW.date()) as store, store.write() as session:
        for days_ago, tags in ((8, PAST_TAGS), (7, ("long-walk",))):
            day = NOW.date() - timedelta(days=days_ago)
            repo.add_checkin(session=session, checkin=Checkin(day=day, complete=True, tags=tags))
    return db


def _yesterday(db):
    return rows(db, "SELECT complete, hydration, tags FROM checkin WHERE day = ?", (YESTERDAY,))


async def _type(pilot, text: str) -> None:
    await press(pilot, *[KEY_NAMES.get(c, c) for c in text])


def _line(pilot) -> str:
    return str(pilot.app.screen.query_one(CheckinLine).render())


async def _open_tags(pilot, *before: str) -> bool:
    await settle(pilot)
    await press(pilot, "up", *before, "t")
    await settle(pilot)  # the diary's tags are read in a worker
    return isinstance(pilot.app.screen, TagsScreen)


def test_a_past_tag_by_its_suggestion_then_enter_stores_it_and_undo_removes_it(seeded_db):
    db = _with_past_tags(seeded_db)

    async def scenario(pilot):
        dialog = await _open_tags(pilot)
        await _type(pilot, "LO")  # case does not matter
        await press(pilot, "right")  # Input's key for taking the suggestion
        taken = pilot.app.screen.query_one("#tag").value
        await press(pilot, "enter")  # adds it, back on the line
        back_on_line = isinstance(pilot.app.focused, CheckinLine)
        line = _line(pilot)
        await press(pilot, "enter")  # confirms the day, as ever
        stored = _yesterday(db)
        await press(pilot, "f3", "u", "y")
        return dialog, taken, back_on_line, line, stored, _yesterday(db)

    dialog, taken, back_on_line, line, stored, after_undo = drive(
        make_app(db, clock=frozen_clock), scenario
    )
    assert dialog and taken == "long-walk" and back_on_line
    assert "· tags: long-walk" in line
    assert stored == [(1, None, "long-walk")]
    assert after_undo == []
    assert rows(db, "SELECT count(*) FROM checkin")[0][0] == 2  # the earlier ones stay


def test_a_word_this_diary_never_used_is_not_suggested(seeded_db):
    db = _with_past_tags(seeded_db)

    async def scenario(pilot):
        await _open_tags(pilot)
        field = pilot.app.screen.query_one("#tag")
        await _type(pilot, "ho")  # 'hot' is a common tag, but not one of this diary's
        await press(pilot, "right")
        suggested = await field.suggester.get_suggestion("ho")
        known = await field.suggester.get_suggestion("st")
        used = str(pilot.app.screen.query_one("#used").render())
        return field.value, suggested, known, used

    value, suggested, known, used = drive(make_app(db, clock=frozen_clock), scenario)
    assert value == "ho" and suggested is None
    assert known == "stretched"
    assert used == "Used before: long-walk, stretched"  # most used first, nothing else


def test_a_new_diary_suggests_nothing_and_a_new_word_is_taken_as_typed(seeded_db):
    async def scenario(pilot):
        await _open_tags(pilot)
        field = pilot.app.screen.query_one("#tag")
        await _type(pilot, "Hot, new shoes")
        suggestion = await field.suggester.get_suggestion("h")
        used = str(pilot.app.screen.query_one("#used").render())
        await press(pilot, "enter")
        line = _line(pilot)
        await press(pilot, "enter")
        return suggestion, used, line

    suggestion, used, line = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert suggestion is None and used.startswith("No tags in this diary yet")
    assert "· tags: hot, new-shoes" in line
    assert _yesterday(seeded_db) == [(1, None, "hot;new-shoes")]


def test_a_bad_tag_is_refused_in_one_line_and_esc_keeps_the_other_answers(seeded_db):
    db = _with_past_tags(seeded_db)

    async def scenario(pilot):
        await _open_tags(pilot, "f")  # fluids: low, before the tags
        await _type(pilot, "long walk!")
        await press(pilot, "enter")
        still_open = isinstance(pilot.app.screen, TagsScreen)
        message = str(pilot.app.screen.query_one("#message").render())
        saved = _yesterday(db)
        await press(pilot, "escape")
        back_on_line = isinstance(pilot.app.focused, CheckinLine)
        line = _line(pilot)
        await press(pilot, "enter")
        return still_open, message, saved, back_on_line, line, _yesterday(db)

    still_open, message, saved, back_on_line, line, stored = drive(
        make_app(db, clock=frozen_clock), scenario
    )
    assert still_open
    assert message.startswith("invalid tag 'long walk!'") and "\n" not in message
    assert saved == []
    assert back_on_line and "tags:" not in line and "low fluids" in line
    assert stored == [(1, "low", "")]


def test_a_chosen_tag_typed_again_comes_off_and_esc_keeps_the_rest(seeded_db):
    async def scenario(pilot):
        await _open_tags(pilot)
        await _type(pilot, "hot,cold")
        await press(pilot, "enter", "t")
        await settle(pilot)
        chosen = str(pilot.app.screen.query_one("#chosen").render())
        await _type(pilot, "cold")
        await press(pilot, "enter")
        after_off = _line(pilot)
        await press(pilot, "t")
        await settle(pilot)
        await _type(pilot, "warm")
        await press(pilot, "escape")  # leaves the tags as they were
        return chosen, after_off, _line(pilot)

    chosen, after_off, after_escape = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert chosen == "Chosen: cold, hot (type one again to take it off)"
    assert "· tags: hot" in after_off and "cold" not in after_off
    assert "· tags: hot" in after_escape and "warm" not in after_escape
    assert _yesterday(seeded_db) == []


def test_t_is_shown_only_when_the_line_is_focused(seeded_db):
    async def scenario(pilot):
        await settle(pilot)
        unfocused = _line(pilot)
        await press(pilot, "up")
        return unfocused, _line(pilot)

    unfocused, focused = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert "t: tags" not in unfocused
    assert "t: tags" in focused


def test_words_read_after_typing_still_suggest_for_what_was_typed():
    """The diary's words arrive from a worker; a person may have typed a prefix by then."""

    class One(App):
        def compose(self):
            yield FormInput(id="tag")

    async def main():
        app = One()
        async with app.run_test() as pilot:
            field = app.query_one("#tag", FormInput)
            field.focus()
            await pilot.press("l", "o")
            suggest(field, ["stretched", "long-walk"])  # as the worker's answer does
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("right")
            return field.value, field.cursor_position

    assert asyncio.run(main()) == ("long-walk", len("long-walk"))


def test_t_and_a_tag_in_one_burst_land_in_the_dialog(seeded_db):
    """Keys posted at once (a fast typist over ssh): the `f` after `t` is the tag's first
    letter, not the line's fluids key."""
    keys = [("up", None), ("t", "t"), ("f", "f"), ("o", "o"), ("o", "o")]
    keys += [("enter", "\r"), ("enter", "\r")]

    async def scenario(pilot):
        await settle(pilot)
        for key, character in keys:
            pilot.app.post_message(events.Key(key, character))
        for _ in range(100):
            await settle(pilot)
            if _yesterday(seeded_db):
                break
            await pilot.pause(0.05)
        return _yesterday(seeded_db)

    assert drive(make_app(seeded_db, clock=frozen_clock), scenario) == [(1, None, "foo")]
