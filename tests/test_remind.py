"""spasmlog remind: the nudge, and install/uninstall of the daily reminder against a
temporary HOME (files checked; no real scheduler is ever started)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from common import NOW

from spasmlog import reminders as r
from spasmlog.cli import run


@pytest.fixture(autouse=True)
def _no_scheduler(monkeypatch):
    monkeypatch.setenv("SPASMLOG_SCHEDULER", "off")


def cli(db, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = run([*argv, "--db", str(db)], now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_nudge_shows_only_when_yesterday_has_no_checkin(db_path):
    assert cli(db_path, "remind") == (0, "", "")  # no diary: nothing, and none is created
    assert not db_path.exists()
    assert cli(db_path, "add", "calf", "--pain", "3", "--duration", "1m")[0] == 0
    assert cli(db_path, "remind") == (0, r.NUDGE + "\n", "")
    assert cli(db_path, "remind", "--notify") == (0, r.NUDGE + "\n", "")
    assert cli(db_path, "checkin", "--none")[0] == 0
    assert cli(db_path, "remind") == (0, "", "")
    assert cli(db_path, "remind", "--notify") == (0, "", "")


def test_reminder_words_name_no_symptom():
    # The notification (it may show on a lock screen) not even the program's name; the
    # terminal nudge only as the command to type.
    for text in (r.NUDGE.replace("spasmlog", ""), r.NOTIFY_TEXT, r.NOTIFY_TITLE):
        low = text.lower()
        assert not any(w in low for w in ("cramp", "spasm", "pain", "muscle", "symptom"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux path via the CLI")
def test_install_writes_a_systemd_timer_and_service_idempotently_and_uninstall_removes_them(
    db_path, tmp_path
):
    folder = Path(tmp_path / "home" / "config" / "systemd" / "user")
    code, out, err = cli(db_path, "remind", "--install", "20:30")
    assert code == 0 and err == "" and "20:30" in out
    timer = (folder / "spasmlog-remind.timer").read_text()
    service = (folder / "spasmlog-remind.service").read_text()
    assert "OnCalendar=*-*-* 20:30:00" in timer and "WantedBy=timers.target" in timer
    assert "remind --notify --db" in service and str(db_path) in service
    assert (folder / "spasmlog-remind.timer").stat().st_mode & 0o777 == 0o600
    assert cli(db_path, "remind", "--install", "7:05")[0] == 0  # again: replaced, not added
    assert sorted(p.name for p in folder.iterdir()) == [
        "spasmlog-remind.service",
        "spasmlog-remind.timer",
    ]
    assert "OnCalendar=*-*-* 07:05:00" in (folder / "spasmlog-remind.timer").read_text()
    assert cli(db_path, "remind", "--uninstall")[0] == 0
    assert list(folder.iterdir()) == []
    assert cli(db_path, "remind", "--uninstall")[0] == 0  # nothing there: still fine


def test_launchd_and_task_scheduler_plans(tmp_path):
    home = tmp_path / "home"
    cmd = ["/usr/bin/python3", "-m", "spasmlog", "remind", "--notify", "--db", "/d/a b.db"]
    plan = r.install_plan("darwin", home=home, env={}, hour=8, minute=0, command=cmd)
    r.apply_plan(plan, run_commands=False)
    plist = home / "Library" / "LaunchAgents" / "org.spasmlog.remind.plist"
    text = plist.read_text()
    assert "<integer>8</integer>" in text and "<string>/d/a b.db</string>" in text
    assert [c[:2] for c in plan.commands] == [("launchctl", "unload"), ("launchctl", "load")]
    r.apply_plan(r.uninstall_plan("darwin", home=home, env={}), run_commands=False)
    assert not plist.exists()
    win = r.install_plan("win32", home=home, env={}, hour=21, minute=15, command=cmd)
    assert win.write == {} and win.commands[0][:2] == ("schtasks", "/Create")
    assert "21:15" in win.commands[0] and '"/d/a b.db"' in win.commands[0][-1]
    assert r.uninstall_plan("win32", home=home, env={}).commands[0][:2] == ("schtasks", "/Delete")


@pytest.mark.parametrize("when", ["25:00", "20:60", "8", "8pm", ""])
def test_a_bad_install_time_is_exit_2_and_writes_nothing(db_path, tmp_path, when):
    code, out, err = cli(db_path, "remind", f"--install={when}")
    assert code == 2 and out == "" and "HH:MM" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "home" / "config" / "systemd").exists()
