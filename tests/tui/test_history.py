"""History: edit, delete, undo, filter, paging — asserted on the database."""

from __future__ import annotations

from datetime import timedelta

from common import NOW, add, make_episode
from tuihelp import drive, frozen_clock, press, rows

from spasmlog import domain as d
from spasmlog.errors import ValidationError
from spasmlog.storage import open_store, repo
from spasmlog.tui.app import make_app
from spasmlog.tui.screens.history import PAGE_SIZE
from spasmlog.tui.widgets.episode_table import EpisodeTable


def _shown_ids(pilot):
    table = pilot.app.screen.query_one(EpisodeTable)
    return [int(table.get_row_at(i)[0]) for i in range(table.row_count)]


def _three(store):
    return add(
        store,
        make_episode(started_at=NOW - timedelta(days=3), muscle_group="foot", pain=3),
        make_episode(started_at=NOW - timedelta(days=2), muscle_group="calf", pain=4),
        make_episode(started_at=NOW - timedelta(days=1), muscle_group="calf", pain=5),
    )


def test_newest_first_then_edit_in_the_same_form(store, db_path, frozen_env):
    ids = _three(store)

    async def scenario(pilot):
        await press(pilot, "f3")
        shown = _shown_ids(pilot)
        await press(pilot, "down", "e")  # the second newest
        title = str(pilot.app.screen.query_one("#edit-title").render())
        await press(pilot, "tab", "tab", "9", "ctrl+s")
        return shown, title, pilot.app.screen.__class__.__name__

    shown, title, screen = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert shown == ids[::-1]
    assert title == f"Edit episode #{ids[1]}"
    assert screen == "HistoryScreen"
    assert rows(db_path, "SELECT id, pain FROM episode ORDER BY id") == [
        (ids[0], 3),
        (ids[1], 9),
        (ids[2], 5),
    ]
    # started_at untouched by an edit that did not change the time
    assert rows(db_path, "SELECT started_at FROM episode WHERE id = ?", (ids[1],))[0][
        0
    ] == d.to_utc_text(NOW - timedelta(days=2))


def test_delete_asks_first_then_undo_brings_it_back(store, db_path, frozen_env):
    ids = _three(store)

    async def scenario(pilot):
        await press(pilot, "f3", "d", "n")  # asked, declined
        after_no = rows(db_path, "SELECT count(*) FROM episode")[0][0]
        await press(pilot, "d", "y")
        after_yes = [r[0] for r in rows(db_path, "SELECT id FROM episode ORDER BY id")]
        shown_after_delete = _shown_ids(pilot)
        await press(pilot, "u")
        return after_no, after_yes, shown_after_delete, _shown_ids(pilot)

    after_no, after_yes, shown_deleted, shown_undone = drive(
        make_app(db_path, clock=frozen_clock), scenario
    )
    assert after_no == 3
    assert after_yes == ids[:2]
    assert shown_deleted == ids[:2][::-1]
    assert [r[0] for r in rows(db_path, "SELECT id FROM episode ORDER BY id")] == ids
    assert shown_undone == ids[::-1]


def test_filter_by_muscle_and_dates_uses_the_repository(seeded_db):
    since = NOW.date() - timedelta(days=20)

    async def scenario(pilot):
        await press(pilot, "f3", "slash", *"calves", "tab", *since.isoformat(), "enter")
        return _shown_ids(pilot), str(pilot.app.screen.query_one("#summary").render())

    shown, summary = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    with open_store(seeded_db, create=False) as store, store.read() as session:
        expected = [e.id for e in repo.iter_episodes(session=session, muscle="calf", since=since)]
    assert shown == expected and len(expected) > 3
    assert "filter: calf from" in summary


def test_bad_filter_dates_show_the_cli_words(seeded_db):
    async def scenario(pilot):
        await press(pilot, "f3", "slash", "tab", *"2026-13-01", "enter")
        return str(pilot.app.screen.query_one("#filter-error").render()), len(_shown_ids(pilot))

    message, shown = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    try:
        d.parse_date("2026-13-01", "from date")
    except ValidationError as e:
        assert message == str(e)
    assert shown == rows(seeded_db, "SELECT count(*) FROM episode")[0][0]  # unfiltered still


def test_pages_of_a_large_diary(db_path, frozen_env):
    from spasmlog.sample import generate_many, seed_store

    with open_store(db_path, today=NOW.date()) as store:
        seed_store(store, generate_many(PAGE_SIZE * 2 + 5, end=NOW.date() - timedelta(days=1)))

    async def scenario(pilot):
        await press(pilot, "f3")
        first = _shown_ids(pilot)
        await press(pilot, "n")
        second = _shown_ids(pilot)
        await press(pilot, "n")
        third = _shown_ids(pilot)
        await press(pilot, "up")  # ↑ on the first row: the page before
        return first, second, third, _shown_ids(pilot)

    first, second, third, back = drive(make_app(db_path, clock=frozen_clock), scenario)
    with open_store(db_path, create=False) as store, store.read() as session:
        expected = [e.id for e in repo.iter_episodes(session=session)]
    assert first + second + third == expected
    assert (len(first), len(second), len(third)) == (PAGE_SIZE, PAGE_SIZE, 5)
    assert back == second
