"""The form's text inputs: compact one-line Inputs, and the muscle field with type-ahead."""

from __future__ import annotations

from textual.suggester import SuggestFromList
from textual.widgets import Input

from ...domain import MUSCLE_ALIASES, MUSCLE_GROUPS


class FormInput(Input):
    """An Input (``compact=True`` by default) that is styled once, when it mounts.

    ``Input(compact=True)`` toggles a CSS class in its constructor, and Textual restyles a
    node whenever a class changes, even one that is not mounted yet (a wasted style pass,
    about 0.4 ms per input at start-up; mounting styles it anyway).
    """

    def __init__(self, *, compact: bool = True, **kwargs) -> None:
        super().__init__(compact=compact, **kwargs)

    def update_node_styles(self, animate: bool = True) -> None:
        if self.is_attached:
            super().update_node_styles(animate=animate)


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
        suggestion = self._suggestion
        if suggestion and self.cursor_at_end and len(suggestion) > len(self.value):
            self.value = suggestion
            self.cursor_position = len(self.value)
        await super().action_submit()
