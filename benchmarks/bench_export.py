"""Export speed: the doctor summary PDF against the floor of any fpdf2 program, and the data
exports.

Budget (issue #5): exporting a 12-week summary of a 20,000-episode diary to PDF takes no more
than 2x a process that only imports fpdf2 and writes a one-page PDF, measured in the same run
(whole-process medians, runs interleaved so both see the same machine load). The data exports
(csv, json, fhir) stream: their peak memory stays far below holding the episodes as a list.

    python benchmarks/bench_export.py           # 20,000 episodes, 9 runs each
    python benchmarks/bench_export.py --quick   # smoke run: 2,000 episodes, 3 runs

Exit status 1 if the PDF ratio is over budget (full run only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from installed_like import cached_bytecode_env

NOW = "2026-11-25T10:00:00+01:00"
TODAY = date(2026, 11, 25)
BUDGET = 2.0

BASELINE = (
    "from fpdf import FPDF\n"
    "pdf = FPDF()\n"
    "pdf.add_page()\n"
    "pdf.set_font('helvetica', size=12)\n"
    "pdf.cell(text='one page')\n"
    "pdf.output({path!r})\n"
)


def build_diary(path: Path, n: int) -> None:
    from spasmlog.sample import generate_many, seed_store
    from spasmlog.storage import open_store

    store = open_store(path, today=TODAY)
    try:
        seed_store(store, generate_many(n, end=TODAY))
    finally:
        store.close()


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_pdf(db: Path, folder: Path, runs: int) -> tuple[float, float]:
    # Byte code cached for both processes, as on an installed system.
    env = cached_bytecode_env(dict(os.environ, SPASMLOG_NOW=NOW), folder)
    baseline_cmd = [sys.executable, "-c", BASELINE.format(path=str(folder / "baseline.pdf"))]
    export_cmd = [
        sys.executable,
        "-m",
        "spasmlog",
        "--db",
        str(db),
        "export",
        "--format",
        "pdf",
        "-o",
        str(folder / "summary.pdf"),
    ]
    timed(baseline_cmd, env)  # warm the file cache and the bytecode
    timed(export_cmd, env)
    base, export = [], []
    for _ in range(runs):
        base.append(timed(baseline_cmd, env))
        export.append(timed(export_cmd, env))
    return statistics.median(base), statistics.median(export)


def bench_data(db: Path) -> list[tuple[str, float, float]]:
    """(format, seconds, peak MiB) for each data export to /dev/null, in-process."""
    from spasmlog.export import export
    from spasmlog.storage import open_store

    store = open_store(db, create=False, today=TODAY)
    rows = []
    try:
        for label, fmt, bundle in (
            ("csv", "csv", "collection"),
            ("json", "json", "collection"),
            ("fhir", "fhir", "collection"),
            ("fhir --fhir-bundle transaction", "fhir", "transaction"),
        ):

            def run_it(fmt: str = fmt, bundle: str = bundle) -> None:
                with open(os.devnull, "w", encoding="utf-8") as sink:
                    export(
                        store,
                        fmt,
                        start=None,
                        end=None,
                        today=TODAY,
                        out_path=None,
                        stdout=sink,
                        fhir_bundle=bundle,
                    )

            start = time.perf_counter()
            run_it()
            seconds = time.perf_counter() - start
            tracemalloc.start()  # a second run for memory: tracing slows Python several-fold
            run_it()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            rows.append((label, seconds, peak / 2**20))
        from spasmlog.storage import repo

        tracemalloc.start()
        with store.read() as session:
            held = list(repo.iter_episodes(session=session))
        rows.append(
            (f"(list of {len(held):,} episodes)", 0.0, tracemalloc.get_traced_memory()[1] / 2**20)
        )
        tracemalloc.stop()
    finally:
        store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small diary, 3 runs")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    n = 2_000 if args.quick else 20_000
    runs = args.runs or (3 if args.quick else 9)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        start = time.perf_counter()
        build_diary(db, n)
        print(f"diary: {n:,} episodes (built in {time.perf_counter() - start:.1f} s)")
        base, export = bench_pdf(db, folder, runs)
        ratio = export / base
        pages = _pages(folder / "summary.pdf")
        print(f"pdf, 12 weeks, {runs} runs (whole-process medians):")
        print(f"  fpdf2 one-page baseline   {base:6.3f} s")
        print(f"  spasmlog export pdf       {export:6.3f} s   ({pages} pages)")
        verdict = "OK" if ratio <= BUDGET else "OVER BUDGET"
        print(f"  ratio                     {ratio:6.2f}x   (budget {BUDGET:.1f}x) {verdict}")
        print("data exports of the whole diary to /dev/null (in-process):")
        for fmt, seconds, peak in bench_data(db):
            timing = f"{seconds:6.3f} s" if seconds else "        "
            print(f"  {fmt:32s} {timing}   peak {peak:6.2f} MiB")
    return 0 if ratio <= BUDGET or args.quick else 1


def _pages(path: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return -1
    return len(PdfReader(path).pages)


if __name__ == "__main__":
    sys.exit(main())
