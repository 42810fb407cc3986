"""FHIR R4 export: validates with fhir.resources (R4B), and the codes and ranges are ours to
check."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from common import NOW, add, make_episode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import typed_text, valid_episodes

from spasmlog import domain as d
from spasmlog.cli import run
from spasmlog.export import fhir

# The codes docs/fhir.md lists with their sources; a change here must change the docs too.
LOINC_SYMPTOM = "75325-1"
LOINC_PAIN = "72514-3"
SNOMED_CRAMP = "55300003"
SNOMED_SITES = {
    "56459004",
    "29707007",
    "53840002",
    "30021000",
    "68367000",
    "26893007",
    "29836001",
    "46862004",
    "818981001",
    "52612000",
    "77568009",
    "43799004",
    "45048000",
    "16982005",
    "40983000",
    "14975008",
    "85562004",
    "7569003",
    "661005",
    "89545001",
    "80243003",
}
SNOMED_SIDES = {"left": "7771000", "right": "24028007", "both": "51440002"}
SNOMED_SYMPTOMS = {"26544005", "44077006", "62507009", "65124004", "247441003"}


def bundle_json(db_path, *argv) -> dict:
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["--db", str(db_path), "export", "--format", "fhir", *argv], now=NOW, out=out, err=err
    )
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def validate(data: dict):
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate(data)


def check_codes(data: dict, episodes: list[d.Episode]) -> None:
    """Every Observation against its episode: codes, value ranges, period, laterality."""
    assert data["resourceType"] == "Bundle" and data["type"] == "collection"
    entries = data.get("entry", [])
    assert len(entries) == len(episodes)
    urls = [e["fullUrl"] for e in entries]
    assert len(set(urls)) == len(urls) and all(u.startswith("urn:uuid:") for u in urls)
    for entry, ep in zip(entries, episodes, strict=True):
        obs = entry["resource"]
        assert obs["resourceType"] == "Observation" and obs["status"] == "final"
        assert obs["code"]["coding"] == [
            {"system": "http://loinc.org", "code": LOINC_SYMPTOM, "display": "Symptom"}
        ]
        assert obs["valueCodeableConcept"]["coding"][0]["system"] == "http://snomed.info/sct"
        assert obs["valueCodeableConcept"]["coding"][0]["code"] == SNOMED_CRAMP
        start = datetime.fromisoformat(obs["effectivePeriod"]["start"])
        end = datetime.fromisoformat(obs["effectivePeriod"]["end"])
        assert start == ep.started_at and start.utcoffset() == ep.started_at.utcoffset()
        assert (end - start).total_seconds() == ep.duration_s
        site = obs["bodySite"]
        assert ep.muscle_group.split("-")[0] in site["text"] or ep.muscle_group == "glute"
        if ep.muscle_group == "other":
            assert "coding" not in site
        else:
            (coding,) = site["coding"]
            assert coding["system"] == "http://snomed.info/sct" and coding["code"] in SNOMED_SITES
        if ep.side in SNOMED_SIDES:
            (ext,) = site["extension"]
            assert (
                ext["url"]
                == "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
            )
            assert ext["valueCodeableConcept"]["coding"][0]["code"] == SNOMED_SIDES[ep.side]
        else:
            assert "extension" not in site
        pain, *symptoms = obs["component"]
        assert pain["code"]["coding"][0] == {
            "system": "http://loinc.org",
            "code": LOINC_PAIN,
            "display": fhir.PAIN_CODE["display"],
        }
        assert isinstance(pain["valueInteger"], int) and 0 <= pain["valueInteger"] <= 10
        assert pain["valueInteger"] == ep.pain
        assert len(symptoms) == len(ep.symptoms)
        for comp, name in zip(symptoms, ep.symptoms, strict=True):
            assert comp["code"]["coding"][0]["code"] == LOINC_SYMPTOM
            value = comp["valueCodeableConcept"]
            assert value["text"] == fhir.SYMPTOM_TEXT[name]
            for c in value.get("coding", []):
                assert c["system"] == "http://snomed.info/sct" and c["code"] in SNOMED_SYMPTOMS
        notes = [n["text"] for n in obs["note"]]
        assert notes[0].startswith("Self-reported") and f"duration: {ep.duration_s} s" in notes[0]
        if ep.hydration:
            assert f"fluid intake that day: {ep.hydration}" in notes[0]
        if ep.notes:
            assert notes[1] == f"Patient's note: {ep.notes}"


def test_bundle_validates_and_codes_match(db_path, store):
    eps = [
        make_episode(
            started_at=NOW - timedelta(days=3),
            side="left",
            symptoms=("weakness", "swelling", "atrophy"),
            hydration="low",
            exertion="rest",
            self_care="did-not-help",
            notes="naïve – “quoted” 😀",
        ),
        make_episode(started_at=NOW - timedelta(days=2), muscle_group="other", side="none", pain=0),
        make_episode(
            started_at=NOW - timedelta(days=1),
            muscle_group="eyelid",
            side="both",
            pain=10,
            duration_s=86_400,
            symptoms=("skin-color-change", "redness", "numbness", "tingling"),
        ),
    ]
    add(store, *eps)
    data = bundle_json(db_path)
    validate(data)
    with store.read() as session:
        from spasmlog.storage import repo

        stored = repo.list_episodes(session=session, newest_first=False)
    check_codes(data, stored)


def test_every_muscle_group_and_symptom_has_a_mapping():
    assert set(fhir.BODY_SITES) == set(d.MUSCLE_GROUPS) - {"other"}
    assert {c for c, _ in fhir.BODY_SITES.values()} <= SNOMED_SITES
    assert set(fhir.SYMPTOM_FINDINGS) == set(d.SYMPTOMS)
    assert {v[0] for v in fhir.SYMPTOM_FINDINGS.values() if v} == SNOMED_SYMPTOMS


def test_empty_diary_gives_a_valid_empty_bundle(db_path, store):
    data = bundle_json(db_path)
    assert data == {"resourceType": "Bundle", "type": "collection"}
    validate(data)


def test_output_is_deterministic(db_path, store):
    add(store, make_episode(), make_episode(started_at=NOW - timedelta(days=9)))
    assert bundle_json(db_path) == bundle_json(db_path)


episode_st = valid_episodes(
    started_at=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 20)).map(
        lambda dt: dt.replace(microsecond=0, tzinfo=NOW.tzinfo)
    ),
    notes=st.none() | typed_text(min_size=1, max_size=50),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(eps=st.lists(episode_st, min_size=1, max_size=6))
def test_any_diary_gives_a_valid_bundle(tmp_path_factory, eps):
    from spasmlog.storage import open_store, repo

    db = tmp_path_factory.mktemp("fhir") / "d.db"
    s = open_store(db, today=NOW.date())
    try:
        add(s, *eps)
        data = bundle_json(db)
        validate(data)
        with s.read() as session:
            check_codes(data, repo.list_episodes(session=session, newest_first=False))
    finally:
        s.close()


@pytest.mark.parametrize(
    "resource",
    [
        {"resourceType": "Observation", "code": {"text": "no status"}},
        {"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "bogus": 1},
        {
            "resourceType": "Observation",
            "status": "final",
            "code": {"text": "x"},
            "valueInteger": "abc",
        },
    ],
)
def test_the_validator_does_catch_shape_errors(resource):
    """Guard that validate() is a real check (it does not check code values: we do, above)."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        validate(
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": resource}]}
        )
