"""Schema versions. Each migration is frozen once released: never edit one, add the next.

``PRAGMA application_id`` marks a file as spasmlog's; ``PRAGMA user_version`` is the schema
version. Version history:

1. the ``episode`` table;
2. the ``change`` log (what ``undo`` reverses) and the start-time index.
"""

APPLICATION_ID = 0x5350534C  # "SPSL"

EPISODE_COLUMNS: tuple[str, ...] = (
    "id",
    "started_at",
    "utc_offset_min",
    "muscle_group",
    "side",
    "duration_s",
    "pain",
    "hydration",
    "exertion",
    "symptoms",
    "self_care",
    "notes",
    "created_at",
    "updated_at",
)
CHANGE_COLUMNS: tuple[str, ...] = (
    "id",
    "batch",
    "at",
    "op",
    "episode_id",
    "before",
    "after",
    "undone_at",
)

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
)
SCHEMA_VERSION = len(MIGRATIONS)
