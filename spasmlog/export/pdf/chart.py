"""The PDF's chart: episodes per week as bars, mean pain as a line, in vector strokes."""

from __future__ import annotations

from datetime import timedelta

from .. import summary as sm
from .layout import FONT, GRAY_FILL, GRAY_TEXT, MARGIN, Pdf, heading


def weekly_chart(pdf: Pdf, r: sm.Report) -> None:
    """Bars: episodes per week (left scale); line with dots: mean pain 0–10 (right scale).
    Weeks before the diary are hatched and labelled, never drawn as weeks without cramps;
    visits (V) and changes (C) are dashed vertical lines at their day."""
    weeks = r.weeks
    height = 23.0
    heading(pdf, "Episodes per week and mean pain", need=height + 13)
    if not weeks or r.diary_start is None:
        pdf.set_font(FONT, "", 9)
        pdf.cell(0, 5, "No diary entries in this period.", new_x="LMARGIN", new_y="NEXT")
        return
    x0 = MARGIN + 9
    x1 = pdf.w - MARGIN - 9
    y_top = pdf.get_y() + 5
    y0 = y_top + height  # the baseline
    top_count = max(1, max(w.count for w in weeks))
    step = _nice_step(top_count)
    top = step * -(-top_count // step)
    # grid and left scale (episodes)
    pdf.set_font(FONT, "", 6.8)
    pdf.set_line_width(0.15)
    pdf.set_draw_color(170)
    pdf.set_dash_pattern(dash=0.8, gap=0.8)
    for v in range(0, top + 1, step):
        y = y0 - height * v / top
        if v:
            pdf.line(x0, y, x1, y)
        pdf.set_xy(MARGIN, y - 1.7)
        pdf.cell(8, 3.4, str(v), align="R")
    pdf.set_dash_pattern()
    # right scale (pain 0–10)
    for v in (0, 5, 10):
        y = y0 - height * v / 10
        pdf.set_xy(x1 + 1, y - 1.7)
        pdf.cell(8, 3.4, str(v), align="L")
    pdf.set_xy(MARGIN - 2, y_top - 5)
    pdf.cell(30, 3.4, "episodes", align="L")
    pdf.set_xy(x1 - 21, y_top - 5)
    pdf.cell(30, 3.4, "mean pain (0–10)", align="R")
    # bars
    slot = (x1 - x0) / len(weeks)
    bar = min(slot * 0.62, 12)
    pdf.set_draw_color(0)
    pdf.set_fill_color(GRAY_FILL)
    pdf.set_line_width(0.25)
    centers = []
    for i, w in enumerate(weeks):
        cx = x0 + slot * (i + 0.5)
        centers.append(cx)
        if w.before_diary:
            _hatch(pdf, cx - slot / 2 + 0.4, y_top, slot - 0.8, height)
            pdf.set_font(FONT, "", 5.8)
            pdf.set_fill_color(255)
            pdf.set_xy(cx - slot / 2 + 0.4, y0 - height / 2 - 3.2)
            pdf.multi_cell(slot - 0.8, 2.6, "before the diary", align="C", fill=True)
            pdf.set_fill_color(GRAY_FILL)
            pdf.set_draw_color(0)
            pdf.set_line_width(0.25)
        elif w.count:
            h = height * w.count / top
            pdf.rect(cx - bar / 2, y0 - h, bar, h, style="DF")
            # the count sits inside the bar's foot (clear of the pain line), or on a short bar
            pdf.set_xy(cx - bar / 2, y0 - 3.8 if h >= 4.5 else y0 - h - 3.6)
            pdf.set_font(FONT, "", 6.8)
            pdf.cell(bar, 3.4, str(w.count), align="C")
        pdf.set_font(FONT, "", 6.3)
        pdf.set_xy(cx - slot / 2, y0 + 0.8)
        pdf.cell(slot, 3, w.week[-3:], align="C")
        pdf.set_xy(cx - slot / 2, y0 + 3.6)
        pdf.cell(slot, 3, f"{w.first.day} {w.first:%b}", align="C")
        days_in = (w.last - w.first).days + 1
        if 0 < w.tracked_days < 7:
            pdf.set_xy(cx - slot / 2, y0 + 6.4)
            pdf.set_text_color(GRAY_TEXT)
            pdf.cell(slot, 3, f"{w.tracked_days}/{max(days_in, w.tracked_days)} d", align="C")
            pdf.set_text_color(0)
    # axes
    pdf.set_line_width(0.3)
    pdf.line(x0, y0, x1, y0)
    pdf.line(x0, y0, x0, y_top)
    pdf.line(x1, y0, x1, y_top)
    # the pain line (broken where a week has no episode)
    pdf.set_line_width(0.5)
    prev = None
    for cx, w in zip(centers, weeks, strict=True):
        if w.mean_pain is None:
            prev = None
            continue
        y = y0 - height * w.mean_pain / 10
        if prev is not None:
            pdf.line(prev[0], prev[1], cx, y)
        prev = (cx, y)
    pdf.set_fill_color(0)
    for cx, w in zip(centers, weeks, strict=True):
        if w.mean_pain is not None:
            y = y0 - height * w.mean_pain / 10
            pdf.ellipse(cx - 0.9, y - 0.9, 1.8, 1.8, style="F")
    _markers(pdf, r, x0, slot, y_top, y0)
    _legend(
        pdf,
        x0,
        y_top - 5,
        hatched=any(w.before_diary for w in weeks),
        marks=any(w.markers for w in weeks),
    )
    pdf.set_line_width(0.2)
    pdf.set_xy(MARGIN, y0 + 10)


def _legend(pdf: Pdf, x: float, y: float, *, hatched: bool, marks: bool) -> None:
    """The key, in the strip above the plot between the two scales' titles."""
    x += 20
    pdf.set_line_width(0.25)
    pdf.set_fill_color(GRAY_FILL)
    pdf.rect(x, y + 0.5, 3.5, 2.4, style="DF")
    pdf.set_font(FONT, "", 6.6)
    pdf.set_xy(x + 4.5, y)
    pdf.cell(22, 3.4, "episodes")
    pdf.set_line_width(0.5)
    pdf.line(x + 19, y + 1.7, x + 25, y + 1.7)
    pdf.set_fill_color(0)
    pdf.ellipse(x + 21.1, y + 0.8, 1.8, 1.8, style="F")
    pdf.set_xy(x + 26, y)
    pdf.cell(25, 3.4, "mean pain")
    x += 44
    if hatched:
        _hatch(pdf, x, y + 0.3, 3.5, 2.8)
        pdf.set_xy(x + 4.5, y)
        pdf.cell(30, 3.4, "before the diary")
        x += 30
    if marks:
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(dash=0.9, gap=0.7)
        pdf.line(x + 1.5, y, x + 1.5, y + 3.4)
        pdf.set_dash_pattern()
        pdf.set_xy(x + 3, y)
        pdf.cell(40, 3.4, "V visit, C change")


def _hatch(pdf: Pdf, x: float, y: float, w: float, h: float) -> None:
    """Diagonal hatching in a rectangle: a week outside the diary, in black and white."""
    pdf.set_draw_color(185)
    pdf.set_line_width(0.15)
    step = 2.2
    k = -h
    while k < w:
        x_a, y_a = x + max(k, 0), y + h - max(0, -k)
        x_b = x + min(k + h, w)
        y_b = y + h - (x_b - x - k)
        pdf.line(x_a, y_a, x_b, y_b)
        k += step
    pdf.set_draw_color(0)


def _markers(pdf: Pdf, r: sm.Report, x0: float, slot: float, y_top: float, y0: float) -> None:
    """A dashed line at each visit and change, at its day's place in its week."""
    pdf.set_line_width(0.3)
    pdf.set_draw_color(0)
    for i, w in enumerate(r.weeks):
        for m in w.markers:
            monday = w.first - timedelta(days=w.first.weekday())
            x = x0 + slot * (i + ((m.day - monday).days + 0.5) / 7)
            pdf.set_dash_pattern(dash=0.9, gap=0.7)
            pdf.line(x, y_top, x, y0)
            pdf.set_dash_pattern()
            pdf.set_font(FONT, "B", 6.4)
            pdf.set_fill_color(255)
            pdf.set_xy(x - 1.6, y_top + 0.3)
            pdf.cell(3.2, 2.8, "V" if m.kind == "visit" else "C", align="C", fill=True)


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))
