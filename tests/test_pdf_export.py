"""The doctor summary PDF: content (read back with pypdf), at most 2 pages, any text prints."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from common import NOW, add, make_episode

from spasmlog import text as t
from spasmlog.cli import run
from spasmlog.messages import DISCLAIMER
from spasmlog.sample import generate_diary, generate_many, seed_store


def export_pdf(db_path, tmp_path, *argv) -> tuple[str, list[str]]:
    """Export and read back: (all text, whitespace-normalised, and the text of each page)."""
    from pypdf import PdfReader

    target = tmp_path / "summary.pdf"
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["--db", str(db_path), "export", "--format", "pdf", "-o", str(target), *argv],
        now=NOW,
        out=out,
        err=err,
    )
    assert code == 0, err.getvalue()
    reader = PdfReader(target)
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    for page in reader.pages:
        assert not page.images  # the chart is vector, not a picture
    return " ".join(pages), pages


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def sample(store):
    seed_store(store, generate_diary(end=NOW.date(), weeks=12, seed=7, utc_offset_min=60))
    return store


def test_summary_holds_findings_weekly_table_figures_and_disclaimer(db_path, tmp_path, sample):
    from spasmlog.analysis import evaluate_flags

    text, pages = export_pdf(db_path, tmp_path)
    assert 1 <= len(pages) <= 2
    with sample.read() as session:
        flags = evaluate_flags(session, as_of=NOW.date())
        from spasmlog.storage import repo

        in_range = repo.count_episodes(
            session=session, since=NOW.date() - timedelta(days=83), until=NOW.date()
        )
    assert flags, "the sample diary is meant to raise flags"
    for f in flags:  # each finding is there, under its clinician label
        assert t.severity_label(f.severity, clinician=True) in text
    assert " you " not in f" {pages[0].lower()} ".replace("what you logged", "")
    assert "Week by week" in text
    assert norm(DISCLAIMER) in text
    assert "Period: 3 Sep 2026 – 25 Nov 2026 (12 weeks)" in text
    assert f"{in_range} Episodes" in text
    assert "Episodes per week and mean pain" in pages[0]
    for i, page in enumerate(pages, 1):
        assert "Self-reported" in page
        assert f"Page {i} of {len(pages)}" in page


def test_heavy_twelve_weeks_stays_on_two_pages(db_path, tmp_path, store):
    heavy = generate_many(2500, end=NOW.date(), per_day=30)
    heavy[-1] = heavy[-1].with_changes(
        symptoms=("weakness", "swelling", "redness"),
        muscle_group="chest",
        duration_s=500,
        self_care="did-not-help",
        notes="long " * 390,
    )
    heavy = [e.with_changes(duration_s=min(e.duration_s, 600)) for e in heavy]
    seed_store(store, heavy)
    text, pages = export_pdf(db_path, tmp_path)
    assert len(pages) == 2
    assert re.search(r"and \d+ more notable episodes", text)
    assert "long long" in pages[0]  # the evidence episode's note, in full, on page 1
    assert norm(DISCLAIMER) in pages[-1]


NASTY = [
    "Ça fait mal — très; “quoted” ‘single’ – dash… ±½ °C",
    "emoji 😀👍🏽🦵 end ❤️ flag 🇫🇷",
    "line one\nline two\r\nline three\rline four\n\n\n\nafter blanks",
    "bell\x07 tab\there zero\u200bwidth rtl تشنج cjk 痙攣 math 𝔸",
    "x" * 2000,
    ("word " * 400)[:2000],
]


def test_any_text_a_person_types_prints_or_is_replaced_visibly(
    db_path, tmp_path, store, monkeypatch
):
    config = tmp_path / "config.toml"
    config.write_text('name = "Zoë Ñandú 😀"\n', encoding="utf-8")
    monkeypatch.setenv("SPASMLOG_CONFIG", str(config))
    add(
        store,
        *[
            make_episode(
                started_at=NOW - timedelta(hours=3 + i),
                pain=8,
                notes=note,
                symptoms=("tingling",) if i % 2 else (),
            )
            for i, note in enumerate(NASTY)
        ],
    )
    text, pages = export_pdf(db_path, tmp_path)
    assert len(pages) <= 2
    assert "Zoë Ñandú" in text
    assert "Ça fait mal — très; “quoted” ‘single’ – dash… ±½ °C" in text
    # DejaVu draws a few emoji (😀, ❤); a run of the others is one visible marker, unless a
    # font on this computer has them; either way the report says what it could not print
    assert "emoji 😀" in text and "\ufffd" not in text
    if "[?]" in text:
        assert "could not be printed" in pages[0]
    assert "line one / line two / line three / line four / after blanks" in text
    assert "bell\\x07 tab here" in text


def test_empty_diary_summary(db_path, tmp_path, store):
    text, pages = export_pdf(db_path, tmp_path)
    assert len(pages) == 1
    assert "0 Episodes" in text and "No rule fired" in text
    assert "no diary entries up to 25 Nov 2026" in text
    assert "Week by week" not in text and "Pain bands" not in text
    assert norm(DISCLAIMER) in text


def test_longer_range_keeps_two_pages_and_says_weeks_were_left_out(db_path, tmp_path, sample):
    text, pages = export_pdf(db_path, tmp_path, "--from", "2026-01-01")
    assert len(pages) <= 2
    assert "The chart and table show the last 16 weeks; the 32 earlier weeks" in text


def test_wrap_cuts_long_words_and_keeps_lines():
    from fpdf import FPDF

    from spasmlog.export.pdf import FONT, FONT_DIR, wrap

    pdf = FPDF()
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font(FONT, "", 8)
    lines = wrap(pdf, "short\n\n" + "y" * 500 + " tail", 50)
    assert lines[0] == "short" and lines[1] == ""
    assert all(pdf.get_string_width(line) <= 50 for line in lines)
    assert "".join(lines[2:]).replace(" ", "") == "y" * 500 + "tail"


def test_weeks_before_the_diary_are_marked_in_the_pdf(store, db_path, tmp_path):
    """A diary started 5 days ago: the chart and the table mark the weeks before it, and the
    rates count its 5 tracked days, not 84."""
    from datetime import datetime, timedelta, timezone

    from common import add, make_episode

    tz = timezone(timedelta(hours=1))
    add(store, make_episode(started_at=datetime(2026, 11, 21, 3, 0, tzinfo=tz)))
    text, _pages = export_pdf(db_path, tmp_path)
    assert "before the diary" in text
    assert "diary kept since 21 Nov 2026, 5 of 84 days in this period" in text
    assert "Days affected 1 of 5" in text or "1 of 5" in text
