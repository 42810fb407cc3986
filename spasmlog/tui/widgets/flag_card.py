"""One finding of the analyzer as a card, bordered in its severity's colour; Enter opens its
evidence."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from ...text import severity_label


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
    FlagCard:focus {
        background: $boost;
    }
    FlagCard.-urgent:focus {
        border: heavy $error;
        background: $error 15%;
    }
    """
    BINDINGS = [
        Binding("enter", "open", "Show episodes"),
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

    def __init__(self, flag) -> None:
        super().__init__(classes=f"-{flag.severity}")
        self.flag = flag
        self.border_title = severity_label(flag.severity)
        self.border_subtitle = flag.rule

    def on_mount(self) -> None:
        flag = self.flag
        text = Text()
        text.append(flag.title, "bold")
        text.append("\n")
        text.append(flag.detail)
        n = len(flag.episode_ids)
        if n:
            text.append(f"\nEnter: show the {n} episode{'s' if n != 1 else ''} behind this", "dim")
        self.update(text)

    def action_open(self) -> None:
        self.post_message(self.Open(self))

    def action_step(self, step: int) -> None:
        if step > 0:
            self.screen.focus_next(FlagCard)
        else:
            self.screen.focus_previous(FlagCard)

    def on_click(self, event: events.Click) -> None:
        if event.chain >= 2:
            self.action_open()
