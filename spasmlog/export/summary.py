"""The doctor summary's content, built once and rendered as PDF or Markdown.

The key figures and the counts are plain tallies of the episodes in the range; the weekly
figures and the flags come from :mod:`spasmlog.analysis` (weekly_trends, evaluate_flags),
evaluated as of the end of the range, so the summary says exactly what ``spasmlog trends``
and ``spasmlog flags`` say.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from .. import domain as d
from .. import text as t
from ..analysis.days import NIGHT_END_HOUR, NIGHT_START_HOUR, is_night
from ..config import Thresholds

NOTABLE_REASONS = ("symptoms", "prolonged", "severe", "chest", "not helped")
MAX_TABLE_WEEKS = 16  # the weekly table of a longer range shows its last 16 weeks


@dataclass(frozen=True)
class Notable:
    episode: d.Episode
    reasons: tuple[str, ...]


@dataclass
class Summary:
    start: date
    end: date
    generated: date
    name: str | None
    count: int = 0
    days_in_range: int = 0
    diary_start: date | None = None
    tracked_days: int = 0  # days of the range from the diary start on: rates count only these
    days_affected: int = 0
    pain_mean: float | None = None
    pain_max: int | None = None
    duration_median: float | None = None
    duration_max: int | None = None
    night: int = 0
    flags: list = field(default_factory=list)
    weeks: list = field(default_factory=list)  # analysis Week objects, oldest first
    weeks_omitted: int = 0  # older weeks not in the weekly table
    by_muscle: list[tuple[str, Counter]] = field(default_factory=list)  # muscle -> sides
    sides: Counter = field(default_factory=Counter)
    symptoms: Counter = field(default_factory=Counter)
    hydration: Counter = field(default_factory=Counter)  # None = not recorded
    exertion: Counter = field(default_factory=Counter)
    self_care: Counter = field(default_factory=Counter)
    notable: list[Notable] = field(default_factory=list)  # newest first
    episodes: list[d.Episode] = field(default_factory=list)  # every one in range, oldest first
    thresholds: Thresholds = field(default_factory=Thresholds)  # the same ones the flags read

    @property
    def weeks_in_range(self) -> float:
        return self.days_in_range / 7

    @property
    def per_week(self) -> float:
        """Episodes per week over the tracked days only (before the diary is not 0 cramps)."""
        return self.count / (self.tracked_days / 7) if self.tracked_days else 0.0

    @property
    def first_week_partial(self) -> bool:
        """The first ISO week of the table starts before the range (it counts whole weeks)."""
        return bool(self.weeks) and self.weeks_omitted == 0 and self.weeks[0].start < self.start


def build_summary(job, *, config=None) -> Summary:
    """Everything the PDF and the Markdown show, read in one consistent snapshot."""
    start, end = job.start, job.end
    thresholds = getattr(config, "thresholds", None) or Thresholds()
    s = Summary(
        start=start,
        end=end,
        generated=job.today,
        name=getattr(config, "name", None),
        thresholds=thresholds,
    )
    s.days_in_range = (end - start).days + 1
    pains: list[int] = []
    durations: list[int] = []
    days: set[date] = set()
    muscles: dict[str, Counter] = {}
    notable: list[Notable] = []
    with job.store.read() as session:
        for ep in job.episodes(session):
            s.count += 1
            s.episodes.append(ep)
            pains.append(ep.pain)
            durations.append(ep.duration_s)
            local = ep.local_start
            days.add(local.date())
            if is_night(local.hour):
                s.night += 1
            muscles.setdefault(ep.muscle_group, Counter())[ep.side] += 1
            s.sides[ep.side] += 1
            s.symptoms.update(ep.symptoms)
            s.hydration[ep.hydration] += 1
            s.exertion[ep.exertion] += 1
            s.self_care[ep.self_care] += 1
            reasons = notable_reasons(ep, thresholds)
            if reasons:
                notable.append(Notable(ep, reasons))
        trends = job.trends(session)
        all_weeks = trends.weeks
        s.flags = job.flags(session, config)
    s.diary_start = trends.diary_start
    if s.diary_start is not None:
        s.tracked_days = max(0, (end - max(start, s.diary_start)).days + 1)
    if len(all_weeks) > MAX_TABLE_WEEKS:
        s.weeks_omitted = len(all_weeks) - MAX_TABLE_WEEKS
        all_weeks = all_weeks[-MAX_TABLE_WEEKS:]
    s.weeks = all_weeks
    s.days_affected = len(days)
    if pains:
        s.pain_mean = statistics.fmean(pains)
        s.pain_max = max(pains)
        s.duration_median = statistics.median(durations)
        s.duration_max = max(durations)
    s.by_muscle = sorted(
        muscles.items(), key=lambda kv: (-sum(kv[1].values()), d.MUSCLE_GROUPS.index(kv[0]))
    )
    notable.sort(key=lambda n: (n.episode.started_at, n.episode.id or 0), reverse=True)
    s.notable = notable
    return s


def notable_reasons(ep: d.Episode, thresholds: Thresholds | None = None) -> tuple[str, ...]:
    """Why an episode is worth a doctor's look: symptoms, longer than ``prolonged_s``, pain
    ≥ ``severe_pain`` (the thresholds the flags read), chest, unrelieved."""
    th = thresholds or Thresholds()
    reasons = []
    if ep.symptoms:
        reasons.append("symptoms")
    if ep.duration_s > th.prolonged_s:
        reasons.append("prolonged")
    if ep.pain >= th.severe_pain:
        reasons.append("severe")
    if ep.muscle_group == "chest":
        reasons.append("chest")
    if ep.self_care == "did-not-help" and reasons:
        reasons.append("not helped")
    return tuple(reasons)


# --- words shared by the PDF and the Markdown -------------------------------------------


def reason_label(reason: str, thresholds: Thresholds) -> str:
    """Why an episode is notable, in words that follow the configured thresholds."""
    if reason == "prolonged":
        return f"over {t.duration(thresholds.prolonged_s, long=True)}"
    return {
        "symptoms": "with symptoms",
        "severe": "severe pain",
        "chest": "chest",
        "not helped": "self-care did not help",
    }[reason]


def notable_rule(s: Summary) -> str:
    """'severe (pain 7 or more), over 10 min, or with symptoms' for these thresholds."""
    th = s.thresholds
    return (
        f"severe (pain {th.severe_pain} or more), over "
        f"{t.duration(th.prolonged_s, long=True)}, or with symptoms"
    )


def night_label() -> str:
    return f"At night ({NIGHT_START_HOUR:02d}:00–{NIGHT_END_HOUR:02d}:00)"


def fmt_range(s: Summary) -> str:
    weeks = s.days_in_range / 7
    span = f"{weeks:g} weeks" if weeks == int(weeks) else f"{s.days_in_range} days"
    start, end = t.day(s.start, year=True, short=True), t.day(s.end, year=True, short=True)
    text = f"{start} – {end} ({span})"
    if s.diary_start is None or s.tracked_days == 0:
        return f"{text}; no diary kept in this period"
    if s.tracked_days < s.days_in_range:
        text += (
            f"; diary kept since {t.day(s.diary_start, year=True, short=True)}, "
            f"{s.tracked_days} of "
            f"{s.days_in_range} days in this period"
        )
    return text


def episode_line(ep: d.Episode) -> str:
    """'left calf, pain 8/10, 12 min' plus symptoms and context."""
    if ep.side in ("left", "right"):
        where = f"{ep.side} {t.muscle_label(ep.muscle_group)}"
    elif ep.side == "both":
        where = f"{t.muscle_label(ep.muscle_group)} ({t.side_label('both')})"
    else:
        where = t.muscle_label(ep.muscle_group)
    bits = [where, f"pain {ep.pain}/10", t.duration(ep.duration_s, long=True)]
    if ep.symptoms:
        bits.append("with " + ", ".join(t.symptom_label(x) for x in ep.symptoms))
    if ep.hydration:
        bits.append(f"fluids {t.level_label(ep.hydration)}")
    if ep.exertion:
        bits.append(f"activity before: {t.level_label(ep.exertion)}")
    if ep.self_care:
        bits.append(f"self-care {t.self_care_label(ep.self_care)}")
    return ", ".join(bits)


def context_lines(s: Summary) -> list[tuple[str, str]]:
    """(label, text) for hydration, exertion, night and self-care, with 'not recorded'."""

    def dist(counter: Counter, order, label=t.level_label) -> str:
        parts = [f"{label(v)} {counter[v]}" for v in order if counter[v]]
        if counter[None]:
            parts.append(f"{t.NOT_RECORDED} {counter[None]}")
        return ", ".join(parts) or t.NONE_SHOWN

    night_share = f" ({t.share(s.night / s.count)})" if s.count else ""
    return [
        ("Fluids that day", dist(s.hydration, d.HYDRATION_LEVELS)),
        ("Activity before", dist(s.exertion, d.EXERTION_LEVELS)),
        (night_label(), f"{s.night} of {s.count}{night_share}"),
        (
            "Self-care (stretch, rest, fluids)",
            dist(s.self_care, d.SELF_CARE_VALUES, t.self_care_label),
        ),
    ]


def key_figures(s: Summary) -> list[tuple[str, str]]:
    return [
        ("Episodes", str(s.count)),
        ("Per week", f"{s.per_week:.1f}"),
        ("Days affected", f"{s.days_affected} of {s.tracked_days}"),
        ("Pain (0–10) mean / max", f"{t.number(s.pain_mean)} / {t.number(s.pain_max)}"),
        (
            "Duration median / max",
            f"{t.duration(s.duration_median, long=True)} / {t.duration(s.duration_max, long=True)}",
        ),
    ]


def week_label(week) -> str:
    return f"{week.week[-3:]} {t.day(week.start, year=False, short=True)}"


def partial_note(s: Summary) -> str | None:
    if s.weeks_omitted:
        return (
            f"The table shows the last {len(s.weeks)} weeks; {s.weeks_omitted} earlier weeks "
            f"are in the key figures and counts."
        )
    if s.first_week_partial:
        return (
            f"Weeks run Monday–Sunday; the first row counts its whole week, from "
            f"{t.day(s.weeks[0].start, year=True, short=True)}."
        )
    return None


def week_end(week) -> date:
    return week.start + timedelta(days=6)
