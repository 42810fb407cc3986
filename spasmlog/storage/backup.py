"""Consistent copies with SQLite's online backup API: ``spasmlog backup``, the daily copy,
and ``spasmlog restore``.

Safety copies are named after the diary's whole file name (``spasmlog.db-2026-11-25.db``),
so two diaries in one folder never share them; copies named after the stem by older
versions (``spasmlog-2026-11-25.db``) are still found and pruned.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from ..errors import DatabaseRefused, InputError, SpasmlogError
from .files import (
    check_write_target,
    os_failure,
    remove_stale_temporaries,
    remove_temp,
    temp_path,
)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_to(conn: sqlite3.Connection, dest: Path | str, *, diary: Path | None = None) -> Path:
    """Copy the open database to ``dest`` (owner-only), atomically replacing what was there.

    With ``diary``, ``dest`` is checked first (:func:`check_write_target`): never the diary,
    its journals, a safety copy or another SQLite file. A failure to write (a full disk, a
    read-only folder) is a :class:`~spasmlog.errors.WriteFailed` naming the backup, not the
    diary, and leaves no partial file.
    """
    dest = Path(dest).expanduser()
    if diary is not None:
        dest = check_write_target(dest, diary, what="backup")
    else:
        if dest.is_dir():
            raise InputError(f"{dest} is a folder; give a file name for the backup")
        if not dest.parent.exists():
            raise InputError(f"the folder {dest.parent} does not exist")
    _copy_into_place(conn, dest, doing="write the backup")
    return dest


def _copy_into_place(
    conn: sqlite3.Connection,
    dest: Path,
    *,
    doing: str,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Copy ``conn`` with SQLite's online backup API into an owner-only temporary beside
    ``dest``, flush it, run ``before_replace``, then rename it over ``dest``.

    Used by ``backup`` and ``restore``: a failure names ``doing`` and ``dest`` in one line
    and leaves no partial file.
    """
    remove_stale_temporaries(dest.parent)
    tmp = temp_path(dest.parent)
    old_umask = os.umask(0o077)
    try:
        target = sqlite3.connect(tmp)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            target.close()
        os.chmod(tmp, 0o600)
        _fsync(tmp)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, dest)
    except OSError as e:
        raise os_failure(e, doing, dest) from None
    except sqlite3.Error as e:
        raise _backup_failure(e, dest) from None
    finally:
        os.umask(old_umask)
        remove_temp(tmp)


def _backup_failure(error: sqlite3.Error, dest: Path) -> SpasmlogError:
    from ..errors import WriteFailed

    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        cause = "the disk is full; free some space and try again"
    elif name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or "readonly" in text:
        cause = f"the folder {dest.parent} is read-only"
    elif name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return DatabaseRefused(
            f"the diary is damaged (SQLite: {text}), so no backup was written to {dest}"
        )
    else:
        cause = f"SQLite: {text}"
    return WriteFailed(f"could not write the backup {dest}: {cause}; the diary is unchanged")


def _copy_prefix(db_path: Path) -> str:
    return f"{db_path.name}-"


def daily_copy_path(db_path: Path, day: date) -> Path:
    return db_path.parent / "backups" / f"{_copy_prefix(db_path)}{day.isoformat()}.db"


def safety_copies(db_path: Path, *, before_restore: bool = False) -> list[Path]:
    """This diary's daily and manual copies in ``backups/``, any age (with
    ``before_restore``, also the copies a restore kept, which may be of a damaged diary)."""
    folder = db_path.parent / "backups"
    if not folder.is_dir():
        return []
    kinds = r"\d{4}-\d\d-\d\d|manual-[\d-]+" + (
        r"|before-restore-[\dT-]+" if before_restore else ""
    )
    mine = re.compile(rf"(?:{re.escape(db_path.name)}|{re.escape(db_path.stem)})-(?:{kinds})\.db")
    return sorted(p for p in folder.iterdir() if mine.fullmatch(p.name) and p.is_file())


def _daily_copies(db_path: Path) -> list[Path]:
    folder = db_path.parent / "backups"
    found = list(folder.glob(f"{_copy_prefix(db_path)}????-??-??.db"))
    if db_path.suffix == ".db":  # the names older versions gave
        found += folder.glob(f"{db_path.stem}-????-??-??.db")
    return sorted(set(found), key=lambda p: p.name[-13:])


def prune_daily_copies(db_path: Path, keep: int) -> None:
    """Keep the newest ``keep`` daily copies; remove temporaries a killed process left."""
    folder = db_path.parent / "backups"
    try:
        for old in _daily_copies(db_path)[:-keep]:
            old.unlink(missing_ok=True)
        remove_stale_temporaries(folder)
    except OSError:
        pass  # pruning is housekeeping; the next write tries again


def keep_daily_copy(store, today: date) -> tuple[Path | None, str | None]:
    """Before the first write of ``today``: check the file, copy it.

    Returns (the copy made now or None, a warning or None). A failed copy is a warning
    (it never blocks the write); a file failing SQLite's quick_check raises
    DatabaseRefused (a damaged file is not written to). Pruning waits for the commit.
    """
    from ..paths import make_private_dirs

    dest = daily_copy_path(store.path, today)
    if dest.exists():
        return None, None
    conn = store.conn
    from .db import Session
    from .repo import has_any_record

    if not has_any_record(session=Session(conn)):
        return None, None  # nothing to protect yet
    try:
        problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as e:
        problems = [str(e)]
    if problems != ["ok"]:
        first = problems[0].strip().splitlines()[-1] if problems[0].strip() else "damage"
        more = f" and {len(problems) - 1} more problems" if len(problems) > 1 else ""
        newest = max(safety_copies(store.path), key=lambda p: p.stat().st_mtime, default=None)
        way_back = (
            f"'spasmlog restore {newest}' puts back the newest safety copy"
            if newest
            else "'spasmlog restore FILE' puts back a backup of your own"
        )
        raise DatabaseRefused(
            f"{store.path} is damaged (SQLite's quick_check: {first}{more}) and was left "
            f"unchanged; {way_back}"
        )
    try:
        make_private_dirs(dest.parent)
        backup_to(conn, dest)
    except (OSError, SpasmlogError, sqlite3.Error) as e:
        return None, (
            f"warning: could not keep today's safety copy in {dest.parent} ({e}); "
            f"your change is still saved"
        )
    return dest, None


def restore_from(db_path: Path, backup: Path, *, today: date | None = None) -> Path | None:
    """Put ``backup``'s content in place of the diary at ``db_path``, atomically.

    ``backup`` must be a spasmlog diary this version can read that passes
    ``integrity_check`` (else DatabaseRefused, nothing touched). The current diary, if
    there is one, is first copied to ``backups/`` (returned). Its ``-wal`` and ``-shm``
    are removed only after its content is in that copy.
    """
    from ..paths import make_private_dirs
    from .db import SQLITE_MAGIC, _check, _connect_readonly, needs_creation

    db_path = Path(db_path).expanduser().absolute()
    backup = Path(backup).expanduser().absolute()
    if not backup.exists():
        raise InputError(f"there is no file {backup}")
    if os.path.exists(db_path) and os.path.samefile(backup, db_path):
        raise InputError(f"{backup} is the diary itself; give a backup file to restore from")
    if not backup.is_file():
        raise InputError(f"{backup} is not a regular file, so it cannot be a backup")
    try:
        with open(backup, "rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                raise DatabaseRefused(f"{backup} is not a spasmlog backup (not an SQLite file)")
    except OSError as e:
        raise InputError(f"cannot read {backup}: {e.strerror or e}") from None
    needs_creation(backup)  # another program's SQLite file is refused here
    src = _connect_readonly(backup)
    try:
        _check(src, backup)
        try:
            problems = [r[0] for r in src.execute("PRAGMA integrity_check(3)").fetchall()]
        except sqlite3.DatabaseError as e:
            problems = [str(e)]
        if problems != ["ok"]:
            raise DatabaseRefused(
                f"{backup} is damaged (SQLite's integrity_check: "
                f"{problems[0].strip().splitlines()[-1]}); choose another backup — nothing was "
                f"changed"
            )
        make_private_dirs(db_path.parent)
        kept = None if needs_creation(db_path) else _keep_before_restore(db_path)
        _copy_into_place(
            src, db_path, doing="restore", before_replace=lambda: _retire_journals(db_path)
        )
    finally:
        src.close()
    return kept


def _keep_before_restore(db_path: Path) -> Path:
    """Copy the current diary (with what its WAL holds) to ``backups/`` before a restore."""
    import shutil

    from ..paths import make_private_dirs

    folder = db_path.parent / "backups"
    make_private_dirs(folder)
    dest = folder / f"{_copy_prefix(db_path)}before-restore-{datetime.now():%Y%m%dT%H%M%S}.db"
    try:
        from .db import _connect_readonly

        conn = _connect_readonly(db_path)
        try:
            backup_to(conn, dest)
        finally:
            conn.close()
    except (SpasmlogError, sqlite3.Error):
        # A damaged diary may not copy page by page: keep its bytes as they are.
        try:
            tmp = temp_path(folder)
            old_umask = os.umask(0o077)
            try:
                shutil.copyfile(db_path, tmp)
                wal = Path(f"{db_path}-wal")
                if wal.exists() and wal.stat().st_size:
                    shutil.copyfile(wal, f"{dest}-wal")
                os.replace(tmp, dest)
            finally:
                os.umask(old_umask)
                remove_temp(tmp)
        except OSError as e:
            raise os_failure(e, "keep a copy of the current diary in", folder) from None
    return dest


def _retire_journals(db_path: Path) -> None:
    """Fold a waiting WAL into the old file (best effort), then remove -wal and -shm so they
    can never be applied to the restored content."""
    try:
        conn = sqlite3.connect(db_path, isolation_level=None, timeout=5)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # a damaged diary: its content is in the copy already
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
