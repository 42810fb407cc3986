"""Trends, Flags (evidence, disclaimer), the palette, help, themes, export wiring."""

from __future__ import annotations

from datetime import timedelta

from common import NOW, add, make_episode
from tuihelp import drive, frozen_clock, press, settle

from spasmlog.analysis import evaluate_flags, weekly_trends
from spasmlog.messages import DISCLAIMER
from spasmlog.storage import open_store
from spasmlog.tui.app import make_app
from spasmlog.tui.widgets.episode_table import EpisodeTable
from spasmlog.tui.widgets.flag_card import FlagCard
from spasmlog.tui.widgets.week_chart import WeekChart


def _analysis(db):
    with open_store(db, create=False) as store, store.read() as session:
        return (
            weekly_trends(session, as_of=NOW.date(), weeks=12),
            evaluate_flags(session, as_of=NOW.date()),
        )


def test_flag_cards_match_the_analyzer_and_enter_opens_the_evidence(seeded_db):
    _, flags = _analysis(seeded_db)
    assert flags, "the seeded diary should raise findings"

    async def scenario(pilot):
        await press(pilot, "f5")
        cards = list(pilot.app.screen.query(FlagCard))
        disclaimer = str(pilot.app.screen.query_one("#disclaimer").render())
        await press(pilot, "down", "enter")  # the second card's evidence
        table = pilot.app.screen.query_one(EpisodeTable)
        shown = sorted(int(table.get_row_at(i)[0]) for i in range(table.row_count))
        return (
            [(c.flag.rule, c.flag.severity) for c in cards],
            disclaimer,
            pilot.app.current_mode,
            shown,
        )

    cards, disclaimer, mode, shown = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    assert cards == [(f.rule, f.severity) for f in flags]
    assert " ".join(disclaimer.split()) == DISCLAIMER
    assert mode == "history"
    assert shown == sorted(flags[1].episode_ids)


def test_flags_screen_on_an_empty_diary_still_shows_the_disclaimer(db_path, frozen_env):
    async def scenario(pilot):
        await press(pilot, "f5")
        return (
            len(pilot.app.screen.query(FlagCard)),
            str(pilot.app.screen.query_one("#no-flags").render()),
            pilot.app.screen.query_one("#disclaimer").display,
        )

    count, text, shown = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert count == 0 and text.startswith("No findings") and shown


def test_trends_shows_the_weeks_and_moves_through_them(seeded_db):
    trends, _ = _analysis(seeded_db)

    async def scenario(pilot):
        await press(pilot, "f4")
        chart = pilot.app.screen.query_one(WeekChart)
        weeks = [w.week for w in chart.weeks]
        breakdown_last = str(pilot.app.screen.query_one("#breakdown").render())
        await press(pilot, "left")
        breakdown_prev = str(pilot.app.screen.query_one("#breakdown").render())
        await press(pilot, "left_square_bracket")  # four weeks back
        as_of = pilot.app.screen.as_of
        await press(pilot, "home")
        breakdown_home = str(pilot.app.screen.query_one("#breakdown").render())
        return weeks, breakdown_last, breakdown_prev, as_of, pilot.app.screen.as_of, breakdown_home

    weeks, last, prev, shifted, home, after_home = drive(
        make_app(seeded_db, clock=frozen_clock), scenario
    )
    assert after_home == last  # Home: this week again, selected
    assert weeks == [w.week for w in trends.weeks]
    assert last.startswith(trends.weeks[-1].week) and f"{trends.weeks[-1].count} episode" in last
    assert prev.startswith(trends.weeks[-2].week)
    assert shifted == NOW.date() - timedelta(weeks=4)
    assert home == NOW.date()


def test_palette_reaches_actions_by_name(store, db_path, frozen_env):
    add(store, make_episode(pain=4))

    async def scenario(pilot):
        await press(pilot, "f3", "ctrl+p", *"undo last", "enter")
        await settle(pilot)
        await press(pilot, "ctrl+p", *"trends", "enter")
        return pilot.app.current_mode

    mode = drive(make_app(db_path, clock=frozen_clock), scenario)
    from tuihelp import rows

    assert rows(db_path, "SELECT count(*) FROM episode")[0][0] == 0  # the add was undone
    assert mode == "trends"


def test_help_theme_and_export_keys(db_path, frozen_env):
    async def scenario(pilot):
        await press(pilot, "f1")
        help_open = pilot.app.screen.__class__.__name__
        await press(pilot, "escape")
        dark = pilot.app.current_theme.dark
        await press(pilot, "ctrl+t")
        light = not pilot.app.current_theme.dark
        await press(pilot, "f3", "x")
        return (
            help_open,
            dark,
            light,
            pilot.app.screen.__class__.__name__,
            [n.message for n in pilot.app._notifications],
        )

    help_open, dark, light, after_x, notes = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert help_open == "HelpScreen" and dark and light
    try:
        import spasmlog.tui.screens.export  # noqa: F401
    except ModuleNotFoundError:
        assert any("Export is not available" in n for n in notes)
    else:
        assert after_x == "ExportScreen"


def test_mouse_picks_screens_and_choices(db_path, frozen_env):
    from spasmlog.tui.widgets.choice_bar import ChoiceBar
    from spasmlog.tui.widgets.nav_bar import NavBar

    async def scenario(pilot):
        side = pilot.app.screen.query_one("#side", ChoiceBar)
        start, _end, _choice = next(s for s in side._spans if s[2].value == "right")
        await pilot.click("#side", offset=(start, 0))
        await settle(pilot)
        picked = side.value
        nav = pilot.app.screen.query_one(NavBar)
        text = str(nav.render())
        await pilot.click(NavBar, offset=(text.index("Trends"), 0))
        await settle(pilot)
        return picked, pilot.app.current_mode

    picked, mode = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert picked == "right"
    assert mode == "trends"


def test_question_mark_is_text_in_a_field_and_help_elsewhere(db_path, frozen_env):
    async def scenario(pilot):
        await press(pilot, "question_mark")
        typed = pilot.app.screen.query_one("#muscle").value
        await press(pilot, "f3", "question_mark")
        return typed, pilot.app.screen.__class__.__name__

    typed, screen = drive(make_app(db_path, clock=frozen_clock), scenario)
    assert typed == "?"
    assert screen == "HelpScreen"
