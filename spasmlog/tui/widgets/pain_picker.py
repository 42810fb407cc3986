"""Pain on the 0–10 numeric rating scale, picked with one digit key.

Keys: ``0``, ``2``–``9`` pick and move on; ``1`` picks 1 and waits a moment for ``0``
(``1`` ``0`` = 10); Enter or Tab keeps 1. ``←``/``→`` step; a click picks.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...domain import PAIN_MAX, PAIN_MIN, pain_band
from ...text import BAND_COLORS


class PainPicker(Widget, can_focus=True):
    DEFAULT_CSS = """
    PainPicker {
        height: 1;
        width: 1fr;
    }
    PainPicker:focus {
        background: $boost;
    }
    """

    class Changed(Message):
        def __init__(self, picker: PainPicker, advance: bool) -> None:
            super().__init__()
            self.picker = picker
            self.advance = advance

        @property
        def control(self) -> PainPicker:
            return self.picker

    value: reactive[int | None] = reactive(None, always_update=True)

    def __init__(
        self, *, label: str = "", id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self._after_one = False  # the last key was '1': a '0' now makes 10
        self._spans: list[tuple[int, int, int]] = []

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        if self.label:
            text.append(f"{self.label:<10}", Style(dim=True))
        for n in range(PAIN_MIN, PAIN_MAX + 1):
            if n:
                text.append(" ")
            start = len(text)
            color = BAND_COLORS[pain_band(n)]
            if n == self.value:
                text.append(f"{n}", Style(color=color, reverse=True, bold=True))
            else:
                text.append(f"{n}", Style(color=color))
            self._spans.append((start, len(text), n))
        if self.value is None:
            text.append("   press 0–9 (1 0 = 10)", Style(dim=True))
        else:
            text.append(
                f"   {pain_band(self.value)}", Style(color=BAND_COLORS[pain_band(self.value)])
            )
        return text

    def set_value(self, value: int | None) -> None:
        self._after_one = False
        self.value = value

    def _pick(self, value: int, advance: bool) -> None:
        self.value = value
        self.post_message(self.Changed(self, advance))

    def on_key(self, event: events.Key) -> None:
        char = event.character or ""
        if char.isdigit() and len(char) == 1:
            event.stop()
            event.prevent_default()
            digit = int(char)
            if self._after_one and digit == 0:
                self._after_one = False
                self._pick(10, advance=True)
            elif digit == 1:
                self._after_one = True
                self._pick(1, advance=False)
            else:
                self._after_one = False
                self._pick(digit, advance=True)
            return
        self._after_one = False
        if event.key in ("left", "right"):
            event.stop()
            event.prevent_default()
            step = 1 if event.key == "right" else -1
            current = (
                self.value
                if self.value is not None
                else (PAIN_MIN - 1 if step > 0 else PAIN_MAX + 1)
            )
            self._pick(max(PAIN_MIN, min(PAIN_MAX, current + step)), advance=False)
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.focus_next()

    def on_blur(self) -> None:
        self._after_one = False

    def on_click(self, event: events.Click) -> None:
        for start, end, n in self._spans:
            if start <= event.x < end:
                event.stop()
                self.focus()
                self._pick(n, advance=False)
                return
