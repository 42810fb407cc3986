"""Patterns from check-ins: Fisher's exact test (scipy is the oracle), Holm, the windows."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from common import add, make_episode
from hypothesis import given, settings
from hypothesis import strategies as st

from spasmlog.analysis.patterns import MIN_GROUP_DAYS, evaluate, find_patterns
from spasmlog.analysis.stats import fisher_exact, holm
from spasmlog.domain import Checkin, diary_day
from spasmlog.storage import repo
from spasmlog.text import patterns_lines

AS_OF = date(2026, 11, 25)


def scipy_fisher(a, b, c, d):
    from scipy.stats import fisher_exact as oracle

    return oracle([[a, b], [c, d]], alternative="two-sided").pvalue


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=4, max_size=4))
def test_fisher_matches_scipy_on_random_tables_including_zeros(cells):
    assert fisher_exact(*cells) == pytest.approx(scipy_fisher(*cells), abs=1e-9)


def test_fisher_matches_scipy_on_seeded_tables_with_zeros_and_large_counts():
    rng = random.Random(20261204)
    for _ in range(300):
        cells = [rng.choice([0, 0, 1, rng.randint(0, 90)]) for _ in range(4)]
        assert fisher_exact(*cells) == pytest.approx(scipy_fisher(*cells), abs=1e-9), cells


def test_fisher_on_hand_computed_tables():
    # [[1, 0], [0, 1]]: two tables possible, each 1/2: p = 1.
    assert fisher_exact(1, 0, 0, 1) == 1.0
    # [[3, 0], [0, 3]]: C(6,3) = 20 tables; the two extremes each 1/20: p = 2/20.
    assert fisher_exact(3, 0, 0, 3) == pytest.approx(0.1, abs=1e-15)
    # Lady tasting tea, [[4, 0], [0, 4]]: 2/70.
    assert fisher_exact(4, 0, 0, 4) == pytest.approx(2 / 70, abs=1e-15)
    # [[2, 1], [1, 2]]: P(k) = 1/20, 9/20, 9/20, 1/20 for k = 0..3; observed 9/20: p = 1.
    assert fisher_exact(2, 1, 1, 2) == 1.0
    # A margin of zero: nothing to test.
    assert fisher_exact(0, 0, 5, 7) == 1.0 and fisher_exact(0, 4, 0, 9) == 1.0
    with pytest.raises(ValueError):
        fisher_exact(-1, 0, 0, 0)


def test_holm_by_hand():
    # sorted 0.01, 0.02, 0.04 (m = 3): ×3, ×2, ×1 → 0.03, 0.04, 0.04 (kept monotone).
    assert holm([0.04, 0.01, 0.02]) == pytest.approx([0.04, 0.03, 0.04])
    assert holm([0.5, 0.6]) == pytest.approx([1.0, 1.0])
    assert holm([]) == []


def _checkins(n_with, cramp_with, n_without, cramp_without, *, tag="hot", start=date(2026, 9, 1)):
    """Complete check-ins: n_with tagged days, the first cramp_with of them cramp days."""
    days, cramps = [], set()
    day = start
    for i in range(n_with):
        days.append(Checkin(day=day, complete=True, tags=(tag,)))
        if i < cramp_with:
            cramps.add(day)
        day += timedelta(days=1)
    for i in range(n_without):
        days.append(Checkin(day=day, complete=True))
        if i < cramp_without:
            cramps.add(day)
        day += timedelta(days=1)
    return days, cramps


def test_a_factor_needs_10_days_in_each_group():
    checkins, cramps = _checkins(9, 9, 40, 0)
    [f] = evaluate(checkins, cramps, as_of=AS_OF).factors
    assert not f.tested and f.p_adjusted is None and not f.pattern
    checkins, cramps = _checkins(MIN_GROUP_DAYS, 9, 40, 0)
    [f] = evaluate(checkins, cramps, as_of=AS_OF).factors
    assert f.tested and f.pattern
    assert f.p_adjusted == pytest.approx(scipy_fisher(9, 1, 0, 40), abs=1e-12)
    assert (f.with_days, f.with_cramp_days, f.without_days, f.without_cramp_days) == (10, 9, 40, 0)
    assert f.ratio is None  # no cramp day without: no finite ratio


def test_holm_across_factors_in_one_run():
    checkins, cramps = _checkins(14, 9, 40, 6)
    # A second tag on the same days, unrelated to cramps: two factors tested.
    checkins = [
        Checkin(
            day=c.day, complete=True, tags=tuple(sorted({*c.tags, *(("walk",) if i % 2 else ())}))
        )
        for i, c in enumerate(checkins)
    ]
    result = evaluate(checkins, cramps, as_of=AS_OF)
    by = {f.factor: f for f in result.factors}
    p_hot = scipy_fisher(9, 5, 6, 34)
    walk = [c for c in checkins if "walk" in c.tags]
    wc = sum(c.day in cramps for c in walk)
    p_walk = scipy_fisher(wc, len(walk) - wc, len(cramps) - wc, 54 - len(walk) - (len(cramps) - wc))
    expected = holm([p_hot, p_walk])
    assert by["tag:hot"].p_adjusted == pytest.approx(expected[0], abs=1e-12)
    assert by["tag:walk"].p_adjusted == pytest.approx(expected[1], abs=1e-12)
    assert by["tag:hot"].ratio == pytest.approx((9 / 14) / (6 / 40))
    text = "\n".join(patterns_lines(result))
    assert "Came with more cramp days:\n  tag hot: cramps came on 9 of 14 days tagged hot, " in text
    assert "against 6 of 40 other days (adjusted p = " in text
    assert "tag walk: no clear difference yet — cramps came on" in text
    for word in ("cause ", "caused", "trigger"):
        assert word not in text.replace("not what causes them", "")


def test_hydration_and_exertion_compare_only_days_where_they_were_recorded(store):
    day = date(2026, 9, 1)
    with store.write() as s:
        for i in range(30):
            hydration = "low" if i < 12 else ("normal" if i < 24 else None)
            repo.add_checkin(
                session=s,
                checkin=Checkin(day=day + timedelta(days=i), complete=True, hydration=hydration),
            )
        # an incomplete check-in never counts
        repo.add_checkin(
            session=s,
            checkin=Checkin(day=day + timedelta(days=40), complete=False, hydration="low"),
        )
    with store.read() as s:
        result = find_patterns(s, as_of=AS_OF)
    [f] = result.factors
    assert f.factor == "hydration:low" and (f.with_days, f.without_days) == (12, 12)
    assert result.days_checked == 30


@pytest.mark.parametrize(
    "zone, local_day",
    [
        # Europe/Berlin leaves summer time on 25 October 2026 at 03:00.
        ("Europe/Berlin", date(2026, 10, 24)),
        # America/New_York springs forward on 8 March 2026 at 02:00.
        ("America/New_York", date(2026, 3, 7)),
    ],
)
def test_diary_days_across_dst(store, zone, local_day):
    """An episode at 05:30 local on the morning after a DST change belongs to the diary day
    before; one at 06:30 to that morning's own diary day, whatever the UTC offset."""
    tz = ZoneInfo(zone)
    morning = local_day + timedelta(days=1)
    early = datetime(morning.year, morning.month, morning.day, 5, 30, tzinfo=tz)
    late = datetime(morning.year, morning.month, morning.day, 6, 30, tzinfo=tz)
    assert (
        early.utcoffset()
        != datetime(local_day.year, local_day.month, local_day.day, 12, tzinfo=tz).utcoffset()
    )
    add(store, make_episode(started_at=early), make_episode(started_at=late))
    with store.read() as s:
        assert repo.count_diary_day_episodes(session=s, day=local_day) == 1
        assert repo.count_diary_day_episodes(session=s, day=morning) == 1
    assert diary_day(early.replace(tzinfo=None)) == local_day


def test_diary_days_across_a_change_of_utc_offset(store):
    """Travel: 23:00 at +09:00 and 04:00 next morning at -05:00 are both the same diary day
    (each at the clock it was logged with); 07:00 at -05:00 is the next one."""
    d0 = date(2026, 11, 10)
    tokyo, ny = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))
    add(
        store,
        make_episode(started_at=datetime(2026, 11, 10, 23, 0, tzinfo=tokyo)),
        make_episode(started_at=datetime(2026, 11, 11, 4, 0, tzinfo=ny)),
        make_episode(started_at=datetime(2026, 11, 11, 7, 0, tzinfo=ny)),
    )
    with store.write() as s:
        for k in range(2):
            repo.add_checkin(session=s, checkin=Checkin(day=d0 + timedelta(days=k), complete=True))
    with store.read() as s:
        assert repo.count_diary_day_episodes(session=s, day=d0) == 2
        assert repo.count_diary_day_episodes(session=s, day=d0 + timedelta(days=1)) == 1
        assert repo.count_diary_day_episodes(session=s, day=d0 - timedelta(days=1)) == 0


def test_the_window_ends_with_the_diary_day_before_as_of(store):
    with store.write() as s:
        for k in range(0, 95):
            repo.add_checkin(
                session=s,
                checkin=Checkin(day=AS_OF - timedelta(days=k), complete=True, tags=("x",)),
            )
    with store.read() as s:
        result = find_patterns(s, as_of=AS_OF)
    assert result.days_checked == 90
    assert (result.first, result.last) == (AS_OF - timedelta(days=90), AS_OF - timedelta(days=1))


def test_the_demo_diary_shows_one_real_pattern(tmp_path):
    from common import NOW

    from spasmlog.sample import make_demo_diary
    from spasmlog.storage import open_store

    path = make_demo_diary(tmp_path, now=NOW)
    with open_store(path) as store, store.read() as s:
        result = find_patterns(s, as_of=NOW.date())
        checkins = repo.list_checkins(session=s)
        markers = repo.list_markers(session=s)
        yesterday = repo.get_checkin(session=s, day=NOW.date() - timedelta(days=1))
    assert [f.factor for f in result.factors if f.pattern] == ["tag:long-walk"]
    assert 70 <= len(checkins) < 84 and yesterday is None  # most days, some gaps
    assert sorted(m.kind for m in markers) == ["change", "visit"]
