"""Markdown: the doctor summary's content as text for a patient-portal message.

Plain enough to read unrendered (many portals show Markdown as typed), with tables that
render where Markdown is supported. Text a person typed is escaped so that it cannot turn
into formatting, links or HTML.
"""

from __future__ import annotations

import re

from .. import text as t
from ..messages import DISCLAIMER
from ..text import visible
from . import summary as sm

NAME = "md"
EXTENSION = "md"
BINARY = False
SUMMARY = True
LABEL = "Markdown — the doctor summary as text (patient-portal message)"

NOTE_LIMIT = 600  # characters of a note shown in the summary

_ESCAPE = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def esc(text: str) -> str:
    """Escape Markdown and HTML specials in text a person typed, and make its control
    characters visible (``\\x1b``), so a note can drive neither a renderer nor a terminal."""
    return visible(_ESCAPE.sub(r"\\\1", text))


def write(job, stream) -> None:
    from ..config import load_config

    s = sm.build_summary(job, config=load_config())
    stream.write(render(s))


def render(s: sm.Summary) -> str:
    out: list[str] = []
    w = out.append
    w("# Muscle cramp and spasm diary — summary")
    w("")
    if s.name:
        w(f"**Name:** {esc(' '.join(s.name.split()))}  ")
    w(f"**Period:** {sm.fmt_range(s)}  ")
    w(
        f"**Generated:** {t.day(s.generated, year=True, short=True)} by spasmlog from "
        "self-reported diary entries"
    )
    w("")
    w("## Key figures")
    w("")
    for label, value in sm.key_figures(s):
        w(f"- {label}: **{value}**")
    w("")
    w(f"## Findings to discuss (as of {t.day(s.end, year=True, short=True)})")
    w("")
    if not s.flags:
        w("No finding matched spasmlog's when-to-see-a-doctor rules in this period.")
    for f in s.flags:
        w(f"- **{t.severity_label(f.severity, clinician=True)}: {f.title}**  ")
        w(f"  {f.detail} *(rule `{f.rule}`, episodes {t.episode_ids(f.episode_ids)})*")
    w("")
    w("## Week by week")
    w("")
    w(
        "| Week | Episodes | Days | Pain mean | Pain max | Median duration | Total duration "
        "| Low fluids | Vigorous | Night |"
    )
    w("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for wk in s.weeks:
        if wk.before_diary:  # not a week without cramps: nobody kept the diary yet
            w(f"| {sm.week_label(wk)} | before the diary | | | | | | | | |")
            continue
        total = t.duration(wk.total_duration_s, long=True) if wk.count else t.NONE_SHOWN
        w(
            f"| {sm.week_label(wk)} | {wk.count} | {wk.days} | {t.number(wk.mean_pain)} | "
            f"{t.number(wk.max_pain)} | {t.duration(wk.median_duration_s, long=True)} | "
            f"{total} | {t.share(wk.low_hydration_share)} | "
            f"{t.share(wk.vigorous_share)} | {t.share(wk.night_share)} |"
        )
    if not s.weeks:
        w("| (no episodes) | 0 | 0 | – | – | – | – | – | – | – |")
    note = sm.partial_note(s)
    if note:
        w("")
        w(f"*{note}*")
    w("")
    w("## Where: muscle groups and sides")
    w("")
    if s.by_muscle:
        w("| Muscle group | Left | Right | Both | Not given | Total |")
        w("|---|--:|--:|--:|--:|--:|")
        for muscle, sides in s.by_muscle:
            w(
                f"| {t.muscle_label(muscle)} | {sides['left']} | {sides['right']} | "
                f"{sides['both']} | {sides['none']} | {sum(sides.values())} |"
            )
    else:
        w("No episodes in this period.")
    w("")
    w("## Associated symptoms")
    w("")
    if s.symptoms:
        for sym in sorted(s.symptoms, key=lambda x: -s.symptoms[x]):
            n = s.symptoms[sym]
            w(f"- {t.symptom_label(sym)}: {n} episode{'s' if n != 1 else ''}")
    else:
        w("None recorded.")
    w("")
    w("## Context")
    w("")
    for label, text in sm.context_lines(s):
        w(f"- {label}: {text}")
    w("")
    w("## Notable episodes")
    w("")
    if not s.notable:
        w(f"None: no episode in this period was {sm.notable_rule(s)}.")
    for notable in s.notable:
        ep = notable.episode
        tags = ", ".join(sm.reason_label(r, s.thresholds) for r in notable.reasons)
        w(f"- **{t.when(ep)}** — {esc(sm.episode_line(ep))} *[{tags}]*")
        if ep.notes:
            w("")
            for line in _note_lines(ep.notes):
                w(f"  > {line}" if line else "  >")
            w("")
    w("")
    w(f"## All episodes in this period ({s.count})")
    w("")
    if s.episodes:
        w("| # | When (local) | Muscle | Side | Pain | Duration | Symptoms | Note |")
        w("|--:|---|---|---|--:|--:|---|---|")
        for ep in s.episodes:
            note = " ".join((ep.notes or "").split())
            if len(note) > 80:
                note = note[:80].rstrip() + "…"
            symptoms = ", ".join(t.symptom_label(x) for x in ep.symptoms) or t.NONE_SHOWN
            w(
                f"| {ep.id} | {ep.local_start:%Y-%m-%d %H:%M} | {t.muscle_label(ep.muscle_group)} "
                f"| {t.side_label(ep.side)} | {ep.pain} | {t.duration(ep.duration_s, long=True)} "
                f"| {symptoms} | {esc(note) or t.NONE_SHOWN} |"
            )
    else:
        w("None.")
    w("")
    w("---")
    w("")
    w(f"*Self-reported diary data. {DISCLAIMER}*")
    return "\n".join(out).rstrip() + "\n"


def _note_lines(note: str) -> list[str]:
    text = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    if len(text) > NOTE_LIMIT:
        text = text[:NOTE_LIMIT].rstrip() + f"… [note shortened; {len(note):,} characters in full]"
    return [esc(line.rstrip()) for line in text.split("\n")]
