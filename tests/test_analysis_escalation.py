"""The revised rules on plain records (analysis.flags.evaluate): escalation at and below its
thresholds, sleep-disturbed, new-site, self-care-fails, with `since`, `status` and visits."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spasmlog.analysis.flags import SEVERITIES, STATUSES, evaluate
from spasmlog.analysis.records import Record
from spasmlog.config import Thresholds

AS_OF = date(2026, 11, 25)


def rec(days_ago: int, i: int, *, hour: int = 12, **kw) -> Record:
    base = dict(muscle_group="calf", side="left", duration_s=60, pain=4)
    base.update(kw)
    return Record(id=i, day=AS_OF - timedelta(days=days_ago), hour=hour, **base)


def diary(days_ago: list[int], **kw) -> list[Record]:
    return [rec(d, i, **kw) for i, d in enumerate(days_ago, start=1)]


def flags(records, as_of=AS_OF, **kw):
    return {f.rule: f for f in evaluate(records, as_of, **kw).flags}


# --- escalating-frequency ----------------------------------------------------------------


def freq_diary(recent: int, baseline_per_week: int, *, weeks: int = 12) -> list[Record]:
    """``baseline_per_week`` episodes in each 7-day block of as-of − 104 .. − 21, ``recent``
    in the last 21 days (spread over its days)."""
    days = []
    for block in range(weeks):
        end = 21 + 7 * block
        days += [end + 6 - (j % 7) for j in range(baseline_per_week)]
    days += [j % 21 for j in range(recent)]
    return diary(days)


def test_escalating_frequency_matches_the_formula():
    records = freq_diary(recent=15, baseline_per_week=2)  # 12 weeks of 2 = 24 in 84 days
    f = flags(records)["escalating-frequency"]
    r, b, k = 15, 24, 21 / 84
    z = (r - k * b) / math.sqrt(1.0 * k * (r + b))  # blocks all equal: φ = 1
    assert f.evidence == {"R": r, "B": b, "k": 0.25, "phi": 1.0, "z": round(z, 4)}
    assert f.severity == "see-doctor" and "more often" in f.title
    assert "15 episodes in the last 21 days" in f.detail


def test_escalating_frequency_just_below_its_z():
    # R = 14: z = (14 − 6) / √(0.25 · 38) = 2.595…; R = 12: z = 1.9 < 2.1.
    assert "escalating-frequency" in flags(freq_diary(recent=14, baseline_per_week=2))
    assert "escalating-frequency" not in flags(freq_diary(recent=12, baseline_per_week=2))


def test_escalating_frequency_z_threshold_is_inclusive():
    records = freq_diary(recent=13, baseline_per_week=2)
    z = (13 - 6) / math.sqrt(0.25 * 37)
    assert "escalating-frequency" in flags(records, thresholds=Thresholds(escalating_frequency_z=z))
    above = Thresholds(escalating_frequency_z=z + 1e-6)
    assert "escalating-frequency" not in flags(records, thresholds=above)


def test_escalating_frequency_dispersion_from_complete_blocks():
    # Alternating blocks of 0 and 4: mean 2, variance 48/11 → φ = 24/11.
    days = []
    for block in range(12):
        if block % 2:
            days += [21 + 7 * block + 6 - j for j in range(4)]
    days += [j % 21 for j in range(16)]
    f = flags(diary(days))
    phi = (sum((c - 2) ** 2 for c in [0, 4] * 6) / 11) / 2
    if "escalating-frequency" in f:
        assert f["escalating-frequency"].evidence["phi"] == round(phi, 4)
    z = (16 - 24 * 0.25) / math.sqrt(phi * 0.25 * 40)
    assert ("escalating-frequency" in f) == (z >= 2.1)


def test_escalating_frequency_needs_21_baseline_days_after_the_diary_start():
    # Diary starts 41 days back: baseline as-of − 41 .. − 21 = 21 days: enough.
    days = [41, 35, 28] + [j % 21 for j in range(12)]
    assert "escalating-frequency" in flags(diary(days))
    # Starting 40 days back leaves 20 baseline days: too few.
    assert "escalating-frequency" not in flags(diary([40, 35, 28] + [j % 21 for j in range(12)]))


def test_escalating_frequency_ratio_must_hold():
    # B = 24 over 84 days → k·B = 6; R = 8 < 1.5 · 6 even with a tiny z threshold.
    loose = Thresholds(escalating_frequency_z=0.0)
    assert "escalating-frequency" not in flags(freq_diary(8, 2), thresholds=loose)
    assert "escalating-frequency" in flags(freq_diary(9, 2), thresholds=loose)


# --- escalating-pain and -duration --------------------------------------------------------


def two_windows(recent: list[int], earlier: list[int], field: str = "pain") -> list[Record]:
    out = [rec(i % 14, i, **{field: v}) for i, v in enumerate(recent, start=1)]
    start = len(out) + 1
    out += [rec(14 + i % 84, start + i, **{field: v}) for i, v in enumerate(earlier)]
    return out


def test_escalating_pain_fires_with_evidence():
    f = flags(two_windows([7, 7, 8], [4, 4, 5, 4, 3]))["escalating-pain"]
    assert f.evidence["n1"] == 3 and f.evidence["n2"] == 5
    assert f.evidence["pairwise_median"] == 3 and f.evidence["z"] >= 1.96
    assert "Typical pain 7 out of 10" in f.detail and "Farrar 2001" in f.detail


@pytest.mark.parametrize(
    "recent, earlier",
    [
        ([6, 6, 6], [5, 5, 4, 5, 5]),  # pairwise median 1 < 2
        ([4, 4, 5], [1, 2, 2, 2, 1]),  # recent typical pain 4 < 5
        ([9], [1, 1, 1, 1]),  # 1 recent episode: 2 needed
        ([9, 9], [1, 1]),  # 2 earlier episodes: 3 needed
        ([6, 5], [3, 5, 6]),  # z below 1.96
    ],
)
def test_escalating_pain_just_below(recent, earlier):
    assert "escalating-pain" not in flags(two_windows(recent, earlier))


def test_escalating_pain_at_the_smallest_samples():
    # 2 recent and 3 earlier, all higher: S = 6, z = 6 / √(6·6/3·… ) ≥ 1.96?
    assert "escalating-pain" in flags(two_windows([8, 9], [2, 3, 4, 2, 3]))


def test_escalating_duration_at_twice_and_120_s():
    f = flags(two_windows([120, 120, 130], [60, 60, 60, 60, 60], "duration_s"))
    assert f["escalating-duration"].evidence["pairwise_median"] == 2
    below = two_windows([110, 115, 119], [50, 50, 50, 50, 50], "duration_s")
    assert "escalating-duration" not in flags(below)  # typical recent length < 120 s
    ratio = two_windows([150, 150, 150], [80, 80, 80, 80, 80], "duration_s")
    assert "escalating-duration" not in flags(ratio)  # 1.875 times < 2


# --- since and status ---------------------------------------------------------------------


def test_escalation_since_is_the_first_day_of_the_run_and_a_visit_that_day_discusses_it():
    records = freq_diary(recent=15, baseline_per_week=2)
    f = flags(records)["escalating-frequency"]
    since = f.since
    assert since < AS_OF and f.status in ("new", "ongoing")
    # As of the day before `since`, it did not fire; as of `since`, it did.
    day_before = since - timedelta(days=1)
    assert "escalating-frequency" not in flags(records, as_of=day_before)
    assert "escalating-frequency" in flags(records, as_of=since)
    assert flags(records, visits=[since])["escalating-frequency"].status == "discussed"
    assert flags(records, visits=[day_before])["escalating-frequency"].status != "discussed"
    assert (
        flags(records, visits=[since + timedelta(days=1)])["escalating-frequency"].status
        == "discussed"
    )


def test_episode_rule_is_new_again_when_new_evidence_follows_a_visit():
    old = rec(20, 1, duration_s=700)
    visit = AS_OF - timedelta(days=10)
    f = flags([old], visits=[visit])["prolonged"]
    assert f.status == "discussed" and f.since == old.day
    f = flags([old, rec(2, 2, duration_s=900)], visits=[visit])["prolonged"]
    assert f.status == "new" and f.since == AS_OF - timedelta(days=2)
    assert f.episode_ids == (1, 2)


def test_episode_rule_visit_on_the_day_before_and_after_its_evidence():
    e = rec(10, 1, symptoms=frozenset({"weakness"}))
    assert flags([e], visits=[e.day])["weakness"].status == "discussed"
    assert flags([e], visits=[e.day - timedelta(days=1)])["weakness"].status == "ongoing"
    assert flags([e], visits=[e.day + timedelta(days=1)])["weakness"].status == "discussed"
    assert flags([e])["weakness"].status == "ongoing"  # 10 days old, no visit
    assert flags([rec(6, 1, symptoms=frozenset({"weakness"}))])["weakness"].status == "new"


def test_visits_after_as_of_do_not_count():
    e = rec(3, 1, duration_s=700)
    report = evaluate([e], AS_OF, visits=[AS_OF + timedelta(days=1)])
    assert report.last_visit is None and report.flags[0].status == "new"


def test_standing_aggregate_rule_is_discussed_for_180_days_after_a_visit():
    records = diary([0, 0, 3, 5, 9])  # frequent: 5 on 4 days
    f = flags(records, visits=[AS_OF - timedelta(days=179)])["frequent"]
    assert f.status == "discussed"
    f = flags(records, visits=[AS_OF - timedelta(days=180)])["frequent"]
    assert f.status == "new" and f.since == AS_OF  # the 4th and 5th came today


def test_aggregate_since_walks_back_at_most_90_days():
    records = diary(list(range(0, 200)))  # an episode every day for 200 days
    f = flags(records)["persistent"]
    assert f.since == AS_OF - timedelta(days=90) and f.status == "ongoing"


# --- urgent wording by age -----------------------------------------------------------------


def test_urgent_wording_by_the_age_of_its_evidence():
    today = flags([rec(2, 1, duration_s=700)])["prolonged"]
    assert today.title.endswith("get medical advice today.")
    old = flags([rec(3, 1, duration_s=700)])["prolonged"]
    assert "on 22 November (3 days ago)" in old.title
    assert "if it is still there, get medical advice today" in old.title
    assert "mention it at your next appointment" in old.title


# --- sleep-disturbed, new-site, self-care-fails ---------------------------------------------


def test_sleep_disturbed_from_three_nights():
    # 23:00 on as-of − 13, 03:00 on as-of − 5 (night − 6), 22:00 on as-of.
    records = [rec(13, 1, hour=23), rec(5, 2, hour=3), rec(0, 3, hour=22)]
    f = flags(records)["sleep-disturbed"]
    assert f.episode_ids == (1, 2, 3) and f.evidence["nights"] == 3 and "NHS" in f.detail
    # 03:00 on as-of − 13 is night − 14: outside.
    records = [rec(13, 1, hour=3), rec(5, 2, hour=3), rec(0, 3, hour=22)]
    assert "sleep-disturbed" not in flags(records)
    # Two cramps on one night count once.
    records = [rec(5, 1, hour=23), rec(4, 2, hour=2), rec(0, 3, hour=22)]
    assert "sleep-disturbed" not in flags(records)


def test_sleep_disturbed_from_three_check_ins():
    days = [AS_OF - timedelta(days=d) for d in (13, 7, 0)]
    f = flags([], sleep_disturbed_days=days)["sleep-disturbed"]
    assert f.episode_ids == () and f.evidence["checkins"] == 3
    two = [AS_OF - timedelta(days=d) for d in (14, 7, 0)]
    assert "sleep-disturbed" not in flags([], sleep_disturbed_days=two)


def test_new_site_needs_a_diary_of_28_days():
    old = rec(40, 1, muscle_group="calf")
    f = flags([old, rec(12, 2, muscle_group="hand", side="right")])["new-site"]
    assert f.severity == "info" and f.episode_ids == (2,) and "Hand (right)" in f.detail
    # diary started 27 days before the new place: too young
    assert "new-site" not in flags([rec(39, 1), rec(12, 2, muscle_group="hand")])
    # the same muscle on the other side is a new pair; the same pair is not
    assert "new-site" in flags([old, rec(3, 2, muscle_group="calf", side="right")])
    assert "new-site" not in flags([old, rec(3, 2, muscle_group="calf", side="left")])
    # a pair logged before the given episodes (sites_before) is not new
    gone = flags(
        [rec(3, 2, muscle_group="hand")],
        diary_start=AS_OF - timedelta(days=200),
        sites_before={("hand", "left")},
    )
    assert "new-site" not in gone


def test_self_care_fails_is_a_share():
    fails = [rec(d, i, self_care="did-not-help") for i, d in enumerate((1, 2), start=1)]
    fine = [rec(3 + j, 10 + j) for j in range(6)]
    f = flags(fails + fine)["self-care-fails"]  # 2 of 8 = 25%
    assert f.evidence == {"episodes": 8, "matching": 2} and f.episode_ids == (2, 1)
    assert "self-care-fails" not in flags(fails + fine + [rec(20, 99)])  # 2 of 9
    assert "self-care-fails" not in flags(fails[:1])  # 1 of 1: fewer than 2


def test_empty_diary_and_later_episodes():
    assert evaluate([], AS_OF).flags == ()
    later = [rec(-1, 1, duration_s=900, symptoms=frozenset({"weakness"}))]
    assert evaluate(later, AS_OF).flags == ()


# --- properties of the pure evaluation -----------------------------------------------------

records_st = st.lists(
    st.builds(
        lambda d, h, m, side, dur, pain, sym, care: (d, h, m, side, dur, pain, sym, care),
        st.integers(-5, 200),
        st.integers(0, 23),
        st.sampled_from(["calf", "foot", "chest", "hand"]),
        st.sampled_from(["left", "right", "both", "none"]),
        st.integers(1, 2000),
        st.integers(0, 10),
        st.frozensets(st.sampled_from(["weakness", "tingling", "swelling", "redness"])),
        st.sampled_from([None, "helped", "did-not-help"]),
    ),
    max_size=60,
)
days_st = st.lists(st.integers(-3, 200), max_size=8)


def _records(rows) -> list[Record]:
    return [
        rec(
            d,
            i,
            hour=h,
            muscle_group=m,
            side=side,
            duration_s=dur,
            pain=p,
            symptoms=sym,
            self_care=care,
        )
        for i, (d, h, m, side, dur, p, sym, care) in enumerate(rows, start=1)
    ]


@settings(max_examples=150, deadline=None)
@given(records_st, days_st, days_st)
def test_evaluate_never_raises_and_states_are_consistent(rows, visits_ago, sleep_ago):
    records = _records(rows)
    visits = [AS_OF - timedelta(days=d) for d in visits_ago]
    sleep = [AS_OF - timedelta(days=d) for d in sleep_ago]
    report = evaluate(records, AS_OF, visits=visits, sleep_disturbed_days=sleep)
    known = {v for v in visits if v <= AS_OF}
    assert report.last_visit == (max(known) if known else None)
    order = [(SEVERITIES.index(f.severity)) for f in report.flags]
    assert order == sorted(order)
    ids = {r.id for r in records if r.day <= AS_OF}
    for f in report.flags:
        assert f.status in STATUSES
        assert AS_OF - timedelta(days=90) <= f.since <= AS_OF
        assert set(f.episode_ids) <= ids
        if f.status == "discussed":
            assert report.last_visit is not None
        if f.status == "new":
            assert f.since >= AS_OF - timedelta(days=6)
    # later records change nothing
    later = [rec(-1 - (i % 3), 10_000 + i, duration_s=900) for i in range(3)]
    again = evaluate(records + later, AS_OF, visits=visits, sleep_disturbed_days=sleep)
    assert again == report
