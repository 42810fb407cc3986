"""History: newest first, one page at a time (LIMIT/OFFSET), filter, edit, delete, undo.

A page is read with repo.iter_episodes(limit=, offset=) and counted with
repo.count_episodes, so a 100,000-episode diary opens as fast as a small one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from ... import domain as d
from ...errors import ValidationError
from ..widgets.episode_table import EpisodeTable
from ..widgets.footer import QuietFooter
from ..widgets.muscle_input import MuscleInput
from ..widgets.nav_bar import NavBar

if TYPE_CHECKING:
    from ..app import SpasmlogApp

PAGE_SIZE = 100


@dataclass(frozen=True)
class Query:
    """What History shows: filters, or a fixed set of ids (a flag's evidence), and the page."""

    muscle: str | None = None
    since: date | None = None
    until: date | None = None
    ids: tuple[int, ...] | None = None
    title: str | None = None
    page: int = 0

    @property
    def filtered(self) -> bool:
        return bool(self.muscle or self.since or self.until or self.ids is not None)


class HistoryScreen(Screen):
    DEFAULT_CSS = """
    HistoryScreen #filters {
        height: 1;
        padding: 0 1;
        margin-bottom: 1;
    }
    HistoryScreen #filters Label {
        margin-right: 1;
        color: $text-muted;
    }
    HistoryScreen #filters Input {
        margin-right: 2;
    }
    HistoryScreen #f-muscle {
        width: 16;
    }
    HistoryScreen #f-since, HistoryScreen #f-until {
        width: 12;
    }
    HistoryScreen #filter-error {
        color: $error;
        padding: 0 1;
        height: auto;
        display: none;
    }
    HistoryScreen #filter-error.-shown {
        display: block;
    }
    HistoryScreen #summary {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("n,right_square_bracket", "page(1)", "Next page", key_display="n"),
        Binding("p,left_square_bracket", "page(-1)", "Prev page", key_display="p"),
        Binding("escape", "clear_filter", "Show all", show=False),
        Binding("l", "app.switch_mode('log')", "Log", show=False),
        Binding("t", "app.switch_mode('trends')", "Trends", show=False),
        Binding("f", "app.switch_mode('flags')", "Flags", show=False),
    ]

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def __init__(self) -> None:
        super().__init__()
        self.query_state = Query()
        self.total = 0
        self.episodes: list[d.Episode] = []
        self._cursor = 0

    def compose(self) -> ComposeResult:
        yield NavBar("history")
        with Horizontal(id="filters"):
            yield Label("Muscle")
            yield MuscleInput(id="f-muscle", placeholder="any")
            yield Label("From")
            yield Input(placeholder="YYYY-MM-DD", id="f-since", compact=True)
            yield Label("To")
            yield Input(placeholder="YYYY-MM-DD", id="f-until", compact=True)
        yield Static(id="filter-error", markup=False)
        yield Static("reading the diary…", id="summary", markup=False)
        yield EpisodeTable(id="episodes")
        yield QuietFooter()

    def on_screen_resume(self) -> None:
        if not self.apply_pending_evidence():
            self.reload()
        self.query_one(EpisodeTable).focus()

    # -- what to show -------------------------------------------------------------------

    def apply_pending_evidence(self) -> bool:
        pending = self.app.pending_evidence
        if pending is None:
            return False
        self.app.pending_evidence = None
        title, ids = pending
        self._set_filter_inputs(None, None, None)
        self.query_state = Query(ids=tuple(ids), title=title)
        self._cursor = 0
        self.reload()
        return True

    def reload(self) -> None:
        self._load(self.query_state)

    @work(thread=True, exclusive=True, group="history-load")
    def _load(self, q: Query) -> None:
        from ...errors import InputError
        from ...storage import repo

        def page_of(session):
            if q.ids is not None:
                found = []
                for episode_id in q.ids:
                    try:
                        found.append(repo.get_episode(session=session, episode_id=episode_id))
                    except InputError:
                        pass  # deleted since the flag was shown
                found.sort(key=lambda e: (e.started_at, e.id), reverse=True)
                start = q.page * PAGE_SIZE
                return len(found), found[start : start + PAGE_SIZE]
            total = repo.count_episodes(
                session=session, since=q.since, until=q.until, muscle=q.muscle
            )
            page = repo.list_episodes(
                session=session,
                since=q.since,
                until=q.until,
                muscle=q.muscle,
                limit=PAGE_SIZE,
                offset=q.page * PAGE_SIZE,
            )
            return total, page

        loaded = self.app.read_diary(page_of)
        if loaded is None:
            return
        total, page = loaded
        self.app.call_from_thread(self._loaded, q, total, page)

    def _loaded(self, q: Query, total: int, page: list[d.Episode]) -> None:
        last_page = max(0, (total - 1) // PAGE_SIZE)
        if q.page > last_page and total:
            # rows vanished (a delete): show the last page that exists
            self.query_state = replace(q, page=last_page)
            self.reload()
            return
        self.query_state = q
        self.total = total
        self.episodes = page
        table = self.query_one(EpisodeTable)
        table.show(page, cursor=self._cursor)
        self.query_one("#summary", Static).update(self._summary(q, total, len(page)))

    def _summary(self, q: Query, total: int, shown: int) -> str:
        if q.ids is not None:
            what = f"{total} episode{'s' if total != 1 else ''} behind {q.title} (Esc shows all)"
        else:
            bits = []
            if q.muscle:
                bits.append(q.muscle)
            if q.since:
                bits.append(f"from {q.since}")
            if q.until:
                bits.append(f"to {q.until}")
            scope = f" · filter: {' '.join(bits)} (Esc clears)" if bits else ""
            what = f"{total:,} episode{'s' if total != 1 else ''}, newest first{scope}"
        if total == 0:
            return (
                what.replace("0 episodes", "no episodes", 1)
                if q.filtered
                else "no episodes yet — log one on the Log screen (F2)"
            )
        first = q.page * PAGE_SIZE + 1
        pages = (total - 1) // PAGE_SIZE + 1
        paging = (
            f" · {first:,}–{first + shown - 1:,}, page {q.page + 1} of {pages:,}"
            if pages > 1
            else ""
        )
        return what + paging

    # -- filter -------------------------------------------------------------------------

    def _set_filter_inputs(self, muscle, since, until) -> None:
        self.query_one("#f-muscle", Input).value = muscle or ""
        self.query_one("#f-since", Input).value = since.isoformat() if since else ""
        self.query_one("#f-until", Input).value = until.isoformat() if until else ""

    def _show_filter_error(self, message: str | None) -> None:
        err = self.query_one("#filter-error", Static)
        err.update(message or "")
        err.set_class(bool(message), "-shown")

    @on(Input.Submitted, "#filters Input")
    def _apply_filter(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_filter(
            self.query_one("#f-muscle", Input).value,
            self.query_one("#f-since", Input).value,
            self.query_one("#f-until", Input).value,
        )

    def apply_filter(self, muscle_text: str, since_text: str, until_text: str) -> bool:
        """Parse with the domain's parsers (the CLI's words); False and a message if invalid."""
        try:
            muscle = d.parse_muscle(muscle_text) if muscle_text.strip() else None
            since = d.parse_date(since_text, "from date") if since_text.strip() else None
            until = d.parse_date(until_text, "to date") if until_text.strip() else None
            if since and until and since > until:
                raise ValidationError(f"from {since} is after to {until}")
        except ValidationError as e:
            self._show_filter_error(str(e))
            return False
        self._show_filter_error(None)
        if muscle:
            self.query_one("#f-muscle", Input).value = muscle
        self.query_state = Query(muscle=muscle, since=since, until=until)
        self._cursor = 0
        self.reload()
        self.query_one(EpisodeTable).focus()
        return True

    def action_focus_filter(self) -> None:
        self.query_one("#f-muscle", Input).focus()

    def action_clear_filter(self) -> None:
        self._set_filter_inputs(None, None, None)
        self._show_filter_error(None)
        if self.query_state.filtered:
            self.query_state = Query()
            self._cursor = 0
            self.reload()
        self.query_one(EpisodeTable).focus()

    # -- paging -------------------------------------------------------------------------

    def action_page(self, step: int) -> None:
        pages = max(1, (self.total - 1) // PAGE_SIZE + 1)
        page = self.query_state.page + step
        if 0 <= page < pages:
            self._cursor = 0 if step > 0 else PAGE_SIZE - 1
            self.query_state = replace(self.query_state, page=page)
            self.reload()

    @on(EpisodeTable.PageRequest)
    def _page_request(self, event: EpisodeTable.PageRequest) -> None:
        self.action_page(event.step)

    @on(EpisodeTable.RowSelected)
    def _row_selected(self, event: EpisodeTable.RowSelected) -> None:
        self.action_edit()

    # -- edit, delete, undo -------------------------------------------------------------

    def _current(self) -> d.Episode | None:
        table = self.query_one(EpisodeTable)
        episode_id = table.current_id
        self._cursor = table.cursor_row
        return next((e for e in self.episodes if e.id == episode_id), None)

    def action_edit(self) -> None:
        from .edit import EditScreen

        ep = self._current()
        if ep is None:
            self.notify("no episode selected", severity="warning")
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.reload()

        self.app.push_screen(EditScreen(ep), done)

    def action_delete(self) -> None:
        from ...text import describe
        from .confirm import ConfirmScreen

        ep = self._current()
        if ep is None:
            self.notify("no episode selected", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(ep.id)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete episode #{ep.id} ({describe(ep)})?\nUndo (u) brings it back.", yes="Delete"
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="diary-write")
    def _delete(self, episode_id: int) -> None:
        from ...storage import repo
        from ...text import describe

        try:
            with self.app.open_store() as store:
                with store.write() as session:
                    gone = repo.delete_episode(session=session, episode_id=episode_id)
                warnings = list(store.warnings)
        except Exception as e:  # noqa: BLE001
            self.app.call_from_thread(self.app.report_error, e)
            return
        self.app.call_from_thread(
            self.app.diary_changed,
            f"deleted episode {episode_id}: {describe(gone)} — press u to undo",
            warnings,
        )

    def action_undo(self) -> None:
        self.app.action_undo()
