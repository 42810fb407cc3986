"""Flags: the analyzer's findings (analysis.evaluate_flags) as cards, with the disclaimer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...messages import DISCLAIMER
from ..widgets.flag_card import FlagCard
from ..widgets.footer import QuietFooter
from ..widgets.nav_bar import NavBar

if TYPE_CHECKING:
    from ..app import SpasmlogApp


class FlagsScreen(Screen):
    DEFAULT_CSS = """
    FlagsScreen #flags-title {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    FlagsScreen #cards {
        height: 1fr;
        padding: 0 1;
    }
    FlagsScreen #no-flags {
        padding: 1 1;
    }
    """
    BINDINGS = [
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("up,k", "move(-1)", "Previous", show=False),
        Binding("l", "app.switch_mode('log')", "Log", show=False),
        Binding("h", "app.switch_mode('history')", "History", show=False),
        Binding("t", "app.switch_mode('trends')", "Trends", show=False),
    ]

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def __init__(self) -> None:
        super().__init__()
        self.flags: list = []

    def compose(self) -> ComposeResult:
        yield NavBar("flags")
        yield Static("checking the diary…", id="flags-title", markup=False)
        yield VerticalScroll(id="cards")
        yield Static(DISCLAIMER, id="disclaimer", classes="disclaimer", markup=False)
        yield QuietFooter()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load(self.app.now().date())

    @work(thread=True, exclusive=True, group="flags-load")
    def _load(self, as_of) -> None:
        from ...analysis import evaluate_flags
        from ...config import load_config
        from ...errors import InputError

        config_problem = None
        try:
            thresholds = load_config().thresholds
        except InputError as e:
            thresholds, config_problem = None, f"{e} — using the default thresholds"
        flags = self.app.read_diary(
            lambda session: evaluate_flags(session, as_of=as_of, thresholds=thresholds)
        )
        if flags is not None:
            self.app.call_from_thread(self._loaded, as_of, flags, config_problem)

    def _loaded(self, as_of, flags: list, config_problem: str | None) -> None:
        self.flags = flags
        if flags:
            # Each card carries its severity's label, most severe first; the title counts them.
            findings = f"{len(flags)} finding{'s' if len(flags) != 1 else ''}"
            title = f"as of {as_of:%a %d %b %Y}: {findings} · Enter: episodes"
        else:
            title = f"as of {as_of:%a %d %b %Y}"
        if config_problem:
            title += f"\nconfig: {config_problem}"
        self.query_one("#flags-title", Static).update(title)
        cards = self.query_one("#cards", VerticalScroll)
        focused_rule = getattr(self.focused, "flag", None)
        cards.remove_children()
        if flags:
            new = [FlagCard(f) for f in flags]
            cards.mount_all(new)
            target = next(
                (c for c in new if focused_rule and c.flag.rule == focused_rule.rule), new[0]
            )
            self.call_after_refresh(target.focus)
        else:
            cards.mount(
                Static(
                    "No findings: nothing in your diary matches the guide's reasons to see a "
                    "doctor.",
                    id="no-flags",
                    markup=False,
                )
            )

    def action_move(self, step: int) -> None:
        if step > 0:
            self.focus_next(FlagCard)
        else:
            self.focus_previous(FlagCard)

    @on(FlagCard.Open)
    def _open(self, event: FlagCard.Open) -> None:
        flag = event.card.flag
        if not flag.episode_ids:
            self.notify("this finding names no episodes", timeout=3)
            return
        self.app.show_evidence(f"the {flag.rule} finding", flag.episode_ids)
