"""spasmlog's Textual app: ``make_app(db_path, clock=...)`` in :mod:`spasmlog.tui.app`.

Nothing here holds logic of its own: validation is :mod:`spasmlog.domain`, reads and
writes are :mod:`spasmlog.storage.repo`, trends and flags are :mod:`spasmlog.analysis`.
"""
