"""Schema 3: episode uids, check-ins, markers, the profile, and undo/redo of any record."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta

import pytest
from common import NOW, add, make_episode

from spasmlog.domain import Checkin, Marker, Profile
from spasmlog.errors import ValidationError
from spasmlog.storage import open_store, repo
from spasmlog.storage.db import _run_script
from spasmlog.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
DAY = date(2026, 11, 24)


def _v2_diary(path, episodes=40):
    """A file exactly as schema version 2 made it: episodes, an edit, a delete, an undo."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for script in MIGRATIONS[:2]:
        _run_script(conn, script)
    for i in range(episodes):
        conn.execute(
            "INSERT INTO episode (started_at, utc_offset_min, muscle_group, side, duration_s, "
            "pain, hydration, exertion, symptoms, self_care, notes, created_at, updated_at) "
            "VALUES (?, 60, 'calf', 'left', ?, ?, 'low', NULL, 'numbness', NULL, ?, 'x', 'x')",
            (f"2026-10-{1 + i % 28:02d}T02:{i:02d}:00Z", 30 + i, i % 11, f"note {i}"),
        )
        conn.execute(
            "INSERT INTO change (batch, at, op, episode_id, before, after) VALUES (?, 'x', 'add',"
            " ?, NULL, '{}')",
            (i + 1, i + 1),
        )
    # The newest episode was deleted (its id must never come back), and logged.
    row = conn.execute("SELECT * FROM episode WHERE id = ?", (episodes,)).fetchone()
    cols = [d[0] for d in conn.execute("SELECT * FROM episode").description]
    conn.execute("DELETE FROM episode WHERE id = ?", (episodes,))
    conn.execute(
        "INSERT INTO change (batch, at, op, episode_id, before, after) VALUES (?, 'x', 'delete',"
        " ?, ?, NULL)",
        (episodes + 1, episodes, json.dumps(dict(zip(cols, row, strict=True)))),
    )
    conn.execute("PRAGMA user_version = 2")
    conn.close()


def _rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_v2_file_is_upgraded_with_every_episode_intact_and_a_distinct_uid(db_path):
    _v2_diary(db_path)
    values = "started_at, utc_offset_min, muscle_group, side, duration_s, pain, hydration, "
    values += "exertion, symptoms, self_care, notes, created_at, updated_at"
    before = _rows(db_path, f"SELECT id, {values} FROM episode ORDER BY id")
    store = open_store(db_path, today=NOW.date())
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        after = _rows(db_path, f"SELECT id, {values} FROM episode ORDER BY id")
        assert after == before and len(after) == 39
        uids = [r[0] for r in _rows(db_path, "SELECT uid FROM episode")]
        assert len(set(uids)) == 39 and all(UUID4.fullmatch(u) for u in uids)
        # The deleted episode's id is not given out again.
        [new_id] = add(store, make_episode())
        assert new_id == 41
        # The old change log still works: undo the add, then the pre-upgrade delete.
        with store.write() as s:
            assert repo.undo_last(session=s).episode_ids == (41,)
        with store.write() as s:
            undone = repo.undo_last(session=s)
        assert undone.op == "delete" and undone.episode_ids == (40,)
        with store.read() as s:
            back = repo.get_episode(session=s, episode_id=40)
        # Deleted before uids existed, put back by undo: it gets a uid of its own.
        assert back.notes == "note 39" and UUID4.fullmatch(back.uid) and back.uid not in uids
    finally:
        store.close()
    [copy] = list(db_path.parent.glob("spasmlog.db.schema2-*.bak"))
    assert _rows(copy, "PRAGMA user_version") == [(2,)]
    assert _rows(copy, f"SELECT id, {values} FROM episode ORDER BY id") == before


def test_a_checkin_per_day_a_second_one_edits_the_first(store):
    with store.write() as s:
        first = repo.add_checkin(session=s, checkin=Checkin(day=DAY, complete=True))
    with store.write() as s:
        second = repo.add_checkin(
            session=s,
            checkin=Checkin(
                day=DAY, complete=False, hydration="low", sleep_disturbed=True, tags=("Hot", "hot")
            ),
        )
    assert second.id == first.id and second.tags == ("hot",) and second.sleep_disturbed is True
    with store.read() as s:
        assert repo.list_checkins(session=s) == [second]
        assert repo.get_checkin(session=s, day=DAY - timedelta(days=1)) is None
        assert repo.used_tags(session=s) == ["hot"]
        ops = s.conn.execute("SELECT op, kind FROM change ORDER BY id").fetchall()
    assert ops == [("add", "checkin"), ("edit", "checkin")]
    with store.write() as s:
        undone = repo.undo_last(session=s)
    assert undone.describe() == (
        "undid the last change: restored the earlier version of the check-in for 2026-11-24"
    )
    with store.write() as s:
        assert repo.undo_last(session=s).describe() == (
            "undid the last change: removed the check-in for 2026-11-24"
        )
    with store.read() as s:
        assert repo.list_checkins(session=s) == []


def test_bad_checkins_markers_and_profiles_are_refused_and_change_nothing(store):
    bad = [
        lambda s: repo.add_checkin(
            session=s, checkin=Checkin(day=DAY, complete=True, hydration="wet")
        ),
        lambda s: repo.add_checkin(
            session=s,
            checkin=Checkin(day=DAY, complete=True, tags=tuple(f"t{i}" for i in range(11))),
        ),
        lambda s: repo.add_marker(session=s, marker=Marker(kind="change", day=DAY, text="  ")),
        lambda s: repo.add_marker(session=s, marker=Marker(kind="visit", day=DAY, text="x" * 501)),
        lambda s: repo.add_marker(session=s, marker=Marker(kind="party", day=DAY)),
        lambda s: repo.set_profile(session=s, profile=Profile(birth_year=1899)),
        lambda s: repo.set_profile(session=s, profile=Profile(questions="?" * 1001)),
    ]
    for write in bad:
        with pytest.raises(ValidationError), store.write() as s:
            write(s)
    for table in ("checkin", "marker", "profile", "change"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_markers_and_the_profile_are_logged_and_undone(store):
    with store.write() as s:
        visit = repo.add_marker(session=s, marker=Marker(kind="visit", day=DAY, text="GP"))
        repo.add_marker(
            session=s, marker=Marker(kind="change", day=DAY - timedelta(days=9), text="new shoes")
        )
    with store.write() as s:
        repo.set_profile(session=s, profile=Profile(name="Ada", birth_year=1960))
    with store.write() as s:
        repo.set_profile(
            session=s, profile=Profile(name="Ada L.", birth_year=1960, medicines="none")
        )
    with store.read() as s:
        markers = repo.list_markers(session=s)
        assert [m.kind for m in markers] == ["change", "visit"]  # by date
        assert [m.text for m in repo.list_markers(session=s, kind="visit")] == ["GP"]
        assert repo.last_visit(session=s, as_of=DAY) == DAY
        assert repo.last_visit(session=s, as_of=DAY - timedelta(days=1)) is None
        assert repo.get_profile(session=s).name == "Ada L."
    with store.write() as s:
        assert repo.undo_last(session=s).describe() == (
            "undid the last change: restored the earlier version of the profile"
        )
    with store.read() as s:
        assert repo.get_profile(session=s) == Profile(name="Ada", birth_year=1960)
    with store.write() as s:
        assert repo.undo_last(session=s).describe() == "undid the last change: removed the profile"
    with store.write() as s:
        text = repo.undo_last(session=s).describe()
    assert text == (
        "undid the last change: removed the visit on 2026-11-24; "
        "removed the change marker of 2026-11-15"
    )
    with store.read() as s:
        assert repo.list_markers(session=s) == [] and repo.get_profile(session=s).empty
    with store.write() as s:
        repo.add_marker(session=s, marker=Marker(kind="visit", day=DAY))
        assert visit  # ids are never reused
        [m] = repo.list_markers(session=s)
        assert m.id > visit + 1
        repo.delete_marker(session=s, marker_id=m.id)


def test_used_marker_texts_are_this_diarys_own_distinct_and_newest_first(store):
    def mark(kind, days_ago, text):
        repo.add_marker(
            session=s, marker=Marker(kind=kind, day=DAY - timedelta(days=days_ago), text=text)
        )

    with store.read() as s:
        assert repo.used_marker_texts(session=s, kind="change") == []  # no list of its own
    with store.write() as s:
        mark("change", 30, "new shoes")
        mark("change", 2, "started stretching")
        mark("change", 10, "new shoes")  # again, later than the first: sorts by its newest
        mark("change", 20, "New job")
        mark("visit", 1, "GP, bloods taken")
        mark("visit", 5, None)
    with store.read() as s:
        changes = repo.used_marker_texts(session=s, kind="change")
        visits = repo.used_marker_texts(session=s, kind="visit")
    assert changes == ["started stretching", "new shoes", "New job"]
    assert visits == ["GP, bloods taken"]


def test_pending_undo_says_what_undo_would_do_without_doing_it(store):
    with store.read() as s:
        assert repo.pending_undo(session=s) is None
    [eid] = add(store, make_episode())
    with store.read() as s:
        pending = repo.pending_undo(session=s)
    assert pending.removes_added and pending.episode_ids == (eid,)
    assert pending.question() == f"Undo the last change (removed the added episode {eid})?"
    with store.read() as s:
        assert repo.count_episodes(session=s) == 1  # nothing happened
    with store.write() as s:
        repo.update_episode(session=s, episode_id=eid, changes={"pain": 8})
    with store.read() as s:
        assert not repo.pending_undo(session=s).removes_added


def test_redo_replays_what_undo_took_back_until_a_new_change(store):
    [eid] = add(store, make_episode(pain=3))
    with store.write() as s:
        repo.update_episode(session=s, episode_id=eid, changes={"pain": 7})
    with store.write() as s:
        repo.add_checkin(session=s, checkin=Checkin(day=DAY, complete=True))
    for _ in range(3):
        with store.write() as s:
            repo.undo_last(session=s)
    with store.read() as s:
        assert repo.count_episodes(session=s) == 0
    with store.write() as s:
        assert repo.redo_last(session=s).describe() == (
            f"redid the change undone last: added episode {eid}"
        )
    with store.write() as s:
        assert repo.redo_last(session=s).op == "edit"
    with store.read() as s:
        ep = repo.get_episode(session=s, episode_id=eid)
    assert ep.pain == 7 and ep.uid  # the same episode, uid and all
    with store.write() as s:
        # A new change: the check-in's add, still undone, can no longer be redone.
        repo.add_marker(session=s, marker=Marker(kind="visit", day=DAY))
    with store.write() as s:
        assert repo.redo_last(session=s) is None
    with store.read() as s:
        assert repo.list_checkins(session=s) == []
    # Undo then redo the newest change again: undo/redo round-trips.
    with store.write() as s:
        repo.undo_last(session=s)
    with store.write() as s:
        assert repo.redo_last(session=s).describe() == (
            "redid the change undone last: added the visit on 2026-11-24"
        )
    with store.write() as s:
        assert repo.redo_last(session=s) is None


def test_deleted_episodes_lists_removed_ones_with_their_uid(store):
    a, b, c = add(store, make_episode(pain=1), make_episode(pain=2), make_episode(pain=3))
    with store.read() as s:
        uid = {e.id: e.uid for e in repo.list_episodes(session=s)}
    with store.write() as s:
        repo.delete_episode(session=s, episode_id=a)
    [d] = add(store, make_episode(pain=4))
    with store.write() as s:
        repo.undo_last(session=s)  # the add of d: it was in the diary, now it is not
    with store.write() as s:
        repo.delete_episode(session=s, episode_id=b)
    with store.write() as s:
        repo.undo_last(session=s)  # b's delete undone: b is back
    with store.read() as s:
        gone = repo.deleted_episodes(session=s)
    assert [(g.id, g.uid) for g in gone][0] == (a, uid[a])
    assert {g.id for g in gone} == {a, d} and all(UUID4.fullmatch(g.uid) for g in gone)
    assert c not in {g.id for g in gone} and b not in {g.id for g in gone}


def test_uids_are_assigned_distinct_and_kept_by_edits(store):
    ids = add(store, *[make_episode(pain=i % 11) for i in range(20)])
    with store.write() as s:
        before = repo.get_episode(session=s, episode_id=ids[0]).uid
        repo.update_episode(session=s, episode_id=ids[0], changes={"pain": 10})
        assert repo.get_episode(session=s, episode_id=ids[0]).uid == before
        assert repo.get_episode_by_uid(session=s, uid=before).id == ids[0]
    with store.read() as s:
        uids = [e.uid for e in repo.list_episodes(session=s)]
    assert len(set(uids)) == 20 and all(UUID4.fullmatch(u) for u in uids)


def test_new_uids_are_uuid4_as_the_uuid_module_reads_them():
    import uuid

    from spasmlog.domain import new_uid

    for _ in range(200):
        text = new_uid()
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == text
