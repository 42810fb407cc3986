"""Storage: one SQLite file (SPEC §2), reached through stdlib ``sqlite3`` at run time.

The SQLModel table in :mod:`spasmlog.storage.models` declares the schema; the migrations in
:mod:`spasmlog.storage.schema` build exactly that table (a test compares them column by
column), so the fast paths never pay SQLModel's 0.33 s import.
"""

from .db import Session, Store, open_store
from .repo import (
    add_episode,
    count_episodes,
    delete_episode,
    get_episode,
    iter_episodes,
    list_episodes,
    undo_last,
    update_episode,
)

__all__ = [
    "Session", "Store", "open_store", "add_episode", "count_episodes", "delete_episode",
    "get_episode", "iter_episodes", "list_episodes", "undo_last", "update_episode",
]
