"""Import memory and speed: ``spasmlog import`` of a large CSV against plain CSV reading.

Budget (issue #8, item 15): importing 1,000,000 rows peaks below 100 MB of resident memory,
flat in the number of rows (the file is streamed twice: once to check, once to insert in
one transaction). The floor is a process that only reads the same file with the csv module;
both are whole processes, peak RSS from the operating system.

    python benchmarks/bench_import.py            # 1,000,000 rows
    python benchmarks/bench_import.py --rows 100000

Exit status 1 if the import's peak is over 100 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

NOW = "2026-11-25T10:00:00+01:00"
BUDGET_MB = 100.0
HEADER = (
    "id,started_at,muscle_group,side,duration_s,pain,hydration,exertion,symptoms,self_care,notes"
)
FLOOR = (
    "import csv, sys\n"
    "n = 0\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
    "    for row in csv.reader(f):\n"
    "        n += 1\n"
    "print(n)\n"
)


def write_csv(path: Path, rows: int) -> None:
    start = datetime(2026, 11, 25, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    muscles = ("calf", "foot", "hamstring", "toes", "quadriceps")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\r\n")
        for i in range(rows):
            at = (start - timedelta(minutes=7 * i)).isoformat()
            f.write(
                f"{i + 1},{at},{muscles[i % 5]},left,{30 + i % 300},{i % 11},low,rest,"
                f"tingling,helped,note number {i}\r\n"
            )


def measure(cmd: list[str], env: dict) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        raise SystemExit("peak RSS not measurable: run the floor and the import in separate runs")
    return elapsed, peak / 1024  # Linux reports KiB


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    env = dict(os.environ, SPASMLOG_NOW=NOW)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "big.csv"
        write_csv(csv_path, args.rows)
        size = csv_path.stat().st_size / 1e6
        # ru_maxrss of children is a maximum over all of them: the small floor goes first.
        floor_s, floor_mb = measure([sys.executable, "-c", FLOOR, str(csv_path)], env)
        db = folder / "diary.db"
        imp_s, imp_mb = measure(
            [sys.executable, "-m", "spasmlog", "import", str(csv_path), "--db", str(db)], env
        )
    print(f"rows: {args.rows:,} ({size:.0f} MB of CSV)")
    print(f"floor (csv.reader only): {floor_s:7.1f} s  peak {floor_mb:6.1f} MB")
    print(f"spasmlog import:         {imp_s:7.1f} s  peak {imp_mb:6.1f} MB")
    print(
        f"ratio: {imp_s / floor_s:.1f}x the floor's time, {imp_mb / floor_mb:.1f}x its memory; "
        f"budget {BUDGET_MB:.0f} MB peak"
    )
    return 0 if imp_mb < BUDGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
