"""``spasmlog import FILE.csv``: the CSV export read back, all rows or none.

Every value goes through the same domain parsers as the CLI, so a bad row is rejected with
the same words, plus the line and the column. The whole file is checked before anything is
written; the rows then go in with one ``store.write()``: one transaction and one undo batch.

- The ``id`` column may be absent or empty. Ids are kept when the diary is empty and every
  row has a distinct id (so an export imported into an empty diary exports to the same
  file); otherwise the diary gives new ids.
- The ``uid`` column may be absent or empty (files from before uids); a uid is kept. A row
  whose uid is already in the diary with identical values is skipped and counted; with
  different values the file is refused, naming the line. A uid given twice in the file is
  refused too (found by the database as the rows go in, so nothing is held in memory).
- A row without a uid that is identical (every field but the id) to an episode already
  stored is skipped, and counted; re-importing the same file therefore adds nothing.
- An empty file, a missing or unknown column, a file that is not UTF-8: exit 2, nothing
  written. A file with only the header imports nothing and says so.
- Ids above 2^53 and start times outside the years 1900..9999 are refused with their line.
- The file is streamed, never held in memory: a first pass checks every row, a second
  inserts them inside the one transaction (a million rows stay well under 100 MB).
"""

from __future__ import annotations

import codecs
import csv
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from .. import domain as d
from ..errors import InputError, ValidationError
from ..frozen import replace
from .csv_data import HEADER, unprotect_cell

REQUIRED = tuple(c for c in HEADER if c not in ("id", "uid"))


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    path: Path
    imported: int
    skipped: int
    ids: Sequence[int] = ()
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


def _open_text(path: Path):
    """The file as UTF-8 text, streamed (a BOM is skipped)."""
    try:
        f = open(path, encoding="utf-8-sig", newline="", errors="strict")  # noqa: SIM115
    except FileNotFoundError:
        raise InputError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a CSV file") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    return f


def _not_utf8(path: Path) -> InputError:
    """Where the first byte that is not UTF-8 is, found by streaming the bytes again."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(path, "rb") as f:
        while chunk := f.read(1 << 16):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                line += chunk[: e.start].count(b"\n")
                byte = chunk[e.start] if e.start < len(chunk) else 0
                break
            line += chunk.count(b"\n")
        else:
            byte = 0
    return InputError(
        f"{path.name} line {line}: byte 0x{byte:02x} is not UTF-8 text — save the file "
        f"as UTF-8 and try again; nothing was imported"
    )


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
            f"{name} line 1: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} — the header must be {','.join(HEADER)} "
            "(id and uid may be left out); nothing was imported"
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
        try:
            id_ = d.parse_count(raw_id, "id")
        except ValidationError:
            raise ValidationError(
                f"invalid id {raw_id!r} — use a whole number from 1 to 2^53 "
                f"({d.MAX_ID:,}), or leave it empty",
                "id",
            ) from None
    raw_uid = values.get("uid", "").strip()
    uid = _field("uid", d.parse_uid, raw_uid) if raw_uid else None
    started = d.parse_instant(need("started_at").strip())
    if started - now > d.FUTURE_TOLERANCE:
        raise ValidationError(
            f"started_at {values['started_at'].strip()!r} is in the future — only up to 5 minutes "
            "ahead is accepted",
            "started_at",
        )
    side_text = values["side"].strip()
    episode = d.Episode(
        started_at=started,
        muscle_group=_field("muscle_group", d.parse_muscle, need("muscle_group")),
        side=_field("side", d.parse_side, side_text) if side_text else "none",
        duration_s=_field(
            "duration_s", lambda v: d.parse_duration(v, bare_unit="s"), need("duration_s")
        ),
        pain=_field("pain", d.parse_pain, need("pain")),
        hydration=_field("hydration", d.parse_hydration, values["hydration"]),
        exertion=_field("exertion", d.parse_exertion, values["exertion"]),
        symptoms=_field("symptoms", d.parse_symptoms, values["symptoms"]),
        self_care=_field("self_care", d.parse_self_care, values["self_care"]),
        notes=_notes(values["notes"]),
        uid=uid,
    )
    return id_, d.validate_episode(episode)


def _notes(text: str) -> str | None:
    try:
        return d.parse_notes(text if text != "" else None)
    except ValidationError as e:
        raise ValidationError(str(e), "notes") from None


def _field(column: str, parser, text):
    """Run a domain parser; its error is reported under the CSV column's name.

    The parsers are pure and a column holds few distinct words (``calf``, ``left``, ``60``),
    so results are remembered per parser: a million rows parse each word once.
    """
    try:
        return _cached(parser)(text)
    except ValidationError as e:
        raise ValidationError(str(e), column) from None


_CACHES: dict = {}


def _cached(parser):
    fn = _CACHES.get(parser)
    if fn is None:
        fn = _CACHES[parser] = lru_cache(maxsize=2048)(parser)
    return fn


def iter_csv(path: Path, *, now: datetime) -> Iterator[tuple[int, int | None, d.Episode]]:
    """Every row of ``path`` as (line, id, Episode), streamed; InputError at the first bad one."""
    path = Path(path)
    name = path.name
    f = _open_text(path)
    reader = csv.reader(f, strict=True)
    columns = None
    try:
        line = 1
        for fields in reader:
            start_line = line
            line = reader.line_num + 1
            if columns is None:
                if not fields or all(c.strip() == "" for c in fields):
                    continue  # blank lines before the header
                columns = _header(fields, name)
                continue
            if not fields or (len(fields) == 1 and fields[0].strip() == ""):
                continue  # a blank line
            if len(fields) != len(columns):
                raise InputError(
                    f"{name} line {start_line}: {len(fields)} values but the header has "
                    f"{len(columns)} columns (a note with a comma or line break must be in double "
                    "quotes); nothing was imported"
                )
            values = dict(zip(columns, map(unprotect_cell, fields), strict=True))
            try:
                id_, ep = _parse_row(values, now)
            except ValidationError as e:
                column = e.field or "?"
                raise InputError(
                    f"{name} line {start_line}, column {column}: {e}; nothing was imported"
                ) from None
            yield start_line, id_, ep
    except csv.Error as e:
        raise InputError(
            f"{name} line {reader.line_num}: not valid CSV ({e}); nothing was imported"
        ) from None
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}; nothing was imported") from None
    finally:
        f.close()
    if columns is None:
        raise InputError(
            f"{name} is empty — a spasmlog CSV starts with the header {','.join(HEADER)}; "
            f"nothing was imported"
        )


def parse_csv(path: Path, *, now: datetime) -> list[tuple[int, int | None, d.Episode]]:
    """Every row of ``path`` as a list (small files; import itself streams)."""
    return list(iter_csv(path, now=now))


@dataclass
class _Scan:
    rows: int = 0
    all_ids: bool = True


def check_csv(path: Path, *, now: datetime) -> _Scan:
    """Check every row of ``path`` without keeping them; InputError at the first bad one."""
    scan = _Scan()
    for _, id_, _ep in iter_csv(path, now=now):
        scan.rows += 1
        scan.all_ids = scan.all_ids and id_ is not None
    return scan


def _key(ep: d.Episode) -> tuple:
    from ..storage.repo import episode_to_row

    return tuple(episode_to_row(ep).values())


class _DuplicateIds(Exception):
    pass


def import_csv(
    store, path: Path, *, now: datetime | None = None, checked: _Scan | None = None
) -> ImportResult:
    """Import ``path`` into ``store``: all rows or none, identical rows skipped, one undo batch.

    Streamed twice: once to check every row (nothing written; ``checked`` is the result of
    :func:`check_csv` when the caller has made that pass already, with the same ``now``),
    once inside one write transaction to insert them. Ids are kept when the diary is empty
    and every row has a distinct id; a repeated id is found by the database (the insert is
    then redone without the ids, in the same transaction).
    """
    now = now or d.local_now()
    path = Path(path)
    scan = checked if checked is not None else check_csv(path, now=now)
    if scan.rows == 0:
        return ImportResult(path=path, imported=0, skipped=0)
    from ..storage import repo

    with store.write() as session:
        conn = session.conn
        empty = not repo.has_episodes(session=session)
        if empty and scan.all_ids:
            conn.execute("SAVEPOINT keep_ids")
            try:
                ids = _insert_all(session, path, now, keep=True)
                conn.execute("RELEASE keep_ids")
                return ImportResult(path=path, imported=len(ids), skipped=0, ids=ids, kept_ids=True)
            except _DuplicateIds:
                conn.execute("ROLLBACK TO keep_ids")
                conn.execute("RELEASE keep_ids")
        if empty:
            ids = _insert_all(session, path, now, keep=False)
            return ImportResult(path=path, imported=len(ids), skipped=0, ids=ids)
        ids, skipped = _insert_new(session, path, now)
    return ImportResult(path=path, imported=len(ids), skipped=skipped, ids=ids)


def _uid_seen(session, path: Path, line: int, ep: d.Episode, before: int) -> bool:
    """For a row with a uid already in the diary: True (skip it) when it was stored before
    this import with identical values; InputError when its values differ, or when this
    import already added it (the uid is on an earlier line of the file)."""
    from ..storage import repo

    if ep.uid is None:
        return False
    stored = repo.get_episode_by_uid(session=session, uid=ep.uid)
    if stored is None:
        return False
    where = f"{path.name} line {line}, column uid: uid {ep.uid}"
    if stored.id is not None and stored.id > before:
        raise InputError(
            f"{where} is on an earlier line of the file too — each episode has its own; "
            "nothing was imported"
        )
    if stored != ep:  # equality compares the values, not id or uid
        raise InputError(
            f"{where} is already in the diary as episode {stored.id} with different values; "
            "nothing was imported"
        )
    return True


def _insert_all(session, path: Path, now: datetime, *, keep: bool) -> array:
    from ..storage import repo

    ids = array("q")
    for line, id_, ep in iter_csv(path, now=now):
        _uid_seen(session, path, line, ep, 0)  # an empty diary: any hit is this file's
        try:
            ids.append(
                repo.add_episode(
                    session=session, episode=replace(ep, id=id_) if keep else ep, keep_id=keep
                )
            )
        except sqlite3.IntegrityError:
            if keep:
                raise _DuplicateIds from None
            raise
    return ids


def _insert_new(session, path: Path, now: datetime) -> tuple[array, int]:
    """Rows identical to episodes stored before this import are skipped, as a multiset
    (two identical stored, two skipped): each match uses up one stored episode."""
    from ..storage import repo

    before = repo.max_episode_id(session=session)
    ids = array("q")
    skipped = 0
    with repo.identical_episode_matcher(session=session, up_to_id=before) as claim:
        for line, _id, ep in iter_csv(path, now=now):
            if ep.uid is not None:
                if _uid_seen(session, path, line, ep, before):
                    skipped += 1
                else:
                    ids.append(repo.add_episode(session=session, episode=ep))
            elif claim(_key(ep)):
                skipped += 1
            else:
                ids.append(repo.add_episode(session=session, episode=ep))
    return ids, skipped
