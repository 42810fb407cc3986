"""The person's words are shown literally everywhere in the TUI: never Rich markup, never
terminal control (notes, export paths)."""

from __future__ import annotations

from datetime import timedelta

from common import NOW, add, make_episode
from textual.widgets import Input, Static
from tuihelp import drive, frozen_clock, press, settle

from spasmlog.tui.app import make_app
from spasmlog.tui.screens.export import ExportScreen
from spasmlog.tui.widgets.episode_table import EpisodeTable

NOTES = [
    "cramp [/] again",
    "[b]ad night",
    "[link=https://example.com]click[/link]",
    "title \x1b]0;PWNED\x07 gone",
]


def _cells(table: EpisodeTable) -> list[str]:
    return [str(table.get_row_at(i)[6]) for i in range(table.row_count)]


def test_notes_with_markup_and_escapes_show_as_typed_in_history(store, db_path, frozen_env):
    add(
        store,
        *(
            make_episode(started_at=NOW - timedelta(hours=i + 1), notes=note)
            for i, note in enumerate(NOTES)
        ),
    )

    async def scenario(pilot):
        await press(pilot, "f3")
        table = pilot.app.screen.query_one(EpisodeTable)
        details = []
        for _ in NOTES:
            details.append(str(pilot.app.screen.query_one("#detail", Static).render()))
            await press(pilot, "down")
        return _cells(table), details

    cells, details = drive(make_app(db_path, clock=frozen_clock), scenario, size=(140, 40))
    for note, cell, detail in zip(NOTES[:3], cells, details, strict=False):
        assert note in cell  # the table: the whole note, brackets and all
        assert f"Note: {note}" in detail  # the detail panel
    assert "\x1b" not in cells[3] and "\\x1b]0;PWNED\\x07" in cells[3]
    assert "\\x1b]0;PWNED\\x07" in details[3]


def test_an_export_path_with_brackets_is_shown_whole(store, db_path, frozen_env, tmp_path):
    add(store, make_episode())
    folder = tmp_path / "out[/]"
    folder.mkdir(parents=True)
    target = folder / "a[b].csv"

    async def scenario(pilot):
        await press(pilot, "f3", "x")
        screen = pilot.app.screen
        assert isinstance(screen, ExportScreen)
        await pilot.click("#format-csv")
        screen.query_one("#path", Input).value = str(target)
        await pilot.click("#export")
        await settle(pilot)
        return str(screen.query_one("#message", Static).render())

    message = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert target.read_text(encoding="utf-8").startswith("id,")
    assert f"Saved to {target}" in message


def test_export_asks_before_replacing_a_file_and_keeps_it_on_no(
    store, db_path, frozen_env, tmp_path
):
    add(store, make_episode())
    target = tmp_path / "mine.csv"
    target.write_text("precious\n", encoding="utf-8")

    async def scenario(pilot):
        await press(pilot, "f3", "x")
        screen = pilot.app.screen
        await pilot.click("#format-csv")
        screen.query_one("#path", Input).value = str(target)
        await pilot.click("#export")
        await settle(pilot)
        asked = type(pilot.app.screen).__name__
        await press(pilot, "n")
        kept = target.read_text(encoding="utf-8")
        said = str(screen.query_one("#message", Static).render())
        await pilot.click("#export")
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        return asked, kept, said

    asked, kept, said = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert asked == "ConfirmScreen"
    assert kept == "precious\n" and "existing file was kept" in said
    assert target.read_text(encoding="utf-8").startswith("id,")
