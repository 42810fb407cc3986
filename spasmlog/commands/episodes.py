"""Handlers for add, list, edit, delete, undo, backup, restore and paths.

Only stdlib, the domain and the sqlite3 storage layer are imported here: this is the path
that shell aliases run many times a day.
"""

from __future__ import annotations

import json
from datetime import datetime

from .. import domain as d
from ..errors import InputError
from ..messages import NOTHING_TO_UNDO
from ..storage import repo
from ..storage.backup import backup_to


def _episode_fields(args, ctx, *, for_edit: bool) -> dict:
    """Parse the shared episode options; only the ones given (for edit), all (for add)."""
    fields: dict = {}
    if getattr(args, "muscle", None) is not None:
        fields["muscle_group"] = d.parse_muscle(args.muscle)
    if args.pain is not None:
        fields["pain"] = d.parse_pain(args.pain)
    if args.duration is not None:
        fields["duration_s"] = d.parse_duration(args.duration)
    if args.at is not None:
        fields["started_at"] = d.parse_when(args.at, ctx.now)
    if args.side is not None:
        fields["side"] = d.parse_side(args.side)
    if args.hydration is not None:
        fields["hydration"] = d.parse_hydration(args.hydration)
    if args.exertion is not None:
        fields["exertion"] = d.parse_exertion(args.exertion)
    if args.symptom is not None:
        fields["symptoms"] = d.parse_symptoms(args.symptom)
    if for_edit and args.no_symptoms:
        if args.symptom:
            raise InputError("give either --symptom or --no-symptoms, not both")
        fields["symptoms"] = ()
    if args.self_care is not None:
        fields["self_care"] = d.parse_self_care(args.self_care)
    if args.note is not None:
        fields["notes"] = d.parse_notes(args.note)
    return fields


def _parse_id(text: str) -> int:
    s = str(text).strip().removeprefix("#")
    try:
        return d.parse_count(s, "episode id")
    except d.ValidationError:
        raise InputError(
            f"invalid episode id {text!r} — use the number shown by 'spasmlog list'"
        ) from None


def cmd_add(args, ctx) -> int:
    fields = _episode_fields(args, ctx, for_edit=False)
    fields.setdefault("started_at", ctx.now.replace(microsecond=0))
    episode = d.validate_episode(d.Episode(**fields))
    store = ctx.open_store()
    with store.write() as session:
        new_id = repo.add_episode(session=session, episode=episode)
    print(new_id, file=ctx.out)  # only after COMMIT: a printed id is a saved episode
    return 0


def cmd_edit(args, ctx) -> int:
    episode_id = _parse_id(args.id)
    fields = _episode_fields(args, ctx, for_edit=True)
    if not fields:
        raise InputError("nothing to change; give at least one option such as --pain or --note")
    store = ctx.open_store(create=False)
    with store.write() as session:
        updated = repo.update_episode(session=session, episode_id=episode_id, changes=fields)
    from ..text import describe

    print(f"edited episode {episode_id}: {describe(updated)}", file=ctx.out)
    return 0


def cmd_delete(args, ctx) -> int:
    episode_id = _parse_id(args.id)
    store = ctx.open_store(create=False)
    with store.write() as session:
        gone = repo.delete_episode(session=session, episode_id=episode_id)
    from ..text import describe

    print(
        f"deleted episode {episode_id}: {describe(gone)} — 'spasmlog undo' brings it back",
        file=ctx.out,
    )
    return 0


def cmd_undo(args, ctx) -> int:
    """Undo the newest change. One that would remove an added record asks first on a
    terminal (``--yes`` skips the question). Without a terminal there is nobody to ask:
    the undo goes ahead, says what it did, and ``spasmlog redo`` brings it back."""
    import sys

    store = ctx.open_store(create=False)
    if not getattr(args, "yes", False) and sys.stdin.isatty():
        with store.read() as session:
            pending = repo.pending_undo(session=session)
        if pending is not None and pending.removes_added:
            print(f"{pending.question()} [y/N] ", end="", file=ctx.out, flush=True)
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                print("nothing was undone", file=ctx.out)
                return 0
    with store.write() as session:
        undone = repo.undo_last(session=session)
    if undone is None:
        print(NOTHING_TO_UNDO, file=ctx.out)
    else:
        print(f"{undone.describe()} — 'spasmlog redo' brings it back", file=ctx.out)
    return 0


def cmd_list(args, ctx) -> int:
    since = d.parse_date(args.since, "--since date") if args.since else None
    until = d.parse_date(args.until, "--until date") if args.until else None
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}")
    limit = None
    if args.limit is not None:
        limit = d.parse_count(args.limit, "--limit")
    if not ctx.db.exists():
        print(
            "[]"
            if args.json
            else "no episodes yet — log one with: spasmlog add calf --pain 5 --duration 1m",
            file=ctx.out,
        )
        return 0
    store = ctx.open_store(create=False, readonly=True)
    with store.read() as session:
        episodes = repo.iter_episodes(session=session, since=since, until=until, limit=limit)
        if args.json:
            _write_json_array(ctx.out, (ep.to_dict() for ep in episodes))
        else:
            _write_table(ctx.out, episodes)
    return 0


def _write_json_array(out, items) -> None:
    """Stream a JSON array item by item (a 100,000-episode diary never sits in memory)."""
    out.write("[")
    first = True
    for item in items:
        out.write("\n  " if first else ",\n  ")
        out.write(_terminal_safe_json(json.dumps(item, ensure_ascii=False)))
        first = False
    out.write("\n]\n" if not first else "]\n")


_JSON_UNSAFE = {
    c: f"\\u{c:04x}"
    for c in (
        0x7F,
        *range(0x80, 0xA0),
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def _terminal_safe_json(text: str) -> str:
    """JSON that a terminal cannot obey: DEL, C1 controls and line separators, which
    ``json.dumps`` passes through raw, written as ``\\u`` escapes (the same text to a
    JSON reader; the C0 controls such as ESC are escaped by ``json.dumps`` already)."""
    return text.translate(_JSON_UNSAFE)


def _write_table(out, episodes) -> None:
    from ..text import duration, episode_details

    header = (
        f"{'id':>5}  {'when (local)':16}  {'muscle':11} {'side':5} {'pain':>4} "
        f"{'duration':>8}  details"
    )
    wrote_header = False
    for ep in episodes:
        if not wrote_header:
            print(header, file=out)
            wrote_header = True
        print(
            f"{ep.id:>5}  {_local(ep)}  {ep.muscle_group:11} {ep.side:5} "
            f"{ep.pain:>4} {duration(ep.duration_s):>8}  {episode_details(ep)}",
            file=out,
        )
    if not wrote_header:
        print("no episodes in that range", file=out)


def _local(ep: d.Episode) -> str:
    lt = ep.local_start
    return f"{lt.year:04d}-{lt.month:02d}-{lt.day:02d} {lt.hour:02d}:{lt.minute:02d}"


def cmd_backup(args, ctx) -> int:
    if not ctx.db.exists():
        raise InputError(f"there is no diary at {ctx.db} to back up")
    if args.path:
        from ..storage.files import check_write_target

        dest = check_write_target(args.path, ctx.db, what="backup")  # before opening anything
        store = ctx.open_store(create=False, readonly=True)
        written = backup_to(store.conn, dest, diary=ctx.db)
    else:
        from ..paths import backups_dir, make_private_dirs
        from ..storage.files import os_failure

        store = ctx.open_store(create=False, readonly=True)
        folder = backups_dir(ctx.db)
        try:
            make_private_dirs(folder)
        except OSError as e:
            raise os_failure(e, "make the backups folder", folder) from None
        dest = folder / f"{ctx.db.name}-manual-{datetime.now():%Y%m%d-%H%M%S}.db"
        written = backup_to(store.conn, dest)
    print(f"backed up {ctx.db} to {written}", file=ctx.out)
    return 0


def cmd_restore(args, ctx) -> int:
    """Put a backup in place of the diary, after keeping the current one in backups/.

    It asks on a terminal; elsewhere (a script, a pipe) it needs ``--yes``, because it
    replaces the whole diary.
    """
    import sys
    from pathlib import Path

    from ..storage.backup import restore_from

    backup = Path(args.backup).expanduser()
    if not backup.exists():
        raise InputError(f"there is no file {backup}")
    if not args.yes:
        stdin = sys.stdin
        if stdin is None or not stdin.isatty():
            raise InputError(
                f"restore replaces the diary {ctx.db} with {backup}; run it on a terminal "
                f"to confirm, or add --yes — nothing was changed"
            )
        print(
            f"Replace the diary {ctx.db} with the content of {backup}? The diary as it is now "
            f"is kept in {ctx.db.parent / 'backups'}. [y/N] ",
            end="",
            file=ctx.err,
            flush=True,
        )
        answer = stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("nothing was changed", file=ctx.err)
            return 0
    kept = restore_from(ctx.db, backup, today=ctx.now.date())
    where = f"; the diary as it was is kept in {kept}" if kept else ""
    print(f"restored {ctx.db} from {backup}{where}", file=ctx.out)
    return 0


def cmd_paths(args, ctx) -> int:
    from ..paths import backups_dir, config_path

    print(f"database: {ctx.db}", file=ctx.out)
    print(f"backups:  {backups_dir(ctx.db)}", file=ctx.out)
    print(f"config:   {config_path()}", file=ctx.out)
    return 0
