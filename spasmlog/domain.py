"""The episode and its value types: the one place that says what is allowed.

Plain Python only (no SQLModel, no Textual), so the fast ``spasmlog add`` path, the TUI,
CSV import and the storage layer all validate with the same rules and the same words.
Every parser either returns a valid value or raises :class:`ValidationError`.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone

from .errors import ValidationError
from .frozen import Frozen, replace, uncompared

# --- the vocabularies (docs/cli.md) -------------------------------------------------------

MUSCLE_GROUPS: tuple[str, ...] = (
    "foot",
    "toes",
    "calf",
    "shin",
    "hamstring",
    "quadriceps",
    "groin",
    "hip",
    "glute",
    "abdomen",
    "lower-back",
    "upper-back",
    "chest",
    "neck",
    "shoulder",
    "upper-arm",
    "forearm",
    "hand",
    "fingers",
    "jaw",
    "face",
    "eyelid",
    "other",
)
LEG_MUSCLES: frozenset[str] = frozenset(
    {"foot", "toes", "calf", "shin", "hamstring", "quadriceps", "groin"}
)
SIDES: tuple[str, ...] = ("left", "right", "both", "none")
HYDRATION_LEVELS: tuple[str, ...] = ("low", "normal", "high")
EXERTION_LEVELS: tuple[str, ...] = ("rest", "light", "moderate", "vigorous")
SYMPTOMS: tuple[str, ...] = (
    "weakness",
    "atrophy",
    "numbness",
    "tingling",
    "skin-color-change",
    "swelling",
    "redness",
)
SELF_CARE_VALUES: tuple[str, ...] = ("helped", "did-not-help")

PAIN_MIN, PAIN_MAX = 0, 10
DURATION_MIN_S, DURATION_MAX_S = 1, 86_400
NOTES_MAX_CHARS = 2_000
FUTURE_TOLERANCE = timedelta(minutes=5)
YEAR_MIN, YEAR_MAX = 1900, 9999  # one range for every way in: add, edit, import, --since
MAX_ID = 2**53  # ids and counts given on the command line or in a file

MUSCLE_ALIASES: dict[str, str] = {
    "feet": "foot",
    "sole": "foot",
    "arch": "foot",
    "instep": "foot",
    "toe": "toes",
    "big-toe": "toes",
    "calves": "calf",
    "calf-muscle": "calf",
    "gastrocnemius": "calf",
    "soleus": "calf",
    "charley-horse": "calf",
    "shins": "shin",
    "tibialis": "shin",
    "hamstrings": "hamstring",
    "hammy": "hamstring",
    "hammies": "hamstring",
    "quads": "quadriceps",
    "quad": "quadriceps",
    "quadricep": "quadriceps",
    "thigh-front": "quadriceps",
    "front-thigh": "quadriceps",
    "back-thigh": "hamstring",
    "adductor": "groin",
    "adductors": "groin",
    "inner-thigh": "groin",
    "hips": "hip",
    "hip-flexor": "hip",
    "hip-flexors": "hip",
    "glutes": "glute",
    "buttock": "glute",
    "buttocks": "glute",
    "bum": "glute",
    "butt": "glute",
    "gluteus": "glute",
    "abs": "abdomen",
    "abdominal": "abdomen",
    "abdominals": "abdomen",
    "belly": "abdomen",
    "stomach": "abdomen",
    "tummy": "abdomen",
    "side-stitch": "abdomen",
    "lowerback": "lower-back",
    "low-back": "lower-back",
    "lumbar": "lower-back",
    "upperback": "upper-back",
    "shoulder-blade": "upper-back",
    "trapezius": "upper-back",
    "traps": "upper-back",
    "pecs": "chest",
    "pectoral": "chest",
    "pectorals": "chest",
    "shoulders": "shoulder",
    "deltoid": "shoulder",
    "delts": "shoulder",
    "upperarm": "upper-arm",
    "biceps": "upper-arm",
    "bicep": "upper-arm",
    "triceps": "upper-arm",
    "tricep": "upper-arm",
    "forearms": "forearm",
    "wrist": "forearm",
    "hands": "hand",
    "palm": "hand",
    "finger": "fingers",
    "thumb": "fingers",
    "thumbs": "fingers",
    "jaws": "jaw",
    "cheek": "face",
    "eyelids": "eyelid",
    "eye": "eyelid",
    "eye-twitch": "eyelid",
}
SIDE_ALIASES: dict[str, str] = {
    "l": "left",
    "r": "right",
    "b": "both",
    "n": "none",
    "bilateral": "both",
    "left-side": "left",
    "right-side": "right",
    "-": "none",
}
SYMPTOM_ALIASES: dict[str, str] = {
    "weak": "weakness",
    "wasting": "atrophy",
    "muscle-wasting": "atrophy",
    "numb": "numbness",
    "tingle": "tingling",
    "pins-and-needles": "tingling",
    "skin-colour-change": "skin-color-change",
    "skin-change": "skin-color-change",
    "discoloration": "skin-color-change",
    "discolouration": "skin-color-change",
    "pale": "skin-color-change",
    "blue": "skin-color-change",
    "swollen": "swelling",
    "red": "redness",
}
SELF_CARE_ALIASES: dict[str, str] = {
    "yes": "helped",
    "helps": "helped",
    "help": "helped",
    "relieved": "helped",
    "no": "did-not-help",
    "didnt-help": "did-not-help",
    "did-not": "did-not-help",
    "not-helped": "did-not-help",
    "no-help": "did-not-help",
    "unhelped": "did-not-help",
}
# Values that mean "not recorded" for the optional fields (used by edit to clear one).
UNRECORDED_WORDS = frozenset({"", "-", "unknown", "not-recorded", "unrecorded", "unset"})


def pain_band(pain: int) -> str:
    """The 0–10 numeric rating scale's bands: none, mild, moderate, severe."""
    if pain <= 0:
        return "none"
    if pain <= 3:
        return "mild"
    if pain <= 6:
        return "moderate"
    return "severe"


# --- the record -----------------------------------------------------------------------


class Episode(Frozen):
    """One cramp or spasm. ``started_at`` is aware, at the offset it was logged with."""

    started_at: datetime
    muscle_group: str
    duration_s: int
    pain: int
    side: str = "none"
    hydration: str | None = None
    exertion: str | None = None
    symptoms: tuple[str, ...] = ()
    self_care: str | None = None
    notes: str | None = None
    id: int | None = uncompared(default=None)
    uid: str | None = uncompared(default=None)

    @property
    def utc_offset_min(self) -> int:
        off = self.started_at.utcoffset()
        return int(off.total_seconds() // 60) if off is not None else 0

    @property
    def local_start(self) -> datetime:
        """Naive wall-clock time where it was logged (03:00 stays 03:00)."""
        return self.started_at.replace(tzinfo=None)

    def to_dict(self) -> dict:
        """The JSON shape (keys of the CSV header; symptoms a list; unrecorded null)."""
        return {
            "id": self.id,
            "uid": self.uid,
            "started_at": format_instant(self.started_at),
            "muscle_group": self.muscle_group,
            "side": self.side,
            "duration_s": self.duration_s,
            "pain": self.pain,
            "hydration": self.hydration,
            "exertion": self.exertion,
            "symptoms": list(self.symptoms),
            "self_care": self.self_care,
            "notes": self.notes,
        }

    def with_changes(self, **changes) -> Episode:
        return validate_episode(replace(self, **changes))


# The one runtime declaration of an episode's fields, in the CSV header's order (docs/export.md);
# storage.schema.EPISODE_COLUMNS derives the stored columns from it and a test proves that
# storage/models.py declares the same.
EPISODE_FIELDS: tuple[str, ...] = (
    "id",
    "uid",
    "started_at",
    "muscle_group",
    "side",
    "duration_s",
    "pain",
    "hydration",
    "exertion",
    "symptoms",
    "self_care",
    "notes",
)


def new_uid() -> str:
    """A fresh episode uid: UUID version 4, lower-case text (what ``str(uuid.uuid4())``
    gives, without importing ``uuid``, which costs ``spasmlog add`` tens of milliseconds)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# Patterns used now and then are compiled on first use (re keeps them): compiling all of
# them at import would cost every `spasmlog add` about 2 ms.
_UID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def parse_uid(text: str) -> str:
    """An episode uid as exported: a version-4 UUID (upper case is lower-cased)."""
    s = text.strip().lower() if isinstance(text, str) else ""
    if not re.fullmatch(_UID_PATTERN, s):
        raise ValidationError(
            f"invalid uid {text!r} — a version-4 UUID such as 3f2b6c1e-8d4a-4f0b-9c2e-1a2b3c4d5e6f",
            "uid",
        )
    return s


def validate_episode(ep: Episode) -> Episode:
    """Check every invariant of a typed Episode; returns it (canonicalised) or raises."""
    off = ep.started_at.utcoffset() if isinstance(ep.started_at, datetime) else None
    if off is None:
        raise ValidationError("the start time needs a date, a time and a UTC offset", "started_at")
    if off.total_seconds() % 60:
        raise ValidationError("the UTC offset must be whole minutes", "started_at")
    check_instant_range(ep.started_at)
    _check_choice(ep.muscle_group, MUSCLE_GROUPS, "muscle group", "muscle_group")
    _check_choice(ep.side, SIDES, "side", "side")
    if ep.hydration is not None:
        _check_choice(ep.hydration, HYDRATION_LEVELS, "hydration", "hydration")
    if ep.exertion is not None:
        _check_choice(ep.exertion, EXERTION_LEVELS, "exertion", "exertion")
    if ep.self_care is not None:
        _check_choice(ep.self_care, SELF_CARE_VALUES, "self-care", "self_care")
    if (
        isinstance(ep.pain, bool)
        or not isinstance(ep.pain, int)
        or not PAIN_MIN <= ep.pain <= PAIN_MAX
    ):
        raise ValidationError(f"invalid pain {ep.pain!r} — {PAIN_RULE}", "pain")
    if (
        isinstance(ep.duration_s, bool)
        or not isinstance(ep.duration_s, int)
        or not DURATION_MIN_S <= ep.duration_s <= DURATION_MAX_S
    ):
        raise ValidationError(f"invalid duration {ep.duration_s!r} — {DURATION_RULE}", "duration_s")
    if ep.uid is not None and ep.uid != parse_uid(ep.uid):
        raise ValidationError(f"invalid uid {ep.uid!r} — a lower-case version-4 UUID", "uid")
    for s in ep.symptoms:
        _check_choice(s, SYMPTOMS, "symptom", "symptoms")
    symptoms = tuple(s for s in SYMPTOMS if s in set(ep.symptoms))
    notes = parse_notes(ep.notes) if ep.notes is not None else None
    if symptoms != ep.symptoms or notes != ep.notes:
        ep = replace(ep, symptoms=symptoms, notes=notes)
    return ep


def _check_choice(value, allowed: tuple[str, ...], what: str, fieldname: str) -> None:
    if value not in allowed:
        raise ValidationError(
            f"invalid {what} {value!r} — allowed: {', '.join(allowed)}", fieldname
        )


# --- parsers for what people type -----------------------------------------------------

PAIN_RULE = "use a whole number from 0 (no pain) to 10 (worst imaginable)"
DURATION_RULE = "use a form like 45s, 2m, 1m30s or 1h (1 second to 24 hours)"
WHEN_RULE = "use ISO 8601 (2026-11-24T03:10), HH:MM, 'yesterday HH:MM', -2h, -30m or 'last night'"
LAST_NIGHT = "last night"  # 03:00 of today: a night cramp logged the next morning


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def _suggest(word: str, vocabulary: tuple[str, ...], aliases: dict[str, str]) -> list[str]:
    import difflib  # only when a value is wrong

    pool = list(vocabulary) + list(aliases)
    close = difflib.get_close_matches(word, pool, n=6, cutoff=0.6)
    out: list[str] = []
    for c in close:
        canon = aliases.get(c, c)
        if canon not in out:
            out.append(canon)
    return out[:3]


def _parse_choice(
    text: str, vocabulary: tuple[str, ...], aliases: dict[str, str], what: str, fieldname: str
) -> str:
    if not isinstance(text, str):
        raise ValidationError(f"invalid {what} {text!r}", fieldname)
    word = _norm(text)
    if word in vocabulary:
        return word
    if word in aliases:
        return aliases[word]
    shown = text.strip() or text
    suggestions = _suggest(word, vocabulary, aliases) if word else []
    if suggestions:
        hint = "did you mean " + " or ".join(suggestions) + "?"
    else:
        hint = "allowed: " + ", ".join(vocabulary)
    raise ValidationError(f"unknown {what} {shown!r} — {hint}", fieldname)


def parse_muscle(text: str) -> str:
    word = _norm(text) if isinstance(text, str) else ""
    if word in {"back", "thigh", "leg", "arm"}:
        options = {
            "back": "lower-back or upper-back",
            "thigh": "quadriceps (front), hamstring (back) or groin (inner)",
            "leg": "calf, shin, hamstring or quadriceps",
            "arm": "upper-arm or forearm",
        }[word]
        raise ValidationError(
            f"muscle group {text.strip()!r} is ambiguous — did you mean {options}?", "muscle_group"
        )
    return _parse_choice(text, MUSCLE_GROUPS, MUSCLE_ALIASES, "muscle group", "muscle_group")


def parse_side(text: str) -> str:
    return _parse_choice(text, SIDES, SIDE_ALIASES, "side", "side")


def _optional(text: str | None) -> bool:
    return text is None or (isinstance(text, str) and _norm(text) in UNRECORDED_WORDS)


def parse_hydration(text: str | None) -> str | None:
    if text is None or _optional(text):
        return None
    return _parse_choice(text, HYDRATION_LEVELS, {}, "hydration", "hydration")


def parse_exertion(text: str | None) -> str | None:
    if text is None or _optional(text):
        return None
    return _parse_choice(text, EXERTION_LEVELS, {}, "exertion", "exertion")


def parse_self_care(text: str | None) -> str | None:
    if text is None or _optional(text):
        return None
    return _parse_choice(text, SELF_CARE_VALUES, SELF_CARE_ALIASES, "self-care", "self_care")


def parse_symptom(text: str) -> str:
    return _parse_choice(text, SYMPTOMS, SYMPTOM_ALIASES, "symptom", "symptoms")


def parse_symptoms(values) -> tuple[str, ...]:
    """Several symptoms: a list of strings, each possibly comma- or ';'-separated."""
    if isinstance(values, str):
        values = [values]
    found: set[str] = set()
    for value in values:
        for part in re.split(r"[;,]", value):
            if part.strip():
                found.add(parse_symptom(part))
    return tuple(s for s in SYMPTOMS if s in found)


def parse_pain(text) -> int:
    if isinstance(text, bool):
        raise ValidationError(f"invalid pain {text!r} — {PAIN_RULE}", "pain")
    if isinstance(text, int):
        value = text
    else:
        s = str(text).strip()
        m = re.fullmatch(r"(\d{1,2})(?:\s*/\s*10)?", s)
        if not m:
            raise ValidationError(f"invalid pain {s!r} — {PAIN_RULE}", "pain")
        value = int(m.group(1))
    if not PAIN_MIN <= value <= PAIN_MAX:
        raise ValidationError(f"invalid pain {str(text).strip()!r} — {PAIN_RULE}", "pain")
    return value


_DURATION_RE = re.compile(
    r"(?:(?P<h>\d{1,3})\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d{1,5})\s*m(?:in(?:utes?|s)?)?)?\s*"
    r"(?:(?P<s>\d{1,6})\s*s(?:ec(?:onds?|s)?)?)?"
)


def parse_duration(text, *, bare_unit: str | None = None) -> int:
    """``45s``, ``2m``, ``1m30s``, ``1h`` or ``2:30`` (m:ss) → seconds.

    A bare number is ambiguous in what a person types ("30": seconds or minutes?) and is
    refused offering both readings. ``bare_unit="s"`` reads it as seconds, for columns
    that hold seconds by definition (the CSV's ``duration_s``); an int is always seconds.
    """
    if isinstance(text, bool):
        raise ValidationError(f"invalid duration {text!r} — {DURATION_RULE}", "duration_s")
    if isinstance(text, int):
        seconds = text
        shown = str(text)
    else:
        shown = str(text).strip()
        s = shown.lower()
        if re.fullmatch(r"\d{1,6}", s):
            if bare_unit != "s":
                raise ValidationError(
                    f"duration {shown!r} has no unit — write {int(s)}s or {int(s)}m", "duration_s"
                )
            seconds = int(s)
        elif m := re.fullmatch(r"(\d{1,4}):([0-5]\d)", s):
            seconds = int(m.group(1)) * 60 + int(m.group(2))
        else:
            m = _DURATION_RE.fullmatch(s)
            if not s or not m or not any(m.group(k) for k in "hms"):
                raise ValidationError(f"invalid duration {shown!r} — {DURATION_RULE}", "duration_s")
            seconds = (
                int(m.group("h") or 0) * 3600 + int(m.group("m") or 0) * 60 + int(m.group("s") or 0)
            )
    if not DURATION_MIN_S <= seconds <= DURATION_MAX_S:
        raise ValidationError(f"invalid duration {shown!r} — {DURATION_RULE}", "duration_s")
    return seconds


def format_duration(seconds: int) -> str:
    """The inverse of parse_duration, shortest form: 90 → '1m30s'."""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    parts = []
    if h:
        parts.append(f"{h}h")
    if m:
        parts.append(f"{m}m")
    if s or not parts:
        parts.append(f"{s}s")
    return "".join(parts)


def parse_notes(text: str | None) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValidationError("notes must be text", "notes")
    if "\x00" in text:
        raise ValidationError("notes contain a NUL character, which cannot be stored", "notes")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            "notes contain characters that are not valid Unicode text", "notes"
        ) from None
    if len(text) > NOTES_MAX_CHARS:
        raise ValidationError(
            f"notes are {len(text):,} characters long — at most {NOTES_MAX_CHARS:,} are allowed",
            "notes",
        )
    return text if text.strip() else None


# --- time -----------------------------------------------------------------------------


def local_now() -> datetime:
    """Now, aware, at this machine's local offset.

    ``SPASMLOG_NOW`` (ISO 8601 with offset) freezes the clock for tests and demos.
    """
    frozen = os.environ.get("SPASMLOG_NOW")
    if frozen:
        try:
            dt = datetime.fromisoformat(frozen.strip())
            dt = dt if dt.tzinfo else dt.astimezone()
            check_instant_range(dt)
        except (ValueError, OverflowError):
            raise ValidationError(
                f"invalid SPASMLOG_NOW {frozen!r} — use ISO 8601 with a UTC offset, e.g. "
                "2026-11-24T10:00:00+01:00, or unset it"
            ) from None
        return dt.replace(microsecond=0)
    return datetime.now().astimezone().replace(microsecond=0)


_REL_PATTERN = r"-\s*(?:(\d{1,4})\s*d)?\s*(?:(\d{1,5})\s*h)?\s*(?:(\d{1,6})\s*m(?:in)?)?"
_HHMM_PATTERN = r"([01]?\d|2[0-3])[:.h]([0-5]\d)"


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """When an episode started: ISO 8601, HH:MM (today), 'yesterday HH:MM', -2h, -30m, now."""
    # A wall-clock time is placed in the system zone (DST-aware) unless the clock is
    # given or frozen, in which case it is placed at that clock's offset.
    system_zone = now is None and not os.environ.get("SPASMLOG_NOW")
    now = now or local_now()

    def _localize(naive: datetime, _now: datetime) -> datetime:
        return naive.astimezone() if system_zone else naive.replace(tzinfo=now.tzinfo)

    if not isinstance(text, str):
        raise ValidationError(f"invalid time {text!r} — {WHEN_RULE}", "started_at")
    shown = text.strip()
    s = shown.lower()
    result: datetime | None = None
    if s == "now":
        result = now
    elif " ".join(s.split()) == LAST_NIGHT:
        result = _localize(datetime.combine(now.date(), datetime.min.time()).replace(hour=3), now)
    elif (m := re.fullmatch(_REL_PATTERN, s)) and any(m.groups()):
        d, h, mi = (int(g or 0) for g in m.groups())
        result = now - timedelta(days=d, hours=h, minutes=mi)
    elif m := re.fullmatch(_HHMM_PATTERN, s):
        result = _localize(
            datetime.combine(now.date(), datetime.min.time()).replace(
                hour=int(m.group(1)), minute=int(m.group(2))
            ),
            now,
        )
    elif (m := re.fullmatch(r"(yesterday|today)\s+(.+)", s)) and (
        t := re.fullmatch(_HHMM_PATTERN, m.group(2))
    ):
        day = now.date() - timedelta(days=1 if m.group(1) == "yesterday" else 0)
        result = _localize(
            datetime(day.year, day.month, day.day, int(t.group(1)), int(t.group(2))), now
        )
    else:
        try:
            dt = datetime.fromisoformat(
                shown.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", shown) else shown
            )
        except ValueError:
            dt = None
        if dt is not None:
            if re.fullmatch(r"\d{4}-\d\d-\d\d", shown):
                raise ValidationError(
                    f"time {shown!r} has a date but no time of day — {WHEN_RULE}", "started_at"
                )
            result = dt if dt.tzinfo else _localize(dt, now)
            offset = result.utcoffset()
            if offset is not None and offset.total_seconds() % 60:
                raise ValidationError(
                    f"invalid time {shown!r} — the UTC offset must be whole minutes", "started_at"
                )
    if result is None:
        raise ValidationError(f"invalid time {shown!r} — {WHEN_RULE}", "started_at")
    check_instant_range(result, shown)
    result = result.replace(microsecond=0)
    if result - now > FUTURE_TOLERANCE:
        hint = (
            " (for last night, write 'yesterday " + s + "')"
            if re.fullmatch(_HHMM_PATTERN, s)
            else ""
        )
        raise ValidationError(
            f"time {shown!r} is in the future — only up to 5 minutes ahead is accepted{hint}",
            "started_at",
        )
    return result


def parse_date(text: str, what: str = "date") -> date:
    """A local calendar date, YYYY-MM-DD, in the years 1900..9999."""
    s = text.strip() if isinstance(text, str) else ""
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s):
            raise ValueError
        day = date.fromisoformat(s)
    except ValueError:
        raise ValidationError(
            f"invalid {what} {text!r} — use YYYY-MM-DD, e.g. 2026-11-24", what
        ) from None
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise ValidationError(
            f"invalid {what} {text!r} — use a date in the years {YEAR_MIN} to {YEAR_MAX}", what
        )
    return day


def parse_count(text, what: str, *, low: int = 1, high: int = MAX_ID) -> int:
    """A whole number typed by a person: plain ASCII digits, ``low``..``high``.

    ``str.isdigit`` accepts ``²`` and other digits that ``int`` cannot read, and an
    unbounded ``int`` overflows SQLite's 64-bit integers: both are refused here.
    """
    s = str(text).strip()
    if not re.fullmatch(r"[0-9]{1,20}", s) or not low <= int(s) <= high:
        raise ValidationError(
            f"invalid {what} {str(text)!r} — use a whole number from {low:,} to {high:,}", what
        )
    return int(s)


def check_instant_range(dt: datetime, shown: str | None = None) -> datetime:
    """Refuse an instant outside the years 1900..9999, locally or in UTC (where it is stored)."""
    shown = shown if shown is not None else format_instant(dt) if dt.year >= 1000 else str(dt)
    bad = not YEAR_MIN <= dt.year <= YEAR_MAX
    if not bad:
        try:
            utc = dt.astimezone(UTC)
        except (OverflowError, ValueError):
            bad = True
        else:
            bad = not YEAR_MIN - 1 <= utc.year <= YEAR_MAX
    if bad:
        raise ValidationError(
            f"time {shown!r} is outside the years {YEAR_MIN} to {YEAR_MAX}", "started_at"
        )
    return dt


def format_instant(dt: datetime) -> str:
    """ISO 8601 with the logged offset, seconds precision: 2026-11-24T03:10:00+01:00."""
    return dt.replace(microsecond=0).isoformat()


def parse_instant(text: str) -> datetime:
    """The strict form stored and exported: ISO 8601 with an explicit offset."""
    try:
        dt = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValidationError(
            f"invalid started_at {text!r} — use ISO 8601 with a UTC offset, "
            "e.g. 2026-11-24T03:10:00+01:00",
            "started_at",
        ) from None
    if dt.tzinfo is None:
        raise ValidationError(
            f"invalid started_at {text!r} — it needs a UTC offset, e.g. +01:00", "started_at"
        )
    check_instant_range(dt, text)
    return dt.replace(microsecond=0)


def to_utc_text(dt: datetime) -> str:
    """The stored instant: UTC, 'YYYY-MM-DDTHH:MM:SSZ' (sorts as text, SQLite date funcs read it).

    The year is always four digits (``strftime('%Y')`` gives ``999`` on some platforms).
    """
    u = dt.astimezone(UTC)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"


_STORED_RE = re.compile(r"([0-9]{1,4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")


def from_stored(utc_text: str, offset_min: int) -> datetime:
    """Rebuild the aware start from its stored UTC text and logged offset.

    Never fails on a stored value: an unpadded year (written by older versions) is read,
    and an offset that would leave the calendar, or a value that is not a time at all,
    is shown at UTC (or as 1900-01-01) rather than stopping every listing and export.
    """
    m = _STORED_RE.fullmatch(utc_text) if isinstance(utc_text, str) else None
    try:
        if m:
            year, month, day, hour, minute, second = (int(g) for g in m.groups())
            utc = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        else:
            utc = None
    except ValueError:
        utc = None
    if utc is None:
        return datetime(YEAR_MIN, 1, 1, tzinfo=UTC)
    try:
        return utc.astimezone(timezone(timedelta(minutes=int(offset_min))))
    except (OverflowError, ValueError, TypeError):
        return utc


# --- days: check-ins, markers, the profile --------------------------------------------

DIARY_DAY_START_HOUR = 6  # a diary day runs 06:00 -> 06:00 local: a day and the night after
MAX_TAGS = 10
TAG_MAX_CHARS = 30
VISIT_NOTE_MAX_CHARS = 500
CHANGE_TEXT_MAX_CHARS = 200
PROFILE_TEXT_MAX_CHARS = 1_000
MARKER_KINDS: tuple[str, ...] = ("visit", "change")
PROFILE_FIELDS: tuple[str, ...] = ("name", "birth_year", "conditions", "medicines", "questions")
TAG_RULE = "a tag is 1–30 letters, digits or '-', e.g. long-walk"


def diary_day(local_start: datetime) -> date:
    """The diary day a local wall-clock time belongs to: before 06:00 it is the day before."""
    return (local_start - timedelta(hours=DIARY_DAY_START_HOUR)).date()


def yesterday_diary_day(now: datetime | None = None) -> date:
    """The diary day that 'yesterday and last night' means: the one before the current one."""
    now = now or local_now()
    return diary_day(now.replace(tzinfo=None)) - timedelta(days=1)


class Checkin(Frozen):
    """How one diary day went. ``complete``: every cramp of that day is logged."""

    day: date
    complete: bool
    hydration: str | None = None
    exertion: str | None = None
    sleep_disturbed: bool | None = None
    tags: tuple[str, ...] = ()
    id: int | None = uncompared(default=None)

    def to_dict(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "complete": self.complete,
            "hydration": self.hydration,
            "exertion": self.exertion,
            "sleep_disturbed": self.sleep_disturbed,
            "tags": list(self.tags),
        }


class Marker(Frozen):
    """A dated event: ``visit`` (a doctor saw the person; optional note) or ``change``."""

    kind: str
    day: date
    text: str | None = None
    id: int | None = uncompared(default=None)

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "day": self.day.isoformat(), "text": self.text}


class Profile(Frozen):
    """The optional profile, printed on the doctor report as the person wrote it."""

    name: str | None = None
    birth_year: int | None = None
    conditions: str | None = None
    medicines: str | None = None
    questions: str | None = None

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in PROFILE_FIELDS}

    @property
    def empty(self) -> bool:
        return all(getattr(self, k) is None for k in PROFILE_FIELDS)


def parse_tag(text: str) -> str:
    """One tag: 1–30 letters, digits and '-', lower-cased (spaces and '_' become '-', and
    a '-' at either end is dropped)."""
    s = _norm(text).strip("-") if isinstance(text, str) else ""
    if not 1 <= len(s) <= TAG_MAX_CHARS or not all(c.isalpha() or c in "0123456789-" for c in s):
        raise ValidationError(f"invalid tag {text!r} — {TAG_RULE}", "tags")
    return s


def parse_tags(values) -> tuple[str, ...]:
    """Up to 10 distinct tags, sorted (order carries no meaning)."""
    tags = sorted({parse_tag(v) for v in values})
    if len(tags) > MAX_TAGS:
        raise ValidationError(f"{len(tags)} tags given — at most {MAX_TAGS} per check-in", "tags")
    return tuple(tags)


YES_WORDS = frozenset({"yes", "y", "true", "1"})
NO_WORDS = frozenset({"no", "n", "false", "0"})


def parse_yes_no(text: str, what: str = "sleep-disturbed") -> bool:
    s = text.strip().lower() if isinstance(text, str) else ""
    if s in YES_WORDS:
        return True
    if s in NO_WORDS:
        return False
    raise ValidationError(f"invalid {what} {text!r} — use yes or no", what)


def _plain_text(text, what: str, limit: int, *, required: bool = False) -> str | None:
    if text is None:
        if required:
            raise ValidationError(f"the {what} needs some text", what)
        return None
    if not isinstance(text, str):
        raise ValidationError(f"the {what} must be text", what)
    if "\x00" in text:
        raise ValidationError(f"the {what} contains a NUL character, which cannot be stored", what)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            f"the {what} contains characters that are not valid Unicode text", what
        ) from None
    if len(text) > limit:
        raise ValidationError(
            f"the {what} is {len(text):,} characters long — at most {limit:,} are allowed", what
        )
    if not text.strip():
        if required:
            raise ValidationError(f"the {what} needs some text (1–{limit} characters)", what)
        return None
    return text


def parse_visit_note(text: str | None) -> str | None:
    return _plain_text(text, "visit note", VISIT_NOTE_MAX_CHARS)


def parse_change_text(text: str | None) -> str:
    out = _plain_text(text, "change text", CHANGE_TEXT_MAX_CHARS, required=True)
    assert out is not None
    return out


def parse_profile_text(text: str | None, what: str) -> str | None:
    return _plain_text(text, what, PROFILE_TEXT_MAX_CHARS)


def parse_birth_year(text, this_year: int | None = None) -> int:
    this_year = this_year or local_now().year
    s = text.strip() if isinstance(text, str) else str(text)
    if not (s.isascii() and s.isdigit() and len(s) == 4) or not 1900 <= int(s) <= this_year:
        raise ValidationError(
            f"invalid birth year {text!r} — use a year from 1900 to {this_year}", "birth_year"
        )
    return int(s)


def validate_checkin(c: Checkin) -> Checkin:
    if not isinstance(c.day, date) or isinstance(c.day, datetime) or c.day.year < 1900:
        raise ValidationError(f"invalid day {c.day!r} — a date from 1900 on", "day")
    if not isinstance(c.complete, bool):
        raise ValidationError("complete must be true or false", "complete")
    if c.hydration is not None:
        _check_choice(c.hydration, HYDRATION_LEVELS, "hydration", "hydration")
    if c.exertion is not None:
        _check_choice(c.exertion, EXERTION_LEVELS, "exertion", "exertion")
    if c.sleep_disturbed is not None and not isinstance(c.sleep_disturbed, bool):
        raise ValidationError("sleep-disturbed must be yes or no", "sleep_disturbed")
    tags = parse_tags(c.tags)
    return c if tags == c.tags else replace(c, tags=tags)


def validate_marker(m: Marker) -> Marker:
    _check_choice(m.kind, MARKER_KINDS, "marker kind", "kind")
    if not isinstance(m.day, date) or isinstance(m.day, datetime) or m.day.year < 1900:
        raise ValidationError(f"invalid date {m.day!r} — a date from 1900 on", "day")
    text = parse_visit_note(m.text) if m.kind == "visit" else parse_change_text(m.text)
    return m if text == m.text else replace(m, text=text)


def validate_profile(p: Profile) -> Profile:
    if p.birth_year is not None:
        if isinstance(p.birth_year, bool) or not isinstance(p.birth_year, int):
            raise ValidationError(f"invalid birth year {p.birth_year!r}", "birth_year")
        parse_birth_year(str(p.birth_year))
    return replace(
        p,
        name=parse_profile_text(p.name, "name"),
        conditions=parse_profile_text(p.conditions, "conditions"),
        medicines=parse_profile_text(p.medicines, "medicines"),
        questions=parse_profile_text(p.questions, "questions"),
    )
