"""Layout primitives for the PDF: page geometry, fonts, wrapped text, headings, room left.

Pure helpers over an fpdf2 document (public API only); no section content lives here, so
the report's sections can be rewritten without touching how text is laid out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "dejavu"
PLACEHOLDER = "[?]"  # a run of characters no font here can draw (the report says so)
LIST_NOTE_LIMIT = 300  # characters of a note under an other notable episode
OTHER_NOTE_LIMIT = 160  # characters of an ordinary episode's note
MAX_PAGES = 2  # a third only when the evidence episodes need it (Pdf.page_limit)

# Layout, in mm (A4 portrait).
MARGIN = 14.0
TOP = 17.0
BOTTOM = 15.0
GRAY_FILL = 215  # bars, table stripes: light enough for any printer
GRAY_TEXT = 80

Pdf = Any  # an fpdf.FPDF (fpdf2 is imported only when a PDF is made)


def room(pdf: Pdf) -> float:
    """Millimetres left on the page above the bottom margin."""
    return pdf.t_margin + pdf.eph - pdf.get_y()


def ensure(pdf: Pdf, height: float) -> None:
    """Start a new page if ``height`` mm would not fit (never beyond the page limit)."""
    if pdf.will_page_break(height) and pdf.page_no() < getattr(pdf, "page_limit", MAX_PAGES):
        pdf.add_page()


def heading(pdf: Pdf, text: str, *, need: float = 20) -> None:
    """A section heading, moved to the next page if ``need`` mm would not fit under it."""
    ensure(pdf, need + 10)  # the heading itself takes 9.5 mm
    pdf.ln(2.5)
    pdf.set_font(FONT, "B", 10.5)
    pdf.cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    y = pdf.get_y()
    pdf.line(MARGIN, y, pdf.w - MARGIN, y)
    pdf.ln(1.5)


def fit(pdf: Pdf, text: str, width: float) -> str:
    """Cut ``text`` with an ellipsis so it fits ``width`` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(pdf: Pdf, text: str, width: float) -> list[str]:
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


def para(pdf: Pdf, text: str, width: float, line_h: float, *, x: float | None = None) -> float:
    """Draw wrapped ``text`` at ``x`` (default: the current x) from the current y; returns
    its height."""
    x = pdf.get_x() if x is None else x
    lines = wrap(pdf, text, width)
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, line_h, line, new_x="LEFT", new_y="NEXT")
    return len(lines) * line_h


def para_height(pdf: Pdf, text: str, width: float, line_h: float) -> float:
    return len(wrap(pdf, text, width)) * line_h
