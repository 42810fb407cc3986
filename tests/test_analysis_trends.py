"""Weekly trends (SPEC §4.1), checked against figures counted here from the episode list."""

from __future__ import annotations

import random
import statistics
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from common import add, make_episode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasmlog.analysis import weekly_trends
from spasmlog.domain import EXERTION_LEVELS, HYDRATION_LEVELS, MUSCLE_GROUPS, SIDES, Episode
from spasmlog.sample import generate_diary
from spasmlog.storage import open_store

AS_OF = date(2026, 11, 25)  # a Wednesday


def expected_weeks(episodes: list[Episode], as_of: date, weeks: int) -> list[dict]:
    """The weekly figures, computed independently from the episodes' own wall clocks."""
    kept = [e for e in episodes if e.local_start.date() <= as_of]
    if not kept:
        return []
    this_monday = as_of - timedelta(days=as_of.weekday())
    start = min(e.local_start.date() for e in kept)
    out = []
    for i in range(weeks):
        monday = this_monday - timedelta(weeks=weeks - 1 - i)
        these = [e for e in kept if monday <= e.local_start.date() <= monday + timedelta(days=6)]
        n = len(these)
        iso = monday.isocalendar()
        row = {
            "week": f"{iso[0]}-W{iso[1]:02d}",
            "start": monday.isoformat(),
            "tracked_days": sum(start <= monday + timedelta(days=k) <= as_of for k in range(7)),
            "count": n,
            "days": len({e.local_start.date() for e in these}),
            "mean_pain": sum(e.pain for e in these) / n if n else None,
            "max_pain": max((e.pain for e in these), default=None),
            "median_duration_s": statistics.median([e.duration_s for e in these]) if n else None,
            "total_duration_s": sum(e.duration_s for e in these),
            "by_muscle": {
                m: c for m in MUSCLE_GROUPS if (c := sum(e.muscle_group == m for e in these))
            },
            "by_side": {s: c for s in SIDES if (c := sum(e.side == s for e in these))},
            "low_hydration_share": sum(e.hydration == "low" for e in these) / n if n else None,
            "vigorous_share": sum(e.exertion == "vigorous" for e in these) / n if n else None,
            "night_share": sum(not 6 <= e.local_start.hour < 22 for e in these) / n if n else None,
            "checkins": 0,
        }
        out.append(row)
    return out


def trends_dict(store, as_of=AS_OF, weeks=12) -> dict:
    with store.read() as session:
        return weekly_trends(session, as_of=as_of, weeks=weeks).to_dict()


def assert_weeks_equal(actual: list[dict], expected: list[dict]) -> None:
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected, strict=True):
        assert a.keys() == e.keys()
        for key in e:
            if isinstance(e[key], float):
                assert a[key] == pytest.approx(e[key], abs=1e-12), (e["week"], key)
            else:
                assert a[key] == e[key], (e["week"], key)


def test_sample_diary_matches_an_independent_count(store):
    episodes = generate_diary(end=AS_OF, weeks=14, seed=3, utc_offset_min=330)
    add(store, *episodes)
    result = trends_dict(store)
    assert result["as_of"] == "2026-11-25"
    assert_weeks_equal(result["weeks"], expected_weeks(episodes, AS_OF, 12))
    assert [w["week"] for w in result["weeks"]][-1] == "2026-W48"


OFFSETS = [-600, -300, 0, 60, 330, 540, 840]


def random_episodes(rng: random.Random, n: int) -> list[Episode]:
    out = []
    for _ in range(n):
        tz = timezone(timedelta(minutes=rng.choice(OFFSETS)))
        day = AS_OF - timedelta(days=rng.randint(-3, 95))
        start = datetime(
            day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=tz
        )
        out.append(
            make_episode(
                started_at=start,
                muscle_group=rng.choice(MUSCLE_GROUPS),
                side=rng.choice(SIDES),
                duration_s=rng.randint(1, 2000),
                pain=rng.randint(0, 10),
                hydration=rng.choice((None, *HYDRATION_LEVELS)),
                exertion=rng.choice((None, *EXERTION_LEVELS)),
            )
        )
    return out


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(0, 60),
    weeks=st.integers(1, 16),
    shift=st.integers(-10, 10),
)
def test_random_diaries_match_an_independent_count(seed, n, weeks, shift):
    episodes = random_episodes(random.Random(seed), n)
    as_of = AS_OF + timedelta(days=shift)
    with tempfile.TemporaryDirectory() as folder:
        s = open_store(Path(folder) / "d.db", today=AS_OF)
        try:
            add(s, *episodes)
            result = trends_dict(s, as_of=as_of, weeks=weeks)
        finally:
            s.close()
    assert_weeks_equal(result["weeks"], expected_weeks(episodes, as_of, weeks))


def test_empty_weeks_are_included_with_zero_counts(store):
    add(store, make_episode(started_at=datetime(2026, 11, 3, 9, tzinfo=UTC)))
    weeks = trends_dict(store)["weeks"]
    assert len(weeks) == 12
    empty = weeks[-1]
    assert empty == {
        "week": "2026-W48",
        "start": "2026-11-23",
        "tracked_days": 3,
        "count": 0,
        "days": 0,
        "mean_pain": None,
        "max_pain": None,
        "median_duration_s": None,
        "total_duration_s": 0,
        "by_muscle": {},
        "by_side": {},
        "low_hydration_share": None,
        "vigorous_share": None,
        "night_share": None,
        "checkins": 0,
    }
    assert [w["count"] for w in weeks] == [0] * 8 + [1, 0, 0, 0]  # 3 November is in W45
    # The weeks before 3 November are before the diary, not weeks without cramps.
    assert [w["tracked_days"] for w in weeks] == [0] * 8 + [6, 7, 7, 3]


def test_empty_diary_and_a_diary_only_after_as_of_have_no_weeks(store):
    assert trends_dict(store)["weeks"] == []
    add(
        store,
        make_episode(started_at=datetime(2026, 11, 26, 0, 30, tzinfo=timezone(timedelta(hours=9)))),
    )
    assert (
        trends_dict(store)["weeks"] == []
    )  # 15:30 UTC on the 25th, but the 26th where it happened


def test_days_after_as_of_in_its_week_are_ignored(store):
    tz = timezone(timedelta(hours=1))
    add(
        store,
        make_episode(started_at=datetime(2026, 11, 25, 23, 59, tzinfo=tz)),
        make_episode(started_at=datetime(2026, 11, 26, 0, 1, tzinfo=tz)),
    )
    assert trends_dict(store)["weeks"][-1]["count"] == 1
    assert trends_dict(store, as_of=date(2026, 11, 29))["weeks"][-1]["count"] == 2


def test_week_labels_cross_the_iso_year(store):
    add(store, make_episode(started_at=datetime(2027, 1, 1, 12, tzinfo=UTC)))
    weeks = trends_dict(store, as_of=date(2027, 1, 4), weeks=3)["weeks"]
    assert [(w["week"], w["start"]) for w in weeks] == [
        ("2026-W52", "2026-12-21"),
        ("2026-W53", "2026-12-28"),
        ("2027-W01", "2027-01-04"),
    ]
    assert weeks[1]["count"] == 1


def test_median_of_an_even_count_and_night_at_the_logged_offset(store):
    tokyo = timezone(timedelta(hours=9))
    add(
        store,
        make_episode(started_at=datetime(2026, 11, 24, 23, 30, tzinfo=tokyo), duration_s=30),
        make_episode(started_at=datetime(2026, 11, 24, 6, 0, tzinfo=tokyo), duration_s=45),
    )
    week = trends_dict(store)["weeks"][-1]
    assert week["median_duration_s"] == 37.5
    assert week["night_share"] == 0.5
    assert week["days"] == 1


def test_whole_medians_are_integers(store):
    add(store, make_episode(duration_s=30), make_episode(duration_s=50))
    assert trends_dict(store)["weeks"][-1]["median_duration_s"] == 40
    assert isinstance(trends_dict(store)["weeks"][-1]["median_duration_s"], int)


def test_days_before_1970_fall_in_the_right_week(store):
    add(
        store,
        make_episode(
            started_at=datetime(1969, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=1))),
            duration_s=5,
        ),
    )
    weeks = trends_dict(store, as_of=date(1970, 1, 4), weeks=2)["weeks"]
    assert [(w["week"], w["start"], w["count"]) for w in weeks] == [
        ("1969-W52", "1969-12-22", 0),
        ("1970-W01", "1969-12-29", 1),
    ]
    assert weeks[1]["night_share"] == 1.0


def test_a_diary_started_5_days_ago_tracks_5_days_and_earlier_weeks_are_before_it(store):
    """Coverage: only days from the first record to as-of are tracked; earlier weeks are
    'before the diary' (tracked_days 0), never weeks without cramps."""
    from spasmlog.domain import Checkin
    from spasmlog.storage import repo

    # as-of is Wednesday 25 Nov; the diary starts Saturday 21 Nov with a check-in.
    with store.write() as session:
        repo.add_checkin(session=session, checkin=Checkin(day=date(2026, 11, 21), complete=True))
    add(store, make_episode(started_at=datetime(2026, 11, 24, 8, 0, tzinfo=UTC)))
    result = trends_dict(store, weeks=3)
    assert result["diary_start"] == "2026-11-21"
    assert [w["tracked_days"] for w in result["weeks"]] == [0, 2, 3]
    assert sum(w["tracked_days"] for w in result["weeks"]) == 5
    assert [w["checkins"] for w in result["weeks"]] == [0, 1, 0]
    assert [w["count"] for w in result["weeks"]] == [0, 0, 1]
    with store.read() as session:
        weeks = weekly_trends(session, as_of=AS_OF, weeks=3).weeks
    assert [w.before_diary for w in weeks] == [True, False, False]


def test_the_diary_start_ignores_records_after_as_of(store):
    from spasmlog.domain import Checkin
    from spasmlog.storage import repo

    with store.write() as session:
        repo.add_checkin(session=session, checkin=Checkin(day=date(2026, 11, 24), complete=True))
    at = datetime(2026, 11, 20, 23, 30, tzinfo=UTC).astimezone(timezone(timedelta(hours=1)))
    add(store, make_episode(started_at=at))
    with store.read() as session:
        # 23:30 UTC at +01:00 is local 21 Nov: the local date counts.
        assert repo.diary_start(session=session, as_of=AS_OF) == date(2026, 11, 21)
        assert repo.diary_start(session=session, as_of=date(2026, 11, 20)) is None
        assert repo.diary_start(session=session, as_of=date(2026, 11, 22)) == date(2026, 11, 21)
