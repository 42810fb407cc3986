"""The PDF's sections: what each block of the doctor summary says, in page order.

Each function draws one block at the current position with the primitives of
:mod:`.layout`; the page flow (which block goes where) is in :func:`render`. Text the
patient typed always goes through ``pdf.clean`` (control characters made visible, characters
no font can draw marked).
"""

from __future__ import annotations

from ... import text as t
from ...messages import DISCLAIMER
from .. import summary as sm
from .layout import (
    FONT,
    GRAY_FILL,
    GRAY_TEXT,
    LIST_NOTE_LIMIT,
    MARGIN,
    OTHER_NOTE_LIMIT,
    PLACEHOLDER,
    Pdf,
    ensure,
    fit,
    heading,
    para,
    para_height,
    room,
    wrap,
)

SITE_ROWS = 8
CHANGE_ROWS = 4


def _day(r: sm.Report, day) -> str:
    return t.day(day, year=day.year != r.end.year, short=True)


# --- page 1 ------------------------------------------------------------------------------


def title(pdf: Pdf, r: sm.Report) -> None:
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, "Muscle cramps and spasms: diary summary", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    line = f"Period: {sm.fmt_range(r)} · {sm.coverage_line(r)}"
    para(pdf, line, pdf.epw, 4.2, x=MARGIN)
    pdf.ln(0.8)
    y = pdf.get_y()
    pdf.set_font(FONT, "B", 8)
    label = "As reported by the patient: "
    pdf.set_x(MARGIN)
    lines = sm.profile_lines(r)
    text = " · ".join(f"{k}: {v}" for k, v in lines) if lines else "no profile given."
    pdf.set_font(FONT, "", 8)
    width = pdf.epw - pdf.get_string_width(label) - 3
    body = wrap(pdf, pdf.clean(text), width)
    pdf.set_font(FONT, "B", 8)
    pdf.cell(pdf.get_string_width(label) + 1, 3.9, label)
    x = pdf.get_x()
    pdf.set_font(FONT, "", 8)
    for i, ln in enumerate(body):
        pdf.set_xy(x, y + 3.9 * i)
        pdf.cell(width, 3.9, ln)
    pdf.set_xy(MARGIN, y + 3.9 * max(1, len(body)))
    if pdf.unprintable:
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(GRAY_TEXT)
        para(
            pdf,
            f"Some characters the patient typed could not be printed with the fonts on this "
            f"computer; each run of them is shown as {PLACEHOLDER}. The Markdown and CSV "
            "exports hold the text as typed.",
            pdf.epw,
            3.5,
            x=MARGIN,
        )
        pdf.set_text_color(0)
    pdf.ln(1.5)


def red_flag_line(pdf: Pdf, r: sm.Report) -> None:
    """A boxed line naming each urgent criterion as present (with its date) or absent."""
    pdf.set_font(FONT, "", 8.5)
    parts = []
    for rf in r.red_flags:
        words = sm.red_flag_text(rf, r.end)
        parts.append(f"**{words}**" if rf.present is not None else words)
    text = "**Red flags (last 28 days):** " + " · ".join(parts)
    y = pdf.get_y()
    pdf.set_xy(MARGIN + 1.5, y + 1.2)
    pdf.multi_cell(pdf.epw - 3, 4.2, text, markdown=True, align="L", new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y() + 1.2
    pdf.set_draw_color(0)
    pdf.set_line_width(0.5 if any(rf.present for rf in r.red_flags) else 0.25)
    pdf.rect(MARGIN, y, pdf.epw, bottom - y)
    pdf.set_xy(MARGIN, bottom + 2)


def key_figures(pdf: Pdf, r: sm.Report) -> None:
    """Five boxes; each value is set in the largest size (12 pt down to 6.5 pt) that fits."""
    figures = sm.key_figures(r)
    w = pdf.epw / len(figures)
    inner = w - 1.2 - 2
    y = pdf.get_y()
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    for i, (label, value) in enumerate(figures):
        x = MARGIN + i * w
        pdf.rect(x + 0.6, y, w - 1.2, 13)
        size = 12.0
        pdf.set_font(FONT, "B", size)
        while size > 6.5 and pdf.get_string_width(value) > inner:
            size -= 0.5
            pdf.set_font(FONT, "B", size)
        pdf.set_xy(x + 0.6, y + 1.2)
        pdf.cell(w - 1.2, 6, fit(pdf, value, inner), align="C")
        pdf.set_font(FONT, "", 7)
        pdf.set_xy(x + 0.6, y + 7.6)
        pdf.cell(w - 1.2, 4.2, fit(pdf, label, inner), align="C")
    pdf.set_xy(MARGIN, y + 13.6)
    pdf.set_font(FONT, "", 6.8)
    pdf.set_text_color(GRAY_TEXT)
    pdf.cell(
        0,
        3.2,
        f"Over the {t.plural(r.tracked_days, 'tracked day')} of the period. Pain: 0–10 numeric "
        f"rating scale. Times are local clock times as logged.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0)


TAG_W = 33.0
FINDING_PT = 7.7
FINDING_H = 3.5
SINCE_W = 24.0


def findings(pdf: Pdf, r: sm.Report) -> None:
    """The findings grouped: new, ongoing (with since), discussed at the last visit."""
    as_of = t.day(r.end, year=True, short=True)
    heading(pdf, f"Findings (spasmlog's rules, as of {as_of})", need=8)
    if not r.findings:
        pdf.set_font(FONT, "", 8.5)
        para(pdf, "No rule fired for this period.", pdf.epw, 4.2, x=MARGIN)
        return
    for status in ("new", "ongoing", "discussed"):
        group = r.findings_with(status)
        if not group:
            continue
        label = t.FINDING_STATUS_LABELS[status]
        if status == "discussed" and r.last_visit:
            label += f" ({_day(r, r.last_visit)})"
        ensure(pdf, 9)
        pdf.set_font(FONT, "B", 8)
        pdf.cell(0, 4.4, label, new_x="LMARGIN", new_y="NEXT")
        for f in group:
            _finding(pdf, r, f)
        pdf.ln(0.6)


def _finding(pdf: Pdf, r: sm.Report, f: sm.Finding) -> None:
    text_w = pdf.epw - TAG_W - SINCE_W
    pdf.set_font(FONT, "", FINDING_PT)
    lines = wrap(pdf, pdf.clean(f.text), text_w - 1)
    h = FINDING_H * len(lines)
    ensure(pdf, h + 0.6)
    y = pdf.get_y()
    label = t.severity_label(f.severity, clinician=True)
    pdf.set_font(FONT, "B", 6.2)
    pdf.set_xy(MARGIN, y + 0.2)
    if f.severity == "urgent":
        pdf.set_fill_color(0)
        pdf.set_text_color(255)
        pdf.cell(TAG_W - 2, 3.2, label, align="C", fill=True)
        pdf.set_text_color(0)
    elif f.severity == "see-doctor":
        pdf.set_draw_color(0)
        pdf.set_line_width(0.25)
        pdf.cell(TAG_W - 2, 3.2, label, align="C", border=1)
    else:
        pdf.set_text_color(GRAY_TEXT)
        pdf.cell(TAG_W - 2, 3.2, label, align="C")
        pdf.set_text_color(0)
    pdf.set_font(FONT, "B" if f.severity == "urgent" else "", FINDING_PT)
    for i, line in enumerate(lines):
        pdf.set_xy(MARGIN + TAG_W, y + FINDING_H * i)
        pdf.cell(text_w, FINDING_H, line)
    if f.since is not None and f.status != "new":
        pdf.set_font(FONT, "", 7.2)
        pdf.set_text_color(GRAY_TEXT)
        pdf.set_xy(MARGIN + pdf.epw - SINCE_W, y)
        pdf.cell(SINCE_W, FINDING_H, f"since {_day(r, f.since)}", align="R")
        pdf.set_text_color(0)
    pdf.set_xy(MARGIN, y + h + 0.5)


DATE_W = 37.0
EVIDENCE_PT = 7.5
EVIDENCE_H = 3.35


def evidence(pdf: Pdf, r: sm.Report) -> None:
    """The episodes behind the red flags and see-doctor episode rules, each in full with its
    note. Never cut: when the pages run out, a third page takes the rest."""
    if not r.evidence:
        return
    heading(pdf, "Episodes behind these findings, in full (red flags first, then newest)", need=10)
    text_w = pdf.epw - DATE_W
    for ev in r.evidence:
        ep = ev.episode
        red = any(x in t.RED_FLAG_RULES for x in ev.reasons)
        body = sm.episode_line(ep)
        if red or len(set(ev.reasons)) > 1:  # which findings it supports, when not evident
            body += " [" + ", ".join(sm.rule_label(x, r.thresholds) for x in ev.reasons) + "]"
        if ep.notes:
            body += f" — {_quote(pdf, ep.notes)}"
        pdf.set_font(FONT, "B" if red else "", EVIDENCE_PT)
        lines = wrap(pdf, body, text_w)
        h = EVIDENCE_H * len(lines)
        if pdf.will_page_break(h + 0.8):
            pdf.page_limit = max(pdf.page_limit, pdf.page_no() + 1)
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FONT, "B", EVIDENCE_PT)
        pdf.cell(DATE_W, EVIDENCE_H, t.when(ep))
        pdf.set_font(FONT, "B" if red else "", EVIDENCE_PT)
        for i, line in enumerate(lines):
            pdf.set_xy(MARGIN + DATE_W, y + EVIDENCE_H * i)
            pdf.cell(text_w, EVIDENCE_H, line)
        pdf.set_xy(MARGIN, y + h + 0.8)


def _quote(pdf: Pdf, text: str, limit: int | None = None) -> str:
    text = " / ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    full = len(text)
    if limit is not None and full > limit:
        text = text[:limit].rstrip() + f"… [{full:,} characters in full in the CSV]"
    return pdf.clean(f"“{text}”")


# --- page 2 ------------------------------------------------------------------------------


def bands_and_hours(pdf: Pdf, r: sm.Report) -> None:
    """Pain bands (counts) beside time of day (12 two-hour bars)."""
    height = 22.0
    heading(pdf, "Pain bands and time of day", need=height + 10)
    y0 = pdf.get_y() + 1
    # pain bands: a small table with horizontal bars
    bands = ("mild", "moderate", "severe")
    top = max([r.pain_bands[b] for b in (*bands, "none")] + [1])
    bar_x, bar_w = MARGIN + 27, 32.0
    pdf.set_font(FONT, "", 7.6)
    rows = [*bands] + (["none"] if r.pain_bands["none"] else [])
    for i, b in enumerate(rows):
        y = y0 + 4.6 * i
        pdf.set_xy(MARGIN, y)
        pdf.cell(27, 4, t.PAIN_BAND_LABELS[b])
        n = r.pain_bands[b]
        pdf.set_fill_color(GRAY_FILL if b != "severe" else 90)
        pdf.set_draw_color(0)
        pdf.set_line_width(0.2)
        if n:
            pdf.rect(bar_x, y + 0.6, bar_w * n / top, 2.8, style="DF")
        pdf.set_xy(bar_x + bar_w + 1, y)
        pdf.cell(12, 4, str(n))
    # time of day
    x0 = MARGIN + 82
    x1 = pdf.w - MARGIN
    chart_h = height - 7
    base = y0 + chart_h
    slot = (x1 - x0) / sm.HOUR_BINS
    top = max(max(r.hours), 1)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(GRAY_FILL)
    for i, n in enumerate(r.hours):
        cx = x0 + slot * i
        night = 2 * i >= 22 or 2 * i < 6
        if n:
            h = chart_h * n / top
            pdf.set_fill_color(120 if night else GRAY_FILL)
            pdf.rect(cx + slot * 0.15, base - h, slot * 0.7, h, style="DF")
        pdf.set_font(FONT, "", 6.2)
        if n:
            pdf.set_xy(cx, base - (chart_h * n / top) - 3.2)
            pdf.cell(slot, 3, str(n), align="C")
        pdf.set_xy(cx, base + 0.4)
        pdf.cell(slot, 3, sm.hour_label(i), align="C")
    pdf.set_line_width(0.3)
    pdf.line(x0, base, x1, base)
    pdf.set_font(FONT, "", 6.6)
    pdf.set_text_color(GRAY_TEXT)
    pdf.set_xy(x0, base + 3.4)
    pdf.cell(
        x1 - x0,
        3,
        f"Episodes by local start time, two-hour bins; darker bars: night ({sm.night_label()})",
    )
    pdf.set_text_color(0)
    pdf.set_xy(MARGIN, max(base + 7.4, y0 + 4.6 * len(rows)) + 0.5)


def weekly_table(pdf: Pdf, r: sm.Report) -> None:
    cols = [
        ("Week (Mon–Sun)", 30, "L"),
        ("Tracked", 14, "R"),
        ("Episodes", 15, "R"),
        ("Days", 10, "R"),
        ("Pain mean", 16, "R"),
        ("Pain max", 14, "R"),
        ("Median duration", 24, "R"),
        ("At night", 14, "R"),
        ("Visit / change", 30, "L"),
    ]
    scale = pdf.epw / sum(c[1] for c in cols)
    cols = [(n, w * scale, a) for n, w, a in cols]
    heading(pdf, "Week by week", need=table_height(r))
    pdf.set_font(FONT, "B", 7.2)
    pdf.set_line_width(0.3)
    pdf.set_draw_color(0)
    for name, w, align in cols:
        pdf.cell(w, 4.4, name, align=align)
    pdf.ln(4.4)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.set_fill_color(238)
    for i, wk in enumerate(r.weeks):
        ensure(pdf, 4.2)
        days_in = (wk.last - wk.first).days + 1
        marks = ", ".join(f"{t.MARKER_LABELS[m.kind]} {m.day.day} {m.day:%b}" for m in wk.markers)
        if wk.before_diary:
            values = [sm.week_label(wk), "0", "before the diary", "", "", "", "", "", marks]
        else:
            values = [
                sm.week_label(wk),
                f"{wk.tracked_days}/{days_in}",
                str(wk.count),
                str(wk.days),
                t.number(wk.mean_pain),
                t.number(wk.max_pain),
                t.duration(wk.median_duration_s, long=True),
                str(wk.night) if wk.count else t.NONE_SHOWN,
                marks,
            ]
        pdf.set_font(FONT, "", 7.6)
        if wk.before_diary:
            pdf.set_text_color(GRAY_TEXT)
        for j, ((_name, w, align), v) in enumerate(zip(cols, values, strict=True)):
            if wk.before_diary and j == 2:
                pdf.cell(sum(c[1] for c in cols[2:8]), 4.2, v, align="C", fill=i % 2 == 1)
                continue
            if wk.before_diary and 2 < j < 8:
                continue
            pdf.cell(w, 4.2, fit(pdf, v, w - 2.5), align=align, fill=i % 2 == 1)
        pdf.set_text_color(0)
        pdf.ln(4.2)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.set_font(FONT, "", 6.8)
    pdf.set_text_color(GRAY_TEXT)
    pdf.ln(0.5)
    note = (
        "Tracked: days of the week in the period on or after the diary's first entry. Weeks "
        "are clipped to the period."
    )
    more = sm.weeks_note(r)
    para(pdf, f"{more} {note}" if more else note, pdf.epw, 3.2, x=MARGIN)
    pdf.set_text_color(0)


def table_height(r: sm.Report) -> float:
    return 12 + 4.2 * (len(r.weeks) or 1)


def sites_and_context(pdf: Pdf, r: sm.Report) -> None:
    """Sites (muscle group and side, with first date), symptoms (with first date), context."""
    col_w = [70.0, 46.0, pdf.epw - 70.0 - 46.0 - 6]
    x = [MARGIN, MARGIN + col_w[0] + 3, MARGIN + col_w[0] + col_w[1] + 6]
    sites = r.sites[:SITE_ROWS]
    rest = len(r.sites) - len(sites)
    pdf.set_font(FONT, "", 7.4)
    ctx_h = 4.2 + sum(
        3.4 + para_height(pdf, text, col_w[2], 3.4) + 0.4 for _l, text in sm.context_lines(r)
    )
    height = max(
        4.2 + 3.7 * (len(sites) + (1 if rest else 0) or 1), 4.2 + 3.7 * len(r.symptoms), ctx_h
    )
    heading(pdf, "Where, what came with it, and the context", need=height)
    y = pdf.get_y()
    # sites
    pdf.set_xy(x[0], y)
    pdf.set_font(FONT, "B", 7.2)
    pdf.cell(38, 4, "Site")
    pdf.cell(12, 4, "Episodes", align="R")
    pdf.cell(20, 4, "First", align="R")
    yy = y + 4.2
    pdf.set_font(FONT, "", 7.6)
    for s in sites:
        pdf.set_xy(x[0], yy)
        pdf.cell(38, 3.7, fit(pdf, t.where(s.muscle, s.side), 37))
        pdf.cell(12, 3.7, str(s.count), align="R")
        pdf.cell(20, 3.7, _day(r, s.first), align="R")
        yy += 3.7
    if rest:
        pdf.set_xy(x[0], yy)
        pdf.cell(col_w[0], 3.7, f"and {t.plural(rest, 'more site')}")
        yy += 3.7
    if not sites:
        pdf.set_xy(x[0], yy)
        pdf.cell(col_w[0], 3.7, "No episodes in this period.")
        yy += 3.7
    bottom = yy
    # symptoms
    pdf.set_xy(x[1], y)
    pdf.set_font(FONT, "B", 7.2)
    pdf.cell(26, 4, "Symptom")
    pdf.cell(8, 4, "Ep.", align="R")
    pdf.cell(12, 4, "First", align="R")
    yy = y + 4.2
    pdf.set_font(FONT, "", 7.6)
    if not r.symptoms:
        pdf.set_xy(x[1], yy)
        pdf.cell(col_w[1], 3.7, "None recorded.")
        yy += 3.7
    for sym in r.symptoms:
        pdf.set_xy(x[1], yy)
        pdf.cell(26, 3.7, fit(pdf, t.symptom_label(sym.symptom), 25.5))
        pdf.cell(8, 3.7, str(sym.count), align="R")
        pdf.cell(12, 3.7, f"{sym.first.day} {sym.first:%b}", align="R")
        yy += 3.7
    bottom = max(bottom, yy)
    # context
    pdf.set_xy(x[2], y)
    pdf.set_font(FONT, "B", 7.2)
    pdf.cell(col_w[2], 4, "Context (episodes)")
    yy = y + 4.2
    for label, text in sm.context_lines(r):
        pdf.set_xy(x[2], yy)
        pdf.set_font(FONT, "B", 7)
        pdf.cell(col_w[2], 3.4, label)
        yy += 3.4
        pdf.set_font(FONT, "", 7.4)
        pdf.set_xy(x[2], yy)
        yy += para(pdf, text, col_w[2], 3.4, x=x[2]) + 0.4
    bottom = max(bottom, yy)
    pdf.set_xy(MARGIN, bottom + 0.5)


def patterns(pdf: Pdf, r: sm.Report) -> None:
    """Which check-in factors came with more cramp days (analysis.patterns)."""
    lines = sm.pattern_lines(r)
    if not lines:
        return
    heading(pdf, "Patterns from the daily check-ins", need=4 + 3.7 * len(lines))
    pdf.set_font(FONT, "", 7.8)
    for line in lines:
        ensure(pdf, 4)
        para(pdf, pdf.clean(line), pdf.epw, 3.7, x=MARGIN)
    pdf.set_font(FONT, "", 6.8)
    pdf.set_text_color(GRAY_TEXT)
    para(pdf, sm.PATTERNS_NOTE, pdf.epw, 3.2, x=MARGIN)
    pdf.set_text_color(0)


def visits_and_changes(pdf: Pdf, r: sm.Report) -> None:
    """Visits in the period, and each change with the cramp rate before and after it."""
    if not r.visits and not r.changes:
        return
    heading(pdf, "Visits and changes (as reported by the patient)", need=12)
    pdf.set_font(FONT, "", 7.8)
    for m in r.visits[:CHANGE_ROWS]:
        text = f"Visit {t.day(m.day, year=True, short=True)}"
        if m.text:
            text += f": {pdf.clean(' '.join(m.text.split()))}"
        ensure(pdf, 4)
        para(pdf, text, pdf.epw, 3.7, x=MARGIN)
    for c in r.changes[:CHANGE_ROWS]:
        ensure(pdf, 8)
        pdf.set_font(FONT, "B", 7.8)
        para(
            pdf,
            f"Change {t.day(c.day, year=True, short=True)}: {pdf.clean(' '.join(c.text.split()))}",
            pdf.epw,
            3.7,
            x=MARGIN,
        )
        pdf.set_font(FONT, "", 7.6)
        para(pdf, f"Episodes: {sm.change_text(c)}.", pdf.epw - 4, 3.6, x=MARGIN + 4)
    more = max(0, len(r.visits) - CHANGE_ROWS) + max(0, len(r.changes) - CHANGE_ROWS)
    if more:
        para(pdf, f"and {more} more markers (in the JSON export).", pdf.epw, 3.7, x=MARGIN)


def notable(pdf: Pdf, r: sm.Report, reserve: float) -> None:
    """Other notable episodes, most serious first then newest, with their notes, as many
    as fit above ``reserve`` mm on the last page; the rest are counted."""
    if not r.notable:
        return
    heading(pdf, f"Other notable episodes ({sm.notable_rule(r)})", need=12)
    text_w = pdf.epw - DATE_W
    shown = 0
    for n in r.notable:
        ep = n.episode
        tags = " [" + ", ".join(sm.reason_label(x, r.thresholds) for x in n.reasons) + "]"
        line = sm.episode_line(ep) + tags
        note = _quote(pdf, ep.notes, LIST_NOTE_LIMIT) if ep.notes else None
        pdf.set_font(FONT, "", 7.8)
        h = para_height(pdf, line, text_w, 3.7)
        if note:
            h += para_height(pdf, note, text_w, 3.5)
        if h + 1 + 4.5 + reserve > room(pdf):
            if pdf.page_no() < pdf.page_limit and shown == 0:
                pdf.add_page()
            else:
                break
        y = pdf.get_y()
        pdf.set_font(FONT, "B", EVIDENCE_PT)
        pdf.cell(DATE_W, 3.7, t.when(ep))
        pdf.set_xy(MARGIN + DATE_W, y)
        pdf.set_font(FONT, "", 7.8)
        para(pdf, line, text_w, 3.7, x=MARGIN + DATE_W)
        if note:
            pdf.set_text_color(40)
            para(pdf, note, text_w, 3.5, x=MARGIN + DATE_W)
            pdf.set_text_color(0)
        pdf.set_x(MARGIN)
        pdf.ln(1)
        shown += 1
    rest = len(r.notable) - shown
    if rest:
        pdf.set_font(FONT, "B", 7.8)
        pdf.cell(
            0,
            4.5,
            f"and {t.plural(rest, 'more notable episode')} in this period (all are in the CSV).",
            new_x="LMARGIN",
            new_y="NEXT",
        )


def other_notes(pdf: Pdf, r: sm.Report, reserve: float) -> None:
    """Notes of ordinary episodes, alike ones together, as many as fit."""
    if not r.other_notes or room(pdf) < reserve + 20:
        return
    heading(pdf, "Notes on other episodes (alike notes together, most frequent first)", need=8)
    pdf.set_font(FONT, "", 7.6)
    shown = 0
    for text, times, last in r.other_notes:
        quote = _quote(pdf, text, OTHER_NOTE_LIMIT)
        line = (
            f"{quote} × {times}, last {_day(r, last)}" if times > 1 else f"{quote}, {_day(r, last)}"
        )
        h = para_height(pdf, line, pdf.epw, 3.5)
        if h + 4.5 + reserve > room(pdf):
            break
        para(pdf, line, pdf.epw, 3.5, x=MARGIN)
        shown += 1
    rest = len(r.other_notes) - shown
    if rest:
        pdf.cell(0, 4, f"and {t.plural(rest, 'more note')}.", new_x="LMARGIN", new_y="NEXT")


def questions_height(pdf: Pdf, r: sm.Report) -> float:
    if not r.profile.questions:
        return 0.0
    pdf.set_font(FONT, "", 8)
    return 12 + para_height(pdf, pdf.clean(r.profile.questions), pdf.epw, 3.8)


def questions(pdf: Pdf, r: sm.Report) -> None:
    if not r.profile.questions:
        return
    heading(pdf, "The patient's questions", need=questions_height(pdf, r) - 10)
    pdf.set_font(FONT, "", 8)
    para(pdf, pdf.clean(r.profile.questions.strip()), pdf.epw, 3.8, x=MARGIN)


def disclaimer_height(pdf: Pdf) -> float:
    pdf.set_font(FONT, "", 8)
    return para_height(pdf, DISCLAIMER, pdf.epw - 6, 3.8) + 11


def disclaimer(pdf: Pdf) -> None:
    h = disclaimer_height(pdf)
    ensure(pdf, h + 3)
    pdf.ln(2)
    y = pdf.get_y()
    pdf.set_draw_color(0)
    pdf.set_line_width(0.4)
    pdf.set_xy(MARGIN + 3, y + 2)
    pdf.set_font(FONT, "B", 8.5)
    pdf.cell(0, 4.5, "Please note", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(MARGIN + 3)
    pdf.set_font(FONT, "", 8)
    para(pdf, DISCLAIMER, pdf.epw - 6, 3.8, x=MARGIN + 3)
    pdf.rect(MARGIN, y, pdf.epw, pdf.get_y() - y + 2)
    pdf.set_y(pdf.get_y() + 3)
