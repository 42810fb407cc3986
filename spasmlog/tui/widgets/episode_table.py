"""One page of episodes in a DataTable; moving past either end asks for the next page."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import DataTable

from ... import domain as d

COLUMNS = (
    ("#", "id"),
    ("When", "when"),
    ("Muscle", "muscle"),
    ("Side", "side"),
    ("Pain", "pain"),
    ("Dur.", "duration"),
    ("Details", "details"),
)


class EpisodeTable(DataTable):
    """Rows keyed by episode id (as text). ↓ on the last row / ↑ on the first turns the page."""

    DEFAULT_CSS = """
    EpisodeTable {
        height: 1fr;
    }
    """

    class PageRequest(Message):
        def __init__(self, table: EpisodeTable, step: int) -> None:
            super().__init__()
            self.table = table
            self.step = step

        @property
        def control(self) -> EpisodeTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for label, key in COLUMNS:
            self.add_column(label, key=key)

    def show(self, episodes: list[d.Episode], *, cursor: int = 0) -> None:
        from ...text import duration, episode_details

        self.clear()
        for ep in episodes:
            self.add_row(
                str(ep.id),
                f"{ep.local_start:%Y-%m-%d %H:%M}",
                ep.muscle_group,
                ep.side,
                str(ep.pain),
                duration(ep.duration_s),
                episode_details(ep),
                key=str(ep.id),
            )
        if episodes:
            self.move_cursor(row=max(0, min(cursor, len(episodes) - 1)))

    @property
    def current_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key and key.value else None

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageRequest(self, +1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.row_count and self.cursor_row <= 0:
            self.post_message(self.PageRequest(self, -1))
        else:
            super().action_cursor_up()
