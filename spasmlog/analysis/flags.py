"""The flags (SPEC §4.2): when the diary matches public guidance on when to see a doctor.

:func:`evaluate_flags` reads only the last 56 local days through the started_at index,
then :func:`evaluate` applies the rules, a pure function over plain records. Every rule
that fires is reported (none hides another), most severe first, then in the SPEC's table
order. docs/flags.md explains each rule and its source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ..config import Thresholds
from ..domain import LEG_MUSCLES, format_duration
from ..text import SYMPTOM_LABELS as SYMPTOM_WORDS
from ..text import day as format_day
from ..text import days as format_days
from ..text import join_words
from .days import Window, blocks, last_days
from .records import Record, fetch_records, has_episode_before
from .stats import mann_kendall, median

SEVERITIES: tuple[str, ...] = ("urgent", "see-doctor", "info")  # most severe first
RECENT_DAYS = 14  # "the last 14 days"
EARLIER_DAYS = 28  # "the 28 days before them"
SYMPTOM_DAYS = 28  # single-episode rules and patterns look at the last 28 days
BLOCK_DAYS = 7
PERSISTENT_BLOCKS = 4
ESCALATING_DAYS = 56  # escalating-frequency: the last 56 days
LOOKBACK_DAYS = max(ESCALATING_DAYS, RECENT_DAYS + EARLIER_DAYS, SYMPTOM_DAYS)

WARNING_SIGNS = frozenset({"numbness", "tingling", "skin-color-change", "swelling", "redness"})


@dataclass(frozen=True, slots=True)
class Flag:
    rule: str
    severity: str
    criterion: str
    title: str
    detail: str
    episode_ids: tuple[int, ...]

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "criterion": self.criterion,
            "title": self.title,
            "detail": self.detail,
            "episode_ids": list(self.episode_ids),
        }


@dataclass(frozen=True, slots=True)
class Diary:
    """What the rules see: the records of the lookback, and where the diary starts in it."""

    as_of: date
    records: tuple[Record, ...]  # local day within the lookback, chronological
    start: date | None  # first diary day within the lookback; None = no episodes

    def within(self, window: Window) -> list[Record]:
        return [r for r in self.records if r.day in window]

    @property
    def recent(self) -> list[Record]:
        return self.within(last_days(self.as_of, RECENT_DAYS))

    @property
    def earlier(self) -> list[Record]:
        return self.within(last_days(self.as_of, EARLIER_DAYS, skip=RECENT_DAYS))

    @property
    def last28(self) -> list[Record]:
        return self.within(last_days(self.as_of, SYMPTOM_DAYS))


# A finding: the evidence records and the detail sentence naming them.
Finding = tuple[Sequence[Record], str]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    criterion: str
    title: str  # may name a threshold: {prolonged}
    check: Callable[[Diary, Thresholds], Finding | None]


# --- wording helpers ------------------------------------------------------------------


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _on(records: Sequence[Record], as_of: date) -> str:
    return "on " + format_days((r.day for r in records), as_of=as_of)


def _seconds(value: float) -> str:
    """600 → '10 minutes', 90 → '1m30s'."""
    value = int(round(value))
    if value % 60 == 0 and value >= 60:
        return _n(value // 60, "minute")
    return format_duration(value) if value >= 60 else _n(value, "second")


def _share_words(k: int, n: int) -> str:
    return f"{k} of the {n} episodes"


def _meets_share(k: int, n: int, share: float) -> bool:
    return n > 0 and k / n >= share - 1e-12


def _num(x: float) -> str:
    return f"{x:g}"


# --- the rules: single episodes in the last 28 days -----------------------------------


def _weakness(d: Diary, t: Thresholds) -> Finding | None:
    hits = [r for r in d.last28 if r.symptoms & {"weakness", "atrophy"}]
    if not hits:
        return None
    found = _symptoms_in(hits, ("weakness", "atrophy"))
    return hits, (
        f"{_n(len(hits), 'episode')} in the last 28 days came with {found}, {_on(hits, d.as_of)}; "
        "the guide and the Mayo Clinic advise seeing a doctor when cramps come with muscle "
        "weakness or wasting."
    )


def _prolonged_unrelieved(d: Diary, t: Thresholds) -> Finding | None:
    hits = [r for r in d.last28 if r.duration_s > t.prolonged_s and r.self_care == "did-not-help"]
    if not hits:
        return None
    return hits, (
        f"{_n(len(hits), 'episode')} in the last 28 days lasted longer than "
        f"{_seconds(t.prolonged_s)} and self-care did not help (the longest "
        f"{format_duration(max(r.duration_s for r in hits))}), {_on(hits, d.as_of)}; a long cramp "
        "that does not ease should be checked by a doctor promptly."
    )


def _swollen_leg(d: Diary, t: Thresholds) -> Finding | None:
    hits = [
        r
        for r in d.last28
        if r.muscle_group in LEG_MUSCLES
        and r.side != "both"
        and "swelling" in r.symptoms
        and r.symptoms & {"redness", "skin-color-change"}
    ]
    if not hits:
        return None
    found = _symptoms_in(hits, ("swelling", "redness", "skin-color-change"))
    return hits, (
        f"{_n(len(hits), 'episode')} in one leg came with {found}, {_on(hits, d.as_of)}; one "
        "swollen, red or discoloured leg can be a blood clot, which needs a doctor the same day."
    )


def _unusual_site(d: Diary, t: Thresholds) -> Finding | None:
    hits = [r for r in d.last28 if r.muscle_group == "chest"]
    if not hits:
        return None
    return hits, (
        f"{_n(len(hits), 'episode')} in the chest in the last 28 days, {_on(hits, d.as_of)}; "
        "chest pain is never assumed to be a cramp: have it checked by a doctor, at once if "
        "it is severe or sudden."
    )


def _associated_symptoms(d: Diary, t: Thresholds) -> Finding | None:
    hits = [r for r in d.last28 if r.symptoms & WARNING_SIGNS]
    if not hits:
        return None
    found = _symptoms_in(hits, tuple(s for s in SYMPTOM_WORDS if s in WARNING_SIGNS))
    return hits, (
        f"{_n(len(hits), 'episode')} in the last 28 days came with {found}, "
        f"{_on(hits, d.as_of)}; the guide and the NHS advise seeing a doctor when cramps come "
        "with numbness, tingling, swelling or skin changes."
    )


def _prolonged(d: Diary, t: Thresholds) -> Finding | None:
    hits = [r for r in d.last28 if r.duration_s > t.prolonged_s]
    if not hits:
        return None
    return hits, (
        f"{_n(len(hits), 'episode')} in the last 28 days lasted longer than "
        f"{_seconds(t.prolonged_s)} (the longest {format_duration(max(r.duration_s for r in hits))}), "
        f"{_on(hits, d.as_of)}; the NHS advises seeing a GP about cramps that last longer "
        "than 10 minutes."
    )


def _symptoms_in(records: Sequence[Record], order: tuple[str, ...]) -> str:
    present = [SYMPTOM_WORDS[s] for s in order if any(s in r.symptoms for r in records)]
    return join_words(present)


# --- the rules: counts, trends and patterns -------------------------------------------


def _severe(d: Diary, t: Thresholds) -> list[Record]:
    return [r for r in d.recent if r.pain >= t.severe_pain]


def _severe_pain(d: Diary, t: Thresholds) -> Finding | None:
    hits = _severe(d, t)
    if len(hits) < t.severe_pain_min_episodes:
        return None
    return hits, (
        f"{len(hits)} episodes with pain {t.severe_pain} or more out of 10 in the last 14 days, "
        f"{_on(hits, d.as_of)}; the guide counts intense pain among the reasons to consult "
        "a professional."
    )


def _frequent_holds(d: Diary, t: Thresholds) -> bool:
    recent = d.recent
    return (
        len(recent) >= t.frequent_min_episodes
        and len({r.day for r in recent}) >= t.frequent_min_days
    )


def _frequent(d: Diary, t: Thresholds) -> Finding | None:
    if not _frequent_holds(d, t):
        return None
    recent = d.recent
    return recent, (
        f"{len(recent)} episodes in the last 14 days, {_on(recent, d.as_of)}; the guide "
        "suggests consulting a professional when spasms come this often."
    )


def _persistent(d: Diary, t: Thresholds) -> Finding | None:
    weeks = blocks(d.as_of, PERSISTENT_BLOCKS, BLOCK_DAYS)
    counts = [len(d.within(w)) for w in weeks]
    hits = d.within(Window(weeks[0].first, d.as_of))
    if min(counts) < 1 or len(hits) < t.persistent_min_episodes:
        return None
    return hits, (
        f"{len(hits)} episodes in the last 28 days ({format_day(weeks[0].first)} to "
        f"{format_day(d.as_of)}), in every one of its 4 weeks ({join_words([str(c) for c in counts])} "
        "a week); the guide suggests consulting a professional when spasms persist."
    )


def _escalating_frequency(d: Diary, t: Thresholds) -> Finding | None:
    if d.start is None:
        return None
    window = last_days(d.as_of, ESCALATING_DAYS)
    window = Window(max(window.first, d.start), d.as_of)
    n = window.length
    if n < t.escalating_min_days:
        return None
    days = window.days()
    per_day = {day: 0 for day in days}
    hits = d.within(window)
    for r in hits:
        per_day[r.day] += 1
    counts = [per_day[day] for day in days]
    half = n // 2  # an odd count's middle day belongs to neither half
    earlier, later = sum(counts[:half]), sum(counts[n - half :])
    test = mann_kendall(counts)
    rising = (
        later >= t.escalating_ratio * earlier - 1e-9
        and later - earlier >= t.escalating_min_increase
    )
    if not (test.p_greater < t.escalating_p and rising):
        return None
    return hits, (
        f"{later} episodes in the later {half} days against {earlier} in the earlier {half}, "
        f"over the {n} days from {format_day(window.first, year=window.first.year != d.as_of.year)} "
        f"to {format_day(d.as_of)}; the daily counts rise steadily (trend test p = {test.p_greater:.3f}), "
        "and the guide suggests consulting a professional when spasms come more and more often."
    )


def _escalation_windows(d: Diary, t: Thresholds) -> tuple[list[Record], list[Record]] | None:
    recent, earlier = d.recent, d.earlier
    if len(recent) < t.escalating_min_episodes or len(earlier) < t.escalating_min_episodes:
        return None
    return recent, earlier


def _escalating_pain(d: Diary, t: Thresholds) -> Finding | None:
    windows = _escalation_windows(d, t)
    if windows is None:
        return None
    recent, earlier = windows
    now, before = median([r.pain for r in recent]), median([r.pain for r in earlier])
    assert now is not None and before is not None  # both windows hold episodes
    if not (now >= t.escalating_pain_min_median and now - before >= t.escalating_pain_min_rise):
        return None
    return earlier + recent, (
        f"median pain {_num(now)} out of 10 over the {len(recent)} episodes of the last 14 days, "
        f"against {_num(before)} over the {len(earlier)} episodes of the 28 days before them; "
        "a change of 2 points or more on the 0–10 scale is one people feel as important."
    )


def _escalating_duration(d: Diary, t: Thresholds) -> Finding | None:
    windows = _escalation_windows(d, t)
    if windows is None:
        return None
    recent, earlier = windows
    now, before = median([r.duration_s for r in recent]), median([r.duration_s for r in earlier])
    assert now is not None and before is not None  # both windows hold episodes
    if not (
        now >= t.escalating_duration_min_median_s
        and now >= t.escalating_duration_ratio * before - 1e-9
    ):
        return None
    return earlier + recent, (
        f"median duration {format_duration(round(now))} over the {len(recent)} episodes of the "
        f"last 14 days, against {format_duration(round(before))} over the {len(earlier)} episodes "
        "of the 28 days before them; the guide suggests consulting a professional when spasms "
        "persist or worsen."
    )


def _no_obvious_cause(r: Record) -> bool:
    return r.exertion in ("rest", "light") and r.hydration in ("normal", "high")


def _unexplained(d: Diary, t: Thresholds) -> Finding | None:
    if not _frequent_holds(d, t):
        return None
    recent = d.recent
    hits = [r for r in recent if _no_obvious_cause(r)]
    if not _meets_share(len(hits), len(recent), t.unexplained_min_share):
        return None
    return hits, (
        f"{_share_words(len(hits), len(recent))} of the last 14 days came at rest or after light "
        f"activity, on a day with enough fluids, {_on(hits, d.as_of)}; the Mayo Clinic advises "
        "seeing a doctor about frequent cramps with no obvious cause."
    )


def _self_care_fails(d: Diary, t: Thresholds) -> Finding | None:
    hits = [r for r in d.last28 if r.self_care == "did-not-help"]
    if len(hits) < t.self_care_fails_min_episodes:
        return None
    return hits, (
        f"self-care did not help {len(hits)} episodes in the last 28 days, {_on(hits, d.as_of)}; "
        "the Mayo Clinic advises seeing a doctor when cramps do not get better with self-care."
    )


def _severe_pain_once(d: Diary, t: Thresholds) -> Finding | None:
    hits = _severe(d, t)
    if not 1 <= len(hits) < t.severe_pain_min_episodes:
        return None
    pains = join_words([str(r.pain) for r in hits])
    return hits, (
        f"pain {pains} out of 10 {_on(hits, d.as_of)}, the only "
        f"{'one' if len(hits) == 1 else 'ones'} this strong in the last 14 days; one intense "
        "cramp is common, but if more follow it is worth talking to a doctor."
    )


def _pattern(d: Diary, t: Thresholds, test: Callable[[Record], bool], share: float):
    episodes = d.last28
    hits = [r for r in episodes if test(r)]
    if len(episodes) < t.pattern_min_episodes or not _meets_share(len(hits), len(episodes), share):
        return None
    return hits, episodes


def _dehydration_link(d: Diary, t: Thresholds) -> Finding | None:
    found = _pattern(d, t, lambda r: r.hydration == "low", t.dehydration_min_share)
    if found is None:
        return None
    hits, episodes = found
    return hits, (
        f"{_share_words(len(hits), len(episodes))} of the last 28 days came on days when you "
        f"drank little, {_on(hits, d.as_of)}; drinking enough through the day may help."
    )


def _exertion_link(d: Diary, t: Thresholds) -> Finding | None:
    found = _pattern(d, t, lambda r: r.exertion == "vigorous", t.exertion_min_share)
    if found is None:
        return None
    hits, episodes = found
    return hits, (
        f"{_share_words(len(hits), len(episodes))} of the last 28 days followed vigorous "
        f"activity, {_on(hits, d.as_of)}; rest and gentle stretching after exercise may help."
    )


def _nocturnal(d: Diary, t: Thresholds) -> Finding | None:
    found = _pattern(d, t, lambda r: r.night, t.nocturnal_min_share)
    if found is None:
        return None
    hits, episodes = found
    return hits, (
        f"{_share_words(len(hits), len(episodes))} of the last 28 days started between 22:00 "
        f"and 06:00, {_on(hits, d.as_of)}; gentle stretching before bed may help."
    )


# --- the table (SPEC §4.2 order) ------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        "weakness",
        "urgent",
        "weakness-atrophy",
        "You noted muscle weakness or wasting with a cramp: please see a doctor soon.",
        _weakness,
    ),
    Rule(
        "prolonged-unrelieved",
        "urgent",
        "frequency-duration",
        "A cramp lasted longer than {prolonged} and self-care did not ease it: please get medical advice soon.",
        _prolonged_unrelieved,
    ),
    Rule(
        "swollen-leg",
        "urgent",
        "associated-symptoms",
        "A cramp in one leg came with swelling and redness or a colour change, which can be a clot: please get medical care today.",
        _swollen_leg,
    ),
    Rule(
        "unusual-site",
        "urgent",
        "associated-symptoms",
        "You logged a cramp in the chest, and chest pain always needs a doctor's check: please get medical advice soon.",
        _unusual_site,
    ),
    Rule(
        "associated-symptoms",
        "see-doctor",
        "associated-symptoms",
        "Some cramps came with numbness, tingling, swelling or skin changes, which are worth showing a doctor.",
        _associated_symptoms,
    ),
    Rule(
        "prolonged",
        "see-doctor",
        "frequency-duration",
        "A cramp lasted longer than {prolonged}, which is worth mentioning to a doctor.",
        _prolonged,
    ),
    Rule(
        "severe-pain",
        "see-doctor",
        "intense-pain",
        "Several cramps in the last two weeks were severely painful, which is worth discussing with a doctor.",
        _severe_pain,
    ),
    Rule(
        "frequent",
        "see-doctor",
        "frequency-duration",
        "Cramps have come often in the last two weeks, which is worth discussing with a doctor.",
        _frequent,
    ),
    Rule(
        "persistent",
        "see-doctor",
        "frequency-duration",
        "Cramps have come every week for the last four weeks, which is worth discussing with a doctor.",
        _persistent,
    ),
    Rule(
        "escalating-frequency",
        "see-doctor",
        "frequency-duration",
        "Cramps have been coming more and more often over the last weeks, which is worth discussing with a doctor.",
        _escalating_frequency,
    ),
    Rule(
        "escalating-pain",
        "see-doctor",
        "intense-pain",
        "Cramps in the last two weeks hurt clearly more than in the weeks before, which is worth discussing with a doctor.",
        _escalating_pain,
    ),
    Rule(
        "escalating-duration",
        "see-doctor",
        "frequency-duration",
        "Cramps in the last two weeks lasted much longer than in the weeks before, which is worth discussing with a doctor.",
        _escalating_duration,
    ),
    Rule(
        "unexplained",
        "see-doctor",
        "no-obvious-cause",
        "Frequent cramps came without an obvious cause such as hard exercise or too little to drink, which is worth discussing with a doctor.",
        _unexplained,
    ),
    Rule(
        "self-care-fails",
        "see-doctor",
        "self-care",
        "Stretching and other self-care did not ease several cramps, which is worth discussing with a doctor.",
        _self_care_fails,
    ),
    Rule(
        "severe-pain-once",
        "info",
        "intense-pain",
        "One cramp in the last two weeks was severely painful; that alone is common, so just note whether more follow.",
        _severe_pain_once,
    ),
    Rule(
        "dehydration-link",
        "info",
        "pattern",
        "Many of your cramps came on days when you drank little.",
        _dehydration_link,
    ),
    Rule(
        "exertion-link",
        "info",
        "pattern",
        "Many of your cramps followed vigorous activity.",
        _exertion_link,
    ),
    Rule(
        "nocturnal",
        "info",
        "pattern",
        "Many of your cramps come at night, between 22:00 and 06:00.",
        _nocturnal,
    ),
)
RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)


# --- evaluation -----------------------------------------------------------------------


def evaluate(diary: Diary, thresholds: Thresholds | None = None) -> list[Flag]:
    """Apply every rule to ``diary``; most severe first, then table order."""
    t = thresholds or Thresholds()
    words = {"prolonged": _seconds(t.prolonged_s)}
    flags: list[Flag] = []
    for rule in RULES:
        finding = rule.check(diary, t)
        if finding is None:
            continue
        evidence, detail = finding
        ordered = sorted(evidence, key=lambda r: (r.day, r.hour, r.id))
        flags.append(
            Flag(
                rule=rule.id,
                severity=rule.severity,
                criterion=rule.criterion,
                title=rule.title.format(**words),
                detail=detail[0].upper() + detail[1:],
                episode_ids=tuple(dict.fromkeys(r.id for r in ordered)),
            )
        )
    flags.sort(key=lambda f: SEVERITIES.index(f.severity))  # stable: table order within a severity
    return flags


def make_diary(records: Sequence[Record], *, as_of: date, earlier_exists: bool = False) -> Diary:
    """A Diary from records (any order, any days): keeps the lookback, finds its start."""
    lookback = last_days(as_of, LOOKBACK_DAYS)
    kept = tuple(
        sorted((r for r in records if r.day in lookback), key=lambda r: (r.day, r.hour, r.id))
    )
    start: date | None
    if earlier_exists:
        start = lookback.first
    else:
        start = kept[0].day if kept else None
    return Diary(as_of=as_of, records=kept, start=start)


def evaluate_flags(session, *, as_of: date, thresholds: Thresholds | None = None) -> list[Flag]:
    """The flags as of the end of the local day ``as_of`` (later episodes are ignored)."""
    lookback = last_days(as_of, LOOKBACK_DAYS)
    records = fetch_records(session, lookback)
    earlier = has_episode_before(session, lookback.first) if records else False
    return evaluate(make_diary(records, as_of=as_of, earlier_exists=earlier), thresholds)


def flags_report(as_of: date, flags: Sequence[Flag]) -> dict:
    """The ``flags --json`` shape: as_of, the flags, and the disclaimer."""
    from ..messages import DISCLAIMER

    return {
        "as_of": as_of.isoformat(),
        "flags": [f.to_dict() for f in flags],
        "disclaimer": DISCLAIMER,
    }
