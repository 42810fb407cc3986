"""Talking back from a thread worker: once, and never for a cancelled one."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.worker import get_current_worker


def reply(app: App, callback: Callable[..., object], *args: object) -> None:
    """From a thread worker: run ``callback(*args)`` on the UI thread, unless that worker
    was cancelled (a newer load superseded it, or its screen went away).

    The check runs on the UI thread, where cancelling happens, so an answer still on its
    way when the worker is cancelled is dropped too.
    """
    worker = get_current_worker()

    def deliver() -> None:
        if not worker.is_cancelled:
            callback(*args)

    app.call_from_thread(deliver)
