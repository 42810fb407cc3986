"""Textual's Footer, recomposed once per burst of binding changes instead of once per change.

At start-up a screen's bindings change several times in one frame (mount, focus, the
screen stack); the stock Footer schedules a full recompose for each, which cost about a
quarter of the Log screen's first frame.
"""

from __future__ import annotations

from textual.widgets import Footer


class QuietFooter(Footer):
    """Matches the CSS type "Footer" like its base."""

    _recompose_pending = False

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_pending = False
        await self.recompose()
