"""Consistent copies with SQLite's online backup API: ``spasmlog backup`` and the daily copy."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

from ..errors import DatabaseRefused, InputError, SpasmlogError


def backup_to(conn: sqlite3.Connection, dest: Path | str) -> Path:
    """Copy the open database to ``dest`` (owner-only), atomically replacing what was there."""
    dest = Path(dest).expanduser()
    if dest.is_dir():
        raise InputError(f"{dest} is a folder; give a file name for the backup")
    if not dest.parent.exists():
        raise InputError(f"the folder {dest.parent} does not exist")
    tmp = dest.with_name(f".{dest.name}.part-{os.getpid()}")
    old_umask = os.umask(0o077)
    try:
        target = sqlite3.connect(tmp)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            target.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
    except OSError as e:
        raise SpasmlogError(f"could not write the backup {dest}: {e.strerror or e}") from None
    finally:
        os.umask(old_umask)
        tmp.unlink(missing_ok=True)
    return dest


def daily_copy_path(db_path: Path, day: date) -> Path:
    return db_path.parent / "backups" / f"{db_path.stem}-{day.isoformat()}.db"


def keep_daily_copy(store, today: date, keep: int) -> str | None:
    """Before the first write of ``today``: check the file, copy it, prune to ``keep``.

    Returns a warning if the copy failed (it never blocks the write), and raises
    DatabaseRefused if the file fails SQLite's quick_check (a corrupt file is not written to).
    """
    dest = daily_copy_path(store.path, today)
    if dest.exists():
        return None
    conn = store.conn
    if conn.execute("SELECT count(*) FROM episode").fetchone()[0] == 0:
        return None  # nothing to protect yet
    try:
        problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as e:
        problems = [str(e)]
    if problems != ["ok"]:
        raise DatabaseRefused(
            f"{store.path} is damaged ({problems[0]}) and was left unchanged; restore a copy "
            f"from {dest.parent}"
        )
    try:
        folder = dest.parent
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        backup_to(conn, dest)
        copies = sorted(folder.glob(f"{store.path.stem}-????-??-??.db"))
        for old in copies[:-keep]:
            old.unlink(missing_ok=True)
    except (OSError, SpasmlogError, sqlite3.Error) as e:
        return f"warning: could not keep today's safety copy in {dest.parent} ({e}); your change is still saved"
    return None
