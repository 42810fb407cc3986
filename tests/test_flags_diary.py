"""The flags read the diary's other records: visits, check-ins and the diary's start.

In-process `spasmlog.cli.run` on real SQLite files; visits and check-ins are recorded with
the commands a person types (`spasmlog visit`, `spasmlog checkin`).
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone

from common import NOW, add, make_episode

from spasmlog.analysis import evaluate_flags
from spasmlog.cli import run
from spasmlog.storage import open_store

TZ = timezone(timedelta(hours=1))  # NOW's offset: the local days are the calendar days here


def cli(db_path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([*argv, "--db", str(db_path)], now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def flags_json(db_path) -> dict:
    code, out, err = cli(db_path, "flags", "--json")
    assert code == 0, err
    return json.loads(out)


def by_rule(report: dict) -> dict[str, dict]:
    return {f["rule"]: f for f in report["flags"]}


def seed(db_path, *when: tuple[date, int] | tuple[date, int, int]) -> None:
    """Episodes at (day, hour[, pain]), local time at +01:00."""
    store = open_store(db_path, today=NOW.date())
    try:
        add(
            store,
            *(
                make_episode(
                    started_at=datetime(day.year, day.month, day.day, rest[0], 0, tzinfo=TZ),
                    pain=rest[1] if len(rest) > 1 else 3,
                )
                for day, *rest in when
            ),
        )
    finally:
        store.close()


def every(first: date, last: date, step: int, hour: int = 15) -> list[tuple[date, int]]:
    days, day = [], first
    while day <= last:
        days.append((day, hour))
        day += timedelta(days=step)
    return days


def test_a_visit_turns_an_ongoing_aggregate_flag_into_discussed(db_path):
    # An episode every third afternoon since September: `persistent` has held for months.
    seed(db_path, *every(date(2026, 9, 1), date(2026, 11, 24), 3))
    before = flags_json(db_path)
    assert before["last_visit"] is None
    persistent = by_rule(before)["persistent"]
    assert persistent["severity"] == "see-doctor"
    assert persistent["status"] == "ongoing"
    assert persistent["since"] < "2026-11-19"

    code, _, err = cli(db_path, "visit", "2026-11-20", "--note", "GP")
    assert code == 0, err
    after = flags_json(db_path)
    assert after["last_visit"] == "2026-11-20"
    assert by_rule(after)["persistent"]["status"] == "discussed"
    assert by_rule(after)["persistent"]["since"] == persistent["since"]

    code, out, _ = cli(db_path, "flags")
    assert code == 0
    flat = " ".join(out.split())
    title = by_rule(after)["persistent"]["title"]
    assert flat.index("Discussed at your visit on 20 November 2026") < flat.index(title)


def test_an_episode_after_the_visit_is_new_and_a_later_visit_discusses_it(db_path):
    seed(db_path, (date(2026, 10, 1), 15), (date(2026, 11, 24), 15, 8))
    assert cli(db_path, "visit", "2026-11-20")[0] == 0
    report = flags_json(db_path)
    assert report["last_visit"] == "2026-11-20"
    once = by_rule(report)["severe-pain-once"]
    assert once["since"] == "2026-11-24" and once["status"] == "new"

    assert cli(db_path, "visit", "2026-11-24")[0] == 0
    report = flags_json(db_path)
    assert report["last_visit"] == "2026-11-24"
    assert by_rule(report)["severe-pain-once"]["status"] == "discussed"


def test_a_visit_after_the_as_of_day_is_not_used(db_path):
    seed(db_path, (date(2026, 10, 1), 15), (date(2026, 11, 10), 15, 8))
    assert cli(db_path, "visit", "2026-11-20")[0] == 0
    code, out, _ = cli(db_path, "flags", "--json", "--as-of", "2026-11-15")
    report = json.loads(out)
    assert report["last_visit"] is None
    assert by_rule(report)["severe-pain-once"]["status"] == "new"


def test_three_checkins_with_disturbed_sleep_in_14_days_fire_sleep_disturbed(db_path):
    for day in ("2026-11-10", "2026-11-20", "2026-11-22"):  # the 10th is 16 days back
        code, _, err = cli(db_path, "checkin", day, "--sleep-disturbed", "yes")
        assert code == 0, err
    assert cli(db_path, "checkin", "2026-11-21", "--sleep-disturbed", "no")[0] == 0
    assert "sleep-disturbed" not in by_rule(flags_json(db_path))

    assert cli(db_path, "checkin", "2026-11-23", "--sleep-disturbed", "yes")[0] == 0
    flag = by_rule(flags_json(db_path))["sleep-disturbed"]
    assert flag["evidence"] == {"nights": 0, "checkins": 3}
    assert flag["episode_ids"] == [] and flag["severity"] == "see-doctor"
    assert "check-ins noted disturbed sleep on 3 nights" in flag["detail"]


def test_a_checkin_50_days_back_starts_the_diary_for_escalating_frequency(db_path):
    # One baseline episode on 20 October, then two a day from 5 November: without an
    # earlier record the baseline (20 October .. 4 November) is too short to compare.
    recent = every(date(2026, 11, 5), date(2026, 11, 24), 1, 9)
    recent += every(date(2026, 11, 5), date(2026, 11, 24), 1, 16)
    seed(db_path, (date(2026, 10, 20), 15), *recent)
    assert "escalating-frequency" not in by_rule(flags_json(db_path))

    start = NOW.date() - timedelta(days=50)
    code, _, err = cli(db_path, "checkin", start.isoformat(), "--none")
    assert code == 0, err
    flag = by_rule(flags_json(db_path))["escalating-frequency"]
    # Baseline days: 6 October (the check-in) .. 4 November = 30 days; k = 21 ÷ 30.
    assert flag["evidence"]["R"] == 40 and flag["evidence"]["B"] == 1
    assert flag["evidence"]["k"] == 0.7
    assert "from 6 October" in flag["detail"]


def test_every_face_reads_the_same_flags(db_path, tmp_path):
    seed(db_path, *every(date(2026, 9, 1), date(2026, 11, 24), 3))
    for day in ("2026-11-20", "2026-11-22", "2026-11-23"):
        assert cli(db_path, "checkin", day, "--sleep-disturbed", "yes")[0] == 0
    assert cli(db_path, "visit", "2026-11-21")[0] == 0
    report = flags_json(db_path)
    assert {"persistent", "sleep-disturbed"} <= set(by_rule(report))

    code, out, err = cli(db_path, "export", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["flags"] == report["flags"]

    store = open_store(db_path, today=NOW.date(), readonly=True)
    try:
        with store.read() as session:
            shown = evaluate_flags(session, as_of=NOW.date())  # what the TUI's Flags shows
    finally:
        store.close()
    assert [f.to_dict() for f in shown] == report["flags"]

    md = tmp_path / "summary.md"
    assert cli(db_path, "export", "--format", "md", "-o", str(md))[0] == 0
    text = md.read_text(encoding="utf-8")
    # The doctor summary words each flag for a clinician: one line per flag, under its status.
    findings = text.split("## Findings")[1].split("\n## ")[0]
    lines = [line for line in findings.splitlines() if line.startswith("- ")]
    assert len(lines) == len(report["flags"])
    groups = {"new": "**New (in the last 7 days)**", "ongoing": "**Ongoing**"}
    groups["discussed"] = "**Discussed at the last visit (21 Nov)**"
    for flag in report["flags"]:
        assert groups[flag["status"]] in findings
