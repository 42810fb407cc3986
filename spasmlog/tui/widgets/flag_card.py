"""One finding of the analyzer as a card, bordered in its severity's colour; Enter opens its
evidence."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from ...text import severity_label
from .choice_bar import FOCUS_MARK


class FlagCard(Static, can_focus=True):
    DEFAULT_CSS = """
    FlagCard {
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
        border: round $primary;
    }
    FlagCard.-urgent {
        border: heavy $error;
    }
    FlagCard.-see-doctor {
        border: round $warning;
    }
    FlagCard.-info {
        border: round $primary 60%;
    }
    /* the focused card: a double border (seen without colour) and a tint */
    FlagCard:focus {
        border: double $primary;
        background: $boost;
    }
    FlagCard.-see-doctor:focus {
        border: double $warning;
    }
    FlagCard.-urgent:focus {
        border: double $error;
        background: $error 15%;
    }
    /* discussed at the last visit: one line, no border, until opened */
    FlagCard.-collapsed, FlagCard.-collapsed:focus {
        border: none;
        margin: 0;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    COLLAPSED_HINT = "space: more"
    BINDINGS = [
        Binding("enter", "open", "Show episodes"),
        Binding("w", "why", "Why this matters"),
        Binding("space", "expand", "More/less", show=False),
        Binding("down,j", "step(1)", "Next", show=False),
        Binding("up,k", "step(-1)", "Previous", show=False),
    ]

    class Open(Message):
        def __init__(self, card: FlagCard) -> None:
            super().__init__()
            self.card = card

        @property
        def control(self) -> FlagCard:
            return self.card

    class Why(Message):
        """The person asked why this finding matters."""

        def __init__(self, card: FlagCard) -> None:
            super().__init__()
            self.card = card

        @property
        def control(self) -> FlagCard:
            return self.card

    def __init__(self, flag, *, collapsed: bool = False) -> None:
        from ...text import day

        super().__init__(classes=f"-{flag.severity}")
        self.flag = flag
        self.collapsed = collapsed  # a finding discussed at the last visit: its title only
        self.set_class(collapsed, "-collapsed")
        self.border_title = severity_label(flag.severity)
        since = f"since {day(flag.since)} · " if flag.status == "ongoing" else ""
        self.border_subtitle = f"{since}w: why"

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        flag = self.flag
        text = Text()
        text.append(flag.title, "bold")
        if self.collapsed:
            focused = self.screen.focused is self
            text = Text(f"{FOCUS_MARK if focused else ' '} ", "bold")
            text.append(f"{severity_label(flag.severity)}: ", "dim")
            text.append(flag.title, "bold" if focused else "")
            text.append(f"  {self.COLLAPSED_HINT}", "dim")
            self.update(text)
            return
        text.append("\n")
        text.append(flag.detail)
        n = len(flag.episode_ids)
        if n:
            text.append(f"\nEnter: show the {n} episode{'s' if n != 1 else ''} behind this", "dim")
        self.update(text)

    def action_open(self) -> None:
        self.post_message(self.Open(self))

    def action_why(self) -> None:
        self.post_message(self.Why(self))

    def action_expand(self) -> None:
        if self.flag.status == "discussed":
            self.collapsed = not self.collapsed
            self.set_class(self.collapsed, "-collapsed")
            self._draw()

    def on_focus(self) -> None:
        if self.collapsed:
            self._draw()

    def on_blur(self) -> None:
        if self.collapsed:
            self._draw()

    def action_step(self, step: int) -> None:
        if step > 0:
            self.screen.focus_next(FlagCard)
        else:
            self.screen.focus_previous(FlagCard)

    def on_click(self, event: events.Click) -> None:
        if event.chain >= 2:
            self.action_open()
