"""Snapshots of the screens the main snapshot file does not cover: the Export dialog at
80x24 and Flags at 120x40 (review the SVG report before accepting a change)."""

from __future__ import annotations

from test_snapshots import _keys_then_settle
from tuihelp import frozen_clock

from spasmlog.tui.app import make_app


def test_export_dialog_80x24(snap_compare, seeded_db, monkeypatch):
    monkeypatch.setenv("HOME", "/home/person")  # a fixed, made-up home: a stable snapshot
    app = make_app(seeded_db, clock=frozen_clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys_then_settle("f3", "x"))


def test_flags_120x40_opens_at_the_top(snap_compare, seeded_db):
    app = make_app(seeded_db, clock=frozen_clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_keys_then_settle("f5"))
