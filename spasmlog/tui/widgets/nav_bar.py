"""The top line: the app's name and the four screens, each clickable, the current one lit."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

SCREENS = (
    ("log", "F2", "Log"),
    ("history", "F3", "History"),
    ("trends", "F4", "Trends"),
    ("flags", "F5", "Flags"),
)

_BOLD = Style(bold=True)
_DIM = Style(dim=True)
_CURRENT = Style(reverse=True, bold=True)


def _item(key: str, label: str, action: str) -> Content:
    """`` F2 Log `` (key dim), clicking runs ``action`` — what the markup
    ``[@click=ACTION] [dim]KEY[/dim] LABEL [/]`` builds, without parsing markup."""
    return Content.assemble(" ", (key, _DIM), f" {label} ").stylize(
        Style.from_meta({"@click": action})
    )


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
        # Built in render (not on_mount) so the very first frame already shows it; built
        # from parts rather than markup, which would cost ~1 ms to parse before that frame.
        parts = [Content.assemble(("spasmlog", _BOLD), " ")]
        for mode, key, label in SCREENS:
            item = _item(key, label, f"app.switch_mode('{mode}')")
            if mode == self.current:
                item = item.stylize(_CURRENT)
            parts.append(item)
        parts.append(_item("F1", "Help", "app.help"))
        if self.app.sub_title:
            parts.append(Content(f"  {self.app.sub_title}").stylize("italic"))
        return Content("").join(parts)
