"""The declared schema: the SQLModel table models, the one declaration of every column.

These are the source of truth for what the tables hold. At run time spasmlog reaches the
file through stdlib ``sqlite3`` (SQLModel costs 0.33 s to import, more than the whole
budget of ``spasmlog add``): the frozen migrations in ``schema.py`` build the tables and
``schema.*_COLUMNS`` are the fast path's copy of these field lists, in this order.
``tests/test_schema_agreement.py`` proves that the migrated file, these models and those
lists agree on every column, type, nullability, key and unique constraint.

Import this module only where SQLModel is wanted (tests, tooling): never on a hot path.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Episode(SQLModel, table=True):
    """One episode (docs/cli.md, ``spasmlog add``), in its stored form."""

    __tablename__ = "episode"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True, description="UUID4, lower-case; never changes")
    started_at: str = Field(index=True, description="UTC instant, 'YYYY-MM-DDTHH:MM:SSZ'")
    utc_offset_min: int = Field(description="local UTC offset when logged, minutes")
    muscle_group: str
    side: str = "none"
    duration_s: int
    pain: int
    hydration: str | None = None
    exertion: str | None = None
    symptoms: str = Field(default="", description="';'-joined, in vocabulary order; '' = none")
    self_care: str | None = None
    notes: str | None = None
    created_at: str
    updated_at: str


class Checkin(SQLModel, table=True):
    """The check-in of one diary day (06:00 to 06:00 local)."""

    __tablename__ = "checkin"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    day: str = Field(unique=True, description="the diary day, 'YYYY-MM-DD'")
    complete: bool = Field(description="every cramp of this diary day is logged")
    hydration: str | None = None
    exertion: str | None = None
    sleep_disturbed: bool | None = None
    tags: str = Field(default="", description="';'-joined, sorted; '' = none")
    created_at: str
    updated_at: str


class Marker(SQLModel, table=True):
    """A dated event: a doctor ``visit`` (optional note) or a ``change`` (its text)."""

    __tablename__ = "marker"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(description="visit or change")
    day: str = Field(index=True, description="local date, 'YYYY-MM-DD'")
    text: str | None = None
    created_at: str
    updated_at: str


class Profile(SQLModel, table=True):
    """The optional profile: one row, id 1, printed on the doctor report as written."""

    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = None
    birth_year: int | None = None
    conditions: str | None = None
    medicines: str | None = None
    questions: str | None = None
    updated_at: str


class Change(SQLModel, table=True):
    """The change log that undo reverses and redo replays: one row per add/edit/delete of
    any record; a command's rows share a batch."""

    __tablename__ = "change"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    batch: int = Field(index=True)
    at: str
    op: str = Field(description="add, edit or delete")
    kind: str = Field(description="episode, checkin, marker or profile")
    record_id: int
    before: str | None = Field(default=None, description="JSON of the row before")
    after: str | None = Field(default=None, description="JSON of the row after")
    undone_at: str | None = None
    redoable: bool = Field(default=False, index=True, description="undone and not yet redone")
