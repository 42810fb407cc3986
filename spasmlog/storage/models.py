"""The declared schema: SQLModel table models (SQLModel's full-stack template's families).

These are the source of truth for what the tables hold. At run time spasmlog reaches the
file through stdlib ``sqlite3`` (SQLModel costs 0.33 s to import, more than the whole
budget of ``spasmlog add``), and the frozen migrations in ``schema.py`` build the tables;
``tests/test_schema_agreement.py`` proves that the migrated file, these models and the
repository's column list agree on every column, type, nullability and key.

Import this module only where SQLModel is wanted (tests, tooling): never on a hot path.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class EpisodeBase(SQLModel):
    """The fields a person logs (SPEC §1), in their stored form."""

    started_at: str = Field(index=True, description="UTC instant, 'YYYY-MM-DDTHH:MM:SSZ'")
    utc_offset_min: int = Field(description="local UTC offset when logged, minutes")
    muscle_group: str
    side: str = "none"
    duration_s: int
    pain: int
    hydration: str | None = None
    exertion: str | None = None
    symptoms: str = Field(default="", description="';'-joined, in SPEC order; '' = none")
    self_care: str | None = None
    notes: str | None = None


class Episode(EpisodeBase, table=True):
    """The one episode table."""

    __tablename__ = "episode"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    created_at: str
    updated_at: str


class EpisodeCreate(EpisodeBase):
    """Input for a new episode (no id, no bookkeeping times)."""


class EpisodeUpdate(SQLModel):
    """Input for an edit: every field optional."""

    started_at: str | None = None
    utc_offset_min: int | None = None
    muscle_group: str | None = None
    side: str | None = None
    duration_s: int | None = None
    pain: int | None = None
    hydration: str | None = None
    exertion: str | None = None
    symptoms: str | None = None
    self_care: str | None = None
    notes: str | None = None


class Change(SQLModel, table=True):
    """The change log that undo reverses (schema version 2)."""

    __tablename__ = "change"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    batch: int = Field(index=True)
    at: str
    op: str = Field(description="add, edit or delete")
    episode_id: int
    before: str | None = Field(default=None, description="JSON of the row before")
    after: str | None = Field(default=None, description="JSON of the row after")
    undone_at: str | None = None
