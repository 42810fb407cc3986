"""The Textual app: four screens (Log, History, Trends, Flags) as modes, one factory.

``make_app(db_path, clock=...)`` builds exactly the app the CLI runs, for tests too. All
database work happens in thread workers that open the diary themselves (``app.open_store``)
and talk back through ``call_from_thread``; screens other than Log, and the analysis layer,
are imported only when first needed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen


def _styled_now(screen: Screen) -> Screen:
    """Mark a new mode screen as up to date with the stylesheet.

    When it first shows a mode's screen, Textual runs ``refresh_css``: it re-parses every
    CSS source and restyles the app, in case the theme changed while that screen did not
    exist. A screen built just now is styled by the current stylesheet when it mounts, so
    of that pass only the restyle of the App node itself is needed (at start-up the App is
    not styled yet, and the screen's widgets inherit from it); the rest cost about 9 ms
    before the first frame. A theme change still reaches every screen: Textual runs
    ``refresh_css`` for it, and again for any screen it missed.
    """
    app = screen.app
    screen._css_update_count = app._css_update_count
    app.stylesheet.apply(app)
    return screen


def _log_screen() -> Screen:
    from .screens.log import LogScreen

    return _styled_now(LogScreen())


def _history_screen() -> Screen:
    from .screens.history import HistoryScreen

    return _styled_now(HistoryScreen())


def _trends_screen() -> Screen:
    from .screens.trends import TrendsScreen

    return _styled_now(TrendsScreen())


def _flags_screen() -> Screen:
    from .screens.flags import FlagsScreen

    return _styled_now(FlagsScreen())


def _commands_provider():
    from .commands import SpasmlogCommands

    return SpasmlogCommands


LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class SpasmlogApp(App):
    """spasmlog's face. ``db_path`` is the diary; ``now()`` the (possibly frozen) clock."""

    CSS_PATH = "app.tcss"
    TITLE = "spasmlog"
    MODES = {
        "log": _log_screen,
        "history": _history_screen,
        "trends": _trends_screen,
        "flags": _flags_screen,
    }
    DEFAULT_MODE = "log"
    COMMANDS = App.COMMANDS | {_commands_provider}
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "switch_mode('log')", "Log", show=False),
        Binding("f3", "switch_mode('history')", "History", show=False),
        Binding("f4", "switch_mode('trends')", "Trends", show=False),
        Binding("f5", "switch_mode('flags')", "Flags", show=False),
        Binding("x", "export", "Export"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", key_display="^t"),
    ]

    def __init__(self, db_path: Path, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self._clock = clock
        # Ids a flag points at; History shows them when it is next resumed.
        self.pending_evidence: tuple[str, tuple[int, ...]] | None = None

    # -- the clock and the diary --------------------------------------------------------

    def now(self) -> datetime:
        """Now, aware, at the local offset (frozen in tests via ``clock`` or SPASMLOG_NOW)."""
        if self._clock is not None:
            return self._clock()
        from ..domain import local_now

        return local_now()

    def open_store(self):
        """Open the diary (call this inside a thread worker, and close what it returns)."""
        from ..storage.db import open_store

        return open_store(self.db_path, create=True, today=self.now().date())

    def read_diary(self, query):
        """In a thread worker: ``query(session)`` on one consistent snapshot of the diary.

        A failure is shown as one plain line and None returned (queries return non-None).
        """
        try:
            with self.open_store() as store:
                with store.read() as session:
                    return query(session)
        except Exception as e:  # noqa: BLE001 - reported on screen, never a traceback
            self.call_from_thread(self.report_error, e)
            return None

    def write_from_form(self, form, change):
        """In a thread worker: run ``change(session)`` in one write transaction.

        A ValidationError is shown at ``form``'s field, any other failure as one plain
        line. Returns ``(result, warnings)`` after COMMIT, or None if nothing was saved.
        """
        from ..errors import ValidationError

        try:
            with self.open_store() as store:
                with store.write() as session:
                    result = change(session)
                warnings = list(store.warnings)
        except ValidationError as e:
            self.call_from_thread(form.show_validation_error, e)
            return None
        except Exception as e:  # noqa: BLE001 - reported on screen, never a traceback
            self.call_from_thread(self.report_error, e)
            return None
        return result, warnings

    def report_error(self, error: BaseException) -> None:
        """A failure in a worker: one plain line, never a traceback on screen."""
        from ..errors import SpasmlogError

        if isinstance(error, SpasmlogError):
            message = str(error)
        else:
            message = f"the diary could not be used ({type(error).__name__}: {error})"
        self.notify(message, severity="error", markup=False, timeout=8)

    # -- actions (every one reachable from the command palette by name) -----------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        from .screens.export import ExportScreen

        self.push_screen(ExportScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def action_undo(self) -> None:
        """Undo the last change to the diary (repo.undo_last), whatever screen is shown."""
        self._undo()

    @work(thread=True, exclusive=True, group="diary-write")
    def _undo(self) -> None:
        from ..messages import NOTHING_TO_UNDO
        from ..storage import repo

        try:
            with self.open_store() as store:
                with store.write() as session:
                    undone = repo.undo_last(session=session)
                warnings = list(store.warnings)
        except Exception as e:  # noqa: BLE001 - shown to the person, not raised
            self.call_from_thread(self.report_error, e)
            return
        self.call_from_thread(
            self.diary_changed, undone.describe() if undone else NOTHING_TO_UNDO, warnings
        )

    def diary_changed(self, message: str | None = None, warnings: Sequence[str] = ()) -> None:
        """After a write: tell the person, and let the shown screen reload its data."""
        if message:
            self.notify(message, markup=False)
        for warning in warnings:
            self.notify(warning, severity="warning", markup=False, timeout=10)
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()

    def show_evidence(self, title: str, ids: tuple[int, ...]) -> None:
        """Open History filtered to these episodes (a flag's evidence)."""
        self.pending_evidence = (title, tuple(ids))
        apply = getattr(self.screen, "apply_pending_evidence", None)
        if self.current_mode == "history" and apply is not None:
            apply()
        else:
            self.switch_mode("history")


def make_app(db_path: Path, *, clock: Callable[[], datetime] | None = None) -> SpasmlogApp:
    """The app the CLI runs and every test drives: the diary at ``db_path``, an optional clock."""
    return SpasmlogApp(db_path, clock=clock)
