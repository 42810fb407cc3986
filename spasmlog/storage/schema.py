"""Schema versions. Each migration is frozen once released: never edit one, add the next.

``PRAGMA application_id`` marks a file as spasmlog's; ``PRAGMA user_version`` is the schema
version. Version history:

1. the ``episode`` table;
2. the ``change`` log (what ``undo`` reverses) and the start-time index;
3. the episode ``uid`` (UUID4, given to every existing episode by the upgrade), the
   ``checkin``, ``marker`` and ``profile`` tables, and a change log for every kind of record
   (``kind`` + ``record_id``) that ``redo`` can replay.

The column lists below are the fast path's copy of the table models in ``models.py`` (the
one declaration; importing SQLModel costs more than ``spasmlog add``'s whole budget), in
the models' field order; ``tests/test_schema_agreement.py`` proves the models, these lists
and the migrated file agree.
"""

from ..domain import EPISODE_FIELDS

APPLICATION_ID = 0x5350534C  # "SPSL"

# Derived from the episode's fields (domain.EPISODE_FIELDS, the CSV header's order): the
# start is stored as UTC text plus the offset it was logged with.
EPISODE_COLUMNS: tuple[str, ...] = (
    *EPISODE_FIELDS[:3],
    "utc_offset_min",
    *EPISODE_FIELDS[3:],
    "created_at",
    "updated_at",
)
# The columns a person logs (no id, uid or bookkeeping times), in stored order.
EPISODE_VALUE_COLUMNS: tuple[str, ...] = EPISODE_COLUMNS[2:-2]
CHECKIN_COLUMNS: tuple[str, ...] = (
    "id",
    "day",
    "complete",
    "hydration",
    "exertion",
    "sleep_disturbed",
    "tags",
    "created_at",
    "updated_at",
)
MARKER_COLUMNS: tuple[str, ...] = ("id", "kind", "day", "text", "created_at", "updated_at")
PROFILE_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "birth_year",
    "conditions",
    "medicines",
    "questions",
    "updated_at",
)
CHANGE_COLUMNS: tuple[str, ...] = (
    "id",
    "batch",
    "at",
    "op",
    "kind",
    "record_id",
    "before",
    "after",
    "undone_at",
    "redoable",
)
# The record kinds in the change log, and the table each lives in.
RECORD_TABLES: dict[str, str] = {
    "episode": "episode",
    "checkin": "checkin",
    "marker": "marker",
    "profile": "profile",
}

# The local wall-clock start of an episode, at the offset it was logged with.
LOCAL_START_SQL = "datetime(started_at, utc_offset_min || ' minutes')"
LOCAL_DATE_SQL = "date(started_at, utc_offset_min || ' minutes')"

MIGRATIONS: tuple[str, ...] = (
    # 1: the episode table. started_at is UTC ('YYYY-MM-DDTHH:MM:SSZ'); utc_offset_min is
    # the local offset when it was logged. AUTOINCREMENT: an id is never given out twice,
    # so an undone delete gets its own id back.
    """
    CREATE TABLE episode (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        started_at VARCHAR NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        muscle_group VARCHAR NOT NULL,
        side VARCHAR NOT NULL,
        duration_s INTEGER NOT NULL,
        pain INTEGER NOT NULL,
        hydration VARCHAR,
        exertion VARCHAR,
        symptoms VARCHAR NOT NULL,
        self_care VARCHAR,
        notes VARCHAR,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL
    );
    """,
    # 2: the change log, one row per add/edit/delete; a command's rows share a batch, and
    # undo reverses the newest batch not yet undone.
    """
    CREATE TABLE change (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        batch INTEGER NOT NULL,
        at VARCHAR NOT NULL,
        op VARCHAR NOT NULL,
        episode_id INTEGER NOT NULL,
        before VARCHAR,
        after VARCHAR,
        undone_at VARCHAR
    );
    CREATE INDEX ix_change_batch ON change (batch);
    CREATE INDEX ix_episode_started_at ON episode (started_at);
    """,
    # 3: episode uid (a UUID4 for every existing episode, made in SQL: version nibble 4,
    # variant 8..b), check-ins, markers, the profile, and a change log for every record kind.
    # The episode and change tables are rebuilt (SQLite cannot add a NOT NULL UNIQUE column);
    # their AUTOINCREMENT counters are carried over so that no id is ever given out twice.
    """
    CREATE TABLE episode_v3 (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        uid VARCHAR NOT NULL UNIQUE,
        started_at VARCHAR NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        muscle_group VARCHAR NOT NULL,
        side VARCHAR NOT NULL,
        duration_s INTEGER NOT NULL,
        pain INTEGER NOT NULL,
        hydration VARCHAR,
        exertion VARCHAR,
        symptoms VARCHAR NOT NULL,
        self_care VARCHAR,
        notes VARCHAR,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL
    );
    INSERT INTO episode_v3 (id, uid, started_at, utc_offset_min, muscle_group, side,
        duration_s, pain, hydration, exertion, symptoms, self_care, notes, created_at,
        updated_at)
    SELECT id,
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
            || substr(lower(hex(randomblob(2))), 2) || '-'
            || substr('89ab', 1 + (abs(random()) % 4), 1)
            || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
        started_at, utc_offset_min, muscle_group, side, duration_s, pain, hydration,
        exertion, symptoms, self_care, notes, created_at, updated_at
    FROM episode;
    DELETE FROM sqlite_sequence WHERE name = 'episode_v3';
    INSERT INTO sqlite_sequence (name, seq)
        SELECT 'episode_v3', seq FROM sqlite_sequence WHERE name = 'episode';
    DROP INDEX ix_episode_started_at;
    DROP TABLE episode;
    ALTER TABLE episode_v3 RENAME TO episode;
    CREATE INDEX ix_episode_started_at ON episode (started_at);
    CREATE TABLE change_v3 (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        batch INTEGER NOT NULL,
        at VARCHAR NOT NULL,
        op VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        record_id INTEGER NOT NULL,
        before VARCHAR,
        after VARCHAR,
        undone_at VARCHAR,
        redoable BOOLEAN NOT NULL
    );
    INSERT INTO change_v3 (id, batch, at, op, kind, record_id, before, after, undone_at,
        redoable)
    SELECT id, batch, at, op, 'episode', episode_id, before, after, undone_at, 0 FROM change;
    DELETE FROM sqlite_sequence WHERE name = 'change_v3';
    INSERT INTO sqlite_sequence (name, seq)
        SELECT 'change_v3', seq FROM sqlite_sequence WHERE name = 'change';
    DROP INDEX ix_change_batch;
    DROP TABLE change;
    ALTER TABLE change_v3 RENAME TO change;
    CREATE INDEX ix_change_batch ON change (batch);
    CREATE INDEX ix_change_redoable ON change (redoable);
    CREATE TABLE checkin (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        day VARCHAR NOT NULL UNIQUE,
        complete BOOLEAN NOT NULL,
        hydration VARCHAR,
        exertion VARCHAR,
        sleep_disturbed BOOLEAN,
        tags VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL
    );
    CREATE TABLE marker (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        kind VARCHAR NOT NULL,
        day VARCHAR NOT NULL,
        text VARCHAR,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL
    );
    CREATE INDEX ix_marker_day ON marker (day);
    CREATE TABLE profile (
        id INTEGER NOT NULL PRIMARY KEY,
        name VARCHAR,
        birth_year INTEGER,
        conditions VARCHAR,
        medicines VARCHAR,
        questions VARCHAR,
        updated_at VARCHAR NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
