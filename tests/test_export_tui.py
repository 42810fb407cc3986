"""The TUI export screen, driven with Pilot: it collects choices and calls the same export.

pytest-asyncio is not installed: each test is plain and runs its Pilot scenario with asyncio.run.
"""

from __future__ import annotations

import asyncio
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from common import NOW, add, make_episode
from textual.app import App
from textual.widgets import Input, Static

from spasmlog.tui.screens.export import ExportScreen


class Host(App):
    """A tiny app with what the screen needs: ``db_path`` and ``now()``."""

    def __init__(self, db_path: Path):
        super().__init__()
        self.db_path = db_path

    def now(self) -> datetime:
        return NOW

    def on_mount(self) -> None:
        self.push_screen(ExportScreen())


@pytest.fixture
def diary(store, db_path):
    add(
        store,
        make_episode(),
        make_episode(started_at=NOW - timedelta(days=3), pain=8, notes="ouch"),
    )
    return db_path


async def _finish(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _click_again(pilot, selector: str) -> None:
    """Click a button once its press effect is over (a button ignores clicks while it shows
    as pressed): waits on the button's state, not on a guess of how long that takes."""
    button = pilot.app.screen.query_one(selector)
    while button.has_class("-active"):
        await pilot.pause(0.02)
    await pilot.click(selector)


def test_default_pdf_is_named_after_the_range_and_written(diary, tmp_path):
    async def scenario():
        app = Host(diary)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            path_input = screen.query_one("#path", Input)
            assert path_input.value.endswith("spasmlog-2026-09-03_2026-11-25.pdf")
            target = tmp_path / "visit.pdf"
            path_input.value = str(target)
            await pilot.click("#export")
            await _finish(pilot)
            assert target.read_bytes().startswith(b"%PDF")
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
            message = str(screen.query_one("#message", Static).render())
            assert f"Saved to {target}" in message
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ExportScreen)

    asyncio.run(scenario())


def test_csv_with_a_range_exports_only_that_range(diary, tmp_path):
    async def scenario():
        app = Host(diary)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = app.screen
            await pilot.click("#format-csv")
            await pilot.pause()
            assert screen.fmt == "csv"
            screen.query_one("#from", Input).value = "2026-11-22"
            screen.query_one("#to", Input).value = "2026-11-22"
            await pilot.pause()
            suggested = screen.query_one("#path", Input).value
            assert suggested.endswith("spasmlog-2026-11-22_2026-11-22.csv")  # follows the choices
            target = tmp_path / "range.csv"
            screen.query_one("#path", Input).value = str(target)
            await pilot.click("#export")
            await _finish(pilot)
            lines = target.read_text(encoding="utf-8").splitlines()
            assert lines[0].startswith("id,uid,started_at,")
            assert len(lines) == 2 and ",ouch" in lines[1]

    asyncio.run(scenario())


def test_bad_dates_are_refused_on_screen_and_nothing_is_written(diary, tmp_path):
    async def scenario():
        app = Host(diary)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = app.screen
            screen.query_one("#from", Input).value = "2026-11-30"
            screen.query_one("#to", Input).value = "2026-11-01"
            target = tmp_path / "never.pdf"
            screen.query_one("#path", Input).value = str(target)
            await pilot.click("#export")
            await _finish(pilot)
            message = screen.query_one("#message", Static)
            assert "after the end date" in str(message.render())
            assert message.has_class("error")
            screen.query_one("#from", Input).value = "30/11/2026"
            await _click_again(pilot, "#export")
            await _finish(pilot)
            assert "invalid from date '30/11/2026'" in str(message.render())
            assert not target.exists()

    asyncio.run(scenario())


def test_a_missing_folder_is_reported_not_crashed(diary, tmp_path):
    async def scenario():
        app = Host(diary)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = app.screen
            screen.query_one("#path", Input).value = str(tmp_path / "no" / "such" / "x.pdf")
            await pilot.click("#export")
            await _finish(pilot)
            assert "Not exported: the folder" in str(screen.query_one("#message", Static).render())
            assert app.is_running

    asyncio.run(scenario())


def test_the_real_app_opens_the_export_screen_and_exports(diary, tmp_path):
    from spasmlog.tui.app import make_app

    app = make_app(diary, clock=lambda: NOW)

    async def scenario():
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await app.run_action("export")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            await pilot.click("#format-json")
            target = tmp_path / "all.json"
            screen.query_one("#path", Input).value = str(target)
            await pilot.click("#export")
            await _finish(pilot)
            import json

            data = json.loads(target.read_text(encoding="utf-8"))
            assert len(data["episodes"]) == 2 and data["as_of"] == "2026-11-25"

    asyncio.run(scenario())
