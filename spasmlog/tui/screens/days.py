"""Small dialogs for the records beside episodes: a doctor visit or a change marker (the date
and a note), the profile printed on the doctor report, and the tags of a check-in. Each
checks its input with the domain's parsers; the first two write through ``app.write_diary``
and so land in the change log (undo reverses it), the tags go back to the check-in line,
which stores them with the day. Text fields suggest only this diary's own earlier words
(read with ``app.read_diary`` in a worker): spasmlog ships no list of its own."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from ..widgets.muscle_input import FormInput

if TYPE_CHECKING:
    from ..app import SpasmlogApp

MARKER_TITLES = {
    "visit": ("A doctor visit", "note (optional), e.g. GP, bloods taken"),
    "change": ("A change", "what changed, e.g. new shoes, started stretching"),
}


def suggest(field: Input, words: list[str]) -> None:
    """Let ``field`` suggest ``words`` (this diary's own, first ones first; case-insensitive),
    including for what was typed before they were read."""
    field.suggester = SuggestFromList(words, case_sensitive=False)
    if field.value:  # typed while the words were read: ask again for what is there
        typed, cursor = field.value, field.cursor_position
        field.value = ""
        field.value = typed
        field.cursor_position = cursor


def say(screen: ModalScreen, problem: str) -> None:
    """A refused value, in one line in the dialog's ``#message``."""
    message = screen.query_one("#message", Static)
    message.update(Text(problem))
    message.add_class("error")


class _DialogScreen(ModalScreen[bool]):
    """A modal form: Enter moves on and saves from the last field, ctrl+s saves, Esc closes;
    a refused value is said in one line and nothing is written."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "save", "Save"),
    ]

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    def action_close(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        raise NotImplementedError


class MarkerScreen(_DialogScreen):
    """A visit or a change marker: the date (today unless changed) and its text."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        title, hint = MARKER_TITLES[self.kind]
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title", markup=False)
            yield Label("Date (YYYY-MM-DD)")
            yield FormInput(value=self.app.now().date().isoformat(), id="day")
            yield Label("Note" if self.kind == "visit" else "What changed")
            yield FormInput(placeholder=hint, id="text")
            yield Static("Enter: save · Esc: close", id="message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="marker-load")
    def _load(self) -> None:
        from ...storage import repo

        self.app.read_diary(
            lambda session: repo.used_marker_texts(session=session, kind=self.kind),
            lambda texts: suggest(self.query_one("#text", Input), texts),
        )

    def action_save(self) -> None:
        from ...domain import Marker, parse_date, validate_marker
        from ...errors import InputError

        try:
            day = parse_date(self.query_one("#day", Input).value.strip(), "date")
            text = self.query_one("#text", Input).value.strip() or None
            marker = validate_marker(Marker(kind=self.kind, day=day, text=text))
        except (InputError, ValueError) as e:
            say(self, str(e))
            return
        self._write(marker)

    @work(thread=True, group="diary-write")
    def _write(self, marker) -> None:
        from ...storage import repo

        self.app.write_diary(
            lambda session: repo.add_marker(session=session, marker=marker),
            lambda _id, warnings: self._saved(marker, warnings),
        )

    def _saved(self, marker, warnings: list[str]) -> None:
        from ...text import marker_line

        self.app.diary_changed(f"Added: {marker_line(marker)}", warnings)
        self.dismiss(True)


PROFILE_LABELS = (
    ("name", "Name (on the doctor report)"),
    ("birth_year", "Birth year"),
    ("conditions", "Conditions"),
    ("medicines", "Medicines"),
    ("questions", "Questions for the doctor"),
)


class ProfileScreen(_DialogScreen):
    """The profile, printed on the doctor report as written; every field may stay blank.
    A blank name falls back to the name in config.toml (shown as the hint)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Your profile (optional)", classes="dialog-title", markup=False)
            for key, label in PROFILE_LABELS:
                yield Label(label)
                yield FormInput(id=key.replace("_", "-"))
            yield Static("reading the profile…", id="message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="profile-load")
    def _load(self) -> None:
        from ...config import load_config
        from ...storage import repo

        try:
            fallback = load_config().name
        except Exception:  # noqa: BLE001 - a broken config only loses the hint
            fallback = None
        self.app.read_diary(
            lambda session: repo.get_profile(session=session),
            lambda profile: self._loaded(profile, fallback),
        )

    def _loaded(self, profile, fallback: str | None) -> None:
        from ...text import visible

        for key, _label in PROFILE_LABELS:
            value = getattr(profile, key)
            field = self.query_one(f"#{key.replace('_', '-')}", Input)
            if value is not None and not field.value:
                field.value = str(value)
        if fallback:
            self.query_one("#name", Input).placeholder = f"{visible(fallback)} (from config.toml)"
        self.query_one("#message", Static).update("Enter: next field, saves from the last · Esc")

    def action_save(self) -> None:
        from ...domain import Profile, parse_birth_year, parse_profile_text, validate_profile
        from ...errors import InputError

        def value(key: str) -> str:
            return self.query_one(f"#{key.replace('_', '-')}", Input).value.strip()

        try:
            year = value("birth_year")
            profile = validate_profile(
                Profile(
                    name=parse_profile_text(value("name"), "name"),
                    birth_year=parse_birth_year(year, self.app.now().year) if year else None,
                    conditions=parse_profile_text(value("conditions"), "conditions"),
                    medicines=parse_profile_text(value("medicines"), "medicines"),
                    questions=parse_profile_text(value("questions"), "questions"),
                )
            )
        except (InputError, ValueError) as e:
            say(self, str(e))
            return
        self._write(profile)

    @work(thread=True, group="diary-write")
    def _write(self, profile) -> None:
        from ...storage import repo

        self.app.write_diary(
            lambda session: repo.set_profile(session=session, profile=profile),
            lambda _saved, warnings: self._saved(warnings),
        )

    def _saved(self, warnings: list[str]) -> None:
        self.app.diary_changed("Profile saved", warnings)
        self.dismiss(True)


class TagsScreen(ModalScreen[tuple[str, ...] | None]):
    """Tags for a check-in's day: type a word (or a few, split by commas) and Enter adds it;
    a chosen tag typed again is taken off. Suggestions come only from this diary's own
    earlier tags. Dismissed with the tags as they now stand, or with None on Esc (nothing
    changes); a refused word is said in one line and nothing changes."""

    DEFAULT_CSS = """
    TagsScreen {
        align: center middle;
    }
    TagsScreen > .dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $accent;
        background: $surface;
        padding: 0 2;
    }
    TagsScreen #chosen, TagsScreen #used {
        height: auto;
    }
    TagsScreen #used {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "close", "Back")]
    SHOWN_USED = 8  # earlier tags listed under the field, most used first

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def __init__(self, day: date, tags: tuple[str, ...]) -> None:
        super().__init__()
        self.day = day
        self.tags = tags

    def compose(self) -> ComposeResult:
        from ...text import day

        with Vertical(classes="dialog"):
            yield Static(f"Tags for {day(self.day)}", classes="dialog-title", markup=False)
            yield Static(self._chosen(), id="chosen")
            yield Label("Your own word: letters, digits and -")
            yield FormInput(placeholder="e.g. long-walk, hot, new-shoes", id="tag")
            yield Static("", id="used")
            yield Static(
                "→: take the suggestion · Enter: add · Esc: back",
                id="message",
                markup=False,
            )

    def _chosen(self) -> Text:
        from ...text import visible

        text = Text("Chosen: ")
        text.append(", ".join(visible(t) for t in self.tags) or "none yet", style="bold")
        if self.tags:
            text.append(" (type one again to take it off)")
        return text

    def on_mount(self) -> None:
        self.query_one("#tag", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="tags-load")
    def _load(self) -> None:
        from ...storage import repo

        self.app.read_diary(lambda session: repo.used_tags(session=session), self._loaded)

    def _loaded(self, used: list[str]) -> None:
        from ...text import visible

        suggest(self.query_one("#tag", Input), used)
        if used:
            shown = ", ".join(visible(t) for t in used[: self.SHOWN_USED])
            more = " …" if len(used) > self.SHOWN_USED else ""
            line = f"Used before: {shown}{more}"
        else:
            line = "No tags in this diary yet: the words you add will be suggested next time"
        self.query_one("#used", Static).update(Text(line))

    @on(Input.Submitted, "#tag")
    def _add(self, event: Input.Submitted) -> None:
        from ...domain import parse_tags
        from ...errors import InputError

        event.stop()
        words = [w.strip() for w in event.value.split(",") if w.strip()]
        if not words:  # Enter on an empty field: back with the tags as they are
            self.dismiss(self.tags)
            return
        try:
            typed = set(parse_tags(words))
            tags = parse_tags(set(self.tags) ^ typed)  # a chosen one typed again comes off
        except InputError as e:
            say(self, str(e))
            return
        self.dismiss(tags)

    def action_close(self) -> None:
        self.dismiss(None)
