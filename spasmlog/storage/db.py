"""Opening the diary file safely: checks, creation, upgrades, pragmas, transactions.

Rules kept here (docs/architecture.md):
- a file that is not a spasmlog database, or is corrupt, is never modified;
- a new file is built aside and linked into place, owner-only, so a half-made database is
  never seen and two first writers cannot both create one;
- an older schema is upgraded in place only after a consistent backup copy beside it;
- writes run in ``BEGIN IMMEDIATE`` transactions with a busy timeout, so a TUI and a CLI
  writing at the same moment both succeed, and success is reported only after COMMIT;
- the first write of each local day keeps a safety copy in ``backups/`` (newest 7);
- read-only commands open the file with ``mode=ro``: no journal-mode switch, no upgrade in
  the file (an older schema is upgraded in a copy in memory), no checkpoint — the file and
  its header keep their bytes. Every check before a refusal is made that way too.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import DatabaseDamaged, DatabaseRefused, SpasmlogError, WriteFailed
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
KEEP_DAILY_COPIES = 7


def _utc_now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Session:
    """One transaction's handle, passed to repository functions as ``session=``."""

    __slots__ = ("conn", "writable", "_batch")

    def __init__(self, conn: sqlite3.Connection, writable: bool = False) -> None:
        self.conn = conn
        self.writable = writable
        self._batch: int | None = None

    @property
    def batch(self) -> int:
        """The change-log batch for this transaction, allocated on first use."""
        if not self.writable:
            raise SpasmlogError("internal error: a change was attempted in a read-only session")
        if self._batch is None:
            row = self.conn.execute("SELECT coalesce(max(batch), 0) + 1 FROM change").fetchone()
            self._batch = int(row[0])
        return self._batch


class Store:
    """An open diary file. ``today``: the local day for the safety copy (None: the real
    today); ``warnings``: lines for the person once the command has succeeded."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        *,
        today: date | None = None,
        readonly: bool = False,
    ) -> None:
        self.path = path
        self.conn = conn
        self.today = today
        self.readonly = readonly
        self.warnings: list[str] = []

    @contextmanager
    def read(self):
        """A consistent snapshot for several queries."""
        try:
            self.conn.execute("BEGIN")
        except sqlite3.Error as e:
            raise explain(e, self.path) from None
        try:
            yield Session(self.conn)
        except sqlite3.Error as e:
            raise explain(e, self.path) from None
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    @contextmanager
    def write(self):
        """One write transaction; committed when the block ends without an exception.

        The day's first write keeps a safety copy first; if the write is then refused or
        fails, that copy is removed again (a refused command takes no copy), and the old
        copies are pruned only after a commit. SQLite's failures become one line naming
        the cause (a damaged file, a full disk, a read-only folder).
        """
        if self.readonly:
            raise SpasmlogError("internal error: a write was attempted on a read-only open")
        copy: Path | None = None
        try:
            copy = self._daily_copy()
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield Session(self.conn, writable=True)
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:  # SQLite may have rolled back already
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise
        except BaseException as e:
            if copy is not None:
                from .files import remove_temp

                remove_temp(copy)
                self.warnings.clear()
            if isinstance(e, sqlite3.Error):
                raise explain(e, self.path) from None
            raise
        if copy is not None:
            from .backup import prune_daily_copies

            prune_daily_copies(self.path, KEEP_DAILY_COPIES)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the automatic safety copy ------------------------------------------------------

    def _daily_copy(self) -> Path | None:
        from .backup import keep_daily_copy

        made, warning = keep_daily_copy(self, self.today or date.today())
        if warning:
            self.warnings.append(warning)
        return made


def open_store(
    path: Path | str, *, create: bool = True, today: date | None = None, readonly: bool = False
) -> Store:
    """Open (creating or upgrading as needed) the diary at ``path``.

    ``readonly``: for commands that only read (list, trends, flags, export): the file is
    opened with ``mode=ro`` and never changed. An older schema is then upgraded in a copy
    in memory, so the file keeps its bytes.

    Raises :class:`DatabaseRefused` (exit 2) for a foreign, corrupt or too-new file, which
    is then left exactly as it was: the checks are made on a read-only connection.
    """
    path = Path(path).expanduser()
    if needs_creation(path):
        if not create or readonly:
            raise DatabaseRefused(f"there is no diary at {path}")
        try:
            _create(path)
        except sqlite3.Error as e:
            raise explain(e, path) from None
        except OSError as e:
            from .files import os_failure

            raise os_failure(e, "create the diary", path) from None
    ro = _connect_readonly(path)
    try:
        version = _check(ro, path)
    except BaseException:
        ro.close()
        raise
    if readonly:
        conn = ro
        if version < SCHEMA_VERSION:
            conn = _upgraded_in_memory(ro, path)
            ro.close()
        return Store(path=path, conn=conn, today=today, readonly=True)
    ro.close()
    conn = _connect(path)
    try:
        _prepare_for_writing(conn, path, version)
    except BaseException:
        conn.close()
        raise
    return Store(path=path, conn=conn, today=today)


def needs_creation(path: Path) -> bool:
    """True if there is no diary at ``path`` yet; raises DatabaseRefused for a foreign file.

    Only a regular file (or a link to one) can be a diary: a folder, a FIFO or a device is
    refused and never replaced, and a link to nothing is refused rather than followed.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise DatabaseRefused(
                f"{path} is a link to {os.readlink(path)}, which does not exist; point --db at "
                f"the diary file itself"
            ) from None
        return True
    except OSError as e:
        raise DatabaseRefused(f"cannot read {path}: {e.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise DatabaseRefused(f"{path} is a folder, not a diary file")
    if not stat.S_ISREG(st.st_mode):
        raise DatabaseRefused(
            f"{path} is not a regular file (a device, pipe or socket), so it cannot be a "
            f"diary; it was left unchanged"
        )
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
            f"{path} is an SQLite database of another program, not a spasmlog diary; "
            "it was left unchanged"
        )
    return False


def _uri(path: Path, **params: str) -> str:
    """An SQLite ``file:`` URI; only ``%``, ``?`` and ``#`` need escaping in its path."""
    escaped = "".join(f"%{ord(c):02X}" if c in "%?#" else c for c in str(path.absolute()))
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{escaped}?{query}"


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file, its journal mode or its header.

    A WAL file whose ``-shm`` cannot be made (a read-only folder, a full disk) is opened
    ``immutable`` when no WAL content is waiting: nobody can be writing to it then.
    """

    def attempt(**params: str) -> sqlite3.Connection:
        conn = sqlite3.connect(
            _uri(path, **params),
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    try:
        return attempt(mode="ro")
    except sqlite3.DatabaseError as e:
        wal = Path(f"{path}-wal")
        wal_waiting = wal.exists() and wal.stat().st_size > 0
        name = getattr(e, "sqlite_errorname", "")
        if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_IOERR")) and not (
            wal_waiting
        ):
            try:
                return attempt(mode="ro", immutable="1")
            except sqlite3.DatabaseError as e2:
                raise explain(e2, path) from None
        raise explain(e, path) from None


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    except sqlite3.DatabaseError as e:
        raise explain(e, path) from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        # Check each b-tree page as it is read, so a write that meets a damaged page
        # stops with SQLITE_CORRUPT instead of working on it.
        conn.execute("PRAGMA cell_size_check = ON")
    except sqlite3.DatabaseError as e:
        conn.close()
        raise explain(e, path) from None
    return conn


def newest_safety_copy(path: Path) -> Path | None:
    """The newest automatic or manual copy of this diary in ``backups/``, if any."""
    from .backup import safety_copies

    copies = safety_copies(path)
    return max(copies, key=lambda p: p.stat().st_mtime, default=None)


def explain(error: sqlite3.Error, path: Path) -> Exception:
    """SQLite's failure as one honest line naming the real cause (or ``error`` unchanged).

    Corrupt or not a database: :class:`DatabaseDamaged` (exit 2) naming the newest safety
    copy and ``spasmlog restore``. A full disk, a read-only folder or file (including a
    ``-shm`` or ``-wal`` left without write permission): :class:`WriteFailed` (exit 1).
    """
    if isinstance(error, SpasmlogError):
        return error
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    path = Path(path)
    if (
        name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
        or "malformed" in text
        or "not a database" in text
    ):
        try:
            copy = newest_safety_copy(path)
        except OSError:
            copy = None
        way_back = (
            f"the newest safety copy is {copy}: 'spasmlog restore {copy}' puts it back"
            if copy
            else "'spasmlog restore FILE' puts back a backup of your own"
        )
        return DatabaseDamaged(
            f"{path} is damaged (SQLite: {text}); nothing was changed — {way_back}"
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return WriteFailed(
            f"the disk is full ({path.parent}); nothing was saved — free some space and try again"
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return WriteFailed(f"{_why_readonly(path)}; nothing was saved")
    if name.startswith("SQLITE_CANTOPEN"):
        if not os.access(path.parent, os.W_OK):
            return WriteFailed(f"{_why_readonly(path)}; nothing was saved")
        return WriteFailed(f"cannot open {path} (SQLite: {text})")
    if name.startswith("SQLITE_IOERR"):
        return WriteFailed(
            f"the diary {path} could not be read or written (SQLite: {text}); check the disk "
            f"(is it full?) and try again — nothing was saved"
        )
    return error


def _why_readonly(path: Path) -> str:
    for candidate, kind in (
        (path, "file"),
        (Path(f"{path}-wal"), "file"),
        (Path(f"{path}-shm"), "file"),
        (path.parent, "folder"),
    ):
        if candidate.exists() and not os.access(candidate, os.W_OK):
            if kind == "folder":
                return f"the folder {candidate} is read-only, so the diary cannot be changed"
            return (
                f"{candidate} is read-only, so the diary cannot be changed — give yourself "
                f"write permission (chmod u+w '{candidate}') and try again"
            )
    return f"the diary {path} is read-only here (SQLite refused to write)"


def refused_for(error: sqlite3.DatabaseError, path: Path) -> Exception:
    """Kept for callers of older versions: see :func:`explain`."""
    return explain(error, path)


def _create(path: Path) -> None:
    """Build the newest schema in a file beside ``path``, then link it into place."""
    from ..paths import make_private_dirs
    from .files import remove_stale_temporaries, remove_temp, temp_path

    folder = path.parent
    make_private_dirs(folder)
    remove_stale_temporaries(folder)
    tmp = temp_path(folder)
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
        remove_temp(tmp)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _check(conn: sqlite3.Connection, path: Path) -> int:
    """Is this a spasmlog diary this version can read? Returns its schema version."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise explain(e, path) from None
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
    return version


def _prepare_for_writing(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """WAL mode and the newest schema, for a connection that will write."""
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            # A rollback-journal file (a backup, a restored copy): check it before the
            # switch changes its header, so a damaged one is refused untouched.
            problems = [r[0] for r in conn.execute("PRAGMA quick_check(1)").fetchall()]
            if problems != ["ok"]:
                raise DatabaseDamaged(
                    f"{path} is damaged (SQLite's quick_check: {problems[0].splitlines()[0]}); "
                    f"it was left unchanged — 'spasmlog restore FILE' puts back a good copy"
                )
            conn.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            upgrade(conn, path)
    except sqlite3.DatabaseError as e:
        raise explain(e, path) from None


def _upgraded_in_memory(source: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """A copy of an older diary in memory, brought to the newest schema (read-only use)."""
    mem = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        source.backup(mem)
        mem.execute("BEGIN")
        version = mem.execute("PRAGMA user_version").fetchone()[0]
        for script in MIGRATIONS[version:]:
            _run_script(mem, script)
        mem.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        mem.execute("COMMIT")
    except sqlite3.DatabaseError as e:
        mem.close()
        raise explain(e, path) from None
    return mem


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
