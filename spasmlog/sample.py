"""Generated, realistic diaries: for ``spasmlog demo``, snapshot tests and benchmarks.

Deterministic for a given seed. The shape follows what people with recurring cramps log:
mostly calves and feet, mostly at night, pain 3–7, under two minutes, some weeks worse.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

from .domain import Episode
from .frozen import replace

DEMO_WEEKS = 12  # `spasmlog demo`: a 12-week diary ending now
# Beside the demo's diary, in its temporary folder: whatever opens that diary (the app, or a
# CLI export pointed at it with --db) knows it is sample data and stamps its exports so.
DEMO_MARKER = ".spasmlog-demo"
DEMO_SEED = 9  # calves 73%, nights 75%, two worse weeks at the end, one tingling

_MUSCLES = (
    ("calf", 62),
    ("foot", 14),
    ("toes", 6),
    ("hamstring", 6),
    ("quadriceps", 4),
    ("shin", 2),
    ("hand", 3),
    ("neck", 2),
    ("lower-back", 1),
)
_SIDES = (("left", 45), ("right", 40), ("both", 10), ("none", 5))
_NOTES = (
    "woke me up",
    "after a long walk",
    "stretched against the wall, eased in a minute",
    "pointed my toes in bed",
    "hot day, not much water",
    "during the night again",
    "walked it off",
    "stood on a cold floor and it went",
    None,
    None,
    None,
    None,
    None,
)


def _pick(rng: random.Random, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def _episode(rng: random.Random, day: date, tz: timezone, *, worse: bool) -> Episode:
    night = rng.random() < 0.7
    if night:
        minutes = rng.randint(22 * 60, 30 * 60 - 1) % (24 * 60)
    else:
        minutes = rng.randint(7 * 60, 21 * 60)
    start = datetime.combine(day, time(minutes // 60, minutes % 60, rng.randint(0, 59)), tz)
    pain = max(1, min(10, round(rng.gauss(6.2 if worse else 4.6, 1.4))))
    duration = max(5, min(900, int(rng.lognormvariate(4.1 if worse else 3.8, 0.6))))
    hydration = rng.choices(("low", "normal", "high", None), (3 if worse else 2, 5, 1, 2))[0]
    exertion = rng.choices(
        ("rest", "light", "moderate", "vigorous", None), (5, 3, 2, 1 if not worse else 3, 2)
    )[0]
    return Episode(
        started_at=start,
        muscle_group=_pick(rng, _MUSCLES),
        side=_pick(rng, _SIDES),
        duration_s=duration,
        pain=pain,
        hydration=hydration,
        exertion=exertion,
        self_care=rng.choices(("helped", "did-not-help", None), (7, 1, 2))[0],
        notes=rng.choice(_NOTES),
    )


def generate_diary(
    *, end: date, weeks: int = 12, seed: int = 7, utc_offset_min: int = 0, per_week: float = 3.0
) -> list[Episode]:
    """About ``per_week`` episodes a week for ``weeks`` weeks ending on ``end``, oldest first.

    Some weeks are worse (more, longer, more painful cramps); exactly one episode has
    tingling so that the associated-symptoms rule has something to show.
    """
    rng = random.Random(seed)
    tz = timezone(timedelta(minutes=utc_offset_min))
    start = end - timedelta(days=7 * weeks - 1)
    episodes: list[Episode] = []
    for w in range(weeks):
        worse = rng.random() < 0.3 or w >= weeks - 2
        rate = per_week * (1.8 if worse else 0.8)
        count = max(0, round(rng.gauss(rate, 1.0)))
        days = sorted(rng.choice(range(7)) for _ in range(count))
        for offset in days:
            day = start + timedelta(days=7 * w + offset)
            if day <= end:
                episodes.append(_episode(rng, day, tz, worse=worse))
    if episodes:
        target = end - timedelta(days=10)
        i = min(
            range(len(episodes)), key=lambda k: abs((episodes[k].started_at.date() - target).days)
        )
        episodes[i] = replace(
            episodes[i],
            symptoms=("tingling",),
            muscle_group="calf",
            notes="pins and needles down the leg afterwards",
        )
    episodes.sort(key=lambda e: e.started_at)
    return episodes


def generate_many(n: int, *, end: date, seed: int = 11, per_day: float = 14.0) -> list[Episode]:
    """``n`` episodes ending on ``end`` at about ``per_day`` a day (benchmark diaries)."""
    rng = random.Random(seed)
    tz = UTC
    days = max(1, int(n / per_day))
    out = [
        _episode(rng, end - timedelta(days=rng.randrange(days)), tz, worse=rng.random() < 0.3)
        for _ in range(n)
    ]
    out.sort(key=lambda e: e.started_at)
    return out


def seed_store(store, episodes: list[Episode]) -> list[int]:
    """Add episodes to an open store in one transaction; returns their ids."""
    from .storage.repo import add_episodes

    with store.write() as session:
        return add_episodes(session=session, episodes=episodes)


def generate_days(
    episodes: list[Episode], *, end: date, weeks: int = 12, seed: int = 7
) -> tuple[list, list]:
    """Check-ins and markers that fit ``episodes``: (check-ins, markers).

    Most diary days of the ``weeks`` weeks before ``end`` are checked in (some gaps; the
    last, yesterday's, is left for the person to confirm). Fluids and activity vary; the
    tag ``long-walk`` comes far more often on cramp days than on other days — one real
    pattern for Patterns to find — while ``stretched`` comes with neither more nor fewer.
    A doctor visit five weeks before ``end`` and a change marker eight weeks before.
    """
    from .domain import Checkin, Marker, diary_day

    rng = random.Random(seed * 7919 + 1)
    cramp_days = {diary_day(e.local_start) for e in episodes}
    checkins = []
    first = end - timedelta(days=7 * weeks - 1)
    for k in range((end - first).days - 1):  # up to the day before yesterday
        day = first + timedelta(days=k)
        if rng.random() < 0.08:
            continue  # a forgotten day
        cramp = day in cramp_days
        tags = []
        if rng.random() < (0.7 if cramp else 0.12):
            tags.append("long-walk")
        if rng.random() < 0.35:
            tags.append("stretched")
        checkins.append(
            Checkin(
                day=day,
                complete=rng.random() < 0.95,
                hydration=rng.choices(("low", "normal", "high", None), (2, 6, 1, 1))[0],
                exertion=rng.choices(
                    ("rest", "light", "moderate", "vigorous", None), (3, 4, 2, 1, 1)
                )[0],
                sleep_disturbed=(rng.random() < 0.5) if cramp else False,
                tags=tuple(sorted(tags)),
            )
        )
    markers = [
        Marker(kind="change", day=end - timedelta(weeks=8), text="new running shoes"),
        Marker(kind="visit", day=end - timedelta(weeks=5), text="GP: bloods taken, results normal"),
    ]
    return checkins, markers


def seed_days(store, checkins: list, markers: list) -> None:
    """Add check-ins and markers to an open store in one transaction."""
    from .storage.repo import add_checkin, add_marker

    with store.write() as session:
        for c in checkins:
            add_checkin(session=session, checkin=c)
        for m in markers:
            add_marker(session=session, marker=m)


def make_demo_diary(folder: Path, *, now) -> Path:
    """A realistic 12-week diary ending now in ``folder`` (owner-only), with check-ins, a
    visit and a change marker; returns its path."""
    from .storage.db import open_store

    offset = int(now.utcoffset().total_seconds() // 60) if now.utcoffset() else 0
    episodes = generate_diary(
        end=now.date(), weeks=DEMO_WEEKS, seed=DEMO_SEED, utc_offset_min=offset
    )
    episodes = [e for e in episodes if e.started_at <= now]  # nothing later than now
    path = folder / "demo.db"
    marker = folder / DEMO_MARKER
    marker.write_text("spasmlog demo: generated sample data, not a real diary\n", encoding="utf-8")
    marker.chmod(0o600)
    store = open_store(path, create=True, today=now.date())
    try:
        seed_store(store, episodes)
        checkins, markers = generate_days(
            episodes, end=now.date(), weeks=DEMO_WEEKS, seed=DEMO_SEED
        )
        seed_days(store, checkins, markers)
    finally:
        store.close()
    return path


def is_demo_diary(path: Path | str | None) -> bool:
    """Whether the diary at ``path`` is the demo's generated one (its folder holds the
    marker that :func:`make_demo_diary` leaves)."""
    if path is None:
        return False
    return (Path(path).parent / DEMO_MARKER).is_file()
