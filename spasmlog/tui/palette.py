"""The command palette's spasmlog commands: every action reachable by name (ctrl+p)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name, help, action string run on the app or the screen)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Log an episode", "Open the Log form (F2)", "app.switch_mode('log')"),
    ("History", "Episodes, newest first: edit, delete, filter (F3)", "app.switch_mode('history')"),
    ("Trends", "The weekly review: chart and table (F4)", "app.switch_mode('trends')"),
    ("Flags", "When the diary matches guidance to see a doctor (F5)", "app.switch_mode('flags')"),
    ("Export", "Doctor summary (PDF, Markdown) or data (CSV, JSON, FHIR) (x)", "app.export"),
    (
        "Add a doctor visit",
        "Date and a note; drawn on the Trends chart (v in Trends)",
        "app.add_marker('visit')",
    ),
    (
        "Add a change marker",
        "A change such as new shoes or new stretches, dated (m in Trends)",
        "app.add_marker('change')",
    ),
    ("Patterns", "What came with more cramp days, over checked days (p in Trends)", "app.patterns"),
    ("Profile", "Name, birth year, conditions, medicines, questions for the report", "app.profile"),
    (
        "Undo last change",
        "Reverse the last change: an episode, check-in, marker or profile (u in History)",
        "app.undo",
    ),
    ("Redo", "Bring back what the last undo took back (ctrl+y)", "app.redo"),
    (
        "Toggle light/dark theme",
        "Switch between the light and dark look (ctrl+t)",
        "app.toggle_theme",
    ),
    ("Help", "Keys for every screen (F1)", "app.help"),
    ("Save episode", "Save the Log form (ctrl+s)", "screen.save_form"),
    ("Edit selected episode", "History: edit the highlighted episode (e)", "screen.edit"),
    ("Delete selected episode", "History: delete the highlighted episode (d)", "screen.delete"),
    ("Filter history", "History: filter by muscle and dates (/)", "screen.focus_filter"),
    ("Show all history", "History: clear the filter (Esc)", "screen.clear_filter"),
    ("Quit", "Leave spasmlog (ctrl+q)", "app.quit"),
)


class SpasmlogCommands(Provider):
    """spasmlog's actions by name; screen actions are offered only where they apply."""

    def _available(self):
        screen = self.screen
        for name, help_text, action in COMMANDS:
            if action.startswith("screen."):
                method = action.split(".", 1)[1].split("(", 1)[0]
                if not hasattr(screen, f"action_{method}"):
                    continue
            yield name, help_text, action

    async def _run(self, action: str) -> None:
        if action.startswith("screen."):
            await self.app.run_action(action.split(".", 1)[1], self.screen)
        else:
            await self.app.run_action(action)

    async def discover(self) -> Hits:
        for name, help_text, action in self._available():
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._available():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self._run, action),
                    text=name,
                    help=help_text,
                )
