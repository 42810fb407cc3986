"""Repository functions: every query on the diary's tables. Each takes the transaction as
``session=``; the caller commits.

Every change (add, edit, delete) of any record — episode, check-in, marker, profile — is
written to the ``change`` log in the same transaction, so ``undo`` can reverse the newest
batch, ``redo`` can replay what undo took back, and nothing is ever silently destroyed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from ..domain import (
    Checkin,
    Episode,
    Marker,
    Profile,
    from_stored,
    new_uid,
    to_utc_text,
    validate_checkin,
    validate_episode,
    validate_marker,
    validate_profile,
)
from ..errors import InputError
from ..frozen import Frozen
from .db import Session, _utc_now_text
from .schema import (
    CHECKIN_COLUMNS,
    EPISODE_COLUMNS,
    EPISODE_VALUE_COLUMNS,
    LOCAL_DATE_SQL,
    MARKER_COLUMNS,
    PROFILE_COLUMNS,
    RECORD_TABLES,
)

_SELECT = f"SELECT {', '.join(EPISODE_COLUMNS)} FROM episode"
_COLUMNS = {
    "episode": EPISODE_COLUMNS,
    "checkin": CHECKIN_COLUMNS,
    "marker": MARKER_COLUMNS,
    "profile": PROFILE_COLUMNS,
}
PROFILE_ID = 1  # the profile is one row


def episode_to_row(ep: Episode) -> dict:
    """The stored value columns of an episode (EPISODE_VALUE_COLUMNS, in that order)."""
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
    r = dict(zip(EPISODE_COLUMNS, row, strict=True))
    symptoms = r["symptoms"]
    return Episode(
        id=r["id"],
        uid=r["uid"],
        started_at=from_stored(r["started_at"], r["utc_offset_min"]),
        muscle_group=r["muscle_group"],
        side=r["side"],
        duration_s=r["duration_s"],
        pain=r["pain"],
        hydration=r["hydration"],
        exertion=r["exertion"],
        symptoms=tuple(symptoms.split(";")) if symptoms else (),
        self_care=r["self_care"],
        notes=r["notes"],
    )


def _full_row(session: Session, kind: str, record_id: int) -> dict | None:
    columns = _COLUMNS[kind]
    row = session.conn.execute(
        f"SELECT {', '.join(columns)} FROM {RECORD_TABLES[kind]} WHERE id = ?", (record_id,)
    ).fetchone()
    return dict(zip(columns, row, strict=True)) if row else None


def _log(
    session: Session,
    op: str,
    kind: str,
    record_id: int,
    before: dict | None,
    after: dict | None,
) -> None:
    conn = session.conn
    if session._batch is None:
        # The first change of a new command: what an earlier undo took back can no longer
        # be redone on top of it.
        conn.execute("UPDATE change SET redoable = 0 WHERE redoable = 1")
    conn.execute(
        "INSERT INTO change (batch, at, op, kind, record_id, before, after, redoable)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
        (
            session.batch,
            _utc_now_text(),
            op,
            kind,
            record_id,
            json.dumps(before) if before is not None else None,
            json.dumps(after) if after is not None else None,
        ),
    )


def _insert_row(session: Session, kind: str, row: dict) -> int:
    if kind == "episode" and not row.get("uid"):
        # An episode logged before schema 3, put back by undo: it gets its uid now.
        row = {**row, "uid": new_uid()}
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cur = session.conn.execute(
        f"INSERT INTO {RECORD_TABLES[kind]} ({cols}) VALUES ({marks})", tuple(row.values())
    )
    return int(cur.lastrowid)  # type: ignore[arg-type]


def _update_row(session: Session, kind: str, record_id: int, row: dict) -> None:
    values = {k: v for k, v in row.items() if k != "id"}
    sets = ", ".join(f"{k} = ?" for k in values)
    session.conn.execute(
        f"UPDATE {RECORD_TABLES[kind]} SET {sets} WHERE id = ?", (*values.values(), record_id)
    )


def _delete_row(session: Session, kind: str, record_id: int) -> None:
    session.conn.execute(f"DELETE FROM {RECORD_TABLES[kind]} WHERE id = ?", (record_id,))


# --- episodes: writes -----------------------------------------------------------------


def add_episode(*, session: Session, episode: Episode, keep_id: bool = False) -> int:
    """Store a new episode; returns its id.

    ``keep_id`` stores it under ``episode.id`` (import of an export into an empty diary, so
    that exporting again gives the same file); otherwise the store assigns the id. The
    episode keeps its ``uid`` if it has one (import), else it gets a new UUID4.
    """
    ep = validate_episode(episode)
    now = _utc_now_text()
    row = {"uid": ep.uid or new_uid()} | episode_to_row(ep) | {"created_at": now, "updated_at": now}
    if keep_id:
        if episode.id is None:
            raise InputError("internal error: keep_id needs an episode with an id")
        row = {"id": episode.id} | row
    new_id = _insert_row(session, "episode", row)
    _log(session, "add", "episode", new_id, None, {"id": new_id, **row})
    return new_id


def add_episodes(*, session: Session, episodes: list[Episode], keep_ids: bool = False) -> list[int]:
    """Many episodes in the caller's one transaction (import); one undo batch."""
    return [add_episode(session=session, episode=ep, keep_id=keep_ids) for ep in episodes]


def update_episode(*, session: Session, episode_id: int, changes: dict) -> Episode:
    """Change some fields of an episode (validated as a whole); returns the new version."""
    before = _full_row(session, "episode", episode_id)
    if before is None:
        raise InputError(f"there is no episode {episode_id}")
    current = row_to_episode(tuple(before.values()))
    updated = current.with_changes(**changes)
    row = episode_to_row(updated)
    if all(before[k] == v for k, v in row.items()):
        return current  # nothing changed: no history entry
    row["updated_at"] = _utc_now_text()
    _update_row(session, "episode", episode_id, row)
    _log(session, "edit", "episode", episode_id, before, {**before, **row})
    return get_episode(session=session, episode_id=episode_id)


def delete_episode(*, session: Session, episode_id: int) -> Episode:
    """Remove an episode (recoverable with undo); returns what was removed."""
    before = _full_row(session, "episode", episode_id)
    if before is None:
        raise InputError(f"there is no episode {episode_id}")
    _delete_row(session, "episode", episode_id)
    _log(session, "delete", "episode", episode_id, before, None)
    return row_to_episode(tuple(before.values()))


# --- check-ins ------------------------------------------------------------------------


def _checkin_row(c: Checkin) -> dict:
    return {
        "day": c.day.isoformat(),
        "complete": c.complete,
        "hydration": c.hydration,
        "exertion": c.exertion,
        "sleep_disturbed": c.sleep_disturbed,
        "tags": ";".join(c.tags),
    }


def _row_to_checkin(row) -> Checkin:
    r = dict(zip(CHECKIN_COLUMNS, row, strict=True))
    sleep = r["sleep_disturbed"]
    return Checkin(
        id=r["id"],
        day=date.fromisoformat(r["day"]),
        complete=bool(r["complete"]),
        hydration=r["hydration"],
        exertion=r["exertion"],
        sleep_disturbed=None if sleep is None else bool(sleep),
        tags=tuple(r["tags"].split(";")) if r["tags"] else (),
    )


def _same(before: dict, row: dict) -> bool:
    return all(before[k] == (int(v) if isinstance(v, bool) else v) for k, v in row.items())


def add_checkin(*, session: Session, checkin: Checkin) -> Checkin:
    """Record the check-in of ``checkin.day``; a second one for that day replaces the first
    (logged as an edit). Returns the stored check-in (with its id)."""
    c = validate_checkin(checkin)
    row = _checkin_row(c)
    found = session.conn.execute("SELECT id FROM checkin WHERE day = ?", (row["day"],)).fetchone()
    now = _utc_now_text()
    if found is None:
        row |= {"created_at": now, "updated_at": now}
        new_id = _insert_row(session, "checkin", row)
        _log(session, "add", "checkin", new_id, None, _full_row(session, "checkin", new_id))
        return get_checkin(session=session, day=c.day)  # type: ignore[return-value]
    record_id = int(found[0])
    before = _full_row(session, "checkin", record_id)
    assert before is not None
    if _same(before, row):
        return _row_to_checkin(tuple(before.values()))
    _update_row(session, "checkin", record_id, row | {"updated_at": now})
    _log(session, "edit", "checkin", record_id, before, _full_row(session, "checkin", record_id))
    return get_checkin(session=session, day=c.day)  # type: ignore[return-value]


def delete_checkin(*, session: Session, day: date) -> Checkin:
    """Remove the check-in of ``day`` (recoverable with undo); returns what was removed."""
    found = get_checkin(session=session, day=day)
    if found is None or found.id is None:
        raise InputError(f"there is no check-in for {day.isoformat()}")
    before = _full_row(session, "checkin", found.id)
    _delete_row(session, "checkin", found.id)
    _log(session, "delete", "checkin", found.id, before, None)
    return found


def get_checkin(*, session: Session, day: date) -> Checkin | None:
    """The check-in of diary day ``day``, or None."""
    row = session.conn.execute(
        f"SELECT {', '.join(CHECKIN_COLUMNS)} FROM checkin WHERE day = ?", (day.isoformat(),)
    ).fetchone()
    return _row_to_checkin(row) if row else None


def list_checkins(
    *, session: Session, since: date | None = None, until: date | None = None
) -> list[Checkin]:
    """Check-ins of diary days ``since``..``until`` (inclusive; None = open), oldest first."""
    where, params = _day_range("day", since, until)
    sql = f"SELECT {', '.join(CHECKIN_COLUMNS)} FROM checkin{where} ORDER BY day"
    return [_row_to_checkin(r) for r in session.conn.execute(sql, params)]


def sleep_disturbed_days(*, session: Session, first: date, last: date) -> list[date]:
    """The diary days ``first``..``last`` whose check-in says sleep was disturbed, oldest
    first (one range scan of the unique day index)."""
    rows = session.conn.execute(
        "SELECT day FROM checkin WHERE day >= ? AND day <= ? AND sleep_disturbed ORDER BY day",
        (first.isoformat(), last.isoformat()),
    )
    return [date.fromisoformat(day) for (day,) in rows]


def used_tags(*, session: Session) -> list[str]:
    """Every tag this diary has used, most used first (for suggestions)."""
    counts: dict[str, int] = {}
    for (tags,) in session.conn.execute("SELECT tags FROM checkin WHERE tags != ''"):
        for t in tags.split(";"):
            counts[t] = counts.get(t, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t))


def _day_range(column: str, since: date | None, until: date | None) -> tuple[str, list]:
    clauses, params = [], []
    if since is not None:
        clauses.append(f"{column} >= ?")
        params.append(since.isoformat())
    if until is not None:
        clauses.append(f"{column} <= ?")
        params.append(until.isoformat())
    return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


# --- markers --------------------------------------------------------------------------


def _row_to_marker(row) -> Marker:
    r = dict(zip(MARKER_COLUMNS, row, strict=True))
    return Marker(id=r["id"], kind=r["kind"], day=date.fromisoformat(r["day"]), text=r["text"])


def add_marker(*, session: Session, marker: Marker) -> int:
    """Store a visit or change marker; returns its id."""
    m = validate_marker(marker)
    now = _utc_now_text()
    row = {"kind": m.kind, "day": m.day.isoformat(), "text": m.text}
    row |= {"created_at": now, "updated_at": now}
    new_id = _insert_row(session, "marker", row)
    _log(session, "add", "marker", new_id, None, {"id": new_id, **row})
    return new_id


def delete_marker(*, session: Session, marker_id: int) -> Marker:
    """Remove a marker (recoverable with undo); returns what was removed."""
    before = _full_row(session, "marker", marker_id)
    if before is None:
        raise InputError(f"there is no marker {marker_id}")
    _delete_row(session, "marker", marker_id)
    _log(session, "delete", "marker", marker_id, before, None)
    return _row_to_marker(tuple(before.values()))


def list_markers(
    *,
    session: Session,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[Marker]:
    """Visits and change markers (``kind`` to pick one), by date then id, oldest first."""
    where, params = _day_range("day", since, until)
    if kind is not None:
        where += (" AND" if where else " WHERE") + " kind = ?"
        params.append(kind)
    sql = f"SELECT {', '.join(MARKER_COLUMNS)} FROM marker{where} ORDER BY day, id"
    return [_row_to_marker(r) for r in session.conn.execute(sql, params)]


def used_marker_texts(*, session: Session, kind: str) -> list[str]:
    """The distinct texts this diary's markers of ``kind`` have held, the most recently
    dated first (for suggestions: spasmlog ships no list of its own)."""
    rows = session.conn.execute(
        "SELECT text FROM marker WHERE kind = ? AND text IS NOT NULL AND text != '' "
        "GROUP BY text ORDER BY max(day) DESC, max(id) DESC",
        (kind,),
    )
    return [text for (text,) in rows]


def last_visit(*, session: Session, as_of: date) -> date | None:
    """The date of the latest visit on or before ``as_of``, or None."""
    row = session.conn.execute(
        "SELECT max(day) FROM marker WHERE kind = 'visit' AND day <= ?", (as_of.isoformat(),)
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


# --- the profile ----------------------------------------------------------------------


def get_profile(*, session: Session) -> Profile:
    """The stored profile (every field None when there is none). The config's name, the
    fallback for ``name``, is the caller's to apply."""
    row = _full_row(session, "profile", PROFILE_ID)
    if row is None:
        return Profile()
    return Profile(
        **{k: row[k] for k in ("name", "birth_year", "conditions", "medicines", "questions")}
    )


def set_profile(*, session: Session, profile: Profile) -> Profile:
    """Replace the profile (logged: undo restores the previous one). Returns it."""
    p = validate_profile(profile)
    row = p.to_dict() | {"updated_at": _utc_now_text()}
    before = _full_row(session, "profile", PROFILE_ID)
    if before is None:
        _insert_row(session, "profile", {"id": PROFILE_ID} | row)
        _log(session, "add", "profile", PROFILE_ID, None, {"id": PROFILE_ID} | row)
    elif not _same(before, p.to_dict()):
        _update_row(session, "profile", PROFILE_ID, row)
        _log(session, "edit", "profile", PROFILE_ID, before, {**before, **row})
    return p


# --- the change log: undo, redo -------------------------------------------------------

_UNDO_WORDS = {"add": "removed", "edit": "restored", "delete": "restored"}
_REDO_WORDS = {"add": "added", "edit": "re-applied the edit to", "delete": "deleted"}


class Step(Frozen):
    """One change of a batch: what it did to which record."""

    op: str  # add, edit or delete
    kind: str  # episode, checkin, marker or profile
    record_id: int
    label: str  # "episode 5", "the check-in for 2026-12-03", "the visit on 2026-12-01"


class Undone(Frozen):
    """What an undo (or a redo, ``redo=True``) reversed — or, from :func:`pending_undo`,
    would reverse. ``op`` is the batch's operation (``edit`` for a mix)."""

    op: str
    episode_ids: tuple[int, ...]
    steps: tuple[Step, ...] = ()
    redo: bool = False

    @property
    def removes_added(self) -> bool:
        """True if undoing this batch removes a record that was added (ask first)."""
        return not self.redo and any(s.op == "add" for s in self.steps)

    def _phrases(self) -> list[str]:
        words = _REDO_WORDS if self.redo else _UNDO_WORDS
        out: list[str] = []
        for op in ("add", "edit", "delete"):
            eps = sorted({s.record_id for s in self.steps if s.op == op and s.kind == "episode"})
            if eps:
                adjective = {"add": "added", "edit": "edited", "delete": "deleted"}[op]
                lead = words[op] if self.redo else f"{words[op]} the {adjective}"
                noun = "episode" if len(eps) == 1 else "episodes"
                ids = ", ".join(str(i) for i in eps[:10])
                more = f" and {len(eps) - 10} more" if len(eps) > 10 else ""
                out.append(f"{lead} {noun} {ids}{more}")
            others = [s for s in self.steps if s.op == op and s.kind != "episode"]
            for s in others[:5]:
                if self.redo:
                    out.append(f"{words[op]} {s.label}")
                elif op == "edit":
                    out.append(f"restored the earlier version of {s.label}")
                else:
                    out.append(f"{words[op]} {s.label}")
            if len(others) > 5:
                out.append(f"and {len(others) - 5} more")
        return out

    def describe(self) -> str:
        lead = "redid the change undone last" if self.redo else "undid the last change"
        return f"{lead}: {'; '.join(self._phrases())}"

    def question(self) -> str:
        """The confirmation asked before an undo that removes an added record."""
        return f"Undo the last change ({'; '.join(self._phrases())})?"


def _label(kind: str, record_id: int, row: dict | None) -> str:
    if kind == "episode":
        return f"episode {record_id}"
    if kind == "checkin":
        return f"the check-in for {row['day']}" if row else "a check-in"
    if kind == "marker":
        if not row:
            return "a marker"
        return (
            f"the visit on {row['day']}"
            if row["kind"] == "visit"
            else (f"the change marker of {row['day']}")
        )
    return "the profile"


def _batch_changes(session: Session, batch: int) -> list[tuple]:
    return session.conn.execute(
        "SELECT id, op, kind, record_id, before, after FROM change WHERE batch = ? ORDER BY id",
        (batch,),
    ).fetchall()


def _summary(changes: list[tuple], *, redo: bool) -> Undone:
    steps = []
    for _cid, op, kind, record_id, before, after in changes:
        row = json.loads(after or before) if (after or before) else None
        steps.append(
            Step(op=op, kind=kind, record_id=record_id, label=_label(kind, record_id, row))
        )
    ops = {s.op for s in steps}
    op = ops.pop() if len(ops) == 1 else "edit"
    episode_ids = tuple(sorted({s.record_id for s in steps if s.kind == "episode"}))
    return Undone(op=op, episode_ids=episode_ids, steps=tuple(steps), redo=redo)


def _undo_batch(session: Session) -> int | None:
    row = session.conn.execute("SELECT max(batch) FROM change WHERE undone_at IS NULL").fetchone()
    return row[0]


def pending_undo(*, session: Session) -> Undone | None:
    """What :func:`undo_last` would do now, without doing it (None: nothing to undo)."""
    batch = _undo_batch(session)
    if batch is None:
        return None
    return _summary(_batch_changes(session, batch), redo=False)


def undo_last(*, session: Session) -> Undone | None:
    """Reverse the newest batch of changes not yet undone, whatever records it touched.
    None if there is nothing to undo. Redo can replay it until a new change is made."""
    batch = _undo_batch(session)
    if batch is None:
        return None
    changes = _batch_changes(session, batch)
    for _cid, op, kind, record_id, before, _after in reversed(changes):
        if op == "add":
            _delete_row(session, kind, record_id)
        elif op == "edit":
            _update_row(session, kind, record_id, json.loads(before))
        elif op == "delete":
            _insert_row(session, kind, json.loads(before))
    session.conn.execute(
        "UPDATE change SET undone_at = ?, redoable = 1 WHERE batch = ?", (_utc_now_text(), batch)
    )
    return _summary(changes, redo=False)


def redo_last(*, session: Session) -> Undone | None:
    """Replay the batch the newest undo took back (undos are redone newest-undone first,
    i.e. oldest batch first). None if there is nothing to redo: no undo since the last
    change."""
    row = session.conn.execute("SELECT min(batch) FROM change WHERE redoable = 1").fetchone()
    if row[0] is None:
        return None
    batch = row[0]
    changes = _batch_changes(session, batch)
    for _cid, op, kind, record_id, _before, after in changes:
        if op == "add":
            _insert_row(session, kind, json.loads(after))
        elif op == "edit":
            _update_row(session, kind, record_id, json.loads(after))
        elif op == "delete":
            _delete_row(session, kind, record_id)
    session.conn.execute(
        "UPDATE change SET undone_at = NULL, redoable = 0 WHERE batch = ?", (batch,)
    )
    return _summary(changes, redo=True)


class DeletedEpisode(Frozen):
    """An episode that was in the diary and is no longer: deleted, or its add undone."""

    id: int
    uid: str
    at: str  # when, UTC 'YYYY-MM-DDTHH:MM:SSZ'
    episode: Episode  # its last version, as the change log kept it (FHIR's entered-in-error)


def deleted_episodes(*, session: Session) -> list[DeletedEpisode]:
    """Episodes removed since they were logged (from the change log), with their uid,
    oldest removal first: a delete still in effect, or an add that was undone. Episodes
    deleted before schema 3 had no uid and are left out."""
    out: dict[str, DeletedEpisode] = {}
    rows = session.conn.execute(
        "SELECT record_id, coalesce(before, after), coalesce(undone_at, at) FROM change"
        " WHERE kind = 'episode' AND ((op = 'delete' AND undone_at IS NULL)"
        " OR (op = 'add' AND undone_at IS NOT NULL)) ORDER BY 3, id"
    )
    for record_id, data, at in rows:
        row = json.loads(data)
        uid = row.get("uid")
        if uid:
            episode = row_to_episode(tuple(row.get(c) for c in EPISODE_COLUMNS))
            out[uid] = DeletedEpisode(id=record_id, uid=uid, at=at, episode=episode)
    if not out:
        return []
    present = episode_uids_present(session=session, uids=list(out))
    return [e for uid, e in out.items() if uid not in present]


def episode_uids_present(*, session: Session, uids: Iterable[str]) -> set[str]:
    """Which of ``uids`` belong to an episode in the diary now."""
    found: set[str] = set()
    chunk: list[str] = []
    for uid in [*uids, None]:
        if uid is not None:
            chunk.append(uid)
        if chunk and (uid is None or len(chunk) == 500):
            marks = ", ".join("?" for _ in chunk)
            found.update(
                r[0]
                for r in session.conn.execute(
                    f"SELECT uid FROM episode WHERE uid IN ({marks})", chunk
                )
            )
            chunk = []
    return found


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


def iter_episode_versions(
    *, session: Session, since: date | None = None, until: date | None = None
) -> Iterator[tuple[Episode, str]]:
    """Like iter_episodes, oldest first, each with when its current version was recorded
    (``updated_at``, UTC 'YYYY-MM-DDTHH:MM:SSZ'), streamed from a cursor."""
    where, params = _where(since, until, None)
    updated = EPISODE_COLUMNS.index("updated_at")
    for row in session.conn.execute(f"{_SELECT}{where} ORDER BY started_at, id", params):
        yield row_to_episode(row), row[updated]


def symptoms_ever_recorded(*, session: Session) -> dict[str, set[str]]:
    """For each episode that was ever edited (by uid): every symptom that any of its
    versions had, from the change log, so a symptom since removed can be withdrawn."""
    out: dict[str, set[str]] = {}
    rows = session.conn.execute(
        "SELECT before, after FROM change WHERE kind = 'episode' AND op = 'edit'"
    )
    for versions in rows:
        for data in versions:
            row = json.loads(data) if data else {}
            if row.get("uid") and row.get("symptoms"):
                out.setdefault(row["uid"], set()).update(row["symptoms"].split(";"))
    return out


def first_episode_uid(*, session: Session) -> str | None:
    """The uid of the first episode logged in this diary (the lowest id), whether it is
    kept or was removed since (change log); None if the diary never had one."""
    row = session.conn.execute("SELECT id, uid FROM episode ORDER BY id LIMIT 1").fetchone()
    firsts = [(row[0], row[1])] if row else []
    firsts += [(e.id, e.uid) for e in deleted_episodes(session=session)]
    return min(firsts)[1] if firsts else None


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


def get_episode_by_uid(*, session: Session, uid: str) -> Episode | None:
    row = session.conn.execute(f"{_SELECT} WHERE uid = ?", (uid,)).fetchone()
    return row_to_episode(row) if row else None


def has_episodes(*, session: Session) -> bool:
    return session.conn.execute("SELECT 1 FROM episode LIMIT 1").fetchone() is not None


def has_any_record(*, session: Session) -> bool:
    """Whether the diary holds anything worth a safety copy (any record of any kind)."""
    conn = session.conn
    return any(
        conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
        for table in RECORD_TABLES.values()
    )


def sites_before(
    *, session: Session, pairs: set[tuple[str, str]], day: date
) -> set[tuple[str, str]]:
    """Which (muscle group, side) ``pairs`` have an episode on a local day before ``day``
    (one indexed lookup per pair, stopping at the first episode found)."""
    where, params = local_range_sql(None, day - timedelta(days=1))
    sql = f"SELECT 1 FROM episode WHERE muscle_group = ? AND side = ? AND {where} LIMIT 1"
    conn = session.conn
    return {pair for pair in pairs if conn.execute(sql, [*pair, *params]).fetchone() is not None}


def first_episode_day(*, session: Session, as_of: date | None = None) -> date | None:
    """The local day of the earliest episode (on or before ``as_of``), or None.

    Uses the started_at index: the earliest UTC start is found first, and only the episodes
    within three days of it can have an earlier local day (offsets are at most ±14 hours).
    """
    conn = session.conn
    if as_of is None:
        row = conn.execute("SELECT min(started_at) FROM episode").fetchone()
    else:
        hi = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC) + timedelta(days=2)
        row = conn.execute(
            "SELECT min(started_at) FROM episode WHERE started_at < ?", (to_utc_text(hi),)
        ).fetchone()
    if row[0] is None:
        return None
    lo = from_stored(row[0], 0)  # tolerant of what older versions stored
    sql = f"SELECT min({LOCAL_DATE_SQL}) FROM episode WHERE started_at >= ? AND started_at < ?"
    params: list = [row[0], to_utc_text(lo + timedelta(days=3))]
    if as_of is not None:
        sql += f" AND {LOCAL_DATE_SQL} <= ?"
        params.append(as_of.isoformat())
    found = conn.execute(sql, params).fetchone()[0]
    return date.fromisoformat(found) if found else None


def diary_start(*, session: Session, as_of: date) -> date | None:
    """The day the diary starts as of ``as_of``: the local date of its earliest record
    (episode or check-in) on or before ``as_of``; None if there is none yet."""
    first_episode = first_episode_day(session=session, as_of=as_of)
    row = session.conn.execute(
        "SELECT min(day) FROM checkin WHERE day <= ?", (as_of.isoformat(),)
    ).fetchone()
    first_checkin = date.fromisoformat(row[0]) if row[0] else None
    days = [d for d in (first_episode, first_checkin) if d is not None]
    return min(days) if days else None


# --- rows for the analysis (plain tuples, streamed) -----------------------------------

# Each episode as the rules see it: id, local wall-clock start (ISO text), and the fields.
RECORD_COLUMNS: tuple[str, ...] = (
    "id",
    "local_start",
    "muscle_group",
    "side",
    "duration_s",
    "pain",
    "hydration",
    "exertion",
    "symptoms",
    "self_care",
)


def iter_record_rows(*, session: Session, first: date, last: date) -> Iterator[tuple]:
    """Episodes whose local day is first..last, as RECORD_COLUMNS tuples, in local time
    order (then id)."""
    from .schema import LOCAL_START_SQL

    cols = ", ".join(LOCAL_START_SQL if c == "local_start" else c for c in RECORD_COLUMNS)
    where, params = local_range_sql(first, last)
    yield from session.conn.execute(
        f"SELECT {cols} FROM episode WHERE {where} ORDER BY 2, 1", params
    )


# One plain tuple per episode for the weekly figures: local wall-clock seconds since the
# epoch (at its own offset), then the fields the figures need. One indexed range scan.
TREND_COLUMNS: tuple[str, ...] = (
    "local_s",
    "pain",
    "duration_s",
    "muscle_group",
    "side",
    "low_hydration",
    "vigorous",
)
_TREND_SQL = (
    "CAST(strftime('%s', started_at) AS INTEGER) + 60 * utc_offset_min, "
    "pain, duration_s, muscle_group, side, hydration = 'low', exertion = 'vigorous'"
)


def iter_trend_rows(*, session: Session, first: date, last: date) -> Iterator[tuple]:
    """TREND_COLUMNS tuples of the episodes that may fall in local days first..last (a day
    of slack each side: the caller checks the local seconds)."""
    where, params = utc_prefilter_sql(first, last)
    yield from session.conn.execute(f"SELECT {_TREND_SQL} FROM episode WHERE {where}", params)


def iter_diary_day_rows(*, session: Session, first: date, last: date) -> Iterator[str]:
    """The local wall-clock start (ISO text) of every episode whose diary day (06:00 to
    06:00 local) is first..last, unordered."""
    from .schema import LOCAL_START_SQL

    where, params = local_range_sql(first, last + timedelta(days=1))
    for (local,) in session.conn.execute(
        f"SELECT {LOCAL_START_SQL} FROM episode WHERE {where}", params
    ):
        yield local


def max_episode_id(*, session: Session) -> int:
    """The highest episode id in the diary now (0 when empty)."""
    return int(session.conn.execute("SELECT coalesce(max(id), 0) FROM episode").fetchone()[0])


@contextmanager
def identical_episode_matcher(*, session: Session, up_to_id: int) -> Iterator:
    """For import: yields ``claim(values)``, which finds an episode with id ≤ ``up_to_id``
    whose value columns (EPISODE_VALUE_COLUMNS, as ``episode_to_row`` gives them) equal
    ``values`` and that no earlier claim took; True if one was found (it is then used up:
    two identical stored, two skipped)."""
    conn = session.conn
    match = " AND ".join(f"{c} IS ?" for c in EPISODE_VALUE_COLUMNS)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_used (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.import_used")
    find = (
        f"SELECT id FROM episode WHERE id <= ? AND {match} "
        f"AND id NOT IN (SELECT id FROM temp.import_used) LIMIT 1"
    )

    def claim(values: tuple) -> bool:
        hit = conn.execute(find, (up_to_id, *values)).fetchone()
        if hit is None:
            return False
        conn.execute("INSERT INTO temp.import_used (id) VALUES (?)", hit)
        return True

    try:
        yield claim
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.import_used")


def count_diary_day_episodes(*, session: Session, day: date) -> int:
    """How many episodes belong to diary day ``day`` (local 06:00 on ``day`` to 06:00 on
    the next day)."""
    from ..domain import DIARY_DAY_START_HOUR

    lo = f"{day.isoformat()}T{DIARY_DAY_START_HOUR:02d}"
    hi = f"{(day + timedelta(days=1)).isoformat()}T{DIARY_DAY_START_HOUR:02d}"
    return sum(
        lo <= local.replace(" ", "T") < hi
        for local in iter_diary_day_rows(session=session, first=day, last=day)
    )
