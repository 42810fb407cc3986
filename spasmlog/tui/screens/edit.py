"""Edit one episode in the same form as Log; saved with repo.update_episode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ...domain import Episode
from ..widgets.episode_form import EpisodeForm

if TYPE_CHECKING:
    from ..app import SpasmlogApp


class EditScreen(ModalScreen[bool]):
    """Dismisses with True when the change was saved, False when cancelled."""

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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(EpisodeForm).fill(self.episode)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(EpisodeForm.Submitted)
    def _submitted(self, event: EpisodeForm.Submitted) -> None:
        event.stop()
        self._save(event.fields, event.form)

    @work(thread=True, group="diary-write")
    def _save(self, fields: dict, form: EpisodeForm) -> None:
        from ...storage import repo

        episode_id = self.episode.id
        assert episode_id is not None  # only a stored episode is edited
        self.app.write_diary(
            lambda session: repo.update_episode(
                session=session, episode_id=episode_id, changes=fields
            ),
            self._saved,
            form=form,
        )

    def _saved(self, updated: Episode, warnings: list[str]) -> None:
        from ...text import describe

        self.app.diary_changed(f"Edited episode #{updated.id}: {describe(updated)}", warnings)
        self.dismiss(True)
