"""The export dialog (key ``x``): pick a format, a date range and a file; the core exports.

It only collects choices and calls :func:`spasmlog.export.export`, the same function as
``spasmlog export``, in a thread worker (the PDF takes a moment), then says where the file
went. Blank dates mean the format's default range: the 12 weeks ending today for the
summaries (pdf, md), the whole diary for the data formats (csv, json, fhir).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ...text import visible
from ..workers import reply

if TYPE_CHECKING:
    from ..app import SpasmlogApp


class ExportScreen(ModalScreen[Path | None]):
    """A modal form; dismissed with the written path (or None when cancelled)."""

    BINDINGS = [Binding("escape", "close", "Close")]

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def __init__(self) -> None:
        super().__init__()
        self._suggested: str | None = None
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        from ...export import FORMATS

        with VerticalScroll(id="dialog", can_focus=False):
            yield Label("Export the diary", id="title")
            with RadioSet(id="format", compact=True):
                for i, (name, mod) in enumerate(FORMATS.items()):
                    yield RadioButton(mod.LABEL, value=i == 0, name=name, id=f"format-{name}")
            with Horizontal(classes="row"):
                with Vertical(classes="field"):
                    yield Label("From (YYYY-MM-DD)")
                    yield Input(placeholder="default", id="from", compact=True)
                with Vertical(classes="field"):
                    yield Label("To (YYYY-MM-DD)")
                    yield Input(placeholder="today", id="to", compact=True)
            yield Label("Save to")
            yield Input(id="path", compact=True)
            yield Static("", id="message", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Export", variant="primary", id="export", compact=True)
                yield Button("Close", id="close", compact=True)

    def on_mount(self) -> None:
        self._suggest()
        self.query_one("#format", RadioSet).focus()

    # --- the choices -----------------------------------------------------------------

    @property
    def fmt(self) -> str:
        pressed = self.query_one("#format", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else "pdf"

    def _today(self) -> date:
        return self.app.now().date()

    def _dates(self) -> tuple[date | None, date | None]:
        from ...domain import parse_date

        start_text = self.query_one("#from", Input).value.strip()
        end_text = self.query_one("#to", Input).value.strip()
        start = parse_date(start_text, "from date") if start_text else None
        end = parse_date(end_text, "to date") if end_text else None
        return start, end

    def _suggest(self) -> None:
        """Fill in a file name after the format and range, unless the person typed their own."""
        from ...errors import InputError
        from ...export import default_filename, resolve_range

        path_input = self.query_one("#path", Input)
        if path_input.value and path_input.value != self._suggested:
            return
        try:
            start, end = resolve_range(self.fmt, *self._dates(), self._today())
        except InputError:
            return
        folder = (
            Path(self._suggested).parent if self._suggested else _default_folder(self.app.db_path)
        )
        suggestion = str(folder / default_filename(self.fmt, start, end, self._today()))
        self._suggested = suggestion
        path_input.value = suggestion

    @on(RadioSet.Changed, "#format")
    def _format_changed(self) -> None:
        self._suggest()

    @on(Input.Changed, "#from, #to")
    def _dates_changed(self) -> None:
        self._suggest()

    # --- doing it --------------------------------------------------------------------

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if self.written is not None:  # said once the dialog is gone: a toast would cover it
            self.app.notify(f"Exported to {visible(str(self.written))}", markup=False)
        self.dismiss(self.written)

    @on(Button.Pressed, "#export")
    @on(Input.Submitted)
    def _export_pressed(self) -> None:
        from ...errors import InputError
        from ...export import check_export_target, resolve_range

        try:
            start, end = self._dates()
            resolve_range(self.fmt, start, end, self._today())
            text = self.query_one("#path", Input).value.strip()
            if not text:
                raise InputError("give a file to save to")
            # the core's refusal of dangerous targets (the diary, its journals, a safety
            # copy, any SQLite file, a device): said before asking to replace anything
            path = check_export_target(Path(text).expanduser(), self.app.db_path)
        except InputError as e:
            self._failed(str(e))
            return
        if path.exists():
            from .confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._start(start, end, path)
                else:
                    self._say("Not exported: the existing file was kept")

            self.app.push_screen(
                ConfirmScreen(f"{visible(str(path))} already exists. Replace it?", yes="Replace"),
                answered,
            )
            return
        self._start(start, end, path)

    def _start(self, start: date | None, end: date | None, path: Path) -> None:
        self._say("Exporting…")
        self.query_one("#export", Button).disabled = True
        self.run_export(self.fmt, start, end, path)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, fmt: str, start: date | None, end: date | None, path: Path) -> None:
        from ...errors import SpasmlogError
        from ...export import export
        from ...storage import open_store

        try:
            store = open_store(self.app.db_path, create=False, today=self._today())
            try:
                written = export(
                    store,
                    fmt,
                    start=start,
                    end=end,
                    today=self._today(),
                    out_path=path,
                    stdout=None,
                )
            finally:
                store.close()
        except SpasmlogError as e:
            reply(self.app, self._failed, str(e))
        except OSError as e:
            reply(self.app, self._failed, f"could not write {path}: {e.strerror or e}")
        else:
            reply(self.app, self._done, written)

    def _done(self, written: Path) -> None:
        self.written = written
        self.query_one("#export", Button).disabled = False
        self._say(f"Saved to {visible(str(written))}")

    def _failed(self, message: str) -> None:
        self.query_one("#export", Button).disabled = False
        self._say(f"Not exported: {visible(' '.join(message.split()))}", error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#message", Static)
        message.update(text)
        message.set_class(error, "error")


def _default_folder(diary: Path) -> Path:
    """The demo's temporary folder for the demo's diary; else ~/Documents when it exists,
    else the home folder."""
    from ...export import default_folder

    demo = default_folder(diary)
    if demo is not None:
        return demo
    home = Path.home()
    documents = home / "Documents"
    return documents if documents.is_dir() else home
