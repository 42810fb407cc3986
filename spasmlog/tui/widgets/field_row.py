"""A labelled one-line row holding an input: the label is drawn by the row itself."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget


class FieldRow(Widget):
    """``FieldRow("Notes", Input(...))``: one widget fewer per row than Horizontal + Label."""

    DEFAULT_CSS = """
    FieldRow {
        layout: horizontal;
        height: 1;
    }
    FieldRow > * {
        margin-left: 10;
    }
    """

    def __init__(
        self, label: str, *children: Widget, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(*children, id=id, classes=classes)
        self.label = label

    def render(self) -> Text:
        return Text(f"{self.label:<10}", Style(dim=True), no_wrap=True)
