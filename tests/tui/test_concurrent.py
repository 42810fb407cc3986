"""The app open on the diary while other processes add episodes: everyone's episode is kept."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from common import NOW
from tuihelp import drive, frozen_clock, press, rows

from spasmlog.tui.app import make_app


def test_cli_adds_while_the_app_is_open_and_logging(empty_db):
    env = dict(os.environ, SPASMLOG_DB=str(empty_db), SPASMLOG_NOW=NOW.isoformat())
    cmd = [sys.executable, "-m", "spasmlog", "add", "foot", "--pain", "3", "--duration", "20"]

    async def scenario(pilot):
        procs = [
            await asyncio.create_subprocess_exec(
                *cmd, "--note", f"cli {i}", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for i in range(8)
        ]
        # Meanwhile the person logs one in the app, pressing real keys.
        await press(pilot, *"calf", "enter", "l", "6", "1", "ctrl+s")
        outputs = [await p.communicate() for p in procs]  # communicate() waits for the exit
        return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]

    results = drive(make_app(empty_db, clock=frozen_clock), scenario)
    assert all(code == 0 for code, _out, _err in results), [err for c, _o, err in results if c]
    cli_ids = sorted(int(out) for _code, out, _err in results)
    stored = rows(empty_db, "SELECT id, muscle_group, notes FROM episode ORDER BY id")
    assert len(stored) == 9 and len(set(cli_ids)) == 8
    assert {r[2] for r in stored if r[1] == "foot"} == {f"cli {i}" for i in range(8)}
    assert [r[1] for r in stored].count("calf") == 1
    assert rows(empty_db, "PRAGMA integrity_check") == [("ok",)]
