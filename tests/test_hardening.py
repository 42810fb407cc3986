"""Issue 8: nothing a person types, imports or points at can destroy, poison or crash the diary.

One test (or a few) per item of the issue, each reproducing the failure first. CLI tests run
``run(argv)`` in-process against a real SQLite file; file safety is checked by comparing
bytes and modification times.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from common import NOW, add, make_episode

from spasmlog.cli import run
from spasmlog.storage import open_store
from spasmlog.storage.backup import daily_copy_path

HEADER = (
    "id,started_at,muscle_group,side,duration_s,pain,hydration,exertion,symptoms,self_care,notes"
)


def cli(*argv, db=None, env=None):
    out, err = io.StringIO(), io.StringIO()
    args = [*argv] + (["--db", str(db)] if db is not None else [])
    code = run(args, now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def state(*paths: Path) -> list:
    """Bytes and mtimes of files (None for a missing one): 'nothing changed' made checkable."""
    out = []
    for p in paths:
        if p.exists():
            out.append((p.name, p.read_bytes(), p.stat().st_mtime_ns))
        else:
            out.append((p.name, None, None))
    return out


def diary_files(db: Path) -> list[Path]:
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")]


def seed(db: Path, n: int = 3) -> None:
    store = open_store(db, today=NOW.date())
    add(
        store,
        *[make_episode(pain=i % 11, started_at=NOW - timedelta(hours=i + 1)) for i in range(n)],
    )
    store.close()


def count(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM episode").fetchone()[0]
    finally:
        conn.close()


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "\r\n" + "".join(r + "\r\n" for r in rows), encoding="utf-8")
    return path


ROW = "{id},{at},calf,left,60,5,,,,,{note}"


# --- 1. export and backup never write over the diary or any SQLite file -------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "fhir"])
def test_1_export_onto_the_diary_or_its_journals_is_refused(db_path, fmt):
    seed(db_path)
    for target in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        before = state(*diary_files(db_path))
        code, out, err = cli("export", "--format", fmt, "-o", str(target), db=db_path)
        assert code == 2, err
        assert "nothing was written" in one_line(err)
        assert state(*diary_files(db_path)) == before
    assert count(db_path) == 3


def test_1_export_and_backup_onto_a_safety_copy_or_any_sqlite_file_are_refused(db_path, tmp_path):
    seed(db_path)
    cli("add", "calf", "--pain", "3", "--duration", "1m", db=db_path)  # takes the daily copy
    copy = daily_copy_path(db_path, NOW.date())
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for target in (copy, other):
        before = target.read_bytes()
        code, _, err = cli("export", "--format", "csv", "-o", str(target), db=db_path)
        assert code == 2 and one_line(err)
        code, _, err = cli("backup", str(target), db=db_path)
        assert code == 2 and one_line(err)
        assert target.read_bytes() == before
    # a new file in backups/ is refused too: that folder is spasmlog's own
    code, _, err = cli("export", "--format", "csv", "-o", str(copy.parent / "x.csv"), db=db_path)
    assert code == 2 and "safety-copy folder" in err


def test_1_the_core_export_function_refuses_by_itself(store, db_path):
    """The TUI calls export() directly: the refusal is in the core, not only in the CLI."""
    from spasmlog.errors import InputError
    from spasmlog.export import check_export_target, export

    add(store, make_episode())
    before = db_path.read_bytes()
    with pytest.raises(InputError):
        export(store, "csv", start=None, end=None, today=NOW.date(), out_path=db_path)
    with pytest.raises(InputError):
        check_export_target(Path(f"{db_path}-wal"), db_path)
    assert db_path.read_bytes() == before


# --- 2. one date range, zero-padded storage, a reader that never crashes -----------------


@pytest.mark.parametrize(
    "when",
    ["0999-06-01T12:00:00+00:00", "0001-01-01T00:30:00+01:00", "1899-12-31T12:00:00+00:00"],
)
def test_2_import_refuses_dates_outside_1900_to_9999(db_path, tmp_path, when):
    seed(db_path)
    before = state(*diary_files(db_path))
    f = write_csv(tmp_path / "in.csv", ROW.format(id="", at=when, note=""))
    code, _, err = cli("import", str(f), db=db_path)
    assert code == 2, err
    assert "line 2, column started_at" in one_line(err) and "1900" in err
    assert state(*diary_files(db_path)) == before


def test_2_add_and_import_share_the_range(db_path):
    code, _, err = cli(
        "add", "calf", "--pain", "3", "--duration", "1m", "--at", "1899-12-31T10:00", db=db_path
    )
    assert code == 2 and "1900" in one_line(err)
    code, out, err = cli(
        "add",
        "calf",
        "--pain",
        "3",
        "--duration",
        "1m",
        "--at",
        "1900-01-01T10:00+00:00",
        db=db_path,
    )
    assert code == 0, err


def test_2_storage_is_zero_padded_and_an_old_unpadded_value_is_still_read(db_path):
    from spasmlog.domain import from_stored, to_utc_text

    seed(db_path, 1)
    ep = make_episode(started_at=NOW.replace(year=1900, month=1, day=1, hour=0, minute=30))
    assert to_utc_text(ep.started_at) == "1899-12-31T23:30:00Z"
    # A value written by an older version (unpadded year, or beyond the calendar at its
    # offset) must not stop list and export.
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE episode SET started_at = '999-06-01T12:00:00Z', utc_offset_min = 60")
    conn.commit()
    conn.close()
    code, out, err = cli("list", db=db_path)
    assert code == 0, err and "0999-06-01 13:00" in out
    for fmt in ("csv", "json", "md", "fhir"):
        code, _, err = cli("export", "--format", fmt, db=db_path)
        assert code == 0, (fmt, err)
    assert from_stored("0001-01-01T00:10:00Z", -60).year == 1  # no OverflowError
    assert from_stored("garbage", 0).year == 1900


# --- 3. ids above 2^53 ------------------------------------------------------------------


def test_3_an_id_above_2_to_the_53_is_refused_and_later_adds_still_work(db_path, tmp_path):
    seed(db_path)
    f = write_csv(
        tmp_path / "in.csv",
        ROW.format(id=9223372036854775807, at="2026-11-01T10:00:00+01:00", note=""),
    )
    code, _, err = cli("import", str(f), db=db_path)
    assert code == 2 and "column id" in one_line(err)
    f = write_csv(
        tmp_path / "in2.csv", ROW.format(id=2**53 + 1, at="2026-11-01T10:00:00+01:00", note="")
    )
    assert cli("import", str(f), db=db_path)[0] == 2
    code, out, err = cli("add", "calf", "--pain", "3", "--duration", "1m", db=db_path)
    assert code == 0, err and out.strip().isdigit()


def test_3_an_id_of_exactly_2_to_the_53_is_kept(db_path, tmp_path):
    f = write_csv(
        tmp_path / "in.csv", ROW.format(id=2**53, at="2026-11-01T10:00:00+01:00", note="")
    )
    code, _, err = cli("import", str(f), db=db_path)
    assert code == 0, err
    code, out, _ = cli("list", "--json", db=db_path)
    assert json.loads(out)[0]["id"] == 2**53


# --- 4. FIFOs, devices, folders, dangling links --------------------------------------------


def test_4_a_fifo_at_the_diary_path_is_refused_not_replaced(tmp_path):
    fifo = tmp_path / "diary.db"
    os.mkfifo(fifo)
    for argv in (("add", "calf", "--pain", "3", "--duration", "1m"), ("list",), ("backup",)):
        code, _, err = cli(*argv, db=fifo)
        assert code == 2, (argv, err)
        assert "not a regular file" in one_line(err) or "no diary" in err
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_4_export_to_a_fifo_or_a_device_is_refused_never_touching_dev(db_path, tmp_path):
    """Targets are links made here, so a regression could only replace a link in tmp_path,
    never a real node in /dev."""
    seed(db_path)
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    to_null = tmp_path / "null"
    to_null.symlink_to("/dev/null")
    to_stdout = tmp_path / "stdout"
    to_stdout.symlink_to("/proc/self/fd/1")
    for target in (fifo, to_null, to_stdout):
        code, _, err = cli("export", "--format", "csv", "-o", str(target), db=db_path)
        assert code == 2, (target, err)
        line = one_line(err)
        assert "not a regular file" in line or "system device path" in line
        code, _, err = cli("backup", str(target), db=db_path)
        assert code == 2, (target, err)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert to_null.is_symlink() and to_stdout.is_symlink()


def test_4_export_through_a_link_to_a_regular_file_replaces_the_file_and_keeps_the_link(
    db_path, tmp_path
):
    seed(db_path)
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert cli("export", "--format", "csv", "-o", str(link), db=db_path)[0] == 0
    assert link.is_symlink() and real.read_text().startswith("id,")


def test_4_a_dangling_db_symlink_leaves_no_file_behind(tmp_path):
    link = tmp_path / "diary.db"
    link.symlink_to(tmp_path / "nowhere" / "real.db")
    code, _, err = cli("add", "calf", "--pain", "3", "--duration", "1m", db=link)
    assert code == 2 and "does not exist" in one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.db", "home"]
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


# --- 5. corruption found by a write --------------------------------------------------------


def _zero_middle(db: Path, n: int = 2000) -> None:
    data = bytearray(db.read_bytes())
    mid = len(data) // 2
    data[mid : mid + n] = bytes(n)
    db.write_bytes(bytes(data))


def test_5_a_write_on_a_file_damaged_after_the_days_check_stops_and_names_the_way_back(db_path):
    store = open_store(db_path, today=NOW.date())
    add(store, *[make_episode(notes=f"marker-{i:04d}-" + "x" * 480) for i in range(1, 401)])
    store.close()
    assert cli("add", "calf", "--pain", "3", "--duration", "1m", db=db_path)[0] == 0  # daily copy
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = data.index(b"marker-0150-") // page_size
    data[page * page_size : page * page_size + 2000] = bytes(2000)  # 2,000 bytes zeroed
    db_path.write_bytes(bytes(data))
    for argv in (("delete", "150"), ("edit", "150", "--pain", "1")):
        before = state(*diary_files(db_path))
        code, out, err = cli(*argv, db=db_path)
        assert code == 2, (argv, out, err)
        line = one_line(err)
        assert "damaged" in line and "spasmlog restore" in line
        assert str(daily_copy_path(db_path, NOW.date())) in line
        assert state(db_path) == before[:1]


def test_5_store_write_maps_corruption_to_one_line(db_path):
    from spasmlog.errors import DatabaseDamaged

    store = open_store(db_path, today=NOW.date())
    try:
        with pytest.raises(DatabaseDamaged, match="spasmlog restore"):
            with store.write():
                raise sqlite3.DatabaseError("database disk image is malformed")
    finally:
        store.close()


# --- 6. read-only commands never change the file -------------------------------------------


def _rollback_journal_backup(db_path: Path, tmp_path: Path) -> Path:
    seed(db_path)
    dest = tmp_path / "b" / "copy.db"
    dest.parent.mkdir()
    assert cli("backup", str(dest), db=db_path)[0] == 0
    assert dest.read_bytes()[18:20] == b"\x01\x01"  # rollback-journal mode
    return dest


READ_ONLY = [
    ("list",),
    ("list", "--json"),
    ("trends",),
    ("flags",),
    ("export", "--format", "csv"),
    ("export", "--format", "json"),
    ("paths",),
]


@pytest.mark.parametrize("argv", READ_ONLY)
def test_6_read_only_commands_keep_a_rollback_journal_file_byte_for_byte(db_path, tmp_path, argv):
    copy = _rollback_journal_backup(db_path, tmp_path)
    before = state(*diary_files(copy))
    code, _, err = cli(*argv, db=copy)
    assert code == 0, err
    assert state(*diary_files(copy)) == before
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.db"]


def test_6_a_future_schema_diary_keeps_its_leftover_wal(db_path):
    seed(db_path)
    keeper = sqlite3.connect(db_path)  # holds the WAL open, as a crashed newer version would
    keeper.execute("PRAGMA wal_autocheckpoint = 0")
    keeper.execute("PRAGMA user_version = 99")
    keeper.execute("INSERT INTO episode SELECT * FROM episode LIMIT 0")
    snap = state(*diary_files(db_path))
    wal_size = Path(f"{db_path}-wal").stat().st_size
    assert wal_size > 0
    for argv in (("list",), ("add", "calf", "--pain", "3", "--duration", "1m"), ("flags",)):
        code, _, err = cli(*argv, db=db_path)
        assert code == 2 and "newer spasmlog" in one_line(err)
    assert state(db_path) == snap[:1]
    assert Path(f"{db_path}-wal").stat().st_size == wal_size
    keeper.close()


def test_6_a_damaged_rollback_journal_file_is_refused_untouched(db_path, tmp_path):
    copy = _rollback_journal_backup(db_path, tmp_path)
    data = bytearray(copy.read_bytes())
    data[4096 + 8 : 4096 + 200] = b"\xff" * 192  # page 2's cells
    copy.write_bytes(bytes(data))
    before = state(*diary_files(copy))
    for argv in (
        ("list",),
        ("add", "calf", "--pain", "3", "--duration", "1m"),
        ("export", "--format", "csv"),
    ):
        code, _, err = cli(*argv, db=copy)
        assert code == 2, (argv, err)
        one_line(err)
        assert state(*diary_files(copy)) == before


# --- 9. CSV injection -------------------------------------------------------------------------


FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tx",
    "\rx",
    "'=already",
    "''+two",
    "'plain",
    "- fine",
]


def test_9_csv_cells_that_spreadsheets_run_are_neutralised_and_round_trip(db_path, tmp_path):
    store = open_store(db_path, today=NOW.date())
    add(
        store,
        *[
            make_episode(notes=n, started_at=NOW - timedelta(hours=i + 1))
            for i, n in enumerate(FORMULAS)
        ],
    )
    store.close()
    out = tmp_path / "a.csv"
    assert cli("export", "--format", "csv", "-o", str(out), db=db_path)[0] == 0
    import csv

    with open(out, newline="", encoding="utf-8") as f:
        notes = [r["notes"] for r in csv.DictReader(f)]
    for cell in notes:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert '\'=HYPERLINK("http://x","y")' in notes and "'plain" in notes and "''=already" in notes
    other = tmp_path / "other" / "d.db"
    assert cli("import", str(out), db=other)[0] == 0
    again = tmp_path / "b.csv"
    assert cli("export", "--format", "csv", "-o", str(again), db=other)[0] == 0
    assert again.read_bytes() == out.read_bytes()


# --- 8. control characters in list and Markdown ------------------------------------------------


def test_8_terminal_escapes_in_notes_are_shown_not_obeyed(db_path):
    note = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202e"
    cli("add", "calf", "--pain", "3", "--duration", "1m", "--note", note, db=db_path)
    for argv in (("list",), ("list", "--json"), ("export", "--format", "md", "--to", "2026-11-25")):
        code, out, err = cli(*argv, db=db_path)
        assert code == 0, err
        assert not any(c in out for c in "\x1b\x07\x9b\u202e"), argv
    code, out, _ = cli("list", "--json", db=db_path)
    assert json.loads(out)[0]["notes"] == note  # JSON keeps the exact text
    code, out, _ = cli("list", db=db_path)
    assert "\\x1b]0;PWNED\\x07" in out


# --- 10. folders 0700 whatever the umask ----------------------------------------------------


def test_10_every_folder_spasmlog_creates_is_0700_under_umask_000(tmp_path):
    db = tmp_path / "a" / "b" / "c" / "diary.db"
    old = os.umask(0)
    try:
        assert cli("add", "calf", "--pain", "3", "--duration", "1m", db=db)[0] == 0
        assert cli("backup", db=db)[0] == 0
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", db.parent, db.parent / "backups"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


# --- 11. temporaries: none left on failure, stale ones cleaned ---------------------------------


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_11_stale_temporaries_of_a_killed_process_are_removed_by_the_next_write(db_path, tmp_path):
    seed(db_path)
    pid = _dead_pid()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    backups = db_path.parent / "backups"
    backups.mkdir(exist_ok=True)
    stale = [
        out_dir / f".spasmlog-{pid}-abcd1234.part",
        out_dir / f".x.json.part-{pid}",  # the name older versions used
        backups / f".spasmlog-{pid}-0badf00d.part",
        backups / f".spasmlog-{pid}-0badf00d.part-journal",
        backups / f".spasmlog-2026-11-25.db.part-{pid}",
    ]
    for p in stale:
        p.write_bytes(b"x" * 1000)
    alive = out_dir / f".spasmlog-{os.getpid()}-feedface.part"  # a live process's: kept
    alive.write_bytes(b"y")
    assert cli("export", "--format", "json", "-o", str(out_dir / "x.json"), db=db_path)[0] == 0
    assert cli("add", "calf", "--pain", "3", "--duration", "1m", db=db_path)[0] == 0
    assert [p for p in stale if p.exists()] == []
    assert alive.exists()


def test_11_a_failed_export_leaves_no_partial_file(db_path, tmp_path, monkeypatch):
    from spasmlog.export import csv_data

    seed(db_path)

    def boom(job, stream):
        stream.write("id,partial\r\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv_data, "write", boom)
    code, _, err = cli("export", "--format", "csv", "-o", str(tmp_path / "x.csv"), db=db_path)
    assert code == 1 and "disk is full" in one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary", "home"]


# --- 12. long names, two diaries in a folder, refused commands, dangling links ---------------


def test_12_an_export_name_of_254_characters_works(db_path, tmp_path):
    seed(db_path)
    target = tmp_path / ("x" * 250 + ".csv")
    code, _, err = cli("export", "--format", "csv", "-o", str(target), db=db_path)
    assert code == 0, err
    assert target.read_text().startswith("id,")


def test_12_two_diaries_in_one_folder_keep_their_own_safety_copies(tmp_path):
    a, b = tmp_path / "diary.db", tmp_path / "diary.sqlite"
    for db, pain in ((a, "1"), (b, "9")):
        cli("add", "calf", "--pain", pain, "--duration", "1m", db=db)
    cli("add", "calf", "--pain", "2", "--duration", "1m", db=a)
    cli("add", "calf", "--pain", "8", "--duration", "1m", db=b)
    ca, cb = daily_copy_path(a, NOW.date()), daily_copy_path(b, NOW.date())
    assert ca != cb and ca.exists() and cb.exists()
    pains = lambda p: [r[0] for r in sqlite3.connect(p).execute("SELECT pain FROM episode")]  # noqa: E731
    assert pains(ca) == [1] and pains(cb) == [9]


def test_12_a_refused_delete_takes_no_safety_copy(db_path):
    store = open_store(db_path, today=NOW.date() - timedelta(days=1))
    add(store, make_episode())
    store.close()
    code, _, err = cli("delete", "999", db=db_path)
    assert code == 2 and "no episode 999" in one_line(err)
    assert not daily_copy_path(db_path, NOW.date()).exists()
    assert cli("delete", "1", db=db_path)[0] == 0
    assert daily_copy_path(db_path, NOW.date()).exists()


# --- 13. one honest line for each real cause ---------------------------------------------------


# Permissions do not bind root: as root, these tests run the command in a forked child that
# has become "nobody", in a folder of its own.
NOBODY = 65534


@pytest.fixture
def own_db(tmp_path):
    """A diary path in a folder the (possibly unprivileged) command user owns."""
    import shutil
    import tempfile

    if os.geteuid() != 0:
        yield tmp_path / "own" / "diary.db"
        return
    top = Path(tempfile.mkdtemp(prefix="spasmlog-perm-"))
    os.chmod(top, 0o755)
    yield top / "own" / "diary.db"
    shutil.rmtree(top, ignore_errors=True)


def cli_user(*argv, db):
    """``cli`` as the owner of the files: in a forked child as nobody when run as root."""
    if os.geteuid() != 0:
        return cli(*argv, db=db)
    import pickle

    import spasmlog.commands.analysis  # noqa: F401  (loaded before dropping privileges)
    import spasmlog.commands.episodes  # noqa: F401
    import spasmlog.commands.exports  # noqa: F401
    import spasmlog.export  # noqa: F401
    import spasmlog.storage.backup  # noqa: F401

    for p in [db.parent, *db.parent.rglob("*")]:
        os.chown(p, NOBODY, NOBODY)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(r)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = cli(*argv, db=db)
            os.write(w, pickle.dumps(result))
        finally:
            os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return pickle.loads(data)


def test_13_a_read_only_folder_does_not_stop_list_and_names_the_cause_for_add(own_db):
    db = own_db
    db.parent.mkdir()
    assert cli_user("add", "calf", "--pain", "3", "--duration", "1m", db=db)[0] == 0
    assert cli_user("add", "calf", "--pain", "4", "--duration", "1m", db=db)[0] == 0
    folder = db.parent
    before = state(*diary_files(db))
    os.chmod(folder, 0o500)
    try:
        code, out, err = cli_user("list", db=db)
        assert code == 0, err
        assert out.count("calf") == 2
        code, _, err = cli_user("add", "calf", "--pain", "3", "--duration", "1m", db=db)
        assert code == 1 and "read-only" in one_line(err), err
    finally:
        os.chmod(folder, 0o700)
    assert state(*diary_files(db)) == before


def test_13_a_wal_diary_in_a_read_only_folder_can_be_listed(own_db):
    db = own_db
    db.parent.mkdir()
    cli_user("add", "calf", "--pain", "3", "--duration", "1m", db=db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert db.read_bytes()[18:20] == b"\x02\x02"  # WAL mode, no -shm: needs care to read
    os.chmod(db.parent, 0o500)
    try:
        code, out, err = cli_user("list", db=db)
        assert code == 0 and "calf" in out, err
        assert cli_user("export", "--format", "csv", db=db)[0] == 0
    finally:
        os.chmod(db.parent, 0o700)


def test_13_a_shm_left_read_only_is_named(own_db):
    db = own_db
    db.parent.mkdir()
    cli_user("add", "calf", "--pain", "3", "--duration", "1m", db=db)
    shm = Path(f"{db}-shm")
    shm.write_bytes(b"\0" * 32768)  # as a crash leaves it
    os.chmod(shm, 0o400)
    try:
        code, _, err = cli_user("add", "calf", "--pain", "3", "--duration", "1m", db=db)
        assert code == 1, err
        assert "-shm" in one_line(err) and "chmod" in err
    finally:
        os.chmod(shm, 0o600)


def test_13_the_refusal_of_a_damaged_file_is_one_line(db_path):
    store = open_store(db_path, today=NOW.date() - timedelta(days=1))
    add(store, *[make_episode(notes="n" * 300) for _ in range(300)])
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _zero_middle(db_path, 3000)
    code, _, err = cli("add", "calf", "--pain", "3", "--duration", "1m", db=db_path)
    assert code == 2
    assert "damaged" in one_line(err) and "spasmlog restore" in err


def test_13_backup_into_a_read_only_backups_folder_blames_the_folder(own_db):
    db = own_db
    db.parent.mkdir()
    cli_user("add", "calf", "--pain", "3", "--duration", "1m", db=db)
    backups = db.parent / "backups"
    backups.mkdir(exist_ok=True)
    os.chmod(backups, 0o500)
    try:
        code, _, err = cli_user("backup", db=db)
        assert code == 1, err
        line = one_line(err)
        assert "backup" in line and "read-only" in line and "damaged" not in line
    finally:
        os.chmod(backups, 0o700)


def test_13_warnings_are_not_printed_for_a_failed_command(db_path):
    seed(db_path)
    (db_path.parent / "backups").write_text("a file where the folder should be")
    code, _, err = cli("delete", "99", db=db_path)  # refused: no "your change is still saved"
    assert code == 2 and "still saved" not in err
    code, _, err = cli("delete", "1", db=db_path)
    assert code == 0 and "still saved" in err


# --- 14. bad input is exit 2 with one line -----------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "--limit", "²"),
        ("list", "--limit", "1" * 20),
        ("list", "--limit", "0"),
        ("delete", "²"),
        ("delete", "1" * 20),
        ("edit", "１", "--pain", "3"),
        ("list", "--since", "0001-01-01"),
        ("list", "--since", "１９９９-01-01"),
        ("export", "--format", "csv", "--from", "0001-01-01"),
        ("trends", "--weeks", "²"),
    ],
)
def test_14_bad_numbers_and_dates_are_exit_2_with_one_line(db_path, argv):
    seed(db_path)
    before = state(*diary_files(db_path))
    code, _, err = cli(*argv, db=db_path)
    assert code == 2, err
    one_line(err)
    assert state(*diary_files(db_path)) == before


@pytest.mark.parametrize("fmt", ["csv", "json", "fhir", "md", "pdf"])
def test_14_the_last_day_of_the_calendar_works_as_a_bound(db_path, tmp_path, fmt):
    seed(db_path)
    assert cli("list", "--until", "9999-12-31", "--since", "1900-01-01", db=db_path)[0] == 0
    code, _, err = cli(
        "export",
        "--format",
        fmt,
        "--from",
        "1900-01-01",
        "--to",
        "9999-12-31",
        "-o",
        str(tmp_path / f"x.{fmt}"),
        db=db_path,
    )
    assert code in (0, 2), err
    one_line(err) if code == 2 else None


def test_14_garbage_in_spasmlog_now_is_exit_2(db_path, monkeypatch):
    monkeypatch.setenv("SPASMLOG_NOW", "garbage")
    out, err = io.StringIO(), io.StringIO()
    code = run(["list", "--db", str(db_path)], out=out, err=err)
    assert code == 2 and "SPASMLOG_NOW" in one_line(err.getvalue())


def test_14_a_note_that_begins_with_a_dash_is_a_note(db_path):
    code, out, err = cli(
        "add", "calf", "--pain", "3", "--duration", "1m", "--note", "-tired", db=db_path
    )
    assert code == 0, err
    code, out, err = cli(
        "add", "calf", "--pain", "3", "--duration", "1m", "--note", "-2 days", db=db_path
    )
    assert code == 0, err
    notes = [e["notes"] for e in json.loads(cli("list", "--json", db=db_path)[1])]
    assert sorted(notes) == ["-2 days", "-tired"]
    code, _, err = cli("add", "calf", "--note", "--pain", "3", "--duration", "1m", db=db_path)
    assert code == 2  # a forgotten note value is still a usage error, not a note "--pain"


# --- restore ----------------------------------------------------------------------------------


def _pains(db: Path) -> list[int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT pain FROM episode ORDER BY id")]
    finally:
        conn.close()


def test_restore_puts_a_backup_in_place_and_keeps_the_current_diary(db_path, tmp_path):
    cli("add", "calf", "--pain", "1", "--duration", "1m", db=db_path)
    backup = tmp_path / "b.db"
    assert cli("backup", str(backup), db=db_path)[0] == 0
    cli("add", "calf", "--pain", "9", "--duration", "1m", db=db_path)
    keeper = sqlite3.connect(db_path)  # leaves a WAL with content beside the diary
    keeper.execute("PRAGMA wal_autocheckpoint = 0")
    keeper.execute("UPDATE episode SET notes = 'in the wal' WHERE pain = 9")
    keeper.commit()
    keeper.close()
    code, out, err = cli("restore", str(backup), "--yes", db=db_path)
    assert code == 0, err
    assert _pains(db_path) == [1]
    kept = next((db_path.parent / "backups").glob("spasmlog.db-before-restore-*.db"))
    assert str(kept) in out
    assert _pains(kept) == [1, 9]
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT notes FROM episode WHERE pain = 9").fetchone()[0] == "in the wal"
    conn.close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    # the restored diary is an ordinary diary again
    assert cli("add", "calf", "--pain", "5", "--duration", "1m", db=db_path)[0] == 0
    assert sorted(_pains(db_path)) == [1, 5]
    assert not list(db_path.parent.glob(".spasmlog-*"))


def test_restore_brings_back_a_damaged_diary_from_its_safety_copy(db_path):
    store = open_store(db_path, today=NOW.date())
    add(store, *[make_episode(notes=f"marker-{i:04d}-" + "x" * 480) for i in range(1, 201)])
    store.close()
    cli("add", "calf", "--pain", "3", "--duration", "1m", db=db_path)
    copy = daily_copy_path(db_path, NOW.date())
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _zero_middle(db_path, 8000)
    code, out, err = cli("restore", str(copy), "--yes", db=db_path)
    assert code == 0, err
    assert count(db_path) == 200
    assert cli("list", db=db_path)[0] == 0


@pytest.mark.parametrize("kind", ["text", "foreign", "damaged", "diary", "missing", "newer"])
def test_restore_refuses_what_is_not_a_good_spasmlog_backup_and_changes_nothing(
    db_path, tmp_path, kind
):
    seed(db_path)
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("hello")
    elif kind == "foreign":
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.close()
    elif kind == "damaged":
        store = open_store(bad, today=NOW.date())
        add(store, *[make_episode(notes="y" * 400) for _ in range(100)])
        store.close()
        data = bytearray(bad.read_bytes())
        data[8192 : 8192 + 3000] = b"\xff" * 3000
        bad.write_bytes(bytes(data))
    elif kind == "diary":
        bad = db_path
    elif kind == "newer":
        cli("backup", str(bad), db=db_path)
        conn = sqlite3.connect(bad)
        conn.execute("PRAGMA user_version = 99")
        conn.close()
    before = state(*diary_files(db_path))
    code, _, err = cli("restore", str(bad), "--yes", db=db_path)
    assert code == 2, err
    one_line(err)
    assert state(*diary_files(db_path)) == before
    assert (
        not list((db_path.parent / "backups").glob("*before-restore*"))
        if (db_path.parent / "backups").exists()
        else True
    )


def test_restore_needs_a_terminal_or_yes(db_path, tmp_path, monkeypatch):
    seed(db_path)
    backup = tmp_path / "b.db"
    cli("backup", str(backup), db=db_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # not a terminal
    before = state(*diary_files(db_path))
    code, _, err = cli("restore", str(backup), db=db_path)
    assert code == 2 and "--yes" in one_line(err)
    assert state(*diary_files(db_path)) == before


def test_restore_asks_on_a_terminal_and_no_keeps_the_diary(db_path, tmp_path, monkeypatch):
    seed(db_path)
    backup = tmp_path / "b.db"
    cli("backup", str(backup), db=db_path)
    cli("add", "calf", "--pain", "9", "--duration", "1m", db=db_path)

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Tty("n\n"))
    code, _, err = cli("restore", str(backup), db=db_path)
    assert code == 0 and "[y/N]" in err and count(db_path) == 4
    monkeypatch.setattr(sys, "stdin", Tty("y\n"))
    code, _, err = cli("restore", str(backup), db=db_path)
    assert code == 0 and count(db_path) == 3
