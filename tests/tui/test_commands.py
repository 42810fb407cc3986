"""`spasmlog` (bare) and `spasmlog demo`: the diary they open, refusals, clean-up."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
import time

import pytest
from common import NOW

from spasmlog.analysis import evaluate_flags, weekly_trends
from spasmlog.cli import run
from spasmlog.sample import make_demo_diary
from spasmlog.storage import open_store, repo

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def test_demo_diary_is_private_realistic_and_never_in_the_future(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir(mode=0o700)
    path = make_demo_diary(folder, now=NOW)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with open_store(path, create=False) as store, store.read() as session:
        episodes = repo.list_episodes(session=session)
        trends = weekly_trends(session, as_of=NOW.date(), weeks=12)
        flags = evaluate_flags(session, as_of=NOW.date())
    assert 20 <= len(episodes) <= 100
    assert all(e.started_at <= NOW for e in episodes)
    assert sum(e.muscle_group == "calf" for e in episodes) > len(episodes) / 2
    assert any("tingling" in e.symptoms for e in episodes)
    assert len(trends.weeks) == 12 and sum(w.count for w in trends.weeks) == len(episodes)
    assert {"associated-symptoms", "nocturnal"} <= {f.rule for f in flags}


def test_bare_spasmlog_refuses_a_foreign_file_before_opening_the_screen(tmp_path):
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"not a database at all" * 10)
    err = io.StringIO()
    assert run(["--db", str(foreign)], now=NOW, out=io.StringIO(), err=err) == 2
    assert "not a spasmlog database" in err.getvalue()
    assert foreign.read_bytes() == b"not a database at all" * 10


def _tmux(*args, socket):
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True)


def _wait(socket, session, text=None, *, line=None, timeout=90.0):
    """Poll the pane until ``text`` is on it (or a line reads exactly ``line``): the test waits
    on what the screen shows, however slow a loaded machine draws it; the timeout only ends a
    run that is stuck."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session, socket=socket).stdout
        if text is not None and text in screen:
            return screen
        if line is not None and line in (row.rstrip() for row in screen.splitlines()):
            return screen
        time.sleep(0.05)
    raise AssertionError(f"{text or line!r} never appeared:\n{screen}")


_SGR_BACKGROUND = re.compile(r"\x1b\[[0-9;]*?48;5;(\d+)[0-9;]*m")


def _row_background(screen: str, label: str) -> str | None:
    """The background colour the row labelled ``label`` is drawn on (from the pane's escapes)."""
    for row in screen.splitlines():
        at = row.find(f"{label} ")
        if at >= 0 and re.sub(r"\x1b\[[0-9;]*m", "", row).lstrip().startswith(label):
            found = _SGR_BACKGROUND.findall(row[:at])
            return found[-1] if found else None
    return None


def _wait_focus(socket, session, label, timeout=90.0):
    """Wait until the form row ``label`` has the focus: its background differs from the Notes
    row's (which these tests never focus), so the next key reaches that field."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-e", "-p", "-t", session, socket=socket).stdout
        focused = _row_background(screen, label)
        if focused is not None and focused != _row_background(screen, "Notes"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{label} never took the focus:\n{screen}")


@needs_tmux
def test_demo_opens_the_app_and_deletes_its_diary_on_quit(tmp_path):
    socket, session = f"spasmlog-test-{os.getpid()}", "demo"
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    done = tmp_path / "exit-status"
    command = (
        f"TMPDIR={tmpdir} SPASMLOG_NOW={NOW.isoformat()} {sys.executable} -m spasmlog demo; "
        f"echo $? > {done}; sleep 5"
    )
    _tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "32", command, socket=socket)
    try:
        _wait(socket, session, "episodes in this diary")
        _wait(socket, session, "demo diary")
        (folder,) = list(tmpdir.iterdir())
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / "demo.db").stat().st_mode) == 0o600
        _tmux("send-keys", "-t", session, "F5", socket=socket)
        _wait(socket, session, "spasmlog is a diary, not a diagnosis")
        _tmux("send-keys", "-t", session, "C-q", socket=socket)
        deadline = time.monotonic() + 90
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert done.read_text().strip() == "0"
        assert list(tmpdir.iterdir()) == []
    finally:
        _tmux("kill-server", socket=socket)


@needs_tmux
def test_bare_spasmlog_creates_the_diary_and_opens_on_log(tmp_path):
    socket, session = f"spasmlog-test-{os.getpid()}-bare", "bare"
    db = tmp_path / "new" / "diary.db"
    command = f"SPASMLOG_NOW={NOW.isoformat()} {sys.executable} -m spasmlog --db {db}; sleep 5"
    _tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command, socket=socket)
    try:
        _wait(socket, session, "a new diary")
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        # Each key once the screen shows the field it is for: no guess at how long drawing takes.
        _tmux("send-keys", "-t", session, "c", socket=socket)
        _wait(socket, session, line=" Muscle    calf")  # the suggestion is in: Enter takes it
        for key, next_field in [("Enter", "Side"), ("l", "Pain"), ("6", "Duration"), ("1", "When")]:
            _tmux("send-keys", "-t", session, key, socket=socket)
            _wait_focus(socket, session, next_field)
        _tmux("send-keys", "-t", session, "C-s", socket=socket)
        _wait(socket, session, "Saved episode #1")
    finally:
        _tmux("kill-server", socket=socket)
    with open_store(db, create=False) as store, store.read() as session_:
        (ep,) = repo.list_episodes(session=session_)
    assert (ep.muscle_group, ep.side, ep.pain, ep.duration_s) == ("calf", "left", 6, 60)
