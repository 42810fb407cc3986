"""Five diaries for the doctor report's tests and for looking at its pages: benign, worrying,
empty, days-old and heavy. Each ``fill_*`` adds its episodes to an open store; all end on
the tests' fixed day (common.NOW, Wednesday 25 November 2026, UTC+01:00)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from common import NOW, add

from spasmlog.domain import Episode

TZ = NOW.tzinfo
TODAY = NOW.date()
WEAKNESS_NOTE = "Left foot felt floppy afterwards, tripped on the stairs"
WEAKNESS_AT = datetime(2026, 11, 22, 14, 5, tzinfo=TZ)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def benign() -> list[Episode]:
    """Twelve weeks of the ordinary: one or two short night cramps a week, no symptoms."""
    rng = random.Random(3)
    out = []
    start = TODAY - timedelta(days=83)
    for w in range(12):
        for _ in range(rng.choice((1, 1, 2))):
            day = start + timedelta(days=7 * w + rng.randrange(7))
            if day >= TODAY:
                continue
            out.append(
                Episode(
                    started_at=_at(day, rng.choice((1, 2, 3, 23)), rng.randrange(60)),
                    muscle_group=rng.choice(("calf", "calf", "foot")),
                    side=rng.choice(("left", "right")),
                    duration_s=rng.randint(20, 120),
                    pain=rng.randint(2, 4),
                    hydration="normal",
                    exertion=rng.choice(("light", "moderate")),
                    self_care="helped",
                    notes=rng.choice(("woke me up", "stretched and it went", None)),
                )
            )
    return out


def worrying() -> list[Episode]:
    """Rising frequency and pain, tingling from late October, and one 13-minute left-calf
    episode with weakness on 22 November."""
    rng = random.Random(5)
    out = []
    start = TODAY - timedelta(days=83)
    for w in range(12):
        n = 1 + w // 2 + (2 if w >= 9 else 0)
        for _ in range(n):
            day = start + timedelta(days=7 * w + rng.randrange(7))
            if day >= TODAY:
                continue
            late = day >= TODAY - timedelta(days=30)
            symptoms = (
                ("tingling",) if day >= TODAY - timedelta(days=29) and rng.random() < 0.4 else ()
            )
            out.append(
                Episode(
                    started_at=_at(day, rng.choice((2, 3, 15, 22)), rng.randrange(60)),
                    muscle_group=rng.choice(("calf", "calf", "calf", "foot")),
                    side=rng.choice(("left", "left", "right")),
                    duration_s=rng.randint(40, 240) + (120 if late else 0),
                    pain=min(10, rng.randint(3, 5) + w // 3 + (1 if late else 0)),
                    hydration=rng.choice(("normal", "normal", "low")),
                    exertion=rng.choice(("rest", "light")),
                    symptoms=symptoms,
                    self_care=rng.choice(("helped", "did-not-help")) if late else "helped",
                    notes=rng.choice(("woke me up", "woke me up", "pins and needles after", None)),
                )
            )
    out.append(
        Episode(
            started_at=WEAKNESS_AT,
            muscle_group="calf",
            side="left",
            duration_s=13 * 60,
            pain=8,
            hydration="normal",
            exertion="rest",
            symptoms=("weakness", "tingling"),
            self_care="did-not-help",
            notes=WEAKNESS_NOTE,
        )
    )
    return sorted(out, key=lambda e: e.started_at)


def days_old() -> list[Episode]:
    """A diary begun on 22 November: three episodes."""
    return [
        Episode(
            started_at=_at(TODAY - timedelta(days=3), 2, 10),
            muscle_group="calf",
            side="right",
            duration_s=90,
            pain=5,
            notes="first night I logged",
        ),
        Episode(
            started_at=_at(TODAY - timedelta(days=2), 3, 0),
            muscle_group="calf",
            side="right",
            duration_s=60,
            pain=4,
        ),
        Episode(
            started_at=_at(TODAY - timedelta(days=1), 23, 40),
            muscle_group="foot",
            side="left",
            duration_s=45,
            pain=3,
            notes="woke me up",
        ),
    ]


LONG_NOTE = (
    "Long night again. " * 40
    + "日本語のメモ: ふくらはぎがつった。 한국어 메모: 종아리에 쥐가 났다. "
    + "Stretched, walked, drank water, heat pack, nothing much helped for a while. " * 12
)[:2000]


def heavy() -> list[Episode]:
    """Twenty episodes a day for the 12 weeks, every one with a long note (2,000
    characters, some Japanese and Korean), none with symptoms or over 10 minutes."""
    rng = random.Random(11)
    out = []
    start = TODAY - timedelta(days=83)
    muscles = (
        "calf",
        "foot",
        "toes",
        "hamstring",
        "quadriceps",
        "shin",
        "hand",
        "neck",
        "lower-back",
        "upper-back",
        "forearm",
        "fingers",
        "jaw",
        "glute",
        "hip",
    )
    for i in range(84):
        day = start + timedelta(days=i)
        for k in range(20):
            out.append(
                Episode(
                    started_at=_at(day, k % 24, rng.randrange(60)),
                    muscle_group=rng.choice(muscles),
                    side=rng.choice(("left", "right", "both", "none")),
                    duration_s=rng.randint(10, 600),
                    pain=rng.randint(1, 10),
                    hydration=rng.choice(("low", "normal", "high", None)),
                    exertion=rng.choice(("rest", "light", "moderate", "vigorous", None)),
                    self_care=rng.choice(("helped", "did-not-help", None)),
                    notes=f"#{i}-{k} " + LONG_NOTE[:1990],
                )
            )
    return out


DIARIES = {
    "benign": benign,
    "worrying": worrying,
    "empty": lambda: [],
    "days-old": days_old,
    "heavy": heavy,
}


def fill(store, name: str) -> list[int]:
    """Add diary ``name``'s episodes to ``store``; returns their ids."""
    episodes = DIARIES[name]()
    return add(store, *episodes) if episodes else []
