"""PDF: the doctor summary — one or two A4 pages, clear in black and white.

Drawn with fpdf2 (imported inside :func:`render`, never at start-up) in the bundled DejaVu
Sans, so accents, dashes and most scripts print as typed; a character the font lacks (an
emoji, say) is replaced visibly by U+FFFD. The chart is vector (lines and rectangles), not
an image. "Self-reported" and the page number are on every page, the disclaimer at the end.
The notable episodes are cut with "and N more" rather than run onto a third page.
"""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

from ..messages import DISCLAIMER
from . import summary as sm

NAME = "pdf"
EXTENSION = "pdf"
BINARY = True
SUMMARY = True
LABEL = "PDF — the doctor summary, 1–2 pages"

FONT_DIR = Path(__file__).with_name("fonts")
FONT = "dejavu"
PLACEHOLDER = "\ufffd"
NOTE_LIMIT = 420  # characters of a note printed under a notable episode
MAX_PAGES = 2

# Layout, in mm (A4 portrait).
MARGIN = 14.0
TOP = 17.0
BOTTOM = 15.0
GRAY_FILL = 215  # bars, table stripes: light enough for any printer
GRAY_TEXT = 80

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def write(job, stream) -> None:
    from .job import load_config

    s = sm.build_summary(job, config=load_config())
    stream.write(render(s))


def render(s: sm.Summary) -> bytes:
    from fpdf import FPDF

    class _Doc(FPDF):
        summary = s

        def header(self) -> None:
            self.set_xy(MARGIN, 7)
            self.set_font(FONT, "", 7.5)
            self.set_text_color(GRAY_TEXT)
            left = "spasmlog — muscle cramp and spasm diary"
            if s.name:
                left += f" — {self.clean(' '.join(s.name.split()))[:60]}"
            self.cell(self.epw / 2, 4, left)
            self.cell(
                self.epw / 2,
                4,
                f"Self-reported data · {sm.fmt_date(s.start)} – {sm.fmt_date(s.end)}",
                align="R",
            )
            self.set_draw_color(150)
            self.set_line_width(0.2)
            self.line(MARGIN, 12, self.w - MARGIN, 12)
            self.set_text_color(0)
            self.set_y(TOP)

        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(FONT, "", 7.5)
            self.set_text_color(GRAY_TEXT)
            self.cell(
                self.epw * 0.75,
                4,
                "Self-reported by the patient in spasmlog. A diary, not a diagnosis.",
            )
            self.cell(self.epw * 0.25, 4, f"Page {self.page_no()} of {{nb}}", align="R")
            self.set_text_color(0)

        _allowed: frozenset[int] = frozenset()

        def clean(self, text: str) -> str:
            """Printable text: unknown glyphs become U+FFFD, control characters a space."""
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
            text = _CONTROL.sub(" ", text)
            allowed = self._allowed
            return "".join(c if (c == "\n" or ord(c) in allowed) else PLACEHOLDER for c in text)

    pdf = _Doc(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, BOTTOM)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf._allowed = frozenset(pdf.fonts[FONT].cmap) & frozenset(pdf.fonts[FONT + "B"].cmap)
    pdf.set_title(f"Cramp and spasm diary summary {s.start} to {s.end}")
    pdf.set_author("spasmlog (self-reported diary)")
    pdf.set_creator("spasmlog")
    pdf.set_creation_date(_midday(s.generated))
    pdf.add_page()

    _title(pdf, s)
    _key_figures(pdf, s)
    _flags(pdf, s)
    _chart(pdf, s)
    # Keep each block whole; when the weekly table would leave the rest of page 1 empty
    # but the smaller "where and context" block fits there, that block goes first.
    if _room(pdf) < _table_height(s) + 8 <= pdf.eph and _room(pdf) >= _where_height(pdf, s) + 10:
        _where_and_context(pdf, s)
        _weekly_table(pdf, s)
    else:
        _weekly_table(pdf, s)
        _where_and_context(pdf, s)
    _notable(pdf, s)
    _disclaimer(pdf)
    return bytes(pdf.output())


def _midday(day):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


# --- building blocks ---------------------------------------------------------------------


def _heading(pdf, text: str, *, need: float = 20) -> None:
    """A section heading, moved to the next page if ``need`` mm would not fit under it."""
    _ensure(pdf, need + 10)  # the heading itself takes 9.5 mm
    pdf.ln(2.5)
    pdf.set_font(FONT, "B", 10.5)
    pdf.cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    y = pdf.get_y()
    pdf.line(MARGIN, y, pdf.w - MARGIN, y)
    pdf.ln(1.5)


def _room(pdf) -> float:
    return pdf.page_break_trigger - pdf.get_y()


def _ensure(pdf, height: float) -> None:
    if _room(pdf) < height and pdf.page_no() < MAX_PAGES:
        pdf.add_page()


def _fit(pdf, text: str, width: float) -> str:
    """Cut ``text`` with an ellipsis so it fits ``width`` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _title(pdf, s: sm.Summary) -> None:
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
    bits.append(f"Generated: {sm.fmt_date(s.generated)}")
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


def _key_figures(pdf, s: sm.Summary) -> None:
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


def _flags(pdf, s: sm.Summary) -> None:
    _heading(pdf, f"Findings to discuss (spasmlog's rules, as of {sm.fmt_date(s.end)})", need=10)
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
        label = sm.SEVERITY_LABEL.get(f.severity, f.severity.upper())
        detail = pdf.clean(f.detail)
        pdf.set_font(FONT, "", 8.2)
        h_detail = para_height(pdf, detail, pdf.epw - tag_w - 2, 3.9)
        _ensure(pdf, 5 + h_detail + 1.5)
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


def _chart(pdf, s: sm.Summary) -> None:
    """Bars: episodes per week (left scale); line with dots: mean pain 0–10 (right scale)."""
    weeks = s.weeks
    height = 36.0
    _heading(pdf, "Episodes per week and mean pain", need=height + 14)
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
    # weeks before the diary: marked as such, never drawn as weeks without cramps
    before = sum(1 for w in weeks if w.before_diary)
    if before:
        pdf.set_font(FONT, "", 6.8)
        pdf.set_text_color(GRAY_TEXT)
        pdf.set_xy(x0, y0 - height / 2 - 1.7)
        pdf.cell(slot * before, 3.4, _fit(pdf, "before the diary", slot * before), align="C")
        pdf.set_text_color(0)
    # axes
    pdf.set_line_width(0.3)
    pdf.line(x0, y0, x1, y0)
    pdf.line(x0, y0, x0, y_top)
    pdf.line(x1, y0, x1, y_top)
    # the pain line (broken where a week has no episode)
    pdf.set_line_width(0.5)
    prev = None
    for cx, w in zip(centers, weeks):
        if w.mean_pain is None:
            prev = None
            continue
        y = y0 - height * w.mean_pain / 10
        if prev is not None:
            pdf.line(prev[0], prev[1], cx, y)
        prev = (cx, y)
    pdf.set_fill_color(0)
    for cx, w in zip(centers, weeks):
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


def _weekly_table(pdf, s: sm.Summary) -> None:
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
    _heading(pdf, "Week by week", need=_table_height(s))  # kept on one page
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
        _ensure(pdf, 4.4)
        values = [
            f"{wk.week[-3:]}  {wk.start.day} {wk.start:%b} – {sm.week_end(wk).day} {sm.week_end(wk):%b}",
            str(wk.count),
            str(wk.days),
            sm.fmt_num(wk.mean_pain),
            sm.fmt_num(wk.max_pain),
            sm.fmt_duration(wk.median_duration_s),
            sm.fmt_duration(wk.total_duration_s) if wk.count else "–",
            sm.fmt_share(wk.low_hydration_share),
            sm.fmt_share(wk.vigorous_share),
            sm.fmt_share(wk.night_share),
        ]
        if wk.before_diary:  # not a week without cramps: nobody kept the diary yet
            values = [values[0], *["–"] * (len(values) - 1)]
        for (name, w, align), v in zip(cols, values):
            pdf.cell(w - 1, 4.4, _fit(pdf, v, w - 1.5), align=align, fill=i % 2 == 1)
            pdf.cell(1, 4.4, "", fill=i % 2 == 1)
        pdf.ln(4.4)
    if not s.weeks:
        pdf.cell(0, 4.4, "No episodes in this period.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    note = sm.partial_note(s)
    pdf.set_font(FONT, "", 6.8)
    pdf.set_text_color(GRAY_TEXT)
    text = "Shares are of the week's episodes (low fluids that day; vigorous activity before; night = 22:00–06:00)."
    if any(wk.before_diary for wk in s.weeks) and s.diary_start is not None:
        text = (
            f"Weeks shown with – throughout are before the diary (kept since "
            f"{sm.fmt_date(s.diary_start)}), not weeks without cramps. {text}"
        )
    if note:
        text = f"{note} {text}"
    pdf.ln(0.6)
    para(pdf, text, pdf.epw, 3.3, x=MARGIN)
    pdf.set_text_color(0)


def _table_height(s: sm.Summary) -> float:
    return 14 + 4.4 * (len(s.weeks) or 1)


WHERE_COLS = (70.0, 42.0)  # muscle table, symptoms; the context column takes the rest


def _where_height(pdf, s: sm.Summary) -> float:
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


def _where_and_context(pdf, s: sm.Summary) -> None:
    """Three columns: muscle groups × sides, associated symptoms, context."""
    muscles = s.by_muscle[:9]
    more_muscles = len(s.by_muscle) - len(muscles)
    _heading(pdf, "Where, what came with it, and the context", need=_where_height(pdf, s))
    y = pdf.get_y()
    col_w = [WHERE_COLS[0], WHERE_COLS[1], pdf.epw - sum(WHERE_COLS) - 6]
    x = [MARGIN, MARGIN + col_w[0] + 3, MARGIN + col_w[0] + col_w[1] + 6]
    # muscle groups and sides
    pdf.set_xy(x[0], y)
    pdf.set_font(FONT, "B", 7.5)
    widths = [22, 10, 10, 9, 9, 10]
    for name, w in zip(("Muscle group", "left", "right", "both", "none", "all"), widths):
        pdf.cell(w, 4, name, align="L" if name == "Muscle group" else "R")
    pdf.set_font(FONT, "", 7.8)
    yy = y + 4.2
    for muscle, sides in muscles:
        pdf.set_xy(x[0], yy)
        for v, w in zip(
            (
                muscle,
                sides["left"],
                sides["right"],
                sides["both"],
                sides["none"],
                sum(sides.values()),
            ),
            widths,
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
        pdf.cell(col_w[1] - 8, 3.9, sym.replace("-", " "))
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


def _disclaimer_height(pdf) -> float:
    pdf.set_font(FONT, "", 8)
    return para_height(pdf, DISCLAIMER, pdf.epw - 6, 3.8) + 11


def wrap(pdf, text: str, width: float) -> list[str]:
    """Word-wrap ``text`` to ``width`` mm in the current font; words longer than a line are
    cut. Linear in the text (fpdf2's multi_cell is quadratic in a line's length)."""
    out: list[str] = []
    space = pdf.get_string_width(" ")
    for paragraph in text.split("\n"):
        line, line_w = "", 0.0
        for word in paragraph.split(" "):
            ww = pdf.get_string_width(word)
            if line:
                if line_w + space + ww <= width:
                    line, line_w = f"{line} {word}", line_w + space + ww
                    continue
                out.append(line)
            while ww > width:  # a very long word: cut it where it fills the line
                cut = max(1, int(len(word) * width / ww))
                while cut > 1 and pdf.get_string_width(word[:cut]) > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
                ww = pdf.get_string_width(word)
            line, line_w = word, ww
        out.append(line)
    return out


def para(pdf, text: str, width: float, line_h: float, *, x: float | None = None) -> float:
    """Draw wrapped ``text`` at ``x`` (default: the current x) from the current y; returns its height."""
    x = pdf.get_x() if x is None else x
    lines = wrap(pdf, text, width)
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, line_h, line, new_x="LEFT", new_y="NEXT")
    return len(lines) * line_h


def para_height(pdf, text: str, width: float, line_h: float) -> float:
    return len(wrap(pdf, text, width)) * line_h


def _notable(pdf, s: sm.Summary) -> None:
    _heading(
        pdf, "Notable episodes (severe, over 10 minutes, or with symptoms), newest first", need=14
    )
    if not s.notable:
        pdf.set_font(FONT, "", 8.5)
        para(
            pdf,
            "None: no episode in this period was severe (pain 7 or more), lasted over 10 "
            "minutes, or came with other symptoms.",
            pdf.epw,
            4.2,
            x=MARGIN,
        )
        return
    reserve = _disclaimer_height(pdf) + 7
    date_w = 41.0
    text_w = pdf.epw - date_w
    shown = 0
    for n in s.notable:
        ep = n.episode
        tags = "[" + ", ".join(sm.REASON_LABEL[r] for r in n.reasons) + "]"
        line = f"{sm.episode_line(ep)}  {tags}"
        note = _note(pdf, ep.notes) if ep.notes else None
        pdf.set_font(FONT, "", 8)
        h = para_height(pdf, line, text_w, 3.9)
        if note:
            pdf.set_font(FONT, "", 7.8)
            h += para_height(pdf, note, text_w, 3.6) + 0.4
        last_page = pdf.page_no() >= MAX_PAGES
        if _room(pdf) < h + 1.2 + (reserve if last_page else 0) and not last_page:
            pdf.add_page()
        room = _room(pdf) - 1.2 - (reserve if pdf.page_no() >= MAX_PAGES else 0)
        if h > room:
            # Last page: keep the episode's line and as much of its note as fits.
            pdf.set_font(FONT, "", 8)
            head_h = para_height(pdf, line, text_w, 3.9)
            if head_h > room:
                break
            if note:
                pdf.set_font(FONT, "", 7.8)
                lines = wrap(pdf, note, text_w)
                keep = int((room - head_h - 0.4) // 3.6)
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
        pdf.cell(date_w, 3.9, sm.fmt_when(ep))
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


def _note(pdf, text: str) -> str:
    full = len(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = re.sub(r"\n{2,}", "\n", text)
    if len(text) > NOTE_LIMIT:
        text = text[:NOTE_LIMIT].rstrip() + f"… [note shortened; {full:,} characters in full]"
    return pdf.clean(f"“{text}”")


def _disclaimer(pdf) -> None:
    h = _disclaimer_height(pdf)
    _ensure(pdf, h + 3)
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
