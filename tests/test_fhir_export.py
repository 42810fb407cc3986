"""FHIR export: validates with fhir.resources (R4B); the Symptoms IG's SymptomObservation
profile, the codes, the value ranges and the identities are ours to check (the validator
checks none of them)."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from common import NOW, add, make_episode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import typed_text, valid_episodes

from spasmlog import domain as d
from spasmlog.cli import run
from spasmlog.export import fhir
from spasmlog.messages import SAMPLE_STAMP

DOCS = Path(__file__).resolve().parent.parent / "docs" / "fhir.md"
PROFILE = "http://hl7.org/fhir/uv/symptoms/StructureDefinition/SymptomObservation"
CATEGORY = {
    "system": "http://hl7.org/fhir/uv/symptoms/CodeSystem/SymptomTemporary",
    "code": "symptom",
    "display": "Symptom",
}
ASSOCIATED = "http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo"
URN_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# The codes docs/fhir.md lists with their sources; a change here must change the docs too.
LOINC_SYMPTOM = "75325-1"
LOINC_PAIN = "72514-3"
LOINC_SEVERITY = "64750-3"
LOINC_TRIGGER = "100752-5"
LOINC_RELIEF = "100753-3"
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
SNOMED_SYMPTOMS = {
    "weakness": "26544005",
    "numbness": "44077006",
    "tingling": "62507009",
    "swelling": "65124004",
    "redness": "247441003",
}
SNOMED_SEVERITY = {"mild": "255604002", "moderate": "6736007", "severe": "24484000"}


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


def stored(store) -> list[d.Episode]:
    from spasmlog.storage import repo

    with store.read() as session:
        return repo.list_episodes(session=session, newest_first=False)


def codes(concept: dict) -> list[tuple[str, str]]:
    return [(c.get("system"), c.get("code")) for c in concept.get("coding", [])]


def split(data: dict) -> tuple[dict, list[dict], list[dict]]:
    """(patient entry, cramp entries, associated-symptom entries) of a bundle."""
    entries = data["entry"]
    patients = [e for e in entries if e["resource"]["resourceType"] == "Patient"]
    assert len(patients) == 1 and entries[0] is patients[0]
    obs = [e for e in entries if e["resource"]["resourceType"] == "Observation"]
    assert len(obs) == len(entries) - 1
    cramps = [e for e in obs if codes(e["resource"]["valueCodeableConcept"])[:1] == [CRAMP]]
    others = [e for e in obs if e not in cramps]
    return patients[0], cramps, others


CRAMP = ("http://snomed.info/sct", SNOMED_CRAMP)


def check_symptom_observation(entry: dict, patient_url: str) -> dict:
    """Every element the SymptomObservation profile requires (1..1 / 1..*), and what it
    forbids (0..0), on one entry."""
    obs = entry["resource"]
    assert URN_UUID.fullmatch(entry["fullUrl"])
    assert obs["meta"]["profile"] == [PROFILE]
    assert obs["identifier"] == [{"system": "urn:ietf:rfc:3986", "value": entry["fullUrl"]}]
    assert obs["status"] in ("final", "entered-in-error")
    assert {"coding": [CATEGORY]} in obs["category"]
    assert obs["code"]["coding"] == [
        {"system": "http://loinc.org", "code": LOINC_SYMPTOM, "display": "Symptom"}
    ]
    assert obs["subject"] == {"reference": patient_url}
    assert obs["performer"] == [{"reference": patient_url}]
    start = datetime.fromisoformat(obs["effectivePeriod"]["start"])
    end = datetime.fromisoformat(obs["effectivePeriod"]["end"])
    assert start < end
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", obs["issued"])
    value = obs["valueCodeableConcept"]
    assert value["text"]
    assert all(s == "http://snomed.info/sct" for s, _ in codes(value))
    for forbidden in (
        "dataAbsentReason",
        "interpretation",
        "specimen",
        "device",
        "referenceRange",
        "valueQuantity",
        "valueString",
        "effectiveDateTime",
    ):
        assert forbidden not in obs
    for comp in obs.get("component", []):
        assert comp["code"]["coding"]
        assert sum(k.startswith("value") for k in comp) == 1
        assert not {"dataAbsentReason", "interpretation", "referenceRange"} & set(comp)
    return obs


def check_bundle(data: dict, episodes: list[d.Episode], *, bundle_type="collection") -> None:
    """The whole bundle against the diary: profile, codes, ranges, periods, links, ids."""
    validate(data)
    assert data["resourceType"] == "Bundle" and data["type"] == bundle_type
    patient, cramps, others = split(data)
    purl = patient["fullUrl"]
    assert URN_UUID.fullmatch(purl)
    assert patient["resource"]["identifier"] == [{"system": "urn:ietf:rfc:3986", "value": purl}]
    urls = [e["fullUrl"] for e in data["entry"]]
    assert len(set(urls)) == len(urls)
    assert len(cramps) == len(episodes)
    assert len(others) == sum(len(ep.symptoms) for ep in episodes)
    by_url = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    for entry, ep in zip(cramps, episodes, strict=True):
        obs = check_symptom_observation(entry, purl)
        assert entry["fullUrl"] == f"urn:uuid:{ep.uid}"
        assert obs["status"] == "final"
        start = datetime.fromisoformat(obs["effectivePeriod"]["start"])
        end = datetime.fromisoformat(obs["effectivePeriod"]["end"])
        assert start == ep.started_at and start.utcoffset() == ep.started_at.utcoffset()
        assert (end - start).total_seconds() == ep.duration_s
        site = obs["bodySite"]
        if ep.muscle_group == "other":
            assert "coding" not in site and site["text"]
        else:
            assert codes(site) == [("http://snomed.info/sct", fhir.BODY_SITES[ep.muscle_group][0])]
            assert fhir.BODY_SITES[ep.muscle_group][0] in SNOMED_SITES
        if ep.side in SNOMED_SIDES:
            lat, qualifier = site["extension"]
            assert lat["url"] == (
                "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
            )
            assert codes(lat["valueCodeableConcept"]) == [
                ("http://snomed.info/sct", SNOMED_SIDES[ep.side])
            ]
            assert qualifier["url"] == (
                "http://hl7.org/fhir/uv/symptoms/StructureDefinition/LocationQualifier"
            )
            assert qualifier["valueString"] in ("left", "right", "both sides")
        else:
            assert "extension" not in site
        comps = {c["code"]["coding"][0]["code"]: c for c in obs["component"]}
        pain = comps[LOINC_PAIN]
        assert pain["code"]["coding"][0]["system"] == "http://loinc.org"
        assert type(pain["valueInteger"]) is int and 0 <= pain["valueInteger"] <= 10
        assert pain["valueInteger"] == ep.pain
        band = d.pain_band(ep.pain)
        if band == "none":
            assert LOINC_SEVERITY not in comps
        else:
            sev = comps[LOINC_SEVERITY]
            assert codes(sev["valueCodeableConcept"]) == [
                ("http://snomed.info/sct", SNOMED_SEVERITY[band])
            ]
        if ep.notes:
            assert obs["note"] == [{"authorReference": {"reference": purl}, "text": ep.notes}]
        else:
            assert "note" not in obs
        # associated symptoms: their own Observations, linked both ways
        links = [x["valueReference"]["reference"] for x in obs.get("extension", [])]
        assert all(x["url"] == ASSOCIATED for x in obs.get("extension", []))
        assert links == [fhir.symptom_urn(ep.uid, s) for s in ep.symptoms]
        for symptom, link in zip(ep.symptoms, links, strict=True):
            other = by_url[link]
            check_symptom_observation({"fullUrl": link, "resource": other}, purl)
            assert other["extension"] == [
                {"url": ASSOCIATED, "valueReference": {"reference": entry["fullUrl"]}}
            ]
            assert other["effectivePeriod"] == obs["effectivePeriod"]
            assert other["issued"] == obs["issued"]
            value = other["valueCodeableConcept"]
            if symptom in SNOMED_SYMPTOMS:
                assert codes(value) == [("http://snomed.info/sct", SNOMED_SYMPTOMS[symptom])]
            else:
                assert "coding" not in value and value["text"]
            assert CRAMP not in codes(value)


def test_bundle_validates_and_follows_the_profile(db_path, store):
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
    check_bundle(bundle_json(db_path), stored(store))


def test_factors_go_in_the_guides_components(db_path, store):
    add(
        store,
        make_episode(hydration="low", exertion="vigorous", self_care="helped", pain=2),
        make_episode(
            started_at=NOW - timedelta(hours=5),
            hydration="high",
            exertion="rest",
            self_care="did-not-help",
            pain=5,
        ),
    )
    data = bundle_json(db_path)
    _, cramps, _ = split(data)
    first, second = (e["resource"]["component"] for e in cramps)

    def by(comps, code):
        return [c for c in comps if c["code"]["coding"][0]["code"] == code]

    # oldest first: the 'high / rest / did not help' episode, then 'low / vigorous / helped'
    triggers = by(second, LOINC_TRIGGER)
    assert [t["valueCodeableConcept"]["text"] for t in triggers] == [
        "vigorous physical activity in the hours before",
        "low fluid intake that day",
    ]
    assert codes(triggers[0]["valueCodeableConcept"]) == [("http://snomed.info/sct", "226029000")]
    (relief,) = by(second, LOINC_RELIEF)
    assert "stretching" in relief["valueCodeableConcept"]["text"]
    assert by(first, LOINC_TRIGGER) == [] and by(first, LOINC_RELIEF) == []
    other = by(first, "OTHEREVENT")
    assert [codes(o["valueCodeableConcept"]) for o in other] == [
        [("http://snomed.info/sct", "128975004")],
        [],
        [],
    ]
    not_helped = other[2]
    assert not_helped["extension"] == [
        {
            "url": "http://hl7.org/fhir/StructureDefinition/note",
            "valueAnnotation": {
                "text": "Not relieved by self-care (stretching, massage, heat or fluids)"
            },
        }
    ]
    for c in other:
        assert c["code"]["coding"][0]["system"] == CATEGORY["system"]
    for comps in (first, second):
        (severity,) = by(comps, LOINC_SEVERITY)
        (scale,) = severity["extension"]
        assert scale["url"].endswith("/StructureDefinition/AssessmentScaleInformation")
        assert codes(scale["valueCodeableConcept"]) == [("http://loinc.org", LOINC_PAIN)]


def test_every_muscle_group_and_symptom_has_a_mapping():
    assert set(fhir.BODY_SITES) == set(d.MUSCLE_GROUPS) - {"other"}
    assert {c for c, _ in fhir.BODY_SITES.values()} <= SNOMED_SITES
    assert set(fhir.SYMPTOM_FINDINGS) == set(d.SYMPTOMS) == set(fhir.SYMPTOM_TEXT)
    assert {s: v[0] for s, v in fhir.SYMPTOM_FINDINGS.items() if v} == SNOMED_SYMPTOMS


def test_every_code_sent_is_listed_in_the_docs():
    """docs/fhir.md gives the source of every code: none may be sent without it."""
    doc = DOCS.read_text(encoding="utf-8")
    sent = (
        {c for c, _ in fhir.BODY_SITES.values()}
        | {c for c, _ in fhir.LATERALITY.values()}
        | {v[0] for v in fhir.SYMPTOM_FINDINGS.values() if v}
        | {c for c, _ in fhir.SEVERITIES.values()}
        | {fhir.EXERCISE[0], fhir.RESTING[0]}
    )
    for concept in (
        fhir.CATEGORY,
        fhir.SYMPTOM_CODE,
        fhir.CRAMP,
        fhir.PAIN_CODE,
        fhir.SEVERITY_CODE,
        fhir.TRIGGER_CODE,
        fhir.RELIEF_CODE,
        fhir.OTHER_EVENT_CODE,
        fhir.SAMPLE_SECURITY,
    ):
        sent.add(concept["code"])
    for url in (
        fhir.PROFILE,
        fhir.SYMPTOM_TEMPORARY,
        fhir.LOCATION_QUALIFIER_EXT,
        fhir.SCALE_EXT,
        fhir.ASSOCIATED_EXT,
        fhir.NOTE_EXT,
        fhir.LATERALITY_EXT,
        fhir.ACT_REASON,
    ):
        assert url in doc, url
    missing = sorted(c for c in sent if f"`{c}`" not in doc)
    assert missing == []


def test_patient_from_the_profile(db_path, store):
    from spasmlog.storage import repo

    add(store, make_episode())
    with store.write() as session:
        repo.set_profile(session=session, profile=d.Profile(name="Ana Ruiz", birth_year=1961))
    data = bundle_json(db_path)
    validate(data)
    patient, _, _ = split(data)
    res = patient["resource"]
    assert res["name"] == [{"text": "Ana Ruiz"}]
    assert res["birthDate"] == "1961"
    assert "text" not in res and "meta" not in res


def test_patient_name_falls_back_to_the_config_name(db_path, store, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('name = "Alex Example"\n', encoding="utf-8")
    monkeypatch.setenv("SPASMLOG_CONFIG", str(config))
    add(store, make_episode())
    patient, _, _ = split(bundle_json(db_path))
    assert patient["resource"]["name"] == [{"text": "Alex Example"}]
    assert "birthDate" not in patient["resource"]


def test_patient_without_a_profile_has_only_an_identifier(db_path, store):
    add(store, make_episode())
    patient, _, _ = split(bundle_json(db_path))
    assert set(patient["resource"]) == {"resourceType", "identifier"}


def test_empty_diary_gives_a_valid_bundle_with_its_patient(db_path, store):
    data = bundle_json(db_path)
    validate(data)
    (entry,) = data["entry"]
    assert entry["resource"]["resourceType"] == "Patient"


def test_output_is_deterministic(db_path, store):
    add(store, make_episode(), make_episode(started_at=NOW - timedelta(days=9)))
    assert bundle_json(db_path) == bundle_json(db_path)


def identities(data: dict) -> list[tuple[str, str]]:
    return [
        (e["fullUrl"], e["resource"]["identifier"][0]["value"])
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Observation"
    ]


def test_identifiers_survive_an_edit_of_every_field(db_path, store):
    from spasmlog.storage import repo

    (eid,) = add(store, make_episode(symptoms=("weakness", "tingling"), side="left"))
    before = bundle_json(db_path)
    with store.write() as session:
        repo.update_episode(
            session=session,
            episode_id=eid,
            changes={
                "started_at": NOW - timedelta(days=2, minutes=17),
                "muscle_group": "foot",
                "pain": 9,
                "duration_s": 300,
            },
        )
    after = bundle_json(db_path)
    assert identities(after) == identities(before)
    assert split(after)[0]["fullUrl"] == split(before)[0]["fullUrl"]
    check_bundle(after, stored(store))
    (cramp,) = split(after)[1]
    assert cramp["resource"]["component"][0]["valueInteger"] == 9


def test_identifiers_survive_csv_export_and_import_into_another_diary(db_path, store, tmp_path):
    from spasmlog.storage import open_store

    add(
        store,
        make_episode(symptoms=("numbness",)),
        make_episode(started_at=NOW - timedelta(days=4), muscle_group="hand", side="right"),
    )
    csv_file = tmp_path / "out.csv"
    err = io.StringIO()
    assert (
        run(
            ["--db", str(db_path), "export", "--format", "csv", "-o", str(csv_file)],
            now=NOW,
            out=io.StringIO(),
            err=err,
        )
        == 0
    ), err.getvalue()
    other = tmp_path / "other" / "spasmlog.db"
    assert (
        run(["--db", str(other), "import", str(csv_file)], now=NOW, out=io.StringIO(), err=err) == 0
    ), err.getvalue()
    original, imported = bundle_json(db_path), bundle_json(other)
    assert identities(imported) == identities(original)
    assert split(imported)[0]["fullUrl"] == split(original)[0]["fullUrl"]
    s = open_store(other, today=NOW.date())
    try:
        check_bundle(imported, stored(s))
    finally:
        s.close()


def test_transaction_entries_are_conditional_updates(db_path, store):
    add(
        store, make_episode(symptoms=("redness",)), make_episode(started_at=NOW - timedelta(days=1))
    )
    data = bundle_json(db_path, "--fhir-bundle", "transaction")
    check_bundle(data, stored(store), bundle_type="transaction")
    for entry in data["entry"]:
        res = entry["resource"]
        kind = res["resourceType"]
        assert entry["request"] == {
            "method": "PUT",
            "url": f"{kind}?identifier=urn:ietf:rfc:3986|{entry['fullUrl']}",
        }
        assert res["identifier"][0]["value"] == entry["fullUrl"]
        assert "id" not in res  # a conditional update matches on the identifier alone
    collection = bundle_json(db_path)
    assert all("request" not in e for e in collection["entry"])
    assert [e["resource"] for e in collection["entry"]] == [e["resource"] for e in data["entry"]]


def test_a_deleted_episode_is_sent_as_entered_in_error(db_path, store):
    from spasmlog.storage import repo

    _, gone = add(
        store,
        make_episode(),
        make_episode(started_at=NOW - timedelta(days=1), symptoms=("weakness",), pain=7),
    )
    with store.read() as session:
        gone_ep = repo.get_episode(session=session, episode_id=gone)
    with store.write() as session:
        repo.delete_episode(session=session, episode_id=gone)
    data = bundle_json(db_path, "--fhir-bundle", "transaction")
    validate(data)
    by_url = {e["fullUrl"]: e for e in data["entry"]}
    cramp = by_url[f"urn:uuid:{gone_ep.uid}"]
    symptom = by_url[fhir.symptom_urn(gone_ep.uid, "weakness")]
    purl = data["entry"][0]["fullUrl"]
    for entry in (cramp, symptom):
        check_symptom_observation(entry, purl)
        assert entry["resource"]["status"] == "entered-in-error"
        assert entry["request"]["method"] == "PUT"
        assert entry["request"]["url"].endswith(entry["fullUrl"])
    assert cramp["resource"]["component"][0]["valueInteger"] == 7
    live = [e for e in data["entry"] if e["resource"].get("status") == "final"]
    assert len(live) == 1
    # the data export (collection) holds only what the diary holds now
    collection = bundle_json(db_path)
    assert f"urn:uuid:{gone_ep.uid}" not in {e["fullUrl"] for e in collection["entry"]}
    # undoing the delete makes it final again, under the same identifier
    with store.write() as session:
        repo.undo_last(session=session)
    again = bundle_json(db_path, "--fhir-bundle", "transaction")
    statuses = {e["fullUrl"]: e["resource"].get("status") for e in again["entry"]}
    assert statuses[f"urn:uuid:{gone_ep.uid}"] == "final"
    assert "entered-in-error" not in statuses.values()


def test_a_symptom_removed_by_an_edit_is_withdrawn_in_a_transaction(db_path, store):
    from spasmlog.storage import repo

    (eid,) = add(store, make_episode(symptoms=("numbness", "tingling")))
    with store.write() as session:
        ep = repo.update_episode(
            session=session, episode_id=eid, changes={"symptoms": ("numbness",)}
        )
    data = bundle_json(db_path, "--fhir-bundle", "transaction")
    validate(data)
    status = {e["fullUrl"]: e["resource"].get("status") for e in data["entry"]}
    assert status[fhir.symptom_urn(ep.uid, "numbness")] == "final"
    assert status[fhir.symptom_urn(ep.uid, "tingling")] == "entered-in-error"
    (cramp,) = split(data)[1]
    assert [x["valueReference"]["reference"] for x in cramp["resource"]["extension"]] == [
        fhir.symptom_urn(ep.uid, "numbness")
    ]
    # the collection is the diary as it is now: no withdrawn symptom in it
    check_bundle(bundle_json(db_path), stored(store))


def test_deletions_follow_the_range_and_the_patient_outlives_its_first_episode(db_path, store):
    from spasmlog.storage import repo

    first, _, _ = add(
        store,
        make_episode(started_at=NOW - timedelta(days=20)),
        make_episode(started_at=NOW - timedelta(days=10)),
        make_episode(started_at=NOW - timedelta(days=1)),
    )
    patient_before = bundle_json(db_path)["entry"][0]["fullUrl"]
    with store.read() as session:
        old_uid = repo.get_episode(session=session, episode_id=first).uid
    with store.write() as session:
        repo.delete_episode(session=session, episode_id=first)
    data = bundle_json(db_path, "--fhir-bundle", "transaction")
    assert data["entry"][0]["fullUrl"] == patient_before
    assert f"urn:uuid:{old_uid}" in {e["fullUrl"] for e in data["entry"]}
    recent = bundle_json(
        db_path, "--fhir-bundle", "transaction", "--from", str((NOW - timedelta(days=5)).date())
    )
    assert recent["entry"][0]["fullUrl"] == patient_before
    (only,) = split(recent)[1]
    assert only["resource"]["status"] == "final"


def test_sample_exports_are_stamped_where_a_reader_looks_first(db_path, store):
    from spasmlog.export import export

    add(store, make_episode(symptoms=("tingling",)))
    out = io.StringIO()
    export(
        store,
        "fhir",
        start=None,
        end=None,
        today=NOW.date(),
        out_path=None,
        stdout=out,
        sample=True,
    )
    text = out.getvalue()
    assert SAMPLE_STAMP in text[:300]  # the Bundle's meta.tag, before any entry
    data = json.loads(text)
    validate(data)
    assert data["meta"]["tag"] == [{"display": SAMPLE_STAMP}]
    patient = data["entry"][0]["resource"]
    assert SAMPLE_STAMP in patient["text"]["div"]
    for e in data["entry"]:
        assert {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
            "code": "HTEST",
            "display": "test health data",
        } in e["resource"]["meta"]["security"]
    plain = bundle_json(db_path)
    assert SAMPLE_STAMP not in json.dumps(plain) and "HTEST" not in json.dumps(plain)


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--format", "fhir", "--fhir-bundle", "batch"], "use collection or transaction"),
        (["--format", "csv", "--fhir-bundle", "transaction"], "only to --format fhir"),
    ],
)
def test_a_bad_bundle_option_is_one_line_and_writes_nothing(db_path, store, tmp_path, argv, words):
    add(store, make_episode())
    target = tmp_path / "out.json"
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["--db", str(db_path), "export", *argv, "-o", str(target)], now=NOW, out=out, err=err
    )
    assert code == 2
    assert words in err.getvalue() and len(err.getvalue().strip().splitlines()) == 1
    assert not target.exists() and out.getvalue() == ""


def test_the_bundle_option_is_case_insensitive_and_writes_a_file(db_path, store, tmp_path):
    add(store, make_episode())
    target = tmp_path / "bundle.json"
    err = io.StringIO()
    code = run(
        [
            "--db",
            str(db_path),
            "export",
            "--format",
            "fhir",
            "--fhir-bundle",
            "Transaction",
            "-o",
            str(target),
        ],
        now=NOW,
        out=io.StringIO(),
        err=err,
    )
    assert code == 0, err.getvalue()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["type"] == "transaction"
    check_bundle(data, stored(store), bundle_type="transaction")


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
@given(
    eps=st.lists(episode_st, min_size=1, max_size=6),
    bundle=st.sampled_from(["collection", "transaction"]),
)
def test_any_diary_gives_a_valid_bundle(tmp_path_factory, eps, bundle):
    from spasmlog.storage import open_store

    db = tmp_path_factory.mktemp("fhir") / "d.db"
    s = open_store(db, today=NOW.date())
    try:
        add(s, *eps)
        data = bundle_json(db, "--fhir-bundle", bundle)
        check_bundle(data, stored(s), bundle_type=bundle)
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
