"""The top line: the app's name and the four screens, each clickable, the current one lit."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

SCREENS = (("log", "F2", "Log"), ("history", "F3", "History"), ("trends", "F4", "Trends"),
           ("flags", "F5", "Flags"))


class NavBar(Static):
    DEFAULT_CSS = """
    NavBar {
        dock: top;
        height: 1;
        width: 100%;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, current: str) -> None:
        super().__init__(id="nav")
        self.current = current

    def render(self) -> Content:
        # Built in render (not on_mount) so the very first frame already shows it.
        parts = [Content.from_markup("[b]spasmlog[/b] ")]
        for mode, key, label in SCREENS:
            style = "reverse b" if mode == self.current else ""
            markup = f"[@click=app.switch_mode('{mode}')] [dim]{key}[/dim] {label} [/]"
            item = Content.from_markup(markup)
            if style:
                item = item.stylize(style)
            parts.append(item)
        parts.append(Content.from_markup("[@click=app.help] [dim]F1[/dim] Help [/]"))
        if self.app.sub_title:
            parts.append(Content(f"  {self.app.sub_title}").stylize("italic"))
        return Content("").join(parts)
