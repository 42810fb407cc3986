"""Start-up shortcuts (docs/tui.md, Speed) must not change what the screens look like.

The app skips two of Textual's start-up passes: the full CSS refresh when a mode's screen
is first built (the Log screen is the app's default screen, and joins the modes once the
app has mounted), and the Log screen's restyle on its first resume. These tests check the
styles those passes would have produced: text drawn in the theme's colours (not in the
background colour), and a theme change reaching screens built before and after it; and
that F2 comes back to the Log screen shown at start.
"""

from __future__ import annotations

from tuihelp import drive, frozen_clock, press

from spasmlog.tui.app import make_app


def _colours(widget):
    """Colours of the widget's drawn first line (text on background), as the screen shows it."""

    def name(colour):
        return None if colour is None else (colour.triplet.hex if colour.triplet else colour.name)

    strip = widget.render_line(0)
    return {
        (name(seg.style.color), name(seg.style.bgcolor))
        for seg in strip
        if seg.text.strip() and seg.style
    }


def test_first_frame_text_is_in_the_theme_colours(seeded_db):
    async def scenario(pilot):
        app = pilot.app
        out = {}
        for selector in ("#nav", "#side", "#pain", "#muscle", "#notes", "#status"):
            out[selector] = _colours(app.screen.query_one(selector))
        return out

    colours = drive(make_app(seeded_db, clock=frozen_clock), scenario)
    for selector, pairs in colours.items():
        assert pairs, selector
        for fg, bg in pairs:
            assert fg and bg and fg != bg, (
                f"{selector}: text drawn in its background colour {pairs}"
            )


def test_f2_comes_back_to_the_log_screen_shown_at_start(seeded_db):
    async def scenario(pilot):
        app = pilot.app
        first = app.screen
        mode_at_start = app.current_mode
        await press(pilot, "h", "a", "m", "f3")
        on_history = app.current_mode
        await press(pilot, "f2")
        return (
            mode_at_start,
            on_history,
            app.current_mode,
            app.screen is first,
            app.screen.query_one("#muscle").value,
        )

    assert drive(make_app(seeded_db, clock=frozen_clock), scenario) == (
        "log",
        "history",
        "log",
        True,
        "ham",  # what was typed before leaving is still there
    )


def test_a_theme_change_reaches_screens_built_before_and_after_it(seeded_db):
    async def scenario(pilot):
        app = pilot.app
        await press(pilot, "f3", "f2")  # History exists (dark), Log shown
        dark = app.screen.styles.background
        await press(pilot, "ctrl+t")  # light, while on Log
        log_light = app.screen.styles.background
        await press(pilot, "f3")  # built before the change
        history = app.screen.styles.background
        await press(pilot, "f4")  # built after it
        trends = app.screen.styles.background
        await press(pilot, "f2")
        return (
            app.current_theme.dark,
            dark,
            log_light,
            history,
            trends,
            app.screen.styles.background,
        )

    still_dark, dark, log_light, history, trends, log_again = drive(
        make_app(seeded_db, clock=frozen_clock), scenario
    )
    assert not still_dark
    assert log_light != dark
    assert history == log_light == trends == log_again
