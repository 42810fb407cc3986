"""The daily check-in reminder: the one-line nudge, and the scheduler entries that show it.

``spasmlog remind --install HH:MM`` sets up the person's own scheduler to run
``spasmlog remind --notify`` every day at HH:MM: a systemd user timer and service on
Linux, a launchd agent on macOS, a Task Scheduler entry on Windows. ``--uninstall``
removes everything install made. The reminder's words name no symptom: a notification may
show on a lock screen. Nothing here imports Textual; the CLI is a thin face over it.
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

NAME = "spasmlog-remind"
LAUNCHD_LABEL = "org.spasmlog.remind"
NUDGE = "spasmlog: yesterday has no check-in yet — 'spasmlog checkin' (or --none) records it"
# The notification may show on a lock screen: not even the program's name, which holds a
# symptom's.
NOTIFY_TITLE = "Daily check-in"
NOTIFY_TEXT = "Yesterday has no check-in yet."


def parse_clock(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip()) if isinstance(text, str) else None
    if not m:
        raise InputError(f"invalid time {text!r} — use HH:MM, e.g. 20:30")
    return int(m.group(1)), int(m.group(2))


@dataclass(frozen=True)
class Plan:
    """What an install or uninstall does: files to write (path → text) or remove, and the
    scheduler commands to run afterwards."""

    write: dict[Path, str] = field(default_factory=dict)
    remove: tuple[Path, ...] = ()
    commands: tuple[tuple[str, ...], ...] = ()


def _systemd_dir(home: Path, env: dict) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(home / ".config")
    return Path(base) / "systemd" / "user"


def _launchd_path(home: Path) -> Path:
    return home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def install_plan(
    platform: str, *, home: Path, env: dict, hour: int, minute: int, command: list[str]
) -> Plan:
    """The files and scheduler commands for a daily reminder at hour:minute."""
    if platform.startswith("linux"):
        folder = _systemd_dir(home, env)
        service = (
            "[Unit]\nDescription=spasmlog daily check-in reminder\n\n"
            f"[Service]\nType=oneshot\nExecStart={shlex.join(command)}\n"
        )
        timer = (
            "[Unit]\nDescription=spasmlog daily check-in reminder\n\n"
            f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n\n"
            "[Install]\nWantedBy=timers.target\n"
        )
        return Plan(
            write={folder / f"{NAME}.service": service, folder / f"{NAME}.timer": timer},
            commands=(
                ("systemctl", "--user", "daemon-reload"),
                ("systemctl", "--user", "enable", "--now", f"{NAME}.timer"),
            ),
        )
    if platform == "darwin":
        args = "".join(f"\n        <string>{_xml(a)}</string>" for a in command)
        plist = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>Label</key>
    <string>{LAUNCHD_LABEL}</string>
    <key>ProgramArguments</key>
    <array>{args}
    </array>
    <key>StartCalendarInterval</key>
    <dict>
        <key>Hour</key>
        <integer>{hour}</integer>
        <key>Minute</key>
        <integer>{minute}</integer>
    </dict>
</dict>
</plist>
"""
        path = _launchd_path(home)
        return Plan(
            write={path: plist},
            commands=(
                ("launchctl", "unload", str(path)),  # idempotent: drop an older copy first
                ("launchctl", "load", str(path)),
            ),
        )
    if platform in ("win32", "cygwin"):
        line = " ".join(f'"{a}"' if " " in a else a for a in command)
        return Plan(
            commands=(
                (
                    "schtasks",
                    "/Create",
                    "/F",
                    "/TN",
                    NAME,
                    "/SC",
                    "DAILY",
                    "/ST",
                    f"{hour:02d}:{minute:02d}",
                    "/TR",
                    line,
                ),
            )
        )
    raise InputError(f"reminders are not supported on this system ({platform})")


def uninstall_plan(platform: str, *, home: Path, env: dict) -> Plan:
    """Everything :func:`install_plan` made, removed."""
    if platform.startswith("linux"):
        folder = _systemd_dir(home, env)
        return Plan(
            remove=(folder / f"{NAME}.timer", folder / f"{NAME}.service"),
            commands=(
                ("systemctl", "--user", "disable", "--now", f"{NAME}.timer"),
                ("systemctl", "--user", "daemon-reload"),
            ),
        )
    if platform == "darwin":
        path = _launchd_path(home)
        return Plan(remove=(path,), commands=(("launchctl", "unload", str(path)),))
    if platform in ("win32", "cygwin"):
        return Plan(commands=(("schtasks", "/Delete", "/F", "/TN", NAME),))
    raise InputError(f"reminders are not supported on this system ({platform})")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def apply_plan(plan: Plan, *, run_commands: bool = True) -> list[str]:
    """Write and remove the plan's files (owner-only), then run its scheduler commands.

    Returns a warning per command that could not run (the scheduler missing or refusing):
    the files are in place and the person can run it by hand.
    """
    import os
    import subprocess

    for path, text in plan.write.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.new")
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    for path in plan.remove:
        path.unlink(missing_ok=True)
    warnings = []
    if run_commands:
        for cmd in plan.commands:
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
            except (OSError, subprocess.SubprocessError) as e:
                warnings.append(f"could not run {shlex.join(cmd)} ({e})")
                continue
            if done.returncode != 0 and cmd[1:2] != ("unload",):
                reason = (done.stderr or done.stdout).strip().splitlines()[:1]
                warnings.append(f"{shlex.join(cmd)} failed" + (f" ({reason[0]})" if reason else ""))
    return warnings


def reminder_command(db: Path) -> list[str]:
    """The command the scheduler runs: this Python, this diary."""
    return [sys.executable, "-m", "spasmlog", "remind", "--notify", "--db", str(db)]
