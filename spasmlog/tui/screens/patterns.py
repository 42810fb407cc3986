"""Patterns (``p`` in Trends, or the palette): what came with more cramp days over the
checked days, in the words of ``spasmlog patterns`` (spasmlog.text): each tested factor in
plain words ("came with", never a cause), "no clear difference yet" for the others, and how
many days were checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from ..app import SpasmlogApp


class PatternsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,p,q", "close", "Close")]

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Patterns", classes="dialog-title", markup=False)
            yield Static("reading the diary…", id="patterns", markup=False)
            yield Static("Esc: close · ↑/↓ scroll", id="message", markup=False)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        self._load()

    @work(thread=True, exclusive=True, group="patterns-load")
    def _load(self) -> None:
        from ...analysis.patterns import find_patterns

        as_of = self.app.now().date()
        self.app.read_diary(lambda session: find_patterns(session, as_of=as_of), self._loaded)

    def _loaded(self, result) -> None:
        from ...text import n_of, patterns_lines

        lines = patterns_lines(result)
        text = Text(f"{n_of(result.days_checked, 'checked day')} in the window\n\n")
        text.append("\n".join(lines[2:] if result.first is not None else lines))
        self.query_one("#patterns", Static).update(text)
        self.query_one(".dialog-title", Static).update(lines[0])

    def action_close(self) -> None:
        self.dismiss(None)
