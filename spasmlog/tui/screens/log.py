"""Log (the first screen): one episode in a few keys, saved with repo.add_episode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..widgets.checkin_line import CheckinLine
from ..widgets.episode_form import EpisodeForm
from ..widgets.nav_bar import NavBar

if TYPE_CHECKING:
    from ..app import SpasmlogApp


class LogScreen(Screen):
    """The form, the last save's confirmation, and a line about the diary.

    The app's default screen (``SpasmlogApp.get_default_screen``): Textual loads no
    ``CSS``/``CSS_PATH`` of a default screen, so its styles live in app.tcss.
    """

    AUTO_FOCUS = "#muscle"
    # ↑ from the muscle field (the form's first) moves to the check-in line when it asks.
    BINDINGS = [Binding("up", "checkin", "Check in", show=False)]
    confirmation = ""
    _confirmed_at = -1  # app.diary_version when the confirmation was written
    diary_line = ""
    _resumed = False

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def compose(self) -> ComposeResult:
        yield NavBar("log")
        yield CheckinLine(id="checkin")
        yield EpisodeForm(now=self.app.now, id="form")
        yield Static("opening the diary…", id="status", markup=False)
        yield Footer()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own resume handler. On the first resume every widget was
        # styled moments ago, when it mounted (no theme change since: the app has not run a
        # frame yet), so Textual's usual restyle of the whole screen would only repeat that
        # work and force another layout: about 15-20 ms before the first frame.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        # Start reading after the first frame: the worker's Python work would otherwise
        # compete with the first paint for the interpreter.
        self.call_after_refresh(self.reload)

    # -- reading: the diary line and the last entry's defaults --------------------------

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="log-load")
    def _load(self) -> None:
        from ...domain import yesterday_diary_day
        from ...storage import repo

        yesterday = yesterday_diary_day(self.app.now())
        self.app.read_diary(
            lambda session: (
                repo.count_episodes(session=session),
                repo.last_episode(session=session),  # the last entry: the form's defaults
                next(iter(repo.list_episodes(session=session, limit=1)), None),  # the newest
                _unchecked(session, yesterday),
            ),
            lambda found: self._loaded(*found),
        )

    def _loaded(self, count: int, last, newest, unchecked: tuple | None = None) -> None:
        from ...text import describe

        line = self.query_one(CheckinLine)
        if unchecked is None:
            line.hide()
        else:
            line.ask(*unchecked)
        form = self.query_one(EpisodeForm)
        form.apply_defaults(last)
        if count == 0 or newest is None:
            self.diary_line = "a new diary — log your first episode above"
        else:
            noun = "episode" if count == 1 else "episodes"
            self.diary_line = (
                f"{count:,} {noun} in this diary · newest: #{newest.id} {describe(newest)}"
            )
        self._show_status()

    def _show_status(self) -> None:
        """One widget, two lines: the last save's confirmation, then the diary line."""
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.confirmation and self._confirmed_at != self.app.diary_version:
            self.confirmation = ""  # the diary changed since (an undo, an edit): stale
        if self.confirmation:
            text.append(self.confirmation + "\n", "bold green")
        text.append(self.diary_line, "dim")
        self.query_one("#status", Static).update(text)

    # -- saving -------------------------------------------------------------------------

    @on(EpisodeForm.Submitted)
    def _submitted(self, event: EpisodeForm.Submitted) -> None:
        event.stop()
        self._save(event.fields, event.form)

    @work(thread=True, group="diary-write")
    def _save(self, fields: dict, form: EpisodeForm) -> None:
        from ...domain import Episode
        from ...storage import repo

        def add(session):
            episode = Episode(**fields)
            return repo.add_episode(session=session, episode=episode), episode

        self.app.write_diary(
            add, lambda saved, warnings: self._saved(saved[0], saved[1], warnings), form=form
        )

    def _saved(self, new_id: int, episode, warnings: list[str]) -> None:
        from ...text import describe

        self.app.diary_changed(f"Saved episode #{new_id}", warnings)  # reloads this screen
        self.confirmation = f"✓ Saved episode #{new_id}: {describe(episode)} (undo: u in History)"
        self._confirmed_at = self.app.diary_version
        self._show_status()
        self.query_one(EpisodeForm).reset()

    # -- the morning check-in ------------------------------------------------------------

    def action_checkin(self) -> None:
        self.query_one(CheckinLine).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "checkin":
            line = self.query_one(CheckinLine)
            return line.asking and self.focused is self.query_one("#muscle")
        return True

    @on(CheckinLine.Answered)
    def _answered(self, event: CheckinLine.Answered) -> None:
        event.stop()
        self._check_in(event.checkin)

    @work(thread=True, group="diary-write")
    def _check_in(self, checkin) -> None:
        from ...storage import repo

        self.app.write_diary(
            lambda session: (
                repo.add_checkin(session=session, checkin=checkin),
                repo.count_diary_day_episodes(session=session, day=checkin.day),
            ),
            lambda saved, warnings: self._checked_in(*saved, warnings),
        )

    def _checked_in(self, checkin, cramps: int, warnings: list[str]) -> None:
        from ...text import checkin_summary, day

        self.query_one(CheckinLine).hide()
        self.query_one("#muscle").focus()
        self.app.diary_changed(
            f"Checked in for {day(checkin.day)}: {checkin_summary(checkin, cramps)}", warnings
        )

    def action_save_form(self) -> None:
        self.query_one(EpisodeForm).action_save()


def _unchecked(session, yesterday) -> tuple | None:
    """(yesterday, cramps logged) when yesterday's diary day has no check-in and the diary
    had begun by then; otherwise None (nothing to ask)."""
    from ...storage import repo

    if repo.get_checkin(session=session, day=yesterday) is not None:
        return None
    start = repo.diary_start(session=session, as_of=yesterday)
    if start is None:
        return None
    return yesterday, repo.count_diary_day_episodes(session=session, day=yesterday)
