"""The PDF's chart: episodes per week as bars, mean pain as a line, in vector strokes."""

from __future__ import annotations

from .. import summary as sm
from .layout import FONT, GRAY_FILL, GRAY_TEXT, MARGIN, Pdf, fit, heading


def weekly_chart(pdf: Pdf, s: sm.Summary) -> None:
    """Bars: episodes per week (left scale); line with dots: mean pain 0–10 (right scale)."""
    weeks = s.weeks
    height = 36.0
    heading(pdf, "Episodes per week and mean pain", need=height + 14)
    if not weeks:
        pdf.set_font(FONT, "", 9)
        pdf.cell(0, 5, "No episodes in this period.", new_x="LMARGIN", new_y="NEXT")
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
        if w.count:
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
        pdf.cell(slot, 3, f"{w.start.day} {w.start:%b}", align="C")
    # axes
    pdf.set_line_width(0.3)
    pdf.line(x0, y0, x1, y0)
    pdf.line(x0, y0, x0, y_top)
    pdf.line(x1, y0, x1, y_top)
    # weeks before the diary: marked as such, never drawn as weeks without cramps
    before = sum(1 for w in weeks if w.before_diary)
    if before:
        pdf.set_font(FONT, "", 6.8)
        pdf.set_text_color(GRAY_TEXT)
        pdf.set_xy(x0, y0 - height / 2 - 1.7)
        pdf.cell(slot * before, 3.4, fit(pdf, "before the diary", slot * before), align="C")
        pdf.set_text_color(0)
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
    # legend
    ly = y0 + 7.6
    pdf.set_line_width(0.25)
    pdf.set_fill_color(GRAY_FILL)
    pdf.rect(x0, ly + 0.6, 4, 2.6, style="DF")
    pdf.set_font(FONT, "", 7)
    pdf.set_xy(x0 + 5, ly)
    pdf.cell(45, 3.8, "episodes in the week (left scale)")
    pdf.set_line_width(0.5)
    pdf.line(x0 + 58, ly + 1.9, x0 + 64, ly + 1.9)
    pdf.set_fill_color(0)
    pdf.ellipse(x0 + 60.1, ly + 1.0, 1.8, 1.8, style="F")
    pdf.set_xy(x0 + 65, ly)
    pdf.cell(60, 3.8, "mean pain of the week, 0–10 (right scale)")
    pdf.set_line_width(0.2)
    pdf.set_xy(MARGIN, ly + 5)


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))
