"""User-facing words that repeat across the CLI, the TUI and the exports."""

DISCLAIMER = (
    "spasmlog is a diary, not a diagnosis: it shows patterns in what you logged and cannot "
    "tell their cause. Seek medical care at once for severe or sudden symptoms, such as "
    "chest pain, sudden weakness, or a swollen, red or discoloured leg."
)

SELF_CARE_ADVICE = (
    "Gentle stretching, rest and enough fluids help many cramps; none of this replaces "
    "a professional's advice."
)

NOTHING_TO_UNDO = "nothing to undo"
NOTHING_TO_REDO = "nothing to redo: no undo since the last change"

# Every export made from the demo's generated diary carries this, where a reader sees it first.
SAMPLE_STAMP = "SAMPLE DATA — not a real diary"
