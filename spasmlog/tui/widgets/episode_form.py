"""The one-episode form, used by the Log screen (new) and the Edit dialog (change).

Every value is checked by the domain parsers the CLI uses, and an invalid one is shown at
its field with the same words. The form never touches the database: it posts
``EpisodeForm.Submitted`` with the parsed fields and the screen does the saving.

Focus order and keys (one key per field where possible):
muscle (type, Enter takes the suggestion) → side (l r b n) → pain (a digit; 1 0 = 10)
→ duration (3 1 2 5 0 = 30s 1m 2m 5m 10m, or Tab and type 1m30s) → when (n 1 3 h 2 6, or
Tab and type 03:10 / yesterday 03:10 / -2h) → fluids (l n h u) → activity (r l m v u)
→ symptoms (w a n t c s r toggle) → self-care (h d u) → notes (Enter saves) → ctrl+s saves
from anywhere in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ... import domain as d
from ...errors import ValidationError
from ...text import symptom_label
from .choice_bar import Choice, ChoiceBar
from .field_row import FieldRow
from .muscle_input import FormInput, MuscleInput
from .pain_picker import PainPicker

UNRECORDED = Choice(None, "unrecorded", "u")
SIDE_CHOICES = [
    Choice("left", "left", "l"),
    Choice("right", "right", "r"),
    Choice("both", "both", "b"),
    Choice("none", "none", "n"),
]
DURATION_PICKS = [
    Choice("30s", "30s", "3"),
    Choice("1m", "1m", "1"),
    Choice("2m", "2m", "2"),
    Choice("5m", "5m", "5"),
    Choice("10m", "10m", "0"),
]
WHEN_PICKS = [
    Choice("", "now", "n"),
    Choice("-15m", "-15m", "1"),
    Choice("-30m", "-30m", "3"),
    Choice("-1h", "-1h", "h"),
    Choice("-2h", "-2h", "2"),
    Choice("-6h", "-6h", "6"),
]
HYDRATION_CHOICES = [
    Choice("low", "low", "l"),
    Choice("normal", "normal", "n"),
    Choice("high", "high", "h"),
    UNRECORDED,
]
EXERTION_CHOICES = [
    Choice("rest", "rest", "r"),
    Choice("light", "light", "l"),
    Choice("moderate", "moderate", "m"),
    Choice("vigorous", "vigorous", "v"),
    UNRECORDED,
]
SYMPTOM_CHOICES = [
    Choice("weakness", "weakness", "w"),
    Choice("atrophy", "atrophy", "a"),
    Choice("numbness", "numbness", "n"),
    Choice("tingling", "tingling", "t"),
    Choice("skin-color-change", symptom_label("skin-color-change", short=True), "c"),
    Choice("swelling", "swelling", "s"),
    Choice("redness", "redness", "r"),
]
SELF_CARE_CHOICES = [
    Choice("helped", "helped", "h"),
    Choice("did-not-help", "did-not-help", "d"),
    UNRECORDED,
]

# ValidationError.field -> the error line under that field
_ERROR_SLOT = {
    "muscle_group": "muscle",
    "pain": "pain",
    "duration_s": "duration",
    "started_at": "when",
    "notes": "notes",
}  # anything else (a choice the domain refused) goes on the form's own error line
_SLOTS = ("muscle", "pain", "duration", "when", "notes", "form")
WHEN_FORMAT = "%Y-%m-%d %H:%M"


class EpisodeForm(Vertical):
    """Fill in one episode without the mouse; ctrl+s posts ``Submitted``."""

    DEFAULT_CSS = """
    EpisodeForm {
        height: auto;
        padding: 0 1;
    }
    EpisodeForm .row {
        margin-top: 1;
    }
    EpisodeForm FieldRow Input {
        width: 1fr;
    }
    EpisodeForm .error {
        display: none;
        color: $error;
        padding-left: 10;
        height: auto;
    }
    EpisodeForm .error.-shown {
        display: block;
    }
    EpisodeForm #form-error {
        padding-left: 0;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
    ]

    class Submitted(Message):
        """The form is valid; ``fields`` are Episode field values (parsed)."""

        def __init__(self, form: EpisodeForm, fields: dict) -> None:
            super().__init__()
            self.form = form
            self.fields = fields

        @property
        def control(self) -> EpisodeForm:
            return self.form

    def __init__(
        self, *, now: Callable[[], datetime], mode: str = "new", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.now = now
        self.mode = mode
        self.original: d.Episode | None = None
        self._defaults: dict = {}

    def compose(self) -> ComposeResult:
        # Fields draw their own labels and the typed inputs live inside their quick-pick
        # rows: fewer widgets, a faster first frame.
        yield FieldRow("Muscle", MuscleInput(id="muscle"), id="muscle-row", classes="first")
        yield ChoiceBar(SIDE_CHOICES, value="none", label="Side", id="side", classes="row")
        yield PainPicker(label="Pain", id="pain", classes="row")
        yield ChoiceBar(
            DURATION_PICKS,
            label="Duration",
            id="duration-picks",
            classes="row",
            typed=FormInput(placeholder="or type 1m30s", id="duration"),
        )
        yield ChoiceBar(
            WHEN_PICKS,
            value="",
            label="When",
            id="when-picks",
            classes="row",
            typed=FormInput(placeholder="now", id="when"),
        )
        yield ChoiceBar(
            HYDRATION_CHOICES, value=None, label="Fluids", id="hydration", classes="row"
        )
        yield ChoiceBar(EXERTION_CHOICES, value=None, label="Activity", id="exertion")
        yield ChoiceBar(SYMPTOM_CHOICES, multi=True, gap=1, label="Symptoms", id="symptoms")
        yield ChoiceBar(SELF_CARE_CHOICES, value=None, label="Self-care", id="self-care")
        yield FieldRow(
            "Notes",
            FormInput(
                placeholder="anything else (optional)", id="notes", max_length=d.NOTES_MAX_CHARS
            ),
            id="notes-row",
            classes="row",
        )

    def on_mount(self) -> None:
        self._update_when_hint()

    # -- errors at the field ------------------------------------------------------------

    # Where each field's error line goes (created on first use: fewer widgets at start-up).
    _ERROR_AFTER = {
        "muscle": "#muscle-row",
        "pain": "#pain",
        "duration": "#duration-picks",
        "when": "#when-picks",
        "notes": "#notes-row",
        "form": "#notes-row",
    }

    def show_error(self, slot: str, message: str | None) -> None:
        found = self.query(f"#{slot}-error")
        if not found:
            if not message:
                return
            err = Static(id=f"{slot}-error", classes="error", markup=False)
            self.mount(err, after=self.query_one(self._ERROR_AFTER[slot]))
        else:
            err = found.first(Static)
        err.update(message or "")
        err.set_class(bool(message), "-shown")

    def show_validation_error(self, error: ValidationError) -> None:
        slot = _ERROR_SLOT.get(error.field or "", "form")
        self.show_error(slot, str(error))
        self._focus_slot(slot)

    def clear_errors(self) -> None:
        for slot in _SLOTS:
            self.show_error(slot, None)

    def _focus_slot(self, slot: str) -> None:
        if slot != "form":
            self.query_one(f"#{slot}").focus()

    @property
    def errors(self) -> dict[str, str]:
        """The error lines now shown, by field slot (tests and the screen read this)."""
        out = {}
        for slot in _SLOTS:
            for err in self.query(f"#{slot}-error").results(Static):
                if err.has_class("-shown"):
                    out[slot] = str(err.render())
        return out

    # -- reading the fields (the domain's parsers, the CLI's words) ---------------------

    def _parse_muscle(self) -> str:
        return d.parse_muscle(self.query_one("#muscle", Input).value)

    def _parse_duration(self) -> int:
        text = self.query_one("#duration", Input).value
        if not text.strip():
            raise ValidationError(f"the duration is missing — {d.DURATION_RULE}", "duration_s")
        return d.parse_duration(text)

    def _parse_when(self) -> datetime:
        text = self.query_one("#when", Input).value.strip()
        if self.original is not None and text == self.original.local_start.strftime(WHEN_FORMAT):
            return self.original.started_at
        if not text:
            return self.now().replace(microsecond=0)
        return d.parse_when(text, self.now())

    def collect(self) -> dict | None:
        """All fields parsed, or None after showing every error at its field."""
        self.clear_errors()
        fields: dict = {}
        errors: list[ValidationError] = []

        def take(name, fn):
            try:
                fields[name] = fn()
            except ValidationError as e:
                errors.append(e)

        take("muscle_group", self._parse_muscle)
        take("side", lambda: d.parse_side(self.query_one("#side", ChoiceBar).value or "none"))

        def pain():
            value = self.query_one("#pain", PainPicker).value
            if value is None:
                raise ValidationError(f"the pain is missing — {d.PAIN_RULE}", "pain")
            return d.parse_pain(value)

        take("pain", pain)
        take("duration_s", self._parse_duration)
        take("started_at", self._parse_when)
        take("hydration", lambda: d.parse_hydration(self.query_one("#hydration", ChoiceBar).value))
        take("exertion", lambda: d.parse_exertion(self.query_one("#exertion", ChoiceBar).value))
        take(
            "symptoms", lambda: d.parse_symptoms(list(self.query_one("#symptoms", ChoiceBar).value))
        )
        take("self_care", lambda: d.parse_self_care(self.query_one("#self-care", ChoiceBar).value))
        take("notes", lambda: d.parse_notes(self.query_one("#notes", Input).value))
        if not errors:
            try:
                d.validate_episode(d.Episode(**fields))
            except ValidationError as e:
                errors.append(e)
        for error in errors:
            self.show_error(_ERROR_SLOT.get(error.field or "", "form"), str(error))
        if errors:
            self._focus_slot(_ERROR_SLOT.get(errors[0].field or "", "form"))
            return None
        return fields

    def action_save(self) -> None:
        fields = self.collect()
        if fields is not None:
            self.post_message(self.Submitted(self, fields))

    # -- filling ------------------------------------------------------------------------

    def apply_defaults(self, last: d.Episode | None) -> None:
        """Side, fluids and activity as in the last entry (unless already picked)."""
        if last is None:
            return
        self._defaults = {"side": last.side, "hydration": last.hydration, "exertion": last.exertion}
        for slot, value in self._defaults.items():
            bar = self.query_one(f"#{slot}", ChoiceBar)
            if not bar.touched:
                bar.set_value(value)

    def fill(self, ep: d.Episode) -> None:
        """Show an existing episode (edit mode)."""
        self.original = ep
        self.query_one("#muscle", Input).value = ep.muscle_group
        self.query_one("#side", ChoiceBar).set_value(ep.side)
        self.query_one("#pain", PainPicker).set_value(ep.pain)
        self.query_one("#duration", Input).value = d.format_duration(ep.duration_s)
        self.query_one("#when", Input).value = ep.local_start.strftime(WHEN_FORMAT)
        self.query_one("#hydration", ChoiceBar).set_value(ep.hydration)
        self.query_one("#exertion", ChoiceBar).set_value(ep.exertion)
        self.query_one("#symptoms", ChoiceBar).set_value(ep.symptoms)
        self.query_one("#self-care", ChoiceBar).set_value(ep.self_care)
        self.query_one("#notes", Input).value = ep.notes or ""
        self.clear_errors()

    def reset(self) -> None:
        """Ready for the next episode: blank, with the last entry's side, fluids, activity."""
        self.original = None
        self.query_one("#muscle", Input).value = ""
        self.query_one("#pain", PainPicker).set_value(None)
        self.query_one("#duration", Input).value = ""
        self.query_one("#duration-picks", ChoiceBar).clear()
        self.query_one("#when", Input).value = ""
        self.query_one("#when-picks", ChoiceBar).set_value("")
        self.query_one("#symptoms", ChoiceBar).set_value(())
        self.query_one("#self-care", ChoiceBar).set_value(None)
        self.query_one("#notes", Input).value = ""
        for slot in ("side", "hydration", "exertion"):
            bar = self.query_one(f"#{slot}", ChoiceBar)
            bar.set_value(self._defaults.get(slot, "none" if slot == "side" else None))
        self.clear_errors()
        self._update_when_hint()
        self.query_one("#muscle", Input).focus()

    # -- moving on ----------------------------------------------------------------------

    _NEXT = {
        "side": "#pain",
        "duration-picks": "#when-picks",
        "when-picks": "#hydration",
        "hydration": "#exertion",
        "exertion": "#symptoms",
        "self-care": "#notes",
    }

    @on(ChoiceBar.Changed)
    def _choice_changed(self, event: ChoiceBar.Changed) -> None:
        bar = event.bar
        if bar.id == "duration-picks":
            self._set_text("#duration", bar.value or "")
        elif bar.id == "when-picks":
            self._set_text("#when", bar.value or "")
        if bar.id:
            self.show_error(
                {"duration-picks": "duration", "when-picks": "when"}.get(bar.id, bar.id), None
            )
        if event.advance and bar.id in self._NEXT:
            self.query_one(self._NEXT[bar.id]).focus()

    def _set_text(self, selector: str, value: str) -> None:
        self.query_one(selector, Input).value = value

    @on(PainPicker.Changed)
    def _pain_changed(self, event: PainPicker.Changed) -> None:
        self.show_error("pain", None)
        if event.advance:
            self.query_one("#duration-picks").focus()

    @on(Input.Submitted, "#muscle")
    def _muscle_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            event.input.value = self._parse_muscle()
        except ValidationError as e:
            self.show_error("muscle", str(e))
            return
        self.show_error("muscle", None)
        self.query_one("#side").focus()

    @on(Input.Blurred, "#muscle")
    def _muscle_blurred(self, event: Input.Blurred) -> None:
        if event.value.strip():
            try:
                self._parse_muscle()
            except ValidationError as e:
                self.show_error("muscle", str(e))
                return
        self.show_error("muscle", None)

    def _mirror_typed(self, field: str, text: str) -> None:
        """Typed text that equals a quick pick selects it; anything else clears the picks."""
        bar = self.query_one(f"#{field}-picks", ChoiceBar)
        text = text.strip()
        if any(c.value == text for c in bar.choices):
            bar.set_value(text, touched=True)
        else:
            bar.clear()
        self.show_error(field, None)

    def _submit_typed(self, field: str, parse, next_selector: str) -> None:
        """Enter in a typed field: check it (the error shows at the field), then move on."""
        try:
            parse()
        except ValidationError as e:
            self.show_error(field, str(e))
            return
        self.query_one(next_selector).focus()

    @on(Input.Changed, "#duration")
    def _duration_typed(self, event: Input.Changed) -> None:
        self._mirror_typed("duration", event.value)

    @on(Input.Submitted, "#duration")
    def _duration_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit_typed("duration", self._parse_duration, "#when-picks")

    @on(Input.Changed, "#when")
    def _when_typed(self, event: Input.Changed) -> None:
        self._mirror_typed("when", event.value)
        self._update_when_hint()

    @on(Input.Submitted, "#when")
    def _when_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit_typed("when", self._parse_when, "#hydration")

    @on(Input.Submitted, "#notes")
    def _notes_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _update_when_hint(self) -> None:
        """Show the resolved start time beside the quick picks (or nothing while invalid)."""
        bar = self.query_one("#when-picks", ChoiceBar)
        try:
            when = self._parse_when()
        except ValidationError:
            bar.suffix = ""
            return
        today = self.now().date()
        day = when.date()
        if day == today:
            label = "today"
        elif (today - day).days == 1:
            label = "yesterday"
        else:
            label = f"{when:%d %b}" if when.year == today.year else f"{when:%d %b %Y}"
        bar.suffix = f"→ {label} {when:%H:%M}"
