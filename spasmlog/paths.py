"""Every file location in one place: the diary, its backups, the config file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "spasmlog"
DB_ENV = "SPASMLOG_DB"
CONFIG_ENV = "SPASMLOG_CONFIG"


def _xdg_folder(env_var: str, fallback: str) -> Path | None:
    """On Linux, the XDG Base Directory folder that platformdirs would give, found without
    importing platformdirs (about 15 ms: it loads tempfile, shutil and random), which every
    start of ``spasmlog`` and ``spasmlog add`` would pay. ``$env_var`` if it is an absolute
    path, else ``~/fallback``. None where platformdirs decides by more than that (macOS,
    Windows, Android, a ``HOME`` that is not an absolute path): ask platformdirs there.
    tests/test_paths.py checks this against platformdirs as the oracle."""
    home = os.environ.get("HOME", "")
    if (
        sys.platform != "linux"
        or "ANDROID_DATA" in os.environ
        or "ANDROID_ROOT" in os.environ
        or not os.path.isabs(home)
    ):
        return None
    value = os.environ.get(env_var, "")
    base = value if os.path.isabs(value) else os.path.join(home, fallback)
    return Path(base) / APP_NAME


def _user_folder(kind: str) -> Path:
    """spasmlog's folder in the platform's user ``data`` or ``config`` folder: the XDG one
    on Linux, else platformdirs'."""
    folder = (
        _xdg_folder("XDG_DATA_HOME", ".local/share")
        if kind == "data"
        else _xdg_folder("XDG_CONFIG_HOME", ".config")
    )
    if folder is None:
        import platformdirs

        find = platformdirs.user_data_dir if kind == "data" else platformdirs.user_config_dir
        folder = Path(find(APP_NAME, appauthor=False))
    return folder


def default_db_path() -> Path:
    return _user_folder("data") / "spasmlog.db"


def db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """``--db PATH`` first, then ``$SPASMLOG_DB``, then the platform's user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def backups_dir(db: Path) -> Path:
    """Where the automatic daily copies go: ``backups/`` beside the diary."""
    return db.parent / "backups"


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each one owner-only (0700) whatever the
    umask; folders that already exist are left as they are."""
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for level in reversed(missing):
        try:
            level.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made by another process at the same moment
        os.chmod(level, 0o700)


def config_path() -> Path:
    """``$SPASMLOG_CONFIG``, else ``config.toml`` in the platform's user config folder."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return _user_folder("config") / "config.toml"
