"""Every word a person reads for a value, and the formatters, in one place.

Shared by the CLI, the TUI and the exports (the core never imports either face). The
person's own words are data: :func:`visible` makes control characters visible so that a
note can never drive the terminal or a Markdown renderer.
"""

from __future__ import annotations

from . import domain as d

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides
# that can reorder or hide text on a terminal.
_INVISIBLE = {
    *range(0x00, 0x20),
    0x7F,
    *range(0x80, 0xA0),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
}
_VISIBLE_MAP = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _INVISIBLE}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), never obeyed.

    With ``keep_newlines`` a line feed stays a line feed (multi-line displays); a carriage
    return, tab and everything else are still made visible.
    """
    if keep_newlines:
        return "\n".join(line.translate(_VISIBLE_MAP) for line in text.split("\n"))
    return text.translate(_VISIBLE_MAP)


def episode_details(ep: d.Episode) -> str:
    """Symptoms, context and the start of the note, for one-line listings (CLI and TUI)."""
    bits = []
    if ep.symptoms:
        bits.append("+" + ",".join(ep.symptoms))
    for label, value in (
        ("fluids", ep.hydration),
        ("activity", ep.exertion),
        ("self-care", ep.self_care),
    ):
        if value:
            bits.append(f"{label} {value}")
    if ep.notes:
        note = visible(" ".join(ep.notes.split()))
        bits.append(f'"{note[:40]}…"' if len(note) > 40 else f'"{note}"')
    return "  ".join(bits)


def describe(ep: d.Episode) -> str:
    """A one-line summary of an episode for messages."""
    side = f" {ep.side}" if ep.side not in ("none",) else ""
    return (
        f"{ep.muscle_group}{side}, pain {ep.pain}, {d.format_duration(ep.duration_s)}, "
        f"{ep.local_start:%Y-%m-%d %H:%M}"
    )


# Severity display labels (docs/flags.md): the person's words, and the clinician report's.
SEVERITY_LABELS: dict[str, str] = {
    "urgent": "See a doctor promptly",
    "see-doctor": "Worth showing a doctor",
    "info": "For your information",
}
