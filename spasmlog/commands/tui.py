"""``spasmlog`` (no command) opens the app on the diary; ``spasmlog demo`` on a sample one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

DEMO_WEEKS = 12
DEMO_SEED = 9  # calves 73%, nights 75%, two worse weeks at the end, one tingling


def _check_diary(path: Path, today) -> None:
    """Create the diary if needed, and refuse a file that is not a spasmlog diary before the
    screen opens. An existing diary's header is read, not opened: the app's first read opens
    it fully moments later (and reports a damaged one on screen)."""
    from ..storage.db import needs_creation, open_store

    if needs_creation(path):  # raises DatabaseRefused for a foreign file
        open_store(path, create=True, today=today).close()


def cmd_tui(args, ctx) -> int:
    _check_diary(ctx.db, ctx.now.date())
    from ..tui.app import make_app

    make_app(ctx.db).run()
    return 0


def make_demo_diary(folder: Path, *, now) -> Path:
    """A realistic 12-week diary ending now in ``folder`` (owner-only), with check-ins, a
    visit and a change marker; returns its path."""
    from ..sample import generate_days, generate_diary, seed_days, seed_store
    from ..storage.db import open_store

    offset = int(now.utcoffset().total_seconds() // 60) if now.utcoffset() else 0
    episodes = generate_diary(
        end=now.date(), weeks=DEMO_WEEKS, seed=DEMO_SEED, utc_offset_min=offset
    )
    episodes = [e for e in episodes if e.started_at <= now]  # nothing later than now
    path = folder / "demo.db"
    store = open_store(path, create=True, today=now.date())
    try:
        seed_store(store, episodes)
        checkins, markers = generate_days(
            episodes, end=now.date(), weeks=DEMO_WEEKS, seed=DEMO_SEED
        )
        seed_days(store, checkins, markers)
    finally:
        store.close()
    return path


def cmd_demo(args, ctx) -> int:
    folder = Path(tempfile.mkdtemp(prefix="spasmlog-demo-"))  # 0700
    try:
        os.chmod(folder, 0o700)
        path = make_demo_diary(folder, now=ctx.now)
        from ..tui.app import make_app

        app = make_app(path)
        app.sub_title = "demo diary — deleted when you quit"
        app.run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("the demo diary was deleted; run 'spasmlog' to open your own", file=ctx.out)
    return 0
