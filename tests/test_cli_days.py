"""CLI contract for the records of days: checkin, visit, mark, markers, profile, undo, redo,
patterns. Bad values: one line on stderr, exit 2, nothing changed."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import sys

import pytest
from common import NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasmlog import domain as d
from spasmlog.cli import run
from spasmlog.errors import ValidationError

# NOW is Wednesday 25 November 2026, 10:00 (+01:00): yesterday's diary day is the 24th.


def cli(db, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = run([*argv, "--db", str(db)], now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def rows(db, sql):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def everything(db):
    if not db.exists():
        return None
    return [
        rows(db, f"SELECT * FROM {t} ORDER BY id")
        for t in ("episode", "checkin", "marker", "profile", "change")
    ]


def test_checkin_defaults_to_yesterdays_diary_day_and_a_second_one_edits_it(db_path):
    code, out, err = cli(db_path, "checkin", "--none")
    assert code == 0 and err == ""
    assert out == "checked in 2026-11-24 (yesterday and last night): complete — no cramps logged\n"
    code, out, _ = cli(
        db_path,
        "checkin",
        "--hydration",
        "LOW",
        "--tag",
        "Long walk",
        "--tag",
        "hot",
        "--sleep-disturbed",
        "no",
    )
    assert code == 0 and out.startswith("updated 2026-11-24")
    assert rows(
        db_path, "SELECT day, complete, hydration, exertion, sleep_disturbed, tags FROM checkin"
    ) == [("2026-11-24", 1, "low", None, 0, "hot;long-walk")]
    code, out, _ = cli(db_path, "checkin", "2026-11-20", "--incomplete", "--exertion", "vigorous")
    assert code == 0 and "not complete" in out
    assert len(rows(db_path, "SELECT * FROM checkin")) == 2


def test_checkin_before_six_in_the_morning_means_the_day_before_yesterday(db_path):
    out, err = io.StringIO(), io.StringIO()
    early = NOW.replace(hour=5)  # 05:00 on the 25th is still the diary day of the 24th
    assert run(["checkin", "--none", "--db", str(db_path)], now=early, out=out, err=err) == 0
    assert rows(db_path, "SELECT day FROM checkin") == [("2026-11-23",)]


def test_none_is_refused_when_cramps_are_logged_that_day(db_path):
    assert (
        cli(db_path, "add", "calf", "--pain", "4", "--duration", "1m", "--at", "yesterday 23:30")[0]
        == 0
    )
    before = everything(db_path)
    code, out, err = cli(db_path, "checkin", "--none")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "1 episode is logged for the diary day 2026-11-24" in err and "--complete" in err
    assert everything(db_path) == before
    code, out, _ = cli(db_path, "checkin", "--complete")
    assert code == 0 and "complete — 1 cramp logged" in out


@pytest.mark.parametrize(
    "argv, words",
    [
        (["checkin", "--hydration", "wet"], "unknown hydration"),
        (["checkin", "--exertion", "lots"], "unknown exertion"),
        (["checkin", "--sleep-disturbed", "maybe"], "use yes or no"),
        (["checkin", "--tag", "a!"], "invalid tag"),
        (["checkin", "--tag", "x" * 31], "invalid tag"),
        (["checkin", *sum((["--tag", f"t{i}"] for i in range(11)), [])], "at most 10"),
        (["checkin", "2026-11-26"], "has not begun yet"),
        (["checkin", "1899-12-31"], "1900"),
        (["checkin", "24/11/2026"], "invalid day"),
        (["checkin", "--none", "--incomplete"], "not both"),
        (["checkin", "--complete", "--incomplete"], "not allowed with"),
        (["visit", "2026-13-01"], "invalid date"),
        (["visit", "--note", "x" * 501], "at most 500"),
        (["visit", "2026-12-01"], "in the future"),
        (["mark", "2026-11-01", "   "], "needs some text"),
        (["mark", "2026-11-01", "y" * 201], "at most 200"),
        (["mark", "2026-11-01"], "required"),
        (["profile", "--birth-year", "1899"], "1900 to 2026"),
        (["profile", "--birth-year", "2027"], "1900 to 2026"),
        (["profile", "--birth-year", "１９６０"], "invalid birth year"),
        (["profile", "--questions", "?" * 1001], "at most 1,000"),
        (["patterns", "--as-of", "soon"], "invalid --as-of date"),
    ],
)
def test_bad_values_exit_2_with_one_line_and_change_nothing(db_path, argv, words):
    assert cli(db_path, "checkin", "--none")[0] == 0
    before = everything(db_path)
    code, out, err = cli(db_path, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err, err
    assert everything(db_path) == before


def test_visit_mark_and_markers(db_path):
    assert cli(db_path, "markers")[1].startswith("no markers yet")
    assert json.loads(cli(db_path, "markers", "--json")[1]) == []
    code, out, _ = cli(db_path, "visit", "--note", "GP\x1b[31m")
    assert code == 0 and out.startswith("recorded the doctor visit of 2026-11-25")
    assert cli(db_path, "mark", "2026-11-01", "new shoes")[0] == 0
    code, out, _ = cli(db_path, "markers")
    assert out == '2026-11-01  change  "new shoes"\n2026-11-25  doctor visit  "GP\\x1b[31m"\n'
    data = json.loads(cli(db_path, "markers", "--json")[1])
    assert [(m["kind"], m["day"], m["text"]) for m in data] == [
        ("change", "2026-11-01", "new shoes"),
        ("visit", "2026-11-25", "GP\x1b[31m"),
    ]


def test_profile_set_show_json_and_the_config_name_as_fallback(db_path, tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text('name = "Alex Example"\n', encoding="utf-8")
    monkeypatch.setenv("SPASMLOG_CONFIG", str(cfg))
    assert (
        cli(db_path, "profile")[1] == "name:                      Alex Example (from config.toml)\n"
    )
    assert cli(db_path, "profile", "--birth-year", "1960", "--questions", "Is it my shoes?")[0] == 0
    data = json.loads(cli(db_path, "profile", "--json")[1])
    assert data == {
        "name": "Alex Example",
        "birth_year": 1960,
        "conditions": None,
        "medicines": None,
        "questions": "Is it my shoes?",
    }
    assert cli(db_path, "profile", "--name", "Ada")[0] == 0
    assert json.loads(cli(db_path, "profile", "--json")[1])["name"] == "Ada"
    assert rows(db_path, "SELECT name, birth_year FROM profile") == [("Ada", 1960)]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_undo_asks_on_a_terminal_before_removing_an_added_record(db_path, monkeypatch):
    assert cli(db_path, "checkin", "--none")[0] == 0
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, _ = cli(db_path, "undo")
    assert code == 0 and out == (
        "Undo the last change (removed the check-in for 2026-11-24)? [y/N] nothing was undone\n"
    )
    assert len(rows(db_path, "SELECT * FROM checkin")) == 1
    monkeypatch.setattr(sys, "stdin", _Terminal("y\n"))
    code, out, _ = cli(db_path, "undo")
    assert code == 0 and "undid the last change: removed the check-in for 2026-11-24" in out
    assert rows(db_path, "SELECT * FROM checkin") == []
    # --yes skips the question.
    assert cli(db_path, "redo")[0] == 0
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    code, out, _ = cli(db_path, "undo", "--yes")
    assert code == 0 and out.startswith("undid the last change: removed the check-in")


def test_undo_without_a_terminal_goes_ahead_and_redo_brings_it_back(db_path):
    assert cli(db_path, "add", "calf", "--pain", "4", "--duration", "1m")[0] == 0
    code, out, _ = cli(db_path, "undo")  # pytest's stdin is not a terminal
    assert code == 0
    assert (
        out
        == "undid the last change: removed the added episode 1 — 'spasmlog redo' brings it back\n"
    )
    code, out, _ = cli(db_path, "redo")
    assert code == 0 and out == "redid the change undone last: added episode 1\n"
    assert rows(db_path, "SELECT id FROM episode") == [(1,)]
    assert cli(db_path, "redo")[1] == "nothing to redo: no undo since the last change\n"


def test_patterns_json_shape(db_path):
    for k in range(1, 31):
        day = f"2026-10-{k:02d}" if k <= 31 else None
        tag = ["--tag", "hot"] if k % 2 else []
        assert cli(db_path, "checkin", day, "--complete", *tag)[0] == 0
    code, out, _ = cli(db_path, "patterns", "--json")
    data = json.loads(out)
    assert code == 0 and list(data) == ["as_of", "days_checked", "factors"]
    assert data["as_of"] == "2026-11-25" and data["days_checked"] == 30
    [f] = data["factors"]
    assert list(f) == [
        "factor",
        "with_days",
        "with_cramp_days",
        "without_days",
        "without_cramp_days",
        "ratio",
        "p_adjusted",
        "pattern",
    ]
    assert (f["factor"], f["with_days"], f["without_days"], f["pattern"]) == (
        "tag:hot",
        15,
        15,
        False,
    )
    assert f["p_adjusted"] == 1.0
    code, out, _ = cli(db_path, "patterns")
    assert "tag hot: no clear difference yet" in out and "cause " not in out


def test_edit_help_does_not_claim_defaults_for_kept_values(capsys):
    with pytest.raises(SystemExit):
        run(["edit", "--help"])
    text = capsys.readouterr().out
    assert "--at WHEN" in text and "default now" not in text and "default none" not in text
    with pytest.raises(SystemExit):
        run(["add", "--help"])
    assert "(default now)" in capsys.readouterr().out


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=40))
def test_parse_tag_accepts_exactly_short_words_of_letters_digits_and_dashes(text):
    norm = re.sub(r"[\s_]+", "-", text.strip().lower()).strip("-")
    ok = 1 <= len(norm) <= 30 and all(c.isalpha() or c in "0123456789-" for c in norm)
    if ok:
        assert d.parse_tag(text) == norm
    else:
        with pytest.raises(ValidationError):
            d.parse_tag(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=8))
def test_parse_yes_no_and_birth_year_accept_only_their_values(text):
    word = text.strip().lower()
    if word in {"yes", "y", "true", "1", "no", "n", "false", "0"}:
        assert d.parse_yes_no(text) is (word in {"yes", "y", "true", "1"})
    else:
        with pytest.raises(ValidationError):
            d.parse_yes_no(text)
    s = text.strip()
    if s.isascii() and s.isdigit() and len(s) == 4 and 1900 <= int(s) <= 2026:
        assert d.parse_birth_year(text, 2026) == int(s)
    else:
        with pytest.raises(ValidationError):
            d.parse_birth_year(text, 2026)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tag=st.text(min_size=1, max_size=35).filter(lambda t: not t.startswith("-")))
def test_checkin_with_any_tag_either_saves_it_or_exits_2_changing_nothing(db_path, tag):
    before = everything(db_path)
    code, out, err = cli(db_path, "checkin", "2026-11-01", "--tag", tag)
    try:
        expected = d.parse_tag(tag)
    except ValidationError:
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
        assert everything(db_path) == before
    else:
        assert code == 0, err
        assert rows(db_path, "SELECT tags FROM checkin WHERE day = '2026-11-01'") == [(expected,)]


def test_read_only_commands_leave_the_file_byte_for_byte(db_path):
    assert cli(db_path, "checkin", "--none")[0] == 0
    assert cli(db_path, "visit")[0] == 0
    before = db_path.read_bytes()
    for argv in (["markers"], ["markers", "--json"], ["profile"], ["patterns"], ["remind"]):
        assert cli(db_path, *argv)[0] == 0
    assert db_path.read_bytes() == before
