"""Storage: one SQLite file (docs/architecture.md), reached through stdlib ``sqlite3`` at run time.

The SQLModel tables in :mod:`spasmlog.storage.models` declare the schema; the migrations in
:mod:`spasmlog.storage.schema` build exactly those tables (a test compares them column by
column), so the fast paths never pay SQLModel's 0.33 s import. Every query on the tables
is a named function in :mod:`spasmlog.storage.repo`.

Names are loaded on first use (PEP 562), so ``spasmlog.storage.db`` alone — the app's
pre-launch check — does not pull in the repository and ``json``.
"""

from importlib import import_module

_EXPORTS = {
    "Session": "db",
    "Store": "db",
    "open_store": "db",
    "add_episode": "repo",
    "add_episodes": "repo",
    "count_episodes": "repo",
    "delete_episode": "repo",
    "get_episode": "repo",
    "iter_episodes": "repo",
    "list_episodes": "repo",
    "undo_last": "repo",
    "redo_last": "repo",
    "pending_undo": "repo",
    "update_episode": "repo",
    "add_checkin": "repo",
    "get_checkin": "repo",
    "list_checkins": "repo",
    "add_marker": "repo",
    "list_markers": "repo",
    "get_profile": "repo",
    "set_profile": "repo",
    "diary_start": "repo",
    "deleted_episodes": "repo",
}

__all__ = [*_EXPORTS, "repo", "db"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    if name in ("repo", "db", "schema", "backup", "models"):
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
