"""Markdown: the doctor summary's content as text for a patient-portal message.

The same sections as the PDF, in the same order, within 12 KB however heavy the diary (the
full log is the CSV's job): the lists that can be long are filled until their share of the
budget is spent, then counted ("and 12 more"). Plain enough to read unrendered (many portals
show Markdown as typed): no backslash escapes. Text a person typed is shown as it is when it
holds nothing Markdown would act on, else as an inline code span (shown literally by every
renderer); its control characters are made visible (``\\x1b``) either way.
"""

from __future__ import annotations

import re

from .. import text as t
from ..messages import DISCLAIMER, SAMPLE_STAMP
from . import summary as sm

NAME = "md"
EXTENSION = "md"
BINARY = False
SUMMARY = True
LABEL = "Markdown — the doctor summary as text (patient-portal message)"

MAX_BYTES = 12 * 1024
NOTE_LIMIT = 400  # characters of a note under an episode
_ACTIVE = re.compile(r"[\\`*_{}\[\]<>#|!~&]|^[-+=>]|https?:|www\.", re.IGNORECASE)


def person(text: str) -> str:
    """A person's text as Markdown that shows literally: as typed when harmless, else a code
    span; whitespace runs (line breaks too) become one space, control characters visible."""
    plain = t.visible(" ".join(text.split()))
    if not _ACTIVE.search(plain):
        return plain
    longest = max((len(m) for m in re.findall(r"`+", plain)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {plain} {fence}"


def write(job, stream) -> None:
    from ..config import load_config

    stream.write(render(sm.build_summary(job, config=load_config())))


def _note(text: str, limit: int = NOTE_LIMIT) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[:limit].rstrip() + f"… ({len(text):,} characters in full in the CSV)"
    return person(flat)


def _day(r: sm.Report, day) -> str:
    return t.day(day, year=day.year != r.end.year, short=True)


def render(r: sm.Report) -> str:
    head = _head(r)
    tail = _tail(r)
    budget = MAX_BYTES - _size(head) - _size(tail) - 200
    evidence, budget = _evidence(r, budget)
    middle = _middle(r)
    budget -= _size(middle)
    notable, budget = _notable(r, budget * 2 // 3)
    notes, _ = _other_notes(r, budget + 0)
    out = head + evidence + middle + notable + notes + tail
    return "\n".join(out).rstrip() + "\n"


def _size(lines: list[str]) -> int:
    return sum(len(x.encode("utf-8")) + 1 for x in lines)


def _head(r: sm.Report) -> list[str]:
    out: list[str] = []
    w = out.append
    if r.sample:
        w(f"**{SAMPLE_STAMP}**")
        w("")
    w("# Muscle cramps and spasms: diary summary")
    w("")
    w(
        f"Period: {sm.fmt_range(r)}; {sm.coverage_line(r)}. Generated "
        f"{t.day(r.generated, year=True, short=True)} by spasmlog from self-reported entries."
    )
    w("")
    lines = sm.profile_lines(r)
    profile = "; ".join(f"{k}: {person(v)}" for k, v in lines) if lines else "no profile given."
    w(f"As reported by the patient: {profile}")
    w("")
    flags = " · ".join(
        f"**{sm.red_flag_text(rf, r.end)}**" if rf.present else sm.red_flag_text(rf, r.end)
        for rf in r.red_flags
    )
    w(f"**Red flags (last 28 days):** {flags}")
    w("")
    w(f"## Key figures (over the {t.plural(r.tracked_days, 'tracked day')})")
    w("")
    w(" · ".join(f"{label}: **{value}**" for label, value in sm.key_figures(r)))
    w("")
    w(f"## Findings (spasmlog's rules, as of {t.day(r.end, year=True, short=True)})")
    w("")
    if not r.findings:
        w("No rule fired for this period.")
        w("")
    for status in ("new", "ongoing", "discussed"):
        group = r.findings_with(status)
        if not group:
            continue
        label = t.FINDING_STATUS_LABELS[status]
        if status == "discussed" and r.last_visit:
            label += f" ({_day(r, r.last_visit)})"
        w(f"**{label}**")
        w("")
        for f in group:
            since = f" (since {_day(r, f.since)})" if f.since and status != "new" else ""
            w(f"- {t.severity_label(f.severity, clinician=True)}: {f.text}{since}")
        w("")
    return out


def _evidence(r: sm.Report, budget: int) -> tuple[list[str], int]:
    if not r.evidence:
        return [], budget
    out = ["## Episodes behind these findings (red flags first, then newest)", ""]
    shown = 0
    for ev in r.evidence:
        ep = ev.episode
        tags = ", ".join(sm.rule_label(x, r.thresholds) for x in ev.reasons)
        item = [f"- **{t.when(ep)}**: {sm.episode_line(ep)} [{tags}]"]
        if ep.notes:
            item.append(f"  Note: {_note(ep.notes)}")
        if _size(out) + _size(item) > budget and shown:
            break
        out += item
        shown += 1
    rest = r.evidence[shown:]
    if rest:
        days = ", ".join(f"{t.when(ev.episode)}" for ev in rest[:20])
        more = f" and {len(rest) - 20} more" if len(rest) > 20 else ""
        out.append(f"- and {t.plural(len(rest), 'more episode')}: {days}{more} (in the CSV)")
    out.append("")
    return out, budget - _size(out)


def _middle(r: sm.Report) -> list[str]:
    out: list[str] = []
    w = out.append
    if not r.tracked_days:
        return ["No diary entries in this period: no weeks, bands or sites to show.", ""]
    w("## Week by week")
    w("")
    if not r.weeks:
        w("No weeks in this period.")
    else:
        w(
            "| Week | Tracked | Episodes | Days | Pain mean | Pain max | Median duration "
            "| Night | Visit / change |"
        )
        w("|---|--:|--:|--:|--:|--:|--:|--:|---|")
    for wk in r.weeks:
        marks = ", ".join(f"{m.kind} {m.day.day} {m.day:%b}" for m in wk.markers)
        if wk.before_diary:
            w(f"| {sm.week_label(wk)} | 0 | before the diary | | | | | | {marks} |")
            continue
        days_in = (wk.last - wk.first).days + 1
        w(
            f"| {sm.week_label(wk)} | {wk.tracked_days}/{days_in} | {wk.count} | {wk.days} | "
            f"{t.number(wk.mean_pain)} | {t.number(wk.max_pain)} | "
            f"{t.duration(wk.median_duration_s, long=True)} | "
            f"{wk.night if wk.count else t.NONE_SHOWN} | {marks} |"
        )
    more = sm.weeks_note(r)
    if more:
        w("")
        w(more)
    w("")
    w("## Pain bands and time of day")
    w("")
    bands = [b for b in ("mild", "moderate", "severe") if True] + (
        ["none"] if r.pain_bands["none"] else []
    )
    w("Pain: " + " · ".join(f"{t.PAIN_BAND_LABELS[b]} {r.pain_bands[b]}" for b in bands))
    w("")
    w(
        "Local start time (two-hour bins): "
        + " · ".join(f"{sm.hour_label(i)} {n}" for i, n in enumerate(r.hours))
    )
    w("")
    w("## Where, what came with it, and the context")
    w("")
    sites = r.sites[:10]
    if sites:
        w(
            "Sites (episodes, first day in the period): "
            + "; ".join(
                f"{t.where(s.muscle, s.side)} {s.count} (from {_day(r, s.first)})" for s in sites
            )
            + (f"; and {t.plural(len(r.sites) - 10, 'more site')}" if len(r.sites) > 10 else "")
        )
    else:
        w("Sites: no episodes in this period.")
    w("")
    if r.symptoms:
        w(
            "Symptoms (episodes, first day): "
            + "; ".join(
                f"{t.symptom_label(x.symptom)} {x.count} (from {_day(r, x.first)})"
                for x in r.symptoms
            )
        )
    else:
        w("Symptoms: none recorded.")
    w("")
    for label, text in sm.context_lines(r):
        w(f"- {label}: {text}")
    w("")
    found = sm.pattern_lines(r)
    if found:
        w("## Patterns from the daily check-ins")
        w("")
        out.extend(f"- {t.visible(line)}" for line in found)
        w("")
        w(sm.PATTERNS_NOTE)
        w("")
    if r.visits or r.changes:
        w("## Visits and changes (as reported by the patient)")
        w("")
        for m in r.visits[:4]:
            note = f": {_note(m.text, 200)}" if m.text else ""
            w(f"- Visit {t.day(m.day, year=True, short=True)}{note}")
        for c in r.changes[:4]:
            day = t.day(c.day, year=True, short=True)
            w(f"- Change {day}: {_note(c.text, 200)}. Episodes: {sm.change_text(c)}.")
        left = max(0, len(r.visits) - 4) + max(0, len(r.changes) - 4)
        if left:
            w(f"- and {t.plural(left, 'more marker')} (in the JSON export)")
        w("")
    return out


def _notable(r: sm.Report, budget: int) -> tuple[list[str], int]:
    if not r.notable:
        return [], budget
    out = [f"## Other notable episodes ({sm.notable_rule(r)})", ""]
    shown = 0
    for n in r.notable:
        ep = n.episode
        tags = ", ".join(sm.reason_label(x, r.thresholds) for x in n.reasons)
        item = [f"- **{t.when(ep)}**: {sm.episode_line(ep)} [{tags}]"]
        if ep.notes:
            item.append(f"  Note: {_note(ep.notes, 160)}")
        if _size(out) + _size(item) + 80 > budget:
            break
        out += item
        shown += 1
    if len(r.notable) > shown:
        out.append(f"- and {t.plural(len(r.notable) - shown, 'more notable episode')} (in the CSV)")
    out.append("")
    return out, budget - _size(out)


def _other_notes(r: sm.Report, budget: int) -> tuple[list[str], int]:
    if not r.other_notes:
        return [], budget
    out = ["## Notes on other episodes (alike notes together)", ""]
    shown = 0
    for text, times, last in r.other_notes:
        count = f" × {times}, last {_day(r, last)}" if times > 1 else f", {_day(r, last)}"
        item = [f"- {_note(text, 120)}{count}"]
        if _size(out) + _size(item) + 60 > budget:
            break
        out += item
        shown += 1
    if shown == 0:
        return [], budget
    if len(r.other_notes) > shown:
        out.append(f"- and {t.plural(len(r.other_notes) - shown, 'more note')}")
    out.append("")
    return out, budget - _size(out)


def _tail(r: sm.Report) -> list[str]:
    out: list[str] = []
    if r.profile.questions:
        out += ["## The patient's questions", "", _note(r.profile.questions, 1000), ""]
    out += ["---", "", f"Self-reported diary data. {DISCLAIMER}"]
    return out
