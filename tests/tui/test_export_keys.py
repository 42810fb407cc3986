"""The Export dialog by keyboard: Tab and shift+Tab walk the same fields in opposite order."""

from __future__ import annotations

from tuihelp import drive, frozen_clock, frozen_env, press, seeded_db  # noqa: F401

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
