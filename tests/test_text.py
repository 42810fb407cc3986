"""The shared presentation layer: one wording per value, one formatter per idea."""

from __future__ import annotations

from datetime import date

import pytest

from spasmlog import domain as d
from spasmlog import text as t


def test_severity_labels_are_the_documented_wordings():
    assert [t.severity_label(s) for s in ("urgent", "see-doctor", "info")] == [
        "See a doctor promptly",
        "Worth showing a doctor",
        "For your information",
    ]
    assert t.severity_label("urgent", clinician=True) == "Red flag"
    assert t.severity_label("info", clinician=True) == "For your information"


def test_every_symptom_and_side_has_a_label_and_skin_colour_is_spelled_one_way():
    assert set(t.SYMPTOM_LABELS) == set(d.SYMPTOMS)
    assert set(t.SIDE_LABELS) == set(d.SIDES)
    assert t.symptom_label("skin-color-change") == "skin colour change"
    assert t.symptom_label("skin-color-change", short=True) == "skin colour"
    assert t.side_label("none") == "side not given"
    assert t.self_care_label("did-not-help") == "did not help"
    assert t.level_label(None) == "not recorded"
    assert set(t.BAND_COLORS) == {d.pain_band(p) for p in range(11)}


@pytest.mark.parametrize(
    ("seconds", "short", "long"),
    [
        (None, "–", "–"),
        (5, "5s", "5 s"),
        (90, "1m30s", "1 min 30 s"),
        (600, "10m", "10 min"),
        (3720, "1h2m", "1 h 2 min"),
        (89.6, "1m30s", "1 min 30 s"),
    ],
)
def test_duration_short_is_the_typed_form_and_long_is_for_reports(seconds, short, long):
    assert t.duration(seconds) == short
    assert t.duration(seconds, long=True) == long
    if seconds is not None:
        assert d.parse_duration(t.duration(seconds)) == round(seconds)


def test_shares_numbers_dates_and_ids():
    assert [t.share(x) for x in (None, 0.0, 1 / 3, 1.0)] == ["–", "0%", "33%", "100%"]
    assert [t.number(x) for x in (None, 7, 6.25)] == ["–", "7", "6.2"]
    assert t.day(date(2026, 11, 24), year=True) == "24 November 2026"
    assert t.day(date(2026, 11, 24), short=True, year=False) == "24 Nov"
    assert t.days([date(2026, 11, 19), date(2026, 11, 11), date(2026, 11, 14)]) == (
        "11, 14 and 19 November"
    )
    assert t.episode_ids([]) == "–"
    assert t.episode_ids([3, 5, 9]) == "#3, #5 and #9"
    assert t.episode_ids(range(1, 15)).endswith("#12 and 2 more")
