"""The flags: when the diary matches public guidance on when to see a doctor.

:func:`evaluate` is a pure function over plain inputs (episodes as :class:`Record`, the
diary's start, its visit days and the days whose check-in noted disturbed sleep); it builds
a :class:`Timeline` (per-day running totals over the window the rules read) so that each
rule, and the ``since`` look-back that re-evaluates an aggregate rule as of each of the 90
days before, costs a few additions. :func:`flag_report` reads that window from the store.
Every rule that fires is reported (none hides another), most severe first, then in table
order. docs/flags.md explains each rule, its source and its setting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from ..config import Thresholds
from ..domain import LEG_MUSCLES, format_duration
from ..text import SIDE_LABELS as SIDE_WORDS
from ..text import SYMPTOM_LABELS as SYMPTOM_WORDS
from ..text import day as format_day
from ..text import days as format_days
from ..text import join_words
from .days import last_days
from .records import Record
from .stats import (
    MannWhitney,
    RateRise,
    dispersion,
    mann_whitney,
    median,
    pairwise_median,
    rate_rise,
)

SEVERITIES: tuple[str, ...] = ("urgent", "see-doctor", "info")  # most severe first
STATUSES: tuple[str, ...] = ("new", "ongoing", "discussed")

SINCE_DAYS = 90  # `since` looks back at most this many days
NEW_DAYS = 7  # `new`: since within the last 7 days
VISIT_COVERS_DAYS = 180  # a visit covers standing patterns for 180 days
RECENT_DAYS = 14  # "the last 14 days"
SYMPTOM_DAYS = 28  # single-episode rules and share rules: the last 28 days
BLOCK_DAYS = 7
PERSISTENT_BLOCKS = 4
FREQ_RECENT_DAYS = 21  # escalating-frequency: recent days …
FREQ_BASELINE_FIRST = 104  # … and baseline days as-of − 104 .. as-of − 21
EARLIER_DAYS = 84  # escalating-pain/-duration: the 84 days before the last 14
URGENT_TODAY_DAYS = 2  # evidence up to 2 days old: "get medical advice today"
# Days before the as-of day that any rule, as of any day of the look-back, reads.
LOOKBACK_DAYS = SINCE_DAYS + max(FREQ_BASELINE_FIRST, RECENT_DAYS + EARLIER_DAYS - 1)

WARNING_SIGNS = frozenset({"numbness", "tingling", "skin-color-change", "swelling", "redness"})


@dataclass(frozen=True, slots=True)
class Flag:
    rule: str
    severity: str
    criterion: str
    title: str
    detail: str
    episode_ids: tuple[int, ...]
    since: date
    status: str  # new, ongoing or discussed
    evidence: dict[str, float | int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "criterion": self.criterion,
            "title": self.title,
            "detail": self.detail,
            "episode_ids": list(self.episode_ids),
            "since": self.since.isoformat(),
            "status": self.status,
            "evidence": dict(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class FlagReport:
    """What ``flags --json`` prints: the as-of day, the latest visit, the flags."""

    as_of: date
    last_visit: date | None
    flags: tuple[Flag, ...]

    def to_dict(self) -> dict:
        from ..messages import DISCLAIMER

        return {
            "as_of": self.as_of.isoformat(),
            "last_visit": self.last_visit.isoformat() if self.last_visit else None,
            "flags": [f.to_dict() for f in self.flags],
            "disclaimer": DISCLAIMER,
        }

    @property
    def new(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.status == "new")


# --- the timeline: per-day running totals ---------------------------------------------


def _night_of(r: Record) -> date:
    """Night D: from 22:00 on D to 06:00 on D + 1."""
    return r.day if r.hour >= 12 else r.day - timedelta(days=1)


def _no_obvious_cause(r: Record) -> bool:
    return r.exertion in ("rest", "light") and r.hydration in ("normal", "high")


class Timeline:
    """The episodes of days ``first``..``last`` by day, with running totals of what the
    rules count, so that any window's count is one subtraction."""

    def __init__(
        self,
        episodes: Iterable[Record],
        *,
        first: date,
        last: date,
        thresholds: Thresholds,
        diary_start: date | None,
        sleep_disturbed_days: Iterable[date] = (),
        sites_before: Collection[tuple[str, str]] = (),
    ) -> None:
        self.first, self.last, self.start = first, last, diary_start
        self.thresholds = thresholds
        self._fires: dict[tuple[str, date], bool] = {}  # (rule, as-of day) → fires
        self._since: dict[tuple[str, date], date] = {}
        self._origin, self._n = first.toordinal(), (last - first).days + 1
        n = (last - first).days + 1
        self.by_day: list[list[Record]] = [[] for _ in range(n)]
        ordered = sorted(episodes, key=lambda r: (r.day, r.hour, r.second, r.id))
        # ids of episodes at a (muscle, side) pair never logged before them (at the same
        # instant, neither came before the other)
        seen = set(sites_before)
        self.first_at_site: set[int] = set()
        moment: tuple[date, int, int] | None = None
        fresh: set[tuple[str, str]] = set()
        for r in ordered:
            pair = (r.muscle_group, r.side)
            if (r.day, r.hour, r.second) != moment:
                moment, fresh = (r.day, r.hour, r.second), set()
            if pair not in seen or pair in fresh:
                seen.add(pair)
                fresh.add(pair)
                self.first_at_site.add(r.id)
            if first <= r.day <= last:
                self.by_day[r.day.toordinal() - first.toordinal()].append(r)
        t = thresholds
        zeros = [0] * n

        def running(values: Iterable[int]) -> list[int]:
            return [0, *accumulate(values)]

        def per_day(test: Callable[[Record], bool]) -> list[int]:
            return running(sum(1 for r in rs if test(r)) for rs in self.by_day)

        self.all = running(len(rs) for rs in self.by_day)
        self.any = running(1 if rs else 0 for rs in self.by_day)
        self.severe = per_day(lambda r: r.pain >= t.severe_pain)
        self.no_cause = per_day(_no_obvious_cause)
        self.failed = per_day(lambda r: r.self_care == "did-not-help")
        self.low = per_day(lambda r: r.hydration == "low")
        self.vigorous = per_day(lambda r: r.exertion == "vigorous")
        self.night = per_day(lambda r: r.night)
        # Night D holds an episode: late on D (≥ 22:00) or early on D + 1 (< 06:00).
        late = [1 if any(r.hour >= 22 for r in rs) else 0 for rs in self.by_day]
        early = [1 if any(r.hour < 6 for r in rs) else 0 for rs in self.by_day]
        self.late = running(late)
        self.night_held = running(
            1 if late[i] or (i + 1 < n and early[i + 1]) else 0 for i in range(n)
        )
        sleep = list(zeros)
        for d in set(sleep_disturbed_days):
            if first <= d <= last:
                sleep[d.toordinal() - first.toordinal()] = 1
        self.sleep = running(sleep)
        self.sleep_days = sorted(d for d in set(sleep_disturbed_days) if first <= d <= last)

    def fires(self, rule: Rule, day: date) -> bool:
        """Whether ``rule`` fires as of ``day`` (remembered: the look-backs of consecutive
        as-of days share their days)."""
        key = (rule.id, day)
        found = self._fires.get(key)
        if found is None:
            found = self._fires[key] = rule.check(self, day, self.thresholds) is not None
        return found

    def since(self, rule: Rule, day: date) -> date:
        """The earliest S ≥ day − SINCE_DAYS such that ``rule`` fires as of every day
        S..day (``rule`` fires as of ``day``); remembered, and reused by the next day."""
        key = (rule.id, day)
        found = self._since.get(key)
        if found is not None:
            return found
        bound = day - timedelta(days=SINCE_DAYS)
        since = day
        while since > bound:
            before = since - timedelta(days=1)
            if not self.fires(rule, before):
                break
            known = self._since.get((rule.id, before))
            if known is not None:
                since = max(known, bound)
                break
            since = before
        self._since[key] = since
        return since

    def _index(self, day: date) -> int:
        return min(max(day.toordinal() - self._origin, 0), self._n)

    def count(self, totals: list[int], first: date, last: date) -> int:
        """Sum of a running total over days first..last (clipped to the timeline)."""
        i = min(max(first.toordinal() - self._origin, 0), self._n)
        j = min(max(last.toordinal() + 1 - self._origin, 0), self._n)
        return totals[j] - totals[i] if j > i else 0

    def records(self, first: date, last: date) -> list[Record]:
        i, j = self._index(first), self._index(last + timedelta(days=1))
        return [r for rs in self.by_day[i:j] for r in rs]

    def values(self, first: date, last: date, pick: Callable[[Record], int]) -> Counter:
        i, j = self._index(first), self._index(last + timedelta(days=1))
        return Counter(pick(r) for rs in self.by_day[i:j] for r in rs)

    def nights(self, as_of: date) -> int:
        """Nights D, as-of − 13 ≤ D ≤ as-of, holding an episode at night (night as-of: only
        its part before midnight, the rest is after the as-of day)."""
        before = self.count(self.night_held, as_of - timedelta(days=13), as_of - timedelta(days=1))
        return before + self.count(self.late, as_of, as_of)


# --- findings and wording -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fires: its evidence numbers, and how to word it (built only when shown)."""

    evidence: dict[str, float | int]
    explain: Callable[[], tuple[list[Record], str, str]]  # (evidence episodes, title, detail)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str  # "E" episode rule, "A" aggregate rule
    severity: str
    criterion: str
    check: Callable[[Timeline, date, Thresholds], Hit | None]
    escalation: bool = False


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


LISTED_DAYS = 6  # a detail names up to this many days; more become a range


def _on(records: Iterable[Record], as_of: date) -> str:
    days = sorted({r.day for r in records})
    if len(days) > LISTED_DAYS:
        return f"on {len(days)} days from {_day(days[0], as_of)} to {_day(days[-1], as_of)}"
    return "on " + format_days(days, as_of=as_of)


def _day(day: date, as_of: date) -> str:
    return format_day(day, year=day.year != as_of.year)


def _seconds(value: float) -> str:
    """600 → '10 minutes', 90 → '1m30s'."""
    value = int(round(value))
    if value % 60 == 0 and value >= 60:
        return _n(value // 60, "minute")
    return format_duration(value) if value >= 60 else _n(value, "second")


def _num(x: float) -> str:
    return f"{round(x, 1):g}"


def _meets_share(k: int, n: int, share: float) -> bool:
    return n > 0 and k / n >= share - 1e-12


def _symptoms_in(records: Sequence[Record], order: Iterable[str]) -> str:
    present = [SYMPTOM_WORDS[s] for s in order if any(s in r.symptoms for r in records)]
    return join_words(present)


def _urgent_title(lead: str, newest: date, as_of: date) -> str:
    """The urgent action worded by the age of the newest evidence."""
    age = (as_of - newest).days
    if age <= URGENT_TODAY_DAYS:
        return f"{lead}: get medical advice today."
    return (
        f"{lead} on {_day(newest, as_of)} ({age} days ago): if it is still there, get medical "
        "advice today; if it has passed, mention it at your next appointment."
    )


def _episode_rule(
    test: Callable[[Record, Thresholds], bool],
    words: Callable[[list[Record], date, Thresholds], tuple[str, str]],
    days: int = SYMPTOM_DAYS,
) -> Callable[[Timeline, date, Thresholds], Hit | None]:
    """A rule that fires on any matching episode in the last ``days`` days."""

    def check(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
        hits = [r for r in tl.records(a - timedelta(days=days - 1), a) if test(r, t)]
        if not hits:
            return None
        return Hit({"episodes": len(hits)}, lambda: (hits, *words(hits, a, t)))

    return check


# --- episode rules ----------------------------------------------------------------------


def _weakness_words(hits: list[Record], a: date, t: Thresholds) -> tuple[str, str]:
    lead = "You noted muscle weakness or wasting with a cramp"
    return _urgent_title(lead, hits[-1].day, a), (
        f"{_n(len(hits), 'episode')} in the last 28 days came with "
        f"{_symptoms_in(hits, ('weakness', 'atrophy'))}, {_on(hits, a)}; the Mayo Clinic "
        "advises seeing a doctor when cramps come with muscle weakness or wasting."
    )


def _prolonged_words(hits: list[Record], a: date, t: Thresholds) -> tuple[str, str]:
    lead = f"A cramp lasted longer than {_seconds(t.prolonged_s)}"
    longest = format_duration(max(r.duration_s for r in hits))
    return _urgent_title(lead, hits[-1].day, a), (
        f"{_n(len(hits), 'episode')} in the last 28 days lasted longer than "
        f"{_seconds(t.prolonged_s)} (the longest {longest}), {_on(hits, a)}; the NHS advises "
        "asking for an urgent appointment for cramps that last longer than 10 minutes."
    )


def _is_swollen_leg(r: Record, t: Thresholds) -> bool:
    return (
        r.muscle_group in LEG_MUSCLES
        and r.side != "both"
        and "swelling" in r.symptoms
        and bool(r.symptoms & {"redness", "skin-color-change"})
    )


def _swollen_leg_words(hits: list[Record], a: date, t: Thresholds) -> tuple[str, str]:
    lead = "A cramp in one leg came with swelling and redness or a colour change"
    found = _symptoms_in(hits, ("swelling", "redness", "skin-color-change"))
    return _urgent_title(lead, hits[-1].day, a), (
        f"{_n(len(hits), 'episode')} in one leg came with {found}, {_on(hits, a)}; one "
        "swollen, red or discoloured leg can be a blood clot, and the NHS advises getting "
        "help urgently for it."
    )


def _unusual_site_words(hits: list[Record], a: date, t: Thresholds) -> tuple[str, str]:
    lead = "You logged a cramp in the chest"
    return _urgent_title(lead, hits[-1].day, a), (
        f"{_n(len(hits), 'episode')} in the chest in the last 28 days, {_on(hits, a)}; chest "
        "pain is never assumed to be a cramp (MSD Manual): have it checked by a doctor, at once "
        "if it is severe or sudden."
    )


def _associated_words(hits: list[Record], a: date, t: Thresholds) -> tuple[str, str]:
    order = [s for s in SYMPTOM_WORDS if s in WARNING_SIGNS]
    return (
        f"{_n(len(hits), 'cramp')} came with {_symptoms_in(hits, order)}, which is worth "
        "showing a doctor."
    ), (
        f"{_n(len(hits), 'episode')} in the last 28 days came with {_symptoms_in(hits, order)}, "
        f"{_on(hits, a)}; the NHS advises seeing a GP when cramps come with numbness or "
        "swelling, and the Mayo Clinic when they come with skin changes."
    )


def _severe_pain_once(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    n = tl.count(tl.severe, a - timedelta(days=RECENT_DAYS - 1), a)
    if not 1 <= n < t.severe_pain_min_episodes:
        return None

    def explain() -> tuple[list[Record], str, str]:
        hits = _severe(tl, a, t)
        pains = join_words([str(r.pain) for r in hits])
        return (
            hits,
            (
                f"{_n(len(hits), 'cramp')} in the last 14 days was severely painful; one intense "
                "cramp is common, so just note whether more follow."
            ),
            (
                f"Pain {pains} out of 10 {_on(hits, a)}, the only "
                f"{'one' if len(hits) == 1 else 'ones'} this strong in the last 14 days; two "
                "or more in 2 weeks are worth showing a doctor."
            ),
        )

    return Hit({"episodes": n}, explain)


def _new_site(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    start = tl.start
    if start is None:
        return None
    hits = [
        r
        for r in tl.records(a - timedelta(days=RECENT_DAYS - 1), a)
        if r.id in tl.first_at_site and (r.day - start).days >= t.new_site_min_diary_days
    ]
    if not hits:
        return None

    def explain() -> tuple[list[Record], str, str]:
        places = join_words(
            [
                f"{r.muscle_group} ({SIDE_WORDS.get(r.side, r.side)}) on {_day(r.day, a)}"
                for r in hits
            ]
        )
        return (
            hits,
            (f"{_n(len(hits), 'cramp')} came in a place your diary had not held before."),
            (
                f"{places}: the first in that place since your diary started on {_day(start, a)}; "
                "note whether more follow there."
            ),
        )

    return Hit({"episodes": len(hits)}, explain)


# --- aggregate rules ----------------------------------------------------------------------


def _recent(a: date) -> tuple[date, date]:
    return a - timedelta(days=RECENT_DAYS - 1), a


def _last28(a: date) -> tuple[date, date]:
    return a - timedelta(days=SYMPTOM_DAYS - 1), a


def _severe(tl: Timeline, a: date, t: Thresholds) -> list[Record]:
    return [r for r in tl.records(*_recent(a)) if r.pain >= t.severe_pain]


def _severe_pain(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    n = tl.count(tl.severe, *_recent(a))
    if n < t.severe_pain_min_episodes:
        return None

    def explain() -> tuple[list[Record], str, str]:
        hits = _severe(tl, a, t)
        return (
            hits,
            (
                f"{n} cramps in the last 14 days were severely painful, which is worth showing a "
                "doctor."
            ),
            (
                f"{n} episodes with pain {t.severe_pain} or more out of 10 in the last 14 days, "
                f"{_on(hits, a)}; the Mayo Clinic advises seeing a doctor about cramps that cause "
                "severe discomfort."
            ),
        )

    return Hit({"episodes": n}, explain)


def _frequent_counts(tl: Timeline, a: date, t: Thresholds) -> tuple[int, int] | None:
    n, days = tl.count(tl.all, *_recent(a)), tl.count(tl.any, *_recent(a))
    if n >= t.frequent_min_episodes and days >= t.frequent_min_days:
        return n, days
    return None


def _frequent(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    found = _frequent_counts(tl, a, t)
    if found is None:
        return None
    n, days = found

    def explain() -> tuple[list[Record], str, str]:
        recent = tl.records(*_recent(a))
        return (
            recent,
            (f"{n} cramps came in the last 14 days, which is worth showing a doctor."),
            (
                f"{n} episodes on {days} different days in the last 14 days, {_on(recent, a)}; the "
                "Mayo Clinic advises seeing a doctor about frequent cramps, and studies of cramp "
                "treatment took in people with 4 or more cramps in 2 weeks (Roguin Maor 2017)."
            ),
        )

    return Hit({"episodes": n, "days": days}, explain)


def _persistent(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    counts = [
        tl.count(tl.all, a - timedelta(days=7 * k + 6), a - timedelta(days=7 * k))
        for k in reversed(range(PERSISTENT_BLOCKS))
    ]
    total = sum(counts)
    if min(counts) < 1 or total < t.persistent_min_episodes:
        return None

    def explain() -> tuple[list[Record], str, str]:
        first = a - timedelta(days=SYMPTOM_DAYS - 1)
        week_words = join_words([str(c) for c in counts])
        return (
            tl.records(first, a),
            (
                f"Cramps came in each of the last 4 weeks, {total} in all, which is worth "
                "showing a doctor."
            ),
            (
                f"{total} episodes in the 28 days from {_day(first, a)} to {_day(a, a)}, in every "
                f"one of its 4 weeks ({week_words} a week); studies of cramp treatment took in "
                "people with 6 or more cramps a month (Frusso 1999)."
            ),
        )

    return Hit({"episodes": total}, explain)


def _sleep_disturbed(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    first = a - timedelta(days=RECENT_DAYS - 1)
    nights, checkins = tl.nights(a), tl.count(tl.sleep, first, a)
    need = t.sleep_disturbed_min_nights
    if nights < need and checkins < need:
        return None

    def explain() -> tuple[list[Record], str, str]:
        hits = [r for r in tl.records(first, a) if r.night and first <= _night_of(r) <= a]
        parts = []
        if hits:
            parts.append(
                f"cramps came at night on {_n(nights, 'night')} of the last 14, {_on(hits, a)}"
            )
        if checkins:
            days = [d for d in tl.sleep_days if first <= d <= a]
            parts.append(
                f"your check-ins noted disturbed sleep on {_n(checkins, 'night')}, "
                f"on {format_days(days, as_of=a)}"
            )
        return (
            hits,
            ("Cramps have been disturbing your sleep, which is worth showing a doctor."),
            (
                f"{join_words(parts)[0].upper()}{join_words(parts)[1:]}; the NHS advises seeing a "
                "GP if cramps disturb your sleep."
            ),
        )

    return Hit({"nights": nights, "checkins": checkins}, explain)


def _frequency_test(tl: Timeline, a: date, t: Thresholds) -> tuple[RateRise, date, int] | None:
    """(the test, the first baseline day, the number of baseline days) or None."""
    if tl.start is None:
        return None
    base_first = max(a - timedelta(days=FREQ_BASELINE_FIRST), tl.start)
    base_last = a - timedelta(days=FREQ_RECENT_DAYS)
    nb = (base_last - base_first).days + 1
    if nb < t.escalating_min_baseline_days:
        return None
    r = tl.count(tl.all, a - timedelta(days=FREQ_RECENT_DAYS - 1), a)
    b = tl.count(tl.all, base_first, base_last)
    if r + b == 0:
        return None
    blocks = []
    end = base_last
    while end - timedelta(days=BLOCK_DAYS - 1) >= base_first:
        blocks.append(tl.count(tl.all, end - timedelta(days=BLOCK_DAYS - 1), end))
        end -= timedelta(days=BLOCK_DAYS)
    k = FREQ_RECENT_DAYS / nb
    return rate_rise(r, b, k, dispersion(blocks)), base_first, nb


def _escalating_frequency(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    found = _frequency_test(tl, a, t)
    if found is None:
        return None
    test, base_first, nb = found
    if not (
        test.r >= t.escalating_frequency_ratio * test.k * test.b - 1e-9
        and test.z >= t.escalating_frequency_z
    ):
        return None

    def explain() -> tuple[list[Record], str, str]:
        then, now = 7 * test.b / nb, 7 * test.r / FREQ_RECENT_DAYS
        return (
            tl.records(base_first, a),
            (
                "Cramps have come clearly more often in the last 3 weeks than before, which is "
                "worth showing a doctor."
            ),
            (
                f"{test.r} episodes in the last 21 days (about {_num(now)} a week), against "
                f"{test.b} in the {nb} days before them, from {_day(base_first, a)} (about "
                f"{_num(then)} a week); the Mayo Clinic advises seeing a doctor about frequent "
                "cramps."
            ),
        )

    evidence = {"R": test.r, "B": test.b, "k": test.k, "phi": test.phi, "z": test.z}
    return Hit({key: round(v, 4) for key, v in evidence.items()}, explain)


def _two_samples(
    tl: Timeline, a: date, t: Thresholds, pick: Callable[[Record], int], pair
) -> tuple[MannWhitney, Counter, float] | None:
    recent = tl.values(*_recent(a), pick)
    if sum(recent.values()) < t.escalating_min_recent:
        return None
    earlier = tl.values(
        a - timedelta(days=RECENT_DAYS + EARLIER_DAYS - 1), a - timedelta(days=RECENT_DAYS), pick
    )
    if sum(earlier.values()) < t.escalating_min_earlier:
        return None
    test = mann_whitney(recent, earlier)
    if test.variance <= 0 or test.z < t.escalating_z:
        return None
    middle = pairwise_median(recent, earlier, pair)
    return (test, recent, middle) if middle is not None else None


def _counter_median(values: Counter) -> float:
    found = median(sorted(values.elements()))
    assert found is not None
    return found


def _compared(tl: Timeline, a: date) -> list[Record]:
    return tl.records(a - timedelta(days=RECENT_DAYS + EARLIER_DAYS - 1), a)


def _mw_evidence(test: MannWhitney, pairwise: float) -> dict[str, float | int]:
    return {"n1": test.n1, "n2": test.n2, "z": round(test.z, 4), "pairwise_median": pairwise}


def _escalating_pain(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    found = _two_samples(tl, a, t, lambda r: r.pain, lambda x, y: x - y)
    if found is None:
        return None
    test, recent, rise = found
    now = _counter_median(recent)
    if not (rise >= t.escalating_pain_min_rise - 1e-9 and now >= t.escalating_pain_min_median):
        return None

    def explain() -> tuple[list[Record], str, str]:
        records = _compared(tl, a)
        before = median([r.pain for r in records if r.day < a - timedelta(days=RECENT_DAYS - 1)])
        return (
            records,
            (
                "Cramps in the last 2 weeks hurt clearly more than in the weeks before, which is "
                "worth showing a doctor."
            ),
            (
                f"Typical pain {_num(now)} out of 10 over the {test.n1} episodes of the last 14 "
                f"days, against {_num(before or 0)} over the {test.n2} episodes of the 84 days "
                f"before them: a recent cramp typically hurt {_num(rise)} points more than an "
                "earlier one; a change of 2 points on the 0–10 scale is one people feel as "
                "important (Farrar 2001)."
            ),
        )

    return Hit(_mw_evidence(test, rise), explain)


def _escalating_duration(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    found = _two_samples(tl, a, t, lambda r: r.duration_s, lambda x, y: x / y)
    if found is None:
        return None
    test, recent, ratio = found
    now = _counter_median(recent)
    if not (
        ratio >= t.escalating_duration_ratio - 1e-9 and now >= t.escalating_duration_min_median_s
    ):
        return None

    def explain() -> tuple[list[Record], str, str]:
        records = _compared(tl, a)
        first_recent = a - timedelta(days=RECENT_DAYS - 1)
        before = median([r.duration_s for r in records if r.day < first_recent])
        return (
            records,
            (
                "Cramps in the last 2 weeks lasted much longer than in the weeks before, which is "
                "worth showing a doctor."
            ),
            (
                f"Typical length {format_duration(round(now))} over the {test.n1} episodes of the "
                f"last 14 days, against {format_duration(round(before or 0))} over the {test.n2} "
                f"episodes of the 84 days before them: a recent cramp typically lasted "
                f"{_num(ratio)} times as long as an earlier one; the NHS advises an urgent "
                "appointment for cramps that last longer than 10 minutes."
            ),
        )

    return Hit(_mw_evidence(test, round(ratio, 4)), explain)


def _unexplained(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    found = _frequent_counts(tl, a, t)
    if found is None:
        return None
    n = found[0]
    k = tl.count(tl.no_cause, *_recent(a))
    if not _meets_share(k, n, t.unexplained_min_share):
        return None

    def explain() -> tuple[list[Record], str, str]:
        hits = [r for r in tl.records(*_recent(a)) if _no_obvious_cause(r)]
        return (
            hits,
            (
                f"{k} of your {n} cramps in the last 14 days came with no obvious cause such as "
                "hard exercise or too little to drink, which is worth showing a doctor."
            ),
            (
                f"{k} of the {n} episodes of the last 14 days came at rest or after light "
                f"activity, on a day with enough fluids, {_on(hits, a)}; the Mayo Clinic "
                "advises seeing a doctor about frequent cramps with no obvious cause."
            ),
        )

    return Hit({"episodes": n, "matching": k}, explain)


def _self_care_fails(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
    k, n = tl.count(tl.failed, *_last28(a)), tl.count(tl.all, *_last28(a))
    if k < t.self_care_fails_min_episodes or not _meets_share(k, n, t.self_care_fails_min_share):
        return None

    def explain() -> tuple[list[Record], str, str]:
        hits = [r for r in tl.records(*_last28(a)) if r.self_care == "did-not-help"]
        return (
            hits,
            (
                f"Self-care did not ease {k} of your {n} cramps in the last 4 weeks, which is "
                "worth showing a doctor."
            ),
            (
                f"Self-care did not help {k} of the {n} episodes in the last 28 days, "
                f"{_on(hits, a)}; the Mayo Clinic advises seeing a doctor when cramps do not get "
                "better with self-care."
            ),
        )

    return Hit({"episodes": n, "matching": k}, explain)


def _pattern(
    totals: Callable[[Timeline], list[int]],
    test: Callable[[Record], bool],
    share: Callable[[Thresholds], float],
    words: Callable[[int, int], tuple[str, str, str]],
) -> Callable[[Timeline, date, Thresholds], Hit | None]:
    def check(tl: Timeline, a: date, t: Thresholds) -> Hit | None:
        n, k = tl.count(tl.all, *_last28(a)), tl.count(totals(tl), *_last28(a))
        if n < t.pattern_min_episodes or not _meets_share(k, n, share(t)):
            return None

        def explain() -> tuple[list[Record], str, str]:
            hits = [r for r in tl.records(*_last28(a)) if test(r)]
            title, what, advice = words(k, n)
            return hits, title, f"{what}, {_on(hits, a)}; {advice}"

        return Hit({"episodes": n, "matching": k}, explain)

    return check


_dehydration_link = _pattern(
    lambda tl: tl.low,
    lambda r: r.hydration == "low",
    lambda t: t.dehydration_min_share,
    lambda k, n: (
        f"{k} of your {n} cramps in the last 4 weeks came on days when you drank little.",
        f"{k} of the {n} episodes of the last 28 days came on days with low fluids",
        "drinking enough through the day may help.",
    ),
)
_exertion_link = _pattern(
    lambda tl: tl.vigorous,
    lambda r: r.exertion == "vigorous",
    lambda t: t.exertion_min_share,
    lambda k, n: (
        f"{k} of your {n} cramps in the last 4 weeks followed vigorous activity.",
        f"{k} of the {n} episodes of the last 28 days followed vigorous activity",
        "rest and gentle stretching after exercise may help.",
    ),
)
_nocturnal = _pattern(
    lambda tl: tl.night,
    lambda r: r.night,
    lambda t: t.nocturnal_min_share,
    lambda k, n: (
        f"{k} of your {n} cramps in the last 4 weeks came at night, between 22:00 and 06:00.",
        f"{k} of the {n} episodes of the last 28 days started between 22:00 and 06:00",
        "gentle stretching before bed may help.",
    ),
)


# --- the table (docs/flags.md order) --------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        "weakness",
        "E",
        "urgent",
        "weakness-atrophy",
        _episode_rule(lambda r, t: bool(r.symptoms & {"weakness", "atrophy"}), _weakness_words),
    ),
    Rule(
        "prolonged",
        "E",
        "urgent",
        "frequency-duration",
        _episode_rule(lambda r, t: r.duration_s > t.prolonged_s, _prolonged_words),
    ),
    Rule(
        "swollen-leg",
        "E",
        "urgent",
        "associated-symptoms",
        _episode_rule(_is_swollen_leg, _swollen_leg_words),
    ),
    Rule(
        "unusual-site",
        "E",
        "urgent",
        "associated-symptoms",
        _episode_rule(lambda r, t: r.muscle_group == "chest", _unusual_site_words),
    ),
    Rule(
        "associated-symptoms",
        "E",
        "see-doctor",
        "associated-symptoms",
        _episode_rule(lambda r, t: bool(r.symptoms & WARNING_SIGNS), _associated_words),
    ),
    Rule("severe-pain", "A", "see-doctor", "intense-pain", _severe_pain),
    Rule("frequent", "A", "see-doctor", "frequency-duration", _frequent),
    Rule("persistent", "A", "see-doctor", "frequency-duration", _persistent),
    Rule("sleep-disturbed", "A", "see-doctor", "sleep", _sleep_disturbed),
    Rule(
        "escalating-frequency",
        "A",
        "see-doctor",
        "frequency-duration",
        _escalating_frequency,
        escalation=True,
    ),
    Rule("escalating-pain", "A", "see-doctor", "intense-pain", _escalating_pain, escalation=True),
    Rule(
        "escalating-duration",
        "A",
        "see-doctor",
        "frequency-duration",
        _escalating_duration,
        escalation=True,
    ),
    Rule("unexplained", "A", "see-doctor", "no-obvious-cause", _unexplained),
    Rule("self-care-fails", "A", "see-doctor", "self-care", _self_care_fails),
    Rule("severe-pain-once", "E", "info", "intense-pain", _severe_pain_once),
    Rule("new-site", "E", "info", "pattern", _new_site),
    Rule("dehydration-link", "A", "info", "pattern", _dehydration_link),
    Rule("exertion-link", "A", "info", "pattern", _exertion_link),
    Rule("nocturnal", "A", "info", "pattern", _nocturnal),
)
RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
ESCALATION_RULES: frozenset[str] = frozenset(r.id for r in RULES if r.escalation)


# --- evaluation -------------------------------------------------------------------------------


def _since(rule: Rule, tl: Timeline, a: date, records: list[Record]) -> date:
    if rule.kind == "E":
        return max(r.day for r in records) if records else a
    return tl.since(rule, a)


def _status(rule: Rule, a: date, since: date, records: list[Record], visit: date | None) -> str:
    if visit is not None:
        if rule.kind == "E":
            discussed = bool(records) and all(r.day <= visit for r in records)
        elif rule.escalation:
            discussed = since <= visit
        else:
            discussed = visit >= a - timedelta(days=VISIT_COVERS_DAYS - 1)
        if discussed:
            return "discussed"
    return "new" if since >= a - timedelta(days=NEW_DAYS - 1) else "ongoing"


def evaluate_timeline(tl: Timeline, as_of: date, *, visits: Iterable[date] = ()) -> FlagReport:
    """Every rule as of the end of ``as_of`` on a prepared :class:`Timeline` (which must
    cover as-of − LOOKBACK_DAYS .. as-of; later episodes in it are ignored). Reusing one
    timeline for many as-of days is what the alarm simulation does."""
    t = tl.thresholds
    visit = max((v for v in visits if v <= as_of), default=None)
    flags: list[Flag] = []
    for rule in RULES:
        hit = rule.check(tl, as_of, t)
        if hit is None:
            continue
        records, title, detail = hit.explain()
        records = sorted(records, key=lambda r: (r.day, r.hour, r.second, r.id))
        since = _since(rule, tl, as_of, records)
        flags.append(
            Flag(
                rule=rule.id,
                severity=rule.severity,
                criterion=rule.criterion,
                title=title,
                detail=detail[0].upper() + detail[1:] + ("" if detail.endswith(".") else "."),
                episode_ids=tuple(dict.fromkeys(r.id for r in records)),
                since=since,
                status=_status(rule, as_of, since, records, visit),
                evidence=hit.evidence,
            )
        )
    flags.sort(key=lambda f: SEVERITIES.index(f.severity))  # stable: table order within
    return FlagReport(as_of=as_of, last_visit=visit, flags=tuple(flags))


def evaluate(
    episodes: Iterable[Record],
    as_of: date,
    thresholds: Thresholds | None = None,
    *,
    diary_start: date | None = None,
    visits: Sequence[date] = (),
    sleep_disturbed_days: Sequence[date] = (),
    sites_before: Collection[tuple[str, str]] = (),
) -> FlagReport:
    """The flags as of the end of ``as_of``: a pure function of its inputs.

    ``episodes``: any order, any days (later ones are ignored; earlier ones matter only
    to ``new-site``). ``diary_start``: the local date of the diary's earliest record
    (episode or check-in); None = the earliest given episode or sleep day. ``visits``: the
    days of recorded doctor visits. ``sleep_disturbed_days``: the diary days whose check-in
    says the night's sleep was disturbed. ``sites_before``: (muscle group, side) pairs
    logged before the earliest of ``episodes`` (for ``new-site``).
    """
    t = thresholds or Thresholds()
    kept = [r for r in episodes if r.day <= as_of]
    sleep = [d for d in sleep_disturbed_days if d <= as_of]
    if diary_start is None:
        diary_start = min([r.day for r in kept] + sleep, default=None)
    first = as_of - timedelta(days=LOOKBACK_DAYS)
    tl = Timeline(
        kept,
        first=first,
        last=as_of,
        thresholds=t,
        diary_start=diary_start,
        sleep_disturbed_days=sleep,
        sites_before=sites_before,
    )
    return evaluate_timeline(tl, as_of, visits=visits)


# --- reading the store --------------------------------------------------------------------------


def flag_report(session, *, as_of: date, thresholds: Thresholds | None = None) -> FlagReport:
    """The flags as of the end of the local day ``as_of``, read from the store: the
    episodes of the window the rules read (LOOKBACK_DAYS days, through the started_at
    index), the diary's start (its earliest episode or check-in), the visits on or before
    ``as_of`` and the check-ins of the window that noted disturbed sleep.

    Every face that shows flags (``spasmlog flags``, the exports, the TUI) reads them here,
    so they agree.
    """
    from ..storage import repo
    from .records import fetch_records, sites_before

    window = last_days(as_of, LOOKBACK_DAYS + 1)
    records = fetch_records(session, window)
    start = repo.diary_start(session=session, as_of=as_of)
    visits = [m.day for m in repo.list_markers(session=session, kind="visit", until=as_of)]
    sleep = repo.sleep_disturbed_days(session=session, first=window.first, last=as_of)
    candidates = {
        (r.muscle_group, r.side) for r in records if r.day >= as_of - timedelta(days=RECENT_DAYS)
    }
    first_in_window: dict[tuple[str, str], date] = {}
    for r in records:
        first_in_window.setdefault((r.muscle_group, r.side), r.day)
    fresh = {p for p in candidates if first_in_window[p] >= as_of - timedelta(days=RECENT_DAYS)}
    # Only a diary begun before the window can have logged these sites earlier.
    earlier = fresh and start is not None and start < window.first
    before = sites_before(session, fresh, window.first) if earlier else set()
    return evaluate(
        records,
        as_of,
        thresholds,
        diary_start=start,
        visits=visits,
        sleep_disturbed_days=sleep,
        sites_before=before,
    )


def evaluate_flags(session, *, as_of: date, thresholds: Thresholds | None = None) -> list[Flag]:
    """The flags of :func:`flag_report`, as a list (for the screens and the exports)."""
    return list(flag_report(session, as_of=as_of, thresholds=thresholds).flags)
