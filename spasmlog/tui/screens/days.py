"""Small dialogs for the records beside episodes: a doctor visit or a change marker (the date
and a note), and the profile printed on the doctor report. Each checks its input with the
domain's parsers, writes through ``app.write_diary`` and so lands in the change log (undo
reverses it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..widgets.muscle_input import FormInput

if TYPE_CHECKING:
    from ..app import SpasmlogApp

MARKER_TITLES = {
    "visit": ("A doctor visit", "note (optional), e.g. GP, bloods taken"),
    "change": ("A change", "what changed, e.g. new shoes, started stretching"),
}


class _DialogScreen(ModalScreen[bool]):
    """A modal form: Enter moves on and saves from the last field, ctrl+s saves, Esc closes;
    a refused value is said in one line and nothing is written."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "save", "Save"),
    ]

    if TYPE_CHECKING:  # the app these screens run in, typed for the checker (Textual's getters)
        app = getters.app(SpasmlogApp)

    def say(self, problem: str) -> None:
        message = self.query_one("#message", Static)
        message.update(Text(problem))
        message.add_class("error")

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

    def action_save(self) -> None:
        from ...domain import Marker, parse_date, validate_marker
        from ...errors import InputError

        try:
            day = parse_date(self.query_one("#day", Input).value.strip(), "date")
            text = self.query_one("#text", Input).value.strip() or None
            marker = validate_marker(Marker(kind=self.kind, day=day, text=text))
        except (InputError, ValueError) as e:
            self.say(str(e))
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
            self.say(str(e))
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
