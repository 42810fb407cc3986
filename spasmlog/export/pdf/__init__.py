"""PDF: the doctor summary — one or two A4 pages in a clinician's voice, clear in black and
white (a third page only when the episodes behind the findings need it).

Drawn with fpdf2 (imported inside :func:`render`, never at start-up) in the bundled DejaVu
Sans; a character DejaVu lacks (Japanese, Korean…) is drawn from a font fontconfig finds on
the system, or, when none has it, shown as a visible marker and the report says so. The
chart is vector (lines and rectangles), not an image. "Self-reported" and the page number
are on every page (and "SAMPLE DATA" on every page of the demo's diary), the disclaimer at
the end. docs/doctor-report.md explains each section.

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

    stream.write(render(sm.build_summary(job, config=load_config())))


def render(r: sm.Report) -> bytes:
    """The report as PDF bytes: page 1 in the clinician's order, then the details; the
    lists that can be long (other notable episodes, other notes) take the room left on
    the last page."""
    from . import sections
    from .chart import weekly_chart
    from .document import SummaryDoc

    pdf = SummaryDoc(r)
    pdf.add_page()
    sections.title(pdf, r)
    sections.red_flag_line(pdf, r)
    sections.key_figures(pdf, r)
    sections.findings(pdf, r)
    sections.evidence(pdf, r)
    weekly_chart(pdf, r)
    if r.tracked_days:  # an empty period has no bands, weeks or sites to show
        sections.bands_and_hours(pdf, r)
        sections.weekly_table(pdf, r)
        sections.sites_and_context(pdf, r)
        sections.patterns(pdf, r)
    sections.visits_and_changes(pdf, r)
    reserve = sections.questions_height(pdf, r) + sections.disclaimer_height(pdf) + 3
    sections.notable(pdf, r, reserve)
    sections.other_notes(pdf, r, reserve)
    sections.questions(pdf, r)
    sections.disclaimer(pdf)
    return bytes(pdf.output())
