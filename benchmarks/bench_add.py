"""How long `spasmlog add` and `spasmlog checkin --none` take as whole processes, against a
floor measured in the same run (budget: ≤ 1.5x each).

Floor: a Python process that inserts one row with stdlib sqlite3 into a WAL file (what any
Python diary must at least pay). Prints medians and the ratio. Usage:

    python benchmarks/bench_add.py [--runs N] [--quick]
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
    opts = ap.parse_args()
    runs = 5 if opts.quick else opts.runs
    spasmlog = shutil.which("spasmlog", path=str(Path(sys.executable).parent)) or shutil.which(
        "spasmlog"
    )
    add_cmd = [spasmlog] if spasmlog else [sys.executable, "-m", "spasmlog"]
    with tempfile.TemporaryDirectory() as tmp:
        db, floor_db = Path(tmp) / "diary.db", Path(tmp) / "floor.db"
        env = dict(os.environ, SPASMLOG_DB=str(db))
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "sqlite3 one-row insert (floor)": [sys.executable, "-c", FLOOR, str(floor_db)],
            "spasmlog add": add_cmd
            + ["add", "calf", "--pain", "6", "--duration", "1m", "--side", "left"],
            # The same diary day each time: after the first, a check-in that changes nothing.
            "spasmlog checkin --none": add_cmd + ["checkin", "2026-01-05", "--none"],
        }
        for cmd in cases.values():  # warm the file cache and create both files
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
