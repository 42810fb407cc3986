"""How often the flags cry wolf, and how soon they catch a real change: simulated diaries.

Simulates people over 26 weeks with the real analyzer (analysis.flags.Timeline and
evaluate_timeline, the functions behind `spasmlog flags`) and prints, per profile:

- stable profiles (an older adult with 1–4 night cramps a week and week-to-week variation,
  pregnancy with 3–5 a week, an athlete cramping after long runs): the share of weekly and
  of daily checks (from week 7) showing an escalation flag (target ≤ 5%), and the share of
  weekly checks after a doctor visit recorded in week 8 showing a see-doctor or urgent flag
  that is new or ongoing, not discussed (target ≤ 5%);
- worrying profiles (the older adult whose cramps double in number suddenly or over 8
  weeks, whose pain goes from 4 to 7 suddenly or over 4 weeks, whose cramps last 3 times as
  long, or whose cramps start coming with tingling or weakness), changing at week 14: the
  share of people caught by the matching rule within 2, 4 and 8 weeks, at weekly and at
  daily checks.

Seeds are fixed. ``--quick`` simulates 40 people a profile (a smoke test); the full run
simulates 300 (about 1–3 minutes on 2 cores).

    python benchmarks/alarm_sim.py [--quick] [--people N] [--workers N]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta

from spasmlog.analysis.flags import (
    ESCALATION_RULES,
    LOOKBACK_DAYS,
    Timeline,
    evaluate_timeline,
)
from spasmlog.analysis.records import Record
from spasmlog.config import Thresholds

START = date(2026, 1, 5)  # a Monday; the diary's first day
WEEKS = 26
DAYS = 7 * WEEKS
FIRST_CHECK_WEEK = 7  # checks from the end of week 7 (enough diary for every rule)
VISIT_WEEK = 8  # the visit is recorded on the last day of week 8
CHANGE_WEEK = 14  # worrying profiles change from the first day of week 15
CATCH_WEEKS = (2, 4, 8)

STABLE = ("older adult", "pregnancy", "athlete")
WORRYING = {
    "frequency doubles suddenly": "escalating-frequency",
    "frequency doubles over 8 weeks": "escalating-frequency",
    "pain 4 to 7 suddenly": "escalating-pain",
    "pain 4 to 7 over 4 weeks": "escalating-pain",
    "duration triples": "escalating-duration",
    "tingling or weakness starts": "associated-symptoms|weakness",
}


@dataclass(frozen=True, slots=True)
class Person:
    records: tuple[Record, ...]
    change: date | None


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: fine for the small rates of a day
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _ramp(day: int, change_day: int, over_days: int) -> float:
    """0 before the change, rising linearly to 1 over ``over_days`` (0: at once)."""
    if day < change_day:
        return 0.0
    if over_days <= 0:
        return 1.0
    return min(1.0, (day - change_day + 1) / over_days)


def simulate(profile: str, seed: int) -> Person:
    """One person's 26 weeks of episodes."""
    rng = random.Random(seed)
    change_day = 7 * CHANGE_WEEK
    records: list[Record] = []
    worrying = profile in WORRYING
    if profile == "pregnancy":
        weekly = rng.uniform(3, 5)
    elif profile == "athlete":
        weekly = 0.3
    else:
        weekly = rng.uniform(1, 4)
    pain_mean = 4.0 if worrying else rng.uniform(3, 6)
    duration_median = rng.uniform(20, 120)
    runs_per_week = rng.choice((1, 2))
    week_factor = 1.0
    for day in range(DAYS):
        if day % 7 == 0:  # week-to-week variation: a gamma multiplier with mean 1
            week_factor = rng.gammavariate(4.0, 0.25)
        rate = weekly * week_factor / 7
        pain_shift, duration_factor = 0.0, 1.0
        if profile == "frequency doubles suddenly":
            rate *= 1 + _ramp(day, change_day, 0)
        elif profile == "frequency doubles over 8 weeks":
            rate *= 1 + _ramp(day, change_day, 56)
        elif profile == "pain 4 to 7 suddenly":
            pain_shift = 3 * _ramp(day, change_day, 0)
        elif profile == "pain 4 to 7 over 4 weeks":
            pain_shift = 3 * _ramp(day, change_day, 28)
        elif profile == "duration triples":
            duration_factor = 1 + 2 * _ramp(day, change_day, 0)
        count = _poisson(rng, rate)
        long_run = profile == "athlete" and rng.random() < runs_per_week / 7
        if long_run and rng.random() < 0.6:
            count += rng.choice((1, 1, 2))
        for _ in range(count):
            night = profile != "athlete" and rng.random() < 0.8
            hour = rng.choice((22, 23, 0, 1, 2, 3, 4, 5)) if night else rng.randint(8, 21)
            symptoms: frozenset[str] = frozenset()
            if profile == "tingling or weakness starts" and day >= change_day:
                symptoms = frozenset({rng.choice(("tingling", "weakness"))})
            pain = round(rng.gauss(pain_mean + pain_shift, 1.2))
            duration = duration_median * duration_factor * math.exp(rng.gauss(0, 0.5))
            records.append(
                Record(
                    id=len(records) + 1,
                    day=START + timedelta(days=day),
                    hour=hour,
                    muscle_group="calf",
                    side=rng.choice(("left", "right")),
                    duration_s=max(1, min(86_400, round(duration))),
                    pain=max(0, min(10, pain)),
                    hydration=rng.choice(("low", "normal", "normal", "high", None)),
                    exertion="vigorous" if long_run else rng.choice(("rest", "light", None)),
                    symptoms=symptoms,
                    self_care=rng.choice(("helped", "helped", "helped", "did-not-help", None)),
                    second=rng.randint(0, 3599),
                )
            )
    return Person(tuple(records), START + timedelta(days=change_day) if worrying else None)


def _timeline(person: Person, thresholds: Thresholds) -> Timeline:
    start = min((r.day for r in person.records), default=START)
    return Timeline(
        person.records,
        first=START - timedelta(days=LOOKBACK_DAYS),
        last=START + timedelta(days=DAYS - 1),
        thresholds=thresholds,
        diary_start=start,
    )


def _check_days(step: int) -> list[date]:
    first = 7 * FIRST_CHECK_WEEK - 1
    return [START + timedelta(days=d) for d in range(first, DAYS, step)]


def run_stable(args: tuple[str, int]) -> dict:
    profile, seed = args
    person = simulate(profile, seed)
    tl = _timeline(person, Thresholds())
    visit = START + timedelta(days=7 * VISIT_WEEK - 1)
    out = {"weekly": [0, 0], "daily": [0, 0], "after_visit": [0, 0]}
    for step, key in ((7, "weekly"), (1, "daily")):
        for day in _check_days(step):
            report = evaluate_timeline(tl, day)
            out[key][0] += any(f.rule in ESCALATION_RULES for f in report.flags)
            out[key][1] += 1
    for day in _check_days(7):
        if day <= visit:
            continue
        report = evaluate_timeline(tl, day, visits=[visit])
        out["after_visit"][0] += any(
            f.severity in ("urgent", "see-doctor") and f.status != "discussed" for f in report.flags
        )
        out["after_visit"][1] += 1
    return out


def run_worrying(args: tuple[str, int]) -> dict:
    profile, seed = args
    person = simulate(profile, seed)
    assert person.change is not None
    rules = set(WORRYING[profile].split("|"))
    tl = _timeline(person, Thresholds())
    out: dict[str, int | None] = {}
    for step, key in ((7, "weekly"), (1, "daily")):
        caught = None
        for day in _check_days(step):
            if day < person.change:
                continue
            if any(f.rule in rules for f in evaluate_timeline(tl, day).flags):
                caught = (day - person.change).days + 1  # days of change seen
                break
        out[key] = caught
    return out


def _share(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f}%" if total else "    –"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 people a profile")
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    people = args.people or (40 if args.quick else 300)
    started = time.perf_counter()
    map_: Callable = map
    pool = ProcessPoolExecutor(args.workers) if args.workers > 1 else None
    if pool is not None:
        map_ = pool.map
    ok = True
    print(
        f"{people} simulated people a profile, {WEEKS} weeks each, checks from week "
        f"{FIRST_CHECK_WEEK}; visit recorded on the last day of week {VISIT_WEEK}"
    )
    print()
    print(
        f"{'stable profile':28} {'escalation, weekly':>19} {'daily':>7} "
        f"{'not-discussed after visit':>26}"
    )
    for i, profile in enumerate(STABLE):
        seeds = [(profile, 1_000_000 * (i + 1) + k) for k in range(people)]
        totals = {"weekly": [0, 0], "daily": [0, 0], "after_visit": [0, 0]}
        for result in map_(run_stable, seeds, chunksize=8) if pool else map_(run_stable, seeds):
            for key, (hit, n) in result.items():
                totals[key][0] += hit
                totals[key][1] += n
        shares = {k: v[0] / v[1] for k, v in totals.items()}
        ok &= shares["weekly"] <= 0.05 and shares["daily"] <= 0.05
        ok &= shares["after_visit"] <= 0.05
        print(
            f"{profile:28} {_share(*totals['weekly']):>19} {_share(*totals['daily']):>7} "
            f"{_share(*totals['after_visit']):>26}"
        )
    print("targets: ≤ 5% each")
    print()
    header = "  ".join(f"≤{w} wk" for w in CATCH_WEEKS)
    print(f"{'worrying profile':32} weekly checks: {header}   daily checks: {header}")
    for i, profile in enumerate(WORRYING):
        seeds = [(profile, 2_000_000 * (i + 1) + k) for k in range(people)]
        found = list(map_(run_worrying, seeds, chunksize=8) if pool else map_(run_worrying, seeds))
        cells = []
        for key in ("weekly", "daily"):
            for w in CATCH_WEEKS:
                hits = sum(1 for r in found if r[key] is not None and r[key] <= 7 * w)
                cells.append(_share(hits, len(found)))
        print(f"{profile:32} {' ':15}{'  '.join(cells[:3])}   {' ':14}{'  '.join(cells[3:])}")
    if pool is not None:
        pool.shutdown()
    print()
    print(
        f"{time.perf_counter() - started:.0f} s; stable-profile targets "
        f"{'met' if ok else 'NOT MET'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
