"""The store: creation, refusal of foreign files, upgrades, history and undo, copies."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
from datetime import date, timedelta

import pytest
from common import NOW, add, make_episode

from spasmlog.errors import DatabaseRefused, InputError
from spasmlog.storage import open_store, repo
from spasmlog.storage.backup import backup_to, daily_copy_path
from spasmlog.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_diary_is_owner_only_in_wal_mode_with_the_pragmas(db_path):
    store = open_store(db_path)
    try:
        assert _mode(db_path) == 0o600
        assert _mode(db_path.parent) == 0o700
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        store.close()
    assert not list(db_path.parent.glob(".*new-*")), "no build file left behind"


def test_add_then_read_back_every_field(store):
    tokyo = make_episode(
        started_at=NOW.replace(hour=23, minute=30).astimezone(
            __import__("datetime").timezone(timedelta(hours=9))
        ),
        muscle_group="foot",
        side="left",
        duration_s=95,
        pain=8,
        hydration="low",
        exertion="vigorous",
        symptoms=("tingling", "numbness"),
        self_care="did-not-help",
        notes="line one\nline two — é 🦵",
    )
    [eid] = add(store, tokyo)
    with store.read() as s:
        back = repo.get_episode(session=s, episode_id=eid)
    assert back == tokyo.with_changes()  # canonical symptom order
    assert back.symptoms == ("numbness", "tingling")
    assert back.started_at.utcoffset() == timedelta(hours=9)
    assert back.local_start.hour == tokyo.started_at.hour


def _v1_diary(path, episodes=3):
    """A file exactly as schema version 1 made it, with episodes in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.executescript(MIGRATIONS[0])
    for i in range(episodes):
        conn.execute(
            "INSERT INTO episode (started_at, utc_offset_min, muscle_group, side, duration_s, "
            "pain, hydration, exertion, symptoms, self_care, notes, created_at, updated_at) "
            "VALUES (?, 60, 'calf', 'left', ?, ?, NULL, NULL, '', NULL, ?, 'x', 'x')",
            (f"2026-11-{10 + i:02d}T02:00:00Z", 30 + i, i, f"note {i}"),
        )
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_older_schema_is_upgraded_after_a_backup_copy_and_keeps_every_episode(db_path):
    _v1_diary(db_path)
    conn = sqlite3.connect(db_path)
    rows_before = conn.execute("SELECT started_at, pain, notes FROM episode ORDER BY id").fetchall()
    conn.close()
    store = open_store(db_path)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        with store.read() as s:
            eps = repo.list_episodes(session=s, newest_first=False)
        assert [(e.pain, e.duration_s, e.notes) for e in eps] == [
            (0, 30, "note 0"),
            (1, 31, "note 1"),
            (2, 32, "note 2"),
        ]
        assert all(e.local_start.hour == 3 for e in eps)
        # The new schema works: an edit is recorded and can be undone.
        with store.write() as s:
            repo.update_episode(session=s, episode_id=eps[0].id, changes={"pain": 9})
        with store.write() as s:
            assert repo.undo_last(session=s).op == "edit"
    finally:
        store.close()
    [copy] = list(db_path.parent.glob("spasmlog.db.schema1-*.bak"))
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert (
        conn.execute("SELECT started_at, pain, notes FROM episode ORDER BY id").fetchall()
        == rows_before
    )
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'change'").fetchone() is None
    conn.close()
    assert _mode(copy) == 0o600


def test_a_newer_schema_is_refused_and_left_unchanged(db_path):
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseRefused, match="newer spasmlog"):
        open_store(db_path)
    assert db_path.read_bytes() == before


# Seeded noise: the same bytes in every process (pytest-xdist collects in each worker).
NOISE = random.Random(20261125).randbytes(4096)


@pytest.mark.parametrize(
    "content", [b"hello, these are my notes\n" * 10, NOISE], ids=["text", "noise"]
)
def test_a_file_that_is_not_sqlite_is_refused_and_left_byte_for_byte(db_path, content):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    with pytest.raises(DatabaseRefused, match="not a spasmlog database"):
        open_store(db_path)
    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["spasmlog.db"]


def test_another_programs_sqlite_database_is_refused_and_left_byte_for_byte(db_path):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseRefused, match="another program"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_a_corrupt_diary_is_refused_before_any_write_and_left_byte_for_byte(db_path):
    store = open_store(db_path, today=NOW.date() - timedelta(days=1))
    add(store, *[make_episode(notes="x" * 1500, pain=i % 11) for i in range(60)])
    store.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page : 3 * page + 200] = NOISE[:200]  # scribble over an inner page
    db_path.write_bytes(bytes(data))
    before = db_path.read_bytes()
    store = open_store(db_path, today=NOW.date())  # first write of a new day: checked first
    with pytest.raises(DatabaseRefused, match="damaged"):
        add(store, make_episode())
    store.close()
    assert db_path.read_bytes() == before


def test_ids_are_never_given_out_twice(store):
    a, b = add(store, make_episode(), make_episode())
    with store.write() as s:
        repo.delete_episode(session=s, episode_id=b)
    [c] = add(store, make_episode())
    assert c > b


def test_undo_walks_back_through_add_edit_delete_and_restores_exactly(store):
    [eid] = add(store, make_episode(pain=4, notes="first"))
    with store.read() as s:
        original = repo.get_episode(session=s, episode_id=eid)
    with store.write() as s:
        repo.update_episode(session=s, episode_id=eid, changes={"pain": 9, "notes": "changed"})
    with store.write() as s:
        repo.delete_episode(session=s, episode_id=eid)
    with store.write() as s:
        assert repo.undo_last(session=s).op == "delete"
    with store.read() as s:
        assert repo.get_episode(session=s, episode_id=eid).pain == 9
    with store.write() as s:
        assert repo.undo_last(session=s).op == "edit"
    with store.read() as s:
        restored = repo.get_episode(session=s, episode_id=eid)
    assert restored == original and restored.notes == "first"
    with store.write() as s:
        assert repo.undo_last(session=s).op == "add"
    with store.read() as s:
        assert repo.count_episodes(session=s) == 0
    with store.write() as s:
        assert repo.undo_last(session=s) is None


def test_a_many_row_batch_is_one_undo(store):
    with store.write() as s:
        repo.add_episodes(session=s, episodes=[make_episode(pain=i) for i in range(5)])
    [single] = add(store, make_episode())
    with store.write() as s:
        assert repo.undo_last(session=s).episode_ids == (single,)
    with store.write() as s:
        undone = repo.undo_last(session=s)
    assert len(undone.episode_ids) == 5
    with store.read() as s:
        assert repo.count_episodes(session=s) == 0


def test_an_edit_that_changes_nothing_leaves_no_history(store):
    [eid] = add(store, make_episode(pain=4))
    with store.write() as s:
        repo.update_episode(session=s, episode_id=eid, changes={"pain": 4})
    assert store.conn.execute("SELECT count(*) FROM change WHERE op = 'edit'").fetchone()[0] == 0


def test_a_failed_transaction_writes_nothing(store):
    add(store, make_episode())
    with pytest.raises(InputError):
        with store.write() as s:
            repo.add_episode(session=s, episode=make_episode(pain=1))
            repo.update_episode(session=s, episode_id=999, changes={"pain": 2})
    with store.read() as s:
        assert repo.count_episodes(session=s) == 1
    assert store.conn.execute("SELECT count(*) FROM change").fetchone()[0] == 1


def test_local_date_filters_use_each_episodes_own_offset(store):
    from datetime import datetime, timezone

    late_tokyo = datetime(
        2026, 11, 20, 23, 30, tzinfo=timezone(timedelta(hours=9))
    )  # 14:30 UTC on the 20th
    early_ny = datetime(
        2026, 11, 20, 0, 30, tzinfo=timezone(timedelta(hours=-5))
    )  # 05:30 UTC on the 20th
    next_ny = datetime(
        2026, 11, 20, 22, 30, tzinfo=timezone(timedelta(hours=-5))
    )  # 03:30 UTC on the 21st
    ids = add(
        store,
        make_episode(started_at=late_tokyo),
        make_episode(started_at=early_ny),
        make_episode(started_at=next_ny),
    )
    with store.read() as s:
        got = {
            e.id
            for e in repo.iter_episodes(
                session=s, since=date(2026, 11, 20), until=date(2026, 11, 20)
            )
        }
        assert got == set(ids)
        assert repo.count_episodes(session=s, since=date(2026, 11, 21)) == 0


def test_daily_copy_before_the_first_write_of_each_day_keeps_seven(db_path):
    day0 = date(2026, 11, 1)
    for i in range(10):
        store = open_store(db_path, today=day0 + timedelta(days=i))
        add(store, make_episode(pain=i % 11))
        add(store, make_episode())  # second write of the day: no second copy
        store.close()
    copies = sorted((db_path.parent / "backups").glob("*.db"))
    assert [p.name for p in copies] == [f"spasmlog.db-2026-11-{d:02d}.db" for d in range(4, 11)]
    assert all(_mode(p) == 0o600 for p in copies)
    assert _mode(db_path.parent / "backups") == 0o700
    # The copy of the 10th holds what was there before that day's first write: 18 episodes.
    conn = sqlite3.connect(copies[-1])
    assert conn.execute("SELECT count(*) FROM episode").fetchone()[0] == 18
    conn.close()


def test_a_failing_daily_copy_is_reported_but_never_blocks_the_write(db_path):
    store = open_store(db_path, today=date(2026, 11, 1))
    add(store, make_episode())
    store.close()
    (db_path.parent / "backups").write_text("a file where the folder should be")
    store = open_store(db_path, today=date(2026, 11, 2))
    add(store, make_episode())
    assert any("could not keep today's safety copy" in w for w in store.warnings)
    with store.read() as s:
        assert repo.count_episodes(session=s) == 2
    store.close()
    assert not daily_copy_path(db_path, date(2026, 11, 2)).exists()


def test_backup_is_a_consistent_owner_only_copy(store, tmp_path):
    add(store, *[make_episode(pain=i) for i in range(11)])
    dest = backup_to(store.conn, tmp_path / "copy.db")
    assert _mode(dest) == 0o600
    copy = open_store(dest)
    try:
        with copy.read() as s:
            assert [e.pain for e in repo.list_episodes(session=s, newest_first=False)] == list(
                range(11)
            )
    finally:
        copy.close()


def test_two_connections_write_at_the_same_moment(db_path):
    a = open_store(db_path)
    b = open_store(db_path)
    try:
        with a.write() as s:  # a holds the write lock while b waits on the busy timeout
            repo.add_episode(session=s, episode=make_episode(pain=1))
            import threading

            done = []
            t = threading.Thread(target=lambda: done.append(add(b, make_episode(pain=2))))
            t.start()
            t.join(0.3)
            assert t.is_alive(), "b waits for a's transaction instead of failing"
        t.join(10)
        assert done and len(done[0]) == 1
        with a.read() as s:
            assert sorted(e.pain for e in repo.list_episodes(session=s)) == [1, 2]
    finally:
        a.close()
        b.close()
