"""Files beside the diary: temporaries, write targets that must be refused, failure words.

- Every temporary is ``.spasmlog-PID-RANDOM.part`` in the folder of its target: short
  (a 255-byte target name still fits), and recognisable, so the next write removes those
  left by a killed process (:func:`remove_stale_temporaries`).
- :func:`check_write_target` refuses an ``export -o`` or ``backup PATH`` target that is the
  diary, its journal files, a safety copy, any SQLite file, or anything but a regular file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from ..errors import InputError, WriteFailed

SQLITE_MAGIC = b"SQLite format 3\x00"
TEMP_PREFIX = ".spasmlog-"
TEMP_SUFFIX = ".part"
# Compiled on first use (re keeps them), not at every start of `spasmlog add`.
_TEMP_PATTERN = r"\.spasmlog-(\d+)-[0-9a-f]+\.part(?:-journal|-wal|-shm)?"
_OLD_TEMP_PATTERN = r"\..+\.(?:part|new)-(\d+)(?:-journal|-wal|-shm)?"  # before 0.3


def temp_path(folder: Path) -> Path:
    """A fresh temporary name in ``folder`` (not created)."""
    return Path(folder) / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}{TEMP_SUFFIX}"


def remove_temp(tmp: Path) -> None:
    """Remove a temporary and any journal SQLite left beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temporaries(folder: Path) -> int:
    """Remove temporaries in ``folder`` whose process is gone; returns how many."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        m = re.fullmatch(_TEMP_PATTERN, name) or re.fullmatch(_OLD_TEMP_PATTERN, name)
        if m and not _alive(int(m.group(1))):
            try:
                (Path(folder) / name).unlink()
                removed += 1
            except OSError:
                pass
    return removed


def is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(os.path.realpath(a)) == os.path.abspath(os.path.realpath(b))


_SYSTEM_FOLDERS = ("/dev/", "/proc/", "/sys/")


def _link_chain(path: Path) -> list[str]:
    """Every path a chain of links passes through (``/proc/self/fd/1`` is a magic link
    that ``realpath`` resolves past, so the chain itself is checked)."""
    seen: list[str] = []
    p = str(path)
    for _ in range(40):
        if not os.path.islink(p):
            break
        p = os.path.normpath(os.path.join(os.path.dirname(p), os.readlink(p)))
        seen.append(p)
    return seen


def check_write_target(path: Path | str, diary: Path | str | None, *, what: str = "export") -> Path:
    """The absolute target if ``what`` may write it; InputError (exit 2) otherwise.

    Refused: the diary and its ``-wal``, ``-shm`` and ``-journal`` files; a file in the
    diary's ``backups/`` folder; any existing SQLite file; anything that exists and is not a
    regular file (a FIFO, a device such as ``/dev/stdout``, a folder). Nothing is touched.
    """
    path = Path(path).expanduser().absolute()
    shown = str(path)
    if diary is not None:
        diary = Path(diary).expanduser().absolute()
        guarded = [Path(f"{diary}{s}") for s in ("", "-wal", "-shm", "-journal")]
        if any(_same(path, g) for g in guarded):
            raise InputError(
                f"{shown} is the diary itself or one of its journal files; choose another "
                f"file name — nothing was written"
            )
        backups = diary.parent / "backups"
        if _same(path.parent, backups) and path.parent.exists():
            raise InputError(
                f"{shown} is in the diary's safety-copy folder {backups}; choose another "
                f"folder — nothing was written"
            )
    if os.path.islink(path) and not os.path.exists(path):
        raise InputError(
            f"{shown} is a link to {os.readlink(path)}, which does not exist; give a real "
            f"file name — nothing was written"
        )
    real = Path(os.path.realpath(path))
    if any(str(p).startswith(_SYSTEM_FOLDERS) for p in (path, real, *_link_chain(path))):
        hint = (
            " (to write to standard output, leave out -o or give -o -)" if what == "export" else ""
        )
        raise InputError(
            f"{shown} is a system device path, which spasmlog never writes to{hint}; "
            f"nothing was written"
        )
    path = real  # a link is followed to its file, which is replaced; the link stays
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(
                f"{shown} is a link to {os.readlink(path)}, which does not exist; give a real "
                f"file name — nothing was written"
            ) from None
        st = None
    except OSError as e:
        raise InputError(f"cannot use {shown}: {e.strerror or e}; nothing was written") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{shown} is a folder; give a file name to write to")
        if not stat.S_ISREG(st.st_mode):
            hint = (
                " (to write to standard output, leave out -o or give -o -)"
                if what == "export"
                else ""
            )
            raise InputError(
                f"{shown} is not a regular file (a device, pipe or socket); it is never "
                f"replaced{hint} — nothing was written"
            )
        if is_sqlite_file(path):
            raise InputError(
                f"{shown} is an SQLite database; {what} never writes over one — choose "
                f"another file name, nothing was written"
            )
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"the folder {folder} does not exist; nothing was written")
    return path


def os_failure(error: OSError, action: str, where: Path | str) -> WriteFailed:
    """One honest line for an OSError while writing: the real cause and what to do."""
    code = getattr(error, "errno", None)
    if code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        cause = (
            "the disk is full (or the file size limit was reached); free some space and try again"
        )
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
        cause = f"the folder {Path(where).parent} is read-only or not yours to write"
    else:
        cause = error.strerror or str(error)
    return WriteFailed(f"could not {action} {where}: {cause}; nothing was written")
