"""Edit one episode in the same form as Log; saved with repo.update_episode."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ...domain import Episode
from ..widgets.episode_form import EpisodeForm


class EditScreen(ModalScreen[bool]):
    """Dismisses with True when the change was saved, False when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#muscle"

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

        self.app.write_diary(
            lambda session: repo.update_episode(
                session=session, episode_id=self.episode.id, changes=fields
            ),
            self._saved,
            form=form,
        )

    def _saved(self, updated: Episode, warnings: list[str]) -> None:
        from ...text import describe

        self.app.diary_changed(f"Edited episode #{updated.id}: {describe(updated)}", warnings)
        self.dismiss(True)
