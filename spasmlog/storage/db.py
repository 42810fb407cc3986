"""Opening the diary file safely: checks, creation, upgrades, pragmas, transactions.

Rules kept here (SPEC §2):
- a file that is not a spasmlog database, or is corrupt, is never modified;
- a new file is built aside and linked into place, owner-only, so a half-made database is
  never seen and two first writers cannot both create one;
- an older schema is upgraded in place only after a consistent backup copy beside it;
- writes run in ``BEGIN IMMEDIATE`` transactions with a busy timeout, so a TUI and a CLI
  writing at the same moment both succeed, and success is reported only after COMMIT;
- the first write of each local day keeps a safety copy in ``backups/`` (newest 7).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import DatabaseRefused, SpasmlogError
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
KEEP_DAILY_COPIES = 7


def _utc_now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """One transaction's handle, passed to repository functions as ``session=``."""

    conn: sqlite3.Connection
    writable: bool = False
    _batch: int | None = None

    @property
    def batch(self) -> int:
        """The change-log batch for this transaction, allocated on first use."""
        if not self.writable:
            raise SpasmlogError("internal error: a change was attempted in a read-only session")
        if self._batch is None:
            row = self.conn.execute("SELECT coalesce(max(batch), 0) + 1 FROM change").fetchone()
            self._batch = int(row[0])
        return self._batch


@dataclass
class Store:
    """An open diary file."""

    path: Path
    conn: sqlite3.Connection
    warnings: list[str] = field(default_factory=list)
    today: date | None = None  # local day for the safety copy; None = the real today

    @contextmanager
    def read(self):
        """A consistent snapshot for several queries."""
        self.conn.execute("BEGIN")
        try:
            yield Session(self.conn)
        finally:
            self.conn.execute("COMMIT")

    @contextmanager
    def write(self):
        """One write transaction; committed when the block ends without an exception."""
        self._daily_copy()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield Session(self.conn, writable=True)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the automatic safety copy ------------------------------------------------------

    def _daily_copy(self) -> None:
        from .backup import keep_daily_copy

        warning = keep_daily_copy(self, self.today or date.today(), KEEP_DAILY_COPIES)
        if warning:
            self.warnings.append(warning)


def open_store(path: Path | str, *, create: bool = True, today: date | None = None) -> Store:
    """Open (creating or upgrading as needed) the diary at ``path``.

    Raises :class:`DatabaseRefused` (exit 2) for a foreign, corrupt or too-new file, which
    is then left exactly as it was.
    """
    path = Path(path).expanduser()
    if needs_creation(path):
        if not create:
            raise DatabaseRefused(f"there is no diary at {path}")
        _create(path)
    conn = _connect(path)
    try:
        _check_and_upgrade(conn, path)
    except BaseException:
        conn.close()
        raise
    return Store(path=path, conn=conn, today=today)


def needs_creation(path: Path) -> bool:
    """True if there is no diary at ``path`` yet; raises DatabaseRefused for a foreign file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return True
    except OSError as e:
        raise DatabaseRefused(f"cannot read {path}: {e.strerror}") from None
    if path.is_dir():
        raise DatabaseRefused(f"{path} is a folder, not a diary file")
    if st.st_size == 0:
        return True  # an empty file holds nothing to lose; it becomes the diary
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as e:
        raise DatabaseRefused(f"cannot read {path}: {e.strerror}") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DatabaseRefused(
            f"{path} is not a spasmlog database (it is not an SQLite file); it was left unchanged"
        )
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise DatabaseRefused(
            f"{path} is an SQLite database of another program, not a spasmlog diary; it was left unchanged"
        )
    return False


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as e:
        conn.close()
        raise refused_for(e, path) from None
    return conn


def refused_for(
    error: sqlite3.DatabaseError, path: Path
) -> DatabaseRefused | sqlite3.DatabaseError:
    """Map SQLite's 'not a database' and 'corrupt' errors to a clear refusal (exit 2)."""
    name = getattr(error, "sqlite_errorname", "")
    if (
        name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
        or "malformed" in str(error)
        or "not a database" in str(error)
    ):
        return DatabaseRefused(
            f"{path} is damaged ({error}) and was left unchanged; restore a copy from "
            f"{path.parent / 'backups'} or your own backup"
        )
    return error


def _create(path: Path) -> None:
    """Build the newest schema in a file beside ``path``, then link it into place."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
    tmp = folder / f".{path.name}.new-{os.getpid()}"
    old_umask = os.umask(0o077)
    try:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            # Rollback-journal mode while building, so the header (application_id,
            # user_version) is in the main file before anyone can see it.
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("BEGIN IMMEDIATE")
            for script in MIGRATIONS:
                _run_script(conn, script)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        os.chmod(tmp, 0o600)
        try:
            if path.exists() and path.stat().st_size == 0:
                os.replace(tmp, path)
            else:
                os.link(tmp, path)  # atomic, and fails if another process got there first
        except FileExistsError:
            pass
        except OSError:
            # A file system without hard links: a rename, still atomic, if nobody won.
            if not path.exists():
                os.replace(tmp, path)
    finally:
        os.umask(old_umask)
        tmp.unlink(missing_ok=True)
        for suffix in ("-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _check_and_upgrade(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise refused_for(e, path) from None
    if app_id != APPLICATION_ID:
        raise DatabaseRefused(f"{path} is not a spasmlog diary; it was left unchanged")
    if version > SCHEMA_VERSION:
        raise DatabaseRefused(
            f"{path} was written by a newer spasmlog (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}); upgrade spasmlog — the file was left unchanged"
        )
    if version < 1:
        raise DatabaseRefused(
            f"{path} is not a complete spasmlog diary (schema {version}); it was left unchanged"
        )
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            upgrade(conn, path)
    except sqlite3.DatabaseError as e:
        raise refused_for(e, path) from None


def upgrade(conn: sqlite3.Connection, path: Path) -> Path | None:
    """Bring the file to SCHEMA_VERSION, after a backup copy beside it. Returns that copy."""
    from .backup import backup_to

    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # re-read under the lock
        if version >= SCHEMA_VERSION:
            conn.execute("COMMIT")
            return None
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        copy = path.with_name(f"{path.name}.schema{version}-{stamp}.bak")
        conn.execute("COMMIT")  # the backup API needs no open transaction on the source
        backup_to(conn, copy)
        conn.execute("BEGIN IMMEDIATE")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for script in MIGRATIONS[version:]:
            _run_script(conn, script)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
        return copy
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
