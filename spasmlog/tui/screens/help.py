"""Help (F1 or ?): the keys of every screen, the quickest way to log, and the disclaimer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...messages import DISCLAIMER

HELP_TEXT = """\
[b]spasmlog — keys[/b]   (Esc closes this help)

[b]Everywhere[/b]
  F2 Log · F3 History · F4 Trends · F5 Flags · F1 or ? this help
  ctrl+p  command palette: every action by name      x  export
  ctrl+t  light / dark theme                          ctrl+q  quit (^q)
  The mouse works too: click the screen names, choices and rows.

[b]Log[/b] — one key per field; Tab / shift+Tab move between fields
  Muscle    type (calf, quads, hammy…); Enter takes the grey suggestion
  Side      l left · r right · b both · n none
  Pain      a digit 0–9 (1 then 0 = 10; 1 then Enter = 1) · ←/→ step
  Duration  3 30s · 1 1m · 2 2m · 5 5m · 0 10m — or Tab and type 1m30s
            (a unit is needed: 30 alone could be 30s or 30m)
  When      n now · 1 -15m · 3 -30m · h -1h · 2 -2h · 6 -6h · l last night
            (03:00 today) — or Tab, type 03:10, yesterday 03:10, -2h
            or 2026-11-24T03:10
  Fluids    l low · n normal · h high · u unrecorded (as in the last entry)
  Activity  r rest · l light · m moderate · v vigorous · u unrecorded
            (as in the last entry)
  Symptoms  w a n t c s r toggle weakness, atrophy, numbness, tingling,
            skin colour change, swelling, redness
  Self-care h helped · d did not help · u unrecorded
  Notes     type anything (up to 2,000 characters); Enter saves
  ctrl+s    save (nothing is saved while a field shows an error)

  Quickest: c a l f Enter l 6 1 ctrl+s  = calf, left, pain 6, 1 minute,
  now, fluids and activity as last time: 9 keys.
  Next morning, for the night: c a l f Enter l 6 1 l ctrl+s (10 keys).
  Yesterday's check-in (the line above the form, when it asks): ↑ then
  Enter that's all · n none · f/a fluids/activity · s slept badly
  t tags (suggested from your own earlier tags) · Esc later.

[b]History[/b]
  ↑/↓ rows (past the end: next page) · n / p next / previous page
  e or Enter edit · d or Delete delete (asks first) · u undo the last change
  / filter by muscle and dates (Enter applies) · Esc shows everything
  The panel under the table shows the chosen episode in full, with its note.

[b]Trends[/b]
  ←/→ pick a week · [ / ] move 4 weeks · Home back to this week

[b]Flags[/b]
  ↑/↓ choose a finding · Enter show the episodes behind it
  w why this finding matters, with its source · space opens a discussed one
  Grouped: New · Ongoing (since the day it began) · Discussed at your visit

[b]Export[/b] (x, or "Export" in the palette)
  Tab / shift+Tab move · ↑/↓ pick the format (PDF, Markdown, CSV, JSON, FHIR)
  From / To blank = the format's default range · Save to: the file
  Enter or the Export button writes it (asks before replacing a file) · Esc closes
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(HELP_TEXT, id="help-text")
            yield Static(DISCLAIMER, id="help-disclaimer", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
