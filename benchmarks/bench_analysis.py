"""How `spasmlog flags`, `spasmlog trends --weeks 52` and `spasmlog patterns` scale with
the diary's size.

Runs the commands as whole processes on a 100,000-episode diary (twenty years of heavy
logging) with 3 years of daily check-ins, and on an empty diary, in the same run,
alternating, and prints the median wall time of the set and of each command, their ratios
(budget: ≤ 1.5 each: `flags` reads a 195-day window and looks back up to 90 days for each
finding's `since`) and the children's peak memory (budget: < 150 MiB, max RSS per child
from wait4). ``--quick`` uses a smaller diary and fewer runs,
for a smoke test. Exit status 1 if a budget is broken.

    python benchmarks/bench_analysis.py [--quick] [--episodes N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from installed_like import cached_bytecode_env

END = date(2026, 11, 25)
COMMANDS = (["flags"], ["trends", "--weeks", "52"], ["patterns"])
CHECKIN_DAYS = 3 * 365
RATIO_BUDGET = 1.5
MEMORY_BUDGET_MIB = 150


def build_diary(path: Path, n: int) -> float:
    """A diary of ``n`` generated episodes, bulk-inserted in one transaction; returns seconds."""
    import random
    from datetime import timedelta

    from spasmlog.domain import new_uid
    from spasmlog.sample import generate_many
    from spasmlog.storage import open_store
    from spasmlog.storage.repo import episode_to_row

    started = time.perf_counter()
    store = open_store(path, today=END)
    if n:
        episodes = generate_many(n, end=END)
        stamp = "2026-11-25T12:00:00Z"
        rows = [
            {"uid": new_uid()} | episode_to_row(e) | {"created_at": stamp, "updated_at": stamp}
            for e in episodes
        ]
        cols = list(rows[0])
        sql = f"INSERT INTO episode ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        with store.write() as session:
            session.conn.executemany(sql, (tuple(r[c] for c in cols) for r in rows))
            rng = random.Random(5)
            tags = ("long-walk", "stretched", "hot", "new-shoes", "gym")
            session.conn.executemany(
                "INSERT INTO checkin (day, complete, hydration, exertion, sleep_disturbed, tags,"
                " created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        (END - timedelta(days=k)).isoformat(),
                        rng.choice(("low", "normal", "high", None)),
                        rng.choice(("rest", "light", "moderate", "vigorous", None)),
                        rng.choice((True, False, None)),
                        ";".join(sorted(rng.sample(tags, rng.randint(0, 3)))),
                        stamp,
                        stamp,
                    )
                    for k in range(1, CHECKIN_DAYS + 1)
                ),
            )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return time.perf_counter() - started


def build_diary_in_child(path: Path, n: int) -> float:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import bench_analysis as b; "
        "print(b.build_diary(b.Path(sys.argv[2]), int(sys.argv[3])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), str(path), str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout)


def run_child(argv: list[str], env: dict) -> tuple[float, float]:
    """Run one command; returns (seconds, max RSS in MiB) of that child alone."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err}")
    rss_kib = usage.ru_maxrss  # kilobytes on Linux
    return elapsed, rss_kib / 1024


def run_pair(db: Path, env: dict, each: dict | None = None) -> tuple[float, float]:
    """Every command on ``db``: (total seconds, highest peak MiB); ``each`` collects the
    seconds per command."""
    total, peak = 0.0, 0.0
    for command in COMMANDS:
        seconds, mib = run_child([sys.executable, "-m", "spasmlog", *command, "--db", str(db)], env)
        total += seconds
        peak = max(peak, mib)
        if each is not None:
            each.setdefault(command[0], []).append(seconds)
    return total, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 episodes, 3 runs")
    parser.add_argument("--episodes", type=int, default=None)
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    n = args.episodes if args.episodes is not None else (10_000 if args.quick else 100_000)
    runs = args.runs or (3 if args.quick else 7)

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        empty, big = folder / "empty.db", folder / "big.db"
        # Built in a child process: a forked child's max RSS starts from its parent's, so
        # the 100,000 generated episodes must never sit in this process.
        build_diary_in_child(empty, 0)
        build_seconds = build_diary_in_child(big, n)
        env = dict(os.environ)
        env.update(
            SPASMLOG_NOW=f"{END.isoformat()}T21:00:00+00:00",
            SPASMLOG_CONFIG=str(folder / "no-config.toml"),
        )
        env.pop("SPASMLOG_DB", None)
        # Time what a user runs: with compiled byte code, not recompiling every module.
        env = cached_bytecode_env(env, folder)
        run_pair(empty, env), run_pair(big, env)  # warm the file cache and bytecode
        times: dict[str, list[float]] = {"empty": [], "big": []}
        peaks = {"empty": 0.0, "big": 0.0}
        each: dict[str, dict[str, list[float]]] = {"empty": {}, "big": {}}
        for _ in range(runs):
            for name, db in (("empty", empty), ("big", big)):
                seconds, mib = run_pair(db, env, each[name])
                times[name].append(seconds)
                peaks[name] = max(peaks[name], mib)
        size_mib = big.stat().st_size / 2**20

    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["big"] / med["empty"]
    print(
        f"diary: {n:,} episodes, {CHECKIN_DAYS if n else 0} check-ins "
        f"({size_mib:.1f} MiB, built in {build_seconds:.1f} s); "
        f"commands: {' + '.join('spasmlog ' + ' '.join(c) for c in COMMANDS)}; {runs} runs each"
    )
    print(
        f"median wall time, empty diary: {med['empty'] * 1000:7.1f} ms "
        f"(min {min(times['empty']) * 1000:.1f}, max {max(times['empty']) * 1000:.1f})"
    )
    print(
        f"median wall time, big diary:   {med['big'] * 1000:7.1f} ms "
        f"(min {min(times['big']) * 1000:.1f}, max {max(times['big']) * 1000:.1f})"
    )
    print(
        f"ratio big/empty: {ratio:.2f}  (budget ≤ {RATIO_BUDGET})  "
        f"{'ok' if ratio <= RATIO_BUDGET else 'OVER BUDGET'}"
    )
    worst = ratio
    for command in COMMANDS:
        name = command[0]
        e, b = statistics.median(each["empty"][name]), statistics.median(each["big"][name])
        worst = max(worst, b / e)
        print(
            f"  spasmlog {name:9s} empty {e * 1000:7.1f} ms, big {b * 1000:7.1f} ms: {b / e:.2f}x"
        )
    print(
        f"peak memory per command: empty {peaks['empty']:.1f} MiB, big {peaks['big']:.1f} MiB  "
        f"(budget < {MEMORY_BUDGET_MIB} MiB)  "
        f"{'ok' if peaks['big'] < MEMORY_BUDGET_MIB else 'OVER BUDGET'}"
    )
    return 0 if worst <= RATIO_BUDGET and peaks["big"] < MEMORY_BUDGET_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
