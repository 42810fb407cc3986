"""The form's text inputs: compact one-line Inputs, and the muscle field with type-ahead."""

from __future__ import annotations

from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Input

from ...domain import MUSCLE_ALIASES, MUSCLE_GROUPS


class FormInput(Input):
    """An Input that is ``compact=True`` by default (one line, no border)."""

    def __init__(self, *, compact: bool = True, **kwargs: Any) -> None:
        super().__init__(compact=compact, **kwargs)


def muscle_words() -> list[str]:
    """Canonical names first (so 'c' suggests 'calf'), then the aliases."""
    return list(MUSCLE_GROUPS) + [a for a in MUSCLE_ALIASES if a not in MUSCLE_GROUPS]


class MuscleInput(FormInput):
    """An Input whose Enter (and →) accept the grey suggestion before submitting."""

    def __init__(
        self, *, id: str | None = None, placeholder: str = "calf, foot, hamstring, …"
    ) -> None:
        super().__init__(
            placeholder=placeholder,
            suggester=SuggestFromList(muscle_words(), case_sensitive=False),
            id=id,
        )

    async def action_submit(self) -> None:
        if self.cursor_at_end:
            # Input's own → at the end: takes the suggestion when there is one.
            self.action_cursor_right()
        await super().action_submit()
