"""Repository functions. Each takes the transaction as ``session=``; the caller commits.

Every change (add, edit, delete) is written to the ``change`` log in the same transaction,
so ``undo`` can reverse the newest batch and nothing is ever silently destroyed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..domain import Episode, from_stored, to_utc_text, validate_episode
from ..errors import InputError
from .db import Session, _utc_now_text
from .schema import EPISODE_COLUMNS, LOCAL_DATE_SQL

_SELECT = f"SELECT {', '.join(EPISODE_COLUMNS)} FROM episode"


def episode_to_row(ep: Episode) -> dict:
    """The stored columns of an episode (without id and the bookkeeping times)."""
    return {
        "started_at": to_utc_text(ep.started_at),
        "utc_offset_min": ep.utc_offset_min,
        "muscle_group": ep.muscle_group,
        "side": ep.side,
        "duration_s": ep.duration_s,
        "pain": ep.pain,
        "hydration": ep.hydration,
        "exertion": ep.exertion,
        "symptoms": ";".join(ep.symptoms),
        "self_care": ep.self_care,
        "notes": ep.notes,
    }


def row_to_episode(row) -> Episode:
    """Build an Episode from a row selected in EPISODE_COLUMNS order."""
    (
        id_,
        started,
        offset,
        muscle,
        side,
        duration,
        pain,
        hydration,
        exertion,
        symptoms,
        self_care,
        notes,
        *_rest,
    ) = row
    return Episode(
        id=id_,
        started_at=from_stored(started, offset),
        muscle_group=muscle,
        side=side,
        duration_s=duration,
        pain=pain,
        hydration=hydration,
        exertion=exertion,
        symptoms=tuple(symptoms.split(";")) if symptoms else (),
        self_care=self_care,
        notes=notes,
    )


def _full_row(session: Session, episode_id: int) -> dict | None:
    cur = session.conn.execute(
        f"SELECT {', '.join(EPISODE_COLUMNS)} FROM episode WHERE id = ?", (episode_id,)
    )
    row = cur.fetchone()
    return dict(zip(EPISODE_COLUMNS, row)) if row else None


def _log(
    session: Session, op: str, episode_id: int, before: dict | None, after: dict | None
) -> None:
    session.conn.execute(
        "INSERT INTO change (batch, at, op, episode_id, before, after) VALUES (?, ?, ?, ?, ?, ?)",
        (
            session.batch,
            _utc_now_text(),
            op,
            episode_id,
            json.dumps(before) if before is not None else None,
            json.dumps(after) if after is not None else None,
        ),
    )


def _insert_row(session: Session, row: dict) -> int:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cur = session.conn.execute(
        f"INSERT INTO episode ({cols}) VALUES ({marks})", tuple(row.values())
    )
    return int(cur.lastrowid)


# --- writes ---------------------------------------------------------------------------


def add_episode(*, session: Session, episode: Episode, keep_id: bool = False) -> int:
    """Store a new episode; returns its id.

    ``keep_id`` stores it under ``episode.id`` (import of an export into an empty diary, so
    that exporting again gives the same file); otherwise the store assigns the id.
    """
    ep = validate_episode(episode)
    now = _utc_now_text()
    row = episode_to_row(ep) | {"created_at": now, "updated_at": now}
    if keep_id:
        if episode.id is None:
            raise InputError("internal error: keep_id needs an episode with an id")
        row = {"id": episode.id} | row
    new_id = _insert_row(session, row)
    _log(session, "add", new_id, None, {"id": new_id, **row})
    return new_id


def add_episodes(*, session: Session, episodes: list[Episode], keep_ids: bool = False) -> list[int]:
    """Many episodes in the caller's one transaction (import); one undo batch."""
    return [add_episode(session=session, episode=ep, keep_id=keep_ids) for ep in episodes]


def update_episode(*, session: Session, episode_id: int, changes: dict) -> Episode:
    """Change some fields of an episode (validated as a whole); returns the new version."""
    before = _full_row(session, episode_id)
    if before is None:
        raise InputError(f"there is no episode {episode_id}")
    current = row_to_episode(tuple(before.values()))
    updated = current.with_changes(**changes)
    row = episode_to_row(updated)
    if all(before[k] == v for k, v in row.items()):
        return current  # nothing changed: no history entry
    row["updated_at"] = _utc_now_text()
    sets = ", ".join(f"{k} = ?" for k in row)
    session.conn.execute(f"UPDATE episode SET {sets} WHERE id = ?", (*row.values(), episode_id))
    _log(session, "edit", episode_id, before, {**before, **row})
    return get_episode(session=session, episode_id=episode_id)


def delete_episode(*, session: Session, episode_id: int) -> Episode:
    """Remove an episode (recoverable with undo); returns what was removed."""
    before = _full_row(session, episode_id)
    if before is None:
        raise InputError(f"there is no episode {episode_id}")
    session.conn.execute("DELETE FROM episode WHERE id = ?", (episode_id,))
    _log(session, "delete", episode_id, before, None)
    return row_to_episode(tuple(before.values()))


@dataclass(frozen=True)
class Undone:
    """What an undo reversed: the operation and the episodes it touched."""

    op: str
    episode_ids: tuple[int, ...]

    def describe(self) -> str:
        verb = {
            "add": "removed the added",
            "edit": "restored the edited",
            "delete": "restored the deleted",
        }[self.op]
        ids = ", ".join(str(i) for i in self.episode_ids[:10])
        more = f" and {len(self.episode_ids) - 10} more" if len(self.episode_ids) > 10 else ""
        noun = "episode" if len(self.episode_ids) == 1 else "episodes"
        return f"undid the last change: {verb} {noun} {ids}{more}"


def undo_last(*, session: Session) -> Undone | None:
    """Reverse the newest batch of changes not yet undone. None if there is nothing to undo."""
    conn = session.conn
    row = conn.execute("SELECT max(batch) FROM change WHERE undone_at IS NULL").fetchone()
    if row[0] is None:
        return None
    batch = row[0]
    changes = conn.execute(
        "SELECT id, op, episode_id, before FROM change WHERE batch = ? AND undone_at IS NULL ORDER BY id DESC",
        (batch,),
    ).fetchall()
    for _cid, op, episode_id, before in changes:
        if op == "add":
            conn.execute("DELETE FROM episode WHERE id = ?", (episode_id,))
        elif op == "edit":
            old = json.loads(before)
            sets = ", ".join(f"{k} = ?" for k in old if k != "id")
            conn.execute(
                f"UPDATE episode SET {sets} WHERE id = ?",
                (*[v for k, v in old.items() if k != "id"], episode_id),
            )
        elif op == "delete":
            _insert_row(session, json.loads(before))
    conn.execute("UPDATE change SET undone_at = ? WHERE batch = ?", (_utc_now_text(), batch))
    ops = {c[1] for c in changes}
    op = ops.pop() if len(ops) == 1 else "edit"
    return Undone(op=op, episode_ids=tuple(sorted({c[2] for c in changes})))


# --- reads ----------------------------------------------------------------------------


def get_episode(*, session: Session, episode_id: int) -> Episode:
    row = session.conn.execute(f"{_SELECT} WHERE id = ?", (episode_id,)).fetchone()
    if row is None:
        raise InputError(f"there is no episode {episode_id}")
    return row_to_episode(row)


def utc_prefilter_sql(first: date | None, last: date | None) -> tuple[str, list]:
    """A WHERE clause on the indexed UTC start that keeps every episode whose local day
    may fall in ``first``..``last`` (and a few that do not: check the local day after).

    No UTC offset is more than 14 hours, so a day of slack on each side is enough.
    """
    clauses: list[str] = []
    params: list = []
    # At the ends of the calendar (0001, 9999) the slack would overflow: no bound needed.
    if first is not None and first > date.min + timedelta(days=1):
        lo = datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(days=1)
        clauses.append("started_at >= ?")
        params.append(to_utc_text(lo))
    if last is not None and last < date.max - timedelta(days=2):
        hi = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=2)
        clauses.append("started_at < ?")
        params.append(to_utc_text(hi))
    return (" AND ".join(clauses) or "1"), params


def local_range_sql(first: date | None, last: date | None) -> tuple[str, list]:
    """A WHERE clause for local dates ``first``..``last`` (inclusive) that can use the
    started_at index: the UTC prefilter narrows the rows, the local-date expression decides.
    """
    where, params = utc_prefilter_sql(first, last)
    if first is not None:
        where += f" AND {LOCAL_DATE_SQL} >= ?"
        params.append(first.isoformat())
    if last is not None:
        where += f" AND {LOCAL_DATE_SQL} <= ?"
        params.append(last.isoformat())
    return where, params


def _where(since: date | None, until: date | None, muscle: str | None) -> tuple[str, list]:
    """Local-date filters (inclusive) and the muscle group, as a WHERE clause."""
    where, params = local_range_sql(since, until)
    if muscle is not None:
        where += " AND muscle_group = ?"
        params.append(muscle)
    return ("" if where == "1" else f" WHERE {where}"), params


def iter_episodes(
    *,
    session: Session,
    since: date | None = None,
    until: date | None = None,
    muscle: str | None = None,
    newest_first: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[Episode]:
    """Episodes in a local-date range, streamed from a cursor (no list held in memory)."""
    where, params = _where(since, until, muscle)
    order = "DESC" if newest_first else "ASC"
    sql = f"{_SELECT}{where} ORDER BY started_at {order}, id {order}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    for row in session.conn.execute(sql, params):
        yield row_to_episode(row)


def list_episodes(**kwargs) -> list[Episode]:
    """Like iter_episodes, as a list (for pages and small ranges)."""
    return list(iter_episodes(**kwargs))


def count_episodes(
    *,
    session: Session,
    since: date | None = None,
    until: date | None = None,
    muscle: str | None = None,
) -> int:
    where, params = _where(since, until, muscle)
    return int(session.conn.execute(f"SELECT count(*) FROM episode{where}", params).fetchone()[0])


def last_episode(*, session: Session) -> Episode | None:
    """The most recently logged episode (for the TUI's 'same as last time' defaults)."""
    row = session.conn.execute(f"{_SELECT} ORDER BY id DESC LIMIT 1").fetchone()
    return row_to_episode(row) if row else None
