"""A full disk (issue 8): every writing command run in a child whose file-size limit makes
writes fail (``RLIMIT_FSIZE``, with SIGXFSZ ignored so a write gets EFBIG, as on a full
disk). Nothing acknowledged is lost, no partial file is left, and the failure is one line.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from common import NOW, add, make_episode

from spasmlog.storage import open_store
from spasmlog.storage.backup import daily_copy_path

CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["spasmlog", *sys.argv[2:]]
from spasmlog.cli import main
main()
"""


def spasmlog_with_limit(limit: int, *argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SPASMLOG_NOW=NOW.isoformat())
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(limit), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def build(db: Path, n: int, *, day) -> None:
    store = open_store(db, today=day)
    add(store, *[make_episode(notes=f"episode {i} " + "n" * 300) for i in range(n)])
    store.close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT * FROM episode ORDER BY id").fetchall()
    finally:
        conn.close()


def leftovers(*folders: Path) -> list[str]:
    return [
        p.name
        for f in folders
        if f.exists()
        for p in f.iterdir()
        if ".part" in p.name or p.name.startswith(".spasmlog-")
    ]


def assert_one_honest_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert "Traceback" not in result.stderr and "internal error" not in line
    assert "cannot rollback" not in line and "no transaction" not in line
    assert "full" in line or "could not be read or written" in line, line
    return line


@pytest.fixture
def diary(db_path):
    from datetime import timedelta

    build(db_path, 400, day=NOW.date() - timedelta(days=1))  # today's copy not yet taken
    return db_path


def test_import_on_a_full_disk_imports_nothing_and_says_the_disk_is_full(diary, tmp_path):
    before = rows(diary)
    csv = tmp_path / "in.csv"
    lines = [
        "id,started_at,muscle_group,side,duration_s,pain,hydration,exertion,symptoms,self_care,notes"
    ]
    lines += [
        f",2026-11-2{i % 5}T10:00:00+01:00,calf,left,60,5,,,,,{'x' * 200} {i}" for i in range(3000)
    ]
    csv.write_text("\r\n".join(lines) + "\r\n")
    size = diary.stat().st_size
    r = spasmlog_with_limit(size + 200_000, "import", str(csv), "--db", str(diary))
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert_one_honest_line(r)
    assert rows(diary) == before
    assert r.stdout == ""
    assert leftovers(diary.parent, diary.parent / "backups") == []


def test_add_on_a_full_disk_saves_nothing_and_prints_one_line(diary):
    before = rows(diary)
    r = spasmlog_with_limit(
        4096, "add", "calf", "--pain", "3", "--duration", "1m", "--db", str(diary)
    )
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert r.stdout == ""  # no id printed: nothing acknowledged
    assert_one_honest_line(r)
    assert rows(diary) == before
    assert not daily_copy_path(diary, NOW.date()).exists()
    assert leftovers(diary.parent, diary.parent / "backups") == []


def test_the_daily_copy_on_a_full_disk_warns_and_the_add_is_saved(diary):
    before = rows(diary)
    limit = diary.stat().st_size // 2  # room for the change, not for a copy of the diary
    r = spasmlog_with_limit(
        limit, "add", "calf", "--pain", "3", "--duration", "1m", "--db", str(diary)
    )
    assert r.returncode == 0, r.stderr
    new_id = int(r.stdout.strip())
    after = rows(diary)
    assert after[:-1] == before and after[-1][0] == new_id
    assert len(r.stderr.strip().splitlines()) == 1 and "safety copy" in r.stderr
    assert not daily_copy_path(diary, NOW.date()).exists()
    assert leftovers(diary.parent, diary.parent / "backups") == []


@pytest.mark.parametrize("fmt", ["csv", "json", "pdf"])
def test_export_on_a_full_disk_leaves_no_file(diary, tmp_path, fmt):
    out = tmp_path / "out" / f"x.{fmt}"
    out.parent.mkdir()
    r = spasmlog_with_limit(
        2000, "export", "--format", fmt, "--from", "2026-01-01", "-o", str(out), "--db", str(diary)
    )
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "disk is full" in assert_one_honest_line(r)
    assert list(out.parent.iterdir()) == []


def test_backup_on_a_full_disk_blames_the_disk_not_the_diary(diary, tmp_path):
    before = rows(diary)
    dest = tmp_path / "b.db"
    for argv in (("backup", str(dest)), ("backup",)):
        r = spasmlog_with_limit(8192, *argv, "--db", str(diary))
        assert r.returncode == 1, (r.stdout, r.stderr)
        line = assert_one_honest_line(r)
        assert "backup" in line and "damaged" not in line
    assert not dest.exists()
    assert rows(diary) == before
    assert leftovers(tmp_path, diary.parent, diary.parent / "backups") == []
