"""Every file location in one place: the diary, its backups, the config file."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "spasmlog"
DB_ENV = "SPASMLOG_DB"
CONFIG_ENV = "SPASMLOG_CONFIG"


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "spasmlog.db"


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
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"
