"""The fpdf2 document: fonts, running header and footer, and printable text.

Imported only when a PDF is made (fpdf2 costs ~0.4 s to import), and defined once.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache

from fontTools.ttLib import TTFont
from fpdf import FPDF

from ... import text as t
from .. import summary as sm
from .layout import BOTTOM, FONT, FONT_DIR, GRAY_TEXT, MARGIN, PLACEHOLDER, TOP

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@cache
def printable_codepoints() -> frozenset[int]:
    """The characters both bundled fonts can draw (read once from their cmap tables)."""
    sets = [frozenset(TTFont(FONT_DIR / f, lazy=True).getBestCmap()) for f in FONT_FILES.values()]
    return frozenset.intersection(*sets)


class SummaryDoc(FPDF):
    """An A4 page with the running header (name, range) and footer (page of pages)."""

    def __init__(self, s: sm.Summary) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.summary = s
        self.allowed = printable_codepoints()
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, BOTTOM)
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.set_title(f"Cramp and spasm diary summary {s.start} to {s.end}")
        self.set_author("spasmlog (self-reported diary)")
        self.set_creator("spasmlog")
        self.set_creation_date(_midday(s.generated))

    def header(self) -> None:
        s = self.summary
        self.set_xy(MARGIN, 7)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(GRAY_TEXT)
        left = "spasmlog — muscle cramp and spasm diary"
        if s.name:
            left += f" — {self.clean(' '.join(s.name.split()))[:60]}"
        self.cell(self.epw / 2, 4, left)
        period = f"{t.day(s.start, year=True, short=True)} – {t.day(s.end, year=True, short=True)}"
        self.cell(self.epw / 2, 4, f"Self-reported data · {period}", align="R")
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

    def clean(self, text: str) -> str:
        """Printable text: unknown glyphs become U+FFFD, control characters a space."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        text = _CONTROL.sub(" ", text)
        allowed = self.allowed
        return "".join(c if (c == "\n" or ord(c) in allowed) else PLACEHOLDER for c in text)


def _midday(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
