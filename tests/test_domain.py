"""The domain's parsers: exactly the allowed values, the same words everywhere."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from common import NOW, make_episode
from hypothesis import given, settings
from hypothesis import strategies as st

from spasmlog import domain as d
from spasmlog.errors import ValidationError

# --- muscle groups ----------------------------------------------------------------------


@pytest.mark.parametrize("name", d.MUSCLE_GROUPS)
def test_every_canonical_muscle_group_is_accepted_in_any_case(name):
    assert d.parse_muscle(name) == name
    assert d.parse_muscle(f"  {name.upper()} ") == name


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("calves", "calf"),
        ("Quads", "quadriceps"),
        ("hammy", "hamstring"),
        ("lower back", "lower-back"),
        ("upper_back", "upper-back"),
        ("Glutes", "glute"),
        ("feet", "foot"),
        ("thumb", "fingers"),
    ],
)
def test_aliases_map_to_the_canonical_name(alias, canonical):
    assert d.parse_muscle(alias) == canonical


def test_unknown_muscle_is_refused_with_the_closest_suggestion():
    with pytest.raises(ValidationError) as e:
        d.parse_muscle("calfs")
    assert str(e.value) == "unknown muscle group 'calfs' — did you mean calf?"
    assert e.value.field == "muscle_group"


def test_unknown_muscle_without_a_close_match_lists_what_is_allowed():
    with pytest.raises(ValidationError, match=r"allowed: foot, toes, calf"):
        d.parse_muscle("zzzzzz")


def test_ambiguous_muscle_names_ask_which():
    with pytest.raises(ValidationError, match="lower-back or upper-back"):
        d.parse_muscle("back")


# --- durations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45s", 45),
        ("2m", 120),
        ("1m30s", 90),
        ("1h", 3600),
        ("90", 90),
        ("1 min", 60),
        ("2:30", 150),
        ("1h2m3s", 3723),
        ("24h", 86400),
        ("1", 1),
    ],
)
def test_duration_forms(text, seconds):
    assert d.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0", "0s", "24h1s", "86401", "", "abc", "1.5m", "-5", "m", "2x"])
def test_bad_durations_are_refused_with_the_allowed_forms(text):
    with pytest.raises(ValidationError, match="use seconds or a form like 45s, 2m, 1m30s or 1h"):
        d.parse_duration(text)


@given(st.integers(min_value=1, max_value=86_400))
def test_format_duration_round_trips(seconds):
    assert d.parse_duration(d.format_duration(seconds)) == seconds


# --- pain -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", range(0, 11))
def test_pain_scale(value):
    assert d.parse_pain(str(value)) == value


@pytest.mark.parametrize("text", ["11", "-1", "5.5", "", "ten", "100"])
def test_bad_pain_is_refused(text):
    with pytest.raises(ValidationError, match=r"from 0 \(no pain\) to 10"):
        d.parse_pain(text)


def test_pain_bands():
    assert [d.pain_band(p) for p in (0, 1, 3, 4, 6, 7, 10)] == [
        "none",
        "mild",
        "mild",
        "moderate",
        "moderate",
        "severe",
        "severe",
    ]


# --- times ------------------------------------------------------------------------------


def test_relative_and_clock_times_use_the_frozen_clock():
    assert d.parse_when("-2h", NOW) == NOW - timedelta(hours=2)
    assert d.parse_when("-30m", NOW) == NOW - timedelta(minutes=30)
    assert d.parse_when("03:10", NOW) == datetime(2026, 11, 25, 3, 10, tzinfo=NOW.tzinfo)
    assert d.parse_when("yesterday 23:40", NOW) == datetime(2026, 11, 24, 23, 40, tzinfo=NOW.tzinfo)
    assert d.parse_when("now", NOW) == NOW


def test_iso_times_keep_their_offset_and_naive_ones_get_the_local_one():
    tokyo = d.parse_when("2026-11-20T23:30:00+09:00", NOW)
    assert tokyo.utcoffset() == timedelta(hours=9) and tokyo.hour == 23
    naive = d.parse_when("2026-11-20 06:15", NOW)
    assert naive.utcoffset() == timedelta(hours=1) and naive.hour == 6


def test_future_beyond_five_minutes_is_refused_but_five_minutes_is_accepted():
    assert d.parse_when((NOW + timedelta(minutes=5)).isoformat(), NOW) == NOW + timedelta(minutes=5)
    with pytest.raises(ValidationError, match="in the future"):
        d.parse_when((NOW + timedelta(minutes=5, seconds=1)).isoformat(), NOW)
    with pytest.raises(ValidationError, match="yesterday 23:00"):
        d.parse_when("23:00", NOW)


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "25:00", "2026-13-01T00:00", "2026-11-20", "yesterday", "-", "12:60"]
)
def test_bad_times_are_refused(text):
    with pytest.raises(ValidationError):
        d.parse_when(text, NOW)


def test_dst_local_time_uses_the_system_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        summer = d.parse_when("2026-07-01T03:00")
        winter = d.parse_when("2026-01-15T03:00")
        assert summer.utcoffset() == timedelta(hours=1)
        assert winter.utcoffset() == timedelta(0)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_stored_form_round_trips_with_the_offset():
    start = datetime(2026, 3, 29, 3, 0, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
    back = d.from_stored(d.to_utc_text(start), -330)
    assert back == start and back.hour == 3 and back.utcoffset() == start.utcoffset()


# --- the other fields --------------------------------------------------------------------


def test_levels_and_unrecorded_words():
    assert d.parse_hydration("LOW") == "low"
    assert d.parse_hydration("-") is None
    assert d.parse_exertion("Vigorous") == "vigorous"
    assert d.parse_self_care("didn't help".replace("'", "")) == "did-not-help"
    assert d.parse_self_care("yes") == "helped"
    with pytest.raises(ValidationError, match="allowed: low, normal, high"):
        d.parse_hydration("medium")


def test_symptoms_accept_lists_and_separators_and_come_out_in_spec_order():
    assert d.parse_symptoms(["tingling,numbness", "weak"]) == ("weakness", "numbness", "tingling")
    assert d.parse_symptoms(["skin colour change"]) == ("skin-color-change",)
    with pytest.raises(ValidationError, match="unknown symptom 'itchy'"):
        d.parse_symptoms(["itchy"])


def test_notes_limit_and_content():
    assert d.parse_notes("x" * 2000) == "x" * 2000
    with pytest.raises(ValidationError, match="2,001 characters long — at most 2,000"):
        d.parse_notes("x" * 2001)
    assert d.parse_notes("   ") is None
    assert d.parse_notes("café — ça va 🦵\nline two") == "café — ça va 🦵\nline two"
    with pytest.raises(ValidationError):
        d.parse_notes("bad \ud800 surrogate")


def test_validate_episode_refuses_each_bad_field():
    for bad in (
        dict(pain=11),
        dict(duration_s=0),
        dict(muscle_group="wing"),
        dict(side="up"),
        dict(hydration="wet"),
        dict(exertion="max"),
        dict(symptoms=("itch",)),
        dict(self_care="maybe"),
        dict(started_at=datetime(2026, 1, 1)),
    ):
        with pytest.raises(ValidationError):
            d.validate_episode(make_episode(**bad))


def test_to_dict_has_the_csv_keys():
    ep = make_episode(symptoms=("tingling",))
    assert list(ep.to_dict()) == list(d.EPISODE_FIELDS)
    assert ep.to_dict()["symptoms"] == ["tingling"] and ep.to_dict()["notes"] is None


# --- every parser: a valid value or our own error, never anything else --------------------

PARSERS = [
    d.parse_muscle,
    d.parse_side,
    d.parse_pain,
    d.parse_duration,
    d.parse_hydration,
    d.parse_exertion,
    d.parse_self_care,
    d.parse_symptom,
    d.parse_notes,
    d.parse_date,
    d.parse_instant,
    lambda s: d.parse_when(s, NOW),
    lambda s: d.parse_symptoms([s]),
]


@settings(max_examples=300)
@given(text=st.text(max_size=40), which=st.sampled_from(range(len(PARSERS))))
def test_parsers_return_a_valid_value_or_raise_validation_error(text, which):
    parser = PARSERS[which]
    try:
        value = parser(text)
    except ValidationError as e:
        assert str(e) and "\n" not in str(e).strip("\n")
        return
    # Whatever was accepted is valid for the record.
    if parser is d.parse_muscle:
        assert value in d.MUSCLE_GROUPS
    elif parser is d.parse_side:
        assert value in d.SIDES
    elif parser is d.parse_pain:
        assert 0 <= value <= 10
    elif parser is d.parse_duration:
        assert 1 <= value <= 86400
    elif parser in (d.parse_hydration, d.parse_exertion, d.parse_self_care):
        assert value is None or value in d.HYDRATION_LEVELS + d.EXERTION_LEVELS + d.SELF_CARE_VALUES


@given(st.sampled_from(d.MUSCLE_GROUPS + tuple(d.MUSCLE_ALIASES)), st.sampled_from(["", " ", "  "]))
def test_every_name_and_alias_is_accepted_with_spacing_and_case(name, pad):
    assert d.parse_muscle(pad + name.upper().replace("-", " ") + pad) in d.MUSCLE_GROUPS
