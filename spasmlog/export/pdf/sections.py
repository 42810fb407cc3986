"""The PDF's sections: what each block of the doctor summary says, in page order.

Each function draws one block at the current position with the primitives of
:mod:`.layout`; the page flow (which block goes where) is in :func:`render`.
"""

from __future__ import annotations

import re

from ... import text as t
from ...messages import DISCLAIMER
from .. import summary as sm
from .layout import (
    FONT,
    GRAY_TEXT,
    MARGIN,
    MAX_PAGES,
    Pdf,
    ensure,
    fit,
    heading,
    para,
    para_height,
    room,
    wrap,
)

NOTE_LIMIT = 420  # characters of a note printed under a notable episode


def title(pdf: Pdf, s: sm.Summary) -> None:
    pdf.set_font(FONT, "B", 15)
    pdf.cell(
        0,
        8,
        "Muscle cramps and spasms: diary summary for the doctor",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FONT, "", 9)
    bits = []
    if s.name:
        bits.append(f"Name: {pdf.clean(' '.join(s.name.split()))}")
    bits.append(f"Period: {sm.fmt_range(s)}")
    bits.append(f"Generated: {t.day(s.generated, year=True, short=True)}")
    para(pdf, "     ".join(bits), pdf.epw, 4.5, x=MARGIN)
    pdf.set_text_color(GRAY_TEXT)
    pdf.set_font(FONT, "", 7.5)
    para(
        pdf,
        "Everything below was logged by the patient, episode by episode, in spasmlog. Pain is the "
        "0–10 numeric rating scale (7–10 severe). Times are local clock times as logged.",
        pdf.epw,
        3.6,
        x=MARGIN,
    )
    pdf.set_text_color(0)
    pdf.ln(2)


def key_figures(pdf: Pdf, s: sm.Summary) -> None:
    figures = sm.key_figures(s)
    w = pdf.epw / len(figures)
    y = pdf.get_y()
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    for i, (label, value) in enumerate(figures):
        x = MARGIN + i * w
        pdf.rect(x + 0.6, y, w - 1.2, 14)
        pdf.set_xy(x + 0.6, y + 1.3)
        pdf.set_font(FONT, "B", 12 if len(value) < 12 else 10)
        pdf.cell(w - 1.2, 6.5, value, align="C")
        pdf.set_xy(x + 0.6, y + 8.2)
        pdf.set_font(FONT, "", 7.2)
        pdf.cell(w - 1.2, 4.5, label, align="C")
    pdf.set_xy(MARGIN, y + 15.5)


def flags(pdf: Pdf, s: sm.Summary) -> None:
    as_of = t.day(s.end, year=True, short=True)
    heading(pdf, f"Findings to discuss (spasmlog's rules, as of {as_of})", need=10)
    if not s.flags:
        pdf.set_font(FONT, "", 9)
        para(
            pdf,
            "No finding matched the when-to-see-a-doctor rules for this period.",
            pdf.epw,
            4.5,
            x=MARGIN,
        )
        return
    tag_w = 27
    for f in s.flags:
        label = t.severity_label(f.severity, clinician=True)
        detail = pdf.clean(f.detail)
        pdf.set_font(FONT, "", 8.2)
        h_detail = para_height(pdf, detail, pdf.epw - tag_w - 2, 3.9)
        ensure(pdf, 5 + h_detail + 1.5)
        y = pdf.get_y()
        pdf.set_font(FONT, "B", 7)
        if f.severity == "urgent":
            pdf.set_fill_color(0)
            pdf.set_text_color(255)
            pdf.set_xy(MARGIN, y + 0.4)
            pdf.cell(tag_w - 2, 4.2, label, align="C", fill=True)
            pdf.set_text_color(0)
        elif f.severity == "see-doctor":
            pdf.set_draw_color(0)
            pdf.set_line_width(0.35)
            pdf.set_xy(MARGIN, y + 0.4)
            pdf.cell(tag_w - 2, 4.2, label, align="C", border=1)
        else:
            pdf.set_xy(MARGIN, y + 0.4)
            pdf.set_text_color(GRAY_TEXT)
            pdf.cell(tag_w - 2, 4.2, label, align="C")
            pdf.set_text_color(0)
        pdf.set_xy(MARGIN + tag_w, y)
        pdf.set_font(FONT, "B", 9)
        para(pdf, pdf.clean(f.title), pdf.epw - tag_w, 4.6, x=MARGIN + tag_w)
        pdf.set_font(FONT, "", 8.2)
        para(pdf, detail, pdf.epw - tag_w - 2, 3.9, x=MARGIN + tag_w)
        pdf.set_x(MARGIN)
        pdf.ln(1.3)


def weekly_table(pdf: Pdf, s: sm.Summary) -> None:
    cols = [
        ("Week (Mon–Sun)", 36, "L"),
        ("Episodes", 15, "R"),
        ("Days", 10, "R"),
        ("Pain avg", 15, "R"),
        ("Pain max", 15, "R"),
        ("Median dur.", 20, "R"),
        ("Total dur.", 20, "R"),
        ("Low fluids", 17, "R"),
        ("Vigorous", 15, "R"),
        ("Night", 13, "R"),
    ]
    scale = pdf.epw / sum(c[1] for c in cols)
    cols = [(n, w * scale, a) for n, w, a in cols]
    heading(pdf, "Week by week", need=table_height(s))  # kept on one page
    pdf.set_font(FONT, "B", 7.3)
    pdf.set_line_width(0.3)
    pdf.set_draw_color(0)
    for name, w, align in cols:
        pdf.cell(w - 1, 4.6, name, align=align)
        pdf.cell(1, 4.6, "")
    pdf.ln(4.6)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.set_font(FONT, "", 7.8)
    pdf.set_fill_color(238)
    for i, wk in enumerate(s.weeks):
        ensure(pdf, 4.4)
        values = [
            f"{sm.week_label(wk)} – {t.day(sm.week_end(wk), year=False, short=True)}",
            str(wk.count),
            str(wk.days),
            t.number(wk.mean_pain),
            t.number(wk.max_pain),
            t.duration(wk.median_duration_s, long=True),
            t.duration(wk.total_duration_s, long=True) if wk.count else t.NONE_SHOWN,
            t.share(wk.low_hydration_share),
            t.share(wk.vigorous_share),
            t.share(wk.night_share),
        ]
        if wk.before_diary:  # not a week without cramps: nobody kept the diary yet
            values = [values[0], *[t.NONE_SHOWN] * (len(values) - 1)]
        for (_name, w, align), v in zip(cols, values, strict=True):
            pdf.cell(w - 1, 4.4, fit(pdf, v, w - 1.5), align=align, fill=i % 2 == 1)
            pdf.cell(1, 4.4, "", fill=i % 2 == 1)
        pdf.ln(4.4)
    if not s.weeks:
        pdf.cell(0, 4.4, "No episodes in this period.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    note = sm.partial_note(s)
    pdf.set_font(FONT, "", 6.8)
    pdf.set_text_color(GRAY_TEXT)
    text = (
        "Shares are of the week's episodes (low fluids that day; vigorous activity before; "
        f"{sm.night_label().lower()})."
    )
    if note:
        text = f"{note} {text}"
    if any(wk.before_diary for wk in s.weeks) and s.diary_start is not None:
        text = (
            f"Weeks shown with – throughout are before the diary (kept since "
            f"{t.day(s.diary_start, year=True, short=True)}), not weeks without cramps. {text}"
        )
    pdf.ln(0.6)
    para(pdf, text, pdf.epw, 3.3, x=MARGIN)
    pdf.set_text_color(0)


def table_height(s: sm.Summary) -> float:
    return 14 + 4.4 * (len(s.weeks) or 1)


WHERE_COLS = (70.0, 42.0)  # muscle table, symptoms; the context column takes the rest


def where_height(pdf: Pdf, s: sm.Summary) -> float:
    """The exact height of the three columns (the context column's text is wrapped here)."""
    muscles = min(len(s.by_muscle), 9) + (1 if len(s.by_muscle) > 9 else 0)
    left = 4.2 + 3.9 * max(muscles, 1)
    middle = 4.2 + 3.9 * max(len(s.symptoms), 1)
    width = pdf.epw - sum(WHERE_COLS) - 6
    right = 4.2
    pdf.set_font(FONT, "", 7.6)
    for _label, text in sm.context_lines(s):
        right += 3.6 + para_height(pdf, text, width, 3.6) + 0.6
    return max(left, middle, right) + 1


def where_and_context(pdf: Pdf, s: sm.Summary) -> None:
    """Three columns: muscle groups × sides, associated symptoms, context."""
    muscles = s.by_muscle[:9]
    more_muscles = len(s.by_muscle) - len(muscles)
    heading(pdf, "Where, what came with it, and the context", need=where_height(pdf, s))
    y = pdf.get_y()
    col_w = [WHERE_COLS[0], WHERE_COLS[1], pdf.epw - sum(WHERE_COLS) - 6]
    x = [MARGIN, MARGIN + col_w[0] + 3, MARGIN + col_w[0] + col_w[1] + 6]
    # muscle groups and sides
    pdf.set_xy(x[0], y)
    pdf.set_font(FONT, "B", 7.5)
    widths = [22, 10, 10, 9, 9, 10]
    for name, w in zip(
        ("Muscle group", "left", "right", "both", "none", "all"), widths, strict=True
    ):
        pdf.cell(w, 4, name, align="L" if name == "Muscle group" else "R")
    pdf.set_font(FONT, "", 7.8)
    yy = y + 4.2
    for muscle, sides in muscles:
        pdf.set_xy(x[0], yy)
        for v, w in zip(
            (
                t.muscle_label(muscle),
                sides["left"],
                sides["right"],
                sides["both"],
                sides["none"],
                sum(sides.values()),
            ),
            widths,
            strict=True,
        ):
            pdf.cell(w, 3.9, str(v) if v != 0 else "·", align="L" if w == 22 else "R")
        yy += 3.9
    if more_muscles:
        pdf.set_xy(x[0], yy)
        pdf.cell(col_w[0], 3.9, f"and {more_muscles} more groups")
        yy += 3.9
    if not muscles:
        pdf.set_xy(x[0], yy)
        pdf.cell(col_w[0], 3.9, "No episodes.")
        yy += 3.9
    bottom = yy
    # symptoms
    pdf.set_xy(x[1], y)
    pdf.set_font(FONT, "B", 7.5)
    pdf.cell(col_w[1], 4, "Symptoms (episodes)")
    pdf.set_font(FONT, "", 7.8)
    yy = y + 4.2
    if not s.symptoms:
        pdf.set_xy(x[1], yy)
        pdf.cell(col_w[1], 3.9, "None recorded.")
        yy += 3.9
    for sym in sorted(s.symptoms, key=lambda k: -s.symptoms[k]):
        pdf.set_xy(x[1], yy)
        pdf.cell(col_w[1] - 8, 3.9, t.symptom_label(sym))
        pdf.cell(8, 3.9, str(s.symptoms[sym]), align="R")
        yy += 3.9
    bottom = max(bottom, yy)
    # context
    pdf.set_xy(x[2], y)
    pdf.set_font(FONT, "B", 7.5)
    pdf.cell(col_w[2], 4, "Context (episodes)")
    yy = y + 4.2
    for label, text in sm.context_lines(s):
        pdf.set_xy(x[2], yy)
        pdf.set_font(FONT, "B", 7.2)
        pdf.cell(col_w[2], 3.6, label)
        yy += 3.6
        pdf.set_xy(x[2], yy)
        pdf.set_font(FONT, "", 7.6)
        yy += para(pdf, text, col_w[2], 3.6, x=x[2]) + 0.6
    bottom = max(bottom, yy)
    pdf.set_xy(MARGIN, bottom + 1)


def disclaimer_height(pdf: Pdf) -> float:
    pdf.set_font(FONT, "", 8)
    return para_height(pdf, DISCLAIMER, pdf.epw - 6, 3.8) + 11


def notable(pdf: Pdf, s: sm.Summary) -> None:
    heading(pdf, f"Notable episodes ({sm.notable_rule(s)}), newest first", need=14)
    if not s.notable:
        pdf.set_font(FONT, "", 8.5)
        para(
            pdf,
            f"None: no episode in this period was {sm.notable_rule(s)}.",
            pdf.epw,
            4.2,
            x=MARGIN,
        )
        return
    reserve = disclaimer_height(pdf) + 7
    date_w = 41.0
    text_w = pdf.epw - date_w
    shown = 0
    for n in s.notable:
        ep = n.episode
        tags = "[" + ", ".join(sm.reason_label(r, s.thresholds) for r in n.reasons) + "]"
        line = f"{sm.episode_line(ep)}  {tags}"
        note = _note(pdf, ep.notes) if ep.notes else None
        pdf.set_font(FONT, "", 8)
        h = para_height(pdf, line, text_w, 3.9)
        if note:
            pdf.set_font(FONT, "", 7.8)
            h += para_height(pdf, note, text_w, 3.6) + 0.4
        last_page = pdf.page_no() >= MAX_PAGES
        if room(pdf) < h + 1.2 + (reserve if last_page else 0) and not last_page:
            pdf.add_page()
        space = room(pdf) - 1.2 - (reserve if pdf.page_no() >= MAX_PAGES else 0)
        if h > space:
            # Last page: keep the episode's line and as much of its note as fits.
            pdf.set_font(FONT, "", 8)
            head_h = para_height(pdf, line, text_w, 3.9)
            if head_h > space:
                break
            if note:
                pdf.set_font(FONT, "", 7.8)
                lines = wrap(pdf, note, text_w)
                keep = int((space - head_h - 0.4) // 3.6)
                if keep < 1:
                    note = None
                elif keep < len(lines):
                    last, marker = lines[keep - 1], " … [shortened]”"
                    while last and pdf.get_string_width(last + marker) > text_w - 1:
                        last = last[:-1]
                    last = last.rstrip() + marker
                    note = "\n".join(lines[: keep - 1] + [last])
        y = pdf.get_y()
        pdf.set_font(FONT, "B", 8)
        pdf.cell(date_w, 3.9, t.when(ep))
        pdf.set_xy(MARGIN + date_w, y)
        pdf.set_font(FONT, "", 8)
        para(pdf, line, text_w, 3.9, x=MARGIN + date_w)
        if note:
            pdf.set_font(FONT, "", 7.8)
            pdf.set_text_color(40)
            para(pdf, note, text_w, 3.6, x=MARGIN + date_w)
            pdf.set_text_color(0)
            pdf.ln(0.4)
        pdf.set_x(MARGIN)
        pdf.ln(1.2)
        shown += 1
    rest = len(s.notable) - shown
    if rest:
        pdf.set_font(FONT, "B", 8)
        pdf.cell(
            0,
            4.5,
            f"and {rest} more notable episode{'s' if rest != 1 else ''} in this period "
            f"(all are in the CSV or Markdown export).",
            new_x="LMARGIN",
            new_y="NEXT",
        )


def _note(pdf: Pdf, text: str) -> str:
    full = len(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = re.sub(r"\n{2,}", "\n", text)
    if len(text) > NOTE_LIMIT:
        text = text[:NOTE_LIMIT].rstrip() + f"… [note shortened; {full:,} characters in full]"
    return pdf.clean(f"“{text}”")


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
