"""The rule table matches SPEC §4.2, and docs/flags.md covers every rule and setting."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from spasmlog.analysis.flags import RULES
from spasmlog.config import Thresholds

DOC = Path(__file__).resolve().parent.parent / "docs" / "flags.md"

SPEC_TABLE = [
    ("weakness", "E", "urgent", "weakness-atrophy"),
    ("prolonged", "E", "urgent", "frequency-duration"),
    ("swollen-leg", "E", "urgent", "associated-symptoms"),
    ("unusual-site", "E", "urgent", "associated-symptoms"),
    ("associated-symptoms", "E", "see-doctor", "associated-symptoms"),
    ("severe-pain", "A", "see-doctor", "intense-pain"),
    ("frequent", "A", "see-doctor", "frequency-duration"),
    ("persistent", "A", "see-doctor", "frequency-duration"),
    ("sleep-disturbed", "A", "see-doctor", "sleep"),
    ("escalating-frequency", "A", "see-doctor", "frequency-duration"),
    ("escalating-pain", "A", "see-doctor", "intense-pain"),
    ("escalating-duration", "A", "see-doctor", "frequency-duration"),
    ("unexplained", "A", "see-doctor", "no-obvious-cause"),
    ("self-care-fails", "A", "see-doctor", "self-care"),
    ("severe-pain-once", "E", "info", "intense-pain"),
    ("new-site", "E", "info", "pattern"),
    ("dehydration-link", "A", "info", "pattern"),
    ("exertion-link", "A", "info", "pattern"),
    ("nocturnal", "A", "info", "pattern"),
]


def test_rules_are_the_spec_table_in_order():
    assert [(r.id, r.kind, r.severity, r.criterion) for r in RULES] == SPEC_TABLE


def test_docs_explain_every_rule_and_setting_with_its_default():
    text = DOC.read_text(encoding="utf-8")
    for rule, _, _, _ in SPEC_TABLE:
        assert f"**`{rule}`**" in text, rule
    for f in fields(Thresholds):
        assert f"{f.name} = {f.default}" in text, f.name
    for source in ("NHS", "Mayo Clinic", "MSD Manual", "Roguin Maor", "Frusso", "Farrar"):
        assert source in text
    for label in ("See a doctor promptly", "Worth showing a doctor", "For your information"):
        assert label in text
    assert "the guide" not in text.lower() and "SPEC" not in text


def test_docs_name_no_medicine():
    text = DOC.read_text(encoding="utf-8").lower()
    for word in (
        "magnesium",
        "quinine",
        "ibuprofen",
        "paracetamol",
        "baclofen",
        "vitamin",
        "supplement",
    ):
        assert word not in text
