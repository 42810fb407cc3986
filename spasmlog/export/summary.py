"""The doctor summary's content: one pure model, laid out by the PDF and the Markdown.

:func:`read_inputs` reads one consistent snapshot of the diary (the episodes of the range,
the flags as of its end, the markers, the profile, the diary's start); :func:`build_report`
turns those plain inputs into a :class:`Report` without touching the store, so every figure
can be tested on hand-made inputs and both renderers only lay it out. docs/doctor-report.md
explains each section.

Rates are over *tracked* days (from the diary's start to the end of the range): weeks before
the diary are marked as such, never counted as weeks without cramps.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .. import domain as d
from .. import text as t
from ..analysis.days import NIGHT_END_HOUR, NIGHT_START_HOUR, is_night, iso_week_label, week_start
from ..config import Thresholds

EVIDENCE_SEVERITIES: frozenset[str] = frozenset({"urgent", "see-doctor"})


def shows_evidence(flag: Any) -> bool:
    """Whether a flag's episodes are printed in full on page 1: an urgent or see-doctor
    rule whose evidence is single episodes (docs/flags.md, kind E)."""
    from ..analysis.flags import RULES

    kinds = {r.id: r.kind for r in RULES}
    return kinds.get(flag.rule) == "E" and flag.severity in EVIDENCE_SEVERITIES


CHANGE_WINDOW_DAYS = 28  # a change marker: the cramp rate in the 4 tracked weeks before/after
HOUR_BINS = 12  # time of day: twelve two-hour bars
MAX_WEEKS = 16  # the chart and the weekly table of a longer range show its last 16 weeks


@dataclass(frozen=True, slots=True)
class MarkerItem:
    """A visit or a change marker, as the report shows it."""

    kind: str  # visit or change
    day: date
    text: str | None = None


@dataclass(frozen=True, slots=True)
class ProfileItem:
    """The profile as the patient wrote it (every field optional)."""

    name: str | None = None
    birth_year: int | None = None
    conditions: str | None = None
    medicines: str | None = None
    questions: str | None = None

    @property
    def empty(self) -> bool:
        return not any((self.name, self.birth_year, self.conditions, self.medicines))


@dataclass(frozen=True, slots=True)
class CheckinTally:
    """The period's check-ins: how many days, complete, and nights of disturbed sleep."""

    days: int = 0
    complete: int = 0
    sleep_disturbed: int = 0

    @classmethod
    def of(cls, checkins: Iterable[Any]) -> CheckinTally:
        found = list(checkins)
        return cls(
            days=len(found),
            complete=sum(1 for c in found if c.complete),
            sleep_disturbed=sum(1 for c in found if c.sleep_disturbed),
        )


@dataclass(frozen=True)
class ReportInput:
    """Everything the report is built from: plain values, no store."""

    start: date
    end: date
    generated: date
    episodes: Sequence[d.Episode]  # the episodes of start..end, oldest first
    flags: Sequence[Any]  # analysis Flag objects as of ``end``, most severe first
    thresholds: Thresholds = field(default_factory=Thresholds)
    diary_start: date | None = None
    last_visit: date | None = None
    markers: Sequence[MarkerItem] = ()
    profile: ProfileItem = field(default_factory=ProfileItem)
    evidence: dict[int, d.Episode] = field(default_factory=dict)  # behind episode rules, by id
    daily_counts: dict[date, int] = field(default_factory=dict)  # for the change rates
    checkins: CheckinTally | None = None  # the period's check-ins, counted
    patterns: Sequence[Any] = ()  # analysis.patterns Factor objects (the check-in factors)
    sample: bool = False


@dataclass(frozen=True)
class RedFlag:
    rule: str
    label: str
    present: date | None  # the newest evidence day, None when absent


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    text: str  # a clinician's one line
    since: date | None
    status: str  # new, ongoing or discussed


@dataclass(frozen=True)
class EvidenceEpisode:
    episode: d.Episode
    reasons: tuple[str, ...]  # the rules it is evidence for (rule ids)


@dataclass(frozen=True)
class WeekRow:
    week: str  # 2026-W47
    first: date  # first day of the week within the range
    last: date
    tracked_days: int
    count: int = 0
    days: int = 0
    mean_pain: float | None = None
    max_pain: int | None = None
    median_duration_s: float | None = None
    night: int = 0
    markers: tuple[MarkerItem, ...] = ()

    @property
    def before_diary(self) -> bool:
        return self.tracked_days == 0


@dataclass(frozen=True)
class Site:
    muscle: str
    side: str
    count: int
    first: date
    last: date


@dataclass(frozen=True)
class SymptomRow:
    symptom: str
    count: int
    first: date
    last: date


@dataclass(frozen=True)
class ChangeRow:
    day: date
    text: str
    before_days: int  # tracked days counted before the change (up to 28)
    before_count: int
    after_days: int
    after_count: int

    @property
    def before_rate(self) -> float | None:
        return t.per_week(self.before_count, self.before_days)

    @property
    def after_rate(self) -> float | None:
        return t.per_week(self.after_count, self.after_days)


@dataclass(frozen=True)
class Notable:
    episode: d.Episode
    reasons: tuple[str, ...]


@dataclass
class Report:
    start: date
    end: date
    generated: date
    thresholds: Thresholds
    profile: ProfileItem
    sample: bool
    diary_start: date | None
    days_in_range: int
    tracked_days: int
    count: int = 0
    days_affected: int = 0
    pain_mean: float | None = None
    pain_max: int | None = None
    duration_median: float | None = None
    duration_max: int | None = None
    red_flags: list[RedFlag] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    last_visit: date | None = None
    evidence: list[EvidenceEpisode] = field(default_factory=list)
    weeks: list[WeekRow] = field(default_factory=list)  # the last MAX_WEEKS, oldest first
    weeks_omitted: int = 0  # earlier weeks of a long range (in the key figures, not shown)
    pain_bands: Counter = field(default_factory=Counter)
    hours: list[int] = field(default_factory=lambda: [0] * HOUR_BINS)
    sites: list[Site] = field(default_factory=list)
    symptoms: list[SymptomRow] = field(default_factory=list)
    hydration: Counter = field(default_factory=Counter)  # None = not recorded
    exertion: Counter = field(default_factory=Counter)
    self_care: Counter = field(default_factory=Counter)
    night: int = 0
    visits: list[MarkerItem] = field(default_factory=list)
    changes: list[ChangeRow] = field(default_factory=list)
    notable: list[Notable] = field(default_factory=list)  # most serious first, then newest
    other_notes: list[tuple[str, int, date]] = field(default_factory=list)  # text, times, last
    checkins: CheckinTally | None = None
    patterns: list[Any] = field(default_factory=list)  # patterns first, then the others

    @property
    def per_week(self) -> float | None:
        return t.per_week(self.count, self.tracked_days)

    def findings_with(self, status: str) -> list[Finding]:
        return [f for f in self.findings if f.status == status]

    @property
    def before_diary_weeks(self) -> int:
        return sum(1 for w in self.weeks if w.before_diary)


# --- reading the store ------------------------------------------------------------------


def read_inputs(job, *, config=None) -> ReportInput:
    """The report's inputs from one read snapshot of ``job.store``."""
    from ..analysis import flag_report
    from ..analysis.patterns import find_patterns
    from ..storage import repo

    start, end = job.start, job.end
    thresholds = getattr(config, "thresholds", None) or Thresholds()
    with job.store.read() as session:
        episodes = list(job.episodes(session))
        report = flag_report(session, as_of=end, thresholds=thresholds)
        flags = list(report.flags)
        wanted = {i for f in flags if shows_evidence(f) for i in f.episode_ids}
        by_id = {e.id: e for e in episodes if e.id in wanted}
        for i in sorted(wanted - set(by_id)):
            by_id[i] = repo.get_episode(session=session, episode_id=i)
        diary_start = repo.diary_start(session=session, as_of=end)
        markers = [
            MarkerItem(m.kind, m.day, m.text) for m in repo.list_markers(session=session, until=end)
        ]
        stored = repo.get_profile(session=session)
        last_visit = report.last_visit
        checkins = repo.list_checkins(session=session, since=start, until=end)
        changes = [m.day for m in markers if m.kind == "change" and start <= m.day <= end]
        daily: Counter = Counter()
        if changes:  # the 4 weeks before the first change may lie before the range
            lo = min(changes) - timedelta(days=CHANGE_WINDOW_DAYS)
            for e in repo.iter_episodes(session=session, since=lo, until=end):
                daily[e.local_start.date()] += 1
        patterns = find_patterns(session, as_of=end).factors
    profile = ProfileItem(
        name=stored.name or getattr(config, "name", None),
        birth_year=stored.birth_year,
        conditions=stored.conditions,
        medicines=stored.medicines,
        questions=stored.questions,
    )
    return ReportInput(
        start=start,
        end=end,
        generated=job.today,
        episodes=episodes,
        flags=flags,
        thresholds=thresholds,
        diary_start=diary_start,
        last_visit=last_visit,
        markers=markers,
        profile=profile,
        evidence=by_id,
        daily_counts=dict(daily),
        checkins=CheckinTally.of(checkins),
        patterns=list(patterns),
        sample=bool(getattr(job, "sample", False)),
    )


def build_summary(job, *, config=None) -> Report:
    """The report of ``job``: :func:`read_inputs` then :func:`build_report`."""
    return build_report(read_inputs(job, config=config))


# --- the model ---------------------------------------------------------------------------


def build_report(inp: ReportInput) -> Report:
    """Every figure and list the two renderers show, from plain inputs."""
    start, end, th = inp.start, inp.end, inp.thresholds
    tracked_from = max(start, inp.diary_start) if inp.diary_start else None
    tracked = (end - tracked_from).days + 1 if tracked_from and tracked_from <= end else 0
    r = Report(
        start=start,
        end=end,
        generated=inp.generated,
        thresholds=th,
        profile=inp.profile,
        sample=inp.sample,
        diary_start=inp.diary_start,
        days_in_range=(end - start).days + 1,
        tracked_days=tracked,
        last_visit=inp.last_visit,
    )
    eps = list(inp.episodes)
    r.count = len(eps)
    pains = [e.pain for e in eps]
    durations = [e.duration_s for e in eps]
    if eps:
        r.pain_mean = statistics.fmean(pains)
        r.pain_max = max(pains)
        r.duration_median = statistics.median(durations)
        r.duration_max = max(durations)
    r.days_affected = len({e.local_start.date() for e in eps})
    for e in eps:
        local = e.local_start
        r.pain_bands[d.pain_band(e.pain)] += 1
        r.hours[local.hour // 2] += 1
        r.hydration[e.hydration] += 1
        r.exertion[e.exertion] += 1
        r.self_care[e.self_care] += 1
        if is_night(local.hour):
            r.night += 1
    r.sites = _sites(eps)
    r.symptoms = _symptoms(eps)
    r.red_flags = red_flags(inp.flags, th, inp.evidence)
    r.findings = [finding(f, inp, th) for f in inp.flags]
    r.evidence = _evidence(inp)
    in_range = [m for m in inp.markers if start <= m.day <= end]
    r.visits = [m for m in in_range if m.kind == "visit"]
    weeks = _weeks(eps, start, end, tracked_from, in_range)
    r.weeks_omitted = max(0, len(weeks) - MAX_WEEKS)
    r.weeks = weeks[r.weeks_omitted :]
    counts = dict(inp.daily_counts) or Counter(e.local_start.date() for e in eps)
    r.changes = [_change(m, counts, inp.diary_start, end) for m in in_range if m.kind == "change"]
    shown = {ev.episode.id for ev in r.evidence}
    r.notable = _notable([e for e in eps if e.id not in shown], th)
    noted = {n.episode.id for n in r.notable} | shown
    r.other_notes = _other_notes(e for e in eps if e.id not in noted)
    r.checkins = inp.checkins
    r.patterns = sorted(inp.patterns, key=lambda f: not f.pattern)
    return r


def red_flags(
    flags: Iterable[Any], th: Thresholds, evidence: dict[int, d.Episode]
) -> list[RedFlag]:
    """Each urgent criterion, present (with the day of its newest evidence episode, the
    rule's ``since``) or absent."""
    by_rule = {f.rule: f for f in flags}
    out = []
    for rule in t.RED_FLAG_RULES:
        f = by_rule.get(rule)
        present = None
        if f is not None:
            days = [evidence[i].local_start.date() for i in f.episode_ids if i in evidence]
            present = max(days, default=None) or f.since
        out.append(RedFlag(rule, t.red_flag_label(rule, th.prolonged_s), present))
    return out


def _evidence(inp: ReportInput) -> list[EvidenceEpisode]:
    """The episodes behind the urgent and see-doctor episode rules: red flags first, then
    newest first."""
    reasons: dict[int, list[str]] = {}
    for f in inp.flags:
        if shows_evidence(f):
            for i in f.episode_ids:
                reasons.setdefault(i, []).append(f.rule)
    out = [
        EvidenceEpisode(inp.evidence[i], tuple(rules))
        for i, rules in reasons.items()
        if i in inp.evidence
    ]
    out.sort(key=lambda ev: (ev.episode.started_at, ev.episode.id or 0), reverse=True)
    out.sort(key=lambda ev: not any(x in t.RED_FLAG_RULES for x in ev.reasons))
    return out


def _sites(eps: Sequence[d.Episode]) -> list[Site]:
    found: dict[tuple[str, str], list] = {}
    for e in eps:
        day = e.local_start.date()
        row = found.get((e.muscle_group, e.side))
        if row is None:
            found[(e.muscle_group, e.side)] = [1, day, day]
        else:
            row[0] += 1
            row[1] = min(row[1], day)
            row[2] = max(row[2], day)
    sites = [Site(m, s, n, first, last) for (m, s), (n, first, last) in found.items()]
    sites.sort(key=lambda x: (-x.count, x.first, d.MUSCLE_GROUPS.index(x.muscle)))
    return sites


def _symptoms(eps: Sequence[d.Episode]) -> list[SymptomRow]:
    found: dict[str, list] = {}
    for e in eps:
        day = e.local_start.date()
        for s in e.symptoms:
            row = found.get(s)
            if row is None:
                found[s] = [1, day, day]
            else:
                row[0] += 1
                row[1] = min(row[1], day)
                row[2] = max(row[2], day)
    rows = [SymptomRow(s, n, first, last) for s, (n, first, last) in found.items()]
    rows.sort(key=lambda x: (x.first, d.SYMPTOMS.index(x.symptom)))
    return rows


def _weeks(
    eps: Sequence[d.Episode],
    start: date,
    end: date,
    tracked_from: date | None,
    markers: Sequence[MarkerItem],
) -> list[WeekRow]:
    """ISO weeks clipped to the range, oldest first, with their tracked days."""
    by_week: dict[date, list[d.Episode]] = {}
    for e in eps:
        by_week.setdefault(week_start(e.local_start.date()), []).append(e)
    rows = []
    monday = week_start(start)
    while monday <= end:
        first, last = max(monday, start), min(monday + timedelta(days=6), end)
        if tracked_from is None or tracked_from > last:
            tracked = 0
        else:
            tracked = (last - max(first, tracked_from)).days + 1
        week_eps = by_week.get(monday, [])
        pains = [e.pain for e in week_eps]
        rows.append(
            WeekRow(
                week=iso_week_label(monday),
                first=first,
                last=last,
                tracked_days=tracked,
                count=len(week_eps),
                days=len({e.local_start.date() for e in week_eps}),
                mean_pain=statistics.fmean(pains) if pains else None,
                max_pain=max(pains) if pains else None,
                median_duration_s=(
                    statistics.median(e.duration_s for e in week_eps) if week_eps else None
                ),
                night=sum(1 for e in week_eps if is_night(e.local_start.hour)),
                markers=tuple(m for m in markers if first <= m.day <= last),
            )
        )
        monday += timedelta(days=7)
    return rows


def _change(m: MarkerItem, counts: dict, diary_start: date | None, end: date) -> ChangeRow:
    """The cramp rate over up to 28 tracked days before the change and from it on."""
    lo = diary_start or m.day
    before_first = max(lo, m.day - timedelta(days=CHANGE_WINDOW_DAYS))
    before_days = max(0, (m.day - before_first).days)
    after_last = min(end, m.day + timedelta(days=CHANGE_WINDOW_DAYS - 1))
    after_first = max(m.day, lo)
    after_days = max(0, (after_last - after_first).days + 1)

    def total(first: date, n: int) -> int:
        return sum(counts.get(first + timedelta(days=i), 0) for i in range(n))

    return ChangeRow(
        day=m.day,
        text=m.text or "",
        before_days=before_days,
        before_count=total(before_first, before_days),
        after_days=after_days,
        after_count=total(after_first, after_days),
    )


# Seriousness of a notable episode's reasons: the lower, the more serious.
_REASON_RANK = {
    "weakness": 0,
    "chest": 0,
    "prolonged": 1,
    "symptoms": 2,
    "severe": 3,
    "not helped": 4,
}


def notable_reasons(ep: d.Episode, thresholds: Thresholds | None = None) -> tuple[str, ...]:
    """Why an episode is worth a doctor's look, most serious first: weakness or wasting,
    chest, longer than ``prolonged_s``, other symptoms, pain ≥ ``severe_pain`` (the
    thresholds the flags read), self-care that did not help a notable one."""
    th = thresholds or Thresholds()
    reasons = []
    if {"weakness", "atrophy"} & set(ep.symptoms):
        reasons.append("weakness")
    if ep.muscle_group == "chest":
        reasons.append("chest")
    if ep.duration_s > th.prolonged_s:
        reasons.append("prolonged")
    if set(ep.symptoms) - {"weakness", "atrophy"}:
        reasons.append("symptoms")
    if ep.pain >= th.severe_pain:
        reasons.append("severe")
    if ep.self_care == "did-not-help" and reasons:
        reasons.append("not helped")
    return tuple(reasons)


def _notable(eps: Iterable[d.Episode], th: Thresholds) -> list[Notable]:
    found = [Notable(e, r) for e in eps if (r := notable_reasons(e, th))]
    found.sort(key=lambda n: (n.episode.started_at, n.episode.id or 0), reverse=True)
    found.sort(key=lambda n: (_REASON_RANK[n.reasons[0]], -n.episode.pain))
    return found


def _other_notes(eps: Iterable[d.Episode]) -> list[tuple[str, int, date]]:
    """Notes of ordinary episodes, alike ones together: (text, how many, last day), the most
    frequent first, then the newest."""
    found: dict[str, list] = {}
    for e in eps:
        if not e.notes or not e.notes.strip():
            continue
        key = " ".join(e.notes.split())
        day = e.local_start.date()
        row = found.get(key.casefold())
        if row is None:
            found[key.casefold()] = [key, 1, day]
        else:
            row[1] += 1
            row[2] = max(row[2], day)
    rows: list[tuple[str, int, date]] = [(v[0], v[1], v[2]) for v in found.values()]
    rows.sort(key=lambda x: (-x[1], -x[2].toordinal()))
    return rows


# --- words shared by the PDF and the Markdown ---------------------------------------------


def reason_label(reason: str, thresholds: Thresholds) -> str:
    """Why an episode is notable, in words that follow the configured thresholds."""
    if reason == "prolonged":
        return f"over {t.duration(thresholds.prolonged_s, long=True)}"
    if reason == "severe":
        return f"pain {thresholds.severe_pain}+"
    return {
        "weakness": "weakness or wasting",
        "symptoms": "with symptoms",
        "chest": "chest",
        "not helped": "self-care did not help",
    }[reason]


def rule_label(rule: str, thresholds: Thresholds) -> str:
    """An episode rule's evidence tag: 'weakness', 'over 10 min', 'symptoms'."""
    return {
        "weakness": "weakness or wasting",
        "prolonged": f"over {t.duration(thresholds.prolonged_s, long=True)}",
        "swollen-leg": "swollen red leg",
        "unusual-site": "chest",
        "associated-symptoms": "associated symptoms",
    }.get(rule, rule)


def notable_rule(r: Report) -> str:
    """'pain 7 or more, over 10 min, or with symptoms' for these thresholds."""
    th = r.thresholds
    return (
        f"pain {th.severe_pain} or more, over {t.duration(th.prolonged_s, long=True)}, "
        "or with symptoms"
    )


def night_label() -> str:
    return f"{NIGHT_START_HOUR:02d}:00–{NIGHT_END_HOUR:02d}:00"


def fmt_range(r: Report) -> str:
    weeks = r.days_in_range / 7
    span = f"{weeks:g} weeks" if weeks == int(weeks) else f"{r.days_in_range} days"
    return (
        f"{t.day(r.start, year=True, short=True)} – {t.day(r.end, year=True, short=True)} ({span})"
    )


def coverage_line(r: Report) -> str:
    """'diary kept since 2 Sep 2026, 84 of 84 days in this period'."""
    if r.diary_start is None:
        return f"no diary entries up to {t.day(r.end, year=True, short=True)}"
    return (
        f"diary kept since {t.day(r.diary_start, year=True, short=True)}, "
        f"{r.tracked_days} of {r.days_in_range} days in this period"
    )


def profile_lines(r: Report) -> list[tuple[str, str]]:
    """(label, text) of the profile as the patient wrote it; empty fields left out."""
    p = r.profile
    out: list[tuple[str, str]] = []
    if p.name:
        out.append(("Name", " ".join(p.name.split())))
    if p.birth_year:
        out.append(("Born", f"{p.birth_year} (about {t.age_in(r.end.year, p.birth_year)})"))
    if p.conditions:
        out.append(("Conditions", p.conditions))
    if p.medicines:
        out.append(("Medicines", p.medicines))
    return out


def red_flag_text(rf: RedFlag, as_of: date) -> str:
    if rf.present is None:
        return f"{rf.label}: absent"
    return (
        f"{rf.label}: PRESENT {t.day(rf.present, year=rf.present.year != as_of.year, short=True)}"
    )


def episode_line(ep: d.Episode, *, when: bool = False) -> str:
    """'left calf, pain 8/10, 12 min, with weakness, fluids low, …'."""
    bits = [
        t.where(ep.muscle_group, ep.side),
        f"pain {ep.pain}/10",
        t.duration(ep.duration_s, long=True),
    ]
    if ep.symptoms:
        bits.append("with " + ", ".join(t.symptom_label(x) for x in ep.symptoms))
    if ep.hydration:
        bits.append(f"fluids {t.level_label(ep.hydration)}")
    if ep.exertion:
        bits.append(f"before: {t.level_label(ep.exertion)}")
    if ep.self_care:
        bits.append(f"self-care {t.self_care_label(ep.self_care)}")
    line = ", ".join(bits)
    return f"{t.when(ep)}: {line}" if when else line


def key_figures(r: Report) -> list[tuple[str, str]]:
    """(label, value) over the tracked days of the period."""
    return [
        ("Episodes", str(r.count)),
        ("Per week", t.number(r.per_week)),
        ("Days affected", f"{r.days_affected} of {r.tracked_days}"),
        ("Pain mean / max", f"{t.number(r.pain_mean)} / {t.number(r.pain_max)}"),
        (
            "Duration median / max",
            f"{t.duration(r.duration_median, long=True)} / {t.duration(r.duration_max, long=True)}",
        ),
    ]


def context_lines(r: Report) -> list[tuple[str, str]]:
    """(label, text) for fluids, activity, night and self-care, with 'not recorded'."""

    def dist(counter: Counter, order, label=t.level_label) -> str:
        parts = [f"{label(v)} {counter[v]}" for v in order if counter[v]]
        if counter[None]:
            parts.append(f"{t.NOT_RECORDED} {counter[None]}")
        return ", ".join(parts) or t.NONE_SHOWN

    night = f"{r.night} of {r.count}" + (f" ({t.share(r.night / r.count)})" if r.count else "")
    lines = [
        ("Fluids that day", dist(r.hydration, d.HYDRATION_LEVELS)),
        ("Activity before", dist(r.exertion, d.EXERTION_LEVELS)),
        (f"At night ({night_label()})", night),
        ("Self-care", dist(r.self_care, d.SELF_CARE_VALUES, t.self_care_label)),
    ]
    c = r.checkins
    if c is not None and c.days:
        lines.append(
            (
                "Daily check-ins",
                f"{c.days} of {r.tracked_days} days ({c.complete} complete); sleep disturbed "
                f"on {t.plural(c.sleep_disturbed, 'night')}",
            )
        )
    return lines


def week_label(w: WeekRow) -> str:
    """'W47 16–22 Nov', clipped to the range."""
    if w.first.month == w.last.month:
        span = (
            f"{w.first.day}–{w.last.day} {w.last:%b}"
            if w.first != w.last
            else t.day(w.first, short=True)
        )
    else:
        span = f"{t.day(w.first, short=True)}–{t.day(w.last, short=True)}"
    return f"{w.week[-3:]} {span}"


def weeks_note(r: Report) -> str | None:
    """Said under the weekly table when a long range shows only its last weeks."""
    if not r.weeks_omitted:
        return None
    return (
        f"The chart and table show the last {len(r.weeks)} weeks; the {r.weeks_omitted} "
        "earlier weeks of the period are in the key figures and counts."
    )


PATTERN_ROWS = 6


def pattern_lines(r: Report) -> list[str]:
    """The check-in factors, patterns first ("came with", never a cause), capped."""
    if not r.patterns:
        if r.checkins is None or not r.checkins.days:
            return []
        return ["Too few complete check-ins yet to compare factors (10 days each way needed)."]
    lines = [t.pattern_sentence(f) for f in r.patterns[:PATTERN_ROWS]]
    if len(r.patterns) > PATTERN_ROWS:
        lines.append(f"and {t.plural(len(r.patterns) - PATTERN_ROWS, 'more factor')}")
    return lines


PATTERNS_NOTE = (
    "Complete daily check-ins of the last 90 diary days; Fisher's exact test, Holm-adjusted. A "
    "pattern says what came with cramps in this diary, not what causes them."
)


def hour_label(i: int) -> str:
    return f"{2 * i:02d}–{2 * i + 2:02d}"


def change_text(c: ChangeRow) -> str:
    """'1.5 a week in the 28 tracked days before, 3.0 a week in the 14 after'."""

    def part(rate: float | None, n: int, when: str) -> str:
        if rate is None:
            return f"no tracked day {when}"
        return f"{t.number(rate)} a week over the {t.plural(n, 'tracked day')} {when}"

    before = part(c.before_rate, c.before_days, "before")
    return f"{before}; {part(c.after_rate, c.after_days, 'from it on')}"


# --- findings in a clinician's words -------------------------------------------------------


def finding(f: Any, inp: ReportInput, th: Thresholds) -> Finding:
    """One flag as a clinician's one line (numbers and dates, no advice, no 'you')."""
    return Finding(
        rule=f.rule,
        severity=f.severity,
        text=finding_text(f, inp, th),
        since=f.since,
        status=f.status,
    )


def finding_text(f: Any, inp: ReportInput, th: Thresholds) -> str:
    ev: dict = f.evidence or {}
    ids = list(f.episode_ids)
    n = int(ev.get("episodes", len(ids)))
    # a share rule's "k of n" (its evidence episodes are the k matching ones)
    k_of_n = (
        f"{int(ev['matching'])} of {int(ev['episodes'])}"
        if "matching" in ev and "episodes" in ev
        else str(len(ids))
    )
    wanted = set(ids)
    eps = [inp.evidence[i] for i in ids if i in inp.evidence] or [
        e for e in inp.episodes if e.id in wanted
    ]
    days = sorted({e.local_start.date() for e in eps})
    short = [t.day(x, year=x.year != inp.end.year, short=True) for x in days]
    on = f", {t.join_words(short)}" if days and len(days) <= 4 else ""
    if days and len(days) > 4:
        on = f", {short[0]} to {short[-1]}"
    longest = max((e.duration_s for e in eps), default=None)
    prolonged = t.duration(th.prolonged_s, long=True)
    signs = [s for s in d.SYMPTOMS if s not in ("weakness", "atrophy")]  # the rule's signs
    symptoms = t.join_words(
        [t.symptom_label(s) for s in signs if any(s in e.symptoms for e in eps)]
    )
    rule = f.rule
    if rule == "weakness":
        return f"Weakness or wasting with a cramp: {t.plural(n, 'episode')} in 28 days{on}."
    if rule == "prolonged":
        return (
            f"Cramp over {prolonged}: {t.plural(n, 'episode')} in 28 days{on}"
            f"{f', longest {t.duration(longest, long=True)}' if longest else ''}."
        )
    if rule == "swollen-leg":
        what = "One-sided leg cramp with swelling and redness or colour change"
        return f"{what}: {t.plural(n, 'episode')}{on}."
    if rule == "unusual-site":
        return f"Episode logged in the chest: {t.plural(n, 'episode')} in 28 days{on}."
    if rule == "associated-symptoms":
        what = symptoms or "associated symptoms"
        return f"Cramps with {what}: {t.plural(n, 'episode')} in 28 days{on}."
    if rule == "severe-pain":
        return f"{n} episodes with pain {th.severe_pain}/10 or more in the last 14 days{on}."
    if rule == "severe-pain-once":
        return f"One episode with pain {th.severe_pain}/10 or more in the last 14 days{on}."
    if rule == "frequent":
        dd = ev.get("days")
        spread = f" on {dd} days" if dd else ""
        return (
            f"{n} episodes{spread} in the last 14 days (threshold {th.frequent_min_episodes} "
            f"on {th.frequent_min_days} days)."
        )
    if rule == "persistent":
        return f"Episodes in each of the last 4 weeks, {n} in 28 days."
    if rule == "sleep-disturbed":
        nights, checks = int(ev.get("nights", 0)), int(ev.get("checkins", 0))
        parts = []
        if nights:
            parts.append(f"cramps on {t.plural(nights, 'night')} of the last 14")
        if checks:
            parts.append(f"check-ins noted disturbed sleep on {t.plural(checks, 'night')}")
        return "Sleep disturbed: " + (t.join_words(parts) or "in the last 14 days") + "."
    if rule == "escalating-frequency":
        if "R" in ev and "B" in ev and ev.get("k"):
            base_days = 21 / float(ev["k"])
            now, then = 7 * ev["R"] / 21, 7 * ev["B"] / base_days
            return (
                f"Rising frequency: {int(ev['R'])} episodes in the last 21 days "
                f"(about {t.number(now)} a week) against {int(ev['B'])} in the "
                f"{round(base_days)} days before (about {t.number(then)} a week)."
            )
        return "Rising frequency over the last 3 weeks against the weeks before."
    if rule == "escalating-pain":
        if "pairwise_median" in ev:
            return (
                f"Rising pain: episodes of the last 14 days ({int(ev.get('n1', 0))}) typically "
                f"{t.number(float(ev['pairwise_median']))} points higher than those of the 84 "
                f"days before ({int(ev.get('n2', 0))})."
            )
        return "Rising pain in the last 14 days against the 84 days before."
    if rule == "escalating-duration":
        if "pairwise_median" in ev:
            return (
                f"Longer episodes: those of the last 14 days ({int(ev.get('n1', 0))}) typically "
                f"{t.number(float(ev['pairwise_median']))} times as long as those of the 84 days "
                f"before ({int(ev.get('n2', 0))})."
            )
        return "Longer episodes in the last 14 days against the 84 days before."
    if rule == "unexplained":
        return (
            f"No obvious cause: {k_of_n} episodes of the last 14 days at rest or "
            "light activity with normal fluids."
        )
    if rule == "self-care-fails":
        return f"Self-care did not help {k_of_n} episodes in 28 days."
    if rule == "new-site":
        places = t.join_words(sorted({t.where(e.muscle_group, e.side) for e in eps}))
        return f"New site: {places or 'a site not logged before'}{on}."
    if rule == "dehydration-link":
        return f"{k_of_n} episodes in 28 days on days with low fluids."
    if rule == "exertion-link":
        return f"{k_of_n} episodes in 28 days after vigorous activity."
    if rule == "nocturnal":
        return f"{k_of_n} episodes in 28 days at night ({night_label()})."
    return f"{rule}: {t.plural(len(ids), 'episode')}."
