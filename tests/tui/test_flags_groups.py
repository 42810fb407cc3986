"""Flags grouped New / Ongoing / Discussed at your visit, each finding's 'why this matters'
with its source, on the demo diary (which holds a visit)."""

from __future__ import annotations

from common import NOW
from tuihelp import drive, frozen_clock, press, rows, settle

from spasmlog.analysis.flags import RULE_IDS
from spasmlog.sample import make_demo_diary
from spasmlog.text import RULE_EXPLANATIONS, day
from spasmlog.tui.app import make_app
from spasmlog.tui.screens.flags import WhyScreen
from spasmlog.tui.widgets.flag_card import FlagCard


def test_every_rule_has_an_explanation_with_a_source():
    assert set(RULE_EXPLANATIONS) == set(RULE_IDS)
    for why, source in RULE_EXPLANATIONS.values():
        assert why.strip() and source.strip()


def test_flags_are_grouped_by_status_and_explain_why(tmp_path, frozen_env):
    folder = tmp_path / "demo"
    folder.mkdir(mode=0o700)
    db = make_demo_diary(folder, now=NOW)
    ((visit,),) = rows(db, "SELECT max(day) FROM marker WHERE kind = 'visit'")

    async def scenario(pilot):
        await press(pilot, "f5")
        await settle(pilot)
        screen = pilot.app.screen
        title = str(screen.query_one("#flags-title").render())
        headings = [str(h.render()) for h in screen.query(".flag-group")]
        cards = list(screen.query(FlagCard))
        statuses = [c.flag.status for c in cards]
        collapsed = [c.collapsed for c in cards]
        await press(pilot, "w")
        why = str(pilot.app.screen.query_one("#why").render())
        opened = isinstance(pilot.app.screen, WhyScreen)
        await press(pilot, "escape")
        await settle(pilot)  # the screen reads the diary again when it is shown again
        first_discussed = next(
            c for c in pilot.app.screen.query(FlagCard) if c.flag.status == "discussed"
        )
        first_discussed.focus()
        await pilot.pause()
        focused = pilot.app.focused is first_discussed
        await press(pilot, "space")
        return (
            title,
            headings,
            statuses,
            collapsed,
            opened,
            why,
            (focused, first_discussed.collapsed),
        )

    title, headings, statuses, collapsed, opened, why, still_collapsed = drive(
        make_app(db, clock=frozen_clock), scenario
    )
    order = {"new": 0, "ongoing": 1, "discussed": 2}
    assert statuses == sorted(statuses, key=order.get)
    assert f"{statuses.count('new')} new of {len(statuses)} findings" in title
    assert headings[-1].startswith(f"Discussed at your visit on {day(_d(visit), year=True)}")
    assert collapsed == [s == "discussed" for s in statuses]
    assert opened and "Why this matters" in why and "Source:" in why
    assert still_collapsed == (True, False)


def _d(text):
    from datetime import date

    return date.fromisoformat(text)
