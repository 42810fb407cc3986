"""Edit one episode in the same form as Log; saved with repo.update_episode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain import Episode
from ..widgets.episode_form import EpisodeForm
from ..widgets.footer import QuietFooter

if TYPE_CHECKING:
    from ..app import SpasmlogApp


class EditScreen(ModalScreen[bool]):
    """Dismisses with True when the change was saved, False when cancelled."""

    DEFAULT_CSS = """
    EditScreen {
        align: center middle;
    }
    EditScreen > Vertical {
        width: 100%;
        max-width: 96;
        height: 100%;
        max-height: 30;
        border: thick $accent;
        background: $surface;
    }
    EditScreen #edit-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#muscle"

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def __init__(self, episode: Episode) -> None:
        super().__init__()
        self.episode = episode

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Edit episode #{self.episode.id}", id="edit-title", markup=False)
            yield EpisodeForm(now=self.app.now, mode="edit", id="form")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one(EpisodeForm).fill(self.episode)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(EpisodeForm.Submitted)
    def _submitted(self, event: EpisodeForm.Submitted) -> None:
        event.stop()
        self._save(event.fields)

    @work(thread=True, exclusive=True, group="diary-write")
    def _save(self, fields: dict) -> None:
        from ...storage import repo
        from ...text import describe

        episode_id = self.episode.id
        assert episode_id is not None  # only a stored episode is edited
        saved = self.app.write_from_form(
            self.query_one(EpisodeForm),
            lambda session: repo.update_episode(
                session=session, episode_id=episode_id, changes=fields
            ),
        )
        if saved is None:
            return
        updated, warnings = saved
        self.app.call_from_thread(
            self._saved, f"edited episode {self.episode.id}: {describe(updated)}", warnings
        )

    def _saved(self, message: str, warnings: list[str]) -> None:
        self.app.notify(message, markup=False)
        for warning in warnings:
            self.app.notify(warning, severity="warning", markup=False, timeout=10)
        self.dismiss(True)
