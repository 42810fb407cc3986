"""FHIR R4: a ``collection`` Bundle with one Observation per episode (SPEC §5).

Shaped after the HL7 Symptoms implementation guide: ``code`` LOINC 75325-1 (Symptom), the
value a SNOMED CT finding (55300003 Cramp), ``bodySite`` a SNOMED CT body structure with its
side in the core ``observation-structureLaterality`` extension, ``effectivePeriod`` from the
start to start + duration at the offset it was logged with, a component with the 0–10 pain
score under LOINC 72514-3, one component per associated symptom (LOINC 75325-1 with a
SNOMED CT finding where one was checked, else text only), and the context (fluids, activity,
self-care) and the person's note as ``note`` entries. docs/fhir.md lists every code with the
public source it was checked against.

Streamed: each Observation is written as it is read; the output is deterministic (no
timestamps, ids derived from the episode).
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from ..domain import format_instant

NAME = "fhir"
EXTENSION = "json"
BINARY = False
SUMMARY = False
LABEL = "FHIR R4 — a Bundle of Observations (for health records)"

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
LATERALITY_EXT = "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"

SYMPTOM_CODE = {"system": LOINC, "code": "75325-1", "display": "Symptom"}
PAIN_CODE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
CRAMP = {"system": SNOMED, "code": "55300003", "display": "Cramp"}

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
    "glute": "buttock (gluteal muscles)",
    "toes": "toes",
    "fingers": "fingers",
    "other": "other muscle (not listed)",
}
LATERALITY: dict[str, tuple[str, str]] = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}
# symptom -> SNOMED CT finding; None = sent as text only (no code checked against a source)
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

_NAMESPACE = uuid.UUID("6f1c1f5e-4f52-4b8e-9a43-7a3c1d0e5b21")


def observation(ep) -> dict:
    """One episode as a FHIR R4 Observation (a dict ready for json.dumps)."""
    end = ep.started_at + timedelta(seconds=ep.duration_s)
    obs: dict = {
        "resourceType": "Observation",
        "id": f"spasmlog-episode-{ep.id}",
        "status": "final",
        "code": {"coding": [dict(SYMPTOM_CODE)], "text": "Symptom"},
        "effectivePeriod": {"start": format_instant(ep.started_at), "end": format_instant(end)},
        "valueCodeableConcept": {"coding": [dict(CRAMP)], "text": "Muscle cramp or spasm"},
        "bodySite": _body_site(ep),
        "component": [
            {
                "code": {"coding": [dict(PAIN_CODE)], "text": "Pain (0-10 numeric rating scale)"},
                "valueInteger": ep.pain,
            }
        ],
    }
    for s in ep.symptoms:
        finding = SYMPTOM_FINDINGS[s]
        value: dict = {"text": SYMPTOM_TEXT[s]}
        if finding:
            value["coding"] = [{"system": SNOMED, "code": finding[0], "display": finding[1]}]
        obs["component"].append(
            {
                "code": {"coding": [dict(SYMPTOM_CODE)], "text": "Associated symptom"},
                "valueCodeableConcept": value,
            }
        )
    notes = []
    context = []
    if ep.hydration:
        context.append(f"fluid intake that day: {ep.hydration}")
    if ep.exertion:
        context.append(f"physical activity in the hours before: {ep.exertion}")
    if ep.self_care:
        context.append(
            "self-care (stretching, rest, fluids): "
            + ("helped" if ep.self_care == "helped" else "did not help")
        )
    context.append(f"duration: {ep.duration_s} s")
    notes.append({"text": "Self-reported in spasmlog; " + "; ".join(context) + "."})
    if ep.notes:
        notes.append({"text": f"Patient's note: {ep.notes}"})
    obs["note"] = notes
    return obs


def _body_site(ep) -> dict:
    text = SITE_TEXT.get(ep.muscle_group, ep.muscle_group)
    if ep.side in ("left", "right"):
        text = f"{ep.side} {text}"
    elif ep.side == "both":
        text = f"{text}, both sides"
    site: dict = {"text": text}
    code = BODY_SITES.get(ep.muscle_group)
    if code:
        site["coding"] = [{"system": SNOMED, "code": code[0], "display": code[1]}]
    side = LATERALITY.get(ep.side)
    if side:
        site["extension"] = [
            {
                "url": LATERALITY_EXT,
                "valueCodeableConcept": {
                    "coding": [{"system": SNOMED, "code": side[0], "display": side[1]}]
                },
            }
        ]
    return site


def full_url(ep) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{ep.id}|{format_instant(ep.started_at)}')}"


def write(job, stream) -> None:
    # FHIR JSON allows no empty arrays: "entry" appears only with a first episode.
    stream.write('{"resourceType": "Bundle", "type": "collection"')
    first = True
    with job.store.read() as session:
        for ep in job.episodes(session):
            entry = {"fullUrl": full_url(ep), "resource": observation(ep)}
            stream.write(', "entry": [\n  ' if first else ",\n  ")
            stream.write(json.dumps(entry, ensure_ascii=False))
            first = False
    stream.write("}\n" if first else "\n]}\n")
