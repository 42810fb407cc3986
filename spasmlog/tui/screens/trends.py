"""Trends: the weekly review (docs/tui.md) (analysis.weekly_trends) as a chart and a table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ... import text as t
from ..widgets.nav_bar import NavBar
from ..widgets.week_chart import WeekChart

if TYPE_CHECKING:
    from ...analysis.trends import Week
    from ..app import SpasmlogApp

WEEKS = 12


def describe_week(w, markers=(), diary_start: date | None = None) -> str:
    """The breakdown of one week, in words (by muscle group and side, and the context), with
    the week's visits and changes; a week before the diary says so (never 'no episodes')."""
    end = w.start + timedelta(days=6)
    lines = [f"{w.week} · {w.start:%d %b} – {end:%d %b}"]
    lines += [t.marker_line(m) for m in markers if w.start <= m.day <= end]
    if w.before_diary:
        since = f" (kept since {t.day(diary_start, year=True)})" if diary_start else ""
        lines.append(f"before the diary{since}")
        return "\n".join(lines)
    if not w.count:
        lines.append("no episodes")
        return "\n".join(lines)
    lines.append(
        f"{w.count} episode{'s' if w.count != 1 else ''} "
        f"on {w.days} day{'s' if w.days != 1 else ''}"
    )
    lines.append(f"pain mean {w.mean_pain:.1f} · max {w.max_pain}")
    median, total = t.duration(w.median_duration_s), t.duration(w.total_duration_s)
    lines.append(f"median {median} · total {total}")
    lines.append(f"night {t.share(w.night_share)} · low fluids {t.share(w.low_hydration_share)}")
    lines.append(f"vigorous activity {t.share(w.vigorous_share)}")
    lines.append("by muscle: " + ", ".join(f"{k} {v}" for k, v in w.by_muscle.items()))
    lines.append("by side: " + ", ".join(f"{t.side_label(k)} {v}" for k, v in w.by_side.items()))
    return "\n".join(lines)


class TrendsScreen(Screen):
    BINDINGS = [
        Binding("left", "week(-1)", "◀ week", show=False),
        Binding("right", "week(1)", "week ▶", show=False),
        Binding(
            "pageup,left_square_bracket", "shift(-4)", "4 weeks back", key_display="[", show=False
        ),
        Binding(
            "pagedown,right_square_bracket", "shift(4)", "4 weeks on", key_display="]", show=False
        ),
        Binding("home", "latest", "This week", key_display="Home", show=False),
        Binding("l", "app.switch_mode('log')", "Log", show=False),
        Binding("h", "app.switch_mode('history')", "History", show=False),
        Binding("f", "app.switch_mode('flags')", "Flags", show=False),
        Binding("p", "app.patterns", "Patterns"),
        Binding("v", "app.add_marker('visit')", "Visit"),
        Binding("m", "app.add_marker('change')", "Change"),
    ]

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def __init__(self) -> None:
        super().__init__()
        self.as_of: date | None = None
        self.trends = None
        self.markers: list = []
        self.selected = WEEKS - 1
        self._before_shift: tuple[date | None, int] | None = None

    def compose(self) -> ComposeResult:
        yield NavBar("trends")
        yield Static("reading the diary…", id="trends-title", markup=False)
        with Horizontal(id="trends-top"):
            yield WeekChart(id="chart")
            with VerticalScroll(id="breakdown-box", can_focus=False):
                yield Static(id="breakdown", markup=False)
        table: DataTable[str] = DataTable(
            id="weeks", cursor_type="row", zebra_stripes=True, cell_padding=0
        )
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#weeks", DataTable)
        for label, width in (
            # widths: the longest value or header, plus one space (no cell padding), so
            # every column fits 80 columns whole
            ("Week", 5),
            ("From", 7),
            ("Eps", 4),
            ("Days", 5),
            ("Pain", 5),
            ("Max", 4),
            ("Median", 7),
            ("Total", 7),
            ("Night", 6),
            ("Low fluids", 11),
            ("Vigorous", 8),
        ):
            table.add_column(label, width=width)

    def on_screen_resume(self) -> None:
        today = self.app.now().date()
        if self.as_of is None:
            self.as_of = today
        self.query_one(WeekChart).focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.as_of)

    @work(thread=True, exclusive=True, group="trends-load")
    def _load(self, as_of: date) -> None:
        from ...analysis import weekly_trends
        from ...storage import repo

        def read(session):
            trends = weekly_trends(session, as_of=as_of, weeks=WEEKS)
            first = trends.weeks[0].start if trends.weeks else as_of
            return trends, repo.list_markers(session=session, since=first, until=as_of)

        self.app.read_diary(read, lambda found: self._loaded(*found))

    def _loaded(self, trends, markers: list | None = None) -> None:
        if not trends.weeks and self._before_shift is not None:
            # moved to before the diary: stay where it was (never a blank chart)
            self.as_of, self.selected = self._before_shift
            self._before_shift = None
            self.notify("The diary has no earlier weeks.", timeout=2)
            return
        self._before_shift = None
        self.trends = trends
        self.markers = markers or []
        weeks = trends.weeks
        today = self.app.now().date()
        title = self.query_one("#trends-title", Static)
        if not weeks:
            title.update(
                "no episodes on or before this date yet — log some and the weeks appear here"
            )
        else:
            first, last = weeks[0].start, weeks[-1].start + timedelta(days=6)
            when = (
                "to this week"
                if trends.as_of >= today - timedelta(days=today.weekday())
                else f"as of {trends.as_of}"
            )
            title.update(
                f"{len(weeks)} weeks {first:%d %b} – {last:%d %b %Y} ({when})"
                " · ←/→ week · [ ] ±4 · Home"
            )
        self.selected = min(self.selected, max(0, len(weeks) - 1))
        chart = self.query_one(WeekChart)
        chart.markers = self.markers
        chart.weeks = weeks
        chart.selected = self.selected
        table = self.query_one("#weeks", DataTable)
        table.clear()
        for w in reversed(weeks):  # newest first, like History
            if w.before_diary:  # never shown as a week without cramps
                before = ("–", "–", "", "", "", "", "", "before the", "diary")
                table.add_row(w.week.split("-")[-1], f"{w.start:%d %b}", *before, key=w.week)
                continue
            table.add_row(
                w.week.split("-")[-1],  # W49 (the year is in From's date and the title)
                f"{w.start:%d %b}",
                str(w.count),
                str(w.days),
                "–" if w.mean_pain is None else f"{w.mean_pain:.1f}",
                "–" if w.max_pain is None else str(w.max_pain),
                t.duration(w.median_duration_s),
                t.duration(w.total_duration_s) if w.count else "–",
                t.share(w.night_share),
                t.share(w.low_hydration_share),
                t.share(w.vigorous_share),
                key=w.week,
            )
        self._show_selected()

    def _show_selected(self) -> None:
        weeks: list[Week] = self.trends.weeks if self.trends else []
        breakdown = self.query_one("#breakdown", Static)
        if not weeks:
            breakdown.update("")
            return
        week = weeks[self.selected]
        start = self.trends.diary_start if self.trends else None
        breakdown.update(describe_week(week, self.markers, start))
        table = self.query_one("#weeks", DataTable)
        row = len(weeks) - 1 - self.selected
        if table.row_count > row and table.cursor_row != row:
            table.move_cursor(row=row)

    # -- moving through the weeks -------------------------------------------------------

    @on(WeekChart.Selected)
    def _chart_selected(self, event: WeekChart.Selected) -> None:
        if event.step:
            self.action_shift(event.step)
        else:
            self.selected = event.index
            self._show_selected()

    @on(DataTable.RowHighlighted, "#weeks")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        weeks: list[Week] = self.trends.weeks if self.trends else []
        if not weeks or event.cursor_row is None or not event.data_table.has_focus:
            return  # only the person moving in the table picks a week (not a reload)
        index = len(weeks) - 1 - event.cursor_row
        if 0 <= index < len(weeks) and index != self.selected:
            self.selected = index
            self.query_one(WeekChart).selected = index
            self._show_selected()

    def action_week(self, step: int) -> None:
        weeks: list[Week] = self.trends.weeks if self.trends else []
        index = self.selected + step
        if 0 <= index < len(weeks):
            self.selected = index
            self.query_one(WeekChart).selected = index
            self._show_selected()
        else:
            self.action_shift(step)

    def action_shift(self, step: int) -> None:
        """Move the selection by ``step`` weeks; past the window's edge, move the window so
        the chosen week is its newest. A window always ends on a Sunday (or today), so a
        week always shows the same numbers."""
        weeks: list = self.trends.weeks if self.trends else []
        target = self.selected + step
        if 0 <= target < len(weeks):
            self.selected = target
            self.query_one(WeekChart).selected = target
            self._show_selected()
            return
        today = self.app.now().date()
        if not weeks:
            return
        start = weeks[max(0, min(self.selected, len(weeks) - 1))].start + timedelta(weeks=step)
        as_of = min(today, start + timedelta(days=6))
        if as_of == self.as_of or start > today:
            if step > 0:
                self.notify("This is the current week.", timeout=2)
            return
        self._before_shift = (self.as_of, self.selected)
        self.as_of = as_of
        self.selected = WEEKS - 1
        self.reload()

    def action_latest(self) -> None:
        self._before_shift = None
        self.as_of = self.app.now().date()
        self.selected = WEEKS - 1
        self.reload()
