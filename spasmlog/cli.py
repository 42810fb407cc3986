"""Argument parsing and dispatch only. ``run(argv) -> int``; ``main()`` exits with it.

Each command's handler lives in ``spasmlog.commands`` and is imported only when that
command runs, so ``spasmlog add`` loads nothing it does not need (no SQLModel, no Textual).
Exit status: 0 success, 1 failure at run time, 2 bad input (docs/cli.md).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from datetime import datetime
from importlib import import_module
from pathlib import Path

from .errors import InputError, SpasmlogError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: see spasmlog/frozen.py
if TYPE_CHECKING:
    from typing import Any, TextIO

PROG = "spasmlog"


class UsageError(InputError):
    pass


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from . import __version__

        sys.stdout.write(f"{PROG} {__version__}\n")
        parser.exit()


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size().columns`` gives: $COLUMNS, else the terminal's
    width, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _MeasuredWidth:
    """argparse's help formatters measure the terminal through ``shutil``, and argparse
    makes one for every ``add_argument``: importing shutil (with bz2, lzma and zlib) costs
    about 4 ms of every ``spasmlog add``, which prints no help. The same width, from ``os``."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        if kwargs.get("width") is None:
            kwargs["width"] = _terminal_columns() - 2
        super().__init__(prog, **kwargs)  # type: ignore[call-arg]


class _Formatter(_MeasuredWidth, argparse.HelpFormatter):
    pass


class _RawDescriptionFormatter(_MeasuredWidth, argparse.RawDescriptionHelpFormatter):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but errors become one plain line (exit 2) instead of usage + exit."""

    command: str | None = None  # set on the top parser when the command is known

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # noqa: D401 - argparse API
        prog = f"{self.prog} {self.command}" if self.command and self.prog == PROG else self.prog
        raise UsageError(f"{message}; see '{prog} --help'")


class Context:
    """What every command handler gets: where the diary is, the clock, the streams."""

    def __init__(
        self, db: Path, now: datetime, out: TextIO | None = None, err: TextIO | None = None
    ) -> None:
        self.db = db
        self.now = now
        self.out: TextIO = out or sys.stdout
        self.err: TextIO = err or sys.stderr
        self._stores: list = []

    def open_store(self, *, create: bool = True, readonly: bool = False):
        """The diary; ``readonly`` for commands that only read (the file is never changed)."""
        from .storage.db import open_store

        store = open_store(self.db, create=create, today=self.now.date(), readonly=readonly)
        self._stores.append(store)
        return store

    def close(self, *, succeeded: bool = True) -> None:
        """Close the diary; its warnings are printed only for a command that succeeded
        (a failed one has printed its one line, and "your change is saved" would be false)."""
        for store in self._stores:
            if succeeded:
                for warning in store.warnings:
                    print(warning, file=self.err)
            store.close()
        self._stores.clear()


# command name -> (module in spasmlog, function)
HANDLERS: dict[str | None, tuple[str, str]] = {
    "add": ("commands.episodes", "cmd_add"),
    "list": ("commands.episodes", "cmd_list"),
    "edit": ("commands.episodes", "cmd_edit"),
    "delete": ("commands.episodes", "cmd_delete"),
    "undo": ("commands.episodes", "cmd_undo"),
    "redo": ("commands.days", "cmd_redo"),
    "checkin": ("commands.days", "cmd_checkin"),
    "visit": ("commands.days", "cmd_visit"),
    "mark": ("commands.days", "cmd_mark"),
    "markers": ("commands.days", "cmd_markers"),
    "profile": ("commands.days", "cmd_profile"),
    "patterns": ("commands.days", "cmd_patterns"),
    "remind": ("commands.remind", "cmd_remind"),
    "completion": ("commands.completion", "cmd_completion"),
    "backup": ("commands.episodes", "cmd_backup"),
    "restore": ("commands.episodes", "cmd_restore"),
    "paths": ("commands.episodes", "cmd_paths"),
    "trends": ("commands.analysis", "cmd_trends"),
    "flags": ("commands.analysis", "cmd_flags"),
    "export": ("commands.exports", "cmd_export"),
    "import": ("commands.exports", "cmd_import"),
    "demo": ("launch", "cmd_demo"),
    None: ("launch", "cmd_tui"),
}


_VOCABULARY: dict[str, tuple[str, ...]] = {}
# Words that complete from the diary itself (shtab's ``complete``), for completion scripts.
_DIARY_WORDS: dict[str, object] = {}


def _values(name: str) -> dict:
    """``choices=`` for the completion script's parser only (see ``build_parser``): parsing
    keeps the domain's own checks, which accept aliases and explain a wrong value."""
    return {"choices": _VOCABULARY[name]} if _VOCABULARY else {}


def _episode_options(p: argparse.ArgumentParser, *, for_edit: bool) -> None:
    p.add_argument(
        "--pain",
        metavar="N",
        required=not for_edit,
        help="0 (none) to 10 (worst)",
        **_values("pain"),
    )
    p.add_argument(
        "--duration", metavar="D", required=not for_edit, help="45s, 2m, 1m30s, 1h or seconds"
    )
    # For edit, an option not given keeps the episode's current value.
    p.add_argument(
        "--at",
        metavar="WHEN",
        help="ISO 8601, HH:MM (today), 'yesterday HH:MM', -2h, -30m"
        + ("" if for_edit else " (default now)"),
    )
    p.add_argument(
        "--side",
        metavar="S",
        help="left, right, both or none" + ("" if for_edit else " (default none)"),
        **_values("side"),
    )
    p.add_argument(
        "--hydration",
        metavar="H",
        help="low, normal or high: fluids that day",
        **_values("hydration"),
    )
    p.add_argument(
        "--exertion",
        metavar="E",
        help="rest, light, moderate or vigorous: activity before",
        **_values("exertion"),
    )
    p.add_argument(
        "--symptom",
        metavar="X",
        action="append",
        default=None,
        help=(
            "weakness, atrophy, numbness, tingling, skin-color-change, swelling, redness "
            "(repeatable)"
        ),
        **_values("symptom"),
    )
    p.add_argument(
        "--self-care",
        dest="self_care",
        metavar="V",
        help="helped or did-not-help",
        **_values("self_care"),
    )
    p.add_argument("--note", metavar="TEXT", help="free text, up to 2,000 characters")
    if for_edit:
        p.add_argument(
            "--muscle", metavar="MUSCLE", help="change the muscle group", **_values("muscle")
        )
        p.add_argument("--no-symptoms", action="store_true", help="clear the symptoms")


def completion_parser(*, tags: object) -> argparse.ArgumentParser:
    """The whole parser with the vocabularies as ``choices``, and ``tags`` (shtab's
    ``complete`` for them) on ``checkin --tag``, for completion scripts."""
    from . import domain as d

    _DIARY_WORDS["tags"] = tags
    _VOCABULARY.update(
        muscle=d.MUSCLE_GROUPS,
        side=d.SIDES,
        hydration=d.HYDRATION_LEVELS,
        exertion=d.EXERTION_LEVELS,
        symptom=d.SYMPTOMS,
        self_care=d.SELF_CARE_VALUES,
        pain=tuple(str(n) for n in range(d.PAIN_MIN, d.PAIN_MAX + 1)),
        yes_no=("yes", "no"),
        format=("pdf", "md", "csv", "json", "fhir"),
        fhir_bundle=("collection", "transaction"),
    )
    try:
        return build_parser()
    finally:
        _VOCABULARY.clear()
        _DIARY_WORDS.clear()


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the diary file (default: $SPASMLOG_DB, else the user data folder)",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only``, the other commands get no options (faster start)."""
    parser = _Parser(
        prog=PROG,
        description="A personal, local-first diary for muscle spasms and cramps. "
        "Run without a command to open the diary.",
    )
    _db_option(parser)
    parser.command = only
    parser.formatter_class = _RawDescriptionFormatter
    parser.epilog = (
        "examples:\n"
        "  spasmlog add calf --pain 6 --duration 1m --side left\n"
        "  spasmlog add calves --pain 8 --duration 3m --at 'yesterday 03:10' --note 'woke me up'\n"
        "  spasmlog list --since 2026-11-01\n"
        "  spasmlog flags\n"
        "  spasmlog export --format pdf\n\n"
        "'spasmlog COMMAND --help' shows a command's options."
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, **kwargs: Any) -> argparse.ArgumentParser | None:
        """A command's parser; with ``only``, None for the other commands (each parser
        costs about a millisecond, and ``spasmlog add`` would pay for every one)."""
        if only is not None and only != name:
            return None
        p = sub.add_parser(name, **kwargs)
        _db_option(p)
        return p

    if p := add("add", help="log one episode; prints its id"):
        p.add_argument(
            "muscle",
            metavar="MUSCLE",
            help="calf, foot, hamstring, … (aliases like calves, quads)",
            **_values("muscle"),
        )
        _episode_options(p, for_edit=False)

    if p := add("list", help="episodes, newest first"):
        p.add_argument("--since", metavar="DATE", help="first local date, YYYY-MM-DD")
        p.add_argument("--until", metavar="DATE", help="last local date, YYYY-MM-DD")
        p.add_argument("--limit", metavar="N", help="at most N episodes")
        p.add_argument("--json", action="store_true", help="a JSON array")

    if p := add("edit", help="change an episode"):
        p.add_argument("id", metavar="ID")
        _episode_options(p, for_edit=True)

    if p := add("delete", help="delete an episode (undo brings it back)"):
        p.add_argument("id", metavar="ID")

    if p := add("undo", help="undo the last change (any record)"):
        p.add_argument(
            "--yes", action="store_true", help="do not ask before removing an added record"
        )
    add("redo", help="redo what the last undo took back")

    if p := add("checkin", help="how a diary day (06:00 to 06:00) went"):
        p.add_argument(
            "day",
            metavar="DAY",
            nargs="?",
            help="the diary day, YYYY-MM-DD (default: yesterday and last night)",
        )
        p.add_argument(
            "--none", action="store_true", help="no cramps that day: complete, none logged"
        )
        done = p.add_mutually_exclusive_group()
        done.add_argument(
            "--complete",
            dest="complete",
            action="store_const",
            const=True,
            help="every cramp of that day is logged (the default for a new check-in)",
        )
        done.add_argument(
            "--incomplete",
            dest="complete",
            action="store_const",
            const=False,
            help="some cramps of that day may be missing",
        )
        p.add_argument(
            "--hydration",
            metavar="H",
            help="low, normal or high: fluids that day",
            **_values("hydration"),
        )
        p.add_argument(
            "--exertion",
            metavar="E",
            help="rest, light, moderate or vigorous: activity",
            **_values("exertion"),
        )
        p.add_argument(
            "--sleep-disturbed",
            dest="sleep_disturbed",
            metavar="yes|no",
            help="did cramps disturb that night's sleep",
            **_values("yes_no"),
        )
        p.add_argument(
            "--tag",
            metavar="T",
            action="append",
            default=None,
            help="your own factor, e.g. long-walk (repeatable, up to 10)",
        ).complete = _DIARY_WORDS.get("tags")  # type: ignore[attr-defined]

    if p := add("visit", help="record a doctor visit"):
        p.add_argument("date", metavar="DATE", nargs="?", help="YYYY-MM-DD (default today)")
        p.add_argument("--note", metavar="TEXT", help="up to 500 characters")

    if p := add("mark", help="record a change that may matter (new shoes, a new job)"):
        p.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
        p.add_argument("text", metavar="TEXT", help="what changed, 1–200 characters")

    if p := add("markers", help="list visits and change markers"):
        p.add_argument("--json", action="store_true")

    if p := add("profile", help="show or set the profile"):
        p.add_argument("--name", metavar="X")
        p.add_argument("--birth-year", dest="birth_year", metavar="Y")
        p.add_argument("--conditions", metavar="X")
        p.add_argument("--medicines", metavar="X")
        p.add_argument("--questions", metavar="X", help="questions for the doctor")
        p.add_argument("--json", action="store_true")

    if p := add("trends", help="the weekly review"):
        p.add_argument("--weeks", metavar="N", default=None, help="how many weeks (default 12)")
        p.add_argument("--as-of", dest="as_of", metavar="DATE", help="as if today were DATE")
        p.add_argument("--json", action="store_true")

    if p := add("flags", help="when-to-see-a-doctor findings"):
        p.add_argument("--as-of", dest="as_of", metavar="DATE", help="as if today were DATE")
        p.add_argument("--json", action="store_true")

    if p := add("patterns", help="what came with cramp days, from check-ins"):
        p.add_argument("--as-of", dest="as_of", metavar="DATE", help="as if today were DATE")
        p.add_argument("--json", action="store_true")

    if p := add("export", help="doctor summary or data export"):
        p.add_argument(
            "--format",
            required=True,
            metavar="FORMAT",
            help="pdf, md, csv, json or fhir",
            **_values("format"),
        )
        p.add_argument("--from", dest="from_", metavar="DATE", help="first local date")
        p.add_argument(
            "--to", metavar="DATE", help="last local date (flags are evaluated as of it)"
        )
        p.add_argument(
            "--fhir-bundle",
            dest="fhir_bundle",
            metavar="TYPE",
            default=None,
            help="fhir only: collection (default) or transaction (conditional updates)",
            **_values("fhir_bundle"),
        )
        p.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="where to write (default stdout; pdf: a file here)",
        )

    if p := add("import", help="import episodes from the CSV export format"):
        p.add_argument("file", metavar="FILE.csv")

    if p := add("backup", help="a consistent copy of the diary"):
        p.add_argument(
            "path", metavar="PATH", nargs="?", help="where (default: backups/ beside the diary)"
        )

    if p := add("restore", help="put a backup's content in place of the diary"):
        p.add_argument("backup", metavar="BACKUP", help="a file made by 'spasmlog backup'")
        p.add_argument(
            "--yes", action="store_true", help="do not ask (needed when not on a terminal)"
        )

    if p := add("remind", help="a nudge when yesterday has no check-in"):
        how = p.add_mutually_exclusive_group()
        how.add_argument("--install", metavar="HH:MM", help="a daily desktop reminder at HH:MM")
        how.add_argument("--uninstall", action="store_true", help="remove that reminder")
        how.add_argument(
            "--notify", action="store_true", help="show the reminder now (what the timer runs)"
        )

    if p := add("completion", help="print a shell completion script"):
        p.add_argument("shell", metavar="SHELL", nargs="?", choices=("bash", "zsh", "fish"))
        p.add_argument(
            "--tags",
            action="store_true",
            help="print the tags this diary has used, one per line (the scripts ask for them)",
        )

    add("paths", help="where the diary, backups and config are")
    add("demo", help="open the app on a generated 12-week sample diary")
    return parser


# Options whose value may itself begin with "-": a note "-tired", a time "-2h".
_DASH_VALUE_OPTIONS = ("--note", "--at")


def _join_relative_times(argv: list[str]) -> list[str]:
    """``--at -2h`` and ``--note -tired`` would look like options to argparse: pass them as
    ``--at=-2h`` and ``--note=-tired``. A following word that is one of spasmlog's own
    options (``--note --pain 5``) is left alone, so argparse still says a value is missing.
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        if (
            argv[i] in _DASH_VALUE_OPTIONS
            and i + 1 < len(argv)
            and argv[i + 1].startswith("-")
            and argv[i + 1] != "-"
            and not _is_option(argv[i + 1])
        ):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out


_OPTION_WORDS = frozenset(
    "--db --help -h --version --pain --duration --at --side --hydration --exertion --symptom "
    "--self-care --note --muscle --no-symptoms --since --until --limit --json --weeks --as-of "
    "--format --from --to -o --output --yes".split()
)


def _command_word(argv: list[str]) -> str | None:
    """The first word that is neither an option nor ``--db``'s value: the command, if any
    (``spasmlog --db PATH add …`` runs add, and ``spasmlog --db PATH`` opens the app)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _is_option(word: str) -> bool:
    return word.split("=", 1)[0] in _OPTION_WORDS


def run(
    argv: list[str] | None = None,
    *,
    now: datetime | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Parse ``argv``, run the command, return the exit status. Never raises."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    ctx: Context | None = None
    succeeded = False
    try:
        argv = _join_relative_times(argv)
        first = _command_word(argv)
        wants_help = any(a in ("-h", "--help") for a in argv)
        if wants_help:
            only = None
        elif first is None:
            only = ""  # bare `spasmlog`: no command's options need building
        else:
            only = first if first in HANDLERS else None
        args = build_parser(only).parse_args(argv)
        from .domain import local_now
        from .paths import db_path

        ctx = Context(
            db=db_path(getattr(args, "db", None)), now=now or local_now(), out=out, err=err
        )
        module, func = HANDLERS[args.command]
        handler = getattr(import_module(f".{module}", __package__), func)
        status = int(handler(args, ctx) or 0)
        succeeded = status == 0
        return status
    except InputError as e:
        print(f"spasmlog: {e}", file=err)
        return 2
    except SpasmlogError as e:
        print(f"spasmlog: {e}", file=err)
        return e.exit_code
    except sqlite3.Error as e:
        from .storage.db import explain

        mapped = explain(e, ctx.db if ctx else Path("the diary"))
        if isinstance(mapped, SpasmlogError):
            print(f"spasmlog: {mapped}", file=err)
            return mapped.exit_code
        print(f"spasmlog: the diary could not be used (SQLite: {e}); nothing was changed", file=err)
        return 1
    except KeyboardInterrupt:
        print("spasmlog: interrupted", file=err)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:
        from .storage.files import os_failure

        print(f"spasmlog: {os_failure(e, 'write', e.filename or 'a file')}", file=err)
        return 1
    except Exception as e:  # never a traceback for the user; SPASMLOG_DEBUG=1 shows it
        if os.environ.get("SPASMLOG_DEBUG"):
            raise
        print(f"spasmlog: internal error ({type(e).__name__}: {e}); please report it", file=err)
        return 1
    finally:
        if ctx is not None:
            ctx.close(succeeded=succeeded)


def main() -> None:
    code = run()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    sys.exit(code)
