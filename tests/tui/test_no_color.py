"""NO_COLOR: focus and severity are shown by marks and words, never by colour alone."""

from __future__ import annotations

from tuihelp import drive, frozen_clock, press

from spasmlog.tui.app import make_app
from spasmlog.tui.widgets.flag_card import FlagCard


def test_the_focused_field_is_marked_without_colour(empty_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async def scenario(pilot):
        await press(pilot, "c", "a", "l", "f", "enter")
        screen = pilot.app.screen
        side = str(screen.query_one("#side").render())
        pain = str(screen.query_one("#pain").render())
        await press(pilot, "l")
        return pilot.app.no_color, side, pain, str(screen.query_one("#pain").render())

    no_color, side, pain, pain_focused = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert no_color
    assert side.startswith("›Side") and pain.startswith("Pain ")
    assert pain_focused.startswith("›Pain")


def test_flag_cards_say_their_severity_in_words_and_mark_focus_by_border(seeded_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async def scenario(pilot):
        await press(pilot, "f5")
        cards = list(pilot.app.screen.query(FlagCard))
        return [(str(c.border_title), c.has_focus, c.styles.border_top[0]) for c in cards]

    cards = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert cards
    assert all(title and title.strip() for title, _, _ in cards)
    focused = [border for _, has_focus, border in cards if has_focus]
    assert focused == ["double"]
    assert all(border != "double" for _, has_focus, border in cards if not has_focus)
