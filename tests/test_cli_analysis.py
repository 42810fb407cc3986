"""`spasmlog trends` and `spasmlog flags` in-process: JSON shapes, exit codes, the disclaimer."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
from common import NOW, add, make_episode

from spasmlog.cli import run
from spasmlog.messages import DISCLAIMER
from spasmlog.storage import open_store

FLAG_KEYS = {
    "rule",
    "severity",
    "criterion",
    "title",
    "detail",
    "episode_ids",
    "since",
    "status",
    "evidence",
}
WEEK_KEYS = {
    "week",
    "start",
    "tracked_days",
    "checkins",
    "count",
    "days",
    "mean_pain",
    "max_pain",
    "median_duration_s",
    "total_duration_s",
    "by_muscle",
    "by_side",
    "low_hydration_share",
    "vigorous_share",
    "night_share",
}


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def busy_db(db_path):
    """A diary whose last two weeks fire several rules."""
    store = open_store(db_path, today=NOW.date())
    tz = timezone(timedelta(hours=1))
    eps = [
        make_episode(started_at=datetime(2026, 11, d, 3, 0, tzinfo=tz), pain=p)
        for d, p in ((12, 8), (15, 4), (15, 5), (20, 8), (24, 5))
    ]
    eps.append(
        make_episode(started_at=datetime(2026, 11, 27, 3, 0, tzinfo=tz), muscle_group="chest")
    )
    add(store, *eps)
    store.close()
    return db_path


@pytest.mark.parametrize("command, key", [("trends", "weeks"), ("flags", "flags")])
def test_missing_diary_gives_empty_lists_and_is_not_created(db_path, command, key):
    code, out, err = cli(command, "--db", str(db_path), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["as_of"] == "2026-11-25" and data[key] == []
    assert not db_path.exists()
    if command == "flags":
        assert data == {
            "as_of": "2026-11-25",
            "last_visit": None,
            "flags": [],
            "disclaimer": DISCLAIMER,
        }


def test_empty_diary_gives_empty_lists(store, db_path):
    assert json.loads(cli("trends", "--db", str(db_path), "--json")[1]) == {
        "as_of": "2026-11-25",
        "diary_start": None,
        "weeks": [],
    }
    assert json.loads(cli("flags", "--db", str(db_path), "--json")[1])["flags"] == []


def test_flags_json_shape(busy_db):
    code, out, _ = cli("flags", "--db", str(busy_db), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["as_of", "last_visit", "flags", "disclaimer"]
    assert data["disclaimer"] == DISCLAIMER and data["last_visit"] is None
    assert [f["rule"] for f in data["flags"]] == [
        "severe-pain",
        "frequent",
        "sleep-disturbed",  # nights 14, 19 and 23 November (03:00 the next day)
        "nocturnal",
    ]
    severe = data["flags"][0]
    assert severe["since"] == "2026-11-20" and severe["status"] == "new"
    assert severe["evidence"] == {"episodes": 2}
    for flag in data["flags"]:
        assert set(flag) == FLAG_KEYS
        assert isinstance(flag["episode_ids"], list) and all(
            isinstance(i, int) for i in flag["episode_ids"]
        )
    assert data["flags"][0]["episode_ids"] == [1, 4]


def test_flags_as_of_evaluates_as_if_today_were_that_date(busy_db):
    data = json.loads(cli("flags", "--db", str(busy_db), "--json", "--as-of", "2026-11-28")[1])
    assert data["as_of"] == "2026-11-28"
    assert data["flags"][0]["rule"] == "unusual-site"  # the chest episode on the 27th now counts
    data = json.loads(cli("flags", "--db", str(busy_db), "--json", "--as-of", "2026-11-12")[1])
    assert [f["rule"] for f in data["flags"]] == ["severe-pain-once"]


def test_flags_text_has_the_disclaimer_with_and_without_flags(busy_db):
    code, out, _ = cli("flags", "--db", str(busy_db))
    assert code == 0
    assert out.startswith("Flags as of 25 November 2026: 3 new, 4 in all\n")
    new, ongoing = out.index("\nNew\n"), out.index("\nOngoing\n")
    assert new < out.index("severely painful") < ongoing
    assert ongoing < out.index("Since 15 November 2026:") < out.index("came at night, between")
    assert "Discussed" not in out
    assert "Worth showing a doctor: 5 cramps came in the last 14 days" in out
    assert "For your information: " in out
    assert " ".join(DISCLAIMER.split()) in " ".join(out.split())
    code, out, _ = cli("flags", "--db", str(busy_db), "--as-of", "2026-01-01")
    assert code == 0 and "Nothing in your diary" in out
    assert " ".join(DISCLAIMER.split()) in " ".join(out.split())


def test_missing_diary_flags_text_has_the_disclaimer(db_path):
    code, out, _ = cli("flags", "--db", str(db_path))
    assert code == 0 and " ".join(DISCLAIMER.split()) in " ".join(out.split())


def test_trends_json_shape_and_weeks(busy_db):
    code, out, _ = cli("trends", "--db", str(busy_db), "--json", "--weeks", "3")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["as_of", "diary_start", "weeks"]
    assert [w["week"] for w in data["weeks"]] == ["2026-W46", "2026-W47", "2026-W48"]
    assert all(set(w) == WEEK_KEYS for w in data["weeks"])
    assert [w["count"] for w in data["weeks"]] == [
        3,
        1,
        1,
    ]  # 12, 15, 15 | 20 | 24; the 27th is after as-of
    assert len(json.loads(cli("trends", "--db", str(busy_db), "--json")[1])["weeks"]) == 12


def test_trends_text_table(busy_db):
    code, out, _ = cli("trends", "--db", str(busy_db), "--weeks", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "Weekly trends, 3 weeks to 25 November 2026, newest first; "
        "diary kept since 12 November 2026"
    )
    assert lines[3].startswith("2026-W48  2026-11-23      3/7     1    1")
    assert lines[5].startswith("2026-W46  2026-11-09      4/7     3    2")
    assert "calf 3" in lines[5]


def test_trends_text_shows_weeks_before_the_diary_as_such(busy_db):
    code, out, _ = cli("trends", "--db", str(busy_db), "--weeks", "5")
    lines = out.splitlines()
    assert lines[5].startswith("2026-W46  2026-11-09      4/7")
    assert lines[6] == "2026-W45  2026-11-02  before the diary"
    assert lines[7] == "2026-W44  2026-10-26  before the diary"


def test_trends_text_for_a_missing_diary(db_path):
    code, out, _ = cli("trends", "--db", str(db_path))
    assert code == 0 and "No episodes" in out


@pytest.mark.parametrize("weeks", ["0", "521", "abc", "1.5", "-3", "", " ", "١٢"])
def test_bad_weeks_is_exit_2(busy_db, weeks):
    code, out, err = cli("trends", "--db", str(busy_db), f"--weeks={weeks}")
    assert code == 2 and out == ""
    assert "--weeks" in err and "1 to 520" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("weeks", ["1", "520", " 12 "])
def test_weeks_bounds_are_accepted(busy_db, weeks):
    code, out, _ = cli("trends", "--db", str(busy_db), "--json", f"--weeks={weeks}")
    assert code == 0 and len(json.loads(out)["weeks"]) == int(weeks)


@pytest.mark.parametrize("command", ["trends", "flags"])
@pytest.mark.parametrize(
    "as_of",
    ["2026-13-01", "yesterday", "2026-11-25T10:00", "25/11/2026", "0001-01-01", "9999-12-31"],
)
def test_bad_as_of_is_exit_2(busy_db, command, as_of):
    code, out, err = cli(command, "--db", str(busy_db), "--as-of", as_of)
    assert code == 2 and out == ""
    assert "--as-of" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("as_of", ["1900-01-01", "9999-11-30"])
def test_extreme_as_of_dates_work(busy_db, as_of):
    for command in (["trends", "--weeks", "520"], ["flags"]):
        code, out, err = cli(*command, "--db", str(busy_db), "--json", "--as-of", as_of)
        assert code == 0, err
    assert json.loads(out)["as_of"] == as_of


def test_a_foreign_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database at all" * 10)
    for command in ("trends", "flags"):
        code, _, err = cli(command, "--db", str(path))
        assert code == 2 and "not a spasmlog database" in err
    assert path.read_bytes() == b"not a database at all" * 10


def test_the_analysis_path_never_imports_textual_rich_or_scipy(busy_db):
    code = f"""
import io, sys
from spasmlog.cli import run
for argv in (["flags"], ["trends", "--weeks", "52"], ["flags", "--json"]):
    assert run(argv + ["--db", {str(busy_db)!r}], out=io.StringIO()) == 0
import spasmlog.analysis, spasmlog.config
HEAVY = ("textual", "rich", "scipy", "sqlmodel", "sqlalchemy", "numpy")
heavy = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
print(heavy)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"SPASMLOG_NOW": NOW.isoformat(), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "[]"


def test_flags_text_groups_new_ongoing_and_discussed():
    """The grouping as `spasmlog flags` prints it, for a report with a visit (pure input)."""
    from spasmlog.analysis.flags import evaluate
    from spasmlog.analysis.records import Record
    from spasmlog.commands.analysis import render_flags

    as_of = date(2026, 11, 25)

    def rec(i, days_ago, **kw):
        base = dict(muscle_group="calf", side="left", duration_s=60, pain=4)
        return Record(id=i, day=as_of - timedelta(days=days_ago), hour=12, **(base | kw))

    records = [
        rec(1, 20, duration_s=700),  # prolonged, before the visit: discussed
        rec(2, 10, symptoms=frozenset({"numbness"})),  # after the visit, 10 days ago: ongoing
        rec(3, 1, symptoms=frozenset({"weakness"})),  # new
    ]
    report = evaluate(records, as_of, visits=[as_of - timedelta(days=15)])
    out = render_flags(report)
    assert out.startswith("Flags as of 25 November 2026: 1 new, 3 in all\n")
    new = out.index("\nNew\n")
    ongoing = out.index("\nOngoing\n")
    discussed = out.index("\nDiscussed at your visit on 10 November 2026\n")
    assert new < out.index("See a doctor promptly: You noted muscle weakness") < ongoing
    assert ongoing < out.index("Since 15 November 2026:") < discussed
    assert discussed < out.index("See a doctor promptly: A cramp lasted longer than 10 minutes")
    assert out.rstrip().endswith(DISCLAIMER.split()[-1])
