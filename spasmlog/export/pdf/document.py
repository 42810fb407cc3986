"""The fpdf2 document: fonts (with fallbacks found on the system), running header and
footer, the sample stamp, and printable text.

Imported only when a PDF is made (fpdf2 costs ~0.4 s to import), and defined once.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

from ... import text as t
from ...messages import SAMPLE_STAMP
from .. import summary as sm
from .layout import (
    BOTTOM,
    FONT,
    FONT_DIR,
    GRAY_TEXT,
    LIST_NOTE_LIMIT,
    MARGIN,
    MAX_PAGES,
    OTHER_NOTE_LIMIT,
    PLACEHOLDER,
    TOP,
)

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Printable ASCII, Latin-1, Latin Extended-A and the common typographic punctuation: in
# both bundled fonts (a test checks it against their character maps).
SURELY_PRINTABLE = frozenset(
    chr(c)
    for c in (
        *range(0x20, 0x7F),
        *range(0xA0, 0x180),
        *range(0x2010, 0x2028),
        *range(0x2030, 0x203B),
        0x20AC,
    )
)
FALLBACK_FONTS = 6  # at most this many system fonts are added for characters DejaVu lacks
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


@cache
def printable_codepoints() -> frozenset[int]:
    """The characters both bundled fonts can draw (read once from their cmap tables)."""
    sets = [frozenset(TTFont(FONT_DIR / f, lazy=True).getBestCmap()) for f in FONT_FILES.values()]
    return frozenset.intersection(*sets)


@cache
def _font_cmap(path: str) -> frozenset[int]:
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
        return frozenset(font.getBestCmap() or ())
    except Exception:  # a font file fontTools cannot read is simply not used
        return frozenset()


def _fonts_covering(char: str) -> list[str]:
    """Font files on this system that cover ``char``, as fontconfig lists them (none when
    fontconfig is not installed)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        found = subprocess.run(
            [fc_list, "--format", "%{file}\n", f":charset={ord(char):x}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = [f for f in found.splitlines() if f.lower().endswith(_FONT_SUFFIXES)]
    # Prefer sans-serif faces of ordinary weight: they sit best beside DejaVu Sans.
    files.sort(key=lambda f: ("sans" not in f.lower(), "bold" in f.lower(), f))
    return files


def choose_fallbacks(chars: Iterable[str]) -> tuple[list[str], frozenset[str]]:
    """(font files to add, characters no font can draw) for ``chars`` outside DejaVu."""
    missing = sorted(set(chars))
    chosen: list[str] = []
    covered: set[int] = set()
    for c in missing:
        if ord(c) in covered or len(chosen) >= FALLBACK_FONTS:
            continue
        for path in _fonts_covering(c):
            cmap = _font_cmap(path)
            if ord(c) in cmap:
                chosen.append(path)
                covered |= cmap
                break
    unprintable = frozenset(c for c in missing if ord(c) not in covered)
    return chosen, unprintable


def person_text(r: sm.Report, *, note_limit: int, other_limit: int) -> Iterable[str]:
    """Every text the patient typed that the report may print (the lists' notes as far as
    they are printed)."""
    p = r.profile
    yield from (x for x in (p.name, p.conditions, p.medicines, p.questions) if x)
    for ev in r.evidence:
        yield ev.episode.notes or ""
    for n in r.notable:
        yield (n.episode.notes or "")[:note_limit]
    for text, _n, _day in r.other_notes:
        yield text[:other_limit]
    for m in r.visits:
        yield m.text or ""
    for c in r.changes:
        yield c.text


class SummaryDoc(FPDF):
    """An A4 page with the running header (name, range, sample stamp) and footer."""

    def __init__(self, r: sm.Report) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = r
        self.page_limit = MAX_PAGES  # a third page only for the evidence episodes
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, BOTTOM)
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        typed: set[str] = set()
        for text in person_text(r, note_limit=LIST_NOTE_LIMIT, other_limit=OTHER_NOTE_LIMIT):
            typed.update(text)
        # Latin text needs no look-up: reading the fonts' character maps costs a third of a
        # second, so it is done only for text beyond what DejaVu surely has.
        unusual = {c for c in typed if c not in SURELY_PRINTABLE and not c.isspace()}
        if unusual:
            allowed = printable_codepoints()
            outside = {c for c in unusual if ord(c) not in allowed and ord(c) >= 0x20}
        else:
            outside = set()
        files, self.unprintable = choose_fallbacks(outside) if outside else ([], frozenset())
        names = []
        for i, path in enumerate(files):
            name = f"fallback{i}"
            self.add_font(name, "", path)  # a .ttc: its first face
            names.append(name)
        if names:
            self.set_fallback_fonts(names, exact_match=False)
        self.fallback_files = [Path(f).name for f in files]
        self.set_title(f"Cramp and spasm diary summary {r.start} to {r.end}")
        self.set_author("spasmlog (self-reported diary)")
        self.set_creator("spasmlog")
        self.set_creation_date(_midday(r.generated))

    def header(self) -> None:
        r = self.report
        self.set_xy(MARGIN, 7)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(GRAY_TEXT)
        left = "spasmlog — muscle cramp and spasm diary"
        if r.profile.name:
            left += f" — {self.clean(' '.join(r.profile.name.split()))[:60]}"
        self.cell(self.epw / 2, 4, left)
        period = f"{t.day(r.start, year=True, short=True)} – {t.day(r.end, year=True, short=True)}"
        made = t.day(r.generated, year=True, short=True)
        self.cell(self.epw / 2, 4, f"Self-reported data · {period} · made {made}", align="R")
        self.set_draw_color(150)
        self.set_line_width(0.2)
        self.line(MARGIN, 12, self.w - MARGIN, 12)
        self.set_text_color(0)
        if r.sample:
            self.stamp()
        self.set_y(TOP)

    def stamp(self) -> None:
        """'SAMPLE DATA — not a real diary', boxed at the top of the page."""
        self.set_font(FONT, "B", 9)
        width = self.get_string_width(SAMPLE_STAMP) + 6
        x = (self.w - width) / 2
        self.set_fill_color(255)
        self.set_draw_color(0)
        self.set_line_width(0.5)
        self.set_xy(x, 2.2)
        self.cell(width, 4.6, SAMPLE_STAMP, border=1, align="C", fill=True)

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
        """Printable text: control characters made visible (``\\x1b``), a character no font
        here can draw replaced by the visible marker (the report says so)."""
        text = text.replace("\r\n", "\n").replace("\t", " ")
        text = t.visible(text, keep_newlines=True)
        if not self.unprintable:
            return text
        bad = self.unprintable
        out: list[str] = []
        for c in text:
            if c not in bad:
                out.append(c)
            elif not out or out[-1] is not PLACEHOLDER:
                out.append(PLACEHOLDER)  # a run of them is one marker
        return "".join(out)


def _midday(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
