"""The morning check-in line at the top of Log: yesterday's diary day in one line.

It is shown only when yesterday (06:00 to 06:00) has no check-in, and it never takes keys
from the form: focus stays on the muscle field, and the line answers only once the person
moves to it (``↑`` from the muscle field, or a click). There ``Enter`` says the logged
cramps are all of them, ``n`` records a day without cramps (offered only when none are
logged), ``f``/``a`` step through fluids and activity, ``s`` says sleep was disturbed, ``t``
opens a small dialog for the day's tags (suggested only from this diary's own earlier tags)
and ``Esc`` goes back to the form. The line posts :class:`CheckinLine.Answered`; the screen
writes the check-in.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from ...domain import EXERTION_LEVELS, HYDRATION_LEVELS, Checkin
from .choice_bar import FOCUS_MARK


def _step(levels: tuple[str, ...], value: str | None) -> str | None:
    """The next level after ``value``; past the last one, back to not recorded."""
    order: list[str | None] = [None, *levels]
    return order[(order.index(value) + 1) % len(order)]


class CheckinLine(Widget, can_focus=True):
    """Yesterday's check-in, asked in one line; hidden until the screen calls :meth:`ask`."""

    DEFAULT_CSS = """
    CheckinLine {
        height: auto;
        padding: 0 1;
        display: none;
        color: $text;
        background: $boost;
    }
    CheckinLine.-asking {
        display: block;
    }
    CheckinLine:focus {
        background: $accent 30%;
    }
    """

    BINDINGS = [
        Binding("enter", "confirm", "That's all", show=False),
        Binding("n", "none", "None", show=False),
        Binding("f", "fluids", "Fluids", show=False),
        Binding("a", "activity", "Activity", show=False),
        Binding("s", "sleep", "Slept badly", show=False),
        Binding("t", "tags", "Tags", show=False),
        Binding("escape,down", "back", "Back to the form", show=False),
    ]

    class Answered(Message):
        """The person answered; ``checkin`` is what to store."""

        def __init__(self, checkin: Checkin) -> None:
            super().__init__()
            self.checkin = checkin

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.day: date | None = None
        self.cramps = 0
        self.hydration: str | None = None
        self.exertion: str | None = None
        self.sleep_disturbed: bool | None = None
        self.tags: tuple[str, ...] = ()

    @property
    def asking(self) -> bool:
        return self.has_class("-asking")

    def ask(self, day: date, cramps: int) -> None:
        """Show the question for diary day ``day``, which has ``cramps`` episodes logged."""
        if self.day != day:
            self.hydration = self.exertion = self.sleep_disturbed = None
            self.tags = ()
        self.day, self.cramps = day, cramps
        self.add_class("-asking")
        self.refresh(layout=True)

    def hide(self) -> None:
        self.remove_class("-asking")
        if self.has_focus:
            self.screen.focus_next()

    def render(self) -> Text:
        from ...text import EXERTION_WORDS, HYDRATION_WORDS, n_of, visible

        focused = self.has_focus
        text = Text(FOCUS_MARK if focused else "", style="bold")
        text.append("Yesterday and last night: ", style="bold")
        text.append(f"{n_of(self.cramps, 'cramp')} logged")
        chosen = [
            HYDRATION_WORDS[self.hydration] if self.hydration else "",
            EXERTION_WORDS[self.exertion] if self.exertion else "",
            "slept badly" if self.sleep_disturbed else "",
            f"tags: {', '.join(visible(t) for t in self.tags)}" if self.tags else "",
        ]
        for word in filter(None, chosen):
            text.append(f" · {word}", style="bold")
        keys = [("Enter", "that's all")]
        if not self.cramps:
            keys.append(("n", "none"))
        keys += [("f/a", "fluids/activity"), ("s", "slept badly")]
        if focused:
            keys += [("t", "tags"), ("Esc", "later")]
        text.append(" — ↑ then " if not focused else " — ")
        for i, (key, words) in enumerate(keys):
            text.append(" · " if i else "")
            text.append(key, style="bold")
            text.append(f": {words}")
        return text

    def on_focus(self) -> None:
        self.refresh(layout=True)

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def _answer(self, *, complete: bool) -> None:
        if self.day is None:
            return
        self.post_message(
            self.Answered(
                Checkin(
                    day=self.day,
                    complete=complete,
                    hydration=self.hydration,
                    exertion=self.exertion,
                    sleep_disturbed=self.sleep_disturbed,
                    tags=self.tags,
                )
            )
        )

    def action_confirm(self) -> None:
        self._answer(complete=True)

    def action_none(self) -> None:
        from ...text import n_of

        if self.cramps:
            self.notify(
                f"{n_of(self.cramps, 'cramp')} logged for yesterday: Enter says that's all",
                markup=False,
            )
            return
        self._answer(complete=True)

    def action_fluids(self) -> None:
        self.hydration = _step(HYDRATION_LEVELS, self.hydration)
        self.refresh(layout=True)

    def action_activity(self) -> None:
        self.exertion = _step(EXERTION_LEVELS, self.exertion)
        self.refresh(layout=True)

    def action_sleep(self) -> None:
        self.sleep_disturbed = None if self.sleep_disturbed else True
        self.refresh(layout=True)

    def action_tags(self) -> None:
        """The day's tags in a small dialog; Esc there keeps them as they were."""
        from ..screens.days import TagsScreen

        if self.day is None:
            return

        def chosen(tags: tuple[str, ...] | None) -> None:
            if tags is not None:
                self.tags = tags
                self.refresh(layout=True)

        self.app.push_screen(TagsScreen(self.day, self.tags), chosen)

    def action_back(self) -> None:
        self.screen.focus_next()
