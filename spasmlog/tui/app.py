"""The Textual app: four screens (Log, History, Trends, Flags) as modes, one factory.

``make_app(db_path, clock=...)`` builds exactly the app the CLI runs, for tests too. All
database work happens in thread workers that open the diary themselves (``app.open_store``)
and talk back through ``call_from_thread``; screens other than Log, and the analysis layer,
are imported only when first needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen


def _log_screen() -> Screen:
    from .screens.log import LogScreen

    return LogScreen()


def _history_screen() -> Screen:
    from .screens.history import HistoryScreen

    return HistoryScreen()


def _trends_screen() -> Screen:
    from .screens.trends import TrendsScreen

    return TrendsScreen()


def _flags_screen() -> Screen:
    from .screens.flags import FlagsScreen

    return FlagsScreen()


def _commands_provider():
    from .palette import SpasmlogCommands

    return SpasmlogCommands


T = TypeVar("T")
KEY_WAIT_S = 0.5  # the longest a key waits for the one before it
# Rounds of waiting: a message a field posts climbs one widget a round (Input -> its row ->
# the form, which moves focus on).
KEY_ROUNDS = 4

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class SpasmlogApp(App):
    """spasmlog's face. ``db_path`` is the diary; ``now()`` the (possibly frozen) clock."""

    CSS_PATH = "app.tcss"
    TITLE = "spasmlog"
    # "log" is added to the modes once the app has mounted (``on_mount``): the first screen
    # is built by ``get_default_screen``, as in a plain Textual app. A first screen from
    # MODES made Textual restyle the whole app (every source of CSS parsed again, ~40 ms)
    # and draw the first frame only after the Footer had rebuilt its keys (~75 ms more);
    # see docs/tui.md, Speed.
    MODES = {
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
        Binding("ctrl+t", "toggle_theme", "Light/dark", key_display="^t", show=False),
        Binding("ctrl+y", "redo", "Redo", key_display="^y", show=False),
        Binding("ctrl+q", "quit", "Quit", key_display="^q", priority=True),
    ]

    def __init__(self, db_path: Path, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self._clock = clock
        self._key_in_flight = False  # a key is being handled: the next ones wait
        self._held_keys: list[events.Key] = []
        self._key_task: asyncio.Task | None = None
        # Counts the writes this app made: a screen can tell that what it shows is stale.
        self.diary_version = 0
        # Ids a flag points at; History shows them when it is next resumed.
        self.pending_evidence: tuple[str, tuple[int, ...]] | None = None

    def get_default_screen(self) -> Screen:
        """The Log screen, the first one shown (the "log" mode's screen)."""
        return _log_screen()

    def on_mount(self) -> None:
        # From now on F2 and switch_mode('log') return to the screen shown at start.
        self.add_mode("log", _log_screen)

    # -- keys in a burst ----------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys are handled one at a time, each where focus is once the one before it is done.

        Textual hands every key to the focused widget at once, and the key's bindings run
        when it comes back up to the app; a burst (a paste, a macro, a fast typist over ssh)
        would then reach a field before the key ahead of it moved focus on. So a key waits
        (in arrival order) until the one before it has been handled by the focused widget,
        the widgets above it and the app; then it goes where focus is by then.
        """
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if self._key_in_flight or (self._held_keys and event is not self._held_keys[0]):
            self._held_keys.append(event)
            return
        if self._held_keys:
            self._held_keys.pop(0)
        self._key_in_flight = True
        await super().on_event(event)
        self._key_task = asyncio.create_task(self._key_handled())

    async def _key_handled(self) -> None:
        """Wait until the last key's handling is done, then let the next held key go."""
        try:
            for _ in range(KEY_ROUNDS):
                node = self.focused or self.screen
                for pump in (node, *node.ancestors):
                    done = asyncio.Event()
                    if pump.call_later(done.set):  # False: that widget has gone
                        await asyncio.wait_for(done.wait(), KEY_WAIT_S)
        except TimeoutError:
            pass  # busy elsewhere: never hold keys longer
        finally:
            self._key_in_flight = False
            if self._held_keys:
                self.post_message(self._held_keys[0])

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

    def reply_from_worker(self, callback: Callable[..., object], *args: object) -> None:
        """From a thread worker: ``callback(*args)`` on the UI thread unless it was cancelled."""
        from .workers import reply

        reply(self, callback, *args)

    def read_diary(self, query: Callable[[Any], T], show: Callable[[T], object]) -> None:
        """In a thread worker: ``show(query(session))`` on the UI thread, ``query`` run on one
        consistent snapshot of the diary. A failure is shown as one plain line; a cancelled
        worker (a newer load superseded it) stays silent either way.
        """
        try:
            with self.open_store() as store:
                with store.read() as session:
                    result = query(session)
        except Exception as e:  # noqa: BLE001 - reported on screen, never a traceback
            self.reply_from_worker(self.report_error, e)
            return
        self.reply_from_worker(show, result)

    def write_diary(
        self,
        change: Callable[[Any], T],
        done: Callable[[T, list[str]], object],
        *,
        form: Any = None,
    ) -> None:
        """In a thread worker: ``change(session)`` in one write transaction, then
        ``done(result, warnings)`` on the UI thread after COMMIT.

        The one write path of the app (Log, Edit, delete, undo). A ValidationError is
        shown at ``form``'s field when a form is given, any other failure as one plain line;
        a cancelled worker stays silent.
        """
        from ..errors import ValidationError

        try:
            with self.open_store() as store:
                with store.write() as session:
                    result = change(session)
                warnings = list(store.warnings)
        except ValidationError as e:
            if form is not None:
                self.reply_from_worker(form.show_validation_error, e)
            else:
                self.reply_from_worker(self.report_error, e)
            return
        except Exception as e:  # noqa: BLE001 - reported on screen, never a traceback
            self.reply_from_worker(self.report_error, e)
            return
        self.reply_from_worker(done, result, warnings)

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

    def action_add_marker(self, kind: str) -> None:
        """A doctor visit (``kind`` 'visit') or a change marker ('change'), dated today unless
        changed; drawn on the Trends chart."""
        from .screens.days import MarkerScreen

        self.push_screen(MarkerScreen(kind))

    def action_patterns(self) -> None:
        from .screens.patterns import PatternsScreen

        self.push_screen(PatternsScreen())

    def action_profile(self) -> None:
        from .screens.days import ProfileScreen

        self.push_screen(ProfileScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def action_undo(self) -> None:
        """Undo the last change to the diary, whatever screen is shown; one that would
        remove an added record asks first (repo.pending_undo tells)."""
        self._check_undo()

    @work(thread=True, group="diary-undo")
    def _check_undo(self) -> None:
        from ..storage import repo

        self.read_diary(lambda session: repo.pending_undo(session=session), self._ask_undo)

    def _ask_undo(self, pending) -> None:
        from ..messages import NOTHING_TO_UNDO
        from .screens.confirm import ConfirmScreen

        if pending is None:
            self.notify(NOTHING_TO_UNDO, markup=False)
        elif pending.removes_added:

            def answered(yes: bool | None) -> None:
                if yes:
                    self._undo()

            self.push_screen(
                ConfirmScreen(f"{pending.question()}\nctrl+y redoes it.", yes="Undo"), answered
            )
        else:
            self._undo()

    @work(thread=True, group="diary-write")
    def _undo(self) -> None:
        from ..messages import NOTHING_TO_UNDO
        from ..storage import repo

        self.write_diary(
            lambda session: repo.undo_last(session=session),
            lambda undone, warnings: self.diary_changed(
                f"{undone.describe()} (ctrl+y redoes it)" if undone else NOTHING_TO_UNDO,
                warnings,
            ),
        )

    def action_redo(self) -> None:
        """Redo what the last undo took back (repo.redo_last)."""
        self._redo()

    @work(thread=True, group="diary-write")
    def _redo(self) -> None:
        from ..messages import NOTHING_TO_REDO
        from ..storage import repo

        self.write_diary(
            lambda session: repo.redo_last(session=session),
            lambda redone, warnings: self.diary_changed(
                redone.describe() if redone else NOTHING_TO_REDO, warnings
            ),
        )

    def diary_changed(self, message: str | None = None, warnings: Sequence[str] = ()) -> None:
        """After a write: tell the person, and let the shown screen reload its data."""
        self.diary_version += 1
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
