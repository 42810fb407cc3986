"""How fast the app opens, as a person sees it, against a bare Textual app started the same way.

Each run starts the process in a fresh tmux session of a fixed size and polls
``tmux capture-pane -p`` every ~10 ms:

- first paint: the first screen's marker text appears (spasmlog: its top line; bare app:
  its Static);
- settled: the screen shows its data (spasmlog: "… episodes in this diary", read from the
  20,000-episode diary in a worker);
- RSS: VmHWM (peak resident memory) of the process from /proc/<pid>/status.

Then, in the same sessions, how long each other screen takes to show its data after its key.

    python benchmarks/bench_tui.py            # 20,000 episodes, 7 runs each
    python benchmarks/bench_tui.py --quick    # a smoke run: 2,000 episodes, 2 runs

Targets (issue #4): first paint ≤ 1.5× the bare app's, settled ≤ 3× the bare app's first
paint, peak RSS < 120 MiB. The exit status is 1 if a target is missed.

Both apps run with byte code cached, as on an installed system: the measured processes
write and read it under a temporary PYTHONPYCACHEPREFIX (filled by the warm-up runs, so
nothing is written into the source tree). Without that, an environment with
PYTHONDONTWRITEBYTECODE=1 and spasmlog installed editable compiles every spasmlog module
from source at each start (~25 ms) while Textual's byte code is already installed, which
charges the comparison with a cost no installed copy pays. ``--source-compile`` measures
that way (the caller's environment unchanged).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from installed_like import cached_bytecode_prefix

SOCKET = f"spasmlog-bench-{os.getpid()}"
WIDTH, HEIGHT = 100, 32
POLL_S = 0.01
TIMEOUT_S = 30.0

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static("BARE-APP-READY")
        yield Footer()


Bare().run()
"""


def tmux(*args: str, check: bool = True) -> str:
    out = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True)
    if check and out.returncode:
        raise RuntimeError(f"tmux {' '.join(args)} failed: {out.stderr.strip()}")
    return out.stdout


def capture(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session, check=False)


def wait_for(session: str, marker: str, start: float) -> float:
    while True:
        if marker in capture(session):
            return time.perf_counter() - start
        if time.perf_counter() - start > TIMEOUT_S:
            raise TimeoutError(
                f"{marker!r} did not appear within {TIMEOUT_S} s:\n{capture(session)}"
            )
        time.sleep(POLL_S)


def vm_hwm_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_once(
    name: str,
    command: list[str],
    paint_marker: str,
    data_marker: str,
    screens: list[tuple[str, str]] = (),
) -> dict:
    session = f"{name}-{time.monotonic_ns()}"
    shell = "exec " + " ".join(shlex.quote(c) for c in command)
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), shell)
    try:
        pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        paint = wait_for(session, paint_marker, start)
        settled = wait_for(session, data_marker, start)
        switches = {}
        for key, marker in screens:
            t0 = time.perf_counter()
            tmux("send-keys", "-t", session, key)
            switches[key] = wait_for(session, marker, t0)
        time.sleep(0.2)
        rss = vm_hwm_mib(pid)
    finally:
        tmux("kill-session", "-t", session, check=False)
    return {"paint": paint, "settled": settled, "rss": rss, **switches}


def make_diary(folder: Path, n: int) -> Path:
    from spasmlog.sample import generate_many, seed_store
    from spasmlog.storage.db import open_store

    path = folder / "bench.db"
    today = date.today()
    store = open_store(path, create=True, today=today)
    try:
        seed_store(store, generate_many(n, end=today - timedelta(days=1)))
    finally:
        store.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2,000 episodes, 2 runs")
    parser.add_argument("--runs", type=int, default=None, help="runs per app (default 7; quick 2)")
    parser.add_argument("--episodes", type=int, default=None, help="diary size (default 20,000)")
    parser.add_argument(
        "--source-compile",
        action="store_true",
        help="run with the caller's environment unchanged (no byte-code cache of our own)",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 7)
    n = args.episodes or (2_000 if args.quick else 20_000)
    if not shutil.which("tmux"):
        print("tmux is needed to measure what a person sees", file=sys.stderr)
        return 2

    folder = Path(tempfile.mkdtemp(prefix="spasmlog-bench-"))
    try:
        t0 = time.perf_counter()
        db = make_diary(folder, n)
        print(
            f"diary: {n:,} episodes ({time.perf_counter() - t0:.1f} s to build), "
            f"terminal {WIDTH}x{HEIGHT}, {runs} runs"
            + (
                ", modules compiled from source where the environment says so"
                if args.source_compile
                else ", byte code cached for both apps"
            )
        )
        bare_py = folder / "bare_app.py"
        bare_py.write_text(BARE_APP)
        env_python = sys.executable
        prefix = [] if args.source_compile else cached_bytecode_prefix(folder)
        bare = [*prefix, env_python, str(bare_py)]
        ours = [*prefix, env_python, "-m", "spasmlog", "--db", str(db)]
        screens = [("F3", "newest first"), ("F4", "episodes per week"), ("F5", "as of ")]

        # one idle session keeps the tmux server alive between runs
        tmux("new-session", "-d", "-s", "keeper", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 3600")
        # warm-up (tmux server, OS file cache, byte code of every screen), not counted
        run_once("warm", bare, "BARE-APP-READY", "BARE-APP-READY")
        run_once("warm", ours, "F2 Log", "episodes in this diary", screens)

        results: dict[str, list[dict]] = {"bare": [], "spasmlog": []}
        for _ in range(runs):  # interleaved, so drift hits both alike
            results["bare"].append(run_once("bare", bare, "BARE-APP-READY", "BARE-APP-READY"))
            results["spasmlog"].append(
                run_once("ours", ours, "F2 Log", "episodes in this diary", screens)
            )
    finally:
        tmux("kill-server", check=False)
        shutil.rmtree(folder, ignore_errors=True)

    def med(app: str, key: str) -> float:
        return statistics.median(r[key] for r in results[app])

    bare_paint = med("bare", "paint")
    paint, settled, rss = (
        med("spasmlog", "paint"),
        med("spasmlog", "settled"),
        max(r["rss"] for r in results["spasmlog"]),
    )
    print(
        f"bare Textual app   first paint {bare_paint * 1000:7.0f} ms   "
        f"peak RSS {med('bare', 'rss'):6.1f} MiB"
    )
    print(
        f"spasmlog           first paint {paint * 1000:7.0f} ms   "
        f"settled {settled * 1000:7.0f} ms   peak RSS {rss:6.1f} MiB"
    )
    for key, label in (("F3", "History"), ("F4", "Trends"), ("F5", "Flags")):
        print(f"  {label:8} data shown {med('spasmlog', key) * 1000:6.0f} ms after its key ({key})")
    checks = [
        (
            f"first paint ratio {paint / bare_paint:.2f}x (target <= 1.5x)",
            paint <= 1.5 * bare_paint,
        ),
        (
            f"settled ratio     {settled / bare_paint:.2f}x (target <= 3x)",
            settled <= 3 * bare_paint,
        ),
        (f"peak RSS          {rss:.1f} MiB (target < 120 MiB)", rss < 120),
    ]
    ok = True
    for text, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {text}")
        ok &= passed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
