"""Episodes per week as bars, mean pain as coloured figures under them; click picks a week."""

from __future__ import annotations

from datetime import timedelta

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...domain import pain_band
from ...text import BAND_COLORS

EIGHTHS = " ▁▂▃▄▅▆▇█"
VISIT_MARK, CHANGE_MARK = "◆", "▲"


def _week_mark(week, markers) -> str:
    """The marks of a week's visits and changes under its label ('' for none)."""
    end = week.start + timedelta(days=6)
    kinds = {m.kind for m in markers if week.start <= m.day <= end}
    return ("◆" if "visit" in kinds else "") + ("▲" if "change" in kinds else "")


class WeekChart(Widget, can_focus=True):
    """Draws ``weeks`` (Week objects, oldest first). ←/→ move ``selected``; posts Selected."""

    DEFAULT_CSS = """
    WeekChart {
        height: 100%;
        width: 1fr;
        padding: 0 0 0 1;
    }
    WeekChart:focus {
        background: $boost;
    }
    """

    class Selected(Message):
        """The person moved to another week (``step`` past either end asks for more weeks)."""

        def __init__(self, chart: WeekChart, index: int, step: int = 0) -> None:
            super().__init__()
            self.chart = chart
            self.index = index
            self.step = step

        @property
        def control(self) -> WeekChart:
            return self.chart

    weeks: reactive[list] = reactive(list, always_update=True)
    markers: list = []  # visits and changes (Marker), set before ``weeks``
    selected: reactive[int] = reactive(0)

    def _col_width(self) -> int:
        n = max(1, len(self.weeks))
        return max(3, min(8, self.content_size.width // n))

    def render(self) -> Text:
        weeks = self.weeks
        text = Text(no_wrap=True, overflow="crop")
        if not weeks:
            text.append("no episodes yet: the chart fills in as you log", Style(dim=True))
            return text
        width = self._col_width()
        marks = [_week_mark(w, self.markers) for w in weeks]
        bar_rows = max(2, self.content_size.height - 4 - any(marks))
        peak = max((w.count for w in weeks), default=0) or 1
        before = sum(1 for w in weeks if w.before_diary)  # the oldest weeks, if any
        text.append("episodes per week", Style(bold=True))
        if any(marks):
            legend = f" · mean pain · {VISIT_MARK} visit {CHANGE_MARK} change"
        else:
            legend = "  ·  mean pain below"
        text.append(legend, Style(dim=True))
        text.append("\n")
        # Scale the tallest bar to leave one row above it for its count.
        heights = [round(w.count / peak * (bar_rows - 1) * 8) for w in weeks]
        for row in range(bar_rows, 0, -1):
            if before:  # weeks before the diary: said once across them, no bars, no zeros
                words = "before the diary" if row == (bar_rows + 1) // 2 else ""
                span = before * width
                text.append(f"{words[: span - 1]:^{span - 1}} ", Style(dim=True, italic=True))
            for i, w in enumerate(weeks):
                if w.before_diary:
                    continue
                fill = heights[i] - (row - 1) * 8
                label_row = -(-heights[i] // 8) + 1  # the row just above the bar
                style = Style(color="magenta" if i == self.selected else "cyan")
                if fill >= 8:
                    cell = "█" * (width - 1)
                elif fill > 0:
                    cell = EIGHTHS[fill] * (width - 1)
                elif row == label_row:
                    cell = f"{w.count:^{width - 1}}"
                    style = Style(bold=bool(w.count), dim=not w.count)
                else:
                    cell = " " * (width - 1)
                text.append(cell, style)
                text.append(" ")
            text.append("\n")
        narrow = width - 1 < 3
        for w in weeks:
            if w.mean_pain is None or w.before_diary:
                text.append(f"{'–':^{width - 1}} ", Style(dim=True))
            else:
                color = BAND_COLORS[pain_band(round(w.mean_pain))]
                shown = f"{round(w.mean_pain)}" if narrow else f"{w.mean_pain:.1f}"
                text.append(f"{shown:^{width - 1}} ", Style(color=color))
        text.append("\n")
        for i, w in enumerate(weeks):
            label = w.week.split("-")[-1]  # 'W47'
            if narrow:
                label = label[1:]
            style = Style(reverse=True, bold=True) if i == self.selected else Style(dim=True)
            text.append(f"{label:^{width - 1}}", style)
            text.append(" ")
        if any(marks):
            text.append("\n")
            for mark in marks:
                text.append(f"{mark:^{width - 1}} ", Style(bold=True, color="yellow"))
        # Never wrap: a wrapped line would shear the bars.
        lines = text.split("\n")
        for line in lines:
            line.truncate(max(1, self.content_size.width))
        return Text("\n", no_wrap=True).join(lines)

    def on_key(self, event: events.Key) -> None:
        if event.key in ("left", "right"):
            event.stop()
            event.prevent_default()
            step = 1 if event.key == "right" else -1
            index = self.selected + step
            if 0 <= index < len(self.weeks):
                self.selected = index
                self.post_message(self.Selected(self, index))
            else:
                self.post_message(self.Selected(self, self.selected, step))

    def on_click(self, event: events.Click) -> None:
        if not self.weeks:
            return
        index = (event.x - 1) // self._col_width()
        if 0 <= index < len(self.weeks):
            self.focus()
            self.selected = index
            self.post_message(self.Selected(self, index))
