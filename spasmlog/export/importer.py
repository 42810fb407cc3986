"""``spasmlog import FILE.csv``: the CSV export read back, all rows or none (SPEC §5).

Every value goes through the same domain parsers as the CLI, so a bad row is rejected with
the same words, plus the line and the column. The whole file is checked before anything is
written; the rows then go in with one ``store.write()``: one transaction and one undo batch.

- The ``id`` column may be absent or empty. Ids are kept when the diary is empty and every
  row has a distinct id (so an export imported into an empty diary exports to the same
  file); otherwise the diary gives new ids.
- A row identical (every field but the id) to an episode already stored is skipped, and
  counted; re-importing the same file therefore adds nothing.
- An empty file, a missing or unknown column, a file that is not UTF-8: exit 2, nothing
  written. A file with only the header imports nothing and says so.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .. import domain as d
from ..errors import InputError, ValidationError
from .csv_data import HEADER

REQUIRED = tuple(c for c in HEADER if c != "id")


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    path: Path
    imported: int
    skipped: int
    ids: tuple[int, ...] = ()
    kept_ids: bool = False

    def describe(self) -> str:
        noun = "episode" if self.imported == 1 else "episodes"
        text = f"imported {self.imported} {noun} from {self.path.name}"
        if self.skipped:
            same = "was" if self.skipped == 1 else "were"
            text += f"; {self.skipped} identical to episodes already in the diary {same} skipped"
        if self.imported:
            text += " — 'spasmlog undo' removes them again"
        return text


class _RowError(InputError):
    pass


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a CSV file") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    if not raw.strip():
        raise InputError(
            f"{path.name} is empty — a spasmlog CSV starts with the header {','.join(HEADER)}; nothing was imported"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(
            f"{path.name} line {line}: byte 0x{raw[e.start]:02x} is not UTF-8 text — save the file "
            f"as UTF-8 and try again; nothing was imported"
        ) from None


def _header(row: list[str], name: str) -> list[str]:
    columns = [c.strip().lower() for c in row]
    unknown = [c for c in columns if c not in HEADER]
    if unknown:
        raise InputError(
            f"{name} line 1: unknown column {unknown[0]!r} — the columns are {','.join(HEADER)}; "
            f"nothing was imported"
        )
    dupes = [c for c, n in Counter(columns).items() if n > 1]
    if dupes:
        raise InputError(f"{name} line 1: column {dupes[0]!r} appears twice; nothing was imported")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"{name} line 1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} — "
            f"the header must be {','.join(HEADER)} (id may be left out); nothing was imported"
        )
    return columns


def _parse_row(values: dict[str, str], now: datetime) -> tuple[int | None, d.Episode]:
    """One row to (id or None, Episode); ValidationError names the column in ``.field``."""

    def need(col: str) -> str:
        v = values[col]
        if v.strip() == "":
            raise ValidationError(f"{col} is empty — it is required", col)
        return v

    raw_id = values.get("id", "").strip()
    id_: int | None = None
    if raw_id:
        if not raw_id.isdigit() or int(raw_id) < 1:
            raise ValidationError(
                f"invalid id {raw_id!r} — use a whole number of at least 1, or leave it empty", "id"
            )
        id_ = int(raw_id)
    started = d.parse_instant(need("started_at").strip())
    if started - now > d.FUTURE_TOLERANCE:
        raise ValidationError(
            f"started_at {values['started_at'].strip()!r} is in the future — only up to 5 minutes ahead is accepted",
            "started_at",
        )
    side_text = values["side"].strip()
    episode = d.Episode(
        started_at=started,
        muscle_group=_field("muscle_group", d.parse_muscle, need("muscle_group")),
        side=_field("side", d.parse_side, side_text) if side_text else "none",
        duration_s=_field("duration_s", d.parse_duration, need("duration_s")),
        pain=_field("pain", d.parse_pain, need("pain")),
        hydration=_field("hydration", d.parse_hydration, values["hydration"]),
        exertion=_field("exertion", d.parse_exertion, values["exertion"]),
        symptoms=_field("symptoms", d.parse_symptoms, values["symptoms"]),
        self_care=_field("self_care", d.parse_self_care, values["self_care"]),
        notes=_field("notes", d.parse_notes, values["notes"] if values["notes"] != "" else None),
    )
    return id_, d.validate_episode(episode)


def _field(column: str, parser, text):
    """Run a domain parser; its error is reported under the CSV column's name."""
    try:
        return parser(text)
    except ValidationError as e:
        raise ValidationError(str(e), column) from None


def parse_csv(path: Path, *, now: datetime) -> list[tuple[int, int | None, d.Episode]]:
    """Every row of ``path`` as (line, id, Episode); InputError at the first bad one."""
    path = Path(path)
    text = _read_text(path)
    name = path.name
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, int | None, d.Episode]] = []
    try:
        columns = None
        line = 1
        for fields in reader:
            start_line = line
            line = reader.line_num + 1
            if columns is None:
                columns = _header(fields, name)
                continue
            if not fields or (len(fields) == 1 and fields[0].strip() == ""):
                continue  # a blank line
            if len(fields) != len(columns):
                raise InputError(
                    f"{name} line {start_line}: {len(fields)} values but the header has {len(columns)} "
                    f"columns (a note with a comma or line break must be in double quotes); nothing was imported"
                )
            values = dict(zip(columns, fields))
            try:
                id_, ep = _parse_row(values, now)
            except ValidationError as e:
                column = e.field or "?"
                raise InputError(
                    f"{name} line {start_line}, column {column}: {e}; nothing was imported"
                ) from None
            rows.append((start_line, id_, ep))
    except csv.Error as e:
        raise InputError(
            f"{name} line {reader.line_num}: not valid CSV ({e}); nothing was imported"
        ) from None
    if columns is None:
        raise InputError(f"{name} has no header line; nothing was imported")
    return rows


def _key(ep: d.Episode) -> tuple:
    from ..storage.repo import episode_to_row

    return tuple(episode_to_row(ep).values())


def import_csv(store, path: Path, *, now: datetime | None = None) -> ImportResult:
    """Import ``path`` into ``store``: all rows or none, identical rows skipped, one undo batch."""
    from ..storage import repo
    from ..storage.schema import EPISODE_COLUMNS

    now = now or d.local_now()
    path = Path(path)
    rows = parse_csv(path, now=now)
    if not rows:
        return ImportResult(path=path, imported=0, skipped=0)
    with store.write() as session:
        conn = session.conn
        # Rows identical to stored ones (as a multiset: two identical stored, two skipped).
        lo = min(d.to_utc_text(ep.started_at) for _, _, ep in rows)
        hi = max(d.to_utc_text(ep.started_at) for _, _, ep in rows)
        stored_cols = ", ".join(EPISODE_COLUMNS[1:12])
        stored = Counter(
            tuple(r)
            for r in conn.execute(
                f"SELECT {stored_cols} FROM episode WHERE started_at BETWEEN ? AND ?", (lo, hi)
            )
        )
        fresh: list[tuple[int | None, d.Episode]] = []
        skipped = 0
        for _, id_, ep in rows:
            k = _key(ep)
            if stored[k] > 0:
                stored[k] -= 1
                skipped += 1
            else:
                fresh.append((id_, ep))
        empty = conn.execute("SELECT count(*) FROM episode").fetchone()[0] == 0
        given = [id_ for id_, _ in fresh]
        keep = bool(fresh) and empty and None not in given and len(set(given)) == len(given)
        episodes = [replace(ep, id=id_) if keep else ep for id_, ep in fresh]
        ids = repo.add_episodes(session=session, episodes=episodes, keep_ids=keep)
    return ImportResult(
        path=path, imported=len(ids), skipped=skipped, ids=tuple(ids), kept_ids=keep
    )
