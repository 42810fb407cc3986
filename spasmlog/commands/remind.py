"""``spasmlog remind``: the nudge for a shell start-up file, and the daily reminder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import domain as d
from .. import reminders as r


def _needs_checkin(ctx) -> bool:
    """True when the diary exists and yesterday's diary day has no check-in."""
    if not ctx.db.exists():
        return False
    from ..storage import repo

    store = ctx.open_store(create=False, readonly=True)
    with store.read() as session:
        return repo.get_checkin(session=session, day=d.yesterday_diary_day(ctx.now)) is None


def cmd_remind(args, ctx) -> int:
    home = Path.home()
    env = dict(os.environ)
    # SPASMLOG_SCHEDULER=off writes and removes the files but runs no scheduler command
    # (tests, and packagers who manage the timer themselves).
    run_commands = os.environ.get("SPASMLOG_SCHEDULER", "").lower() != "off"
    if args.install is not None:
        hour, minute = r.parse_clock(args.install)
        plan = r.install_plan(
            sys.platform,
            home=home,
            env=env,
            hour=hour,
            minute=minute,
            command=r.reminder_command(ctx.db.resolve()),
        )
        for warning in r.apply_plan(plan, run_commands=run_commands):
            print(f"warning: {warning}", file=ctx.err)
        where = ", ".join(str(p) for p in plan.write) or "Task Scheduler"
        print(
            f"a daily check-in reminder at {hour:02d}:{minute:02d} is set up ({where})",
            file=ctx.out,
        )
        return 0
    if args.uninstall:
        plan = r.uninstall_plan(sys.platform, home=home, env=env)
        for warning in r.apply_plan(plan, run_commands=run_commands):
            print(f"warning: {warning}", file=ctx.err)
        print("the daily check-in reminder is removed", file=ctx.out)
        return 0
    if not _needs_checkin(ctx):
        return 0
    if args.notify:
        import shutil
        import subprocess

        sender = shutil.which("notify-send")
        if sender and run_commands:
            try:
                subprocess.run([sender, r.NOTIFY_TITLE, r.NOTIFY_TEXT], timeout=30, check=False)
                return 0
            except (OSError, subprocess.SubprocessError):
                pass
    print(r.NUDGE, file=ctx.out)
    return 0
