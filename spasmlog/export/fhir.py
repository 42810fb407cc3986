"""FHIR R4: a Bundle of the HL7 Symptoms IG's SymptomObservations and their Patient.

One ``Patient`` (from the diary's profile, or with only an identifier), one Observation per
episode (the cramp: LOINC 75325-1 Symptom, SNOMED CT 55300003 Cramp) and one Observation per
associated symptom (weakness, numbness, …), each linked to the cramp and back through the
IG's ``associatedSymptomOrCondition`` extension. Pain, severity and the context (fluids,
activity, self-care) are the profile's components. docs/fhir.md lists every element and
code with the source it was taken from.

Identity: every resource's ``identifier`` and ``fullUrl`` are ``urn:uuid:`` values derived
from the episode's ``uid`` (never from its time or row id), so an edit, a re-export or an
import into another diary keeps them. ``transaction`` bundles make every entry a conditional
update on that identifier and add the episodes deleted since (change log) as
``entered-in-error``.

Streamed: each entry is written as it is read; the output is deterministic for a given
diary (no export time in it).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import timedelta
from html import escape
from typing import Any, TextIO

from ..domain import Episode, format_instant, pain_band
from ..messages import SAMPLE_STAMP

NAME = "fhir"
EXTENSION = "json"
BINARY = False
SUMMARY = False
LABEL = "FHIR R4 — a Bundle of Observations (for health records)"

BUNDLE_TYPES: tuple[str, ...] = ("collection", "transaction")

# --- systems and canonical URLs -------------------------------------------------------

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
URI_SYSTEM = "urn:ietf:rfc:3986"  # identifier.system for a value that is itself a URI
IG = "http://hl7.org/fhir/uv/symptoms"
PROFILE = f"{IG}/StructureDefinition/SymptomObservation"
SYMPTOM_TEMPORARY = f"{IG}/CodeSystem/SymptomTemporary"
LOCATION_QUALIFIER_EXT = f"{IG}/StructureDefinition/LocationQualifier"
SCALE_EXT = f"{IG}/StructureDefinition/AssessmentScaleInformation"
ASSOCIATED_EXT = "http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo"
NOTE_EXT = "http://hl7.org/fhir/StructureDefinition/note"
LATERALITY_EXT = "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"

# --- codes (docs/fhir.md gives the source of each) ------------------------------------

CATEGORY = {"system": SYMPTOM_TEMPORARY, "code": "symptom", "display": "Symptom"}
SYMPTOM_CODE = {"system": LOINC, "code": "75325-1", "display": "Symptom"}
CRAMP = {"system": SNOMED, "code": "55300003", "display": "Cramp"}
PAIN_CODE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
SEVERITY_CODE = {"system": LOINC, "code": "64750-3", "display": "Severity of symptoms"}
TRIGGER_CODE = {"system": LOINC, "code": "100752-5", "display": "Exacerbating factors - Reported"}
RELIEF_CODE = {"system": LOINC, "code": "100753-3", "display": "Alleviating factors - Reported"}
OTHER_EVENT_CODE = {"system": SYMPTOM_TEMPORARY, "code": "OTHEREVENT", "display": "Other Events"}
SAMPLE_SECURITY = {"system": ACT_REASON, "code": "HTEST", "display": "test health data"}

# pain band (domain.pain_band) -> SNOMED CT severity; a pain of 0 sends no severity
SEVERITIES: dict[str, tuple[str, str]] = {
    "mild": ("255604002", "Mild"),
    "moderate": ("6736007", "Moderate"),
    "severe": ("24484000", "Severe"),
}
EXERCISE = ("226029000", "Exercises")
RESTING = ("128975004", "Resting state")

# muscle group -> SNOMED CT body structure (DICOM CID 4031 "Common Anatomic Regions" codes)
BODY_SITES: dict[str, tuple[str, str]] = {
    "foot": ("56459004", "Foot"),
    "toes": ("29707007", "Toe"),
    "calf": ("53840002", "Calf of leg"),
    "shin": ("30021000", "Lower leg"),
    "hamstring": ("68367000", "Thigh"),
    "quadriceps": ("68367000", "Thigh"),
    "groin": ("26893007", "Inguinal region"),
    "hip": ("29836001", "Hip region"),
    "glute": ("46862004", "Buttock"),
    "abdomen": ("818981001", "Abdomen"),
    "lower-back": ("52612000", "Lumbar region"),
    "upper-back": ("77568009", "Back"),
    "chest": ("43799004", "Chest"),
    "neck": ("45048000", "Neck"),
    "shoulder": ("16982005", "Shoulder"),
    "upper-arm": ("40983000", "Upper arm"),
    "forearm": ("14975008", "Forearm"),
    "hand": ("85562004", "Hand"),
    "fingers": ("7569003", "Finger"),
    "jaw": ("661005", "Jaw region"),
    "face": ("89545001", "Face"),
    "eyelid": ("80243003", "Eyelid"),
    # "other": no code; bodySite.text only
}
SITE_TEXT = {
    "hamstring": "hamstring (back of thigh)",
    "quadriceps": "quadriceps (front of thigh)",
    "shin": "shin (front of lower leg)",
    "upper-back": "upper back",
    "lower-back": "lower back",
    "upper-arm": "upper arm",
    "glute": "buttock (gluteal muscles)",
    "other": "other muscle (not listed)",
}
LATERALITY: dict[str, tuple[str, str]] = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}
SIDE_TEXT = {"left": "left", "right": "right", "both": "both sides"}
# symptom -> SNOMED CT finding; None = sent as text only (no code confirmed in a source)
SYMPTOM_FINDINGS: dict[str, tuple[str, str] | None] = {
    "weakness": ("26544005", "Muscle weakness"),
    "atrophy": None,
    "numbness": ("44077006", "Numbness"),
    "tingling": ("62507009", "Pins and needles"),
    "skin-color-change": None,
    "swelling": ("65124004", "Swelling"),
    "redness": ("247441003", "Erythema"),
}
SYMPTOM_TEXT = {
    "weakness": "muscle weakness",
    "atrophy": "muscle wasting (atrophy)",
    "numbness": "numbness",
    "tingling": "tingling (pins and needles)",
    "skin-color-change": "skin colour change",
    "swelling": "swelling",
    "redness": "redness",
}
SELF_CARE_TEXT = "self-care (stretching, massage, heat or fluids)"

# uuid5 namespace of every identifier spasmlog derives (associated symptoms, the Patient).
NAMESPACE = uuid.UUID("6f1c1f5e-4f52-4b8e-9a43-7a3c1d0e5b21")


# --- identities -----------------------------------------------------------------------


def episode_urn(uid: str) -> str:
    """The cramp Observation's identifier value and fullUrl: the episode's own uid."""
    return f"urn:uuid:{uid}"


def symptom_urn(uid: str, symptom: str) -> str:
    """An associated symptom's identifier value and fullUrl, derived from uid + symptom."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'episode/{uid}/symptom/{symptom}')}"


def patient_urn(key: str | None) -> str:
    """The Patient's identifier value and fullUrl, derived from the diary's first episode
    uid (``key``; None for a diary that never had one)."""
    name = f"patient/{key or 'no-episode'}"
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def _identifier(urn: str) -> list[dict]:
    return [{"system": URI_SYSTEM, "value": urn}]


def conditional_url(resource_type: str, urn: str) -> str:
    """``Observation?identifier=urn:ietf:rfc:3986|urn:uuid:…`` (a conditional update's URL)."""
    return f"{resource_type}?identifier={URI_SYSTEM}|{urn}"


# --- resources ------------------------------------------------------------------------


def _meta(*, profile: bool, sample: bool) -> dict | None:
    meta: dict[str, Any] = {}
    if profile:
        meta["profile"] = [PROFILE]
    if sample:
        meta["security"] = [dict(SAMPLE_SECURITY)]
    return meta or None


def patient(urn: str, *, name: str | None, birth_year: int | None, sample: bool) -> dict:
    """The person who kept the diary: name and birth year as they wrote them, if given."""
    res: dict[str, Any] = {"resourceType": "Patient"}
    meta = _meta(profile=False, sample=sample)
    if meta:
        res["meta"] = meta
    if sample:
        res["text"] = {
            "status": "additional",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(SAMPLE_STAMP)}</p></div>',
        }
    res["identifier"] = _identifier(urn)
    if name:
        res["name"] = [{"text": name}]
    if birth_year is not None:
        res["birthDate"] = f"{birth_year:04d}"
    return res


def _instant(utc_text: str) -> str:
    """Stored UTC text ('2026-11-24T02:10:00Z') as a FHIR instant (it already is one)."""
    if len(utc_text) != 20 or utc_text[10] != "T" or not utc_text.endswith("Z"):
        raise ValueError(f"not a stored UTC instant: {utc_text!r}")
    return utc_text


def _common(
    ep: Episode, *, patient_ref: dict, issued: str, status: str, sample: bool, links: list[str]
) -> dict:
    """The elements a SymptomObservation always has, in the profile's order."""
    end = ep.started_at + timedelta(seconds=ep.duration_s)
    res: dict[str, Any] = {
        "resourceType": "Observation",
        "meta": _meta(profile=True, sample=sample),
    }
    if links:
        res["extension"] = [
            {"url": ASSOCIATED_EXT, "valueReference": {"reference": u}} for u in links
        ]
    res |= {
        "status": status,
        "category": [{"coding": [dict(CATEGORY)]}],
        "code": {"coding": [dict(SYMPTOM_CODE)], "text": "Symptom"},
        "subject": dict(patient_ref),
        "effectivePeriod": {"start": format_instant(ep.started_at), "end": format_instant(end)},
        "issued": _instant(issued),
        "performer": [dict(patient_ref)],
    }
    return res


def observations(
    ep: Episode,
    *,
    patient_ref: dict,
    issued: str,
    status: str = "final",
    sample: bool = False,
    retracted: Iterable[str] = (),
) -> Iterator[tuple[str, dict]]:
    """The cramp Observation, then one per associated symptom, as (urn, resource).

    ``retracted``: symptoms an earlier version of the episode had and this one has not;
    each is sent again as ``entered-in-error`` so that a server drops it.
    """
    if not ep.uid:
        raise ValueError(f"episode {ep.id} has no uid")
    own = episode_urn(ep.uid)
    symptom_urns = [symptom_urn(ep.uid, s) for s in ep.symptoms]
    obs = _common(
        ep, patient_ref=patient_ref, issued=issued, status=status, sample=sample, links=symptom_urns
    )
    obs["identifier"] = _identifier(own)
    obs["valueCodeableConcept"] = {"coding": [dict(CRAMP)], "text": "Muscle cramp or spasm"}
    if ep.notes:
        obs["note"] = [{"authorReference": dict(patient_ref), "text": ep.notes}]
    obs["bodySite"] = body_site(ep)
    obs["component"] = components(ep)
    yield own, _ordered(obs)
    withdrawn = [s for s in SYMPTOM_TEXT if s in set(retracted) and s not in ep.symptoms]
    for symptom in (*ep.symptoms, *withdrawn):
        urn = symptom_urn(ep.uid, symptom)
        res = _common(
            ep,
            patient_ref=patient_ref,
            issued=issued,
            status=status if symptom in ep.symptoms else "entered-in-error",
            sample=sample,
            links=[own],
        )
        res["identifier"] = _identifier(urn)
        finding = SYMPTOM_FINDINGS[symptom]
        value: dict[str, Any] = {}
        if finding:
            value["coding"] = [{"system": SNOMED, "code": finding[0], "display": finding[1]}]
        value["text"] = SYMPTOM_TEXT[symptom]
        res["valueCodeableConcept"] = value
        yield urn, _ordered(res)


_ORDER = (
    "resourceType",
    "meta",
    "extension",
    "identifier",
    "status",
    "category",
    "code",
    "subject",
    "effectivePeriod",
    "issued",
    "performer",
    "valueCodeableConcept",
    "note",
    "bodySite",
    "component",
)


def _ordered(res: dict) -> dict:
    """The resource's keys in the order FHIR lists the elements (easier to read)."""
    return {k: res[k] for k in _ORDER if res.get(k) is not None}


def body_site(ep: Episode) -> dict:
    """SNOMED CT body structure, its side in two extensions, and words a person reads."""
    text = SITE_TEXT.get(ep.muscle_group, ep.muscle_group)
    if ep.side in ("left", "right"):
        text = f"{ep.side} {text}"
    elif ep.side == "both":
        text = f"{text}, both sides"
    site: dict[str, Any] = {}
    side = LATERALITY.get(ep.side)
    if side:
        site["extension"] = [
            {
                "url": LATERALITY_EXT,
                "valueCodeableConcept": {
                    "coding": [{"system": SNOMED, "code": side[0], "display": side[1]}]
                },
            },
            {"url": LOCATION_QUALIFIER_EXT, "valueString": SIDE_TEXT[ep.side]},
        ]
    code = BODY_SITES.get(ep.muscle_group)
    if code:
        site["coding"] = [{"system": SNOMED, "code": code[0], "display": code[1]}]
    site["text"] = text
    return site


def _concept(code: tuple[str, str] | None, text: str) -> dict:
    out: dict[str, Any] = {}
    if code:
        out["coding"] = [{"system": SNOMED, "code": code[0], "display": code[1]}]
    out["text"] = text
    return out


def components(ep: Episode) -> list[dict]:
    """Pain score, severity, and the context in the IG's factor components."""
    out: list[dict] = [
        {
            "code": {"coding": [dict(PAIN_CODE)], "text": "Pain (0-10 numeric rating scale)"},
            "valueInteger": ep.pain,
        }
    ]
    band = pain_band(ep.pain)
    if band in SEVERITIES:
        out.append(
            {
                "extension": [
                    {"url": SCALE_EXT, "valueCodeableConcept": {"coding": [dict(PAIN_CODE)]}}
                ],
                "code": {"coding": [dict(SEVERITY_CODE)]},
                "valueCodeableConcept": _concept(
                    SEVERITIES[band], f"{band} (pain {ep.pain} of 10)"
                ),
            }
        )

    def factor(code: dict, value: dict, note: str | None = None) -> None:
        comp: dict[str, Any] = {}
        if note:
            comp["extension"] = [{"url": NOTE_EXT, "valueAnnotation": {"text": note}}]
        comp["code"] = {"coding": [dict(code)]}
        comp["valueCodeableConcept"] = value
        out.append(comp)

    if ep.exertion in ("moderate", "vigorous"):
        factor(
            TRIGGER_CODE, _concept(EXERCISE, f"{ep.exertion} physical activity in the hours before")
        )
    elif ep.exertion == "rest":
        factor(OTHER_EVENT_CODE, _concept(RESTING, "at rest in the hours before"))
    elif ep.exertion == "light":
        factor(OTHER_EVENT_CODE, _concept(None, "light physical activity in the hours before"))
    if ep.hydration == "low":
        factor(TRIGGER_CODE, _concept(None, "low fluid intake that day"))
    elif ep.hydration in ("normal", "high"):
        factor(OTHER_EVENT_CODE, _concept(None, f"{ep.hydration} fluid intake that day"))
    if ep.self_care == "helped":
        factor(RELIEF_CODE, _concept(None, SELF_CARE_TEXT))
    elif ep.self_care == "did-not-help":
        factor(
            OTHER_EVENT_CODE,
            _concept(None, SELF_CARE_TEXT),
            note="Not relieved by self-care (stretching, massage, heat or fluids)",
        )
    return out


# --- the bundle -----------------------------------------------------------------------


def _entry(urn: str, resource: dict, resource_type: str, *, transaction: bool) -> dict:
    entry: dict[str, Any] = {"fullUrl": urn, "resource": resource}
    if transaction:
        entry["request"] = {"method": "PUT", "url": conditional_url(resource_type, urn)}
    return entry


def write(job, stream: TextIO) -> None:
    """Stream the Bundle: the Patient, then each episode's Observations (oldest first), then
    — in a transaction — the episodes deleted since, as entered-in-error."""
    from ..config import load_config
    from ..storage import repo

    bundle_type = job.fhir_bundle
    if bundle_type not in BUNDLE_TYPES:
        raise ValueError(f"unknown bundle type {bundle_type!r}")
    transaction = bundle_type == "transaction"
    sample = job.sample

    head: dict[str, Any] = {"resourceType": "Bundle"}
    if sample:
        head["meta"] = {"tag": [{"display": SAMPLE_STAMP}], "security": [dict(SAMPLE_SECURITY)]}
    head["type"] = bundle_type
    stream.write(json.dumps(head, ensure_ascii=False)[:-1])
    stream.write(', "entry": [\n  ')

    def emit(entry: dict, first: bool = False) -> None:
        if not first:
            stream.write(",\n  ")
        stream.write(json.dumps(entry, ensure_ascii=False))

    with job.store.read() as session:
        profile = repo.get_profile(session=session)
        purn = patient_urn(repo.first_episode_uid(session=session))
        ref = {"reference": purn}
        name = profile.name or load_config().name  # config.toml's name is the fallback
        person = patient(purn, name=name, birth_year=profile.birth_year, sample=sample)
        emit(_entry(purn, person, "Patient", transaction=transaction), first=True)
        # symptoms that earlier versions had: a transaction withdraws them (a small dict,
        # only episodes ever edited)
        earlier = repo.symptoms_ever_recorded(session=session) if transaction else {}
        for ep, updated_at in repo.iter_episode_versions(
            session=session, since=job.start, until=job.end
        ):
            for urn, res in observations(
                ep,
                patient_ref=ref,
                issued=updated_at,
                sample=sample,
                retracted=earlier.get(ep.uid or "", ()),
            ):
                emit(_entry(urn, res, "Observation", transaction=transaction))
        if transaction:
            for gone in repo.deleted_episodes(session=session):
                day = gone.episode.local_start.date()
                if (job.start and day < job.start) or (job.end and day > job.end):
                    continue
                for urn, res in observations(
                    gone.episode,
                    patient_ref=ref,
                    issued=gone.at,
                    status="entered-in-error",
                    sample=sample,
                    retracted=earlier.get(gone.uid, ()),
                ):
                    emit(_entry(urn, res, "Observation", transaction=transaction))
    stream.write("\n]}\n")


__all__ = [
    "BUNDLE_TYPES",
    "PROFILE",
    "conditional_url",
    "episode_urn",
    "observations",
    "patient",
    "patient_urn",
    "symptom_urn",
    "write",
]
