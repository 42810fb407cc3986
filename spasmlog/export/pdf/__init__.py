"""PDF: the doctor summary — one or two A4 pages, clear in black and white.

Drawn with fpdf2 (imported inside :func:`render`, never at start-up) in the bundled DejaVu
Sans, so accents, dashes and most scripts print as typed; a character the font lacks (an
emoji, say) is replaced visibly by U+FFFD. The chart is vector (lines and rectangles), not
an image. "Self-reported" and the page number are on every page, the disclaimer at the end.
The notable episodes are cut with "and N more" rather than run onto a third page.

The modules: :mod:`.layout` (geometry, wrapped text, headings, room left),
:mod:`.document` (the fpdf2 document: fonts, header, footer), :mod:`.chart` (the weekly
chart), :mod:`.sections` (what each block says); :func:`render` is the page flow.
"""

from __future__ import annotations

from .. import summary as sm
from .layout import FONT, FONT_DIR, wrap

NAME = "pdf"
EXTENSION = "pdf"
BINARY = True
SUMMARY = True
LABEL = "PDF — the doctor summary, 1–2 pages"

__all__ = ["BINARY", "EXTENSION", "FONT", "FONT_DIR", "LABEL", "NAME", "SUMMARY", "render"]
__all__ += ["wrap", "write"]


def write(job, stream) -> None:
    from ...config import load_config

    s = sm.build_summary(job, config=load_config())
    stream.write(render(s))


def render(s: sm.Summary) -> bytes:
    """The summary as PDF bytes: the blocks in order, each kept whole on a page."""
    from . import sections
    from .chart import weekly_chart
    from .document import SummaryDoc
    from .layout import room

    pdf = SummaryDoc(s)
    pdf.add_page()
    sections.title(pdf, s)
    sections.key_figures(pdf, s)
    sections.flags(pdf, s)
    weekly_chart(pdf, s)
    # Keep each block whole; when the weekly table would leave the rest of page 1 empty
    # but the smaller "where and context" block fits there, that block goes first.
    table_h = sections.table_height(s) + 8
    if room(pdf) < table_h <= pdf.eph and room(pdf) >= sections.where_height(pdf, s) + 10:
        sections.where_and_context(pdf, s)
        sections.weekly_table(pdf, s)
    else:
        sections.weekly_table(pdf, s)
        sections.where_and_context(pdf, s)
    sections.notable(pdf, s)
    sections.disclaimer(pdf)
    return bytes(pdf.output())
