"""Markdown summary and JSON: every episode in range is counted (Hypothesis), none outside;
what a person typed shows literally."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from common import NOW, add, make_episode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import typed_text, valid_episodes

from spasmlog.export import export
from spasmlog.messages import DISCLAIMER
from spasmlog.storage import open_store, repo

offsets = st.integers(min_value=-12 * 2, max_value=14 * 2).map(
    lambda h: timezone(timedelta(minutes=30 * h))
)
episodes = valid_episodes(
    started_at=st.builds(
        lambda n, tz: n.replace(tzinfo=tz, microsecond=0),
        st.datetimes(min_value=datetime(2026, 6, 1), max_value=datetime(2026, 11, 24)),
        offsets,
    ),
    notes=st.none() | typed_text(max_size=40),
)
ranges = st.tuples(st.dates(date(2026, 5, 1), date(2026, 11, 25)), st.integers(0, 120)).map(
    lambda t: (t[0], min(t[0] + timedelta(days=t[1]), date(2026, 11, 25)))
)


def run_export(store, fmt, start, end) -> str:
    out = io.StringIO()
    export(store, fmt, start=start, end=end, today=NOW.date(), out_path=None, stdout=out)
    return out.getvalue()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diary=st.lists(episodes, max_size=15), rng=ranges)
def test_json_and_markdown_hold_every_episode_in_range(diary, rng):
    start, end = rng
    with tempfile.TemporaryDirectory() as tmp:
        s = open_store(Path(tmp) / "d.db", today=NOW.date())
        try:
            add(s, *diary) if diary else None
            with s.read() as session:
                stored = repo.list_episodes(session=session, newest_first=False)
            inside = [e for e in stored if start <= e.local_start.date() <= end]
            data = json.loads(run_export(s, "json", start, end))
            assert [e["id"] for e in data["episodes"]] == [e.id for e in inside]
            assert data["episodes"] == [e.to_dict() for e in inside]
            assert sum(
                w["count"]
                for w in data["weeks"]
                if start <= date.fromisoformat(w["start"])
                and date.fromisoformat(w["start"]) + timedelta(days=6) <= end
            ) <= len(inside)
            md = run_export(s, "md", start, end)
            assert f"Episodes: **{len(inside)}**" in md
            assert DISCLAIMER in md
        finally:
            s.close()


def test_markdown_summary_sections_and_flags(store):
    from spasmlog.analysis import evaluate_flags
    from spasmlog.sample import generate_diary, seed_store

    seed_store(store, generate_diary(end=NOW.date(), weeks=12, seed=7, utc_offset_min=60))
    md = run_export(store, "md", None, None)
    with store.read() as session:
        flags = evaluate_flags(session, as_of=NOW.date())
    assert md.startswith("# Muscle cramps and spasms: diary summary")
    assert "Period: 3 Sep 2026 – 25 Nov 2026 (12 weeks)" in md
    headings = [
        "**Red flags (last 28 days):**",
        "## Key figures",
        "## Findings (spasmlog's rules, as of 25 Nov 2026)",
        "## Week by week",
        "## Pain bands and time of day",
        "## Where, what came with it, and the context",
    ]
    places = [md.index(h) for h in headings]
    assert places == sorted(places)
    assert len(md.splitlines()) > 20
    assert sum(line.startswith("- ") and ": " in line for line in md.splitlines()) >= len(flags)
    assert "| W48 23–25 Nov | " in md
    assert md.rstrip().endswith(f"Self-reported diary data. {DISCLAIMER}")


def test_markdown_shows_what_a_person_typed_literally_without_escapes(store):
    add(
        store,
        make_episode(
            pain=9,
            notes="**bold** <script>x</script> [link](http://e.x) # head | pipe\nline 2 \x1b[2J",
        ),
        make_episode(started_at=NOW - timedelta(hours=2), pain=8, notes="woke me up (again)"),
    )
    md = run_export(store, "md", None, None)
    # inside a code span: every renderer shows it as typed, with no backslash before a special
    assert "` **bold** <script>x</script> [link](http://e.x) # head | pipe line 2 \\x1b[2J `" in md
    assert "woke me up (again)" in md and "\\(" not in md
    assert "\x1b" not in md


def test_rates_count_only_tracked_days_and_the_period_says_since_when(db_path):
    """A diary started 5 days before the end of a 12-week report: per week and days
    affected over those 5 days, never over 84 days as if the weeks before were cramp-free."""
    from datetime import datetime, timedelta, timezone

    from common import NOW, add, make_episode

    from spasmlog.export.job import ExportJob
    from spasmlog.export.summary import build_summary, coverage_line, key_figures
    from spasmlog.storage import open_store

    tz = timezone(timedelta(hours=1))
    with open_store(db_path, today=NOW.date()) as store:
        add(
            store,
            make_episode(started_at=datetime(2026, 11, 21, 3, 0, tzinfo=tz)),
            make_episode(started_at=datetime(2026, 11, 24, 3, 0, tzinfo=tz)),
        )
        job = ExportJob(
            store=store, start=NOW.date() - timedelta(days=83), end=NOW.date(), today=NOW.date()
        )
        s = build_summary(job)
    assert s.tracked_days == 5 and abs(s.per_week - 2 / (5 / 7)) < 1e-12
    assert dict(key_figures(s))["Days affected"] == "2 of 5"
    assert coverage_line(s) == "diary kept since 21 Nov 2026, 5 of 84 days in this period"


def test_weeks_before_the_diary_are_marked_in_the_markdown(db_path):
    from datetime import datetime, timedelta, timezone

    from common import NOW, add, make_episode

    from spasmlog.storage import open_store

    with open_store(db_path, today=NOW.date()) as store:
        add(
            store,
            make_episode(
                started_at=datetime(2026, 11, 21, 3, 0, tzinfo=timezone(timedelta(hours=1)))
            ),
        )
    from spasmlog.cli import run

    buf, err = io.StringIO(), io.StringIO()
    code = run(["export", "--format", "md", "--db", str(db_path)], now=NOW, out=buf, err=err)
    assert code == 0, err.getvalue()
    out = buf.getvalue()
    rows = [line for line in out.splitlines() if line.startswith("| W") and line[3].isdigit()]
    assert len(rows) >= 12 and rows[-2].startswith("| W47") and rows[-1].startswith("| W48")
    assert all("before the diary" in r for r in rows[:-2])
    assert "before the diary" not in rows[-2] and "before the diary" not in rows[-1]
    assert "diary kept since 21 Nov 2026, 5 of 84 days" in out


def _pdf_text(store) -> str:
    from pypdf import PdfReader

    out = io.BytesIO()
    from spasmlog.export import pdf
    from spasmlog.export.job import ExportJob

    job = ExportJob(store=store, start=date(2026, 9, 3), end=NOW.date(), today=NOW.date())
    pdf.write(job, out)
    return "\n".join(page.extract_text() for page in PdfReader(out).pages)


def test_the_summary_follows_the_configured_thresholds(store, tmp_path, monkeypatch):
    """prolonged_s = 300 and severe_pain = 6: the flags and the report read the same numbers."""
    add(store, make_episode(duration_s=400, pain=6, started_at=NOW - timedelta(days=2)))
    start, end = date(2026, 9, 3), NOW.date()

    default_md = run_export(store, "md", start, end)
    assert "Other notable episodes" not in default_md
    assert "cramp over 10 min: absent" in default_md

    config = tmp_path / "config.toml"
    config.write_text("[thresholds]\nprolonged_s = 300\nsevere_pain = 6\n")
    monkeypatch.setenv("SPASMLOG_CONFIG", str(config))
    md = run_export(store, "md", start, end)
    assert "cramp over 5 min: PRESENT 23 Nov" in md  # the flag, from the same Thresholds
    assert "[over 5 min]" in md and "6 min 40 s" in md
    pdf_text = " ".join(_pdf_text(store).split())
    assert "cramp over 5 min: PRESENT 23 Nov" in pdf_text
    assert "Cramp over 5 min: 1 episode in 28 days" in pdf_text
