"""What must hold for every diary (Hypothesis): the analyzer never raises, an empty diary
gives no flags, insertion order and episodes after --as-of change nothing."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from common import add
from hypothesis import given, settings
from hypothesis import strategies as st

from spasmlog.analysis import evaluate_flags, weekly_trends
from spasmlog.domain import (
    EXERTION_LEVELS,
    HYDRATION_LEVELS,
    MUSCLE_GROUPS,
    SELF_CARE_VALUES,
    SIDES,
    SYMPTOMS,
    Episode,
)
from spasmlog.storage import open_store

AS_OF = date(2026, 11, 25)

offsets = st.sampled_from([-720, -600, -300, 0, 60, 330, 540, 765, 840])
optional = lambda values: st.one_of(st.none(), st.sampled_from(values))  # noqa: E731


@st.composite
def episodes(draw, first_day: int = -3, last_day: int = 70):
    day = AS_OF - timedelta(days=draw(st.integers(first_day, last_day)))
    clock = draw(st.times(min_value=time(0, 0), max_value=time(23, 59))).replace(microsecond=0)
    tz = timezone(timedelta(minutes=draw(offsets)))
    return Episode(
        started_at=datetime.combine(day, clock, tz),
        muscle_group=draw(st.sampled_from(MUSCLE_GROUPS)),
        side=draw(st.sampled_from(SIDES)),
        duration_s=draw(
            st.one_of(st.integers(1, 900), st.sampled_from([1, 119, 120, 600, 601, 86_400]))
        ),
        pain=draw(st.integers(0, 10)),
        hydration=draw(optional(HYDRATION_LEVELS)),
        exertion=draw(optional(EXERTION_LEVELS)),
        symptoms=tuple(
            s for s in SYMPTOMS if s in draw(st.sets(st.sampled_from(SYMPTOMS), max_size=3))
        ),
        self_care=draw(optional(SELF_CARE_VALUES)),
    )


diaries = st.lists(episodes(), max_size=40)


@contextmanager
def diary(*eps: Episode):
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "d.db", today=AS_OF)
        try:
            ids = add(store, *eps) if eps else []
            yield store, ids
        finally:
            store.close()


def analyse(store, as_of=AS_OF):
    with store.read() as session:
        return evaluate_flags(session, as_of=as_of), weekly_trends(session, as_of=as_of, weeks=10)


def by_content(flags, ids, eps):
    """Flags with episode ids replaced by the episodes themselves (ids depend on order)."""
    content = dict(zip(ids, eps, strict=True))
    return [
        (
            f.rule,
            f.severity,
            f.criterion,
            f.title,
            f.detail,
            sorted(repr(content[i]) for i in f.episode_ids),
        )
        for f in flags
    ]


@settings(max_examples=60, deadline=None)
@given(diaries, st.integers(-5, 80))
def test_the_analyzer_never_raises_and_gives_valid_flags(eps, shift):
    as_of = AS_OF - timedelta(days=shift)
    with diary(*eps) as (store, ids):
        flags, trends = analyse(store, as_of)
    for f in flags:
        assert f.episode_ids and set(f.episode_ids) <= set(ids)
        assert f.severity in ("urgent", "see-doctor", "info")
        assert set(f.to_dict()) == {
            "rule",
            "severity",
            "criterion",
            "title",
            "detail",
            "episode_ids",
            "since",
            "status",
            "evidence",
        }
        assert f.status in ("new", "ongoing", "discussed")
        assert as_of - timedelta(days=90) <= f.since <= as_of
    assert all(w.count >= w.days for w in trends.weeks)


def test_an_empty_diary_gives_no_flags():
    with diary() as (store, _):
        flags, trends = analyse(store)
    assert flags == [] and trends.weeks == []


@settings(max_examples=40, deadline=None)
@given(diaries, st.randoms(use_true_random=False))
def test_insertion_order_changes_nothing(eps, rng):
    shuffled = list(eps)
    rng.shuffle(shuffled)
    with diary(*eps) as (store, ids):
        flags_a, trends_a = analyse(store)
    with diary(*shuffled) as (store, ids_b):
        flags_b, trends_b = analyse(store)
    assert by_content(flags_a, ids, eps) == by_content(flags_b, ids_b, shuffled)
    assert trends_a == trends_b


@settings(max_examples=40, deadline=None)
@given(diaries, st.lists(episodes(first_day=-30, last_day=-1), min_size=1, max_size=10))
def test_episodes_after_as_of_change_nothing(eps, later):
    with diary(*eps) as (store, _):
        before = analyse(store)
        add(store, *later)
        after = analyse(store)
    assert before == after
