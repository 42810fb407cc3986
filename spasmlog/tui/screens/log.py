"""Log (the first screen): one episode in a few keys, saved with repo.add_episode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.episode_form import EpisodeForm
from ..widgets.footer import QuietFooter
from ..widgets.nav_bar import NavBar

if TYPE_CHECKING:
    from ..app import SpasmlogApp


class LogScreen(Screen):
    """The form, the last save's confirmation, and a line about the diary."""

    AUTO_FOCUS = "#muscle"
    confirmation = ""
    diary_line = ""
    _resumed = False

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def compose(self) -> ComposeResult:
        yield NavBar("log")
        yield EpisodeForm(now=self.app.now, id="form")
        yield Static("opening the diary…", id="status", markup=False)
        yield QuietFooter()

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
        from ...storage import repo

        found = self.app.read_diary(
            lambda session: (
                repo.count_episodes(session=session),
                repo.last_episode(session=session),
            )
        )
        if found is not None:
            self.app.call_from_thread(self._loaded, *found)

    def _loaded(self, count: int, last) -> None:
        from ...text import describe

        form = self.query_one(EpisodeForm)
        form.apply_defaults(last)
        if count == 0:
            self.diary_line = "a new diary — log your first episode above"
        else:
            noun = "episode" if count == 1 else "episodes"
            self.diary_line = f"{count:,} {noun} in this diary · last: #{last.id} {describe(last)}"
        self._show_status()

    def _show_status(self) -> None:
        """One widget, two lines: the last save's confirmation, then the diary line."""
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.confirmation:
            text.append(self.confirmation + "\n", "bold green")
        text.append(self.diary_line, "dim")
        self.query_one("#status", Static).update(text)

    # -- saving -------------------------------------------------------------------------

    @on(EpisodeForm.Submitted)
    def _submitted(self, event: EpisodeForm.Submitted) -> None:
        event.stop()
        self._save(event.fields)

    @work(thread=True, exclusive=True, group="diary-write")
    def _save(self, fields: dict) -> None:
        from ...domain import Episode
        from ...storage import repo

        def add(session):
            episode = Episode(**fields)
            return repo.add_episode(session=session, episode=episode), episode

        saved = self.app.write_from_form(self.query_one(EpisodeForm), add)
        if saved is None:
            return
        (new_id, episode), warnings = saved
        self.app.call_from_thread(self._saved, new_id, episode, warnings)

    def _saved(self, new_id: int, episode, warnings: list[str]) -> None:
        from ...text import describe

        self.confirmation = f"✓ Saved episode #{new_id}: {describe(episode)} (undo: u in History)"
        self._show_status()
        self.notify(f"Saved episode #{new_id}", markup=False)
        for warning in warnings:
            self.notify(warning, severity="warning", markup=False, timeout=10)
        self.query_one(EpisodeForm).reset()
        self.reload()

    def action_save_form(self) -> None:
        self.query_one(EpisodeForm).action_save()
