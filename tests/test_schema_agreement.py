"""The SQLModel models (declared schema), the migrations and the fast path agree."""

from __future__ import annotations

import sqlite3

from sqlmodel import SQLModel, create_engine

import spasmlog.storage.models as models
from spasmlog.storage import open_store
from spasmlog.storage.schema import CHANGE_COLUMNS, EPISODE_COLUMNS, SCHEMA_VERSION


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
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
            )
        }
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
    for table in ("episode", "change"):
        assert _columns(migrated, table) == _columns(orm_path, table), table
        assert _autoincrement(migrated, table) and _autoincrement(orm_path, table)
    assert _indexes(migrated) == _indexes(orm_path)


def test_fast_path_column_lists_match_the_models():
    assert set(EPISODE_COLUMNS) == set(models.Episode.model_fields)
    assert set(CHANGE_COLUMNS) == set(models.Change.model_fields)
    # The create/update input families cover every logged field and nothing else.
    logged = set(EPISODE_COLUMNS) - {"id", "created_at", "updated_at"}
    assert set(models.EpisodeCreate.model_fields) == logged
    assert set(models.EpisodeUpdate.model_fields) == logged


def test_repository_rows_validate_against_the_model(store):
    """What the fast path writes is a valid row of the declared table."""
    from conftest import add, make_episode

    [eid] = add(store, make_episode(symptoms=("numbness",), notes="ok", hydration="low"))
    row = store.conn.execute(
        f"SELECT {', '.join(EPISODE_COLUMNS)} FROM episode WHERE id = ?", (eid,)
    ).fetchone()
    record = models.Episode.model_validate(dict(zip(EPISODE_COLUMNS, row)))
    assert record.id == eid and record.symptoms == "numbness" and record.hydration == "low"


def test_schema_version_is_recorded(store):
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
