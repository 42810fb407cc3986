"""The Export dialog by keyboard: Tab and shift+Tab walk the same fields in opposite order."""

from __future__ import annotations

from tuihelp import drive, frozen_clock, press

from spasmlog.tui.app import make_app


def test_tab_and_shift_tab_are_symmetric_and_reach_the_format_list(seeded_db):
    async def scenario(pilot):
        await press(pilot, "f3", "x")
        order = [pilot.app.focused.id]
        for _ in range(5):
            await press(pilot, "tab")
            order.append(pilot.app.focused.id)
        back = [pilot.app.focused.id]
        for _ in range(5):
            await press(pilot, "shift+tab")
            back.append(pilot.app.focused.id)
        return order, back

    order, back = drive(make_app(seeded_db, clock=frozen_clock), scenario, size=(80, 24))
    assert order == ["format", "from", "to", "path", "export", "close"]
    assert back == list(reversed(order))


def test_exporting_onto_the_diary_is_refused_in_one_line_without_asking(seeded_db):
    from textual.widgets import Input, Static

    before = seeded_db.read_bytes()

    async def scenario(pilot):
        await press(pilot, "f3", "x")
        screen = pilot.app.screen
        await pilot.click("#format-csv")
        screen.query_one("#path", Input).value = str(seeded_db)
        await pilot.click("#export")
        await press(pilot)
        return type(pilot.app.screen).__name__, str(screen.query_one("#message", Static).render())

    shown, message = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert shown == "ExportScreen"  # no "Replace it?" question
    assert message.startswith("Not exported: ") and "diary" in message and "\n" not in message
    assert seeded_db.read_bytes() == before
