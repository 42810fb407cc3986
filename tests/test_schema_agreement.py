"""The SQLModel models (declared schema), the migrations and the fast path agree."""

from __future__ import annotations

import sqlite3

from sqlmodel import SQLModel, create_engine

import spasmlog.storage.models as models
from spasmlog.storage import open_store, schema
from spasmlog.storage.schema import EPISODE_COLUMNS, SCHEMA_VERSION

TABLES = {
    "episode": (models.Episode, schema.EPISODE_COLUMNS),
    "checkin": (models.Checkin, schema.CHECKIN_COLUMNS),
    "marker": (models.Marker, schema.MARKER_COLUMNS),
    "profile": (models.Profile, schema.PROFILE_COLUMNS),
    "change": (models.Change, schema.CHANGE_COLUMNS),
}


def _columns(path, table):
    conn = sqlite3.connect(path)
    try:
        return {
            name: (ctype.upper(), bool(notnull), bool(pk))
            for _cid, name, ctype, notnull, _default, pk in conn.execute(
                f"PRAGMA table_info({table})"
            )
        }
    finally:
        conn.close()


def _indexes(path):
    conn = sqlite3.connect(path)
    try:
        return {
            (row[0], row[1])
            for row in conn.execute(
                "SELECT name, tbl_name FROM sqlite_master "
                "WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
            )
        }
    finally:
        conn.close()


def _unique(path, table):
    """The column sets that carry a UNIQUE constraint or index."""
    conn = sqlite3.connect(path)
    try:
        out = set()
        for _seq, name, unique, *_ in conn.execute(f"PRAGMA index_list({table})"):
            if unique:
                cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_info({name})"))
                out.add(cols)
        return out
    finally:
        conn.close()


def _autoincrement(path, table):
    conn = sqlite3.connect(path)
    try:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        return "AUTOINCREMENT" in sql.upper()
    finally:
        conn.close()


def test_migrations_build_exactly_the_declared_tables(tmp_path):
    orm_path = tmp_path / "orm.db"
    engine = create_engine(f"sqlite:///{orm_path}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    store = open_store(tmp_path / "migrated.db")
    store.close()
    migrated = tmp_path / "migrated.db"
    for table in TABLES:
        assert _columns(migrated, table) == _columns(orm_path, table), table
        assert _unique(migrated, table) == _unique(orm_path, table), table
        assert _autoincrement(migrated, table) == _autoincrement(orm_path, table), table
    assert _autoincrement(migrated, "episode") and _autoincrement(migrated, "change")
    assert _indexes(migrated) == _indexes(orm_path)


def test_upgraded_file_has_exactly_the_declared_tables(tmp_path):
    """A file built by the older migrations and then upgraded matches the models too."""
    from spasmlog.storage.db import _run_script

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    for script in schema.MIGRATIONS[:2]:
        _run_script(conn, script)
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    open_store(old).close()
    fresh = tmp_path / "fresh.db"
    open_store(fresh).close()
    for table in TABLES:
        assert _columns(old, table) == _columns(fresh, table), table
        assert _unique(old, table) == _unique(fresh, table), table
    assert _indexes(old) == _indexes(fresh)


def test_fast_path_column_lists_match_the_models():
    """schema.*_COLUMNS are the models' fields, in the models' order."""
    for table, (model, columns) in TABLES.items():
        assert tuple(model.model_fields) == columns, table
    assert set(schema.RECORD_TABLES.values()) == set(TABLES) - {"change"}


def test_repository_rows_validate_against_the_model(store):
    """What the fast path writes is a valid row of the declared table."""
    from common import add, make_episode

    [eid] = add(store, make_episode(symptoms=("numbness",), notes="ok", hydration="low"))
    row = store.conn.execute(
        f"SELECT {', '.join(EPISODE_COLUMNS)} FROM episode WHERE id = ?", (eid,)
    ).fetchone()
    record = models.Episode.model_validate(dict(zip(EPISODE_COLUMNS, row, strict=True)))
    assert record.id == eid and record.symptoms == "numbness" and record.hydration == "low"


def test_schema_version_is_recorded(store):
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
