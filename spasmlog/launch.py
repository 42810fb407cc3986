"""The doorway from the command line to the app: a bare ``spasmlog`` opens the app on the
diary, ``spasmlog demo`` on a sample one.

It sits beside cli.py rather than in spasmlog.commands: the CLI's commands and the TUI never
import each other (an import-linter contract in pyproject.toml), and this is the one place
that starts the TUI.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _check_diary(path: Path, today) -> None:
    """Create the diary if needed, and refuse a file that is not a spasmlog diary before the
    screen opens. An existing diary's header is read, not opened: the app's first read opens
    it fully moments later (and reports a damaged one on screen)."""
    from .storage.db import needs_creation, open_store

    if needs_creation(path):  # raises DatabaseRefused for a foreign file
        open_store(path, create=True, today=today).close()


def cmd_tui(args, ctx) -> int:
    _check_diary(ctx.db, ctx.now.date())
    from .tui.app import make_app

    make_app(ctx.db).run()
    return 0


def cmd_demo(args, ctx) -> int:
    folder = Path(tempfile.mkdtemp(prefix="spasmlog-demo-"))  # 0700
    try:
        os.chmod(folder, 0o700)
        from .sample import make_demo_diary

        path = make_demo_diary(folder, now=ctx.now)
        from .tui.app import make_app

        app = make_app(path)
        app.sub_title = "demo diary — deleted when you quit"
        app.run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("the demo diary was deleted; run 'spasmlog' to open your own", file=ctx.out)
    return 0
