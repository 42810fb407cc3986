"""How long `spasmlog add` and `spasmlog checkin --none` take as whole processes, against a
floor measured in the same run (budget: ≤ 1.5x each).

Floor: a Python process that inserts one row with stdlib sqlite3 into a WAL file (what any
Python diary must at least pay). spasmlog finds its diary as a person's start does, at the
default location (HOME is a temporary folder). Prints medians and the ratio. Usage:

    python benchmarks/bench_add.py [--runs N] [--quick] [--source-compile]

Every process runs with its byte code cached, as on an installed system (see
benchmarks/installed_like.py); ``--source-compile`` keeps the caller's environment instead
(as benchmarks/bench_tui.py does).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed_like import cached_bytecode_env

FLOOR = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=WAL")
c.execute(
    "CREATE TABLE IF NOT EXISTS t "
    "(id INTEGER PRIMARY KEY, started_at TEXT, muscle TEXT, pain INT, duration INT)"
)
c.execute("BEGIN IMMEDIATE")
cur = c.execute(
    "INSERT INTO t (started_at, muscle, pain, duration) "
    "VALUES ('2026-11-25T03:00:00Z', 'calf', 6, 60)"
)
c.execute("COMMIT")
print(cur.lastrowid)
"""


def timed(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--quick", action="store_true", help="5 runs, for a smoke test")
    ap.add_argument(
        "--source-compile",
        action="store_true",
        help="keep the caller's byte-code settings (no temporary byte-code cache)",
    )
    opts = ap.parse_args()
    runs = 5 if opts.quick else opts.runs
    spasmlog = shutil.which("spasmlog", path=str(Path(sys.executable).parent)) or shutil.which(
        "spasmlog"
    )
    add_cmd = [spasmlog] if spasmlog else [sys.executable, "-m", "spasmlog"]
    with tempfile.TemporaryDirectory() as tmp:
        floor_db = Path(tmp) / "floor.db"
        # The diary where a person's is: the default location under HOME, found the way a
        # start without --db or $SPASMLOG_DB finds it.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SPASMLOG_", "XDG_"))}
        env["HOME"] = str(Path(tmp) / "home")
        if not opts.source_compile:
            env = cached_bytecode_env(env, Path(tmp))
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "sqlite3 one-row insert (floor)": [sys.executable, "-c", FLOOR, str(floor_db)],
            "spasmlog add": add_cmd
            + ["add", "calf", "--pain", "6", "--duration", "1m", "--side", "left"],
            # The same diary day each time: after the first, a check-in that changes nothing.
            "spasmlog checkin --none": add_cmd + ["checkin", "2026-01-05", "--none"],
        }
        for _ in range(2):  # warm the file cache, create both files, write the byte code
            for cmd in cases.values():
                timed(cmd, env)
        results: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):  # interleaved, so drift hits every case alike
            for name, cmd in cases.items():
                results[name].append(timed(cmd, env))
    med = {name: statistics.median(v) for name, v in results.items()}
    print(f"whole-process medians over {runs} runs (interleaved):")
    for name, value in med.items():
        print(f"  {name:34s} {value * 1000:7.1f} ms")
    floor = med["sqlite3 one-row insert (floor)"]
    for name in ("spasmlog add", "spasmlog checkin --none"):
        print(f"{name} / sqlite3 floor: {med[name] / floor:.2f}x  (budget 1.5x)")
    print(f"spasmlog add vs jrnl's 130 ms (STYLE.md): {med['spasmlog add'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
