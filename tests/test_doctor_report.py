"""The doctor report on the five diaries of tests/reports.py (PDF read back with pypdf), the
Markdown's budget, the demo's stamp, and the report model on hand-made inputs."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date, timedelta

import pytest
import reports
from common import NOW, add, make_episode

from spasmlog import text as t
from spasmlog.cli import run
from spasmlog.config import Thresholds
from spasmlog.export import summary as sm
from spasmlog.messages import DISCLAIMER, SAMPLE_STAMP
from spasmlog.storage import open_store


def export(db_path, tmp_path, fmt="pdf", *argv, name="summary") -> tuple[str, list[str]]:
    """Export and read back: (all text, whitespace-normalised, and the text of each page);
    for a text format, (the text, [])."""
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / f"{name}.{fmt}"
    args = ["--db", str(db_path), "export", "--format", fmt, "-o", str(target), *argv]
    code = run(args, now=NOW, out=out, err=err)
    assert code == 0, err.getvalue()
    if fmt != "pdf":
        return target.read_text(encoding="utf-8"), []
    from pypdf import PdfReader

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(target).pages]
    return " ".join(pages), pages


@pytest.fixture(params=list(reports.DIARIES))
def diary(request, store):
    reports.fill(store, request.param)
    return request.param


def test_worrying_page_one_holds_the_weakness_episode_in_full(db_path, tmp_path, store):
    reports.fill(store, "worrying")
    _text, pages = export(db_path, tmp_path)
    first = pages[0]
    assert "Sun 22 Nov 2026 14:05" in first
    assert "left calf, pain 8/10, 13 min, with weakness, tingling" in first
    assert reports.WEAKNESS_NOTE in first
    assert "weakness or wasting: PRESENT 22 Nov" in first
    assert "cramp over 10 min: PRESENT 22 Nov" in first
    assert "Cramps with tingling: 10 episodes in 28 days" in first
    assert "Episodes per week and mean pain" in first
    # the episode comes before any other evidence episode: red flags first
    assert first.index(reports.WEAKNESS_NOTE) < first.index("Tue 24 Nov 2026")
    assert len(pages) <= 2


def test_red_flag_line_names_each_criterion_present_or_absent(db_path, tmp_path, store):
    reports.fill(store, "benign")
    _text, pages = export(db_path, tmp_path)
    line = pages[0][pages[0].index("Red flags (last 28 days):") :][:300]
    for label in (
        "weakness or wasting: absent",
        "cramp over 10 min: absent",
        "one swollen, red or discoloured leg: absent",
        "chest: absent",
    ):
        assert label in line


def test_the_red_flag_line_follows_the_configured_threshold(db_path, tmp_path, store, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[thresholds]\nprolonged_s = 900\n", encoding="utf-8")
    monkeypatch.setenv("SPASMLOG_CONFIG", str(config))
    reports.fill(store, "worrying")  # its longest cramp: 13 minutes
    _text, pages = export(db_path, tmp_path)
    assert "cramp over 15 min: absent" in pages[0]
    assert "weakness or wasting: PRESENT 22 Nov" in pages[0]
    md, _ = export(db_path, tmp_path, "md")
    assert "cramp over 15 min: absent" in md


def test_days_old_diary_says_since_when_and_marks_the_weeks_before(db_path, tmp_path, store):
    reports.fill(store, "days-old")
    text, pages = export(db_path, tmp_path)
    assert "diary kept since 22 Nov 2026, 4 of 84 days in this period" in pages[0]
    assert "3 Episodes" in pages[0] and "3 of 4 Days affected" in pages[0]
    assert text.count("before the diary") >= 10  # the chart and the weekly table
    md, _ = export(db_path, tmp_path, "md")
    assert "diary kept since 22 Nov 2026, 4 of 84 days in this period" in md
    assert "| W46 9–15 Nov | 0 | before the diary |" in md


def test_every_diary_fits_two_pages_and_twelve_kilobytes(db_path, tmp_path, diary):
    text, pages = export(db_path, tmp_path)
    assert 1 <= len(pages) <= 2, diary
    assert " ".join(DISCLAIMER.split()) in pages[-1]
    assert "\ufffd" not in text
    md, _ = export(db_path, tmp_path, "md")
    assert len(md.encode("utf-8")) <= 12 * 1024, diary
    assert md.rstrip().endswith(DISCLAIMER)
    assert "\\(" not in md and "\\*" not in md


def test_heavy_diary_caps_its_lists_with_counts(db_path, tmp_path, store):
    reports.fill(store, "heavy")
    text, pages = export(db_path, tmp_path)
    assert len(pages) == 2
    assert "1680 Episodes" in pages[0] and "84 of 84 Days affected" in pages[0]
    assert "more notable episodes in this period" in text
    assert "more sites" in text
    md, _ = export(db_path, tmp_path, "md")
    assert "more notable episode" in md


def test_evidence_episodes_are_never_cut_a_third_page_takes_them(db_path, tmp_path, store):
    """Thirty-two episodes with tingling in the last 28 days, each with its note: every one
    is printed in full, on a third page when two are not enough, and the rest still fits."""
    eps = [
        make_episode(
            started_at=NOW - timedelta(hours=20 * i + 1),
            symptoms=("tingling",),
            notes=f"note {i:02d} " + "pins and needles down the shin " * 6,
        )
        for i in range(32)
    ]
    add(store, *eps)
    text, pages = export(db_path, tmp_path)
    assert len(pages) == 3
    for i in range(32):
        assert f"note {i:02d} " + "pins and needles down the shin " * 5 in text
    assert " ".join(DISCLAIMER.split()) in pages[-1]


def test_key_figures_are_whole_in_their_boxes(db_path, tmp_path, store):
    add(
        store,
        make_episode(duration_s=86_399, pain=10),
        make_episode(started_at=NOW - timedelta(hours=5), duration_s=86_000, pain=9),
    )
    _text, pages = export(db_path, tmp_path)
    median = t.duration((86_399 + 86_000) / 2, long=True)
    assert f"{median} / 23 h 59 min Duration median / max" in pages[0]
    assert "9.5 / 10 Pain mean / max" in pages[0]


def test_characters_no_font_has_are_marked_and_the_report_says_so(db_path, tmp_path, store):
    add(store, make_episode(pain=9, notes="hieroglyph 𓀀𓀁 end"))
    _text, pages = export(db_path, tmp_path)
    assert "hieroglyph [?] end" in pages[1] if len(pages) > 1 else pages[0]
    assert "could not be printed" in pages[0]


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_japanese_and_korean_print_from_a_system_font_when_there_is_one(db_path, tmp_path, store):
    from spasmlog.export.pdf.document import choose_fallbacks

    note = "ふくらはぎがつった 종아리에 쥐가 났다"
    fonts, unprintable = choose_fallbacks({c for c in note if not c.isspace()})
    add(store, make_episode(pain=9, notes=note))
    text, pages = export(db_path, tmp_path)
    if not unprintable:
        assert fonts and note in text
        assert "could not be printed" not in text
    else:
        assert "[?]" in text and "could not be printed" in pages[0]


def test_demo_exports_are_stamped_and_kept_in_the_demo_folder(tmp_path, monkeypatch):
    from spasmlog.sample import make_demo_diary

    folder = tmp_path / "demo"
    folder.mkdir()
    path = make_demo_diary(folder, now=NOW)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out, err = io.StringIO(), io.StringIO()
    assert run(["--db", str(path), "export", "--format", "pdf"], now=NOW, out=out, err=err) == 0
    written = list(folder.glob("*.pdf"))
    assert len(written) == 1 and not list(elsewhere.iterdir())
    from pypdf import PdfReader

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(written[0]).pages]
    assert all(SAMPLE_STAMP in page for page in pages)
    for fmt in ("md", "json"):
        out = io.StringIO()
        assert run(["--db", str(path), "export", "--format", fmt], now=NOW, out=out) == 0
        head = out.getvalue()[:200]
        assert SAMPLE_STAMP in head, fmt
    assert json.loads(out.getvalue())["sample"] == SAMPLE_STAMP


def test_a_real_diary_is_not_stamped(db_path, tmp_path, store):
    reports.fill(store, "benign")
    text, _pages = export(db_path, tmp_path)
    md, _ = export(db_path, tmp_path, "md")
    assert SAMPLE_STAMP not in text and SAMPLE_STAMP not in md


# --- the model, on hand-made inputs -----------------------------------------------------


def _inputs(**kw) -> sm.ReportInput:
    end = NOW.date()
    base = dict(start=end - timedelta(days=83), end=end, generated=end, episodes=[], flags=[])
    base.update(kw)
    return sm.ReportInput(**base)


def test_change_rates_count_tracked_days_only_before_and_after():
    end = NOW.date()
    change = end - timedelta(days=20)
    counts = {change - timedelta(days=i): 1 for i in range(1, 11)}  # 10 in the 10 days before
    counts |= {change + timedelta(days=i): 2 for i in range(0, 21)}  # 42 in the 21 from it
    r = sm.build_report(
        _inputs(
            diary_start=change - timedelta(days=10),
            markers=[sm.MarkerItem("change", change, "new shoes")],
            daily_counts=counts,
        )
    )
    (c,) = r.changes
    assert (c.before_days, c.before_count, c.after_days, c.after_count) == (10, 10, 21, 42)
    assert c.before_rate == 7.0 and c.after_rate == 14.0
    assert sm.change_text(c) == (
        "7.0 a week over the 10 tracked days before; 14.0 a week over the 21 tracked days "
        "from it on"
    )


def test_weeks_before_the_diary_and_markers_land_in_their_week():
    visit = sm.MarkerItem("visit", date(2026, 11, 10), "GP: bloods taken")
    r = sm.build_report(
        _inputs(diary_start=date(2026, 11, 4), markers=[visit], last_visit=visit.day)
    )
    assert [w.before_diary for w in r.weeks].count(True) == 9
    week = next(w for w in r.weeks if w.week == "2026-W46")
    assert week.markers == (visit,) and week.tracked_days == 7
    assert r.tracked_days == 22 and r.visits == [visit]
    assert sm.coverage_line(r) == "diary kept since 4 Nov 2026, 22 of 84 days in this period"


def test_profile_lines_are_as_written_and_notable_most_serious_first():
    eps = [
        make_episode(started_at=NOW - timedelta(hours=1), pain=9),
        make_episode(started_at=NOW - timedelta(hours=30), pain=3, symptoms=("weakness",)),
        make_episode(started_at=NOW - timedelta(hours=2), pain=7, duration_s=700),
    ]
    eps = [e.with_changes() for e in eps]
    for i, e in enumerate(eps, 1):
        object.__setattr__(e, "id", i)
    r = sm.build_report(
        _inputs(
            episodes=sorted(eps, key=lambda e: e.started_at),
            profile=sm.ProfileItem(name="  Alex   Example ", birth_year=1961, medicines="none"),
        )
    )
    assert [n.episode.id for n in r.notable] == [2, 3, 1]
    assert sm.profile_lines(r) == [
        ("Name", "Alex Example"),
        ("Born", "1961 (about 65)"),
        ("Medicines", "none"),
    ]
    assert r.thresholds == Thresholds()


def test_markdown_puts_the_sample_stamp_first_and_person_text_in_code_spans():
    from spasmlog.export.markdown import person, render

    r = sm.build_report(_inputs(sample=True, profile=sm.ProfileItem(questions="why *me*?")))
    md = render(r)
    assert md.startswith(f"**{SAMPLE_STAMP}**")
    assert "`` why *me*? ``" not in md and "` why *me*? `" in md
    assert person("plain words, fine.") == "plain words, fine."
    assert person("tick `a` \x1b[2J") == "`` tick `a` \\x1b[2J ``"
    assert len(md.encode()) <= 12 * 1024


def test_the_demo_marker_only_marks_the_demo(tmp_path):
    from spasmlog.sample import is_demo_diary

    path = tmp_path / "spasmlog.db"
    s = open_store(path, today=NOW.date())
    s.close()
    assert not is_demo_diary(path) and not is_demo_diary(None)


def test_the_text_taken_as_printable_without_a_look_up_is_in_both_fonts():
    from spasmlog.export.pdf.document import SURELY_PRINTABLE, printable_codepoints

    assert {ord(c) for c in SURELY_PRINTABLE} <= printable_codepoints()


def test_visits_changes_profile_check_ins_and_patterns_come_from_the_diary(tmp_path):
    """The demo diary holds check-ins, a visit, a change marker and a real pattern."""
    from spasmlog.sample import make_demo_diary

    path = make_demo_diary(tmp_path, now=NOW)
    args = ["--db", str(path), "profile", "--birth-year", "1960", "--medicines", "none"]
    assert run([*args, "--questions", "Is it the walks?"], now=NOW) == 0
    text, pages = export(path, tmp_path)
    assert len(pages) <= 2
    assert "As reported by the patient: Born: 1960 (about 66) · Medicines: none" in pages[0]
    assert "Visit 21 Oct 2026: GP: bloods taken, results normal" in text
    assert "Change 30 Sep 2026: new running shoes" in text
    assert "a week over the 27 tracked days before" in text
    assert "tag long-walk: cramps came on" in text and "adjusted p" in text
    assert "Daily check-ins" in text and "Is it the walks?" in text
    md, _ = export(path, tmp_path, "md")
    assert "## Patterns from the daily check-ins" in md and "- Visit 21 Oct 2026" in md
    assert len(md.encode()) <= 12 * 1024


def test_findings_are_grouped_new_ongoing_discussed_in_a_clinicians_words():
    from types import SimpleNamespace

    from spasmlog.export.markdown import render

    end = NOW.date()

    def flag(rule, severity, status, since, **evidence):
        return SimpleNamespace(
            rule=rule,
            severity=severity,
            episode_ids=(),
            since=since,
            status=status,
            evidence=evidence,
        )

    flags = [
        flag("frequent", "see-doctor", "new", end - timedelta(days=2), episodes=9, days=6),
        flag(
            "self-care-fails", "see-doctor", "ongoing", date(2026, 10, 30), episodes=12, matching=5
        ),
        flag("nocturnal", "info", "discussed", date(2026, 9, 20), episodes=10, matching=8),
        flag(
            "escalating-frequency",
            "see-doctor",
            "ongoing",
            date(2026, 11, 2),
            R=12,
            B=8,
            k=0.25,
            phi=1.0,
            z=3.1,
        ),
    ]
    r = sm.build_report(_inputs(flags=flags, last_visit=date(2026, 10, 1)))
    assert [f.status for f in r.findings] == ["new", "ongoing", "discussed", "ongoing"]
    md = render(r)
    new, ongoing, discussed = (
        md.index("**New (in the last 7 days)**"),
        md.index("**Ongoing**"),
        md.index("**Discussed at the last visit (1 Oct)**"),
    )
    assert new < ongoing < discussed
    assert "9 episodes on 6 days in the last 14 days (threshold 4 on 2 days)." in md
    assert "Self-care did not help 5 of 12 episodes in 28 days. (since 30 Oct)" in md
    assert "8 of 10 episodes in 28 days at night (22:00–06:00)." in md
    assert (
        "Rising frequency: 12 episodes in the last 21 days (about 4.0 a week) against 8 in the "
        "84 days before (about 0.7 a week)." in md
    )
    words = md.split("## Findings")[1].split("---")[0].replace("For your information", "")
    assert " you" not in words  # the clinician's voice (the info label is the display one)
