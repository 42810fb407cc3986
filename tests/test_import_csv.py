"""spasmlog import: all rows or none, the line/column/value in errors, round trips, duplicates."""

from __future__ import annotations

import io
import sqlite3
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from common import NOW, add, make_episode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import typed_text, valid_episodes

from spasmlog.cli import run
from spasmlog.export import export, import_csv
from spasmlog.export.csv_data import HEADER
from spasmlog.storage import open_store, repo

# Most files below are written as before uids existed (the uid column may be absent).
HEAD = ",".join(c for c in HEADER if c != "uid")


def cli(db_path, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(["--db", str(db_path), *argv], now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def snapshot(db_path: Path) -> list[tuple]:
    """Every row of both tables: what 'the diary is unchanged' means."""
    conn = sqlite3.connect(db_path)
    try:
        return [
            *conn.execute("SELECT * FROM episode ORDER BY id"),
            "|",
            *conn.execute("SELECT * FROM change ORDER BY id"),
        ]
    finally:
        conn.close()


def export_csv(store) -> bytes:
    out = io.StringIO()
    export(store, "csv", start=None, end=None, today=NOW.date(), out_path=None, stdout=out)
    return out.getvalue().encode("utf-8")


# --- round trips (Hypothesis) ------------------------------------------------------------

offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(
    lambda q: timezone(timedelta(minutes=15 * q))
)
instants = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2026, 11, 23)),
    offsets,
).map(lambda dt: dt.replace(microsecond=0))
note_text = typed_text(max_size=300) | st.sampled_from(
    ['a "quoted", note\nwith lines', "x" * 2000, "comma, semicolon; tab\there", "\r\nCRLF\r\n"]
)
episodes = valid_episodes(started_at=instants, notes=st.none() | note_text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diary=st.lists(episodes, max_size=12), deleted=st.sets(st.integers(0, 11), max_size=3))
def test_csv_export_import_export_is_identical(diary, deleted):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        a = open_store(tmp / "a.db", today=NOW.date())
        b = open_store(tmp / "b.db", today=NOW.date())
        try:
            with a.write() as session:
                ids = repo.add_episodes(session=session, episodes=diary)
                for i in deleted:  # gaps in the ids, as in a real diary
                    if i < len(ids):
                        repo.delete_episode(session=session, episode_id=ids[i])
            first = export_csv(a)
            (tmp / "x.csv").write_bytes(first)
            result = import_csv(b, tmp / "x.csv", now=NOW)
            assert result.skipped == 0
            assert export_csv(b) == first
            # and importing it again adds nothing
            again = import_csv(b, tmp / "x.csv", now=NOW)
            assert again.imported == 0 and again.skipped == result.imported
            assert export_csv(b) == first
        finally:
            a.close()
            b.close()


# --- the CLI -------------------------------------------------------------------------------


def test_import_cli_reports_and_is_one_undo_batch(db_path, store, tmp_path):
    add(store, make_episode(notes="already here"))
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        HEAD + "\n"
        ',2026-11-01T03:00:00+01:00,Calves,L,2m,6/10,low,vigorous,"numb;tingle",yes,'
        '"first, ""quoted""\n2nd line"\n'
        ",2026-11-02T04:00:00-08:00,foot,,45,3,,,,,\n",
        encoding="utf-8",
    )
    code, out, err = cli(db_path, "import", str(csv_file))
    assert code == 0, err
    assert out.startswith("imported 2 episodes from in.csv")
    with store.read() as session:
        eps = repo.list_episodes(session=session, newest_first=False)
    assert len(eps) == 3
    first = next(e for e in eps if e.muscle_group == "calf" and e.notes != "already here")
    assert first.side == "left" and first.duration_s == 120 and first.pain == 6
    assert first.symptoms == ("numbness", "tingling") and first.self_care == "helped"
    assert first.notes == 'first, "quoted"\n2nd line'
    assert first.utc_offset_min == 60
    foot = next(e for e in eps if e.muscle_group == "foot")
    assert foot.side == "none" and foot.hydration is None and foot.utc_offset_min == -480
    # one undo removes the whole import, and nothing else
    code, out, _ = cli(db_path, "undo")
    assert code == 0 and "removed the added episodes" in out
    with store.read() as session:
        assert [e.notes for e in repo.list_episodes(session=session)] == ["already here"]


def test_reimport_skips_identical_rows_and_says_how_many(db_path, store, tmp_path):
    add(store, make_episode(), make_episode(started_at=NOW - timedelta(days=2), pain=2))
    exported = tmp_path / "e.csv"
    assert cli(db_path, "export", "--format", "csv", "-o", str(exported))[0] == 0
    with exported.open("a", encoding="utf-8") as f:
        f.write(",,2026-11-03T10:00:00+01:00,neck,none,30,1,,,,,new one\n")
    code, out, err = cli(db_path, "import", str(exported))
    assert code == 0, err
    assert "imported 1 episode from e.csv" in out and "2 identical" in out and "skipped" in out
    code, out, _ = cli(db_path, "import", str(exported))
    assert code == 0 and "imported 0 episodes" in out and "3 identical" in out


def test_ids_are_kept_only_into_an_empty_diary(tmp_path):
    src = tmp_path / "ids.csv"
    src.write_text(
        HEAD + "\n7,2026-11-01T03:00:00+00:00,calf,left,60,5,,,,,\n"
        "3,2026-11-02T03:00:00+00:00,foot,left,60,5,,,,,\n",
        encoding="utf-8",
    )
    empty = open_store(tmp_path / "empty.db", today=NOW.date())
    r = import_csv(empty, src, now=NOW)
    assert r.kept_ids and sorted(r.ids) == [3, 7]
    with empty.read() as session:
        assert sorted(e.id for e in repo.list_episodes(session=session)) == [3, 7]
    with empty.write() as session:  # kept ids are still one undo batch
        undone = repo.undo_last(session=session)
    assert undone.op == "add" and undone.episode_ids == (3, 7)
    with empty.read() as session:
        assert repo.count_episodes(session=session) == 0
    r = import_csv(empty, src, now=NOW)  # and can come back, with the same ids
    assert sorted(r.ids) == [3, 7]
    other = src.with_name("other.csv")
    other.write_text(HEAD + "\n7,2026-11-05T03:00:00+00:00,hand,left,60,5,,,,,\n", encoding="utf-8")
    r2 = import_csv(empty, other, now=NOW)
    assert not r2.kept_ids and r2.ids[0] not in (3, 7)
    empty.close()


def test_only_a_header_is_a_clean_no_op(db_path, store, tmp_path):
    add(store, make_episode())
    before = snapshot(db_path)
    f = tmp_path / "h.csv"
    f.write_text(HEAD + "\n", encoding="utf-8")
    code, out, err = cli(db_path, "import", str(f))
    assert code == 0 and "imported 0 episodes" in out
    assert snapshot(db_path) == before


BAD_FILES = [
    # (file bytes, words the one-line message must hold)
    (b"", "is empty"),
    (b"\n\n", "is empty"),
    (b"id,started_at,muscle_group,side,duration_s,pain\n", "missing columns hydration, exertion"),
    ((HEAD + ",mood\n").encode(), "unknown column 'mood'"),
    ((HEAD + ",pain\n").encode(), "column 'pain' appears twice"),
    (
        (
            HEAD + "\n,2026-11-01T03:00:00+01:00,calf,left,60,5,,,,,ok\n"
            ",2026-11-02T03:00:00+01:00,calf,left,60,11,,,,,bad pain\n"
        ).encode(),
        "line 3, column pain: invalid pain '11'",
    ),
    (
        (HEAD + "\n,2026-11-01T03:00:00,calf,left,60,5,,,,,\n").encode(),
        "line 2, column started_at: invalid started_at '2026-11-01T03:00:00' — "
        "it needs a UTC offset",
    ),
    (
        (HEAD + "\n,2026-11-01T03:00:00+01:00,elbowz,left,60,5,,,,,\n").encode(),
        "line 2, column muscle_group: unknown muscle group 'elbowz'",
    ),
    (
        (HEAD + "\n,2026-11-01T03:00:00+01:00,calf,left,60,5,,,dizzy,,\n").encode(),
        "line 2, column symptoms: unknown symptom 'dizzy'",
    ),
    (
        (HEAD + "\n,2026-11-01T03:00:00+01:00,calf,left,forever,5,,,,,\n").encode(),
        "line 2, column duration_s: invalid duration 'forever'",
    ),
    (
        (HEAD + "\n,2026-11-01T03:00:00+01:00,calf,up,60,5,,,,,\n").encode(),
        "line 2, column side: unknown side 'up'",
    ),
    (
        (HEAD + "\nx1,2026-11-01T03:00:00+01:00,calf,left,60,5,,,,,\n").encode(),
        "line 2, column id: invalid id 'x1'",
    ),
    (
        (HEAD + "\n,2026-11-01T03:00:00+01:00,calf,left,60,,,,,,\n").encode(),
        "line 2, column pain: pain is empty",
    ),
    (
        (HEAD + "\n,2026-12-24T03:00:00+01:00,calf,left,60,5,,,,,\n").encode(),
        "line 2, column started_at: started_at '2026-12-24T03:00:00+01:00' is in the future",
    ),
    (
        (HEAD + "\n,2026-11-01T03:00:00+01:00,calf,left,60,5\n").encode(),
        "line 2: 6 values but the header has 11 columns",
    ),
    (
        (
            HEAD + '\n,2026-11-01T03:00:00+01:00,calf,left,60,5,,,,,"a\nb\n'
            ",2026-11-02T03:00:00+01:00,calf,left,60,5,,,,,x,y\n"
        ).encode(),
        "not valid CSV",
    ),
    (
        (HEAD + "\n,2026-11-01T03:00:00+01:00,calf,left,60,5,,,,,caf\xe9\n").encode("latin-1"),
        "line 2: byte 0xe9 is not UTF-8",
    ),
    (
        (HEAD + '\n,2026-11-01T03:00:00+01:00,calf,left,60,5,,,,,"' + "x" * 2001 + '"\n').encode(),
        "line 2, column notes: notes are 2,001 characters long",
    ),
    (
        (
            HEAD + "\n,2026-11-01T03:00:00+01:00,calf,left,60,5,,,,,ok\n"
            ',2026-11-02T03:00:00+01:00,calf,left,60,5,,,,,"multi\nline"\n'
            ",2026-11-03T03:00:00+01:00,calf,left,60,5,soggy,,,,\n"
        ).encode(),
        "line 5, column hydration: unknown hydration 'soggy'",
    ),
]


@pytest.mark.parametrize("content, words", BAD_FILES, ids=[w for _, w in BAD_FILES])
def test_bad_files_exit_2_name_the_problem_and_leave_the_diary_unchanged(
    db_path, store, tmp_path, content, words
):
    add(store, make_episode(notes="keep me"))
    before = snapshot(db_path)
    db_bytes = db_path.read_bytes()
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    code, out, err = cli(db_path, "import", str(f))
    assert code == 2
    assert words in err, err
    assert err.count("\n") == 1 and out == ""
    assert snapshot(db_path) == before
    assert db_path.read_bytes() == db_bytes


def test_a_bad_file_does_not_create_a_diary(tmp_path):
    db = tmp_path / "new" / "d.db"
    f = tmp_path / "bad.csv"
    f.write_text(HEAD + "\n,nope,calf,left,60,5,,,,,\n", encoding="utf-8")
    code, _, err = cli(db, "import", str(f))
    assert code == 2 and "line 2, column started_at" in err
    assert not db.exists()


def test_missing_file_and_folder(db_path, tmp_path):
    assert cli(db_path, "import", str(tmp_path / "nope.csv"))[0] == 2
    assert cli(db_path, "import", str(tmp_path))[0] == 2


def test_id_column_may_be_absent_and_bom_is_accepted(db_path, store, tmp_path):
    f = tmp_path / "noid.csv"
    f.write_bytes(
        "\ufeffstarted_at,muscle_group,side,duration_s,pain,hydration,exertion,symptoms,self_care,notes\n"
        "2026-11-01T03:00:00+01:00,calf,left,60,5,,,,,é – ok\n".encode("utf-8")
    )
    code, out, err = cli(db_path, "import", str(f))
    assert code == 0, err
    with store.read() as session:
        (ep,) = repo.list_episodes(session=session)
    assert ep.notes == "é – ok"


UID_HEAD = ",".join(HEADER)


def test_import_keeps_uids_skips_identical_ones_and_refuses_a_changed_one(db_path, store, tmp_path):
    add(store, make_episode(pain=4, notes="kept"))
    exported = tmp_path / "e.csv"
    assert cli(db_path, "export", "--format", "csv", "-o", str(exported))[0] == 0
    with store.read() as session:
        [ep] = repo.list_episodes(session=session)
    # Into another diary: the uid is kept.
    other = tmp_path / "other.db"
    assert cli(other, "import", str(exported))[0] == 0
    with open_store(other) as s, s.read() as session:
        [copy] = repo.list_episodes(session=session)
    assert copy.uid == ep.uid and copy == ep
    # Back into the first diary: same uid, same values: skipped and counted.
    code, out, err = cli(db_path, "import", str(exported))
    assert code == 0 and "imported 0 episodes" in out and "1 identical" in out, err
    # The same uid with a different pain: refused, naming the line; nothing changed.
    changed = tmp_path / "changed.csv"
    lines = exported.read_bytes().decode("utf-8").split("\r\n")
    lines[1] = lines[1].replace(",4,", ",6,")
    changed.write_bytes("\r\n".join(lines).encode("utf-8"))
    before = snapshot(db_path)
    code, out, err = cli(db_path, "import", str(changed))
    assert code == 2 and out == ""
    assert f"changed.csv line 2, column uid: uid {ep.uid} is already in the diary" in err
    assert "different values" in err and len(err.strip().splitlines()) == 1
    assert snapshot(db_path) == before


def test_a_uid_twice_in_a_file_or_a_bad_uid_is_refused(db_path, tmp_path):
    uid = "3f2b6c1e-8d4a-4f0b-9c2e-1a2b3c4d5e6f"
    row = "2026-11-01T03:00:00+01:00,calf,left,60,5,,,,,"
    twice = tmp_path / "twice.csv"
    twice.write_text(f"{UID_HEAD}\n,{uid},{row}\n,{uid},{row}\n", encoding="utf-8")
    code, _, err = cli(db_path, "import", str(twice))
    assert code == 2 and "twice.csv line 3, column uid" in err and "an earlier line" in err
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{UID_HEAD}\n,not-a-uid,{row}\n", encoding="utf-8")
    code, _, err = cli(db_path, "import", str(bad))
    assert code == 2 and "bad.csv line 2, column uid: invalid uid 'not-a-uid'" in err
    assert not db_path.exists() or snapshot(db_path) == ["|"]
    # An empty uid cell is an old row: it gets a new uid.
    empty = tmp_path / "empty.csv"
    empty.write_text(f"{UID_HEAD}\n,,{row}\n", encoding="utf-8")
    assert cli(db_path, "import", str(empty))[0] == 0
    with open_store(db_path) as s, s.read() as session:
        [ep] = repo.list_episodes(session=session)
    assert ep.uid and ep.uid != uid
