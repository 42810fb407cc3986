"""Nothing acknowledged is ever lost: kills at random moments, many writers at once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from common import NOW, make_episode

from spasmlog.storage import open_store, repo


def _env(db):
    env = dict(os.environ)
    env["SPASMLOG_DB"] = str(db)
    env["SPASMLOG_NOW"] = NOW.isoformat()
    return env


def _add_cmd(note):
    return [
        sys.executable,
        "-m",
        "spasmlog",
        "add",
        "calf",
        "--pain",
        "5",
        "--duration",
        "1m",
        "--note",
        note,
    ]


def _stored_notes(db):
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(conn.execute("SELECT id, notes FROM episode").fetchall())
    finally:
        conn.close()


def test_sigkill_at_random_moments_never_loses_an_acknowledged_episode(db_path):
    rng = random.Random(20261125)
    env = _env(db_path)
    # The diary exists first, so kills land in every phase of an add, not only creation.
    started = time.monotonic()
    subprocess.run(_add_cmd("seed"), env=env, check=True, capture_output=True)
    # Kill within about one add's time, as this machine runs it now (a loaded machine is
    # slower), and widen or narrow the window by what the last batch saw, so kills land on
    # both sides of the acknowledgement whatever the load.
    window = max(0.05, time.monotonic() - started)
    acknowledged: dict[int, str] = {}
    killed_before_ack = 0
    for batch in range(12):
        acked_before, killed_before = len(acknowledged), killed_before_ack
        procs = []
        for k in range(4):
            note = f"run {batch}-{k}"
            procs.append(
                (
                    note,
                    subprocess.Popen(
                        _add_cmd(note), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
                    ),
                )
            )
        time.sleep(rng.uniform(0.0, window))
        for _note, p in procs:
            time.sleep(rng.uniform(0.0, 0.01))
            p.send_signal(signal.SIGKILL)
        for note, p in procs:
            out, _ = p.communicate()
            text = out.decode().strip()
            if text.isdigit():  # the id was printed: the episode was acknowledged
                acknowledged[int(text)] = note
            else:
                killed_before_ack += 1
        if len(acknowledged) == acked_before:
            window *= 1.5  # every add was killed early: give them longer
        elif killed_before_ack == killed_before:
            window *= 0.7  # every add finished: kill sooner
    stored = _stored_notes(db_path)
    for eid, note in acknowledged.items():
        assert stored.get(eid) == note, f"acknowledged episode {eid} ({note}) was lost"
    # The kills really did land on both sides of the acknowledgement.
    assert acknowledged and killed_before_ack
    # And the diary is still usable afterwards.
    done = subprocess.run(_add_cmd("after"), env=env, capture_output=True, text=True)
    assert done.returncode == 0 and int(done.stdout) > max(acknowledged)


def test_many_processes_adding_at_once_while_the_app_holds_the_file_open(db_path):
    env = _env(db_path)
    subprocess.run(_add_cmd("first"), env=env, check=True, capture_output=True)
    app_store = open_store(db_path)  # like the TUI: a connection open the whole time
    try:
        app_store.conn.execute("BEGIN")  # ... with a read snapshot open
        app_store.conn.execute("SELECT count(*) FROM episode").fetchone()
        procs = [
            subprocess.Popen(
                _add_cmd(f"p{i}"),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(10)
        ]
        # The app writes too, in the middle of it, holding its write lock for a moment.
        app_store.conn.execute("COMMIT")
        with app_store.write() as s:
            repo.add_episode(session=s, episode=make_episode(notes="from the app"))
            time.sleep(0.3)
        results = [p.communicate() + (p.returncode,) for p in procs]
    finally:
        app_store.close()
    assert all(code == 0 for _out, _err, code in results), [err for _o, err, c in results if c]
    ids = [int(out) for out, _err, _code in results]
    assert len(set(ids)) == 10
    stored = _stored_notes(db_path)
    assert {stored[i] for i in ids} == {f"p{i}" for i in range(10)}
    assert "from the app" in stored.values() and len(stored) == 12
