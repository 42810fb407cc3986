"""How a diary leaves and comes back: one module per format behind a registry.

The CLI ``export`` command and the TUI export screen only collect choices and call
:func:`export`; ``spasmlog import`` calls :func:`import_csv`. Every format module has
``NAME``, ``EXTENSION``, ``BINARY`` (bytes or text), ``SUMMARY`` (a doctor summary that
defaults to the 12 weeks ending today, or a data format that defaults to the whole diary),
``LABEL`` and ``write(job, stream)``.

Nothing heavy is imported here: fpdf2 loads inside the PDF writer, so the TUI can list the
formats without paying for it.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import IO, Any, TextIO

from ..errors import InputError
from . import csv_data, fhir, json_data, markdown, pdf
from .importer import ImportResult, import_csv
from .job import ExportJob

FORMATS: dict[str, ModuleType] = {m.NAME: m for m in (pdf, markdown, csv_data, json_data, fhir)}

SUMMARY_WEEKS = 12
LATEST_AS_OF = date(9999, 11, 30)  # the analysis windows need a few days of calendar after it

__all__ = [
    "FORMATS",
    "ExportJob",
    "ImportResult",
    "atomic_output",
    "check_export_target",
    "default_filename",
    "default_folder",
    "export",
    "get_format",
    "import_csv",
    "resolve_range",
]


def get_format(name: str) -> ModuleType:
    """The format module called ``name`` (case-insensitive), or InputError naming the choices."""
    key = (name or "").strip().lower()
    if key == "markdown":
        key = "md"
    if key not in FORMATS:
        raise InputError(f"unknown export format {name!r} — use one of: {', '.join(FORMATS)}")
    return FORMATS[key]


def resolve_range(
    fmt: str | ModuleType, start: date | None, end: date | None, today: date
) -> tuple[date | None, date | None]:
    """Fill in the default range (docs/export.md) and check it.

    Summaries: the 12 weeks ending ``end`` (default today). Data formats: unbounded ends stay
    None (the whole diary). ``start`` after ``end`` is an InputError.
    """
    mod = get_format(fmt) if isinstance(fmt, str) else fmt
    if mod.SUMMARY:
        end = end or today
        start = start or end - timedelta(days=7 * SUMMARY_WEEKS - 1)
    if start is not None and end is not None and start > end:
        raise InputError(f"the start date {start} is after the end date {end}; nothing was written")
    if (mod.SUMMARY or mod.NAME == "json") and (end or today) > LATEST_AS_OF:
        raise InputError(
            f"the end date {end} is too late for the weekly review and the flags (they look a "
            f"few days past it); use a date up to {LATEST_AS_OF} — nothing was written"
        )
    return start, end


def default_filename(
    fmt: str | ModuleType, start: date | None, end: date | None, today: date
) -> str:
    """``spasmlog-2026-09-03_2026-11-25.pdf``: named after the range (``all`` = whole diary)."""
    mod = get_format(fmt) if isinstance(fmt, str) else fmt
    first = start.isoformat() if start else "all"
    last = (end or today).isoformat()
    return f"spasmlog-{first}_{last}.{mod.EXTENSION}"


def default_folder(diary: Path | str | None) -> Path | None:
    """Where an export of ``diary`` goes when no file is given: the demo's temporary folder
    for the demo's diary (so sample data never lands beside a real export), else None (the
    caller's own choice: the current folder, or Documents in the app)."""
    from ..sample import is_demo_diary

    return Path(diary).parent if diary is not None and is_demo_diary(diary) else None


def export(
    store,
    fmt: str,
    *,
    start: date | None,
    end: date | None,
    today: date,
    out_path: Path | None,
    stdout: TextIO | None = None,
    sample: bool = False,
    fhir_bundle: str = "collection",
) -> Path | None:
    """Write ``fmt`` for ``start``..``end`` (local dates, inclusive); flags as of ``end``.

    ``out_path`` None: text formats go to ``stdout``; binary formats (pdf) to
    :func:`default_filename` in the current folder (the demo's folder for the demo's diary).
    A file is written beside its target with owner-only permissions and renamed into place;
    the path is returned (None for stdout). Bad choices raise InputError before anything is
    written. ``fhir_bundle`` (``collection`` or ``transaction``) is the FHIR Bundle's type;
    an export of the demo's diary (or with ``sample``) is stamped as sample data.
    """
    from ..sample import is_demo_diary

    mod = get_format(fmt)
    start, end = resolve_range(mod, start, end, today)
    diary = getattr(store, "path", None)
    sample = sample or is_demo_diary(diary)
    if out_path is None and (mod.BINARY or stdout is None):
        folder = default_folder(diary) or Path.cwd()
        out_path = folder / default_filename(mod, start, end, today)
    job = ExportJob(
        store=store, start=start, end=end, today=today, sample=sample, fhir_bundle=fhir_bundle
    )
    if out_path is None:
        assert stdout is not None  # a binary format or no stdout always gets a file above
        mod.write(job, stdout)
        stdout.flush()
        return None
    target = check_export_target(Path(out_path), getattr(store, "path", None))
    with atomic_output(target, binary=mod.BINARY) as stream:
        mod.write(job, stream)
    return target


def check_export_target(path: Path, diary: Path | None) -> Path:
    """The absolute path an export may write, or InputError (exit 2) saying why not.

    Refused, with nothing touched: the diary, its ``-wal``/``-shm``/``-journal``, a file in
    its ``backups/`` folder, any existing SQLite file, and anything that exists but is not a
    regular file (a device such as ``/dev/stdout``, a FIFO, a folder). The CLI and the TUI
    export screen both call this (through :func:`export`, or before asking to replace).
    """
    from ..storage.files import check_write_target

    return check_write_target(path, diary, what="export")


class atomic_output:
    """Open a file beside ``target`` (0600), yield it, then fsync and rename into place.

    On any exception the partial file is removed and ``target`` is left as it was. The
    temporary has a short name of its own (a 255-byte target name still works), and those
    left by a killed process are removed first. A full disk or a read-only folder is one
    line (:class:`~spasmlog.errors.WriteFailed`).
    """

    def __init__(self, target: Path, *, binary: bool):
        from ..storage.files import temp_path

        self.target = target
        self.binary = binary
        self.tmp = temp_path(target.parent)
        self.stream: IO[Any] | None = None

    def __enter__(self):
        from ..storage.files import os_failure, remove_stale_temporaries

        remove_stale_temporaries(self.target.parent)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.tmp, flags, 0o600)
        except OSError as e:
            raise os_failure(e, "write to", self.target) from None
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # whatever the umask, owner-only
        if self.binary:
            self.stream = os.fdopen(fd, "wb")
        else:
            self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self.stream

    def __exit__(self, exc_type, exc, tb) -> None:
        from ..storage.files import os_failure

        assert self.stream is not None  # set by __enter__
        try:
            try:
                if exc_type is None:
                    self.stream.flush()
                    os.fsync(self.stream.fileno())
            finally:
                try:
                    self.stream.close()
                except OSError:
                    if exc_type is None:
                        raise
            if exc_type is None:
                os.replace(self.tmp, self.target)
        except OSError as e:
            raise os_failure(e, "write", self.target) from None
        finally:
            self.tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise os_failure(exc, "write", self.target) from None
