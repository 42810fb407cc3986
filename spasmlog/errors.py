"""The project's own error types; the CLI maps them to exit statuses (docs/cli.md)."""


class SpasmlogError(Exception):
    """A failure at run time: exit status 1."""

    exit_code = 1


class InputError(SpasmlogError):
    """Bad input (usage, validation, unreadable or foreign database): exit status 2."""

    exit_code = 2


class ValidationError(InputError, ValueError):
    """A value that the domain does not allow. ``field`` names the episode field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class DatabaseRefused(InputError):
    """The file is not a spasmlog database, is corrupt, or is newer than this program."""


class DatabaseDamaged(DatabaseRefused):
    """SQLite reported the diary corrupt while a command was using it (exit status 2)."""


class WriteFailed(SpasmlogError):
    """A file could not be written (disk full, read-only folder): exit status 1."""
