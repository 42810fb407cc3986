"""Muscle group with type-ahead over the SPEC's names and aliases; Enter takes the suggestion."""

from __future__ import annotations

from textual.suggester import SuggestFromList
from textual.widgets import Input

from ...domain import MUSCLE_ALIASES, MUSCLE_GROUPS


def muscle_words() -> list[str]:
    """Canonical names first (so 'c' suggests 'calf'), then the aliases."""
    return list(MUSCLE_GROUPS) + [a for a in MUSCLE_ALIASES if a not in MUSCLE_GROUPS]


class MuscleInput(Input):
    """An Input whose Enter (and →) accept the grey suggestion before submitting."""

    def __init__(self, *, id: str | None = None, placeholder: str = "calf, foot, hamstring, …") -> None:
        super().__init__(
            placeholder=placeholder,
            suggester=SuggestFromList(muscle_words(), case_sensitive=False),
            id=id,
            compact=True,
        )

    async def action_submit(self) -> None:
        suggestion = self._suggestion
        if suggestion and self.cursor_at_end and len(suggestion) > len(self.value):
            self.value = suggestion
            self.cursor_position = len(self.value)
        await super().action_submit()
