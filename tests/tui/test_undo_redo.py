"""Undo in the TUI asks before it removes an added record; ctrl+y redoes what undo took back."""

from __future__ import annotations

from tuihelp import drive, frozen_clock, press, rows

from spasmlog.tui.app import make_app
from spasmlog.tui.screens.confirm import ConfirmScreen

TYPICAL = ["c", "a", "l", "f", "enter", "l", "6", "1", "ctrl+s"]


def _count(db) -> int:
    return rows(db, "SELECT count(*) FROM episode")[0][0]


def test_undo_of_an_add_asks_first_and_redo_brings_it_back(empty_db):
    async def scenario(pilot):
        await press(pilot, *TYPICAL)
        await press(pilot, "f3", "u")
        asked = isinstance(pilot.app.screen, ConfirmScreen)
        await press(pilot, "n")  # declined: nothing undone
        after_no = _count(empty_db)
        await press(pilot, "u", "y")
        after_yes = _count(empty_db)
        await press(pilot, "ctrl+y")
        return asked, after_no, after_yes, _count(empty_db)

    asked, after_no, after_yes, after_redo = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert asked
    assert (after_no, after_yes, after_redo) == (1, 0, 1)


def test_undo_of_a_delete_does_not_ask(empty_db):
    async def scenario(pilot):
        await press(pilot, *TYPICAL)
        await press(pilot, "f3", "d", "y")
        deleted = _count(empty_db)
        await press(pilot, "u")
        return deleted, isinstance(pilot.app.screen, ConfirmScreen), _count(empty_db)

    deleted, asked, restored = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert (deleted, asked, restored) == (0, False, 1)
