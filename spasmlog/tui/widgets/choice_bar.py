"""A one-line row of choices picked by a single key (the underlined letter) or a click."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

FOCUS_MARK = "›"  # the focused field, shown by a mark and bold (not by colour alone)


def field_label(label: str, focused: bool) -> tuple[str, Style]:
    """A field's label, 10 columns wide: dim, or marked and bold while the field has focus."""
    if focused:
        return f"{FOCUS_MARK}{label:<9}", Style(bold=True)
    return f"{label:<10}", Style(dim=True)


@dataclass(frozen=True)
class Choice:
    """``value`` is what the form reads (None = not recorded); ``key`` the one key that picks it."""

    value: str | None
    label: str
    key: str


class ChoiceBar(Widget, can_focus=True):
    """Single choice (``multi=False``) or a set of toggles (``multi=True``).

    Keys: the underlined character picks (single) or toggles (multi); ←/→ move a single
    choice; Enter moves on. A single pick by key posts ``Changed`` with ``advance=True`` so
    the form can move focus to the next field: one key per field.
    """

    DEFAULT_CSS = """
    ChoiceBar {
        height: 1;
        width: 1fr;
        padding: 0 0;
    }
    ChoiceBar:focus {
        background: $boost;
    }
    ChoiceBar > Input {
        dock: right;
        width: 14;
    }
    """

    class Changed(Message):
        def __init__(self, bar: ChoiceBar, advance: bool) -> None:
            super().__init__()
            self.bar = bar
            self.advance = advance

        @property
        def control(self) -> ChoiceBar:
            return self.bar

    selected: reactive[frozenset] = reactive(frozenset, always_update=True)
    suffix: reactive[str] = reactive("")  # a note drawn after the choices (dim)

    def __init__(
        self,
        choices: list[Choice],
        *,
        multi: bool = False,
        value: str | None = None,
        gap: int = 2,
        label: str = "",
        typed: Widget | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._typed = typed  # an Input docked at the right end, for a typed value
        self.choices = choices
        self.gap = gap
        self.label = label  # drawn in front (saves a Label and a row container per field)
        self.multi = multi
        self._spans: list[tuple[int, int, Choice]] = []
        self.touched = False
        self.set_reactive(
            ChoiceBar.selected, frozenset() if value is None and multi else frozenset({value})
        )

    def compose(self):
        if self._typed is not None:
            yield self._typed

    # -- value --------------------------------------------------------------------------

    @property
    def value(self):
        """The single value (str | None), or for ``multi`` a tuple in the choices' order."""
        if self.multi:
            return tuple(c.value for c in self.choices if c.value in self.selected)
        return next(iter(self.selected), None)

    def set_value(self, value, *, touched: bool = False) -> None:
        if self.multi:
            self.selected = frozenset(value or ())
        else:
            self.selected = frozenset({value})
        self.touched = touched

    def clear(self) -> None:
        """Nothing picked (a required single choice then reads None)."""
        self.selected = frozenset()
        self.touched = False

    # -- drawing ------------------------------------------------------------------------

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        chosen = Style(reverse=True, bold=True)
        if self.label:
            text.append(*field_label(self.label, self.has_focus))
        for i, choice in enumerate(self.choices):
            if i:
                text.append(" " * self.gap)
            start = len(text)
            label = choice.label
            at = label.lower().find(choice.key.lower())
            style = chosen if choice.value in self.selected else Style()
            if at < 0:
                text.append(choice.key, style + Style(underline=True, bold=True))
                text.append(" " + label, style)
            else:
                text.append(label[:at], style)
                text.append(label[at], style + Style(underline=True, bold=True))
                text.append(label[at + 1 :], style)
            self._spans.append((start, len(text), choice))
        if self.suffix:
            text.append(f"  {self.suffix}", Style(dim=True))
        if self._typed is not None:  # never run under the docked input
            text.truncate(max(0, self.content_size.width - 15))
        return text

    # -- input --------------------------------------------------------------------------

    def _pick(self, choice: Choice, *, advance: bool) -> None:
        if self.multi:
            self.selected = self.selected ^ {choice.value}
            advance = False
        else:
            self.selected = frozenset({choice.value})
        self.touched = True
        self.post_message(self.Changed(self, advance))

    def on_key(self, event: events.Key) -> None:
        char = (event.character or "").lower()
        for choice in self.choices:
            if char and char == choice.key.lower():
                event.stop()
                event.prevent_default()
                self._pick(choice, advance=True)
                return
        if event.key in ("left", "right") and not self.multi:
            values = [c.value for c in self.choices]
            current = self.value
            i = values.index(current) if current in values else -1
            i = (i + (1 if event.key == "right" else -1)) % len(values)
            event.stop()
            event.prevent_default()
            self._pick(self.choices[i], advance=False)
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.focus_next()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        for start, end, choice in self._spans:
            if start <= event.x < end:
                event.stop()
                self.focus()
                self._pick(choice, advance=False)
                return
