"""Flags: the analyzer's findings (analysis.flag_report) as cards grouped New / Ongoing /
Discussed at your last visit, each with why it matters (``w``), and the disclaimer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from ...messages import DISCLAIMER
from ..widgets.flag_card import FlagCard
from ..widgets.nav_bar import NavBar

if TYPE_CHECKING:
    from ..app import SpasmlogApp


class FlagsScreen(Screen):
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
        yield Footer()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load(self.app.now().date())

    @work(thread=True, exclusive=True, group="flags-load")
    def _load(self, as_of) -> None:
        from ...analysis.flags import flag_report
        from ...config import load_config
        from ...errors import InputError

        config_problem = None
        try:
            thresholds = load_config().thresholds
        except InputError as e:
            thresholds, config_problem = None, f"{e} — using the default thresholds"
        self.app.read_diary(
            lambda session: flag_report(session, as_of=as_of, thresholds=thresholds),
            lambda report: self._loaded(as_of, report, config_problem),
        )

    def _loaded(self, as_of, report, config_problem: str | None) -> None:
        from ...text import day

        flags = list(report.flags)
        self.flags = flags
        groups = [
            ("New", [f for f in flags if f.status == "new"]),
            ("Ongoing", [f for f in flags if f.status == "ongoing"]),
            (
                f"Discussed at your visit on {day(report.last_visit, year=True)}"
                if report.last_visit
                else "Discussed at your last visit",
                [f for f in flags if f.status == "discussed"],
            ),
        ]
        if flags:
            findings = f"{len(flags)} finding{'s' if len(flags) != 1 else ''}"
            title = (
                f"as of {as_of:%a %d %b %Y}: {len(groups[0][1])} new of {findings}"
                " · Enter: episodes · w: why"
            )
        else:
            title = f"as of {as_of:%a %d %b %Y}"
        if config_problem:
            title += f"\nconfig: {config_problem}"
        self.query_one("#flags-title", Static).update(title)
        cards = self.query_one("#cards", VerticalScroll)
        focused_rule = getattr(self.focused, "flag", None)
        cards.remove_children()
        if flags:
            widgets: list[Static] = []
            new: list[FlagCard] = []
            for heading, members in groups:
                if not members:
                    continue
                widgets.append(Static(f"{heading} ({len(members)})", classes="flag-group"))
                for flag in members:
                    card = FlagCard(flag, collapsed=flag.status == "discussed")
                    new.append(card)
                    widgets.append(card)
            cards.mount_all(widgets)
            target = next(
                (c for c in new if focused_rule and c.flag.rule == focused_rule.rule), new[0]
            )
            if target is new[0]:  # the top, with the first group's heading in sight

                def first() -> None:
                    target.focus(scroll_visible=False)
                    cards.scroll_home(animate=False)

                self.call_after_refresh(first)
            else:
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

    @on(FlagCard.Why)
    def _why(self, event: FlagCard.Why) -> None:
        self.app.push_screen(WhyScreen(event.card.flag))

    @on(FlagCard.Open)
    def _open(self, event: FlagCard.Open) -> None:
        flag = event.card.flag
        if not flag.episode_ids:
            self.notify("this finding names no episodes", timeout=3)
            return
        self.app.show_evidence(f"the finding '{flag.title}'", flag.episode_ids)


class WhyScreen(ModalScreen[None]):
    """Why one finding matters, and the guidance it comes from (spasmlog.text)."""

    BINDINGS = [Binding("escape,w,q,enter", "close", "Close")]

    def __init__(self, flag) -> None:
        super().__init__()
        self.flag = flag

    def compose(self) -> ComposeResult:
        from ...text import rule_explanation, severity_label

        why, source = rule_explanation(self.flag.rule)
        text = Text()
        text.append(f"{severity_label(self.flag.severity)}: ", "bold")
        text.append(self.flag.title, "bold")
        text.append("\n\nWhy this matters\n", "bold")
        text.append(why)
        text.append("\n\nSource: ", "bold")
        text.append(source)
        text.append("\n\nThe rules and their sources in full: docs/flags.md", "dim")
        with VerticalScroll(classes="dialog"):
            yield Static(text, id="why")
            yield Static("Esc: close", id="message", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
