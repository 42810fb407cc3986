"""Every word a person reads for a value, and the formatters, in one place.

Shared by the CLI, the TUI and the exports (the core never imports either face). The
person's own words are data: :func:`visible` makes control characters visible so that a
note can never drive the terminal or a Markdown renderer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from . import domain as d

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides
# that can reorder or hide text on a terminal.
_INVISIBLE = {
    *range(0x00, 0x20),
    0x7F,
    *range(0x80, 0xA0),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
}
_VISIBLE_MAP = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _INVISIBLE}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), never obeyed.

    With ``keep_newlines`` a line feed stays a line feed (multi-line displays); a carriage
    return, tab and everything else are still made visible.
    """
    if keep_newlines:
        return "\n".join(line.translate(_VISIBLE_MAP) for line in text.split("\n"))
    return text.translate(_VISIBLE_MAP)


def episode_details(ep: d.Episode, *, note_chars: int | None = 40) -> str:
    """Symptoms, context and the note (its first ``note_chars`` characters; None: all of
    it, for a display that cuts to its own width), for one-line listings (CLI and TUI)."""
    bits = []
    if ep.symptoms:
        bits.append("+" + ",".join(symptom_label(s) for s in ep.symptoms))
    for label, value in (
        ("fluids", ep.hydration),
        ("activity", ep.exertion),
        ("self-care", self_care_label(ep.self_care) if ep.self_care else None),
    ):
        if value:
            bits.append(f"{label} {value}")
    if ep.notes:
        note = visible(" ".join(ep.notes.split()))
        cut = note_chars is not None and len(note) > note_chars
        bits.append(f'"{note[:note_chars]}…"' if cut else f'"{note}"')
    return "  ".join(bits)


def episode_full(ep: d.Episode) -> str:
    """Every recorded field of an episode and its whole note, for a detail view (lines)."""
    side = "side not given" if ep.side == "none" else ep.side
    lines = [
        f"#{ep.id} · {ep.local_start:%a %d %b %Y %H:%M} · {ep.muscle_group}, {side} · "
        f"pain {ep.pain} ({d.pain_band(ep.pain)}) · {d.format_duration(ep.duration_s)}"
    ]
    context = [
        f"{label} {value}"
        for label, value in (
            ("fluids", ep.hydration),
            ("activity", ep.exertion),
            ("self-care", ep.self_care),
        )
        if value
    ]
    if ep.symptoms:
        context.insert(0, "with " + ", ".join(ep.symptoms))
    if context:
        lines.append(" · ".join(context))
    if ep.notes:
        lines.append("Note: " + visible(ep.notes, keep_newlines=True))
    return "\n".join(lines)


def describe(ep: d.Episode) -> str:
    """A one-line summary of an episode for messages."""
    side = f" {ep.side}" if ep.side not in ("none",) else ""
    return (
        f"{ep.muscle_group}{side}, pain {ep.pain}, {duration(ep.duration_s)}, "
        f"{ep.local_start:%Y-%m-%d %H:%M}"
    )


# --- days: check-ins, markers, the profile --------------------------------------------

HYDRATION_WORDS = {"low": "low fluids", "normal": "normal fluids", "high": "plenty of fluids"}
EXERTION_WORDS = {
    "rest": "a day of rest",
    "light": "light activity",
    "moderate": "moderate activity",
    "vigorous": "vigorous activity",
}
MARKER_WORDS = {"visit": "doctor visit", "change": "change"}
PROFILE_LABELS = {
    "name": "name",
    "birth_year": "born",
    "conditions": "conditions",
    "medicines": "medicines",
    "questions": "questions for the doctor",
}


def n_of(n: int, noun: str, plural: str | None = None) -> str:
    """'1 cramp', '3 cramps', 'no cramps'."""
    if n == 0:
        return f"no {plural or noun + 's'}"
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def checkin_summary(c: d.Checkin, cramps: int | None = None) -> str:
    """One line for a check-in: completeness, cramps logged, fluids, activity, sleep, tags."""
    logged = "" if cramps is None else f" — {n_of(cramps, 'cramp')} logged"
    bits = [("complete" if c.complete else "not complete (some cramps may be missing)") + logged]
    if c.hydration:
        bits.append(HYDRATION_WORDS[c.hydration])
    if c.exertion:
        bits.append(EXERTION_WORDS[c.exertion])
    if c.sleep_disturbed is not None:
        bits.append("sleep disturbed" if c.sleep_disturbed else "slept undisturbed")
    if c.tags:
        bits.append("tags: " + ", ".join(visible(t) for t in c.tags))
    return "; ".join(bits)


def marker_line(m: d.Marker) -> str:
    """'2026-11-20  doctor visit  "GP, bloods taken"' (the person's text made visible)."""
    text = f'  "{visible(m.text)}"' if m.text else ""
    return f"{m.day.isoformat()}  {MARKER_WORDS[m.kind]}{text}"


def factor_words(factor: str) -> str:
    """'hydration:low' → 'low fluids', 'tag:long-walk' → 'tag long-walk'."""
    kind, _, value = factor.partition(":")
    if kind == "hydration":
        return HYDRATION_WORDS.get(value, value)
    if kind == "exertion":
        return EXERTION_WORDS.get(value, value).removeprefix("a day of ")
    return f"tag {visible(value)}"


def factor_days(factor: str) -> str:
    """'days with low fluids', 'days tagged long-walk'."""
    kind, _, value = factor.partition(":")
    if kind == "tag":
        return f"days tagged {visible(value)}"
    return f"days with {factor_words(factor)}"


def pattern_sentence(f) -> str:
    """One factor of the patterns, in plain words ("came with", never a cause)."""
    what = factor_words(f.factor)
    counts = (
        f"cramps came on {f.with_cramp_days} of {f.with_days} {factor_days(f.factor)}, "
        f"against {f.without_cramp_days} of {f.without_days} other days"
    )
    if f.pattern:
        p = "< 0.001" if f.p_adjusted < 0.001 else f"= {f.p_adjusted:.3f}"
        return f"{what}: {counts} (adjusted p {p})"
    if f.tested:
        return f"{what}: no clear difference yet — {counts}"
    return (
        f"{what}: too few days to compare yet ({f.with_days} with, {f.without_days} without; "
        "10 of each are needed)"
    )


def patterns_lines(result) -> list[str]:
    """The text of ``spasmlog patterns``: patterns first, then the rest."""
    if result.first is None:
        head = f"Patterns as of {result.as_of.isoformat()}"
    else:
        head = (
            f"Patterns over the diary days {result.first.isoformat()} to "
            f"{result.last.isoformat()} ({result.days_checked} complete check-ins)"
        )
    lines = [head, ""]
    if not result.factors:
        lines.append(
            "nothing to compare yet — check in each day ('spasmlog checkin') with fluids, "
            "activity or your own tags, and patterns show after 20 or more days"
        )
        return lines
    found = [f for f in result.factors if f.pattern]
    rest = [f for f in result.factors if not f.pattern]
    lines.append("Came with more cramp days:" if found else "No clear pattern yet.")
    lines += [f"  {pattern_sentence(f)}" for f in found]
    if rest:
        lines += ["", "Others:"] + [f"  {pattern_sentence(f)}" for f in rest]
    lines += [
        "",
        "A pattern says what came with cramps in this diary, not what causes them.",
    ]
    return lines


# --- words for values ---------------------------------------------------------------------

SIDE_LABELS: dict[str, str] = {
    "left": "left",
    "right": "right",
    "both": "both sides",
    "none": "side not given",
}
SYMPTOM_LABELS: dict[str, str] = {
    "weakness": "weakness",
    "atrophy": "muscle wasting",
    "numbness": "numbness",
    "tingling": "tingling",
    "skin-color-change": "skin colour change",
    "swelling": "swelling",
    "redness": "redness",
}
SELF_CARE_LABELS: dict[str, str] = {"helped": "helped", "did-not-help": "did not help"}
NOT_RECORDED = "not recorded"
NONE_SHOWN = "–"  # a figure that has no value (no episode that week, say)

# Severity display labels (docs/flags.md): the person's words, and the clinician report's.
SEVERITY_LABELS: dict[str, str] = {
    "urgent": "See a doctor promptly",
    "see-doctor": "Worth showing a doctor",
    "info": "For your information",
}
CLINICIAN_SEVERITY_LABELS: dict[str, str] = {**SEVERITY_LABELS, "urgent": "Red flag"}

# Colours of the pain bands (domain.pain_band) in the terminal.
BAND_COLORS: dict[str, str] = {
    "none": "green",
    "mild": "green",
    "moderate": "yellow",
    "severe": "red",
}


def muscle_label(muscle: str) -> str:
    """The muscle group as a person reads it (the ids are already plain words)."""
    return muscle


def side_label(side: str) -> str:
    return SIDE_LABELS.get(side, side)


def symptom_label(symptom: str, *, short: bool = False) -> str:
    """The symptom in words; ``short`` for a one-line picker: the typed word, "skin colour"."""
    if short:
        return "skin colour" if symptom == "skin-color-change" else symptom
    return SYMPTOM_LABELS.get(symptom, symptom.replace("-", " "))


def level_label(level: str | None) -> str:
    """A hydration or exertion level, or 'not recorded'."""
    return NOT_RECORDED if level is None else level


def self_care_label(value: str | None) -> str:
    return NOT_RECORDED if value is None else SELF_CARE_LABELS.get(value, value)


def severity_label(severity: str, *, clinician: bool = False) -> str:
    labels = CLINICIAN_SEVERITY_LABELS if clinician else SEVERITY_LABELS
    return labels.get(severity, severity)


# --- formatters ---------------------------------------------------------------------------


def duration(seconds: float | None, *, long: bool = False) -> str:
    """A duration: '1m30s' in terminal tables (the form it is typed in), or with ``long``
    '1 min 30 s' for reports; '–' when there is none."""
    if seconds is None:
        return NONE_SHOWN
    seconds = int(round(seconds))
    if not long:
        return d.format_duration(seconds)
    if seconds < 60:
        return f"{seconds} s"
    m, sec = divmod(seconds, 60)
    if m < 60:
        return f"{m} min {sec} s" if sec else f"{m} min"
    h, m = divmod(m, 60)
    return f"{h} h {m} min" if m else f"{h} h"


def share(x: float | None) -> str:
    """A share 0..1 as a whole percentage, '–' when there is none."""
    return NONE_SHOWN if x is None else f"{round(100 * x)}%"


def number(x: float | None, digits: int = 1) -> str:
    """A float to ``digits`` places, an int as it is, '–' for none."""
    if x is None:
        return NONE_SHOWN
    return f"{x:.{digits}f}" if isinstance(x, float) else str(x)


def day(value: date, *, year: bool = False, short: bool = False) -> str:
    """'24 November'; with ``year`` '24 November 2026'; ``short`` '24 Nov'."""
    text = f"{value.day} {value:%b}" if short else f"{value.day} {value:%B}"
    return f"{text} {value.year}" if year else text


def days(values: Iterable[date], *, as_of: date | None = None) -> str:
    """'11, 14 and 19 November', '30 October and 2 November', with years if they differ
    (or differ from ``as_of``'s). Duplicates are dropped; days are listed in order."""
    ordered = sorted(set(values))
    if not ordered:
        return ""
    show_year = len({v.year for v in ordered}) > 1 or (
        as_of is not None and ordered[-1].year != as_of.year
    )
    groups: list[tuple[tuple[int, int], list[date]]] = []
    for v in ordered:
        key = (v.year, v.month)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(v)
        else:
            groups.append((key, [v]))
    parts: list[str] = []
    for _key, members in groups:
        numbers = [str(v.day) for v in members]
        last = members[-1]
        month = f"{last:%B}" + (f" {last.year}" if show_year else "")
        parts.extend(numbers[:-1])
        parts.append(f"{numbers[-1]} {month}")
    return join_words(parts)


def join_words(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def when(ep: d.Episode) -> str:
    """'Tue 24 Nov 2026 03:10': an episode's local start for reports."""
    start = ep.local_start
    return f"{start:%a} {day(start.date(), year=True, short=True)} {start:%H:%M}"


SHOWN_IDS = 12


def episode_ids(ids: Iterable[int], *, limit: int = SHOWN_IDS) -> str:
    """'#3, #5 and #9', or the first ``limit`` and 'and N more'; '–' for none."""
    ids = list(ids)
    if not ids:
        return NONE_SHOWN
    shown = [f"#{i}" for i in ids[:limit]]
    more = len(ids) - limit
    if more > 0:
        return ", ".join(shown) + f" and {more} more"
    return join_words(shown)


# --- the doctor report's words (docs/doctor-report.md) ------------------------------------

PAIN_BAND_LABELS: dict[str, str] = {
    "none": "none (0)",
    "mild": "mild (1–3)",
    "moderate": "moderate (4–6)",
    "severe": "severe (7–10)",
}
# The urgent rules, in the order the report's red-flag line names them.
RED_FLAG_RULES: tuple[str, ...] = ("weakness", "prolonged", "swollen-leg", "unusual-site")
FINDING_STATUS_LABELS: dict[str, str] = {
    "new": "New (in the last 7 days)",
    "ongoing": "Ongoing",
    "discussed": "Discussed at the last visit",
}
MARKER_LABELS: dict[str, str] = {"visit": "visit", "change": "change"}
SAMPLE_STAMP_SHORT = "SAMPLE DATA"


def red_flag_label(rule: str, prolonged_s: int) -> str:
    """An urgent rule's criterion in a clinician's words; the duration follows the setting."""
    return {
        "weakness": "weakness or wasting",
        "prolonged": f"cramp over {duration(prolonged_s, long=True)}",
        "swollen-leg": "one swollen, red or discoloured leg",
        "unusual-site": "chest",
    }[rule]


def where(muscle: str, side: str) -> str:
    """'left calf', 'calf (both sides)', 'calf' (side not given)."""
    if side in ("left", "right"):
        return f"{side} {muscle_label(muscle)}"
    if side == "both":
        return f"{muscle_label(muscle)} (both sides)"
    return muscle_label(muscle)


def age_in(year: int, birth_year: int) -> int:
    """Age reached in ``year`` (the report states it as 'about')."""
    return year - birth_year


def per_week(count: int, tracked_days: int) -> float | None:
    """Episodes per 7 tracked days, or None when no day was tracked."""
    return None if tracked_days <= 0 else 7 * count / tracked_days


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 episode', '3 episodes'."""
    return f"{n} {noun}" if n == 1 else f"{n} {many or noun + 's'}"


# Why each flag rule matters, in plain words, and where the guidance comes from: shown when
# a person opens a finding on the Flags screen. Taken from docs/flags.md ("The rules" and
# "Sources"); keep the two in step. spasmlog recommends nothing beyond fluids, rest and
# stretching, and names no medicine.
RULE_EXPLANATIONS: dict[str, tuple[str, str]] = {
    "weakness": (
        "Weakness, or a muscle getting thinner, alongside cramps can come from a problem with "
        "the nerves or the muscle itself.",
        "Mayo Clinic: see a doctor if cramps come with muscle weakness.",
    ),
    "prolonged": (
        "Ordinary cramps last seconds to a few minutes; one that lasts more than 10 minutes "
        "is not ordinary.",
        "NHS: ask for an urgent appointment for cramps that last longer than 10 minutes.",
    ),
    "swollen-leg": (
        "One swollen, red or discoloured leg can be a blood clot (deep vein thrombosis).",
        "NHS and Mayo Clinic: cramps with leg swelling, redness or skin changes.",
    ),
    "unusual-site": (
        "Pain in the chest is never assumed to be a cramp without a medical check.",
        "MSD Manual, Muscle cramps.",
    ),
    "associated-symptoms": (
        "Numbness, tingling, swelling, redness or a change of skin colour with cramps can "
        "point to something other than an ordinary cramp.",
        "NHS: numbness or swelling, see a GP. Mayo Clinic: skin changes.",
    ),
    "severe-pain": (
        "Cramps that keep causing severe pain are worth a doctor's look.",
        "Mayo Clinic: cramps that cause severe discomfort.",
    ),
    "frequent": (
        "Cramps on several days within two weeks are more than the occasional cramp.",
        "Mayo Clinic: cramps that happen frequently; Roguin Maor 2017 (4 or more cramps in "
        "2 weeks).",
    ),
    "persistent": (
        "Cramps every week for four weeks, six or more in all, are a lasting pattern.",
        "Frusso 1999 (6 or more cramps a month).",
    ),
    "sleep-disturbed": (
        "Cramps that keep breaking your sleep are worth raising with a doctor.",
        "NHS: see a GP if cramps disturb your sleep.",
    ),
    "escalating-frequency": (
        "Cramps have become clearly more frequent than before.",
        "Mayo Clinic: frequent, severe cramps.",
    ),
    "escalating-pain": (
        "Cramps have become clearly more painful than before; a change of about 2 points "
        "out of 10 is one people feel as important.",
        "Mayo Clinic: severe cramps; Farrar 2001 (a 2-point change on the 0–10 scale).",
    ),
    "escalating-duration": (
        "Cramps have become clearly longer than before.",
        "NHS: cramps over 10 minutes; Mayo Clinic: frequent, severe cramps.",
    ),
    "unexplained": (
        "Frequent cramps that come at rest on days with enough fluids have no obvious cause "
        "such as hard exercise.",
        "Mayo Clinic: cramps not associated with an obvious cause such as strenuous exercise.",
    ),
    "self-care-fails": (
        "Cramps that fluids, rest and stretching do not help are worth a doctor's look.",
        "Mayo Clinic: cramps that do not get better with self-care.",
    ),
    "severe-pain-once": (
        "One intense cramp is common; if more follow, it becomes worth showing a doctor.",
        "Mayo Clinic: cramps that cause severe discomfort.",
    ),
    "new-site": (
        "A cramp in a muscle and side never logged before is worth noting for your doctor.",
        "spasmlog's own pattern rule (docs/flags.md).",
    ),
    "dehydration-link": (
        "Many recent cramps came on days with low fluids; that came together in your diary, "
        "which does not say it is the cause.",
        "spasmlog's own pattern rule (docs/flags.md).",
    ),
    "exertion-link": (
        "Many recent cramps followed vigorous activity; that came together in your diary, "
        "which does not say it is the cause.",
        "spasmlog's own pattern rule (docs/flags.md).",
    ),
    "nocturnal": (
        "Many recent cramps started at night (22:00 to 06:00); night cramps are the common "
        "kind, and worth mentioning when they disturb sleep.",
        "spasmlog's own pattern rule (docs/flags.md); NHS on cramps that disturb sleep.",
    ),
}


def rule_explanation(rule: str) -> tuple[str, str]:
    """(why this matters, source) for a flag rule; a plain fallback for an unknown one."""
    return RULE_EXPLANATIONS.get(
        rule, ("A finding of spasmlog's rules (docs/flags.md).", "docs/flags.md")
    )
