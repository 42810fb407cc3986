"""Thread workers: a superseded load stays silent, and every write goes through one path."""

from __future__ import annotations

import threading

from tuihelp import drive, frozen_clock, press, rows

from spasmlog.storage import repo
from spasmlog.tui.app import make_app
from spasmlog.tui.widgets.episode_table import EpisodeTable


def test_a_slow_unfiltered_reload_never_overwrites_the_filter_shown_after_it(
    seeded_db, monkeypatch
):
    """History reloads everything (slowly), the person filters for "foot" meanwhile: when
    the slow read finally finishes, the list still matches the filter."""
    gate = threading.Event()
    slow_started = threading.Event()
    slow_thread: list[threading.Thread] = []
    armed = False
    real_count = repo.count_episodes

    def count_episodes(*, session, muscle=None, **kw):
        if armed and muscle is None:
            slow_thread.append(threading.current_thread())
            slow_started.set()
            gate.wait(10)
        return real_count(session=session, muscle=muscle, **kw)

    monkeypatch.setattr(repo, "count_episodes", count_episodes)

    reported = threading.Event()

    async def scenario(pilot):
        nonlocal armed
        app = pilot.app
        real_call = app.call_from_thread

        def call_from_thread(callback, *args, **kwargs):
            # a spy: note when the slow read's thread has had its answer handled
            result = real_call(callback, *args, **kwargs)
            if slow_thread and threading.current_thread() is slow_thread[0]:
                reported.set()
            return result

        app.call_from_thread = call_from_thread
        await press(pilot, "f3")
        screen = pilot.app.screen
        armed = True
        screen.reload()  # the slow, unfiltered read
        while not slow_started.is_set():
            await pilot.pause(0.01)
        assert screen.apply_filter("foot", "", "")
        while "filter: foot" not in str(screen.query_one("#summary").render()):
            await pilot.pause(0.01)  # the filtered list is on screen
        gate.set()  # now the superseded read finishes and tries to report back
        while not reported.is_set():
            await pilot.pause(0.01)
        await pilot.pause()
        table = screen.query_one(EpisodeTable)
        muscles = [table.get_row_at(i)[2] for i in range(table.row_count)]
        summary = str(screen.query_one("#summary").render())
        return muscles, summary

    muscles, summary = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    feet = rows(seeded_db, "SELECT COUNT(*) FROM episode WHERE muscle_group = 'foot'")[0][0]
    assert feet and len(muscles) == feet
    assert set(muscles) == {"foot"}
    assert "filter: foot" in summary and f"{feet} episode" in summary


def test_delete_then_undo_through_the_one_write_path(seeded_db):
    async def scenario(pilot):
        await press(pilot, "f3")
        first = pilot.app.screen.query_one(EpisodeTable).current_id
        await press(pilot, "d", "y")
        gone = rows(seeded_db, "SELECT COUNT(*) FROM episode WHERE id = ?", (first,))[0][0]
        await press(pilot, "u")
        back = rows(seeded_db, "SELECT COUNT(*) FROM episode WHERE id = ?", (first,))[0][0]
        return first, gone, back

    first, gone, back = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert (gone, back) == (0, 1)
