"""The rule table matches SPEC §4.2, and docs/flags.md covers every rule and setting."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from spasmlog.analysis.flags import RULES
from spasmlog.config import Thresholds

DOC = Path(__file__).resolve().parent.parent / "docs" / "flags.md"

SPEC_TABLE = [
    ("weakness", "urgent", "weakness-atrophy"),
    ("prolonged-unrelieved", "urgent", "frequency-duration"),
    ("swollen-leg", "urgent", "associated-symptoms"),
    ("unusual-site", "urgent", "associated-symptoms"),
    ("associated-symptoms", "see-doctor", "associated-symptoms"),
    ("prolonged", "see-doctor", "frequency-duration"),
    ("severe-pain", "see-doctor", "intense-pain"),
    ("frequent", "see-doctor", "frequency-duration"),
    ("persistent", "see-doctor", "frequency-duration"),
    ("escalating-frequency", "see-doctor", "frequency-duration"),
    ("escalating-pain", "see-doctor", "intense-pain"),
    ("escalating-duration", "see-doctor", "frequency-duration"),
    ("unexplained", "see-doctor", "no-obvious-cause"),
    ("self-care-fails", "see-doctor", "self-care"),
    ("severe-pain-once", "info", "intense-pain"),
    ("dehydration-link", "info", "pattern"),
    ("exertion-link", "info", "pattern"),
    ("nocturnal", "info", "pattern"),
]


def test_rules_are_the_spec_table_in_order():
    assert [(r.id, r.severity, r.criterion) for r in RULES] == SPEC_TABLE


def test_docs_explain_every_rule_and_setting_with_its_default():
    text = DOC.read_text(encoding="utf-8")
    for rule, _, _ in SPEC_TABLE:
        assert f"**`{rule}`**" in text, rule
    for f in fields(Thresholds):
        assert f"{f.name} = {f.default}" in text, f.name
    for source in ("NHS", "Mayo Clinic", "MSD Manual", "Roguin Maor", "Frusso", "Farrar"):
        assert source in text


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
